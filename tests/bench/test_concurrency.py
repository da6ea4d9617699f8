from __future__ import annotations

from pathlib import Path

from svidok.bench.concurrency import cut, mix


def test_concurrency_cut_makes_three_overlapping_folders_covering_the_corpus() -> None:
    names = [f"r{i:04d}.txt" for i in range(2000)]
    first, second, third = cut(names)
    assert set(first) | set(second) | set(third) == set(names)
    assert len(set(first) & set(second)) == 100 and len(set(second) & set(third)) == 100


def test_concurrency_mix_runs_add_batch_extract_and_batch(tmp_path: Path) -> None:
    commands = mix(tmp_path / "a", tmp_path / "b", tmp_path / "c")
    assert [c[0] for c in commands] == ["add", "batch", "extract", "batch"]
    assert commands[0][1] == commands[3][1] == str(tmp_path / "b")  # add and a batch race for one folder
