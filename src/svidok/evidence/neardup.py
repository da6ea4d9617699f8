"""Near-duplicate documents (syndicated copies) by MinHash over word 5-shingles, with an LSH index.

Signatures are plain bytes so the index can be rebuilt from the database without re-reading texts.
Page furniture (teasers, share/subscribe lines, footers: svidok.read.segments) is left out before
shingling, so a syndicated copy with its own header and footer still scores high: on the 002 seed
with a different header and footer, 0.72 with furniture, 0.95 without.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

from svidok.read.segments import body_spans, body_text

NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.7
_SEED = 1
_SCHEME = "affine32"  # pinned: datasketch needs it to rebuild a MinHash from stored values
_MAGIC = b"SVMH1"  # format tag: MinHash affine32, 128 little-endian uint32, seed 1, word 5-shingles
_TOKEN = re.compile(r"\w+")


def normalise(text: str) -> list[str]:
    """Lower-cased words with accents folded and punctuation/quote styles ignored."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _TOKEN.findall(text)


def shingles(text: str) -> set[str]:
    """Word 5-shingles of the report body of `text` (furniture lines left out)."""
    words = normalise(body_text(text, body_spans(text)))
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    # Drawn once: MinHash() otherwise redraws the same 128 seeded permutations on every call,
    # which was most of the cost of rebuilding an index from stored signatures.
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations


def _minhash(text: str) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, permutations=_permutations())
    m.update_batch([s.encode("utf-8") for s in shingles(text)])
    return m


def signature(text: str) -> bytes:
    """The MinHash of `text` as bytes (5-byte tag + 128 uint32), to store next to the document."""
    return _MAGIC + np.asarray(_minhash(text).hashvalues, dtype="<u4").tobytes()


def _from_signature(sig: bytes) -> MinHash:
    if not sig.startswith(_MAGIC) or len(sig) != len(_MAGIC) + 4 * NUM_PERM:
        raise ValueError(f"not a svidok MinHash signature ({len(sig)} bytes)")
    values = np.frombuffer(sig[len(_MAGIC) :], dtype="<u4").astype(np.uint32)
    return MinHash(num_perm=NUM_PERM, seed=_SEED, hashvalues=values, permutations=_permutations(),
                   scheme=_SCHEME)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(_from_signature(a).jaccard(_from_signature(b)))


class NearDupIndex:
    """In-memory LSH index of document MinHashes.

    The LSH bands are tuned to a lower threshold than `threshold` so that pairs just above it are
    rarely missed; candidates are then filtered by their estimated Jaccard similarity.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=max(0.3, threshold - 0.2), num_perm=NUM_PERM)
        self._hashes: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._hashes

    def add(self, doc_id: str, text: str) -> bytes:
        """Index `text` under `doc_id` (replacing an earlier entry); returns its signature."""
        sig = signature(text)
        self.add_signature(doc_id, sig)
        return sig

    def add_signature(self, doc_id: str, sig: bytes) -> None:
        m = _from_signature(sig)
        if doc_id in self._hashes:
            self._lsh.remove(doc_id)
        self._lsh.insert(doc_id, m)
        self._hashes[doc_id] = m

    def remove(self, doc_id: str) -> None:
        if doc_id in self._hashes:
            self._lsh.remove(doc_id)
            del self._hashes[doc_id]

    def query(self, text: str) -> list[tuple[str, float]]:
        """Indexed documents whose estimated Jaccard similarity to `text` reaches the threshold,
        best first."""
        return self.query_signature(signature(text))

    def query_signature(self, sig: bytes) -> list[tuple[str, float]]:
        m = _from_signature(sig)
        if not self._hashes:
            return []
        hits = []
        for doc_id in self._lsh.query(m):
            sim = float(m.jaccard(self._hashes[doc_id]))
            if sim >= self.threshold:
                hits.append((doc_id, sim))
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits

    @classmethod
    def from_signatures(
        cls, items: Iterable[tuple[str, bytes]], threshold: float = THRESHOLD
    ) -> NearDupIndex:
        """Rebuild an index from stored (doc_id, signature) pairs."""
        index = cls(threshold=threshold)
        for doc_id, sig in items:
            index.add_signature(doc_id, bytes(sig))
        return index
