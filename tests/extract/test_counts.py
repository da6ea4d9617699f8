"""Tests for svidok.extract.counts: victim counts, ACLED readings of vague numbers, non-counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from svidok.extract.counts import COUNTS

Annotate = Callable[..., Doc]


def _counts(annotate: Annotate, text: str) -> list[tuple[int, str, str]]:
    """(value, qualifier, span text) of every victim count; the value leads the span's kb_id."""
    doc = annotate(text)
    return [(int(s.kb_id_.split("|")[0]), s.label_, s.text) for s in doc.spans[COUNTS]]


def _values(annotate: Annotate, text: str) -> list[tuple[int, str]]:
    return [(v, q) for v, q, _ in _counts(annotate, text)]


@pytest.mark.parametrize(("text", "value"), [
    ("Soldiers killed 12 civilians in the village.", 12),
    ("Soldiers detained 1,000 civilians in the city.", 1000),
    ("Soldiers killed seven civilians.", 7),
    ("Soldiers killed fifty-two civilians.", 52),
])
def test_counts_plain_number_is_exact(annotate: Annotate, text: str, value: int) -> None:
    assert _values(annotate, text) == [(value, "exact")]


def test_counts_span_covers_number_and_victim_noun(annotate: Annotate) -> None:
    spans = [t for _, _, t in _counts(annotate, "Soldiers killed fifty-two civilians.")]
    assert spans == ["fifty-two civilians"]


def test_counts_a_dozen_is_about_twelve(annotate: Annotate) -> None:
    assert _values(annotate, "Soldiers detained a dozen men.") == [(12, "about")]


def test_counts_two_dozen_is_about_twenty_four(annotate: Annotate) -> None:
    assert _values(annotate, "Soldiers detained two dozen men.") == [(24, "about")]


def test_counts_dozens_is_at_least_twelve(annotate: Annotate) -> None:
    assert _values(annotate, "Soldiers detained dozens of men.") == [(12, "at_least")]


def test_counts_hundreds_is_at_least_one_hundred(annotate: Annotate) -> None:
    assert _values(annotate, "Soldiers detained hundreds of residents.") == [(100, "at_least")]


def test_counts_range_takes_lower_bound_at_least(annotate: Annotate) -> None:
    assert _values(annotate, "Soldiers held from 20 to 40 prisoners in the basement.") == [(20, "at_least")]


@pytest.mark.parametrize(("text", "qualifier"), [
    ("Soldiers killed at least 10 civilians.", "at_least"),
    ("Soldiers killed more than 10 civilians.", "at_least"),
    ("Troops held up to 10 prisoners.", "at_most"),
    ("Troops killed about 10 civilians.", "about"),
    ("Troops killed nearly 10 civilians.", "about"),
])
def test_counts_qualifier_before_number(annotate: Annotate, text: str, qualifier: str) -> None:
    assert _values(annotate, text) == [(10, qualifier)]


def test_counts_qualifier_is_inside_span(annotate: Annotate) -> None:
    spans = [t for _, _, t in _counts(annotate, "Soldiers killed at least 10 civilians.")]
    assert spans == ["at least 10 civilians"]


@pytest.mark.parametrize("text", [
    "The men were held for 46 days.",
    "Investigators found 10 torture chambers.",
    "Workers exhumed 400 graves.",
    "Guards kept eight prisoners per cell.",
    "They were held in cells designed for two people.",
    "A 93-year-old woman was killed.",
    "Soldiers shot one of her sons.",
])
def test_counts_not_a_victim_count(annotate: Annotate, text: str) -> None:
    assert _counts(annotate, text) == []


def test_counts_year_before_victims_not_counted(annotate: Annotate) -> None:
    assert _counts(annotate, "In 2022 civilians were killed in the city.") == []


def test_counts_bare_number_subject_counts(annotate: Annotate) -> None:
    assert _values(annotate, "Twelve were killed when soldiers opened fire.") == [(12, "exact")]


def test_counts_number_at_sentence_root_does_not_hang(annotate: Annotate) -> None:
    # a number whose head chain reaches the root once looped forever (token identity, not index)
    doc = annotate("36.")
    assert list(doc.spans["counts"]) == []


def test_counts_plural_the_lemmatizer_misses_still_counts(annotate: Annotate) -> None:
    doc = annotate("A mass grave with roughly 36 corpses was discovered near the village.")
    assert [(c.label_, c.kb_id_.split("|")[0]) for c in doc.spans["counts"]] == [("about", "36")]
