"""What runs on a Dask worker: read a chunk of files and extract their mentions.

Workers get bytes, not paths, so they need no view of the client's filesystem; they do need
svidok installed (same version as the client) to import this module and the extractor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from svidok import plugins
from svidok.model import Mention, ReadText


@dataclass(frozen=True, slots=True)
class Job:
    """One file to read and extract; `published` is the sidecar/override date (read date fills in)."""

    sha: str
    filename: str
    data: bytes
    published: date | None


@dataclass(frozen=True, slots=True)
class Done:
    sha: str
    read: ReadText
    mentions: list[Mention]
    extractor: tuple[str, str]  # (name, version) of the extractor that ran on the worker
    signature: bytes | None = None  # near-duplicate signature, computed here to spare the client


@dataclass(frozen=True, slots=True)
class Failed:
    sha: str
    reason: str


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or str(exc) or type(exc).__name__
    return " ".join(str(reason).split())


def _read(reader_name: str, job: Job) -> ReadText:
    # Same lookup as `svidok add`: the configured reader, or the UTF-8 fallback when it is absent.
    try:
        reader: Any = plugins.get("reader", reader_name)
    except plugins.PluginMissing:
        reader = plugins.get("reader", "utf8")
    result: ReadText = reader(job.data, job.filename)
    return result


def _signer(neardup_name: str | None) -> Any:
    if not neardup_name:
        return None
    try:
        return plugins.get("neardup_signature", neardup_name)
    except plugins.PluginMissing:  # the client computes it, or reports the plugin missing
        return None


def process_chunk(reader_name: str, jobs: list[Job], neardup_name: str | None = None
                  ) -> list[Done | Failed]:
    """Read and extract every job, results in job order; a file that cannot be read fails alone.
    With `neardup_name`, each text's near-duplicate signature is computed here too."""
    from svidok.extract.pipeline import ExtractItem, Extractor
    from svidok.services.extraction import guarded

    signer = _signer(neardup_name)
    extractor = Extractor.load()  # cached per worker process: the model loads once
    results: list[Done | Failed | None] = []
    items: list[tuple[int, ExtractItem]] = []
    for job in jobs:
        try:
            read = _read(reader_name, job)
        except Exception as exc:  # any reader failure is this file's failure
            results.append(Failed(job.sha, _reason(exc)))
            continue
        items.append((len(results), ExtractItem(job.sha, read, job.published or read.published)))
        results.append(None)
    identity = (extractor.name, extractor.version)
    # a document whose extraction raises fails alone, named, as in `svidok add` (it used to take
    # the whole chunk down with it: "worker failed" for every file)
    found = guarded(extractor, [item for _, item in items])
    for (pos, _), (item, mentions) in zip(items, found, strict=True):
        if isinstance(mentions, str):
            results[pos] = Failed(item.document_id, f"extraction failed: {mentions}")
            continue
        sig = signer(item.read.text) if signer is not None else None
        results[pos] = Done(item.document_id, item.read, mentions, identity, sig)
    return [r for r in results if r is not None]


class PreloadExtractor(WorkerPlugin):
    """Worker plugin: load the spaCy pipeline when a worker starts, not inside the first task."""

    name = "svidok-preload-extractor"

    def setup(self, worker: Any) -> None:
        from svidok.extract.pipeline import Extractor

        Extractor.load()

    def teardown(self, worker: Any) -> None:
        return None
