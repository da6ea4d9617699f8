"""HTML to PDF with Debian's chromium, headless: the project's chosen browser, never downloaded.

Found through SVIDOK_CHROMIUM (a path; when set it is the only place looked at) or else as
`chromium` on PATH. Each run gets its own throw-away profile and home folder, so runs never share
state or lock each other out, and the page is a local file that fetches nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ENV = "SVIDOK_CHROMIUM"
TIMEOUT_S = 120


def find() -> tuple[str | None, str]:
    """(path of the browser, "") or (None, why there is none)."""
    given = os.environ.get(ENV)
    if given is not None:
        if os.path.isfile(given) and os.access(given, os.X_OK):
            return given, ""
        return None, f"{ENV}={given!r} is not an executable file"
    found = shutil.which("chromium")
    if found:
        return found, ""
    return None, ("chromium was not found on PATH (install Debian's package: apt-get install chromium, "
                  f"or point {ENV} at it)")


def _last_error(output: str) -> str:
    lines = [ln.strip() for ln in output.splitlines() if ln.strip() and "dbus" not in ln.casefold()]
    return lines[-1][:300] if lines else "no output"


def print_to_pdf(html: str, out: Path) -> str | None:
    """Write `html` as a PDF to `out`; None when done, else why not (one line)."""
    browser, why = find()
    if browser is None:
        return why
    with tempfile.TemporaryDirectory(prefix="svidok-pdf-") as tmp:
        page = Path(tmp) / "dossier.html"
        page.write_text(html, encoding="utf-8")
        target = Path(tmp) / "dossier.pdf"
        args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--no-pdf-header-footer",
                f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={target}", page.as_uri()]
        env = {**os.environ, "HOME": tmp}
        try:
            run = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_S, env=env,
                                 cwd=tmp, check=False)
        except subprocess.TimeoutExpired:
            return f"chromium ({browser}) did not finish within {TIMEOUT_S} s"
        except OSError as exc:
            return f"chromium ({browser}) could not be started ({exc.strerror or exc})"
        try:
            data = target.read_bytes()
        except OSError:
            data = b""
        if not data.startswith(b"%PDF-"):
            return (f"chromium ({browser}) made no PDF (exit code {run.returncode}: "
                    f"{_last_error(run.stderr + run.stdout)})")
        out.write_bytes(data)
    return None
