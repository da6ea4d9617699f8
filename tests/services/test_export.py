"""export() on a real SQLite case: every format parses, filters apply, names are withheld, custody logs it."""

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from svidok.db import analysis, custody, repo
from svidok.model import DateValue, Document, DocumentLanguage, DocumentMeta, Mention, Place, Span
from svidok.services.export import ACLED_COLUMNS, export, render
from svidok.services.incidents import IncidentFilters
from svidok.services.linking import relink
from svidok.services.protection import note_mentions

KUPIANSK = Place("gn:704839", "Kupiansk", "settlement", 49.7106, 37.6156, "Kharkiv Oblast", geonameid=704839)
BUCHA = Place("ua:UA32080010010", "Bucha", "settlement", 50.5436, 30.2125, "Kyiv Oblast")
TEXT = "Ivan Petrenko said soldiers held 400 people."
LANGS = {1: DocumentLanguage("uk", 1.0, "given"), 2: DocumentLanguage("en", 0.99, "model"), 3: None}


@pytest.fixture
def conn(tx):
    _fill(tx)
    return tx


def _fill(conn) -> None:
    for n, (outlet, type_, place, count) in enumerate(
        [("CNN", "detention", KUPIANSK, 400), ("Reuters", "detention", KUPIANSK, 40),
         ("BBC", "killing", BUCHA, 458)], start=1):
        doc = Document(id=f"{n:064x}", filename=f"r{n}.txt", media_type="text/plain", size=10,
                       sha256=f"{n:064x}", meta=DocumentMeta(outlet=outlet, published=date(2022, 9, 15)),
                       collected_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n),
                       language=LANGS[n], extraction_status="extracted")
        repo.insert_document(conn, doc)
        m = Mention(document_id=doc.id, type=type_, evidence=Span(0, len(TEXT), TEXT),
                    trigger=Span(27, 31, "held"), place=place, count=count, qualifier="exact",
                    date=DateValue(date(2022, 9, 10), date(2022, 9, 10), "day"),
                    attributed_to="Ivan Petrenko", attribution_kind="witness",
                    persons=(Span(0, 13, "Ivan Petrenko"),), perpetrator="Russian soldiers", id=f"m{n:015d}")
        analysis.replace_mentions(conn, doc.id, [m], "test")
        note_mentions(conn, [m])
    relink(conn)


def test_export_json_has_documents_and_sources(conn, tmp_path):
    res = export(conn, "json", out=tmp_path / "e.json")
    data = json.loads((tmp_path / "e.json").read_text())
    assert res.count == 2 and len(data["documents"]) == 3
    kup = next(i for i in data["incidents"] if i["place"]["name"] == "Kupiansk")
    assert sorted(s["count"] for s in kup["sources"]) == [40, 400] and kup["victims"] == 40
    assert kup["place"]["level"] == "settlement" and kup["flagged"] is True


def test_export_withholds_person_names(conn):
    text, _ = render(conn, "json")
    assert "Ivan Petrenko" not in text and "[name withheld] said soldiers" in text


def test_export_include_protected_keeps_names(conn):
    text, _ = render(conn, "json", include_protected=True)
    assert "Ivan Petrenko said" in text


