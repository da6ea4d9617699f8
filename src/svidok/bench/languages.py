"""Extraction speed per language: Svidok against bare spaCy of that language, in the same run.

For each language a corpus of about `words` words: English from the synthetic corpus, the others
from the project's multilingual gold reports (tests/eval/multilingual/<lang>/{dev,test}), cycled
until the size is reached. Two arms per language, each in its own child process (so its peak
memory is its own), on the same texts with the same process count, model loading excluded:

- svidok: `Extractor.load().extract_many` with each item's language set, as `svidok add` stores
  it, so the item goes through that language's pipeline (en: the English model plus Svidok's
  components; others: extract/multi on spaCy's blank language);
- bare: `nlp.pipe` of what that pipeline is built on, with none of Svidok's components. en: the
  same en_core_web_sm model; others: `spacy.blank(lang)` plus spaCy's rule-based `sentencizer`
  (tokenisation and sentences, the two things the multi pipeline starts from).
"""

from __future__ import annotations

import math
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from svidok.bench import measure

LANGUAGES = ("en", "uk", "ru", "pl", "fr", "es", "de")
WORDS = 20_000
MIN_SECONDS = 5.0  # a bare arm shorter than this repeats the corpus (see passes_for)
# the gold reports, found from the source tree (an installed package has no tests/ folder)
GOLD = Path(__file__).resolve().parents[3] / "tests" / "eval" / "multilingual"


def _words(text: str) -> int:
    return len(text.split())


def gold_files(lang: str, gold: Path = GOLD) -> list[Path]:
    """The gold reports of `lang`, dev then test split, in name order."""
    files = sorted(p for p in (gold / lang).glob("*/*.txt"))
    if not files:
        raise RuntimeError(f"no gold reports for {lang!r} under {gold / lang}")
    return files


