"""Use case: export incidents as JSON, CSV, GeoJSON or an ACLED-style CSV (docs/exports.md).

Exports leave protected names out (every form of every name on the case's protected-persons
register, services/protection.py; offsets then point into the redacted text) unless
include_protected is set, leave rejected incidents out unless the filters ask for them, and each
export appends a custody "export" event with its format, filters, count and the output's SHA-256.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from sqlalchemy.engine import Connection

from svidok.db import repo
from svidok.db.serial import incident_to_json
from svidok.evidence import custody
from svidok.model import Document, Incident
from svidok.services import protection
from svidok.services.custody_log import append_event
from svidok.services.incidents import IncidentFilters, independent_count, query, source_count
from svidok.services.protection import Redactor

Format = Literal["json", "csv", "geojson", "acled"]
FORMATS: tuple[str, ...] = ("json", "csv", "geojson", "acled")
EXPORT_VERSION = 1

# Our types -> (ACLED event_type, sub_event_type). A taxonomy entry may override with the keys
# acled_event_type / acled_sub_event_type (the taxonomy is data a user can extend).
ACLED_TYPES: dict[str, tuple[str, str]] = {
    "killing": ("Violence against civilians", "Attack"),
    "torture": ("Violence against civilians", "Attack"),
    "mutilation": ("Violence against civilians", "Attack"),
    "sexual_violence": ("Violence against civilians", "Sexual violence"),
    "disappearance": ("Violence against civilians", "Abduction/forced disappearance"),
    "deportation": ("Violence against civilians", "Abduction/forced disappearance"),
    "detention": ("Strategic developments", "Arrests"),
    "pillage": ("Strategic developments", "Looting/property destruction"),
    "burial_site": ("Strategic developments", "Other"),
    "threat": ("Strategic developments", "Other"),
    "attack_civilian_objects": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "attack_medical": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
}
ACLED_COLUMNS = ("event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                 "admin1", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
                 "notes", "fatalities", "source_languages")
CSV_COLUMNS = ("id", "type", "place", "level", "admin1", "lat", "lon", "geo_precision", "date", "reported",
               "date_basis", "victims",
               "qualifier",
               "sources", "independent_sources", "grade", "confidence", "status", "flagged",
               "perpetrator", "documents", "languages", "evidence")
_TIME_PRECISION = {"day": 1, "month": 3, "year": 3}
_GEO_PRECISION = {"exact": 1, "hromada": 2, "admin1": 3, "country": 3}


class ExportError(ValueError):
    """A format or output that cannot be used; message is one line."""


@dataclass(frozen=True)
class ExportResult:
    sha256: str
    count: int  # incidents written
    format: str = "json"
    out: str = "-"


def _taxonomy() -> dict[str, dict[str, Any]]:
    try:
        raw = yaml.safe_load(files("svidok.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return {t["id"]: t for t in (raw or {}).get("types", []) if isinstance(t, dict) and "id" in t}


def _doc_json(d: Document, red: Redactor) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": d.id, "filename": red.text(d.filename), "sha256": d.sha256, "title": red.text(d.meta.title),
        "published": d.meta.published_iso(),
        "published_precision": d.meta.published_precision if d.meta.published else None,
        "outlet": red.text(d.meta.outlet), "url": red.text(d.meta.url), "media_type": d.media_type,
        "size": d.size, "collected_at": d.collected_at.isoformat(), "near_duplicate_of": d.near_duplicate_of,
        "similarity": d.similarity, **language_json(d),
        # "extracted", "unsupported_language: <code>" (no incidents were looked for), or null
        "extraction_status": d.extraction_status,
        "original_sha256": d.original_sha256, "part": d.part,
    }
    if red.active:  # where each withheld name was: spans are offsets into the redacted text
        out["redactions"] = red.mapping(d.id)
    return out


def language_json(d: Document) -> dict[str, Any]:
    """A document's language fields as exports and the API give them."""
    lang = d.language
    return {"language": lang.code if lang else None,
            "language_confidence": lang.confidence if lang else None,
            "language_method": lang.method if lang else None,
            "language_runs": [list(r) for r in lang.runs] if lang and lang.runs else None}


