"""Group mentions into incidents: same type, same gazetteer place, compatible time.

Rules (documented in docs/exports.md, "Linking"):
- one incident per (violation type, place id) whose dates overlap (with DATE_SLACK_DAYS of
  tolerance, because reports date the same discovery a day or two apart) or where either is undated;
- places are compared by gazetteer id only, so an oblast-level mention never joins a settlement and
  Bucha never joins Irpin; mentions without a place are not linked (the guidelines record nothing);
- order-free: whichever order reports arrive in, one by one, in batches or from several processes
  at once, the incidents are the same (link.cluster cuts each key's mentions by date afresh); a
  rebuilt incident keeps the id of the stored one that cited most of its mentions;
- an incident whose status is not "unreviewed" is never rewritten: new evidence is added as
  SourceFigures with unreviewed_evidence=True and everything else is left as the reviewer saw it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from svidok.link.cluster import DATE_SLACK_DAYS, clusters, content_order
from svidok.link.discrepancy import find_discrepancies, headline, most_conservative, place_discrepancies
from svidok.link.grade import grade_incident
from svidok.link.independence import assess_independence
from svidok.model.core import DateValue, Document, Incident, Mention, Place, SourceFigure, Span

_PRECISION_RANK = {"day": 0, "month": 1, "range": 2, "year": 3}


def mention_id(m: Mention) -> str:
    """The mention's id, or the id architecture.md defines when extraction left it empty."""
    if m.id:
        return m.id
    place = m.place.id if m.place else ""
    raw = "|".join([m.document_id, m.type, place, str(m.evidence.start), str(m.evidence.end), m.version])
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def incident_id(type_: str, place_id: str, earliest_mention_id: str) -> str:
    raw = f"{type_}|{place_id}|{earliest_mention_id}"
    return "inc-" + hashlib.sha256(raw.encode()).hexdigest()[:12]


def dates_compatible(a: tuple[date, date] | None, b: DateValue | None) -> bool:
    """Overlapping ranges (with slack) or either side unknown."""
    if a is None or b is None:
        return True
    slack = timedelta(days=DATE_SLACK_DAYS)
    return a[0] - slack <= b.end and b.start - slack <= a[1]


@dataclass
class _Group:
    id: str
    type: str
    place: Place
    existing: Incident | None
    envelope: tuple[date, date] | None
    mentions: list[Mention] = field(default_factory=list)


def _envelope(inc: Incident) -> tuple[date, date] | None:
    dates = [f.date for f in inc.sources if f.date] + ([inc.date] if inc.date else [])
    if not dates:
        return None
    return min(d.start for d in dates), max(d.end for d in dates)


def link_mentions(
    mentions: list[Mention], documents: dict[str, Document], existing: list[Incident],
    relinked: set[str] | None = None,
) -> list[Incident]:
    """Link mentions into incidents, reusing `existing` ones.

    `mentions` should hold every current mention of the documents you want (re)linked and every
    stored mention of each (type, place) they touch: those keys are clustered afresh from what is
    given (services.linking loads them so). A source figure of an existing incident whose document
    has no mention in `mentions` is carried over unchanged; one whose document has mentions, none
    of them for this incident, is dropped (re-extraction withdrew it), and an unreviewed incident left without
    sources disappears. `relinked` names the documents whose complete mentions are given (even if
    they now have none, so their old figures are dropped too); any other document in `mentions` then
    counts only for the (type, place) of its mentions there, and its incidents elsewhere stay as
    they are. Without `relinked`, every document in `mentions` counts as complete.
    Returns all incidents, sorted by id.
    """
    by_id: dict[str, Mention] = {}
    for m in mentions:
        if m.place is not None:
            by_id.setdefault(mention_id(m), m)
    whole = {m.document_id for m in mentions} if relinked is None else relinked

    groups: dict[str, _Group] = {}
    reviewed: dict[tuple[str, str], list[_Group]] = defaultdict(list)
    dissolved: dict[tuple[str, str], list[_Group]] = defaultdict(list)
    owner: dict[str, str] = {}  # mention id -> the reviewed incident that holds it
    before: dict[str, set[str]] = {}  # unreviewed incident id -> the mention ids it cited
    touched = {(m.type, m.place.id) for m in by_id.values() if m.place is not None}
    touched |= {(i.type, i.place.id) for i in existing
                if i.place and any(f.document_id in whole for f in i.sources)}
    for inc in sorted(existing, key=lambda i: i.id):
        if inc.place is None:
            groups[inc.id] = _Group(inc.id, inc.type, Place("", "", "country", None, None), inc, None)
            continue
        g = _Group(inc.id, inc.type, inc.place, inc, _envelope(inc))
        groups[inc.id] = g
        key = (inc.type, inc.place.id)
        if inc.status != "unreviewed":
            reviewed[key].append(g)
            owner.update((mid, inc.id) for f in inc.sources for mid in f.mention_ids)
        elif key in touched:
            dissolved[key].append(g)
            before[inc.id] = {mid for f in inc.sources for mid in f.mention_ids}

    def order(pair: tuple[str, Mention]) -> tuple[float, str, int, str]:
        mid, m = pair
        return (_collected(documents, m.document_id), m.document_id, m.evidence.start, mid)

    by_key: dict[tuple[str, str], list[tuple[str, Mention]]] = defaultdict(list)
    for mid, m in by_id.items():
        assert m.place is not None
        by_key[(m.type, m.place.id)].append((mid, m))
    for key in sorted(by_key):
        free: list[tuple[str, Mention]] = []
        for mid, m in sorted(by_key[key], key=lambda p: content_order(p[1], p[0])):
            # A reviewed incident keeps what it holds and takes in what fits its dates, as new
            # evidence; every other mention of the key is clustered afresh (see link.cluster).
            found = groups[owner[mid]] if mid in owner else next(
                (r for r in reviewed[key] if dates_compatible(r.envelope, m.date)), None)
            if found is not None:
                found.mentions.append(m)
            else:
                free.append((mid, m))
        _assign(key, clusters(free), dissolved[key], before, groups, order)

    # What was passed in for each incident: a relinked document's whole set of mentions, or another
    # document's mentions of one (type, place). A document given for one key says nothing about
    # its incidents under other keys (those must stay as they are, with their links).
    given_keys: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in by_id.values():
        assert m.place is not None
        given_keys[(m.type, m.place.id)].add(m.document_id)
    out: list[Incident] = []
    for g in groups.values():
        built = _build(g, documents, whole | given_keys.get((g.type, g.place.id), set()))
        if built is not None:
            out.append(built)
    place_discrepancies(out)
    return sorted(out, key=lambda i: i.id)