def write_lang_corpus(lang: str, folder: Path, words: int, seed: int = 7, gold: Path = GOLD) -> int:
    """Write about `words` words of `lang` reports into `folder` (whole reports, so a little over);
    returns the words written. Only the .txt files: the language is passed to the extractor."""
    folder.mkdir(parents=True, exist_ok=True)
    total, i = 0, 0
    if lang == "en":
        from svidok.bench.corpus import generate

        for report in generate(max(1, words // 150), seed):  # reports have 150+ words
            if total >= words:
                break
            (folder / report.filename).write_text(report.text, encoding="utf-8")
            total += report.words
        return total
    files = gold_files(lang, gold)
    while total < words or i == 0:
        src = files[i % len(files)]
        # cycled copies under new names: the same text again is new work for extraction
        shutil.copyfile(src, folder / f"{i:05d}_{src.name}")
        total += _words(src.read_text(encoding="utf-8"))
        i += 1
    return total


def passes_for(first_pass_seconds: float, min_seconds: float) -> int:
    """Times to read the corpus so that the bare arm lasts at least `min_seconds`, given how long
    its first timed pass took."""
    if first_pass_seconds <= 0:
        return 1
    return max(1, math.ceil(min_seconds / first_pass_seconds))


def _cpu_so_far() -> float:
    """CPU seconds of this process and its reaped children; spaCy's workers of an earlier pass
    are reaped first, so that their time is in it."""
    import multiprocessing

    for _ in range(40):
        if not multiprocessing.active_children():  # reaps the workers that have ended
            break
        time.sleep(0.05)
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_arm(kind: str, lang: str, folder: Path, workers: int, part: tuple[int, int] = (0, 1),
            min_seconds: float = MIN_SECONDS) -> dict[str, Any]:
    """One arm in this process: words/s over the corpus (or its part k of n), model loading
    excluded. Svidok reads the corpus once; bare spaCy reads it `passes` times (see passes_for)."""
    import spacy

    from svidok.extract.pipeline import ExtractItem, Extractor, load_model

    k, n = part
    reads = measure.read_corpus(folder)[k::n]
    words = sum(_words(r.text) for _, r in reads)
    if kind == "svidok":
        ex = Extractor.load()

        def run(rs: list[tuple[str, Any]], procs: int) -> int:
            items = [ExtractItem(name, r, r.published, lang) for name, r in rs]
            return sum(len(ms) for ms in ex.extract_many(items, n_process=procs))
    elif kind == "bare":
        nlp = load_model() if lang == "en" else spacy.blank(lang)
        if lang != "en":
            nlp.add_pipe("sentencizer")

        def run(rs: list[tuple[str, Any]], procs: int) -> int:
            return sum(len(doc) for doc in nlp.pipe([r.text for _, r in rs], n_process=procs, batch_size=16))
    else:
        raise ValueError(f"unknown arm {kind!r}")
    run(reads[:1], 1)  # builds the language's pipeline (word lists, pymorphy3) before the clock starts
    if kind == "svidok" and lang != "en":
        import simplemma

        # extract/multi loads simplemma's dictionary on first need (uk/ru: only at a sentence-opening
        # place name, which the warm-up report may lack): about 1 s of CPU for ru; loading, not extraction
        simplemma.is_known("a", lang=lang)
    cpu0, t0 = _cpu_so_far(), time.perf_counter()
    found = run(reads, workers)
    seconds = time.perf_counter() - t0
    passes = passes_for(seconds, min_seconds) if kind == "bare" else 1
    if passes > 1:
        # Blank spaCy reads 20,000 words in a fraction of a second, much of it starting its
        # workers: the corpus again, `passes` times in one stream, is long enough to time. Svidok
        # reads it once: repeated texts would flatter its word-analysis cache.
        cpu0, t0 = _cpu_so_far(), time.perf_counter()
        found = run(reads * passes, workers)
        seconds = time.perf_counter() - t0
    # the parent adds the CPU of this process tree from os.wait4 and subtracts cpu_before_s
    return {"arm": kind, "docs": len(reads) * passes, "words": words * passes, "passes": passes,
            "cpu_before_s": cpu0,
            "seconds": round(seconds, 2), "words_per_s": round(words * passes / seconds), "found": found,
            "peak_rss_mb": measure._mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)}


def _args(kind: str, lang: str, folder: Path, workers: int, min_seconds: float, part: str = "0/1"
          ) -> list[str]:
    return [sys.executable, "-m", "svidok.bench", "_lang_arm", kind, lang, str(folder),
            "--workers", str(workers), "--part", part, "--min-seconds", str(min_seconds)]


def _child(kind: str, lang: str, folder: Path, workers: int, min_seconds: float) -> dict[str, Any]:
    code, _, peak, out, err = measure._spawn(_args(kind, lang, folder, workers, min_seconds))
    arm = measure._parse_arm(f"{lang} {kind}", code, peak, out, err)
    arm["mode"] = "n_process"
    # CPU time, which neighbours on a shared machine do not inflate as they do the wall clock
    # (it includes the arm's few ms of exit)
    arm["cpu_seconds"] = round(measure.LAST_TREE_CPU_S[-1] - arm.pop("cpu_before_s"), 2)
    arm["cpu_words_per_s"] = round(arm["words"] / arm["cpu_seconds"])
    return arm


def _split(kind: str, lang: str, folder: Path, workers: int, min_seconds: float) -> dict[str, Any]:
    """`workers` independent processes, each on every workers-th report with its own passes:
    words/s is the parts' words/s added."""
    started = [measure._start(_args(kind, lang, folder, 1, min_seconds, f"{k}/{workers}"))
               for k in range(workers)]
    parts = []
    for s in started:
        code, _, peak, out, err = measure._wait(s)
        parts.append(measure._parse_arm(f"{lang} {kind}", code, peak, out, err))
    return {"arm": kind, "mode": "split", "docs": sum(p["docs"] for p in parts),
            "words": sum(p["words"] for p in parts), "passes": max(p["passes"] for p in parts),
            "seconds": max(p["seconds"] for p in parts), "words_per_s": sum(p["words_per_s"] for p in parts),
            "found": sum(p["found"] for p in parts),
            "peak_pss_sum_mb": round(sum(p["peak_pss_sum_mb"] or 0 for p in parts), 1),
            "peak_rss_tree_mb": round(sum(p["peak_rss_tree_mb"] for p in parts), 1)}


def bench_language(lang: str, folder: Path, workers: int, min_seconds: float = MIN_SECONDS) -> dict[str, Any]:
    """Both arms of one language; split over processes (both arms, noted) if n_process fails."""
    reads = measure.read_corpus(folder)
    note = None
    try:
        svidok = _child("svidok", lang, folder, workers, min_seconds)
        bare = _child("bare", lang, folder, workers, min_seconds)
    except RuntimeError as exc:
        if workers == 1:
            raise
        note = f"extract_many(n_process={workers}) failed ({exc}); both arms measured split"
        svidok = _split("svidok", lang, folder, workers, min_seconds)
        bare = _split("bare", lang, folder, workers, min_seconds)
    en = lang == "en"
    return {"language": lang, "docs": len(reads), "words": sum(_words(r.text) for _, r in reads),
            "pipeline": "en_core_web_sm + Svidok's components" if en else f"blank {lang} + extract/multi",
            "bare_pipeline": "en_core_web_sm, nlp.pipe" if en else f"blank {lang} + sentencizer",
            "svidok": svidok, "bare": bare, "note": note,
            # three significant figures: against a bare tokenizer a ratio can be well under 0.001
            "ratio": _sig(svidok["words_per_s"] / bare["words_per_s"]),
            "cpu_ratio": _sig(svidok["cpu_words_per_s"] / bare["cpu_words_per_s"])
            if "cpu_words_per_s" in svidok else None}


def identified(folder: Path) -> dict[str, int]:
    """How many of the corpus's reports `svidok add` would identify as each language (a check that
    the language passed to the extractor is the one the product would pick)."""
    from svidok.services.language import tag

    found: dict[str, int] = {}
    for _, read in measure.read_corpus(folder):
        code = tag(read).code
        found[code] = found.get(code, 0) + 1
    return found


def bench_languages(tmp: Path, words: int = WORDS, workers: int = 2, langs: tuple[str, ...] = LANGUAGES,
                    seed: int = 7, say: Callable[[str], None] = lambda _: None,
                    min_seconds: float = MIN_SECONDS) -> dict[str, Any]:
    runs = []
    for n, lang in enumerate(langs, 1):
        folder = tmp / f"lang-{lang}-{words}"
        if not folder.exists():
            write_lang_corpus(lang, folder, words, seed)
        found = identified(folder)
        say(f"languages {n}/{len(langs)}: {lang}, {sum(found.values())} reports, svidok then bare, "
            f"{workers} processes")
        runs.append(bench_language(lang, folder, workers, min_seconds) | {"identified_as": found})
    return {"words_target": words, "workers": workers, "min_seconds": min_seconds, "runs": runs}


def peak(arm: dict[str, Any]) -> float:
    return float(arm.get("peak_pss_sum_mb") or arm["peak_rss_tree_mb"])


def print_table(result: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    runs = result["runs"]
    # the English model's bare speed is the yardstick the other pipelines are also read against
    en_bare = next((r["bare"]["words_per_s"] for r in runs if r["language"] == "en"), None)
    t = Table(f"language ({result['workers']} proc)", "docs", "words", "svidok words/s", "bare words/s",
              "ratio", "CPU ratio", "svidok / en bare", "passes", "svidok MB", "bare MB")
    for r in runs:
        vs_en = f"{r['svidok']['words_per_s'] / en_bare:.2f}" if en_bare else ""
        t.add_row(r["language"], str(r["docs"]), f"{r['words']:,}", f"{r['svidok']['words_per_s']:,}",
                  f"{r['bare']['words_per_s']:,}", f"{r['ratio']:.3g}",
                  f"{r['cpu_ratio']:.3g}" if r.get("cpu_ratio") else "", vs_en,
                  f"{r['svidok']['passes']} / {r['bare']['passes']}", f"{peak(r['svidok']):.0f}",
                  f"{peak(r['bare']):.0f}")
    console.print(t)
    console.print("svidok: Extractor.extract_many with the language set (en: en_core_web_sm + Svidok's "
                  "components; others: spacy.blank(lang) + extract/multi, with the English model loaded "
                  "beside it as in the product). bare: nlp.pipe of en_core_web_sm (en), of spacy.blank(lang) "
                  "+ sentencizer (others). passes: times each arm read the corpus (svidok / bare, see "
                  "docs/benchmarks.md). CPU ratio: the same by CPU seconds of each arm's processes. MB: peak "
                  "summed PSS of the arm's processes.",
                  highlight=False, markup=False)
    for r in runs:
        if r["note"]:
            console.print(f"note ({r['language']}): {r['note']}", highlight=False, markup=False)


def _sig(x: float) -> float:
    return float(f"{x:.3g}")