def _languages(inc: Incident, docs: dict[str, Document]) -> str:
    """The sources' languages in the order of the `documents` column ("uk;en"; "" when unknown)."""
    ids = dict.fromkeys(f.document_id for f in inc.sources)
    return ";".join((d.language.code if (d := docs.get(i)) and d.language else "") for i in ids)


def document_json(d: Document, red: Redactor) -> dict[str, Any]:
    """One source document in export format version 1 (as the JSON export lists them)."""
    return _doc_json(d, red)


def reported(inc: Incident, docs: dict[str, Document]) -> str | None:
    """The earliest publication date of the incident's sources, at the precision they give
    ("2022-03" stays a month): the latest the act can have happened when the text dates nothing."""
    dated = [(d.meta.published, d.meta.published_iso()) for f in inc.sources
             if (d := docs.get(f.document_id)) is not None and d.meta.published is not None]
    return min(dated)[1] if dated else None


def dating(inc: Incident, docs: dict[str, Document]) -> tuple[str | None, str | None]:
    """(reported date, basis): the timeline, filters and ACLED use the act's own date first
    ("act") and the report's date otherwise ("reported"), and say which."""
    when = reported(inc, docs)
    return when, "act" if inc.date else ("reported" if when else None)


def incident_json(inc: Incident, red: Redactor, docs: dict[str, Document] | None = None) -> dict[str, Any]:
    """One incident in export format version 1 (docs/architecture.md)."""
    data = incident_to_json(inc)
    p = inc.place
    exact = p is not None and (p.geo_precision == "exact" or p.level != "settlement")
    data["place"] = None if p is None else {
        "name": p.name, "level": p.level, "geonameid": p.geonameid,
        # lat/lon are the settlement's own; a hromada centre or oblast average is only an
        # approximation and is given apart, so no one mistakes it for where the act happened
        "lat": p.lat if exact else None, "lon": p.lon if exact else None,
        "approx_lat": None if exact else p.lat, "approx_lon": None if exact else p.lon,
        "admin1": p.admin1, "id": p.id, "geo_precision": p.geo_precision,
    }
    data["date"] = inc.date.iso() if inc.date else None
    if docs is not None:  # exports know the sources' publication dates
        data["reported"], data["date_basis"] = dating(inc, docs)
    data["flagged"] = inc.flagged
    for src, fig in zip(data["sources"], inc.sources, strict=True):
        src["date"] = fig.date.iso() if fig.date else None
        if docs is not None:  # each quote is in its own language
            doc = docs.get(fig.document_id)
            src["language"] = doc.language.code if doc is not None and doc.language else None
    if not red.active:
        return data
    data["grade"] = red.text(inc.grade)  # free text an analyst may edit
    data["grade_reasons"] = [red.text(r) for r in inc.grade_reasons]
    data["perpetrator"] = red.text(inc.perpetrator)
    data["headline_note"] = red.text(inc.headline_note)
    for src, fig in zip(data["sources"], inc.sources, strict=True):
        src["attributed_to"] = red.text(fig.attributed_to)
        src["dependence_reason"] = red.text(fig.dependence_reason)
        src["spans"] = [red.span(fig.document_id, s) for s in src["spans"]]
    for d in data["discrepancies"]:
        d["note"] = red.text(d.get("note"))
        keep = d.get("field") == "place"  # place names are never withheld
        d["values"] = [{**v, "value": v.get("value") if keep else red.value(v.get("value")),
                        "span": red.span(v.get("document_id", ""), v.get("span"))} for v in d["values"]]
    return data


def _first_quote(inc: Incident, red: Redactor) -> str:
    """The first evidence quote on one line (for CSV cells and notes)."""
    for f in inc.sources:
        for s in f.spans:
            quote = red.span(f.document_id, {"start": s.start, "end": s.end, "text": s.text})
            return " ".join(str((quote or {}).get("text", "")).split())
    return ""


