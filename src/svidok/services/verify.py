"""Verify a case: every stored object, every custody event, the chain links and signatures."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from svidok.db import custody as custody_db
from svidok.db import repo
from svidok.evidence import custody, keys
from svidok.services.case import Case

ProblemKind = Literal["event", "object", "document", "key", "head"]


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

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        """The first broken link: the problem with the lowest seq (unsequenced ones last)."""
        if not self.problems:
            return None
        return min(self.problems, key=lambda p: (p.seq is None, p.seq or 0))

    def to_json(self) -> dict[str, Any]:
        first = self.first
        return {"ok": self.ok, "events": self.events, "objects": self.objects, "documents": self.documents,
                "first": asdict(first) if first else None,
                "problems": [asdict(p) for p in self.problems], "warnings": list(self.warnings)}


def _check_chain(case: Case, result: VerifyResult) -> dict[str, int]:
    """Walk the chain; return object hash -> seq of its first `add` event."""
    try:
        public = keys.load_public(case.root / "keys")
    except keys.KeyError_ as exc:
        result.problems.append(Problem("key", str(exc)))
        return {}
    adds: dict[str, int] = {}
    expected_seq, expected_prev = 1, custody.GENESIS
    with case.connect() as conn:
        for row in custody_db.iter_rows(conn):
            result.events += 1
            reason = custody.row_problem(row, expected_seq, expected_prev, public)
            if reason:
                result.problems.append(
                    Problem("event", reason, seq=row["seq"], object_hash=row["object_hash"]))
            if row["seq"] == 1 and not reason:
                _check_genesis(row, public, result)
            if row["action"] == "add" and row["object_hash"]:
                adds.setdefault(row["object_hash"], row["seq"])
            # Carry on from the stored values so one broken row is reported once, not for every later row.
            expected_seq, expected_prev = row["seq"] + 1, row["hash"]
        head_seq, head_hash = custody_db.head(conn)
    if (head_seq, head_hash) != (expected_seq - 1, expected_prev):
        result.problems.append(Problem(
            "head", f"chain head says seq {head_seq} but the log ends at seq {expected_seq - 1} "
            "(events removed or added outside Svidok)", seq=min(head_seq, expected_seq - 1) + 1))
    return adds


def _check_genesis(row: dict[str, Any], public: Any, result: VerifyResult) -> None:
    details = json.loads(row["details"])
    if row["action"] != "init":
        result.problems.append(Problem("event", "first event is not `init`", seq=row["seq"]))
    elif details.get("public_key") != keys.public_hex(public):
        result.problems.append(Problem("key", "case public key differs from the one recorded at init",
                                       seq=row["seq"]))


def _check_objects(case: Case, result: VerifyResult, adds: dict[str, int]) -> None:
    with case.connect() as conn:
        rows = repo.document_hashes(conn)
    referenced = set()
    for doc_id, sha in rows:
        result.documents += 1
        referenced.add(sha)
        seq = adds.get(sha)
        if doc_id != sha:
            result.problems.append(Problem("document", f"document id {doc_id} differs from its sha256",
                                           seq=seq, object_hash=sha))
        reason = case.store.verify(sha)
        result.objects += 1
        if reason:
            result.problems.append(Problem("object", f"stored object {reason}", seq=seq, object_hash=sha))
        if seq is None:
            result.problems.append(
                Problem("document", "document has no custody `add` event", object_hash=sha))
    for sha in case.store.iter_hashes():
        if sha not in referenced:
            result.warnings.append(f"object {sha}: on disk but not a document (interrupted add?)")


def verify_case(case: Case) -> VerifyResult:
    result = VerifyResult()
    adds = _check_chain(case, result)
    _check_objects(case, result, adds)
    return result
