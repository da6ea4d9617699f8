"""The synthetic incidents behind the latency benchmark keep Svidok's rule: every fact has a span."""

from __future__ import annotations

from svidok.services import synthetic


def test_synthetic_every_fact_points_at_its_text() -> None:
    docs, texts, mentions = synthetic.build(200, seed=5)
    by_doc = {d.id: t.text for d, t in zip(docs, texts, strict=True)}
    assert len(mentions) >= 200
    for m in mentions:
        text = by_doc[m.document_id]
        for span in (m.evidence, m.trigger, m.place_span, m.count_span, m.date_span, m.attribution_span):
            assert span is not None and text[span.start:span.end] == span.text


def test_synthetic_counts_and_places_are_stated_in_the_sentence() -> None:
    _, _, mentions = synthetic.build(50, seed=6)
    for m in mentions:
        assert str(m.count) in m.count_span.text and m.place.name == m.place_span.text


def test_synthetic_populate_links_into_incidents(tx) -> None:
    from svidok.services.incidents import count

    result = synthetic.populate(tx, 300, seed=2)
    assert 250 <= result.incidents <= 300 and count(tx) == result.incidents
