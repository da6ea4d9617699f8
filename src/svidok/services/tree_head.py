"""Signed tree heads of a case's custody log, the record kept beside it, and anchors.

`tree_head.json` in the case folder holds the latest signed tree head with the right edge of the
tree (merkle.Frontier), so each writer extends it by the events it appended in O(new + log n).
It lives outside the database on purpose: whoever cuts the tail of the log in the database and
moves the chain head back must also know to roll back this file, and cannot sign a new one
without the key. Anchors (copies of a tree head kept elsewhere) catch even the key holder.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.engine import Connection

from svidok.db import custody as custody_db
from svidok.evidence import custody, keys, merkle
from svidok.evidence.treehead import (
    Anchor,
    AnchorError,
    TreeHead,
    anchor_from_json,
    head_from_json,
    head_signed_by,
    make_anchor,
    sign_head,
)

if TYPE_CHECKING:
    from svidok.services.case import Case

RECORD = "tree_head.json"
_LOCK = ".tree_head.lock"


@dataclass(frozen=True)
class Recorded:
    head: TreeHead
    frontier: merkle.Frontier
    last_hash: str  # hash of the last event the head covers (GENESIS for none)


def leaf_hashes(case: Case) -> list[bytes]:
    with case.connect() as conn:
        return [custody.leaf_hash(row) for row in custody_db.iter_rows(conn)]


def read_record(root: Path) -> Recorded | None:
    """The recorded tree head, or None when there is none; AnchorError when it is unreadable."""
    path = root / RECORD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise AnchorError(f"{path}: unreadable ({exc})") from exc
    if not isinstance(data, dict):
        raise AnchorError(f"{path}: not a JSON object")
    head = head_from_json(data.get("tree_head"), str(path))
    try:
        frontier = merkle.Frontier(head.tree_size, [bytes.fromhex(h) for h in data["frontier"]])
        last = str(data["last_hash"])
    except (KeyError, TypeError, ValueError) as exc:
        raise AnchorError(f"{path}: frontier or last_hash missing or malformed") from exc
    return Recorded(head, frontier, last)


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    fd = os.open(root / _LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _write(root: Path, rec: Recorded) -> None:
    data = {"tree_head": rec.head.to_json(), "frontier": [h.hex() for h in rec.frontier.hashes],
            "last_hash": rec.last_hash}
    tmp = root / f".{RECORD}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, root / RECORD)


def record_head(case: Case) -> TreeHead | None:
    """Extend tree_head.json by the events committed since it was written, and sign it.

    Leaves it alone (returns None) when the log no longer extends it: that is for verify to
    report, not for a writer to paper over. Never fails the caller, whose work is committed."""
    try:
        with _locked(case.root):
            try:
                old = read_record(case.root)
            except AnchorError:
                return None
            frontier = merkle.Frontier() if old is None else old.frontier
            last = custody.GENESIS if old is None else old.last_hash
            start = frontier.size
            frontier = merkle.Frontier(frontier.size, list(frontier.hashes))
            with case.connect() as conn:
                for row in custody_db.iter_rows(conn, after=start):
                    if row["seq"] != frontier.size + 1 or row["prev_hash"] != last:
                        return None
                    frontier.append(custody.leaf_hash(row))
                    last = row["hash"]
            if old is not None and frontier.size == start:
                return old.head
            head = sign_head(case.key, frontier.size, frontier.root())
            _write(case.root, Recorded(head, frontier, last))
            return head
    except OSError:
        return None


def current_head(case: Case, leaves: Sequence[bytes] | None = None) -> TreeHead:
    """A freshly signed tree head of the whole log."""
    hashes = leaf_hashes(case) if leaves is None else leaves
    return sign_head(case.key, len(hashes), merkle.root(hashes))


def unsigned_head(leaves: Sequence[bytes]) -> tuple[int, str]:
    """(size, root hex) of the log, for those who check without the private key."""
    return len(leaves), merkle.root(leaves).hex()


def new_anchor(case: Case) -> Anchor:
    return make_anchor(current_head(case), case.public_key)


def load_anchor(path: Path) -> Anchor:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AnchorError(f"{path}: cannot read anchor ({exc})") from exc
    return anchor_from_json(data, str(path))


def extends(head: TreeHead, leaves: Sequence[bytes], what: str) -> str | None:
    """Why the log (`leaves`) is not an extension of `head`, or None when it is: a consistency
    proof from the head's size to today's, checked as a stranger would check it."""
    m, n = head.tree_size, len(leaves)
    if m > n:
        return (f"the log has {n} events but {what} of {head.timestamp} covers {m}: "
                f"events {n + 1}..{m} were removed")
    proof = merkle.consistency_proof(m, leaves)
    if not merkle.verify_consistency(m, n, bytes.fromhex(head.root_hash), merkle.root(leaves), proof):
        return (f"the first {m} events differ from {what} of {head.timestamp}: "
                "history was rewritten after it was signed")
    return None


def check_anchor(anchor: Anchor, public: Ed25519PublicKey, leaves: Sequence[bytes]) -> str | None:
    """Why today's log does not extend `anchor` (already checked to hold together), or None."""
    if keys.fingerprint(public) != anchor.key_fingerprint:
        return (f"key changed since anchor: the case key's fingerprint is {keys.fingerprint(public)}, "
                f"the anchor's {anchor.key_fingerprint}")
    return extends(anchor.head, leaves, "the anchor")


