"""What a Dask worker runs, called in this process (the same code a worker imports)."""

from __future__ import annotations

from batch.reports import REPORTS
from svidok.batch.work import Done, Failed, Job, process_chunk


def _job(name: str, text: str) -> Job:
    return Job(sha=name, filename=name, data=text.encode("utf-8"), published=None)


def test_work_a_document_whose_extraction_fails_fails_alone_and_named() -> None:
    from breaker import MARKER, breaking_extractor

    texts = [t for t, _ in REPORTS.values()][:3]
    jobs = [_job("a.txt", texts[0]), _job("bad.txt", f"{MARKER}\n{texts[1]}"), _job("c.txt", texts[2])]
    with breaking_extractor():
        results = process_chunk("svidok", jobs)
    assert [type(r) for r in results] == [Done, Failed, Done]
    assert [r.sha for r in results] == ["a.txt", "bad.txt", "c.txt"]
    failed = results[1]
    assert isinstance(failed, Failed)
    assert failed.reason == "extraction failed: test_breaks_on_marker refused the text"
    assert all(r.mentions for r in results if isinstance(r, Done))


def test_work_unreadable_file_fails_alone() -> None:
    ok = next(iter(REPORTS.values()))[0]
    results = process_chunk("svidok", [_job("empty.txt", "   "), _job("ok.txt", ok)])
    assert [type(r) for r in results] == [Failed, Done]
    assert isinstance(results[0], Failed) and "empty file" in results[0].reason
