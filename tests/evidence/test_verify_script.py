"""The package's stand-alone checker against the libraries the case itself uses: its pure-Python
Ed25519 against `cryptography` (vectors made here with `cryptography`, on fixed seeds), its RFC 9162
inclusion check against evidence.merkle."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from svidok.evidence import merkle
from svidok.evidence import verify_script as script

RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw
LENGTHS = (0, 1, 2, 31, 32, 33, 64, 255, 1000)


def _vector(n: int, length: int) -> tuple[bytes, bytes, bytes]:
    """(public key, message, signature) made by `cryptography` from a fixed seed."""
    seed = hashlib.sha256(f"svidok ed25519 vector {n}".encode()).digest()
    key = Ed25519PrivateKey.from_private_bytes(seed)
    message = hashlib.shake_256(f"message {n}".encode()).digest(length) if length else b""
    return key.public_key().public_bytes(*RAW), message, key.sign(message)


def _cryptography_accepts(public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


@pytest.mark.parametrize("length", LENGTHS)
def test_verify_script_ed25519_accepts_what_cryptography_signs(length: int) -> None:
    for n in range(4):
        public, message, signature = _vector(n * 100 + length, length)
        assert _cryptography_accepts(public, message, signature)
        assert script.ed25519_verify(public, message, signature)


@pytest.mark.parametrize("bit", [0, 7, 100, 255, 256, 300, 500, 511])
def test_verify_script_ed25519_rejects_a_flipped_signature_bit_as_cryptography_does(bit: int) -> None:
    public, message, signature = _vector(bit, 40)
    bad = bytearray(signature)
    bad[bit // 8] ^= 1 << (bit % 8)
    assert _cryptography_accepts(public, message, bytes(bad)) is False
    assert script.ed25519_verify(public, message, bytes(bad)) is False


def test_verify_script_ed25519_rejects_another_message_or_key_as_cryptography_does() -> None:
    public, message, signature = _vector(1, 50)
    other_public, _, _ = _vector(2, 50)
    for pub, msg in ((public, message + b"!"), (public, message[:-1]), (other_public, message)):
        assert _cryptography_accepts(pub, msg, signature) is False
        assert script.ed25519_verify(pub, msg, signature) is False


def test_verify_script_ed25519_rejects_non_canonical_s_as_cryptography_does() -> None:
    public, message, signature = _vector(3, 20)
    s = int.from_bytes(signature[32:], "little") + script.L  # same point, S out of range
    malleated = signature[:32] + s.to_bytes(32, "little")
    assert _cryptography_accepts(public, message, malleated) is False
    assert script.ed25519_verify(public, message, malleated) is False


def test_verify_script_ed25519_agrees_on_keys_that_are_not_points() -> None:
    public, message, signature = _vector(4, 20)
    for n in range(40):  # about half of all y values are not on the curve
        candidate = hashlib.sha256(f"not a key {n}".encode()).digest()
        assert script.ed25519_verify(candidate, message, signature) == \
            _cryptography_accepts(candidate, message, signature) == False  # noqa: E712
    assert script.ed25519_verify(public[:31], message, signature) is False
    assert script.ed25519_verify(public, message, signature[:63]) is False


def test_verify_script_inclusion_agrees_with_merkle() -> None:
    for size in range(1, 34):
        leaves = [merkle.leaf_hash(f"event {i}".encode()) for i in range(size)]
        root = merkle.root(leaves)
        for index in range(size):
            proof = merkle.inclusion_proof(index, leaves)
            assert script.inclusion_ok(index, size, leaves[index], proof, root)
            if proof:
                wrong = [*proof[:-1], hashlib.sha256(proof[-1]).digest()]
                assert not script.inclusion_ok(index, size, leaves[index], wrong, root)
                assert not merkle.verify_inclusion(index, size, leaves[index], wrong, root)
            assert not script.inclusion_ok(index, size, leaves[(index + 1) % size], proof, root) or size == 1
            for claimed in (size - 1, size + 1, size * 2):  # a wrong size: the same verdict as merkle's
                assert script.inclusion_ok(index, claimed, leaves[index], proof, root) == \
                    merkle.verify_inclusion(index, claimed, leaves[index], proof, root)


def test_verify_script_hashes_leaves_and_nodes_as_merkle_does() -> None:
    assert script.leaf_hash(b"x") == merkle.leaf_hash(b"x")
    assert script.node_hash(b"a" * 32, b"b" * 32) == merkle.node_hash(b"a" * 32, b"b" * 32)


def test_verify_script_imports_only_the_standard_library() -> None:
    import ast
    import sys
    from pathlib import Path

    tree = ast.parse(Path(script.__file__).read_text(encoding="utf-8"))
    names = {a.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
             for a in node.names}
    names |= {node.module.split(".")[0] for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and node.module}
    assert names and names <= set(sys.stdlib_module_names)