def check_record(root: Path, public: Ed25519PublicKey, leaves: Sequence[bytes]) -> tuple[str | None, bool]:
    """(problem, present) for tree_head.json against the log."""
    try:
        rec = read_record(root)
    except AnchorError as exc:
        return str(exc), True
    if rec is None:
        return None, False
    if not head_signed_by(rec.head, public):
        return f"{RECORD}: the signature does not verify with the case public key", True
    return extends(rec.head, leaves, f"the signed tree head in {RECORD}"), True


_EVENT_KEYS = ("seq", "at", "actor", "action", "object_hash", "details", "prev_hash", "hash")


def proofs_for_events(conn: Connection, seqs: Iterable[int]) -> dict[str, Any]:
    """For evidence leaving the case, in `conn`'s transaction (from a Case): the signed tree head
    of the log as it stands, with the key fingerprint, and for each asked event (by seq) the event
    as stored, its leaf index and its inclusion proof in that tree. Anyone holding the public key
    checks them with evidence.merkle.verify_inclusion(leaf_index, tree_size, leaf_hash(event),
    proof, root). Unknown seqs are left out.

    {"tree_head": {"tree_size", "root", "timestamp", "signature", "key_fingerprint"},
     "events": {seq: {"event": {...}, "leaf_index": seq - 1, "inclusion_proof": [hex, ...]}}}"""
    from svidok.services.case import case_of

    case = case_of(conn)
    wanted = set(seqs)
    leaves: list[bytes] = []
    rows: dict[int, dict[str, Any]] = {}
    for row in custody_db.iter_rows(conn):
        leaves.append(custody.leaf_hash(row))
        if row["seq"] in wanted:
            rows[row["seq"]] = row
    tree = merkle.Tree(leaves)
    head = sign_head(case.key, len(leaves), merkle.root(tree))
    summary = {"tree_size": head.tree_size, "root": head.root_hash, "timestamp": head.timestamp,
               "signature": head.signature, "key_fingerprint": keys.fingerprint(case.public_key)}
    events = {seq: {"event": {k: row[k] for k in _EVENT_KEYS}, "leaf_index": seq - 1,
                    "inclusion_proof": [h.hex() for h in merkle.inclusion_proof(seq - 1, tree)]}
              for seq, row in sorted(rows.items())}
    return {"tree_head": summary, "events": events}


def export_custody(conn: Connection, document_ids: Sequence[str], incident_ids: Sequence[str] = ()
                   ) -> tuple[dict[str, Any], dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """For an export: the signed tree head; per document the inclusion proof of its `add` event;
    per incident those of its `review` events (oldest first)."""
    docs, incs = set(document_ids), set(incident_ids)
    adds: dict[str, int] = {}
    reviews: dict[str, list[int]] = {}
    for e in custody_db.iter_rows(conn):
        if e["action"] == "add" and e["object_hash"] in docs:
            adds.setdefault(e["object_hash"], e["seq"])
        elif e["action"] == "review" and incs:
            about = json.loads(e["details"]).get("incident_id")
            if about in incs:
                reviews.setdefault(about, []).append(e["seq"])
    found = proofs_for_events(conn, [*adds.values(), *(s for seqs in reviews.values() for s in seqs)])
    proofs = found["events"]

    def proof(seq: int, name: str) -> dict[str, Any]:
        p = proofs[seq]
        return {name: p["event"], "leaf_index": p["leaf_index"], "inclusion_proof": p["inclusion_proof"]}

    per_doc = {doc: proof(seq, "add_event") for doc, seq in adds.items()}
    per_inc = {inc: [proof(seq, "event") for seq in seqs] for inc, seqs in reviews.items()}
    return found["tree_head"], per_doc, per_inc
