"""Highlight markup built from untrusted text, one escaped segment at a time."""

from __future__ import annotations

from svidok.web.render import Mark, highlight, safe_url

TEXT = 'Ivan said <script>alert(1)</script> & "more"'


def test_render_highlight_escapes_every_segment() -> None:
    html = str(highlight(TEXT, 0, len(TEXT), [Mark(10, 18, "quote", 'x"><b>')]))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<mark class="quote" title="x&#34;&gt;&lt;b&gt;">&lt;script&gt;</mark>' in html
    assert "&amp; &#34;more&#34;" in html


def test_render_highlight_overlapping_marks_nest_as_classes() -> None:
    html = str(highlight("abcdef", 0, 6, [Mark(0, 4, "ev"), Mark(2, 3, "quote")]))
    assert html == '<mark class="ev">ab</mark><mark class="ev quote">c</mark><mark class="ev">d</mark>ef'


def test_render_highlight_withholds_person_once() -> None:
    html = str(highlight(TEXT, 0, len(TEXT), [Mark(0, 9, "quote")], [(0, 4)]))
    assert "Ivan" not in html and html.count("[name withheld]") == 1


def test_render_highlight_clips_to_window() -> None:
    assert str(highlight("0123456789", 2, 5, [Mark(0, 9, "q")])) == '<mark class="q">234</mark>'


def test_render_safe_url_only_http() -> None:
    assert safe_url("https://a.example/x") == "https://a.example/x"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JaVaScRiPt:alert(1)") is None
    assert safe_url("data:text/html,hi") is None
