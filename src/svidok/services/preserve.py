"""Preserve and record documents: the store half of `svidok add` and `svidok batch`.

Each group of documents is written in one transaction (rows, texts, custody events and, from
batch workers, mentions), after their objects are safely on disk, so an interrupted run leaves
at worst orphan objects and a re-run completes it.
"""

from __future__ import annotations

import json
import mimetypes
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from svidok import plugins
from svidok.db import custody as custody_db
from svidok.db import repo
from svidok.db.analysis import insert_mentions
from svidok.evidence.custody import document_digest, format_time, text_digest
from svidok.evidence.store import sha256_bytes
from svidok.model import (
    Document,
    DocumentLanguage,
    DocumentMeta,
    Mention,
    PublishedPrecision,
    ReadText,
    Unpacked,
)
from svidok.services.case import Case
from svidok.services.custody_log import append_event, append_events
from svidok.services.extraction import extract_event
from svidok.services.language import LanguageError, check_code, tag
from svidok.services.protection import note_mentions

SIDECAR = ".meta.json"
META_FIELDS = ("title", "outlet", "url", "published", "collector")


class IngestError(Exception):
    """One file that cannot be added; the message is the one-line reason."""


@dataclass(frozen=True)
class Overrides:
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | str | None = None  # a date, or "YYYY", "YYYY-MM", "YYYY-MM-DD"
    collector: str | None = None
    language: str | None = None  # ISO 639-1 code given by a person (`--lang`): no identification


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    processed: list[str] = field(default_factory=list)  # documents sent through extract + link
    notes: list[str] = field(default_factory=list)
    # stored, but extraction has no cues for their language: (file, language); never "no incidents"
    unsupported: list[tuple[str, str]] = field(default_factory=list)
    # originals that hold many documents: (file, what it is, parts added, [(skipped why, count)])
    unpacked: list[tuple[str, str, int, tuple[tuple[str, int], ...]]] = field(default_factory=list)
    # what linking made of the batch: incident ids created, and updated (new evidence, a changed
    # figure; reviewed incidents that gained evidence are among them)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class Item:
    path: Path
    data: bytes
    sha: str
    meta: DocumentMeta
    language: str | None = None  # given by a person (--lang or the sidecar's "language")
    # a part of a larger original (Telegram export): `sha` is the part's, these name the original
    original: str | None = None
    part: str | None = None
    media_type: str | None = None


@dataclass(frozen=True)
class Ready:
    """A read document waiting to be stored. `signature` is its near-duplicate signature when a
    worker has computed it (same plugin); `extracted` is (mentions, extractor, version) when a
    worker has extracted it too, so mentions and the extract event go in the same transaction."""

    item: Item
    read: ReadText
    signature: bytes | None = None
    extracted: tuple[Sequence[Mention], str, str] | None = None
    language: DocumentLanguage | None = None  # identified by the worker that read it
    status: str | None = None  # extraction status when `extracted` ("unsupported_language: uk")


@dataclass
class _Rows:
    """What one store_many transaction writes, gathered before the first statement."""

    docs: list[Document] = field(default_factory=list)
    reads: list[ReadText] = field(default_factory=list)
    paths: list[str | None] = field(default_factory=list)
    sigs: list[bytes | None] = field(default_factory=list)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)  # by extractor version
    events: list[tuple[str, str | None, dict[str, Any]]] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    near: list[tuple[str, str, float]] = field(default_factory=list)


def _sidecar(path: Path) -> dict[str, Any]:
    sidecar = path.with_name(path.name + SIDECAR)
    if not sidecar.is_file():
        return {}
    try:
        loaded = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise IngestError(f"sidecar {sidecar.name} is not valid JSON ({first})") from exc
    if not isinstance(loaded, dict):
        raise IngestError(f"sidecar {sidecar.name} must hold a JSON object")
    return loaded


def load_language(path: Path, overrides: Overrides) -> str | None:
    """The language a person gave for FILE: `--lang`, else the sidecar's "language", else None."""
    value = overrides.language or _sidecar(path).get("language") or None
    if value is None:
        return None
    try:
        return check_code(str(value))
    except LanguageError as exc:
        raise IngestError(str(exc)) from None


def load_meta(path: Path, overrides: Overrides) -> DocumentMeta:
    """Sidecar FILE.meta.json (if present) with command-line overrides on top."""
    loaded = _sidecar(path)
    values: dict[str, Any] = {k: loaded[k] for k in META_FIELDS if loaded.get(k) not in (None, "")}
    for name in META_FIELDS:
        value = getattr(overrides, name)
        if value is not None:
            values[name] = value
    published, precision = parse_published(values.get("published"))

    def text(name: str) -> str | None:
        return None if values.get(name) is None else str(values[name])

    return DocumentMeta(title=text("title"), outlet=text("outlet"), url=text("url"),
                        published=published, collector=text("collector"), published_precision=precision)


