"""`svidok serve`: the analysts' web app and JSON API for one case."""

from __future__ import annotations

import typer

from svidok.cli.common import case_dir, fail, out


def serve_cmd(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (keep 127.0.0.1 "
                                                       "unless a TLS proxy is in front)."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Serve the web app (incidents, map, timeline, review) and the JSON API.

    Create a login first: svidok user add NAME --role analyst

    Example: svidok --case kharkiv-2022 serve --port 8765
    """
    import uvicorn

    from svidok.services.case import CaseError, find_case_dir
    from svidok.web import create_app

    try:
        app = create_app(find_case_dir(case_dir(ctx)))
    except CaseError as exc:
        fail(str(exc))
    out.print(f"serving on http://{host}:{port}/ (Ctrl+C to stop)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
