"""The dossier of an evidence package: per incident its facts, each source's quote once with the
words that support each fact marked inside it, the disagreements, the review history (machine
version against the analysts' version) and the custody record, as one self-contained HTML page
(inline CSS, no scripts, nothing fetched) that prints well and that chromium turns into the PDF.

Every piece of stored text passes through the package's Redactor (services/protection.py):
names on the protected-persons register are replaced wherever they occur, in quotes too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from jinja2 import Environment, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy.engine import Connection

from svidok.extract.taxonomy import load_taxonomy
from svidok.link.discrepancy import describe
from svidok.model import Document, Incident, Mention, Review, Span
from svidok.services import documents, incidents, review
from svidok.services.export import dating
from svidok.services.protection import WITHHELD, Redactor

QUAL_WORDS = {"exact": "", "at_least": "at least", "at_most": "up to", "about": "about"}
FACT_LABELS = {"act": "act", "place": "place", "victims": "victims", "date": "date", "source": "source",
               "perpetrator": "perpetrator"}
COMPARED = ("type", "place", "date", "victims", "qualifier", "perpetrator", "grade", "status")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    fact: str  # a key of FACT_LABELS


@dataclass
class SourceEntry:
    number: int
    document_id: str
    title: str
    outlet: str
    published: str
    url: str
    filename: str
    figure: str
    attributed_to: str
    independent: bool
    dependence: str
    unreviewed: bool
    quotes: list[Markup]
    original: str  # "originals/<sha256>" or "" when withheld from the package


@dataclass
class Disagreement:
    field: str
    note: str
    values: list[tuple[str, str, str]]  # (value, source label, quoted words)


@dataclass
class FieldChange:
    name: str
    machine: str
    analyst: str

    @property
    def changed(self) -> bool:
        return self.machine != self.analyst


@dataclass
class IncidentEntry:
    id: str
    type_label: str
    rome_statute: str
    place: str
    place_name: str
    facts: list[tuple[str, str]]
    reasons: list[str]
    sources: list[SourceEntry]
    disagreements: list[Disagreement]
    reviews: list[dict[str, str]]
    changes: list[FieldChange]
    source_count: int
    independent_count: int


@dataclass
class DossierContext:
    """What the dossier says about the package as a whole (filled in by services.package)."""

    created_at: str
    actor: str
    key_fingerprint: str
    tree_size: int
    root_hash: str
    head_timestamp: str
    redacted: bool
    register_size: int
    withheld_originals: list[dict[str, str]] = field(default_factory=list)
    withheld_events: list[int] = field(default_factory=list)
    events: list[dict[str, str]] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)


def _type_info(type_id: str) -> tuple[str, str]:
    try:
        t = load_taxonomy().get(type_id)
    except (KeyError, OSError, ValueError):
        return type_id, ""
    return t.label, t.rome_statute


_SENTENCE_END = re.compile(r"[.!?…][\"'»”)]*(?=\s|$)|\n")
_REACH = 300  # characters a quote may grow by to reach its sentence's start or end


def sentence_bounds(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Widen [lo, hi) to whole sentences when they end within reach, else to whole words; never
    starting or ending on white space."""
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    before = [m.end() for m in _SENTENCE_END.finditer(text, max(0, lo - _REACH), lo)]
    if before:
        lo = before[-1]
    elif lo <= _REACH:
        lo = 0
    if not (hi > lo and _SENTENCE_END.match(text, hi - 1)):
        after = _SENTENCE_END.search(text, hi, min(len(text), hi + _REACH))
        if after is not None:
            hi = after.end() if after.group() != "\n" else after.start()
    while lo > 0 and text[lo - 1].isalnum():
        lo -= 1
    while hi < len(text) and text[hi].isalnum():
        hi += 1
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def marked(text: str, lo: int, hi: int, marks: list[Mark], hidden: list[tuple[int, int]]) -> Markup:
    """text[lo:hi] as HTML: every mark in <mark class="f-FACT"> followed by its label (labels
    print where colours do not), every protected name replaced by the withheld notice."""
    marks = [m for m in marks if m.start < hi and m.end > lo and m.end > m.start]
    hide = sorted((max(a, lo), min(b, hi)) for a, b in hidden if a < hi and b > lo)
    cuts = {lo, hi}
    for m in marks:
        cuts.update((max(m.start, lo), min(m.end, hi)))
    for a, b in hide:
        cuts.update((a, b))
    points = sorted(cuts)
    out: list[str] = ["…" if lo > 0 and not text[lo - 1].isspace() else ""]
    for a, b in zip(points, points[1:], strict=False):
        cover = next(((x, y) for x, y in hide if x <= a and b <= y), None)
        on = sorted({m.fact for m in marks if m.start <= a and b <= m.end})
        if cover is not None:
            seg = f'<span class="withheld">{escape(WITHHELD)}</span>' if a == cover[0] else ""
        else:
            seg = str(escape(text[a:b]))
        if on and seg:
            seg = f'<mark class="{" ".join("f-" + f for f in on)}">{seg}</mark>'
        ending = dict.fromkeys(FACT_LABELS.get(m.fact, m.fact) for m in marks if min(m.end, hi) == b)
        out.append(seg + (f'<sup class="lbl">{" · ".join(ending)}</sup>' if ending else ""))
    out.append("…" if hi < len(text) and not text[hi].isspace() else "")
    return Markup("".join(out))


