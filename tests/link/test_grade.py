from svidok.link import link_mentions
from svidok.link.grade import grade_parts


def test_grade_two_independent_sources_corroborated(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a", "CNN"), make_doc("b", "Reuters"))}
    [inc] = link_mentions([make_mention("a"), make_mention("b")], docs, [])
    assert inc.grade == "corroborated" and inc.confidence > 0.5


def test_grade_dependent_copy_stays_single_source(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a", "CNN"), make_doc("b", near="a"))}
    [inc] = link_mentions([make_mention("a"), make_mention("b")], docs, [])
    assert inc.grade == "single source"
    assert any("not independent" in r for r in inc.grade_reasons)


def test_grade_denial_marks_contested(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"),)}
    [inc] = link_mentions([make_mention("a", denied=True)], docs, [])
    assert "contested" in grade_parts(inc.grade)


def test_grade_witness_marks_first_hand(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a"),)}
    m = make_mention("a", attributed_to="a former prisoner", attribution_kind="witness")
    [inc] = link_mentions([m], docs, [])
    assert grade_parts(inc.grade) == ["single source", "first-hand"]
    assert any("a former prisoner" in r for r in inc.grade_reasons)
