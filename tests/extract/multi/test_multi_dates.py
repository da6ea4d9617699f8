"""svidok.extract.multi.dates: dates in the document's language, resolved against publication."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.tokens import Doc

from svidok.extract.dates import span_date


def _dates(doc: Doc) -> list[tuple[date, date, str]]:
    return [(v.start, v.end, v.precision) for v in map(span_date, doc.spans["dates"])]


@pytest.mark.parametrize(("text", "lang", "day"), [
    ("12 вересня окупанти обстріляли місто.", "uk", date(2022, 9, 12)),
    ("27 лютого 2022 року почалася окупація.", "uk", date(2022, 2, 27)),
    ("27 февраля оккупанты вошли в город.", "ru", date(2022, 2, 27)),
    ("12 września Rosjanie ostrzelali miasto.", "pl", date(2022, 9, 12)),
    ("Le 12 septembre, la ville a été bombardée.", "fr", date(2022, 9, 12)),
    ("El 12 de septiembre de 2022 bombardearon la ciudad.", "es", date(2022, 9, 12)),
    ("Am 12. September wurde die Stadt beschossen.", "de", date(2022, 9, 12))])
def test_dates_day_and_month_in_each_language(ml_annotate: Callable[..., Doc], text: str, lang: str,
                                              day: date) -> None:
    assert _dates(ml_annotate(text, lang)) == [(day, day, "day")]


def test_dates_month_alone_takes_the_latest_before_publication(ml_annotate: Callable[..., Doc]) -> None:
    assert _dates(ml_annotate("У березні окупанти катували людей.", "uk")) == [
        (date(2022, 3, 1), date(2022, 3, 31), "month")]
    assert _dates(ml_annotate("В марте 2021 года было тихо.", "ru")) == [
        (date(2021, 3, 1), date(2021, 3, 31), "month")]


def test_dates_yesterday_is_the_day_before_publication(ml_annotate: Callable[..., Doc]) -> None:
    assert _dates(ml_annotate("Вчора окупанти обстріляли Куп'янськ.", "uk")) == [
        (date(2022, 9, 19), date(2022, 9, 19), "day")]


def test_dates_after_publication_are_dropped(ml_annotate: Callable[..., Doc]) -> None:
    assert _dates(ml_annotate("12 вересня 2023 року суд винесе вирок.", "uk")) == []


def test_dates_day_without_year_or_publication_date_is_dropped(ml_annotate: Callable[..., Doc]) -> None:
    # the year would otherwise be the year of collection, years after the act
    assert _dates(ml_annotate("5 жовтня окупанти вдарили по кафе.", "uk", published=None)) == []
    assert _dates(ml_annotate("5 октября 2023 года был удар.", "ru", published=None)) == [
        (date(2023, 10, 5), date(2023, 10, 5), "day")]
