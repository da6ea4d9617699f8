"""RFC 3161 time-stamp requests and responses: just enough DER by hand.

A request (TimeStampReq) carries the SHA-256 imprint of an anchor's signed tree head, a nonce and
certReq, for any time-stamp authority to stamp later (e.g. `openssl ts -reply`, or a TSA over
HTTP). A response (TimeStampResp) brought back is parsed for its status, the imprint and the
genTime inside the token's TSTInfo. The TSA's signature and certificate chain are NOT checked
here; `openssl ts -verify` does that with the TSA's certificates.

Only definite-length DER is read (BER's indefinite lengths are refused with a clear reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

SHA256_OID = "2.16.840.1.101.3.4.2.1"
SIGNED_DATA_OID = "1.2.840.113549.1.7.2"
TST_INFO_OID = "1.2.840.113549.1.9.16.1.4"
STATUS_TEXT = {0: "granted", 1: "grantedWithMods", 2: "rejection", 3: "waiting",
               4: "revocationWarning", 5: "revocationNotification"}

INTEGER, OCTET_STRING, NULL, OID, SEQUENCE, SET = 0x02, 0x04, 0x05, 0x06, 0x30, 0x31
BOOLEAN, UTF8_STRING, GENERALIZED_TIME = 0x01, 0x0C, 0x18


class DerError(ValueError):
    """Bytes that are not the DER structure expected; message is one line."""


# --- encoding ---------------------------------------------------------------------------------

def tlv(tag: int, content: bytes) -> bytes:
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + content


def seq(*parts: bytes) -> bytes:
    return tlv(SEQUENCE, b"".join(parts))


def integer(value: int) -> bytes:
    raw = value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True)
    return tlv(INTEGER, raw)


def oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body.extend(reversed(chunk))
    return tlv(OID, bytes(body))


def message_imprint(digest: bytes) -> bytes:
    return seq(seq(oid(SHA256_OID), tlv(NULL, b"")), tlv(OCTET_STRING, digest))


def time_stamp_request(digest: bytes, nonce: int) -> bytes:
    """TimeStampReq v1 for a SHA-256 digest, with a nonce and certReq TRUE (so the TSA includes
    its certificate, which a later chain check needs)."""
    if len(digest) != 32:
        raise ValueError("a SHA-256 imprint is 32 bytes")
    return seq(integer(1), message_imprint(digest), integer(nonce), tlv(BOOLEAN, b"\xff"))


# --- decoding ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Node:
    tag: int
    content: bytes

    def children(self) -> list[Node]:
        return read_all(self.content)


def read_one(data: bytes, pos: int = 0) -> tuple[Node, int]:
    """The TLV at `pos` and the position after it."""
    if pos + 2 > len(data):
        raise DerError("truncated DER")
    tag, first = data[pos], data[pos + 1]
    pos += 2
    if first == 0x80:
        raise DerError("indefinite-length (BER) encoding is not supported")
    if first & 0x80:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise DerError("bad DER length")
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    else:
        length = first
    if pos + length > len(data):
        raise DerError("truncated DER")
    return Node(tag, data[pos:pos + length]), pos + length


def read_all(data: bytes) -> list[Node]:
    out, pos = [], 0
    while pos < len(data):
        node, pos = read_one(data, pos)
        out.append(node)
    return out


def decode_oid(content: bytes) -> str:
    if not content:
        raise DerError("empty OID")
    arcs = [content[0] // 40, content[0] % 40] if content[0] < 80 else [2, content[0] - 80]
    value = 0
    for b in content[1:]:
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            arcs.append(value)
            value = 0
    return ".".join(str(a) for a in arcs)


def _expect(node: Node, tag: int, what: str) -> Node:
    if node.tag != tag:
        raise DerError(f"{what}: expected tag 0x{tag:02x}, found 0x{node.tag:02x}")
    return node


@dataclass(frozen=True)
class StampInfo:
    status: int
    status_text: str
    hash_algorithm: str | None = None
    imprint: bytes | None = None
    gen_time: datetime | None = None
    nonce: int | None = None
    policy: str | None = None


def parse_response(der: bytes) -> StampInfo:
    """Status, imprint, genTime and nonce of a TimeStampResp (signature not checked)."""
    top, end = read_one(der)
    if end != len(der):
        raise DerError("trailing bytes after the TimeStampResp")
    parts = _expect(top, SEQUENCE, "TimeStampResp").children()
    if not parts:
        raise DerError("TimeStampResp is empty")
    status_parts = _expect(parts[0], SEQUENCE, "PKIStatusInfo").children()
    status = int.from_bytes(_expect(status_parts[0], INTEGER, "status").content, "big", signed=True)
    words = [n.content.decode("utf-8", "replace") for s in status_parts[1:2] if s.tag == SEQUENCE
             for n in s.children() if n.tag == UTF8_STRING]
    text = STATUS_TEXT.get(status, f"status {status}") + (f" ({'; '.join(words)})" if words else "")
    if len(parts) < 2:
        return StampInfo(status, text)
    content_info = _expect(parts[1], SEQUENCE, "TimeStampToken").children()
    if len(content_info) < 2 or decode_oid(_expect(content_info[0], OID, "contentType").content) \
            != SIGNED_DATA_OID:
        raise DerError("TimeStampToken is not CMS SignedData")
    signed = _expect(content_info[1], 0xA0, "content").children()
    signed_data = _expect(signed[0], SEQUENCE, "SignedData").children()
    encap = _expect(signed_data[2], SEQUENCE, "encapContentInfo").children()
    if decode_oid(_expect(encap[0], OID, "eContentType").content) != TST_INFO_OID:
        raise DerError("the token does not hold a TSTInfo")
    octets = _expect(_expect(encap[1], 0xA0, "eContent").children()[0], OCTET_STRING, "eContent")
    tst, _ = read_one(octets.content)
    fields = _expect(tst, SEQUENCE, "TSTInfo").children()
    policy = decode_oid(_expect(fields[1], OID, "policy").content)
    algo, digest = _expect(fields[2], SEQUENCE, "messageImprint").children()
    hash_oid = decode_oid(_expect(algo, SEQUENCE, "hashAlgorithm").children()[0].content)
    gen = _gen_time(_expect(fields[4], GENERALIZED_TIME, "genTime").content)
    nonce = next((int.from_bytes(f.content, "big", signed=True) for f in fields[5:] if f.tag == INTEGER),
                 None)
    return StampInfo(status, text, hash_oid, _expect(digest, OCTET_STRING, "hashedMessage").content,
                     gen, nonce, policy)


def _gen_time(content: bytes) -> datetime:
    text = content.decode("ascii", "replace")
    if not text.endswith("Z"):
        raise DerError(f"genTime {text!r} is not UTC")
    base, _, frac = text[:-1].partition(".")
    try:
        at = datetime.strptime(base, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError as exc:
        raise DerError(f"genTime {text!r} is not a GeneralizedTime") from exc
    if frac:
        at = at.replace(microsecond=int((frac + "000000")[:6]))
    return at


def generalized_time(at: datetime) -> bytes:
    return tlv(GENERALIZED_TIME, at.astimezone(UTC).strftime("%Y%m%d%H%M%SZ").encode("ascii"))
