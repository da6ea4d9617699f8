"""`python -m svidok.bench [COMMAND]`: benchmarks (commands: all, extract, languages, link, ingest, dask,
latency, bounded, concurrency, map, corpus).

all (default): extraction words/s vs bare nlp.pipe on 500 synthetic reports, linking 10,000
mentions, ingest of 500 reports through the real CLI (SQLite, and PostgreSQL when reachable),
`svidok batch` on a local Dask cluster of 1 and 2 workers, and list/API latency at 100,000
incidents, bounded work (a long text and a many-paragraph page at 1x and 10x: time and memory per
character), the concurrency mix (add, batch, extract, batch at once on 2,000 reports against the
same commands one after another: wall time, and the same end state asserted; SQLite and PostgreSQL),
the map page with 5,000 markers in chromium (time until interactive), and extraction words/s per
language (en, uk, ru, pl, fr, es, de) against bare spaCy of that language.
--full ingests 10,000 reports (bare nlp.pipe then runs on all of them).
Prints a table and writes bench/results.json (merged with earlier runs).

Examples: at the end of --help.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from svidok.bench import measure
from svidok.bench.corpus import write_corpus

EXAMPLES = """examples:
  python -m svidok.bench                                 # all of them
  python -m svidok.bench extract --reports 500 --workers 2
  python -m svidok.bench languages --lang-words 20000    # words/s per language vs bare spaCy
  python -m svidok.bench languages --langs uk,pl --lang-words 5000
  python -m svidok.bench link --mentions 10000
  python -m svidok.bench ingest --full --db both
  python -m svidok.bench dask --dask-reports 1000
  python -m svidok.bench latency --incidents 100000 --db sqlite
  python -m svidok.bench bounded --bounded-mb 5
  python -m svidok.bench concurrency --mix-reports 2000
  python -m svidok.bench map --markers 5000
  python -m svidok.bench corpus --dir /tmp/reports --reports 300 --seed 7
