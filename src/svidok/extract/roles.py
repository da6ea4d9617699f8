"""The role each place mention plays, as binding reads it: one decision with its own gold set
(tests/extract/gold/place_roles.json).

grammar.place_role reads the syntax around a place ("the Sumy regional prosecutor's office",
"deported ... to Crimea", "as in Bucha"); this module adds what only the report around it can
say: the dateline is where the report was filed, a place inside a named source's name is where
the source sits, and 'near' a small place is at it. Only `locative`, `vicinity` and
`near_unnamed` places can hold an act.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from svidok.extract import grammar, layout

HOLDS_ACT = frozenset({"locative", "vicinity", "near_unnamed"})
_CITY = 150_000  # only a city has a region "around" it; near a village is at the village


def sentence_roles(sent: Span, places: list[Span], sources: list[Span], role_of: dict[int, str],
                   dateline: Span | None) -> dict[int, str]:
    """The role of each place of one sentence, by its first token."""
    doc = sent.doc
    known = doc.user_data.get("places", {})
    roles = {p.start: role_of[p.start] for p in places}
    for src in sources:
        # "the US Embassy in Kyiv said": where an office sits, not where it happened;
        # but "a woman from Andriivka told" places her story in Andriivka
        if src.label_ == "witness" or not (sent.start <= src.start and src.end <= sent.end):
            continue
        for p in places:
            if (src.start <= p.start < p.end <= src.end and p.start > 0
                    and doc[p.start - 1].lower_ in ("in", "at") and roles[p.start] == "locative"):
                roles[p.start] = "source"
    for p in places:
        small = known.get(p.kb_id_, {}).get("population", 0) < _CITY and p.label_ != "admin1"
        if roles[p.start] == "vicinity" and small:
            roles[p.start] = "locative"
        if p is dateline:
            roles[p.start] = "dateline"
    return roles


def place_roles(doc: Doc) -> dict[int, str]:
    """Every place mention's role in an annotated doc, by its first token."""
    text = doc.text
    lines = layout.lines_index(text)
    places = list(doc.spans.get("places", []))
    dateline = layout.dateline(doc, places, lines, text) if doc.user_data.get("opening", True) else None
    role_of = {p.start: grammar.place_role(p) for p in places}
    sents = list(doc.sents)
    places_in = layout.by_sentence(sents, places)
    sources_in = layout.by_sentence(sents, doc.spans.get("sources", []))
    out: dict[int, str] = {}
    for n, sent in enumerate(sents):
        out.update(sentence_roles(sent, places_in[n], sources_in[n], role_of, dateline))
    return out
