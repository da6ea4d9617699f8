"""`svidok protect list|add|remove`: the case's register of protected persons (admins, analysts)."""

from __future__ import annotations

import typer

from svidok.cli.common import fail, open_case, out, shown

protect_app = typer.Typer(
    no_args_is_help=True,
    help="Protected persons: names withheld from viewers and from exports without --include-protected.",
)


@protect_app.command("list")
def list_cmd(ctx: typer.Context,
             all_: bool = typer.Option(False, "--all", help="Also names taken off the register.")) -> None:
    """List the register: name, origin, status, the forms it hides, who changed it, when, why.

    Example: svidok --case kharkiv-2022 protect list
    """
    from svidok.services.protection import entries, form_labels

    case = open_case(ctx)
    try:
        with case.connect() as conn:
            found = entries(conn, include_released=all_)
    finally:
        case.close()
    for p in found:
        forms = " | ".join(form_labels(p.name)) if p.status == "protected" else ""
        why = f"\t{p.why}" if p.why else ""
        out.print(f"{shown(p.name)}\t{p.origin}\t{p.status}\t{shown(p.actor)}\t{p.at:%Y-%m-%d %H:%M}\t"
                  f"{shown(forms)}{shown(why)}",
                  highlight=False, markup=False, soft_wrap=True)
    if not found:
        out.print("the register is empty", highlight=False)


def _change(ctx: typer.Context, name: str, why: str, remove: bool) -> None:
    from svidok.services.protection import ProtectionError, add
    from svidok.services.protection import remove as take_off

    case = open_case(ctx)
    try:
        with case.begin() as conn:
            entry = (take_off if remove else add)(conn, name, case.actor, why)
    except ProtectionError as exc:
        fail(str(exc))
    finally:
        case.close()
    verb = "removed from" if remove else "added to"
    out.print(f"{shown(entry.name)}: {verb} the register (custody event logged)", highlight=False,
              markup=False)


@protect_app.command("add")
def add_cmd(ctx: typer.Context,
            name: str = typer.Argument(..., help="The person's name as reports write it."),
            why: str = typer.Option("", "--why", help="Reason, kept in the custody log.")) -> None:
    """Protect a name: every form of it (surname, initials, spellings) is withheld from viewers.

    Example: svidok --case kharkiv-2022 protect add "Olena Kovalenko" --why "witness, asked for anonymity"
    """
    _change(ctx, name, why, remove=False)


@protect_app.command("remove")
def remove_cmd(ctx: typer.Context, name: str = typer.Argument(..., help="A name on the register."),
               why: str = typer.Option(..., "--why", help="Reason (required), kept in the custody log."),
               ) -> None:
    """Take a name off the register (for example an official extraction took for a witness);
    extraction will not put it back.

    Example: svidok --case kharkiv-2022 protect remove "Oleh Syniehubov" --why "governor, public role"
    """
    _change(ctx, name, why, remove=True)


def register(app: typer.Typer) -> None:
    app.add_typer(protect_app, name="protect")
