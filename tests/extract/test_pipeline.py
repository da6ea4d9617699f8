"""Tests for svidok.extract.pipeline: the model check, component order and the stage function."""

from __future__ import annotations

from datetime import date

from svidok.extract.pipeline import (
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    SVIDOK_COMPONENTS,
    ExtractItem,
    Extractor,
)
from svidok.model import DateValue, ReadText

TEXT_A = "Soldiers tortured the prisoners in a basement in Izium."
TEXT_B = "Soldiers killed three civilians in Bucha on Saturday."


def _read(text: str, published: date | None = None) -> ReadText:
    return ReadText(text=text, reader="test", reader_version="1", published=published, body=((0, len(text)),))


def test_pipeline_load_is_cached(extractor: Extractor) -> None:
    assert Extractor.load() is extractor


def test_pipeline_model_is_en_core_web_sm_380(extractor: Extractor) -> None:
    meta = extractor.nlp.meta
    assert (meta["lang"], meta["version"]) == ("en", "3.8.0") and "core_web_sm" in meta["name"]


def test_pipeline_svidok_components_follow_the_model_in_order(extractor: Extractor) -> None:
    names = extractor.nlp.pipe_names
    assert tuple(names[-len(SVIDOK_COMPONENTS):]) == SVIDOK_COMPONENTS
    assert names.index("ner") < names.index(SVIDOK_COMPONENTS[0])


def test_pipeline_extract_stamps_name_and_version(extractor: Extractor) -> None:
    ms = extractor.extract("doc-a", _read(TEXT_A), date(2022, 9, 20))
    assert ms and {(m.document_id, m.component, m.version) for m in ms} == {
        ("doc-a", EXTRACTOR_NAME, EXTRACTOR_VERSION)}


def test_pipeline_extract_many_keeps_item_order(extractor: Extractor) -> None:
    items = [ExtractItem("doc-b", _read(TEXT_B), date(2022, 9, 20)),
             ExtractItem("doc-a", _read(TEXT_A), date(2022, 9, 20))]
    results = list(extractor.extract_many(items))
    assert [{m.document_id for m in ms} for ms in results] == [{"doc-b"}, {"doc-a"}]
    assert {m.place.name for m in results[0] if m.place} == {"Bucha"}


def test_pipeline_published_falls_back_to_read_text(extractor: Extractor) -> None:
    ms = extractor.extract("doc-b", _read(TEXT_B, published=date(2022, 9, 20)), None)
    assert [m.date for m in ms] == [DateValue(date(2022, 9, 17), date(2022, 9, 17), "day")]


def test_pipeline_mention_ids_stable_across_runs(extractor: Extractor) -> None:
    first = extractor.extract("doc-a", _read(TEXT_A), date(2022, 9, 20))
    again = extractor.extract("doc-a", _read(TEXT_A), date(2022, 9, 20))
    assert [m.id for m in first] == [m.id for m in again] and all(m.id for m in first)


def test_pipeline_mention_ids_depend_on_document(extractor: Extractor) -> None:
    a = {m.id for m in extractor.extract("doc-a", _read(TEXT_A), None)}
    b = {m.id for m in extractor.extract("doc-other", _read(TEXT_A), None)}
    assert a and not a & b


def test_pipeline_place_spans_carry_gazetteer_ids(extractor: Extractor) -> None:
    doc = extractor.nlp(TEXT_A)
    spans = list(doc.spans["places"])
    assert [(s.text, s.label_) for s in spans] == [("Izium", "settlement")]
    place = doc.user_data["places"][spans[0].kb_id_]
    assert (place["name"], place["admin1"]) == ("Izium", "Kharkiv Oblast")


def test_pipeline_two_processes_give_the_same_mentions(extractor: Extractor) -> None:
    items = [ExtractItem(f"doc-{n}", _read(TEXT_A), None) for n in range(4)]
    one = [[m.id for m in ms] for ms in extractor.extract_many(items)]
    two = [[m.id for m in ms] for ms in extractor.extract_many(items, n_process=2)]
    assert one == two and any(one)


def test_pipeline_empty_text_gives_no_mentions(extractor: Extractor) -> None:
    assert extractor.extract("doc-e", _read(""), None) == []
