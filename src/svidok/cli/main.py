"""`svidok` command line. Core commands live here; others register from COMMAND_MODULES.

To add a command module: write svidok/cli/NAME.py with `def register(app: typer.Typer) -> None`
and add its module name to COMMAND_MODULES. Heavy imports stay inside command functions so that
`svidok --help` is fast.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from svidok.cli.common import (
    cell,
    err,
    fail,
    ingest_summary,
    open_case,
    out,
    plain,
    print_ingest_problems,
    shown,
)

if TYPE_CHECKING:
    from svidok.services.case import Case

COMMAND_MODULES = [
    "svidok.cli.anchor",
    "svidok.cli.batch",
    "svidok.cli.documents",
    "svidok.cli.extract",
    "svidok.cli.incidents",
    "svidok.cli.package",
    "svidok.cli.protect",
    "svidok.cli.serve",
    "svidok.cli.users",
]

app = typer.Typer(
    name="svidok", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="Svidok: preserve, read, extract and link open-source reports of alleged war crimes.",
)


@app.callback()
def main(
    ctx: typer.Context,
    case: Path = typer.Option(None, "--case", envvar="SVIDOK_CASE", help="Case directory (or SVIDOK_CASE)."),
) -> None:
    """Svidok: an offline-first evidence system.

    Example: svidok init my-case && svidok --case my-case add reports/
    """
    ctx.obj = {"case": str(case) if case else None}


@app.command("init")
def init_cmd(
    directory: Path = typer.Argument(..., help="Directory to create the case in."),
    db: str = typer.Option(None, "--db", envvar="SVIDOK_DB",
                           help="Database URL (default: SQLite DIR/case.db), e.g. postgresql+psycopg://..."),
    passphrase: bool = typer.Option(False, "--passphrase",
                                    help="Encrypt the signing key (prompted, or SVIDOK_KEY_PASSPHRASE)."),
) -> None:
    """Create a case: settings, object store, signing key, database.

    Example: svidok init kharkiv-2022 --passphrase
    """
    from svidok.cli.common import new_passphrase
    from svidok.services.case import CaseError, init_case

    try:
        case = init_case(directory, db_url=db, passphrase=new_passphrase() if passphrase else None)
    except CaseError as exc:
        fail(str(exc))
    out.print(f"created case {plain(case.root)}", highlight=False, soft_wrap=True)
    out.print(f"next: svidok --case {plain(directory)} add REPORTS...", highlight=False, soft_wrap=True)
    case.close()


def _parse_date(value: str | None) -> str | None:
    """The --published value, checked now (it is parsed again, with its precision, per file)."""
    from svidok.services.preserve import IngestError, parse_published

    if value is None:
        return None
    try:
        parse_published(value)
    except IngestError:
        fail(f"--published {value!r}: not a YYYY, YYYY-MM or YYYY-MM-DD date")
    return value


def _parse_lang(value: str | None) -> str | None:
    from svidok.services.language import LanguageError, check_code

    if value is None:
        return None
    try:
        return check_code(value)
    except LanguageError as exc:
        fail(f"--lang: {exc}")


@app.command("add")
def add_cmd(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Files or folders (recursive)."),
    published: str = typer.Option(None, help="Publication date: YYYY-MM-DD, or YYYY-MM / YYYY when "
                                             "the source gives only a month or a year."),
    outlet: str = typer.Option(None, help="Outlet that published the report."),
    url: str = typer.Option(None, help="Where the report was found."),
    title: str = typer.Option(None, help="Title of the report."),
    lang: str = typer.Option(None, "--lang", help="Language of the reports (ISO 639-1, e.g. uk): "
                                                  "recorded as given, not identified."),
    no_extract: bool = typer.Option(False, "--no-extract", help="Only preserve and read; skip extraction."),
    max_size: float = typer.Option(None, "--max-size", help="Size limit per file in MB (default 50)."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes for reading and extraction."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks",
                                         help="Also read files that symbolic links in a folder lead to "
                                              "outside that folder (refused by default)."),
) -> None:
    """Preserve files (hash, store, custody log), read them, extract and link incidents.

    A FILE.meta.json next to a file supplies title/outlet/url/published/language; options override
    it. A Telegram Desktop channel export (result.json) is preserved whole and each message with
    text becomes a document (--url https://t.me/NAME gives the messages their t.me links).
    Symbolic links that lead out of a named folder are reported, not read, without --follow-symlinks.

    Example: svidok --case kharkiv-2022 add reports/ --outlet CNN
    Example: svidok --case kharkiv-2022 add channel-export/result.json --lang uk
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from svidok.services.ingest import Overrides, ingest_paths

    overrides = Overrides(title=title, outlet=outlet, url=url, published=_parse_date(published),
                          language=_parse_lang(lang))
    case = open_case(ctx)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("adding", total=None)
        extracting = bar.add_task("extracting", total=None, visible=False)

        def on_total(total: int) -> None:
            bar.update(task, total=total)
            bar.update(extracting, total=total)

        def on_extracted(n: int, name: str) -> None:
            bar.update(extracting, advance=n, visible=True, description=f"extracting {name}")

        report = ingest_paths(
            case, paths, overrides, extract=not no_extract, max_size_mb=max_size, workers=workers,
            progress=lambda n, name: bar.update(task, advance=n, description=name[:40]),
            on_total=on_total, extract_progress=on_extracted, follow_symlinks=follow_symlinks,
        )
    print_ingest_problems(report)
    out.print(ingest_summary(report), highlight=False, soft_wrap=True)
    _print_linked(case, report.created, report.updated, bool(report.processed))
    case.close()
    if not report.ok:
        raise typer.Exit(1)


def _print_linked(case: Case, created: list[str], updated: list[str], linked: bool) -> None:
    """The incidents a batch created and updated: counts, then the first few as a table."""
    from svidok.cli.views import ADD_ROWS, linked_table
    from svidok.services.incidents import IncidentFilters, query

    if not created and not updated:
        if linked:
            out.print("incidents: none created or updated", highlight=False)
        return
    out.print(f"incidents: {len(created)} created, {len(updated)} updated", highlight=False)
    first = (created + updated)[:ADD_ROWS]
    with case.connect() as conn:
        found = {i.id: i for i in query(conn, IncidentFilters(ids=frozenset(first), include_rejected=True))}
    out.print(linked_table([found[i] for i in created if i in found],
                           [found[i] for i in updated if i in found]))
    more = len(created) + len(updated) - len(first)
    if more > 0:
        out.print(f"... and {more} more (svidok incidents lists them all)", highlight=False)


@app.command("log")
def log_cmd(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines (every field, as recorded)."),
    limit: int = typer.Option(50, "--limit", min=0, help="Show the last N events (0 = all)."),
    page: int = typer.Option(None, "--page", min=1,
                             help="Page N of --limit events, counted back from the newest (1 = newest)."),
    no_pager: bool = typer.Option(False, "--no-pager", help="Never page the table in a terminal."),
) -> None:
    """Show the custody log (oldest first), details in words.

    Example: svidok --case kharkiv-2022 log --limit 20 --page 2
    """
    from svidok.cli.views import log_table, show
    from svidok.services.custody_log import count_events, list_events

    case = open_case(ctx)
    size = limit or None
    skip = (page - 1) * (size or 0) if page else 0
    events = list(reversed(list_events(case, limit=size, newest_first=True, offset=skip)))
    total = count_events(case)
    case.close()
    if as_json:
        for e in events:
            row = {"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                   "object_hash": e.object_hash, "details": e.details, "prev_hash": e.prev_hash,
                   "hash": e.hash, "signature": e.signature}
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    show([log_table(events)], len(events), pager=not no_pager)
    if not events:
        err.print(f"no events on that page ({total} in the log)", highlight=False)
        return
    footer = f"events {events[0].seq}-{events[-1].seq} of {total}"
    if size and total > size:  # pages count back from the newest
        at, last = page or 1, -(-total // size)
        footer += f" (page {at} of {last}" + (f"; older: --page {at + 1})" if at < last else ")")
    err.print(footer, highlight=False)


@app.command("demo")
def demo_cmd(
    directory: Path = typer.Argument(Path("demo-case"), help="Where to build the demo case."),
) -> None:
    """Build a sample case from the bundled sample reports and show what was found.

    Example: svidok demo && svidok --case demo-case incidents
    """
    from importlib.resources import files

    from svidok.services.case import CaseError, init_case, overview
    from svidok.services.case import open_case as open_dir
    from svidok.services.ingest import ingest_paths

    samples = Path(str(files("svidok.data"))) / "samples"
    if not samples.is_dir():
        fail(f"{samples}: bundled sample reports are missing")
    try:
        case = open_dir(directory) if (directory / "case.json").exists() else init_case(directory)
    except CaseError as exc:
        fail(str(exc))
    with err.status("reading, extracting and linking the sample reports..."):
        # the reports only: the folder's README describes them and is not one of them
        report = ingest_paths(case, sorted(samples.glob("*.txt")))
    for where, reason in report.failed:
        err.print(f"{shown(where)}: {shown(reason)}", markup=False, highlight=False)
    counts = overview(case)
    out.print(f"demo case {plain(case.root)}: {counts['documents']} documents, "
              f"{counts['mentions']} mentions, {counts['incidents']} incidents, "
              f"{counts['events']} custody events", highlight=False)
    _print_top_incidents(case)
    case.close()
    where = plain(directory)
    out.print(f"explore:  svidok --case {where} incidents\n"
              f"          svidok --case {where} show INCIDENT_ID\n"
              f"          svidok --case {where} verify\n"
              f"          svidok --case {where} serve", highlight=False)
    if not report.ok:
        raise typer.Exit(1)


def _print_top_incidents(case: Case) -> None:
    """The best-corroborated incidents, through the incidents service when it is installed."""
    from rich.table import Table

    try:
        from svidok.services.incidents import query
    except ModuleNotFoundError:
        return
    with case.connect() as conn:
        found = query(conn, sort="-sources", limit=8)
    if not found:
        return
    table = Table()
    for name in ("type", "place", "date", "victims", "sources"):
        table.add_column(name, overflow="fold")  # folded, never cut: a type id is typed into --type
    table.add_column("incident", no_wrap=True)  # ids are what the user types next; never cut them
    for inc in found:
        sources = len({s.document_id for s in inc.sources})
        place = inc.place.name if inc.place else ""
        when = inc.date.iso() if inc.date else ""
        victims = "" if inc.victims is None else str(inc.victims)
        table.add_row(cell(inc.type), cell(place), when, victims, str(sources), inc.id)
    out.print(table)


def _register_modules() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # not written yet / not installed: the command is simply absent
                continue
            raise
        module.register(app)


_register_modules()
