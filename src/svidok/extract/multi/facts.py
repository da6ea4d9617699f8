"""Facts of an act's sentence in non-English text: its victims' count, who says it, and the party
named as doing it. Each comes with its span in the original text (used by extract/multi/bind.py)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from svidok.extract.multi.acts import MlAct, judge_for
from svidok.extract.multi.lexicon import Lexicon
from svidok.extract.multi.morph import morph
from svidok.model import Span as TextSpan

COUNT_TYPES = frozenset("killing torture detention disappearance sexual_violence mutilation deportation "
                        "burial_site threat".split())
_AND = frozenset("і та й и а також i oraz et y und and ,".split())
_IN = frozenset("в у во w à en in im".split())
# nouns of people that are no single victim when singular ("тіло" may be anyone's; "родина" is several)
_NOT_ONE = frozenset({"тіло", "тело", "родина", "сім'я", "семья", "люди", "людина"})


def _tspan(span: Span) -> TextSpan:
    return TextSpan(span.start_char, span.end_char, span.text)


def count(act: MlAct, counts: list[Span], lex: Lexicon) -> tuple[int, str, TextSpan] | None:
    """The victims' count nearest the act in its sentence (not the wounded, not a part "among them"),
    else the victims named one by one."""
    if act.type not in COUNT_TYPES:
        return None
    cue = act.span.start
    usable = [c for c in counts if not set(c.kb_id_.split("|")[2].split(",")) & {"hurt", "sub"}]
    near = [c for c in usable if min(abs(c.start - cue), abs(c.end - cue)) <= 12]
    if near:
        c = min(near, key=lambda c: min(abs(c.start - cue), abs(c.end - cue)))
        return int(c.kb_id_.split("|")[0]), c.label_, _tspan(c)
    return single(act, lex)


def single(act: MlAct, lex: Lexicon) -> tuple[int, str, TextSpan] | None:
    """'розстріляли чоловіка' = 1, 'вбили чоловіка та жінку' = 2: victims named one by one."""
    doc = act.span.doc
    sent = act.span.sent
    victims = lex.words("victim_nouns")
    military = lex.words("military_victims")
    window = doc[max(sent.start, act.span.start - 3):min(sent.end, act.span.end + 4)]
    found: list[int] = []
    for t in window:
        if not t.is_alpha or t.i in range(act.span.start, act.span.end):
            continue
        lemmas = morph(lex.code).lemmas(t.text)
        if not victims.has(lemmas) or military.has(lemmas) or lemmas & _NOT_ONE:
            continue
        parses = morph(lex.code).parses(t.text)
        if parses[0].number != "Sing" or (t.i > 0 and doc[t.i - 1].like_num):
            return None
        found.append(t.i)
    if not found:
        return None
    # conjoined singular victims count each ("чоловіка та жінку")
    run = [found[0]]
    for i in found[1:]:
        if all(doc[k].lower_ in _AND or doc[k].is_punct or not doc[k].is_alpha or doc[k].pos_ == "ADJ"
               for k in range(run[-1] + 1, i)):
            run.append(i)
    span = doc[run[0]:run[-1] + 1]
    return len(run), "exact", _tspan(span)


def source(sent: Span, lex: Lexicon) -> tuple[str, str, TextSpan] | None:
    """'за словами X', 'повідомили в X', 'X розповіла': who says it."""
    toks = [t for t in sent if not t.is_space]
    say = lex.words("say_verbs")
    for k, t in enumerate(toks):
        if not (t.is_alpha and say.has(morph(lex.code).lemmas(t.text))):
            continue
        after = []
        for x in toks[k + 1:k + 8]:
            if x.is_punct:
                break
            after.append(x)
        if after and after[0].lower_ in _IN:
            after = after[1:]
        if not after:
            continue
        span = sent.doc[after[0].i:after[-1].i + 1]
        return span.text, _kind(after, lex), _tspan(span)
    return None


def _kind(toks: list[Token], lex: Lexicon) -> str:
    for kind in ("journalist", "official", "witness"):
        if judge_for(lex.code).has(toks, kind):
            return kind
    return "unknown"


def perpetrator(sent: Span, lex: Lexicon) -> Span | None:
    """The party the sentence names: "російські військові", "окупанти"."""
    doc = sent.doc
    nouns = lex.words("party_nouns")
    adjs = lex.words("party_adjectives")
    heads = lex.words("party_heads")
    for t in sent:
        if not t.is_alpha:
            continue
        lemmas = morph(lex.code).lemmas(t.text)
        if adjs.has(lemmas):
            for h in doc[t.i + 1:min(sent.end, t.i + 3)]:
                if h.is_alpha and heads.has(morph(lex.code).lemmas(h.text)):
                    return doc[t.i:h.i + 1]
            before = doc[t.i - 1] if t.i > sent.start else None  # "wojska rosyjskie", "troupes russes"
            if before is not None and before.is_alpha and heads.has(morph(lex.code).lemmas(before.text)):
                return doc[before.i:t.i + 1]
        if nouns.has(lemmas):
            return doc[t.i:t.i + 1]
    return None
