"""Human review of incidents: confirm, reject, edit, merge, split, attach a mention; history.

The machine's version of an incident stays in `incidents.machine_data` (db.analysis keeps it when
saving with machine=False). Each change is one row in `reviews` (with the machine version at that
moment) and one signed custody "review" event, in the caller's transaction (from Case.begin()).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, Literal, cast, get_args

from sqlalchemy.engine import Connection

from svidok.db import analysis, repo
from svidok.db.serial import date_to_json, place_from_json, place_to_json
from svidok.evidence.custody import review_digest
from svidok.link.discrepancy import find_discrepancies, headline
from svidok.link.grade import grade_incident
from svidok.link.independence import assess_independence
from svidok.link.linker import incident_id as make_incident_id
from svidok.link.linker import mention_id, source_figure
from svidok.model import DateValue, Incident, Mention, Qualifier, Review, SourceFigure
from svidok.services import place_search
from svidok.services.custody_log import append_event
from svidok.services.incidents import NotFound, resolve_id
from svidok.services.review_notes import refresh_notes

Action = Literal["confirm", "reject", "edit", "merge", "split", "attach"]
ACTIONS: tuple[str, ...] = get_args(Action)
EDITABLE = ("type", "place", "date", "victims", "qualifier", "perpetrator", "headline_note", "grade",
            "confidence")
_PRECISION_RANK = {"day": 0, "month": 1, "range": 2, "year": 3}

__all__ = ["ACTIONS", "EDITABLE", "NotFound", "ReviewError", "apply", "attach", "confirm", "detach", "edit",
           "history", "merge", "reject", "split", "successor"]


class ReviewError(ValueError):
    """A review that cannot be recorded; message is one line."""


def _load(conn: Connection, incident_id: str) -> Incident:
    inc = analysis.get_incident(conn, resolve_id(conn, incident_id))
    assert inc is not None
    return inc


def _need_note(note: str, action: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ReviewError(f"{action}: a note saying why is required")
    return note


def _record(conn: Connection, inc: Incident, actor: str, action: Action, note: str,
            changes: dict[str, Any]) -> Review:
    review = Review(incident_id=inc.id, actor=actor, action=action, note=note, changes=changes,
                    at=datetime.now(UTC))
    rid = analysis.insert_review(conn, review, machine_before=analysis.get_machine_incident(conn, inc.id))
    stored = replace(review, id=rid)
    append_event(conn, "review", None, {"incident_id": inc.id, "review_id": rid, "action": action,
                                        "note": note, "changes": changes,
                                        "review_sha256": review_digest(stored)}, actor=actor)
    return stored


def _save(conn: Connection, inc: Incident) -> None:
    analysis.save_incidents(conn, [inc], machine=False)


def confirm(conn: Connection, incident_id: str, actor: str, note: str = "") -> Review:
    inc = _load(conn, incident_id)
    _save(conn, replace(inc, status="confirmed"))
    return _record(conn, inc, actor, "confirm", (note or "").strip(), {"status": {"from": inc.status,
                                                                                  "to": "confirmed"}})


def reject(conn: Connection, incident_id: str, actor: str, note: str) -> Review:
    inc = _load(conn, incident_id)
    note = _need_note(note, "reject")
    _save(conn, replace(inc, status="rejected"))
    return _record(conn, inc, actor, "reject", note, {"status": {"from": inc.status, "to": "rejected"}})


def parse_date(value: Any) -> DateValue | None:
    """"2022-09-15", "2022-09", "2022" or "2022-09-01/2022-09-20" (or None / "") -> DateValue."""
    if value in (None, ""):
        return None
    if isinstance(value, dict):
        return DateValue(date.fromisoformat(value["start"]), date.fromisoformat(value["end"]),
                         value.get("precision", "range"))
    text = str(value).strip()
    try:
        if "/" in text:
            a, b = (date.fromisoformat(x.strip()) for x in text.split("/", 1))
            if b < a:
                raise ReviewError(f"date {text!r}: end before start")
            return DateValue(a, b, "range")
        parts = text.split("-")
        if len(parts) == 3:
            d = date.fromisoformat(text)
            return DateValue(d, d, "day")
        if len(parts) == 2:
            start = date(int(parts[0]), int(parts[1]), 1)
            nxt = date(start.year + start.month // 12, start.month % 12 + 1, 1)
            return DateValue(start, date.fromordinal(nxt.toordinal() - 1), "month")
        if len(parts) == 1:
            y = int(parts[0])
            return DateValue(date(y, 1, 1), date(y, 12, 31), "year")
    except (ValueError, KeyError) as exc:
        raise ReviewError(f"date {text!r}: use YYYY-MM-DD, YYYY-MM, YYYY or START/END") from exc
    raise ReviewError(f"date {text!r}: use YYYY-MM-DD, YYYY-MM, YYYY or START/END")


def _value(field: str, raw: Any) -> Any:
    """The typed value for one editable field (raises ReviewError with the field named)."""
    blank = raw is None or (isinstance(raw, str) and not raw.strip())
    try:
        if field == "date":
            return parse_date(raw)
        if field == "place":
            if blank:
                return None
            if isinstance(raw, str):  # a gazetteer id, as the place search field gives it
                found = place_search.get(raw.strip())
                if found is None:
                    raise ReviewError(f"place {raw[:60]!r}: no such place in the gazetteer")
                return found
            if not isinstance(raw, dict):
                raise ReviewError("place: give a gazetteer id or a place object with id, name and level")
            return place_from_json(raw)
        if field == "victims":
            if blank:
                return None
            n = int(raw)
            if n < 0:
                raise ReviewError("victims: must be 0 or more")
            return n
        if field == "qualifier":
            if blank:
                return None
            if raw not in get_args(Qualifier):
                raise ReviewError(f"qualifier {raw!r}: use one of {', '.join(get_args(Qualifier))}")
            return raw
        if field == "confidence":
            c = float(raw)
            if not 0.0 <= c <= 1.0:
                raise ReviewError("confidence: must be between 0 and 1")
            return c
        if field in ("type", "grade"):
            if blank:
                raise ReviewError(f"{field}: cannot be empty")
            return str(raw).strip()
        return None if blank else str(raw).strip()
    except (TypeError, ValueError) as exc:
        if isinstance(exc, ReviewError):
            raise
        raise ReviewError(f"{field}: {raw!r} is not a valid value") from exc


def _json(field: str, value: Any) -> Any:
    if field == "date":
        return date_to_json(value)
    if field == "place":
        return place_to_json(value)
    return value


def edit(conn: Connection, incident_id: str, actor: str, changes: dict[str, Any], note: str) -> Review:
    """Change any of EDITABLE; `changes` maps field -> new value. Unchanged fields are ignored."""
    inc = _load(conn, incident_id)
    note = _need_note(note, "edit")
    if not changes:
        raise ReviewError("edit: no changes given")
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ReviewError(f"edit: cannot change {', '.join(unknown)} (editable: {', '.join(EDITABLE)})")
    new: dict[str, Any] = {}
    diff: dict[str, Any] = {}
    for field, raw in changes.items():
        value = _value(field, raw)
        if value != getattr(inc, field):
            new[field] = value
            diff[field] = {"from": _json(field, getattr(inc, field)), "to": _json(field, value)}
    if not diff:
        raise ReviewError("edit: the changes leave the incident as it is")
    edited = replace(inc, status="edited", **new)
    # notes that speak of the figure, date, perpetrator or place follow the reviewer's values,
    # unless the reviewer wrote the headline note themselves
    refreshed = refresh_notes(edited, analysis.get_machine_incident(conn, inc.id), keep_headline_note=(
        "headline_note" in changes))
    if refreshed.headline_note != edited.headline_note:
        diff["headline_note"] = {"from": inc.headline_note, "to": refreshed.headline_note}
    _save(conn, refreshed)
    return _record(conn, inc, actor, "edit", note, diff)


def _mentions_of(conn: Connection, doc_ids: list[str]) -> dict[str, Mention]:
    return {mention_id(m): m for m in analysis.load_mentions(conn, doc_ids)}


def _rebuild(conn: Connection, inc: Incident, figs: list[SourceFigure], wanted: set[str]) -> Incident:
    """Recompute an incident's figures and derived fields from the mention ids it should cite.

    Figures without mention ids (hand-made) are kept as they are."""
    doc_ids = list(dict.fromkeys(f.document_id for f in figs))
    known = _mentions_of(conn, doc_ids)
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for mid in sorted(wanted):
        if mid in known:
            by_doc[known[mid].document_id].append(known[mid])
    out = [source_figure(d, ms) for d, ms in by_doc.items()]
    out += [f for f in figs if not f.mention_ids and f.document_id not in by_doc]
    docs = {d.id: d for d in repo.list_documents(conn, [f.document_id for f in out])}
    out.sort(key=lambda f: (docs[f.document_id].collected_at.timestamp()
                            if f.document_id in docs else float("inf"), f.document_id))
    out = assess_independence(out, docs, by_doc)
    victims, qualifier, note = headline(out)
    dated = [f.date for f in out if f.date]
    when = min(dated, key=lambda d: (_PRECISION_RANK.get(d.precision, 9), d.start)) if dated else None
    new = replace(inc, sources=out, victims=victims, qualifier=qualifier, headline_note=note, date=when,
                  status="edited")
    new.discrepancies = find_discrepancies(out, by_doc)
    grade_incident(new, by_doc)
    return new


def _cited(inc: Incident) -> set[str]:
    return {mid for f in inc.sources for mid in f.mention_ids}


def merge(conn: Connection, keep_id: str, other_id: str, actor: str, note: str) -> Review:
    """Fold `other` into `keep`: its sources join keep, other is removed (its reviews remain)."""
    keep, other = _load(conn, keep_id), _load(conn, other_id)
    note = _need_note(note, "merge")
    if keep.id == other.id:
        raise ReviewError("merge: an incident cannot be merged with itself")
    merged = _rebuild(conn, keep, keep.sources + other.sources, _cited(keep) | _cited(other))
    _record(conn, other, actor, "merge", note, {"merged_into": keep.id})
    analysis.delete_incidents(conn, [other.id])
    _save(conn, merged)
    analysis.set_mention_incident(conn, _cited(merged), keep.id)
    added = sorted({f.document_id for f in other.sources} - {f.document_id for f in keep.sources})
    return _record(conn, keep, actor, "merge", note, {"merged_from": other.id, "documents_added": added})


def split(conn: Connection, incident_id: str, document_ids: list[str], actor: str,
          note: str) -> tuple[Review, str]:
    """Move the sources of `document_ids` out into a new incident; returns (review, new id)."""
    inc = _load(conn, incident_id)
    note = _need_note(note, "split")
    moving = [f for f in inc.sources if f.document_id in set(document_ids)]
    staying = [f for f in inc.sources if f.document_id not in set(document_ids)]
    if not moving:
        raise ReviewError("split: none of the given documents is a source of this incident")
    if not staying:
        raise ReviewError("split: at least one source must stay with the incident")
    moved_ids = {mid for f in moving for mid in f.mention_ids}
    seed = min(moved_ids) if moved_ids else min(f.document_id for f in moving)
    new_id = make_incident_id(inc.type, inc.place.id if inc.place else "", seed)
    while analysis.get_incident(conn, new_id) is not None:
        new_id = make_incident_id(inc.type, new_id, seed)
    base = replace(inc, id=new_id, discrepancies=[], grade_reasons=[])
    part = _rebuild(conn, base, moving, moved_ids)
    rest = _rebuild(conn, inc, staying, {m for f in staying for m in f.mention_ids})
    _save(conn, rest)
    _save(conn, part)
    analysis.set_mention_incident(conn, moved_ids, new_id)
    moved_docs = sorted({f.document_id for f in moving})
    _record(conn, part, actor, "split", note, {"split_from": inc.id, "documents": moved_docs})
    return _record(conn, inc, actor, "split", note, {"split_into": new_id, "documents": moved_docs}), new_id


def detach(conn: Connection, mention: str, actor: str, note: str,
           from_incident: str | None = None) -> tuple[Review, str]:
    """Move one mention out of its incident (which must be `from_incident` when given) into a new
    incident of its own; returns (review, new id)."""
    note = _need_note(note, "split")
    doc_id, home_id = _mention_home(conn, mention)
    home = analysis.get_incident(conn, home_id) if home_id else None
    if home is None or mention not in _cited(home):
        raise ReviewError(f"split: mention {mention} supports no incident; attach it to one instead")
    if from_incident is not None and resolve_id(conn, from_incident) != home.id:
        raise ReviewError(f"split: mention {mention} is evidence of {home.id}, not of {from_incident}")
    left = _cited(home) - {mention}
    if not left and all(f.mention_ids for f in home.sources):
        raise ReviewError(f"split: mention {mention} is all the evidence of {home.id}; nothing to split off")
    new_id = make_incident_id(home.type, home.place.id if home.place else "", mention)
    while analysis.get_incident(conn, new_id) is not None:
        new_id = make_incident_id(home.type, new_id, mention)
    placeholder = SourceFigure(doc_id, None, None, None, (), (mention,))
    part = _rebuild(conn, replace(home, id=new_id, discrepancies=[], grade_reasons=[]), [placeholder],
                    {mention})
    _save(conn, _rebuild(conn, home, home.sources, left))
    _save(conn, part)
    analysis.set_mention_incident(conn, [mention], new_id)
    _record(conn, part, actor, "split", note, {"split_from": home.id, "mentions": [mention],
                                               "documents": [doc_id]})
    return _record(conn, home, actor, "split", note, {"split_into": new_id, "mentions": [mention],
                                                      "documents": [doc_id]}), new_id


def _mention_home(conn: Connection, mid: str) -> tuple[str, str | None]:
    """(document id, incident id) of a stored mention."""
    home = analysis.mention_home(conn, mid)
    if home is None:
        raise ReviewError(f"no mention {mid!r}")
    return home


def attach(conn: Connection, mention: str, incident_id: str, actor: str, note: str) -> Review:
    """Move one mention to another incident (its old incident is removed if left without sources)."""
    target = _load(conn, incident_id)
    note = _need_note(note, "attach")
    doc_id, home_id = _mention_home(conn, mention)
    if mention in _cited(target):
        raise ReviewError(f"attach: mention {mention} already supports {target.id}")
    home = analysis.get_incident(conn, home_id) if home_id else None
    if home is None:  # the pointer may be stale; find the incident whose sources cite the mention
        home = next((i for i in analysis.load_incidents(conn, document_id=doc_id)
                     if mention in _cited(i)), None)
    changes: dict[str, Any] = {"mention": mention, "document_id": doc_id, "from": home.id if home else None}
    if home is not None and home.id != target.id:
        left = _cited(home) - {mention}
        if left or any(not f.mention_ids for f in home.sources):
            _save(conn, _rebuild(conn, home, home.sources, left))
        else:
            analysis.delete_incidents(conn, [home.id])
            changes["removed_empty"] = home.id
        _record(conn, home, actor, "attach", note, {"mention": mention, "moved_to": target.id})
    placeholder = SourceFigure(doc_id, None, None, None, (), (mention,))
    updated = _rebuild(conn, target, target.sources + [placeholder], _cited(target) | {mention})
    _save(conn, updated)
    analysis.set_mention_incident(conn, [mention], target.id)
    return _record(conn, target, actor, "attach", note, changes)


def apply(conn: Connection, incident_id: str, action: str, actor: str, note: str = "",
          changes: dict[str, Any] | None = None) -> Review:
    """One review from a request: confirm | reject | edit | merge (changes.other) |
    split (changes.documents, or changes.mention: that one mention) | attach (changes.mention)."""
    changes = changes or {}
    if action == "confirm":
        return confirm(conn, incident_id, actor, note)
    if action == "reject":
        return reject(conn, incident_id, actor, note)
    if action == "edit":
        return edit(conn, incident_id, actor, changes, note)
    if action == "merge":
        return merge(conn, incident_id, str(changes.get("other", "")), actor, note)
    if action == "split":
        if changes.get("mention"):
            return detach(conn, str(changes["mention"]), actor, note, incident_id)[0]
        docs = changes.get("documents") or []
        return split(conn, incident_id, [str(d) for d in cast(list[Any], docs)], actor, note)[0]
    if action == "attach":
        return attach(conn, str(changes.get("mention", "")), incident_id, actor, note)
    raise ReviewError(f"action {action!r}: use one of {', '.join(ACTIONS)}")


def successor(conn: Connection, incident_id: str) -> str | None:
    """Where an incident that no longer exists went: the incident it was merged into (or, when
    its last mention was moved, the one that took it), following merges of merges. None when
    `incident_id` exists or left no forwarding review."""
    seen: set[str] = set()
    current = incident_id
    while current not in seen and len(seen) < 64:
        seen.add(current)
        if analysis.get_incident(conn, current) is not None:
            return None if current == incident_id else current
        forward = None
        for r in reversed(analysis.list_reviews(conn, current)):
            forward = r.changes.get("merged_into") or r.changes.get("moved_to")
            if isinstance(forward, str) and forward:
                break
        if not forward:
            return None
        current = str(forward)
    return None


def history(conn: Connection, incident_id: str) -> list[Review]:
    """Every review of an incident, oldest first (also for ids merged away)."""
    try:
        incident_id = resolve_id(conn, incident_id)
    except NotFound:
        pass  # a merged-away incident has no row but keeps its history
    return analysis.list_reviews(conn, incident_id)
