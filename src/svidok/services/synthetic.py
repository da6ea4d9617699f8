"""Fill a case with synthetic, linked incidents: the data behind the list/API latency benchmark.

Events (type, real place from the bundled gazetteer, date, victims) are each reported by one to
three synthetic documents from different outlets; every document's text is built from its
sentences, so each mention's spans point at real characters and full-text search finds them.
The mentions then go through the real linker (`svidok.link.link_mentions`) and are stored with
the same bulk writes as `relink`. Documents get rows and texts but no stored originals and no
custody events: such a case is for measuring, and `svidok verify` would rightly reject it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Connection

from svidok.db import analysis, repo
from svidok.db.engine import refresh_statistics
from svidok.extract.gazetteer import Gazetteer
from svidok.link import link_mentions
from svidok.model import DateValue, Document, DocumentMeta, Mention, Place, ReadText, Span
from svidok.services.case import Case

TYPES = ("killing", "torture", "detention", "disappearance", "sexual_violence", "mutilation",
         "burial_site", "attack_civilian_objects", "attack_medical", "pillage", "threat", "deportation")
VERBS = {"killing": "killed", "torture": "tortured", "detention": "detained",
         "disappearance": "abducted", "sexual_violence": "raped", "mutilation": "mutilated",
         "burial_site": "buried in a mass grave", "attack_civilian_objects": "shelled the homes of",
         "attack_medical": "struck a hospital treating", "pillage": "looted the houses of",
         "threat": "threatened", "deportation": "deported"}
SOURCES = (("the regional prosecutor", "official"), ("a local resident", "witness"),
           ("the national police", "official"), ("a reporter on the scene", "journalist"),
           ("a human rights monitor", "investigator"))
OUTLETS = tuple(f"Outlet {i}" for i in range(60))
FIRST_DAY = date(2022, 2, 24)
DAYS = 1000
Progress = Callable[[str], None]


@dataclass
class Populated:
    documents: int
    mentions: int
    incidents: int


@dataclass
class _Event:
    type: str
    place: Place
    day: date
    victims: int


def _places(limit: int = 2500) -> list[Place]:
    """The most populous settlements with coordinates (what reports most often name)."""
    gaz = Gazetteer.load()
    towns = [p for p in gaz.entries if p.level == "settlement" and p.lat is not None and p.admin1]
    towns.sort(key=lambda p: (-p.population, p.id))
    return towns[:limit]


def _sentence(ev: _Event, source: tuple[str, str], rng: random.Random
              ) -> tuple[str, dict[str, tuple[int, int]]]:
    """One reporting sentence and where its parts lie in it (start, end)."""
    parts = [("", "On "), ("date", f"{ev.day.day} {ev.day.strftime('%B %Y')}"), ("", ", Russian forces "),
             ("trigger", VERBS[ev.type]), ("", " "), ("count", f"{ev.victims} civilians"), ("", " in "),
             ("place", ev.place.name), ("", ", "), ("source", source[0]), ("", " said.")]
    text, at = "", {}
    for key, part in parts:
        if key:
            at[key] = (len(text), len(text) + len(part))
        text += part
    return text, at


def _events(n: int, rng: random.Random, places: list[Place]) -> list[_Event]:
    weights = [1.0 / (1 + i) ** 0.6 for i in range(len(places))]  # larger towns are named more often
    chosen = rng.choices(places, weights=weights, k=n)
    return [_Event(rng.choice(TYPES), place, FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
                   rng.choice((1, 2, 3, 4, 5, 7, 8, 12, 15, 20, 40, 100))) for place in chosen]


def build(n_events: int, seed: int = 7, per_document: int = 3
          ) -> tuple[list[Document], list[ReadText], list[Mention]]:
    """Documents, their texts and their mentions for `n_events` reported events (no database)."""
    rng = random.Random(seed)
    events = _events(n_events, rng, _places())
    reports: list[tuple[int, int]] = []  # (event index, source index)
    for i in range(n_events):
        for s in rng.sample(range(len(SOURCES)), rng.choice((1, 1, 1, 2, 2, 3))):
            reports.append((i, s))
    rng.shuffle(reports)
    docs: list[Document] = []
    texts: list[ReadText] = []
    mentions: list[Mention] = []
    base = datetime(2025, 1, 1, tzinfo=UTC)
    for d in range(0, len(reports), per_document):
        doc_id = f"{(seed << 40) + d:064x}"
        text = ""
        own: list[Mention] = []
        for k, (e, s) in enumerate(reports[d:d + per_document]):
            ev, src = events[e], SOURCES[s]
            sentence, at = _sentence(ev, src, rng)
            o = len(text)
            text += sentence + (" Families are still waiting for news. " if rng.random() < 0.3 else " ")
            sp = {key: Span(o + a, o + b, sentence[a:b]) for key, (a, b) in at.items()}
            own.append(Mention(
                document_id=doc_id, type=ev.type, evidence=Span(o, o + len(sentence), sentence),
                trigger=sp["trigger"], place=ev.place, place_span=sp["place"], count=ev.victims,
                qualifier="exact", count_span=sp["count"], date=DateValue(ev.day, ev.day, "day"),
                date_span=sp["date"], attributed_to=src[0], attribution_kind=src[1],
                attribution_span=sp["source"], perpetrator="Russian forces", component="svidok.synthetic",
                version="1", id=f"{(seed << 40) + d:024x}{k:08x}",
            ))
        published = max(m.date.end for m in own if m.date) + timedelta(days=rng.randrange(1, 5))
        docs.append(Document(
            id=doc_id, filename=f"synthetic-{d // per_document:07d}.txt", media_type="text/plain",
            size=len(text.encode("utf-8")), sha256=doc_id,
            meta=DocumentMeta(title=f"Report {d // per_document}", outlet=rng.choice(OUTLETS),
                              published=published),
            collected_at=base + timedelta(seconds=d)))
        texts.append(ReadText(text=text, reader="synthetic", reader_version="1", published=published))
        mentions.extend(own)
    return docs, texts, mentions


def settle(case: Case) -> None:
    """Let the database catch up after `populate` (statistics; see db.engine.refresh_statistics)."""
    refresh_statistics(case.engine)


def populate(conn: Connection, n_events: int, seed: int = 7, progress: Progress | None = None
             ) -> Populated:
    """Build `n_events` reported events, link them and store everything in one transaction."""
    say = progress or (lambda _: None)
    say(f"building {n_events:,} events")
    docs, texts, mentions = build(n_events, seed)
    say(f"linking {len(mentions):,} mentions from {len(docs):,} documents")
    incidents = link_mentions(mentions, {d.id: d for d in docs}, [])
    say(f"storing {len(incidents):,} incidents")
    repo.insert_documents(conn, docs, texts)
    analysis.insert_mentions(conn, mentions, "1")
    analysis.insert_incidents(conn, incidents)
    analysis.point_mentions(conn, incidents)
    return Populated(len(docs), len(mentions), len(incidents))
