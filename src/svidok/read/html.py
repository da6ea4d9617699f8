"""HTML -> main text with trafilatura (boilerplate removed), title and publication date."""

from __future__ import annotations

import logging
import re
from datetime import date

import trafilatura
from lxml import etree  # type: ignore[import-untyped]
from trafilatura.settings import Document

from svidok.read import text as textmod
from svidok.read.errors import ReadError

NAME = "svidok.read.html"
VERSION = "1"

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    try:
        "".encode(name)
    except LookupError:
        return None
    return name


def _block_text(el: etree._Element) -> str:
    if el.tag == "list":
        items = [" ".join("".join(i.itertext()).split()) for i in el.iter("item")]
        return "\n".join(i for i in items if i)
    if el.tag == "table":
        rows = []
        for row in el.iter("row"):
            cells = [" ".join("".join(c.itertext()).split()) for c in row.iter("cell")]
            rows.append(" | ".join(c for c in cells if c))
        return "\n".join(r for r in rows if r)
    return " ".join("".join(el.itertext()).split())


def _paragraphs(body: etree._Element) -> list[str]:
    out: list[str] = []
    for child in body:
        block = _block_text(child)
        if block:
            out.append(block)
        if child.tail and child.tail.strip():
            out.append(" ".join(child.tail.split()))
    return out


def read_html(data: bytes, filename: str) -> tuple[str, str | None, date | None, str]:
    """(text, title, published, encoding). Paragraphs are separated by blank lines."""
    decoded, encoding = textmod.decode(data, filename, declared=_declared_charset(data))
    doc = None
    for precision in (True, False):  # precise first; recall when precision finds nothing
        try:
            found = trafilatura.bare_extraction(
                decoded,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                favor_precision=precision,
                favor_recall=not precision,
            )
        except Exception as exc:  # trafilatura/lxml raise many types on broken markup
            raise ReadError(filename, f"cannot parse HTML ({type(exc).__name__})") from None
        if isinstance(found, Document) and found.body is not None and len(found.body):
            doc = found
            break
    if doc is None or doc.body is None:
        raise ReadError(filename, "no main text found in HTML")
    paragraphs = _paragraphs(doc.body)
    title = " ".join(doc.title.split()) if doc.title else None
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs.insert(0, title)  # the headline is part of the report (facts are stated there)
    text = textmod.clean("\n\n".join(paragraphs))
    if not text.strip():
        raise ReadError(filename, "no main text found in HTML")
    return text, title, _parse_date(doc.date), encoding


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
