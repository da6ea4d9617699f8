"""Quality gate: run the real `svidok` CLI over tests/eval/reports and hold each figure to its floor.

The floors live in tests/eval/floors.json; the lead engineer pins them after a measured run.
Run alone with `.venv/bin/pytest tests/eval/test_gate.py -s` to see the full scored summary.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIGURES = ("doc_f1", "place_accuracy", "count_accuracy", "linking_precision", "linking_recall")


def _scoring() -> Any:
    spec = importlib.util.spec_from_file_location("svidok_eval_scoring", HERE / "scoring.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _svidok() -> list[str]:
    # The console script of the venv running the tests; fall back to the module itself.
    script = Path(sys.executable).with_name("svidok")
    return [str(script)] if script.exists() else [sys.executable, "-m", "svidok.cli.main"]


def _run(args: list[str], timeout: int) -> None:
    proc = subprocess.run(_svidok() + args, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        command = args[2] if args[0] == "--case" else args[0]
        pytest.fail(f"svidok {command} exited {proc.returncode}: " + " | ".join(tail))


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("gate")
    case, out = work / "case", work / "out.json"
    _run(["init", str(case)], timeout=120)
    _run(["--case", str(case), "add", str(HERE / "reports")], timeout=1200)
    _run(["--case", str(case), "export", "--format", "json", "-o", str(out)], timeout=300)
    scoring = _scoring()
    result: dict[str, Any] = scoring.run(HERE / "gold.json", out)
    print("\n" + scoring.format_report(result))
    return result


@pytest.fixture(scope="module")
def floors() -> dict[str, float]:
    raw = json.loads((HERE / "floors.json").read_text(encoding="utf-8"))
    return {k: float(v) for k, v in raw.items() if not k.startswith("_")}


def _check(name: str, measured: dict[str, Any], floors: dict[str, float]) -> None:
    value = measured[name]
    got = 0.0 if value is None else float(value)  # undefined (nothing to check) cannot pass a real floor
    assert got >= floors[name], f"{name} {got:.3f} is below its floor {floors[name]:.3f}"


def test_gate_floors_name_every_figure(floors: dict[str, float]) -> None:
    assert set(floors) == set(FIGURES)
    assert all(0.0 <= v <= 1.0 for v in floors.values())


@pytest.mark.slow
def test_gate_doc_f1_above_floor(measured: dict[str, Any], floors: dict[str, float]) -> None:
    _check("doc_f1", measured, floors)


@pytest.mark.slow
def test_gate_place_accuracy_above_floor(measured: dict[str, Any], floors: dict[str, float]) -> None:
    _check("place_accuracy", measured, floors)


@pytest.mark.slow
def test_gate_count_accuracy_above_floor(measured: dict[str, Any], floors: dict[str, float]) -> None:
    _check("count_accuracy", measured, floors)


@pytest.mark.slow
def test_gate_linking_precision_above_floor(measured: dict[str, Any], floors: dict[str, float]) -> None:
    _check("linking_precision", measured, floors)


@pytest.mark.slow
def test_gate_linking_recall_above_floor(measured: dict[str, Any], floors: dict[str, float]) -> None:
    _check("linking_recall", measured, floors)
