"""The concurrency mix at scale: four `svidok` processes at once against the same work done one
command after another.

The corpus is cut in three overlapping folders (first, second, third). A case gets `first`; then
`add second`, `batch third`, `extract` and `batch second` run at once (add and a batch race for the
files of `second`, the other batch shares the overlap with it, extract redoes what is stored). The
sequential arm runs the same four commands one after another on a fresh case that got `first` too,
`extract` first so that it redoes the same documents. Both must end in the same outcome
(services.linking.outcome: every incident and every mention's incident, free of ids); the figure is
the wall time of each arm. tests/postgres/mixed.py runs the same mix at a small size.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from svidok.bench.measure import LAST_TREE_PSS_MB, _start, _svidok_cmd, _wait

SIDECAR = ".meta.json"


def cut(names: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Three folders' worth of names, each sharing about a seventh of the corpus with the next."""
    n = len(names)
    third, lap = n // 3, max(1, n // 20)
    return (list(names[:third + lap]), list(names[third:2 * third + lap]), list(names[2 * third:]))


def place(corpus: Path, names: list[str], folder: Path) -> Path:
    """`folder` holding the named reports of `corpus` and their sidecars (hard links when possible)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        for src in (corpus / name, corpus / (name + SIDECAR)):
            if src.exists():
                try:
                    os.link(src, folder / src.name)
                except OSError:
                    shutil.copy2(src, folder / src.name)
    return folder


def mix(first: Path, second: Path, third: Path, workers: int = 1) -> list[list[str]]:
    """The four commands that run at once (`first` is in the case before they start)."""
    del first  # stored beforehand; `extract` redoes it
    return [["add", str(second)], ["batch", str(third), "--local", str(workers)], ["extract"],
            ["batch", str(second), "--local", str(workers)]]


def _env() -> dict[str, str]:
    env = dict(os.environ, SVIDOK_ACTOR="bench")
    env.pop("SVIDOK_DB", None)
    return env


def _run(case: Path, cmd: list[str]) -> None:
    done = subprocess.run([*_svidok_cmd(), "--case", str(case), *cmd], capture_output=True, text=True,
                          env=_env())
    if done.returncode != 0:
        raise RuntimeError(f"svidok {' '.join(cmd)} failed (exit {done.returncode}): "
                           f"{(done.stderr or done.stdout).strip()[-300:]}")


def at_once(case: Path, commands: list[list[str]]) -> tuple[float, float]:
    """Run `commands` as simultaneous processes; (wall seconds, summed peak MB of their trees)."""
    t0 = time.perf_counter()
    started = [_start([*_svidok_cmd(), "--case", str(case), *cmd], _env(), 1.0) for cmd in commands]
    peaks = 0.0
    failures = []
    for cmd, s in zip(commands, started, strict=True):
        code, _, _, out, err = _wait(s)
        peaks += LAST_TREE_PSS_MB[-1]
        if code != 0:
            failures.append(f"svidok {' '.join(cmd)} exited {code}: {(err or out).strip()[-300:]}")
    if failures:
        raise RuntimeError("; ".join(failures))
    return time.perf_counter() - t0, peaks


def one_by_one(case: Path, commands: list[list[str]]) -> float:
    t0 = time.perf_counter()
    for cmd in commands:
        _run(case, cmd)
    return time.perf_counter() - t0


def outcome_of(case_dir: Path) -> Any:
    from svidok.services.case import open_case
    from svidok.services.linking import outcome

    case = open_case(case_dir, actor="bench")
    try:
        with case.connect() as conn:
            return outcome(conn)
    finally:
        case.close()


def differences(concurrent: Any, sequential: Any, shown: int = 5) -> str:
    """The first incidents found in only one arm, so a failed mix names what differs."""
    a, b = set(concurrent.incidents), set(sequential.incidents)
    only_a, only_b = sorted(a - b, key=repr)[:shown], sorted(b - a, key=repr)[:shown]
    return (f"{len(a - b)} incidents only in the concurrent run (first: {only_a}), "
            f"{len(b - a)} only in the sequential run (first: {only_b})")


def _fresh(db_url: str | None) -> tuple[list[str], Any]:
    """`svidok init` arguments for a fresh case (a new PostgreSQL schema for db_url) and a cleanup."""
    if db_url is None:
        return [], lambda: None
    import sqlalchemy as sa

    schema = f"svidok_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(db_url)
    with admin.begin() as c:
        c.exec_driver_sql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in db_url else "?"

    def drop() -> None:
        with admin.begin() as c:
            c.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()

    return ["--db", f"{db_url}{sep}options=-csearch_path%3D{schema}"], drop


def bench_concurrency(corpus: Path, tmp: Path, db_url: str | None = None) -> dict[str, Any]:
    """Both arms on `corpus` (SQLite, or a fresh schema of db_url each); raises when they differ."""
    names = sorted(p.name for p in corpus.iterdir() if p.is_file() and not p.name.endswith(SIDECAR))
    parts = cut(names)
    root = tmp / f"mix-{uuid.uuid4().hex[:6]}"
    first, second, third = (place(corpus, part, root / label)
                            for part, label in zip(parts, ("first", "second", "third"), strict=True))
    commands = mix(first, second, third)
    arms: dict[str, Any] = {}
    outcomes = {}
    for arm in ("concurrent", "sequential"):
        init, drop = _fresh(db_url)
        try:
            case = root / f"case-{arm}"
            subprocess.run([*_svidok_cmd(), "init", str(case), *init], check=True, capture_output=True,
                           env=_env())
            t0 = time.perf_counter()
            _run(case, ["add", str(first)])
            before = time.perf_counter() - t0
            if arm == "concurrent":
                seconds, peak = at_once(case, commands)
            else:  # extract first: it redoes what `first` stored, as it does when it starts at once
                seconds, peak = one_by_one(case, [commands[2], commands[0], commands[1], commands[3]]), None
            outcomes[arm] = outcome_of(case)
            arms[arm] = {"first_add_s": round(before, 1), "seconds": round(seconds, 1),
                         "peak_pss_sum_mb": peak, "incidents": len(outcomes[arm].incidents),
                         "placed_mentions": len(outcomes[arm].links),
                         "unlinked": sum(1 for *_, owner in outcomes[arm].links if owner is None)}
        finally:
            drop()
    same_incidents = outcomes["concurrent"].incidents == outcomes["sequential"].incidents
    same_links = outcomes["concurrent"].links == outcomes["sequential"].links
    result = {"db": "postgresql" if db_url else "sqlite", "docs": len(names),
              "folders": [len(p) for p in parts], "arms": arms, "same_incidents": same_incidents,
              "same_links": same_links,
              "speedup": round(arms["sequential"]["seconds"] / arms["concurrent"]["seconds"], 2)}
    shutil.rmtree(root, ignore_errors=True)
    if not (same_incidents and same_links) or any(a["unlinked"] for a in arms.values()):
        raise RuntimeError(f"concurrency mix ({result['db']}): the concurrent run ended unlike the "
                           f"sequential one, or left mentions unlinked: {result}; "
                           f"{differences(outcomes['concurrent'], outcomes['sequential'])}")
    return result
