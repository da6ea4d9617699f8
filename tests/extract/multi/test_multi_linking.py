"""Cross-language linking: the same act at the same place, reported in Ukrainian and in English,
is one incident with two sources (places are compared by gazetteer id, whatever the script)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from svidok.link import link_mentions
from svidok.model import Mention
from svidok.model.core import Document, DocumentMeta

UK = ("Поліція Харківщини повідомила, що в Балаклії окупанти облаштували катівню у приміщенні "
      "відділу поліції. "
      "Там вони катували місцевих жителів струмом.")
EN = ("BALAKLIIA, Ukraine — Russian soldiers tortured residents with electric shocks in the basement of the "
      "police station in Balakliia, survivors told reporters.")


def _doc(doc_id: str, outlet: str) -> Document:
    return Document(id=doc_id, filename=f"{doc_id}.txt", media_type="text/plain", size=100, sha256=doc_id,
                    meta=DocumentMeta(outlet=outlet, published=date(2022, 9, 20)),
                    collected_at=datetime(2024, 1, 1))


def test_linking_ukrainian_release_and_english_story_are_one_incident(
        ml_extract: Callable[..., list[Mention]]) -> None:
    uk = [m for m in ml_extract(UK, None) if m.type == "torture"]
    en = [m for m in ml_extract(EN, None) if m.type == "torture"]
    assert uk and en
    uk = [replace(m, document_id="uk") for m in uk]
    en = [replace(m, document_id="en") for m in en]
    incidents = link_mentions(uk + en, {"uk": _doc("uk", "Police"), "en": _doc("en", "Wire")}, [])
    assert len(incidents) == 1
    inc = incidents[0]
    assert inc.place.name == "Balakliia" and {s.document_id for s in inc.sources} == {"uk", "en"}
    quotes = {s.document_id: s.spans[0].text for s in inc.sources}
    assert "катів" in quotes["uk"] and "tortured" in quotes["en"]  # each quote in its own language
