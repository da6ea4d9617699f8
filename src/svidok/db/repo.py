"""Repository functions for documents and their texts. Every function takes a Connection and
runs in the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from svidok.db.tables import custody_events, documents, incidents, mentions, texts
from svidok.model import Document, DocumentLanguage, DocumentMeta, ReadText


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _precision(doc: Document) -> str | None:
    """Stored only for a date that is not a whole day (NULL reads back as "day")."""
    precision = doc.meta.published_precision
    return precision if doc.meta.published and precision != "day" else None


def _language_columns(doc: Document) -> dict[str, Any]:
    lang = doc.language
    return {"language": lang.code if lang else None, "language_confidence": lang.confidence if lang else None,
            "language_method": lang.method if lang else None,
            "language_runs": json.dumps([list(r) for r in lang.runs]) if lang and lang.runs else None,
            "extraction_status": doc.extraction_status, "original_sha256": doc.original_sha256,
            "part": doc.part}


def insert_document(conn: Connection, doc: Document, original_path: str | None = None,
                    minhash: bytes | None = None, status: str = "stored") -> None:
    conn.execute(documents.insert().values(
        id=doc.id, sha256=doc.sha256, filename=doc.filename, original_path=original_path,
        media_type=doc.media_type, size=doc.size, title=doc.meta.title, outlet=doc.meta.outlet,
        url=doc.meta.url, published=doc.meta.published, collected_at=doc.collected_at,
        published_precision=_precision(doc),
        collector=doc.meta.collector, near_duplicate_of=doc.near_duplicate_of,
        similarity=doc.similarity, minhash=minhash, status=status, **_language_columns(doc),
    ))


def insert_documents(conn: Connection, docs: Sequence[Document], reads: Sequence[ReadText], *,
                     original_paths: Sequence[str | None] | None = None,
                     minhashes: Sequence[bytes | None] | None = None,
                     status: str = "processed") -> None:
    """Insert documents with their texts in two executemany calls (bulk loads)."""
    paths = original_paths if original_paths is not None else [None] * len(docs)
    sigs = minhashes if minhashes is not None else [None] * len(docs)
    doc_rows, text_rows = [], []
    for doc, read, path, sig in zip(docs, reads, paths, sigs, strict=True):
        doc_rows.append({
            "id": doc.id, "sha256": doc.sha256, "filename": doc.filename, "original_path": path,
            "media_type": doc.media_type, "size": doc.size, "title": doc.meta.title,
            "outlet": doc.meta.outlet, "url": doc.meta.url, "published": doc.meta.published,
            "collected_at": doc.collected_at, "collector": doc.meta.collector,
            "near_duplicate_of": doc.near_duplicate_of, "similarity": doc.similarity, "minhash": sig,
            "status": status, "published_precision": _precision(doc), **_language_columns(doc)})
        text_rows.append({
            "document_id": doc.id, "text": read.text, "reader": read.reader,
            "reader_version": read.reader_version, "encoding": read.encoding, "title": read.title,
            "published": read.published, "body_json": json.dumps([list(b) for b in read.body])})
    if doc_rows:
        conn.execute(documents.insert(), doc_rows)
        conn.execute(texts.insert(), text_rows)


def document_hashes(conn: Connection) -> list[tuple[str, str]]:
    """(id, sha256) of every document, by id."""
    return [(r[0], r[1]) for r in conn.execute(sa.select(documents.c.id, documents.c.sha256)
                                                .order_by(documents.c.id))]


def document_objects(conn: Connection) -> list[tuple[str, str, str | None, str | None]]:
    """(id, sha256, original_sha256, part) of every document, by id: where each one's bytes are."""
    q = sa.select(documents.c.id, documents.c.sha256, documents.c.original_sha256, documents.c.part)
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(q.order_by(documents.c.id))]


def set_extraction_status(conn: Connection, statuses: dict[str, str | None]) -> None:
    """Record each document's extraction status ("extracted", "unsupported_language: uk")."""
    for status in set(statuses.values()):
        ids = [d for d, s in statuses.items() if s == status]
        conn.execute(documents.update().where(documents.c.id.in_(ids)).values(extraction_status=status))


def counts(conn: Connection) -> dict[str, int]:
    """How many documents, mentions, incidents and custody events a case holds."""
    def count(table: sa.Table) -> int:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())

    return {"documents": count(documents), "mentions": count(mentions),
            "incidents": count(incidents), "events": count(custody_events)}


def _language(m: Any) -> DocumentLanguage | None:
    if m["language"] is None:
        return None
    runs = tuple((int(a), int(b), str(c)) for a, b, c in json.loads(m["language_runs"] or "[]"))
    return DocumentLanguage(m["language"], float(m["language_confidence"] or 0.0),
                            m["language_method"] or "model", runs)


