from svidok.link import link_mentions
from svidok.link.independence import same_origin


def test_independence_near_duplicate_is_not_independent(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a", "CNN"), make_doc("b", "Yahoo", near="a"))}
    [inc] = link_mentions([make_mention("a"), make_mention("b")], docs, [])
    b = next(f for f in inc.sources if f.document_id == "b")
    assert not b.independent and "near-duplicate of a.txt" in b.dependence_reason


def test_independence_same_outlet_is_not_independent(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a", "CNN"), make_doc("b", "cnn"))}
    [inc] = link_mentions([make_mention("a"), make_mention("b")], docs, [])
    assert [f.independent for f in inc.sources] == [True, False]
    assert "same outlet" in inc.sources[1].dependence_reason


def test_independence_same_attribution_relayed(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a", "CNN"), make_doc("b", "Kyiv Independent"))}
    ms = [make_mention("a", attributed_to="the National Police of Kharkiv Region"),
          make_mention("b", attributed_to="National Police of Kharkiv region")]
    [inc] = link_mentions(ms, docs, [])
    assert "relays the same attribution" in inc.sources[1].dependence_reason


def test_independence_generic_attribution_stays_independent(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a", "CNN"), make_doc("b", "Reuters"))}
    ms = [make_mention("a", attributed_to="a witness"), make_mention("b", attributed_to="a witness")]
    [inc] = link_mentions(ms, docs, [])
    assert all(f.independent for f in inc.sources)


def test_independence_name_inside_longer_attribution():
    assert same_origin("Serhiy Bolvinov", "Serhiy Bolvinov, chief investigator of the Kharkiv police")


def test_independence_same_website_without_outlet(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a", url="https://www.example.org/a"),
                              make_doc("b", url="https://example.org/b"))}
    [inc] = link_mentions([make_mention("a"), make_mention("b")], docs, [])
    assert inc.sources[1].dependence_reason == "same outlet as a.txt (example.org)"


def test_independence_citing_earlier_outlet_is_relay(make_doc, make_mention):
    docs = {d.id: d for d in (make_doc("a", "CNN"), make_doc("b", "Daily Mail"))}
    [inc] = link_mentions([make_mention("a"), make_mention("b", attributed_to="CNN")], docs, [])
    assert inc.sources[1].dependence_reason == "relays the reporting of CNN"
