"""Small spaCy components: each matches one kind of thing and sets `doc.spans[...]`.

Values ride on the spans themselves (label and kb_id) so that docs survive pickling
between processes (`nlp.pipe(n_process=2)`) without custom extension state.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from svidok.extract.taxonomy import load_taxonomy

ACTS, COUNTS, DATES, PLACES, SOURCES = "acts", "counts", "dates", "places", "sources"


@Language.component("svidok_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and captions have no full stop."""
    for tok in doc[:-1]:
        if "\n" in tok.text or (tok.whitespace_ == "" and tok.text.endswith("\n")):
            doc[tok.i + 1].is_sent_start = True
        elif tok.is_space and "\n" in tok.text_with_ws:
            doc[tok.i + 1].is_sent_start = True
    return doc


def _inflections(verb: str) -> list[str]:
    """Regular forms, for verbs the lemmatizer gets wrong in context ("raping" -> "rap")."""
    stem = verb[:-1] if verb.endswith("e") else verb
    return [verb + "s", verb + ("d" if verb.endswith("e") else "ed"), stem + "ing"]


def _phrase_pattern(phrase: str) -> list[dict[str, object]]:
    words = phrase.split()
    pattern: list[dict[str, object]] = []
    # room for what stands between: "point a loaded gun", "took at least 15 men away"
    gap = "{0,4}" if len(words) == 2 and words[1] in ("away", "off", "out") else "{0,2}"
    for n, w in enumerate(words):
        if n:
            pattern.append({"IS_PUNCT": False, "OP": gap})
        pattern.append({"LEMMA": {"IN": [w, w.capitalize()]}})
    return pattern


@Language.factory("svidok_acts", default_config={"taxonomy_path": None})
def make_acts(nlp: Language, name: str, taxonomy_path: str | None) -> ActMatcher:
    return ActMatcher(nlp, taxonomy_path)


class ActMatcher:
    """Marks words that name a violation; label = type id, kb_id = "strong" or "weak"."""

    def __init__(self, nlp: Language, taxonomy_path: str | None = None) -> None:
        self.taxonomy = load_taxonomy(taxonomy_path)
        self.matcher = Matcher(nlp.vocab)
        for t in self.taxonomy.types:
            for w in t.verbs:
                kind = "weak" if w in t.weak else "strong"
                self.matcher.add(
                    f"{t.id}|verb|{kind}",
                    [
                        [{"LEMMA": {"IN": [w, w.capitalize()]}, "POS": {"IN": ["VERB", "AUX"]}}],
                        [{"LOWER": {"IN": _inflections(w)}, "POS": {"IN": ["VERB", "NOUN", "ADJ"]}}],
                    ],
                )
            for w in t.nouns:
                kind = "weak" if w in t.weak else "strong"
                # the lemmatizer has blind spots ("graves" -> "graf"), so plural forms match too
                forms = [w, f"{w}s", f"{w}es", w[:-1] + "ies" if w.endswith("y") else w]
                self.matcher.add(
                    f"{t.id}|noun|{kind}",
                    [
                        [{"LEMMA": {"IN": [w, w.capitalize()]}, "POS": {"IN": ["NOUN", "PROPN", "ADJ"]}}],
                        [{"LOWER": {"IN": forms}, "POS": {"IN": ["NOUN", "PROPN", "ADJ"]}}],
                    ],
                )
            if t.phrases:
                self.matcher.add(
                    f"{t.id}|phrase|strong", [_phrase_pattern(p) for p in t.phrases], greedy="LONGEST"
                )

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            type_id, pos, kind = doc.vocab.strings[match_id].split("|")
            spans.append(Span(doc, start, end, label=type_id, kb_id=f"{pos}|{kind}"))
        doc.spans[ACTS] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc
