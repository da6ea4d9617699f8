"""Tests for svidok.extract.bind: acts tied to places, counts, sources and dates (full pipeline)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from svidok.model import DateValue, Mention

Extract = Callable[..., list[Mention]]

BUCHA = "ua:UA32080070010087821"
IZIUM = "ua:UA63040090010029555"


def _pairs(mentions: list[Mention]) -> set[tuple[str, str | None]]:
    return {(m.type, m.place.name if m.place else None) for m in mentions}


def _places(mentions: list[Mention]) -> set[str]:
    return {m.place.name for m in mentions if m.place is not None}


def test_bind_act_in_next_sentence_keeps_the_place(extract: Extract) -> None:
    ms = extract("In the village of Hrakove, Chuhuiv district, soldiers held the men in a basement. "
                 "Their ears were cut off.")
    assert ("mutilation", "Hrakove") in _pairs(ms)


def test_bind_places_like_a_and_b_gives_both(extract: Extract) -> None:
    ms = extract("Soldiers tortured residents in places like Bucha and Irpin.")
    assert _pairs(ms) == {("torture", "Bucha"), ("torture", "Irpin")}


def test_bind_retreat_from_place_is_not_act_place(extract: Extract) -> None:
    ms = extract("During the retreat from Kyiv, soldiers killed three civilians in Bucha.")
    assert _pairs(ms) == {("killing", "Bucha")}


def test_bind_distance_from_place_is_not_act_place(extract: Extract) -> None:
    ms = extract("Soldiers detained ten civilians in Bucha, 40 km from Odesa.")
    assert "Odesa" not in _places(ms)
    assert ("detention", "Bucha") in _pairs(ms)


def test_bind_speaker_location_is_not_act_place(extract: Extract) -> None:
    ms = extract("The US Embassy in Kyiv said soldiers tortured the prisoners in Bucha.")
    assert ms and _places(ms) == {"Bucha"}


def test_bind_speaker_location_alone_gives_no_place(extract: Extract) -> None:
    assert extract("The US Embassy in Kyiv said soldiers tortured the prisoners.") == []


def test_bind_dateline_used_when_body_names_no_place(extract: Extract) -> None:
    ms = extract("IZIUM, Ukraine (Wire) - Soldiers tortured the prisoners in a basement, a witness said.")
    assert ("torture", "Izium") in _pairs(ms)


def test_bind_dateline_yields_to_place_in_body(extract: Extract) -> None:
    ms = extract("IZIUM, Ukraine (Wire) - Soldiers tortured the prisoners in a basement in Bucha, "
                 "a witness said.")
    assert _places(ms) == {"Bucha"}


def test_bind_caption_line_without_final_punctuation_ignored(extract: Extract) -> None:
    ms = extract("Soldiers shelled the hospital in Kharkiv.\n"
                 "A photo shows soldiers killed two civilians in Bucha\n"
                 "Soldiers tortured the prisoners in a basement in Izium.")
    assert "Bucha" not in _places(ms)
    assert ("attack_medical", "Kharkiv") in _pairs(ms) and ("torture", "Izium") in _pairs(ms)


def test_bind_headline_ignored(extract: Extract) -> None:
    ms = extract("Soldiers killed civilians in Bucha\n"
                 "Investigators said soldiers tortured the prisoners in a basement in Izium.")
    assert "Bucha" not in _places(ms)
    assert ("torture", "Izium") in _pairs(ms)


def test_bind_text_outside_body_ignored(extract: Extract) -> None:
    first = "Soldiers tortured the prisoners in a basement in Izium. "
    text = first + "Soldiers killed three civilians in Bucha."
    ms = extract(text, body=((0, len(first)),))
    assert "Bucha" not in _places(ms) and "Izium" in _places(ms)


REPORT = ("IZIUM, Ukraine (Wire) - Russian soldiers held at least 12 civilians in a basement in Izium for "
          "46 days, a witness said. On September 13 investigators found the bodies of two men in Bucha. "
          "According to local officials, soldiers looted shops and shelled the hospital in Kharkiv.")


@pytest.fixture(scope="module")
def report_mentions(extract: Extract) -> list[Mention]:
    return extract(REPORT, date(2022, 9, 20))


def test_bind_spans_equal_their_text_slice(report_mentions: list[Mention]) -> None:
    assert report_mentions
    for m in report_mentions:
        for span in (m.evidence, m.trigger, m.place_span, m.count_span, m.date_span, m.attribution_span,
                     m.perpetrator_span, *m.persons):
            if span is not None:
                assert REPORT[span.start:span.end] == span.text, (m.type, span)


def test_bind_trigger_inside_evidence(report_mentions: list[Mention]) -> None:
    for m in report_mentions:
        assert m.evidence.start <= m.trigger.start and m.trigger.end <= m.evidence.end, m.type


def test_bind_count_only_with_count_span(report_mentions: list[Mention]) -> None:
    assert any(m.count is not None for m in report_mentions)
    for m in report_mentions:
        assert (m.count is None) == (m.count_span is None) == (m.qualifier is None), m.type


def test_bind_count_and_qualifier_reach_the_mention(report_mentions: list[Mention]) -> None:
    det = [m for m in report_mentions if m.type == "detention" and m.place and m.place.name == "Izium"]
    assert [(m.count, m.qualifier) for m in det] == [(12, "at_least")]


def test_bind_date_reaches_the_mention(report_mentions: list[Mention]) -> None:
    kill = [m for m in report_mentions if m.type == "killing" and m.place and m.place.id == BUCHA]
    assert kill and kill[0].date == DateValue(date(2022, 9, 13), date(2022, 9, 13), "day")


def test_bind_source_reaches_the_mention(report_mentions: list[Mention]) -> None:
    attack = [m for m in report_mentions if m.type == "attack_medical"]
    assert [(m.attributed_to, m.attribution_kind) for m in attack] == [("local officials", "official")]


def test_bind_perpetrator_reaches_the_mention(extract: Extract) -> None:
    ms = extract("Russian troops killed two men in Bucha.")
    assert [(m.type, m.perpetrator) for m in ms] == [("killing", "Russian troops")]


def test_bind_perpetrator_after_dateline_keeps_its_noun(report_mentions: list[Mention]) -> None:
    det = [m for m in report_mentions if m.type == "detention" and m.place and m.place.id == IZIUM]
    assert det and det[0].perpetrator == "Russian soldiers"


def test_bind_mention_ids_unique(report_mentions: list[Mention]) -> None:
    ids = [m.id for m in report_mentions]
    assert all(ids) and len(set(ids)) == len(ids)


def test_bind_denial_marks_the_act_denied(extract: Extract) -> None:
    ms = extract("Russian forces shelled the hospital in Kharkiv on Saturday, officials said. "
                 "Russia denied shelling the hospital.")
    assert [(m.type, m.denied) for m in ms] == [("attack_medical", True)]


def test_bind_denial_alone_gives_no_mention(extract: Extract) -> None:
    assert extract("Russia denied shelling the hospital in Kharkiv.") == []


@pytest.mark.parametrize("text", [
    "KHARKIV, Ukraine (Wire) - The football club from Kharkiv won the cup final on Saturday. "
    "Fans celebrated in the streets until late at night.",
    "The central bank in Kyiv raised interest rates by two points. Exporters in Odesa expect "
    "grain shipments to grow by ten percent this year.",
])
def test_bind_report_without_violation_gives_no_mentions(extract: Extract, text: str) -> None:
    assert extract(text) == []


def test_bind_section_heading_asserts_no_act(extract: Extract) -> None:
    ms = extract("Residents of Kupiansk spoke to us.\n\nTorture and deaths\n\n"
                 "The market reopened in Kupiansk.")
    assert ms == []


def test_bind_list_of_towns_gives_their_oblasts_to_later_acts(extract: Extract) -> None:
    ms = extract("Researchers interviewed 71 residents of Kherson, Melitopol, Berdyansk and Skadovsk. "
                 "They described cases in which Russian forces tortured residents.")
    assert _pairs(ms) == {("torture", "Kherson Oblast"), ("torture", "Zaporizhzhia Oblast")}


def test_bind_surname_of_named_official_is_no_place(extract: Extract) -> None:
    ms = extract("The deputy head of the office, Kyrylo Tymoshenko, posted a video. "
                 "Tymoshenko showed the consequences of the Russian shelling of Kupiansk.")
    assert _places(ms) == {"Kupiansk"}


def test_bind_regional_office_does_not_displace_the_story_place(extract: Extract) -> None:
    ms = extract("Russian troops shelled Kupiansk on Monday. According to the head of the Kharkiv "
                 "Regional Administration, the shells damaged a clinic.")
    assert _places(ms) == {"Kupiansk"}


def test_bind_nationwide_toll_goes_to_no_place(extract: Extract) -> None:
    ms = extract("A missile hit a hospital in Kyiv. Russia rained missiles on several cities across "
                 "Ukraine, killing at least 41 civilians.")
    assert ("killing", "Kyiv") not in _pairs(ms)


def test_bind_wounded_count_is_not_the_killing_count(extract: Extract) -> None:
    ms = extract("The explosion in Olenivka killed about 40 prisoners and injured 130.")
    [m] = [m for m in ms if m.type == "killing"]
    assert (m.count, m.qualifier) == (40, "about")


def test_bind_abduction_brought_to_crimea_is_deportation(extract: Extract) -> None:
    ms = extract("Russian forces kidnapped 46 children from a home in Kherson and brought them to Crimea.")
    assert ("deportation", "Kherson") in _pairs(ms)
    assert "disappearance" not in {m.type for m in ms}


def test_bind_kyiv_dateline_is_no_fallback_place(extract: Extract) -> None:
    ms = extract("KYIV (Wire) - A court heard that a soldier shot a man during the occupation.")
    assert _places(ms) == set()


def test_bind_unnamed_village_in_oblast_yields_to_the_named_one(extract: Extract) -> None:
    ms = extract("Two bodies were found in a village liberated in the Kharkiv region. "
                 "Police said the two men were killed in Hrakove, Chuhuiv district, in March.")
    assert ("killing", "Kharkiv Oblast") not in _pairs(ms)
    assert ("killing", "Hrakove") in _pairs(ms)


def test_bind_first_sentence_after_leading_space_is_read(extract: Extract) -> None:
    text = " A Russian missile strike on a building in Uman killed 23 people."
    ms = extract(text, body=((1, len(text)),))  # the reader's body starts after the space
    assert ("killing", "Uman") in _pairs(ms)


def test_bind_people_kept_in_torture_chambers_are_detained(extract: Extract) -> None:
    ms = extract("Torture chambers were found in Kozacha Lopan, where the Russians kept local people.")
    assert ("detention", "Kozacha Lopan") in _pairs(ms)


def test_bind_topic_village_outlasts_a_long_digression(extract: Extract) -> None:
    text = ("Soldiers took over Motyzhyn in March. Residents of Motyzhyn hid in cellars. "
            "The weather was cold. Water ran out. Power failed. Phones died. Roads were mined. "
            "Food was short. Nobody could leave. Later, his body was found in a ditch; he had been shot.")
    assert ("killing", "Motyzhyn") in {(m.type, m.place.name) for m in extract(text) if m.place}


def test_bind_a_man_shot_counts_one(extract: Extract) -> None:
    [m] = [m for m in extract("In Bohdanivka, a soldier shot a man in his yard.") if m.type == "killing"]
    assert (m.count, m.qualifier) == (1, "exact") and m.count_span is not None


def test_bind_victims_named_one_by_one_are_counted(extract: Extract) -> None:
    ms = extract("In Motyzhyn, soldiers killed the farmer, his wife and their daughter.")
    [m] = [m for m in ms if m.type == "killing"]
    assert m.count == 3 and m.count_span.text == "the farmer, his wife and their daughter"


def test_bind_surname_in_a_full_name_is_no_place_anywhere(extract: Extract) -> None:
    ms = extract("Governor Viacheslav Chaus visited Yahidne. Soldiers held 300 people in the school "
                 "basement there, Chaus said.")
    assert "Chaus" not in _places(ms)


def test_bind_paragraph_keeps_its_place_however_long(extract: Extract) -> None:
    text = ("Soldiers confined residents of Yahidne in the school basement. It was cold. It was dark. "
            "Food ran out. Water ran out. Candles went out. Nobody slept. Ten elderly detainees died.")
    assert ("killing", "Yahidne") in _pairs(extract(text))


def test_bind_floor_area_does_not_widen_to_the_oblast(extract: Extract) -> None:
    ms = extract("Soldiers held 300 residents of Yahidne in a school basement with a floor area of 200 "
                 "square metres. Ten detainees died there.")
    assert ("killing", "Chernihiv Oblast") not in _pairs(ms)


def test_bind_toll_in_ukraine_goes_to_no_place(extract: Extract) -> None:
    ms = extract("Shells hit a school in Kharkiv. In May the Office verified 174 civilian deaths in Ukraine.")
    assert ("killing", "Kharkiv") not in _pairs(ms)


def test_bind_people_evacuated_from_a_village_were_attacked_there(extract: Extract) -> None:
    ms = extract("A drone attacked a car evacuating residents from Velyka Pysarivka, killing the driver.")
    assert ("killing", "Velyka Pysarivka") in _pairs(ms)


def test_bind_one_figure_over_many_regions_is_no_incident(extract: Extract) -> None:
    ms = extract("Police said the bodies of 868 civilians were found in the Kyiv, Kharkiv, Donetsk and "
                 "Kherson regions.")
    assert ms == [] or all(m.place is None or m.place.level != "admin1" for m in ms)


def test_bind_place_basis_sentence_when_named_beside_the_act(extract: Extract) -> None:
    ms = extract("Russian soldiers shot two civilians in Izium on Monday.")
    assert {m.place_basis for m in ms if m.type == "killing"} == {"sentence"}


def test_bind_place_basis_focus_when_carried_from_the_paragraph(extract: Extract) -> None:
    ms = extract("Investigators arrived in Hrakove, Chuhuiv district, last week. "
                 "They say soldiers beat the detained men with rifle butts.")
    torture = [m for m in ms if m.type == "torture"]
    assert torture and {m.place_basis for m in torture} == {"focus"}


def test_bind_during_the_occupation_takes_the_stated_period(extract: Extract) -> None:
    text = ("Russian forces occupied Izium from March to September 2022.\n\n"
            "Residents said soldiers tortured detainees in a school basement during the occupation.")
    (m,) = [m for m in extract(text) if m.type == "torture"]
    assert m.date == DateValue(date(2022, 3, 1), date(2022, 9, 30), "range")
    assert m.date_span is not None
    assert text[m.date_span.start : m.date_span.end] == "from March to September 2022"


def test_bind_during_the_occupation_without_a_stated_period_is_undated(extract: Extract) -> None:
    (m,) = [m for m in extract("Residents of Izium said soldiers tortured detainees during the occupation.")
            if m.type == "torture"]
    assert m.date is None


UN_STYLE = (
    "I. Introduction\n\n"
    "1. The mission interviewed victims and witnesses in Kyiv, Dnipro and Uzhhorod.\n\n"
    "II. Killings of civilians\n\n"
    "2. The mission documented the killing of 73 civilians in Bucha in March 2022.\n\n"
    "III. Arbitrary detention\n\n"
    "3. Civilians were held in the premises of a police station in the Kherson region.\n\n"
    "4. Detainees said they were beaten and given electric shocks during interrogations.\n"
)


def test_bind_section_heading_does_not_carry_the_last_sections_place(extract: Extract) -> None:
    assert _places(extract(UN_STYLE)) == {"Bucha", "Kherson Oblast"}


def test_bind_numbered_paragraph_goes_on_with_its_sections_case(extract: Extract) -> None:
    assert ("torture", "Kherson Oblast") in _pairs(extract(UN_STYLE))


def test_bind_prisoners_of_war_held_are_no_detention(extract: Extract) -> None:
    ms = extract("Russian forces held the captured Ukrainian servicemen in a basement in Izium.")
    assert "detention" not in {m.type for m in ms}


def test_bind_civilians_held_with_prisoners_of_war_are_detention(extract: Extract) -> None:
    ms = extract("Russian forces held civilians and prisoners of war in a basement in Izium.")
    assert ("detention", "Izium") in _pairs(ms)


def test_bind_village_of_a_and_city_of_b_gives_both(extract: Extract) -> None:
    ms = extract("Torture chambers were discovered in the village of Hrakove and the city of Vovchansk.")
    assert {("torture", "Hrakove"), ("torture", "Vovchansk")} <= _pairs(ms)
# --- the attachment gold set (tests/extract/gold/attachment.json) --------------------------------


@pytest.fixture(scope="module")
def attach_scores(extract: Extract) -> dict[str, object]:
    """Each gold text through the full Extractor: which (type, place) pairs it yields, and the
    count each matched pair carries (a pair's count: any of its mentions that has one)."""
    gold = Path(__file__).with_name("gold")
    items = json.loads((gold / "attachment.json").read_text(encoding="utf-8"))["items"]
    tp = fp = fn = counts_ok = 0
    errors = []
    for item in items:
        got: dict[tuple[str, str], int | None] = {}
        for m in extract(item["text"]):
            if m.place is not None and got.get((m.type, m.place.name)) is None:
                got[(m.type, m.place.name)] = m.count
        want = {(t, p): c for t, p, c in item["expect"]}
        for pair, count in want.items():
            if pair not in got:
                fn += 1
                errors.append(("missed", pair, item["text"]))
            else:
                tp += 1
                counts_ok += got[pair] == count
                if got[pair] != count:
                    errors.append((f"count {got[pair]} for {count}", pair, item["text"]))
        fp += len(set(got) - set(want))
        errors += [("false", pair, item["text"]) for pair in set(got) - set(want)]
    scores = {"items": items, "errors": errors, "precision": tp / (tp + fp), "recall": tp / (tp + fn),
              "counts": counts_ok / tp}
    print(f"\nattachment: (type, place) P {scores['precision']:.3f} R {scores['recall']:.3f}, "
          f"counts {counts_ok}/{tp} matched pairs ({scores['counts']:.3f})")
    return scores


def _attach_floors() -> dict[str, float]:
    path = Path(__file__).with_name("gold") / "floors.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))["attachment"])


def test_bind_gold_attachment_set_is_large_enough(attach_scores: dict) -> None:
    items = attach_scores["items"]
    assert len(items) >= 50 and sum(not i["expect"] for i in items) >= 5


def test_bind_gold_type_place_precision_recall_hold_floor(attach_scores: dict) -> None:
    floors = _attach_floors()
    assert attach_scores["precision"] >= floors["precision"], attach_scores["errors"]
    assert attach_scores["recall"] >= floors["recall"], attach_scores["errors"]


def test_bind_gold_counts_of_matched_pairs_hold_floor(attach_scores: dict) -> None:
    assert attach_scores["counts"] >= _attach_floors()["count_accuracy"], attach_scores["errors"]


def test_bind_figure_over_two_places_is_given_to_neither(extract: Extract) -> None:
    ms = extract("At least 458 civilians were killed in Bucha and Irpin, officials said.")
    assert _pairs(ms) == {("killing", "Bucha"), ("killing", "Irpin")}
    assert {m.count for m in ms} == {None}


def test_bind_outlet_read_as_a_person_keeps_the_city(extract: Extract) -> None:
    # the model reads "Suspilne Kharkiv" as a person; Kharkiv must stay a place elsewhere
    ms = extract("A guided bomb struck a clinic in Ukraine’s Kharkiv on Monday, a doctor told "
                 "Suspilne Kharkiv. Kharkiv Oblast Police said four patients were hurt.")
    assert _places(ms) == {"Kharkiv"}


def test_bind_stamped_kyiv_dateline_is_no_act_place(extract: Extract) -> None:
    ms = extract(" date 2025-05-02 KYIV: Twelve civilians were killed when a missile hit a market in "
                 "the city of Sumy on Friday.")
    assert _places(ms) == {"Sumy"}


def test_bind_regional_head_speaks_for_the_story_town(extract: Extract) -> None:
    ms = extract("A missile hit homes in Kryvyi Rih on Friday. \u201cTwenty apartment blocks were "
                 "destroyed,\u201d Dnipropetrovsk regional head Serhiy Lysak said.")
    assert _places(ms) == {"Kryvyi Rih"}


def test_bind_act_after_several_regions_named_has_no_place(extract: Extract) -> None:
    ms = extract("Russian troops left the villages of Kyiv, Chernihiv and Sumy regions in April. "
                 "The retreat revealed what the occupiers had done. They looted shops and tortured "
                 "residents.")
    assert ms == []


def test_bind_only_settlement_of_the_report_stays_its_topic(extract: Extract) -> None:
    ms = extract("Soldiers held nine men in a cellar in Nova Basan for three weeks. "
                 "One was a teacher. Another was a farmer. A third had come to visit. "
                 "They were given water once a day. The cellar had no light. "
                 "Nobody knew where they were. Guards beat them with rifle butts every night.")
    assert ("torture", "Nova Basan") in _pairs(ms)
    assert ("torture", "Chernihiv Oblast") not in _pairs(ms)


def test_bind_bracketed_release_dateline_is_no_act_place(extract: Extract) -> None:
    ms = extract("(Kyiv, May 2, 2023) – Soldiers held four farmers in a cellar in Kapytolivka for a week, "
                 "a rights group said.")
    assert _places(ms) == {"Kapytolivka"}


def test_bind_another_torture_chamber_in_the_oblast_is_the_village_named(extract: Extract) -> None:
    ms = extract("Police found another torture chamber in the liberated Kharkiv Oblast. In the village "
                 "of Pisky-Radkivski, soldiers beat and tortured the men they held in a cellar.")
    assert ("torture", "Kharkiv Oblast") not in _pairs(ms)
    assert ("torture", "Pisky-Radkivski") in _pairs(ms)


def test_bind_place_defined_after_a_dash_is_no_dateline(extract: Extract) -> None:
    ms = extract("Motyzhyn \u2014 a village west of Kyiv \u2014 lost seven residents.\n"
                 "Soldiers shot two women at a checkpoint there.")
    assert ("killing", "Motyzhyn") in _pairs(ms)
