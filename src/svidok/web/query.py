"""Filters shared by the list, map, timeline and API, and the data each page shows."""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException
from sqlalchemy.engine import Connection

from svidok.model import Incident
from svidok.services.incidents import (
    IncidentFilters,
    IncidentPage,
    Marker,
    QueryError,
    When,
    count,
    dating,
    markers,
    months,
    query,
)
from svidok.services.incidents import oblasts as distinct_oblasts
from svidok.services.incidents import page as incident_page
from svidok.services.protection import Redactor
from svidok.web.i18n import N_, gettext

FILTER_KEYS = ("type", "oblast", "place", "since", "until", "grade", "flagged", "status", "q", "sort")
PAGE_SIZE = 50  # rows per page of the list
MAP_LIMIT = 5000  # markers the map draws at most (most recent first); the page says when it is capped
TIMELINE_LIMIT = 2000  # incidents listed under the timeline's months (the bars count all)
STATUSES = ("unreviewed", "confirmed", "edited", "rejected")
GRADES = ("corroborated", "single source", "contested", "first-hand")


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
            since=_date(v.get("since"), "since"), until=_date(v.get("until"), "until", end=True),
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

    def url(self, path: str, **changes: str) -> str:
        """`path` carrying these filters (list, map and timeline link to each other with them)."""
        values = {k: v for k, v in {**self.values, **changes}.items() if v}
        return f"{path}?{urlencode(values)}" if values else path


# YYYY, YYYY-MM or YYYY-MM-DD (years 0001-9999); the OpenAPI schema documents the same pattern.
DATE_FILTER = (r"(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
               r"(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")


