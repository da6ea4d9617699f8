#!/usr/bin/env python3
"""Check a Svidok evidence package using nothing but Python's standard library (3.8 or later).

    python3 verify.py                  checks the unpacked package this script sits in
    python3 verify.py PACKAGE.zip      checks a package as received, without unpacking it
    python3 verify.py PACKAGE.zip --fingerprint HEX   also requires the case key you were given

Checks, all of them, whatever fails first: every file against its SHA-256 in manifest.json;
manifest.json against the signature in manifest.sig; the public key against its fingerprint;
the signed tree head of the case's custody log; each custody event's hash and signature; each
event's inclusion proof (RFC 9162) in that tree head; each original against its content
address (its file name is its SHA-256) and against the custody event that recorded it.
Prints OK, or one FAIL line per problem naming the file or event; exit code 0 (OK) or 1.

Ed25519 verification is written out below from the mathematics of RFC 8032 section 5.1;
SHA-256 and SHA-512 come from hashlib. This file is part of the package and listed in its
manifest; `svidok verify-package` makes the same checks with an independent implementation.
"""

import base64
import binascii
import hashlib
import json
import os
import sys
import zipfile

# --- Ed25519 (RFC 8032, 5.1): the curve -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19) -----------

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493  # order of the base point
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)  # a square root of -1
IDENTITY = (0, 1, 1, 0)


def _point_add(p, q):
    """Sum of two points in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, x*y = T/Z.
    The formula is complete for this curve, so it also doubles."""
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = 2 * D * t1 * t2 % P
    zz = 2 * z1 * z2 % P
    e, f, g, h = b - a, zz - c, zz + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _scalar_mult(n, p):
    out = IDENTITY
    while n:
        if n & 1:
            out = _point_add(out, p)
        p = _point_add(p, p)
        n >>= 1
    return out


def _negate(p):
    x, y, z, t = p
    return (-x % P, y, z, -t % P)


def _encode(p):
    x, y, z, _ = p
    zinv = pow(z, P - 2, P)
    x, y = x * zinv % P, y * zinv % P
    return (y | (x & 1) << 255).to_bytes(32, "little")


def _decode(data):
    """The point a 32-byte string encodes, or None when it encodes none (RFC 8032 5.1.3)."""
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    if y >= P:
        return None
    u, v = (y * y - 1) % P, (D * y * y + 1) % P
    # candidate root x = u v^3 (u v^7)^((p-5)/8); then fix it up by sqrt(-1) or give up
    x = u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    if v * x * x % P == (-u) % P:
        x = x * SQRT_M1 % P
    if v * x * x % P != u:
        return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = P - x
    return (x, y, 1, x * y % P)


BASE = _decode((4 * pow(5, P - 2, P) % P).to_bytes(32, "little"))  # y = 4/5, x even


def ed25519_verify(public_key, message, signature):
    """Whether `signature` (64 bytes) is a valid Ed25519 signature of `message` by `public_key`
    (32 bytes): with k = SHA-512(R || A || M) mod L, check that [S]B - [k]A encodes to R."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a = _decode(public_key)
    if a is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % L
    return _encode(_point_add(_scalar_mult(s, BASE), _negate(_scalar_mult(k, a)))) == signature[:32]


# --- Merkle tree of the custody log (RFC 9162, 2.1) -------------------------------------------------

def leaf_hash(leaf):
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def inclusion_ok(index, size, leaf, proof, root):
    """RFC 9162 2.1.3.2: does the audit path `proof` lead from leaf `index` to `root`?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


# --- The package ----------------------------------------------------------------------------------

MANIFEST, SIGNATURE, KEY, PEM, HEAD, EVENTS = (
    "manifest.json", "manifest.sig", "key/public_key.json", "key/public_key.pem", "custody/tree_head.json",
    "custody/events.json")
SPKI_ED25519 = bytes.fromhex("302a300506032b6570032100")  # DER header of an Ed25519 public key
HEAD_TYPE = "svidok-tree-head-v1"


def read_package(path):
    """(files: name -> bytes, damaged: name -> reason) of a zip file or an unpacked folder."""
    files, damaged = {}, {}
    if os.path.isdir(path):
        for folder, dirs, names in os.walk(path):
            dirs.sort()
            for name in sorted(names):
                full = os.path.join(folder, name)
                rel = os.path.relpath(full, path).replace(os.sep, "/")
                with open(full, "rb") as fh:
                    files[rel] = fh.read()
        return files, damaged
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            try:
                files[info.filename] = zf.read(info)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:  # bad CRC, damaged entry
                damaged[info.filename] = f"damaged inside the zip ({exc})"
    return files, damaged


