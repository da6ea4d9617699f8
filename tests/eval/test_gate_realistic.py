"""Quality gate on the realistic set: reports in our own words with the structure of real reporting
(datelines, officials' titles with place names, background paragraphs, figures far from their nouns).

`realistic/dev` is the development split; `realistic/test` is frozen and scored at the end of a piece of
work only. Floors for both live in tests/eval/floors_realistic.json; lowering one needs a reason in the
commit message. Run alone with `.venv/bin/pytest tests/eval/test_gate_realistic.py -s`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.test_gate import FIGURES, _run, _scoring

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "test")
GATED = ("doc_f1", "place_accuracy", "count_accuracy")  # the set marks no linking groups


@pytest.fixture(scope="module")
def floors() -> dict[str, dict[str, float]]:
    raw = json.loads((HERE / "floors_realistic.json").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    scoring = _scoring()
    for split in SPLITS:
        work = tmp_path_factory.mktemp(f"realistic-{split}")
        case, export = work / "case", work / "out.json"
        _run(["init", str(case)], timeout=120)
        _run(["--case", str(case), "add", str(HERE / "realistic" / split)], timeout=1200)
        _run(["--case", str(case), "export", "--format", "json", "-o", str(export)], timeout=300)
        out[split] = scoring.run(HERE / "realistic" / f"gold_{split}.json", export)
        print(f"\n== realistic {split} ==\n" + scoring.format_report(out[split]))
    return out


def test_gate_realistic_floors_name_each_gated_figure(floors: dict[str, dict[str, float]]) -> None:
    assert set(floors) == set(SPLITS)
    for split in SPLITS:
        assert set(floors[split]) == set(GATED) and set(GATED) <= set(FIGURES)
        assert all(0.0 <= v <= 1.0 for v in floors[split].values())


def test_gate_realistic_gold_files_match_their_folders() -> None:
    for split in SPLITS:
        gold = json.loads((HERE / "realistic" / f"gold_{split}.json").read_text(encoding="utf-8"))
        names = {d["filename"] for d in gold["documents"]}
        files = {p.name for p in (HERE / "realistic" / split).glob("*.txt")}
        assert names == files and all(d["split"] == split for d in gold["documents"])


@pytest.mark.slow
@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("figure", GATED)
def test_gate_realistic_figure_above_floor(split: str, figure: str, measured: dict[str, dict[str, Any]],
                                           floors: dict[str, dict[str, float]]) -> None:
    value = measured[split][figure]
    got = 0.0 if value is None else float(value)
    floor = floors[split][figure]
    assert got >= floor, f"{split} {figure} {got:.3f} is below its floor {floor}"
