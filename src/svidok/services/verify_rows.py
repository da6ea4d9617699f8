"""Derived rows against the log: document metadata and texts against their `add` events, review
rows against their `review` events, mentions and incidents against each other.

Events written before digests were recorded (no `meta_sha256` / `text_sha256` / `review_sha256`)
are still checked on the fields they carry.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from svidok.db import integrity, repo
from svidok.evidence import custody
from svidok.model import Document

if TYPE_CHECKING:
    from svidok.services.case import Case
    from svidok.services.verify import VerifyResult

# add-event field -> how to read it from a Document (events of every age carry these)
_EVENT_FIELDS = ("filename", "size", "media_type", "title", "outlet", "url", "published")


@dataclass
class RowFindings:
    """What repair can act on: documents whose metadata or text differ, documents whose
    mentions are not linked as their incidents say."""

    metadata: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    links: set[str] = field(default_factory=set)
    reviews: list[int] = field(default_factory=list)
    incidents: list[str] = field(default_factory=list)  # rows that differ from their record


def _doc_value(doc: Document, name: str) -> Any:
    if name in ("filename", "size", "media_type"):
        return getattr(doc, name)
    value = getattr(doc.meta, name)
    return None if value is None else str(value)


def _same(name: str, stored: Any, recorded: Any) -> bool:
    if name == "published" and isinstance(stored, str) and isinstance(recorded, str):
        # a date given as YYYY or YYYY-MM is stored as the first day of that period
        return stored.startswith(recorded)
    return bool(stored == recorded)


def metadata_difference(doc: Document, details: dict[str, Any]) -> list[str]:
    """Names of the metadata fields of `doc` that differ from its `add` event."""
    differ = [n for n in _EVENT_FIELDS if n in details and not _same(n, _doc_value(doc, n), details[n])]
    language = (doc.language.code, doc.language.method) if doc.language else (None, None)
    if "language" in details and language != (details["language"], details.get("language_method")):
        differ.append("language")
    for name in ("original_sha256", "part"):  # where a part of a larger original was read from
        if name in details and getattr(doc, name) != details[name]:
            differ.append(name)
    for name in ("collector", "collected_at"):
        if name in details:
            value = doc.meta.collector if name == "collector" else custody.format_time(doc.collected_at)
            if value != details[name]:
                differ.append(name)
    if not differ and "meta_sha256" in details and custody.document_digest(doc) != details["meta_sha256"]:
        differ.append("recorded metadata digest")
    return differ


def check_rows(case: Case, adds: dict[str, tuple[int, dict[str, Any]]],
               review_events: dict[int, tuple[int, dict[str, Any]]], result: VerifyResult) -> RowFindings:
    from svidok.services.verify import Problem

    found = RowFindings()
    for problem in _documents(case, adds, found):
        result.problems.append(problem)
    for problem in _reviews(case, review_events, found):
        result.problems.append(problem)
    from svidok.services.verify_incidents import check_incidents

    result.problems.extend(check_incidents(case, found))
    with case.connect() as conn:
        unfinished = integrity.unfinished_documents(conn)
    waiting: set[str] = set()
    for kind, doc_id, message in _links(case, found):
        if kind == "mention" and doc_id in unfinished and message.endswith("linked to no incident"):
            waiting.add(doc_id)  # not linked yet, by design: the run that stores it links it last
            continue
        result.problems.append(Problem(kind, message))  # type: ignore[arg-type]
    for doc_id in sorted(waiting):
        result.warnings.append(f"document {doc_id}: mentions not linked yet (interrupted add? run it again)")
    return found


def _documents(case: Case, adds: dict[str, tuple[int, dict[str, Any]]], found: RowFindings) -> Iterator[Any]:
    from svidok.services.verify import Problem

    with case.connect() as conn:
        have_text = integrity.text_ids(conn)
        for doc in integrity.iter_documents(conn):
            if doc.id not in adds:
                continue  # reported with the objects
            seq, details = adds[doc.id]
            differ = metadata_difference(doc, details)
            if differ:
                found.metadata.append(doc.id)
                yield Problem("document", f"document {doc.id} ({doc.filename}): metadata differs from its "
                              f"add event: {', '.join(differ)}", seq=seq, object_hash=doc.id)
            recorded = details.get("text_sha256")
            if recorded is None:
                continue
            if doc.id not in have_text:
                found.texts.append(doc.id)
                yield Problem("text", f"text of document {doc.id} ({doc.filename}) is missing",
                              seq=seq, object_hash=doc.id)
                continue
            read = repo.get_text(conn, doc.id)
            if read is not None and custody.text_digest(read) != recorded:
                found.texts.append(doc.id)
                yield Problem("text", f"text of document {doc.id} ({doc.filename}) differs from the "
                              "digest in its add event", seq=seq, object_hash=doc.id)


def _reviews(case: Case, events: dict[int, tuple[int, dict[str, Any]]], found: RowFindings) -> Iterator[Any]:
    from svidok.services.verify import Problem

    seen: set[int] = set()
    with case.connect() as conn:
        rows = list(integrity.iter_reviews(conn))
    for review in rows:
        assert review.id is not None
        seen.add(review.id)
        event = events.get(review.id)
        if event is None:
            found.reviews.append(review.id)
            yield Problem("review", f"review row {review.id} (incident {review.incident_id}) has no "
                          "custody `review` event")
            continue
        seq, d = event
        if "review_sha256" in d:
            bad = custody.review_digest(review) != d["review_sha256"]
        else:
            bad = (d.get("incident_id"), d.get("action"), d.get("note"), d.get("changes")) != (
                review.incident_id, review.action, review.note, review.changes)
        if bad:
            found.reviews.append(review.id)
            yield Problem("review", f"review row {review.id} (incident {review.incident_id}) differs "
                          "from its review event", seq=seq)
    for rid, (seq, d) in sorted(events.items()):
        if rid not in seen:
            found.reviews.append(rid)
            yield Problem("review", f"review row {rid} (incident {d.get('incident_id')}) is missing",
                          seq=seq)


def _links(case: Case, found: RowFindings) -> Iterator[tuple[str, str, str]]:
    """Every mention with a place is linked to an incident that exists and cites it; every
    mention an incident cites exists, belongs to the document cited, and points back."""
    with case.connect() as conn:
        homes = {mid: (doc, place, inc) for mid, doc, place, inc in integrity.mention_links(conn)}
        cited: dict[str, str] = {}
        incidents: set[str] = set()
        for inc_id, cites in integrity.incident_citations(conn):
            incidents.add(inc_id)
            for doc_id, mid in cites:
                cited[mid] = inc_id
                home = homes.get(mid)
                why = None
                if home is None:
                    why = f"cites mention {mid} of {doc_id}, which does not exist"
                elif home[0] != doc_id:
                    why = f"cites mention {mid} as {doc_id}'s, but it is {home[0]}'s"
                elif home[2] != inc_id:
                    why = f"cites mention {mid}, which points to {home[2] or 'no incident'}"
                if why:
                    found.links.add(doc_id)
                    yield "incident", doc_id, f"incident {inc_id} {why}"
    for mid, (doc_id, place, linked) in homes.items():
        why = None
        if linked is not None and linked not in incidents:
            why = f"points to incident {linked}, which does not exist"
        elif place is not None and linked is None:
            why = "has a place but is linked to no incident"
        elif linked is not None and cited.get(mid) != linked:
            why = f"points to incident {linked}, which does not cite it"
        if why:
            found.links.add(doc_id)
            yield "mention", doc_id, f"mention {mid} of document {doc_id} {why}"
