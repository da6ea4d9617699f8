"""The incident listing at scale: database-side filters, sort and pages over synthetic incidents.

One module case holds ~600 linked incidents (services.synthetic); each test runs in a rolled-back
transaction. Expected orders are computed here in Python from the full result, independently of
the SQL that pages it.
"""

from __future__ import annotations

import pytest

from svidok.services import synthetic
from svidok.services.incidents import IncidentFilters, QueryError, count, page, query, source_count


@pytest.fixture
def conn(tx):
    synthetic.populate(tx, 600, seed=3)
    return tx


def _reference(items, sort):
    keys = {
        "date": lambda i: (i.date.start.isoformat() if i.date else "9999", i.id),
        "victims": lambda i: (i.victims if i.victims is not None else -1, i.id),
        "place": lambda i: (i.place.name if i.place else "~", i.id),
        "sources": lambda i: (source_count(i), i.id),
        "confidence": lambda i: (i.confidence, i.id),
    }
    return [i.id for i in sorted(items, key=keys[sort.lstrip("-")], reverse=sort.startswith("-"))]


@pytest.mark.parametrize("sort", ["date", "-date", "-victims", "place", "-sources", "confidence"])
def test_listing_pages_follow_the_sort_order(conn, sort):
    everything = query(conn)
    pages = []
    for offset in range(0, len(everything), 97):
        pages += [i.id for i in query(conn, sort=sort, limit=97, offset=offset)]
    assert len(everything) > 500
    assert pages == _reference(everything, sort)


def test_listing_count_is_the_number_of_matches(conn):
    f = IncidentFilters(type="detention", oblast="Kharkiv")
    found = query(conn, f)
    assert found and count(conn, f) == len(found)
    assert all(i.type == "detention" and i.place.admin1 == "Kharkiv Oblast" for i in found)


def test_listing_page_reports_total_and_window(conn):
    p = page(conn, IncidentFilters(), sort="-victims", limit=25, offset=50)
    assert p.total == count(conn) and len(p.items) == 25 and p.offset == 50


def test_listing_offset_past_the_end_is_empty(conn):
    assert query(conn, limit=10, offset=count(conn) + 5) == []


def test_listing_negative_offset_is_clear_error(conn):
    with pytest.raises(QueryError, match="negative"):
        query(conn, offset=-1)


def test_listing_text_filter_keeps_incidents_reported_in_matching_texts(conn):
    from svidok.db import repo

    some = query(conn, limit=1, sort="-sources")[0]
    word = some.place.name.split()[0]
    found = query(conn, IncidentFilters(text=word))
    assert some.id in {i.id for i in found}
    for inc in found:
        texts = [repo.get_text(conn, f.document_id).text for f in inc.sources]
        assert any(word.casefold() in t.casefold() for t in texts)


def test_listing_text_filter_without_match_is_empty(conn):
    assert query(conn, IncidentFilters(text="zzqxnotaword")) == []


def test_listing_place_filter_by_name_matches_any_spelling_case(conn):
    some = query(conn, limit=1)[0]
    found = query(conn, IncidentFilters(place=some.place.name.upper()))
    assert some.id in {i.id for i in found} and {i.place.name for i in found} == {some.place.name}
