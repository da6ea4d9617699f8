from __future__ import annotations

from svidok.bench.scale import abba


def test_scale_runs_each_count_forwards_then_backwards() -> None:
    assert abba((1, 2)) == [1, 2, 2, 1]
    assert abba((1, 2, 4)) == [1, 2, 4, 4, 2, 1]
