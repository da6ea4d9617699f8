"""Tests for svidok.extract.sections and the sectioned path of the pipeline (long texts)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from svidok.extract import sections
from svidok.extract.pipeline import Extractor
from svidok.model import Mention, ReadText, Span

REPORTS = Path(__file__).resolve().parents[1] / "eval" / "reports"
REPORT = ("Russian soldiers held at least 12 civilians in a basement in Izium for 46 days, a witness "
          "said. Investigators later found the bodies of two men in the yard.\n")


def _blob(chars: int) -> str:
    """Paragraphs of long hex 'words' (a pasted dump): many characters, few tokens, no incident."""
    paragraphs, size, i = [], 0, 0
    while size < chars:
        line = " ".join(hashlib.sha256(f"{i}-{j}".encode()).hexdigest() * 6 for j in range(10))
        paragraphs.append(line)
        size += len(line) + 2
        i += 1
    return "\n\n".join(paragraphs)


def _spans(m: Mention) -> list[Span]:
    found = [m.evidence, m.trigger, m.place_span, m.count_span, m.date_span, m.attribution_span,
             m.perpetrator_span, *m.persons]
    return [s for s in found if s is not None]


def _key(ms: list[Mention]) -> list[tuple[object, ...]]:
    return sorted((m.id, m.type, m.place.id if m.place else "", m.count or 0, m.evidence.start,
                   m.evidence.end, m.attributed_to or "") for m in ms)


@given(st.text(alphabet="ab .\n", max_size=400), st.integers(min_value=2, max_value=60))
@example("a" * 100, 7)
@example("\n\n" * 50, 3)
@settings(max_examples=200, derandomize=True)
def test_sections_split_covers_text_in_order_within_limit(text: str, limit: int) -> None:
    parts = sections.split(text, limit)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a < b or len(text) == 0 for a, b in parts)
    assert all(b == c for (_, b), (c, _) in zip(parts, parts[1:], strict=False))
    assert all(b - a <= limit for a, b in parts)


def test_sections_split_cuts_at_blank_lines() -> None:
    text = "\n\n".join(["x" * 30] * 6)
    parts = sections.split(text, 70)
    assert all(text[b - 2:b] == "\n\n" for _, b in parts[:-1])


def test_sections_context_widens_to_paragraphs() -> None:
    text = "\n\n".join(f"p{i} " + "w" * 20 for i in range(10))
    lo, hi = sections.context(text, 100, 150, lead=40)
    assert lo <= 100 and hi >= 150
    assert lo == 0 or text[lo - 2:lo] == "\n\n"
    assert hi == len(text) or text[hi:hi + 2] == "\n\n"


def test_sections_clip_keeps_body_inside_section() -> None:
    assert sections.clip(((0, 10), (20, 30)), 5, 25) == [(0, 5), (15, 20)]
    assert sections.clip(((0, 10),), 15, 25) == []
    assert sections.clip((), 15, 25) == [(0, 10)]


def test_sections_short_report_gives_the_same_mentions_split(extractor: Extractor) -> None:
    text = (REPORTS / "007_izium_burial_local.txt").read_text(encoding="utf-8")
    read = ReadText(text=text, reader="test", reader_version="1")
    split = Extractor(extractor.nlp, section_chars=len(text) // 3)
    assert len(sections.split(text, split.section_chars)) >= 3
    whole = extractor.extract("doc", read, None)
    assert whole and _key(split.extract("doc", read, None)) == _key(whole)


@pytest.fixture(scope="module")
def long_read() -> ReadText:
    text = REPORT + "\n\n" + _blob(1_200_000) + "\n\n" + REPORT
    return ReadText(text=text, reader="test", reader_version="1")


def test_sections_long_text_spans_point_into_the_full_text(extractor: Extractor, long_read: ReadText) -> None:
    ms = extractor.extract("doc", long_read, None)
    text = long_read.text
    assert len(text) > 1_200_000 > extractor.nlp.max_length
    assert {m.type for m in ms if m.evidence.start > 1_200_000} >= {"detention", "killing"}
    assert all(text[s.start:s.end] == s.text for m in ms for s in _spans(m))


def test_sections_long_text_ids_follow_global_offsets(extractor: Extractor, long_read: ReadText) -> None:
    ms = extractor.extract("doc", long_read, None)
    ids = [m.id for m in ms]
    assert len(ids) == len(set(ids)) == 4
    assert all(m.id == sections.mention_id("doc", m.type, m.place.id if m.place else None,
                                           m.evidence.start, m.evidence.end, m.version) for m in ms)
