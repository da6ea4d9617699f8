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
from svidok.model import UNSUPPORTED_LANGUAGE
from svidok.services.custody_log import append_events
from svidok.services.protection import note_mentions

if TYPE_CHECKING:
    from svidok.extract.pipeline import ExtractItem, Extractor
    from svidok.model import Mention
    from svidok.services.case import Case


EXTRACTED = "extracted"


@dataclass(slots=True)
class ExtractSummary:
    documents: int = 0
    mentions: int = 0
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document id, one-line reason)
    # (document id, language): stored and flagged "unsupported_language: <code>", never "no incidents"
    unsupported: list[tuple[str, str]] = field(default_factory=list)


def unsupported_status(language: str) -> str:
    return f"{UNSUPPORTED_LANGUAGE}: {language}"


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


Found = list["Mention"] | str | tuple[str]  # mentions, a failure's reason, or (unsupported language,)


def guarded(extractor: Extractor, items: Sequence[ExtractItem], workers: int = 1
            ) -> Iterator[tuple[ExtractItem, Found]]:
    """Each item with its mentions, with the reason its extraction failed, or with (language,)
    when the extractor has no cues for its language (checked before the stream: those documents
    are flagged, the others go on).

    The batch goes through one stream; a document that breaks it (spaCy ends the stream on the
    first error) is found by extracting the rest one at a time, so it fails alone."""
    from svidok.extract.pipeline import UnsupportedLanguage

    readable: list[ExtractItem] = []
    for item in items:
        try:
            extractor.check(item)
        except UnsupportedLanguage as exc:
            yield item, (exc.language,)
            continue
        readable.append(item)
    yield from _stream(extractor, readable, workers)


def _stream(extractor: Extractor, items: Sequence[ExtractItem], workers: int
            ) -> Iterator[tuple[ExtractItem, list[Mention] | str]]:
    done = 0
    try:
        for mentions in extractor.extract_many(items, n_process=max(1, workers)):
            yield items[done], mentions
            done += 1
        return
    except Exception:  # the failing document is found and named below
        pass
    for item in items[done:]:
        try:
            found: list[Mention] | str = extractor.extract(item.document_id, item.read, item.published,
                                                           item.language)
        except Exception as exc:  # one document's failure, never the batch's
            found = _reason(exc)
        yield item, found


def _items(conn: Connection, document_ids: Sequence[str], skipped: list[str]) -> Iterator[ExtractItem]:
    from svidok.extract.pipeline import ExtractItem

    for doc_id in document_ids:
        doc = repo.get_document(conn, doc_id)
        text = repo.get_text(conn, doc_id)
        if doc is None or text is None:
            skipped.append(doc_id)
            continue
        # a month or a year is no anchor for "yesterday": only an exact day is passed on
        yield ExtractItem(doc_id, text, doc.meta.published_anchor() or text.published,
                          doc.language.code if doc.language else None)


def extract_event(doc_id: str, mentions: Sequence[Mention], name: str, version: str,
                  status: str | None = None) -> tuple[str, str, dict[str, Any]]:
    """The custody event that records one document's extraction (the same from `add` and `batch`);
    `status` when it was not read ("unsupported_language: uk")."""
    details: dict[str, Any] = {"extractor": name, "version": version, "mentions": len(mentions),
                               "types": sorted({m.type for m in mentions})}
    if status and status != EXTRACTED:
        details["status"] = status
    return ("extract", doc_id, details)


Done = tuple[str, list["Mention"], str]  # (document id, mentions, extraction status)


def _done(item: ExtractItem, found: Found, summary: ExtractSummary) -> Done | None:
    """What to store for one extracted item (None: it failed, and stays for a re-run)."""
    if isinstance(found, str):
        summary.failed.append((item.document_id, found))
        return None
    if isinstance(found, tuple):
        summary.unsupported.append((item.document_id, found[0]))
        return item.document_id, [], unsupported_status(found[0])
    return item.document_id, found, EXTRACTED


def _store(conn: Connection, done: Sequence[Done], name: str, version: str, summary: ExtractSummary) -> None:
    for doc_id, mentions, _ in done:
        # an unsupported language clears what an earlier run (another language) found
        replace_mentions(conn, doc_id, mentions, version)
        note_mentions(conn, mentions)  # the protected-persons register learns the names found
        summary.documents += 1
        summary.mentions += len(mentions)
    repo.set_extraction_status(conn, {doc_id: status for doc_id, _, status in done})
    append_events(conn, [extract_event(doc_id, mentions, name, version, status)
                         for doc_id, mentions, status in done])


def extract_documents(conn: Connection, document_ids: Sequence[str], workers: int = 1) -> ExtractSummary:
    """Extract and store mentions for `document_ids`, in `conn`'s transaction."""
    from svidok.extract.pipeline import Extractor

    extractor = Extractor.load()
    summary = ExtractSummary()
    items = list(_items(conn, document_ids, summary.skipped))
    custody_db.lock_chain(conn)
    done: list[Done] = []
    for item, found in guarded(extractor, items, workers):
        one = _done(item, found, summary)
        if one is not None:
            done.append(one)
    _store(conn, done, extractor.name, extractor.version, summary)
    return summary


def extract_in_case(case: Case, document_ids: Sequence[str], *, workers: int = 1, chunk: int = 25,
                    progress: Callable[[int, str], None] | None = None) -> ExtractSummary:
    """Extract a whole batch through one stream (`workers` processes), committing every `chunk`
    documents so that write locks stay short and an interrupted run keeps what it finished.
    A document whose extraction fails is listed in `failed` and the others go on."""
    from svidok.extract.pipeline import Extractor

    extractor = Extractor.load()
    summary = ExtractSummary()
    with case.connect() as conn:
        items = list(_items(conn, document_ids, summary.skipped))
    done: list[Done] = []

    def flush() -> None:
        with case.begin() as conn:
            # serialised with every other writer (another `add` may extract the same document)
            custody_db.lock_chain(conn)
            _store(conn, done, extractor.name, extractor.version, summary)
        done.clear()

    for item, found in guarded(extractor, items, workers):
        one = _done(item, found, summary)  # a failure stays stored, unextracted: a re-run retries it
        if one is not None:
            done.append(one)
        if progress is not None:
            progress(1, item.document_id[:12])
        if len(done) >= chunk:
            flush()
    if done:
        flush()
    return summary
