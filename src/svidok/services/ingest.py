"""`svidok add`: preserve files, read them, and hand them to extraction and linking.

Stages (reader, near-duplicate, extract, link) are looked up in svidok.plugins by name, built-ins
included. Reading streams through worker processes; stored documents go to services.preserve in
groups of STORE_CHUNK, each group one transaction.
"""

from __future__ import annotations

import errno
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from svidok import plugins
from svidok.db import custody as custody_db
from svidok.db import repo
from svidok.db.analysis import unlinked_documents
from svidok.model import ReadText, Unpacked
from svidok.services.case import Case
from svidok.services.linking import LINK_CHUNK
from svidok.services.preserve import (
    SIDECAR,
    IngestError,
    IngestReport,
    Item,
    Overrides,
    Preserver,
    Ready,
)
from svidok.services.reading import Read, export_media, read_original

__all__ = ["EXTRACT_CHUNK", "IngestError", "IngestReport", "Overrides", "collect_files", "ingest_paths",
           "link_and_finish", "read_utf8", "run_stage", "set_aside_media", "split_extracted"]

Progress = Callable[[int, str], None]
EXTRACT_CHUNK = 25
STORE_CHUNK = 16  # documents per store transaction: fewer commits and lock round trips


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


OUTSIDE = "symbolic link leads outside the folder (use --follow-symlinks)"
DANGLING = "dangling symbolic link"


def _link_problem(path: Path) -> str | None:
    """Why the symbolic link `path` leads nowhere usable, or None when its target exists."""
    try:
        path.stat()
    except OSError as exc:
        return "symbolic link loop" if exc.errno == errno.ELOOP else DANGLING
    return None


def _inside(target: Path, root: Path) -> bool:
    return target == root or root in target.parents


def _walk(root: Path, follow: bool, found: list[Path], errors: list[tuple[str, str]]) -> None:
    """Files under the folder `root`: hidden names and sidecars skipped; a symbolic link is taken
    only when it stays inside `root` (or `follow`); a folder reached twice is read once, so
    links that loop end."""
    real_root = root.resolve()
    seen: set[Path] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = folder.resolve()
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(folder.iterdir())
        except OSError as exc:
            errors.append((str(folder), f"cannot list the folder ({exc.strerror or exc})"))
            continue
        for sub in reversed(entries):  # the stack pops them back in name order
            if sub.name.startswith("."):
                continue
            if sub.is_symlink():
                problem = _link_problem(sub)
                if problem is not None:
                    errors.append((str(sub), problem))
                    continue
                if not follow and not _inside(sub.resolve(), real_root):
                    errors.append((str(sub), OUTSIDE))
                    continue
            if sub.is_dir():
                stack.append(sub)
            elif sub.is_file() and not sub.name.endswith(SIDECAR):
                found.append(sub)


def collect_files(paths: Sequence[Path], *, follow_symlinks: bool = False
                  ) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files named or found under folders (recursive, sorted); sidecars and hidden files skipped.

    Inside a folder, symbolic links that lead out of it are refused (reported, never read) unless
    `follow_symlinks`; dangling links are reported by name. A link named on the command line is
    what the user asked for, so it is read when it leads to a regular file."""
    found: list[Path] = []
    errors: list[tuple[str, str]] = []
    for path in paths:
        if path.is_symlink():
            problem = _link_problem(path)
            if problem is not None:
                errors.append((str(path), problem))
                continue
            if path.is_dir() and not follow_symlinks:
                errors.append((str(path), "symbolic link to a folder (name the folder itself, "
                                          "or use --follow-symlinks)"))
                continue
        if path.is_dir():
            start = len(found)
            _walk(path, follow_symlinks, found, errors)
            found[start:] = sorted(found[start:])
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


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or str(exc) or type(exc).__name__
    return " ".join(str(reason).split())


Result = Read | Unpacked | str


def _read_job(reader_name: str, item: Item) -> Result:
    """Run in a worker process: the text and its language, a container's parts, or the failure reason."""
    try:
        return read_original(reader_name, item.data, item.path.name, item.meta, item.language)
    except Exception as exc:  # any reader failure is this file's failure, never the batch's
        return _reason(exc)


