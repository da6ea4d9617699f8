"""The protected-persons register and the one redaction function, on a real SQLite case."""

from __future__ import annotations

import json
import re
import string
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svidok.db import analysis, custody, repo
from svidok.model import Document, DocumentMeta, Mention, Place, ReadText, Span
from svidok.services import protection
from svidok.services.case import INFO_KEY
from svidok.services.export import render
from svidok.services.incidents import IncidentFilters, count
from svidok.services.linking import relink
from svidok.services.protection import WITHHELD, ProtectionError

KUPIANSK = Place("gn:704839", "Kupiansk", "settlement", 49.7106, 37.6156, "Kharkiv Oblast", geonameid=704839)
TEXT = ("Soldiers held 12 people in Kupiansk, said Olena Kovalenko, 34. Kovalenko's son was beaten. "
        "Olena K. later left the town; O. Kovalenko spoke from Izyum District near Bucha. "
        "Serhii Bondar said the same.")


def _document(conn, n: int, text: str, title: str | None = None, filename: str | None = None) -> str:
    doc_id = f"{n:064x}"
    doc = Document(id=doc_id, filename=filename or f"r{n}.txt", media_type="text/plain", size=len(text),
                   sha256=doc_id,
                   meta=DocumentMeta(title=title, outlet="Test Wire", published=date(2022, 9, 20)),
                   collected_at=datetime(2024, 1, 1, tzinfo=UTC))
    repo.insert_documents(conn, [doc], [ReadText(text, "test", "1")])
    m = Mention(document_id=doc_id, type="detention", evidence=Span(0, len(text), text),
                trigger=Span(9, 13, text[9:13]), place=KUPIANSK, count=12, qualifier="exact",
                id=f"m{n:015d}")
    analysis.replace_mentions(conn, doc_id, [m], "test")
    return doc_id


@pytest.fixture
def conn(tx):
    _document(tx, 1, TEXT, title="Olena Kovalenko's story", filename="olena_kovalenko.txt")
    relink(tx)
    protection.add(tx, "Olena Kovalenko", "ana", "witness")
    protection.add(tx, "Serhiy Bondar", "ana", "detainee")
    return tx


def test_protection_redacts_every_form(conn):
    out = protection.redactor(conn).plain(TEXT)
    assert not re.search(r"olena|kovalenko|bondar|serhii", out, re.I), out
    assert out.count(WITHHELD) == 5 and "Kupiansk" in out


def test_protection_places_stay_visible(conn):
    out = protection.redactor(conn).plain(TEXT)
    assert "Izyum District" in out and "Bucha" in out and "Kupiansk" in out


def test_protection_surname_equal_to_a_village_used_as_a_place(conn):
    protection.add(conn, "Ivan Hrakove", "ana")  # Hrakove: a village in Kharkiv oblast
    red = protection.redactor(conn)
    assert red.plain("Soldiers came to Hrakove in March.") == "Soldiers came to Hrakove in March."
    assert red.plain("the Hrakove district") == "the Hrakove district"
    assert red.plain("Ivan Hrakove said so.") == f"{WITHHELD} said so."


def test_protection_spelling_variants(conn):
    red = protection.redactor(conn)
    for name in ("Sergey Bondar", "Serhij Bondar", "Sergiy Bondar", "S. Bondar", "Bondar's"):
        assert red.plain(f"{name} said.") == f"{WITHHELD} said.", name


def test_protection_lone_first_name_before_another_surname_is_someone_else(conn):
    red = protection.redactor(conn)
    assert red.plain("Olena Petrenko, the mayor, said") == "Olena Petrenko, the mayor, said"
    assert red.plain("According to Olena, it was") == f"According to {WITHHELD}, it was"


def test_protection_add_and_remove_are_signed_custody_events(conn):
    protection.remove(conn, "Serhiy Bondar", "ada", "public official after all")
    events = custody.load_events(conn, action="protect_remove")
    assert events[-1].actor == "ada" and events[-1].details["why"] == "public official after all"
    assert [e.details["name"] for e in custody.load_events(conn, action="protect_add")][-2:] == [
        "Olena Kovalenko", "Serhiy Bondar"]
    assert "Bondar" in protection.redactor(conn).plain("Serhii Bondar said")


def test_protection_remove_needs_a_reason_and_a_registered_name(conn):
    with pytest.raises(ProtectionError, match="reason"):
        protection.remove(conn, "Olena Kovalenko", "ada", " ")
    with pytest.raises(ProtectionError, match="not on the register"):
        protection.remove(conn, "Nobody Known", "ada", "typo")


def test_protection_extraction_does_not_bring_back_a_released_name(conn):
    protection.remove(conn, "Olena Kovalenko", "ada", "she asked to be named")
    person = Mention(document_id="x", type="detention", evidence=Span(0, 5, "Olena"),
                     trigger=Span(0, 5, "Olena"), persons=(Span(0, 15, "Olena Kovalenko"),))
    assert protection.note_mentions(conn, [person]) == 0
    assert [p.status for p in protection.entries(conn, include_released=True)
            if p.name == "Olena Kovalenko"] == ["released"]


def test_protection_note_mentions_registers_extracted_names(tx):
    person = Mention(document_id="x", type="detention", evidence=Span(0, 4, "Ivan"),
                     trigger=Span(0, 4, "Ivan"),
                     persons=(Span(0, 13, "Mrs Halyna Ko"), Span(0, 11, "Halyna Ko's")))
    assert protection.note_mentions(tx, [person]) == 1
    assert [(p.name, p.origin) for p in protection.entries(tx)] == [("Halyna Ko", "extracted")]


