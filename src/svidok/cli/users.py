"""`svidok user add|token|tokens|revoke|throttles|unthrottle|disable|set-lang|list`: accounts for the web
app and the JSON API; `svidok share|unshare|shares`: incidents given to external reviewers."""

from __future__ import annotations

import sys

import typer

from svidok.cli.common import fail, open_case, out, plain, shown

user_app = typer.Typer(no_args_is_help=True,
                       help="Manage users (roles: admin, analyst, viewer, reviewer-external).")


def _password(from_stdin: bool, name: str) -> str:
    if from_stdin:
        value = sys.stdin.readline().rstrip("\r\n")
        if not value:
            fail("--password-stdin: no password on standard input")
        return value
    return str(typer.prompt(f"password for {name}", hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def add_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="User name (letters, digits, . _ @ -)."),
    role: str = typer.Option("viewer", "--role",
                             help="admin | analyst | viewer | reviewer-external (sees only incidents "
                                  "shared with them: svidok share)."),
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="Read the password from the first line of stdin."),
) -> None:
    """Add a user. Prompts for the password unless --password-stdin is given.

    Example: echo 's3cret-pass' | svidok --case kharkiv-2022 user add olena --role analyst --password-stdin
    """
    from svidok.services.users import UserError, add_user, check_role

    try:
        check_role(role)
    except UserError as exc:
        fail(str(exc))
    password = _password(password_stdin, name)
    case = open_case(ctx)
    try:
        with case.begin() as conn:
            user = add_user(conn, name, role, password)
    except UserError as exc:
        fail(str(exc))
    finally:
        case.close()
    out.print(f"added user {plain(user.name)} ({plain(user.role)})", highlight=False)


@user_app.command("token")
def token_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="User to issue a token for."),
    days: int = typer.Option(90, "--days", min=1, max=3650, help="Days until the token expires."),
) -> None:
    """Issue an API token. It is printed once and stored only as a hash; it expires after --days.

    Example: svidok --case kharkiv-2022 user token olena --days 30
    """
    from svidok.services.users import UserError, issue_token

    case = open_case(ctx)
    try:
        with case.begin() as conn:
            token = issue_token(conn, name, days=days)
    except UserError as exc:
        fail(str(exc))
    finally:
        case.close()
    typer.echo(token)
    typer.echo(f"store this token now: it cannot be shown again (expires in {days} days)", err=True)


def _when(value: object) -> str:
    from datetime import datetime

    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else "-"


@user_app.command("tokens")
def tokens_cmd(ctx: typer.Context, name: str = typer.Argument(..., help="Whose tokens to list.")) -> None:
    """List a user's API tokens: id, created, expires, last used, state (never the token itself).

    Example: svidok --case kharkiv-2022 user tokens olena
    """
    from svidok.services.users import UserError, list_tokens

    case = open_case(ctx)
    try:
        with case.connect() as conn:
            found = list_tokens(conn, name)
    except UserError as exc:
        fail(str(exc))
    finally:
        case.close()
    typer.echo("id\tcreated\texpires\tlast used\tstate")
    for t in found:
        typer.echo(f"{t.id}\t{_when(t.created_at)}\t{_when(t.expires_at)}\t{_when(t.last_used_at)}\t{t.state()}")


@user_app.command("revoke")
def revoke_cmd(ctx: typer.Context, token_id: str = typer.Argument(..., help="Token id from `user tokens`.")
               ) -> None:
    """Revoke one API token by its id; the user's other tokens keep working.

    Example: svidok --case kharkiv-2022 user revoke 3f9a0c61b2d4
    """
    from svidok.services.users import UserError, revoke_token_id

    case = open_case(ctx)
    try:
        with case.begin() as conn:
            owner = revoke_token_id(conn, token_id)
    except UserError as exc:
        fail(str(exc))
    finally:
        case.close()
    out.print(f"revoked token {plain(token_id)} of {plain(owner)}", highlight=False)


@user_app.command("throttles")
def throttles_cmd(ctx: typer.Context, failures: int = typer.Option(
        20, "--failures", min=0, help="Also show the last N failed or refused logins.")) -> None:
    """Show throttled accounts and client addresses, and the latest failed logins.

    Example: svidok --case kharkiv-2022 user throttles --failures 50
    """
    from datetime import UTC, datetime

    from svidok.services.logins import list_throttles, recent_failures

    case = open_case(ctx)
    try:
        with case.connect() as conn:
            rows = list_throttles(conn)
            recent = recent_failures(conn, failures) if failures else []
    finally:
        case.close()
    now = datetime.now(UTC)
    typer.echo("kind\tkey\tfailures\tlast failure\tlocked for (s)")
    for r in rows:
        typer.echo(f"{r.kind}\t{shown(r.key)}\t{r.failures}\t{_when(r.last_failure)}\t{r.wait(now)}")
    if recent:
        typer.echo("\nlatest failed logins (newest first):")
        for f in recent:
            typer.echo(f"{_when(f['at'])}\t{shown(f['user'])}\t{shown(f['client'])}\t{f['reason']}")


