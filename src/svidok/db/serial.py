"""Model <-> JSON-ready dicts. The stored JSON of a Mention or Incident is the full record."""

from __future__ import annotations

from datetime import date
from typing import Any

from svidok.model import DateValue, Discrepancy, Incident, Mention, Place, SourceFigure, Span

JSON = dict[str, Any]


def span_to_json(span: Span | None) -> JSON | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def span_from_json(data: JSON | None) -> Span | None:
    return None if data is None else Span(int(data["start"]), int(data["end"]), str(data["text"]))


def _span(data: JSON) -> Span:
    return Span(int(data["start"]), int(data["end"]), str(data["text"]))


def place_to_json(place: Place | None) -> JSON | None:
    if place is None:
        return None
    return {
        "id": place.id, "name": place.name, "level": place.level, "lat": place.lat, "lon": place.lon,
        "admin1": place.admin1, "raion": place.raion, "hromada": place.hromada,
        "geonameid": place.geonameid, "katottg": place.katottg, "population": place.population,
        "geo_precision": place.geo_precision,
    }


def place_from_json(data: JSON | None) -> Place | None:
    if data is None:
        return None
    return Place(
        id=data["id"], name=data["name"], level=data["level"], lat=data.get("lat"), lon=data.get("lon"),
        admin1=data.get("admin1"), raion=data.get("raion"), hromada=data.get("hromada"),
        geonameid=data.get("geonameid"), katottg=data.get("katottg"),
        population=int(data.get("population") or 0), geo_precision=data.get("geo_precision", "exact"),
    )


def date_to_json(value: DateValue | None) -> JSON | None:
    if value is None:
        return None
    return {"start": value.start.isoformat(), "end": value.end.isoformat(), "precision": value.precision}


def date_from_json(data: JSON | None) -> DateValue | None:
    if data is None:
        return None
    return DateValue(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]), data["precision"])


def mention_to_json(m: Mention) -> JSON:
    return {
        "id": m.id, "document_id": m.document_id, "type": m.type,
        "evidence": span_to_json(m.evidence), "trigger": span_to_json(m.trigger),
        "place": place_to_json(m.place), "place_span": span_to_json(m.place_span),
        "count": m.count, "qualifier": m.qualifier, "count_span": span_to_json(m.count_span),
        "date": date_to_json(m.date), "date_span": span_to_json(m.date_span),
        "attributed_to": m.attributed_to, "attribution_kind": m.attribution_kind,
        "attribution_span": span_to_json(m.attribution_span),
        "perpetrator": m.perpetrator, "perpetrator_span": span_to_json(m.perpetrator_span),
        "denied": m.denied, "persons": [span_to_json(p) for p in m.persons],
        "place_basis": m.place_basis,
        "component": m.component, "version": m.version,
    }


def mention_from_json(d: JSON) -> Mention:
    return Mention(
        document_id=d["document_id"], type=d["type"], evidence=_span(d["evidence"]),
        trigger=_span(d["trigger"]), place=place_from_json(d.get("place")),
        place_span=span_from_json(d.get("place_span")), count=d.get("count"),
        qualifier=d.get("qualifier"), count_span=span_from_json(d.get("count_span")),
        date=date_from_json(d.get("date")), date_span=span_from_json(d.get("date_span")),
        attributed_to=d.get("attributed_to"), attribution_kind=d.get("attribution_kind"),
        attribution_span=span_from_json(d.get("attribution_span")), perpetrator=d.get("perpetrator"),
        perpetrator_span=span_from_json(d.get("perpetrator_span")), denied=bool(d.get("denied", False)),
        persons=tuple(_span(p) for p in d.get("persons") or ()),
        place_basis=d.get("place_basis"),
        component=d.get("component", "svidok.extract"), version=d.get("version", "0"), id=d.get("id"),
    )


def source_to_json(s: SourceFigure) -> JSON:
    return {
        "document_id": s.document_id, "count": s.count, "qualifier": s.qualifier,
        "attributed_to": s.attributed_to, "spans": [span_to_json(x) for x in s.spans],
        "mention_ids": list(s.mention_ids), "date": date_to_json(s.date), "independent": s.independent,
        "dependence_reason": s.dependence_reason, "unreviewed_evidence": s.unreviewed_evidence,
        "place_basis": s.place_basis,
    }


def source_from_json(d: JSON) -> SourceFigure:
    return SourceFigure(
        document_id=d["document_id"], count=d.get("count"), qualifier=d.get("qualifier"),
        attributed_to=d.get("attributed_to"), spans=tuple(_span(x) for x in d.get("spans") or ()),
        mention_ids=tuple(d.get("mention_ids") or ()), date=date_from_json(d.get("date")),
        independent=bool(d.get("independent", True)), dependence_reason=d.get("dependence_reason"),
        unreviewed_evidence=bool(d.get("unreviewed_evidence", False)),
        place_basis=d.get("place_basis"),
    )


def incident_to_json(i: Incident) -> JSON:
    return {
        "id": i.id, "type": i.type, "place": place_to_json(i.place), "date": date_to_json(i.date),
        "victims": i.victims, "qualifier": i.qualifier, "sources": [source_to_json(s) for s in i.sources],
        "confidence": i.confidence, "grade": i.grade, "grade_reasons": list(i.grade_reasons),
        "discrepancies": [
            {"field": d.field, "values": d.values, "note": d.note} for d in i.discrepancies
        ],
        "status": i.status, "headline_note": i.headline_note, "perpetrator": i.perpetrator,
    }


def incident_from_json(d: JSON) -> Incident:
    return Incident(
        id=d["id"], type=d["type"], place=place_from_json(d.get("place")),
        date=date_from_json(d.get("date")), victims=d.get("victims"), qualifier=d.get("qualifier"),
        sources=[source_from_json(s) for s in d.get("sources") or ()],
        confidence=float(d.get("confidence") or 0.0), grade=d.get("grade", "single source"),
        grade_reasons=list(d.get("grade_reasons") or ()),
        discrepancies=[
            Discrepancy(field=x["field"], values=list(x["values"]), note=x["note"])
            for x in d.get("discrepancies") or ()
        ],
        status=d.get("status", "unreviewed"), headline_note=d.get("headline_note"),
        perpetrator=d.get("perpetrator"),
    )
