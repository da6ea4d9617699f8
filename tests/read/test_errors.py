from __future__ import annotations

import pickle

from svidok.read import ReadError


def test_errors_message_is_one_line_with_file_name():
    err = ReadError("report.pdf", "corrupt PDF (bad xref\n  at offset 12)")
    assert str(err) == "report.pdf: corrupt PDF (bad xref at offset 12)"
    assert err.reason == "corrupt PDF (bad xref at offset 12)"


def test_errors_survive_pickling_between_processes():
    err = pickle.loads(pickle.dumps(ReadError("a.txt", "empty file")))
    assert (err.filename, err.reason, str(err)) == ("a.txt", "empty file", "a.txt: empty file")
