"""`svidok add`: preserve files, read them, and hand them to extraction and linking.

Stages (reader, near-duplicate, extract, link) are looked up in svidok.plugins by name, built-ins
included. Each document is written in one transaction (row + text + custody events), after its
object is safely on disk, so an interrupted batch leaves at worst an orphan object and a re-run
completes it.
"""

from __future__ import annotations

import json
import mimetypes
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from svidok import plugins
from svidok.db import custody as custody_db
from svidok.db import repo
from svidok.evidence.store import sha256_bytes
from svidok.model import Document, DocumentMeta, ReadText
from svidok.services.case import Case
from svidok.services.custody_log import append_event

SIDECAR = ".meta.json"
META_FIELDS = ("title", "outlet", "url", "published", "collector")
Progress = Callable[[int, str], None]
EXTRACT_CHUNK = 25


class IngestError(Exception):
    """One file that cannot be added; the message is the one-line reason."""


@dataclass(frozen=True)
class Overrides:
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    collector: str | None = None


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    processed: list[str] = field(default_factory=list)  # documents sent through extract + link
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class _Item:
    path: Path
    data: bytes
    sha: str
    meta: DocumentMeta


def read_utf8(data: bytes, filename: str, media_type: str | None = None) -> ReadText:
    """Fallback reader for plain UTF-8 text, used only when svidok.read is not installed."""
    if not data.strip():
        raise IngestError("empty file")
    if b"\x00" in data:
        raise IngestError("binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return ReadText(text=text, reader="svidok.ingest.utf8", reader_version="1", encoding="utf-8",
                    body=((0, len(text)),))


