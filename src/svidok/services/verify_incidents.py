"""Incidents against their own rows and their mentions (part of `svidok verify`).

Each `incidents` row must hold what its record (the JSON working copy) says; an unreviewed
incident's working copy must be the machine's version; and the machine's version must be what the
linker builds from the mentions it cites. Reviewed incidents are human work: only their rows are
checked here (their reviews are checked against the log in verify_rows).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from svidok.db import analysis, integrity, repo
from svidok.link import link_mentions, mention_id
from svidok.model import Document, Incident, Mention

if TYPE_CHECKING:
    from svidok.services.case import Case
    from svidok.services.verify import Problem
    from svidok.services.verify_rows import RowFindings


def _same(stored: Any, derived: Any) -> bool:
    if isinstance(derived, float) and isinstance(stored, int | float):
        return abs(stored - derived) < 1e-9
    if isinstance(derived, date) and isinstance(stored, datetime):
        stored = stored.date()
    return bool(stored == derived)


def _comparable(inc: Incident) -> Incident:
    # place flags compare an incident with its neighbours; they are not a fact of its own mentions
    return replace(inc, discrepancies=[d for d in inc.discrepancies if d.field != "place"])


def rebuilt(inc: Incident, mentions: dict[str, Mention], docs: dict[str, Document]) -> Incident | None:
    """The incident as the linker builds it from the mentions it cites (None if one is missing)."""
    cited = [mentions.get(mid) for f in inc.sources for mid in f.mention_ids]
    if not cited or any(m is None for m in cited):
        return None
    given = [m for m in cited if m is not None]
    out = link_mentions(given, docs, [inc], relinked={m.document_id for m in given})
    return next((i for i in out if i.id == inc.id), None)


def _fields(a: Incident, b: Incident) -> list[str]:
    return [f for f in ("type", "place", "date", "victims", "qualifier", "sources", "confidence", "grade",
                        "grade_reasons", "discrepancies", "headline_note", "perpetrator")
            if getattr(_comparable(a), f) != getattr(_comparable(b), f)]


def check_incidents(case: Case, found: RowFindings) -> Iterator[Problem]:
    from svidok.services.verify import Problem

    with case.connect() as conn:
        docs = {d.id: d for d in repo.list_documents(conn)}
        mentions = {mention_id(m): m for m in analysis.load_mentions(conn)}
        rows = list(integrity.iter_incidents(conn))
    for row, inc, machine in rows:
        iid = str(row["id"])
        if inc is None:
            found.incidents.append(iid)
            yield Problem("incident", f"incident {iid}: its record is missing or unreadable")
            continue
        differ = [k for k, v in analysis.incident_columns(inc).items() if not _same(row[k], v)]
        if differ:
            found.incidents.append(iid)
            yield Problem("incident", f"incident {iid}: its row differs from its record: {', '.join(differ)}")
        if row["reviewed"] or inc.status != "unreviewed":
            continue
        docs_of = {f.document_id for f in inc.sources}
        if machine is not None and _comparable(machine) != _comparable(inc):
            found.links |= docs_of
            yield Problem("incident", f"incident {iid}: unreviewed, but its working copy differs from the "
                          f"machine's version: {', '.join(_fields(inc, machine)) or 'id'}")
            continue
        built = rebuilt(inc, mentions, docs)
        if built is None:
            continue  # a cited mention is missing: reported with the links
        if _comparable(built) != _comparable(inc):
            found.links |= docs_of
            yield Problem("incident", f"incident {iid}: does not agree with the mentions it cites: "
                          f"{', '.join(_fields(inc, built)) or 'id'}")
