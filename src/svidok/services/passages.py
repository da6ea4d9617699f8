"""What a source says, ready to quote: the stretches of its text that state an incident, each once,
with every fact it supports marked inside (type cue, place, count, date, perpetrator, source).

A passage is the sentence around each supporting span, widened to whole sentences (a paragraph
break or a full stop before a capital) and never cut inside a word: when no sentence boundary is
within REACH characters it stops at a space and says so (`cut_before` / `cut_after`). Passages
that touch are joined, so a paragraph is shown once however many facts it supports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy.engine import Connection

from svidok.model import Document, Incident, Mention, Qualifier, ReadText, SourceFigure, Span
from svidok.services import documents

REACH = 300  # characters a passage may grow by, either side, to reach its sentence's edges
TITLE_CHARS = 120  # a title taken from the text's first line is cut (at a word) to this length

# fact id -> what the legend calls it
FACTS: tuple[tuple[str, str], ...] = (
    ("act", "type cue"), ("place", "place"), ("victims", "count"), ("date", "date"),
    ("perpetrator", "perpetrator"), ("source", "source"),
)
QUALIFIER_WORDS: dict[str, str] = {"exact": "", "at_least": "at least", "at_most": "at most",
                                   "about": "about"}
BASIS_WORDS: dict[str, str] = {
    "sentence": "place named in the same sentence",
    "focus": "place carried from the paragraph",
    "topic": "place is the one the whole report is about",
    "office": "place of the office that gave the account",
    "dateline": "place taken from the report's dateline",
    "region": "only the oblast is known, from the paragraph's place",
}

# a sentence ends at . ! ? or … (closing quotes and brackets included) before a space and a word
# that does not start in lower case ("3 p.m. on" goes on); a blank line ends a paragraph
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[^a-zа-яёіїєґ\s])|\n[ \t]*\n\s*")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")


def figure_words(count: int | None, qualifier: Qualifier | str | None) -> str:
    """A figure as words: (8, "at_most") -> "at most 8"; (4, "exact") -> "4"; None -> ""."""
    if count is None:
        return ""
    words = QUALIFIER_WORDS.get(qualifier or "exact", str(qualifier).replace("_", " "))
    return f"{words} {count}".strip()


def basis_words(basis: str | None) -> str:
    """How a source's place was tied to the act, in words ("" when not recorded)."""
    return BASIS_WORDS.get(basis or "", "")


@dataclass(frozen=True)
class FactMark:
    """A span of the text that supports one fact; `value` is what Svidok read from it."""

    start: int
    end: int
    fact: str  # a FACTS id
    value: str


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    marks: tuple[FactMark, ...]
    evidence: tuple[tuple[int, int], ...]  # the clauses that state an act
    cut_before: bool = False  # starts inside a sentence (no boundary within REACH)
    cut_after: bool = False


def fact_marks(m: Mention, type_label: Callable[[str], str] = str) -> list[FactMark]:
    """Every filled fact of a mention with the span that supports it."""
    pairs: list[tuple[str, str, Span | None]] = [
        ("act", type_label(m.type), m.trigger),
        ("place", m.place.name if m.place else "", m.place_span),
        ("victims", figure_words(m.count, m.qualifier), m.count_span),
        ("date", m.date.iso() if m.date else "", m.date_span),
        ("perpetrator", m.perpetrator or "", m.perpetrator_span),
        ("source", m.attributed_to or "", m.attribution_span),
    ]
    return [FactMark(s.start, s.end, fact, value) for fact, value, s in pairs if s is not None and value]


def _start_of_sentence(text: str, pos: int, reach: int) -> tuple[int, bool]:
    lo = max(0, pos - reach)
    last = None
    for found in _SENTENCE_END.finditer(text, lo, min(len(text), pos + 1)):
        if found.end() <= pos:  # the look-ahead may read the character at pos, no further
            last = found
    if last is not None:
        return last.end(), False
    if lo == 0:
        return 0, False
    space = re.search(r"\s", text[lo:pos])
    return (lo + space.end(), True) if space else (pos, True)


def _end_of_sentence(text: str, pos: int, reach: int) -> tuple[int, bool]:
    if _ENDS_SENTENCE.search(text, max(0, pos - 4), pos) or pos >= len(text):
        return pos, False
    hi = min(len(text), pos + reach)
    found = _SENTENCE_END.search(text, pos, min(len(text), hi + 1))
    if found is not None:
        return len(text[:found.end()].rstrip()), False
    if hi == len(text):
        return len(text.rstrip()), False
    space = max(text.rfind(" ", pos, hi), text.rfind("\n", pos, hi))
    return (space, True) if space > pos else (pos, True)


def _window(text: str, start: int, end: int, reach: int) -> tuple[int, int, bool, bool]:
    lo, cut_lo = _start_of_sentence(text, start, reach)
    hi, cut_hi = _end_of_sentence(text, end, reach)
    while lo < start and text[lo].isspace():
        lo += 1
    return lo, max(hi, end), cut_lo, cut_hi


