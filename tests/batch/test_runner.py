"""svidok.batch.runner on a real 2-worker LocalCluster, real SQLite case, real spaCy model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from distributed import Client

from batch.conftest import snapshot
from batch.reports import REPORTS
from svidok.batch import BatchError, run_batch
from svidok.batch.runner import BatchReport, _chunks
from svidok.model import DocumentMeta
from svidok.services.case import init_case
from svidok.services.ingest import ingest_paths
from svidok.services.preserve import Item
from svidok.services.verify import verify_case


def test_runner_matches_add(tmp_path: Path, reports: Path, dask_client: Client,
                            added: dict[str, Any]) -> None:
    case = init_case(tmp_path / "case", actor="tester")
    report = run_batch(case, [reports], client=dask_client, chunk=3)
    got = snapshot(case)
    case.close()
    assert report.ok and report.submitted == len(REPORTS)
    assert got["mentions"], "the reports should yield mentions"
    for key in ("documents", "texts", "mentions", "incidents", "actions", "status"):
        assert got[key] == added[key], key


def test_runner_resume_skips_finished(tmp_path: Path, reports: Path, dask_client: Client,
                                      added: dict[str, Any]) -> None:
    case = init_case(tmp_path / "case", actor="tester")
    first = run_batch(case, [reports], client=dask_client, chunk=2, limit=3)
    assert first.stopped and len(first.added) == 3 and not first.processed
    second = run_batch(case, [reports], client=dask_client, chunk=2)
    got = snapshot(case)
    ok = verify_case(case).ok
    case.close()
    assert second.submitted == len(REPORTS) - 3  # finished documents are not sent again
    assert sorted(second.resumed) == sorted(first.added)
    assert ok
    for key in ("documents", "mentions", "incidents", "status"):
        assert got[key] == added[key], key


def test_runner_rejects_bad_chunk(tmp_path: Path, reports: Path, dask_client: Client) -> None:
    case = init_case(tmp_path / "case", actor="tester")
    with pytest.raises(BatchError, match="--chunk 0"):
        run_batch(case, [reports], client=dask_client, chunk=0)
    case.close()


def test_runner_extracts_documents_stored_without_extraction(tmp_path: Path, reports: Path,
                                                             dask_client: Client,
                                                             added: dict[str, Any]) -> None:
    case = init_case(tmp_path / "case", actor="tester")
    ingest_paths(case, [reports], extract=False)
    report = run_batch(case, [reports], client=dask_client)
    got = snapshot(case)
    case.close()
    assert report.submitted == 0 and not report.resumed  # nothing to send: the bytes are read already
    assert sorted(report.processed) == sorted(d[0] for d in added["documents"])
    for key in ("mentions", "incidents", "status"):
        assert got[key] == added[key], key


def _item(n: int) -> Item:
    return Item(Path(f"r{n}.txt"), b"x", f"{n:064x}", DocumentMeta())


def test_runner_chunks_shrink_near_the_end() -> None:
    sizes = [len(g) for g in _chunks(iter([_item(n) for n in range(200)]), 32, 200, 2, None,
                                     BatchReport())]
    assert sum(sizes) == 200 and max(sizes) == 32
    assert sizes[:3] == [32, 32, 32] and sizes == sorted(sizes, reverse=True)
    assert sizes[-1] == 1  # the last task is one document, so no worker waits through a long one


def test_runner_chunks_keep_failures_in_place() -> None:
    items: list[Item | tuple[str, str]] = [_item(0), ("bad.txt", "empty file"), _item(1), _item(2)]
    groups = list(_chunks(iter(items), 2, 4, 1, None, BatchReport()))
    assert [x for g in groups for x in g] == items
    assert groups[0] == items[:3]  # the failure rides along; two files make the first group


def test_runner_chunks_stop_at_limit() -> None:
    report = BatchReport()
    groups = list(_chunks(iter([_item(n) for n in range(10)]), 4, 10, 1, 5, report))
    assert sum(len(g) for g in groups) == 5 and report.stopped


def test_runner_telegram_export_and_languages_match_add(tmp_path: Path, dask_client: Client) -> None:
    from svidok.db import repo

    folder = tmp_path / "in"
    (folder / "channel").mkdir(parents=True)
    export = Path(__file__).resolve().parents[1] / "fixtures" / "telegram" / "oblast_channel" / "result.json"
    (folder / "channel" / "result.json").write_bytes(export.read_bytes())
    (folder / "uk.txt").write_text("Окупанти утримували щонайменше сімох цивільних у підвалі школи.",
                                   encoding="utf-8")
    (folder / "it.txt").write_text("I militari hanno trattenuto sette civili nella cantina di una scuola.",
                                   encoding="utf-8")

    def languages(case: Any) -> list[tuple[Any, ...]]:
        with case.connect() as conn:
            return sorted((d.id, d.part, d.original_sha256, d.language, d.extraction_status)
                          for d in repo.list_documents(conn))

    by_add = init_case(tmp_path / "add", actor="tester")
    add_report = ingest_paths(by_add, [folder])
    want, want_snap = languages(by_add), snapshot(by_add)
    by_add.close()
    case = init_case(tmp_path / "batch", actor="tester")
    report = run_batch(case, [folder], client=dask_client, chunk=2)
    got, got_snap = languages(case), snapshot(case)
    case.close()
    assert report.ok and got == want and len(got) == 5
    assert [lang for _, lang in report.unsupported] == ["it"]
    assert [lang for _, lang in add_report.unsupported] == ["it"]
    for key in ("documents", "texts", "mentions", "incidents", "actions"):
        assert got_snap[key] == want_snap[key], key
