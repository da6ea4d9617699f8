"""Build a small real case once (real files, real spaCy extraction, real SQLite) and copy it per test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from backend import BACKEND, new_database
from svidok.services.case import Case, init_case, open_case
from svidok.services.ingest import ingest_paths
from svidok.services.users import add_user

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PASSWORDS = {"ada": "admin-pass-123", "ana": "analyst-pass-123", "vic": "viewer-pass-123",
             "rex": "external-pass-123"}
ROLES = {"ada": "admin", "ana": "analyst", "vic": "viewer", "rex": "reviewer-external"}


def build_template(root: Path) -> Path:
    """A case holding the fixture reports and one user per role; returns its directory."""
    # On PostgreSQL the template lives in its own database so that copies are CREATE DATABASE ... TEMPLATE
    url = new_database() if BACKEND == "postgresql" else None
    case = init_case(root / "template", url, actor="builder")
    try:
        report = ingest_paths(case, [FIXTURES])
        if not report.ok:
            raise RuntimeError(f"fixture ingest failed: {report.failed}")
        with case.begin() as conn:
            for name, role in ROLES.items():
                add_user(conn, name, role, PASSWORDS[name], actor="builder")
    finally:
        case.close()
    return root / "template"


def copy_case(template: Path, dest: Path, actor: str = "tester") -> Case:
    """A private copy of the template case (the template's engine is closed, so the copy is whole)."""
    shutil.copytree(template, dest)
    settings_path = dest / "case.json"
    settings = json.loads(settings_path.read_text(encoding="utf-8"))
    url = settings.get("db_url")
    if url and url.startswith("postgresql"):
        settings["db_url"] = new_database(template=url.rsplit("/", 1)[1].split("?")[0])
        settings_path.write_text(json.dumps(settings), encoding="utf-8")
    return open_case(dest, actor=actor)
