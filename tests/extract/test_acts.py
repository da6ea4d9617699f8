"""Tests for svidok.extract.acts: whether a matched cue is an alleged act, and of which type."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.tokens import Doc

from svidok.extract import decide
from svidok.extract.acts import judge
from svidok.extract.components import ACTS
from svidok.extract.taxonomy import load_taxonomy

Annotate = Callable[..., Doc]
GOLD = Path(__file__).with_name("gold")


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
# --- the act-assertion gold set (tests/extract/gold/act_assertion.json) ---------------------------


@pytest.fixture(scope="module")
def act_scores(annotate: Annotate) -> dict[str, object]:
    """Each gold sentence through the real pipeline and the act-assertion decision (decide.asserted:
    judge, then the bind-level act rules), scored as exact sets and per type."""
    items = json.loads((GOLD / "act_assertion.json").read_text(encoding="utf-8"))["items"]
    taxonomy = load_taxonomy()
    wrong, per_type = [], {}
    exact = neg_ok = negs = 0
    for item in items:
        doc = annotate(item["text"])
        sent = next(iter(doc.sents))
        acts, _ = decide.asserted(list(doc.spans[ACTS]), sent, taxonomy)
        got, want = {a.type for a in acts}, set(item["types"])
        exact += got == want
        if item["kind"] != "positive":
            negs += 1
            neg_ok += not got
        if got != want:
            wrong.append((item["text"], sorted(want), sorted(got)))
        for t in got | want:
            tp, fp, fn = per_type.get(t, (0, 0, 0))
            per_type[t] = (tp + (t in got and t in want), fp + (t in got and t not in want),
                           fn + (t in want and t not in got))
    tp, fp, fn = (sum(v[i] for v in per_type.values()) for i in range(3))
    scores = {"items": items, "wrong": wrong, "per_type": per_type,
              "sentence_accuracy": exact / len(items), "negative_accuracy": neg_ok / negs,
              "precision": tp / (tp + fp), "recall": tp / (tp + fn)}
    print(f"\nact assertion: {exact}/{len(items)} sentences exact ({scores['sentence_accuracy']:.3f}), "
          f"hard negatives {neg_ok}/{negs}, type P {scores['precision']:.3f} R {scores['recall']:.3f}")
    for t, (a, b, c) in sorted(per_type.items()):
        print(f"  {t:24} P {a / (a + b) if a + b else 1:.2f} R {a / (a + c) if a + c else 1:.2f}")
    return scores


def _floors() -> dict[str, float]:
    return dict(json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))["act_assertion"])


def test_acts_gold_covers_every_type_and_negative_kind(act_scores: dict) -> None:
    items = act_scores["items"]
    kinds = {i["kind"] for i in items}
    assert len(items) >= 80 and sum(i["kind"] != "positive" for i in items) * 2 >= len(items)
    assert {"generic", "legal", "planned", "denied", "hypothetical", "military", "sports", "country",
            "background"} <= kinds
    assert {t for i in items for t in i["types"]} == set(load_taxonomy().ids)


def test_acts_gold_sentence_accuracy_holds_floor(act_scores: dict) -> None:
    floors = _floors()
    assert act_scores["sentence_accuracy"] >= floors["sentence_accuracy"], act_scores["wrong"]
    assert act_scores["negative_accuracy"] >= floors["negative_accuracy"], act_scores["wrong"]


def test_acts_gold_type_precision_recall_hold_floor(act_scores: dict) -> None:
    floors = _floors()
    assert act_scores["precision"] >= floors["precision"], act_scores["wrong"]
    assert act_scores["recall"] >= floors["recall"], act_scores["wrong"]


def test_acts_grave_as_adjective_is_no_burial_site(annotate: Annotate) -> None:
    assert _judge(annotate, "The mission expressed grave concern about the reports.")[0] == set()


def test_acts_bodies_exhumed_without_signs_of_violence_are_no_killing(annotate: Annotate) -> None:
    assert _judge(annotate, "Police exhumed 30 bodies from graves in the forest.")[0] == {"burial_site"}


def test_acts_bodies_exhumed_with_gunshot_wounds_are_a_killing(annotate: Annotate) -> None:
    found = _judge(annotate, "Police exhumed 30 bodies with gunshot wounds from graves in the forest.")[0]
    assert found == {"burial_site", "killing"}


def test_acts_statement_about_a_kind_of_act_is_no_act(annotate: Annotate) -> None:
    assert _judge(annotate, "Looting is a war crime.")[0] == set()


def test_acts_arrest_by_ukrainian_police_is_no_detention(annotate: Annotate) -> None:
    assert _judge(annotate, "Ukrainian police detained a man suspected of spying.")[0] == set()


def test_acts_soldiers_killed_in_fighting_is_no_killing(annotate: Annotate) -> None:
    assert _judge(annotate, "Three soldiers were killed in fighting near the river.")[0] == set()


def test_acts_prisoners_of_war_shot_is_a_killing(annotate: Annotate) -> None:
    assert "killing" in _judge(annotate, "Soldiers shot two prisoners of war in the yard.")[0]


def test_acts_football_result_is_no_beating(annotate: Annotate) -> None:
    assert _judge(annotate, "Zorya beat Kolos 3-1 on Sunday.")[0] == set()


def test_acts_found_shot_is_a_killing(annotate: Annotate) -> None:
    assert _judge(annotate, "A man was found shot in his garden.")[0] == {"killing"}


def test_acts_heart_attack_is_no_attack(annotate: Annotate) -> None:
    assert "attack_civilian_objects" not in _judge(annotate, "He had a heart attack in March.")[0]


def test_acts_strike_on_hospital_grounds_is_attack_medical(annotate: Annotate) -> None:
    assert _judge(annotate, "A missile struck the grounds of the hospital.")[0] == {"attack_medical"}


def test_acts_ears_named_after_a_long_object_phrase_is_mutilation(annotate: Annotate) -> None:
    assert "mutilation" in _judge(annotate, "Soldiers cut off the old farmer's ears.")[0]


def test_acts_mock_execution_is_no_killing(annotate: Annotate) -> None:
    assert "killing" not in _judge(annotate, "He was subjected to a mock execution in the cellar.")[0]


def test_acts_what_residents_worry_about_has_not_happened(annotate: Annotate) -> None:
    assert _judge(annotate, "Residents worry that soldiers will detain activists in the cellar.")[0] == set()


def test_acts_attack_on_infrastructure_of_the_country_is_an_attack(annotate: Annotate) -> None:
    sentence = "Russia attacked the energy infrastructure of Ukraine in the Sumy region."
    assert _judge(annotate, sentence)[0] == {"attack_civilian_objects"}


def test_acts_taking_out_ones_own_phone_is_no_pillage(annotate: Annotate) -> None:
    assert "pillage" not in _judge(annotate, "The driver took out his phone to film the convoy.")[0]


def test_acts_posing_no_threat_is_no_threat(annotate: Annotate) -> None:
    assert _judge(annotate, "The villagers posed no threat to the soldiers.")[0] == set()


def test_acts_possible_mass_burials_are_speculation(annotate: Annotate) -> None:
    assert _judge(annotate, "Reporters saw traces of possible mass burials near the forest.")[0] == set()


def test_acts_gunshot_over_the_head_is_no_killing(annotate: Annotate) -> None:
    assert "killing" not in _judge(annotate, "Blindfolded, he felt the gunshot above his head.")[0]


def test_acts_forcibly_evicted_residents_are_deported(annotate: Annotate) -> None:
    found = _judge(annotate, "The occupiers forcibly evicted the residents of two villages.")[0]
    assert "deportation" in found


def test_acts_drones_shot_down_are_no_killing(annotate: Annotate) -> None:
    assert "killing" not in _judge(annotate, "Most of the drones were shot down over the city.")[0]


def test_acts_one_man_buried_under_rubble_is_no_burial_site(annotate: Annotate) -> None:
    assert "burial_site" not in _judge(annotate, "He was completely buried when the wall fell.")[0]


def test_acts_possible_list_of_acts_is_speculation(annotate: Annotate) -> None:
    found = _judge(annotate, "Residents feared possible abduction, torture and execution.")[0]
    assert not found & {"disappearance", "torture", "killing"}


def test_acts_phrase_holds_across_quotation_marks(annotate: Annotate) -> None:
    text = "The occupiers were forcibly \u201cevacuating\u201d the residents of the villages."
    found = _judge(annotate, text)[0]
    assert "deportation" in found


def test_acts_vow_to_punish_every_act_is_rhetoric(annotate: Annotate) -> None:
    found = _judge(annotate, "They will be punished for every life destroyed and mutilated by them.")[0]
    assert found == set()


def test_acts_threat_of_shelling_is_a_danger_not_an_act(annotate: Annotate) -> None:
    found = _judge(annotate, "Locals lived under the constant threat of shelling and torture.")[0]
    assert not found & {"attack_civilian_objects", "torture"}
