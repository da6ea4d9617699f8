"""Near-duplicates: syndicated copies found, different reports about the same place not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from svidok.evidence.neardup import NearDupIndex, shingles, signature, similarity
from svidok.read.segments import body_spans, body_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "read"
WIRE = (FIXTURES / "wire_story.txt").read_text(encoding="utf-8")
OTHER = (FIXTURES / "other_same_town.txt").read_text(encoding="utf-8")
SYNDICATED = (
    "REGIONAL HERALD | News | World\nPublished 21.09.2022, 10:14\n\n"
    + WIRE.replace("soldiers", "the soldiers")
    + "\n\nThis story was provided by a partner news agency. Share on Facebook. Leave a comment."
)


def test_neardup_finds_syndicated_copy_with_other_header():
    index = NearDupIndex()
    index.add("wire", WIRE)
    index.add("other", OTHER)
    hits = index.query(SYNDICATED)
    assert [doc for doc, _ in hits] == ["wire"]
    assert hits[0][1] >= 0.7


def test_neardup_ignores_other_report_about_same_town():
    index = NearDupIndex()
    index.add("wire", WIRE)
    assert index.query(OTHER) == []
    assert similarity(signature(WIRE), signature(OTHER)) < 0.2


def test_neardup_rebuilds_from_signatures():
    stored = [("wire", signature(WIRE)), ("other", signature(OTHER))]
    index = NearDupIndex.from_signatures(stored)
    assert len(index) == 2
    assert index.query(SYNDICATED)[0][0] == "wire"


def test_neardup_orders_best_first():
    index = NearDupIndex()
    index.add("full", WIRE)
    index.add(
        "edited", WIRE.replace("Volunteers delivered generators and windows to the village on Saturday.", "")
    )
    hits = index.query(WIRE)
    assert hits[0] == ("full", 1.0)
    assert [d for d, _ in hits] == ["full", "edited"]


def test_neardup_signature_is_stable_bytes():
    assert signature(WIRE) == signature(WIRE)
    assert isinstance(signature(WIRE), bytes) and len(signature(WIRE)) == 5 + 4 * 128


def test_neardup_rejects_foreign_signature():
    with pytest.raises(ValueError, match="not a svidok MinHash signature"):
        NearDupIndex.from_signatures([("x", b"garbage")])


def test_neardup_readding_replaces_entry():
    index = NearDupIndex()
    index.add("doc", WIRE)
    index.add("doc", OTHER)
    assert len(index) == 1
    assert index.query(WIRE) == []


def test_neardup_ignores_page_furniture_of_each_copy():
    page = (FIXTURES / "teaser_dump.txt").read_text(encoding="utf-8")
    report = body_text(page, body_spans(page))
    copy = (
        "Home\nWorld\nEurope\nUkraine\n\n" + report + "\n\nFollow us on Telegram for daily updates.\n"
        "Subscribe to our newsletter.\nAll rights reserved."
    )
    assert similarity(signature(page), signature(copy)) >= 0.95


def test_neardup_signature_matches_a_freshly_seeded_minhash():
    # Stored signatures must not change when permutations are drawn once and reused.
    fresh = MinHash(num_perm=128, seed=1, scheme="affine32")
    fresh.update_batch([s.encode("utf-8") for s in shingles(WIRE)])
    assert signature(WIRE)[5:] == np.asarray(fresh.hashvalues, dtype="<u4").tobytes()
