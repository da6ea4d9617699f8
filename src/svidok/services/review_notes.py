"""Notes that follow a reviewer's edit.

The linker writes a headline note ("Headline 4 is the most conservative of ...") and a note per
disagreement. Once a reviewer changes the figure, the date, the perpetrator or the place, those
notes must say so, or the page shows a sentence about a figure it no longer gives. The notes are
rebuilt from the sources on every edit, so they never go stale however often the incident changes.
"""

from __future__ import annotations

from dataclasses import replace

from svidok.link.discrepancy import headline
from svidok.model import Discrepancy, Incident, SourceFigure
from svidok.services.passages import figure_words

REVIEW_MARK = " Review: "  # what follows it in a disagreement note was added for a reviewer's edit


def headline_note(figs: list[SourceFigure], victims: int | None, qualifier: str | None) -> str | None:
    """The note on the headline figure when the incident gives `victims` (`qualifier`)."""
    auto_victims, auto_qualifier, auto_note = headline(figs)
    if victims == auto_victims and (qualifier or "exact") == (auto_qualifier or "exact"):
        return auto_note
    counted = sorted({figure_words(f.count, f.qualifier) for f in figs if f.count is not None})
    given = ", ".join(counted)
    if victims is None:
        return f"A reviewer removed the figure; sources give {given}." if counted else None
    mine = figure_words(victims, qualifier)
    if not counted:
        return f"Figure {mine} set by a reviewer; no source gives a figure."
    return (f"Figure {mine} set by a reviewer; sources give {given} (the most conservative, "
            f"{figure_words(auto_victims, auto_qualifier)}, is the machine's headline).")


def _decision(field: str, inc: Incident, machine: Incident | None) -> str:
    """What the reviewer settled a disagreement on `field` to ("" when they did not touch it)."""
    if machine is None:
        return ""
    if field == "count" and (inc.victims, inc.qualifier) != (machine.victims, machine.qualifier):
        value = figure_words(inc.victims, inc.qualifier) or "no figure"
        return f"a reviewer set the figure to {value}."
    if field == "date" and inc.date != machine.date:
        return f"a reviewer set the date to {inc.date.iso() if inc.date else 'not stated'}."
    if field == "perpetrator" and inc.perpetrator != machine.perpetrator:
        return f"a reviewer set the perpetrator to {inc.perpetrator or 'not stated'}."
    if field == "place" and inc.place != machine.place:
        return f"a reviewer set the place to {inc.place.name if inc.place else 'unknown'}."
    return ""


def discrepancy_notes(inc: Incident, machine: Incident | None) -> list[Discrepancy]:
    """The incident's disagreements, each note saying what a reviewer settled it to."""
    out = []
    for d in inc.discrepancies:
        base = d.note.split(REVIEW_MARK, 1)[0]
        decided = _decision(d.field, inc, machine)
        out.append(Discrepancy(d.field, d.values, f"{base}{REVIEW_MARK}{decided}" if decided else base))
    return out


def refresh_notes(inc: Incident, machine: Incident | None, keep_headline_note: bool = False) -> Incident:
    """`inc` with its headline note (unless `keep_headline_note`: the reviewer wrote it) and its
    disagreement notes rebuilt for its current values."""
    note = inc.headline_note if keep_headline_note else headline_note(inc.sources, inc.victims, inc.qualifier)
    return replace(inc, headline_note=note, discrepancies=discrepancy_notes(inc, machine))
