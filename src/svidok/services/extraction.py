"""Use case: extract mentions from stored documents (the `extract` stage of `svidok add`).

Re-running on a new extractor version replaces the machine's mentions of a document;
human reviews live on incidents and review rows, which this never touches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from svidok.db import custody as custody_db
from svidok.db import repo
from svidok.db.analysis import replace_mentions
from svidok.services.custody_log import append_events
from svidok.services.protection import note_mentions

if TYPE_CHECKING:
    from svidok.extract.pipeline import ExtractItem
    from svidok.model import Mention
    from svidok.services.case import Case


@dataclass(slots=True)
class ExtractSummary:
    documents: int = 0
    mentions: int = 0
    skipped: list[str] = field(default_factory=list)


def _items(conn: Connection, document_ids: Sequence[str], skipped: list[str]) -> Iterator[ExtractItem]:
    from svidok.extract.pipeline import ExtractItem

    for doc_id in document_ids:
        doc = repo.get_document(conn, doc_id)
        text = repo.get_text(conn, doc_id)
        if doc is None or text is None:
            skipped.append(doc_id)
            continue
        yield ExtractItem(doc_id, text, doc.meta.published or text.published)


def extract_event(doc_id: str, mentions: Sequence[Mention], name: str, version: str
                  ) -> tuple[str, str, dict[str, Any]]:
    """The custody event that records one document's extraction (the same from `add` and `batch`)."""
    return ("extract", doc_id, {"extractor": name, "version": version, "mentions": len(mentions),
                                "types": sorted({m.type for m in mentions})})


def _store(conn: Connection, done: Sequence[tuple[str, list[Mention]]], name: str, version: str,
           summary: ExtractSummary) -> None:
    for doc_id, mentions in done:
        replace_mentions(conn, doc_id, mentions, version)
        note_mentions(conn, mentions)  # the protected-persons register learns the names found
        summary.documents += 1
        summary.mentions += len(mentions)
    append_events(conn, [extract_event(doc_id, mentions, name, version) for doc_id, mentions in done])


def extract_documents(conn: Connection, document_ids: Sequence[str], workers: int = 1) -> ExtractSummary:
    """Extract and store mentions for `document_ids`, in `conn`'s transaction."""
    from svidok.extract.pipeline import Extractor

    extractor = Extractor.load()
    summary = ExtractSummary()
    items = list(_items(conn, document_ids, summary.skipped))
    custody_db.lock_chain(conn)
    found = extractor.extract_many(items, n_process=max(1, workers))
    done = [(item.document_id, mentions) for item, mentions in zip(items, found, strict=True)]
    _store(conn, done, extractor.name, extractor.version, summary)
    return summary


def extract_in_case(case: Case, document_ids: Sequence[str], *, workers: int = 1, chunk: int = 25,
                    progress: Callable[[int, str], None] | None = None) -> ExtractSummary:
    """Extract a whole batch through one stream (`workers` processes), committing every `chunk`
    documents so that write locks stay short and an interrupted run keeps what it finished."""
    from svidok.extract.pipeline import Extractor

    extractor = Extractor.load()
    summary = ExtractSummary()
    with case.connect() as conn:
        items = list(_items(conn, document_ids, summary.skipped))
    done: list[tuple[str, list[Mention]]] = []

    def flush() -> None:
        with case.begin() as conn:
            # serialised with every other writer (another `add` may extract the same document)
            custody_db.lock_chain(conn)
            _store(conn, done, extractor.name, extractor.version, summary)
        done.clear()

    for item, mentions in zip(items, extractor.extract_many(items, n_process=max(1, workers)), strict=True):
        done.append((item.document_id, mentions))
        if progress is not None:
            progress(1, item.document_id[:12])
        if len(done) >= chunk:
            flush()
    if done:
        flush()
    return summary
