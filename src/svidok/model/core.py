"""Plain typed records shared by every layer. No I/O, no spaCy, no ORM.

Every stage of Svidok is a typed function from these objects to these objects:
read (bytes -> ReadText), extract (ReadText -> Mention list), link (Mention list
-> Incident list), review (Incident + Review -> Incident).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

PlaceLevel = Literal["settlement", "admin1", "country"]
Qualifier = Literal["exact", "at_least", "at_most", "about"]
DatePrecision = Literal["day", "month", "year", "range"]
ReviewStatus = Literal["unreviewed", "confirmed", "rejected", "edited"]


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) into a document's stored text."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}:{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length does not match its range")


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry. `id` is stable: "gn:<geonameid>", "ua:<KATOTTG code>" or "admin1:<code>"."""

    id: str
    name: str
    level: PlaceLevel
    lat: float | None
    lon: float | None
    admin1: str | None = None  # oblast, e.g. "Kharkiv Oblast"
    raion: str | None = None
    hromada: str | None = None
    geonameid: int | None = None
    katottg: str | None = None
    population: int = 0
    # "exact": settlement's own coordinates; "hromada": its hromada centre; "admin1": oblast centroid
    geo_precision: Literal["exact", "hromada", "admin1", "country"] = "exact"


PublishedPrecision = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    # A source may give only a month or a year: `published` is then the first day of that
    # period and `published_precision` says so (never read it as the 1st of the month).
    published: date | None = None
    collector: str | None = None
    published_precision: PublishedPrecision = "day"

    def published_iso(self) -> str | None:
        """The date as given: "2022-03-14", "2022-03" or "2022"."""
        if self.published is None:
            return None
        if self.published_precision == "year":
            return f"{self.published.year:04d}"
        if self.published_precision == "month":
            return f"{self.published.year:04d}-{self.published.month:02d}"
        return self.published.isoformat()

    def published_anchor(self) -> date | None:
        """The date that relative dates in the text ("yesterday") count from: only an exact day."""
        return self.published if self.published_precision == "day" else None


LanguageMethod = Literal["model", "letters", "given"]


@dataclass(frozen=True, slots=True)
class DocumentLanguage:
    """The language a document is written in, and how that was decided."""

    code: str  # ISO 639-1, or "und" when the text has too few letters to tell
    confidence: float  # 0..1
    method: LanguageMethod  # identified by the model, settled by letters, or given by a person
    # (start, end, code) runs over the paragraphs of a page that mixes languages; () otherwise
    runs: tuple[tuple[int, int, str], ...] = ()


UNSUPPORTED_LANGUAGE = "unsupported_language"  # extraction_status prefix: "unsupported_language: uk"


@dataclass(frozen=True, slots=True)
class Document:
    """A preserved report. `id` and `sha256` are the SHA-256 of its original bytes, except for a
    document that is one part of a larger original (a message of a Telegram channel export): then
    they are the SHA-256 of the part's canonical record, `original_sha256` names the preserved
    original it was read from and `part` where in it (filename, media_type and size describe
    that original)."""

    id: str  # content address (see above)
    filename: str
    media_type: str
    size: int
    sha256: str
    meta: DocumentMeta
    collected_at: datetime
    near_duplicate_of: str | None = None
    similarity: float | None = None
    language: DocumentLanguage | None = None
    # None: not extracted yet; "extracted"; or "unsupported_language: <code>" (flagged, never read
    # as "no incidents")
    extraction_status: str | None = None
    original_sha256: str | None = None
    part: str | None = None

    @property
    def stored_object(self) -> str:
        """The hash of the object in the store that holds this document's original bytes."""
        return self.original_sha256 or self.sha256

    @property
    def unsupported_language(self) -> str | None:
        """The language code when extraction was refused for want of cues in that language."""
        status = self.extraction_status or ""
        if not status.startswith(UNSUPPORTED_LANGUAGE):
            return None
        return status.partition(":")[2].strip() or "und"


@dataclass(frozen=True, slots=True)
class ReadText:
    """Clean text of one document and which parts of it are the report itself."""

    text: str
    reader: str  # e.g. "svidok.read.html"
    reader_version: str
    title: str | None = None
    published: date | None = None
    encoding: str | None = None
    # Spans of `text` that are the report body (boilerplate, teasers, footers left out).
    body: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Part:
    """One document inside a preserved original that holds many (a message of a Telegram channel
    export). `sha256` is the SHA-256 of the part's canonical record (its content address: the same
    message in a later export of the channel is the same document); `key` names the part inside the
    original and lets a reader find it again ("telegram:<channel id>:<message id>")."""

    key: str
    sha256: str
    read: ReadText
    meta: DocumentMeta
    language: DocumentLanguage | None = None


