"""Small spaCy components: each matches one kind of thing and sets `doc.spans[...]`.

Values ride on the spans themselves (label and kb_id) so that docs survive pickling
between processes (`nlp.pipe(n_process=2)`) without custom extension state.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

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


def _word_matches(tok: Token, word: str) -> bool:
    low = tok.lower_
    return tok.lemma_.lower() == word or low == word or (low.endswith("s") and low[:-1] == word)


@Language.factory("svidok_acts", default_config={"taxonomy_path": None})
def make_acts(nlp: Language, name: str, taxonomy_path: str | None) -> ActMatcher:
    return ActMatcher(nlp, taxonomy_path)


_VERB_POS = frozenset({"VERB", "AUX"})
_INFLECTED_POS = frozenset({"VERB", "NOUN", "ADJ"})
_NOUN_POS = frozenset({"NOUN", "PROPN", "ADJ"})


class ActMatcher:
    """Marks words that name a violation; label = type id, kb_id = "verb|noun|phrase" + "|strong|weak".

    Plain dictionary look-ups per token: thousands of cue words cost no more than a few, which a
    pattern matcher with gaps in its phrases does not manage (it was half of extraction's time).
    """

    def __init__(self, nlp: Language, taxonomy_path: str | None = None) -> None:
        self.taxonomy = load_taxonomy(taxonomy_path)
        self.verbs: dict[str, list[tuple[str, str]]] = defaultdict(list)  # lemma -> (type, kind)
        self.inflected: dict[str, list[tuple[str, str]]] = defaultdict(list)  # "raping" -> (type, kind)
        self.nouns: dict[str, list[tuple[str, str]]] = defaultdict(list)  # lemma or plural form
        self.phrases: dict[str, list[tuple[str, tuple[str, ...], int]]] = defaultdict(list)
        for t in self.taxonomy.types:
            for w in t.verbs:
                kind = "weak" if w in t.weak else "strong"
                self.verbs[w].append((t.id, kind))
                for form in _inflections(w):
                    self.inflected[form].append((t.id, kind))
            for w in t.nouns:
                kind = "weak" if w in t.weak else "strong"
                # the lemmatizer has blind spots ("graves" -> "graf"), so plural forms count too
                forms = {w, f"{w}s", f"{w}es", w[:-1] + "ies" if w.endswith("y") else w}
                for form in forms:
                    self.nouns[form].append((t.id, kind))
            for phrase in t.phrases:
                words = tuple(phrase.split())
                # room for what stands between: "point a loaded gun", "took at least 15 men away"
                gap = 4 if len(words) == 2 and words[1] in ("away", "off", "out") else 2
                self.phrases[words[0]].append((t.id, words[1:], gap))

    def _phrase_end(self, doc: Doc, start: int, rest: tuple[str, ...], gap: int) -> int | None:
        i = start + 1
        for word in rest:
            for j in range(i, min(len(doc), i + gap + 1)):
                if _word_matches(doc[j], word):
                    i = j + 1
                    break
                if doc[j].is_punct and not doc[j].is_quote:  # forcibly “evacuating”: quotes only mark irony
                    return None
            else:
                return None
        return i

    def __call__(self, doc: Doc) -> Doc:
        found: dict[tuple[str, int, int], str] = {}
        for tok in doc:
            lem, low, pos = tok.lemma_.lower(), tok.lower_, tok.pos_
            hits: list[tuple[str, str, str]] = []
            if pos in _VERB_POS and lem in self.verbs:
                hits += [(t, "verb", k) for t, k in self.verbs[lem]]
            elif pos in _INFLECTED_POS and low in self.inflected:
                hits += [(t, "verb", k) for t, k in self.inflected[low]]
            if pos in _NOUN_POS and (lem in self.nouns or low in self.nouns):
                hits += [(t, "noun", k) for t, k in self.nouns.get(lem) or self.nouns[low]]
            for t, cue, k in hits:
                found.setdefault((t, tok.i, tok.i + 1), f"{cue}|{k}")
            for first in {lem, low}:
                longest: dict[str, int] = {}
                for t, rest, gap in self.phrases.get(first, ()):
                    end = self._phrase_end(doc, tok.i, rest, gap) if rest else tok.i + 1
                    if end is not None and end > longest.get(t, 0):
                        longest[t] = end
                for t, end in longest.items():
                    found[(t, tok.i, end)] = "phrase|strong"
        spans = [Span(doc, a, b, label=t, kb_id=kind) for (t, a, b), kind in found.items()]
        doc.spans[ACTS] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc
