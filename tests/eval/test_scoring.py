"""The evaluation scorer on tiny hand-made gold files and exports written to disk."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("svidok_eval_scoring", HERE / "scoring.py")
assert _spec and _spec.loader
scoring = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = scoring
_spec.loader.exec_module(scoring)

KUPIANSK = {"place": "Kupiansk", "level": "settlement", "lat": 49.71, "lon": 37.616}
IZIUM = {"place": "Izium", "level": "settlement", "lat": 49.207, "lon": 37.277}
BUCHA = {"place": "Bucha", "level": "settlement", "lat": 50.547, "lon": 30.209}
IRPIN = {"place": "Irpin", "level": "settlement", "lat": 50.522, "lon": 30.240}


def gold_inc(kind: str, place: dict[str, Any], count: int | None = None,
             qualifier: str | None = None) -> dict[str, Any]:
    inc = {"type": kind, **place}
    if count is not None:
        inc |= {"count": count, "qualifier": qualifier}
    return inc


def export_inc(kind: str, name: str, lat: float | None, lon: float | None, docs: list[str],
               level: str = "settlement", count: int | None = None, qualifier: str | None = None) -> dict:
    return {"type": kind, "place": {"name": name, "level": level, "lat": lat, "lon": lon},
            "sources": [{"document_id": d, "count": count, "qualifier": qualifier} for d in docs]}


def score(tmp_path: Path, gold_docs: dict[str, list[dict]], incidents: list[dict],
          extra_docs: tuple[str, ...] = ()) -> dict[str, Any]:
    gold = {"documents": [{"filename": f, "incidents": i} for f, i in gold_docs.items()]}
    names = list(gold_docs) + list(extra_docs)
    export = {"documents": [{"id": f"id-{f}", "filename": f"/some/where/{f}"} for f in names],
              "incidents": [inc | {"sources": [s | {"document_id": f"id-{s['document_id']}"}
                                               for s in inc["sources"]]} for inc in incidents]}
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (tmp_path / "export.json").write_text(json.dumps(export), encoding="utf-8")
    return scoring.run(tmp_path / "gold.json", tmp_path / "export.json")


def test_scoring_gold_as_export_scores_perfectly(tmp_path: Path) -> None:
    gold = json.loads((HERE / "gold.json").read_text(encoding="utf-8"))
    (tmp_path / "export.json").write_text(json.dumps(scoring.gold_as_export(gold)), encoding="utf-8")
    r = scoring.run(HERE / "gold.json", tmp_path / "export.json")
    names = ("doc_f1", "place_accuracy", "count_accuracy", "linking_precision", "linking_recall")
    assert [r[k] for k in names] == [1.0] * 5 and r["link_pairs_gold"] > 0


def test_scoring_spelling_variant_at_same_point_matches(tmp_path: Path) -> None:
    r = score(tmp_path, {"a.txt": [gold_inc("detention", KUPIANSK)]},
              [export_inc("detention", "Kupyansk", 49.711, 37.615, ["a.txt"])])
    assert r["doc_f1"] == 1.0


def test_scoring_namesake_far_away_does_not_match(tmp_path: Path) -> None:
    gold = {"place": "Ivanivka", "level": "settlement", "lat": 51.376, "lon": 31.29}
    r = score(tmp_path, {"a.txt": [gold_inc("killing", gold)]},
              [export_inc("killing", "Ivanivka", 46.654, 31.665, ["a.txt"])])
    assert r["tp"] == 0 and r["missed"] and r["false_alarms"]


def test_scoring_same_name_without_coordinates_matches(tmp_path: Path) -> None:
    r = score(tmp_path, {"a.txt": [gold_inc("killing", IZIUM)]},
              [export_inc("killing", "Izium", None, None, ["a.txt"])])
    assert r["tp"] == 1


def test_scoring_oblast_and_region_name_the_same_admin1(tmp_path: Path) -> None:
    gold = {"place": "Kharkiv Oblast", "level": "admin1"}
    r = score(tmp_path, {"a.txt": [gold_inc("torture", gold)]},
              [export_inc("torture", "Kharkiv region", None, None, ["a.txt"], level="admin1")])
    assert r["tp"] == 1


def test_scoring_settlement_does_not_match_its_oblast(tmp_path: Path) -> None:
    gold = {"place": "Kharkiv Oblast", "level": "admin1"}
    r = score(tmp_path, {"a.txt": [gold_inc("torture", gold)]},
              [export_inc("torture", "Kharkiv", 49.982, 36.255, ["a.txt"])])
    assert r["tp"] == 0


def test_scoring_wrong_type_is_a_miss_and_a_false_alarm(tmp_path: Path) -> None:
    r = score(tmp_path, {"a.txt": [gold_inc("killing", IZIUM), gold_inc("torture", IZIUM)]},
              [export_inc("killing", "Izium", 49.207, 37.277, ["a.txt"]),
               export_inc("pillage", "Izium", 49.207, 37.277, ["a.txt"])])
    assert (r["doc_precision"], r["doc_recall"], r["doc_f1"]) == (0.5, 0.5, 0.5)


def test_scoring_place_accuracy_ignores_type(tmp_path: Path) -> None:
    r = score(tmp_path, {"a.txt": [gold_inc("killing", IZIUM), gold_inc("killing", KUPIANSK)]},
              [export_inc("pillage", "Izium", 49.207, 37.277, ["a.txt"])])
    assert r["place_accuracy"] == 0.5 and r["tp"] == 0


def test_scoring_count_needs_same_qualifier(tmp_path: Path) -> None:
    r = score(tmp_path, {"a.txt": [gold_inc("detention", KUPIANSK, 400, "at_least")]},
              [export_inc("detention", "Kupiansk", 49.71, 37.616, ["a.txt"], count=400, qualifier="exact")])
    assert r["count_accuracy"] == 0.0 and r["wrong_counts"]


def test_scoring_missing_qualifier_reads_as_exact(tmp_path: Path) -> None:
    r = score(tmp_path, {"a.txt": [gold_inc("detention", KUPIANSK, 400, "exact")]},
              [export_inc("detention", "Kupiansk", 49.71, 37.616, ["a.txt"], count=400)])
    assert r["count_accuracy"] == 1.0


def test_scoring_count_accuracy_undefined_without_gold_counts(tmp_path: Path) -> None:
    r = score(tmp_path, {"a.txt": [gold_inc("detention", KUPIANSK)]},
              [export_inc("detention", "Kupiansk", 49.71, 37.616, ["a.txt"], count=7)])
    assert r["count_accuracy"] is None


def test_scoring_split_incident_loses_link_recall(tmp_path: Path) -> None:
    gold = {"a.txt": [gold_inc("killing", BUCHA)], "b.txt": [gold_inc("killing", BUCHA)]}
    r = score(tmp_path, gold, [export_inc("killing", "Bucha", 50.547, 30.209, ["a.txt"]),
                               export_inc("killing", "Bucha", 50.547, 30.209, ["b.txt"])])
    assert r["linking_recall"] == 0.0 and r["links_missed"] and r["doc_f1"] == 1.0


def test_scoring_merging_neighbouring_towns_loses_link_precision(tmp_path: Path) -> None:
    gold = {"a.txt": [gold_inc("killing", BUCHA)], "b.txt": [gold_inc("killing", BUCHA)],
            "c.txt": [gold_inc("killing", IRPIN)]}
    r = score(tmp_path, gold, [export_inc("killing", "Bucha", 50.547, 30.209, ["a.txt", "b.txt", "c.txt"])])
    assert r["linking_recall"] == 1.0 and r["linking_precision"] == pytest.approx(1 / 3, abs=1e-3)


def test_scoring_alarm_on_document_without_incidents(tmp_path: Path) -> None:
    r = score(tmp_path, {"a.txt": [gold_inc("killing", IZIUM)], "neg.txt": []},
              [export_inc("killing", "Izium", 49.207, 37.277, ["a.txt"]),
               export_inc("threat", "Kyiv", 50.455, 30.524, ["neg.txt"])])
    assert r["false_alarms"] == ["neg.txt: threat @ Kyiv"] and r["doc_precision"] == 0.5


def test_scoring_duplicate_predictions_count_once(tmp_path: Path) -> None:
    r = score(tmp_path, {"a.txt": [gold_inc("killing", IZIUM)]},
              [export_inc("killing", "Izium", 49.207, 37.277, ["a.txt"]),
               export_inc("killing", "Izyum", 49.207, 37.277, ["a.txt"])])
    assert r["predicted"] == 1 and r["doc_precision"] == 1.0


def test_scoring_documents_outside_gold_are_ignored(tmp_path: Path) -> None:
    r = score(tmp_path, {"a.txt": [gold_inc("killing", IZIUM)]},
              [export_inc("killing", "Izium", 49.207, 37.277, ["a.txt"]),
               export_inc("killing", "Kyiv", 50.455, 30.524, ["other.txt"])], extra_docs=("other.txt",))
    assert r["doc_precision"] == 1.0 and r["unknown_documents"] == ["other.txt"]


def test_scoring_cli_prints_misses_and_false_alarms(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    score(tmp_path, {"a.txt": [gold_inc("killing", IZIUM)]},
          [export_inc("pillage", "Izium", 49.207, 37.277, ["a.txt"])])
    code = scoring.main([str(tmp_path / "gold.json"), str(tmp_path / "export.json")])
    out = capsys.readouterr().out
    assert code == 0 and "missed       a.txt: killing @ Izium" in out
    assert "false alarm  a.txt: pillage @ Izium" in out


def test_scoring_cli_json_has_every_gate_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    score(tmp_path, {"a.txt": [gold_inc("killing", IZIUM)]}, [])
    scoring.main([str(tmp_path / "gold.json"), str(tmp_path / "export.json"), "--json"])
    result = json.loads(capsys.readouterr().out)
    floors = json.loads((HERE / "floors.json").read_text(encoding="utf-8"))
    assert {k for k in floors if not k.startswith("_")} <= set(result)


def test_scoring_cli_bad_export_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "gold.json").write_text(json.dumps({"documents": []}), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    code = scoring.main([str(tmp_path / "gold.json"), str(tmp_path / "broken.json")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "broken.json" in err and len(err.splitlines()) == 1
