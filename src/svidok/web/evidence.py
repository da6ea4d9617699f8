"""The incident page's sources as evidence: each source's passages once, the facts they support
marked inside (one <mark> class per fact, explained by a legend), protected names withheld."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection

from svidok.model import Incident, Mention
from svidok.services.passages import FACTS, basis_words, incident_evidence
from svidok.services.protection import Redactor
from svidok.services.wording import change_lines

__all__ = ["SourceBlock", "change_lines", "evidence_blocks", "mention_line"]
from svidok.web.i18n import gettext
from svidok.web.render import Mark, figure_words, highlight, type_label

FACT_NAMES = dict(FACTS)


@dataclass
class MentionRow:
    """One mention a reviewer may move: what it says, in a line."""

    id: str
    label: str


@dataclass
class SourceBlock:
    document_id: str
    title: str
    outlet: str
    published: str
    sha256: str
    attributed_to: str
    figure: str  # the source's figure in words ("at least 7")
    independent: bool
    dependence_reason: str
    unreviewed_evidence: bool
    basis: str  # how the place was tied to the act, in words
    passages: list[Any] = field(default_factory=list)  # Markup, one per passage
    facts: list[str] = field(default_factory=list)  # the FACTS ids marked in this source
    mentions: list[MentionRow] = field(default_factory=list)
    language: str = ""  # the source's language: its passages are shown in it, never translated


def mention_line(m: Mention, red: Redactor) -> str:
    """"Killing · Izium · at least 7 · 2022-03-07"."""
    parts = [type_label(m.type), m.place.name if m.place else "no place",
             figure_words(m.count, m.qualifier), m.date.iso() if m.date else ""]
    return red.plain(" · ".join(p for p in parts if p))


def evidence_blocks(conn: Connection, inc: Incident, red: Redactor) -> list[SourceBlock]:
    """Per source of `inc`: how it is named (never by file name), its passages with the facts
    marked, and its mentions; names on the protected register withheld by `red`."""
    blocks = []
    for src in incident_evidence(conn, inc, type_label):
        fig, doc = src.figure, src.document
        hidden = red.document_spans(fig.document_id, src.text) if src.text else []
        quotes = []
        facts: set[str] = set()
        for p in src.passages:
            marks = [Mark(a, b, "ev") for a, b in p.evidence]
            for f in p.marks:
                facts.add(f.fact)
                title = red.plain(f"{gettext(FACT_NAMES[f.fact])}: {f.value}")  # the page's language
                marks.append(Mark(f.start, f.end, f"f-{f.fact}", title))
            quotes.append((p.cut_before, highlight(src.text, p.start, p.end, marks, hidden), p.cut_after))
        blocks.append(SourceBlock(
            document_id=fig.document_id, title=red.plain(src.label.title), outlet=red.plain(src.label.outlet),
            published=src.label.published, sha256=doc.sha256 if doc else "",
            attributed_to=red.plain(fig.attributed_to), figure=figure_words(fig.count, fig.qualifier),
            independent=fig.independent, dependence_reason=red.plain(fig.dependence_reason),
            unreviewed_evidence=fig.unreviewed_evidence, basis=basis_words(fig.place_basis),
            passages=quotes, facts=[f for f, _ in FACTS if f in facts],
            mentions=[MentionRow(m.id or "", mention_line(m, red)) for m in src.mentions if m.id],
            language=doc.language.code if doc and doc.language else "",
        ))
    return blocks
