"""Sections of long texts: extraction work that grows linearly with the text.

spaCy refuses texts over `nlp.max_length` (1,000,000 characters) and its memory grows with the
whole doc, so a text longer than SECTION_CHARS is cut into sections of at most that many
characters, each extracted as its own doc. Cuts fall where a report's topic changes anyway: at a
blank line (paragraph or heading break) where one lies in the second half of the window, else at
a line break, a sentence end, a space, and only as a last resort inside a word. Every span of the
mentions is then moved by the section's start, so it points into the document's full text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from svidok.model import Mention, Span

SECTION_CHARS = 20_000
CONTEXT_CHARS = 2_000  # read on each side of a section: a place stays in focus a few sentences
# Where to cut, best first: after a blank line, a line break, a sentence end, any whitespace.
_BREAKS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?…][\"'”’)]*\s+"),
           re.compile(r"\s+"))


def split(text: str, limit: int = SECTION_CHARS) -> list[tuple[int, int]]:
    """Half-open ranges covering `text` in order, each at most `limit` characters long."""
    if limit < 2:
        raise ValueError("section limit must be at least 2 characters")
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > limit:
        out.append((start, end := _cut(text, start, start + limit)))
        start = end
    out.append((start, n))
    return out


def _cut(text: str, start: int, stop: int) -> int:
    """The best place to end a section that starts at `start` and may not pass `stop`."""
    half = start + (stop - start) // 2
    for pattern in _BREAKS:
        last = None
        for m in pattern.finditer(text, half, stop):
            last = m
        if last is not None and last.end() > start:
            return min(last.end(), stop)  # the break's trailing space goes with the section before
    return stop


def context(text: str, start: int, end: int, lead: int = CONTEXT_CHARS) -> tuple[int, int]:
    """[start, end) widened by up to `lead` characters each side, to whole paragraphs or lines.

    A section is read with its context so that the story's place, source and counts carry across
    the cut as they do in the whole text; only mentions whose evidence starts inside [start, end)
    are kept, so every sentence is taken from exactly one section."""
    lo, hi = max(0, start - lead), min(len(text), end + lead)
    if lo > 0:
        for pattern in _BREAKS[:2]:
            m = pattern.search(text, lo, start)
            if m is not None:
                lo = m.end() if m.end() <= start else lo
                break
    if hi < len(text):
        for pattern in _BREAKS[:2]:
            last = None
            for m in pattern.finditer(text, end, hi):
                last = m
            if last is not None:
                hi = last.start()
                break
    return lo, max(hi, end)


def clip(body: tuple[tuple[int, int], ...], start: int, end: int) -> list[tuple[int, int]]:
    """The report-body ranges inside [start, end), relative to `start`.

    An empty list means none of the section is body; an empty `body` means all text is."""
    if not body:
        return [(0, end - start)]
    return [(max(a, start) - start, min(b, end) - start) for a, b in body if a < end and b > start]


def _moved(span: Span | None, offset: int) -> Span | None:
    return None if span is None else Span(span.start + offset, span.end + offset, span.text)


def mention_id(document_id: str, type_: str, place_id: str | None, start: int, end: int,
               version: str) -> str:
    """The id binding gives a mention (bind.py calls this too), from its evidence's global offsets."""
    parts = (document_id, type_, place_id, start, end, version)
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


def shift(m: Mention, offset: int) -> Mention:
    """`m` found in a section starting at `offset`, with spans and id in the full text's terms."""
    if offset == 0:
        return m
    evidence = Span(m.evidence.start + offset, m.evidence.end + offset, m.evidence.text)
    return replace(
        m, evidence=evidence, trigger=_moved(m.trigger, offset) or m.trigger,
        place_span=_moved(m.place_span, offset), count_span=_moved(m.count_span, offset),
        date_span=_moved(m.date_span, offset), attribution_span=_moved(m.attribution_span, offset),
        perpetrator_span=_moved(m.perpetrator_span, offset),
        persons=tuple(Span(p.start + offset, p.end + offset, p.text) for p in m.persons),
        id=None if m.id is None else mention_id(
            m.document_id, m.type, m.place.id if m.place else None, evidence.start, evidence.end,
            m.version),
    )
