"""Custody events: canonical encoding, hash chaining and signatures (pure; no database).

hash = sha256 over the canonical JSON array [seq, at, actor, action, object_hash, details, prev_hash]
where `at` is the stored ISO string and `details` the stored canonical JSON string, so any change
to any stored byte changes the hash. signature = Ed25519 over the ASCII bytes of the hex hash.

The same canonical bytes are the event's leaf in the Merkle tree of the log (evidence.merkle).
Events also carry digests of the rows they create (document metadata, text, review), so that
verify can tell a derived row that was edited afterwards.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from svidok.evidence import keys, merkle
from svidok.model import CustodyEvent, Document, ReadText, Review

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def format_time(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("custody times must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _payload(seq: int, at: str, actor: str, action: str, object_hash: str | None, details: str,
             prev_hash: str) -> bytes:
    return canonical_json([seq, at, actor, action, object_hash, details, prev_hash]).encode("utf-8")


def event_hash(seq: int, at: str, actor: str, action: str, object_hash: str | None, details: str,
               prev_hash: str) -> str:
    return hashlib.sha256(_payload(seq, at, actor, action, object_hash, details, prev_hash)).hexdigest()


def leaf_bytes(row: dict[str, Any]) -> bytes:
    """An event's canonical bytes as stored: its leaf in the Merkle tree of the log."""
    return _payload(row["seq"], row["at"], row["actor"], row["action"], row["object_hash"],
                    row["details"], row["prev_hash"])


def leaf_hash(row: dict[str, Any]) -> bytes:
    return merkle.leaf_hash(leaf_bytes(row))


def _digest(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def document_digest(doc: Document) -> str:
    """SHA-256 of a document's recorded metadata (what the `add` event vouches for)."""
    m = doc.meta
    return _digest({"id": doc.id, "sha256": doc.sha256, "filename": doc.filename,
                    "media_type": doc.media_type, "size": doc.size, "title": m.title, "outlet": m.outlet,
                    "url": m.url, "published": None if m.published is None else str(m.published),
                    "collector": m.collector, "collected_at": format_time(doc.collected_at)})


def text_digest(read: ReadText) -> str:
    """SHA-256 of a stored text and what the reader recorded with it."""
    return _digest({"text": read.text, "reader": read.reader, "reader_version": read.reader_version,
                    "encoding": read.encoding, "title": read.title,
                    "published": None if read.published is None else str(read.published),
                    "body": [list(b) for b in read.body]})


def review_digest(review: Review) -> str:
    """SHA-256 of a review row (id, incident, who, what, why, when)."""
    return _digest({"id": review.id, "incident_id": review.incident_id, "actor": review.actor,
                    "action": review.action, "note": review.note, "changes": review.changes,
                    "at": format_time(review.at)})


def make_event(key: Ed25519PrivateKey, seq: int, prev_hash: str, actor: str, action: str,
               object_hash: str | None, details: dict[str, Any],
               at: datetime | None = None) -> dict[str, Any]:
    """A new event as a row dict (the exact strings to store)."""
    at_s = format_time(at or datetime.now(UTC))
    details_s = canonical_json(details)
    h = event_hash(seq, at_s, actor, action, object_hash, details_s, prev_hash)
    return {"seq": seq, "at": at_s, "actor": actor, "action": action, "object_hash": object_hash,
            "details": details_s, "prev_hash": prev_hash, "hash": h,
            "signature": keys.sign(key, h.encode("ascii"))}


def row_problem(row: dict[str, Any], expected_seq: int, expected_prev: str,
                public: Ed25519PublicKey) -> str | None:
    """Why a stored row is not the valid next link of the chain, or None when it is."""
    if row["seq"] != expected_seq:
        return f"sequence gap: expected seq {expected_seq}, found {row['seq']}"
    if row["prev_hash"] != expected_prev:
        return "prev_hash does not match the previous event's hash"
    try:
        if canonical_json(json.loads(row["details"])) != row["details"]:
            return "details are not canonical JSON"
    except (ValueError, TypeError):
        return "details are not valid JSON"
    try:
        if format_time(datetime.fromisoformat(row["at"])) != row["at"]:
            return "time is not a canonical UTC timestamp"
    except (ValueError, TypeError):
        return "time is not a valid timestamp"
    h = event_hash(row["seq"], row["at"], row["actor"], row["action"], row["object_hash"],
                   row["details"], row["prev_hash"])
    if h != row["hash"]:
        return "stored hash does not match the event's content"
    if not keys.check(public, row["hash"].encode("ascii"), row["signature"]):
        return "signature does not verify with the case public key"
    return None


def to_model(row: dict[str, Any]) -> CustodyEvent:
    return CustodyEvent(
        seq=row["seq"], at=datetime.fromisoformat(row["at"]), actor=row["actor"], action=row["action"],
        object_hash=row["object_hash"], details=json.loads(row["details"]), prev_hash=row["prev_hash"],
        hash=row["hash"], signature=row["signature"],
    )
