"""db.derived: the date an incident is placed at, and the words search reads (pure functions)."""

from datetime import date

from svidok.db.derived import SourceFacts, dating, period_end, search_text
from svidok.model import DateValue, Incident, Place, SourceFigure, Span

PLACE = Place("gn:1", "Kupiansk", "settlement", 49.7, 37.6, "Kharkiv Oblast")


def _inc(when: DateValue | None, docs: tuple[str, ...] = ("a", "b")) -> Incident:
    spans = (Span(0, 27, "Soldiers held men in a cell"),)
    return Incident(id="inc-1", type="sexual_violence", place=PLACE, date=when, victims=None, qualifier=None,
                    sources=[SourceFigure(d, None, None, "a local official", spans) for d in docs],
                    perpetrator="Russian forces")


FACTS = {"a": SourceFacts(date(2022, 9, 20), "day", "Wire", "Cellars of Kupiansk"),
         "b": SourceFacts(date(2022, 9, 1), "month", "Daily", None)}


def test_derived_dating_prefers_the_act_date():
    d = dating(_inc(DateValue(date(2022, 9, 10), date(2022, 9, 10), "day")), FACTS)
    assert (d.when_start, d.when_end, d.basis, d.reported) == (date(2022, 9, 10), date(2022, 9, 10), "act",
                                                               date(2022, 9, 1))


def test_derived_dating_falls_back_to_the_earliest_report_over_its_whole_period():
    d = dating(_inc(None), FACTS)  # "2022-09" (a month) is earlier than 20 September
    assert (d.when_start, d.when_end, d.basis, d.reported_precision) == (
        date(2022, 9, 1), date(2022, 9, 30), "reported", "month")


def test_derived_dating_without_any_date_is_empty():
    d = dating(_inc(None), {"a": SourceFacts(None, "day")})
    assert (d.when_start, d.basis) == (None, None)


def test_derived_period_end_of_a_year_and_a_leap_february():
    assert period_end(date(2024, 2, 1), "month") == date(2024, 2, 29)
    assert period_end(date(2023, 1, 1), "year") == date(2023, 12, 31)


def test_derived_search_text_keeps_quotes_apart_from_other_fields():
    quotes, fields = search_text(_inc(None), FACTS)
    assert quotes == "Soldiers held men in a cell"
    assert fields.split("\n") == ["sexual violence", "Kupiansk", "Kharkiv Oblast", "Russian forces",
                                  "a local official", "Wire", "Daily", "Cellars of Kupiansk"]
