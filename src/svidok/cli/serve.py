"""`svidok serve`: the analysts' web app and JSON API for one case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from svidok.cli.common import case_dir, fail, out, plain

if TYPE_CHECKING:
    import uvicorn


def serve_cmd(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (keep 127.0.0.1 "
                                                       "unless a TLS proxy is in front)."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
    proxy_headers: bool = typer.Option(
        False, "--proxy-headers",
        help="Behind a TLS proxy: take the client address and https from X-Forwarded-For/-Proto "
             "(session cookies are then Secure, throttling sees real addresses)."),
    forwarded_allow_ips: str = typer.Option(
        "127.0.0.1", "--forwarded-allow-ips",
        help="Proxy addresses trusted for --proxy-headers (comma-separated, '*' for any)."),
) -> None:
    """Serve the web app (incidents, map, timeline, review) and the JSON API.

    Create a login first: svidok user add NAME --role analyst

    Example: svidok --case kharkiv-2022 serve --port 8765 --proxy-headers
    """
    import uvicorn

    from svidok.services.case import CaseError, find_case_dir
    from svidok.web import create_app

    try:
        app = create_app(find_case_dir(case_dir(ctx)))
    except CaseError as exc:
        fail(str(exc))
    out.print(f"serving on http://{plain(host)}:{port}/ (Ctrl+C to stop)", highlight=False)
    uvicorn.Server(server_config(app, host, port, proxy_headers, forwarded_allow_ips)).run()


def server_config(app: Any, host: str, port: int, proxy_headers: bool = False,
                  forwarded_allow_ips: str = "127.0.0.1") -> uvicorn.Config:
    """The uvicorn configuration of `svidok serve`. Proxy headers count only when asked for:
    without a proxy, a client could name any address in X-Forwarded-For and dodge throttling."""
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level="warning", proxy_headers=proxy_headers,
                          forwarded_allow_ips=forwarded_allow_ips)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
