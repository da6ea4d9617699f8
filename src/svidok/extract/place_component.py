"""spaCy component: gazetteer place mentions, resolved against the whole report.

Resolution needs the whole report (other places, oblast named nearby), so this runs
once per document. Label = level, kb_id = gazetteer id; the Place records travel in
`doc.user_data["places"]` so docs stay picklable across processes.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

PLACES = "places"


@Language.factory("svidok_places")
def make_places(nlp: Language, name: str) -> PlaceTagger:
    return PlaceTagger()


class PlaceTagger:
    def __init__(self) -> None:
        from svidok.extract.gazetteer import Gazetteer

        self.gazetteer = Gazetteer.load()

    def __call__(self, doc: Doc) -> Doc:
        from svidok.extract.places import resolve

        matches = self.gazetteer.find(doc.text)
        spans: list[Span] = []
        places = {}
        for r in resolve(doc.text, matches):
            if r.place is None or r.place.level == "country":
                continue
            span = doc.char_span(r.span.start, r.span.end, alignment_mode="expand")
            if span is None:
                continue
            spans.append(Span(doc, span.start, span.end, label=r.place.level, kb_id=r.place.id))
            places[r.place.id] = r.place
        doc.spans[PLACES] = spans
        doc.user_data["places"] = places
        return doc
