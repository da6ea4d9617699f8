"""Bounded work: extraction of very long documents, in time and memory, against short reports.

Three arms, each in its own child process (so its peak memory is its own), over the same words
(the synthetic corpus's reports): `short` extracts them as separate reports; `long` joins them into
one text of `mb` megabytes, extracted in sections; `html` makes one HTML page of 50,000 paragraphs
of them, read (boilerplate removal) and extracted. Linear work shows as a long/short words-per-second
ratio near 1 and a peak memory that does not grow with the text.
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
    t0 = time.perf_counter()
    if kind == "short":
        reads = [r for _, r in measure.read_corpus(path)]
    else:
        reads = [read_bytes(path.read_bytes(), path.name)]
    t_read = time.perf_counter() - t0
    items = [ExtractItem(f"d{n}", r, r.published) for n, r in enumerate(reads)]
    found = sum(len(ms) for ms in ex.extract_many(items))
    seconds = time.perf_counter() - t0
    words = sum(len(r.text.split()) for r in reads)
    return {"arm": kind, "docs": len(reads), "chars": sum(len(r.text) for r in reads), "words": words,
            "seconds": round(seconds, 2), "read_seconds": round(t_read, 2),
            "words_per_s": round(words / seconds), "mentions": found,
            "peak_rss_mb": measure._mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)}


def bench_bounded(folder: Path, tmp: Path, mb: float = 5.0, paragraphs: int = PARAGRAPHS) -> dict[str, Any]:
    """The three arms, each in a child process (one extraction process, as a single long text gets)."""
    inputs = make_inputs(folder, tmp / "bounded", mb, paragraphs)
    arms: dict[str, Any] = {}
    for kind, path in (("short", folder), ("long", inputs["long"]), ("html", inputs["html"])):
        code, _, peak, stdout, stderr = measure._spawn(
            [sys.executable, "-m", "svidok.bench", "_bounded", kind, str(path)])
        if code != 0:
            raise RuntimeError(f"bounded {kind} arm failed: {stderr.strip()[-500:]}")
        arms[kind] = json.loads(stdout.strip().splitlines()[-1])
        arms[kind]["peak_rss_tree_mb"] = peak
    short = arms["short"]["words_per_s"]
    return {"mb": mb, "paragraphs": paragraphs, "arms": arms,
            "ratio_long_to_short": round(arms["long"]["words_per_s"] / short, 3),
            "ratio_html_to_short": round(arms["html"]["words_per_s"] / short, 3)}
