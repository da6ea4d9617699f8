"""Review on a real case (fixture reports ingested with the real extractor): every change is kept
apart from the machine's version, recorded as a review row and a signed custody event."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from svidok.db import analysis
from svidok.db import custody as custody_db
from svidok.services.case import Case
from svidok.services.review import (
    ReviewError,
    apply,
    attach,
    confirm,
    detach,
    edit,
    history,
    merge,
    reject,
    split,
    successor,
)
from svidok.services.verify import verify_case
from web.casebuild import build_template, copy_case


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("review"))


@pytest.fixture
def rcase(template: Path, tmp_path: Path) -> Iterator[Case]:
    c = copy_case(template, tmp_path / "case")
    yield c
    c.close()


def _find(case: Case, type_: str, place: str) -> str:
    with case.connect() as conn:
        for inc in analysis.load_incidents(conn):
            if inc.type == type_ and inc.place and inc.place.name == place:
                return inc.id
    raise AssertionError(f"fixture case has no {type_} at {place}")


def test_review_confirm_sets_status_and_keeps_machine_version(rcase: Case) -> None:
    iid = _find(rcase, "killing", "Izium")
    with rcase.begin() as conn:
        confirm(conn, iid, "ana", "checked both reports")
        inc = analysis.get_incident(conn, iid)
        machine = analysis.get_machine_incident(conn, iid)
    assert inc is not None and inc.status == "confirmed"
    assert machine is not None and machine.status == "unreviewed"


def test_review_edit_requires_note(rcase: Case) -> None:
    iid = _find(rcase, "killing", "Izium")
    with rcase.begin() as conn, pytest.raises(ReviewError, match="note"):
        edit(conn, iid, "ana", {"victims": 5}, "  ")


def test_review_edit_changes_field_and_records_diff(rcase: Case) -> None:
    iid = _find(rcase, "killing", "Izium")
    with rcase.begin() as conn:
        before = analysis.get_incident(conn, iid)
        r = edit(conn, iid, "ana", {"victims": "5", "date": "2022-03-07"}, "governor's figure")
        after = analysis.get_incident(conn, iid)
    assert before is not None and after is not None
    assert after.victims == 5 and after.status == "edited"
    assert r.changes["victims"] == {"from": before.victims, "to": 5}
    assert "date" not in r.changes  # unchanged fields are not recorded


def test_review_edit_rejects_unknown_field(rcase: Case) -> None:
    iid = _find(rcase, "killing", "Izium")
    with rcase.begin() as conn, pytest.raises(ReviewError, match="cannot change id"):
        edit(conn, iid, "ana", {"id": "inc-x"}, "note")


def test_review_reject_logs_custody_event(rcase: Case) -> None:
    iid = _find(rcase, "detention", "Balakliia")
    with rcase.begin() as conn:
        r = reject(conn, iid, "ana", "could not be checked")
        last = custody_db.load_events(conn, newest_first=True, limit=1)[0]
    assert last.action == "review" and last.actor == "ana"
    assert last.details["incident_id"] == iid and last.details["review_id"] == r.id
    assert verify_case(rcase).ok


def test_review_history_lists_changes_in_order(rcase: Case) -> None:
    iid = _find(rcase, "killing", "Izium")
    with rcase.begin() as conn:
        edit(conn, iid, "ana", {"victims": 5}, "governor")
        confirm(conn, iid, "ada")
        items = history(conn, iid)
    assert [(h.action, h.actor) for h in items] == [("edit", "ana"), ("confirm", "ada")]


def test_review_merge_moves_sources_and_removes_other(rcase: Case) -> None:
    keep = _find(rcase, "killing", "Izium")
    other = _find(rcase, "attack_civilian_objects", "Izium")
    with rcase.begin() as conn:
        absorbed = analysis.get_incident(conn, other)
        assert absorbed is not None
        merge(conn, keep, other, "ana", "same attack")
        merged = analysis.get_incident(conn, keep)
        gone = analysis.get_incident(conn, other)
        other_hist = history(conn, other)
    assert gone is None
    assert merged is not None
    cited = {m for f in merged.sources for m in f.mention_ids}
    assert {m for f in absorbed.sources for m in f.mention_ids} <= cited
    assert other_hist[-1].changes == {"merged_into": keep}


def test_review_split_makes_new_incident(rcase: Case) -> None:
    iid = _find(rcase, "killing", "Izium")
    with rcase.begin() as conn:
        inc = analysis.get_incident(conn, iid)
        assert inc is not None and len(inc.sources) == 2
        moved = inc.sources[1].document_id
        _, new_id = split(conn, iid, [moved], "ana", "different days")
        rest = analysis.get_incident(conn, iid)
        part = analysis.get_incident(conn, new_id)
    assert rest is not None and part is not None
    assert [f.document_id for f in part.sources] == [moved]
    assert moved not in {f.document_id for f in rest.sources}


def test_review_split_cannot_empty_incident(rcase: Case) -> None:
    iid = _find(rcase, "detention", "Balakliia")
    with rcase.begin() as conn:
        inc = analysis.get_incident(conn, iid)
        assert inc is not None
        with pytest.raises(ReviewError, match="must stay"):
            split(conn, iid, [inc.sources[0].document_id], "ana", "x")


def test_review_attach_moves_mention(rcase: Case) -> None:
    src = _find(rcase, "attack_civilian_objects", "Izium")
    dst = _find(rcase, "killing", "Izium")
    with rcase.begin() as conn:
        old = analysis.get_incident(conn, src)
        assert old is not None
        mid = old.sources[0].mention_ids[0]
        attach(conn, mid, dst, "ana", "belongs to the killing")
        target = analysis.get_incident(conn, dst)
        left = analysis.get_incident(conn, src)
        pointer = analysis.mention_incidents(conn)[mid]
    assert target is not None and mid in {m for f in target.sources for m in f.mention_ids}
    assert left is not None and mid not in {m for f in left.sources for m in f.mention_ids}
    assert pointer == dst


def test_review_attach_last_mention_removes_empty_incident(rcase: Case) -> None:
    src = _find(rcase, "detention", "Balakliia")
    dst = _find(rcase, "killing", "Izium")
    with rcase.begin() as conn:
        old = analysis.get_incident(conn, src)
        assert old is not None
        for mid in [m for f in old.sources for m in f.mention_ids]:
            attach(conn, mid, dst, "ana", "test move")
        gone = analysis.get_incident(conn, src)
    assert gone is None


def test_review_apply_rejects_unknown_action(rcase: Case) -> None:
    iid = _find(rcase, "killing", "Izium")
    with rcase.begin() as conn, pytest.raises(ReviewError, match="action 'bless'"):
        apply(conn, iid, "bless", "ana", "x")


def test_review_edit_place_by_gazetteer_id(rcase: Case) -> None:
    from svidok.services.place_search import search

    iid = _find(rcase, "detention", "Balakliia")
    kupiansk = search("Kupyansk")[0].place
    with rcase.begin() as conn:
        r = edit(conn, iid, "ana", {"place": kupiansk.id}, "the report means Kupiansk")
        inc = analysis.get_incident(conn, iid)
        machine = analysis.get_machine_incident(conn, iid)
    assert inc is not None and inc.place == kupiansk
    assert machine is not None and machine.place is not None and machine.place.name == "Balakliia"
    assert r.changes["place"]["to"]["name"] == "Kupiansk"


def test_review_edit_unknown_place_id_refused(rcase: Case) -> None:
    iid = _find(rcase, "detention", "Balakliia")
    with rcase.begin() as conn, pytest.raises(ReviewError, match="no such place"):
        edit(conn, iid, "ana", {"place": "ua:NOWHERE"}, "x")


def test_review_detach_moves_one_mention_into_a_new_incident(rcase: Case) -> None:
    iid = _find(rcase, "killing", "Izium")
    with rcase.begin() as conn:
        inc = analysis.get_incident(conn, iid)
        assert inc is not None
        mid = inc.sources[-1].mention_ids[-1]
        r, new_id = detach(conn, mid, "ana", "a different day", iid)
        rest = analysis.get_incident(conn, iid)
        part = analysis.get_incident(conn, new_id)
        pointer = analysis.mention_incidents(conn)[mid]
        events = custody_db.load_events(conn, action="review")
    assert rest is not None and mid not in {m for f in rest.sources for m in f.mention_ids}
    assert part is not None and [m for f in part.sources for m in f.mention_ids] == [mid]
    assert pointer == new_id and r.changes == {"split_into": new_id, "mentions": [mid],
                                               "documents": [inc.sources[-1].document_id]}
    assert [e.details["incident_id"] for e in events[-2:]] == [new_id, iid]
    assert verify_case(rcase).ok


def test_review_detach_refuses_an_incident_s_only_mention(rcase: Case) -> None:
    iid = _find(rcase, "detention", "Balakliia")
    with rcase.begin() as conn:
        inc = analysis.get_incident(conn, iid)
        assert inc is not None
        only = [m for f in inc.sources for m in f.mention_ids]
        assert len(only) == 1
        with pytest.raises(ReviewError, match="nothing to split off"):
            detach(conn, only[0], "ana", "x")


def test_review_detach_refuses_a_mention_of_another_incident(rcase: Case) -> None:
    other = _find(rcase, "attack_civilian_objects", "Izium")
    with rcase.begin() as conn:
        inc = analysis.get_incident(conn, _find(rcase, "killing", "Izium"))
        assert inc is not None
        with pytest.raises(ReviewError, match="not of"):
            detach(conn, inc.sources[0].mention_ids[0], "ana", "x", other)


def test_review_successor_follows_merges_of_merges(rcase: Case) -> None:
    first = _find(rcase, "attack_civilian_objects", "Izium")
    second = _find(rcase, "killing", "Izium")
    third = _find(rcase, "detention", "Balakliia")
    with rcase.begin() as conn:
        merge(conn, second, first, "ana", "same attack")
        merge(conn, third, second, "ana", "test chain")
        found = (successor(conn, first), successor(conn, second), successor(conn, third),
                 successor(conn, "inc-000000000000"))
    assert found == (third, third, None, None)
