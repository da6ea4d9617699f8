"""Notes follow a reviewer's edit: the headline note and the disagreement notes are rebuilt from
the sources for the values the reviewer set (real case, real extraction)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from svidok.db import analysis
from svidok.model import SourceFigure
from svidok.services.case import Case
from svidok.services.review import edit
from svidok.services.review_notes import headline_note
from web.casebuild import build_template, copy_case
from web.conftest import incident_id


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("notes"))


@pytest.fixture
def ncase(template: Path, tmp_path: Path) -> Iterator[Case]:
    c = copy_case(template, tmp_path / "case")
    yield c
    c.close()


def test_review_notes_headline_note_follows_the_reviewer_figure(ncase: Case) -> None:
    iid = incident_id(ncase, "killing", "Izium")
    with ncase.begin() as conn:
        before = analysis.get_incident(conn, iid)
        r = edit(conn, iid, "ana", {"victims": "7", "qualifier": "at_least"}, "the later report counts more")
        after = analysis.get_incident(conn, iid)
    assert before is not None and before.headline_note and before.headline_note.startswith("Headline 4")
    assert after is not None and after.headline_note == (
        "Figure at least 7 set by a reviewer; sources give 4, at least 7 (the most conservative, 4, "
        "is the machine's headline).")
    assert r.changes["headline_note"] == {"from": before.headline_note, "to": after.headline_note}


def test_review_notes_headline_note_returns_when_the_figure_does(ncase: Case) -> None:
    iid = incident_id(ncase, "killing", "Izium")
    with ncase.begin() as conn:
        machine = analysis.get_incident(conn, iid)
        edit(conn, iid, "ana", {"victims": "9"}, "typo")
        edit(conn, iid, "ana", {"victims": "4"}, "back to the sources' figure")
        after = analysis.get_incident(conn, iid)
    assert machine is not None and after is not None and after.headline_note == machine.headline_note


def test_review_notes_note_the_reviewer_wrote_is_kept(ncase: Case) -> None:
    iid = incident_id(ncase, "killing", "Izium")
    with ncase.begin() as conn:
        edit(conn, iid, "ana", {"victims": "7", "headline_note": "Per the morgue list."}, "morgue")
        after = analysis.get_incident(conn, iid)
    assert after is not None and after.headline_note == "Per the morgue list."


def test_review_notes_disagreement_note_says_what_the_reviewer_chose(ncase: Case) -> None:
    iid = incident_id(ncase, "killing", "Izium")
    with ncase.begin() as conn:
        edit(conn, iid, "ana", {"victims": "7", "qualifier": "at_least"}, "x")
        once = analysis.get_incident(conn, iid)
        edit(conn, iid, "ana", {"victims": "6"}, "y")
        twice = analysis.get_incident(conn, iid)
    assert once is not None and twice is not None
    notes = [d.note for d in twice.discrepancies if d.field == "count"]
    assert notes == ["Sources give victim counts that cannot all be true. Review: a reviewer set the figure "
                     "to at least 6."]
    assert [d.note for d in once.discrepancies if d.field == "count"][0].endswith("to at least 7.")


def test_review_notes_headline_note_without_any_source_figure() -> None:
    fig = SourceFigure("d", None, None, None, ())
    assert headline_note([fig], 3, "about") == "Figure about 3 set by a reviewer; no source gives a figure."
    assert headline_note([fig], None, None) is None
