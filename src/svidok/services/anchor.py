"""`svidok anchor`: the current signed tree head and key fingerprint in a small file, an optional
RFC 3161 time-stamp request for it, and the check of a time-stamp response brought back."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from svidok.evidence import rfc3161
from svidok.evidence.treehead import Anchor, AnchorError
from svidok.services import tree_head
from svidok.services.case import Case

SCOPE_NOTE = ("the TSA's signature and certificate chain were NOT checked "
              "(use `openssl ts -verify` with the TSA's certificates for that)")


def imprint(anchor: Anchor) -> bytes:
    """What a time-stamp authority stamps: SHA-256 of the anchor's signed tree head bytes."""
    return hashlib.sha256(anchor.head.signed_bytes()).digest()


def _write_new(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AnchorError(f"{path}: cannot write ({exc.strerror or exc})") from exc


def write_anchor(case: Case, out: Path | None = None, tsq: Path | None = None) -> tuple[Anchor, Path]:
    """Sign the current tree head, write it as an anchor (default anchor-SIZE.json here) and,
    with `tsq`, a DER TimeStampReq for its imprint (the nonce is kept in the anchor file)."""
    # An anchor vouches for the log as it stands: never for one that is already broken.
    from svidok.services.verify import verify_case

    broken = [p for p in verify_case(case).problems if p.kind in ("event", "key", "head", "log", "object")]
    if broken:
        raise AnchorError(f"the log does not verify ({broken[0].line()}); run `svidok verify`")
    anchor = tree_head.new_anchor(case)
    path = out or Path(f"anchor-{anchor.head.tree_size}.json")
    data = anchor.to_json()
    request = None
    if tsq is not None:
        nonce = secrets.randbits(63)
        request = rfc3161.time_stamp_request(imprint(anchor), nonce)
        data["tsq"] = {"file": tsq.name, "nonce": nonce}
    _write_new(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"))
    if tsq is not None and request is not None:
        _write_new(tsq, request)
    return anchor, path


@dataclass
class StampCheck:
    ok: bool
    lines: list[str] = field(default_factory=list)


def check_response(anchor_path: Path, response: Path) -> StampCheck:
    """Whether a TimeStampResp is granted and stamps this anchor's imprint (and nonce, if one was
    requested); reports genTime. The TSA's signature is out of scope (said in the lines)."""
    anchor = tree_head.load_anchor(anchor_path)
    try:
        info = rfc3161.parse_response(response.read_bytes())
    except OSError as exc:
        raise AnchorError(f"{response}: cannot read ({exc.strerror or exc})") from exc
    except rfc3161.DerError as exc:
        raise AnchorError(f"{response}: not a time-stamp response ({exc})") from exc
    check = StampCheck(ok=True, lines=[f"status: {info.status_text}"])
    if info.status not in (0, 1):
        check.ok = False
        check.lines.append("the authority did not grant the time stamp")
        return check
    want = imprint(anchor)
    if info.hash_algorithm != rfc3161.SHA256_OID:
        check.ok = False
        check.lines.append(f"imprint hash algorithm {info.hash_algorithm} is not SHA-256")
    elif info.imprint != want:
        check.ok = False
        check.lines.append(f"imprint {(info.imprint or b'').hex()} does not match the anchor's {want.hex()}")
    else:
        check.lines.append(f"imprint matches the anchor's signed tree head ({want.hex()})")
    nonce = _requested_nonce(anchor_path)
    if nonce is not None and info.nonce != nonce:
        check.ok = False
        check.lines.append(f"nonce {info.nonce} is not the one requested ({nonce})")
    if info.gen_time is not None:
        check.lines.append(f"genTime: {info.gen_time.isoformat()} (tree size {anchor.head.tree_size})")
    check.lines.append(f"note: {SCOPE_NOTE}")
    return check


def _requested_nonce(anchor_path: Path) -> int | None:
    try:
        data = json.loads(anchor_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    nonce = (data.get("tsq") or {}).get("nonce") if isinstance(data, dict) else None
    return nonce if isinstance(nonce, int) else None
