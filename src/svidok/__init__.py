"""Svidok: offline-first evidence system."""
__version__ = "0.1.0"
