"""Storing groups of read documents: one transaction per group, in input order."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from db.factories import mention
from services.conftest import write
from svidok.db import analysis, repo
from svidok.db import custody as custody_db
from svidok.services.case import Case
from svidok.services.ingest import read_utf8
from svidok.services.preserve import IngestReport, Item, Overrides, Preserver, Ready

REPORT = ("Residents of the village said soldiers kept eleven men in a school basement for two weeks "
          "and questioned them at night. Investigators visited the basement later that month and found "
          "a list of names scratched on the wall, with dates beside several of them. Two of the men "
          "were taken away by car and have not been seen since, their families told the inspectors.")


def _items(job: Preserver, paths: list[Path]) -> list[Item]:
    loaded = list(job.load(paths))
    assert all(isinstance(i, Item) for i in loaded)
    return [i for i in loaded if isinstance(i, Item)]


def _ready(job: Preserver, paths: list[Path]) -> list[Ready]:
    return [Ready(i, read_utf8(i.data, i.path.name)) for i in _items(job, paths)]


def _job(case: Case) -> tuple[Preserver, IngestReport]:
    report = IngestReport()
    return Preserver(case, Overrides(), 1_000_000, report), report


def _actions(case: Case) -> list[str]:
    with case.connect() as conn:
        return [e.action for e in custody_db.load_events(conn)]


def test_preserve_group_stored_in_input_order(case: Case, tmp_path: Path) -> None:
    texts = [REPORT, "Shelling hit a market in the town centre on Sunday.", "Other. " * 9]
    paths = [write(tmp_path / f"r{n}.txt", text) for n, text in enumerate(texts)]
    job, report = _job(case)
    ready = _ready(job, paths)
    job.store_many(ready)
    assert report.added == [r.item.sha for r in ready] == job.pending
    assert _actions(case) == ["init", "add", "add", "add"]
    with case.connect() as conn:
        assert repo.document_statuses(conn, report.added) == dict.fromkeys(report.added, "stored")
        assert repo.get_text(conn, report.added[0]) == ready[0].read
    assert sorted(case.store.iter_hashes()) == sorted(report.added)


def test_preserve_copy_within_group_is_duplicate_seen(case: Case, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", REPORT)
    b = write(tmp_path / "copy.txt", REPORT)
    job, report = _job(case)
    job.store_many(_ready(job, [a, b]))  # neither is stored when both are loaded
    assert len(report.added) == 1 and report.duplicates == [str(b)]
    assert _actions(case) == ["init", "add", "duplicate_seen"]


def test_preserve_near_copy_within_group_is_flagged(case: Case, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", REPORT)
    b = write(tmp_path / "b.txt", "Syndicated from a partner outlet.\n\n" + REPORT)
    job, report = _job(case)
    job.store_many(_ready(job, [a, b]))
    [(doc, of, similarity)] = report.near_duplicates
    assert (doc, of) == tuple(report.added[::-1]) and similarity >= 0.7
    assert _actions(case) == ["init", "add", "add", "near_duplicate"]


def test_preserve_worker_mentions_stored_with_extract_event(case: Case, tmp_path: Path) -> None:
    job, _ = _job(case)
    [entry] = _ready(job, [write(tmp_path / "a.txt", REPORT)])
    found = [mention(entry.item.sha, "m1"), mention(entry.item.sha, "m2")]
    job.store_many([replace(entry, extracted=(found, "svidok.extract", "9.9"))])
    with case.connect() as conn:
        assert [m.id for m in analysis.load_mentions(conn, [entry.item.sha])] == ["m1", "m2"]
        extract = custody_db.load_events(conn, action="extract")
    assert [(e.object_hash, e.details["version"], e.details["mentions"]) for e in extract] == [
        (entry.item.sha, "9.9", 2)]


def test_preserve_bad_group_writes_nothing(case: Case, tmp_path: Path) -> None:
    job, report = _job(case)
    first, second = _ready(job, [write(tmp_path / "a.txt", REPORT), write(tmp_path / "b.txt", "Other. " * 9)])
    foreign = replace(second, extracted=([mention(first.item.sha)], "svidok.extract", "1.0"))
    with pytest.raises(ValueError, match="does not belong"):
        job.store_many([first, foreign])
    assert report.added == [] and _actions(case) == ["init"]
    assert first.item.sha not in job.index  # a later copy must not match a document never stored
    job.store_many([first])
    assert report.added == [first.item.sha] and report.near_duplicates == []


def test_preserve_unwritable_object_fails_alone(case: Case, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    job, report = _job(case)
    good, bad = _ready(job, [write(tmp_path / "a.txt", REPORT), write(tmp_path / "b.txt", "Other. " * 9)])
    put = case.store.put

    def full_disk(data: bytes) -> str:
        if data == bad.item.data:
            raise OSError(28, "No space left on device")
        return put(data)

    monkeypatch.setattr(case.store, "put", full_disk)
    job.store_many([good, bad])
    assert report.added == [good.item.sha]
    assert report.failed == [(str(bad.item.path), "cannot store (No space left on device)")]


@pytest.mark.parametrize(("given", "iso", "precision"), [
    ("2022-03", "2022-03", "month"), ("2022", "2022", "year"), ("2022-03-14", "2022-03-14", "day"),
    ("2022-03-14T08:30:00Z", "2022-03-14", "day")])
def test_preserve_published_keeps_its_precision(case: Case, tmp_path: Path, given: str, iso: str,
                                                precision: str) -> None:
    import json

    from svidok.services.export import render
    from svidok.services.ingest import ingest_paths

    f = write(tmp_path / "in" / "r.txt", REPORT)
    write(tmp_path / "in" / "r.txt.meta.json", json.dumps({"published": given}))
    report = ingest_paths(case, [f], extract=False)
    assert report.failed == [] and len(report.added) == 1
    with case.connect() as conn:
        doc = repo.get_document(conn, report.added[0])
        exported = json.loads(render(conn, "json")[0])["documents"][0]
        event = custody_db.load_events(conn, action="add")[0]
    assert doc is not None and doc.meta.published_precision == precision
    assert doc.meta.published_iso() == iso and event.details["published"] == iso
    assert (exported["published"], exported["published_precision"]) == (iso, precision)


@pytest.mark.parametrize("given", ["2022-13", "2022-02-30", "22-03", "March 2022", "2022-3", 2022])
def test_preserve_bad_published_refuses_the_file_naming_the_value(case: Case, tmp_path: Path,
                                                                  given: object) -> None:
    import json

    from svidok.services.ingest import ingest_paths

    f = write(tmp_path / "in" / "r.txt", REPORT)
    write(tmp_path / "in" / "r.txt.meta.json", json.dumps({"published": given}))
    report = ingest_paths(case, [f], extract=False)
    assert report.failed == [(str(f), f"published date {given!r} is not YYYY, YYYY-MM or YYYY-MM-DD")]


def test_preserve_month_published_is_no_anchor_for_relative_dates() -> None:
    from datetime import date

    from svidok.model import DocumentMeta

    assert DocumentMeta(published=date(2022, 3, 1), published_precision="month").published_anchor() is None
    assert DocumentMeta(published=date(2022, 3, 14)).published_anchor() == date(2022, 3, 14)
