from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
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


def test_discrepancy_same_party_differently_named_not_flagged(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    ms = [make_mention("a", perpetrator="Putin's men"), make_mention("b", perpetrator="the Russian army")]
    [inc] = link_mentions(ms, docs, [])
    assert inc.discrepancies == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5000), st.sampled_from(["exact", "at_least", "at_most", "about"])),
                min_size=1, max_size=5))
def test_discrepancy_headline_is_a_stated_figure_never_an_average(figures):
    from svidok.link.discrepancy import headline
    from svidok.model.core import SourceFigure

    figs = [SourceFigure(f"d{i}", c, q, None, ()) for i, (c, q) in enumerate(figures)]
    victims, qualifier, _ = headline(figs)
    assert (victims, qualifier) in figures and victims == min(c for c, _ in figures)
