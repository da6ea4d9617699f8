"""Hand-written model objects for the linking tests (no extraction, no database)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from link_fixtures import KUPIANSK, SENTENCE, _span

from svidok.model.core import DateValue, Document, DocumentMeta, Mention, Place, Span


@pytest.fixture
def make_doc() -> Callable[..., Document]:
    order = iter(range(1000))

    def make(doc_id: str, outlet: str | None = None, near: str | None = None, **meta: Any) -> Document:
        return Document(
            id=doc_id, filename=f"{doc_id}.txt", media_type="text/plain", size=100, sha256=doc_id,
            meta=DocumentMeta(outlet=outlet, published=meta.get("published", date(2022, 9, 15)),
                              title=meta.get("title"), url=meta.get("url")),
            collected_at=datetime(2024, 1, 1) + timedelta(minutes=next(order)),
            near_duplicate_of=near, similarity=0.95 if near else None,
        )

    return make


@pytest.fixture
def make_mention() -> Callable[..., Mention]:
    def make(doc_id: str, type_: str = "detention", place: Place | None = KUPIANSK, start: int = 0,
             count: int | None = None, qualifier: str | None = None, when: date | None = None,
             **kw: Any) -> Mention:
        ev = _span(SENTENCE, start)
        return Mention(
            document_id=doc_id, type=type_, evidence=ev, trigger=Span(start + 15, start + 19, "held"),
            place=place, count=count, qualifier=qualifier,  # type: ignore[arg-type]
            count_span=Span(start + 20, start + 23, "400") if count is not None else None,
            date=DateValue(when, when, "day") if when else None, **kw,
        )

    return make
