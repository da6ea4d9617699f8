"""Helpers for the evidence-package tests: real cases from the bundled sample reports and the
seed reports, members of a built zip, byte flips and re-signed forgeries, and the stand-alone
checker run as a stranger would run it (`python3 -I verify.py`)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from svidok.evidence import keys
from svidok.services.case import Case, init_case
from svidok.services.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = Path(str(files("svidok.data"))) / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"
PYTHON3 = shutil.which("python3")


def sample_reports() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


def sample_case(root: Path) -> Case:
    case = init_case(root, actor="tester")
    report = ingest_paths(case, sample_reports())
    assert report.ok, report.failed
    return case


def seed_case(root: Path) -> Case:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"the seed reports are not at {SEEDS}")
    case = init_case(root, actor="tester")
    report = ingest_paths(case, [SEEDS])
    assert report.ok, report.failed
    return case


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def write_zip(dest: Path, content: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in content.items():
            zf.writestr(name, data)
    return dest


def flipped(path: Path, member: str, dest: Path) -> Path:
    """A copy of the package with one bit of one byte (the middle one) of `member` flipped."""
    content = members(path)
    data = bytearray(content[member])
    data[len(data) // 2] ^= 0x01
    content[member] = bytes(data)
    return write_zip(dest, content)


def resigned(path: Path, dest: Path, changes: dict[str, bytes], key: Ed25519PrivateKey) -> Path:
    """The package with `changes` made and its manifest rebuilt and signed again with `key`: what
    the key holder could forge. Only the checks below the manifest can catch what was changed."""
    content = {**members(path), **changes}
    manifest = json.loads(content["manifest.json"])
    for entry in manifest["files"]:
        data = content[entry["path"]]
        entry["sha256"], entry["size"] = hashlib.sha256(data).hexdigest(), len(data)
    raw = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    sig = json.loads(content["manifest.sig"])
    sig["sha256"], sig["signature"] = hashlib.sha256(raw).hexdigest(), keys.sign(key, raw)
    content["manifest.json"], content["manifest.sig"] = raw, json.dumps(sig).encode("utf-8")
    return write_zip(dest, content)


def events_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(members(path)["custody/events.json"])
    return data


def standalone(script: Path, *args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The package's verify.py run by the system's plain python3 in isolated mode (no site
    packages, no environment): all it may use is the standard library."""
    if PYTHON3 is None:
        pytest.skip("no python3 on PATH")
    return subprocess.run([PYTHON3, "-I", str(script), *map(str, args)], capture_output=True, text=True,
                          timeout=300, cwd=cwd, check=False)


def extract_script(package: Path, dest: Path) -> Path:
    dest.write_bytes(members(package)["verify.py"])
    return dest
