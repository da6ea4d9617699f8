"""The case key: Ed25519, private key PEM (mode 0600) with the public key beside it.

The private key may be encrypted with a passphrase (PKCS#8, the best encryption `cryptography`
offers); only signing needs it. Checking needs the public key alone.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PRIVATE_NAME = "case_ed25519.pem"
PUBLIC_NAME = "case_ed25519.pub.pem"


class KeyError_(Exception):
    """A key file that is missing or unreadable."""


def write_private(path: Path, data: bytes) -> None:
    """Create `path` with mode 0600 from the start, so it is never readable by others, even briefly."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def generate(keys_dir: Path, passphrase: str | None = None) -> Ed25519PrivateKey:
    keys_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(keys_dir, 0o700)
    key = Ed25519PrivateKey.generate()
    encryption: serialization.KeySerializationEncryption = serialization.NoEncryption()
    if passphrase:
        encryption = serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    write_private(keys_dir / PRIVATE_NAME, pem)
    write_private(keys_dir / PUBLIC_NAME, public_pem(key.public_key()))
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def public_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex: what people compare by eye or by mail."""
    return hashlib.sha256(bytes.fromhex(public_hex(key))).hexdigest()


def is_encrypted(keys_dir: Path) -> bool:
    """Whether the private key file is passphrase-encrypted (False when it cannot be read)."""
    try:
        return b"ENCRYPTED PRIVATE KEY" in (keys_dir / PRIVATE_NAME).read_bytes()[:200]
    except OSError:
        return False


def load_private(keys_dir: Path, passphrase: Callable[[], str | None] | None = None) -> Ed25519PrivateKey:
    """The private key; `passphrase` is asked only when the key is encrypted."""
    path = keys_dir / PRIVATE_NAME
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyError_(f"{path}: cannot load private key ({exc.strerror or exc})") from exc
    password = None
    if is_encrypted(keys_dir):
        given = passphrase() if passphrase is not None else None
        if not given:
            raise KeyError_(f"{path}: the key is encrypted; give its passphrase "
                            "(prompt, or SVIDOK_KEY_PASSPHRASE)")
        password = given.encode("utf-8")
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except (ValueError, TypeError) as exc:
        reason = "wrong passphrase" if password else str(exc).splitlines()[0]
        raise KeyError_(f"{path}: cannot load private key ({reason})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyError_(f"{path}: not an Ed25519 key")
    return key


def load_public(keys_dir: Path) -> Ed25519PublicKey:
    path = keys_dir / PUBLIC_NAME
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise KeyError_(f"{path}: cannot load public key ({exc})") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyError_(f"{path}: not an Ed25519 key")
    return key


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return key.sign(message).hex()


def check(key: Ed25519PublicKey, message: bytes, signature_hex: str) -> bool:
    try:
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True