_PUBLISHED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][0-9:.+\-Z]*)?)?)?")


def parse_published(value: object) -> tuple[date | None, PublishedPrecision]:
    """A publication date given as YYYY, YYYY-MM or YYYY-MM-DD (a full timestamp is read as its
    day): the first day of that period and its precision. Raises IngestError naming the value."""
    if value is None or isinstance(value, date):
        return value, "day"
    m = _PUBLISHED.fullmatch(value.strip()) if isinstance(value, str) else None
    try:
        if m is None:
            raise ValueError
        year, month, day = m.group(1), m.group(2), m.group(3)
        found = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise IngestError(f"published date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD") from None
    return found, "day" if day else "month" if month else "year"


def _media_type(data: bytes, filename: str) -> str:
    try:
        sniff: Callable[[bytes, str], str] = plugins.get("sniff", "svidok")
        return sniff(data, filename)
    except plugins.PluginMissing:
        return mimetypes.guess_type(filename)[0] or "application/octet-stream"


class Preserver:
    """One run's store side: loads files, keeps the near-duplicate index of the case in memory,
    and writes groups of read documents. `pending` lists what still needs extraction and linking."""

    def __init__(self, case: Case, overrides: Overrides, max_bytes: int, report: IngestReport) -> None:
        self.case, self.overrides, self.max_bytes, self.report = case, overrides, max_bytes, report
        self.pending: list[str] = []  # stored documents still to go through extract + link
        self.index: Any = None
        self.signature: Callable[[str], bytes] = lambda text: b""
        try:
            name = str(case.setting("neardup"))
            index_cls = plugins.get("neardup", name)
            self.signature = plugins.get("neardup_signature", name)
            with case.connect() as conn:
                self.index = index_cls.from_signatures(repo.minhashes(conn))
        except plugins.PluginMissing as exc:
            report.notes.append(f"near-duplicate detection unavailable ({exc})")

    def load(self, paths: list[Path]) -> Iterator[Item | tuple[str, str]]:
        """Bytes, hash and metadata of each file; exact duplicates are settled here, before reading."""
        for path in paths:
            try:
                size = path.stat().st_size
                if size > self.max_bytes:
                    raise IngestError(
                        f"too large ({size / 1e6:.3g} MB > {self.max_bytes / 1e6:g} MB limit)")
                data = path.read_bytes()
                if not data:
                    raise IngestError("empty file")
                meta = load_meta(path, self.overrides)
                language = load_language(path, self.overrides)
            except IngestError as exc:
                yield (str(path), str(exc))
                continue
            except OSError as exc:
                yield (str(path), f"cannot read ({exc.strerror or exc})")
                continue
            sha = sha256_bytes(data)
            if self._duplicate(path, sha):
                continue
            yield Item(path, data, sha, meta, language)

    def _duplicate(self, path: Path, sha: str) -> bool:
        # A plain read first: almost every file is new, and a write lock per file would serialise
        # loading with every other writer. store_many checks again under the lock.
        with self.case.connect() as conn:
            status = repo.document_status(conn, sha)
        if status is None:
            return False
        with self.case.begin() as conn:
            append_event(conn, "duplicate_seen", sha, {"filename": path.name, "path": str(path)})
        self.report.duplicates.append(str(path))
        if status == "stored":  # an earlier run stopped before extraction finished
            self.pending.append(sha)
        return True

    def store_many(self, ready: Sequence[Ready]) -> None:
        """Preserve and record read documents, in order, in one transaction.

        Objects go to the store first: a crash after that leaves orphan objects, never a row
        without its bytes. A file whose object cannot be written fails alone; a database error
        raises with nothing of the group written."""
        kept: list[Ready] = []
        for entry in ready:
            try:
                if entry.item.original is None:  # a part's original was stored by `unpacked`
                    self.case.store.put(entry.item.data)
            except OSError as exc:
                self.report.failed.append((str(entry.item.path), f"cannot store ({exc.strerror or exc})"))
                continue
            kept.append(entry)
        if not kept:
            return
        indexed: list[str] = []
        try:
            with self.case.begin() as conn:
                custody_db.lock_chain(conn)  # serialises this check-then-insert with other writers
                known = set(repo.document_statuses(conn, [e.item.sha for e in kept]))
                rows = _Rows()
                for entry in kept:
                    if entry.item.sha in known:  # added by another process, or twice in this group
                        path = entry.item.path
                        rows.events.append(("duplicate_seen", entry.item.sha,
                                            {"filename": path.name, "path": str(path)}))
                        rows.duplicates.append(str(path))
                        continue
                    known.add(entry.item.sha)
                    self._record(entry, rows, indexed)
                repo.insert_documents(conn, rows.docs, rows.reads, original_paths=rows.paths,
                                      minhashes=rows.sigs, status="stored")
                for version, found in rows.mentions.items():
                    insert_mentions(conn, found, version)
                    note_mentions(conn, found)  # the protected-persons register learns the names
                append_events(conn, rows.events)
        except BaseException:
            for doc_id in indexed:  # nothing was written: forget them, or later copies match ghosts
                self.index.remove(doc_id)
            raise
        self.report.duplicates.extend(rows.duplicates)
        self.report.near_duplicates.extend(rows.near)
        self.report.added.extend(d.id for d in rows.docs)
        self.pending.extend(d.id for d in rows.docs)

    def _record(self, entry: Ready, rows: _Rows, indexed: list[str]) -> None:
        """Add one new document's rows and events to `rows` (and its signature to the index, so
        a copy later in the same group is found)."""
        item, read = entry.item, entry.read
        near: tuple[str, float] | None = None
        sig: bytes | None = None
        if self.index is not None:
            sig = entry.signature or self.signature(read.text)  # once, for the query and the index
            hits = [h for h in self.index.query_signature(sig) if h[0] != item.sha]
            near = hits[0] if hits else None
            self.index.add_signature(item.sha, sig)
            indexed.append(item.sha)
        meta = item.meta
        if meta.published is None and read.published is not None:  # the page's own date: a day
            meta = replace(meta, published=read.published, published_precision="day")
        meta = replace(meta, title=meta.title or read.title, collector=meta.collector or self.case.actor)
        name = item.path.name
        language = entry.language or tag(read, item.language)
        doc = Document(id=item.sha, filename=name, media_type=item.media_type or _media_type(item.data, name),
                       size=len(item.data), sha256=item.sha, meta=meta, collected_at=datetime.now(UTC),
                       near_duplicate_of=near[0] if near else None, similarity=near[1] if near else None,
                       language=language, extraction_status=entry.status if entry.extracted else None,
                       original_sha256=item.original, part=item.part)
        rows.docs.append(doc)
        rows.reads.append(read)
        rows.paths.append(str(item.path) + (f"#{item.part}" if item.part else ""))
        rows.sigs.append(sig)
        where = {"original_sha256": item.original, "part": item.part} if item.part else {}
        rows.events.append(("add", doc.id, {**where, "language": language.code,
                                            "language_method": language.method,
            # what verify checks the documents and texts rows against (services.verify_rows)
            "meta_sha256": document_digest(doc), "text_sha256": text_digest(read),
            "collector": meta.collector, "collected_at": format_time(doc.collected_at),
            "filename": doc.filename, "path": str(item.path), "size": doc.size,
            "media_type": doc.media_type, "reader": read.reader, "reader_version": read.reader_version,
            "title": meta.title, "outlet": meta.outlet, "url": meta.url,
            "published": meta.published_iso(),
        }))
        if near:
            rows.events.append(("near_duplicate", doc.id, {"of": near[0], "similarity": round(near[1], 4)}))
            rows.near.append((doc.id, near[0], near[1]))
        if entry.extracted is not None:
            mentions, extractor, version = entry.extracted
            for m in mentions:
                if m.id is None or m.document_id != doc.id:
                    raise ValueError(f"mention {m.id} does not belong to {doc.id}")
            rows.mentions.setdefault(version, []).extend(mentions)
            rows.events.append(extract_event(doc.id, mentions, extractor, version, entry.status))

    def unpacked(self, item: Item, found: Unpacked) -> list[Ready]:
        """The parts of a container original that the case does not hold yet, ready to store.

        The original is preserved first, with a `preserve` event (once: a re-run that finds some
        parts missing stores only those); a container whose every part is known is a duplicate."""
        ids = [p.sha256 for p in found.parts]
        with self.case.connect() as conn:
            known = repo.document_statuses(conn, ids)
            preserved = item.sha in custody_db.hashes_with_action(conn, "preserve", [item.sha])
        self.pending.extend(d for d, status in known.items() if status == "stored")
        new = [p for p in found.parts if p.sha256 not in known]
        if not new:
            with self.case.begin() as conn:
                append_event(conn, "duplicate_seen", item.sha,
                             {"filename": item.path.name, "path": str(item.path)})
            self.report.duplicates.append(str(item.path))
            return []
        if not preserved:
            try:
                self.case.store.put(item.data)
            except OSError as exc:
                self.report.failed.append((str(item.path), f"cannot store ({exc.strerror or exc})"))
                return []
            with self.case.begin() as conn:
                append_event(conn, "preserve", item.sha, {
                    "filename": item.path.name, "path": str(item.path), "size": len(item.data),
                    "media_type": found.media_type, "container": found.kind, "label": found.label,
                    "parts": len(found.parts), "skipped": dict(found.skipped),
                    "collector": item.meta.collector or self.case.actor})
        self.report.unpacked.append((str(item.path), found.label, len(new), found.skipped))
        return [Ready(replace(item, sha=p.sha256, meta=p.meta, original=item.sha, part=p.key,
                              media_type=found.media_type), p.read, language=p.language) for p in new]
