"""The synthetic benchmark corpus: deterministic, varied, with syndicated copies (no benchmark runs)."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from svidok.bench.corpus import MAX_WORDS, MIN_WORDS, TYPES, Report, generate, respell, write_corpus
from svidok.evidence.neardup import THRESHOLD, signature, similarity
from svidok.services.preserve import Overrides, load_meta

N = 300


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    return list(generate(N, seed=11))


def test_corpus_same_seed_gives_same_reports(reports: list[Report]) -> None:
    again = list(generate(40, seed=11))
    def key(rs: list[Report]) -> list[tuple[str, str, dict[str, object]]]:
        return [(r.filename, r.text, r.meta) for r in rs]

    assert key(again) == key(reports[:40])


def test_corpus_other_seed_gives_other_reports(reports: list[Report]) -> None:
    other = list(generate(40, seed=12))
    assert sum(a.text == b.text for a, b in zip(other, reports, strict=False)) == 0


def test_corpus_spreads_violation_types(reports: list[Report]) -> None:
    types = Counter(p.type for r in reports for p in r.incidents)
    assert set(types) == set(TYPES)
    assert min(types.values()) >= 10


def test_corpus_spreads_places(reports: list[Report]) -> None:
    places = {p.place_id for r in reports for p in r.incidents}
    assert len(places) >= 150
    assert any(p.place_id.startswith("ua:") for r in reports for p in r.incidents)


def test_corpus_planted_place_spelling_appears_in_text(reports: list[Report]) -> None:
    for r in reports:
        for p in r.incidents:
            assert p.surface in r.text, (r.filename, p.surface)
    assert sum(p.surface != p.place for r in reports for p in r.incidents) >= 20  # several spellings


def test_corpus_counts_carry_every_qualifier(reports: list[Report]) -> None:
    qualifiers = Counter(p.qualifier for r in reports for p in r.incidents if p.count is not None)
    assert set(qualifiers) == {"exact", "at_least", "at_most", "about"}


def test_corpus_lengths_stay_within_bounds(reports: list[Report]) -> None:
    words = [r.words for r in reports]
    assert min(words) >= MIN_WORDS and max(words) <= MAX_WORDS
    assert max(words) - min(words) > 500  # lengths really vary


def test_corpus_has_reports_without_incident(reports: list[Report]) -> None:
    empty = [r for r in reports if not r.incidents]
    assert 0.03 * N <= len(empty) <= 0.2 * N


def test_corpus_syndicated_copies_are_near_duplicates(reports: list[Report]) -> None:
    by_name = {r.filename: r for r in reports}
    copies = [r for r in reports if r.copy_of]
    assert len(copies) >= 0.03 * N
    for copy in copies:
        original = by_name[copy.copy_of]  # type: ignore[index]
        assert copy.text != original.text
        assert copy.incidents == original.incidents
        assert similarity(signature(copy.text), signature(original.text)) >= THRESHOLD


def test_corpus_boilerplate_lines_present(reports: list[Report]) -> None:
    text = "\n".join(r.text for r in reports)
    assert "All rights reserved." in text and "Read more: " in text and "Share this article" in text


def test_corpus_written_files_have_sidecars_ingest_reads(tmp_path: Path) -> None:
    summary = write_corpus(tmp_path / "c", 12, seed=5)
    texts = sorted((tmp_path / "c").glob("*.txt"))
    assert summary.files == len(texts) == 12
    first = list(generate(1, seed=5))[0]
    assert texts[0].read_text(encoding="utf-8") == first.text
    meta = load_meta(texts[0], Overrides())
    assert meta.published is not None and meta.published.isoformat() == first.meta["published"]
    raw = json.loads((tmp_path / "c" / (texts[0].name + ".meta.json")).read_text(encoding="utf-8"))
    assert raw["bench"]["incidents"] == first.meta["bench"]["incidents"]  # type: ignore[index]


def test_corpus_respell_gives_another_transliteration() -> None:
    rng = random.Random(1)
    assert respell("Izium", rng) == "Izyum"
    assert {respell("Kharkiv", random.Random(s)) for s in range(30)} == {"Kharkov", "Harkiv"}
    assert respell("Bucha", rng) == "Bucha"  # nothing to vary
