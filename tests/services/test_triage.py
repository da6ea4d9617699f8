"""Review at speed on a real case (fixture reports, real extraction): merge candidates are nearby
incidents of the same type, and bulk review is one audited review per incident."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from svidok.db import analysis
from svidok.db import custody as custody_db
from svidok.services.case import Case
from svidok.services.place_search import search
from svidok.services.review import ReviewError, edit, reject, split
from svidok.services.triage import MAX_BULK, bulk, km_between, merge_candidates
from svidok.services.verify import verify_case
from web.casebuild import build_template, copy_case
from web.conftest import incident_id


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("triage"))


@pytest.fixture
def tcase(template: Path, tmp_path: Path) -> Iterator[Case]:
    c = copy_case(template, tmp_path / "case")
    yield c
    c.close()


def _second_killing(case: Case) -> tuple[str, str]:
    """The Izium killing split in two: (original, the new one at the same place)."""
    iid = incident_id(case, "killing", "Izium")
    with case.begin() as conn:
        inc = analysis.get_incident(conn, iid)
        assert inc is not None
        _, new_id = split(conn, iid, [inc.sources[-1].document_id], "ana", "two reports, two events?")
    return iid, new_id


def test_triage_candidates_same_type_same_place_first(tcase: Case) -> None:
    iid, other = _second_killing(tcase)
    balakliia = incident_id(tcase, "detention", "Balakliia")
    with tcase.begin() as conn:
        edit(conn, balakliia, "ana", {"type": "killing"}, "the report speaks of a killing")
        found = merge_candidates(conn, iid)
    assert [c.incident.id for c in found] == [other, balakliia]
    assert found[0].why() == "same place" and found[1].why().endswith("km away, same oblast")
    assert 30 < (found[1].km or 0) < 60


def test_triage_candidates_leave_out_other_types_far_places_and_rejected(tcase: Case) -> None:
    iid, other = _second_killing(tcase)
    balakliia = incident_id(tcase, "detention", "Balakliia")
    kyiv = search("Kyiv")[0].place
    with tcase.begin() as conn:
        edit(conn, balakliia, "ana", {"type": "killing", "place": kyiv.id}, "moved to Kyiv")
        reject(conn, other, "ana", "duplicate")
        found = merge_candidates(conn, iid)
    assert found == []


def test_triage_km_between_two_places(tcase: Case) -> None:
    with tcase.connect() as conn:
        izium = analysis.get_incident(conn, incident_id(tcase, "killing", "Izium"))
        balakliia = analysis.get_incident(conn, incident_id(tcase, "detention", "Balakliia"))
    assert izium is not None and balakliia is not None
    assert km_between(izium, izium) == 0 and 30 < (km_between(izium, balakliia) or 0) < 60


def test_triage_bulk_confirm_is_one_audited_review_each(tcase: Case) -> None:
    ids = [incident_id(tcase, "killing", "Izium"), incident_id(tcase, "detention", "Balakliia")]
    with tcase.begin() as conn:
        before = len(custody_db.load_events(conn, action="review"))
        done = bulk(conn, ids, "confirm", "ana", "checked the list")
        again = bulk(conn, ids, "confirm", "ana", "twice")
        statuses = [analysis.get_incident(conn, i).status for i in ids]  # type: ignore[union-attr]
        machine = [analysis.get_machine_incident(conn, i).status for i in ids]  # type: ignore[union-attr]
        events = custody_db.load_events(conn, action="review")
    assert done.changed == ids and again.unchanged == ids and again.changed == []
    assert statuses == ["confirmed", "confirmed"] and machine == ["unreviewed", "unreviewed"]
    assert [e.details["incident_id"] for e in events[before:]] == ids
    assert verify_case(tcase).ok


def test_triage_bulk_reject_needs_a_note(tcase: Case) -> None:
    with tcase.begin() as conn, pytest.raises(ReviewError, match="note"):
        bulk(conn, [incident_id(tcase, "killing", "Izium")], "reject", "ana", " ")


def test_triage_bulk_refuses_too_many_and_other_actions(tcase: Case) -> None:
    with tcase.begin() as conn:
        with pytest.raises(ReviewError, match="at most"):
            bulk(conn, [f"inc-{n:012x}" for n in range(MAX_BULK + 1)], "confirm", "ana", "")
        with pytest.raises(ReviewError, match="confirm or reject"):
            bulk(conn, [incident_id(tcase, "killing", "Izium")], "merge", "ana", "x")
