"""HTML pages: main text kept, page furniture dropped, title and date taken from metadata."""

from __future__ import annotations

from datetime import date

from svidok.read import read_bytes

FURNITURE = [
    "Home",
    "cookies",
    "Related stories",
    "Grain exports",
    "Football",
    "newsletter",
    "rights reserved",
    "Share on",
    "reader77",
    "Most read",
    "budget for schools",
    "Tags:",
]


def _body(read):
    return "\n".join(read.text[a:b] for a, b in read.body)


def test_html_keeps_report_paragraphs(fixture_bytes):
    read = read_bytes(fixture_bytes("article.html"), "article.html")
    for phrase in (
        "at least twelve residents",
        "nineteen days",
        "same questions every night",
        "nine former captives",
    ):
        assert phrase in read.text
    assert read.reader == "svidok.read.html"


def test_html_removes_boilerplate(fixture_bytes):
    for name in ("article.html", "article_noisy.html"):
        read = read_bytes(fixture_bytes(name), name)
        assert [f for f in FURNITURE if f in read.text] == []


def test_html_records_title_and_date(fixture_bytes):
    read = read_bytes(fixture_bytes("article.html"), "article.html")
    assert read.title == "Residents describe weeks held in a school basement"
    assert read.published == date(2022, 9, 21)
    assert read.text.startswith(read.title + "\n\n")


def test_html_separates_paragraphs_with_blank_lines(fixture_bytes):
    text = read_bytes(fixture_bytes("article.html"), "article.html").text
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 5
    assert all("\n" not in p for p in paragraphs)


def test_html_uses_declared_cp1251_charset(fixture_bytes):
    read = read_bytes(fixture_bytes("article_cp1251.html"), "article_cp1251.html")
    assert read.encoding == "cp1251"
    assert "«Ми чекали на допит щоночі»" in read.text


def test_html_inline_read_more_link_left_out_of_body(fixture_bytes):
    read = read_bytes(fixture_bytes("article_noisy.html"), "article_noisy.html")
    assert "Bridge repairs" in read.text
    assert "Bridge repairs" not in _body(read)
    assert "shell fragments" in _body(read)
