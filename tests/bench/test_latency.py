"""The latency benchmark itself, at a small size (the figures come from `make bench`)."""

from __future__ import annotations

from pathlib import Path

from svidok.bench.latency import _pct, bench_latency


def test_latency_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert _pct(values, 0.95) == 95.0 and _pct(values, 0.5) == 50.0 and _pct([7.0], 0.95) == 7.0


def test_latency_runs_every_request_kind_on_a_small_case(tmp_path: Path) -> None:
    result = bench_latency(300, None, tmp_path, lambda _: None)
    assert result["db"] == "sqlite" and result["incidents"] >= 300
    assert len(result["endpoints"]) == 12
    assert all(e["p95_ms"] >= e["p50_ms"] > 0 for e in result["endpoints"])
    first = next(e for e in result["endpoints"] if e["name"] == "list, no filter")
    assert first["rows"] == 50
