"""The Merkle tree against hand-computed small trees (the seven-leaf tree of RFC 9162 2.1.5)
and properties: every proof verifies, a tampered one does not."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svidok.evidence import merkle


def H(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


LEAVES = [f"d{i}".encode() for i in range(7)]
a, b, c, d, e, f, j = (H(b"\x00" + x) for x in LEAVES)
g, h, i = H(b"\x01" + a + b), H(b"\x01" + c + d), H(b"\x01" + e + f)
k, l_ = H(b"\x01" + g + h), H(b"\x01" + i + j)
ROOT7 = H(b"\x01" + k + l_)
HASHES = [merkle.leaf_hash(x) for x in LEAVES]


def test_merkle_hashes_leaves_and_nodes_with_domain_prefixes() -> None:
    assert merkle.leaf_hash(b"d0") == a and merkle.node_hash(a, b) == g


def test_merkle_root_of_small_trees_by_hand() -> None:
    assert merkle.root([]) == H(b"")
    assert merkle.root(HASHES, 1) == a
    assert merkle.root(HASHES, 3) == H(b"\x01" + g + c)
    assert merkle.root(HASHES, 4) == k
    assert merkle.root(HASHES, 6) == H(b"\x01" + k + i)
    assert merkle.root(HASHES) == ROOT7


@pytest.mark.parametrize("index, path", [(0, [b, h, l_]), (3, [c, g, l_]), (4, [f, j, k]), (6, [i, k])])
def test_merkle_inclusion_proofs_of_rfc_example(index: int, path: list[bytes]) -> None:
    assert merkle.inclusion_proof(index, HASHES) == path
    assert merkle.verify_inclusion(index, 7, HASHES[index], path, ROOT7)


@pytest.mark.parametrize("m, path", [(3, [c, d, g, l_]), (4, [l_]), (6, [i, j, k])])
def test_merkle_consistency_proofs_of_rfc_example(m: int, path: list[bytes]) -> None:
    assert merkle.consistency_proof(m, HASHES) == path
    assert merkle.verify_consistency(m, 7, merkle.root(HASHES, m), ROOT7, path)


def test_merkle_consistency_rejects_a_rewritten_prefix() -> None:
    other = list(HASHES)
    other[1] = merkle.leaf_hash(b"rewritten")
    proof = merkle.consistency_proof(3, other)
    assert not merkle.verify_consistency(3, 7, merkle.root(HASHES, 3), merkle.root(other), proof)


def test_merkle_proof_arguments_out_of_range_raise() -> None:
    with pytest.raises(ValueError):
        merkle.inclusion_proof(7, HASHES)
    with pytest.raises(ValueError):
        merkle.consistency_proof(8, HASHES)


def test_merkle_frontier_rejects_wrong_number_of_hashes() -> None:
    with pytest.raises(ValueError):
        merkle.Frontier(3, [a])


def _tamper(proof: list[bytes], which: int, bit: int) -> list[bytes]:
    out = list(proof)
    n = which % len(out)
    flipped = bytearray(out[n])
    flipped[bit % 32] ^= 1 << (bit % 8)
    out[n] = bytes(flipped)
    return out


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 70), data=st.data())
def test_merkle_every_inclusion_proof_verifies_and_a_tampered_one_does_not(
        n: int, data: st.DataObject) -> None:
    hashes = [merkle.leaf_hash(x.to_bytes(4, "big")) for x in range(n)]
    tree = merkle.Tree(hashes)
    top = merkle.root(tree)
    index = data.draw(st.integers(0, n - 1))
    proof = merkle.inclusion_proof(index, tree)
    assert proof == merkle.inclusion_proof(index, hashes)
    assert merkle.verify_inclusion(index, n, hashes[index], proof, top)
    assert not merkle.verify_inclusion(index, n, merkle.leaf_hash(b"other"), proof, top)
    if proof:
        bad = _tamper(proof, data.draw(st.integers(0, 99)), data.draw(st.integers(0, 255)))
        assert not merkle.verify_inclusion(index, n, hashes[index], bad, top)
        assert not merkle.verify_inclusion(index, n, hashes[index], proof[:-1], top)
    if n > 1:
        assert not merkle.verify_inclusion((index + 1) % n, n, hashes[index], proof, top)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 70), data=st.data())
def test_merkle_every_consistency_proof_verifies_and_a_tampered_one_does_not(
        n: int, data: st.DataObject) -> None:
    hashes = [merkle.leaf_hash(x.to_bytes(4, "big")) for x in range(n)]
    m = data.draw(st.integers(1, n))
    proof = merkle.consistency_proof(m, hashes)
    old, new = merkle.root(hashes, m), merkle.root(hashes)
    assert merkle.verify_consistency(m, n, old, new, proof)
    if m < n:
        bad = _tamper(proof, data.draw(st.integers(0, 99)), data.draw(st.integers(0, 255)))
        assert not merkle.verify_consistency(m, n, old, new, bad)
        assert not merkle.verify_consistency(m, n, merkle.leaf_hash(b"x"), new, proof)
        assert not merkle.verify_consistency(m, n, old, merkle.leaf_hash(b"x"), proof)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 130))
def test_merkle_frontier_root_equals_full_root(n: int) -> None:
    hashes = [merkle.leaf_hash(x.to_bytes(4, "big")) for x in range(n)]
    frontier = merkle.Frontier()
    for x in hashes:
        frontier.append(x)
    assert frontier.size == n and frontier.root() == merkle.root(hashes)
