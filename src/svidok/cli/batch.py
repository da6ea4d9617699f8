"""`svidok batch`: add a large corpus using a Dask cluster (see docs/scale-out.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from svidok.cli.common import err, fail, ingest_summary, open_case, out, print_ingest_problems


def batch_cmd(
    ctx: typer.Context,
    directory: Path = typer.Argument(..., help="Folder (recursive) or file of reports."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786."),
    local: int = typer.Option(None, "--local", min=1,
                              help="Start a local cluster of N single-thread workers (default: CPU count)."),
    chunk: int = typer.Option(32, "--chunk", min=1, help=(
        "Most documents per worker task (tasks shrink near the end so workers finish together).")),
    limit: int = typer.Option(None, "--limit", min=1,
                              help="Stop after N new documents, before linking; run again to finish."),
    max_size: float = typer.Option(None, "--max-size", help="Size limit per file in MB (default 50)."),
    lang: str = typer.Option(None, "--lang", help="Language of the reports (ISO 639-1, e.g. uk): "
                                                  "recorded as given, not identified."),
) -> None:
    """Read and extract on Dask workers, then store and link like `svidok add` (resumable).

    Example: svidok --case kharkiv-2022 batch reports/ --scheduler tcp://10.0.0.5:8786
    Example: svidok --case kharkiv-2022 batch oblast-releases/ --local 2 --lang uk
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from svidok.batch import BatchError, run_batch
    from svidok.services.language import LanguageError, check_code
    from svidok.services.preserve import Overrides

    if scheduler and local:
        fail("give either --scheduler or --local, not both")
    try:
        overrides = Overrides(language=check_code(lang) if lang else None)
    except LanguageError as exc:
        fail(f"--lang: {exc}")
    case = open_case(ctx)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("starting workers", total=None)
            report = run_batch(
                case, [directory], overrides, scheduler=scheduler, local=local, chunk=chunk, limit=limit,
                max_size_mb=max_size,
                progress=lambda n, name: bar.update(task, advance=n, description=name[:40]),
                on_total=lambda total: bar.update(task, total=total),
            )
    except BatchError as exc:
        case.close()
        fail(str(exc))
    print_ingest_problems(report)
    out.print(f"{ingest_summary(report)}, resumed {len(report.resumed)} ({report.workers} workers)",
              highlight=False, soft_wrap=True)
    case.close()
    if not report.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("batch")(batch_cmd)
