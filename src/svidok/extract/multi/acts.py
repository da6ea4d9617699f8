"""Violation cues in non-English text, and whether a sentence asserts them.

The matcher marks words and phrases of the taxonomy's `lang:` cues on lemmas (label = type id,
kb_id = "strong" | "weak" | "phrase"). `judge` then reads the sentence around each cue: negation
("не катували", "загиблих немає"), hedges ("ймовірно", "могли"), questions, denials, legal
wording (a bare act noun beside "ч. 2 ст. 438 ККУ" names the charge), kinds of crime ("воєнні
злочини, зокрема катування"), risks ("загроза обстрілів"), intentions ("погрожували розстріляти" is
a threat), and the arguments weak cues need (a victim, a place of holding, a civilian object).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from svidok.extract.multi.lexicon import Lexicon, WordSet, load_lexicon, make_set, word_forms
from svidok.extract.multi.morph import morph
from svidok.extract.taxonomy import Taxonomy, load_taxonomy

ACTS = "acts"
ATTACK = "attack_civilian_objects"
WINDOW = 8  # tokens either side of a cue that count as its clause
_PLAIN_NOT = frozenset("не ні ни nie ne no".split())  # after the cue these negate what follows
_THAT = frozenset("що что щоб чтобы że que dass".split())
_IF = frozenset("якщо коли если jeśli jeżeli si wenn falls".split())


@dataclass(frozen=True, slots=True)
class MlAct:
    type: str
    span: Span


class _Cues:
    """One language's cues: single words (forms and beginnings) and phrases, by type."""

    def __init__(self, taxonomy: Taxonomy, code: str) -> None:
        analyser = morph(code)
        self.words: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.prefixes: list[tuple[str, str, str]] = []
        self.phrases: dict[str, list[tuple[str, tuple[frozenset[str], ...]]]] = defaultdict(list)
        self.objects: dict[str, WordSet] = {}
        for t in taxonomy.types:
            cues = t.lang.get(code)
            if cues is None:
                continue
            self.objects[t.id] = make_set(list(cues.objects), analyser)
            for cue in cues.cues:
                kind = "weak" if cue in cues.weak else "strong"
                parts = cue.split()
                if len(parts) == 1 and cue.endswith("*"):
                    self.prefixes.append((cue[:-1], t.id, kind))
                elif len(parts) == 1:
                    for form in word_forms(cue, analyser):
                        self.words[form].append((t.id, kind))
                else:
                    forms = tuple(word_forms(p, analyser) for p in parts)
                    for first in forms[0]:
                        self.phrases[first].append((t.id, forms))


_CUES: dict[str, _Cues] = {}


def _cues(code: str) -> _Cues:
    if code not in _CUES:
        _CUES[code] = _Cues(load_taxonomy(), code)
    return _CUES[code]


def _matches(lemmas: frozenset[str], forms: frozenset[str]) -> bool:
    if lemmas & forms:
        return True
    stems = tuple(f[:-1] for f in forms if f.endswith("*"))
    return bool(stems) and any(w.startswith(stems) for w in lemmas)


@Language.component("svidok_ml_acts")
def acts(doc: Doc) -> Doc:
    cues = _cues(doc.lang_)
    analyser = morph(doc.lang_)
    found: dict[tuple[str, int, int], str] = {}
    toks = [t for t in doc]
    lemmas = [analyser.lemmas(t.text) if t.is_alpha else frozenset({t.lower_}) for t in toks]
    for i, tok in enumerate(toks):
        if not tok.is_alpha:
            continue
        lem = lemmas[i]
        for form in lem:
            for type_id, kind in cues.words.get(form, ()):
                found.setdefault((type_id, i, i + 1), kind)
            for type_id, parts in cues.phrases.get(form, ()):
                end = _phrase_end(toks, lemmas, i, parts)
                if end is not None:
                    found[(type_id, i, end)] = "phrase"
        for stem, type_id, kind in cues.prefixes:
            if any(w.startswith(stem) for w in lem):
                found.setdefault((type_id, i, i + 1), kind)
    spans = [Span(doc, a, b, label=t, kb_id=k) for (t, a, b), k in found.items()]
    doc.spans[ACTS] = sorted(spans, key=lambda s: (s.start, s.end))
    return doc


