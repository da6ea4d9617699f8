"""svidok.extract.pipeline and extract.multi.pipeline: one pipeline per language, dispatched by item."""

from __future__ import annotations

from datetime import date

import pytest

from svidok.extract.multi.pipeline import COMPONENTS, build_nlp, supported
from svidok.extract.pipeline import ExtractItem, Extractor, UnsupportedLanguage
from svidok.model import ReadText

UK = "В Ізюмі окупанти катували двох чоловіків у підвалі школи."
EN = "Russian troops tortured two men in a school basement in Izium, police said."
IT = "A Izium i soldati russi hanno torturato due uomini nel seminterrato di una scuola."


def _item(doc_id: str, text: str, lang: str | None = None) -> ExtractItem:
    read = ReadText(text=text, reader="test", reader_version="1", body=((0, len(text)),))
    return ExtractItem(doc_id, read, date(2022, 9, 20), lang)


def test_pipeline_supported_languages_have_cues_and_word_lists() -> None:
    assert supported() == {"uk", "ru", "pl", "fr", "es", "de"}


def test_pipeline_blank_language_with_svidok_components() -> None:
    nlp = build_nlp("uk")
    assert nlp.lang == "uk" and tuple(nlp.pipe_names) == COMPONENTS


def test_pipeline_language_without_cues_raises(ml_extractor: Extractor) -> None:
    with pytest.raises(UnsupportedLanguage, match="language not supported for extraction: it"):
        list(ml_extractor.extract_many([_item("it", IT)]))


def test_pipeline_given_language_without_cues_raises(ml_extractor: Extractor) -> None:
    with pytest.raises(UnsupportedLanguage) as err:
        ml_extractor.extract("x", _item("x", UK).read, None, "be")
    assert err.value.language == "be"


def test_pipeline_identifies_the_language_when_none_is_given(ml_extractor: Extractor) -> None:
    assert Extractor.language_of(_item("a", UK)) == "uk"
    got = ml_extractor.extract("a", _item("a", UK).read, date(2022, 9, 20))
    assert {m.type for m in got} == {"torture"} and got[0].evidence.text.startswith("В Ізюмі")


def test_pipeline_mixed_batch_keeps_item_order(ml_extractor: Extractor) -> None:
    items = [_item("uk1", UK), _item("en1", EN), _item("uk2", UK, "uk")]
    results = list(ml_extractor.extract_many(items))
    assert [r[0].document_id for r in results] == ["uk1", "en1", "uk2"]
    assert all(r and r[0].place is not None and r[0].place.name == "Izium" for r in results)


def test_pipeline_too_little_text_reads_as_english(ml_extractor: Extractor) -> None:
    assert Extractor.language_of(_item("a", "??")) == "en"
