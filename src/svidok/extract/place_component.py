"""spaCy component: gazetteer place mentions, resolved against the whole report.

Resolution needs the whole report (other places, oblast named nearby), so this runs
once per document. Label = level, kb_id = gazetteer id; the Place records travel in
`doc.user_data["places"]` as plain dicts, so docs survive msgpack between processes.
"""

from __future__ import annotations

from dataclasses import asdict, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from svidok.model import Place

PLACES = "places"
_PLACE_PREPS = frozenset("in near of from outside at to into around village town city".split())


@Language.factory("svidok_places")
def make_places(nlp: Language, name: str) -> PlaceTagger:
    return PlaceTagger()


class PlaceTagger:
    def __init__(self) -> None:
        from svidok.extract.gazetteer import Gazetteer
        from svidok.extract.places import EXTRA_FIRST_NAMES

        self.gazetteer = Gazetteer.load()
        # once, not per document: the union of the register's first names and our own
        self.first_names = self.gazetteer.first_names | EXTRA_FIRST_NAMES

    def __call__(self, doc: Doc) -> Doc:
        from svidok.extract.places import resolve

        matches = self.gazetteer.find(doc.text)
        by_start = {m.span.start: m for m in matches}
        spans: list[Span] = []
        places = {}
        # "Governor Viacheslav Chaus": a surname the model reads as part of a person's full name is
        # that person's wherever it recurs ("Chaus said"), unless a preposition makes it a place.
        # The full name must open with a first name: the model also reads outlets ("Suspilne
        # Kharkiv") as persons, and that made every later "Kharkiv" vanish.
        surnames = {e[-1].lower_ for e in doc.ents
                    if e.label_ == "PERSON" and len(e) >= 2 and e[0].lower_ in self.first_names}
        for r in resolve(doc.text, matches):
            if r.kind == "ambiguous" and r.span.start in by_start:
                r = replace(r, place=_name_only(by_start[r.span.start]))
            if r.place is None or r.place.level == "country":
                continue
            span = doc.char_span(r.span.start, r.span.end, alignment_mode="expand")
            if span is None:
                continue
            if r.place.level == "settlement" and span.text.lower() in surnames and (
                    span.start == 0 or doc[span.start - 1].lower_ not in _PLACE_PREPS):
                continue
            spans.append(Span(doc, span.start, span.end, label=r.place.level, kb_id=r.place.id))
            places[r.place.id] = r.place
        doc.spans[PLACES] = spans
        # plain values only: spaCy ships docs between processes with msgpack
        doc.user_data["places"] = {k: asdict(v) for k, v in places.items()}
        return doc


def _name_only(match: object) -> Place | None:
    """A settlement the text names without saying which of its namesakes: recorded by name (and
    oblast, where all namesakes share one), with no coordinates, as the guidelines ask."""
    cands = [c for c in getattr(match, "candidates", ()) if c.level == "settlement"]
    if not cands:
        return None
    names = {c.name for c in cands}
    if len(names) != 1:
        return None
    oblasts = {c.admin1 for c in cands}
    admin1 = oblasts.pop() if len(oblasts) == 1 else None
    name = cands[0].name
    return Place(id=f"name:{name}|{admin1 or '*'}", name=name, level="settlement", lat=None, lon=None,
                 admin1=admin1, geo_precision="admin1" if admin1 else "country")
