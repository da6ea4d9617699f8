from __future__ import annotations

import pytest

from svidok.read import sniff_media_type


@pytest.mark.parametrize(
    ("name", "as_name", "expected"),
    [
        ("report.pdf", "report.bin", "application/pdf"),
        ("article.html", "article.txt", "text/html"),
        ("article_noisy.html", "noisy", "text/html"),
        ("en_utf8.txt", "en_utf8.txt", "text/plain"),
        ("uk_utf16le_bom.txt", "notes", "text/plain"),
        ("picture.txt", "picture.txt", "image/png"),
    ],
)
def test_sniff_content_decides_media_type(fixture_bytes, name, as_name, expected):
    assert sniff_media_type(fixture_bytes(name), as_name) == expected


def test_sniff_html_extension_without_markers():
    assert sniff_media_type(b"just a fragment of text", "page.htm") == "text/html"
