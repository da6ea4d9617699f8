"""Terminal views: the pager only for a long table on an interactive terminal; page footers."""

from __future__ import annotations

import io

from rich.console import Console

from svidok.cli.views import page_footer, page_window, wants_pager


def _console(terminal: bool, height: int = 24) -> Console:
    return Console(file=io.StringIO(), force_terminal=terminal, height=height, width=80)


def test_views_pager_only_for_long_output_on_a_terminal() -> None:
    assert wants_pager(_console(True), 100)
    assert not wants_pager(_console(True), 10)
    assert not wants_pager(_console(False), 100)  # piped or redirected: print everything
    assert not wants_pager(_console(True), 100, pager=False)  # --no-pager


def test_views_page_window_and_footer() -> None:
    assert page_window(None, None, 0) == (None, 0)
    assert page_window(3, None, 0) == (50, 100)
    assert page_window(2, 20, 5) == (20, 25)
    assert page_footer(51, 50, 230, 2, 50, "incidents") == (
        "51-100 of 230 incidents (page 2 of 5; next: --page 3)")
    assert page_footer(201, 30, 230, 5, 50, "incidents") == "201-230 of 230 incidents (page 5 of 5)"
    assert page_footer(1, 3, 3, None, None, "incidents") == "3 incidents"
