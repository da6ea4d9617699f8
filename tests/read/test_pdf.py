from __future__ import annotations

import pytest

from svidok.read import ReadError, read_bytes


def test_pdf_reads_text_layer(fixture_bytes):
    read = read_bytes(fixture_bytes("report.pdf"), "report.pdf")
    assert read.reader == "svidok.read.pdf"
    assert read.title == "Vilkhivka report"
    assert "kept at least twelve residents in the basement of the local school" in read.text
    assert "regional police said on Tuesday" in read.text


def test_pdf_rejoins_wrapped_lines_and_hyphenation(fixture_bytes):
    text = read_bytes(fixture_bytes("report.pdf"), "report.pdf").text
    assert "a neighbour reported that" in text
    assert text.split("\n\n")[0] == "Residents describe weeks held in a school basement"


@pytest.mark.parametrize("name", ["corrupt.pdf", "truncated.pdf"])
def test_pdf_rejects_corrupt_file(fixture_bytes, name):
    with pytest.raises(ReadError, match=rf"^{name}: corrupt PDF"):
        read_bytes(fixture_bytes(name), name)


def test_pdf_rejects_encrypted_file(fixture_bytes):
    with pytest.raises(ReadError, match=r"^encrypted\.pdf: encrypted PDF"):
        read_bytes(fixture_bytes("encrypted.pdf"), "encrypted.pdf")


def test_pdf_rejects_missing_text_layer(fixture_bytes):
    with pytest.raises(ReadError, match="no text layer"):
        read_bytes(fixture_bytes("no_text_layer.pdf"), "no_text_layer.pdf")


def test_pdf_opens_owner_locked_file_without_password(fixture_bytes):
    read = read_bytes(fixture_bytes("owner_locked.pdf"), "owner_locked.pdf")
    assert "at least twelve residents" in read.text
