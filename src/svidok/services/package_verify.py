"""Use case: check an evidence package without the case (`svidok verify-package`).

The same checks as the package's own verify.py (svidok/evidence/verify_script.py), implemented
again with the code that keeps the case (cryptography's Ed25519, evidence.merkle, evidence.custody),
so the two stand as independent witnesses: every file against the manifest, the manifest's
signature, the key and its fingerprint, the signed tree head, each event's hash, signature and
inclusion proof, each original's content address and its `add` event. Every problem names the
file or the event at fault.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from svidok.evidence import custody, keys, merkle
from svidok.evidence.treehead import AnchorError, head_from_json, head_signed_by

MANIFEST, SIGNATURE, KEY, PEM, HEAD, EVENTS = (
    "manifest.json", "manifest.sig", "key/public_key.json", "key/public_key.pem", "custody/tree_head.json",
    "custody/events.json")
_FIELDS = ("seq", "at", "actor", "action", "object_hash", "details", "prev_hash", "hash", "signature",
           "leaf_index", "inclusion_proof")


@dataclass(frozen=True)
class Failure:
    where: str  # a file of the package, or "event seq N (custody/events.json)"
    why: str

    def line(self) -> str:
        return f"{self.where}: {self.why}"


@dataclass
class PackageCheck:
    path: str
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    key_fingerprint: str | None = None
    tree_size: int | None = None
    root_hash: str | None = None
    head_timestamp: str | None = None
    files: int = 0
    events: int = 0
    originals: int = 0
    incidents: list[str] = field(default_factory=list)
    pdf_missing: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failures

    def fail(self, where: str, why: str) -> None:
        self.failures.append(Failure(where, why))


def _read(path: Path, check: PackageCheck) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file():
                found[p.relative_to(path).as_posix()] = p.read_bytes()
        return found
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                try:
                    found[info.filename] = zf.read(info)
                except (zipfile.BadZipFile, OSError, ValueError) as exc:
                    check.fail(info.filename, f"damaged inside the zip ({exc})")
    except (OSError, zipfile.BadZipFile) as exc:
        check.fail(str(path), f"cannot be read as a package ({exc})")
    return found


def _hex(value: Any, length: int) -> bool:
    if not isinstance(value, str) or len(value) != length:
        return False
    try:
        bytes.fromhex(value)
    except ValueError:
        return False
    return True


def _json(files: dict[str, bytes], name: str, check: PackageCheck) -> Any:
    if name not in files:
        check.fail(name, "missing from the package")
        return None
    try:
        return json.loads(files[name].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        check.fail(name, f"not valid JSON ({exc})")
        return None


def _check_files(files: dict[str, bytes], manifest: dict[str, Any], check: PackageCheck) -> None:
    entries = manifest.get("files")
    if not isinstance(entries, list):
        check.fail(MANIFEST, "has no list of files")
        entries = []
    listed = {e["path"]: e for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)}
    damaged = {f.where for f in check.failures}
    for name, entry in sorted(listed.items()):
        if name in damaged:
            continue
        if name not in files:
            check.fail(name, "listed in the manifest but missing from the package")
        elif hashlib.sha256(files[name]).hexdigest() != entry.get("sha256"):
            check.fail(name, "SHA-256 does not match the manifest (the file was altered)")
        elif len(files[name]) != entry.get("size"):
            check.fail(name, "size does not match the manifest")
    for name in sorted(set(files) | damaged):
        if name not in listed and name not in (MANIFEST, SIGNATURE, check.path):
            check.fail(name, "not listed in the manifest (added to the package)")


def _check_key(files: dict[str, bytes], check: PackageCheck, want: str | None) -> Ed25519PublicKey | None:
    data = _json(files, KEY, check)
    if data is None:
        return None
    if not isinstance(data, dict) or not _hex(data.get("public_key"), 64):
        check.fail(KEY, "public_key must be 64 hex digits")
        return None
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(data["public_key"]))
    check.key_fingerprint = keys.fingerprint(public)
    if data.get("fingerprint") != check.key_fingerprint:
        check.fail(KEY, "the stated fingerprint is not the SHA-256 of the public key")
    if want and want.lower() != check.key_fingerprint:
        check.fail(KEY, f"the key's fingerprint {check.key_fingerprint} is not the expected {want.lower()}")
    if PEM in files and files[PEM] != keys.public_pem(public):
        check.fail(PEM, "is not the key in key/public_key.json")
    return public


def _check_signature(files: dict[str, bytes], manifest: dict[str, Any] | None,
                     public: Ed25519PublicKey | None, check: PackageCheck) -> None:
    sig = _json(files, SIGNATURE, check)
    if sig is None or MANIFEST not in files:
        return
    if not isinstance(sig, dict) or not _hex(sig.get("signature"), 128):
        check.fail(SIGNATURE, "signature must be 128 hex digits")
        return
    if sig.get("file") != MANIFEST or sig.get("algorithm") != "Ed25519" \
            or (check.key_fingerprint and sig.get("key_fingerprint") != check.key_fingerprint):
        check.fail(SIGNATURE, "does not name manifest.json, Ed25519 and the package key")
    signed = public is not None and keys.check(public, files[MANIFEST], sig["signature"])
    if hashlib.sha256(files[MANIFEST]).hexdigest() != sig.get("sha256"):
        if signed:
            check.fail(SIGNATURE, "records a SHA-256 of manifest.json other than the signed one")
        else:
            check.fail(MANIFEST, "its SHA-256 is not the one signed in manifest.sig "
                                 "(the manifest was altered)")
    elif not signed:
        check.fail(SIGNATURE, "the signature of manifest.json does not verify with the package key")
    case = (manifest or {}).get("case")
    named = case.get("key_fingerprint") if isinstance(case, dict) else check.key_fingerprint
    if check.key_fingerprint and named != check.key_fingerprint:
        check.fail(MANIFEST, "names a case key other than the one in key/public_key.json")


def _check_event(e: dict[str, Any], public: Ed25519PublicKey | None, head: Any, check: PackageCheck) -> None:
    where = f"event seq {e.get('seq')} ({EVENTS})"
    proof = e.get("inclusion_proof")
    if any(k not in e for k in _FIELDS) or not isinstance(e["seq"], int) or not _hex(e["hash"], 64) \
            or not _hex(e["signature"], 128) or not isinstance(proof, list) \
            or not all(_hex(h, 64) for h in proof) or not isinstance(e["details"], str):
        check.fail(where, "malformed event")
        return
    if e.get("details_withheld"):
        if not _hex(e.get("leaf_hash"), 64):
            check.fail(where, "withheld event without its leaf hash")
            return
        leaf = bytes.fromhex(e["leaf_hash"])
        check.notes.append(f"{where}: details withheld (they name a protected person); its signature and "
                           "inclusion are checked, its content cannot be")
    else:
        try:
            content = custody.event_hash(e["seq"], e["at"], e["actor"], e["action"], e["object_hash"],
                                         e["details"], e["prev_hash"])
            leaf = custody.leaf_hash(e)
        except (UnicodeEncodeError, TypeError, ValueError):  # lone surrogates, objects as keys
            check.fail(where, "malformed event")
            return
        if content != e["hash"]:
            check.fail(where, "its content does not match its hash (the event was altered)")
    if public is None or not keys.check(public, e["hash"].encode("ascii"), e["signature"]):
        check.fail(where, "the signature does not verify with the package key")
    if e["leaf_index"] != e["seq"] - 1:
        check.fail(where, "leaf index is not seq - 1")
    elif head is not None and not merkle.verify_inclusion(e["leaf_index"], head.tree_size, leaf,
                                                          [bytes.fromhex(h) for h in proof],
                                                          bytes.fromhex(head.root_hash)):
        check.fail(where, "the inclusion proof does not lead to the signed tree head")


def _check_events(files: dict[str, bytes], public: Ed25519PublicKey | None, head: Any,
                  check: PackageCheck) -> dict[int, dict[str, Any]]:
    doc = _json(files, EVENTS, check)
    events = doc.get("events") if isinstance(doc, dict) else None
    if not isinstance(events, list):
        if doc is not None:
            check.fail(EVENTS, "has no list of events")
        return {}
    by_seq: dict[int, dict[str, Any]] = {}
    for e in events:
        if not isinstance(e, dict):
            check.fail(EVENTS, "an event is not a JSON object")
            continue
        _check_event(e, public, head, check)
        if isinstance(e.get("seq"), int):
            by_seq[e["seq"]] = e
    for seq, e in sorted(by_seq.items()):
        before = by_seq.get(seq - 1)
        if before is not None and e.get("prev_hash") != before.get("hash"):
            check.fail(f"event seq {seq} ({EVENTS})", f"prev_hash is not the hash of event {seq - 1}")
    init = by_seq.get(1)
    if init is None:
        check.fail(EVENTS, "the case's first event (seq 1), which records its key, is missing")
    elif not init.get("details_withheld") and public is not None:
        try:
            recorded = json.loads(str(init.get("details"))).get("public_key")
        except (ValueError, AttributeError, TypeError):
            recorded = None
        if init.get("action") != "init" or recorded != keys.public_hex(public):
            check.fail(f"event seq 1 ({EVENTS})", "does not record the package key as the case key")
    check.events = len(by_seq)
    return by_seq


def _check_originals(files: dict[str, bytes], events: dict[int, dict[str, Any]], check: PackageCheck) -> None:
    added = {e.get("object_hash") for e in events.values() if e.get("action") == "add"}
    for name in sorted(n for n in files if n.startswith("originals/")):
        check.originals += 1
        sha = name.removeprefix("originals/")
        if not _hex(sha, 64):
            check.fail(name, "an original's file name must be its SHA-256")
        elif hashlib.sha256(files[name]).hexdigest() != sha:
            check.fail(name, "the bytes do not match their content address (the original was altered)")
        elif sha not in added:
            check.fail(name, "no custody `add` event for this original in the package")


def verify_package(path: Path | str, fingerprint: str | None = None) -> PackageCheck:
    """Check the package (zip, or unpacked folder) at `path`; never raises for a bad package."""
    path = Path(path)
    check = PackageCheck(str(path))
    files = _read(path, check)
    check.files = len(files)
    manifest = _json(files, MANIFEST, check) if files or not check.failures else None
    is_package = isinstance(manifest, dict) and manifest.get("format") == "svidok-package"
    if manifest is not None and not is_package:
        check.fail(MANIFEST, "not a Svidok package manifest")
        manifest = None
    if not files:
        return check
    if manifest is not None:
        _check_files(files, manifest, check)
        listed = manifest.get("incidents")
        check.incidents = [str(i) for i in listed] if isinstance(listed, list) else []
        dossier = manifest.get("dossier")
        reason = dossier.get("pdf_missing_reason") if isinstance(dossier, dict) else None
        check.pdf_missing = None if reason is None else str(reason)
    public = _check_key(files, check, fingerprint)
    _check_signature(files, manifest, public, check)
    head = None
    raw = _json(files, HEAD, check)
    if raw is not None:
        try:
            head = head_from_json(raw, HEAD)
        except AnchorError:
            check.fail(HEAD, "malformed signed tree head")
        if head is not None:
            check.tree_size, check.root_hash = head.tree_size, head.root_hash
            check.head_timestamp = head.timestamp
            if raw.get("type") not in (None, "svidok-tree-head-v1") or public is None \
                    or not head_signed_by(head, public):
                check.fail(HEAD, "the tree head's signature does not verify with the package key")
    events = _check_events(files, public, head, check)
    _check_originals(files, events, check)
    return check

