"""Passages: each source quoted once, cut at sentence or word boundaries, facts marked inside, and
sources named by their metadata or their own text, never by their file name."""

from __future__ import annotations

from datetime import UTC, date, datetime

from svidok.model import DateValue, Document, DocumentMeta, Mention, Place, ReadText, Span
from svidok.services.passages import basis_words, figure_words, passages, plain_lines, source_label

IZIUM = Place("ua:IZIUM", "Izium", "settlement", 49.2, 37.3, "Kharkiv Oblast")
TEXT = ("Market struck in Izium\n\n"
        "IZIUM (Wire) - Shells hit the market in Izium on March 7, killing four people, the governor said. "
        "Rescuers worked through the night.\n\n"
        "Volunteers later said the dead included two pensioners.")


def _span(text: str, words: str, after: int = 0) -> Span:
    start = text.index(words, after)
    return Span(start, start + len(words), words)


def _mention(text: str, evidence: str, trigger: str, **facts: str) -> Mention:
    ev = _span(text, evidence)
    parts = {name: _span(text, words, ev.start) for name, words in facts.items()}
    return Mention(
        document_id="d" * 64, type="killing", evidence=ev, trigger=_span(text, trigger, ev.start),
        place=IZIUM if "place" in parts else None, place_span=parts.get("place"),
        count=4 if "count" in parts else None, qualifier="exact" if "count" in parts else None,
        count_span=parts.get("count"),
        date=DateValue(date(2022, 3, 7), date(2022, 3, 7), "day") if "date" in parts else None,
        date_span=parts.get("date"), attributed_to="the governor" if "source" in parts else None,
        attribution_span=parts.get("source"), id="m1")


def test_passages_sentence_quoted_once_with_every_fact_inside() -> None:
    m = _mention(TEXT, "Shells hit the market in Izium on March 7, killing four people, the governor said.",
                 "killing", place="Izium", count="four people", date="March 7", source="the governor")
    found = passages(TEXT, [m])
    assert len(found) == 1
    p = found[0]
    quoted = TEXT[p.start:p.end]
    assert quoted.startswith("IZIUM (Wire) - Shells hit") and quoted.endswith("the governor said.")
    assert [(f.fact, TEXT[f.start:f.end]) for f in p.marks] == [
        ("place", "Izium"), ("date", "March 7"), ("act", "killing"), ("victims", "four people"),
        ("source", "the governor")]


def test_passages_two_mentions_of_one_sentence_share_one_passage() -> None:
    one = _mention(TEXT, "Shells hit the market in Izium", "Shells", place="Izium")
    two = _mention(TEXT, "killing four people", "killing", count="four people")
    assert len(passages(TEXT, [one, two])) == 1


def test_passages_adjacent_sentences_join_and_distant_ones_stay_apart() -> None:
    first = _mention(TEXT, "Shells hit the market in Izium on March 7", "Shells")
    far = _mention(TEXT, "Volunteers later said the dead included two pensioners.", "dead")
    found = passages(TEXT, [first, far])
    assert [TEXT[p.start:p.end].split()[0] for p in found] == ["IZIUM", "Volunteers"]


def _act(text: str, word: str) -> Mention:
    return Mention(document_id="d", type="killing", evidence=_span(text, word), trigger=_span(text, word))


def test_passages_never_cut_inside_a_word() -> None:
    text = "alpha " * 200 + "soldiers killed three men near the bridge " + "omega " * 200
    m = _act(text, "killed")
    p = passages(text, [m], reach=60)[0]
    assert p.cut_before and p.cut_after
    assert text[p.start - 1] == " " and text[p.end] == " "
    assert plain_lines([p], text)[0].startswith("…alpha") and plain_lines([p], text)[0].endswith("omega…")


def test_passages_abbreviation_does_not_end_a_sentence() -> None:
    text = "Earlier news. At 3 p.m. on Monday soldiers killed two men. Later news."
    m = _act(text, "killed")
    p = passages(text, [m])[0]
    assert text[p.start:p.end] == "At 3 p.m. on Monday soldiers killed two men."


def test_passages_figure_reads_as_words() -> None:
    assert [figure_words(8, "at_most"), figure_words(40, "at_least"), figure_words(200, "about"),
            figure_words(4, "exact"), figure_words(None, None)] == ["at most 8", "at least 40", "about 200",
                                                                     "4", ""]


def test_passages_place_basis_in_words() -> None:
    assert basis_words("sentence") == "place named in the same sentence"
    assert basis_words("focus") == "place carried from the paragraph"
    assert basis_words(None) == ""


def _doc(**meta: object) -> Document:
    return Document(id="d" * 64, filename="2022-03-09_scan_0042.txt", media_type="text/plain", size=1,
                    sha256="d" * 64, meta=DocumentMeta(**meta),  # type: ignore[arg-type]
                    collected_at=datetime(2024, 1, 1, tzinfo=UTC))


def test_passages_source_named_by_metadata_first() -> None:
    read = ReadText(TEXT, "r", "1", title="Reader's title")
    label = source_label(_doc(title="Meta title", outlet="Wire", published=date(2022, 3, 9)), read)
    assert (label.title, label.outlet, label.published, label.title_from) == ("Meta title", "Wire",
                                                                             "2022-03-09", "metadata")


def test_passages_source_without_metadata_named_from_its_text_never_its_file_name() -> None:
    read = ReadText(TEXT, "r", "1", published=date(2022, 3, 10))
    label = source_label(_doc(url="https://www.example.org/izium"), read)
    assert (label.title, label.outlet, label.published) == ("Market struck in Izium", "example.org",
                                                            "2022-03-10")
    assert "scan_0042" not in str(label)
    reader = source_label(_doc(), ReadText(TEXT, "r", "1", title="From the HTML title"))
    assert (reader.title, reader.title_from, reader.outlet) == ("From the HTML title", "reader", "")


def test_passages_long_first_line_title_cut_at_a_word() -> None:
    line = "Word " * 60
    label = source_label(_doc(), ReadText(line + "\n\nBody.", "r", "1"))
    assert label.title.endswith("Word…") and len(label.title) <= 121
