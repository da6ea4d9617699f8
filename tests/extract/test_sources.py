"""Tests for svidok.extract.sources: who says it, and what kind of source they are."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from svidok.extract.sources import SOURCES

Annotate = Callable[..., Doc]


def _sources(annotate: Annotate, text: str) -> list[tuple[str, str]]:
    doc = annotate(text)  # keep the Doc alive while its spans are read
    return [(s.text, s.label_) for s in doc.spans[SOURCES]]


def test_sources_according_to_names_the_speaker(annotate: Annotate) -> None:
    assert _sources(annotate, "According to local officials, soldiers killed two men.") == [
        ("local officials", "official")]


def test_sources_x_said_names_the_speaker(annotate: Annotate) -> None:
    assert _sources(annotate, "A witness said soldiers killed two men.") == [("A witness", "witness")]


def test_sources_x_told_cnn_names_the_speaker_not_the_outlet(annotate: Annotate) -> None:
    found = _sources(annotate, "The mayor told CNN that soldiers killed two men.")
    assert found == [("The mayor", "official")]


def test_sources_cnn_saw_is_a_journalist(annotate: Annotate) -> None:
    assert _sources(annotate, "CNN saw the bodies of two men in the yard.") == [("CNN", "journalist")]


def test_sources_witness_seeing_is_not_a_source_phrase(annotate: Annotate) -> None:
    # only reporters who saw it are a source by seeing; a resident who saw is told through "said"
    assert _sources(annotate, "A resident saw soldiers kill two men.") == []


def test_sources_trailing_said_after_clause(annotate: Annotate) -> None:
    found = _sources(annotate, "Soldiers shot the men on Saturday, residents said.")
    assert found == [("residents", "witness")]


def test_sources_investigators_kind(annotate: Annotate) -> None:
    assert _sources(annotate, "Investigators said soldiers tortured the prisoners.") == [
        ("Investigators", "investigator")]


def test_sources_pronoun_speaker_is_marked_pronoun(annotate: Annotate) -> None:
    assert _sources(annotate, "He said soldiers killed two men.") == [("He", "pronoun")]


def test_sources_speaker_phrase_stops_at_comma(annotate: Annotate) -> None:
    found = _sources(annotate, "Olena, a local teacher, said soldiers killed two men.")
    assert [t for t, _ in found] == ["Olena"]


def test_sources_plain_statement_has_no_source(annotate: Annotate) -> None:
    assert _sources(annotate, "Soldiers killed two men in the yard.") == []
