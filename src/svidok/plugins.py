"""Hook registry. Built-ins register here by name exactly as extensions do.

A target is either a callable or a "module:attribute" string that is imported only when first
used, so registering costs nothing and a missing optional package fails only when asked for.

Kinds used by Svidok:
  reader        (data: bytes, filename: str, media_type: str | None) -> ReadText
  container     (data: bytes, filename: str, given: DocumentMeta | None) -> model.Unpacked | None:
                an original that holds many documents (a Telegram channel export): its parts, each
                read and with its own metadata; None when the bytes are not such a container. Every
                registered container is asked before the reader.
  sniff         (data: bytes, filename: str) -> media type
  neardup       index class: from_signatures(pairs), query_signature(sig), add_signature(id, sig)
  neardup_signature  (text) -> bytes, the signature that index stores
  extract       (conn, document_ids) -> object            (the extraction service)
  extract_batch (case, document_ids, *, workers, chunk, progress) -> object: optional; when the
                extractor registers one under the same name, `add` streams the whole batch through it
                (one pool of worker processes, a commit every `chunk` documents)
  link          (conn, document_ids) -> object            (the linking service)
  exporter      exporters, registered by their owners
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


class PluginError(Exception):
    """A hook that is not registered or cannot be imported."""


class PluginMissing(PluginError):
    """The module behind a lazily registered hook is not installed (yet)."""


_REGISTRY: dict[str, dict[str, Any]] = {}


def register(kind: str, name: str, target: Callable[..., Any] | str, *, replace: bool = True) -> None:
    slot = _REGISTRY.setdefault(kind, {})
    if not replace and name in slot:
        raise PluginError(f"{kind} {name!r} is already registered")
    slot[name] = target


def names(kind: str) -> list[str]:
    return list(_REGISTRY.get(kind, {}))


def resolve_target(target: str) -> Any:
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only "this very module (or its package) is absent" is a missing plugin; a broken import
        # deeper inside a present module is a real error and must surface.
        if exc.name is not None and module_name.startswith(exc.name):
            raise PluginMissing(f"{target}: module {exc.name} is not available") from exc
        raise
    if not attr:
        return module
    try:
        return getattr(module, attr)
    except AttributeError as exc:
        raise PluginMissing(f"{target}: {module_name} has no {attr}") from exc


def get(kind: str, name: str) -> Any:
    try:
        target = _REGISTRY[kind][name]
    except KeyError:
        known = ", ".join(names(kind)) or "none"
        raise PluginError(f"no {kind} named {name!r} (registered: {known})") from None
    if isinstance(target, str):
        target = resolve_target(target)
        _REGISTRY[kind][name] = target
    return target


def _builtins() -> None:
    register("reader", "svidok", "svidok.read:read_bytes")
    register("reader", "utf8", "svidok.services.ingest:read_utf8")
    register("container", "telegram", "svidok.read.telegram:unpack")
    register("sniff", "svidok", "svidok.read:sniff_media_type")
    register("neardup", "minhash", "svidok.evidence.neardup:NearDupIndex")
    register("neardup_signature", "minhash", "svidok.evidence.neardup:signature")
    register("extract", "svidok", "svidok.services.extraction:extract_documents")
    register("extract_batch", "svidok", "svidok.services.extraction:extract_in_case")
    register("link", "svidok", "svidok.services.linking:relink")


_builtins()
