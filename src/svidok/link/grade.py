"""Grade an incident's sourcing, with reasons a reader can check.

Grade string: a base grade, then markers, joined by "; " (e.g. "corroborated; first-hand"):
- base "corroborated": two or more independent sources; otherwise "single source";
- marker "contested": a source reports a party's denial (Mention.denied);
- marker "first-hand": a source is a witness, an investigator on site or a journalist who saw it.

Confidence (0..1) is a transparent score, not a probability:
0.40 for one independent source, +0.20 for each further one (at most +0.40), +0.10 first-hand,
-0.05 for each source that only relays another, -0.15 contested, -0.10 when sources disagree
(discrepancies), clamped to [0.05, 0.95].
"""

from __future__ import annotations

from svidok.model.core import Incident, Mention

FIRST_HAND_KINDS = frozenset({"witness", "investigator", "journalist"})
BASE_GRADES = ("corroborated", "single source")
MARKERS = ("contested", "first-hand")


def grade_parts(grade: str) -> list[str]:
    """"corroborated; first-hand" -> ["corroborated", "first-hand"] (for filters)."""
    return [p.strip() for p in grade.split(";") if p.strip()]


def grade_incident(inc: Incident, mentions: dict[str, list[Mention]]) -> None:
    """Set inc.grade, inc.grade_reasons and inc.confidence from its sources and their mentions."""
    independent = [f for f in inc.sources if f.independent]
    dependent = [f for f in inc.sources if not f.independent]
    n = len(independent)
    reasons: list[str] = []
    parts = ["corroborated" if n >= 2 else "single source"]
    if n >= 2:
        reasons.append(f"{n} independent sources report it.")
    else:
        reasons.append("Only one independent source reports it.")
    for f in dependent:
        reasons.append(f"Source {f.document_id[:12]} is not independent: {f.dependence_reason}.")

    all_mentions = [m for f in inc.sources for m in mentions.get(f.document_id, [])]
    denials = sorted({m.document_id[:12] for m in all_mentions if m.denied})
    if denials:
        parts.append("contested")
        reasons.append(f"A denial by a party is reported (source {', '.join(denials)}).")
    first_hand = sorted({(m.attribution_kind or "", m.attributed_to or m.attribution_kind or "")
                         for m in all_mentions if m.attribution_kind in FIRST_HAND_KINDS})
    if first_hand:
        parts.append("first-hand")
        who = ", ".join(f"{name} ({kind})" if name != kind else kind for kind, name in first_hand[:3])
        reasons.append(f"First-hand account: {who}.")

    score = 0.40 + min(max(n - 1, 0), 2) * 0.20
    score += 0.10 if first_hand else 0.0
    score -= 0.05 * len(dependent)
    score -= 0.15 if denials else 0.0
    if inc.discrepancies:
        score -= 0.10
        reasons.append(f"Sources disagree on: {', '.join(sorted({d.field for d in inc.discrepancies}))}.")
    inc.grade = "; ".join(parts)
    inc.grade_reasons = reasons
    inc.confidence = round(min(0.95, max(0.05, score)), 2)
