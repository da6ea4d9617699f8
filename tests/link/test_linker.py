from dataclasses import replace
from datetime import date

from link_fixtures import BUCHA, IRPIN, KHARKIV_OBLAST

from svidok.link import incident_id, link_mentions, mention_id


def test_linker_merges_same_type_place_and_time(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a", "CNN"), make_doc("b", "Reuters"))}
    ms = [make_mention("a", when=date(2022, 9, 14)), make_mention("b", when=date(2022, 9, 15))]
    incs = link_mentions(ms, docs, [])
    assert len(incs) == 1
    assert {f.document_id for f in incs[0].sources} == {"a", "b"}


def test_linker_keeps_bucha_and_irpin_apart(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    ms = [make_mention("a", "killing", BUCHA), make_mention("b", "killing", IRPIN)]
    incs = link_mentions(ms, docs, [])
    assert sorted(i.place.name for i in incs) == ["Bucha", "Irpin"]


def test_linker_keeps_admin1_apart_from_settlement(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    ms = [make_mention("a"), make_mention("b", place=KHARKIV_OBLAST)]
    incs = link_mentions(ms, docs, [])
    assert sorted(i.place.level for i in incs) == ["admin1", "settlement"]


def test_linker_keeps_distant_dates_apart(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    ms = [make_mention("a", when=date(2022, 3, 1)), make_mention("b", when=date(2022, 9, 15))]
    assert len(link_mentions(ms, docs, [])) == 2


def test_linker_undated_mention_joins(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    ms = [make_mention("a", when=date(2022, 3, 1)), make_mention("b")]
    assert len(link_mentions(ms, docs, [])) == 1


def test_linker_id_from_type_place_and_earliest_mention(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    first = make_mention("a")
    incs = link_mentions([make_mention("b"), first], docs, [])
    assert incs[0].id == incident_id("detention", first.place.id, mention_id(first))


def test_linker_incremental_add_keeps_ids(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"), make_doc("c"))}
    ms = [make_mention("a"), make_mention("b", "killing", BUCHA)]
    before = link_mentions(ms, docs, [])
    after = link_mentions(ms + [make_mention("c")], docs, before)
    assert [i.id for i in after] == [i.id for i in before]
    assert len(next(i for i in after if i.type == "detention").sources) == 2


def test_linker_rerun_gives_same_ids(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    ms = [make_mention("a"), make_mention("b"), make_mention("b", "killing", BUCHA)]
    assert [i.id for i in link_mentions(ms, docs, [])] == [i.id for i in link_mentions(ms[::-1], docs, [])]


def test_linker_reviewed_incident_not_changed(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    [inc] = link_mentions([make_mention("a", count=40)], docs, [])
    confirmed = replace(inc, status="confirmed", grade_reasons=["checked by hand"])
    [after] = link_mentions([make_mention("a", count=40), make_mention("b", count=400)], docs, [confirmed])
    assert (after.victims, after.grade, after.grade_reasons) == (40, inc.grade, ["checked by hand"])
    new = [f for f in after.sources if f.document_id == "b"]
    assert len(new) == 1 and new[0].unreviewed_evidence


def test_linker_one_figure_per_document_most_conservative(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"),)}
    ms = [make_mention("a", count=400, qualifier="exact"),
          make_mention("a", start=100, count=40, qualifier="at_least", attributed_to="officials")]
    [inc] = link_mentions(ms, docs, [])
    [fig] = inc.sources
    assert (fig.count, fig.qualifier, fig.attributed_to, len(fig.spans)) == (40, "at_least", "officials", 2)


def test_linker_skips_mentions_without_place(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"),)}
    assert link_mentions([make_mention("a", place=None)], docs, []) == []


def test_linker_withdrawn_mention_drops_unreviewed_incident(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"),)}
    before = link_mentions([make_mention("a"), make_mention("a", "killing", BUCHA)], docs, [])
    after = link_mentions([make_mention("a", "killing", BUCHA)], docs, before)
    assert [i.type for i in after] == ["killing"]


def test_linker_untouched_incident_kept_as_is(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    before = link_mentions([make_mention("a", attribution_kind="witness")], docs, [])
    after = link_mentions([make_mention("b", "killing", BUCHA)], docs, before)
    kept = next(i for i in after if i.type == "detention")
    assert kept == before[0] and "first-hand" in kept.grade


def test_linker_document_without_mentions_left_drops_figure(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"), make_doc("b"))}
    before = link_mentions([make_mention("a"), make_mention("b")], docs, [])
    [after] = link_mentions([], docs, before, relinked={"b"})
    assert [f.document_id for f in after.sources] == ["a"]


def test_linker_source_keeps_the_strongest_place_basis(make_doc, make_mention):
    docs = {"a": make_doc("a")}
    ms = [make_mention("a", place_basis="focus"), make_mention("a", start=200, place_basis="sentence")]
    (inc,) = link_mentions(ms, docs, [])
    assert inc.sources[0].place_basis == "sentence"
