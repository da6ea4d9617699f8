from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Connection

from svidok.db import custody as custody_db
from svidok.db.engine import open_engine
from svidok.db.migrate import upgrade
from svidok.db.tables import chain_head, custody_events
from svidok.evidence import custody

KEY = Ed25519PrivateKey.generate()


def test_custody_append_links_to_previous_event(conn: Connection) -> None:
    a = custody_db.append_event(conn, KEY, "ana", "init")
    b = custody_db.append_event(conn, KEY, "ana", "add", "f" * 64, {"filename": "x.txt"})
    assert (a.seq, a.prev_hash) == (1, custody.GENESIS)
    assert (b.seq, b.prev_hash) == (2, a.hash)
    assert custody_db.head(conn) == (2, b.hash)


def test_custody_load_events_filters_and_limits(conn: Connection) -> None:
    for action in ("init", "add", "add", "read"):
        custody_db.append_event(conn, KEY, "ana", action)
    assert [e.seq for e in custody_db.load_events(conn, action="add")] == [2, 3]
    assert [e.seq for e in custody_db.load_events(conn, limit=2, newest_first=True)] == [4, 3]


def test_custody_same_seq_cannot_be_stored_twice(conn: Connection) -> None:
    e = custody_db.append_event(conn, KEY, "ana", "init")
    row = custody.make_event(KEY, e.seq, "1" * 64, "mallory", "add", None, {})
    with pytest.raises(sa.exc.IntegrityError):
        conn.execute(custody_events.insert().values(**row))


def _writer(url: str, n: int) -> None:
    engine = open_engine(url)
    for _ in range(n):
        with engine.begin() as c:
            custody_db.append_event(c, KEY, "proc", "read")
    engine.dispose()


def test_custody_concurrent_processes_do_not_fork_the_chain(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    engine = open_engine(url)
    upgrade(engine)
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(url, 25)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    with engine.connect() as c:
        rows = list(custody_db.iter_rows(c))
    engine.dispose()
    prev = custody.GENESIS
    for i, row in enumerate(rows, start=1):
        assert custody.row_problem(row, i, prev, KEY.public_key()) is None
        prev = row["hash"]
    assert len(rows) == 100


@pytest.mark.postgres
def test_custody_concurrent_postgres_appends_do_not_fork(pg_engine: sa.Engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with pg_engine.begin() as c:
        before = custody_db.head(c)[0]

    def work(_: int) -> None:
        for _ in range(10):
            with pg_engine.begin() as c:
                custody_db.append_event(c, KEY, "thread", "read")

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(4)))
    with pg_engine.connect() as c:
        rows = [r for r in custody_db.iter_rows(c) if r["seq"] > before]
        prevs = {r["prev_hash"] for r in rows}
    assert [r["seq"] for r in rows] == list(range(before + 1, before + 41))
    assert len(prevs) == 40
    with pg_engine.begin() as c:  # leave the shared session schema as it was for other tests
        c.execute(custody_events.delete().where(custody_events.c.seq > before))
        prev = rows[0]["prev_hash"]
        c.execute(chain_head.update().values(seq=before, hash=prev))


def test_custody_append_events_chain_in_order(conn: Connection) -> None:
    first = custody_db.append_event(conn, KEY, "ana", "init")
    added = custody_db.append_events(conn, KEY, "ana", [
        ("add", "a" * 64, {"filename": "a.txt"}), ("near_duplicate", "a" * 64, {"of": "b" * 64}),
        ("add", "c" * 64, {})])
    assert [(e.seq, e.action) for e in added] == [(2, "add"), (3, "near_duplicate"), (4, "add")]
    assert [e.prev_hash for e in added] == [first.hash, added[0].hash, added[1].hash]
    assert custody_db.head(conn) == (4, added[-1].hash)
    stored = [custody.to_model(r) for r in custody_db.iter_rows(conn)]
    assert stored[1:] == added


def test_custody_append_events_empty_writes_nothing(conn: Connection) -> None:
    custody_db.append_event(conn, KEY, "ana", "init")
    before = custody_db.head(conn)
    assert custody_db.append_events(conn, KEY, "ana", []) == []
    assert custody_db.head(conn) == before
