"""Pipelines for reports in Ukrainian, Russian, Polish, French, Spanish and German.

spaCy's blank language of the report (its tokenizer rules) plus Svidok's components, in order:
sentences, word analyses, persons, places, acts, counts, dates. `build_nlp` raises
UnsupportedLanguage for a language without word lists or taxonomy cues.
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from svidok.extract.multi import acts, components, counts, dates, persons, places  # noqa: F401  (registers)
from svidok.extract.multi.lexicon import languages
from svidok.extract.taxonomy import load_taxonomy

COMPONENTS = ("svidok_ml_sentences", "svidok_ml_morph", "svidok_ml_persons", "svidok_ml_places",
              "svidok_ml_acts", "svidok_ml_counts", "svidok_ml_dates")


def supported() -> frozenset[str]:
    """Languages with both word lists (data/lang) and taxonomy cues."""
    return languages() & (load_taxonomy().languages - {"en"})


def build_nlp(code: str) -> Language:
    from svidok.extract.pipeline import UnsupportedLanguage

    if code not in supported():
        raise UnsupportedLanguage(code)
    nlp = spacy.blank(code)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