@user_app.command("unthrottle")
def unthrottle_cmd(ctx: typer.Context, key: str = typer.Argument(..., help="User name or client address.")
                   ) -> None:
    """Clear the login throttle of a user name or a client address (a custody event).

    Example: svidok --case kharkiv-2022 user unthrottle olena
    """
    from svidok.services.logins import unthrottle

    case = open_case(ctx)
    try:
        with case.begin() as conn:
            removed = unthrottle(conn, key)
    finally:
        case.close()
    if not removed:
        fail(f"no throttle for {key!r} (see: svidok user throttles)")
    out.print(f"cleared the throttle of {plain(key)}", highlight=False)


@user_app.command("disable")
def disable_cmd(ctx: typer.Context, name: str = typer.Argument(..., help="User to disable.")) -> None:
    """Disable a user: password, tokens and sessions stop working.

    Example: svidok --case kharkiv-2022 user disable olena
    """
    from svidok.services.users import UserError, disable_user

    case = open_case(ctx)
    try:
        with case.begin() as conn:
            disable_user(conn, name)
    except UserError as exc:
        fail(str(exc))
    finally:
        case.close()
    out.print(f"disabled user {plain(name)}", highlight=False)


@user_app.command("set-lang")
def set_lang_cmd(ctx: typer.Context,
                 name: str = typer.Argument(..., help="User whose interface language to set."),
                 language: str = typer.Argument(..., help="en | uk")) -> None:
    """Set the language a user's web pages are shown in (users can change it on their Settings page).

    Example: svidok --case kharkiv-2022 user set-lang olena uk
    """
    from svidok.services.users import UserError, set_language

    case = open_case(ctx)
    try:
        with case.begin() as conn:
            user = set_language(conn, name, language)
    except UserError as exc:
        fail(str(exc))
    finally:
        case.close()
    out.print(f"{user.name}: interface language {user.language}", highlight=False)


@user_app.command("list")
def list_cmd(ctx: typer.Context) -> None:
    """List users with their roles, state and interface language.

    Example: svidok --case kharkiv-2022 user list
    """
    from svidok.services.users import list_users

    case = open_case(ctx)
    with case.connect() as conn:
        users = list_users(conn)
    case.close()
    for u in users:
        out.print(f"{plain(u.name)}\t{u.role}\t{'active' if u.active else 'disabled'}\t{u.language or 'en'}",
                  highlight=False)


def share_cmd(
    ctx: typer.Context,
    incidents: list[str] = typer.Argument(..., help="Incident ids (or unique prefixes)."),
    user: str = typer.Option(..., "--with", help="A user with the role reviewer-external."),
) -> None:
    """Let an external reviewer see incidents (redacted, with the documents they cite).

    Each share is a custody event.

    Example: svidok --case kharkiv-2022 share inc-3f2a inc-91c0 --with kyiv-team
    """
    from svidok.services.sharing import ShareError, share

    case = open_case(ctx)
    try:
        with case.begin() as conn:
            done = share(conn, incidents, user)
    except ShareError as exc:
        fail(str(exc))
    finally:
        case.close()
    for iid in done:
        out.print(f"shared {plain(iid)} with {plain(user)}", highlight=False)
    if not done:
        out.print(f"nothing new: already shared with {plain(user)}", highlight=False)


def unshare_cmd(
    ctx: typer.Context,
    incidents: list[str] = typer.Argument(..., help="Incident ids (or unique prefixes)."),
    user: str = typer.Option(..., "--with", help="The user to withdraw the incidents from."),
) -> None:
    """Withdraw shared incidents from an external reviewer (a custody event each).

    Example: svidok --case kharkiv-2022 unshare inc-3f2a --with kyiv-team
    """
    from svidok.services.sharing import ShareError, unshare

    case = open_case(ctx)
    try:
        with case.begin() as conn:
            done = unshare(conn, incidents, user)
    except ShareError as exc:
        fail(str(exc))
    finally:
        case.close()
    for iid in done:
        out.print(f"withdrew {plain(iid)} from {plain(user)}", highlight=False)


def shares_cmd(ctx: typer.Context,
               user: str = typer.Option(None, "--with", help="Only the shares of this user.")) -> None:
    """List shared incidents: user, incident, who shared it and when.

    Example: svidok --case kharkiv-2022 shares --with kyiv-team
    """
    from svidok.services.sharing import shares

    case = open_case(ctx)
    with case.connect() as conn:
        found = shares(conn, user)
    case.close()
    for s in found:
        out.print(f"{plain(s.user)}\t{plain(s.incident_id)}\t{plain(s.shared_by)}\t{s.at:%Y-%m-%d %H:%M}",
                  highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.command("share")(share_cmd)
    app.command("unshare")(unshare_cmd)
    app.command("shares")(shares_cmd)
