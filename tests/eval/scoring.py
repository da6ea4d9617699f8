"""Score a Svidok JSON export against the evaluation gold set (tests/eval/gold.json).

    python tests/eval/scoring.py GOLD.json EXPORT.json [--json]

Figures
  doc_f1 (with precision, recall)  (document, type, place) triples, one-to-one per document
  place_accuracy                   share of gold (document, place) pairs the export places right,
                                   whatever the type
  count_accuracy                   of matched triples whose gold has a count: share with the same
                                   value and qualifier (no qualifier reads as "exact")
  linking_precision / _recall      pairs of documents put in one incident (same type and place):
                                   by the export vs by the gold groups

Places match when the level agrees and either the normalised names agree (settlements also
within SAME_NAME_KM, so a namesake elsewhere does not count) or two settlements lie within
NEAR_KM of each other (another spelling of the same gazetteer entry). Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

SAME_NAME_KM = 40.0
NEAR_KM = 1.0
QUALIFIERS = {"exact", "at_least", "at_most", "about"}
_REGION_WORDS = re.compile(r"\b(oblast|region|province|raion|district|hromada|area)\b")


class ScoringError(Exception):
    """Unreadable gold or export; the message names the file and the reason."""


@dataclass(frozen=True)
class Loc:
    name: str  # normalised
    level: str
    point: tuple[float, float] | None
    label: str  # as written, for the report


@dataclass
class Item:
    doc: str
    type: str
    loc: Loc
    count: int | None = None
    qualifier: str | None = None


@dataclass
class Group:
    type: str
    loc: Loc
    docs: list[str]


@dataclass
class Gold:
    items: dict[str, list[Item]]
    groups: list[Group]


@dataclass
class Export:
    items: dict[str, list[Item]]
    incidents: list[tuple[Item, list[str]]]  # (type+place, documents cited)
    unknown_documents: set[str] = field(default_factory=set)


def canon_name(name: str) -> str:
    """Case, accents, region words and punctuation do not make a different place."""
    s = unicodedata.normalize("NFKD", name or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = _REGION_WORDS.sub(" ", s)
    return "".join(c for c in s if c.isalpha())


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def same_location(a: Loc, b: Loc) -> bool:
    if a.level != b.level or not a.level:
        return False
    near = distance_km(a.point, b.point) if a.point and b.point else None
    if a.name and a.name == b.name:
        return a.level != "settlement" or near is None or near <= SAME_NAME_KM
    return a.level == "settlement" and near is not None and near <= NEAR_KM


def _loc(raw: Any, where: str) -> Loc:
    if raw is None:
        return Loc("", "", None, "(no place)")
    if not isinstance(raw, dict):
        raise ScoringError(f"{where}: place must be an object, got {type(raw).__name__}")
    label = str(raw.get("name") or raw.get("place") or "")
    lat, lon = raw.get("lat"), raw.get("lon")
    try:
        point = (float(lat), float(lon)) if lat is not None and lon is not None else None
    except (TypeError, ValueError) as exc:
        raise ScoringError(f"{where}: bad coordinates for {label!r}") from exc
    return Loc(canon_name(label), str(raw.get("level") or "settlement"), point, label)


def _read_json(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScoringError(f"{path}: cannot read ({exc.strerror})") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ScoringError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise ScoringError(f"{path}: expected an object with a 'documents' list")
    return data


def _count(raw: Any, where: str) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw)
    except (TypeError, ValueError) as exc:
        raise ScoringError(f"{where}: count {raw!r} is not a number") from exc


def load_gold(path: str | Path) -> Gold:
    data = _read_json(path)
    items: dict[str, list[Item]] = {}
    for n, d in enumerate(data["documents"]):
        fn = d.get("filename")
        if not fn:
            raise ScoringError(f"{path}: document #{n} has no filename")
        rows = []
        for inc in d.get("incidents", []):
            where = f"{path}: {fn}"
            if inc.get("type") is None or inc.get("place") is None:
                raise ScoringError(f"{where}: incident without type or place")
            q = inc.get("qualifier")
            if q is not None and q not in QUALIFIERS:
                raise ScoringError(f"{where}: unknown qualifier {q!r}")
            rows.append(Item(fn, inc["type"], _loc(inc, where), _count(inc.get("count"), where), q))
        items[fn] = rows
    if "groups" in data:
        groups = [Group(g["type"], _loc(g, f"{path}: group"), list(g["documents"])) for g in data["groups"]]
    else:
        groups = derive_groups(items)
    return Gold(items, groups)


def derive_groups(items: dict[str, list[Item]]) -> list[Group]:
    """Gold incidents (type + place) that two or more documents report."""
    groups: list[Group] = []
    for fn, rows in items.items():
        for it in unique(rows):
            for g in groups:
                if g.type == it.type and same_location(g.loc, it.loc):
                    if fn not in g.docs:
                        g.docs.append(fn)
                    break
            else:
                groups.append(Group(it.type, it.loc, [fn]))
    return [g for g in groups if len(g.docs) >= 2]


def load_export(path: str | Path, known: set[str] | None = None) -> Export:
    data = _read_json(path)
    names: dict[str, str] = {}
    for d in data["documents"]:
        name = str(d.get("filename") or "").replace("\\", "/").rsplit("/", 1)[-1]
        names[str(d.get("id", name))] = name
    exp = Export({}, [])
    for n, inc in enumerate(data.get("incidents", [])):
        where = f"{path}: incident #{n}"
        loc = _loc(inc.get("place"), where)
        docs: list[str] = []
        for src in inc.get("sources", []):
            fn = names.get(str(src.get("document_id")))
            if fn is None:
                raise ScoringError(f"{where}: source cites unknown document {src.get('document_id')!r}")
            if known is not None and fn not in known:
                exp.unknown_documents.add(fn)
                continue
            it = Item(fn, str(inc.get("type")), loc, _count(src.get("count"), where), src.get("qualifier"))
            exp.items.setdefault(fn, []).append(it)
            if fn not in docs:
                docs.append(fn)
        exp.incidents.append((Item("", str(inc.get("type")), loc), docs))
    return exp


def unique(rows: list[Item], by_type: bool = True) -> list[Item]:
    """One item per (type, place); a duplicate lends its count to the kept item if that has none."""
    kept: list[Item] = []
    for it in rows:
        for k in kept:
            same = same_location(k.loc, it.loc) and same_location(it.loc, k.loc)
            if same and (not by_type or k.type == it.type):
                if k.count is None and it.count is not None:
                    k.count, k.qualifier = it.count, it.qualifier
                break
        else:
            kept.append(Item(it.doc, it.type, it.loc, it.count, it.qualifier))
    return kept


def max_matching(gold: list[Item], pred: list[Item], by_type: bool = True) -> list[tuple[Item, Item]]:
    """Largest one-to-one matching (augmenting paths), so item order cannot change the score."""
    ok = [[j for j, p in enumerate(pred) if (not by_type or g.type == p.type) and same_location(g.loc, p.loc)]
          for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in ok[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return [(gold[i], pred[j]) for j, i in sorted(owner.items())]


def _ratio(num: int, den: int, empty: float | None) -> float | None:
    return round(num / den, 4) if den else empty


def _name(it: Item) -> str:
    return f"{it.doc}: {it.type} @ {it.loc.label}"


def score(gold: Gold, exp: Export) -> dict[str, Any]:
    tp = n_pred = n_gold = 0
    places_found = places_total = counts_right = counts_total = 0
    misses: list[str] = []
    alarms: list[str] = []
    wrong_counts: list[str] = []
    per_type: dict[str, list[int]] = {}
    for fn, rows in gold.items.items():
        g, p = unique(rows), unique(exp.items.get(fn, []))
        pairs = max_matching(g, p)
        tp, n_pred, n_gold = tp + len(pairs), n_pred + len(p), n_gold + len(g)
        hit_g, hit_p = {id(a) for a, _ in pairs}, {id(b) for _, b in pairs}
        misses += [_name(i) for i in g if id(i) not in hit_g]
        alarms += [_name(i) for i in p if id(i) not in hit_p]
        for it in g + p:
            per_type.setdefault(it.type, [0, 0, 0])
        for it in g:
            per_type[it.type][1] += 1
        for it in p:
            per_type[it.type][2] += 1
        for a, b in pairs:
            per_type[a.type][0] += 1
            if a.count is None:
                continue
            counts_total += 1
            if b.count == a.count and (b.qualifier or "exact") == (a.qualifier or "exact"):
                counts_right += 1
            else:
                wrong_counts.append(f"{_name(a)}: gold {a.qualifier} {a.count}, got {b.qualifier} {b.count}")
        gp, pp = unique(rows, by_type=False), unique(exp.items.get(fn, []), by_type=False)
        places_total += len(gp)
        places_found += sum(1 for a in gp if any(same_location(a.loc, b.loc) for b in pp))
    precision = _ratio(tp, n_pred, 1.0 if not n_gold else 0.0)
    recall = _ratio(tp, n_gold, 1.0)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision and recall else 0.0
    link = score_links(gold, exp)
    return {
        "doc_precision": precision, "doc_recall": recall, "doc_f1": f1,
        "tp": tp, "predicted": n_pred, "gold": n_gold,
        "place_accuracy": _ratio(places_found, places_total, None),
        "count_accuracy": _ratio(counts_right, counts_total, None),
        "counts_checked": counts_total,
        **link,
        "by_type": {t: {"tp": v[0], "gold": v[1], "predicted": v[2]} for t, v in sorted(per_type.items())},
        "missed": misses, "false_alarms": alarms, "wrong_counts": wrong_counts,
        "unknown_documents": sorted(exp.unknown_documents),
    }


def score_links(gold: Gold, exp: Export) -> dict[str, Any]:
    gold_pairs = {(g.type, a, b, k) for k, g in enumerate(gold.groups)
                  for a, b in combinations(sorted(g.docs), 2)}
    found: set[tuple[str, str, str, int]] = set()
    pred_pairs: dict[tuple[str, str, str, str, str], bool] = {}
    for inc, docs in exp.incidents:
        for a, b in combinations(sorted(docs), 2):
            right = [k for k, g in enumerate(gold.groups)
                     if g.type == inc.type and a in g.docs and b in g.docs and same_location(g.loc, inc.loc)]
            found.update((inc.type, a, b, k) for k in right)
            key = (inc.type, a, b, inc.loc.name, inc.loc.level)
            pred_pairs[key] = pred_pairs.get(key, False) or bool(right)
    correct = sum(pred_pairs.values())
    return {
        "linking_precision": _ratio(correct, len(pred_pairs), 1.0),
        "linking_recall": _ratio(len(found), len(gold_pairs), 1.0),
        "link_pairs_gold": len(gold_pairs), "link_pairs_predicted": len(pred_pairs),
        "links_missed": sorted(f"{t}: {a} + {b} @ {gold.groups[k].loc.label}"
                               for t, a, b, k in gold_pairs - found),
        "links_wrong": sorted(f"{t}: {a} + {b} @ {name}"
                              for (t, a, b, name, _), ok in pred_pairs.items() if not ok),
    }


def format_report(r: dict[str, Any]) -> str:
    def fig(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.3f}"

    out = [
        f"doc-level    P={fig(r['doc_precision'])} R={fig(r['doc_recall'])} F1={fig(r['doc_f1'])} "
        f"(tp {r['tp']}, predicted {r['predicted']}, gold {r['gold']})",
        f"places       {fig(r['place_accuracy'])}",
        f"counts       {fig(r['count_accuracy'])} of {r['counts_checked']} matched with a gold count",
        f"linking      P={fig(r['linking_precision'])} R={fig(r['linking_recall'])} "
        f"(pairs: gold {r['link_pairs_gold']}, predicted {r['link_pairs_predicted']})",
        "by type:",
    ]
    out += [f"  {t:24s} tp {v['tp']:3d}  gold {v['gold']:3d}  predicted {v['predicted']:3d}"
            for t, v in r["by_type"].items()]
    for title, key in (("missed", "missed"), ("false alarm", "false_alarms"), ("wrong count", "wrong_counts"),
                       ("link missed", "links_missed"), ("wrong link", "links_wrong")):
        out += [f"  {title:12s} {line}" for line in r[key]]
    if r["unknown_documents"]:
        out.append(f"documents not in gold (ignored): {len(r['unknown_documents'])}")
    return "\n".join(out)


def gold_as_export(gold: dict[str, Any]) -> dict[str, Any]:
    """The gold file written as a perfect export (one incident per gold group or lone item): a self-check."""
    docs = [{"id": f"doc-{n}", "filename": d["filename"]} for n, d in enumerate(gold["documents"])]
    ids = {d["filename"]: d["id"] for d in docs}
    incidents: list[dict[str, Any]] = []
    for d in gold["documents"]:
        for inc in d["incidents"]:
            place = {k: inc.get(k) for k in ("level", "lat", "lon")} | {"name": inc["place"]}
            src = {"document_id": ids[d["filename"]], "count": inc.get("count"),
                   "qualifier": inc.get("qualifier")}
            here = _loc(place, "gold")
            for other in incidents:
                if other["type"] == inc["type"] and same_location(_loc(other["place"], "gold"), here):
                    other["sources"].append(src)
                    break
            else:
                incidents.append({"type": inc["type"], "place": place, "sources": [src]})
    return {"format": "svidok-export", "version": 1, "documents": docs, "incidents": incidents}


def run(gold_path: str | Path, export_path: str | Path) -> dict[str, Any]:
    gold = load_gold(gold_path)
    return score(gold, load_export(export_path, known=set(gold.items)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("export")
    ap.add_argument("--json", action="store_true", help="print every figure and list as JSON")
    args = ap.parse_args(argv)
    try:
        result = run(args.gold, args.export)
    except ScoringError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
