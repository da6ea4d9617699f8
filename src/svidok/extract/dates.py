"""Dates of acts, resolved against the publication date, with their precision."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from svidok.model import DateValue

DATES = "dates"
_BOUNDS = frozenset("since until till before after by".split())
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_DURATION = re.compile(
    r"^(for\s+)?(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few)"
    r"\s+(days?|weeks?|months?|years?|hours?)$",
    re.I,
)
_AGE = re.compile(r"year[s]?[- ]old|aged?\b", re.I)


def _month_range(y: int, m: int) -> DateValue:
    last = calendar.monthrange(y, m)[1]
    return DateValue(date(y, m, 1), date(y, m, last), "month")


def _past_month(pub: date, m: int) -> int:
    return pub.year if m <= pub.month else pub.year - 1


@lru_cache(maxsize=4096)
def resolve_date(text: str, published: date | None) -> DateValue | None:
    """Resolve a date expression; None when it names no date we can place in time."""
    t = text.lower().strip().strip(".,")
    t = re.sub(r"^(on|in|since|by|during|at|from|until|of)\s+", "", t)
    t = re.sub(r"^(about|around|some|nearly|almost|roughly|approximately|just over|over)\s+", "", t)
    if not t or _DURATION.match(t) or _AGE.search(t):
        return None
    pub = published
    if pub is not None:
        if t in ("today", "this morning", "tonight", "this evening"):
            return DateValue(pub, pub, "day")
        if t in ("yesterday", "last night"):
            d = pub - timedelta(days=1)
            return DateValue(d, d, "day")
        for name, wd in _WEEKDAYS.items():
            if t in (name, f"last {name}", f"this {name}", f"{name} night", f"{name} morning"):
                back = (pub.weekday() - wd) % 7 or (7 if t.startswith("last") else 0)
                d = pub - timedelta(days=back)
                return DateValue(d, d, "day")
        if t in ("last week", "a week ago", "this week"):
            start = pub - timedelta(days=pub.weekday() + (7 if t != "this week" else 0))
            return DateValue(start, start + timedelta(days=6), "range")
        if t in ("last month", "a month ago", "one month ago"):
            y, m = (pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12)
            return _month_range(y, m)
        if t in ("this month",):
            return _month_range(pub.year, pub.month)
        m = re.fullmatch(r"(\w+)\s+(?:and|to|-|–|through)\s+(\w+)", re.sub(r"^between\s+", "", t))
        if m and m.group(1) in _MONTHS and m.group(2) in _MONTHS:
            m1, m2 = _MONTHS[m.group(1)], _MONTHS[m.group(2)]
            y2 = _past_month(pub, m2)
            y1 = y2 if m1 <= m2 else y2 - 1
            return DateValue(date(y1, m1, 1), _month_range(y2, m2).end, "range")
        if t in _MONTHS:
            m0 = _MONTHS[t]
            return _month_range(_past_month(pub, m0), m0)
    m = re.fullmatch(r"(\w+)\s+(\d{4})", t)
    if m and m.group(1) in _MONTHS:
        return _month_range(int(m.group(2)), _MONTHS[m.group(1)])
    if re.fullmatch(r"(19|20)\d\d", t):
        y = int(t)
        return DateValue(date(y, 1, 1), date(y, 12, 31), "year")
    return _dateparser(t, pub)


def _dateparser(t: str, pub: date | None) -> DateValue | None:
    if not re.search(r"\d", t) and not any(w in t for w in _MONTHS):
        return None  # "earlier in the war", "the last day of the occupation": no date stated
    if pub is None and not re.search(r"\b(19|20)\d\d\b", t):
        return None  # "on September 11" with no publication date: the year is nowhere stated
    import dateparser  # slow import: only when a date needs it

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)  # type: ignore[assignment]
    try:
        parsed = dateparser.parse(t, languages=["en"], settings=settings)  # type: ignore[arg-type]
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if parsed is None or not 1990 <= parsed.year <= 2100:
        return None
    d = parsed.date()
    if pub is not None and d > pub:
        return None  # an act reported cannot postdate the report
    has_day = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", t) and any(w in t for w in _MONTHS))
    if has_day or re.fullmatch(r"\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{2,4}", t):
        return DateValue(d, d, "day")
    if any(w in t for w in _MONTHS):
        return _month_range(d.year, d.month)
    return None


@Language.component("svidok_dates")
def dates(doc: Doc) -> Doc:
    raw = doc.user_data.get("published")  # ISO text: docs cross processes as msgpack
    pub = date.fromisoformat(raw) if isinstance(raw, str) else raw
    spans = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        start = ent.start
        if start > 0 and doc[start - 1].lower_ in _BOUNDS:
            continue  # "since January": a bound of a period, not when the act happened
        # spaCy often marks only "April" in "between February and April"
        if start >= 3 and doc[start - 1].lower_ == "and" and doc[start - 3].lower_ == "between":
            start -= 3
        value = resolve_date(doc[start : ent.end].text, pub)
        if value is None:
            continue
        spans.append(
            Span(
                doc,
                start,
                ent.end,
                label=value.precision,
                kb_id=f"{value.start.isoformat()}/{value.end.isoformat()}",
            )
        )
    doc.spans[DATES] = spans
    doc.spans[PERIODS] = occupation_periods(doc, pub)
    return doc


PERIODS = "periods"
_DATE_WORDS = (
    r"(?:(?:early|mid|late|mid-)[\s-]*)?(?:\d{1,2}\s+)?[A-Z][a-z]+\.?"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?(?!\d))?(?:,?\s+\d{4})?"
)
_PERIOD = re.compile(
    rf"\b(?:from|since|between)\s+({_DATE_WORDS})\s+(?:to|until|till|through|and|–|-)\s+({_DATE_WORDS})"
)
_SEASON = re.compile(r"^(?:early|mid|late)[\s-]*", re.I)
_OCCUPIED = re.compile(r"\boccup(?:ied|ation|y|ying)\b|\bunder (?:Russian )?control\b", re.I)


def _same_year(d: date, year: int) -> date:
    return d.replace(year=year, day=min(d.day, calendar.monthrange(year, d.month)[1]))


def occupation_periods(doc: Doc, pub: date | None) -> list[Span]:
    """Where a report states when a place was occupied ("occupied from March to September"),
    the period, so that acts "during the occupation" can be dated by it (with its span)."""
    found = []
    for sent in doc.sents:
        if not _OCCUPIED.search(sent.text):
            continue
        for m in _PERIOD.finditer(sent.text):
            a, b = (_SEASON.sub("", g) for g in (m.group(1), m.group(2)))
            first, last = resolve_date(a, pub), resolve_date(b, pub)
            if first is None or last is None:
                continue
            start = first.start
            if not re.search(r"\d{4}", a):  # "from March to September 2022": the start shares the year
                start = _same_year(start, last.end.year)
                if start > last.end:  # "from November to February": it began the year before
                    start = _same_year(start, last.end.year - 1)
            if start > last.end:
                continue
            span = sent.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            found.append(Span(doc, span.start, span.end, label="range",
                              kb_id=f"{start.isoformat()}/{last.end.isoformat()}"))
    return found


def span_date(span: Span) -> DateValue:
    a, b = span.kb_id_.split("/")
    return DateValue(date.fromisoformat(a), date.fromisoformat(b), span.label_)  # type: ignore[arg-type]
