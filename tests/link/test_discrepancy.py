from datetime import date

from link_fixtures import KHARKIV_OBLAST

from svidok.link import link_mentions
from svidok.link.discrepancy import counts_conflict


def test_discrepancy_400_vs_40_flagged_headline_40(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a", "CNN"), make_doc("b", "Reuters"))}
    ms = [make_mention("a", count=400, qualifier="exact"), make_mention("b", count=40, qualifier="exact")]
    [inc] = link_mentions(ms, docs, [])
    assert inc.flagged and (inc.victims, inc.qualifier) == (40, "exact")
    [d] = inc.discrepancies
    assert d.field == "count" and {v["value"] for v in d.values} == {"400", "40"}
    assert all(v["span"]["text"] == "400" for v in d.values)
    assert "most conservative" in inc.headline_note


def test_discrepancy_compatible_counts_not_flagged():
    assert not counts_conflict((40, "at_least"), (45, "exact"))


def test_discrepancy_dates_flagged(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    ms = [make_mention("a", when=date(2022, 9, 10)), make_mention("b", when=date(2022, 9, 14))]
    [inc] = link_mentions(ms, docs, [])
    assert [d.field for d in inc.discrepancies] == ["date"]


def test_discrepancy_perpetrator_flagged(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    ms = [make_mention("a", perpetrator="Russian forces"), make_mention("b", perpetrator="Ukrainian army")]
    [inc] = link_mentions(ms, docs, [])
    assert [d.field for d in inc.discrepancies] == ["perpetrator"]


def test_discrepancy_place_precision_flagged(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    incs = link_mentions([make_mention("a"), make_mention("b", place=KHARKIV_OBLAST)], docs, [])
    oblast = next(i for i in incs if i.place.level == "admin1")
    assert [d.field for d in oblast.discrepancies] == ["place"]
