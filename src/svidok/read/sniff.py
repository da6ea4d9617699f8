"""Guess a media type from content first and file name second."""

from __future__ import annotations

import re

PDF = "application/pdf"
HTML = "text/html"
TEXT = "text/plain"
OCTET = "application/octet-stream"

# Magic numbers of formats we do not read; named so the error tells the user what the file is.
BINARY_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG image"),
    (b"\xff\xd8\xff", "image/jpeg", "JPEG image"),
    (b"GIF87a", "image/gif", "GIF image"),
    (b"GIF89a", "image/gif", "GIF image"),
    (b"PK\x03\x04", "application/zip", "ZIP archive (or DOCX/ODT)"),
    (b"\x1f\x8b", "application/gzip", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed", "7-Zip archive"),
    (b"Rar!\x1a\x07", "application/vnd.rar", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", "legacy Office (OLE) document"),
    (b"\x7fELF", "application/x-executable", "ELF executable"),
    (b"MZ", "application/x-msdownload", "Windows executable"),
    (b"SQLite format 3\x00", "application/vnd.sqlite3", "SQLite database"),
    (b"OggS", "audio/ogg", "Ogg media"),
    (b"ID3", "audio/mpeg", "MP3 audio"),
    (b"RIFF", "application/x-riff", "RIFF media (WAV/AVI/WebP)"),
    (b"BZh", "application/x-bzip2", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "application/x-xz", "xz archive"),
)

_HTML_EXT = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
_TEXT_EXT = (".txt", ".text", ".md", ".csv", ".tsv", ".log")
_PDF_EXT = (".pdf",)
_HTML_HEAD = re.compile(
    r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(html|head|body|div|p|article|meta|title|script)\b[^>]*>", re.I)


def binary_kind(data: bytes) -> tuple[str, str] | None:
    """(media type, description) when the bytes start with the magic number of a format we do not read."""
    for magic, media, label in BINARY_MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and len(data) > 64 and b"PE\x00\x00" not in data[:1024]:
                continue  # "MZ" alone is too weak; plain text may start with it
            if magic == b"ID3" and len(data) > 3 and data[3] > 5:
                continue
            return media, label
    if data[4:8] == b"ftyp":
        return "video/mp4", "MP4/MOV media"
    return None


def _head_text(data: bytes) -> str:
    """The first few KB as text, good enough to look for tags (UTF-16 included)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if len(head) >= 4 and head[1] == 0 and head[3] == 0:
        return head.decode("utf-16-le", errors="replace")
    if len(head) >= 4 and head[0] == 0 and head[2] == 0:
        return head.decode("utf-16-be", errors="replace")
    return head.decode("latin-1")


def sniff_media_type(data: bytes, filename: str) -> str:
    """Media type of `data`: content signatures win over the extension, which breaks ties."""
    name = filename.lower()
    if data.lstrip()[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return PDF
    kind = binary_kind(data)
    if kind is not None:
        return kind[0]
    head = _head_text(data).lstrip("\ufeff")
    if _HTML_HEAD.match(head):
        return HTML
    if name.endswith(_HTML_EXT):
        return HTML
    if name.endswith(_PDF_EXT):
        return PDF  # the PDF reader reports that the content is not a PDF
    if name.endswith(_TEXT_EXT):
        return TEXT
    if len(_HTML_TAGS.findall(head)) >= 3:
        return HTML
    return TEXT if data else OCTET
