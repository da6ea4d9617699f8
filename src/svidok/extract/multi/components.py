"""The first components of every non-English pipeline: sentences and word analyses.

spaCy's blank languages bring tokenisation only. Sentences end at a line break (headlines,
datelines and captions have no full stop) and at a full stop, question or exclamation mark
followed by a capital, a quote or a digit, unless the word before the stop is an abbreviation of
the language ("м. Ізюм", "ч. 1 ст. 438", "г. Харьков") or an initial ("О. Синєгубов"). Each token
then gets its lemma, part of speech and case (pymorphy3 for uk/ru, simplemma elsewhere).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from svidok.extract.multi.lexicon import load_lexicon
from svidok.extract.multi.morph import morph

_STOP = re.compile(r"[.!?…]+[\"'»”)]*")
_OPENERS = "«\"„“'(—–-"


def sentence_starts(text: str, abbreviations: frozenset[str]) -> list[int]:
    """Character offsets where a sentence begins (the first is 0)."""
    starts = [0]
    for m in re.finditer(r"\n", text):
        starts.append(m.end())
    for m in _STOP.finditer(text):
        end = m.end()
        rest = text[end:end + 3]
        if not rest[:1].isspace():
            continue
        nxt = text[end:].lstrip()[:1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            continue
        if m.group().startswith("."):
            word = re.search(r"([^\W\d_][\w.\-]*)$", text[max(0, m.start() - 12):m.start()])
            if word is not None:
                w = word.group(1).lower()
                if w in abbreviations or (len(w) == 1 and text[m.start() - 1].isupper()):
                    continue
        starts.append(end)
    return sorted(set(starts))


@Language.component("svidok_ml_sentences")
def sentences(doc: Doc) -> Doc:
    lex = load_lexicon(doc.lang_)
    marked: set[int] = set()
    idx = [t.idx for t in doc]
    for start in sentence_starts(doc.text, lex.abbreviations):
        i = bisect_left(idx, start)
        while i < len(doc) and doc[i].is_space:  # a start may fall on the spaces before a sentence
            i += 1
        if i < len(doc):
            marked.add(i)
    for tok in doc:
        tok.is_sent_start = tok.i == 0 or tok.i in marked
    return doc


@Language.component("svidok_ml_morph")
def morphology(doc: Doc) -> Doc:
    analyser = morph(doc.lang_)
    for tok in doc:
        if tok.is_space or tok.is_punct:
            continue
        if tok.like_num:
            tok.pos_ = "NUM"
            continue
        parses = analyser.parses(tok.text)
        first = parses[0]
        tok.lemma_ = first.lemma
        if first.pos != "X":
            tok.pos_ = first.pos
        feats = [f"Case={first.case}"] if first.case else []
        if first.number:
            feats.append(f"Number={first.number}")
        if feats:
            tok.set_morph("|".join(feats))
    return doc
