"""Use cases that read documents: one document with everything Svidok made of it, and the texts
and mentions behind an incident's evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from svidok.db import analysis, custody, repo
from svidok.model import CustodyEvent, Document, Incident, Mention, ReadText


@dataclass(frozen=True)
class DocumentView:
    """A stored document, its clean text, its mentions, its custody events and the incidents
    it is a source of."""

    document: Document
    read: ReadText | None
    mentions: list[Mention]
    events: list[CustodyEvent]
    incidents: list[Incident]


def get(conn: Connection, document_id: str) -> Document | None:
    return repo.get_document(conn, document_id)


def ids(conn: Connection) -> list[str]:
    """Every document id, in id order."""
    return repo.document_ids(conn)


def original_paths(conn: Connection, document_ids: Iterable[str]) -> dict[str, str]:
    """Where each document was added from, to name it in messages."""
    return repo.original_paths(conn, document_ids) if document_ids else {}


def many(conn: Connection, document_ids: Iterable[str]) -> dict[str, Document]:
    """The stored documents among `document_ids`, by id."""
    return {d.id: d for d in repo.list_documents(conn, list(document_ids))}


def listing(conn: Connection, language: str | None = None, unsupported: bool = False) -> list[Document]:
    """Every document in collection order; only those in `language`, or only those whose language
    extraction does not support, when asked."""
    docs = repo.list_documents(conn)
    if language is not None:
        docs = [d for d in docs if d.language is not None and d.language.code == language]
    if unsupported:
        docs = [d for d in docs if d.unsupported_language is not None]
    return docs


def text(conn: Connection, document_id: str) -> ReadText | None:
    return repo.get_text(conn, document_id)


def mentions(conn: Connection, document_ids: Iterable[str]) -> list[Mention]:
    """The machine's mentions of these documents, by document then id."""
    return analysis.load_mentions(conn, list(document_ids))


def events(conn: Connection, doc: Document) -> list[CustodyEvent]:
    """The custody events of a document: its own, and for a part of a larger original, that
    original's `preserve` event and the downloads of it made from this document."""
    found = custody.load_events(conn, object_hash=doc.sha256)
    if doc.original_sha256 is not None:
        found += [e for e in custody.load_events(conn, object_hash=doc.original_sha256)
                  if e.action == "preserve" or e.details.get("document_id") == doc.id]
    return sorted(found, key=lambda e: e.seq)


def view(conn: Connection, document_id: str) -> DocumentView | None:
    doc = repo.get_document(conn, document_id)
    if doc is None:
        return None
    return DocumentView(doc, repo.get_text(conn, document_id), analysis.load_mentions(conn, [document_id]),
                        events(conn, doc), analysis.load_incidents(conn, document_id=document_id))
