"""The per-language benchmark: its corpora, and one tiny run of the command (no timing asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from svidok.bench.__main__ import main
from svidok.bench.languages import LANGUAGES, gold_files, passes_for, write_lang_corpus


def test_languages_corpus_cycles_the_gold_reports_to_the_asked_size(tmp_path: Path) -> None:
    gold = gold_files("pl")
    written = write_lang_corpus("pl", tmp_path / "pl", 5_000)
    files = sorted((tmp_path / "pl").iterdir())
    assert written >= 5_000 and len(files) > len(gold)  # more words than the gold holds: cycled
    assert files[len(gold)].read_bytes() == gold[0].read_bytes()
    assert write_lang_corpus("en", tmp_path / "en", 1_000) >= 1_000


def test_languages_command_reports_each_language_with_a_positive_ratio(tmp_path: Path) -> None:
    # one language per kind of pipeline (English model; pymorphy3; simplemma): all seven take
    # two child processes each, about 100 s on a busy 2-core machine
    langs = ("en", "uk", "de")
    assert set(langs) <= set(LANGUAGES)
    out = tmp_path / "results.json"
    argv = ["languages", "--langs", ",".join(langs), "--lang-words", "50", "--lang-seconds", "0.5",
            "--workers", "1"]
    assert main([*argv, "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))["languages"]
    assert result["workers"] == 1 and result["words_target"] == 50
    assert [r["language"] for r in result["runs"]] == list(langs)
    for r in result["runs"]:
        assert r["words"] >= 50 and r["docs"] >= 1
        assert r["identified_as"].get(r["language"]) == r["docs"]
        for arm in ("svidok", "bare"):
            assert r[arm]["passes"] >= 1 and r[arm]["words"] == r["words"] * r[arm]["passes"]
            assert r[arm]["words_per_s"] > 0
            assert r[arm]["peak_rss_tree_mb"] > 0
        assert r["svidok"]["passes"] == 1  # Svidok reads each text once
        assert isinstance(r["ratio"], float) and r["ratio"] > 0
        assert r["cpu_ratio"] > 0 and r["svidok"]["cpu_seconds"] > 0


def test_languages_fast_arm_repeats_the_corpus_to_last_the_minimum() -> None:
    assert passes_for(0.3, 5.0) == 17
    assert passes_for(6.0, 5.0) == 1
    assert passes_for(0.0, 5.0) == 1