def _phrase_end(toks: list[Token], lemmas: list[frozenset[str]], start: int,
                parts: tuple[frozenset[str], ...]) -> int | None:
    i = start + 1
    for forms in parts[1:]:
        for j in range(i, min(len(toks), i + 3)):
            if _matches(lemmas[j], forms):
                i = j + 1
                break
            if toks[j].is_punct:
                return None
        else:
            return None
    return i


class Judge:
    """Reads the sentence around each cue of one language."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.morph = morph(lex.code)
        self.cues = _cues(lex.code)

    def lem(self, tok: Token) -> frozenset[str]:
        return self.morph.lemmas(tok.text)

    def has(self, toks: list[Token] | Span, name: str) -> bool:
        """A word of the list among the tokens, or one of its phrases (word by word, on lemmas)."""
        words = self.lex.words(name)
        toks = [t for t in toks if not t.is_space]
        lemmas = [self.lem(t) for t in toks]
        if any(words.has(lem) for t, lem in zip(toks, lemmas, strict=True) if t.is_alpha):
            return True
        for phrase in words.phrases:
            n = len(phrase)
            for k in range(len(toks) - n + 1):
                if all(w in lemmas[k + j] or (w.endswith("*") and any(
                        x.startswith(w[:-1]) for x in lemmas[k + j])) for j, w in enumerate(phrase)):
                    return True
        return False

    def window(self, cue: Span, before: int = WINDOW, after: int = WINDOW) -> list[Token]:
        sent = cue.sent
        return list(cue.doc[max(sent.start, cue.start - before):min(sent.end, cue.end + after)])

    def negated(self, cue: Span) -> bool:
        doc = cue.doc
        sent = cue.sent
        neg = self.lex.words("negations").words
        prev = [t for t in doc[max(sent.start, cue.start - 3):cue.start] if not t.is_punct]
        if prev and prev[-1].lower_ in neg:
            return True
        if len(prev) >= 2 and prev[-2].lower_ in neg and prev[-1].pos_ in ("AUX", "VERB", "ADV"):
            return True  # "не було вбито"
        nxt = [t for t in doc[cue.end:min(sent.end, cue.end + 2)] if not t.is_punct]
        return bool(nxt) and nxt[0].lower_ in neg and nxt[0].lower_ not in _PLAIN_NOT

    def judge(self, cues: list[Span], report_has_party: bool) -> tuple[list[MlAct], set[str]]:
        out: list[MlAct] = []
        denial: set[str] = set()
        seen: set[tuple[str, int]] = set()
        phrases = [c for c in cues if c.kb_id_ == "phrase"]
        for cue in cues:
            type_id, kind = cue.label_, cue.kb_id_
            if kind != "phrase" and any(p.label_ != type_id and p.start <= cue.start and cue.end <= p.end
                                        for p in phrases):
                continue  # "імітація розстрілу", "simulacro de ejecución": a threat, not a killing
            sent = cue.sent
            before = list(cue.doc[max(sent.start, cue.start - 6):cue.start])
            if self.has(list(sent), "deny"):
                denial.add(type_id)
                continue
            if sent.text.rstrip().endswith("?") or self.negated(cue):
                continue
            after = list(cue.doc[cue.end:min(sent.end, cue.end + 2)])
            if type_id == "killing" and any(t.lower_.startswith(_ANIMALS) or t.lower_ in _ANIMAL_WORDS
                                            for t in after):
                continue  # "застрелили його вівчарку": a dog shot, no person killed
            if self.has(before[-4:] + after, "hedges") or (type_id == "killing" and self._conditional(cue)):
                # "сказали: якщо підеш ... — розстріляємо": a threat, not a killing; a hedge alone
                # ("ймовірно застрелили, повідомляє поліція") is no threat
                said = self.has(list(sent), "intent") or (
                    self._conditional(cue) and self.has(list(sent), "say_verbs"))
                if type_id == "killing" and said:
                    out.append(MlAct("threat", cue))
                continue
            # "погрожували розстріляти", "угрожали тем, что сожгут дом" (not "угрожая автоматом, отобрали")
            said = any(t.lower_ in _THAT for t in before[-3:]) and self.has(before[-6:], "intent")
            if type_id != "threat" and (self.has(before[-3:], "intent") or said):
                continue
            if self.has(before[-2:], "prospect") and type_id != "threat":
                continue
            if self.has(list(cue.doc[sent.start:cue.start]), "appeal"):
                continue  # "поліція закликає повідомляти про місця поховань"
            noun = cue[0].pos_ in ("NOUN", "ADJ") and not any(t.pos_ == "VERB" for t in cue)
            if noun and self._legal(sent):
                continue
            if noun and self.has(before, "crime_nouns") and not self._specific(sent):
                continue
            if self.has(list(sent), "rhetoric") and not self._specific(sent):
                continue
            resolved = self._typed(type_id, kind, cue)
            if resolved is None:
                continue
            key = (resolved, cue.start)
            if key not in seen:
                seen.add(key)
                out.append(MlAct(resolved, cue))
        if not report_has_party:
            return [], denial
        return out, denial

    @staticmethod
    def _prev_sent(cue: Span) -> Span | None:
        start = cue.sent.start
        return cue.doc[start - 1].sent if start > 0 else None

    def _conditional(self, cue: Span) -> bool:
        """A conditional earlier in the sentence ("якщо", "если", "si", "wenn")."""
        before = list(cue.doc[cue.sent.start:cue.start])
        return any(t.lower_ in _IF for t in before)

    def _legal(self, sent: Span) -> bool:
        text = sent.text.lower()
        return self.has(list(sent), "legal") or "ст. " in text or "ст." in text.split()

    def _specific(self, sent: Span) -> bool:
        return any(t.like_num for t in sent) or bool(
            [p for p in sent.doc.spans.get("places", []) if sent.start <= p.start < sent.end])

    def _person(self, toks: list[Token], civilians_only: bool = False) -> bool:
        victims = [t for t in toks if t.is_alpha and self.lex.words("victim_nouns").has(self.lem(t))]
        if civilians_only:
            victims = [t for t in victims if not self.lex.words("military_victims").has(self.lem(t))]
        return bool(victims) or any(t.like_num and not t.text.endswith(("%",)) for t in toks)

    def _goods(self, cue: Span) -> bool:
        """Things taken (pillage's objects) near the cue or in its clause after it, and no people
        right after it ("викрали з елеватора 200 тонн пшениці", not "викрали старосту")."""
        victims, soldiers = self.lex.words("victim_nouns"), self.lex.words("military_victims")
        after = list(cue.doc[cue.end:min(cue.sent.end, cue.end + 16)])
        people = any(t.is_alpha and victims.has(self.lem(t)) and not soldiers.has(self.lem(t))
                     for t in after[:6])
        return not people and self._objects("pillage", self.window(cue, 4, 0) + after)

    def _pronoun(self, toks: list[Token]) -> bool:
        """A pronoun standing for people ("їх били"), not one after a preposition ("з нього")."""
        words = self.lex.words("person_pronouns").words
        return any(t.lower_ in words and not (t.i > 0 and t.doc[t.i - 1].pos_ == "ADP") for t in toks)

    def _objects(self, type_id: str, toks: list[Token]) -> bool:
        words = self.cues.objects.get(type_id)
        if words is None:
            return False
        if any(words.has(self.lem(t)) for t in toks if t.is_alpha):
            return True
        low = [t.lower_ for t in toks]
        lemmas = [self.morph.lemma(t.text) for t in toks]
        for p in words.phrases:
            n = len(p)
            for k in range(len(low) - n + 1):
                if tuple(low[k:k + n]) == p or tuple(lemmas[k:k + n]) == p:
                    return True
        return False

    def _typed(self, type_id: str, kind: str, cue: Span) -> str | None:
        """The type the cue asserts in its sentence, or None (a weak cue without its arguments)."""
        win = self.window(cue)
        sent = list(cue.sent)
        lemmas = self.lem(cue[0])
        if type_id == ATTACK:
            prev = [t for t in cue.doc[max(cue.sent.start, cue.start - 3):cue.start] if t.is_alpha]
            if prev and self.has(prev, "attack_background") and not self._objects(ATTACK, list(cue.sent)[
                    cue.end - cue.sent.start:cue.end - cue.sent.start + 2]):
                return None  # "ховалися від обстрілів": shelling as the background of another act
            if self._objects("attack_medical", win):
                return "attack_medical"
            civilian = self._objects(ATTACK, win)
            if self.has(win, "military") and not civilian:
                return None
            if civilian or (kind != "weak" and not self.has(sent, "military")):
                return ATTACK
            return None
        if type_id in ("disappearance", "deportation") and self._goods(cue):
            return None  # "викрали 200 тонн пшениці", "вивезли три вантажівки ячменю": goods, not people
        if kind != "weak":
            exchanged = self.has(sent, "exchange") and not self.has(sent, "captive_civilians")
            if type_id == "detention" and exchanged:
                return None
            return type_id
        if type_id == "killing":
            if lemmas & {"тіло", "тело", "труп", "ciało", "corps", "cuerpo", "leiche", "cadavre", "cadáver",
                         "zwłoki"} or cue[0].lower_.startswith(("ciał", "leich")):
                return type_id if self.has(sent, "find_verbs") else None
            return type_id if self._person(win, civilians_only=True) else None
        if type_id == "torture":
            return type_id if self._person(win) or self._pronoun(win) else None
        if type_id == "detention":
            if self.has(sent, "exchange") and not self.has(sent, "captive_civilians"):
                return None
            captive = lemmas & {"полон", "полонений", "плен", "пленный", "niewola", "captivité", "cautiverio",
                                "gefangenschaft"}
            if captive:
                return type_id if self.has(sent, "captive_civilians") else None
            # the place of holding may be named in the sentence before ("...камери. Я просидів там")
            prev = list(cue.doc[self._prev_sent(cue).start:cue.sent.start]) if self._prev_sent(cue) else []
            return type_id if (self._person(win) or self._pronoun(win)) and (
                self.has(sent, "detention_places") or self.has(prev, "detention_places")) else None
        if type_id == "disappearance":  # "викрали старосту села": an official is taken
            official = self.has(list(cue.doc[cue.end:min(cue.sent.end, cue.end + 3)]), "role_nouns")
            return type_id if self._person(win) or self._pronoun(win) or official else None
        if type_id == "deportation":
            people = self._person(win) or self._pronoun(win)
            places = [p for p in cue.doc.spans.get("places", []) if cue.sent.start <= p.start < cue.sent.end
                      and p.start > cue.start and p.kb_id_.startswith("admin1:01")]
            taken = self.has(sent, "destinations") or self.has(sent, "forced") or bool(places)
            return type_id if people and taken else None
        if type_id == "pillage":  # its object may come late; "увозили пациентов без вещей": none taken
            clause = win + list(cue.doc[min(cue.sent.end, cue.end + WINDOW):min(cue.sent.end, cue.end + 16)])
            taken = [t for t in clause if not (t.i > 0 and t.doc[t.i - 1].lower_ == "без")]
            return type_id if self._objects("pillage", taken) else None
        if type_id == "burial_site":
            return type_id if self._person(sent) or self.has(sent, "find_verbs") else None
        if type_id == "mutilation":
            return type_id if self.has(win, "body_parts") else None
        if type_id == "sexual_violence":
            return type_id if self._person(win) or self._pronoun(win) else None
        return type_id


_JUDGES: dict[str, Judge] = {}


# animals shot or killed: "вівчарку", "собаку", "корову", "chien", "perro", "Hund"
_ANIMALS = ("вівчар", "овчар", "собак", "кішк", "корів", "коров", "chien", "perro")
_ANIMAL_WORDS = frozenset("пса psa psy hund hunde katze chat chats gato gatos".split())


def judge_for(code: str) -> Judge:
    if code not in _JUDGES:
        _JUDGES[code] = Judge(load_lexicon(code))
    return _JUDGES[code]
