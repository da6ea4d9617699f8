"""Protected persons: the case's register (use cases) and the one redaction function.

Witnesses, victims, relatives and detainees named in the reports are listed in a case-level
register: extraction adds the private persons it finds (Mention.persons: not office holders,
not places), analysts and admins add or release names by hand, each change a signed custody
event with who, when and why. Every output a user without the analyst role can reach passes
its text through one `Redactor`, built from the register (services/nameforms.py compiles the
forms, once per register version): pages, quotes, titles, notes, API JSON, exports, errors.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection

from svidok.db import listing
from svidok.db import protection as db
from svidok.model import Mention, ProtectedPerson
from svidok.services.custody_log import append_event
from svidok.services.nameforms import BIG_PLACE, Compiled, compile_forms, forms

WITHHELD = "[name withheld]"
_CACHE_SIZE = 8
_compiled: OrderedDict[tuple[str, str], Compiled] = OrderedDict()
_doc_cuts: OrderedDict[tuple[str, str, str], list[tuple[int, int]]] = OrderedDict()
_lock = threading.Lock()


class ProtectionError(ValueError):
    """A register change that cannot be made; the message is one line."""


@dataclass
class Redacted:
    """A document's text with every protected form replaced, and where each replacement went:
    (start, end) in the original text -> (start, end) in the redacted one."""

    text: str
    cuts: list[tuple[int, int, int, int]] = field(default_factory=list)

    def position(self, pos: int, *, end: bool = False) -> int:
        """An original offset in redacted coordinates (inside a cut: its start, or its end)."""
        shift = 0
        for s, e, rs, re_ in self.cuts:
            if (pos <= s) if end else (pos < s):
                break
            if (pos <= e) if end else (pos < e):
                return re_ if end else rs
            shift = re_ - e
        return pos + shift

    def mapping(self) -> list[dict[str, int]]:
        return [{"start": s, "end": e, "redacted_start": rs, "redacted_end": re_}
                for s, e, rs, re_ in self.cuts]


class Redactor:
    """Replaces every form of every protected person by "[name withheld]", case-insensitively on
    word boundaries. Disabled (for analysts, admins, --include-protected) it changes nothing."""

    def __init__(self, compiled: Compiled | None, key: tuple[str, str] = ("", "")) -> None:
        self.compiled = compiled
        self.key = key
        self.docs: dict[str, Redacted] = {}

    @property
    def active(self) -> bool:
        c = self.compiled
        return c is not None and (c.always is not None or c.context is not None)

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not self.active or not text:
            return []
        assert self.compiled is not None
        return self.compiled.spans(text)

    def text(self, text: str | None) -> str | None:
        """`text` with every protected form withheld (None and "" pass through)."""
        if not text or not self.active:
            return text
        return _apply(text, self.spans(text)).text

    def plain(self, text: str | None) -> str:
        """Like text(), with None as ""."""
        return self.text(text) or ""

    def value(self, data: Any) -> Any:
        """Every string inside JSON-like data (dicts, lists) redacted; keys are left alone."""
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, dict):
            return {k: self.value(v) for k, v in data.items()}
        if isinstance(data, list | tuple):
            return [self.value(v) for v in data]
        return data

    def document_spans(self, doc_id: str, text: str) -> list[tuple[int, int]]:
        """The forms in a stored document's text (cached per document and register version)."""
        if not self.active:
            return []
        key = (*self.key, doc_id)
        with _lock:
            hit = _doc_cuts.get(key)
            if hit is not None:
                _doc_cuts.move_to_end(key)
                return hit
        found = self.spans(text)
        with _lock:
            _doc_cuts[key] = found
            while len(_doc_cuts) > 4096:
                _doc_cuts.popitem(last=False)
        return found

    def document(self, doc_id: str, text: str) -> Redacted:
        """A document's whole text redacted, with the offset mapping (kept for span())."""
        found = self.docs.get(doc_id)
        if found is None:
            found = _apply(text, self.document_spans(doc_id, text))
            self.docs[doc_id] = found
        return found

    def load(self, conn: Connection, doc_ids: Iterable[str]) -> None:
        """Read and redact these documents' texts, so that span() reports redacted offsets."""
        if not self.active:
            return
        want = [d for d in dict.fromkeys(doc_ids) if d not in self.docs]
        for doc_id, text in db.texts(conn, want).items():
            self.document(doc_id, text)

    def span(self, doc_id: str, span: dict[str, Any] | None) -> dict[str, Any] | None:
        """An exported span {"start", "end", "text"}: offsets and text in the redacted document
        (when the document was loaded), else the text redacted in place."""
        if span is None or not self.active:
            return span
        red = self.docs.get(doc_id)
        if red is None:
            return {**span, "text": self.plain(span.get("text"))}
        s, e = red.position(int(span["start"])), red.position(int(span["end"]), end=True)
        return {**span, "start": s, "end": e, "text": red.text[s:e]}

    def mapping(self, doc_id: str) -> list[dict[str, int]]:
        red = self.docs.get(doc_id)
        return [] if red is None else red.mapping()

    def hides_query(self, query: str | None) -> bool:
        """Whether a text search names a protected person (any word, or the words together)."""
        if not query or not self.active:
            return False
        assert self.compiled is not None
        words = [w.strip("\"'*()[]{}.,;:!?") for w in query.split()]
        words = [w for w in words if w]
        pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        return any(self.compiled.is_form(w) for w in [*words, *pairs, " ".join(words)])