def _assign(key: tuple[str, str], parts: list[list[tuple[str, Mention]]], dissolved: list[_Group],
            before: dict[str, set[str]], groups: dict[str, _Group],
            order: Callable[[tuple[str, Mention]], tuple[float, str, int, str]]) -> None:
    """Give each cluster an incident: the unreviewed one that cited most of its mentions keeps its
    id (ids never change without need); a cluster no incident cited gets a new one, minted from its
    earliest-collected mention."""
    pairs = sorted(((len({mid for mid, _ in part} & before[g.id]), g.id, i)
                    for i, part in enumerate(parts) for g in dissolved), key=lambda t: (-t[0], t[1], t[2]))
    home: dict[int, str] = {}
    taken: set[str] = set()
    for shared, gid, i in pairs:
        if shared and i not in home and gid not in taken:
            home[i] = gid
            taken.add(gid)
    free_ids = {g.id for g in dissolved} - taken
    for i, part in enumerate(parts):
        if i in home:
            gid = home[i]
        else:
            mid, m = min(part, key=order)
            gid, salt = incident_id(key[0], key[1], mid), 1
            # an id already held elsewhere (a reviewed incident, another cluster) is never shared
            while gid in groups and gid not in free_ids:
                gid, salt = incident_id(key[0], key[1], f"{mid}|{salt}"), salt + 1
            free_ids.discard(gid)
            if gid not in groups:
                assert m.place is not None
                groups[gid] = _Group(gid, key[0], m.place, None, None)
        groups[gid].mentions.extend(m for _, m in part)


def _by_doc(mentions: list[Mention]) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        out[m.document_id].append(m)
    return out


def _victim_word(m: Mention) -> str:
    words = (m.count_span.text if m.count_span else "").lower().split()
    return words[-1].rstrip("s") if words else ""


def document_count(counted: list[Mention]) -> Mention | None:
    """The figure one report gives: figures for the same victims ("400 prisoners" ... "40 prisoners")
    yield their most conservative one; figures for different victims ("one man" and "at least 40
    people") are parts of a whole, so the report's figure is the largest of them."""
    if not counted:
        return None
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in counted:
        groups[_victim_word(m)].append(m)
    picks = [g[most_conservative([(m.count or 0, m.qualifier) for m in g])] for g in groups.values()]
    return max(picks, key=lambda m: m.count or 0)


