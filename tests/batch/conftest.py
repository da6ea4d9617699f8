"""One 2-worker local Dask cluster for the module, and the case `svidok add` makes of the reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client, LocalCluster

from batch.reports import write_reports
from svidok.db import analysis, repo
from svidok.db import custody as custody_db
from svidok.services.case import Case, init_case
from svidok.services.ingest import ingest_paths


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=40) as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_reports(tmp_path_factory.mktemp("reports"))


def snapshot(case: Case) -> dict[str, Any]:
    """What must not depend on how documents were added: rows, texts, mentions, incidents, log actions."""
    with case.connect() as conn:
        docs = repo.list_documents(conn)
        texts = {d.id: repo.get_text(conn, d.id) for d in docs}
        mentions = [(m.id, m.document_id, m.type, m.place.id if m.place else None)
                    for m in analysis.load_mentions(conn)]
        incidents = sorted(i.id for i in analysis.load_incidents(conn))
        actions = sorted((e.action, e.object_hash or "") for e in custody_db.load_events(conn)
                         if e.action != "link")
        status = {d.id: repo.document_status(conn, d.id) for d in docs}
    rows = sorted((d.id, d.filename, d.media_type, d.size, d.meta.title, d.meta.outlet, d.meta.published,
                   d.near_duplicate_of) for d in docs)
    return {"documents": rows, "texts": texts, "mentions": sorted(mentions), "incidents": incidents,
            "actions": actions, "status": status}


@pytest.fixture(scope="session")
def added(tmp_path_factory: pytest.TempPathFactory, reports: Path) -> dict[str, Any]:
    case = init_case(tmp_path_factory.mktemp("add") / "case", actor="tester")
    report = ingest_paths(case, [reports])
    assert report.ok, report.failed
    snap = snapshot(case)
    case.close()
    return snap
