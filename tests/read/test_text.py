"""Plain text in each common encoding, read from the committed fixtures."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from svidok.read import ReadError, read_bytes
from svidok.read.text import decode, plausibility

UK_HEAD = "Мешканці Вільхівки розповіли про підвал школи"
RU_HEAD = "Жители Вильховки рассказали о подвале школы"


@pytest.mark.parametrize(
    ("name", "encoding", "head"),
    [
        ("en_utf8.txt", "utf-8", "Residents describe weeks held"),
        ("en_utf8_bom.txt", "utf-8-sig", "Residents describe weeks held"),
        ("uk_utf16le_bom.txt", "utf-16-le", UK_HEAD),
        ("uk_utf16be_bom.txt", "utf-16-be", UK_HEAD),
        ("uk_cp1251.txt", "cp1251", UK_HEAD),
        ("uk_koi8u.txt", "koi8-u", UK_HEAD),
        ("ru_cp1251.txt", "cp1251", RU_HEAD),
        ("ru_koi8u.txt", "koi8-u", RU_HEAD),
        ("fr_latin1.txt", "latin-1", "Des habitants décrivent des semaines de détention"),
    ],
)
def test_text_decodes_each_encoding(fixture_bytes, name, encoding, head):
    read = read_bytes(fixture_bytes(name), name)
    assert read.encoding == encoding
    assert read.text.startswith(head)
    assert read.reader == "svidok.read.text" and read.reader_version == "1"


def test_text_keeps_ukrainian_letters_in_koi8u(fixture_bytes):
    text = read_bytes(fixture_bytes("uk_koi8u.txt"), "uk_koi8u.txt").text
    for letter in "ЇєіҐ":
        assert letter in text


def test_text_normalises_crlf_and_drops_bom(fixture_bytes):
    text = read_bytes(fixture_bytes("en_utf8_bom.txt"), "en_utf8_bom.txt").text
    assert "\r" not in text and not text.startswith("\ufeff")
    assert text == read_bytes(fixture_bytes("en_utf8.txt"), "en_utf8.txt").text


def test_text_normalises_to_nfc():
    decomposed = "Cafe\u0301 owners in Lie\u0300ge said the school was shelled.".encode()
    text = read_bytes(decomposed, "nfd.txt").text
    assert "Café" in text and "\u0301" not in text


def test_text_honours_declared_charset(fixture_bytes):
    read = read_bytes(fixture_bytes("uk_koi8u.txt"), "x.txt", media_type="text/plain; charset=KOI8-U")
    assert read.encoding == "koi8-u" and read.text.startswith(UK_HEAD)


def test_text_reads_utf16_without_bom():
    data = "Свідки розповіли слідчим про обстріл школи та лікарні.".encode("utf-16-le")
    text, encoding = decode(data, "nobom.txt")
    assert encoding == "utf-16-le" and text.startswith("Свідки")


def test_text_rejects_undecodable_bytes(fixture_bytes):
    with pytest.raises(ReadError, match=r"^undecodable\.txt: undecodable text"):
        read_bytes(fixture_bytes("undecodable.txt"), "undecodable.txt")


def test_text_plausibility_prefers_right_cyrillic_code_page(fixture_bytes):
    data = fixture_bytes("uk_cp1251.txt")
    assert plausibility(data.decode("cp1251")) > plausibility(data.decode("koi8-u")) + 0.2


def test_text_keeps_utf8_with_a_few_broken_bytes():
    good = "“Свідки” said the school in Izium was shelled — twice. ".encode() * 4
    text, encoding = decode(good + b"\xff" + good, "damaged.txt")
    assert encoding.startswith("utf-8 (1 invalid")
    assert "“Свідки”" in text and "\ufffd" in text


# Printable text of any script (no control characters, no markup that would make it a web page).
PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
                                  blacklist_characters="<>\ufeff"), min_size=1, max_size=300)


@seed(20261203)  # committed: every run tries the same texts
@settings(max_examples=150, deadline=None, database=None)
@given(text=PRINTABLE.filter(lambda t: t.strip()), codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_text_any_printable_text_reads_back_as_itself(text: str, codec: str) -> None:
    """UTF-8 (with or without its mark) and UTF-16 with its mark decode to the text, normalised."""
    read = read_bytes(text.encode(codec), "a.txt")
    assert read.text == unicodedata.normalize("NFC", text)
    assert all(0 <= a < b <= len(read.text) for a, b in read.body)


@seed(20261204)
@settings(max_examples=150, deadline=None, database=None)
@given(data=st.binary(min_size=1, max_size=400), declared=st.sampled_from([None, "cp1251", "koi8-u", "nope"]))
def test_text_decode_gives_text_or_a_one_line_read_error(data: bytes, declared: str | None) -> None:
    try:
        text, encoding = decode(data, "a.txt", declared)
    except ReadError as exc:
        assert str(exc).startswith("a.txt: ") and "\n" not in str(exc)
    else:
        assert isinstance(text, str) and encoding
