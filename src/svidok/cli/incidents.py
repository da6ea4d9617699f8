"""`svidok incidents`, `svidok show`, `svidok export`: terminal views of incidents and exports."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from svidok.cli.common import cell, err, fail, open_case, out, plain, short, shown

if TYPE_CHECKING:
    from rich.text import Text

    from svidok.services.incidents import IncidentDetail, IncidentFilters
    from svidok.services.passages import Passage, SourceEvidence


def _date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value if len(value) > 7 else value + "-01")
    except ValueError:
        fail(f"{option} {value!r}: not a YYYY-MM-DD (or YYYY-MM) date")


def _filters(type_: str | None, place: str | None, oblast: str | None, since: str | None,
             until: str | None, min_sources: int | None, grade: str | None, flagged: bool,
             status: str | None) -> IncidentFilters:
    from svidok.services.incidents import IncidentFilters

    return IncidentFilters(type=type_, place=place, oblast=oblast, since=_date(since, "--since"),
                           until=_date(until, "--until"), min_sources=min_sources, grade=grade,
                           flagged=True if flagged else None, status=status)


# Shared filter options (Typer reads the defaults as option declarations).
TYPE = typer.Option(None, "--type", help="Violation type id, e.g. torture.")
PLACE = typer.Option(None, "--place", help="Place name or id, e.g. Kupiansk.")
OBLAST = typer.Option(None, "--oblast", help="Oblast, e.g. Kharkiv.")
SINCE = typer.Option(None, "--since", help="On or after this date (YYYY-MM-DD).")
UNTIL = typer.Option(None, "--until", help="On or before this date (YYYY-MM-DD).")
MIN_SOURCES = typer.Option(None, "--min-sources", min=1, help="At least this many source documents.")
GRADE = typer.Option(None, "--grade", help="corroborated | single source | contested | first-hand.")
FLAGGED = typer.Option(False, "--flagged", help="Only incidents whose sources disagree.")
STATUS = typer.Option(None, "--status", help="unreviewed | confirmed | edited | rejected.")


_QUAL_MARK = {"at_least": "≥", "at_most": "≤", "about": "~"}
_GRADE_SHORT = {"corroborated": "corrob.", "single source": "single"}  # keeps the table in 80 columns


def _row_date(inc: Any) -> str:
    return str(inc.date.iso()) if inc.date else ""


def incidents_cmd(
    ctx: typer.Context,
    type_: str = TYPE, place: str = PLACE, oblast: str = OBLAST, since: str = SINCE, until: str = UNTIL,
    min_sources: int = MIN_SOURCES, grade: str = GRADE, flagged: bool = FLAGGED, status: str = STATUS,
    sort: str = typer.Option("date", "--sort",
                             help="date|type|place|victims|sources|confidence; '-' reverses."),
    limit: int = typer.Option(None, "--limit", min=1, help="Show at most N incidents."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip the first N (with --limit: pages)."),
    page: int = typer.Option(None, "--page", min=1, help="Page N of --limit incidents (50 by default)."),
    text: str = typer.Option(None, "--text", help="Words a source report must contain (full text)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    no_pager: bool = typer.Option(False, "--no-pager", help="Never page the table in a terminal."),
) -> None:
    """List incidents, filtered and sorted (a long list opens in the pager of an interactive terminal).

    Example: svidok --case kharkiv-2022 incidents --oblast Kharkiv --min-sources 2 --sort -victims
    Page by page: svidok --case kharkiv-2022 incidents --page 2 --limit 50
    """
    from rich.table import Table

    from svidok.cli.views import page_footer, page_window, show
    from svidok.link.grade import grade_parts
    from svidok.services.incidents import QueryError, count, query, source_count, to_json

    filters = _filters(type_, place, oblast, since, until, min_sources, grade, flagged, status)
    filters.text = text
    limit, offset = page_window(page, limit, offset)
    case = open_case(ctx)
    try:
        with case.connect() as conn:
            found = query(conn, filters, sort=sort, limit=limit, offset=offset)
            total = count(conn, filters) if limit is not None or offset else len(found)
    except QueryError as exc:
        fail(str(exc))
    finally:
        case.close()
    if as_json:
        rows = []
        for inc in found:
            data = to_json(inc)
            data["date"], data["flagged"] = _row_date(inc) or None, inc.flagged
            rows.append(data)
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1, 0, 0))
    for name in ("id", "type", "place", "date", "victims", "src", "grade", "!"):
        # fold, never cut: a type id or place name must stay copyable into --type / --place
        table.add_column(name, overflow="fold", no_wrap=name in ("id", "date", "src"))
    for inc in found:
        victims = "" if inc.victims is None else f"{_QUAL_MARK.get(inc.qualifier or '', '')}{inc.victims}"
        parts = grade_parts(inc.grade)
        notes = ("!" if inc.flagged else "") + ("C" if "contested" in parts else "") + (
            "F" if "first-hand" in parts else "")
        place = inc.place.name if inc.place else "?"
        grade = _GRADE_SHORT.get(parts[0], parts[0]) if parts else ""
        table.add_row(inc.id[4:12], cell(inc.type), cell(place), _row_date(inc), victims,
                      str(source_count(inc)), cell(grade), notes)
    show([table], len(found), pager=not no_pager)
    if found:
        err.print("corrob. = corroborated by independent sources; ! sources disagree, C contested, "
                  "F first-hand; ≥ at least, ≤ at most, ~ about", highlight=False)
    err.print(page_footer(offset + 1, len(found), total, page, limit, "incidents"), highlight=False)


FACT_STYLES = {"act": "bold red", "place": "bold cyan", "victims": "bold magenta", "date": "bold blue",
               "perpetrator": "bold yellow", "source": "bold green"}


def _passage_text(text: str, p: Passage) -> Text:
    """One passage with its facts styled (Text objects: report text is never read as markup)."""
    from rich.text import Text

    line = Text(("… " if p.cut_before else "") + text[p.start:p.end] + (" …" if p.cut_after else ""))
    shift = 2 if p.cut_before else 0
    for f in p.marks:
        line.stylize(FACT_STYLES.get(f.fact, "bold"), f.start - p.start + shift, f.end - p.start + shift)
    return line


def _print_detail(d: IncidentDetail, evidence: list[SourceEvidence]) -> None:
    from rich.table import Table
    from rich.text import Text

    from svidok.services.passages import FACTS, basis_words, figure_words

    inc = d.incident
    p = inc.place
    where = f"{p.name} ({p.level}{', ' + p.admin1 if p.admin1 and p.level != 'admin1' else ''})" if p else "?"
    victims = "unknown" if inc.victims is None else figure_words(inc.victims, inc.qualifier)
    out.print(f"[bold]{plain(inc.id)}[/bold]  {plain(inc.type)} at {plain(where)}", highlight=False)
    facts = [("date", inc.date.iso() if inc.date else "unknown"), ("victims", victims),
             ("perpetrator", inc.perpetrator or "not stated"), ("status", inc.status),
             ("grade", f"{inc.grade} (confidence {inc.confidence:.2f})")]
    for k, v in facts:
        out.print(f"  {k:<12}{shown(v)}", markup=False, highlight=False)
    if inc.headline_note:
        out.print(f"  {'':<12}{shown(inc.headline_note)}", markup=False, highlight=False)
    for r in inc.grade_reasons:
        out.print(f"  - {shown(r)}", markup=False, highlight=False)
    table = Table(box=None, header_style="bold")
    for name in ("#", "source", "published", "lang", "sha256", "says", "attributed to", "place"):
        table.add_column(name, overflow="fold", no_wrap=name in ("#", "published", "lang", "sha256"))
    for n, src in enumerate(evidence, 1):
        fig = src.figure
        flags = ("" if fig.independent else " [dependent]") + (" [new, unreviewed]"
                                                               if fig.unreviewed_evidence else "")
        name = src.label.title + (f" ({src.label.outlet})" if src.label.outlet else "")
        sha = short(src.document.sha256 if src.document else "")
        lang = src.document.language.code if src.document and src.document.language else ""
        says = figure_words(fig.count, fig.qualifier)
        table.add_row(str(n), cell(name + flags), src.label.published, lang, sha, says,
                      cell(fig.attributed_to or ""), basis_words(fig.place_basis))
    out.print(table)
    legend = Text("quotes ", style="bold")
    for fact, label in FACTS:
        legend.append(label, style=FACT_STYLES[fact]).append(" ")
    out.print(legend)
    for n, src in enumerate(evidence, 1):
        for passage in src.passages:
            out.print(Text(f"  [{n}] ").append_text(_passage_text(src.text, passage)), highlight=False)
        if not src.passages:
            for span in src.figure.spans:
                out.print(f"  [{n}] “{' '.join(span.text.split())}”", markup=False, highlight=False)
    if inc.discrepancies:
        out.print("[bold]discrepancies[/bold]")
        for disc in inc.discrepancies:
            values = "; ".join(f"{v['value']} ({short(v['document_id'])})" for v in disc.values)
            out.print(f"  {disc.field}: {shown(disc.note)} {shown(values)}", markup=False, highlight=False)
    out.print(f"[bold]custody[/bold] ({len(d.events)} events on its documents)")
    for e in d.events[-10:]:
        out.print(f"  #{e.seq} {e.at:%Y-%m-%d %H:%M} {shown(e.actor)} {e.action} {short(e.object_hash)}",
                  markup=False, highlight=False)


def show_cmd(
    ctx: typer.Context,
    incident: str = typer.Argument(..., help="Incident id (or a unique prefix); a merged incident's "
                                             "old id shows the incident it was merged into."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one incident: facts, sources, quotes, discrepancies and custody events.

    Example: svidok --case kharkiv-2022 show inc-3f2a9c01b7d4
    """
    from svidok.services.incidents import NotFound, show
    from svidok.services.passages import incident_evidence
    from svidok.services.review import successor

    case = open_case(ctx)
    try:
        with case.connect() as conn:
            try:
                detail = show(conn, incident)
            except NotFound:
                moved = successor(conn, incident)
                if moved is None:
                    raise
                err.print(f"{incident} was merged into {moved}; showing {moved}", highlight=False)
                detail = show(conn, moved)
            evidence = incident_evidence(conn, detail.incident)
    except NotFound as exc:
        fail(str(exc))
    finally:
        case.close()
    if as_json:
        typer.echo(json.dumps(detail.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_detail(detail, evidence)


def export_cmd(
    ctx: typer.Context,
    fmt: str = typer.Option("json", "--format", "-f", help="json | csv | geojson | acled."),
    output: str = typer.Option("-", "--output", "-o", help="File to write, or - for standard output."),
    type_: str = TYPE, place: str = PLACE, oblast: str = OBLAST, since: str = SINCE, until: str = UNTIL,
    min_sources: int = MIN_SOURCES, grade: str = GRADE, flagged: bool = FLAGGED, status: str = STATUS,
    include_protected: bool = typer.Option(False, "--include-protected",
                                           help="Keep names of witnesses and victims in quotes."),
) -> None:
    """Export incidents (rejected ones left out) and log the export in the custody chain.

    Example: svidok --case kharkiv-2022 export --format acled -o kharkiv.csv --oblast Kharkiv
    """
    from svidok.services.export import ExportError, export
    from svidok.services.incidents import QueryError

    filters = _filters(type_, place, oblast, since, until, min_sources, grade, flagged, status)
    case = open_case(ctx)
    try:
        with case.begin() as conn:
            res = export(conn, fmt, filters, output, include_protected=include_protected)
    except (ExportError, QueryError) as exc:
        fail(str(exc))
    finally:
        case.close()
    where = "standard output" if output == "-" else shown(output)
    err.print(f"exported {res.count} incidents as {fmt} to {where} (sha256 {res.sha256})",
              markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the incident commands to the `svidok` app (called by svidok.cli.main)."""
    app.command("incidents")(incidents_cmd)
    app.command("show")(show_cmd)
    app.command("export")(export_cmd)
