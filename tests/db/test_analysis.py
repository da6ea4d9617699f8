from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy.engine import Connection

from db.factories import document, incident, mention
from svidok.db import analysis, repo
from svidok.model import Review


def _doc(conn: Connection, n: int = 1) -> str:
    repo.insert_document(conn, document(n))
    return document(n).id


def test_analysis_replace_mentions_replaces_old_ones(conn: Connection) -> None:
    doc = _doc(conn)
    analysis.replace_mentions(conn, doc, [mention(doc, "m1"), mention(doc, "m2")], "7")
    analysis.replace_mentions(conn, doc, [mention(doc, "m3")], "8")
    assert [m.id for m in analysis.load_mentions(conn)] == ["m3"]
    assert analysis.load_mentions(conn, [doc])[0] == mention(doc, "m3")


def test_analysis_set_mention_incident(conn: Connection) -> None:
    doc = _doc(conn)
    analysis.replace_mentions(conn, doc, [mention(doc, "m1")], "7")
    analysis.set_mention_incident(conn, ["m1"], "inc-1")
    assert analysis.mention_incidents(conn) == {"m1": "inc-1"}


def test_analysis_machine_save_keeps_human_edit(conn: Connection) -> None:
    analysis.save_incidents(conn, [incident(victims=12)], machine=True)
    analysis.save_incidents(conn, [incident(victims=40)], machine=False)
    analysis.save_incidents(conn, [incident(victims=400)], machine=True)
    got = analysis.get_incident(conn, incident().id)
    machine = analysis.get_machine_incident(conn, incident().id)
    assert got is not None and got.victims == 40
    assert machine is not None and machine.victims == 400
    assert analysis.incident_is_reviewed(conn, incident().id)


def test_analysis_machine_save_updates_unreviewed(conn: Connection) -> None:
    analysis.save_incidents(conn, [incident(victims=12)], machine=True)
    analysis.save_incidents(conn, [incident(victims=13)], machine=True)
    assert analysis.get_incident(conn, incident().id).victims == 13  # type: ignore[union-attr]


def test_analysis_load_incidents_filters(conn: Connection) -> None:
    a = incident("inc-a", day=5)
    b = incident("inc-b", itype="torture", day=20)
    c = replace(incident("inc-c", day=25), status="confirmed")
    analysis.save_incidents(conn, [a, b, c], machine=True)
    assert [i.id for i in analysis.load_incidents(conn)] == ["inc-a", "inc-b", "inc-c"]
    assert [i.id for i in analysis.load_incidents(conn, type="torture")] == ["inc-b"]
    assert [i.id for i in analysis.load_incidents(conn, status="confirmed")] == ["inc-c"]
    assert [i.id for i in analysis.load_incidents(conn, date_from=date(2022, 9, 21))] == ["inc-c"]
    assert [i.id for i in analysis.load_incidents(conn, admin1="Kharkiv Oblast", flagged=True,
                                                  date_to=date(2022, 9, 6))] == ["inc-a"]


def test_analysis_load_incidents_by_document(conn: Connection) -> None:
    doc = _doc(conn)
    analysis.save_incidents(conn, [incident("inc-a"), incident("inc-b")], machine=True)
    analysis.replace_mentions(conn, doc, [mention(doc, "m1")], "7")
    analysis.set_mention_incident(conn, ["m1"], "inc-b")
    assert [i.id for i in analysis.load_incidents(conn, document_id=doc)] == ["inc-b"]


def test_analysis_delete_incidents_unlinks_mentions(conn: Connection) -> None:
    doc = _doc(conn)
    analysis.save_incidents(conn, [incident("inc-a")], machine=True)
    analysis.replace_mentions(conn, doc, [mention(doc, "m1")], "7")
    analysis.set_mention_incident(conn, ["m1"], "inc-a")
    analysis.delete_incidents(conn, ["inc-a"])
    assert analysis.get_incident(conn, "inc-a") is None
    assert analysis.mention_incidents(conn) == {"m1": None}


def test_analysis_review_roundtrip(conn: Connection) -> None:
    at = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    review = Review("inc-a", "ana", "edit", "count per second source", {"victims": [12, 40]}, at)
    rid = analysis.insert_review(conn, review, machine_before=incident("inc-a"))
    assert analysis.list_reviews(conn, "inc-a") == [replace(review, id=rid)]