def test_protection_export_spans_point_into_redacted_text(conn):
    data = json.loads(render(conn, "json")[0])
    [doc] = data["documents"]
    assert doc["title"] == f"{WITHHELD} story" and doc["filename"] == f"{WITHHELD}.txt"
    spans = [s for i in data["incidents"] for f in i["sources"] for s in f["spans"]]
    redacted = protection.redactor(conn).plain(TEXT)
    assert spans and all(redacted[s["start"]:s["end"]] == s["text"] for s in spans)
    first = doc["redactions"][0]
    assert TEXT[first["start"]:first["end"]] == "Olena Kovalenko"
    assert redacted[first["redacted_start"]:first["redacted_end"]] == WITHHELD


def test_protection_include_protected_keeps_names_and_offsets(conn):
    data = json.loads(render(conn, "json", include_protected=True)[0])
    [doc] = data["documents"]
    assert "redactions" not in doc and doc["filename"] == "olena_kovalenko.txt"
    assert "Olena Kovalenko" in json.dumps(data)


def test_protection_export_json_is_the_same_shape_either_way(conn):
    hidden = json.loads(render(conn, "json")[0])["incidents"]
    shown = json.loads(render(conn, "json", include_protected=True)[0])["incidents"]
    for data in (hidden, shown):
        assert all(isinstance(s["date"], str | None) for i in data for s in i["sources"])
    assert [sorted(i) for i in hidden] == [sorted(i) for i in shown]


@pytest.mark.parametrize("fmt", ["csv", "geojson", "acled", "json"])
def test_protection_export_formats_leave_names_out(conn, fmt):
    assert not re.search(r"kovalenko|bondar", render(conn, fmt)[0], re.I)
    if fmt in ("csv", "json"):
        assert re.search(r"kovalenko", render(conn, fmt, include_protected=True)[0], re.I)


def test_protection_search_for_a_protected_name_answers_like_an_invented_one(conn):
    seen = count(conn, IncidentFilters(text="Kovalenko"))
    assert seen == 1  # analysts find it
    assert count(conn, IncidentFilters(text="Kovalenko", protect=True)) == 0
    assert count(conn, IncidentFilters(text="Zzyzxova", protect=True)) == 0
    assert count(conn, IncidentFilters(text="Kupiansk", protect=True)) == 1


def test_protection_redacted_offsets_map_cuts():
    red = protection._apply("ab NAME cd", [(3, 7)])
    assert red.text == f"ab {WITHHELD} cd"
    assert red.position(0) == 0 and red.position(3) == 3 and red.position(5) == 3
    assert red.position(7, end=True) == 3 + len(WITHHELD) and red.position(9) == 9 + len(WITHHELD) - 4


# -- property: random names at random places --------------------------------------------------

_SYL = ["ko", "len", "va", "pet", "ren", "bo", "dar", "ny", "chuk", "sha", "mar", "tyn", "lo", "ze"]
_FILLER = "the soldiers came at night and took people away from their homes in the village".split()


@st.composite
def _names(draw):
    first = "".join(draw(st.lists(st.sampled_from(_SYL), min_size=2, max_size=3))).capitalize()
    last = "".join(draw(st.lists(st.sampled_from(_SYL), min_size=2, max_size=4))).capitalize() + "enko"
    return first, last


def _variant(word: str) -> str:
    """Another Latin spelling of the same name (y/i, h/g): Mykola/Mikola, Hryhoriy/Gryhoriy."""
    return re.sub(r"(?<![szck])h", "g", word.lower().replace("y", "i")).capitalize()


def _plant(draw, first, last):
    forms = [f"{first} {last}", last, f"{first} {last[0]}.", f"{first[0]}. {last}", f"{last}'s",
             f"{first}_{last}".lower(), f"{_variant(first)} {_variant(last)}", _variant(last)]
    words = draw(st.lists(st.sampled_from(_FILLER), min_size=5, max_size=30))
    for form in draw(st.lists(st.sampled_from(forms), min_size=1, max_size=6)):
        words.insert(draw(st.integers(0, len(words))), form)
    return " ".join(words) + "."


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_protection_property_redactor_hides_random_names(data):
    from svidok.services.nameforms import compile_forms

    first, last = data.draw(_names())
    text = _plant(data.draw, first, last)
    red = protection.Redactor(compile_forms([f"{first} {last}"], lambda w: ""))
    out = red.plain(text)
    for word in (first, last, _variant(first), _variant(last)):
        assert word.lower() not in out.lower(), (text, out)
    assert all(w in string.ascii_letters + " ._'[]" or w.isalpha() for w in out)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_protection_property_case_exports_hide_random_names(module_case, data):
    first, last = data.draw(_names())
    text = _plant(data.draw, first, last) + " Soldiers held 5 people in Kupiansk."
    with module_case.engine.connect() as c:
        c.info[INFO_KEY] = module_case
        trans = c.begin()
        try:
            _document(c, 7, text, title=f"{last} speaks", filename=f"{first}_{last}.txt".lower())
            relink(c)
            protection.add(c, f"{first} {last}", "ana")
            for fmt in ("json", "csv", "geojson", "acled"):
                body = render(c, fmt)[0].lower()
                assert last.lower() not in body and first.lower() not in body, fmt
            assert last.lower() in render(c, "json", include_protected=True)[0].lower()
        finally:
            trans.rollback()
