"""Dates of acts in non-English text, resolved against the publication date.

Day dates ("12 вересня", "27 февраля 2022 года", "12 września 2022", "12 de septiembre", "am 12.
September") are parsed by dateparser in the document's language; months alone ("у березні 2022
року", "в марте", "en marzo") and numeric dates ("12.09.2022") by the month names in the language's
word list. A date without a year is the latest one not after publication. Span label = precision,
kb_id = "start/end" (ISO), as the English component writes them (extract.dates.span_date reads both).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from svidok.extract.multi.lexicon import Lexicon, load_lexicon
from svidok.model import DateValue

DATES = "dates"
_DAY = re.compile(r"^(\d{1,2})\.?$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_NUMERIC = re.compile(r"^(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)$")
_YEAR_WORDS = frozenset("року рік році рр р. р года год г. г roku r. r de del".split())
_MONTH_PREPS = frozenset("у в во на w we en in im à au".split())


def month_of(tok: Token, lex: Lexicon) -> int | None:
    low = tok.lower_
    for n, stems in enumerate(lex.raw.get("months") or [], 1):
        if any(low.startswith(str(s).lower()) for s in stems):
            return n
    return None


def _month_range(y: int, m: int) -> DateValue:
    return DateValue(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month")


def _year_for(m: int, d: int, pub: date | None) -> int | None:
    if pub is None:
        return None
    return pub.year if (m, d) <= (pub.month, pub.day) else pub.year - 1


def _day(code: str, text: str, pub: date | None) -> date | None:
    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    try:
        parsed = dateparser.parse(text, languages=[code], settings=settings)  # type: ignore[arg-type]
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed.date() if parsed is not None else None


def _found(doc: Doc, lex: Lexicon, pub: date | None) -> list[tuple[int, int, DateValue]]:
    out: list[tuple[int, int, DateValue]] = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        low = tok.lower_
        if low in lex.relative_days and pub is not None:
            d = pub + timedelta(days=lex.relative_days[low])
            out.append((i, i + 1, DateValue(d, d, "day")))
            i += 1
            continue
        num = _NUMERIC.match(tok.text)
        if num:
            try:
                d = date(int(num.group(3)), int(num.group(2)), int(num.group(1)))
            except ValueError:
                d = None
            if d is not None:
                out.append((i, i + 1, DateValue(d, d, "day")))
            i += 1
            continue
        day = _DAY.match(tok.text)
        j = i + 1
        if day and j < n and doc[j].lower_ in ("de",):
            j += 1
        if day and j < n and 1 <= int(day.group(1)) <= 31 and (m := month_of(doc[j], lex)) is not None:
            end = j + 1
            year = None
            k = end + (1 if end < n and doc[end].lower_ == "de" else 0)
            if k < n and _YEAR.match(doc[k].text):
                year, end = int(doc[k].text), k + 1
                if end < n and doc[end].lower_.rstrip(".") in _YEAR_WORDS:
                    end += 1
            start = i - 1 if i > 0 and doc[i - 1].lower_ in ("am", "le", "el") else i
            # no year and no publication date: dateparser would take the year of collection
            d = _day(lex.code, doc[start:end].text, pub) if year or pub else None
            if d is None or d.month != m:
                y = year or _year_for(m, int(day.group(1)), pub)
                try:
                    d = date(y, m, int(day.group(1))) if y else None
                except ValueError:
                    d = None
            if d is not None:
                out.append((start, end, DateValue(d, d, "day")))
            i = end
            continue
        m = month_of(tok, lex) if tok.is_alpha else None
        if m is not None:
            nxt = doc[i + 1] if i + 1 < n else None
            prev = doc[i - 1] if i > 0 else None
            if nxt is not None and _YEAR.match(nxt.text):
                end = i + 2
                if end < n and doc[end].lower_.rstrip(".") in _YEAR_WORDS:
                    end += 1
                out.append((i, end, _month_range(int(nxt.text), m)))
                i = end
                continue
            if prev is not None and prev.lower_ in _MONTH_PREPS and pub is not None:
                y = pub.year if m <= pub.month else pub.year - 1
                out.append((i - 1, i + 1, _month_range(y, m)))
        i += 1
    return [(a, b, v) for a, b, v in out if (pub is None or v.start <= pub) and 1990 <= v.start.year <= 2100]


@Language.component("svidok_ml_dates")
def dates(doc: Doc) -> Doc:
    raw = doc.user_data.get("published")
    pub = date.fromisoformat(raw) if isinstance(raw, str) else raw
    lex = load_lexicon(doc.lang_)
    spans = [Span(doc, a, b, label=v.precision, kb_id=f"{v.start.isoformat()}/{v.end.isoformat()}")
             for a, b, v in _found(doc, lex, pub)]
    doc.spans[DATES] = spans
    return doc
