"""The incidents / show / export commands on a real case directory."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from typer.testing import CliRunner

from svidok.cli.main import app
from svidok.db import analysis, custody, repo
from svidok.model import DateValue, Document, DocumentMeta, Mention, Place, Span
from svidok.services.case import init_case
from svidok.services.linking import relink

KUPIANSK = Place("gn:704839", "Kupiansk", "settlement", 49.7106, 37.6156, "Kharkiv Oblast", geonameid=704839)
BUCHA = Place("ua:UA32080010010", "Bucha", "settlement", 50.5436, 30.2125, "Kyiv Oblast")
TEXT = "Soldiers held 400 people in a police building."
runner = CliRunner()


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli") / "case"
    case = init_case(root, actor="tester")
    with case.begin() as conn:
        rows = [("CNN", "detention", KUPIANSK, 400), ("Reuters", "detention", KUPIANSK, 40),
                ("BBC", "attack_civilian_objects", BUCHA, None)]
        for n, (outlet, type_, place, count) in enumerate(rows, start=1):
            doc = Document(id=f"{n:064x}", filename=f"r{n}.txt", media_type="text/plain", size=10,
                           sha256=f"{n:064x}", meta=DocumentMeta(outlet=outlet, published=date(2022, 9, 15)),
                           collected_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
            repo.insert_document(conn, doc)
            m = Mention(document_id=doc.id, type=type_, evidence=Span(0, len(TEXT), TEXT),
                        trigger=Span(9, 13, "held"), place=place, count=count,
                        qualifier="exact" if count else None,
                        date=DateValue(date(2022, 9, 10), date(2022, 9, 10), "day"), id=f"m{n:015d}")
            analysis.replace_mentions(conn, doc.id, [m], "test")
        relink(conn)
    case.close()
    return root


def invoke(case_dir, *args):
    return runner.invoke(app, ["--case", str(case_dir), *args])


def test_incidents_table_fits_80_columns(case_dir):
    res = invoke(case_dir, "incidents")
    assert res.exit_code == 0, res.output
    assert "Kupiansk" in res.output and "attack_civilian_objects" in res.output
    assert max(len(line) for line in res.output.splitlines()) <= 80


def test_incidents_json_filters(case_dir):
    res = invoke(case_dir, "incidents", "--oblast", "Kharkiv", "--min-sources", "2", "--json")
    rows = json.loads(res.stdout)
    assert [(r["type"], r["victims"]) for r in rows] == [("detention", 40)]


def test_incidents_bad_date_is_one_line_error(case_dir):
    res = invoke(case_dir, "incidents", "--since", "last week")
    assert res.exit_code == 1 and "--since 'last week'" in res.output


def test_incidents_show_prints_sources_and_discrepancy(case_dir):
    inc_id = json.loads(invoke(case_dir, "incidents", "--place", "Kupiansk", "--json").stdout)[0]["id"]
    res = invoke(case_dir, "show", inc_id[:9])
    assert res.exit_code == 0, res.output
    assert "CNN" in res.output and "Reuters" in res.output and "count:" in res.output


def test_incidents_show_unknown_id_fails(case_dir):
    res = invoke(case_dir, "show", "inc-ffffffffffff")
    assert res.exit_code == 1 and "no such incident" in res.output


def test_incidents_export_writes_file_and_logs(case_dir, tmp_path):
    target = tmp_path / "out.geojson"
    res = invoke(case_dir, "export", "--format", "geojson", "-o", str(target), "--type", "detention")
    assert res.exit_code == 0, res.output
    assert len(json.loads(target.read_text())["features"]) == 1
    from svidok.services.case import open_case

    case = open_case(case_dir)
    with case.connect() as conn:
        assert custody.load_events(conn, action="export")[-1].details["format"] == "geojson"
    case.close()


def test_incidents_export_bad_format(case_dir):
    res = invoke(case_dir, "export", "--format", "xml")
    assert res.exit_code == 1 and "format 'xml'" in res.output


def test_incidents_help_has_example():
    for cmd in ("incidents", "show", "export"):
        assert "Example:" in runner.invoke(app, [cmd, "--help"]).output


def test_incidents_page_option_and_footer(case_dir):
    res = invoke(case_dir, "incidents", "--page", "2", "--limit", "1")
    assert res.exit_code == 0 and "2-2 of 2 incidents (page 2 of 2)" in res.output


def test_incidents_show_victims_in_words(case_dir):
    inc_id = json.loads(invoke(case_dir, "incidents", "--place", "Kupiansk", "--json").stdout)[0]["id"]
    res = invoke(case_dir, "show", inc_id)
    assert "victims     40" in res.output and "CNN" in res.output and "untitled report" in res.output


def test_incidents_show_old_id_of_a_merged_incident(tmp_path):
    from svidok.services.case import open_case
    from svidok.services.review import merge

    root = tmp_path / "case"
    case = init_case(root, actor="tester")
    with case.begin() as conn:
        for n, place in enumerate((KUPIANSK, BUCHA), start=1):
            doc = Document(id=f"{n:064x}", filename=f"r{n}.txt", media_type="text/plain", size=10,
                           sha256=f"{n:064x}", meta=DocumentMeta(outlet="Wire"),
                           collected_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
            repo.insert_document(conn, doc)
            m = Mention(document_id=doc.id, type="detention", evidence=Span(0, len(TEXT), TEXT),
                        trigger=Span(9, 13, "held"), place=place, id=f"m{n:015d}")
            analysis.replace_mentions(conn, doc.id, [m], "test")
        relink(conn)
    case.close()
    ids = [r["id"] for r in json.loads(invoke(root, "incidents", "--json").stdout)]
    case = open_case(root)
    with case.begin() as conn:
        merge(conn, ids[0], ids[1], "ana", "one detention")
    case.close()
    res = invoke(root, "show", ids[1])
    assert res.exit_code == 0 and f"{ids[1]} was merged into {ids[0]}; showing {ids[0]}" in res.output
    assert res.stdout.startswith(ids[0])
