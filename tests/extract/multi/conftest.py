"""Fixtures for the multilingual extraction tests: the real pipelines of each language, once per
session, and helpers that run a short report (written for these tests) through them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from svidok.extract.multi.pipeline import build_nlp
from svidok.extract.pipeline import Extractor
from svidok.model import Mention, ReadText

PUBLISHED = date(2022, 9, 20)
_NLPS: dict[str, Language] = {}


@pytest.fixture(scope="session")
def ml_annotate() -> Callable[..., Doc]:
    """Run a language's pipeline over a text; returns the annotated Doc."""

    def run(text: str, lang: str, published: date | None = PUBLISHED) -> Doc:
        if lang not in _NLPS:
            _NLPS[lang] = build_nlp(lang)
        nlp = _NLPS[lang]
        doc = nlp.make_doc(text)
        doc.user_data["published"] = published.isoformat() if published else None
        doc.user_data["body"] = [[0, len(text)]]
        doc.user_data["document_id"] = "test-doc"
        return nlp(doc)

    return run


@pytest.fixture(scope="session")
def ml_extractor() -> Extractor:
    return Extractor.load()


@pytest.fixture(scope="session")
def ml_extract(ml_extractor: Extractor) -> Callable[..., list[Mention]]:
    """Extract mentions from a short report in a given language (None: identify it)."""

    def run(text: str, lang: str | None, published: date | None = PUBLISHED) -> list[Mention]:
        read = ReadText(text=text, reader="test", reader_version="1", body=((0, len(text)),))
        return ml_extractor.extract("test-doc", read, published, lang)

    return run


def found(mentions: list[Mention]) -> set[tuple[str, str]]:
    """(type, place name) of each mention."""
    return {(m.type, m.place.name if m.place else "") for m in mentions}
