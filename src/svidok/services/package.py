"""Use case: an evidence package, one zip file that carries a finding out of the case intact
(docs/packages.md).

It holds the original bytes of every source of the chosen incidents (originals/<sha256>), the
custody events that concern them with their signatures, the public key and its fingerprint, a
freshly signed tree head of the whole log and an RFC 9162 inclusion proof per event, the dossier
(HTML, and PDF when chromium is there), the incidents as export JSON, a manifest of the SHA-256
of every file signed with the case key, and verify.py, a checker that needs only Python.

Witness protection: by default the dossier, the incidents JSON and the custody details withhold
the names on the protected-persons register (`unredacted` lifts that), and originals whose text
or metadata names a protected person stay out (`include_protected_originals` lets them in); the
dossier and the manifest say what was withheld. The zip is written to a temporary file and
renamed into place, and a custody "package" event records it.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from svidok.db import custody as custody_db
from svidok.evidence import custody, keys, merkle
from svidok.evidence.treehead import STH_TYPE, TreeHead, sign_head
from svidok.model import Document, Incident
from svidok.services import chromium, documents, dossier, incidents, protection, review
from svidok.services.case import Case, CaseError
from svidok.services.custody_log import append_event
from svidok.services.export import EXPORT_VERSION, document_json, incident_json
from svidok.services.incidents import IncidentFilters, NotFound, QueryError

FORMAT = "svidok-package"
VERSION = 1
STEPS = ("choosing incidents", "reading the custody log", "writing the dossier", "printing the PDF",
         "checking originals and writing the zip")
WITHHELD_WHY = "its text or metadata names a protected person"
Progress = Callable[[int, str], None]  # (step index, step) as each step starts
README = """Svidok evidence package
=======================

dossier/dossier.html   the dossier (open in any browser; prints well); dossier/dossier.pdf the same as PDF
originals/<sha256>     the original bytes of each source, named by their SHA-256
custody/events.json    the custody events that concern these incidents, signed, each with its
                       inclusion proof in the signed tree head custody/tree_head.json
key/                   the case's public key (PEM, and hex with its fingerprint)
data/incidents.json    the incidents and their sources as Svidok export JSON (version 1)
manifest.json          the SHA-256 of every file; manifest.sig: its signature by the case key
verify.py              checks all of it with nothing but Python 3:

    python3 verify.py                 (in this folder)
    python3 verify.py PACKAGE.zip     (on the zip as received)

