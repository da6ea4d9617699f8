"""`svidok extract`: run extraction again over stored documents (after an extractor upgrade)."""

from __future__ import annotations

import typer

from svidok.cli.common import err, open_case, out, shown


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_cmd)


def extract_cmd(
    ctx: typer.Context,
    document: list[str] = typer.Option(None, "--document", "-d", help="Document id; repeatable."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes for extraction."),
) -> None:
    """Re-extract mentions from the preserved texts and relink incidents.

    The machine's mentions of each document are replaced; reviewed incidents keep every human
    decision (new evidence attaches to them marked as unreviewed).

    Example: svidok --case kharkiv-2022 extract --workers 2
    """
    from svidok.services import documents
    from svidok.services.extraction import extract_in_case
    from svidok.services.linking import relink_in_chunks

    case = open_case(ctx)
    try:
        with case.connect() as conn:
            ids = list(document) if document else documents.ids(conn)
        summary = extract_in_case(case, ids, workers=workers)
        linked = relink_in_chunks(case, ids)
        with case.connect() as conn:
            names = documents.original_paths(conn, [d for d, _ in summary.failed])
    finally:
        case.close()
    out.print(f"extracted {summary.mentions} mentions from {summary.documents} documents; "
              f"{len(linked.created)} incidents created, {len(linked.updated)} updated, "
              f"{len(linked.attached)} reviewed incidents received new evidence", highlight=False)
    if summary.unsupported:  # stored and flagged: not searched, which is not "no incidents"
        langs: dict[str, int] = {}
        for _, lang in summary.unsupported:
            langs[lang] = langs.get(lang, 0) + 1
        out.print(f"language not supported for extraction: {len(summary.unsupported)} documents ("
                  + ", ".join(f"{lang} {n}" for lang, n in sorted(langs.items())) + "); see svidok documents "
                  "--unsupported", highlight=False, soft_wrap=True)
    if summary.skipped:
        out.print(f"skipped (no stored text): {', '.join(summary.skipped)}", highlight=False)
    if summary.failed:  # each failed alone; the rest were extracted and linked
        for doc_id, reason in summary.failed:
            err.print(f"{shown(names.get(doc_id, doc_id))}: extraction failed: {shown(reason)}",
                      markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)
