"""Dask runner for large corpora (the only package that imports dask)."""

from svidok.batch.runner import BatchError, BatchReport, run_batch

__all__ = ["BatchError", "BatchReport", "run_batch"]