def _fact_marks(m: Mention) -> list[Mark]:
    pairs: list[tuple[str, Span | None]] = [
        ("act", m.trigger), ("place", m.place_span), ("victims", m.count_span), ("date", m.date_span),
        ("source", m.attribution_span), ("perpetrator", m.perpetrator_span)]
    return [Mark(s.start, s.end, name) for name, s in pairs if s is not None]


def source_quotes(text: str, spans: list[Span], mentions: list[Mention],
                  hidden: list[tuple[int, int]]) -> list[Markup]:
    """One source's quotes: each stretch of its text that states the incident, once, with every
    fact it supports marked inside (overlapping evidence of several mentions is merged)."""
    windows: list[tuple[int, int]] = []
    marks: list[Mark] = []
    for m in mentions:
        facts = _fact_marks(m)
        marks += facts
        lo = min([m.evidence.start, *(f.start for f in facts)])
        hi = max([m.evidence.end, *(f.end for f in facts)])
        windows.append(sentence_bounds(text, lo, hi))
    if not mentions:
        windows = [sentence_bounds(text, s.start, s.end) for s in spans]
    merged: list[list[int]] = []
    for lo, hi in sorted(w for w in windows if w[1] <= len(text)):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [marked(text, lo, hi, marks, hidden) for lo, hi in merged]


def _value_text(value: Any) -> str:
    if value is None:
        return "not stated"
    return str(value)


def _place(inc: Incident) -> str:
    p = inc.place
    if p is None:
        return "not stated"
    where = p.name
    if p.admin1 and p.level == "settlement":
        where += f", {p.admin1}"
    return f"{where} ({p.level}; coordinates: {p.geo_precision})"


def _victims(inc: Incident) -> str:
    return "not stated" if inc.victims is None else describe(inc.victims, inc.qualifier)


def _facts(inc: Incident, docs: dict[str, Document], red: Redactor) -> list[tuple[str, str]]:
    reported, basis = dating(inc, docs)
    when = inc.date.iso() if inc.date else "not stated in the sources"
    if basis == "reported":
        when += f" (earliest report published {reported}: the act happened then or before)"
    facts = [("Date of the act", when), ("Place", _place(inc)), ("Victims", _victims(inc)),
             ("Perpetrator (as reported)", red.plain(inc.perpetrator) or "not stated"),
             ("Grade", f"{red.plain(inc.grade)} (confidence {inc.confidence:.2f})"),
             ("Review status", inc.status)]
    if inc.headline_note:
        facts.insert(3, ("How the figure was chosen", red.plain(inc.headline_note)))
    return facts


def _changes(machine: Incident | None, inc: Incident, red: Redactor) -> list[FieldChange]:
    if machine is None:
        return []

    def show(i: Incident, name: str) -> str:
        value: Any = getattr(i, name)
        if name == "place":
            return i.place.name if i.place else "not stated"
        if name == "date":
            return i.date.iso() if i.date else "not stated"
        if name == "qualifier":
            return QUAL_WORDS.get(value or "exact", "") or "exact"
        return red.plain(_value_text(value))

    return [FieldChange(n, show(machine, n), show(inc, n)) for n in COMPARED]