"""

BARE_SAMPLE = 500  # the first N reports of any corpus with the same seed are the same reports


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m svidok.bench", description=__doc__,
                                epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", nargs="?", default="all",
                   choices=["all", "extract", "languages", "link", "ingest", "dask", "latency", "bounded",
                            "concurrency", "map", "corpus"])
    p.add_argument("--workers", type=int, default=2, help="processes for extraction and ingest (default 2)")
    p.add_argument("--reports", type=int, default=500, help="reports for the extraction benchmark")
    p.add_argument("--ingest-reports", type=int, default=None, help="reports to ingest (default 500)")
    p.add_argument("--full", action="store_true", help="ingest 10,000 reports")
    p.add_argument("--bare-sample", type=int, default=None,
                   help="reports for the bare nlp.pipe arm of ingest (default: all with --full, else 500)")
    p.add_argument("--dask-reports", type=int, default=1000, help="reports for the Dask benchmark")
    p.add_argument("--incidents", type=int, default=100_000, help="incidents for the latency benchmark")
    p.add_argument("--markers", type=int, default=5000, help="incidents on the map benchmark's page")
    p.add_argument("--mentions", type=int, default=10_000, help="mentions to link (default 10,000)")
    p.add_argument("--bounded-mb", type=float, default=5.0, help="size of the long text (default 5 MB)")
    p.add_argument("--bounded-paragraphs", type=int, default=50_000,
                   help="paragraphs of the long HTML page (default 50,000)")
    p.add_argument("--bounded-reports", type=int, default=200,
                   help="synthetic reports whose paragraphs make the long text and page (default 200)")
    p.add_argument("--mix-reports", type=int, default=2000, help="reports for the concurrency mix")
    p.add_argument("--lang-words", type=int, default=20_000,
                   help="words per language for `languages` (gold reports cycled; default 20,000)")
    p.add_argument("--langs", default="en,uk,ru,pl,fr,es,de",
                   help="languages for `languages`, comma-separated (default all seven)")
    p.add_argument("--lang-seconds", type=float, default=5.0,
                   help="`languages`: an arm faster than this repeats the corpus (default 5 s)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both",
                   help="ingest databases (PostgreSQL only when SVIDOK_BENCH_PG is set or "
                   "127.0.0.1:5432 answers)")
    p.add_argument("--out", type=Path, default=Path("bench/results.json"))
    p.add_argument("--dir", type=Path, default=None, help="corpus folder for the `corpus` command")
    return p


def _corpus(root: Path, n: int, seed: int) -> tuple[Path, int]:
    folder = root / f"corpus-{n}-{seed}"
    if not folder.exists():
        write_corpus(folder, n, seed)
    words = sum(len(r.text.split()) for _, r in measure.read_corpus(folder))
    return folder, words


def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": measure.machine(), "seed": args.seed}
    cmd = args.command
    bare_by_n: dict[int, dict[str, Any]] = {}
    if cmd in ("all", "extract"):
        folder, _ = _corpus(tmp, args.reports, args.seed)
        _say(f"extract: {args.reports} reports, {args.workers} processes")
        # The default (2 processes) is "extract"; other process counts are kept beside it.
        key = "extract" if args.workers == 2 else f"extract_{args.workers}proc"
        results[key] = measure.bench_extract(folder, args.workers)
        bare_by_n[args.reports] = results[key]["bare"]
    if cmd in ("all", "languages"):
        from svidok.bench.languages import bench_languages

        langs = tuple(code.strip() for code in args.langs.split(",") if code.strip())
        results["languages"] = bench_languages(tmp, args.lang_words, args.workers, langs, args.seed, _say,
                                               args.lang_seconds)
    if cmd in ("all", "link"):
        _say(f"link: {args.mentions} mentions")
        results["link"] = measure.bench_link(args.mentions)
    if cmd in ("all", "ingest"):
        n = args.ingest_reports or (10_000 if args.full else 500)
        folder, words = _corpus(tmp, n, args.seed)
        sample = min(n, args.bare_sample or (n if args.full else BARE_SAMPLE))
        bare = bare_by_n.get(sample)
        if bare is None:
            _say(f"ingest: bare nlp.pipe on the first {sample} reports")
            bare = measure.arm_in_child("bare", _corpus(tmp, sample, args.seed)[0], args.workers)
        urls: list[str | None] = [] if args.db == "postgresql" else [None]
        pg = measure.pg_url() if args.db != "sqlite" else None
        if pg:
            urls.append(pg)
        runs = []
        for url in urls:
            _say(f"ingest: {n} reports into {'PostgreSQL' if url else 'SQLite'}")
            r = measure.bench_ingest(folder, words, n, args.workers, url)
            r["ratio_to_bare"] = round(r["words_per_s"] / bare["words_per_s"], 3)
            r["bare_words_per_s"] = bare["words_per_s"]
            r["bare_sample_docs"] = sample
            r["bare_mode"] = bare.get("mode")
            runs.append(r)
        # 500 reports (the default) is "ingest"; other sizes are kept beside it ("ingest_10000")
        results["ingest" if n == 500 else f"ingest_{n}"] = runs
    if cmd in ("all", "dask"):
        from svidok.bench.scale import bench_dask

        folder, words = _corpus(tmp, args.dask_reports, args.seed)
        _say(f"dask: svidok batch on {args.dask_reports} reports, local cluster of 1, 2, 2, 1 workers")
        results["dask"] = bench_dask(folder, words, args.dask_reports)
    if cmd in ("all", "latency"):
        from svidok.bench.latency import bench_latency

        backends: list[str | None] = [None] if args.db != "postgresql" else []
        pg_lat = measure.pg_url() if args.db != "sqlite" else None
        if pg_lat:
            backends.append(pg_lat)
        results["latency"] = [bench_latency(args.incidents, url, tmp, _say) for url in backends]
    if cmd in ("all", "bounded"):
        from svidok.bench.bounded import bench_bounded

        folder, _ = _corpus(tmp, args.bounded_reports, args.seed)
        _say(f"bounded: a {args.bounded_mb:g} MB text and a {args.bounded_paragraphs:,}-paragraph page, "
             "each also at a tenth of that")
        results["bounded"] = bench_bounded(folder, tmp, args.bounded_mb, args.bounded_paragraphs)
    if cmd in ("all", "map"):
        from svidok.bench.mapload import bench_map

        results["map"] = bench_map(args.markers, tmp, _say)
    if cmd in ("all", "concurrency"):
        from svidok.bench.concurrency import bench_concurrency

        folder, _ = _corpus(tmp, args.mix_reports, args.seed)
        urls_mix: list[str | None] = [] if args.db == "postgresql" else [None]
        pg_mix = measure.pg_url() if args.db != "sqlite" else None
        if pg_mix:
            urls_mix.append(pg_mix)
        results["concurrency"] = []
        for url in urls_mix:
            _say(f"concurrency: add, batch, extract, batch at once on {args.mix_reports} reports "
                 f"({'PostgreSQL' if url else 'SQLite'}), then one after another")
            results["concurrency"].append(bench_concurrency(folder, tmp, url))
    results["machine"]["loadavg_end"] = os.getloadavg()[0]
    return results


def _say(text: str) -> None:
    print(f"... {text}", file=sys.stderr, flush=True)


def _table(results: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    m = results["machine"]
    console = Console(width=150)
    console.print(f"{m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}, spaCy {m['spacy']}, "
                  f"{m['model']}, {m['date']}, "
                  f"load {m['loadavg_start']:.1f} -> {m.get('loadavg_end', 0):.1f}",
                  highlight=False)
    t = Table("benchmark", "docs", "words", "seconds", "words/s", "docs/s", "peak MB", "note")
    ex = next((v for k, v in results.items() if k.startswith("extract")), None)
    if ex:
        for arm in ("svidok", "bare"):
            a = ex[arm]
            note = f"ratio {ex['ratio']:.2f}" if arm == "svidok" else "nlp.pipe, same model"
            t.add_row(f"extract {arm} ({ex['workers']} proc)", str(a["docs"]), f"{a['words']:,}",
                      f"{a['seconds']:.1f}", f"{a['words_per_s']:,}", f"{a['docs_per_s']:.1f}",
                      f"{a.get('peak_pss_sum_mb') or a['peak_rss_tree_mb']:.0f}", note)
    if "languages" in results:
        from svidok.bench.languages import print_table

        print_table(results["languages"], console)
    lk = results.get("link")
    if lk:
        relink = lk["relink_sqlite_s"]
        t.add_row(f"link {lk['mentions']:,} mentions", "", "", f"{lk['link_mentions_s']:.2f}", "", "", "",
                  f"{lk['incidents']} incidents; relink on SQLite "
                  + (f"{relink:.2f} s" if relink is not None else "n/a"))
    for r in [r for k, v in results.items() if k.startswith("ingest") for r in v]:
        t.add_row(f"ingest {r['db']} ({r['workers']} workers)", str(r["docs"]), f"{r['words']:,}",
                  f"{r['seconds']:.1f}", f"{r['words_per_s']:,}", f"{r['docs_per_s']:.1f}",
                  f"{r['peak_pss_sum_mb']:.0f}",
                  f"ratio {r['ratio_to_bare']:.2f}; {r['mentions']} mentions, {r['incidents']} incidents, "
                  f"{r.get('near_duplicates', '?')} near-dups")
    dk = results.get("dask")
    if dk:
        for r in dk["runs"]:
            t.add_row(f"dask batch, {r['workers']} worker(s)", str(r["docs"]), f"{r['words']:,}",
                      f"{r['seconds']:.1f}", f"{r['words_per_s']:,}", f"{r['docs_per_s']:.1f}",
                      f"{r['peak_pss_sum_mb']:.0f}",
                      "runs " + " / ".join(f"{x:.1f}" for x in r.get("each_s", []))
                      + f" s; start-up {r['startup_s']:.1f} s")
        t.add_row("dask scaling 2 vs 1", "", "", "", "", "", "",
                  f"{dk['scaling']:.2f}x end to end; {dk['scaling_after_startup']:.2f}x after start-up")
    if t.row_count:
        console.print(t)
    for lat in results.get("latency", []):
        lt = Table(f"latency, {lat['incidents']:,} incidents, {lat['db']}", "requests", "p50 ms", "p95 ms",
                   "max ms", "rows")
        for r in lat["endpoints"]:
            lt.add_row(r["name"], str(r["requests"]), f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}",
                       f"{r['max_ms']:.1f}", str(r["rows"]))
        console.print(lt)
    bd = results.get("bounded")
    if bd:
        for key, a in bd["arms"].items():
            kind, size = key.split("_")
            what = "text, in sections" if kind == "long" else "HTML page"
            console.print(f"bounded {kind} {size}: one {what}: {a['chars']:,} chars, {a['seconds']:.1f} s "
                          f"(read {a['read_seconds']:.1f} s), {a['words_per_s']:,} words/s, "
                          f"CPU {a['cpu_seconds']:.1f} s, {a['cpu_us_per_char']:.1f} us/char, "
                          f"peak {a['peak_rss_tree_mb']:.0f} MB, "
                          f"{a['mentions']:,} mentions", highlight=False)
        for kind, g in bd["growth"].items():
            console.print(f"bounded {kind} 10x vs 1x ({g['chars_ratio']:.1f}x the characters): CPU time per "
                          f"character x{g['time_per_char_ratio']:.2f} (linear: 1; wall clock "
                          f"x{g['wall_time_per_char_ratio']:.2f}), peak memory "
                          f"x{g['peak_mb_ratio']:.2f}, memory per character "
                          f"x{g['memory_per_char_ratio']:.2f}", highlight=False)
    for mx in results.get("concurrency", []):
        c, q = mx["arms"]["concurrent"], mx["arms"]["sequential"]
        console.print(f"concurrency mix, {mx['docs']:,} reports, {mx['db']}: 4 processes at once "
                      f"{c['seconds']:.1f} s, one after another {q['seconds']:.1f} s "
                      f"(x{mx['speedup']:.2f}); end state identical: "
                      f"{'yes' if mx['same_incidents'] and mx['same_links'] else 'NO'} "
                      f"({c['incidents']} incidents, {c['placed_mentions']} placed mentions, "
                      f"{c['unlinked']} unlinked)", highlight=False)
    mp = results.get("map")
    if mp and "median_ms" in mp:
        console.print(f"map page, {mp['markers']:,} markers in chromium: interactive after "
                      f"{mp['first_load_ms']} ms (first load), median {mp['median_ms']} ms over "
                      f"{len(mp['warm_ms'])} loads; a zoom click answers in {mp['zoom_click_answer_ms']} ms; "
                      f"page {mp['page_kb']} KB", highlight=False)
    elif mp:
        console.print(f"map page: skipped ({mp.get('skipped')})", highlight=False)
    if ex and ex.get("note"):
        console.print(f"note: {ex['note']}", highlight=False, markup=False)


def _targets(results: dict[str, Any]) -> list[str]:
    """The issue's targets (2 cores) against this run's figures, one line each."""
    lines = []

    def line(name: str, value: float, ok: bool, want: str) -> None:
        lines.append(f"{'met ' if ok else 'MISS'}  {name}: {value:g} ({want})")

    ex = results.get("extract")
    if ex:
        line("extraction / bare spaCy", ex["ratio"], ex["ratio"] >= 0.6, "target >= 0.6")
    for key, runs in results.items():
        if key.startswith("ingest"):
            for r in runs:
                line(f"{key} {r['db']} / bare spaCy", r["ratio_to_bare"], r["ratio_to_bare"] >= 0.5,
                     "target >= 0.5")
                line(f"{key} {r['db']} peak MB", r["peak_pss_sum_mb"], r["peak_pss_sum_mb"] < 1536,
                     "target < 1.5 GB")
    bd = results.get("bounded")
    if bd:
        for kind, g in bd["growth"].items():
            line(f"bounded {kind}: CPU time per character, 10x vs 1x", g["time_per_char_ratio"],
                 g["time_per_char_ratio"] <= 1.3, "linear: ~1, target <= 1.3")
            line(f"bounded {kind}: peak memory, 10x vs 1x", g["peak_mb_ratio"], g["peak_mb_ratio"] <= 2.0,
                 "bounded: target <= 2 for 10x the text")
            peak = bd["arms"][f"{kind}_10x"]["peak_rss_tree_mb"]
            line(f"bounded {kind} 10x peak MB", peak, peak < 1536, "target < 1.5 GB")
    dk = results.get("dask")
    if dk:
        line("dask 2 vs 1 workers", dk["scaling"], dk["scaling"] >= 1.7, "target >= 1.7")
    mp = results.get("map")
    if mp and "median_ms" in mp:
        worst = max(mp["first_load_ms"], mp["median_ms"])
        line(f"map page interactive ms, {mp['markers']:,} markers", worst, worst < mp["target_ms"],
             "first load and median; target < 1500")
    for mx in results.get("concurrency", []):
        same = mx["same_incidents"] and mx["same_links"]
        line(f"concurrency mix {mx['db']}: same end state as one after another", int(same), same,
             "target 1 (identical incidents and links)")
    for lat in results.get("latency", []):
        line(f"list/API p95 ms, {lat['db']}, {lat['incidents']:,} incidents", lat["worst_p95_ms"],
             lat["worst_p95_ms"] < 150, "worst request kind; target < 150")
    return lines


def _write(path: Path, results: dict[str, Any]) -> None:
    merged: dict[str, Any] = {}
    if path.exists():
        try:
            merged = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            merged = {}
    merged.update(results)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_arm"]:  # internal: one extraction arm in a child process
        a = argparse.ArgumentParser()
        a.add_argument("kind")
        a.add_argument("folder", type=Path)
        a.add_argument("--workers", type=int, default=2)
        a.add_argument("--part", default="0/1", help="K/N: every N-th report from the K-th")
        ns = a.parse_args(argv[1:])
        k, n = (int(x) for x in ns.part.split("/"))
        print(json.dumps(measure.run_arm(ns.kind, ns.folder, ns.workers, (k, n))))
        return 0
    if argv[:1] == ["_lang_arm"]:  # internal: one arm of the per-language benchmark
        from svidok.bench.languages import run_arm as run_lang_arm

        a = argparse.ArgumentParser()
        for name in ("kind", "lang"):
            a.add_argument(name)
        a.add_argument("folder", type=Path)
        a.add_argument("--workers", type=int, default=2)
        a.add_argument("--part", default="0/1")
        a.add_argument("--min-seconds", type=float, default=5.0)
        ns = a.parse_args(argv[1:])
        k, n = (int(x) for x in ns.part.split("/"))
        print(json.dumps(run_lang_arm(ns.kind, ns.lang, ns.folder, ns.workers, (k, n), ns.min_seconds)))
        return 0
    if argv[:1] == ["_bounded"]:  # internal: one bounded-work arm in a child process
        from svidok.bench.bounded import run_arm

        print(json.dumps(run_arm(argv[1], Path(argv[2]))))
        return 0
    args = _parser().parse_args(argv)
    if args.command == "corpus":
        if args.dir is None:
            print("corpus: --dir FOLDER is required", file=sys.stderr)
            return 2
        s = write_corpus(args.dir, args.ingest_reports or args.reports, args.seed)
        print(f"wrote {s.files} reports ({s.words:,} words, {s.copies} syndicated copies, "
              f"{s.no_incident} without incident, {s.places} places) to {s.folder}")
        return 0
    with tempfile.TemporaryDirectory(prefix="svidok-bench-") as tmp:
        try:
            results = run(args, Path(tmp))
        except RuntimeError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1
    _table(results)
    for text in _targets(results):
        print(text)
    _write(args.out, results)
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
