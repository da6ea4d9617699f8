"""Shared fixtures for the extraction tests: the real spaCy pipeline, loaded once per session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.tokens import Doc

from svidok.extract.pipeline import Extractor
from svidok.model import Mention, ReadText

# A Tuesday: relative dates in the tests ("on Saturday", "last week") resolve against it.
PUBLISHED = date(2022, 9, 20)


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    # Loading the model takes ~10 s; every extraction test shares this one pipeline.
    return Extractor.load()


@pytest.fixture(scope="session")
def annotate(extractor: Extractor) -> Callable[..., Doc]:
    """Run the full spaCy pipeline (model + Svidok components) over a text; returns the Doc."""

    def run(text: str, published: date | None = PUBLISHED) -> Doc:
        doc = extractor.nlp.make_doc(text)
        doc.user_data["published"] = published
        doc.user_data["body"] = ((0, len(text)),)
        doc.user_data["document_id"] = "test-doc"
        return extractor.nlp(doc)

    return run


@pytest.fixture(scope="session")
def extract(extractor: Extractor) -> Callable[..., list[Mention]]:
    """Extract mentions from a short report whose body covers the whole text (unless given)."""

    def run(text: str, published: date | None = PUBLISHED,
            body: tuple[tuple[int, int], ...] | None = None) -> list[Mention]:
        read = ReadText(text=text, reader="test", reader_version="1",
                        body=body if body is not None else ((0, len(text)),))
        return extractor.extract("test-doc", read, published)

    return run
