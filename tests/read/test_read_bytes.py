"""read_bytes: dispatch and the one-line errors for input that is not a readable document."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from svidok.read import ReadError, read_bytes

from .conftest import SEEDS, needs_seeds


@pytest.mark.parametrize("name", ["empty.txt", "whitespace.txt"])
def test_read_bytes_rejects_empty_file(fixture_bytes, name):
    with pytest.raises(ReadError, match=rf"^{name}: empty file"):
        read_bytes(fixture_bytes(name), name)


def test_read_bytes_rejects_binary_junk(fixture_bytes):
    with pytest.raises(ReadError, match=r"^junk\.bin: binary data"):
        read_bytes(fixture_bytes("junk.bin"), "junk.bin")


def test_read_bytes_rejects_control_characters():
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15] * 20) + b"some words here"
    with pytest.raises(ReadError, match="control characters"):
        read_bytes(data, "ctl.txt")


def test_read_bytes_names_known_binary_format(fixture_bytes):
    with pytest.raises(ReadError, match=r"^picture\.txt: unsupported format: PNG image$"):
        read_bytes(fixture_bytes("picture.txt"), "picture.txt")


def test_read_bytes_error_is_one_line(fixture_bytes):
    with pytest.raises(ReadError) as info:
        read_bytes(fixture_bytes("corrupt.pdf"), "corrupt.pdf")
    assert "\n" not in str(info.value)


@needs_seeds
def test_read_bytes_reads_seeds_quickly():
    paths = sorted(SEEDS.glob("*.txt"))
    assert paths
    start = time.perf_counter()
    for path in paths:
        read = read_bytes(path.read_bytes(), path.name)
        assert read.encoding == "utf-8" and read.body
    assert time.perf_counter() - start < 2.0


@seed(20261201)  # committed: every run tries the same inputs
@settings(max_examples=200, deadline=None, database=None)
@given(st.binary(max_size=600), st.sampled_from(["a.txt", "a.html", "a.pdf", "a"]))
def test_read_bytes_fails_only_with_read_error(data, name):
    try:
        read = read_bytes(data, name)
    except ReadError as exc:
        assert str(exc).startswith(f"{name}: ") and "\n" not in str(exc)
    else:
        assert all(0 <= a < b <= len(read.text) for a, b in read.body)


def test_read_bytes_sniffs_when_told_octet_stream(fixture_bytes):
    read = read_bytes(fixture_bytes("report.pdf"), "upload", media_type="application/octet-stream")
    assert read.reader == "svidok.read.pdf"


def test_read_bytes_stored_page_stamp_gives_the_published_day():
    stamped = read_bytes(b" date 2025-04-13 KYIV: A strike hit a market.", "a.txt")
    assert stamped.published == date(2025, 4, 13)
    assert read_bytes(b" date 2022-04 A strike hit a market.", "a.txt").published is None
