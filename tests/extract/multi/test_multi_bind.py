"""svidok.extract.multi.bind: non-English Docs into Mentions, with spans into the original text."""

from __future__ import annotations

from collections.abc import Callable

from conftest import found
from svidok.model import Mention

RELEASE = """На Харківщині окупанти катували мешканців села

ХАРКІВ, 20 вересня. Прокуратура Харківської області повідомила про нові злочини російських військових.

За даними слідства, у березні окупанти незаконно утримували в підвалі школи в селі Гракове щонайменше \
12 цивільних. Людей били та катували струмом.

Крім того, 5 вересня під час обстрілу Куп’янська загинули троє мирних жителів, ще п’ятеро дістали поранення.

Мешканка села розповіла, що її сина окупанти вивезли до Росії.

Читайте також:
У Бучі знайшли нове масове поховання
"""


def test_bind_acts_go_to_their_own_places(ml_extract: Callable[..., list[Mention]]) -> None:
    got = found(ml_extract(RELEASE, "uk"))
    assert {("detention", "Hrakove"), ("torture", "Hrakove"), ("killing", "Kupiansk"),
            ("attack_civilian_objects", "Kupiansk")} <= got


def test_bind_the_village_word_brings_back_the_village(ml_extract: Callable[..., list[Mention]]) -> None:
    # "мешканка села" after Kupiansk was named: the village of the story, not the town
    assert ("deportation", "Hrakove") in found(ml_extract(RELEASE, "uk"))


def test_bind_headline_office_and_teasers_hold_no_act(ml_extract: Callable[..., list[Mention]]) -> None:
    places = {p for _, p in found(ml_extract(RELEASE, "uk"))}
    assert "Kharkiv Oblast" not in places and "Bucha" not in places


def test_bind_counts_with_qualifiers_and_not_the_wounded(ml_extract: Callable[..., list[Mention]]) -> None:
    by = {(m.type, m.place.name if m.place else ""): m for m in ml_extract(RELEASE, "uk")}
    assert (by[("detention", "Hrakove")].count, by[("detention", "Hrakove")].qualifier) == (12, "at_least")
    assert by[("killing", "Kupiansk")].count == 3


def test_bind_a_victim_named_in_the_singular_counts_one(ml_extract: Callable[..., list[Mention]]) -> None:
    ms = ml_extract("В Ізюмі окупанти розстріляли чоловіка та жінку.", "uk")
    assert [(m.type, m.count) for m in ms] == [("killing", 2)]
    ms = ml_extract("У Бучі російські військові застрелили чоловіка.", "uk")
    assert [(m.type, m.count) for m in ms] == [("killing", 1)]


def test_bind_a_toll_in_occupied_territories_has_no_place(ml_extract: Callable[..., list[Mention]]) -> None:
    text = ("Окупанти вивезли з Херсона до Криму 40 дітей. "
            "На тимчасово окупованих територіях окупанти вбили сотні людей.")
    assert {t for t, _ in found(ml_extract(text, "uk"))} == {"deportation"}


def test_bind_spans_point_into_the_original_text(ml_extract: Callable[..., list[Mention]]) -> None:
    ms = ml_extract(RELEASE, "uk")
    assert ms
    for m in ms:
        for span in (m.evidence, m.trigger, m.place_span, m.count_span, m.date_span, *m.persons):
            if span is not None:
                assert RELEASE[span.start:span.end] == span.text


def test_bind_dates_and_perpetrators_from_the_sentence(ml_extract: Callable[..., list[Mention]]) -> None:
    by = {(m.type, m.place.name if m.place else ""): m for m in ml_extract(RELEASE, "uk")}
    killing = by[("killing", "Kupiansk")]
    assert killing.date is not None and killing.date.start.isoformat() == "2022-09-05"
    assert by[("detention", "Hrakove")].perpetrator == "окупанти"


def test_bind_russian_report_end_to_end(ml_extract: Callable[..., list[Mention]]) -> None:
    text = ("В Изюме оккупанты удерживали в подвале полиции около 30 человек, их избивали и пытали током. "
            "В соседнем селе Каменка российские военные похитили двоих мужчин, их судьба неизвестна.")
    got = found(ml_extract(text, "ru"))
    assert {("detention", "Izium"), ("torture", "Izium"), ("disappearance", "Kamianka")} <= got


def test_bind_officials_of_several_towns_hold_the_act_but_no_focus(
        ml_extract: Callable[..., list[Mention]]) -> None:
    text = ("У полоні окупантів досі залишаються мер Балаклії та заступник Ізюмського міського голови.\n\n"
            "Окупанти також катують цивільних.")
    got = found(ml_extract(text, "uk"))
    assert {("detention", "Balakliia"), ("detention", "Izium")} <= got
    assert not {t for t, _ in got} & {"torture"}


def test_bind_official_of_a_town_within_the_oblast_named(ml_extract: Callable[..., list[Mention]]) -> None:
    got = found(ml_extract("На Харківщині військові РФ викрали очільника Балаклійської громади.", "uk"))
    assert got == {("disappearance", "Balakliia")}


def test_bind_unpunctuated_lead_after_the_headline_is_read(ml_extract: Callable[..., list[Mention]]) -> None:
    text = ("Посадовця вивезли в невідомому напрямку\n\nВійськові РФ забрали з дому й відтоді утримують "
            "заступника Балаклійського міського голови\n\nДеталі з'ясовує поліція.")
    assert {p for _, p in found(ml_extract(text, "uk"))} == {"Balakliia"}


def test_bind_city_and_its_oblast_both_hold_the_act(ml_extract: Callable[..., list[Mention]]) -> None:
    text = ("Следователи нашли в Николаеве и области подвалы, где российские военные пытали задержанных. "
            "Там людей били током.")
    got = found(ml_extract(text, "ru"))
    assert {("torture", "Mykolaiv"), ("torture", "Mykolaiv Oblast")} <= got


def test_bind_oblast_in_brackets_stays_context(ml_extract: Callable[..., list[Mention]]) -> None:
    text = "Ракета попала в магазин в селе Гракове (Харьковская область). Погибли трое жителей села."
    assert ("killing", "Kharkiv Oblast") not in found(ml_extract(text, "ru"))


def test_bind_population_of_the_oblast_widens_to_it(ml_extract: Callable[..., list[Mention]]) -> None:
    text = ("Оккупанты похитили мэра Балаклеи. Жителей этой области военные регулярно обыскивают. "
            "На выездах солдаты забирают у водителей машины и деньги.")
    got = found(ml_extract(text, "ru"))
    assert ("pillage", "Kharkiv Oblast") in got and ("pillage", "Balakliia") not in got


def test_bind_recalled_earlier_facts_are_read(ml_extract: Callable[..., list[Mention]]) -> None:
    text = ("У Балаклії окупанти катували мешканців у відділі поліції.\n\n"
            "Нагадаємо, раніше окупанти вбили трьох цивільних в Ізюмі.\n\nЧитайте також: У Бучі знайшли тіла")
    got = found(ml_extract(text, "uk"))
    assert ("killing", "Izium") in got and not {p for _, p in got} & {"Bucha"}


def test_bind_dateline_town_in_the_furniture_above_it_holds_no_act(
        ml_extract: Callable[..., list[Mention]]) -> None:
    text = ("Зерно вивозять до Криму\n\nКиїв • Агенція\n\nКИЇВ. 3 липня. Агенція. За даними ОВА, у цій "
            "області російські військові вкрали з елеваторів кілька тисяч тонн пшениці.")
    assert "Kyiv" not in {p for _, p in found(ml_extract(text, "uk"))}
