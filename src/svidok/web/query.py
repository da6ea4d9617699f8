"""Filters shared by the list, map, timeline and API, and the data each page shows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException
from sqlalchemy.engine import Connection

from svidok.model import Incident, Mention
from svidok.services import documents
from svidok.services.incidents import IncidentFilters, IncidentPage, QueryError, count, months, query
from svidok.services.incidents import oblasts as distinct_oblasts
from svidok.services.incidents import page as incident_page
from svidok.services.protection import Redactor
from svidok.web.render import Mark, fact_marks, highlight

FILTER_KEYS = ("type", "oblast", "place", "since", "until", "grade", "flagged", "status", "q", "sort")
PAGE_SIZE = 50  # rows per page of the list
MAP_LIMIT = 5000  # markers the map draws at most (most recent first); the page says when it is capped
TIMELINE_LIMIT = 2000  # incidents listed under the timeline's months (the bars count all)
STATUSES = ("unreviewed", "confirmed", "edited", "rejected")
GRADES = ("corroborated", "single source", "contested", "first-hand")
CONTEXT = 80  # characters of source text shown either side of a quoted fact


@dataclass
class Filters:
    """The filter values of a request, as typed by the user (re-shown in the form)."""

    values: dict[str, str] = field(default_factory=dict)
    only: frozenset[str] | None = None  # the caller may see only these incidents (None: all)
    protect: bool = False  # the asker does not see protected names (no search oracle)

    @classmethod
    def from_params(cls, params: Any, only: frozenset[str] | None = None, protect: bool = False) -> Filters:
        return cls({k: str(params.get(k, "")).strip() for k in FILTER_KEYS if str(params.get(k, "")).strip()},
                   only, protect)

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
            status=status, text=v.get("q") or None, ids=self.only, protect=self.protect,
        )

    def sort(self) -> str:
        return self.values.get("sort") or "date"

    def month_url(self, month: str) -> str:
        """The list with these filters, narrowed to one month ("2022-03")."""
        y, m = int(month[:4]), int(month[5:7])
        end = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).isoformat()
        return f"/incidents?{urlencode({**self.values, 'since': f'{month}-01', 'until': end})}"

    def page_url(self, path: str, page: int) -> str:
        """`path` with these filters and page number `page` (links of the pager)."""
        return f"{path}?{urlencode({**self.values, 'page': page})}"


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value if len(value) > 7 else value + "-01")
    except ValueError:
        raise HTTPException(400, f"{name} {value!r}: not a YYYY-MM-DD date") from None


@contextmanager
def _bad_query() -> Iterator[None]:
    """A filter or sort the service refuses is the client's mistake: HTTP 400 with the reason."""
    try:
        yield
    except QueryError as exc:
        raise HTTPException(400, str(exc)) from exc


def find_incidents(conn: Connection, filters: Filters, limit: int | None = None, offset: int = 0,
                   sort: str | None = None) -> list[Incident]:
    """Incidents matching the filters (`q`: a source's text matches), one page or all."""
    with _bad_query():
        return query(conn, filters.to_service(), sort or filters.sort(), limit, offset)


def find_window(conn: Connection, filters: Filters, limit: int, offset: int = 0) -> IncidentPage:
    """`limit` matching incidents from `offset`, and the number of all matches."""
    with _bad_query():
        return incident_page(conn, filters.to_service(), filters.sort(), limit, offset)


def find_page(conn: Connection, filters: Filters, page: int = 1, size: int = PAGE_SIZE) -> IncidentPage:
    """Page `page` (from 1) of the matching incidents and their total."""
    return find_window(conn, filters, size, (max(page, 1) - 1) * size)


def count_incidents(conn: Connection, filters: Filters) -> int:
    with _bad_query():
        return count(conn, filters.to_service())


def month_counts(conn: Connection, filters: Filters) -> dict[str | None, int]:
    with _bad_query():
        return months(conn, filters.to_service())


def oblasts(conn: Connection, only: frozenset[str] | None = None) -> list[str]:
    """Oblast choices of the filter form: those of the incidents the caller may see."""
    return sorted(distinct_oblasts(conn, only))


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
    language: str = ""  # the source's language: its quotes are shown in it, never translated


def source_blocks(conn: Connection, inc: Incident, red: Redactor) -> list[SourceBlock]:
    """Per source: its facts with the supporting words highlighted in their context, protected
    names withheld by `red` (found in the whole text, not only in the window shown)."""
    doc_ids = list(dict.fromkeys(f.document_id for f in inc.sources))
    docs = documents.many(conn, doc_ids)
    mentions: dict[str, Mention] = {m.id or "": m for m in documents.mentions(conn, doc_ids)}
    blocks = []
    for fig in inc.sources:
        read = documents.text(conn, fig.document_id)
        text = read.text if read else ""
        hidden = red.document_spans(fig.document_id, text)
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
                facts.append(Fact(name, red.plain(value), quote))
        quotes = [highlight(text, max(0, s.start - CONTEXT), min(len(text), s.end + CONTEXT),
                            [Mark(s.start, s.end, "quote")], hidden) for s in fig.spans if text]
        d = docs.get(fig.document_id)
        blocks.append(SourceBlock(
            document_id=fig.document_id,
            title=red.plain((d.meta.title or d.filename) if d else fig.document_id),
            outlet=red.plain(d.meta.outlet) if d else "",
            published=(d.meta.published_iso() or "") if d else "",
            sha256=d.sha256 if d else "", attributed_to=red.plain(fig.attributed_to),
            count="" if fig.count is None else f"{fig.qualifier or ''} {fig.count}".strip(),
            independent=fig.independent, dependence_reason=red.plain(fig.dependence_reason),
            unreviewed_evidence=fig.unreviewed_evidence, facts=facts, quotes=quotes,
            language=d.language.code if d and d.language else "",
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


def timeline(counts: dict[str | None, int], items: list[Incident]) -> dict[str, Any]:
    """Bars of incidents per month (from `counts`, over every match) for a plain SVG chart, and
    `items` (the listed ones) grouped by month."""
    listed: dict[str, list[Incident]] = defaultdict(list)
    undated: list[Incident] = []
    for i in items:
        if i.date is None:
            undated.append(i)
        else:
            listed[i.date.start.strftime("%Y-%m")].append(i)
    keys = sorted(k for k, n in counts.items() if k and n)
    axis: list[str] = []
    if keys:  # a true time axis: empty months between the first and last get a zero bar
        y, m = int(keys[0][:4]), int(keys[0][5:])
        while f"{y:04d}-{m:02d}" <= keys[-1] and len(axis) < 240:
            axis.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    top = max((n for k, n in counts.items() if k), default=1)
    width = 36
    bars = []
    for n, k in enumerate(axis):
        c = counts.get(k, 0)
        h = int(160 * c / top)
        bars.append({"month": k, "count": c, "x": 40 + n * width, "h": h, "y": 180 - h,
                     "listed": k in listed})
    return {"months": [(k, listed[k]) for k in sorted(listed)], "undated": undated, "bars": bars,
            "width": 60 + width * max(len(axis), 1), "top": top,
            "undated_count": counts.get(None, 0), "total": sum(counts.values())}
