"""Small model records for database tests, written for these tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from svidok.model import (
    DateValue,
    Discrepancy,
    Document,
    DocumentMeta,
    Incident,
    Mention,
    Place,
    ReadText,
    SourceFigure,
    Span,
)

TEXT = "Soldiers held at least 12 villagers in a cellar in Hrakove, a resident said."


def span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle), needle)


def document(n: int = 1, **meta: object) -> Document:
    sha = f"{n:064x}"
    fields = {"title": f"Report {n}", "outlet": "Test Wire", "url": f"https://example.org/{n}",
              "published": date(2022, 9, 15), "collector": "tester", **meta}
    return Document(id=sha, filename=f"report-{n}.txt", media_type="text/plain", size=100 + n, sha256=sha,
                    meta=DocumentMeta(**fields),  # type: ignore[arg-type]
                    collected_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC))


PLACE = Place(id="ua:UA63120000001", name="Hrakove", level="settlement", lat=49.6, lon=36.5,
              admin1="Kharkiv Oblast", raion="Chuhuiv", hromada="Chkalovske", katottg="UA63120000001",
              population=900, geo_precision="hromada")


def mention(doc_id: str, mid: str = "m1", mtype: str = "unlawful_confinement") -> Mention:
    return Mention(
        document_id=doc_id, type=mtype, evidence=Span(0, len(TEXT), TEXT), trigger=span(TEXT, "held"),
        place=PLACE, place_span=span(TEXT, "Hrakove"), count=12, qualifier="at_least",
        count_span=span(TEXT, "at least 12"),
        date=DateValue(date(2022, 9, 1), date(2022, 9, 30), "month"), date_span=None,
        attributed_to="a resident", attribution_kind="witness", attribution_span=span(TEXT, "a resident"),
        perpetrator="Soldiers", perpetrator_span=span(TEXT, "Soldiers"), denied=False,
        persons=(span(TEXT, "villagers"),), component="test.extract", version="7", id=mid,
    )


def incident(iid: str = "inc-000000000001", doc_id: str = f"{1:064x}", victims: int | None = 12,
             itype: str = "unlawful_confinement", day: int = 10, place: Place | None = PLACE) -> Incident:
    src = SourceFigure(document_id=doc_id, count=victims, qualifier="at_least", attributed_to="a resident",
                       spans=(span(TEXT, "held"),), mention_ids=("m1",),
                       date=DateValue(date(2022, 9, day), date(2022, 9, day), "day"))
    return Incident(
        id=iid, type=itype, place=place, date=DateValue(date(2022, 9, day), date(2022, 9, day), "day"),
        victims=victims, qualifier="at_least", sources=[src], confidence=0.5, grade="single source",
        grade_reasons=["one outlet"],
        discrepancies=[Discrepancy("count", [{"document_id": doc_id, "value": 12, "span": None}], "differs")],
        headline_note="lowest figure", perpetrator="Soldiers",
    )


def read_text() -> ReadText:
    return ReadText(text=TEXT, reader="test.reader", reader_version="3", title="A title",
                    published=date(2022, 9, 14), encoding="utf-8", body=((0, 20), (30, len(TEXT))))
