"""svidok.extract.multi.facts: the count, the source and the party of an act's sentence."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from svidok.extract.multi.acts import judge_for
from svidok.extract.multi.facts import count, perpetrator, source
from svidok.extract.multi.lexicon import load_lexicon


def _first_act(doc: Doc):  # type: ignore[no-untyped-def]
    sent = next(doc.sents)
    acts, _ = judge_for(doc.lang_).judge([c for c in doc.spans["acts"] if c.start < sent.end], True)
    return acts[0], sent


def test_facts_count_skips_the_wounded(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Загинули двоє цивільних, ще п'ятеро людей поранені.", "uk")
    act, sent = _first_act(doc)
    got = count(act, [c for c in doc.spans["counts"]], load_lexicon("uk"))
    assert got is not None and got[0] == 2


def test_facts_single_victims_named_one_by_one(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Окупанти розстріляли чоловіка та жінку.", "uk")
    act, _ = _first_act(doc)
    got = count(act, [], load_lexicon("uk"))
    assert got is not None and got[:2] == (2, "exact") and got[2].text == "чоловіка та жінку"


def test_facts_source_after_a_say_verb(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Про вбивство повідомили в обласній прокуратурі.", "uk")
    got = source(next(doc.sents), load_lexicon("uk"))
    assert got is not None and got[0] == "обласній прокуратурі" and got[1] == "official"


def test_facts_party_with_its_adjective(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Російські військові катували мешканців.", "uk")
    party = perpetrator(next(doc.sents), load_lexicon("uk"))
    assert party is not None and party.text == "Російські військові"