def source_figure(doc_id: str, mentions: list[Mention], unreviewed_evidence: bool = False) -> SourceFigure:
    """One document's figure (see document_count), its attribution, its evidence spans."""
    counted = [m for m in mentions if m.count is not None]
    pick = document_count(counted)
    attributed = pick.attributed_to if pick and pick.attributed_to else None
    if attributed is None:
        attributed = next((m.attributed_to for m in mentions if m.attributed_to), None)
    spans: dict[tuple[int, int], Span] = {}
    for m in mentions:
        spans.setdefault((m.evidence.start, m.evidence.end), m.evidence)
    dated = [m.date for m in mentions if m.date]
    best_date = min(dated, key=lambda d: (_PRECISION_RANK.get(d.precision, 9), d.start)) if dated else None
    return SourceFigure(
        document_id=doc_id,
        count=pick.count if pick else None,
        qualifier=(pick.qualifier or "exact") if pick else None,
        attributed_to=attributed,
        spans=tuple(spans[k] for k in sorted(spans)),
        mention_ids=tuple(sorted(mention_id(m) for m in mentions)),
        date=best_date,
        unreviewed_evidence=unreviewed_evidence,
        place_basis=_basis(mentions),
    )


# the strongest way any of a source's mentions ties the place to the act
_BASIS_ORDER = ("sentence", "focus", "topic", "office", "dateline", "region")


def _basis(mentions: list[Mention]) -> str | None:
    found = {m.place_basis for m in mentions if m.place_basis}
    return next((b for b in _BASIS_ORDER if b in found), None)


def _collected(documents: dict[str, Document], doc_id: str) -> float:
    """Collection time as a number (stored times are aware, hand-made ones may be naive)."""
    doc = documents.get(doc_id)
    return doc.collected_at.timestamp() if doc else float("inf")


def _sort_figures(figs: list[SourceFigure], documents: dict[str, Document]) -> list[SourceFigure]:
    return sorted(figs, key=lambda f: (_collected(documents, f.document_id), f.document_id))


def _build(g: _Group, documents: dict[str, Document], covered: set[str]) -> Incident | None:
    given = _by_doc(g.mentions)
    old = g.existing
    if old is not None and old.status != "unreviewed":
        return _attach_to_reviewed(old, given, documents)
    if old is not None and not given and not covered & {f.document_id for f in old.sources}:
        # nothing about this incident was passed in: keep it as it is (copy: we may add flags)
        return replace(old, discrepancies=list(old.discrepancies))

    figs: list[SourceFigure] = [source_figure(d, ms) for d, ms in given.items()]
    if old is not None:
        # a document whose mentions were passed in but no longer support this incident drops out
        figs += [f for f in old.sources if f.document_id not in given and f.document_id not in covered]
    if not figs:
        return None
    figs = assess_independence(_sort_figures(figs, documents), documents, given)
    victims, qualifier, note = headline(figs)
    inc = Incident(
        id=g.id,
        type=g.type,
        place=old.place if old else g.place,
        date=_incident_date(figs),
        victims=victims,
        qualifier=qualifier,
        sources=figs,
        headline_note=note,
        perpetrator=_perpetrator(g.mentions) or (old.perpetrator if old else None),
    )
    inc.discrepancies = find_discrepancies(figs, given)
    grade_incident(inc, given)
    return inc


def _attach_to_reviewed(
    old: Incident, given: dict[str, list[Mention]], documents: dict[str, Document]
) -> Incident:
    reviewed_ids = {mid for f in old.sources if not f.unreviewed_evidence for mid in f.mention_ids}
    fresh: dict[str, list[Mention]] = defaultdict(list)
    for d, ms in given.items():
        for m in ms:
            if mention_id(m) not in reviewed_ids:
                fresh[d].append(m)
    if not fresh:
        return old
    kept = [f for f in old.sources if not (f.unreviewed_evidence and f.document_id in fresh)]
    new = [source_figure(d, ms, unreviewed_evidence=True) for d, ms in fresh.items()]
    assessed = assess_independence(_sort_figures(kept + new, documents), documents, given)
    new_assessed = {f.document_id: f for f in assessed if f.unreviewed_evidence and f.document_id in fresh}
    sources = kept + [new_assessed[f.document_id] for f in new]
    return replace(old, sources=_sort_figures(sources, documents))


def _incident_date(figs: list[SourceFigure]) -> DateValue | None:
    dated = [f.date for f in figs if f.date]
    if not dated:
        return None
    return min(dated, key=lambda d: (_PRECISION_RANK.get(d.precision, 9), d.start))


def _perpetrator(mentions: list[Mention]) -> str | None:
    counts: dict[str, int] = defaultdict(int)
    for m in mentions:
        if m.perpetrator:
            counts[m.perpetrator] += 1
    if not counts:
        return None
    # the name given most, then the shortest, then the first in alphabetical order: never arrival
    return min(counts, key=lambda p: (-counts[p], len(p), p))
