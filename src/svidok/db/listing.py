"""The incident listing query: filters, sort and paging done by the database.

Every sort key is an indexed column (migration 0002) and ties break on the id, so a page of 50
out of 100,000 incidents reads about 50 rows, and page k+1 starts where page k ended. Filters
that compare normalised text (oblast, place, grade) are resolved first against the few distinct
values the column holds, then applied as `IN (...)` on the indexed column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from svidok.db.serial import incident_from_json
from svidok.db.tables import incident_json, incidents
from svidok.model import Incident

# sort name -> column; NULLs of date and place sort after every value, of victims before (as if -1).
# "date" is the date the incident is placed at: the act's, else the earliest report's (db.derived).
SORT_COLUMNS: dict[str, Any] = {
    "date": incidents.c.when_start, "type": incidents.c.type, "place": incidents.c.place_name,
    "victims": incidents.c.victims, "sources": incidents.c.sources_count,
    "confidence": incidents.c.confidence,
}
NULLS_LAST = {"date", "place"}


@dataclass
class Where:
    """Plain values to filter on; None means "any". `exclude_status` drops one status."""

    type: str | None = None
    status: str | None = None
    exclude_status: str | None = None
    flagged: bool | None = None
    date_from: date | None = None
    date_to: date | None = None
    admin1_in: Sequence[str] | None = None
    place_ids: Sequence[str] | None = None
    place_admin1: Sequence[str] = ()  # with place_ids: or in one of these oblasts (a place query naming one)
    grades: Sequence[str] | None = None
    min_sources: int | None = None
    text: str | None = None  # words that the incident's quotes or other fields hold (db.derived)
    ids: Sequence[str] | None = None  # only these incident ids


def distinct_admin1(conn: Connection, ids: Sequence[str] | None = None) -> list[str]:
    c = incidents.c
    q = sa.select(c.admin1).where(c.admin1.is_not(None)).distinct()
    if ids is not None:
        q = q.where(c.id.in_(list(ids)))
    return [r[0] for r in conn.execute(q)]


def distinct_places(conn: Connection) -> list[tuple[str, str | None]]:
    """(place id, place name) of every place some incident is at."""
    c = incidents.c
    return [(r[0], r[1]) for r in
            conn.execute(sa.select(c.place_id, c.place_name).where(c.place_id.is_not(None)).distinct())]


def distinct_grades(conn: Connection) -> list[str]:
    c = incidents.c
    return [r[0] for r in conn.execute(sa.select(c.grade).where(c.grade.is_not(None)).distinct())]


def search_words(query: str) -> list[str]:
    """The words of a search: runs of letters and digits (punctuation never reaches a query parser)."""
    return re.findall(r"[^\W_]+", query)[:20]


def _text_hits(conn: Connection, words: list[str], quotes_only: bool) -> Any:
    """A subquery of the ids of incidents whose quotes (or quotes and other fields) hold every word;
    words of four letters or more match as prefixes ("basement" finds "basements", "підвал" "підвалі")."""
    if conn.dialect.name == "sqlite":
        fts = " ".join(f'"{w}"' + ("*" if len(w) >= 4 else "") for w in words)
        fts = f"quotes : ({fts})" if quotes_only else fts
        name = "fts_quotes" if quotes_only else "fts_all"  # both may sit in one statement
        return (sa.text(f"SELECT incident_id FROM incident_fts WHERE incident_fts MATCH :{name}")
                .bindparams(**{name: fts}).columns(incident_id=sa.String))
    tsq = " & ".join(w.lower() + (":*" if len(w) >= 4 else "") for w in words)
    expr = "quotes" if quotes_only else "quotes || ' ' || fields"
    # The expressions are the GIN indexes' own (migration 0006_webmap).
    name = "tsq_quotes" if quotes_only else "tsq_all"
    sql = (f"SELECT incident_id FROM incident_search "
           f"WHERE to_tsvector('simple', {expr}) @@ to_tsquery('simple', :{name})")
    return sa.text(sql).bindparams(**{name: tsq}).columns(incident_id=sa.String)


def _conditions(conn: Connection, w: Where) -> list[Any]:
    c = incidents.c
    out: list[Any] = []
    for col, val in ((c.type, w.type), (c.status, w.status), (c.flagged, w.flagged)):
        if val is not None:
            out.append(col == val)
    if w.exclude_status is not None:
        out.append(c.status != w.exclude_status)
    if w.date_from is not None:
        out.append(c.when_end >= w.date_from)
    if w.date_to is not None:
        out.append(c.when_start <= w.date_to)
    for col, values in ((c.admin1, w.admin1_in), (c.grade, w.grades), (c.id, w.ids)):
        if values is not None:
            out.append(col.in_(list(values)) if values else sa.false())
    if w.place_ids is not None:
        either = [c.place_id.in_(list(w.place_ids))] if w.place_ids else []
        if w.place_admin1:
            either.append(c.admin1.in_(list(w.place_admin1)))
        out.append(sa.or_(*either) if either else sa.false())
    if w.min_sources is not None:
        out.append(c.sources_count >= w.min_sources)
    if w.text is not None:
        words = search_words(w.text)
        out.append(c.id.in_(_text_hits(conn, words, quotes_only=False)) if words else sa.false())
    return out


def _order(conn: Connection, where: Where, sort: str, descending: bool) -> list[Any]:
    col = SORT_COLUMNS[sort]
    if sort in NULLS_LAST:
        first = col.desc().nulls_first() if descending else col.asc().nulls_last()
    else:
        first = col.desc().nulls_last() if descending else col.asc().nulls_first()
    keys = [first, incidents.c.id.desc() if descending else incidents.c.id.asc()]
    words = search_words(where.text or "")
    if words:  # incidents whose evidence quotes hold the words come first, then the rest
        quoted = incidents.c.id.in_(_text_hits(conn, words, quotes_only=True))
        keys.insert(0, sa.case((quoted, 0), else_=1))
    return keys


def find(conn: Connection, where: Where, sort: str = "date", descending: bool = False,
         limit: int | None = None, offset: int = 0) -> list[Incident]:
    """Incidents matching `where`, in order, one page (`limit` from `offset`) or all."""
    conds = _conditions(conn, where)
    ids = sa.select(incidents.c.id).where(*conds).order_by(*_order(conn, where, sort, descending))
    if limit is not None:
        ids = ids.limit(limit)
    if offset:
        ids = ids.offset(offset)
    page = [r[0] for r in conn.execute(ids)]
    if not page:
        return []
    # the JSON of only this page's rows, fetched by primary key (the sort read no JSON)
    data = {}
    for start in range(0, len(page), 2000):
        chunk = page[start:start + 2000]
        j = incident_json
        for r in conn.execute(sa.select(j.c.id, j.c.data).where(j.c.id.in_(chunk))):
            data[r[0]] = r[1]
    return [incident_from_json(data[i]) for i in page]


def count(conn: Connection, where: Where) -> int:
    q = sa.select(sa.func.count()).select_from(incidents).where(*_conditions(conn, where))
    return int(conn.execute(q).scalar() or 0)


def month_counts(conn: Connection, where: Where) -> dict[tuple[str | None, str | None], int]:
    """Matching incidents per (month of the date they are placed at, basis): ("2022-03", "act"),
    ("2022-04", "reported"); (None, None) for those nothing dates."""
    c = incidents.c
    if conn.dialect.name == "postgresql":
        month: Any = sa.func.to_char(c.when_start, "YYYY-MM")
    else:
        month = sa.func.strftime("%Y-%m", c.when_start)
    q = (sa.select(month.label("m"), c.date_basis, sa.func.count()).where(*_conditions(conn, where))
         .group_by(month, c.date_basis))
    return {(r[0], r[1]): int(r[2]) for r in conn.execute(q)}


def dating(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[date | None, date | None, str | None,
                                                                      date | None, str | None]]:
    """id -> (when_start, when_end, basis, reported, reported_precision) of the given incidents."""
    c = incidents.c
    out = {}
    for start in range(0, len(ids), 2000):
        q = sa.select(c.id, c.when_start, c.when_end, c.date_basis, c.reported, c.reported_precision).where(
            c.id.in_(list(ids[start:start + 2000])))
        for r in conn.execute(q):
            out[r[0]] = (r[1], r[2], r[3], r[4], r[5])
    return out


@dataclass(frozen=True)
class MapRow:
    """What a marker needs, read from the narrow incident rows alone."""

    id: str
    type: str
    place_name: str | None
    lat: float | None
    lon: float | None
    victims: int | None
    grade: str | None
    status: str
    when_start: date | None
    when_end: date | None
    basis: str | None
    reported_precision: str | None


def map_rows(conn: Connection, where: Where, limit: int) -> list[MapRow]:
    """The `limit` most recent matching incidents (by the date they are placed at), for the map."""
    c = incidents.c
    q = (sa.select(c.id, c.type, c.place_name, c.lat, c.lon, c.victims, c.grade, c.status, c.when_start,
                   c.when_end, c.date_basis, c.reported_precision)
         .where(*_conditions(conn, where)).order_by(*_order(conn, where, "date", True)).limit(limit))
    return [MapRow(*r) for r in conn.execute(q)]
