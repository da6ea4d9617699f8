"""An extension component that refuses texts holding a marker: a document whose extraction fails.

Extensions add spaCy components to the extraction pipeline; this one raises the way a broken
extension or a model error does, so tests can check that such a document fails alone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from spacy.language import Language
from spacy.tokens import Doc

from svidok.extract.pipeline import Extractor

MARKER = "BREAKS-EXTRACTION"
NAME = "test_breaks_on_marker"


def _breaks(doc: Doc) -> Doc:
    if MARKER in doc.text:
        raise ValueError(f"{NAME} refused the text")
    return doc


if not Language.has_factory(NAME):
    Language.component(NAME, func=_breaks)


@contextmanager
def breaking_extractor() -> Iterator[Extractor]:
    """The shared extractor with the refusing component added for the duration."""
    extractor = Extractor.load()
    extractor.nlp.add_pipe(NAME, last=True)
    try:
        yield extractor
    finally:
        extractor.nlp.remove_pipe(NAME)
