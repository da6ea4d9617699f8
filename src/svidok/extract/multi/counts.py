"""Victim counts in non-English text: numerals in digits or words, in any case form.

"40 людей", "сорока цивільних", "двох чоловіків", "п'ятьох", "троє дітей", "щонайменше 12 тіл",
"понад 400 полонених", "около 30 жителей", "co najmniej 40 osób", "au moins 40 civils". A number
counts only when a victim noun follows it within a few words (adjectives may stand between:
"трьох мирних жителів"); ages ("75-річний", "жінка 68 років"), counts of the wounded and the
part after "серед них" / "в том числе" are marked so binding leaves them out.

Span label = qualifier; kb_id = "value|victim token|flags" (flags: "sub" for a subset, "hurt" for
a count of the wounded).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from svidok.extract.multi.lexicon import Lexicon, load_lexicon
from svidok.extract.multi.morph import morph

COUNTS = "counts"
_DIGITS = re.compile(r"^\d{1,3}(?:[ \u00a0,.]\d{3})*$|^\d+$")
_AGE = re.compile(r"^\d+-?(?:річн|летн|letni|letn|jährig|año)", re.I)
_RANGE = re.compile(r"^(\d+)[-–](\d+)$")
_YEARS = frozenset("рік год lat ans años jahre".split())
_LOOKAHEAD = 4  # words between a number and its victim noun


def number_value(tok: Token, lex: Lexicon) -> int | None:
    text = tok.text.replace("\u00a0", " ")
    if _DIGITS.match(text):
        return int(re.sub(r"\D", "", text))
    low = tok.lower_.replace("’", "'").replace("ʼ", "'")
    if low in lex.number_words:
        return lex.number_words[low]
    if lex.code in ("uk", "ru"):
        for p in morph(lex.code).parses(tok.text):
            if p.pos == "NUM" and p.lemma in lex.number_words:
                return lex.number_words[p.lemma]
    return None


def _quantity(doc: Doc, i: int, lex: Lexicon) -> tuple[int, int, int] | None:
    """Value and [start, end) of a number starting at token i: "двадцять п'ять", "1 200", "2,5 тис."."""
    tok = doc[i]
    m = _RANGE.match(tok.text)
    if m:
        return int(m.group(1)), i, i + 1
    value = number_value(tok, lex)
    if value is None:
        return None
    end = i + 1
    while end < len(doc):
        nxt = doc[end]
        mult = lex.multipliers.get(nxt.lower_) or lex.multipliers.get(morph(lex.code).lemma(nxt.text))
        if mult:
            value, end = value * mult, end + 1
            if end < len(doc) and doc[end].text == ".":
                end += 1
            continue
        more = number_value(nxt, lex)
        if more is not None and more < value and not _DIGITS.match(nxt.text) and not _DIGITS.match(tok.text):
            value, end = value + more, end + 1  # "двадцять п'ять"
            continue
        break
    return value, i, end


def _qualifier(doc: Doc, start: int, lex: Lexicon) -> tuple[str | None, int]:
    for words, qual in lex.qualifiers:
        n = len(words)
        if start - n >= 0 and tuple(t.lower_ for t in doc[start - n:start]) == words:
            return qual, start - n
    return None, start


def _victim(doc: Doc, end: int, lex: Lexicon) -> Token | None:
    """The victim noun after a number: "40 мирних жителів", "п'ятьох осіб"."""
    analyser = morph(lex.code)
    victims = lex.words("victim_nouns")
    for tok in doc[end:min(len(doc), end + _LOOKAHEAD)]:
        if tok.is_punct and tok.text not in ("-", "–"):
            return None
        if victims.has(analyser.lemmas(tok.text)):
            return tok
        # only adjectives and numerals stand between a number and its noun ("трьох мирних жителів");
        # "23 березня російські військові" is a date
        between = {p.pos for p in analyser.parses(tok.text)[:3]}
        if lex.code in ("uk", "ru") and not between & {"ADJ", "NUM"}:
            return None
    return None


def _of_them(doc: Doc, start: int, end: int, lex: Lexicon) -> Token | None:
    """'розстріляли сімох із них': the number stands for the people named before."""
    after = " ".join(t.lower_ for t in doc[end:min(len(doc), end + 2)])
    if any(after == " ".join(p) or after.startswith(" ".join(p)) for p in lex.words("of_them").phrases):
        return doc[end - 1]
    return None


def _flags(doc: Doc, start: int, victim: Token, lex: Lexicon) -> str:
    sent = doc[start].sent
    analyser = morph(lex.code)
    flags = []
    before = " ".join(t.lower_ for t in doc[max(sent.start, start - 4):start])
    if any(" ".join(p) in before for p in lex.words("subset_markers").phrases) or any(
            t.lower_ in lex.words("subset_markers").words for t in doc[max(sent.start, start - 3):start]):
        flags.append("sub")
    near = list(doc[max(sent.start, start - 4):min(sent.end, victim.i + 4)])
    hurt = lex.words("wounded")
    if any(hurt.has(analyser.lemmas(t.text)) for t in near if t.is_alpha):
        flags.append("hurt")
    return ",".join(flags)


@Language.component("svidok_ml_counts")
def counts(doc: Doc) -> Doc:
    lex = load_lexicon(doc.lang_)
    spans: list[Span] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if _AGE.match(tok.text):
            i += 1
            continue
        vague = lex.vague_counts.get(tok.lower_)
        if vague is not None:
            value, start, end = vague[0], i, i + 1
            qual: str | None = vague[1]
            qstart = start
        else:
            q = _quantity(doc, i, lex)
            if q is None:
                i += 1
                continue
            value, start, end = q
            qual, qstart = _qualifier(doc, start, lex)
            if _RANGE.match(tok.text):
                qual = qual or "at_least"
        i = max(end, i + 1)
        if value <= 0 or (1900 <= value <= 2100 and qual is None):
            continue
        victim = _victim(doc, end, lex) or _of_them(doc, start, end, lex)
        if victim is None:
            continue
        nxt = doc[victim.i + 1] if victim.i + 1 < len(doc) else None
        if nxt is not None and morph(lex.code).lemma(nxt.text) in _YEARS:
            continue  # "жінка 68 років": an age
        flags = _flags(doc, start, victim, lex)
        kb = f"{value}|{victim.i}|{flags}"
        spans.append(Span(doc, qstart, victim.i + 1, label=qual or "exact", kb_id=kb))
    doc.spans[COUNTS] = spans
    return doc
