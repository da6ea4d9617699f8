"""The place field's search over the bundled gazetteer: any script, any spelling, any start."""

from __future__ import annotations

import pytest

from svidok.services.place_search import get, search


@pytest.mark.parametrize("typed", ["Kupiansk", "Kupyansk", "Куп'янськ", "Купянск", "kupi", "Куп"])
def test_place_search_finds_every_spelling_and_script(typed: str) -> None:
    assert "Kupiansk" in [h.place.name for h in search(typed)[:3]]


def test_place_search_whole_name_first_then_oblast_then_population() -> None:
    hits = search("Kharkiv")
    assert [h.place.name for h in hits[:2]] == ["Kharkiv", "Kharkiv Oblast"]
    assert hits[0].exact and hits[0].label() == "Kharkiv (Kharkivskyi raion, Kharkiv Oblast)"


def test_place_search_short_query_finds_nothing() -> None:
    assert search("K") == [] and search("  ") == []


def test_place_search_get_by_id() -> None:
    place = search("Izyum")[0].place
    assert get(place.id) == place and get("ua:NOWHERE") is None
