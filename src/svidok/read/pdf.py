"""PDF text layer -> text with pypdf. No OCR: a scan without a text layer is an error."""

from __future__ import annotations

import io
import logging
import re

from svidok.read import text as textmod
from svidok.read.errors import ReadError

NAME = "svidok.read.pdf"
VERSION = "1"

logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # damaged files log per glyph; we report once
_SENTENCE_END = re.compile(r"""[.!?:;"”»)]\s*$""")


def _paragraphs(page_text: str) -> list[str]:
    """Rejoin the hard-wrapped lines of one page into paragraphs.

    Wrapped lines run nearly to the margin, so a line much shorter than the page's longest one ends a
    paragraph; a word split by a hyphen at a line end is joined again.
    """
    lines = [ln.strip() for ln in page_text.splitlines()]
    width = max((len(ln) for ln in lines), default=0)
    paras: list[str] = []
    cur = ""
    for ln in lines:
        if not ln:
            if cur:
                paras.append(cur)
            cur = ""
            continue
        if cur.endswith("-") and ln[:1].islower():
            cur = cur[:-1] + ln
        else:
            cur = f"{cur} {ln}" if cur else ln
        if len(ln) < 0.7 * width or (len(ln) < 0.85 * width and _SENTENCE_END.search(ln)):
            paras.append(cur)
            cur = ""
    if cur:
        paras.append(cur)
    return paras


def read_pdf(data: bytes, filename: str) -> tuple[str, str | None]:
    """(text, title) from the PDF's text layer."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:  # an owner-password-only PDF opens with the empty user password
                ok = bool(reader.decrypt(""))
            except Exception:
                ok = False
            if not ok:
                raise ReadError(filename, "encrypted PDF (needs a password)")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        title = str(info.title).strip() if info is not None and info.title else None
    except ReadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise ReadError(filename, f"corrupt PDF ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # pypdf may raise anything on hostile files; never crash ingest
        raise ReadError(filename, f"corrupt PDF ({type(exc).__name__})") from None
    if not pages:
        raise ReadError(filename, "corrupt PDF (no pages)")
    paras = [p for page in pages for p in _paragraphs(page)]
    text = textmod.clean("\n\n".join(paras))
    if sum(c.isalnum() for c in text) < 20:
        raise ReadError(filename, "PDF has no text layer (scanned image?); OCR is not supported")
    return text, title or None
