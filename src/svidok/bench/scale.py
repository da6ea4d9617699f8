"""Scale-out measurements: `svidok batch` on a local Dask cluster with 1 and 2 workers.

Each run is the real command line in a subprocess on a fresh SQLite case, so the figure includes
everything a user waits for: starting the cluster, loading the model on every worker, reading and
extracting on the workers, storing in the client, and the final linking. A one-document run with
the same worker count measures that fixed start-up, reported beside the totals.

The runs go in the order 1, 2, 2, 1 workers (an ABBA design) and each count's time is the mean of
its two runs: a virtual machine's speed drifts by 10-20% over minutes, and a drift that is linear
over the four runs then weighs on both counts alike instead of on whichever ran second.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from statistics import mean
from typing import Any

from svidok.bench.measure import LAST_TREE_PSS_MB, _spawn, _svidok_cmd

# Memory is not a target here, and sampling it takes CPU from the run (more of it when every
# core is busy, so it would bias the 2-worker time): once a second is enough for a peak.
SAMPLE_EVERY = 1.0


def _batch(corpus: Path, workers: int, chunk: int) -> tuple[float, float]:
    env = dict(os.environ, SVIDOK_ACTOR="bench")
    env.pop("SVIDOK_DB", None)
    with tempfile.TemporaryDirectory(prefix="svidok-bench-dask-") as tmp:
        case_dir = Path(tmp) / "case"
        code, _, _, _, err = _spawn([*_svidok_cmd(), "init", str(case_dir)], env)
        if code != 0:
            raise RuntimeError(f"svidok init failed (exit {code}): {err.strip()[-300:]}")
        cmd = [*_svidok_cmd(), "--case", str(case_dir), "batch", str(corpus), "--local", str(workers),
               "--chunk", str(chunk)]
        code, seconds, _, out, err = _spawn(cmd, env, SAMPLE_EVERY)
        if code != 0:
            raise RuntimeError(f"svidok batch failed (exit {code}): {(err or out).strip()[-300:]}")
    return seconds, LAST_TREE_PSS_MB[-1]


def abba(workers: tuple[int, ...]) -> list[int]:
    """Run order: each count once forwards, then once backwards (1, 2, 2, 1)."""
    return [*workers, *reversed(workers)]


def bench_dask(corpus: Path, words: int, files: int, workers: tuple[int, ...] = (1, 2),
               chunk: int = 32) -> dict[str, Any]:
    """Wall time of `svidok batch CORPUS --local N` for each N (mean of two runs, ABBA order),
    and the scaling ratio of the largest N against N=1 (docs/s over docs/s)."""
    first = sorted(p for p in corpus.iterdir() if p.is_file() and not p.name.endswith(".meta.json"))[0]
    times: dict[int, list[float]] = {n: [] for n in workers}
    peaks: dict[int, list[float]] = {n: [] for n in workers}
    startups: dict[int, list[float]] = {n: [] for n in workers}
    with tempfile.TemporaryDirectory(prefix="svidok-bench-one-") as tmp:
        one = Path(tmp) / "one"
        one.mkdir()
        (one / first.name).write_bytes(first.read_bytes())
        for n in abba(workers):
            startups[n].append(_batch(one, n, chunk)[0])
            seconds, peak = _batch(corpus, n, chunk)
            times[n].append(seconds)
            peaks[n].append(peak)
    runs = []
    for n in workers:
        seconds = mean(times[n])
        runs.append({"workers": n, "docs": files, "words": words, "seconds": round(seconds, 1),
                     "each_s": [round(t, 1) for t in times[n]],
                     "docs_per_s": round(files / seconds, 2), "words_per_s": round(words / seconds),
                     "peak_pss_sum_mb": max(peaks[n]), "startup_s": round(mean(startups[n]), 1)})
    base, top = runs[0], runs[-1]
    steady = [(r["seconds"] - r["startup_s"]) for r in (base, top)]
    return {"chunk": chunk, "order": abba(workers), "runs": runs,
            "scaling": round(top["docs_per_s"] / base["docs_per_s"], 3),
            "scaling_after_startup": round(steady[0] / steady[1], 3) if steady[1] > 0 else None}
