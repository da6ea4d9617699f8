"""The language of a document: identified from its text when it is added, or given by a person
(`svidok add --lang uk`). Identification itself is svidok.lang.identify (docs/languages.md)."""

from __future__ import annotations

import re

from svidok.lang.identify import UNDETERMINED, identify_document
from svidok.model import DocumentLanguage, ReadText

_CODE = re.compile(r"^[a-z]{2}$")


class LanguageError(ValueError):
    """A language code that is not ISO 639-1; message is one line."""


def check_code(code: str) -> str:
    """`code` lower-cased when it is a two-letter ISO 639-1 code (or "und"); else LanguageError."""
    value = code.strip().lower()
    if value != UNDETERMINED and not _CODE.match(value):
        raise LanguageError(f"language {code!r}: give a two-letter ISO 639-1 code, e.g. uk, ru, en")
    return value


def tag(read: ReadText, given: str | None = None) -> DocumentLanguage:
    """The language of a read document: `given` as is (method "given"), else identified from the
    report body, with runs when the page mixes languages."""
    if given:
        return DocumentLanguage(check_code(given), 1.0, "given")
    found, runs = identify_document(read.text, read.body or ((0, len(read.text)),))
    if found.method == "letters":
        return DocumentLanguage(found.code, round(found.confidence, 4), "letters", runs)
    return DocumentLanguage(found.code, round(found.confidence, 4), "model", runs)