def test_export_csv_one_row_per_incident(conn):
    text, count = render(conn, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == count == 2 and {r["place"] for r in rows} == {"Kupiansk", "Bucha"}


def test_export_geojson_points(conn):
    text, _ = render(conn, "geojson")
    data = json.loads(text)
    assert data["type"] == "FeatureCollection"
    assert sorted(f["geometry"]["coordinates"][0] for f in data["features"]) == [30.2125, 37.6156]


def test_export_acled_columns_and_mapping(conn):
    text, _ = render(conn, "acled")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS
    bucha = next(r for r in rows if r["location"] == "Bucha")
    assert (bucha["event_type"], bucha["sub_event_type"], bucha["fatalities"]) == (
        "Violence against civilians", "Attack", "458")
    assert bucha["actor1"] == "Military Forces of Russia (2000-)" and bucha["event_date"] == "2022-09-10"


def test_export_filters_by_type(conn):
    text, count = render(conn, "json", IncidentFilters(type="killing"))
    data = json.loads(text)
    assert count == 1 and [d["id"] for d in data["documents"]] == [f"{3:064x}"]


def test_export_leaves_out_rejected(conn):
    [inc] = analysis.load_incidents(conn, type="killing")
    inc.status = "rejected"
    analysis.save_incidents(conn, [inc], machine=False)
    assert render(conn, "csv")[1] == 1


def test_export_logs_custody_event_with_hash(conn, tmp_path):
    res = export(conn, "csv", IncidentFilters(type="detention"), out=tmp_path / "e.csv")
    [event] = custody.load_events(conn, action="export")
    assert event.object_hash == res.sha256 and event.details["count"] == 1
    assert event.details["filters"] == {"type": "detention"}


def test_export_bytes_logs_the_hash_of_what_it_returns(conn):
    import hashlib

    from svidok.services.export import export_bytes

    data, res = export_bytes(conn, "geojson")
    [event] = custody.load_events(conn, action="export")
    assert hashlib.sha256(data).hexdigest() == res.sha256 == event.object_hash


def test_export_incident_carries_reported_date_and_basis(conn):
    data = json.loads(render(conn, "json")[0])
    kup = next(i for i in data["incidents"] if i["place"]["name"] == "Kupiansk")
    assert (kup["date"], kup["reported"], kup["date_basis"]) == ("2022-09-10", "2022-09-15", "act")


def test_export_undated_incident_falls_back_to_reported(tx):
    doc = Document(id=f"{9:064x}", filename="r9.txt", media_type="text/plain", size=10, sha256=f"{9:064x}",
                   meta=DocumentMeta(outlet="Wire", published=date(2022, 3, 1), published_precision="month"),
                   collected_at=datetime(2024, 1, 1, tzinfo=UTC))
    repo.insert_document(tx, doc)
    m = Mention(document_id=doc.id, type="killing", evidence=Span(0, len(TEXT), TEXT),
                trigger=Span(27, 31, "held"), place=BUCHA, id="m-undated")
    analysis.replace_mentions(tx, doc.id, [m], "test")
    relink(tx)
    [row] = list(csv.DictReader(io.StringIO(render(tx, "csv")[0])))
    assert (row["date"], row["reported"], row["date_basis"]) == ("", "2022-03", "reported")


def test_export_json_gives_each_document_language_and_extraction_status(conn):
    flagged = Document(id=f"{9:064x}", filename="ru.txt", media_type="text/plain", size=5, sha256=f"{9:064x}",
                       meta=DocumentMeta(), collected_at=datetime(2024, 2, 1, tzinfo=UTC),
                       language=DocumentLanguage("ru", 0.93, "letters", ((0, 5, "ru"), (6, 9, "en"))),
                       extraction_status="unsupported_language: ru")
    repo.insert_document(conn, flagged)
    docs = {d["filename"]: d for d in json.loads(render(conn, "json")[0])["documents"]}
    assert (docs["r1.txt"]["language"], docs["r1.txt"]["language_method"]) == ("uk", "given")
    assert docs["r1.txt"]["extraction_status"] == "extracted"
    assert docs["ru.txt"]["extraction_status"] == "unsupported_language: ru"
    assert docs["ru.txt"]["language_runs"] == [[0, 5, "ru"], [6, 9, "en"]]
    assert docs["r3.txt"]["language"] is None


def test_export_json_gives_each_source_its_language(conn):
    data = json.loads(render(conn, "json")[0])
    kup = next(i for i in data["incidents"] if i["place"]["name"] == "Kupiansk")
    assert sorted(s["language"] for s in kup["sources"]) == ["en", "uk"]


@pytest.mark.parametrize(("fmt", "column"), [("csv", "languages"), ("acled", "source_languages")])
def test_export_csv_formats_give_source_languages(conn, fmt, column):
    rows = list(csv.DictReader(io.StringIO(render(conn, fmt)[0])))
    by_id = {r["event_id" if fmt == "acled" else "id"]: r[column] for r in rows}
    assert sorted(by_id.values()) == ["", "uk;en"]


def test_export_geojson_gives_source_languages(conn):
    features = json.loads(render(conn, "geojson")[0])["features"]
    assert sorted(f["properties"]["languages"] for f in features) == ["", "uk;en"]


def test_export_acled_time_precision_follows_acled_codebook(tx):
    """ACLED's time_precision: 1 the day is known, 2 a week or a few days, 3 a month or longer, and
    3 for an act the text does not date (its event_date is then the earliest report's date)."""
    places = [Place(f"gn:{n}", name, "settlement", 49.0 + n / 10, 36.0, "Kharkiv Oblast")
              for n, name in enumerate(("Aa", "Bb", "Cc", "Dd"))]
    dates = [DateValue(date(2022, 3, 5), date(2022, 3, 5), "day"),
             DateValue(date(2022, 3, 7), date(2022, 3, 11), "range"),
             DateValue(date(2022, 4, 1), date(2022, 4, 30), "month"), None]
    for n, (place, when) in enumerate(zip(places, dates, strict=True)):
        doc = Document(id=f"{n + 20:064x}", filename=f"a{n}.txt", media_type="text/plain", size=10,
                       sha256=f"{n + 20:064x}", meta=DocumentMeta(outlet="Wire", published=date(2022, 5, 2)),
                       collected_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
        repo.insert_document(tx, doc)
        m = Mention(document_id=doc.id, type="killing", evidence=Span(0, len(TEXT), TEXT),
                    trigger=Span(27, 31, "held"), place=place, date=when, id=f"m-acled-{n}")
        analysis.replace_mentions(tx, doc.id, [m], "test")
    relink(tx)
    rows = {r["location"]: r for r in csv.DictReader(io.StringIO(render(tx, "acled")[0]))}
    got = {k: (r["event_date"], r["time_precision"]) for k, r in rows.items()}
    assert got == {"Aa": ("2022-03-05", "1"), "Bb": ("2022-03-07", "2"), "Cc": ("2022-04-01", "3"),
                   "Dd": ("2022-05-02", "3")}


def test_export_date_filter_reads_reported_date_when_the_act_is_undated(tx):
    doc = Document(id=f"{30:064x}", filename="u.txt", media_type="text/plain", size=10, sha256=f"{30:064x}",
                   meta=DocumentMeta(outlet="Wire", published=date(2022, 6, 3)),
                   collected_at=datetime(2024, 1, 1, tzinfo=UTC))
    repo.insert_document(tx, doc)
    m = Mention(document_id=doc.id, type="killing", evidence=Span(0, len(TEXT), TEXT),
                trigger=Span(27, 31, "held"), place=BUCHA, id="m-filter-undated")
    analysis.replace_mentions(tx, doc.id, [m], "test")
    relink(tx)
    june = IncidentFilters(since=date(2022, 6, 1), until=date(2022, 6, 30))
    july = IncidentFilters(since=date(2022, 7, 1), until=date(2022, 7, 31))
    assert render(tx, "csv", june)[1] == 1 and render(tx, "csv", july)[1] == 0
