"""relink() against a real SQLite case, each test in a rolled-back transaction."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from svidok.db import analysis, custody, repo
from svidok.model import Document, DocumentMeta, Mention, Place, Span
from svidok.services.linking import bench_link, relink

KUPIANSK = Place("gn:704839", "Kupiansk", "settlement", 49.7106, 37.6156, "Kharkiv Oblast", geonameid=704839)
TEXT = "They held 400 prisoners in dark cells."


@pytest.fixture
def conn(tx):
    return tx


def add_doc(conn, n: int, outlet: str, count: int | None = None, type_: str = "detention") -> Document:
    doc = Document(id=f"{n:064x}", filename=f"r{n}.txt", media_type="text/plain", size=10,
                   sha256=f"{n:064x}", meta=DocumentMeta(outlet=outlet),
                   collected_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
    repo.insert_document(conn, doc)
    m = Mention(document_id=doc.id, type=type_, evidence=Span(0, len(TEXT), TEXT),
                trigger=Span(5, 9, "held"), place=KUPIANSK, count=count, qualifier="exact" if count else None,
                id=f"m{n:015d}")
    analysis.replace_mentions(conn, doc.id, [m], "test")
    return doc


def test_linking_saves_incident_and_points_mentions(conn):
    add_doc(conn, 1, "CNN", 400)
    add_doc(conn, 2, "Reuters", 40)
    summary = relink(conn)
    [inc] = analysis.load_incidents(conn)
    assert summary.created == [inc.id] and inc.victims == 40 and inc.flagged
    assert set(analysis.mention_incidents(conn).values()) == {inc.id}


def test_linking_appends_custody_link_event(conn):
    add_doc(conn, 1, "CNN")
    relink(conn)
    [event] = custody.load_events(conn, action="link")
    assert event.details["created"] == 1


def test_linking_incremental_keeps_id(conn):
    add_doc(conn, 1, "CNN")
    first = relink(conn)
    add_doc(conn, 2, "Reuters")
    second = relink(conn, [f"{2:064x}"])
    assert second.updated == first.created and second.created == []
    [inc] = analysis.load_incidents(conn)
    assert inc.grade == "corroborated"


def test_linking_reviewed_incident_gets_flagged_evidence(conn):
    add_doc(conn, 1, "CNN", 40)
    relink(conn)
    [inc] = analysis.load_incidents(conn)
    analysis.save_incidents(conn, [replace(inc, status="confirmed")], machine=False)
    add_doc(conn, 2, "Reuters", 400)
    summary = relink(conn)
    [after] = analysis.load_incidents(conn)
    assert summary.attached == [inc.id] and after.status == "confirmed" and after.victims == 40
    assert [f.unreviewed_evidence for f in after.sources] == [False, True]


@pytest.mark.slow
def test_linking_bench_10000_under_10_seconds():
    assert bench_link(10_000, cpu=True) < 10.0


def test_linking_relink_of_unchanged_mentions_keeps_them_linked(conn):
    doc = add_doc(conn, 1, "CNN", 40)
    relink(conn)
    [m] = analysis.load_mentions(conn, [doc.id])
    analysis.replace_mentions(conn, doc.id, [m], "test")  # re-extraction stores them unlinked
    summary = relink(conn, [doc.id])
    assert summary.created == summary.updated == []  # the incident is unchanged ...
    [inc] = analysis.load_incidents(conn)
    assert analysis.mention_incidents(conn) == {m.id: inc.id}  # ... and still holds its mention


def test_linking_picks_up_mentions_another_pass_left_unlinked(conn):
    first = add_doc(conn, 1, "CNN", 40)
    second = add_doc(conn, 2, "Reuters", 40)
    relink(conn, [second.id])  # a pass that names only the second document
    [inc] = analysis.load_incidents(conn)
    assert set(analysis.mention_incidents(conn).values()) == {inc.id}
    assert {f.document_id for f in inc.sources} == {first.id, second.id}
    assert analysis.unlinked_documents(conn) == []
