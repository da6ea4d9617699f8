"""Tests for svidok.extract.dates: date expressions resolved against the publication date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.tokens import Doc

from svidok.extract.dates import DATES, resolve_date, span_date
from svidok.model import DateValue

Annotate = Callable[..., Doc]
PUB = date(2022, 9, 20)  # a Tuesday


def test_dates_weekday_is_the_last_such_day_before_publication() -> None:
    assert resolve_date("on Saturday", PUB) == DateValue(date(2022, 9, 17), date(2022, 9, 17), "day")


def test_dates_last_week_is_the_previous_monday_to_sunday() -> None:
    assert resolve_date("last week", PUB) == DateValue(date(2022, 9, 12), date(2022, 9, 18), "range")


def test_dates_a_month_ago_is_the_previous_month() -> None:
    assert resolve_date("a month ago", PUB) == DateValue(date(2022, 8, 1), date(2022, 8, 31), "month")


def test_dates_month_name_is_that_month_of_the_publication_year() -> None:
    assert resolve_date("in April", PUB) == DateValue(date(2022, 4, 1), date(2022, 4, 30), "month")


def test_dates_later_month_name_is_in_the_previous_year() -> None:
    assert resolve_date("in October", PUB) == DateValue(date(2021, 10, 1), date(2021, 10, 31), "month")


def test_dates_between_two_months_is_a_range() -> None:
    assert resolve_date("between February and April", PUB) == DateValue(date(2022, 2, 1), date(2022, 4, 30),
                                                                         "range")


def test_dates_month_and_day_has_day_precision() -> None:
    assert resolve_date("September 13", PUB) == DateValue(date(2022, 9, 13), date(2022, 9, 13), "day")


def test_dates_yesterday_is_the_day_before_publication() -> None:
    assert resolve_date("yesterday", PUB) == DateValue(date(2022, 9, 19), date(2022, 9, 19), "day")


def test_dates_month_and_year_needs_no_publication_date() -> None:
    assert resolve_date("March 2022", None) == DateValue(date(2022, 3, 1), date(2022, 3, 31), "month")


def test_dates_bare_year_has_year_precision() -> None:
    assert resolve_date("in 2022", PUB) == DateValue(date(2022, 1, 1), date(2022, 12, 31), "year")


def test_dates_relative_date_without_publication_date_is_none() -> None:
    assert resolve_date("last week", None) is None


@pytest.mark.parametrize("text", ["46 days", "for two weeks", "three months", "several years",
                                  "a 93-year-old"])
def test_dates_durations_and_ages_are_not_dates(text: str) -> None:
    assert resolve_date(text, PUB) is None


def test_dates_vague_expression_is_not_a_date() -> None:
    assert resolve_date("earlier in the war", PUB) is None


def test_dates_iso_of_month_precision() -> None:
    assert resolve_date("in April", PUB).iso() == "2022-04"  # type: ignore[union-attr]


def _dates(annotate: Annotate, text: str) -> list[tuple[str, DateValue]]:
    doc = annotate(text, PUB)
    return [(s.text, span_date(s)) for s in doc.spans[DATES]]


def test_dates_component_resolves_weekday_in_sentence(annotate: Annotate) -> None:
    assert _dates(annotate, "Soldiers shot the men on Saturday, residents said.") == [
        ("Saturday", DateValue(date(2022, 9, 17), date(2022, 9, 17), "day"))]


def test_dates_component_resolves_month_and_day(annotate: Annotate) -> None:
    assert _dates(annotate, "On September 13 soldiers killed two men.") == [
        ("September 13", DateValue(date(2022, 9, 13), date(2022, 9, 13), "day"))]


def test_dates_component_skips_duration(annotate: Annotate) -> None:
    assert _dates(annotate, "The men were held for 46 days.") == []


def test_dates_component_without_publication_date_skips_weekday(annotate: Annotate) -> None:
    doc = annotate("Soldiers shot the men on Saturday.", None)
    assert list(doc.spans[DATES]) == []


def test_dates_component_keeps_month_range(annotate: Annotate) -> None:
    found = _dates(annotate, "Soldiers tortured the men between February and April.")
    assert [v for _, v in found] == [DateValue(date(2022, 2, 1), date(2022, 4, 30), "range")]


def test_dates_component_skips_a_bound_of_a_period(annotate: Annotate) -> None:
    doc = annotate("It was the third time since January that the clinic had been shelled.")
    assert list(doc.spans[DATES]) == []


def test_dates_occupation_period_takes_the_end_year(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Russian troops occupied the town from March to September 2022.")
    (period,) = doc.spans["periods"]
    assert span_date(period) == DateValue(date(2022, 3, 1), date(2022, 9, 30), "range")


def test_dates_occupation_period_needs_an_occupation(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Prices rose from March to September 2022.")
    assert list(doc.spans["periods"]) == []


def test_dates_period_across_new_year_starts_the_year_before(annotate: Callable[..., Doc]) -> None:
    doc = annotate("The village was under Russian control from November to February 2023.")
    (period,) = doc.spans["periods"]
    assert span_date(period).start == date(2022, 11, 1)


def test_dates_day_without_year_or_publication_date_is_not_placed_in_time():
    # the year would otherwise be the day of collection: a 2022 act dated years later
    assert resolve_date("September 11", None) is None
    assert resolve_date("11 September 2022", None) == DateValue(date(2022, 9, 11), date(2022, 9, 11), "day")
