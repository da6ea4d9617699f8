"""Page layout of a report: its lines, headline, dateline, bylines and photo captions,
and the words that keep a paragraph about the place already named ("here", "the village")."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from svidok.extract.lexicon import FOCUS_ANAPHORA

TERMINAL = tuple(".!?\"”’':;…")


def lines_index(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


class Intervals:
    """Half-open ranges [a, b), asked which holds a position: a binary search, not a scan."""

    def __init__(self, ranges: Sequence[Sequence[int]]) -> None:
        self.ranges = sorted((int(r[0]), int(r[1])) for r in ranges)
        self.starts = [a for a, _ in self.ranges]
        # the furthest end reached by any range up to each one: overlapping ranges stay correct
        self.reach: list[int] = []
        top = -1
        for _, b in self.ranges:
            top = max(top, b)
            self.reach.append(top)

    def holds(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos)
        return k > 0 and self.reach[k - 1] > pos


def caption(sent: Span, lines: list[tuple[int, int]], text: str | None = None) -> bool:
    """A line of 7+ words with no closing punctuation, not the headline: a photo caption."""
    if not lines or sent.start_char < lines[0][1]:
        return False
    k = bisect_right(lines, (sent.start_char, float("inf"))) - 1  # lines are sorted, disjoint
    if k < 0 or not lines[k][0] <= sent.start_char < lines[k][1]:
        return False
    a, b = lines[k]
    line = (sent.doc.text if text is None else text)[a:b].strip()
    return not line.endswith(TERMINAL) and len(line.split()) >= 7


def heading(sent: Span, lines: list[tuple[int, int]], text: str | None = None) -> bool:
    """A short line of its own with no closing punctuation ("Torture, disappearances, deaths"):
    a section heading names topics; it asserts no act (the section's body does)."""
    k = bisect_right(lines, (sent.start_char, float("inf"))) - 1
    if k < 0 or not lines[k][0] <= sent.start_char < lines[k][1]:
        return False
    text = sent.doc.text if text is None else text  # doc.text is rebuilt on every access
    line = _ENUMERATOR.sub("", text[lines[k][0]:lines[k][1]].strip())
    return (_ENUMERATOR.sub("", text[sent.start_char:sent.end_char].strip()) == line
            and not line.endswith(TERMINAL) and len(line.split()) < 7)


def numbered_heading(sent: Span, lines: list[tuple[int, int]], text: str) -> bool:
    """'II. Killings of civilians': a long report's numbered section heading (a news subhead,
    unnumbered, goes on with the story's place)."""
    k = bisect_right(lines, (sent.start_char, float("inf"))) - 1
    return k >= 0 and bool(_ENUMERATOR.match(text[lines[k][0]:lines[k][1]].strip())) and heading(
        sent, lines, text)


# "II. Killings of civilians", "B) Detention": long reports number their sections
_ENUMERATOR = re.compile(r"^(?:[IVXLC]{1,5}|\d{1,2}(?:\.\d{1,2})*|[A-H])[.)]\s+")


def byline(sent: Span) -> bool:
    """'By our correspondent in Kharkiv', 'By Jane Doe, Kyiv': who wrote it and where from."""
    words = sent.text.split()
    return bool(words) and words[0] == "By" and len(words) <= 12 and not sent.text.rstrip().endswith(".")


def anaphora(sent: Span) -> bool:
    """'here', 'this city', 'the village': the sentence is still about the place in focus."""
    for t in sent:
        if t.lower_ == "here" and t.pos_ == "ADV":
            return True
        if (
            t.tag_ == "NN"
            and t.lemma_.lower() in FOCUS_ANAPHORA
            and any(c.lower_ in ("this", "the", "that") for c in t.children)
        ):
            return True
        if t.lower_ in ("locals", "local") and t.dep_ in ("nsubj", "amod", "pobj"):
            return True
    return False


def dateline(doc: Doc, places: list[Span], lines: list[tuple[int, int]], text: str | None = None
             ) -> Span | None:
    """'KUPIANSK, Ukraine (Wire) -', 'Kupiansk, Ukraine' or 'IZIUM -' opening one of the first lines."""
    text = doc.text if text is None else text
    for a0, b in lines[:4]:
        a = after_stamp(text, a0, b)
        for p in places:
            if p.label_ != "settlement" or not (a <= p.start_char <= a + 2):
                continue
            rest = text[p.end_char : b]
            if _DEFINED.match(rest):
                continue  # "Катюжанка — селище в Київській області": what the place is, not a dateline
            if not rest.strip() or p.text.isupper() or re.match(r"\s*(,\s*Ukraine\b|\(|[—–-]\s)", rest):
                return p
            if text[a:p.start_char] == "(" and _PAREN_DATELINE_REST.match(rest):
                return p  # "(Kyiv, October 4, 2022) – ": an NGO release's dateline
    return None


_DATELINE_PREFIX = re.compile(
    r"^[A-Z][A-Z'’\- ]{2,40}(,[^\n]{0,60}?)?(\s\([^)\n]{1,30}\))?(?:\s(?:[-—–]{1,2})\s|:\s)"
)
_DEFINED = re.compile(
    r"\s*[—–-]\s+(?:an? |the )?(?:small |large )?(?:village|town|city|settlement|селище|село|місто|смт|"
    r"містечко|деревня|посёлок|поселок|город|wieś|miasto|miasteczko|ville|pueblo|ciudad|localidad|dorf|stadt)\b",
    re.I)
_PAREN_DATELINE_REST = re.compile(r",[^)\n]{0,40}\)\s*[—–-]\s")
_PAREN_DATELINE = re.compile(r"^\([A-Z][\w'’\- ]{2,30},[^)\n]{0,40}\)\s*[—–-]\s")
# " date 2025-04-13 KYIV: ...": a stored page's date stamp opens its first line (read.stamp_date)
_STAMP = re.compile(r"\s*date \d{4}-\d\d(?:-\d\d)?\s+")


def after_stamp(text: str, a: int, b: int) -> int:
    """Where a line's own words begin, after a stored page's date stamp."""
    m = _STAMP.match(text, a, b)
    return m.end() if m else a


def dateline_prefixes(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'KYIV, Ukraine, March 9 (Wire) - ': where and when the report was filed, not the act."""
    out = []
    for a0, b in lines[:4]:
        a = after_stamp(text, a0, b)
        m = _DATELINE_PREFIX.match(text[a:b]) or _PAREN_DATELINE.match(text[a:b])
        if m:
            out.append((a, a + m.end()))
    return out


def by_sentence(sents: list[Span], spans: object) -> list[list[Span]]:
    """The spans lying wholly inside each sentence, in their original order: one pass instead of
    a scan of every span for every sentence (that was quadratic in the text's length)."""
    of_token: dict[int, int] = {}
    for n, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            of_token[i] = n
    out: list[list[Span]] = [[] for _ in sents]
    for span in spans or []:  # type: ignore[attr-defined]
        n = of_token.get(span.start)
        if n is not None and span.end <= sents[n].end:
            out[n].append(span)
    return out
