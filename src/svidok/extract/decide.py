"""Report-level decisions that bind.py applies to acts, places and counts: tolls that belong to
no place, oblasts that stand in for a named village, victims counted by naming them, abductions
that are deportations. Pure functions over spaCy spans and model mentions."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span

from svidok.extract import grammar
from svidok.extract.acts import Act, judge
from svidok.extract.taxonomy import Taxonomy
from svidok.model import Mention
from svidok.model import Span as TextSpan

_REGION_WORDS = frozenset("region area oblast province".split())

# "rained missiles on several cities across Ukraine, killing at least 41": a national toll, no place's
NATIONWIDE = re.compile(
    r"\b(?:across|throughout|all over|around) (?:Ukraine|the country)\b|"
    r"\b(?:in|of) (?:the )?(?:occupied )?(?:territory of |territories of |parts of )?Ukraine\b|"
    r"\b(?:several|many|multiple|various|other|dozens of) (?:cities|towns|regions|oblasts)\b|\bnationwide\b|"
    # a tally kept since the invasion began counts the whole war, not one place's acts
    r"\bsince the (?:start|beginning|outbreak|commencement) of (?:the |Russia's |Russia’s )?(?:[\w-]+ ){0,2}"
    r"(?:war|invasion)\b|"
    # "at least 19,453 Ukrainian children", "some 27,000 Ukrainian civilian hostages": the country's tally
    r"\b(?:\d{1,3}(?:,\d{3})+|\d{5,}|tens of thousands of|thousands of)\s+Ukrainians?\b",
    re.I)
# holding prisoners of war is not unlawful confinement of civilians (GUIDELINES)
_POW = re.compile(r"\bprisoners? of war\b|\bPOWs?\b|\bservice(?:men|man|members?)\b", re.I)
_CIVILIAN = re.compile(r"\bcivilians?\b|\bresidents?\b|\bvillagers?\b|\blocals?\b|\bpeople\b", re.I)


_HELD_WORDS = re.compile(r"\bprisoners?\b|\bcaptives?\b|\bcaptured\b", re.I)


def combatants_held(sent: Span) -> bool:
    """Prisoners of war, named here or by the report ("the video shows two Russians shooting the
    prisoners", in a report about executed POWs): no unlawful confinement of civilians."""
    if _CIVILIAN.search(sent.text):
        return False
    if _POW.search(sent.text):
        return True
    doc = sent.doc.text
    return bool(_HELD_WORDS.search(sent.text)) and bool(_POW.search(doc)) and not re.search(
        r"\bcivilian (?:prisoners|captives|hostages|detainees)\b", doc, re.I)


_TRANSFER = frozenset("transport bring take move send deport relocate transfer carry".split())

def whole_region(sent: Span) -> bool:
    """'in the region', 'across the area': the sentence widens from the village to its oblast
    (not 'a floor area of 200 square metres')."""
    # not "area": "ammunition stored in the area" stays around the village
    return any(t.lemma_.lower() in _REGION_WORDS - {"area"} and t.dep_ == "pobj"
               and t.head.lower_ in ("in", "across", "throughout", "around", "of")
               and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children)
               and not any(c.dep_ in ("compound", "amod") for c in t.children)
               for t in sent)


def drop_vague_oblasts(mentions: list[Mention]) -> list[Mention]:
    """An act placed in "a village in the Kharkiv region" when the report also places the same kind
    of act in a settlement of that oblast: the report's own vaguer words for the same story. An
    oblast figure of its own (a regional total that differs) and region-wide claims stay."""
    settled: dict[tuple[str, str], set[int | None]] = {}
    for m in mentions:
        if m.place is not None and m.place.level == "settlement" and m.place.admin1:
            settled.setdefault((m.type, m.place.admin1), set()).add(m.count)

    def vague(m: Mention) -> bool:
        if m.place is None or m.place.level != "admin1" or (m.type, m.place.name) not in settled:
            return False
        own = m.count is not None and m.count not in settled[(m.type, m.place.name)]
        return not own and unnamed_settlement(m)

    return [m for m in mentions if not vague(m)]


_UNNAMED = re.compile(
    r"\b(?:a|one|another|the|small|nearby) (?:\w+ )?(?:village|town|settlement|city|hamlet)s?\b|"
    # "another torture chamber ... in the liberated Kharkiv Oblast": one more site, the one named
    r"\banother (?:\w+ )?(?:torture chamber|mass grave|burial site|grave|basement|cellar)\b", re.I)


def unnamed_settlement(m: Mention) -> bool:
    """'a village liberated from the occupiers in the Kharkiv region': the oblast stands in for a
    settlement the report names elsewhere (unlike 'torture chambers across the Kharkiv region')."""
    if m.place_span is None:
        return True
    before = m.evidence.text[: max(0, m.place_span.start - m.evidence.start)]
    return bool(_UNNAMED.search(before[-90:]))


_ONE = frozenset("a an one the his her their its this that".split())


