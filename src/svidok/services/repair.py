"""`svidok verify --repair`: rebuild what can be derived from the originals and the log.

Metadata goes back to what the `add` event recorded, texts are read again from the stored
originals (and re-extracted), mentions and incidents are relinked through the existing stages, and
an incident's filter row is rewritten from its record.
Reviews are human work and not derivable: they are only reported. The repair itself is one
custody `repair` event. Nothing is repaired from a log or object store that is itself broken.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from svidok import plugins
from svidok.db import analysis, integrity, repo
from svidok.evidence import custody
from svidok.model import ReadText
from svidok.services.case import Case
from svidok.services.custody_log import append_event
from svidok.services.reading import reread
from svidok.services.verify import VerifyResult, verify_case
from svidok.services.verify_rows import RowFindings

# Problems of the log or the originals themselves: nothing can be rebuilt from them.
_UNSOUND = {"event", "key", "head", "log", "anchor", "object"}
_META = ("filename", "size", "media_type", "title", "outlet", "url", "published", "collector",
         "collected_at", "language", "language_method", "original_sha256", "part")


class RepairError(Exception):
    """A case that cannot be repaired; message is one line."""


@dataclass
class RepairReport:
    metadata: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    texts_not_identical: list[str] = field(default_factory=list)  # re-read, but not what was recorded
    relinked: list[str] = field(default_factory=list)
    incident_rows: list[str] = field(default_factory=list)  # rewritten from their records
    reviews_not_derivable: list[int] = field(default_factory=list)
    after: VerifyResult | None = None

    @property
    def changed(self) -> bool:
        return bool(self.metadata or self.texts or self.relinked or self.incident_rows)


def _reread(case: Case, doc_id: str, filename: str) -> ReadText:
    """The document's text read again from its original (a part: found again in its container)."""
    with case.connect() as conn:
        doc = repo.get_document(conn, doc_id)
    if doc is None:
        raise RepairError(f"document {doc_id} is gone; restore the case from a backup")
    return reread(case, doc, filename)


def _text_row(read: ReadText) -> dict[str, Any]:
    return {"text": read.text, "reader": read.reader, "reader_version": read.reader_version,
            "encoding": read.encoding, "title": read.title, "published": read.published,
            "body_json": json.dumps([list(b) for b in read.body])}


def repair_case(case: Case, anchors: Sequence[Path] = ()) -> RepairReport:
    before = verify_case(case, anchors)
    unsound = [p for p in before.problems if p.kind in _UNSOUND]
    if unsound:
        raise RepairError(f"cannot repair from a broken log or store ({unsound[0].line()}); "
                          "restore the case from a backup")
    if before.findings is None:
        raise RepairError("the derived rows cannot be read; restore the case from a backup")
    found: RowFindings = before.findings
    report = RepairReport(reviews_not_derivable=sorted(set(found.reviews)))
    adds = before.adds
    reads: dict[str, ReadText] = {}
    for doc_id in found.texts:
        details = adds[doc_id][1]
        read = _reread(case, doc_id, str(details.get("filename") or doc_id))
        reads[doc_id] = read
        if custody.text_digest(read) != details.get("text_sha256"):
            report.texts_not_identical.append(doc_id)
    with case.begin() as conn:
        for doc_id in found.metadata:
            details = adds[doc_id][1]
            integrity.restore_document(conn, doc_id, {k: details[k] for k in _META if k in details})
            report.metadata.append(doc_id)
        for doc_id, read in reads.items():
            integrity.put_text(conn, doc_id, _text_row(read))
            report.texts.append(doc_id)
        if reads:
            plugins.get("extract", str(case.setting("extract")))(conn, sorted(reads))
        relink = sorted(found.links | set(reads))
        if relink:
            integrity.clear_dangling_links(conn)
            plugins.get("link", str(case.setting("link")))(conn, relink)
            # a pointer edited away is not restored by relinking an unchanged incident
            analysis.point_mentions(conn, analysis.load_incidents(conn))
            report.relinked = relink
        for inc in analysis.load_incidents(conn, ids=found.incidents) if found.incidents else []:
            integrity.restore_incident_row(conn, inc)  # the narrow row, from the record it indexes
            report.incident_rows.append(inc.id)
        if report.changed or report.reviews_not_derivable:
            append_event(conn, "repair", None, {
                "metadata": report.metadata, "texts": report.texts,
                "texts_not_identical": report.texts_not_identical, "relinked": report.relinked,
                "incident_rows": report.incident_rows,
                "reviews_not_derivable": report.reviews_not_derivable})
    report.after = verify_case(case, anchors)
    return report
