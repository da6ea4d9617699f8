"""Filters shared by the list, map, timeline and API, and the data each page shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException
from sqlalchemy.engine import Connection

from svidok.db import analysis, repo
from svidok.model import Incident, Mention, Span
from svidok.services.incidents import IncidentFilters, QueryError, query
from svidok.web.render import Mark, fact_marks, highlight, scrub

FILTER_KEYS = ("type", "oblast", "place", "since", "until", "grade", "flagged", "status", "q")
STATUSES = ("unreviewed", "confirmed", "edited", "rejected")
GRADES = ("corroborated", "single source", "contested", "first-hand")
CONTEXT = 80  # characters of source text shown either side of a quoted fact


@dataclass
class Filters:
    """The filter values of a request, as typed by the user (re-shown in the form)."""

    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: Any) -> Filters:
        return cls({k: str(params.get(k, "")).strip() for k in FILTER_KEYS if str(params.get(k, "")).strip()})

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def query_string(self) -> str:
        return urlencode(self.values)

    def to_service(self) -> IncidentFilters:
        v = self.values
        status = v.get("status") or None
        if status and status not in STATUSES:
            raise HTTPException(400, f"status {status!r}: use one of {', '.join(STATUSES)}")
        return IncidentFilters(
            type=v.get("type") or None, place=v.get("place") or None, oblast=v.get("oblast") or None,
            since=_date(v.get("since"), "since"), until=_date(v.get("until"), "until"),
            grade=v.get("grade") or None, flagged=True if v.get("flagged") in ("1", "on", "true") else None,
            status=status,
        )


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value if len(value) > 7 else value + "-01")
    except ValueError:
        raise HTTPException(400, f"{name} {value!r}: not a YYYY-MM-DD date") from None


def find_incidents(conn: Connection, filters: Filters, limit: int | None = None) -> list[Incident]:
    """Incidents matching the filters; `q` keeps those with a source whose text matches (FTS)."""
    try:
        found = query(conn, filters.to_service())
    except QueryError as exc:
        raise HTTPException(400, str(exc)) from exc
    q = filters.get("q")
    if q:
        hits = set(repo.search_texts(conn, q, limit=5000))
        found = [i for i in found if any(f.document_id in hits for f in i.sources)]
    return found[:limit] if limit is not None else found


def oblasts(conn: Connection) -> list[str]:
    return sorted({i.place.admin1 for i in analysis.load_incidents(conn) if i.place and i.place.admin1})


def persons_by_doc(conn: Connection, doc_ids: list[str]) -> dict[str, list[Span]]:
    out: dict[str, list[Span]] = defaultdict(list)
    for m in analysis.load_mentions(conn, doc_ids):
        out[m.document_id].extend(m.persons)
    return out


@dataclass
class Fact:
    name: str
    value: str
    quote: Any  # Markup


@dataclass
class SourceBlock:
    document_id: str
    title: str
    outlet: str
    published: str
    sha256: str
    attributed_to: str
    count: str
    independent: bool
    dependence_reason: str
    unreviewed_evidence: bool
    facts: list[Fact]
    quotes: list[Any]  # Markup: each evidence span in context


def source_blocks(conn: Connection, inc: Incident, names: bool) -> list[SourceBlock]:
    """Per source: its facts with the supporting words highlighted in their context."""
    doc_ids = list(dict.fromkeys(f.document_id for f in inc.sources))
    docs = {d.id: d for d in repo.list_documents(conn, doc_ids)}
    mentions: dict[str, Mention] = {m.id or "": m for m in analysis.load_mentions(conn, doc_ids)}
    persons = {} if names else persons_by_doc(conn, doc_ids)
    blocks = []
    for fig in inc.sources:
        read = repo.get_text(conn, fig.document_id)
        text = read.text if read else ""
        hidden = persons.get(fig.document_id, [])
        facts: list[Fact] = []
        for mid in fig.mention_ids:
            m = mentions.get(mid)
            if m is None or not text:
                continue
            for name, value, span in fact_marks(m):
                lo, hi = max(0, m.evidence.start - CONTEXT), min(len(text), m.evidence.end + CONTEXT)
                lo, hi = min(lo, span.start), max(hi, span.end)
                quote = highlight(text, lo, hi, [Mark(span.start, span.end, "quote", name),
                                                 Mark(m.evidence.start, m.evidence.end, "ev-soft")], hidden)
                facts.append(Fact(name, scrub(value, hidden) or "", quote))
        quotes = [highlight(text, max(0, s.start - CONTEXT), min(len(text), s.end + CONTEXT),
                            [Mark(s.start, s.end, "quote")], hidden) for s in fig.spans if text]
        d = docs.get(fig.document_id)
        blocks.append(SourceBlock(
            document_id=fig.document_id, title=(d.meta.title or d.filename) if d else fig.document_id,
            outlet=(d.meta.outlet or "") if d else "",
            published=d.meta.published.isoformat() if d and d.meta.published else "",
            sha256=d.sha256 if d else "", attributed_to=scrub(fig.attributed_to, hidden) or "",
            count="" if fig.count is None else f"{fig.qualifier or ''} {fig.count}".strip(),
            independent=fig.independent, dependence_reason=scrub(fig.dependence_reason, hidden) or "",
            unreviewed_evidence=fig.unreviewed_evidence, facts=facts, quotes=quotes,
        ))
    return blocks


def map_points(items: list[Incident]) -> list[dict[str, Any]]:
    """JSON-ready markers (embedded in the page with |tojson, which escapes < > & ')."""
    from svidok.web.render import type_index, type_label

    out = []
    for i in items:
        if i.place is None or i.place.lat is None or i.place.lon is None:
            continue
        out.append({"id": i.id, "type": i.type, "label": type_label(i.type), "colour": type_index(i.type),
                     "place": i.place.name, "date": i.date.iso() if i.date else "", "victims": i.victims,
                     "grade": i.grade, "status": i.status, "lat": i.place.lat, "lon": i.place.lon})
    return out


def timeline(items: list[Incident]) -> dict[str, Any]:
    """Incidents per month, with bar geometry for a plain SVG chart."""
    months: dict[str, list[Incident]] = defaultdict(list)
    undated: list[Incident] = []
    for i in items:
        if i.date is None:
            undated.append(i)
        else:
            months[i.date.start.strftime("%Y-%m")].append(i)
    keys = sorted(months)
    axis: list[str] = []
    if keys:  # a true time axis: empty months between the first and last get a zero bar
        y, m = int(keys[0][:4]), int(keys[0][5:])
        while f"{y:04d}-{m:02d}" <= keys[-1] and len(axis) < 240:
            axis.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    top = max((len(v) for v in months.values()), default=1)
    width = 36
    bars = []
    for n, k in enumerate(axis):
        h = int(160 * len(months.get(k, [])) / top)
        bars.append({"month": k, "count": len(months.get(k, [])), "x": 40 + n * width, "h": h, "y": 180 - h})
    return {"months": [(k, months[k]) for k in keys], "undated": undated, "bars": bars,
            "width": 60 + width * max(len(axis), 1), "top": top}
