"""Plain text in any common encoding -> clean str (NFC, \\n newlines), with the encoding recorded.

Single-byte Cyrillic code pages (CP1251, KOI8-U) decode without error whatever the bytes are, and
statistical detectors confuse them, so every candidate decoding is scored on how much it looks like
natural text (letters in one script per word, ordinary case patterns) and the best one wins.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from charset_normalizer import from_bytes

from svidok.read.errors import ReadError

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)
_SINGLE_BYTE = ("cp1251", "koi8-u", "cp1252", "latin-1", "iso-8859-5", "mac-cyrillic", "cp1250")
# The most frequent letters of English/Ukrainian/Russian prose; a wrong code page scatters them.
_COMMON = set("eaoitnsrhlоаеинтрсвлі")
# Letters of the Ukrainian and Russian alphabets; Serbian/Macedonian ones (Ђ, Љ, Ѓ...) in an English,
# Ukrainian or Russian report mean a wrong code page.
_EAST_SLAVIC = set("абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюяўАБВГҐДЕЄЁЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЎ")
_WORD = re.compile(r"[^\W\d_]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode category Cc except \t and \n
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 0x7F])
_SAMPLE = 16384  # bytes scored per candidate code page; enough to tell them apart
_NOISE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\u2500-\u25ff]")  # controls, private, box


def _script(ch: str) -> str:
    o = ord(ch)
    if o < 0x250:
        return "latin"
    if 0x370 <= o < 0x400:
        return "greek"
    if 0x400 <= o < 0x530:
        return "cyrillic"
    return "other"


def plausibility(text: str) -> float:
    """Share of words that look like real words (one script, sane case), minus control/symbol noise.

    1.0 for clean prose; mis-decoded Cyrillic (KOI8 read as CP1251 gives "пРИВЕТ"-like case, Latin-1
    read as CP1251 puts Cyrillic letters inside Latin words) scores far lower.
    """
    words = _WORD.findall(text)
    good = 0
    upper = letters = common = 0
    rare = 0
    for w in words:
        scripts = {_script(c) for c in w}
        ok = len(scripts) == 1 and "other" not in scripts and _case_ok(w)
        good += ok
        letters += len(w)
        upper += sum(c.isupper() for c in w)
        common += sum(c in _COMMON for c in w.lower())
        rare += sum(1 for c in w if _script(c) == "cyrillic" and c not in _EAST_SLAVIC)
    if not words:
        return 0.0
    score = good / len(words) + 0.2 * common / max(1, letters) - 2 * rare / max(1, letters)
    if sum(1 for w in words if len(w) == 1) > 0.35 * len(words):
        score -= 0.5  # a stream of one-letter "words" is noise
    if letters and upper / letters > 0.6:
        score -= 0.3  # a text of capitals is rarer than a wrong code page
    bad = len(_NOISE.findall(text))
    score -= 5 * bad / max(1, len(text))
    dense = sum(1 for c in text if not c.isspace())
    if dense and letters / dense < 0.6:
        score -= 2 * (0.6 - letters / dense)  # prose is mostly letters, junk mostly symbols
    if len(text) > 200 and len(words) < len(text) / 25:
        score -= 0.5  # prose has a word every few characters; mis-decoded binary does not
    return score


def _case_ok(w: str) -> bool:
    if w.islower() or w.isupper() or (w[0].isupper() and w[1:].islower()):
        return True
    return _camel_ok(w)


def _camel_ok(w: str) -> bool:
    # allow names like "McDonald", "iPhone", "YouTube": at most two case switches
    switches = sum(1 for a, b in zip(w, w[1:], strict=False) if a.islower() and b.isupper())
    return switches <= 1 and sum(c.isupper() for c in w) <= 3 and len(w) >= 4


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: the high byte of each unit takes very few values (0 for ASCII, 4 for
    Cyrillic, 0x20 for typographic punctuation) while the low byte varies."""
    if len(data) < 8 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if 0 in high and len(set(high)) <= 6 and low.count(0) < 0.05 * len(low):
            return codec
    return None


def _sample(data: bytes) -> bytes:
    """Up to _SAMPLE bytes of the lines that carry non-ASCII bytes: only they tell code pages apart."""
    if len(data) <= _SAMPLE:
        return data
    out = bytearray()
    for line in data.split(b"\n"):
        if not line.isascii():
            out += line + b"\n"
            if len(out) >= _SAMPLE:
                break
    return bytes(out) if out else data[:_SAMPLE]


def _candidates(data: bytes) -> Iterable[str]:
    yield from _SINGLE_BYTE
    try:
        best = from_bytes(_sample(data)).best()
    except Exception:  # the detector is advisory only
        best = None
    if best is not None:
        yield best.encoding


def decode(data: bytes, filename: str, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding). Raises ReadError for empty, binary or undecodable input."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec.replace("-sig", "")), label
            except UnicodeDecodeError as exc:
                raise ReadError(
                    filename, f"invalid {label} text after its byte-order mark ({exc.reason})"
                ) from None
    u16 = _utf16_without_bom(data)
    if u16 is not None:
        try:
            text = data.decode(u16)
            if plausibility(text) > 0.7:
                return text, u16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise ReadError(filename, "binary data (contains NUL bytes), not text")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > 0.02 * len(data):
        raise ReadError(filename, "binary data (too many control characters), not text")
    if declared:
        try:
            text = data.decode(declared)
            if plausibility(text) > 0.6:
                return text, _canonical(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    best_text, best_enc, best_score = "", "", -1e9
    seen: set[str] = set()
    for enc in _candidates(data):
        name = _canonical(enc)
        if name in seen or name.startswith(("utf", "ascii")):
            continue
        seen.add(name)
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        score = plausibility(_sample(data).decode(name, errors="replace"))
        if score > best_score + 0.02:  # earlier candidates win near-ties
            best_text, best_enc, best_score = text, name, score
    if best_score < 0.75:
        raise ReadError(filename, "undecodable text: no common encoding gives readable words")
    if best_enc == "cp1252" and not any(0x80 <= b < 0xA0 for b in data):
        best_enc = "latin-1"  # identical decoding; name what the file most likely is
    return best_text, best_enc


def _damaged_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few broken bytes (a truncated download, a bad copy) rather than a code page.

    Decoding it with a single-byte code page would turn every correct character into mojibake.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if ord(c) > 0x7F) - bad
    if good >= 5 * bad and good >= 3:
        return text, f"utf-8 ({bad} invalid byte sequences replaced)"
    return None


def _canonical(enc: str) -> str:
    e = enc.lower().replace("_", "-")
    return {
        "windows-1251": "cp1251",
        "windows-1252": "cp1252",
        "windows-1250": "cp1250",
        "koi8-r": "koi8-u",  # KOI8-U is a superset for letters and adds the Ukrainian ones
        "iso-8859-1": "latin-1",
        "latin1": "latin-1",
        "maccyrillic": "mac-cyrillic",
        "mac-cyrillic": "mac-cyrillic",
    }.get(e, e)


def clean(text: str) -> str:
    """NFC, \\n newlines, no BOM, no stray control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\f", "\n\n").lstrip("\ufeff")  # form feed = page break in text dumps
    text = _CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)
