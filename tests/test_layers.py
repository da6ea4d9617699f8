"""The package's layering (docs/architecture.md), checked on the imports of every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import svidok

PACKAGE = Path(svidok.__file__).resolve().parent


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at top level or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(sub: str) -> list[Path]:
    return sorted((PACKAGE / sub).rglob("*.py"))


@pytest.mark.parametrize("layer", ["cli", "web", "batch"])
def test_layers_front_ends_call_services_not_db(layer: str) -> None:
    offenders = {p.relative_to(PACKAGE).as_posix(): sorted(m for m in _imports(p)
                                                           if m.startswith("svidok.db"))
                 for p in _modules(layer)}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_layers_model_imports_nothing_of_ours() -> None:
    offenders = {p.name: sorted(m for m in _imports(p)
                                if m.startswith("svidok") and not m.startswith("svidok.model"))
                 for p in _modules("model")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_layers_dask_only_in_batch() -> None:
    offenders = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                 if "batch" not in p.relative_to(PACKAGE).parts
                 and any(m.split(".")[0] in ("dask", "distributed") for m in _imports(p))]
    assert offenders == []
