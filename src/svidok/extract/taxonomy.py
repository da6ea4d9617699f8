"""The violation taxonomy, kept as data (data/taxonomy.yaml) so users can extend it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml


@dataclass(frozen=True, slots=True)
class LangCues:
    """A type's cues in one language other than English (taxonomy `lang:` entries).

    Words are written in dictionary form and lemmatised when a pipeline loads them; a word ending
    in "*" matches any word that begins so ("катівн*"). `weak` cues count only with their
    arguments (a victim, a place of holding, a civilian object); `objects` are what an attack or a
    taking must hit for it to be this type."""

    cues: tuple[str, ...]
    weak: frozenset[str]
    objects: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ViolationType:
    id: str
    label: str
    rome_statute: str
    description: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    phrases: tuple[str, ...]
    weak: frozenset[str]
    objects: frozenset[str]
    lang: dict[str, LangCues] = field(default_factory=dict)  # ISO 639-1 code -> cues


@dataclass(frozen=True, slots=True)
class Taxonomy:
    version: int
    types: tuple[ViolationType, ...]

    def get(self, type_id: str) -> ViolationType:
        for t in self.types:
            if t.id == type_id:
                return t
        raise KeyError(type_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.types)

    @property
    def languages(self) -> frozenset[str]:
        """Languages with cues: English (the verbs, nouns and phrases) and every `lang:` code."""
        return frozenset({"en"}).union(*(t.lang for t in self.types))


def _words(raw: object) -> list[str]:
    return [str(w).lower().strip() for w in (raw or [])]  # type: ignore[attr-defined]


def _lang_cues(raw: object, source: str, tid: str) -> dict[str, LangCues]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: {tid}: `lang` must map language codes to cues")
    out: dict[str, LangCues] = {}
    for code, entry in raw.items():
        if not isinstance(entry, dict):
            raise ValueError(f"{source}: {tid}: lang {code} must hold cues/weak/objects lists")
        cues = _words(entry.get("cues"))
        weak = _words(entry.get("weak"))
        out[str(code).lower()] = LangCues(cues=tuple(dict.fromkeys(cues + weak)), weak=frozenset(weak),
                                          objects=tuple(_words(entry.get("objects"))))
    return out


def parse_taxonomy(data: dict[str, object], source: str = "taxonomy") -> Taxonomy:
    types = []
    seen: set[str] = set()
    for raw in data.get("types") or []:  # type: ignore[attr-defined]
        if not isinstance(raw, dict) or "id" not in raw:
            raise ValueError(f"{source}: every type needs an id")
        tid = str(raw["id"])
        if tid in seen:
            raise ValueError(f"{source}: type {tid} defined twice")
        seen.add(tid)
        nouns = _words(raw.get("nouns"))
        phrases = _words(raw.get("phrases")) + [n for n in nouns if " " in n]
        types.append(
            ViolationType(
                id=tid,
                label=str(raw.get("label", tid)),
                rome_statute=str(raw.get("rome_statute", "")),
                description=str(raw.get("description", "")),
                verbs=frozenset(_words(raw.get("verbs"))),
                nouns=frozenset(n for n in nouns if " " not in n),
                phrases=tuple(dict.fromkeys(phrases)),
                weak=frozenset(_words(raw.get("weak"))),
                objects=frozenset(_words(raw.get("objects"))),
                lang=_lang_cues(raw.get("lang"), source, tid),
            )
        )
    return Taxonomy(version=int(data.get("version", 1)), types=tuple(types))  # type: ignore[call-overload]


@lru_cache(maxsize=4)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The bundled taxonomy, or a user's file (which replaces it)."""
    if path:
        text = Path(path).read_text(encoding="utf-8")
        source = path
    else:
        text = resources.files("svidok.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8")
        source = "svidok/data/taxonomy.yaml"
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{source}: not a taxonomy mapping")
    return parse_taxonomy(data, source)