def passages(text: str, mentions: Iterable[Mention], spans: Iterable[Span] = (),
             type_label: Callable[[str], str] = str, reach: int = REACH) -> list[Passage]:
    """The passages of `text` that state these mentions (and the loose `spans` of a figure made by
    hand), in text order, each once, with the facts marked."""
    marks: dict[tuple[int, int, str], FactMark] = {}
    evidence: set[tuple[int, int]] = set()
    for m in mentions:
        evidence.add((m.evidence.start, m.evidence.end))
        for f in fact_marks(m, type_label):
            marks.setdefault((f.start, f.end, f.fact), f)
    evidence.update((s.start, s.end) for s in spans)
    anchors = sorted({*evidence, *((f.start, f.end) for f in marks.values())})
    spans_in = [(a, b) for a, b in anchors if 0 <= a < b <= len(text)]
    windows = sorted(_window(text, a, b, reach) for a, b in spans_in)
    joined: list[tuple[int, int, bool, bool]] = []
    for lo, hi, cut_lo, cut_hi in windows:
        if joined and (lo <= joined[-1][1] or not text[joined[-1][1]:lo].strip()):
            plo, phi, pcut_lo, pcut_hi = joined[-1]
            joined[-1] = (plo, hi, pcut_lo, cut_hi) if hi > phi else joined[-1]
        else:
            joined.append((lo, hi, cut_lo, cut_hi))
    out = []
    for s, e_raw, cut_lo, cut_hi in joined:
        e = max(s, len(text[:e_raw].rstrip()))  # an evidence span may end in a paragraph break
        inside = tuple(sorted((f for f in marks.values() if s <= f.start and f.end <= e_raw),
                              key=lambda f: (f.start, f.end, f.fact)))
        ev = tuple(sorted((a, min(b, e)) for a, b in evidence if a < e and b > s))
        out.append(Passage(s, e, inside, ev, cut_lo, cut_hi))
    return out


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if len(line) <= TITLE_CHARS:
        return line
    cut = line.rfind(" ", 0, TITLE_CHARS)
    return line[:cut if cut > 0 else TITLE_CHARS].rstrip(" ,;:-–—") + "…"


@dataclass(frozen=True)
class SourceLabel:
    """How a source is named to a reader: never by its file name."""

    title: str
    outlet: str
    published: str
    title_from: str  # "metadata", "reader" (the document's own title) or "text" (its first line)


def source_label(doc: Document | None, read: ReadText | None) -> SourceLabel:
    """Title, outlet and date from the document's metadata, then from the document itself (the
    title its reader found, else its first line; the outlet from its URL's host)."""
    meta = doc.meta if doc else None
    if meta and meta.title and meta.title.strip():
        title, origin = meta.title.strip(), "metadata"
    elif read and read.title and read.title.strip():
        title, origin = read.title.strip(), "reader"
    else:
        title, origin = _first_line(read.text if read else "") or "untitled report", "text"
    outlet = (meta.outlet or "").strip() if meta else ""
    if not outlet and meta and meta.url:
        try:
            outlet = (urlsplit(meta.url.strip()).hostname or "").removeprefix("www.")
        except ValueError:
            outlet = ""
    published = (meta.published_iso() if meta else None) or (
        read.published.isoformat() if read and read.published else "")
    return SourceLabel(title, outlet, published, origin)


@dataclass(frozen=True)
class SourceEvidence:
    """One source of an incident: how to name it, its text, and the passages that state the
    incident with the facts marked."""

    figure: SourceFigure
    document: Document | None
    label: SourceLabel
    text: str
    mentions: tuple[Mention, ...]  # this source's mentions that support the incident
    passages: tuple[Passage, ...]


def incident_evidence(conn: Connection, inc: Incident,
                      type_label: Callable[[str], str] = str) -> list[SourceEvidence]:
    """Every source of `inc`, in the incident's order, with its passages."""
    doc_ids = list(dict.fromkeys(f.document_id for f in inc.sources))
    docs = documents.many(conn, doc_ids)
    by_id = {m.id: m for m in documents.mentions(conn, doc_ids) if m.id}
    out = []
    for fig in inc.sources:
        read = documents.text(conn, fig.document_id)
        text = read.text if read else ""
        own = tuple(by_id[mid] for mid in fig.mention_ids if mid in by_id)
        found = passages(text, own, fig.spans, type_label) if text else []
        doc = docs.get(fig.document_id)
        out.append(SourceEvidence(fig, doc, source_label(doc, read), text, own, tuple(found)))
    return out


def plain_lines(passages_: Sequence[Passage], text: str) -> list[str]:
    """Each passage as one plain line (for terminals and plain-text reports)."""
    out = []
    for p in passages_:
        body = " ".join(text[p.start:p.end].split())
        out.append(("…" if p.cut_before else "") + body + ("…" if p.cut_after else ""))
    return out
