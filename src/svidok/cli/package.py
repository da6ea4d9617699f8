"""`svidok package` (an evidence package of incidents) and `svidok verify-package` (check one)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from svidok.cli.common import err, fail, open_case, out, shown
from svidok.cli.incidents import (
    FLAGGED,
    GRADE,
    MIN_SOURCES,
    OBLAST,
    PLACE,
    SINCE,
    STATUS,
    TYPE,
    UNTIL,
    _filters,
)


def package_cmd(
    ctx: typer.Context,
    incident: list[str] = typer.Argument(None, help="Incident ids (or unique prefixes)."),
    output: Path = typer.Option(..., "--output", "-o", help="The zip file to write."),
    type_: str = TYPE, place: str = PLACE, oblast: str = OBLAST, since: str = SINCE, until: str = UNTIL,
    min_sources: int = MIN_SOURCES, grade: str = GRADE, flagged: bool = FLAGGED, status: str = STATUS,
    text: str = typer.Option(None, "--text", help="Words a source report must contain (full text)."),
    everything: bool = typer.Option(False, "--all", help="Every incident (rejected ones left out)."),
    unredacted: bool = typer.Option(False, "--unredacted",
                                    help="Keep protected persons' names in the dossier, the incidents JSON "
                                         "and the custody details (withheld by default)."),
    protected_originals: bool = typer.Option(False, "--include-protected-originals",
                                             help="Also include originals whose text or metadata names a "
                                                  "protected person (left out by default)."),
) -> None:
    """Build an evidence package: originals, signed custody events with inclusion proofs, a signed
    manifest, the dossier (HTML and PDF) and verify.py, a checker that needs only Python.

    Incidents are those named and those matching the filters. The PDF needs Debian's chromium
    (on PATH, or SVIDOK_CHROMIUM); without it the package has the HTML dossier and says why.

    Example: svidok --case kharkiv-2022 package inc-3f2a9c01b7d4 -o izium.zip
    By filter: svidok --case kharkiv-2022 package --type torture --place Izium -o torture-izium.zip
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from svidok.services.package import STEPS, PackageError, PackageOptions, build

    filters = _filters(type_, place, oblast, since, until, min_sources, grade, flagged, status)
    filters.text = text
    if not incident and not filters.active() and not everything:
        fail("give incident ids, a filter (e.g. --type torture --place Izium) or --all")
    chosen = filters if filters.active() or everything else None
    case = open_case(ctx)
    options = PackageOptions(unredacted=unredacted, include_protected_originals=protected_originals)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err,
                      transient=True) as bar:
            task = bar.add_task("packaging", total=len(STEPS))
            result = build(case, output, incident or [], chosen, options,
                           progress=lambda i, step: bar.update(task, completed=i, description=step))
    except PackageError as exc:
        fail(str(exc))
    finally:
        case.close()
    withheld = f" ({len(result.withheld_originals)} withheld: they name protected persons)" \
        if result.withheld_originals else ""
    n = len(result.incidents)
    out.print(f"package {shown(result.out)}: {n} incident{'' if n == 1 else 's'}, "
              f"{result.originals} originals{withheld}, {result.events} custody events, "
              f"sha256 {result.sha256}", highlight=False, soft_wrap=True)
    if result.withheld_events:
        out.print(f"custody details redacted in events {', '.join(map(str, result.withheld_events))}",
                  highlight=False, soft_wrap=True)
    if not unredacted:
        out.print("protected names are withheld from the dossier (--unredacted keeps them)", highlight=False)
    if result.pdf_missing:
        err.print(f"[yellow]warning:[/yellow] no PDF dossier in the package: {result.pdf_missing}. "
                  "The HTML dossier (dossier/dossier.html) is there and prints the same.",
                  highlight=False, soft_wrap=True)
    out.print(f"check it anywhere: python3 verify.py {output.name}  or  svidok verify-package {output.name}",
              highlight=False, soft_wrap=True)


def verify_package_cmd(
    package: Path = typer.Argument(..., help="The package: a zip file, or the folder it was unpacked to."),
    fingerprint: str = typer.Option(None, "--fingerprint",
                                    help="Require this case key fingerprint (64 hex digits)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Check an evidence package without the case: every file against the signed manifest, the
    key, the signed tree head, each custody event's signature and inclusion proof, each original.

    Example: svidok verify-package izium.zip --fingerprint 3b9e...
    """
    from svidok.services.package_verify import verify_package

    if not package.exists():
        fail(f"{package}: no such file")
    check = verify_package(package, fingerprint)
    if as_json:
        typer.echo(json.dumps({"ok": check.ok, "package": check.path,
                               "key_fingerprint": check.key_fingerprint,
                               "tree_size": check.tree_size, "root_hash": check.root_hash,
                               "files": check.files, "events": check.events, "originals": check.originals,
                               "incidents": check.incidents, "pdf_missing": check.pdf_missing,
                               "failures": [{"where": f.where, "why": f.why} for f in check.failures],
                               "notes": check.notes}, ensure_ascii=False, indent=2))
    else:
        out.print(f"package {shown(check.path)}", highlight=False, soft_wrap=True)
        out.print(f"case key fingerprint {check.key_fingerprint} (compare it with the one you were given)",
                  highlight=False, soft_wrap=True)
        if check.tree_size is not None:
            out.print(f"signed tree head: {check.tree_size} events, root {check.root_hash}, "
                      f"{check.head_timestamp}", highlight=False, soft_wrap=True)
        for note in check.notes:
            out.print(f"note: {shown(note)}", highlight=False, soft_wrap=True)
        if check.pdf_missing:
            out.print(f"note: the package has no PDF dossier ({check.pdf_missing})", highlight=False,
                      soft_wrap=True)
        for f in check.failures:
            err.print(f"FAIL {shown(f.line())}", markup=False, highlight=False, soft_wrap=True)
        if check.ok:
            out.print(f"OK: {check.files} files, {check.events} custody events, {check.originals} originals "
                      f"verified", highlight=False)
        else:
            err.print(f"FAILED: {len(check.failures)} problem(s)", markup=False, highlight=False)
    if not check.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the package commands to the `svidok` app (called by svidok.cli.main)."""
    app.command("package")(package_cmd)
    app.command("verify-package")(verify_package_cmd)