def _review_rows(reviews: list[Review], red: Redactor) -> list[dict[str, str]]:
    return [{"at": r.at.strftime("%Y-%m-%d %H:%M UTC"), "actor": r.actor, "action": r.action,
             "note": red.plain(r.note),
             "changes": json.dumps(red.value(r.changes), ensure_ascii=False, sort_keys=True)
             if r.changes else ""} for r in reviews]


def _label(doc: Document | None, number: dict[str, int], doc_id: str, red: Redactor) -> str:
    if doc is None:
        return doc_id[:12]
    name = doc.meta.outlet or doc.meta.title or doc.id[:12]
    return f"[{number.get(doc_id, '?')}] {red.plain(name)}"


def _disagreements(inc: Incident, docs: dict[str, Document], number: dict[str, int],
                   red: Redactor) -> list[Disagreement]:
    out = []
    for d in inc.discrepancies:
        keep = d.field == "place"  # place names are never withheld
        values = []
        for v in d.values:
            doc_id = str(v.get("document_id", ""))
            span = red.span(doc_id, v.get("span")) or {}
            value = v.get("value") if keep else red.value(v.get("value"))
            values.append((_value_text(value), _label(docs.get(doc_id), number, doc_id, red),
                           " ".join(str(span.get("text", "")).split())))
        out.append(Disagreement(d.field, red.plain(d.note), values))
    return out


def incident_entry(conn: Connection, inc: Incident, red: Redactor, withheld: set[str]) -> IncidentEntry:
    """Everything the dossier shows of one incident (`withheld`: documents whose original is not
    in the package)."""
    doc_ids = list(dict.fromkeys(f.document_id for f in inc.sources))
    docs = documents.many(conn, doc_ids)
    by_id: dict[str, Mention] = {m.id or "": m for m in documents.mentions(conn, doc_ids)}
    number = {d: n for n, d in enumerate(doc_ids, 1)}
    sources = []
    for fig in inc.sources:
        read = documents.text(conn, fig.document_id)
        text = read.text if read else ""
        doc = docs.get(fig.document_id)
        own = [by_id[m] for m in fig.mention_ids if m in by_id]
        hidden = red.document_spans(fig.document_id, text)
        figure = "" if fig.count is None else describe(fig.count, fig.qualifier)
        sources.append(SourceEntry(
            number=number[fig.document_id], document_id=fig.document_id,
            title=red.plain(doc.meta.title if doc else "") or "(no title)",
            outlet=red.plain(doc.meta.outlet if doc else ""),
            published=(doc.meta.published_iso() or "") if doc else "",
            url=red.plain(doc.meta.url if doc else ""), filename=red.plain(doc.filename if doc else ""),
            figure=figure, attributed_to=red.plain(fig.attributed_to),
            independent=fig.independent, dependence=red.plain(fig.dependence_reason),
            unreviewed=fig.unreviewed_evidence,
            quotes=source_quotes(text, list(fig.spans), own, hidden) if text else [],
            original="" if doc is None or doc.sha256 in withheld else f"originals/{doc.sha256}"))
    label, statute = _type_info(inc.type)
    return IncidentEntry(
        id=inc.id, type_label=label, rome_statute=statute, place=_place(inc),
        place_name=inc.place.name if inc.place else "unknown place", facts=_facts(inc, docs, red),
        reasons=[red.plain(r) for r in inc.grade_reasons], sources=sources,
        disagreements=_disagreements(inc, docs, number, red),
        reviews=_review_rows(review.history(conn, inc.id), red),
        changes=_changes(incidents.machine_version(conn, inc.id), inc, red),
        source_count=incidents.source_count(inc), independent_count=incidents.independent_count(inc))


def render(entries: list[IncidentEntry], ctx: DossierContext) -> str:
    """The dossier as one HTML page."""
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    source = files("svidok.data").joinpath("dossier/dossier.html").read_text(encoding="utf-8")
    return env.from_string(source).render(incidents=entries, ctx=ctx, withheld_notice=WITHHELD)
