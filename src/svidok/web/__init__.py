"""The analysts' web app (FastAPI + Jinja2 + HTMX). Calls services only; see app.create_app."""

from svidok.web.app import create_app

__all__ = ["create_app"]
