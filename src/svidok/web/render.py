"""Safe HTML for report text: every segment is escaped here, marks and masks are our own markup.

Report text is untrusted (it may hold `<script>` or `javascript:` links). Templates never mark it
|safe; the only Markup made from it is built below, one escaped segment at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

import yaml
from markupsafe import Markup, escape

from svidok.model import Mention
from svidok.services.passages import FACTS, fact_marks
from svidok.services.protection import OFF, WITHHELD, Redactor
from svidok.web.i18n import N_, gettext

PALETTE = ("#c0392b", "#8e44ad", "#2c3e50", "#d35400", "#16a085", "#7f8c8d", "#2980b9", "#27ae60",
           "#b7950b", "#e84393", "#6d4c41", "#00838f")


@dataclass(frozen=True)
class Mark:
    """A highlighted range; `cls` is one of our CSS class names, `title` a plain-text tooltip."""

    start: int
    end: int
    cls: str
    title: str = ""


@lru_cache(maxsize=1)
def taxonomy() -> tuple[tuple[str, str], ...]:
    """(type id, label) in taxonomy order (for filters, legends and colours)."""
    try:
        raw = yaml.safe_load(files("svidok.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ()
    return tuple((str(t["id"]), str(t.get("label", t["id"]))) for t in (raw or {}).get("types", [])
                 if isinstance(t, dict) and "id" in t)


def type_index(type_id: str) -> int:
    ids = [t for t, _ in taxonomy()]
    return ids.index(type_id) % len(PALETTE) if type_id in ids else len(PALETTE) - 1


def type_label(type_id: str) -> str:
    """The type's label in the interface language of the page being made (web/i18n.py)."""
    return gettext(dict(taxonomy()).get(type_id, type_id))


def highlight(text: str, start: int, end: int, marks: Iterable[Mark] = (),
              withheld: Sequence[tuple[int, int]] = ()) -> Markup:
    """text[start:end] as HTML: marked ranges in <mark>, `withheld` ranges (found in the whole
    text, so a name cut by the window's edge is still hidden) replaced by a notice."""
    start, end = max(0, start), min(len(text), end)
    marks = [m for m in marks if m.start < end and m.end > start and m.end > m.start]
    hidden = sorted((max(a, start), min(b, end)) for a, b in withheld if a < end and b > start and b > a)
    cuts = {start, end}
    for m in marks:
        cuts.update((max(m.start, start), min(m.end, end)))
    for a, b in hidden:
        cuts.update((a, b))
    points = sorted(cuts)
    out: list[str] = []
    for a, b in zip(points, points[1:], strict=False):
        cover = next(((ha, hb) for ha, hb in hidden if ha <= a and b <= hb), None)
        if cover is not None:
            if a == cover[0]:
                out.append(f'<span class="withheld">{escape(WITHHELD)}</span>')
            continue
        seg = escape(text[a:b])
        on = [m for m in marks if m.start <= a and b <= m.end]
        if on:
            classes = " ".join(sorted({m.cls for m in on}))
            title = "; ".join(dict.fromkeys(m.title for m in on if m.title))
            attr = f' title="{escape(title)}"' if title else ""
            out.append(f'<mark class="{escape(classes)}"{attr}>{seg}</mark>')
        else:
            out.append(str(seg))
    return Markup("".join(out))


QUALIFIER_WORDS = {"at_least": N_("at least"), "at_most": N_("at most"), "about": N_("about")}


def figure_words(count: int | None, qualifier: str | None) -> str:
    """A figure as words in the page's language: (8, "at_most") -> "at most 8"; None -> ""."""
    if count is None:
        return ""
    if not qualifier or qualifier == "exact":
        return str(count)
    words = QUALIFIER_WORDS.get(qualifier)
    return f"{gettext(words) if words else qualifier.replace('_', ' ')} {count}"


def mention_marks(mentions: Iterable[Mention], red: Redactor = OFF) -> list[Mark]:
    """Every mention's evidence, type cue and fact spans, for the document page (tooltips
    redacted by `red`; classes as on the incident page, f-act, f-place, ...)."""
    names = dict(FACTS)
    marks: list[Mark] = []
    for m in mentions:
        marks.append(Mark(m.evidence.start, m.evidence.end, "ev", f"{type_label(m.type)} ({m.id})"))
        for f in fact_marks(m, type_label):
            title = red.plain(f"{gettext(names[f.fact])}: {f.value}")  # in the page's language
            marks.append(Mark(f.start, f.end, f"f-{f.fact}", title))
    return marks


def safe_url(url: str | None) -> str | None:
    """The URL when it is plain http(s), else None (a `javascript:` URL is shown as text only)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def plain(value: Any) -> str:
    return "" if value is None else str(value)
