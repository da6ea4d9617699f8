"""`svidok batch`: read and extract a large corpus on a Dask cluster, store it like `svidok add`.

Split of work: workers turn bytes into text, mentions and near-duplicate signatures (the slow
part); this client process hashes and preserves every original, writes rows and appends custody
events, so the signing key and the custody chain never leave it. Each chunk's results are stored
in one transaction, in input order, so near-duplicate detection and the custody log read the same
as after `svidok add`; linking runs once at the end. The client is the run's serial part, and on
a small machine it shares the cores with the workers, so it does as little per document as it can.

Resuming: a document that is already stored and has its `extract` event is not sent again; it
only joins the final linking. A document stored without extraction is extracted here.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import dask
from distributed import Client, Future, LocalCluster

from svidok.batch.work import Done, DoneParts, Failed, Job, PreloadExtractor, process_chunk
from svidok.model import UNSUPPORTED_LANGUAGE
from svidok.services.case import Case
from svidok.services.ingest import (
    EXTRACT_CHUNK,
    collect_files,
    link_and_finish,
    run_stage,
    set_aside_media,
    split_extracted,
)
from svidok.services.preserve import IngestReport, Item, Overrides, Preserver, Ready

Progress = Callable[[int, str], None]


class BatchError(Exception):
    """The batch cannot start (no cluster, unsupported case settings); message is one line."""


@dataclass
class BatchReport(IngestReport):
    submitted: int = 0  # documents sent to workers in this run
    resumed: list[str] = field(default_factory=list)  # stored by an earlier run, only linked now
    stopped: bool = False  # --limit reached: linking skipped, run again to finish
    workers: int = 0


def open_client(scheduler: str | None, local: int | None, stack: ExitStack) -> Client:
    """A client on the given scheduler, or on a local cluster of `local` single-thread workers."""
    if scheduler:
        try:
            client: Client = stack.enter_context(Client(scheduler, timeout="10s"))  # type: ignore[no-untyped-call]
            return client
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"scheduler {scheduler}: cannot connect ({exc})") from exc
    n = local if local is not None else (os.cpu_count() or 1)
    if n < 1:
        raise BatchError(f"--local {n}: need at least one worker")
    # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536 so they hand freed memory back
    # at once; spaCy allocates and frees many small arrays per document, and with that setting a
    # worker spent about 15% of its time in page faults (measured: sys time 0.3 s -> 2.8 s per
    # 150 reports). Unset, glibc's own adaptive threshold applies.
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        cluster = stack.enter_context(LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=40))
    local_client: Client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
    return local_client


def _worker_count(client: Client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def _chunks(items: Iterator[Item | tuple[str, str]], size: int, total: int, workers: int,
            limit: int | None, report: BatchReport) -> Iterator[list[Item | tuple[str, str]]]:
    """Groups of new files (load failures ride along to keep input order), at most `size` each.

    Groups shrink as the corpus runs out (half of what is left per worker, guided
    scheduling), so the workers finish together instead of one idling through the last chunk."""
    group: list[Item | tuple[str, str]] = []
    new = seen = 0
    want = size
    for item in items:
        seen += 1
        if not isinstance(item, tuple):
            if limit is not None and new >= limit:
                report.stopped = True
                break
            new += 1
        group.append(item)
        if sum(1 for g in group if not isinstance(g, tuple)) >= want:
            yield group
            group = []
            left = total - seen if limit is None else min(total - seen, limit - new)
            want = max(1, min(size, -(-left // (2 * workers))))
    if group:
        yield group


def _ready(item: Item, done: Done, report: BatchReport, label: str) -> Ready:
    name, version = done.extractor
    if done.status.startswith(UNSUPPORTED_LANGUAGE):
        report.unsupported.append((label, done.status.partition(":")[2].strip()))
    return Ready(item, done.read, done.signature, (done.mentions, name, version), done.language, done.status)


def _store(job: Preserver, group: list[Item | tuple[str, str]], results: list[Done | DoneParts | Failed],
           report: BatchReport, progress: Progress | None) -> None:
    by_sha: dict[str, Done | DoneParts | Failed] = {r.sha: r for r in results}
    ready: list[Ready] = []
    for item in group:
        if isinstance(item, tuple):
            report.failed.append(item)
            continue
        result = by_sha.get(item.sha)
        if isinstance(result, Done):
            ready.append(_ready(item, result, report, str(item.path)))
        elif isinstance(result, DoneParts):
            for part in job.unpacked(item, replace(result.unpacked, parts=tuple(
                    p for p in result.unpacked.parts if p.sha256 in result.parts))):
                ready.append(_ready(part.item, result.parts[part.item.sha], report,
                                    f"{item.path}#{part.item.part}"))
            report.failed += [(f"{item.path}#{p.key}", result.failed[p.sha256])
                              for p in result.unpacked.parts if p.sha256 in result.failed]
        else:
            report.failed.append((str(item.path), result.reason if result else "no result from worker"))
    try:
        job.store_many(ready)
    finally:
        if progress is not None:
            for item in group:
                progress(1, Path(item[0] if isinstance(item, tuple) else item.path).name)


def run_batch(case: Case, paths: Sequence[Path], overrides: Overrides | None = None, *,
              client: Client | None = None, scheduler: str | None = None, local: int | None = None,
              chunk: int = 32, limit: int | None = None, max_size_mb: float | None = None,
              progress: Progress | None = None, on_total: Callable[[int], None] | None = None
              ) -> BatchReport:
    """Add files and folders to the case using Dask workers. Never raises for a bad file.

    Pass `client` to reuse a running cluster; otherwise one is opened from `scheduler` or `local`
    and closed at the end. `limit` stops after that many new documents, before linking."""
    if chunk < 1:
        raise BatchError(f"--chunk {chunk}: must be at least 1")
    if str(case.setting("extract")) != "svidok":
        raise BatchError(f"extractor {case.setting('extract')!r}: batch runs only the built-in extractor")
    report = BatchReport()
    files, errors = collect_files([Path(p) for p in paths])
    report.failed.extend(errors)
    files = set_aside_media(files, report)
    if on_total is not None:
        on_total(len(files))
    size_mb = float(max_size_mb if max_size_mb is not None else case.setting("max_size_mb"))
    job = Preserver(case, overrides or Overrides(), int(size_mb * 1_000_000), report)
    reader_name = str(case.setting("reader"))
    neardup_name = str(case.setting("neardup")) if job.index is not None else None
    with ExitStack() as stack:
        if client is None:
            client = open_client(scheduler, local, stack)
        client.register_plugin(PreloadExtractor())
        report.workers = _worker_count(client)
        window: deque[tuple[list[Item | tuple[str, str]], Future[Any] | None]] = deque()
        for group in _chunks(job.load(files), chunk, len(files), report.workers, limit, report):
            jobs = [Job(i.sha, i.path.name, i.data, i.meta.published_anchor(), i.meta, i.language)
                    for i in group if not isinstance(i, tuple)]
            fut = (client.submit(process_chunk, reader_name, jobs, neardup_name, pure=False)
                   if jobs else None)
            report.submitted += len(jobs)
            window.append((group, fut))
            while len(window) > 2 * report.workers:  # bounded: never hold the corpus in memory
                _drain(window, job, report, progress)
        while window:
            _drain(window, job, report, progress)
    if report.stopped:
        report.notes.append(f"stopped after {report.submitted} new documents (--limit); "
                            "run again to finish and link")
        return report
    pending = list(dict.fromkeys(job.pending))
    added = set(report.added)
    report.resumed, to_extract = split_extracted(case, [d for d in pending if d not in added])
    if to_extract and not run_stage(case, "extract", to_extract, report, EXTRACT_CHUNK):
        return report
    link_and_finish(case, pending, report)
    return report


def _drain(window: deque[tuple[list[Item | tuple[str, str]], Future[Any] | None]], job: Preserver,
           report: BatchReport, progress: Progress | None) -> None:
    group, fut = window.popleft()
    results: list[Done | DoneParts | Failed] = []
    if fut is not None:
        try:
            results = fut.result()
        except Exception as exc:  # a lost chunk fails its files; a re-run retries them
            reason = " ".join(str(exc).split()) or type(exc).__name__
            results = [Failed(i.sha, f"worker failed ({reason})") for i in group if not isinstance(i, tuple)]
        fut.release()  # type: ignore[no-untyped-call]
    _store(job, group, results, report, progress)
