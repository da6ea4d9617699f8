"""Victim counts with their qualifiers, attached to the noun that names the victims.

A number counts only when it quantifies people ("400 prisoners", "ten civilians",
"hundreds of residents"); numbers of cells, days, graves or years never do.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from svidok.extract.lexicon import (
    NON_VICTIM_UNITS,
    NUMBER_WORDS,
    QUALIFIER_BEFORE,
    VAGUE_COUNTS,
    VICTIM_NOUNS,
)

COUNTS = "counts"
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")
_CAPACITY = frozenset("design build mean intend fit".split())
_GROUPS = frozenset("family group household".split())  # "a family of three"; "a woman of 66" is an age


def number_value(tok: Token) -> int | None:
    text = tok.lower_
    if _DIGITS.match(text):
        return int(text.replace(",", ""))
    if "-" in text:  # "forty-six" as one token
        tens, _, unit = text.partition("-")
        if NUMBER_WORDS.get(tens, 0) >= 20 and NUMBER_WORDS.get(unit, 99) < 10:
            return NUMBER_WORDS[tens] + NUMBER_WORDS[unit]
        return None
    return NUMBER_WORDS.get(text)


def _quantity(tok: Token) -> tuple[int, int, int] | None:
    """Value and token range of a (possibly compound) number starting at tok."""
    value = number_value(tok)
    if value is None:
        return None
    start, end = tok.i, tok.i + 1
    doc = tok.doc
    # "fifty-two": tens, hyphen, unit
    if 20 <= value <= 90 and end + 1 < len(doc) and doc[end].text == "-":
        unit = NUMBER_WORDS.get(doc[end + 1].lower_)
        if unit is not None and unit < 10:
            value, end = value + unit, end + 2
    # "two hundred", "three thousand", "two dozen"
    while end < len(doc):
        nxt = number_value(doc[end])
        if nxt in (100, 1000, 12) and doc[end].lower_ in ("hundred", "thousand", "dozen"):
            value = value * nxt
            end += 1
        elif doc[end].lower_ == "million":
            value *= 1_000_000
            end += 1
        else:
            break
    if start > 0 and doc[start - 1].lower_ == "a" and tok.lower_ == "dozen":
        start -= 1
    return value, start, end


def _qualifier(doc: Doc, start: int) -> tuple[str | None, int]:
    for words, qual in sorted(QUALIFIER_BEFORE.items(), key=lambda kv: -len(kv[0])):
        n = len(words)
        if start - n >= 0 and tuple(t.lower_ for t in doc[start - n : start]) == words:
            return qual, start - n
    return None, start


def _bases(noun: Token) -> set[str]:
    """Lemma and singular forms: the lemmatizer has blind spots ("corpses" -> "corps")."""
    low = noun.lower_
    out = {noun.lemma_.lower(), low}
    if low.endswith("ies"):
        out.add(low[:-3] + "y")
    if low.endswith("es"):
        out.add(low[:-2])
    if low.endswith("s"):
        out.add(low[:-1])
    return out


def _toll(num: Token) -> Token | None:
    """'the toll now stands at 59', 'the death toll at forty-six', 'the number killed rose to 52'."""
    for t in [num.head, num.head.head, num.head.head.head]:
        for c in [t, *t.children]:
            if c.lemma_.lower() == "toll" or (
                c.lemma_.lower() == "number"
                and any(g.lemma_.lower() in ("kill", "dead", "die") for g in c.subtree)
            ):
                return c
    return None


def _victim_of(num: Token) -> tuple[Token, Token] | None:
    """The noun a number counts, when it names people, and the token that ties the count into the
    clause (the number itself in "two of the men were found", the noun otherwise)."""
    head = num.head
    for _ in range(8):  # tokens are new objects on each access: compare positions, and stop
        if head.pos_ != "NUM" or head.head.i == head.i:
            break
        head = head.head
    if num.dep_ in ("nummod", "quantmod", "amod", "compound", "det") or (
        num.dep_ == "conj" and head.pos_ == "NOUN"
    ):
        noun, tie = head, head
    elif num.lower_ == "one" and any(c.lower_ == "of" for c in num.children):
        return None  # "one of her sons": a partitive, not a count
    elif num.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "ROOT", "attr", "npadvmod", "conj"):
        # "hundreds of civilians", "two of the men", "three of them", "the family of three", "12 were killed"
        of = [c for c in num.children if c.dep_ == "prep" and c.lower_ == "of"]
        objs = [g for p in of for g in p.children if g.dep_ == "pobj"]
        toll = _toll(num)
        if objs and objs[0].lower_ in ("them", "us", "those"):
            return num, num
        if objs:
            noun, tie = objs[0], num
        elif num.dep_ == "pobj" and num.head.lower_ == "of" and num.head.head.lemma_.lower() in _GROUPS:
            noun = tie = num.head.head
        elif toll is not None:
            return toll, toll
        elif num.dep_ in ("nsubj", "nsubjpass", "dobj") and number_value(num) not in (None, 1):
            return num, num  # "30 had marks of torture"; a bare "one" is a pronoun more often than a count
        else:
            return None
    else:
        return None
    forms = _bases(noun)
    if forms & NON_VICTIM_UNITS or not forms & VICTIM_NOUNS:
        return None
    return noun, tie


def _per_unit(noun: Token) -> bool:
    """'eight prisoners per cell', 'ten people in each room', 'designed for two people'."""
    doc = noun.doc
    window = doc[noun.i + 1 : noun.i + 3]
    if any(t.lower_ in ("per", "each", "apiece") for t in window):
        return True
    if noun.head.dep_ == "prep" and noun.head.lower_ == "for" and noun.head.head.lemma_.lower() in _CAPACITY:
        return True
    return any(c.dep_ == "prep" and c.lower_ == "per" for c in noun.children)


@Language.component("svidok_counts")
def counts(doc: Doc) -> Doc:
    spans: list[Span] = []
    taken: set[int] = set()
    for tok in doc:
        if tok.i in taken:
            continue
        vague = VAGUE_COUNTS.get(tok.lower_)
        between = False
        if vague is not None:
            value, start, end = vague[0], tok.i, tok.i + 1
            qual: str | None = vague[1]
            qstart = start
        else:
            q = _quantity(tok)
            if q is None:
                continue
            value, start, end = q
            qual, qstart = _qualifier(doc, start)
            if any(doc[i].lower_ == "dozen" for i in range(start, end)):  # "a dozen", "two dozen"
                qual = qual or "about"
            # ranges: "from 20 to 40", "20 to 40", "eight to nine", "20-40"
            between = (
                start > 0 and doc[start - 1].lower_ == "between" and doc[end].lower_ == "and"
                if end < len(doc)
                else False
            )
            if (
                end + 1 < len(doc)
                and (doc[end].lower_ in ("to", "-", "–", "or") or between)
                and number_value(doc[end + 1])
            ):
                taken.add(doc[end + 1].i)
                end += 2
                qual = qual or "at_least"
        taken.update(range(start, end))
        anchor = doc[end - 1]
        found = _victim_of(anchor) or _victim_of(tok)
        if found is None or value <= 0:
            continue
        victim, tie = found
        if 1900 <= value <= 2100 and (
            victim.i == anchor.i
            or (start > 0 and doc[start - 1].lower_ in ("in", "since", "of", "by", "from", "until", "during"))
        ):
            continue  # a year: "in 2022 civilians were killed"
        if _per_unit(victim):
            continue
        if between and qstart == start:
            qstart = start - 1
        span_start, span_end = min(qstart, victim.i), max(victim.i + 1, end)
        span = Span(doc, span_start, span_end, label=qual or "exact", kb_id=f"{value}|{tie.i}|{victim.i}")
        spans.append(span)
    doc.spans[COUNTS] = spans
    return doc
