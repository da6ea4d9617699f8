"""Helpers shared by command modules: consoles, opening the case given by --case, failing cleanly."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from svidok.services.case import Case

out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error to stderr and exit."""
    from rich.markup import escape

    err.print(f"[red]error:[/red] {escape(shown(message))}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def case_dir(ctx: typer.Context) -> Path | None:
    """The --case value (or SVIDOK_CASE) given to the top-level command."""
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    value = obj.get("case")
    return Path(value) if value else None


def ask_passphrase() -> str | None:
    """The key's passphrase: SVIDOK_KEY_PASSPHRASE, else asked on the terminal."""
    from svidok.services.case import env_passphrase

    return env_passphrase() or typer.prompt("Passphrase of the case key", hide_input=True, err=True)


def new_passphrase() -> str:
    from svidok.services.case import env_passphrase

    given = env_passphrase() or typer.prompt("Passphrase for the new case key", hide_input=True,
                                             confirmation_prompt=True, err=True)
    if not given.strip():
        fail("the passphrase must not be empty")
    return given


def open_case(ctx: typer.Context, load_key: bool = True) -> Case:
    """Open the case named by --case / SVIDOK_CASE or exit with a one-line error. Without
    `load_key` the private key is not read (checking needs only the public key)."""
    from svidok.services.case import CaseError
    from svidok.services.case import open_case as _open

    try:
        return _open(case_dir(ctx), passphrase=ask_passphrase, load_key=load_key)
    except CaseError as exc:
        fail(str(exc))


def plain(value: object) -> str:
    """`value` on one line (see shown) and safe inside a markup string: square brackets in a name
    are text, never a style (a closing tag made rich raise)."""
    from rich.markup import escape

    return escape(shown(value))


def cell(value: object) -> Any:
    """A table cell that shows `value` as it is: one line, no markup read in it."""
    from rich.text import Text

    return Text(shown(value))


def short(value: str | None, width: int = 12) -> str:
    return "" if value is None else value[:width]


def shown(name: object) -> str:
    """A name or message as one printable line: with a newline or a control character in it
    (a hostile file name), Python's escaped repr, so it cannot split or forge output lines."""
    text = str(name)
    return text if text.isprintable() else repr(text)


def print_ingest_problems(report: object) -> None:
    """What went wrong or was noticed while adding files: one line each, the file first."""
    for where, reason in getattr(report, "failed", []):
        err.print(f"{shown(where)}: {shown(reason)}", markup=False, highlight=False, soft_wrap=True)
    for where, label, added, skipped in getattr(report, "unpacked", []):
        left = "; skipped: " + ", ".join(f"{why} {n}" for why, n in skipped) if skipped else ""
        out.print(f"{shown(where)}: {shown(label)}: {added} message{'' if added == 1 else 's'} added{left}",
                  markup=False, highlight=False, soft_wrap=True)
    for where, lang in getattr(report, "unsupported", []):
        out.print(f"{shown(where)}: language not supported for extraction: {shown(lang)} (stored; "
                  "no incidents were looked for)", markup=False, highlight=False, soft_wrap=True)
    for note in getattr(report, "notes", []):
        err.print(f"note: {shown(note)}", markup=False, highlight=False, soft_wrap=True)
    for doc, of, sim in getattr(report, "near_duplicates", []):
        out.print(f"near-duplicate: {short(doc)} ~ {short(of)} (similarity {sim:.2f})", highlight=False)


def ingest_summary(report: object) -> str:
    """The one-line summary of `add` and `batch`: counts, with unsupported languages named."""
    def n(name: str) -> int:
        return len(getattr(report, name, []))

    line = (f"added {n('added')}, duplicates {n('duplicates')}, near-duplicates {n('near_duplicates')}, "
            f"failed {n('failed')}")
    unsupported = getattr(report, "unsupported", [])
    if unsupported:
        by: dict[str, int] = {}
        for _, lang in unsupported:
            by[lang] = by.get(lang, 0) + 1
        langs = ", ".join(f"{lang} {count}" for lang, count in sorted(by.items()))
        line += f", language not supported for extraction {len(unsupported)} ({langs})"
    return line
