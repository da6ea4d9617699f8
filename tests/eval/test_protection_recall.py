"""Name recall of the protected-persons register on the evaluation reports.

tests/eval/protected_names.json marks, per report, the private persons whose every occurrence
must be withheld (`hide`) and the office holders and places that must stay readable (`show`).
A real case is built from tests/eval/reports (real SQLite, real spaCy); the case's own redactor
(register filled by extraction alone) is then measured on each stored text:

- recall: share of the occurrences of `hide` names that a withheld range covers (floor 0.98);
- precision: share of withheld ranges, over every report, that cover a `hide` name;
- no occurrence of a `show` name is touched.

Run with -s to see the figures.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from svidok.services import documents, protection
from svidok.services.case import Case, init_case
from svidok.services.ingest import ingest_paths

HERE = Path(__file__).resolve().parent
FACTS = json.loads((HERE / "protected_names.json").read_text(encoding="utf-8"))["documents"]
RECALL_FLOOR = 0.98
PRECISION_FLOOR = 0.95


def _occurrences(text: str, name: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<![^\W_]){re.escape(name)}(?![^\W_])", text)]


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    case: Case = init_case(tmp_path_factory.mktemp("names") / "case", actor="tester")
    try:
        report = ingest_paths(case, [HERE / "reports"])
        assert report.ok, report.failed
        hide_total = hide_covered = hidden = hidden_right = show_touched = 0
        with case.connect() as conn:
            red = protection.redactor(conn)
            docs = documents.many(conn, documents.ids(conn))
            for doc in docs.values():
                read = documents.text(conn, doc.id)
                text = read.text if read else ""
                spans = red.spans(text)
                facts = FACTS.get(doc.filename, {"hide": [], "show": []})
                must = [o for n in facts["hide"] for o in _occurrences(text, n)]
                keep = [o for n in facts["show"] for o in _occurrences(text, n)]
                hide_total += len(must)
                hide_covered += sum(any(a <= s and e <= b for a, b in spans) for s, e in must)
                hidden += len(spans)
                hidden_right += sum(any(s < b and a < e for s, e in must) for a, b in spans)
                show_touched += sum(any(s < b and a < e for a, b in spans) for s, e in keep)
        figures = {"recall": hide_covered / hide_total, "precision": hidden_right / max(hidden, 1),
                   "occurrences": hide_total, "hidden": hidden, "show_touched": show_touched}
        print(f"\nprotected names: recall {figures['recall']:.3f} ({hide_covered}/{hide_total}), "
              f"precision {figures['precision']:.3f} ({hidden_right}/{hidden}), "
              f"officials/places touched {show_touched}")
        return figures
    finally:
        case.close()


def test_protection_recall_hides_private_names(measured: dict[str, float]) -> None:
    assert measured["occurrences"] >= 9  # the facts file still matches the reports
    assert measured["recall"] >= RECALL_FLOOR


def test_protection_recall_precision(measured: dict[str, float]) -> None:
    assert measured["precision"] >= PRECISION_FLOOR


def test_protection_recall_officials_and_places_stay_visible(measured: dict[str, float]) -> None:
    assert measured["show_touched"] == 0
