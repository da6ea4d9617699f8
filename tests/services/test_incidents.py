"""query() and show() on a real SQLite case, each test in a rolled-back transaction."""

from datetime import UTC, date, datetime, timedelta

import pytest

from svidok.db import analysis, repo
from svidok.model import DateValue, Document, DocumentMeta, Mention, Place, Span
from svidok.services.incidents import IncidentFilters, NotFound, QueryError, query, show
from svidok.services.linking import relink

KUPIANSK = Place("gn:704839", "Kupiansk", "settlement", 49.7106, 37.6156, "Kharkiv Oblast", geonameid=704839)
IZIUM = Place("gn:707292", "Izium", "settlement", 49.2103, 37.2483, "Kharkiv Oblast", geonameid=707292)
BUCHA = Place("ua:UA32080010010", "Bucha", "settlement", 50.5436, 30.2125, "Kyiv Oblast")
TEXT = "Soldiers held 400 people in a basement."


@pytest.fixture
def conn(tx):
    c = tx
    rows = [("CNN", "detention", KUPIANSK, 400, date(2022, 9, 10)),
            ("Reuters", "detention", KUPIANSK, 40, date(2022, 9, 11)),
            ("BBC", "burial_site", IZIUM, 440, date(2022, 9, 16)),
            ("AP", "killing", BUCHA, 458, date(2022, 3, 30))]
    for n, (outlet, type_, place, count, when) in enumerate(rows, start=1):
        doc = Document(id=f"{n:064x}", filename=f"r{n}.txt", media_type="text/plain", size=10,
                       sha256=f"{n:064x}", meta=DocumentMeta(outlet=outlet),
                       collected_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
        repo.insert_document(c, doc)
        m = Mention(document_id=doc.id, type=type_, evidence=Span(0, len(TEXT), TEXT),
                    trigger=Span(9, 13, "held"), place=place, count=count, qualifier="exact",
                    date=DateValue(when, when, "day"), attributed_to=f"official {n}", id=f"m{n:015d}")
        analysis.replace_mentions(c, doc.id, [m], "test")
    relink(c)
    return c


def test_incidents_filter_by_oblast(conn):
    found = query(conn, IncidentFilters(oblast="kharkiv"))
    assert sorted(i.place.name for i in found) == ["Izium", "Kupiansk"]


def test_incidents_filter_min_sources(conn):
    assert [i.place.name for i in query(conn, IncidentFilters(min_sources=2))] == ["Kupiansk"]


def test_incidents_filter_since(conn):
    found = query(conn, IncidentFilters(since=date(2022, 9, 1)))
    assert {i.place.name for i in found} == {"Kupiansk", "Izium"}


def test_incidents_filter_grade_and_flagged(conn):
    assert [i.type for i in query(conn, IncidentFilters(grade="corroborated", flagged=True))] == ["detention"]


def test_incidents_filter_place_by_name(conn):
    assert [i.type for i in query(conn, IncidentFilters(place="bucha"))] == ["killing"]


def test_incidents_sort_by_victims_descending(conn):
    assert [i.victims for i in query(conn, sort="-victims")] == [458, 440, 40]


def test_incidents_bad_sort_is_clear_error(conn):
    with pytest.raises(QueryError, match="sort 'size'"):
        query(conn, sort="size")


def test_incidents_show_sources_and_custody(conn):
    [inc] = query(conn, IncidentFilters(place="Kupiansk"))
    detail = show(conn, inc.id[:8])
    data = detail.to_json()
    assert [s["outlet"] for s in data["sources"]] == ["CNN", "Reuters"]
    assert data["sources"][0]["sha256"] == f"{1:064x}" and data["discrepancies"][0]["field"] == "count"


def test_incidents_show_unknown_id(conn):
    with pytest.raises(NotFound):
        show(conn, "inc-000000000000")


def _report(c, n: int, text: str, evidence: str, place: Place, title: str | None = None) -> None:
    """One report whose text holds `evidence` (the act's clause) among other sentences."""
    from svidok.model import ReadText

    start = text.index(evidence)
    doc = Document(id=f"{n:064x}", filename=f"s{n}.txt", media_type="text/plain", size=len(text),
                   sha256=f"{n:064x}", meta=DocumentMeta(outlet="Wire", title=title),
                   collected_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
    repo.insert_documents(c, [doc], [ReadText(text=text, reader="test", reader_version="1")])
    m = Mention(document_id=doc.id, type="detention", evidence=Span(start, start + len(evidence), evidence),
                trigger=Span(start, start + 8, evidence[:8]), place=place, id=f"ms{n:014d}")
    analysis.replace_mentions(c, doc.id, [m], "test")


def test_incidents_text_search_ignores_words_outside_the_evidence(tx):
    _report(tx, 101, "Soldiers detained nine men in Kupiansk. The town hall has a basement.",
            "Soldiers detained nine men in Kupiansk.", KUPIANSK)
    relink(tx)
    assert query(tx, IncidentFilters(text="basement")) == []
    assert [i.place.name for i in query(tx, IncidentFilters(text="detained nine"))] == ["Kupiansk"]


def test_incidents_text_search_ranks_quote_hits_before_field_hits(tx):
    _report(tx, 102, "Soldiers detained nine men in Kupiansk.", "Soldiers detained nine men in Kupiansk.",
            KUPIANSK, title="What happened in the basements")
    izium = "Soldiers detained men in a basement in Izium."
    _report(tx, 103, izium, izium, IZIUM)
    relink(tx)
    for sort in ("place", "-place", "date"):  # whatever the order asked for, quote hits lead
        assert [i.place.name for i in query(tx, IncidentFilters(text="basement"), sort=sort)] == [
            "Izium", "Kupiansk"]


def test_incidents_place_filter_finds_every_spelling_and_script(tx):
    kupiansk = Place("ua:UA63080090010026457", "Kupiansk", "settlement", 49.71, 37.6158, "Kharkiv Oblast")
    _report(tx, 104, "Soldiers detained nine men.", "Soldiers detained nine men.", kupiansk)
    _report(tx, 105, "Soldiers detained two men.", "Soldiers detained two men.", IZIUM)
    relink(tx)
    for spelling in ("Kupiansk", "Kupyansk", "Куп'янськ", "Купянск", "kupjansk"):
        assert [i.place.name for i in query(tx, IncidentFilters(place=spelling))] == ["Kupiansk"], spelling


def test_incidents_place_filter_naming_an_oblast_finds_the_places_in_it(conn):
    assert sorted(i.place.name for i in query(conn, IncidentFilters(place="Харківська область"))) == [
        "Izium", "Kupiansk"]


def test_incidents_dating_falls_back_to_the_earliest_report(tx):
    from svidok.services.incidents import dating

    for n, published in ((106, date(2022, 5, 9)), (107, date(2022, 5, 2))):
        doc = Document(id=f"{n:064x}", filename=f"d{n}.txt", media_type="text/plain", size=10,
                       sha256=f"{n:064x}", meta=DocumentMeta(outlet=f"Wire {n}", published=published),
                       collected_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
        repo.insert_document(tx, doc)
        m = Mention(document_id=doc.id, type="killing", evidence=Span(0, len(TEXT), TEXT),
                    trigger=Span(9, 13, "held"), place=BUCHA, id=f"md{n:014d}")
        analysis.replace_mentions(tx, doc.id, [m], "test")
    relink(tx)
    [inc] = query(tx)
    when = dating(tx, [inc])[inc.id]
    assert (when.basis, when.label(), when.reported) == ("reported", "2022-05-02", date(2022, 5, 2))
    may = IncidentFilters(since=date(2022, 5, 1), until=date(2022, 5, 3))
    assert [i.id for i in query(tx, may)] == [inc.id]