def _csv_row(inc: Incident, red: Redactor, docs: dict[str, Document]) -> dict[str, Any]:
    p = inc.place
    when, basis = dating(inc, docs)
    return {
        "reported": when or "", "date_basis": basis or "",
        "id": inc.id, "type": inc.type, "place": p.name if p else "", "level": p.level if p else "",
        "admin1": (p.admin1 or "") if p else "", "geo_precision": p.geo_precision if p else "",
        "lat": p.lat if p and p.lat is not None else "",
        "lon": p.lon if p and p.lon is not None else "", "date": inc.date.iso() if inc.date else "",
        "victims": "" if inc.victims is None else inc.victims, "qualifier": inc.qualifier or "",
        "sources": source_count(inc), "independent_sources": independent_count(inc),
        "grade": red.plain(inc.grade),
        "confidence": inc.confidence, "status": inc.status, "flagged": str(inc.flagged).lower(),
        "perpetrator": red.plain(inc.perpetrator),
        "documents": ";".join(dict.fromkeys(f.document_id for f in inc.sources)),
        "languages": _languages(inc, docs),
        "evidence": _first_quote(inc, red),
    }


def _actor(perpetrator: str | None) -> str:
    text = (perpetrator or "").casefold()
    if "russia" in text or "wagner" in text or "chechen" in text:
        return "Military Forces of Russia (2000-)"
    if "ukrain" in text:
        return "Military Forces of Ukraine (2019-)"
    # a named group keeps its name; a bare "troops" or "soldiers" identifies no one
    if perpetrator and any(c.isupper() for c in perpetrator):
        return perpetrator
    return "Unidentified Armed Group"


def _acled_row(inc: Incident, red: Redactor, docs: dict[str, Document],
               taxonomy: dict[str, dict[str, Any]]) -> dict[str, Any]:
    p = inc.place
    entry = taxonomy.get(inc.type, {})
    event_type, sub = ACLED_TYPES.get(inc.type, ("Strategic developments", "Other"))
    event_type = str(entry.get("acled_event_type", event_type))
    sub = str(entry.get("acled_sub_event_type", sub))
    if inc.date is not None:
        when = inc.date.start.isoformat()
        span_days = (inc.date.end - inc.date.start).days
        precision = _TIME_PRECISION.get(inc.date.precision, 2 if span_days <= 7 else 3)
    else:  # undated: the earliest publication date is the latest the act can have happened
        pubs = sorted(d.meta.published for f in inc.sources
                      if (d := docs.get(f.document_id)) and d.meta.published)
        when, precision = (pubs[0].isoformat(), 3) if pubs else ("", 3)
    outlets = [(d.meta.outlet or d.filename) for f in inc.sources if (d := docs.get(f.document_id))]
    label = str(entry.get("label", inc.type))
    place = f"{p.name} ({p.admin1})" if p and p.admin1 and p.level == "settlement" else (p.name if p else "")
    notes = (f"{label} reported at {place} by {source_count(inc)} source(s), "
             f"{independent_count(inc)} independent; Svidok grade: {inc.grade}. ")
    quote = _first_quote(inc, red)
    if quote:
        notes += f"\"{quote}\" "
    if inc.headline_note:
        notes += red.plain(inc.headline_note)
    geo = 3 if p is None or p.level != "settlement" else _GEO_PRECISION.get(p.geo_precision, 1)
    return {
        "event_id": inc.id, "event_date": when, "time_precision": precision, "event_type": event_type,
        "sub_event_type": sub, "actor1": red.plain(_actor(inc.perpetrator)),
        "admin1": (p.admin1 or "") if p else "",
        "location": p.name if p else "", "latitude": "" if p is None or p.lat is None else p.lat,
        "longitude": "" if p is None or p.lon is None else p.lon, "geo_precision": geo,
        "source": red.plain("; ".join(dict.fromkeys(outlets))), "source_scale": "", "notes": notes.strip(),
        "fatalities": (inc.victims or 0) if inc.type == "killing" else 0,
        "source_languages": _languages(inc, docs),
    }


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _withheld_proof(proof: dict[str, Any] | None, red: Redactor, key: str = "add_event"
                   ) -> dict[str, Any] | None:
    """A document's custody proof as a redacted export may carry it. The add event's details
    (file name, path, title, URL) may name a protected person: then they are redacted, and the
    stored event's leaf hash is given instead, so the inclusion proof still checks against the
    signed tree head (only an export with include_protected can rebuild the leaf itself)."""
    if proof is None or not red.active:
        return proof
    event = proof[key]
    details = json.dumps(red.value(json.loads(event["details"])), ensure_ascii=False, sort_keys=True)
    if details == json.dumps(json.loads(event["details"]), ensure_ascii=False, sort_keys=True):
        return proof
    return {**proof, key: {**event, "details": details}, "details_redacted": True,
            "leaf_hash": custody.leaf_hash(event).hex()}


