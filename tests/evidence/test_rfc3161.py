"""RFC 3161 request and response: round trips through our DER, and through OpenSSL's own TSA."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from svidok.evidence import rfc3161 as der

DIGEST = hashlib.sha256(b"tree head").digest()


def build_response(digest: bytes, at: datetime, nonce: int | None, status: int = 0) -> bytes:
    """A TimeStampResp as a TSA would shape it (the SignerInfo is empty: nobody checks it here)."""
    status_info = der.seq(der.integer(status))
    if status not in (0, 1):
        return der.seq(status_info)
    fields = [der.integer(1), der.oid("1.2.3.4.1"), der.message_imprint(digest), der.integer(42),
              der.generalized_time(at)]
    if nonce is not None:
        fields.append(der.integer(nonce))
    tst = der.seq(*fields)
    encap = der.seq(der.oid(der.TST_INFO_OID), der.tlv(0xA0, der.tlv(der.OCTET_STRING, tst)))
    signed = der.seq(der.integer(3), der.tlv(der.SET, der.seq(der.oid(der.SHA256_OID))), encap,
                     der.tlv(der.SET, b""))
    token = der.seq(der.oid(der.SIGNED_DATA_OID), der.tlv(0xA0, signed))
    return der.seq(status_info, token)


def test_rfc3161_request_carries_version_imprint_nonce_and_cert_req() -> None:
    req, _ = der.read_one(der.time_stamp_request(DIGEST, 12345))
    version, imprint, nonce, cert_req = req.children()
    algo, digest = imprint.children()
    assert der.decode_oid(algo.children()[0].content) == der.SHA256_OID and digest.content == DIGEST
    assert version.content == b"\x01" and int.from_bytes(nonce.content, "big") == 12345
    assert cert_req.content == b"\xff"


def test_rfc3161_response_round_trip_gives_status_imprint_time_and_nonce() -> None:
    at = datetime(2026, 3, 1, 12, 30, 5, tzinfo=UTC)
    info = der.parse_response(build_response(DIGEST, at, 2**62 + 7))
    assert (info.status, info.imprint, info.gen_time, info.nonce) == (0, DIGEST, at, 2**62 + 7)
    assert info.hash_algorithm == der.SHA256_OID and info.policy == "1.2.3.4.1"


def test_rfc3161_rejected_response_has_no_token() -> None:
    info = der.parse_response(build_response(DIGEST, datetime.now(UTC), None, status=2))
    assert info.status == 2 and info.status_text.startswith("rejection") and info.imprint is None


def test_rfc3161_truncated_response_is_refused() -> None:
    data = build_response(DIGEST, datetime.now(UTC), 1)
    with pytest.raises(der.DerError):
        der.parse_response(data[:-5])


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl on this machine")
def test_rfc3161_openssl_tsa_reply_to_our_request_is_understood(tmp_path: Path) -> None:
    conf = tmp_path / "tsa.cnf"
    conf.write_text(
        "[ req ]\ndistinguished_name = dn\nprompt = no\nx509_extensions = v3\n[ dn ]\nCN = Test TSA\n"
        "[ v3 ]\nextendedKeyUsage = critical,timeStamping\nbasicConstraints = CA:false\n"
        "[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ./serial\nsigner_cert = ./tsa.crt\n"
        "signer_key = ./tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n"
        "digests = sha256\ness_cert_id_alg = sha256\n")
    (tmp_path / "serial").write_text("01\n")
    (tmp_path / "q.tsq").write_bytes(der.time_stamp_request(DIGEST, 99))
    run = {"cwd": tmp_path, "check": True, "capture_output": True}
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key",
                    "-out", "tsa.crt", "-days", "2", "-config", str(conf)], **run)  # type: ignore[call-overload]
    subprocess.run(["openssl", "ts", "-reply", "-config", str(conf), "-queryfile", "q.tsq",
                    "-out", "r.tsr"], **run)  # type: ignore[call-overload]
    info = der.parse_response((tmp_path / "r.tsr").read_bytes())
    assert info.status == 0 and info.imprint == DIGEST and info.nonce == 99 and info.gen_time is not None