Compare the key fingerprint it prints with the one the case team gave you separately.
"""


class PackageError(ValueError):
    """A package that cannot be made; the message is one line naming the reason."""


@dataclass(frozen=True)
class PackageOptions:
    unredacted: bool = False  # dossier, incidents JSON and custody details keep protected names
    include_protected_originals: bool = False  # originals that name a protected person go in too
    max_incidents: int | None = None  # refuse larger selections (the web app's bound)
    out_label: str | None = None  # how the custody event names the output (default: its file name)
    actor: str | None = None  # who asks (default: the case's actor)


@dataclass(frozen=True)
class PackageResult:
    out: str
    sha256: str
    manifest_sha256: str
    incidents: list[str]
    originals: int
    withheld_originals: list[str] = field(default_factory=list)
    events: int = 0
    withheld_events: list[int] = field(default_factory=list)
    pdf_missing: str | None = None  # why there is no PDF (None: the PDF is in the package)


def select(conn: Connection, ids: Sequence[str], filters: IncidentFilters | None,
           limit: int | None = None) -> list[Incident]:
    """The incidents named by id (or unique prefix) and those matching `filters` (None: no filter
    selection; an empty IncidentFilters: every incident), in that order, each once."""
    chosen: dict[str, Incident] = {}
    for raw in ids:
        try:
            inc = incidents.get(conn, raw)
        except NotFound as exc:
            raise PackageError(str(exc)) from exc
        chosen.setdefault(inc.id, inc)
    if filters is not None:
        try:
            for inc in incidents.query(conn, filters):
                chosen.setdefault(inc.id, inc)
        except QueryError as exc:
            raise PackageError(str(exc)) from exc
    if not chosen:
        raise PackageError("no incidents to package: none matches" if filters is not None or ids
                           else "no incidents to package: give incident ids or a filter")
    if limit is not None and len(chosen) > limit:
        raise PackageError(f"{len(chosen)} incidents match; a package holds at most {limit}: "
                           "narrow the filter")
    return list(chosen.values())


def _names_someone(red: protection.Redactor, doc: Document, text: str) -> bool:
    meta = (doc.filename, doc.meta.title, doc.meta.outlet, doc.meta.url)
    return bool(red.document_spans(doc.id, text)) or any(red.spans(v or "") for v in meta)


def _concerns(row: dict[str, Any], shas: set[str], inc_ids: set[str], review_ids: set[int]) -> bool:
    if row["seq"] == 1 or row["object_hash"] in shas:
        return True
    if row["action"] not in ("review", "link", "share", "unshare"):
        return False
    details = json.loads(row["details"])
    if row["action"] == "review":
        return details.get("review_id") in review_ids
    if row["action"] == "link":
        docs = details.get("documents")
        return docs == "all" or bool(shas & set(docs or []))
    return details.get("incident") in inc_ids


def _custody(conn: Connection, key: Any, shas: set[str], inc_ids: set[str], review_ids: set[int],
             red: protection.Redactor) -> tuple[TreeHead, list[dict[str, Any]], list[int]]:
    """A signed tree head of the whole log as it stands, and the events that concern the package
    with their inclusion proofs; events whose details name a protected person are redacted and
    carry their leaf hash instead (their content can no longer be recomputed)."""
    leaves: list[bytes] = []
    wanted: list[dict[str, Any]] = []
    for row in custody_db.iter_rows(conn):
        leaves.append(custody.leaf_hash(row))
        if _concerns(row, shas, inc_ids, review_ids):
            wanted.append(row)
    tree = merkle.Tree(leaves)
    head = sign_head(key, len(leaves), merkle.root(tree))
    events, withheld = [], []
    for row in wanted:
        event = {k: row[k] for k in ("seq", "at", "actor", "action", "object_hash", "details", "prev_hash",
                                     "hash", "signature")}
        shown = custody.canonical_json(red.value(json.loads(row["details"])))
        if shown != row["details"]:
            event |= {"details": shown, "details_withheld": True, "leaf_hash": custody.leaf_hash(row).hex()}
            withheld.append(row["seq"])
        event["leaf_index"] = row["seq"] - 1
        event["inclusion_proof"] = [h.hex() for h in merkle.inclusion_proof(row["seq"] - 1, tree)]
        events.append(event)
    return head, events, withheld


def _event_rows(events: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for e in events:
        details = e["details"]
        out.append({"seq": str(e["seq"]), "at": e["at"][:19].replace("T", " "), "actor": e["actor"],
                    "action": e["action"], "object": (e["object_hash"] or "")[:16],
                    "details": details if len(details) <= 160 else details[:159] + "…"})
    return out


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _write_zip(out: Path, members: list[tuple[str, bytes | Path]]) -> str:
    """Write the zip beside `out` and rename it into place (never half-written); its SHA-256."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in members:
                if isinstance(data, Path):
                    zf.write(data, name)
                else:
                    zf.writestr(name, data)
        digest = hashlib.sha256()
        with open(tmp, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PackageError(f"{out}: cannot write ({exc.strerror or exc})") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def _check_out(out: Path) -> None:
    if out.is_dir():
        raise PackageError(f"{out}: is a directory; give a file name")
    if not out.parent.is_dir():
        raise PackageError(f"{out.parent}: no such directory")


def build(case: Case, out: Path | str, incident_ids: Sequence[str] = (),
          filters: IncidentFilters | None = None, options: PackageOptions | None = None,
          progress: Progress | None = None) -> PackageResult:
    """Build the package of the chosen incidents at `out` and record it in the custody log."""
    opts = options or PackageOptions()
    out = Path(out)
    _check_out(out)
    step = progress or (lambda i, s: None)
    try:
        key = case.key
        public = case.public_key
    except CaseError as exc:
        raise PackageError(str(exc)) from exc
    step(0, STEPS[0])
    with case.connect() as conn:
        chosen = select(conn, incident_ids, filters, opts.max_incidents)
        doc_ids = list(dict.fromkeys(f.document_id for inc in chosen for f in inc.sources))
        docs = documents.many(conn, doc_ids)
        detector = protection.redactor(conn)
        red = protection.OFF if opts.unredacted else detector
        red.load(conn, doc_ids)
        withheld: dict[str, str] = {}
        for d in docs.values():
            read = documents.text(conn, d.id)
            if not opts.include_protected_originals and detector.active \
                    and _names_someone(detector, d, read.text if read else ""):
                withheld[d.sha256] = red.plain(d.meta.title or d.filename)
        entries = [dossier.incident_entry(conn, inc, red, set(withheld)) for inc in chosen]
        review_ids = {r.id for inc in chosen for r in review.history(conn, inc.id) if r.id is not None}
        register = len(protection.entries(conn))
        step(1, STEPS[1])
        head, events, withheld_events = _custody(conn, key, {d.sha256 for d in docs.values()},
                                                 {i.id for i in chosen}, review_ids, red)
        data = {"format": "svidok-export", "version": EXPORT_VERSION, "protected_included": opts.unredacted,
                "documents": [document_json(d, red) for d in docs.values()],
                "incidents": [incident_json(i, red, docs) for i in chosen]}
    now = datetime.now(UTC).isoformat(timespec="seconds")
    actor = opts.actor or case.actor
    fingerprint = keys.fingerprint(public)
    step(2, STEPS[2])
    ctx = dossier.DossierContext(
        created_at=now, actor=actor, key_fingerprint=fingerprint, tree_size=head.tree_size,
        root_hash=head.root_hash, head_timestamp=head.timestamp, redacted=not opts.unredacted,
        register_size=register, withheld_events=withheld_events, events=_event_rows(events),
        withheld_originals=[{"sha256": s, "title": t, "reason": WITHHELD_WHY} for s, t in withheld.items()],
        filters=filters.to_json() if filters is not None else {})
    html = dossier.render(entries, ctx)
    step(3, STEPS[3])
    pdf_path = out.with_name(f".{out.name}.{os.getpid()}.pdf")
    try:
        pdf_missing = chromium.print_to_pdf(html, pdf_path)
        pdf = pdf_path.read_bytes() if pdf_missing is None else None
    finally:
        pdf_path.unlink(missing_ok=True)
    step(4, STEPS[4])
    originals: list[tuple[str, bytes | Path]] = []
    for d in docs.values():
        if d.sha256 in withheld:
            continue
        problem = case.store.verify(d.sha256)
        if problem:
            raise PackageError(f"original {d.sha256} ({d.filename}): {problem}; run svidok verify")
        originals.append((f"originals/{d.sha256}", case.store.path(d.sha256)))
    members: list[tuple[str, bytes | Path]] = [
        ("README.txt", README.encode("utf-8")),
        ("verify.py", files("svidok.evidence").joinpath("verify_script.py").read_bytes()),
        ("key/public_key.pem", keys.public_pem(public)),
        ("key/public_key.json", _json_bytes({"algorithm": "Ed25519", "public_key": keys.public_hex(public),
                                             "fingerprint": fingerprint})),
        ("custody/tree_head.json", _json_bytes({**head.to_json(), "type": STH_TYPE})),
        ("custody/events.json", _json_bytes({"format": "svidok-package-events", "events": events})),
        ("data/incidents.json", _json_bytes({**data, "exported_at": now})),
        ("dossier/dossier.html", html.encode("utf-8")),
        *([("dossier/dossier.pdf", pdf)] if pdf is not None else []),
        *originals,
    ]
    listing = []
    for name, content in members:
        if isinstance(content, Path):  # an original, just checked to hash to its name
            listing.append({"path": name, "sha256": name.rsplit("/", 1)[1], "size": content.stat().st_size})
        else:
            digest = hashlib.sha256(content).hexdigest()
            listing.append({"path": name, "sha256": digest, "size": len(content)})
    manifest = _json_bytes({
        "format": FORMAT, "version": VERSION, "created_at": now, "created_by": actor,
        "case": {"key_fingerprint": fingerprint, "public_key": keys.public_hex(public)},
        "tree_head": {"tree_size": head.tree_size, "root_hash": head.root_hash, "timestamp": head.timestamp},
        "incidents": [i.id for i in chosen], "filters": ctx.filters or None,
        "redaction": {"names_withheld": not opts.unredacted, "protected_register_entries": register,
                      "protected_originals_included": opts.include_protected_originals},
        "withheld": {"originals": ctx.withheld_originals, "event_details": withheld_events},
        "dossier": {"html": "dossier/dossier.html", "pdf": None if pdf is None else "dossier/dossier.pdf",
                    "pdf_missing_reason": pdf_missing},
        "files": listing})
    manifest_sha = hashlib.sha256(manifest).hexdigest()
    signature = _json_bytes({"file": "manifest.json", "sha256": manifest_sha, "algorithm": "Ed25519",
                             "key_fingerprint": fingerprint, "signature": keys.sign(key, manifest)})
    digest = _write_zip(out, [*members, ("manifest.json", manifest), ("manifest.sig", signature)])
    result = PackageResult(str(out), digest, manifest_sha, [i.id for i in chosen], len(originals),
                           list(withheld), len(events), withheld_events, pdf_missing)
    with case.begin() as conn:
        append_event(conn, "package", digest, {
            "out": opts.out_label or out.name, "sha256": digest, "manifest_sha256": manifest_sha,
            "incidents": result.incidents, "filters": ctx.filters or None, "originals": len(originals),
            "withheld_originals": len(withheld), "events": len(events), "pdf": pdf is not None,
            "names_withheld": not opts.unredacted,
            "protected_originals_included": opts.include_protected_originals}, actor=actor)
    return result
