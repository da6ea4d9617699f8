"""Readers: original bytes -> model.ReadText (plain text in any encoding, HTML, PDF) + body segments.

Pure functions: they never touch the stored original, never download anything.
"""

from __future__ import annotations

import re
from datetime import date

from svidok.model.core import ReadText
from svidok.read import text as _text
from svidok.read.errors import ReadError
from svidok.read.segments import body_spans, body_text
from svidok.read.sniff import HTML, OCTET, PDF, binary_kind, sniff_media_type

__all__ = ["ReadError", "read_bytes", "sniff_media_type", "body_spans", "body_text", "TEXT_READER"]

TEXT_READER = "svidok.read.text"
TEXT_VERSION = "1"
_HTML_TYPES = {HTML, "application/xhtml+xml"}


def _split_media_type(media_type: str) -> tuple[str, str | None]:
    """("text/plain", "koi8-u") from "text/plain; charset=KOI8-U"."""
    base, _, params = media_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return base.strip().lower(), charset


def _plain_title(text: str) -> str | None:
    """The first line, when it reads like a headline rather than a sentence."""
    for line in text.split("\n"):
        s = line.strip()
        if s:
            return s if len(s) <= 200 and not s.endswith((".", "!", "?", ":", ";")) else None
    return None


def read_bytes(data: bytes, filename: str, media_type: str | None = None) -> ReadText:
    """Read the bytes of one document into clean text plus the spans that are the report body.

    `media_type` (optionally with a charset parameter) overrides sniffing. Raises ReadError with a
    one-line reason naming `filename` for empty, binary, undecodable, corrupt or encrypted input.
    """
    if not data.strip(b" \t\r\n\x00\x0b\x0c") or data in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        raise ReadError(filename, "empty file")
    base, charset = _split_media_type(media_type) if media_type else ("", None)
    if base in ("", OCTET, "binary/octet-stream"):  # "unknown" from a browser or server: look inside
        base = sniff_media_type(data, filename)
    if base == PDF:
        from svidok.read import pdf as _pdf  # pypdf is imported only when a PDF arrives

        text, title = _pdf.read_pdf(data, filename)
        return ReadText(text, _pdf.NAME, _pdf.VERSION, title=title, body=body_spans(text))
    if base in _HTML_TYPES:
        from svidok.read import html as _html  # trafilatura takes ~1.5 s to import

        text, title, published, encoding = _html.read_html(data, filename)
        return ReadText(
            text,
            _html.NAME,
            _html.VERSION,
            title=title,
            published=published,
            encoding=encoding,
            body=body_spans(text),
        )
    if not (base.startswith("text/") or base == OCTET):
        kind = binary_kind(data)
        label = kind[1] if kind else base
        raise ReadError(filename, f"unsupported format: {label}")
    kind = binary_kind(data)
    if kind is not None:
        raise ReadError(filename, f"unsupported format: {kind[1]}")
    raw, encoding = _text.decode(data, filename, declared=charset)
    text = _text.clean(raw)
    if not text.strip():
        raise ReadError(filename, "empty file (only whitespace)")
    return ReadText(
        text, TEXT_READER, TEXT_VERSION, title=_plain_title(text), published=stamp_date(text),
        encoding=encoding, body=body_spans(text),
    )


_STAMP = re.compile(r"\s*date (\d{4})-(\d\d)-(\d\d)\s")


def stamp_date(text: str) -> date | None:
    """The day a stored page was published, from the stamp that opens it (" date 2025-04-13 ...");
    a sidecar's date takes precedence. Month-only stamps give no day, so none is taken."""
    m = _STAMP.match(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