OFF = Redactor(None)


def _apply(text: str, spans: Sequence[tuple[int, int]]) -> Redacted:
    if not spans:
        return Redacted(text)
    parts: list[str] = []
    cuts: list[tuple[int, int, int, int]] = []
    pos = size = 0
    for s, e in spans:
        parts.append(text[pos:s])
        size += s - pos
        cuts.append((s, e, size, size + len(WITHHELD)))
        parts.append(WITHHELD)
        size += len(WITHHELD)
        pos = e
    parts.append(text[pos:])
    return Redacted("".join(parts), cuts)


def _place_kind(conn: Connection) -> Any:
    from svidok.extract.gazetteer import Gazetteer
    from svidok.extract.translit import normalize

    gaz = Gazetteer.load()
    in_case = {normalize(n) for _, n in listing.distinct_places(conn) if n}

    def kind(word: str) -> str:
        found = gaz.lookup(word)
        if not found and normalize(word) not in in_case:
            return ""
        if normalize(word) in in_case or any(p.level != "settlement" or p.population >= BIG_PLACE
                                             for p in found):
            return "big"
        return "small"

    return kind


def redactor(conn: Connection, *, enabled: bool = True) -> Redactor:
    """The case's redactor (compiled once per register version), or one that changes nothing."""
    if not enabled:
        return OFF
    key = (str(conn.engine.url), db.version(conn))
    with _lock:
        found = _compiled.get(key)
        if found is not None:
            _compiled.move_to_end(key)
    if found is None:
        names = [p.name for p in db.entries(conn, "protected")]
        found = compile_forms(names, _place_kind(conn)) if names else Compiled(None, None, ())
        with _lock:
            _compiled[key] = found
            while len(_compiled) > _CACHE_SIZE:
                _compiled.popitem(last=False)
    return Redactor(found, key)


def note_mentions(conn: Connection, mentions: Iterable[Mention], actor: str = "extract") -> int:
    """Register the private persons extraction found in these mentions (called wherever
    mentions are stored). Returns how many names were new."""
    return db.add_extracted(conn, ((p.text, m.document_id) for m in mentions for p in m.persons), actor)


def entries(conn: Connection, include_released: bool = False) -> list[ProtectedPerson]:
    return db.entries(conn, None if include_released else "protected")


def form_labels(name: str) -> list[str]:
    """The forms one entry stands for, as people read them (spelling variants not listed)."""
    return [f.label for f in forms(db.clean_name(name))]


def _change(conn: Connection, name: str, status: str, actor: str, why: str) -> ProtectedPerson:
    clean = db.clean_name(name)
    if len(clean) < 2 or not any(ch.isalpha() for ch in clean):
        raise ProtectionError(f"name {name!r}: give a person's name (at least two letters)")
    before = db.get(conn, db.name_key(clean))
    if status == "released" and (before is None or before.status == "released"):
        raise ProtectionError(f"{clean}: not on the register (svidok protect list)")
    entry = db.set_entry(conn, clean, status, actor, why.strip())
    action = "protect_add" if status == "protected" else "protect_remove"
    append_event(conn, action, None, {"name": entry.name, "why": entry.why, "origin": entry.origin},
                 actor=actor)
    return entry


def add(conn: Connection, name: str, actor: str, why: str = "") -> ProtectedPerson:
    """Put a name on the register by hand (or back on it); a signed custody event records it.
    `conn` must come from Case.begin()."""
    return _change(conn, name, "protected", actor, why)


def remove(conn: Connection, name: str, actor: str, why: str) -> ProtectedPerson:
    """Take a name off the register (extraction will not put it back); needs a reason."""
    if not why.strip():
        raise ProtectionError("remove: give a reason (--why), it is kept in the custody log")
    return _change(conn, name, "released", actor, why)