def _read_stream(items: Iterator[Item | tuple[str, str]], reader_name: str,
                 workers: int) -> Iterator[tuple[Item | tuple[str, str], Result | None]]:
    """Items with their read result, in input order; reading runs in `workers` processes."""
    if workers <= 1:
        for item in items:
            if isinstance(item, tuple):
                yield item, None
            else:
                yield item, _read_job(reader_name, item)
        return
    window: deque[tuple[Item | tuple[str, str], Future[Result] | None]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for item in items:
            fut = None if isinstance(item, tuple) else pool.submit(_read_job, reader_name, item)
            window.append((item, fut))
            if len(window) >= 2 * workers:  # bounded: never hold the whole batch in memory
                head, f = window.popleft()
                yield head, None if f is None else f.result()
        while window:
            head, f = window.popleft()
            yield head, None if f is None else f.result()


def set_aside_media(files: list[Path], report: IngestReport) -> list[Path]:
    """The files to read, without the photos and videos of Telegram export folders (noted)."""
    kept, left = export_media(files)
    for folder, n in left.items():
        report.notes.append(f"{folder}: {n} media file{'' if n == 1 else 's'} of a Telegram export not read "
                            "(only the messages' text is; the export folder stays as it is)")
    return kept


def run_stage(case: Case, kind: str, ids: list[str], report: IngestReport, chunk: int) -> bool:
    """Run one stage over `ids` in transactions of `chunk` documents (short write locks)."""
    try:
        fn: Callable[..., Any] = plugins.get(kind, str(case.setting(kind)))
    except plugins.PluginMissing as exc:
        report.notes.append(f"{kind} stage unavailable ({exc}); documents are stored and read only")
        return False
    try:
        for start in range(0, len(ids), chunk):
            with case.begin() as conn:
                _note_links(report, fn(conn, ids[start:start + chunk]))
    except Exception as exc:  # the documents stay stored; a re-run of `add` retries this stage
        report.failed.append((f"{kind} stage", _reason(exc)))
        return False
    return True


def _note_links(report: IngestReport, summary: Any) -> None:
    """Record the incidents a link stage created and updated (a plug-in may return nothing)."""
    created = list(getattr(summary, "created", None) or [])
    updated = [*(getattr(summary, "updated", None) or []), *(getattr(summary, "attached", None) or [])]
    report.created += [i for i in created if i not in report.created]
    report.updated += [i for i in updated if i not in report.updated and i not in report.created]


def _extract(case: Case, ids: list[str], report: IngestReport, workers: int,
             progress: Progress | None) -> bool:
    """The extract stage: streamed through the extractor's batch hook when it has one.

    Documents whose extraction failed are reported by file name and taken out of `ids` (the
    batch's pending list), so the rest is linked; they stay stored for a re-run to retry."""
    name = str(case.setting("extract"))
    try:
        batch: Callable[..., Any] = plugins.get("extract_batch", name)
    except plugins.PluginError:
        return run_stage(case, "extract", ids, report, EXTRACT_CHUNK)
    try:
        summary = batch(case, ids, workers=workers, chunk=EXTRACT_CHUNK, progress=progress)
    except Exception as exc:  # the documents stay stored; a re-run of `add` retries this stage
        report.failed.append(("extract stage", _reason(exc)))
        return False
    failed = dict(getattr(summary, "failed", None) or [])
    unsupported = list(getattr(summary, "unsupported", None) or [])
    if failed or unsupported:
        with case.connect() as conn:
            paths = repo.original_paths(conn, [*failed, *(d for d, _ in unsupported)])
        for doc_id, reason in failed.items():
            report.failed.append((paths.get(doc_id) or doc_id, f"extraction failed: {reason}"))
        report.unsupported.extend((paths.get(doc_id) or doc_id, lang) for doc_id, lang in unsupported)
        ids[:] = [d for d in ids if d not in failed]
    return bool(ids)


def ingest_paths(case: Case, paths: Sequence[Path], overrides: Overrides | None = None, *,
                 extract: bool = True, max_size_mb: float | None = None, workers: int = 1,
                 progress: Progress | None = None, on_total: Callable[[int], None] | None = None,
                 extract_progress: Progress | None = None, follow_symlinks: bool = False) -> IngestReport:
    """Add files and folders to the case. Never raises for a bad file: see report.failed.
    Symbolic links out of a named folder are refused unless `follow_symlinks` (collect_files)."""
    report = IngestReport()
    files, errors = collect_files([Path(p) for p in paths], follow_symlinks=follow_symlinks)
    report.failed.extend(errors)
    files = set_aside_media(files, report)
    if on_total is not None:
        on_total(len(files))
    limit = float(max_size_mb if max_size_mb is not None else case.setting("max_size_mb"))
    job = Preserver(case, overrides or Overrides(), int(limit * 1_000_000), report)
    reader_name = str(case.setting("reader"))
    # (file label, or None for the second and later parts of one container; what to store)
    group: list[tuple[str | None, Ready | None]] = []

    def flush() -> None:
        try:
            job.store_many([entry for _, entry in group if entry is not None])
        finally:
            if progress is not None:
                for label, _ in group:
                    if label is not None:
                        progress(1, Path(label).name)
            group.clear()

    for item, result in _read_stream(job.load(files), reader_name, workers):
        label = item[0] if isinstance(item, tuple) else str(item.path)
        entries: list[Ready | None] = [None]
        if isinstance(item, tuple):
            report.failed.append(item)
        elif isinstance(result, Unpacked):
            entries = list(job.unpacked(item, result)) or [None]
        elif isinstance(result, tuple):
            entries = [Ready(item, result[0], language=result[1])]
        else:
            report.failed.append((label, result or "unreadable"))
        for i, entry in enumerate(entries):
            group.append((label if i == 0 else None, entry))
            if len(group) >= STORE_CHUNK:
                flush()
    flush()
    pending = list(dict.fromkeys(job.pending))
    # Extraction is slow, so it commits every EXTRACT_CHUNK documents; linking, being order-free,
    # commits every LINK_CHUNK.
    if extract and pending and _extract(case, pending, report, workers, extract_progress):
        link_and_finish(case, pending, report)
    elif extract and not pending:
        _heal(case, report)
    return report


def _heal(case: Case, report: IngestReport) -> None:
    """A run with nothing new still links mentions that an earlier or concurrent run left unlinked
    (before, a re-run reported "duplicates" and repaired nothing)."""
    with case.connect() as conn:
        stale = unlinked_documents(conn)
    if stale:
        run_stage(case, "link", stale, report, LINK_CHUNK)


def split_extracted(case: Case, ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """Stored documents from earlier runs: (already extracted, still to extract)."""
    with case.connect() as conn:
        done = custody_db.hashes_with_action(conn, "extract")
    return [d for d in ids if d in done], [d for d in ids if d not in done]


def link_and_finish(case: Case, pending: list[str], report: IngestReport) -> None:
    """Link the batch's documents (LINK_CHUNK per transaction) and mark them processed (a failed
    link leaves them stored and extracted, for a re-run to finish)."""
    if pending and run_stage(case, "link", pending, report, LINK_CHUNK):
        with case.begin() as conn:
            repo.set_document_status(conn, pending, "processed")
        report.processed = pending
