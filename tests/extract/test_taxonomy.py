"""Tests for svidok.extract.taxonomy: the bundled violation types and user taxonomy files."""

from __future__ import annotations

from pathlib import Path

import pytest

from svidok.extract.taxonomy import load_taxonomy, parse_taxonomy

EXPECTED_IDS = {"killing", "torture", "detention", "disappearance", "sexual_violence", "mutilation",
                "burial_site", "attack_civilian_objects", "attack_medical", "pillage", "threat",
                "deportation"}


def test_taxonomy_bundled_has_the_twelve_guideline_types() -> None:
    tax = load_taxonomy()
    assert len(tax.types) == 12
    assert set(tax.ids) == EXPECTED_IDS


def test_taxonomy_every_type_cites_the_rome_statute() -> None:
    for t in load_taxonomy().types:
        assert t.rome_statute.strip(), t.id
        assert "8(" in t.rome_statute or "Art." in t.rome_statute, (t.id, t.rome_statute)


def test_taxonomy_every_type_has_cues() -> None:
    for t in load_taxonomy().types:
        assert t.verbs or t.nouns or t.phrases, t.id


def test_taxonomy_rejects_duplicate_type_id() -> None:
    data = {"version": 1, "types": [{"id": "killing", "verbs": ["kill"]},
                                    {"id": "killing", "verbs": ["slay"]}]}
    with pytest.raises(ValueError, match="killing defined twice"):
        parse_taxonomy(data, "mine.yaml")


def test_taxonomy_rejects_type_without_id() -> None:
    with pytest.raises(ValueError, match="mine.yaml: every type needs an id"):
        parse_taxonomy({"types": [{"label": "no id"}]}, "mine.yaml")


def test_taxonomy_multiword_noun_becomes_phrase() -> None:
    tax = parse_taxonomy({"types": [{"id": "burial_site", "nouns": ["grave", "Mass Grave"]}]})
    t = tax.get("burial_site")
    assert t.nouns == frozenset({"grave"})
    assert "mass grave" in t.phrases


def test_taxonomy_get_unknown_type_raises_keyerror() -> None:
    with pytest.raises(KeyError):
        load_taxonomy().get("jaywalking")


def test_taxonomy_user_file_replaces_bundled(tmp_path: Path) -> None:
    path = tmp_path / "tax.yaml"
    path.write_text("version: 3\ntypes:\n  - id: curfew_breach\n    rome_statute: none\n"
                    "    verbs: [breach]\n", encoding="utf-8")
    tax = load_taxonomy(str(path))
    assert tax.version == 3
    assert tax.ids == ("curfew_breach",)


def test_taxonomy_user_file_not_a_mapping_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"list\.yaml: not a taxonomy mapping"):
        load_taxonomy(str(path))


def test_taxonomy_lang_cues_by_language() -> None:
    tax = load_taxonomy()
    assert tax.languages == {"en", "uk", "ru", "pl", "fr", "es", "de"}
    killing = tax.get("killing").lang["uk"]
    assert "вбити" in killing.cues and "загинути" in killing.weak and "загинути" in killing.cues


def test_taxonomy_lang_entry_must_be_a_mapping() -> None:
    with pytest.raises(ValueError, match="mine.yaml: killing: lang uk must hold cues"):
        parse_taxonomy({"types": [{"id": "killing", "lang": {"uk": ["вбити"]}}]}, "mine.yaml")


def test_taxonomy_without_lang_entries_is_english_only() -> None:
    assert parse_taxonomy({"types": [{"id": "killing", "verbs": ["kill"]}]}).languages == {"en"}
