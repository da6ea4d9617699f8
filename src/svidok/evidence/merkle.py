"""Merkle tree over the custody log in the manner of Certificate Transparency (RFC 9162, 2.1).

Pure functions over leaf hashes (bytes, or a `Tree` that remembers its subtree hashes).
leaf hash = SHA-256(0x00 || leaf), interior node = SHA-256(0x01 || left || right); a tree of
n > 1 leaves splits at k, the largest power of two smaller than n. The empty tree hashes to
SHA-256 of nothing.

`Frontier` keeps only the right edge of a tree (one hash per set bit of its size), so a writer
can extend the tree head by the events it appends without reading the whole log again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


class Tree:
    """Leaf hashes with their subtree hashes remembered, so that many proofs over one log (an
    export proves every document's `add` event) cost O(n) together rather than O(n) each."""

    def __init__(self, leaf_hashes: Sequence[bytes]) -> None:
        self.leaves = leaf_hashes
        self._memo: dict[tuple[int, int], bytes] = {}

    def __len__(self) -> int:
        return len(self.leaves)

    def __getitem__(self, i: int) -> bytes:
        return self.leaves[i]

    def subtree(self, lo: int, hi: int) -> bytes:
        if hi - lo == 1:
            return self.leaves[lo]
        found = self._memo.get((lo, hi))
        if found is None:
            k = _split(hi - lo)
            found = self._memo[(lo, hi)] = node_hash(self.subtree(lo, lo + k), self.subtree(lo + k, hi))
        return found


Leaves = Sequence[bytes] | Tree


def _subtree(hashes: Leaves, lo: int, hi: int) -> bytes:
    """MTH of hashes[lo:hi] (hi > lo), in O(hi - lo) without copying."""
    if isinstance(hashes, Tree):
        return hashes.subtree(lo, hi)
    if hi - lo == 1:
        return hashes[lo]
    k = _split(hi - lo)
    return node_hash(_subtree(hashes, lo, lo + k), _subtree(hashes, lo + k, hi))


def root(leaf_hashes: Leaves, size: int | None = None) -> bytes:
    """The tree head (MTH) of the first `size` leaves (all when None)."""
    n = len(leaf_hashes) if size is None else size
    if not 0 <= n <= len(leaf_hashes):
        raise ValueError(f"tree size {n} out of range 0..{len(leaf_hashes)}")
    return EMPTY_ROOT if n == 0 else _subtree(leaf_hashes, 0, n)


def inclusion_proof(index: int, leaf_hashes: Leaves, size: int | None = None) -> list[bytes]:
    """The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162 2.1.3.1)."""
    n = len(leaf_hashes) if size is None else size
    if not 0 <= index < n <= len(leaf_hashes):
        raise ValueError(f"leaf {index} is not in a tree of {n} leaves")
    path: list[bytes] = []
    lo, hi = 0, n
    # Walk down from the root, collecting siblings; the RFC lists them leaf-first.
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append(_subtree(leaf_hashes, lo + k, hi))
            hi = lo + k
        else:
            path.append(_subtree(leaf_hashes, lo, lo + k))
            lo = lo + k
    path.reverse()
    return path


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes) -> bool:
    """Whether `proof` shows that leaf hash `leaf` is leaf `index` of the tree (size, root_hash)
    (RFC 9162 2.1.3.2)."""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root_hash


def consistency_proof(m: int, leaf_hashes: Leaves, size: int | None = None) -> list[bytes]:
    """The proof that the tree of the first m leaves is a prefix of the tree of the first `size`
    (RFC 9162 2.1.4.1). Empty when m == size or m == 0."""
    n = len(leaf_hashes) if size is None else size
    if not 0 <= m <= n <= len(leaf_hashes):
        raise ValueError(f"no consistency proof from {m} to {n} leaves")
    if m == 0 or m == n:
        return []
    return _subproof(m, leaf_hashes, 0, n, True)


def _subproof(m: int, hashes: Leaves, lo: int, hi: int, complete: bool) -> list[bytes]:
    n = hi - lo
    if m == n:
        return [] if complete else [_subtree(hashes, lo, hi)]
    k = _split(n)
    if m <= k:
        return _subproof(m, hashes, lo, lo + k, complete) + [_subtree(hashes, lo + k, hi)]
    return _subproof(m - k, hashes, lo + k, hi, False) + [_subtree(hashes, lo, lo + k)]


def verify_consistency(m: int, n: int, root_m: bytes, root_n: bytes, proof: Sequence[bytes]) -> bool:
    """Whether `proof` shows the tree (m, root_m) is a prefix of the tree (n, root_n)
    (RFC 9162 2.1.4.2)."""
    if not 0 <= m <= n:
        return False
    if m == n:
        return not proof and root_m == root_n
    if m == 0:
        return not proof  # the empty tree is a prefix of every tree
    if not proof:
        return False
    path = list(proof)
    if m & (m - 1) == 0:  # m is a power of two: its root is the first node of the path
        path.insert(0, root_m)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == root_m and sr == root_n


@dataclass
class Frontier:
    """The right edge of a tree: the roots of its perfect subtrees, largest first (one for each
    set bit of `size`). Appending a leaf is a binary increment; the root folds them right to left."""

    size: int = 0
    hashes: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.hashes) != bin(self.size).count("1"):
            raise ValueError(f"a frontier of size {self.size} has {bin(self.size).count('1')} hashes, "
                             f"not {len(self.hashes)}")

    def append(self, leaf: bytes) -> None:
        """Add one leaf hash."""
        self.hashes.append(leaf)
        merged = self.size
        while merged & 1:  # each trailing 1 bit of the old size is a subtree of the new one's size
            right = self.hashes.pop()
            left = self.hashes.pop()
            self.hashes.append(node_hash(left, right))
            merged >>= 1
        self.size += 1

    def root(self) -> bytes:
        if not self.hashes:
            return EMPTY_ROOT
        r = self.hashes[-1]
        for h in reversed(self.hashes[:-1]):
            r = node_hash(h, r)
        return r
