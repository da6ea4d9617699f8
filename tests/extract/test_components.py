"""Tests for svidok.extract.components: line-break sentences and the act cue matcher."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from svidok.extract.components import ACTS

Annotate = Callable[..., Doc]


def _cues(annotate: Annotate, text: str) -> list[tuple[str, str, str]]:
    doc = annotate(text)
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans[ACTS]]


def test_components_line_break_starts_a_sentence(annotate: Annotate) -> None:
    doc = annotate("Soldiers killed two men in Bucha\nA photo of the street\nThey shelled homes.")
    assert [s.text.strip() for s in doc.sents] == [
        "Soldiers killed two men in Bucha", "A photo of the street", "They shelled homes."]


def test_components_paragraphs_runs_before_parser(extractor: object) -> None:
    names = extractor.nlp.pipe_names  # type: ignore[attr-defined]
    assert names.index("svidok_paragraphs") < names.index("parser")


def test_components_strong_verb_cue_labelled_with_type(annotate: Annotate) -> None:
    assert ("killed", "killing", "verb|strong") in _cues(annotate, "Soldiers killed two civilians.")


def test_components_weak_cue_marked_weak(annotate: Annotate) -> None:
    assert ("held", "detention", "verb|weak") in _cues(annotate, "Soldiers held the men in a basement.")


def test_components_inflected_verb_matches(annotate: Annotate) -> None:
    cues = _cues(annotate, "Witnesses described soldiers raping two women.")
    assert any(t == "raping" and label == "sexual_violence" for t, label, _ in cues)


def test_components_plural_noun_matches(annotate: Annotate) -> None:
    cues = _cues(annotate, "Investigators found graves behind the church.")
    assert any(t == "graves" and label == "burial_site" for t, label, _ in cues)


def test_components_phrase_cue_matches_whole_phrase(annotate: Annotate) -> None:
    cues = _cues(annotate, "Investigators found a torture chamber in the basement.")
    assert ("torture chamber", "torture", "phrase|strong") in cues


def test_components_phrase_allows_word_in_between(annotate: Annotate) -> None:
    cues = _cues(annotate, "A soldier pointed a loaded gun at the woman.")
    assert any(label == "threat" and kb == "phrase|strong" for _, label, kb in cues)


def test_components_cues_sorted_by_position(annotate: Annotate) -> None:
    doc = annotate("Soldiers tortured and killed the men, then looted the shop.")
    starts = [s.start for s in doc.spans[ACTS]]
    assert starts == sorted(starts) and len(starts) >= 3


def test_components_no_cue_in_neutral_sentence(annotate: Annotate) -> None:
    assert _cues(annotate, "The football club won the cup final on Saturday.") == []
