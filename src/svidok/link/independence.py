"""Which sources of an incident are independent of each other.

A source is NOT independent of an earlier one (figures are taken in collection order) when
- its document is a near-duplicate (syndicated copy) of another document of the incident;
- it comes from the same outlet as an earlier source (stated outlet, else the web site of its URL);
- it only relays the same original attribution as an earlier source (both quote "Serhiy Bolvinov",
  or "the National Police of Kharkiv Region"), or it cites the outlet of an earlier source.
Generic attributions ("a witness", "residents", "Ukrainian officials") name no single origin and
never make two sources dependent.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from unidecode import unidecode

from svidok.model.core import Document, Mention, SourceFigure

_GENERIC = {
    "officials", "ukrainian officials", "local officials", "authorities", "ukrainian authorities",
    "local authorities", "residents", "local residents", "locals", "witnesses", "survivors",
    "villagers", "people", "neighbours", "neighbors", "relatives", "victims", "sources", "media",
    "reports", "police", "investigators", "prosecutors", "ukraine", "kyiv",
}
_ARTICLES = ("a ", "an ", "one ", "some ", "several ", "many ", "two ", "three ", "other ")
_STOP = {"the", "of", "a", "an", "and", "in", "s"}


def normalise(name: str | None) -> str:
    """Lower-case ASCII words, leading "the" removed: "The National Police" -> "national police"."""
    if not name:
        return ""
    s = unidecode(name).lower().replace("'s", "")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def is_generic(norm: str) -> bool:
    return not norm or norm in _GENERIC or norm.startswith(_ARTICLES)


def same_origin(a: str | None, b: str | None) -> bool:
    """Same specific attribution: equal, or one's words all inside the other's (>= 2 words)."""
    na, nb = normalise(a), normalise(b)
    if is_generic(na) or is_generic(nb):
        return False
    if na == nb:
        return True
    wa, wb = set(na.split()) - _STOP, set(nb.split()) - _STOP
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(short) >= 2 and short <= long_


def outlet_of(doc: Document | None) -> tuple[str, str]:
    """(normalised key, display name) of a document's outlet: its stated outlet, else the web
    site of its URL (www. dropped); ("", "") when neither is known."""
    if doc is None:
        return "", ""
    if doc.meta.outlet:
        return normalise(doc.meta.outlet), doc.meta.outlet
    host = urlsplit(doc.meta.url or "").hostname or ""
    host = host.removeprefix("www.")
    return host, host


def _label(doc_id: str, documents: dict[str, Document]) -> str:
    doc = documents.get(doc_id)
    return doc.filename if doc else doc_id[:12]


def dependence(
    fig: SourceFigure, earlier: list[SourceFigure], documents: dict[str, Document], in_incident: set[str]
) -> str | None:
    """Why `fig` is not independent of the `earlier` figures, or None when it is."""
    doc = documents.get(fig.document_id)
    if doc and doc.near_duplicate_of and doc.near_duplicate_of in in_incident:
        sim = f" (similarity {doc.similarity:.2f})" if doc.similarity is not None else ""
        return f"near-duplicate of {_label(doc.near_duplicate_of, documents)}{sim}"
    for other in earlier:
        odoc = documents.get(other.document_id)
        (outlet, _), (o_outlet, o_name) = outlet_of(doc), outlet_of(odoc)
        if outlet and outlet == o_outlet:
            return f"same outlet as {_label(other.document_id, documents)} ({o_name})"
        if same_origin(fig.attributed_to, other.attributed_to):
            return (
                f"relays the same attribution as {_label(other.document_id, documents)} "
                f"(\"{other.attributed_to}\")"
            )
        if o_outlet and normalise(fig.attributed_to) == normalise(o_name):
            return f"relays the reporting of {o_name}"
    return None


def assess_independence(
    figs: list[SourceFigure], documents: dict[str, Document], mentions: dict[str, list[Mention]] | None = None
) -> list[SourceFigure]:
    """Set independent/dependence_reason on every figure (figures in collection order).

    A figure is compared with the earlier independent ones only, so the first carrier of a story
    stays independent and each copy points at it. A syndicated copy is dependent whichever order
    it arrived in. `mentions` is accepted for symmetry with the other steps and unused.
    """
    del mentions
    in_incident = {f.document_id for f in figs}
    out: list[SourceFigure] = []
    independent: list[SourceFigure] = []
    for fig in figs:
        reason = dependence(fig, independent, documents, in_incident - {fig.document_id})
        new = replace(fig, independent=reason is None, dependence_reason=reason)
        out.append(new)
        if reason is None:
            independent.append(new)
    return out
