"""Use case: (re)link mentions into incidents and record it in the custody log.

The machine's version of every incident is saved apart from reviewed data (db.analysis.save_incidents
keeps `machine_data` separately); a reviewed incident only ever gains new evidence flagged
unreviewed_evidence=True.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from svidok.db import analysis, repo
from svidok.db import custody as custody_db
from svidok.link import link_mentions
from svidok.model import DateValue, Document, DocumentMeta, Incident, Mention, Place, Span
from svidok.services.custody_log import append_event

if TYPE_CHECKING:
    from svidok.services.case import Case

LINKER = "svidok.link"
LINKER_VERSION = "2"  # 2: each (type, place) clustered afresh, whatever order reports came in
# Documents per link transaction: linking is order-free, so a long batch links in short
# transactions that other processes' writes (and SQLite's busy timeout) can wait between.
LINK_CHUNK = 200


@dataclass
class LinkSummary:
    incidents: int = 0  # all incidents after linking
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    attached: list[str] = field(default_factory=list)  # reviewed incidents that gained new evidence
    removed: list[str] = field(default_factory=list)
    mentions: int = 0  # mentions considered
    unplaced: int = 0  # mentions without a place (never linked)
    seconds: float = 0.0


def _key(m: Mention) -> tuple[str, str] | None:
    return (m.type, m.place.id) if m.place else None


def _select(conn: Connection, document_ids: list[str] | None,
            existing: list[Incident]) -> list[Mention]:
    """The mentions to link: all, or those of the given documents plus every stored mention of each
    (type, place) they touch, so each key is clustered from all of its evidence whatever order the
    documents came in (the linker's result must not depend on it)."""
    if document_ids is None:
        return analysis.load_mentions(conn)
    new = analysis.load_mentions(conn, document_ids)
    keys = {k for m in new if (k := _key(m))}
    docs = set(document_ids)
    # incidents that cite these documents may lose them (re-extraction): rebuild those too
    keys |= {(i.type, i.place.id) for i in existing
             if i.place and any(f.document_id in docs for f in i.sources)}
    return new + [m for m in analysis.load_mentions_of_keys(conn, keys) if m.document_id not in docs]


def relink(conn: Connection, document_ids: list[str] | None = None) -> LinkSummary:
    """Link the mentions of `document_ids` (all documents when None) into incidents, in `conn`'s
    transaction (which must come from Case.begin()), and append one custody "link" event."""
    t0 = time.perf_counter()
    # Linking reads every incident and rewrites some: take the chain lock first, as every other
    # writer does, so two `add` processes link one after the other instead of deadlocking on rows.
    custody_db.lock_chain(conn)
    if document_ids is not None:
        # Mentions stored but left unlinked (re-extraction, a concurrent `add`, an interrupted run)
        # join this pass: linking repairs what any earlier pass missed.
        # At most LINK_CHUNK of them per pass keeps the transaction short; the next pass takes more.
        stale = [d for d in analysis.unlinked_documents(conn) if d not in set(document_ids)]
        document_ids = sorted(set(document_ids) | set(stale[:LINK_CHUNK]))
    existing = analysis.load_incidents(conn)
    before = {i.id: i for i in existing}
    mentions = _select(conn, document_ids, existing)
    docs = {d.id: d for d in repo.list_documents(conn)}
    relinked = set(document_ids) if document_ids is not None else set(docs)
    result = link_mentions(mentions, docs, existing, relinked)

    s = LinkSummary(incidents=len(result), mentions=len(mentions),
                    unplaced=sum(1 for m in mentions if m.place is None))
    machine: list[Incident] = []
    reviewed: list[Incident] = []
    for inc in result:
        old = before.get(inc.id)
        if old is None:
            s.created.append(inc.id)
            machine.append(inc)
        elif inc != old:
            if old.status == "unreviewed":
                s.updated.append(inc.id)
                machine.append(inc)
            else:
                s.attached.append(inc.id)
                reviewed.append(inc)
    new_ids = set(s.created)
    analysis.insert_incidents(conn, [i for i in machine if i.id in new_ids])
    analysis.save_incidents(conn, [i for i in machine if i.id not in new_ids], machine=True)
    # The working copy of a reviewed incident gains the new evidence (flagged); its machine
    # version and review state stay as they were.
    analysis.save_incidents(conn, reviewed, machine=False)
    kept = {i.id for i in result}
    s.removed = sorted(i for i in before if i not in kept)
    analysis.delete_incidents(conn, s.removed)
    # Every considered mention is pointed at its incident, changed or not: re-extraction stores
    # mentions unlinked, and an incident rebuilt identical to the stored one must still claim them.
    analysis.point_mentions(conn, result, {m.id for m in mentions if m.id})
    s.seconds = round(time.perf_counter() - t0, 3)
    append_event(conn, "link", None, {
        "linker": LINKER, "version": LINKER_VERSION, "documents": document_ids if document_ids else "all",
        "mentions": s.mentions, "incidents": s.incidents, "created": len(s.created),
        "updated": len(s.updated), "attached_to_reviewed": len(s.attached), "removed": len(s.removed),
    })
    return s


def relink_in_chunks(case: Case, document_ids: list[str]) -> LinkSummary:
    """relink() over `document_ids` in transactions of LINK_CHUNK documents, one summary for all."""
    total = LinkSummary()
    t0 = time.perf_counter()
    for start in range(0, max(len(document_ids), 1), LINK_CHUNK):
        with case.begin() as conn:
            part = relink(conn, document_ids[start:start + LINK_CHUNK])
        total.created += [i for i in part.created if i not in total.created]
        total.updated += [i for i in part.updated if i not in total.updated and i not in total.created]
        total.attached += [i for i in part.attached if i not in total.attached]
        total.removed += part.removed
        total.mentions += part.mentions
        total.unplaced += part.unplaced
        total.incidents = part.incidents
    total.seconds = round(time.perf_counter() - t0, 3)
    return total


IncidentKey = tuple[str, str | None, int | None, tuple[str, ...]]


@dataclass(frozen=True)
class Outcome:
    """What linking decided in a case, free of incident ids (which depend on which process made an
    incident first): two runs over the same documents must give equal outcomes."""

    incidents: list[IncidentKey]  # (type, place id, victims, source documents), sorted
    links: list[tuple[str, str, int, IncidentKey | None]]  # (document, type, evidence start) -> incident


def outcome(conn: Connection) -> Outcome:
    """The incidents of the case and, for every placed mention, the incident that holds it."""
    keys: dict[str, IncidentKey] = {
        i.id: (i.type, i.place.id if i.place else None, i.victims,
               tuple(sorted({f.document_id for f in i.sources})))
        for i in analysis.load_incidents(conn)}
    owners = analysis.mention_incidents(conn)
    links = [(m.document_id, m.type, m.evidence.start, keys.get(owners.get(m.id or "") or ""))
             for m in analysis.load_mentions(conn) if m.place is not None]
    return Outcome(sorted(keys.values(), key=repr), sorted(links, key=repr))


def synthetic_mentions(n: int, docs: int = 200) -> tuple[list[Document], list[Mention]]:
    """n mentions over `docs` documents, ~300 places and 12 types, dated over a year (benchmark data)."""
    types = ["killing", "torture", "detention", "disappearance", "sexual_violence", "mutilation",
             "burial_site", "attack_civilian_objects", "attack_medical", "pillage", "threat", "deportation"]
    places = [Place(f"ua:BENCH{i:05d}", f"Place {i}", "settlement", 48 + i % 50 / 10, 30 + i % 70 / 10,
                    f"Oblast {i % 24}") for i in range(300)]
    base = datetime(2024, 1, 1, tzinfo=UTC)
    documents = [Document(id=f"{d:064x}", filename=f"bench{d}.txt", media_type="text/plain", size=1,
                          sha256=f"{d:064x}", meta=DocumentMeta(outlet=f"Outlet {d % 37}"),
                          collected_at=base + timedelta(seconds=d)) for d in range(docs)]
    text = "Soldiers held 12 people in a basement."
    out = []
    for i in range(n):
        day = date(2022, 1, 1) + timedelta(days=(i * 7) % 365)
        out.append(Mention(
            document_id=documents[i % docs].id, type=types[i % 12], evidence=Span(i, i + len(text), text),
            trigger=Span(i + 9, i + 13, "held"), place=places[(i // 3) % 300], count=(i % 40) or None,
            qualifier="exact" if i % 40 else None, date=DateValue(day, day, "day") if i % 4 else None,
            attributed_to=f"Official {i % 50}", attribution_kind="official", id=f"{i:016x}",
        ))
    return documents, out


def bench_link(n: int = 10_000, cpu: bool = False) -> float:
    """Seconds to relink `n` fresh mentions in a temporary SQLite case (the `make bench` figure).

    Wall-clock by default; cpu=True gives this process's CPU time, which a busy machine does not
    inflate (the test asserts that one)."""
    from svidok.services.case import init_case  # local: only the benchmark creates a case

    with tempfile.TemporaryDirectory() as tmp:
        case = init_case(Path(tmp) / "case", actor="bench")
        documents, mentions = synthetic_mentions(n)
        with case.begin() as conn:
            by_doc: dict[str, list[Mention]] = {}
            for m in mentions:
                by_doc.setdefault(m.document_id, []).append(m)
            for doc in documents:
                repo.insert_document(conn, doc)
                analysis.replace_mentions(conn, doc.id, by_doc.get(doc.id, []), "bench")
        clock = time.process_time if cpu else time.perf_counter
        t0 = clock()
        with case.begin() as conn:
            relink(conn)
        seconds = clock() - t0
        case.close()
    return round(seconds, 3)


if __name__ == "__main__":
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(f"relink of {count} mentions: {bench_link(count)} s wall, {bench_link(count, cpu=True)} s CPU")
