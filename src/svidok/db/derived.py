"""Columns derived from an incident and its sources for the listing: the date it is placed at,
and the text that search reads.

- Dating: the act's own date when the text gives one (basis "act"), else the earliest
  publication date of its sources at the precision they give (basis "reported"; the latest the
  act can have happened). The timeline, the date filters and the sort read `when_start`/`when_end`.
- Search: `quotes` are the evidence spans (the clauses that state the act), `fields` the
  incident's other words (type, place, oblast, perpetrator, attribution, outlets, titles).
  Search matches quotes first and ranks those hits first; a report's other sentences never count.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from svidok.model import Incident


@dataclass(frozen=True)
class SourceFacts:
    """What the listing needs to know of one source document."""

    published: date | None
    precision: str  # day | month | year
    outlet: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Dating:
    when_start: date | None
    when_end: date | None
    basis: str | None  # act | reported | None (nothing dates it)
    reported: date | None
    reported_precision: str | None


def period_end(start: date, precision: str) -> date:
    """The last day of the period that starts at `start` ("2022-03" ends on the 31st)."""
    if precision == "year":
        return date(start.year, 12, 31)
    if precision == "month":
        return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start


def dating(inc: Incident, docs: dict[str, SourceFacts]) -> Dating:
    dated = sorted((d.published, d.precision) for f in inc.sources
                   if (d := docs.get(f.document_id)) is not None and d.published is not None)
    reported, rprec = dated[0] if dated else (None, None)
    if inc.date is not None:
        return Dating(inc.date.start, inc.date.end, "act", reported, rprec)
    if reported is not None and rprec is not None:
        return Dating(reported, period_end(reported, rprec), "reported", reported, rprec)
    return Dating(None, None, None, None, None)


def _words(*parts: str | None) -> str:
    return "\n".join(" ".join(p.split()) for p in parts if p and p.strip())


def search_text(inc: Incident, docs: dict[str, SourceFacts]) -> tuple[str, str]:
    """(quotes, fields) of one incident, as search reads them."""
    quotes = _words(*dict.fromkeys(s.text for f in inc.sources for s in f.spans))
    p = inc.place
    used = [d for f in inc.sources if (d := docs.get(f.document_id)) is not None]
    fields = _words(inc.type.replace("_", " "), p.name if p else None, p.admin1 if p else None,
                    inc.perpetrator, *dict.fromkeys(f.attributed_to for f in inc.sources if f.attributed_to),
                    *dict.fromkeys(d.outlet for d in used if d.outlet),
                    *dict.fromkeys(d.title for d in used if d.title))
    return quotes, fields
