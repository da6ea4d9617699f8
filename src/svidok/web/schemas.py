"""What the JSON API answers, as OpenAPI documents it (export format version 1, docs/exports.md).

The routes build their answers with services.export and return them as they are; these models only
describe them (`responses=` in api.py), strictly: an undocumented key is a schema violation, which
the schemathesis test in tests/web catches.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SpanOut(_Strict):
    start: int
    end: int
    text: str


class PlaceOut(_Strict):
    id: str
    name: str
    level: str
    geonameid: int | None
    lat: float | None = Field(description="The settlement's own coordinates (null when only approximate).")
    lon: float | None
    approx_lat: float | None = Field(description="A hromada centre or oblast average, never the act's place.")
    approx_lon: float | None
    admin1: str | None
    geo_precision: str


class SourceOut(_Strict):
    document_id: str
    count: int | None
    qualifier: str | None
    attributed_to: str | None
    spans: list[SpanOut]
    mention_ids: list[str]
    date: str | None
    independent: bool
    dependence_reason: str | None
    unreviewed_evidence: bool
    # how the place was found: "sentence", "heading", "dateline" ... (None before extractor 1.1)
    place_basis: str | None = None


class DiscrepancyValue(BaseModel):
    document_id: str
    value: Any = None
    span: SpanOut | None = None


class DiscrepancyOut(_Strict):
    field: str
    values: list[DiscrepancyValue]
    note: str | None


class IncidentOut(_Strict):
    id: str
    type: str
    place: PlaceOut | None
    date: str | None = Field(description="ISO date, month (2022-03) or year, as precise as the sources are.")
    victims: int | None
    qualifier: str | None
    sources: list[SourceOut]
    confidence: float
    grade: str | None
    grade_reasons: list[str | None]
    discrepancies: list[DiscrepancyOut]
    status: str
    headline_note: str | None
    perpetrator: str | None
    flagged: bool


class IncidentPage(_Strict):
    format: Literal["svidok-export"]
    version: int
    filters: dict[str, str]
    total: int
    offset: int
    limit: int
    next_offset: int | None
    incidents: list[IncidentOut]


class ErrorOut(_Strict):
    detail: str = Field(description="Why the request was refused, on one line.")


def _error(why: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"model": ErrorOut, "description": why}
    if headers:
        out["headers"] = headers
    return out


# Answers every API route can give besides its own (PolicyGate, the input guard, validation).
COMMON: dict[int | str, dict[str, Any]] = {
    400: _error("Control characters, an oversized query or a filter that cannot be read."),
    401: _error("Missing, invalid, expired or revoked bearer token.",
                {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}}),
    403: _error("The token's role may not use this route."),
    422: _error("A parameter or body that does not validate, or a review that cannot be applied."),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: _error("No such incident (or not shared with the caller).")}


# --- requests ---------------------------------------------------------------------------------
# Text may hold tabs and line breaks but no other control character (the input guard and the
# services refuse them); a note must also hold something besides spaces. The patterns document
# what the validators below check, with Python's semantics (the same as the schema's generators).
_CTRL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
TEXT_PATTERN = rf"^[^{_CTRL}]*$"
NOTE_PATTERN = rf"^[^{_CTRL}]*[^\s\x00-\x1f\x7f-\x9f][^{_CTRL}]*$"
MAX_INT = 2**31 - 1  # the incidents table's victims column is a 32-bit integer on PostgreSQL


def _plain_text(value: str) -> str:
    from svidok.web.guard import bad_char

    if (c := bad_char(value)) is not None:
        raise ValueError(f"control character {c} is not allowed")
    return value


def _note_text(value: str) -> str:
    if not _plain_text(value).strip():
        raise ValueError("a note saying why is required")
    return value


def _text(max_length: int, description: str | None = None) -> Any:
    return Annotated[str, Field(max_length=max_length, description=description,
                                json_schema_extra={"pattern": TEXT_PATTERN}), AfterValidator(_plain_text)]


def _note(max_length: int, description: str | None = None) -> Any:
    return Annotated[str, Field(min_length=1, max_length=max_length, description=description,
                                json_schema_extra={"pattern": NOTE_PATTERN}), AfterValidator(_note_text)]


Note = _note(10_000, "Why (required).")
OptionalNote = _text(10_000, "Why (optional).")
ShortText = _text(1_000)
Name = _note(200)


def _types() -> tuple[str, ...]:
    from svidok.web.render import taxonomy

    return tuple(t for t, _ in taxonomy()) or ("killing",)


IncidentType = Literal[_types()]  # type: ignore[valid-type]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class PlaceIn(_In):
    id: _note(60, "Gazetteer id: gn:GEONAMEID, ua:KATOTTG or admin1:CODE.")  # type: ignore[valid-type]
    name: Name  # type: ignore[valid-type]
    level: Literal["settlement", "admin1", "country"]
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    admin1: Name | None = None  # type: ignore[valid-type]
    raion: Name | None = None  # type: ignore[valid-type]
    hromada: Name | None = None  # type: ignore[valid-type]
    geonameid: int | None = Field(None, ge=0, le=2**53)
    katottg: _text(40) | None = None  # type: ignore[valid-type]
    population: int = Field(0, ge=0, le=2**53)
    geo_precision: Literal["exact", "hromada", "admin1", "country"] = "exact"


class EditChanges(_In):
    """Fields to change; at least one. null clears a field that may be empty."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={"minProperties": 1})
    type: IncidentType | None = None  # type: ignore[valid-type]
    place: PlaceIn | None = None
    date: _text(40, "YYYY-MM-DD, YYYY-MM, YYYY or START/END.") | None = None  # type: ignore[valid-type]
    victims: int | None = Field(None, ge=0, le=MAX_INT)
    qualifier: Literal["exact", "at_least", "at_most", "about"] | None = None
    perpetrator: ShortText | None = None  # type: ignore[valid-type]
    headline_note: ShortText | None = None  # type: ignore[valid-type]
    grade: _note(60) | None = None  # type: ignore[valid-type]
    confidence: float | None = Field(None, ge=0, le=1)

    @model_validator(mode="after")
    def _some(self) -> EditChanges:
        if not self.model_fields_set:
            raise ValueError("no changes given")
        return self


