"""Inputs of the bounded-work benchmark (no benchmark runs): the 1x and 10x documents."""

from __future__ import annotations

from pathlib import Path

from svidok.bench.bounded import make_inputs
from svidok.bench.corpus import write_corpus


def test_bounded_inputs_have_the_asked_size_and_paragraphs(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 10, 7)
    for mb, paragraphs in ((0.05, 300), (0.5, 3000)):
        inputs = make_inputs(corpus, tmp_path / f"{paragraphs}", mb, paragraphs)
        size = inputs["long"].stat().st_size
        assert mb * 1_000_000 <= size < mb * 1_000_000 + 5_000
        assert inputs["html"].read_text(encoding="utf-8").count("<p>") == paragraphs
