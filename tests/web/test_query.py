"""Shared filters and page data (pure functions over model objects)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from svidok.model import Incident


def _inc(i: str, d: date | None = None, end: date | None = None) -> Incident:
    from svidok.model import DateValue, Incident

    when = None if d is None else DateValue(d, end or d, "range" if end else "day")
    return Incident(id=i, type="killing", place=None, date=when, victims=None, qualifier=None)


def test_query_timeline_axis_has_empty_months() -> None:
    from datetime import date

    from svidok.services.incidents import When
    from svidok.web.query import timeline

    a, b = _inc("a", date(2022, 3, 1)), _inc("b", date(2022, 6, 2))
    whens = {"a": When(date(2022, 3, 1), date(2022, 3, 1), "act", "day"),
             "b": When(date(2022, 6, 2), date(2022, 6, 2), "act", "day")}
    tl = timeline({("2022-03", "act"): 1, ("2022-06", "act"): 1}, [a, b], whens)
    assert [(b["month"], b["count"]) for b in tl["bars"]] == [
        ("2022-03", 1), ("2022-04", 0), ("2022-05", 0), ("2022-06", 1)]


def test_query_timeline_bars_count_more_than_listed() -> None:
    from svidok.web.query import timeline

    tl = timeline({("2022-03", "act"): 40, (None, None): 3}, [], {})
    assert [(b["month"], b["count"]) for b in tl["bars"]] == [("2022-03", 40)]
    assert tl["total"] == 43 and tl["undated_count"] == 3


def test_query_timeline_splits_act_and_reported_dates() -> None:
    from svidok.web.query import timeline

    tl = timeline({("2022-03", "act"): 2, ("2022-03", "reported"): 3}, [], {})
    bar = tl["bars"][0]
    assert (bar["act"], bar["reported"], bar["count"]) == (2, 3, 5)
    assert bar["h_act"] > 0 and bar["h_rep"] > bar["h_act"] and tl["reported_count"] == 3


def test_query_timeline_lists_reported_incidents_under_their_month_not_undated() -> None:
    from datetime import date

    from svidok.services.incidents import When
    from svidok.web.query import timeline

    undated_text = _inc("r")
    whens = {"r": When(date(2022, 9, 20), date(2022, 9, 20), "reported", "day", date(2022, 9, 20), "day")}
    tl = timeline({("2022-09", "reported"): 1}, [undated_text], whens)
    assert tl["undated"] == [] and [m for m, _ in tl["months"]] == ["2022-09"]


def test_query_timeline_draws_a_period_as_a_span() -> None:
    from datetime import date

    from svidok.services.incidents import When
    from svidok.web.query import timeline

    period = _inc("p", date(2022, 3, 1), date(2022, 9, 30))
    whens = {"p": When(date(2022, 3, 1), date(2022, 9, 30), "act", "range")}
    tl = timeline({("2022-03", "act"): 1}, [period], whens)
    assert [b["month"] for b in tl["bars"]][-1] == "2022-09"  # the axis reaches the period's end
    (span,) = tl["spans"]
    assert span["label"] == "March 2022 to September 2022" and span["w"] > 6 * 36


def test_query_month_url_covers_the_whole_month() -> None:
    from urllib.parse import parse_qs, urlsplit

    from svidok.web.query import Filters

    url = Filters({"type": "killing"}).month_url("2024-02")
    params = parse_qs(urlsplit(url).query)
    assert params == {"type": ["killing"], "since": ["2024-02-01"], "until": ["2024-02-29"]}


def test_query_filters_reject_bad_status() -> None:
    import pytest
    from fastapi import HTTPException

    from svidok.web.query import Filters

    with pytest.raises(HTTPException, match="status"):
        Filters({"status": "maybe"}).to_service()


def test_query_filters_keep_only_known_keys() -> None:
    from svidok.web.query import Filters

    f = Filters.from_params({"type": " killing ", "evil": "x", "q": ""})
    assert f.values == {"type": "killing"}
