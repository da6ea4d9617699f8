"""Cut the free mentions of one (type, place) into incidents by date, whatever order they came in.

Linking must end the same whether reports arrive one by one, in batches, or from four processes at
once (issue #12). So clusters are the connected parts of the "dates within DATE_SLACK_DAYS" relation
over all mentions of the key, found by one sweep in date order; an undated mention joins the cluster
its own report dates elsewhere, else the earliest. Nothing here depends on arrival or collection.
"""

from __future__ import annotations

from datetime import timedelta

from svidok.model.core import Mention

DATE_SLACK_DAYS = 7


def content_order(m: Mention, mid: str) -> tuple[str, int, int, str]:
    """An order fixed by the mention itself (document hash, offsets, id), never by arrival."""
    return (m.document_id, m.evidence.start, m.evidence.end, mid)


def clusters(free: list[tuple[str, Mention]]) -> list[list[tuple[str, Mention]]]:
    """The clusters of (mention id, mention) pairs of one key, earliest first, each in content order."""
    slack = timedelta(days=DATE_SLACK_DAYS)
    dated = sorted((p for p in free if p[1].date is not None),
                   key=lambda p: (p[1].date.start, p[1].date.end, *content_order(p[1], p[0]))  # type: ignore[union-attr]
                   )
    out: list[list[tuple[str, Mention]]] = []
    end = None
    for mid, m in dated:
        assert m.date is not None
        if out and end is not None and m.date.start - slack <= end:
            out[-1].append((mid, m))
            end = max(end, m.date.end)
        else:
            out.append([(mid, m)])
            end = m.date.end
    home: dict[str, int] = {}
    for i, part in enumerate(out):
        for _, m in part:
            home.setdefault(m.document_id, i)
    undated = [p for p in free if p[1].date is None]
    if undated and not out:
        out.append([])
    for mid, m in undated:
        out[home.get(m.document_id, 0)].append((mid, m))
    return [sorted(part, key=lambda p: content_order(p[1], p[0])) for part in out]
