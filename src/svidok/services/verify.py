"""Verify a case: every stored object, every custody event, the chain links and signatures, the
Merkle tree head (against tree_head.json and any anchors), and the derived rows
(services.verify_rows). Needs only the public key: never the private key, never a write.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.exc import SQLAlchemyError

from svidok.db import custody as custody_db
from svidok.db import repo
from svidok.evidence import custody, keys
from svidok.evidence.treehead import AnchorError
from svidok.services import tree_head
from svidok.services.case import Case

ProblemKind = Literal["event", "object", "document", "key", "head", "log", "anchor", "text", "review",
                      "mention", "incident"]


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    message: str
    seq: int | None = None  # the custody event at fault, or the `add` event of the object at fault
    object_hash: str | None = None

    def line(self) -> str:
        where = []
        if self.seq is not None:
            where.append(f"seq {self.seq}")
        if self.object_hash is not None:
            where.append(f"object {self.object_hash}")
        return f"{', '.join(where) or self.kind}: {self.message}"


@dataclass
class VerifyResult:
    events: int = 0
    objects: int = 0
    documents: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    key_fingerprint: str | None = None
    tree_size: int = 0
    root_hash: str | None = None
    anchors: int = 0  # anchors the log was proven to extend
    # for repair: the derived rows found wrong (verify_rows.RowFindings) and each object's add event
    findings: Any = None
    adds: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        """The first broken link: the problem with the lowest seq (unsequenced ones last)."""
        if not self.problems:
            return None
        return min(self.problems, key=lambda p: (p.seq is None, p.seq or 0))

    def first_of_each_kind(self) -> list[Problem]:
        """The first problem of each kind, the overall first leading."""
        first = self.first
        out = [first] if first else []
        seen = {first.kind} if first else set()
        for p in sorted(self.problems, key=lambda p: (p.seq is None, p.seq or 0)):
            if p.kind not in seen:
                seen.add(p.kind)
                out.append(p)
        return out

    def to_json(self) -> dict[str, Any]:
        first = self.first
        return {"ok": self.ok, "events": self.events, "objects": self.objects, "documents": self.documents,
                "key_fingerprint": self.key_fingerprint,
                "tree_head": {"tree_size": self.tree_size, "root_hash": self.root_hash},
                "anchors_checked": self.anchors,
                "first": asdict(first) if first else None,
                "problems": [asdict(p) for p in self.problems], "warnings": list(self.warnings)}


@dataclass
class ChainFacts:
    """What the walk over the log gathers for the later checks."""

    leaves: list[bytes] = field(default_factory=list)
    adds: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)  # object -> first add
    preserved: dict[str, int] = field(default_factory=dict)  # container original -> its `preserve` seq
    reviews: dict[int, tuple[int, dict[str, Any]]] = field(default_factory=dict)  # review id -> event


def _details(raw: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _check_chain(case: Case, public: Ed25519PublicKey, result: VerifyResult) -> ChainFacts:
    facts = ChainFacts()
    expected_seq, expected_prev = 1, custody.GENESIS
    with case.connect() as conn:
        for row in custody_db.iter_rows(conn):
            result.events += 1
            facts.leaves.append(custody.leaf_hash(row))
            reason = custody.row_problem(row, expected_seq, expected_prev, public)
            if reason:
                result.problems.append(
                    Problem("event", reason, seq=row["seq"], object_hash=row["object_hash"]))
            if row["seq"] == 1 and not reason:
                _check_genesis(row, public, result)
            if row["action"] == "add" and row["object_hash"] and row["object_hash"] not in facts.adds:
                facts.adds[row["object_hash"]] = (row["seq"], _details(row["details"]))
            elif row["action"] == "preserve" and row["object_hash"]:
                facts.preserved.setdefault(row["object_hash"], row["seq"])
            elif row["action"] == "review":
                details = _details(row["details"])
                if isinstance(details.get("review_id"), int):
                    facts.reviews.setdefault(details["review_id"], (row["seq"], details))
            # Carry on from the stored values so one broken row is reported once, not for every later row.
            expected_seq, expected_prev = row["seq"] + 1, row["hash"]
        head_seq, head_hash = custody_db.head(conn)
    if (head_seq, head_hash) != (expected_seq - 1, expected_prev):
        result.problems.append(Problem(
            "head", f"chain head says seq {head_seq} but the log ends at seq {expected_seq - 1} "
            "(events removed or added outside Svidok)", seq=min(head_seq, expected_seq - 1) + 1))
    return facts


def _check_genesis(row: dict[str, Any], public: Any, result: VerifyResult) -> None:
    details = json.loads(row["details"])
    if row["action"] != "init":
        result.problems.append(Problem("event", "first event is not `init`", seq=row["seq"]))
    elif details.get("public_key") != keys.public_hex(public):
        result.problems.append(Problem("key", "case public key differs from the one recorded at init",
                                       seq=row["seq"]))


def _check_objects(case: Case, result: VerifyResult, adds: dict[str, tuple[int, dict[str, Any]]],
                   preserved: dict[str, int] | None = None) -> None:
    with case.connect() as conn:
        rows = repo.document_objects(conn)
    referenced: set[str] = set()
    containers: dict[str, list[tuple[str, str]]] = {}  # original -> [(document id, part key)]
    for doc_id, sha, original, part in rows:
        result.documents += 1
        seq = adds[sha][0] if sha in adds else None
        if doc_id != sha:
            result.problems.append(Problem("document", f"document id {doc_id} differs from its sha256",
                                           seq=seq, object_hash=sha))
        if seq is None:
            result.problems.append(
                Problem("document", "document has no custody `add` event", object_hash=sha))
        if original is not None and part is not None:
            containers.setdefault(original, []).append((doc_id, part))
            continue
        referenced.add(sha)
        reason = case.store.verify(sha)
        result.objects += 1
        if reason:
            result.problems.append(Problem("object", f"stored object {reason}", seq=seq, object_hash=sha))
    for original, parts in containers.items():
        referenced.add(original)
        _check_container(case, original, parts, (preserved or {}).get(original), result)
    orphans = [sha for sha in case.store.iter_hashes() if sha not in referenced]
    for sha in orphans:
        result.warnings.append(f"object {sha}: on disk but not a document (interrupted add?)")
    if result.events == 0:
        stored = f"{len(orphans) + len(referenced)} objects are stored but " if orphans or referenced else ""
        result.problems.append(Problem("log", f"{stored}the custody log is empty (not even its `init` "
                                              "event): the log was removed or emptied"))


def _check_container(case: Case, original: str, parts: list[tuple[str, str]], seq: int | None,
                     result: VerifyResult) -> None:
    """An original that holds many documents: its bytes, its `preserve` event, and every part
    document found in it again under its key and content address."""
    from svidok.services.reading import unpack

    result.objects += 1
    if seq is None:
        result.problems.append(Problem("object", "original holding documents "
                                       f"{', '.join(d[:12] for d, _ in parts[:3])} has no custody `preserve` "
                                       "event", object_hash=original))
    reason = case.store.verify(original)
    if reason:
        result.problems.append(Problem("object", f"stored object {reason}", seq=seq, object_hash=original))
        return
    try:
        found = unpack(case.store.get(original), original)
    except Exception as exc:  # a reader that no longer reads it: every part is unverifiable
        found, why = None, " ".join(str(exc).split())
    else:
        why = "not recognised by any container reader"
    keys = {p.key: p.sha256 for p in found.parts} if found is not None else {}
    for doc_id, key in parts:
        if keys.get(key) != doc_id:
            detail = why if found is None else f"its part {key} is {keys.get(key, 'missing')}"
            result.problems.append(Problem("document", f"document {doc_id} is not in its original "
                                           f"{original[:12]} ({detail})", seq=seq, object_hash=doc_id))


def _check_tree(case: Case, public: Ed25519PublicKey, leaves: Sequence[bytes], anchors: Sequence[Path],
                result: VerifyResult) -> None:
    result.tree_size, result.root_hash = tree_head.unsigned_head(leaves)
    problem, present = tree_head.check_record(case.root, public, leaves)
    if problem:
        result.problems.append(Problem("head", problem))
    elif not present and leaves:
        result.warnings.append(f"no signed tree head recorded beside the log ({tree_head.RECORD}); "
                               "a cut tail is caught only by an anchor")
    for path in anchors:
        try:
            anchor = tree_head.load_anchor(path)
        except AnchorError as exc:
            result.problems.append(Problem("anchor", str(exc)))
            continue
        reason = tree_head.check_anchor(anchor, public, leaves)
        if reason:
            result.problems.append(Problem("anchor", f"{path}: {reason}"))
        else:
            result.anchors += 1


def verify_case(case: Case, anchors: Sequence[Path] = ()) -> VerifyResult:
    from svidok.services.verify_rows import check_rows

    result = VerifyResult()
    try:
        public = case.public_key
    except Exception as exc:  # CaseError: the public key file is missing or unreadable
        result.problems.append(Problem("key", str(exc)))
        return result
    result.key_fingerprint = keys.fingerprint(public)
    try:
        facts = _check_chain(case, public, result)
    except SQLAlchemyError as exc:  # a table dropped or mangled: the log itself is gone
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        result.problems.append(Problem("log", f"the custody log cannot be read ({first})"))
        return result
    _check_tree(case, public, facts.leaves, anchors, result)
    _check_objects(case, result, facts.adds, facts.preserved)
    result.adds = facts.adds
    try:
        result.findings = check_rows(case, facts.adds, facts.reviews, result)
    except SQLAlchemyError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        result.problems.append(Problem("document", f"derived rows cannot be read ({first})"))
    return result
