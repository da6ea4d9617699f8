"""link.cluster and the order-free linking it gives (issue #12: any order of arrival, one result)."""

from datetime import date, datetime, timedelta

from hypothesis import given, seed, settings
from hypothesis import strategies as st
from link_fixtures import BUCHA, KUPIANSK

from svidok.link import link_mentions, mention_id
from svidok.link.cluster import clusters
from svidok.model import DateValue, Document, DocumentMeta, Mention, Span


def _m(doc: str, day: int | None, start: int = 0, place=KUPIANSK, count: int | None = None) -> Mention:
    when = date(2022, 3, 1) + timedelta(days=day) if day is not None else None
    text = "Troops held villagers."
    return Mention(document_id=doc, type="detention", evidence=Span(start, start + len(text), text),
                   trigger=Span(start + 7, start + 11, "held"), place=place, count=count,
                   qualifier="exact" if count else None,
                   date=DateValue(when, when, "day") if when else None)


def _pairs(*ms: Mention) -> list[tuple[str, Mention]]:
    return [(mention_id(m), m) for m in ms]


def test_cluster_bridging_date_joins_both_sides():
    parts = clusters(_pairs(_m("a", 0), _m("b", 14), _m("c", 7)))
    assert [sorted(m.document_id for _, m in p) for p in parts] == [["a", "b", "c"]]


def test_cluster_gap_beyond_slack_splits():
    parts = clusters(_pairs(_m("a", 0), _m("b", 8)))
    assert [[m.document_id for _, m in p] for p in parts] == [["a"], ["b"]]


def test_cluster_undated_mention_joins_its_reports_dated_cluster():
    parts = clusters(_pairs(_m("a", 0), _m("b", 30), _m("b", None, start=200)))
    assert [[m.document_id for _, m in p] for p in parts] == [["a"], ["b", "b"]]


def test_cluster_undated_mention_of_an_undated_report_joins_the_earliest():
    parts = clusters(_pairs(_m("b", 30), _m("a", 0), _m("c", None)))
    assert [[m.document_id for _, m in p] for p in parts] == [["a", "c"], ["b"]]


def _outcome(incs):
    return sorted((i.type, i.place.id, i.victims or -1, tuple(sorted({f.document_id for f in i.sources})))
                  for i in incs)


def _batched(ms: list[Mention], docs, batches: list[list[str]]):
    """Link batch after batch as services.linking does: each batch's documents plus every mention
    of the (type, place) keys they touch."""
    existing: list = []
    stored: set[str] = set()
    for batch in batches:
        stored |= set(batch)
        keys = {(m.type, m.place.id) for m in ms if m.document_id in batch}
        keys |= {(i.type, i.place.id) for i in existing if any(f.document_id in batch for f in i.sources)}
        given = [m for m in ms if m.document_id in stored and (m.type, m.place.id) in keys]
        existing = link_mentions(given, docs, existing, relinked=set(batch))
    return existing


_mention = st.tuples(st.integers(0, 7), st.one_of(st.none(), st.integers(0, 45)), st.booleans(),
                     st.sampled_from([None, 4, 40, 400]))


@seed(20261201)
@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(_mention, min_size=1, max_size=14), st.randoms(use_true_random=False),
       st.integers(1, 4))
def test_cluster_linking_ends_alike_in_any_order_and_batching(raw, rnd, size):
    docs = {f"d{i}": Document(id=f"d{i}", filename=f"d{i}.txt", media_type="text/plain", size=1,
                              sha256=f"d{i}", meta=DocumentMeta(outlet=f"Outlet {i}"),
                              collected_at=datetime(2024, 1, 1) + timedelta(minutes=i)) for i in range(8)}
    ms = [_m(f"d{doc}", day, start=100 * i, place=BUCHA if alt else KUPIANSK, count=count)
          for i, (doc, day, alt, count) in enumerate(raw)]
    whole = _outcome(link_mentions(ms, docs, []))
    order = sorted(docs)
    rnd.shuffle(order)
    batches = [order[i:i + size] for i in range(0, len(order), size)]
    assert _outcome(_batched(ms, docs, batches)) == whole
