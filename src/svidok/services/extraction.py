"""Use case: extract mentions from stored documents (the `extract` stage of `svidok add`).

Re-running on a new extractor version replaces the machine's mentions of a document;
human reviews live on incidents and review rows, which this never touches.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from svidok.db import repo
from svidok.db.analysis import replace_mentions
from svidok.services.custody_log import append_event


@dataclass(slots=True)
class ExtractSummary:
    documents: int = 0
    mentions: int = 0
    skipped: list[str] = field(default_factory=list)


def _items(conn: Connection, document_ids: Sequence[str], skipped: list[str]) -> Iterator[object]:
    from svidok.extract.pipeline import ExtractItem

    for doc_id in document_ids:
        doc = repo.get_document(conn, doc_id)
        text = repo.get_text(conn, doc_id)
        if doc is None or text is None:
            skipped.append(doc_id)
            continue
        yield ExtractItem(doc_id, text, doc.meta.published or text.published)


def extract_documents(conn: Connection, document_ids: Sequence[str], workers: int = 1) -> ExtractSummary:
    """Extract and store mentions for `document_ids`, in `conn`'s transaction."""
    from svidok.extract.pipeline import Extractor

    extractor = Extractor.load()
    summary = ExtractSummary()
    items = list(_items(conn, document_ids, summary.skipped))
    results = extractor.extract_many(items, n_process=max(1, workers))  # type: ignore[arg-type]
    for item, mentions in zip(items, results, strict=True):
        doc_id = item.document_id  # type: ignore[attr-defined]
        replace_mentions(conn, doc_id, mentions, extractor.version)
        summary.documents += 1
        summary.mentions += len(mentions)
        append_event(
            conn,
            "extract",
            doc_id,
            {
                "extractor": extractor.name,
                "version": extractor.version,
                "mentions": len(mentions),
                "types": sorted({m.type for m in mentions}),
            },
        )
    return summary
