"""Tests for svidok.extract.acts: whether a matched cue is an alleged act, and of which type."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from svidok.extract.acts import judge
from svidok.extract.components import ACTS
from svidok.extract.taxonomy import load_taxonomy

Annotate = Callable[..., Doc]


def _judge(annotate: Annotate, sentence: str) -> tuple[set[str], set[str]]:
    """Types of the acts the (single) sentence alleges, and the types whose denial it reports."""
    doc = annotate(sentence)
    acts, denial = judge(list(doc.spans[ACTS]), load_taxonomy())
    return {a.type for a in acts}, denial


def test_acts_plain_killing_is_an_act(annotate: Annotate) -> None:
    assert _judge(annotate, "Soldiers killed two civilians.")[0] == {"killing"}


def test_acts_negated_killing_is_no_act(annotate: Annotate) -> None:
    assert _judge(annotate, "Soldiers did not kill the villagers.")[0] == set()


def test_acts_hedged_torture_is_no_act(annotate: Annotate) -> None:
    assert _judge(annotate, "The prisoners may have been tortured.")[0] == set()


def test_acts_denied_shelling_is_no_act(annotate: Annotate) -> None:
    assert _judge(annotate, "Russia denied shelling the hospital.")[0] == set()


def test_acts_denied_shelling_is_reported_as_denial(annotate: Annotate) -> None:
    assert "attack_medical" in _judge(annotate, "Russia denied shelling the hospital.")[1]


def test_acts_question_is_no_act(annotate: Annotate) -> None:
    assert _judge(annotate, "Did soldiers kill the villagers?")[0] == set()


def test_acts_threat_to_shoot_is_threat_not_killing(annotate: Annotate) -> None:
    assert _judge(annotate, "The soldiers threatened to shoot them.")[0] == {"threat"}


def test_acts_attack_on_military_target_is_no_act(annotate: Annotate) -> None:
    assert _judge(annotate, "Russian troops shelled a Ukrainian army position near the town.")[0] == set()


def test_acts_attack_on_hospital_is_attack_medical(annotate: Annotate) -> None:
    assert _judge(annotate, "Russian forces shelled the hospital.")[0] == {"attack_medical"}


def test_acts_attack_on_homes_is_attack_civilian_objects(annotate: Annotate) -> None:
    assert _judge(annotate, "Russian forces shelled homes and a school.")[0] == {"attack_civilian_objects"}


def test_acts_looted_medical_supplies_is_pillage(annotate: Annotate) -> None:
    assert _judge(annotate, "Soldiers looted medical supplies from the clinic.")[0] == {"pillage"}


def test_acts_took_their_cars_is_pillage(annotate: Annotate) -> None:
    assert _judge(annotate, "Soldiers took their cars.")[0] == {"pillage"}


def test_acts_children_taken_to_russia_is_deportation(annotate: Annotate) -> None:
    assert _judge(annotate, "The children were taken to Russia.")[0] == {"deportation"}


def test_acts_taking_people_nowhere_far_is_not_deportation(annotate: Annotate) -> None:
    assert "deportation" not in _judge(annotate, "Soldiers took the children to the school.")[0]


def test_acts_power_cut_off_is_not_mutilation(annotate: Annotate) -> None:
    assert _judge(annotate, "Power was cut off in the city.")[0] == set()


def test_acts_ears_cut_off_is_mutilation(annotate: Annotate) -> None:
    assert _judge(annotate, "Soldiers cut off his ears.")[0] == {"mutilation"}


def test_acts_generic_rhetoric_is_no_act(annotate: Annotate) -> None:
    assert _judge(annotate, "So many people have been murdered by the invaders.")[0] == set()


def test_acts_russian_accusation_is_no_act(annotate: Annotate) -> None:
    assert _judge(annotate, "Moscow accused Ukrainian troops of shelling the hospital.")[0] == set()


def test_acts_article_of_criminal_code_is_no_act(annotate: Annotate) -> None:
    found = _judge(annotate, "Proceedings were opened under the article on premeditated murder.")[0]
    assert "killing" not in found


def test_acts_kinds_of_war_crimes_are_no_act(annotate: Annotate) -> None:
    found = _judge(annotate, "The court hears war crimes such as torture and deportation.")[0]
    assert found == set()


def test_acts_threat_of_attacks_is_no_act(annotate: Annotate) -> None:
    found = _judge(annotate, "The embassy warned Americans about the threat of missile attacks in Kyiv.")[0]
    assert found == set()


def test_acts_deprived_of_liberty_is_detention(annotate: Annotate) -> None:
    assert "detention" in _judge(annotate, "Thirteen employees are being unlawfully deprived of liberty.")[0]


def test_acts_attack_on_the_country_is_the_war_not_an_act(annotate: Annotate) -> None:
    assert _judge(annotate, "The news that Russia had attacked Ukraine reached us at home.")[0] == set()


def test_acts_repelled_attacks_are_fighting(annotate: Annotate) -> None:
    assert _judge(annotate, "Ukrainian forces repelled 90 Russian attacks in the last day.")[0] == set()


def test_acts_other_detention_facilities_are_elsewhere(annotate: Annotate) -> None:
    sentence = "Similar cases have been documented in research on other detention facilities."
    assert _judge(annotate, sentence)[0] == set()


def test_acts_shelling_of_homes_is_still_an_attack(annotate: Annotate) -> None:
    assert _judge(annotate, "Russian forces shelled residential buildings overnight.")[0] == {
        "attack_civilian_objects"}


def test_acts_abuse_by_a_relative_is_no_party_act(annotate: Annotate) -> None:
    assert _judge(annotate, "The girl had been abused by her stepfather for years.")[0] == set()


def test_acts_permission_to_bury_is_no_burial_site(annotate: Annotate) -> None:
    sentence = "He asked the soldiers to allow him to bury the dead."
    assert "burial_site" not in _judge(annotate, sentence)[0]


def test_acts_mass_burial_found_is_a_burial_site(annotate: Annotate) -> None:
    assert "burial_site" in _judge(annotate, "A mass burial of civilians was also found near the town.")[0]


def test_acts_found_after_being_shot_is_a_killing(annotate: Annotate) -> None:
    sentence = "The three villagers had been thrown into a pit after being shot at close range."
    assert "killing" in _judge(annotate, sentence)[0]
