"""Disagreements between sources, and the headline figure (ACLED rule: most conservative, never averaged).

Counts disagree when the ranges they state cannot both be true ("400" vs "40"; "at least 40" vs
"45" agree). Dates disagree when they do not overlap. Perpetrators disagree when sources name
different parties. Place precision disagrees when one source puts the act only at oblast level while
another names a settlement in that oblast (the two stay separate incidents; the oblast one is flagged).
Every value keeps its document and span so the reviewer can read it in context.
"""

from __future__ import annotations

import re
from typing import Any

from svidok.model.core import Discrepancy, Incident, Mention, Qualifier, SourceFigure, Span

# ties on the number: an exact figure is preferred, then a lower bound, then the vaguer ones
_QUAL_RANK = {"exact": 0, "at_least": 1, "about": 2, "at_most": 3}
_QUAL_TEXT = {"exact": "", "at_least": "at least ", "about": "about ", "at_most": "up to "}
_INF = float("inf")


def most_conservative(figures: list[tuple[int, Qualifier | None]]) -> int:
    """Index of the lowest figure (ties: exact, at least, about, up to)."""
    return min(range(len(figures)), key=lambda i: (figures[i][0], _QUAL_RANK[figures[i][1] or "exact"]))


def describe(count: int, qualifier: Qualifier | None) -> str:
    return f"{_QUAL_TEXT.get(qualifier or 'exact', '')}{count}"


def _range(count: int, qualifier: Qualifier | None) -> tuple[float, float]:
    q = qualifier or "exact"
    if q == "at_least":
        return float(count), _INF
    if q == "at_most":
        return 0.0, float(count)
    if q == "about":
        return count * 0.75, count * 1.25
    return float(count), float(count)


def counts_conflict(a: tuple[int, Qualifier | None], b: tuple[int, Qualifier | None]) -> bool:
    (lo1, hi1), (lo2, hi2) = _range(*a), _range(*b)
    return lo1 > hi2 or lo2 > hi1


def headline(figs: list[SourceFigure]) -> tuple[int | None, Qualifier | None, str | None]:
    """(victims, qualifier, note): the most conservative figure any source gives."""
    counted = [f for f in figs if f.count is not None]
    if not counted:
        return None, None, None
    i = most_conservative([(f.count or 0, f.qualifier) for f in counted])
    pick = counted[i]
    assert pick.count is not None
    if len(counted) == 1:
        return pick.count, pick.qualifier, "Only one source gives a figure."
    values = ", ".join(sorted({describe(f.count or 0, f.qualifier) for f in counted}))
    note = (
        f"Headline {describe(pick.count, pick.qualifier)} is the most conservative of the figures "
        f"sources give ({values}), following the ACLED rule; figures are never averaged."
    )
    return pick.count, pick.qualifier, note


def _span_dict(span: Span | None) -> dict[str, Any] | None:
    return {"start": span.start, "end": span.end, "text": span.text} if span else None


def _pick_mention(fig: SourceFigure, mentions: list[Mention], attr: str) -> Mention | None:
    """The document's mention that carries the figure's value (mentions = that document's, this incident)."""
    for m in mentions:
        if getattr(m, attr) is not None and (attr != "count" or m.count == fig.count):
            return m
    return None


def _value(fig: SourceFigure, value: Any, span: Span | None) -> dict[str, Any]:
    return {"document_id": fig.document_id, "value": value,
            "span": _span_dict(span or (fig.spans[0] if fig.spans else None))}


# words that name one party however a report phrases it ("Putin's men" = Russian forces)
_PARTIES = {
    "russia": ("russia", "putin", "kremlin", "moscow"),
    "ukraine": ("ukrain", "zelensk"),
    "wagner": ("wagner",),
    "chechen": ("chechen", "kadyrov"),
    "belarus": ("belarus",),
}


def _party(text: str) -> str:
    s = text.lower()
    for party, words in _PARTIES.items():
        if any(w in s for w in words):
            return party
    return re.sub(r"^(the )", "", re.sub(r"[^a-z ]+", "", s)).strip()


def find_discrepancies(figs: list[SourceFigure], mentions: dict[str, list[Mention]]) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    counted = [f for f in figs if f.count is not None]
    pairs = [(f.count or 0, f.qualifier) for f in counted]
    if any(counts_conflict(a, b) for i, a in enumerate(pairs) for b in pairs[i + 1:]):
        values = []
        for f in counted:
            m = _pick_mention(f, mentions.get(f.document_id, []), "count")
            values.append(_value(f, describe(f.count or 0, f.qualifier), m.count_span if m else None))
        out.append(Discrepancy("count", values, "Sources give victim counts that cannot all be true."))
    dated = [f for f in figs if f.date is not None]
    if any(a.date and b.date and (a.date.end < b.date.start or b.date.end < a.date.start)
           for i, a in enumerate(dated) for b in dated[i + 1:]):
        values = []
        for f in dated:
            m = _pick_mention(f, mentions.get(f.document_id, []), "date")
            values.append(_value(f, f.date.iso() if f.date else None, m.date_span if m else None))
        out.append(Discrepancy("date", values, "Sources date the act differently."))
    perps: list[dict[str, Any]] = []
    for f in figs:
        for m in mentions.get(f.document_id, []):
            if m.perpetrator:
                perps.append(_value(f, m.perpetrator, m.perpetrator_span))
                break
    if len({_party(p["value"]) for p in perps}) > 1:
        out.append(Discrepancy("perpetrator", perps, "Sources name different perpetrators."))
    return out


def place_discrepancies(incidents: list[Incident]) -> None:
    """Flag oblast-level incidents whose act another source places in a settlement of that oblast.

    Recomputed from scratch on every run, so earlier "place" flags of unreviewed incidents go first.
    """
    for inc in incidents:
        if inc.status == "unreviewed":
            inc.discrepancies = [d for d in inc.discrepancies if d.field != "place"]
    settlements: dict[tuple[str, str | None], list[Incident]] = {}
    for s in incidents:
        if s.place is not None and s.place.level == "settlement" and s.status == "unreviewed":
            settlements.setdefault((s.type, s.place.admin1), []).append(s)
    admin = [i for i in incidents if i.place and i.place.level == "admin1" and i.status == "unreviewed"]
    for a in admin:
        assert a.place is not None
        a_docs = {f.document_id for f in a.sources}
        for s in settlements.get((a.type, a.place.admin1 or a.place.name), []):
            assert s.place is not None
            if a.date and s.date and (a.date.end < s.date.start or s.date.end < a.date.start):
                continue
            s_docs = {f.document_id for f in s.sources}
            if not s_docs - a_docs:
                continue  # the same reports name both: not a disagreement
            values = [_value(f, a.place.name, None) for f in a.sources]
            values += [_value(f, s.place.name, None) for f in s.sources if f.document_id not in a_docs]
            note = (f"Some sources place this only at oblast level ({a.place.name}); "
                    f"others name {s.place.name} ({s.id}).")
            # only the vaguer incident is flagged: the settlement-level one is the more precise account
            a.discrepancies.append(Discrepancy("place", values, note))
