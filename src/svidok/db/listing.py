"""The incident listing query: filters, sort and paging done by the database.

Every sort key is an indexed column (migration 0002) and ties break on the id, so a page of 50
out of 100,000 incidents reads about 50 rows, and page k+1 starts where page k ended. Filters
that compare normalised text (oblast, place, grade) are resolved first against the few distinct
values the column holds, then applied as `IN (...)` on the indexed column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from svidok.db.repo import PG_TSVECTOR, fts5_query
from svidok.db.serial import incident_from_json
from svidok.db.tables import incident_json, incidents, mentions
from svidok.model import Incident

# sort name -> column; NULLs of date and place sort after every value, of victims before (as if -1)
SORT_COLUMNS: dict[str, Any] = {
    "date": incidents.c.date_start, "type": incidents.c.type, "place": incidents.c.place_name,
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
    grades: Sequence[str] | None = None
    min_sources: int | None = None
    text: str | None = None  # full-text search over the reports that are sources
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


def _text_documents(conn: Connection, query: str) -> Any:
    """A subquery of the ids of documents whose text matches every word of `query`."""
    words = [w for w in query.split() if w]
    if conn.dialect.name == "sqlite":
        fts = fts5_query(words)
        return (sa.text("SELECT document_id FROM texts_fts WHERE texts_fts MATCH :fts")
                .bindparams(fts=fts).columns(document_id=sa.String))
    # The expression is the GIN index's own (migration 0003_hardening), so the index serves it.
    # MATERIALIZED: PostgreSQL evaluates the search once, instead of re-checking to_tsvector for
    # every incident it considers (which took 0.8 s on 100,000 incidents).
    hits = (sa.text(f"SELECT document_id FROM texts WHERE {PG_TSVECTOR} @@ plainto_tsquery('simple', :q)")
            .bindparams(q=query).columns(document_id=sa.String).cte("text_hits").prefix_with("MATERIALIZED"))
    return sa.select(hits.c.document_id)


def _conditions(conn: Connection, w: Where) -> list[Any]:
    c = incidents.c
    out: list[Any] = []
    for col, val in ((c.type, w.type), (c.status, w.status), (c.flagged, w.flagged)):
        if val is not None:
            out.append(col == val)
    if w.exclude_status is not None:
        out.append(c.status != w.exclude_status)
    if w.date_from is not None:
        out.append(c.date_end >= w.date_from)
    if w.date_to is not None:
        out.append(c.date_start <= w.date_to)
    for col, values in ((c.admin1, w.admin1_in), (c.place_id, w.place_ids), (c.grade, w.grades),
                        (c.id, w.ids)):
        if values is not None:
            out.append(col.in_(list(values)) if values else sa.false())
    if w.min_sources is not None:
        out.append(c.sources_count >= w.min_sources)
    if w.text is not None:
        if not w.text.split():
            out.append(sa.false())
        else:
            docs = _text_documents(conn, w.text)
            linked = sa.select(mentions.c.incident_id).where(mentions.c.document_id.in_(docs))
            out.append(c.id.in_(linked))
    return out


def _order(sort: str, descending: bool) -> list[Any]:
    col = SORT_COLUMNS[sort]
    if sort in NULLS_LAST:
        first = col.desc().nulls_first() if descending else col.asc().nulls_last()
    else:
        first = col.desc().nulls_last() if descending else col.asc().nulls_first()
    return [first, incidents.c.id.desc() if descending else incidents.c.id.asc()]


def find(conn: Connection, where: Where, sort: str = "date", descending: bool = False,
         limit: int | None = None, offset: int = 0) -> list[Incident]:
    """Incidents matching `where`, in order, one page (`limit` from `offset`) or all."""
    conds = _conditions(conn, where)
    ids = sa.select(incidents.c.id).where(*conds).order_by(*_order(sort, descending))
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


def month_counts(conn: Connection, where: Where) -> dict[str | None, int]:
    """Matching incidents per month of their start date ("2022-03"; None for undated)."""
    c = incidents.c
    if conn.dialect.name == "postgresql":
        month: Any = sa.func.to_char(c.date_start, "YYYY-MM")
    else:
        month = sa.func.strftime("%Y-%m", c.date_start)
    q = sa.select(month.label("m"), sa.func.count()).where(*_conditions(conn, where)).group_by(month)
    return {r[0]: int(r[1]) for r in conn.execute(q)}
