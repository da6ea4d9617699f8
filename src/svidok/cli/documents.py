"""`svidok documents`: the preserved documents with their language and extraction status."""

from __future__ import annotations

import json

import typer

from svidok.cli.common import err, fail, open_case, out, shown


def register(app: typer.Typer) -> None:
    app.command("documents")(documents_cmd)


def _status(status: str | None, language: str | None) -> str:
    if status is None:
        return "not yet"
    return f"unsupported ({language})" if language else status


def documents_cmd(
    ctx: typer.Context,
    lang: str = typer.Option(None, "--lang", help="Only documents in this language (ISO 639-1, e.g. uk)."),
    unsupported: bool = typer.Option(False, "--unsupported",
                                     help="Only documents whose language extraction does not support."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
) -> None:
    """List the case's documents: id, language (and how it was decided), extraction status,
    publication date, outlet and title. A document in a language without extraction cues says
    so: it was not searched, which is not the same as "no incidents".

    Example: svidok --case kharkiv-2022 documents --lang uk
    Example: svidok --case kharkiv-2022 documents --unsupported --json
    """
    from svidok.services import documents
    from svidok.services.language import LanguageError, check_code

    try:
        code = check_code(lang) if lang else None
    except LanguageError as exc:
        fail(f"--lang: {exc}")
    case = open_case(ctx, load_key=False)
    try:
        with case.connect() as conn:
            docs = documents.listing(conn, code, unsupported)
    finally:
        case.close()
    if as_json:
        from svidok.services.export import language_json

        for d in docs:
            typer.echo(json.dumps({"id": d.id, "filename": d.filename, "part": d.part, "title": d.meta.title,
                                   "outlet": d.meta.outlet, "published": d.meta.published_iso(),
                                   **language_json(d), "extraction_status": d.extraction_status},
                                  ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1, 0, 0))
    for name in ("id", "lang", "how", "extraction", "published", "outlet", "title"):
        table.add_column(name, overflow="fold", no_wrap=name in ("id", "lang", "published", "extraction"))
    for d in docs:
        lg = d.language
        others = dict.fromkeys(r[2] for r in lg.runs if r[2] != lg.code) if lg else {}
        table.add_row(d.id[:12], "+".join([lg.code, *others]) if lg else "?", lg.method if lg else "",
                      _status(d.extraction_status, d.unsupported_language),
                      d.meta.published_iso() or "", shown(d.meta.outlet or ""),
                      shown(d.meta.title or d.filename))
    out.print(table)
    flagged = sum(1 for d in docs if d.unsupported_language)
    err.print(f"{len(docs)} documents" + (f"; {flagged} in a language not supported for extraction "
                                          "(stored, not searched for incidents)" if flagged else ""),
              highlight=False, soft_wrap=True)
    err.print("lang: uk+en = mostly Ukrainian with English paragraphs; how: model, letters or given "
              "(--lang)", highlight=False, soft_wrap=True)
