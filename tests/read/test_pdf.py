from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

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


@seed(20261207)  # committed: every run damages the same bytes
@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_pdf_damaged_report_reads_or_fails_with_a_one_line_error(fixture_bytes, data) -> None:
    """Bytes flipped, cut or spliced anywhere in a real PDF: text, or a ReadError naming the file."""
    raw = bytearray(fixture_bytes("report.pdf"))
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "splice"]))
        if action == "flip":
            raw[pos] ^= 1 << data.draw(st.integers(0, 7))
        elif action == "cut":
            del raw[pos:pos + data.draw(st.integers(1, 200))]
        else:
            raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=40))
    try:
        read = read_bytes(bytes(raw), "damaged.pdf")
    except ReadError as exc:
        assert str(exc).startswith("damaged.pdf: ") and "\n" not in str(exc)
    else:
        assert all(0 <= a < b <= len(read.text) for a, b in read.body)