def _document(row: Any) -> Document:
    m = row._mapping
    collected = utc(m["collected_at"])
    assert collected is not None
    return Document(
        id=m["id"], filename=m["filename"], media_type=m["media_type"], size=int(m["size"]),
        sha256=m["sha256"],
        meta=DocumentMeta(title=m["title"], outlet=m["outlet"], url=m["url"], published=m["published"],
                          collector=m["collector"], published_precision=m["published_precision"] or "day"),
        collected_at=collected, near_duplicate_of=m["near_duplicate_of"], similarity=m["similarity"],
        language=_language(m), extraction_status=m["extraction_status"],
        original_sha256=m["original_sha256"], part=m["part"],
    )


def get_document(conn: Connection, document_id: str) -> Document | None:
    row = conn.execute(sa.select(documents).where(documents.c.id == document_id)).first()
    return None if row is None else _document(row)


def document_by_sha(conn: Connection, sha256: str) -> Document | None:
    row = conn.execute(sa.select(documents).where(documents.c.sha256 == sha256)).first()
    return None if row is None else _document(row)


def list_documents(conn: Connection, ids: Iterable[str] | None = None) -> list[Document]:
    q = sa.select(documents).order_by(documents.c.collected_at, documents.c.id)
    if ids is not None:
        q = q.where(documents.c.id.in_(list(ids)))
    return [_document(r) for r in conn.execute(q)]


def original_paths(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """Where each document was added from (its file name when the path was not recorded)."""
    q = sa.select(documents.c.id, documents.c.original_path, documents.c.filename).where(
        documents.c.id.in_(list(ids)))
    return {r.id: r.original_path or r.filename for r in conn.execute(q)}


def document_ids(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute(sa.select(documents.c.id).order_by(documents.c.id))]


def document_status(conn: Connection, document_id: str) -> str | None:
    return conn.execute(sa.select(documents.c.status).where(documents.c.id == document_id)).scalar()


def document_statuses(conn: Connection, document_ids: Iterable[str]) -> dict[str, str]:
    """Status of each of `document_ids` that is stored (absent ids are left out)."""
    ids = list(dict.fromkeys(document_ids))
    q = sa.select(documents.c.id, documents.c.status).where(documents.c.id.in_(ids))
    return {str(r[0]): str(r[1]) for r in conn.execute(q)} if ids else {}


def set_document_status(conn: Connection, document_ids: Iterable[str], status: str,
                        error: str | None = None) -> None:
    ids = list(document_ids)
    if ids:
        conn.execute(documents.update().where(documents.c.id.in_(ids)).values(status=status, error=error))


def set_near_duplicate(conn: Connection, document_id: str, of: str | None, similarity: float | None,
                       minhash: bytes | None = None) -> None:
    values: dict[str, Any] = {"near_duplicate_of": of, "similarity": similarity}
    if minhash is not None:
        values["minhash"] = minhash
    conn.execute(documents.update().where(documents.c.id == document_id).values(**values))


def minhashes(conn: Connection) -> list[tuple[str, bytes]]:
    q = sa.select(documents.c.id, documents.c.minhash).where(documents.c.minhash.is_not(None))
    return [(r[0], bytes(r[1])) for r in conn.execute(q)]


def get_text(conn: Connection, document_id: str) -> ReadText | None:
    row = conn.execute(sa.select(texts).where(texts.c.document_id == document_id)).first()
    if row is None:
        return None
    m = row._mapping
    return ReadText(
        text=m["text"], reader=m["reader"], reader_version=m["reader_version"], title=m["title"],
        published=m["published"], encoding=m["encoding"],
        body=tuple((int(a), int(b)) for a, b in json.loads(m["body_json"] or "[]")),
    )


# PostgreSQL's full-text index covers the first 200,000 characters of each text: a tsvector holds
# at most 1 MB, which a text of unique words passes near 300,000 characters (and the index would
# then refuse the whole text). The same expression in the index (migration 0003) and the queries.
PG_TSVECTOR = "to_tsvector('simple', left(text, 200000))"


def fts5_query(words: list[str]) -> str:
    """Each word quoted as an FTS5 string, so user input is never parsed as query syntax."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search_texts(conn: Connection, query: str, limit: int = 50) -> list[str]:
    """Document ids whose text matches `query` (words, all required), best match first."""
    words = [w for w in query.split() if w]
    if not words:
        return []
    if conn.dialect.name == "sqlite":
        fts = fts5_query(words)
        rows = conn.exec_driver_sql(
            "SELECT document_id FROM texts_fts WHERE texts_fts MATCH ? ORDER BY rank LIMIT ?", (fts, limit)
        )
        return [r[0] for r in rows]
    q = sa.text(
        f"SELECT document_id FROM texts WHERE {PG_TSVECTOR} @@ plainto_tsquery('simple', :q) "
        f"ORDER BY ts_rank({PG_TSVECTOR}, plainto_tsquery('simple', :q)) DESC LIMIT :n"
    )
    return [r[0] for r in conn.execute(q, {"q": query, "n": limit})]