def _date(value: str | None, name: str, end: bool = False) -> date | None:
    """A date filter: a year or a month stands for its first day (`since`) or its last (`until`);
    a day past the month's end (2022-02-30) is the month's last day."""
    if not value:
        return None
    m = re.fullmatch(DATE_FILTER, value)
    if m is None:
        raise HTTPException(400, f"{name} {value!r}: not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year = int(m.group(1))
    month = int(m.group(3)) if m.group(3) else (12 if end else 1)
    last = calendar.monthrange(year, month)[1]
    day = min(int(m.group(5)), last) if m.group(5) else (last if end else 1)
    return date(year, month, day)


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


def month_counts(conn: Connection, filters: Filters) -> dict[tuple[str | None, str | None], int]:
    with _bad_query():
        return months(conn, filters.to_service())


def find_markers(conn: Connection, filters: Filters, limit: int = MAP_LIMIT) -> tuple[list[Marker], int]:
    """The map's markers (most recent first) and how many of those matched had no coordinates."""
    with _bad_query():
        return markers(conn, filters.to_service(), limit)


def when_of(conn: Connection, items: list[Incident]) -> dict[str, When]:
    """Where each incident sits in time: its act's date, else its earliest report's."""
    return dating(conn, items)


def oblasts(conn: Connection, only: frozenset[str] | None = None) -> list[str]:
    """Oblast choices of the filter form: those of the incidents the caller may see."""
    return sorted(distinct_oblasts(conn, only))


PRECISION_WORDS = {"day": N_("to the day"), "month": N_("to the month"), "year": N_("to the year"),
                   "range": N_("a period")}


def when_words(w: When | None) -> str:
    """How an incident is dated, in words (titles of list cells and timeline rows), in the page's
    language (called while the page renders)."""
    if w is None:
        return gettext("no date: neither the text nor its sources' publication dates give one")
    if w.basis == "reported":
        return gettext("no date in the text; placed at the earliest publication date of its sources "
                       "(%(date)s), the latest the act can have happened") % {"date": w.label()}
    precision = PRECISION_WORDS.get(w.precision)
    return gettext("the act's own date, %(precision)s") % {
        "precision": gettext(precision) if precision else w.precision}


def map_points(found: list[Marker], red: Redactor) -> list[dict[str, Any]]:
    """JSON-ready markers (embedded in the page with |tojson, which escapes < > & '). Short keys:
    5,000 markers are part of the page. k: type index, p: place, b: basis ("a"ct or "r"eported),
    s/e: first and last day the date covers (e only when not s), d: the date as given (only when
    not s), v: victims, g: grade (an
    analyst's free text: protected names withheld by `red`), st: review status, y/x: lat/lon."""
    from svidok.web.render import type_index

    out = []
    for m in found:
        w = m.when
        p: dict[str, Any] = {"id": m.id, "k": type_index(m.type), "p": m.place, "v": m.victims,
                             "g": red.plain(m.grade), "st": m.status,
                             "y": round(m.lat, 4), "x": round(m.lon, 4)}
        if w is not None:  # d and e only where they differ from s (most dates are one day)
            p["b"], p["s"] = w.basis[0], w.start.isoformat()
            if w.end != w.start:
                p["e"] = w.end.isoformat()
            if w.label() != p["s"]:
                p["d"] = w.label()
        out.append(p)
    return out


def _months_between(first: str, last: str, cap: int = 240) -> list[str]:
    axis: list[str] = []
    y, m = int(first[:4]), int(first[5:7])
    while f"{y:04d}-{m:02d}" <= last and len(axis) < cap:
        axis.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return axis


BAR_W = 36  # px per month on the timeline
BARS_H = 160  # px of the tallest bar
MAX_SPANS = 40  # periods drawn as spans above the bars (the list below has them all)


def timeline(counts: dict[tuple[str | None, str | None], int], items: list[Incident],
             whens: dict[str, When]) -> dict[str, Any]:
    """The timeline's SVG geometry and its list.

    Bars: incidents per month (from `counts`, over every match), the act's own date drawn solid
    and the earliest report's date hatched. Spans: the listed incidents whose act covers more than
    one month ("March to September 2022"), drawn from the month they start to the month they end.
    List: `items` grouped by the month they are placed at; only incidents nothing dates at all
    (no date in the text, no publication date of any source) are listed as undated."""
    from svidok.web.render import type_index

    listed: dict[str, list[tuple[Incident, When]]] = defaultdict(list)
    undated: list[Incident] = []
    for i in items:
        w = whens.get(i.id)
        if w is None:
            undated.append(i)
        else:
            listed[w.start.strftime("%Y-%m")].append((i, w))
    per: dict[str, dict[str, int]] = defaultdict(lambda: {"act": 0, "reported": 0})
    for (month, basis), n in counts.items():
        if month and basis:
            per[month][basis] += n
    periods = [(i, w) for i, w in ((i, whens.get(i.id)) for i in items)
               if w is not None and w.basis == "act" and w.end.strftime("%Y-%m") > w.start.strftime("%Y-%m")]
    keys = sorted(per) + [w.end.strftime("%Y-%m") for _, w in periods]
    axis = _months_between(min(keys), max(keys)) if keys else []
    x_of = {k: 40 + n * BAR_W for n, k in enumerate(axis)}
    lanes: list[str] = []  # the last month each lane of spans is busy until
    spans = []
    for inc, w in sorted(periods, key=lambda p: (p[1].start, p[1].end, p[0].id))[:MAX_SPANS]:
        a, b = w.start.strftime("%Y-%m"), w.end.strftime("%Y-%m")
        if a not in x_of or b not in x_of:
            continue
        lane = next((n for n, busy in enumerate(lanes) if busy < a), len(lanes))
        lanes[lane:lane + 1] = [b]
        spans.append({"id": inc.id, "x": x_of[a] + 2, "w": x_of[b] - x_of[a] + BAR_W - 8, "lane": lane,
                      "colour": type_index(inc.type),
                      "label": f"{w.start.strftime('%B %Y')} to {w.end.strftime('%B %Y')}",
                      "type": inc.type, "place": inc.place.name if inc.place else ""})
    top_y = 20 + 8 * len(lanes)
    top = max((v["act"] + v["reported"] for v in per.values()), default=1) or 1
    base = top_y + BARS_H
    bars = []
    for k in axis:
        act, rep = per[k]["act"], per[k]["reported"]
        h_act, h_rep = round(BARS_H * act / top), round(BARS_H * rep / top)
        bars.append({"month": k, "count": act + rep, "act": act, "reported": rep, "x": x_of[k],
                     "y_act": base - h_act, "h_act": h_act, "y_rep": base - h_act - h_rep, "h_rep": h_rep})
    for sp in spans:
        sp["y"] = 14 + 8 * sp["lane"]
    return {"months": [(k, listed[k]) for k in sorted(listed)], "undated": undated, "bars": bars,
            "spans": spans, "periods": len(periods), "base": base, "height": base + 50,
            "width": 60 + BAR_W * max(len(axis), 1), "top": top,
            "undated_count": counts.get((None, None), 0), "total": sum(counts.values()),
            "reported_count": sum(v["reported"] for v in per.values())}
