"""Benchmarks and the synthetic report generator (`python -m svidok.bench`)."""