def named_victims(root: object) -> tuple[int, Span] | None:
    """'a man was shot' = 1; 'the farmer, his wife and their daughter were killed' = 3: victims the
    text counts by naming them one by one, with no numeral."""
    from svidok.extract.lexicon import VICTIM_NOUNS

    tok = root  # type: ignore[assignment]
    cands = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    cands += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
              if g.dep_ == "pobj" and tok.pos_ == "NOUN"]
    for head in cands:
        people = [head, *head.conjuncts]
        ok = all((t.tag_ == "NN" and t.lemma_.lower() in VICTIM_NOUNS
                  and any(c.lower_ in _ONE or c.dep_ == "poss" for c in t.children)
                  and not any(c.dep_ == "nummod" for c in t.children))
                 or (t.ent_type_ == "PERSON" and t.pos_ == "PROPN") for t in people)
        if ok and not any(t.lemma_.lower() in ("body", "corpse") for t in people):
            first = min(t.left_edge.i for t in people)
            last = max(t.i for t in people)
            return len(people), tok.doc[first : last + 1]
    return None


def retype(act: Act, sent: Span) -> Act:
    """Children abducted from a home and brought to Crimea: a deportation, not a disappearance."""
    if act.type != "disappearance":
        return act
    for t in sent:
        if t.lemma_.lower() in _TRANSFER and any(
                c.dep_ == "prep" and c.lower_ in ("to", "into") for c in t.children):
            return Act("deportation", act.span)
    return act


_MISSING = re.compile(r"\bmissing\b|\bunaccounted\b|\bwhereabouts\b|\bfate\b", re.I)
_TAKEN = re.compile(r"\babduct|\bkidnap|\bdetain|\bdetention|\bcaptiv|\bhostage|\boccup(?:ation|ied)|"
                    r"\btaken away\b|\bfiltration\b|\bdeport", re.I)
_SEARCH = re.compile(r"\brubble\b|\bdebris\b|\bsearch\w*|\brescue\w*|\bbod(?:y|ies)\b|\bdeceased\b|"
                     r"\bcorpses?\b|\bremains\b", re.I)


def missing_not_taken(act: Act, sent: Span) -> bool:
    """'Eight people are still missing' after a strike are people under the rubble, and the
    'whereabouts' of bodies are no one's fate: missing is a disappearance only where someone was
    taken (the report speaks of abductions, captivity or occupation)."""
    if act.type != "disappearance" or not _MISSING.search(act.span.text):
        return False
    return bool(_SEARCH.search(sent.text)) or not _TAKEN.search(sent.doc.text)


# an attack whose victims the sentence names as captured or fighting soldiers only
_CAPTIVE_FIGHTERS = re.compile(r"\bprisoners? of war\b|\bPOWs?\b|\bfighters\b|\bdefenders\b", re.I)


def attack_on_combatants(act: Act, sent: Span) -> bool:
    """'prisoners of war killed in a terrorist attack': what is done to them can be a killing, but
    it is no attack on civilian objects (GUIDELINES)."""
    return (act.type == "attack_civilian_objects" and bool(_CAPTIVE_FIGHTERS.search(sent.text))
            and not _CIVILIAN.search(sent.text))


def asserted(cues: list[Span], sent: Span, taxonomy: Taxonomy) -> tuple[list[Act], set[str]]:
    """The acts a sentence asserts, with their final types, and the types whose denial it reports:
    the act-assertion decision (tests/extract/gold/act_assertion.json measures it)."""
    acts, denial = judge(cues, taxonomy)
    kept = [retype(a, sent) for a in acts
            if not (a.type == "detention" and combatants_held(sent)) and not missing_not_taken(a, sent)
            and not attack_on_combatants(a, sent)]
    return kept, denial


def perpetrator(root: object, sent: Span) -> Span | None:
    """The party said to act: the act's agent or subject, else a party the sentence names."""
    tok = root  # type: ignore[assignment]
    cands = []
    for c in getattr(tok, "children", []):
        if c.dep_ == "agent":
            cands += [g for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ == "nsubj":
            cands.append(c)
    cands += [t for t in sent if t.pos_ in ("NOUN", "PROPN")]
    # "Russian" as a modifier stands for its noun: "Russian soldiers", not "Russian"
    cands += [
        t.head if t.dep_ == "amod" and t.head.pos_ in ("NOUN", "PROPN") else t
        for t in sent
        if t.pos_ == "ADJ"
    ]
    for t in cands:
        if grammar.is_party(t):
            a, b = grammar.party_phrase(t)
            return sent.doc[a:b]
    return None


def inherit_count(
    m: Mention, n_sent: int, sent: Span, grave_n: list[object], recent: list[tuple[int, Mention]]
) -> Mention:
    """Killing stated without a number: 'four graves ... contained the bodies'; 'the bodies' of two men
    named in the sentence before."""
    from svidok.extract.counts import number_value

    lemmas = {t.lemma_.lower() for t in sent}
    if grave_n and lemmas & {"body", "corpse"}:
        g = grave_n[0]  # type: ignore[assignment]
        num = [c for c in g.children if c.dep_ == "nummod"][0]
        v = number_value(num)
        if v:
            s = sent.doc[num.i : g.i + 1]
            span = TextSpan(s.start_char, s.end_char, s.text)
            return replace(m, count=v, qualifier="exact", count_span=span)
    if lemmas & {"body", "corpse", "each", "their", "they", "victim"}:
        for n, prev in reversed(recent):
            if (
                0 < n_sent - n <= 3
                and m.place is not None
                and prev.place is not None
                and prev.place.id == m.place.id
            ):
                return replace(m, count=prev.count, qualifier=prev.qualifier, count_span=prev.count_span)
    return m
