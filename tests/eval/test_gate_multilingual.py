"""Quality gate on the multilingual set: reports in our own words in Ukrainian, Russian, Polish,
French, Spanish and German (tests/eval/multilingual, README there).

Each language has a development split and a frozen test split; floors for each (language, split) live
in tests/eval/floors_multilingual.json; lowering one needs a reason in the commit message. Run alone
with `.venv/bin/pytest tests/eval/test_gate_multilingual.py -s`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.test_gate import _run, _scoring

HERE = Path(__file__).resolve().parent / "multilingual"
LANGS = ("uk", "ru", "pl", "fr", "es", "de")
SPLITS = ("dev", "test")
GATED = ("doc_f1", "place_accuracy")


@pytest.fixture(scope="module")
def floors() -> dict[str, dict[str, dict[str, float]]]:
    raw = json.loads((HERE.parent / "floors_multilingual.json").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def _gold(lang: str, split: str, out: Path) -> Path:
    data = json.loads((HERE / f"gold_{lang}.json").read_text(encoding="utf-8"))
    data["documents"] = [d for d in data["documents"] if d.get("split") == split]
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, Any]]:
    out: dict[tuple[str, str], dict[str, Any]] = {}
    scoring = _scoring()
    for lang in LANGS:
        for split in SPLITS:
            work = tmp_path_factory.mktemp(f"ml-{lang}-{split}")
            case, export = work / "case", work / "out.json"
            _run(["init", str(case)], timeout=120)
            _run(["--case", str(case), "add", str(HERE / lang / split)], timeout=1200)
            _run(["--case", str(case), "export", "--format", "json", "-o", str(export)], timeout=300)
            out[(lang, split)] = scoring.run(_gold(lang, split, work / "gold.json"), export)
            print(f"\n== {lang} {split} ==\n" + scoring.format_report(out[(lang, split)]))
    return out


def test_gate_multilingual_floors_name_each_language_and_split(floors: dict[str, Any]) -> None:
    assert set(floors) == set(LANGS)
    for lang in LANGS:
        assert set(floors[lang]) == set(SPLITS)
        for split in SPLITS:
            assert set(floors[lang][split]) == set(GATED)
            assert all(0.0 <= v <= 1.0 for v in floors[lang][split].values())


def test_gate_multilingual_gold_files_match_their_folders() -> None:
    for lang in LANGS:
        gold = json.loads((HERE / f"gold_{lang}.json").read_text(encoding="utf-8"))
        for split in SPLITS:
            names = {d["filename"] for d in gold["documents"] if d["split"] == split}
            assert names == {p.name for p in (HERE / lang / split).glob("*.txt")}


@pytest.mark.slow
@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("lang", LANGS)
def test_gate_multilingual_figures_above_floors(lang: str, split: str, measured: dict[tuple[str, str], Any],
                                                floors: dict[str, Any]) -> None:
    for figure in GATED:
        value = measured[(lang, split)][figure]
        got = 0.0 if value is None else float(value)
        floor = floors[lang][split][figure]
        assert got >= floor, f"{lang} {split} {figure} {got:.3f} is below its floor {floor}"