def render(conn: Connection, fmt: str, filters: IncidentFilters | None = None,
           include_protected: bool = False) -> tuple[str, int]:
    """(text, incident count) of an export, without writing it or logging it."""
    if fmt not in FORMATS:
        raise ExportError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    f = filters or IncidentFilters()
    incs = query(conn, f)
    cited = list(dict.fromkeys(s.document_id for i in incs for s in i.sources))
    docs = {d.id: d for d in repo.list_documents(conn, None if not f.active() else cited)}
    red = protection.redactor(conn, enabled=not include_protected)
    red.load(conn, cited)  # whole texts: exported offsets point into the redacted text
    if fmt == "json":
        body = {"format": "svidok-export", "version": EXPORT_VERSION,
                "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "filters": f.to_json(), "protected_included": include_protected,
                "documents": [_doc_json(d, red) for d in docs.values()],
                "incidents": [incident_json(i, red, docs) for i in incs]}

        # the tree head of the log and each document's `add` event with its inclusion proof
        from svidok.services.tree_head import export_custody

        body["custody"], proofs, reviewed = export_custody(conn, list(docs), [i.id for i in incs])
        for doc_json in cast(list[dict[str, Any]], body["documents"]):
            doc_json["custody"] = _withheld_proof(proofs.get(doc_json["id"]), red)
        for inc_json in cast(list[dict[str, Any]], body["incidents"]):
            # the signed review events behind a reviewed incident (a note may name someone)
            inc_json["custody"] = [_withheld_proof(p, red, "event")
                                   for p in reviewed.get(inc_json["id"], [])]
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n", len(incs)
    if fmt == "csv":
        return _csv([_csv_row(i, red, docs) for i in incs], CSV_COLUMNS), len(incs)
    if fmt == "acled":
        tax = _taxonomy()
        return _csv([_acled_row(i, red, docs, tax) for i in incs], ACLED_COLUMNS), len(incs)
    features = []
    for i in incs:
        if i.place is None or i.place.lat is None or i.place.lon is None:
            continue  # a point layer cannot show an incident without coordinates
        props = _csv_row(i, red, docs)
        props.pop("lat"), props.pop("lon")
        props["confidence"] = i.confidence
        features.append({"type": "Feature", "id": i.id,
                         "geometry": {"type": "Point", "coordinates": [i.place.lon, i.place.lat]},
                         "properties": props})
    body = {"type": "FeatureCollection", "features": features}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n", len(features)


def _write(data: bytes, out: str | Path) -> None:
    if str(out) == "-":
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            stream.write(data)
            stream.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
        return
    path = Path(out)
    if path.is_dir():
        raise ExportError(f"{path}: is a directory; give a file name")
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)  # never leave a half-written export under the real name
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from exc


def export_bytes(conn: Connection, fmt: str, filters: IncidentFilters | None = None,
                 include_protected: bool = False, out: str = "-") -> tuple[bytes, ExportResult]:
    """Render an export and log it (custody "export" event) without writing it anywhere: for
    callers that deliver the bytes themselves (a web download). `conn` must come from Case.begin()."""
    text, count = render(conn, fmt, filters, include_protected)
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    append_event(conn, "export", digest, {
        "format": fmt, "filters": (filters or IncidentFilters()).to_json(), "count": count,
        "sha256": digest, "include_protected": include_protected, "out": out,
    })
    return data, ExportResult(digest, count, fmt, out)


def export(conn: Connection, fmt: str, filters: IncidentFilters | None = None, out: str | Path = "-",
           include_protected: bool = False) -> ExportResult:
    """Write an export to `out` (a path, or "-" for stdout) and log it in `conn`'s transaction,
    which must come from Case.begin(). Nothing is logged when the output cannot be written."""
    text, count = render(conn, fmt, filters, include_protected)
    data = text.encode("utf-8")
    _write(data, out)
    name = "-" if str(out) == "-" else Path(out).name
    digest = hashlib.sha256(data).hexdigest()
    append_event(conn, "export", digest, {
        "format": fmt, "filters": (filters or IncidentFilters()).to_json(), "count": count,
        "sha256": digest, "include_protected": include_protected, "out": name,
    })
    return ExportResult(digest, count, fmt, str(out))
