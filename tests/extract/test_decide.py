"""Tests for svidok.extract.decide: report-level decisions on acts (full pipeline)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from svidok.extract import decide
from svidok.model import Mention

Extract = Callable[..., list[Mention]]


def _types(mentions: list[Mention]) -> set[str]:
    return {m.type for m in mentions}


def test_decide_missing_under_rubble_is_no_disappearance(extract: Extract) -> None:
    ms = extract("A Russian missile hit a shopping centre in Kharkiv on Saturday, killing 12 people. "
                 "Nine more are still missing as rescuers clear the debris.")
    assert "disappearance" not in _types(ms) and "attack_civilian_objects" in _types(ms)


def test_decide_missing_after_a_strike_alone_is_no_disappearance(extract: Extract) -> None:
    ms = extract("The occupiers' shelling destroyed a block of flats in Dnipro on Friday, the governor said. "
                 "Eleven residents are still missing.")
    assert "disappearance" not in _types(ms)


def test_decide_missing_after_an_abduction_stays_a_disappearance(extract: Extract) -> None:
    ms = extract("Russian soldiers abducted the village head of Velykyi Burluk in March. "
                 "Three months later he is still missing, his family said.")
    assert "disappearance" in _types(ms)


def test_decide_attack_on_prisoners_of_war_is_no_attack_on_civilian_objects(extract: Extract) -> None:
    ms = extract("Dozens of Ukrainian prisoners of war died in an explosion at the barracks of the "
                 "Olenivka colony, which Kyiv called a deliberate attack.")
    assert "attack_civilian_objects" not in _types(ms)


def test_decide_attack_on_a_village_with_soldiers_named_stays(extract: Extract) -> None:
    ms = extract("Russian soldiers shelled the village of Hroza, destroying the shop and killing residents.")
    assert "attack_civilian_objects" in _types(ms)


def test_decide_tally_since_the_invasion_is_nationwide() -> None:
    text = "At least 90 prisoners were killed since the start of the full-scale war."
    assert decide.NATIONWIDE.search(text)


def test_decide_in_the_area_does_not_widen_to_the_region(annotate: Callable[..., Doc]) -> None:
    assert not decide.whole_region(next(annotate("Soldiers asked about weapons kept in the area.").sents))
    assert decide.whole_region(next(annotate("Shelling went on in the region all night.").sents))


def test_decide_thousands_of_ukrainians_is_the_countrys_tally() -> None:
    assert decide.NATIONWIDE.search("At least 19,453 Ukrainian children have been deported to Russia.")
    assert not decide.NATIONWIDE.search("Soldiers held 40 Ukrainian civilians in the school.")


def test_decide_prisoners_in_a_report_about_pows_are_no_civilians_held(extract: Extract) -> None:
    ms = extract("Russian soldiers executed four Ukrainian prisoners of war near Robotyne, a video shows. "
                 "Two soldiers shoot the prisoners at close range.")
    assert "detention" not in {m.type for m in ms}


def test_decide_since_the_commencement_of_the_war_is_nationwide() -> None:
    text = "Since the commencement of the Russia-Ukraine war, Russian forces have kidnapped many mayors."
    assert decide.NATIONWIDE.search(text)
