"""svidok.extract.multi.acts: cues on lemmas, and whether the sentence asserts them."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from svidok.extract.multi.acts import judge_for


def _acts(doc: Doc, party: bool = True) -> set[str]:
    judge = judge_for(doc.lang_)
    out: set[str] = set()
    for sent in doc.sents:
        cues = [c for c in doc.spans["acts"] if sent.start <= c.start < sent.end]
        acts, _ = judge.judge(cues, party)
        out |= {a.type for a in acts}
    return out


def test_acts_cues_match_inflected_forms(ml_annotate: Callable[..., Doc]) -> None:
    assert _acts(ml_annotate("В Ізюмі окупанти катували двох чоловіків.", "uk")) == {"torture"}
    assert _acts(ml_annotate("В Изюме оккупанты расстреляли трех мирных жителей.", "ru")) == {"killing"}
    assert _acts(ml_annotate("W Buczy Rosjanie zamordowali cywilów.", "pl")) == {"killing"}


def test_acts_negated_cue_is_not_asserted(ml_annotate: Callable[..., Doc]) -> None:
    assert _acts(ml_annotate("Мешканців села окупанти не катували. Загиблих немає.", "uk")) == set()


def test_acts_legal_boilerplate_names_a_charge(ml_annotate: Callable[..., Doc]) -> None:
    text = ("Розпочато досудове розслідування за фактом порушення законів та звичаїв війни, поєднаного з "
            "умисним вбивством (ч. 2 ст. 438 ККУ).")
    assert _acts(ml_annotate(text, "uk")) == set()


def test_acts_threat_to_kill_is_a_threat(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Окупанти погрожували розстріляти всіх чоловіків села.", "uk")
    assert _acts(doc) == {"threat"}


def test_acts_conditional_killing_in_a_quote_is_a_threat(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Вони сказали: якщо підеш до школи, розстріляємо.", "uk")
    assert _acts(doc) == {"threat"}


def test_acts_shelling_of_homes_is_an_attack_on_civilian_objects(ml_annotate: Callable[..., Doc]) -> None:
    assert _acts(ml_annotate("Окупанти обстріляли житлові будинки в Куп'янську.", "uk")) == {
        "attack_civilian_objects"}


def test_acts_strike_on_a_hospital_is_an_attack_on_medicine(ml_annotate: Callable[..., Doc]) -> None:
    assert "attack_medical" in _acts(ml_annotate("Російський дрон атакував лікарню в Сумах.", "uk"))


def test_acts_destroyed_military_equipment_is_no_attack(ml_annotate: Callable[..., Doc]) -> None:
    assert _acts(ml_annotate("ЗСУ знищили танк і склад боєприпасів противника.", "uk")) == set()


def test_acts_report_without_a_party_asserts_nothing(ml_annotate: Callable[..., Doc]) -> None:
    assert _acts(ml_annotate("У Харкові чоловік убив сусіда під час сварки.", "uk"), party=False) == set()


def test_acts_prisoner_exchange_is_no_detention(ml_annotate: Callable[..., Doc]) -> None:
    assert _acts(ml_annotate("Внаслідок обміну з полону повернулися 50 захисників.", "uk")) == set()


def test_acts_weak_cue_needs_its_victim(ml_annotate: Callable[..., Doc]) -> None:
    assert _acts(ml_annotate("Окупанти вивезли з музею картини та зерно до Криму.", "uk")) == {"pillage"}
    assert _acts(ml_annotate("Окупанти примусово вивезли 15 дітей до Росії.", "uk")) == {"deportation"}


def test_acts_mock_execution_is_a_threat_not_a_killing(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Окупанти влаштовували імітацію розстрілу для місцевих жителів.", "uk")
    assert _acts(doc) == {"threat"}
    assert _acts(ml_annotate("Los soldados rusos hicieron simulacros de ejecución.", "es")) == {"threat"}


def test_acts_hedged_killing_with_a_source_is_no_threat(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Поліція повідомляє, що окупанти, ймовірно, застрелили літнього чоловіка.", "uk")
    assert "threat" not in _acts(doc)


def test_acts_taking_goods_is_no_abduction_or_deportation(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Окупанти викрали з ангару агрофірми два трактори й комбайн.", "uk")
    assert _acts(doc) == {"pillage"}
    doc = ml_annotate("Окупанти вивезли із села три вантажівки зерна.", "uk")
    assert _acts(doc) == {"pillage"}


def test_acts_abducted_official_is_a_disappearance(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Окупанти викрали старосту та вивезли його в невідоме місце.", "uk")
    assert "disappearance" in _acts(doc)


def test_acts_imperfective_shooting_and_taking(ml_annotate: Callable[..., Doc]) -> None:
    assert "killing" in _acts(ml_annotate("Задержанных по ночам выводили во двор и расстреливали.", "ru"))
    assert "pillage" in _acts(ml_annotate("Солдаты забирают у пенсионеров телевизоры и деньги.", "ru"))


def test_acts_threatened_abduction_is_no_abduction(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Военные требовали ключи от склада, угрожая тем, что похитят сына директора.", "ru")
    assert "disappearance" not in _acts(doc)


def test_acts_grain_taken_away_is_no_disappearance(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Викрадене зерно окупанти вивезли у невідомому напрямку.", "uk")
    assert "disappearance" not in _acts(doc)


def test_acts_burial_and_medical_synonyms(ml_annotate: Callable[..., Doc]) -> None:
    assert "burial_site" in _acts(ml_annotate("Біля села знайшли масове захоронення цивільних.", "uk"))
    assert "attack_medical" in _acts(ml_annotate("Оккупанты обстреляли лечебное учреждение.", "ru"))
    assert "pillage" in _acts(ml_annotate("Оккупанты увезли с фермы комбайн и два трактора.", "ru"))


def test_acts_at_gunpoint_is_no_intent(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Угрожая автоматом, оккупанты забрали у фермера трактор и деньги.", "ru")
    assert {"pillage", "threat"} <= _acts(doc)


def test_acts_children_taken_without_belongings_is_no_pillage(ml_annotate: Callable[..., Doc]) -> None:
    assert "pillage" not in _acts(ml_annotate("Пациентов увозили ночью без вещей и документов.", "ru"))


def test_acts_genital_mutilation_is_sexual_violence(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Експерти встановили, що полоненому чоловікові відрізали геніталії.", "uk")
    assert "sexual_violence" in _acts(doc)
    assert "sexual_violence" in _acts(ml_annotate("Пленного мужчину кастрировали.", "ru"))


def test_acts_pillage_object_late_in_the_clause(ml_annotate: Callable[..., Doc]) -> None:
    text = "Окупанти викрали з елеватора агрофірми, що стоїть на в'їзді до міста, кількасот тонн пшениці."
    assert _acts(ml_annotate(text, "uk")) == {"pillage"}


def test_acts_german_compound_names_torture(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("In Wowtschansk haben die Besatzer einen Folterraum eingerichtet.", "de")
    assert _acts(doc) == {"torture"}


def test_acts_a_dog_shot_is_no_killing(ml_annotate: Callable[..., Doc]) -> None:
    assert _acts(ml_annotate("У Бучі окупанти застрелили його вівчарку.", "uk")) == set()
