"""Terminal views shared by commands: tables that fit the terminal's width, a pager when the output
is longer than an interactive terminal, the custody log's details in words, and what `add` linked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console, RenderableType
from rich.table import Table

from svidok.cli.common import out

if TYPE_CHECKING:
    from svidok.model import CustodyEvent, Incident

PAGE = 50  # rows of a page when --page is given without --limit
ADD_ROWS = 10  # incidents `add` lists after a batch (the rest are counted)


def wants_pager(console: Console, rows: int, pager: bool = True) -> bool:
    """Page only an interactive terminal, and only output of more `rows` than its screen holds."""
    return pager and console.is_terminal and rows > console.height - 4


def show(items: Sequence[RenderableType], rows: int, pager: bool = True, console: Console = out) -> None:
    """Print `items`; through the terminal's pager when wants_pager() says so."""
    if wants_pager(console, rows, pager):
        with console.pager(styles=True):
            for item in items:
                console.print(item)
        return
    for item in items:
        console.print(item)


def page_window(page: int | None, limit: int | None, offset: int) -> tuple[int | None, int]:
    """(limit, offset) for --page/--limit/--offset: page N of `limit` rows (PAGE by default)."""
    if page is None:
        return limit, offset
    size = limit or PAGE
    return size, (page - 1) * size + offset


def page_footer(first: int, shown: int, total: int, page: int | None, size: int | None, noun: str) -> str:
    """"51-100 of 230 incidents (page 2 of 5; next: --page 3)"."""
    if shown >= total:
        return f"{total} {noun}"
    text = f"{first}-{first + shown - 1} of {total} {noun}" if shown else f"none of {total} {noun} here"
    if page is not None and size:
        last = -(-total // size)
        text += f" (page {page} of {last}" + (f"; next: --page {page + 1})" if page < last else ")")
    return text


def log_table(events: Sequence[CustodyEvent]) -> Table:
    """The custody log: one row per event, its details in words, wrapped to the terminal's width."""
    from svidok.cli.common import short
    from svidok.services.wording import details_line

    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1, 0, 0), expand=False)
    table.add_column("seq", justify="right", no_wrap=True)
    table.add_column("time (UTC)", no_wrap=True)
    table.add_column("actor", overflow="fold")
    table.add_column("action", no_wrap=True)
    table.add_column("object", no_wrap=True)
    table.add_column("details", overflow="fold", ratio=1)
    for e in events:
        table.add_row(str(e.seq), e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, e.action,
                      short(e.object_hash), details_line(e.details))
    return table


def linked_table(created: list[Incident], updated: list[Incident]) -> Table:
    """What `add` linked: new and updated incidents, ids first (they are what one types next)."""
    from svidok.services.incidents import source_count
    from svidok.services.passages import figure_words

    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column("", no_wrap=True)
    table.add_column("incident", no_wrap=True)
    for name in ("type", "place", "date", "victims"):
        table.add_column(name, overflow="fold")
    table.add_column("src", justify="right", no_wrap=True)
    rows: list[tuple[str, Any]] = [("new", i) for i in created] + [("updated", i) for i in updated]
    for change, inc in rows[:ADD_ROWS]:
        table.add_row(change, inc.id, inc.type, inc.place.name if inc.place else "?",
                      inc.date.iso() if inc.date else "", figure_words(inc.victims, inc.qualifier),
                      str(source_count(inc)))
    return table
