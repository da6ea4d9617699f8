"""Bounded work: extraction of very long documents, in time and memory, at 1x and 10x their size.

Each arm runs in its own child process (so its peak memory is its own) over the synthetic corpus's
paragraphs: `long` joins them into one text of `mb` megabytes, extracted in sections; `html` makes one
HTML page of `paragraphs` paragraphs, read (boilerplate removal) and extracted. Each is measured at
a tenth of its size and at its full size. Linear work shows as a time per character that stays the
same from 1x to 10x (ratio near 1; CPU time, which a busy machine does not inflate, with the
wall-clock ratio beside it), and bounded memory as a peak that barely grows (memory per
character at 10x about a tenth of that at 1x).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from html import escape
from pathlib import Path
from typing import Any

from svidok.bench import measure

PARAGRAPHS = 50_000


def _paragraphs(folder: Path) -> list[str]:
    texts = [r.text for _, r in measure.read_corpus(folder)]
    return [p.strip() for t in texts for p in t.split("\n\n") if len(p.strip()) > 40]


def make_inputs(folder: Path, out: Path, mb: float, paragraphs: int = PARAGRAPHS) -> dict[str, Path]:
    """The long text (`mb` MB) and the 50,000-paragraph page, from the corpus's paragraphs."""
    paras = _paragraphs(folder)
    out.mkdir(parents=True, exist_ok=True)
    long_parts, size, i = [], 0, 0
    while size < mb * 1_000_000:
        p = paras[i % len(paras)]
        long_parts.append(p)
        size += len(p.encode("utf-8")) + 2
        i += 1
    (out / "long.txt").write_text("\n\n".join(long_parts), encoding="utf-8")
    body = "\n".join(f"<p>{escape(paras[k % len(paras)])}</p>" for k in range(paragraphs))
    page = f"<html><head><title>Long page</title></head><body><article><h1>Long page</h1>\n{body}\n" \
           "</article></body></html>"
    (out / "page.html").write_text(page, encoding="utf-8")
    return {"long": out / "long.txt", "html": out / "page.html"}


def run_arm(kind: str, path: Path) -> dict[str, Any]:
    """In this process: read and extract `path` (a corpus folder for `short`), timed after loading."""
    from svidok.extract.pipeline import ExtractItem, Extractor
    from svidok.read import read_bytes

    ex = Extractor.load()
    list(ex.extract_many([ExtractItem("warm", read_bytes(b"Shelling hit Izium on Monday.", "w.txt"), None)]))
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "short":
        reads = [r for _, r in measure.read_corpus(path)]
    else:
        reads = [read_bytes(path.read_bytes(), path.name)]
    t_read = time.perf_counter() - t0
    items = [ExtractItem(f"d{n}", r, r.published) for n, r in enumerate(reads)]
    found = sum(len(ms) for ms in ex.extract_many(items))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    words = sum(len(r.text.split()) for r in reads)
    return {"arm": kind, "docs": len(reads), "chars": sum(len(r.text) for r in reads), "words": words,
            "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "read_seconds": round(t_read, 2),
            "words_per_s": round(words / seconds), "mentions": found,
            "peak_rss_mb": measure._mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)}


def bench_bounded(folder: Path, tmp: Path, mb: float = 5.0, paragraphs: int = PARAGRAPHS) -> dict[str, Any]:
    """Both documents at 1x (a tenth) and 10x (full size), each in a child process."""
    small = make_inputs(folder, tmp / "bounded-1x", mb / 10, paragraphs // 10)
    large = make_inputs(folder, tmp / "bounded-10x", mb, paragraphs)
    arms: dict[str, Any] = {}
    for kind in ("long", "html"):
        for size, inputs in (("1x", small), ("10x", large)):
            path = inputs[kind]
            code, _, peak, stdout, stderr = measure._spawn(
                [sys.executable, "-m", "svidok.bench", "_bounded", kind, str(path)])
            if code != 0:
                raise RuntimeError(f"bounded {kind} {size} arm failed: {stderr.strip()[-500:]}")
            arm = json.loads(stdout.strip().splitlines()[-1])
            arm["peak_rss_tree_mb"] = peak
            arm["us_per_char"] = round(arm["seconds"] / arm["chars"] * 1e6, 3)
            arm["cpu_us_per_char"] = round(arm["cpu_seconds"] / arm["chars"] * 1e6, 3)
            arm["bytes_per_char"] = round(peak * 2**20 / arm["chars"], 1)
            arms[f"{kind}_{size}"] = arm
    growth = {}
    for kind in ("long", "html"):
        one, ten = arms[f"{kind}_1x"], arms[f"{kind}_10x"]
        growth[kind] = {
            "chars_ratio": round(ten["chars"] / one["chars"], 2),
            # CPU time: on a shared machine the wall clock also measures the neighbours
            "time_per_char_ratio": round(ten["cpu_us_per_char"] / one["cpu_us_per_char"], 3),
            "wall_time_per_char_ratio": round(ten["us_per_char"] / one["us_per_char"], 3),
            "peak_mb_ratio": round(ten["peak_rss_tree_mb"] / one["peak_rss_tree_mb"], 3),
            "memory_per_char_ratio": round(ten["bytes_per_char"] / one["bytes_per_char"], 3)}
    return {"mb": mb, "paragraphs": paragraphs, "arms": arms, "growth": growth}
