"""Reading one original: a container's parts (a Telegram channel export) or one document, each
with its language. Runs in worker processes for `svidok add` and on Dask workers for `svidok batch`;
`reread` reads a stored document again from its preserved original (verify --repair)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from svidok import plugins
from svidok.model import Document, DocumentLanguage, DocumentMeta, ReadText, Unpacked
from svidok.services.language import tag

if TYPE_CHECKING:
    from svidok.services.case import Case

Read = tuple[ReadText, DocumentLanguage]


EXPORT_FILE = "result.json"  # what Telegram Desktop names a chat export


def export_media(files: list[Path]) -> tuple[list[Path], dict[Path, int]]:
    """`files` without the media a Telegram Desktop export folder holds beside its result.json
    (photos/, video_files/, ...: they are not text, and each would fail as an unsupported format),
    and how many were set aside per export folder."""
    from svidok.read.telegram import looks_like

    folders: set[Path] = set()
    for f in files:
        if f.name == EXPORT_FILE:
            try:
                with f.open("rb") as handle:
                    if looks_like(handle.read(65536)):
                        folders.add(f.parent)
            except OSError:
                continue
    kept: list[Path] = []
    left: dict[Path, int] = {}
    for f in files:
        folder = next((d for d in folders if d in f.parents), None)
        if folder is not None and f.parent != folder:
            left[folder] = left.get(folder, 0) + 1
        else:
            kept.append(f)
    return kept, left


def reader(name: str) -> Callable[..., ReadText]:
    """The reader registered as `name`, or the UTF-8 fallback when its module is not installed."""
    try:
        fn: Callable[..., ReadText] = plugins.get("reader", name)
    except plugins.PluginMissing:
        fn = plugins.get("reader", "utf8")
    return fn


def unpack(data: bytes, filename: str, given: DocumentMeta | None = None) -> Unpacked | None:
    """The parts of `data` when a registered container reader recognises it, else None."""
    for name in plugins.names("container"):
        try:
            fn: Callable[..., Unpacked | None] = plugins.get("container", name)
        except plugins.PluginMissing:
            continue
        found = fn(data, filename, given)
        if found is not None:
            return found
    return None


def read_original(reader_name: str, data: bytes, filename: str, given: DocumentMeta | None = None,
                  language: str | None = None) -> Read | Unpacked:
    """One original read: its parts with their languages, or its text with its language.
    `language` (a code given by a person) replaces identification. Readers raise on bad input."""
    found = unpack(data, filename, given)
    if found is not None:
        return replace(found, parts=tuple(replace(p, language=tag(p.read, language)) for p in found.parts))
    read = reader(reader_name)(data, filename)
    return read, tag(read, language)


def reread(case: Case, doc: Document, filename: str) -> ReadText:
    """A stored document's text read again from its preserved original (for a part of a larger
    original, that part found again by its key). Raises the reader's error, or LookupError when
    the original no longer holds the part."""
    data = case.store.get(doc.stored_object)
    if doc.part is None:
        return reader(str(case.setting("reader")))(data, filename)
    found = unpack(data, filename)
    for part in found.parts if found is not None else ():
        if part.key == doc.part:
            if part.sha256 != doc.id:
                raise LookupError(f"{doc.part} of {filename} no longer reads as document {doc.id}")
            return part.read
    raise LookupError(f"{filename}: holds no part {doc.part}")