def collect_files(paths: Sequence[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files named or found under folders (recursive, sorted); sidecars and hidden files skipped."""
    found: list[Path] = []
    errors: list[tuple[str, str]] = []
    for path in paths:
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                hidden = any(p.startswith(".") for p in sub.relative_to(path).parts)
                if sub.is_file() and not sub.name.endswith(SIDECAR) and not hidden:
                    found.append(sub)
        elif path.is_file():
            if path.name.endswith(SIDECAR):
                continue
            found.append(path)
        elif path.exists():
            errors.append((str(path), "not a regular file"))
        else:
            errors.append((str(path), "no such file or directory"))
    unique: dict[Path, Path] = {}  # the same file named twice (or via two folders) is read once
    for p in found:
        unique.setdefault(p.resolve(), p)
    return list(unique.values()), errors


def load_meta(path: Path, overrides: Overrides) -> DocumentMeta:
    """Sidecar FILE.meta.json (if present) with command-line overrides on top."""
    values: dict[str, Any] = {}
    sidecar = path.with_name(path.name + SIDECAR)
    if sidecar.is_file():
        try:
            loaded = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise IngestError(f"sidecar {sidecar.name} is not valid JSON ({first})") from exc
        if not isinstance(loaded, dict):
            raise IngestError(f"sidecar {sidecar.name} must hold a JSON object")
        values = {k: loaded[k] for k in META_FIELDS if loaded.get(k) not in (None, "")}
    for name in META_FIELDS:
        value = getattr(overrides, name)
        if value is not None:
            values[name] = value
    published = values.get("published")
    if isinstance(published, str):
        try:
            values["published"] = date.fromisoformat(published[:10])
        except ValueError:
            raise IngestError(f"published date {published!r} is not YYYY-MM-DD") from None
    elif published is not None and not isinstance(published, date):
        raise IngestError(f"published date {published!r} is not YYYY-MM-DD")
    def text(name: str) -> str | None:
        return None if values.get(name) is None else str(values[name])

    return DocumentMeta(title=text("title"), outlet=text("outlet"), url=text("url"),
                        published=values.get("published"), collector=text("collector"))


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or str(exc) or type(exc).__name__
    return " ".join(str(reason).split())


def _reader(name: str) -> Callable[..., ReadText]:
    try:
        fn: Callable[..., ReadText] = plugins.get("reader", name)
    except plugins.PluginMissing:
        fn = plugins.get("reader", "utf8")
    return fn


def _read_job(reader_name: str, data: bytes, filename: str) -> ReadText | str:
    """Run in a worker process: the ReadText, or the failure reason."""
    try:
        return _reader(reader_name)(data, filename)
    except Exception as exc:  # any reader failure is this file's failure, never the batch's
        return _reason(exc)


def _read_stream(items: Iterator[_Item | tuple[str, str]], reader_name: str,
                 workers: int) -> Iterator[tuple[_Item | tuple[str, str], ReadText | str | None]]:
    """Items with their read result, in input order; reading runs in `workers` processes."""
    if workers <= 1:
        for item in items:
            if isinstance(item, tuple):
                yield item, None
            else:
                yield item, _read_job(reader_name, item.data, item.path.name)
        return
    window: deque[tuple[_Item | tuple[str, str], Future[ReadText | str] | None]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for item in items:
            fut = None if isinstance(item, tuple) else pool.submit(
                _read_job, reader_name, item.data, item.path.name)
            window.append((item, fut))
            if len(window) >= 2 * workers:  # bounded: never hold the whole batch in memory
                head, f = window.popleft()
                yield head, None if f is None else f.result()
        while window:
            head, f = window.popleft()
            yield head, None if f is None else f.result()


def _media_type(data: bytes, filename: str) -> str:
    try:
        sniff: Callable[[bytes, str], str] = plugins.get("sniff", "svidok")
        return sniff(data, filename)
    except plugins.PluginMissing:
        return mimetypes.guess_type(filename)[0] or "application/octet-stream"


class _Ingest:
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

    def load(self, paths: list[Path]) -> Iterator[_Item | tuple[str, str]]:
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
            except IngestError as exc:
                yield (str(path), str(exc))
                continue
            except OSError as exc:
                yield (str(path), f"cannot read ({exc.strerror or exc})")
                continue
            sha = sha256_bytes(data)
            if self._duplicate(path, sha):
                continue
            yield _Item(path, data, sha, meta)

    def _duplicate(self, path: Path, sha: str) -> bool:
        with self.case.begin() as conn:
            custody_db.lock_chain(conn)
            status = repo.document_status(conn, sha)
            if status is None:
                return False
            append_event(conn, "duplicate_seen", sha, {"filename": path.name, "path": str(path)})
        self.report.duplicates.append(str(path))
        if status == "stored":  # an earlier run stopped before extraction finished
            self.pending.append(sha)
        return True

    def store(self, item: _Item, read: ReadText, signature: bytes | None = None,
              then: Callable[[Connection, str], None] | None = None) -> None:
        """Preserve and record one read document; `signature` is its near-duplicate signature when
        a worker has already computed it (same plugin), else it is computed here. `then(conn,
        document_id)` runs in the same transaction after a new document's rows are written."""
        case = self.case
        near: tuple[str, float] | None = None
        sig: bytes | None = None
        if self.index is not None:
            sig = signature or self.signature(read.text)  # computed once, for the query and the index
            hits = [h for h in self.index.query_signature(sig) if h[0] != item.sha]
            near = hits[0] if hits else None
        meta = item.meta
        meta = replace(meta, title=meta.title or read.title, published=meta.published or read.published,
                       collector=meta.collector or case.actor)
        name = item.path.name
        doc = Document(id=item.sha, filename=name, media_type=_media_type(item.data, name),
                       size=len(item.data), sha256=item.sha, meta=meta, collected_at=datetime.now(UTC),
                       near_duplicate_of=near[0] if near else None, similarity=near[1] if near else None)
        # Object first: a crash after this leaves an orphan object, never a row without its bytes.
        case.store.put(item.data)
        with case.begin() as conn:
            custody_db.lock_chain(conn)  # serialises this check-then-insert with other writers
            if repo.document_status(conn, item.sha) is not None:  # another process added it meanwhile
                append_event(conn, "duplicate_seen", item.sha, {"filename": name, "path": str(item.path)})
                self.report.duplicates.append(str(item.path))
                return
            repo.insert_document(conn, doc, original_path=str(item.path), minhash=sig)
            repo.save_text(conn, doc.id, read)
            append_event(conn, "add", doc.id, {
                "filename": doc.filename, "path": str(item.path), "size": doc.size,
                "media_type": doc.media_type, "reader": read.reader, "reader_version": read.reader_version,
                "title": meta.title, "outlet": meta.outlet, "url": meta.url,
                "published": meta.published.isoformat() if meta.published else None,
            })
            if near:
                append_event(conn, "near_duplicate", doc.id, {"of": near[0], "similarity": round(near[1], 4)})
            if then is not None:
                then(conn, doc.id)
        if sig is not None:
            self.index.add_signature(doc.id, sig)
        if near:
            self.report.near_duplicates.append((doc.id, near[0], near[1]))
        self.report.added.append(doc.id)
        self.pending.append(doc.id)


def _run_stage(case: Case, kind: str, ids: list[str], report: IngestReport, chunk: int) -> bool:
    """Run one stage over `ids` in transactions of `chunk` documents (short write locks)."""
    try:
        fn: Callable[..., Any] = plugins.get(kind, str(case.setting(kind)))
    except plugins.PluginMissing as exc:
        report.notes.append(f"{kind} stage unavailable ({exc}); documents are stored and read only")
        return False
    try:
        for start in range(0, len(ids), chunk):
            with case.begin() as conn:
                fn(conn, ids[start:start + chunk])
    except Exception as exc:  # the documents stay stored; a re-run of `add` retries this stage
        report.failed.append((f"{kind} stage", _reason(exc)))
        return False
    return True


def _extract(case: Case, ids: list[str], report: IngestReport, workers: int,
             progress: Progress | None) -> bool:
    """The extract stage: streamed through the extractor's batch hook when it has one."""
    name = str(case.setting("extract"))
    try:
        batch: Callable[..., Any] = plugins.get("extract_batch", name)
    except plugins.PluginError:
        return _run_stage(case, "extract", ids, report, EXTRACT_CHUNK)
    try:
        batch(case, ids, workers=workers, chunk=EXTRACT_CHUNK, progress=progress)
    except Exception as exc:  # the documents stay stored; a re-run of `add` retries this stage
        report.failed.append(("extract stage", _reason(exc)))
        return False
    return True


def ingest_paths(case: Case, paths: Sequence[Path], overrides: Overrides | None = None, *,
                 extract: bool = True, max_size_mb: float | None = None, workers: int = 1,
                 progress: Progress | None = None, on_total: Callable[[int], None] | None = None,
                 extract_progress: Progress | None = None) -> IngestReport:
    """Add files and folders to the case. Never raises for a bad file: see report.failed."""
    report = IngestReport()
    files, errors = collect_files([Path(p) for p in paths])
    report.failed.extend(errors)
    if on_total is not None:
        on_total(len(files))
    limit = float(max_size_mb if max_size_mb is not None else case.setting("max_size_mb"))
    job = _Ingest(case, overrides or Overrides(), int(limit * 1_000_000), report)
    reader_name = str(case.setting("reader"))
    for item, result in _read_stream(job.load(files), reader_name, workers):
        label = item[0] if isinstance(item, tuple) else str(item.path)
        if isinstance(item, tuple):
            report.failed.append(item)
        elif isinstance(result, str) or result is None:
            report.failed.append((label, result or "unreadable"))
        else:
            try:
                job.store(item, result)
            except OSError as exc:
                report.failed.append((label, f"cannot store ({exc.strerror or exc})"))
        if progress is not None:
            progress(1, Path(label).name)
    pending = list(dict.fromkeys(job.pending))
    # Extraction is slow, so it commits every EXTRACT_CHUNK documents; linking sees the whole batch.
    if extract and pending and _extract(case, pending, report, workers, extract_progress):
        if _run_stage(case, "link", pending, report, len(pending)):
            with case.begin() as conn:
                repo.set_document_status(conn, pending, "processed")
            report.processed = pending
    return report
