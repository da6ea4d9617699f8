"""What runs on a Dask worker: read a chunk of files and extract their mentions.

Workers get bytes, not paths, so they need no view of the client's filesystem; they do need
svidok installed (same version as the client) to import this module and the extractor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from svidok import plugins
from svidok.model import DocumentLanguage, DocumentMeta, Mention, ReadText, Unpacked
from svidok.services.reading import read_original


@dataclass(frozen=True, slots=True)
class Job:
    """One file to read and extract; `published` is the sidecar/override date (read date fills in),
    `meta` what the sidecar and options give (a container's parts take outlet and address from it),
    `language` a code given by a person (no identification then)."""

    sha: str
    filename: str
    data: bytes
    published: date | None
    meta: DocumentMeta | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Done:
    sha: str
    read: ReadText
    mentions: list[Mention]
    extractor: tuple[str, str]  # (name, version) of the extractor that ran on the worker
    signature: bytes | None = None  # near-duplicate signature, computed here to spare the client
    language: DocumentLanguage | None = None
    status: str = "extracted"  # or "unsupported_language: <code>"


@dataclass(frozen=True, slots=True)
class DoneParts:
    """A container original (a Telegram export): its parts, each extracted like a Done."""

    sha: str
    unpacked: Unpacked
    parts: dict[str, Done]  # by part sha
    failed: dict[str, str]  # part sha -> why its extraction failed (not stored; a re-run retries)


@dataclass(frozen=True, slots=True)
class Failed:
    sha: str
    reason: str


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or str(exc) or type(exc).__name__
    return " ".join(str(reason).split())


def _signer(neardup_name: str | None) -> Any:
    if not neardup_name:
        return None
    try:
        return plugins.get("neardup_signature", neardup_name)
    except plugins.PluginMissing:  # the client computes it, or reports the plugin missing
        return None


def process_chunk(reader_name: str, jobs: list[Job], neardup_name: str | None = None
                  ) -> list[Done | DoneParts | Failed]:
    """Read and extract every job, results in job order; a file that cannot be read fails alone.
    A container's parts are each extracted; a document in a language without extraction cues is
    returned with that status and no mentions. With `neardup_name`, each text's near-duplicate
    signature is computed here too."""
    from svidok.extract.pipeline import ExtractItem, Extractor
    from svidok.services.extraction import EXTRACTED, guarded, unsupported_status

    signer = _signer(neardup_name)
    extractor = Extractor.load()  # cached per worker process: the model loads once
    read: list[tuple[Job, tuple[ReadText, DocumentLanguage] | Unpacked | Failed]] = []
    items: list[ExtractItem] = []
    for job in jobs:
        try:
            found = read_original(reader_name, job.data, job.filename, job.meta, job.language)
        except Exception as exc:  # any reader failure is this file's failure
            read.append((job, Failed(job.sha, _reason(exc))))
            continue
        read.append((job, found))
        if isinstance(found, Unpacked):
            items += [ExtractItem(p.sha256, p.read, p.meta.published_anchor() or p.read.published,
                                  p.language.code if p.language else None) for p in found.parts]
        else:
            items.append(ExtractItem(job.sha, found[0], job.published or found[0].published, found[1].code))
    identity = (extractor.name, extractor.version)
    done: dict[str, Done] = {}
    failed: dict[str, str] = {}
    for item, result in guarded(extractor, items):
        if isinstance(result, str):
            failed[item.document_id] = f"extraction failed: {result}"
            continue
        if isinstance(result, list):
            mentions, status = result, EXTRACTED
        else:
            mentions, status = [], unsupported_status(result[0])
        sig = signer(item.read.text) if signer is not None else None
        done[item.document_id] = Done(item.document_id, item.read, mentions, identity, sig, None, status)
    out: list[Done | DoneParts | Failed] = []
    for job, got in read:
        if isinstance(got, Failed):
            out.append(got)
        elif isinstance(got, Unpacked):
            out.append(DoneParts(job.sha, got, {p.sha256: replace(done[p.sha256], language=p.language)
                                                for p in got.parts if p.sha256 in done},
                                 {p.sha256: failed[p.sha256] for p in got.parts if p.sha256 in failed}))
        elif job.sha in done:
            out.append(replace(done[job.sha], language=got[1]))
        else:
            out.append(Failed(job.sha, failed.get(job.sha, "extraction failed on the worker")))
    return out


class PreloadExtractor(WorkerPlugin):
    """Worker plugin: load the spaCy pipeline when a worker starts, not inside the first task."""

    name = "svidok-preload-extractor"

    def setup(self, worker: Any) -> None:
        from svidok.extract.pipeline import Extractor

        Extractor.load()

    def teardown(self, worker: Any) -> None:
        return None