class ConfirmIn(_In):
    action: Literal["confirm"]
    note: OptionalNote = ""  # type: ignore[valid-type]


class RejectIn(_In):
    action: Literal["reject"]
    note: Note  # type: ignore[valid-type]


class EditIn(_In):
    action: Literal["edit"]
    note: Note  # type: ignore[valid-type]
    changes: EditChanges


class MergeChanges(_In):
    other: _note(100, "The incident to fold into this one (id or unique prefix).")  # type: ignore[valid-type]


class MergeIn(_In):
    action: Literal["merge"]
    note: Note  # type: ignore[valid-type]
    changes: MergeChanges


class SplitChanges(_In):
    documents: list[_note(64)] = Field(  # type: ignore[valid-type]
        min_length=1, max_length=1000, description="Ids of the documents whose sources move out.")


class SplitIn(_In):
    action: Literal["split"]
    note: Note  # type: ignore[valid-type]
    changes: SplitChanges


class AttachChanges(_In):
    mention: _note(64, "Id of the mention to move to this incident.")  # type: ignore[valid-type]


class AttachIn(_In):
    action: Literal["attach"]
    note: Note  # type: ignore[valid-type]
    changes: AttachChanges


ReviewIn = Annotated[ConfirmIn | RejectIn | EditIn | MergeIn | SplitIn | AttachIn,
                     Field(discriminator="action")]


def review_changes(body: BaseModel) -> dict[str, Any]:
    """The `changes` a review request carries, as services.review takes them (fields left out
    stay out; an explicit null stays, meaning "clear")."""
    changes = getattr(body, "changes", None)
    return {} if changes is None else changes.model_dump(exclude_unset=True)