@dataclass(frozen=True, slots=True)
class Unpacked:
    """What a container reader found in one original: its parts, and what it left out and why."""

    kind: str  # the container reader's name, e.g. "telegram"
    label: str  # one line naming the container, e.g. "Telegram channel Kharkiv news (id 1234)"
    parts: tuple[Part, ...]
    skipped: tuple[tuple[str, int], ...] = ()  # (what, count), e.g. ("service messages", 3)
    media_type: str = "application/octet-stream"  # of the original


@dataclass(frozen=True, slots=True)
class DateValue:
    start: date
    end: date
    precision: DatePrecision

    def iso(self) -> str:
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.strftime("%Y-%m")
        if self.precision == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


@dataclass(frozen=True, slots=True)
class Mention:
    """One alleged act of one type at one place, as one document states it.

    Produced by extraction; every filled field carries the span that supports it.
    """

    document_id: str
    type: str  # violation type id from the taxonomy
    evidence: Span  # the sentence/clause that states the act
    trigger: Span  # the word(s) that name the act
    place: Place | None = None
    place_span: Span | None = None
    count: int | None = None
    qualifier: Qualifier | None = None
    count_span: Span | None = None
    date: DateValue | None = None
    date_span: Span | None = None
    attributed_to: str | None = None  # "Ukrainian officials", "a witness", "CNN"
    attribution_kind: str | None = None  # official | witness | journalist | investigator | agency | outlet
    attribution_span: Span | None = None
    perpetrator: str | None = None  # "Russian forces"
    perpetrator_span: Span | None = None
    denied: bool = False  # a party's denial is reported alongside
    persons: tuple[Span, ...] = ()  # names of persons (protected: witnesses, victims)
    # how the place was tied to the act: "sentence" (same sentence), "focus" (the place the
    # paragraph is about), "topic" (the report's one place), "office", "dateline", "region"
    place_basis: str | None = None
    component: str = "svidok.extract"
    version: str = "0"
    id: str | None = None


@dataclass(frozen=True, slots=True)
class SourceFigure:
    """What one document says about one incident."""

    document_id: str
    count: int | None
    qualifier: Qualifier | None
    attributed_to: str | None
    spans: tuple[Span, ...]
    mention_ids: tuple[str, ...] = ()
    date: DateValue | None = None
    independent: bool = True
    dependence_reason: str | None = None  # why not independent, e.g. "near-duplicate of <doc>"
    unreviewed_evidence: bool = False
    # how this source's place was tied to the act ("sentence" best, then "focus", "topic", ...)
    place_basis: str | None = None


@dataclass(slots=True)
class Discrepancy:
    field: str  # count | date | perpetrator | place
    values: list[dict[str, Any]]  # [{"document_id", "value", "span"}]
    note: str


@dataclass(slots=True)
class Incident:
    id: str
    type: str
    place: Place | None
    date: DateValue | None
    victims: int | None
    qualifier: Qualifier | None
    sources: list[SourceFigure] = field(default_factory=list)
    confidence: float = 0.0
    grade: str = "single source"
    grade_reasons: list[str] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    status: ReviewStatus = "unreviewed"
    headline_note: str | None = None  # how the headline figure was chosen (ACLED rule)
    perpetrator: str | None = None

    @property
    def flagged(self) -> bool:
        return bool(self.discrepancies)


@dataclass(frozen=True, slots=True)
class CustodyEvent:
    seq: int
    at: datetime
    actor: str
    action: str
    object_hash: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str
    signature: str


@dataclass(frozen=True, slots=True)
class Review:
    incident_id: str
    actor: str
    action: Literal["confirm", "reject", "edit", "merge", "split", "attach"]
    note: str
    changes: dict[str, Any]
    at: datetime
    id: int | None = None


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Literal["admin", "analyst", "viewer", "reviewer-external"]
    active: bool = True
    language: str | None = None  # interface language ("uk"); None: English


@dataclass(frozen=True, slots=True)
class ProtectedPerson:
    """One entry of a case's register of protected persons (witness, victim, relative, detainee).

    `origin` says who put it there (extraction or a person); `status` "released" means a person
    took it off the register (extraction never puts a released name back)."""

    key: str  # normalised name, unique in the case
    name: str
    origin: Literal["extracted", "manual"]
    status: Literal["protected", "released"]
    actor: str
    at: datetime
    why: str = ""
    document_id: str | None = None
