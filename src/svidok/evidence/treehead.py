"""Signed tree heads and anchors (pure; no database).

A signed tree head (STH) is (tree_size, root_hash, timestamp) signed with the case's Ed25519 key.
The signed bytes are the canonical JSON of those three values plus a type tag, so that a tree
head can never be mistaken for a custody event hash. An anchor is an STH plus the public key
and its fingerprint (SHA-256 of the raw 32-byte key, hex): a small file that anyone can keep
and that later proves the log only grew, even against the key holder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from svidok.evidence import keys

STH_TYPE = "svidok-tree-head-v1"
ANCHOR_FORMAT = "svidok-anchor"


class AnchorError(ValueError):
    """An anchor file that cannot be read or does not hold together; message is one line."""


@dataclass(frozen=True)
class TreeHead:
    tree_size: int
    root_hash: str  # hex
    timestamp: str  # ISO 8601 UTC
    signature: str = ""  # hex Ed25519 over signed_bytes()

    def signed_bytes(self) -> bytes:
        return json.dumps({"root_hash": self.root_hash, "timestamp": self.timestamp,
                           "tree_size": self.tree_size, "type": STH_TYPE},
                          sort_keys=True, separators=(",", ":")).encode("ascii")

    def to_json(self) -> dict[str, Any]:
        return {"tree_size": self.tree_size, "root_hash": self.root_hash, "timestamp": self.timestamp,
                "signature": self.signature}


def sign_head(key: Ed25519PrivateKey, tree_size: int, root: bytes, at: datetime | None = None) -> TreeHead:
    stamp = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    head = TreeHead(tree_size, root.hex(), stamp)
    return TreeHead(tree_size, root.hex(), stamp, keys.sign(key, head.signed_bytes()))


def head_signed_by(head: TreeHead, public: Ed25519PublicKey) -> bool:
    return keys.check(public, head.signed_bytes(), head.signature)


def head_from_json(data: Any, where: str) -> TreeHead:
    if not isinstance(data, dict):
        raise AnchorError(f"{where}: tree head must be a JSON object")
    try:
        size, root, stamp, sig = (data["tree_size"], data["root_hash"], data["timestamp"], data["signature"])
    except KeyError as exc:
        raise AnchorError(f"{where}: tree head lacks {exc.args[0]!r}") from None
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise AnchorError(f"{where}: tree_size must be a whole number >= 0")
    for name, value, length in (("root_hash", root, 64), ("signature", sig, 128)):
        if not isinstance(value, str) or len(value) != length or not _is_hex(value):
            raise AnchorError(f"{where}: {name} must be {length} hex digits")
    if not isinstance(stamp, str):
        raise AnchorError(f"{where}: timestamp must be a string")
    return TreeHead(size, root, stamp, sig)


def _is_hex(value: str) -> bool:
    try:
        bytes.fromhex(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Anchor:
    head: TreeHead
    public_key: str  # raw key, hex
    key_fingerprint: str

    def to_json(self) -> dict[str, Any]:
        return {"format": ANCHOR_FORMAT, "version": 1, "tree_head": self.head.to_json(),
                "public_key": self.public_key, "key_fingerprint": self.key_fingerprint,
                "imprint_sha256": hashlib.sha256(self.head.signed_bytes()).hexdigest()}

    def public(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(self.public_key))


def make_anchor(head: TreeHead, public: Ed25519PublicKey) -> Anchor:
    return Anchor(head, keys.public_hex(public), keys.fingerprint(public))


def anchor_from_json(data: Any, where: str) -> Anchor:
    """An anchor read back, checked to hold together: the fingerprint is that of its key and the
    tree head is signed by that key."""
    if not isinstance(data, dict) or data.get("format") != ANCHOR_FORMAT:
        raise AnchorError(f"{where}: not a Svidok anchor (format {ANCHOR_FORMAT!r} expected)")
    head = head_from_json(data.get("tree_head"), where)
    pub, fp = data.get("public_key"), data.get("key_fingerprint")
    if not isinstance(fp, str) or len(fp) != 64 or not _is_hex(fp):
        raise AnchorError(f"{where}: key_fingerprint must be 64 hex digits")
    if not isinstance(pub, str) or len(pub) != 64 or not _is_hex(pub):
        raise AnchorError(f"{where}: public_key must be 64 hex digits")
    if hashlib.sha256(bytes.fromhex(pub)).hexdigest() != fp.lower():
        raise AnchorError(f"{where}: public_key does not have the fingerprint the anchor states")
    anchor = Anchor(head, pub.lower(), fp.lower())
    if not head_signed_by(head, anchor.public()):
        raise AnchorError(f"{where}: tree head signature does not verify with the anchor's key")
    return anchor