def is_hex(value, length):
    if not isinstance(value, str) or len(value) != length:
        return False
    try:
        bytes.fromhex(value)
    except ValueError:
        return False
    return True


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_json(files, name, fail):
    if name not in files:
        fail(name, "missing from the package")
        return None
    try:
        return json.loads(files[name].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        fail(name, f"not valid JSON ({exc})")
        return None


def check_files(files, damaged, manifest, fail):
    listed, entries = {}, manifest.get("files")
    if not isinstance(entries, list):
        fail(MANIFEST, "has no list of files")
        entries = []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            listed[entry["path"]] = entry
    for name, reason in sorted(damaged.items()):
        fail(name, reason)
    for name, entry in sorted(listed.items()):
        if name in damaged:
            continue
        if name not in files:
            fail(name, "listed in the manifest but missing from the package")
        elif hashlib.sha256(files[name]).hexdigest() != entry.get("sha256"):
            fail(name, "SHA-256 does not match the manifest (the file was altered)")
        elif len(files[name]) != entry.get("size"):
            fail(name, "size does not match the manifest")
    for name in sorted(set(files) | set(damaged)):
        if name not in listed and name not in (MANIFEST, SIGNATURE):
            fail(name, "not listed in the manifest (added to the package)")


def check_key(files, fail, want):
    key = load_json(files, KEY, fail)
    if not isinstance(key, dict) or not is_hex(key.get("public_key"), 64):
        if key is not None:
            fail(KEY, "public_key must be 64 hex digits")
        return None, None
    raw = bytes.fromhex(key["public_key"])
    fingerprint = hashlib.sha256(raw).hexdigest()
    if key.get("fingerprint") != fingerprint:
        fail(KEY, "the stated fingerprint is not the SHA-256 of the public key")
    if want and want.lower() != fingerprint:
        fail(KEY, f"the key's fingerprint {fingerprint} is not the expected {want.lower()}")
    if PEM in files and pem_key(files[PEM]) != raw:
        fail(PEM, "is not the key in key/public_key.json")
    return raw, fingerprint


def pem_key(pem):
    """The raw 32-byte key of a PEM Ed25519 public key, or None."""
    body = b"".join(ln for ln in pem.splitlines() if ln and not ln.startswith(b"-----"))
    try:
        der = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return None
    return der[len(SPKI_ED25519):] if der.startswith(SPKI_ED25519) and len(der) == 44 else None


def check_manifest_signature(files, manifest, raw_key, fingerprint, fail):
    sig = load_json(files, SIGNATURE, fail)
    if sig is None or MANIFEST not in files:
        return
    if not isinstance(sig, dict) or not is_hex(sig.get("signature"), 128):
        fail(SIGNATURE, "signature must be 128 hex digits")
        return
    if sig.get("file") != MANIFEST or sig.get("algorithm") != "Ed25519" \
            or (fingerprint and sig.get("key_fingerprint") != fingerprint):
        fail(SIGNATURE, "does not name manifest.json, Ed25519 and the package key")
    actual = hashlib.sha256(files[MANIFEST]).hexdigest()
    signed = raw_key is not None and ed25519_verify(raw_key, files[MANIFEST], bytes.fromhex(sig["signature"]))
    if actual != sig.get("sha256"):
        if signed:
            fail(SIGNATURE, "records a SHA-256 of manifest.json other than the signed one")
        else:
            fail(MANIFEST, "its SHA-256 is not the one signed in manifest.sig (the manifest was altered)")
    elif not signed:
        fail(SIGNATURE, "the signature of manifest.json does not verify with the package key")
    case = manifest.get("case") if isinstance(manifest, dict) else None
    if fingerprint and isinstance(case, dict) and case.get("key_fingerprint") != fingerprint:
        fail(MANIFEST, "names a case key other than the one in key/public_key.json")


def check_head(files, raw_key, fail):
    head = load_json(files, HEAD, fail)
    if head is None:
        return None
    ok = (isinstance(head, dict) and isinstance(head.get("tree_size"), int)
          and is_hex(head.get("root_hash"), 64) and is_hex(head.get("signature"), 128)
          and isinstance(head.get("timestamp"), str))
    if not ok:
        fail(HEAD, "malformed signed tree head")
        return None
    signed = json.dumps({"root_hash": head["root_hash"], "timestamp": head["timestamp"],
                         "tree_size": head["tree_size"], "type": HEAD_TYPE},
                        sort_keys=True, separators=(",", ":")).encode("ascii")
    if raw_key is None or not ed25519_verify(raw_key, signed, bytes.fromhex(head["signature"])):
        fail(HEAD, "the tree head's signature does not verify with the package key")
    return head


EVENT_FIELDS = ("seq", "at", "actor", "action", "object_hash", "details", "prev_hash", "hash", "signature",
                "leaf_index", "inclusion_proof")


def check_event(e, raw_key, head, fail, notes):
    where = f"event seq {e.get('seq')} ({EVENTS})"
    if any(k not in e for k in EVENT_FIELDS) or not isinstance(e["seq"], int) or not is_hex(e["hash"], 64) \
            or not is_hex(e["signature"], 128) or not isinstance(e["inclusion_proof"], list) \
            or not all(is_hex(h, 64) for h in e["inclusion_proof"]) or not isinstance(e["details"], str):
        fail(where, "malformed event")
        return
    if e.get("details_withheld"):
        if not is_hex(e.get("leaf_hash"), 64):
            fail(where, "withheld event without its leaf hash")
            return
        leaf = bytes.fromhex(e["leaf_hash"])
        notes.append(f"{where}: details withheld (they name a protected person); its signature and "
                     "inclusion are checked, its content cannot be")
    else:
        try:
            payload = canonical([e["seq"], e["at"], e["actor"], e["action"], e["object_hash"], e["details"],
                                 e["prev_hash"]]).encode("utf-8")
        except (UnicodeEncodeError, TypeError, ValueError):
            fail(where, "malformed event")
            return
        if hashlib.sha256(payload).hexdigest() != e["hash"]:
            fail(where, "its content does not match its hash (the event was altered)")
        leaf = leaf_hash(payload)
    signature = bytes.fromhex(e["signature"])
    if raw_key is None or not ed25519_verify(raw_key, e["hash"].encode("ascii"), signature):
        fail(where, "the signature does not verify with the package key")
    if e["leaf_index"] != e["seq"] - 1:
        fail(where, "leaf index is not seq - 1")
    elif head is not None and not inclusion_ok(e["leaf_index"], head["tree_size"], leaf,
                                                [bytes.fromhex(h) for h in e["inclusion_proof"]],
                                                bytes.fromhex(head["root_hash"])):
        fail(where, "the inclusion proof does not lead to the signed tree head")


def check_events(files, raw_key, head, fail, notes):
    doc = load_json(files, EVENTS, fail)
    events = doc.get("events") if isinstance(doc, dict) else None
    if not isinstance(events, list):
        if doc is not None:
            fail(EVENTS, "has no list of events")
        return []
    by_seq = {}
    for e in events:
        if not isinstance(e, dict):
            fail(EVENTS, "an event is not a JSON object")
            continue
        check_event(e, raw_key, head, fail, notes)
        if isinstance(e.get("seq"), int):
            by_seq[e["seq"]] = e
    for seq, e in sorted(by_seq.items()):
        before = by_seq.get(seq - 1)
        if before is not None and e.get("prev_hash") != before.get("hash"):
            fail(f"event seq {seq} ({EVENTS})", f"prev_hash is not the hash of event {seq - 1}")
    init = by_seq.get(1)
    if init is None:
        fail(EVENTS, "the case's first event (seq 1), which records its key, is missing")
    elif not init.get("details_withheld") and raw_key is not None:
        try:
            recorded = json.loads(init.get("details")).get("public_key")
        except (ValueError, AttributeError, TypeError):
            recorded = None
        if init.get("action") != "init" or recorded != raw_key.hex():
            fail(f"event seq 1 ({EVENTS})", "does not record the package key as the case key")
    return list(by_seq.values())


def check_originals(files, events, fail):
    added = {e.get("object_hash") for e in events if e.get("action") == "add"}
    count = 0
    for name in sorted(files):
        if not name.startswith("originals/"):
            continue
        count += 1
        sha = name[len("originals/"):]
        if not is_hex(sha, 64):
            fail(name, "an original's file name must be its SHA-256")
        elif hashlib.sha256(files[name]).hexdigest() != sha:
            fail(name, "the bytes do not match their content address (the original was altered)")
        elif sha not in added:
            fail(name, "no custody `add` event for this original in the package")
    return count


def verify(path, want_fingerprint=None, out=print):
    """Check the package at `path`; print what was checked and every problem; True when OK."""
    problems, notes = [], []

    def fail(where, why):
        problems.append(f"{where}: {why}")

    try:
        files, damaged = read_package(path)
    except (OSError, zipfile.BadZipFile) as exc:
        out(f"FAIL {path}: cannot be read as a package ({exc})")
        return False
    manifest = load_json(files, MANIFEST, fail)
    is_package = isinstance(manifest, dict) and manifest.get("format") == "svidok-package"
    if manifest is not None and not is_package:
        fail(MANIFEST, "not a Svidok package manifest")
        manifest = None
    if manifest is not None:
        check_files(files, damaged, manifest, fail)
    raw_key, fingerprint = check_key(files, fail, want_fingerprint)
    check_manifest_signature(files, manifest, raw_key, fingerprint, fail)
    head = check_head(files, raw_key, fail)
    events = check_events(files, raw_key, head, fail, notes)
    originals = check_originals(files, events, fail)
    out(f"Svidok evidence package {path}")
    out(f"case key fingerprint: {fingerprint} (compare it with the one you received separately)")
    if head is not None:
        out(f"signed tree head: {head['tree_size']} events, root {head['root_hash']}, {head['timestamp']}")
    for note in notes:
        out("note: " + note)
    for line in problems:
        out("FAIL " + line)
    if problems:
        out(f"FAILED: {len(problems)} problem(s)")
        return False
    out(f"OK: {len(files)} files, {len(events)} custody events, {originals} originals verified")
    return True


def main(argv):
    args, want = [], None
    i = 0
    while i < len(argv):
        if argv[i] == "--fingerprint" and i + 1 < len(argv):
            want, i = argv[i + 1], i + 2
        elif argv[i] in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            args.append(argv[i])
            i += 1
    if len(args) > 1:
        print("usage: python3 verify.py [PACKAGE.zip | FOLDER] [--fingerprint HEX]", file=sys.stderr)
        return 2
    path = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    return 0 if verify(path, want) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
