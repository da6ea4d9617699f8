"""Tests for svidok.extract.grammar: place roles, negation, hedges, denials, parties."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from svidok.extract import grammar

Annotate = Callable[..., Doc]


def _tok(doc: Doc, text: str) -> Token:
    return next(t for t in doc if t.text == text)


def _place(doc: Doc, text: str) -> Span:
    return next(p for p in doc.spans["places"] if p.text == text)


def _roles(annotate: Annotate, text: str) -> dict[str, str]:
    doc = annotate(text)
    return {p.text: grammar.place_role(p) for p in doc.spans["places"]}


def test_grammar_place_after_in_is_locative(annotate: Annotate) -> None:
    assert _roles(annotate, "Soldiers killed three civilians in Bucha.") == {"Bucha": "locative"}


def test_grammar_retreat_from_place_is_direction(annotate: Annotate) -> None:
    roles = _roles(annotate, "During the retreat from Kyiv, soldiers killed three civilians in Bucha.")
    assert roles == {"Kyiv": "direction", "Bucha": "locative"}


def test_grammar_distance_from_place_is_reference(annotate: Annotate) -> None:
    roles = _roles(annotate, "Soldiers detained ten civilians in a village 40 km from Odesa.")
    assert roles == {"Odesa": "reference"}


def test_grammar_towards_place_is_direction(annotate: Annotate) -> None:
    roles = _roles(annotate, "Soldiers moved towards Kherson and killed two men in Bucha.")
    assert roles["Kherson"] == "direction"


def test_grammar_mayor_of_place_is_role(annotate: Annotate) -> None:
    roles = _roles(annotate, "The mayor of Izium said soldiers killed two men in Bucha.")
    assert roles == {"Izium": "role", "Bucha": "locative"}


def test_grammar_unwrap_village_of_name(annotate: Annotate) -> None:
    doc = annotate("Soldiers killed two men in the village of Bucha.")
    assert grammar.unwrap(_place(doc, "Bucha").root).text == "village"


def test_grammar_negated_trigger(annotate: Annotate) -> None:
    doc = annotate("Soldiers did not kill the villagers.")
    assert grammar.negated(_tok(doc, "kill"))


def test_grammar_plain_trigger_not_negated(annotate: Annotate) -> None:
    doc = annotate("Soldiers killed the villagers.")
    assert not grammar.negated(_tok(doc, "killed"))


def test_grammar_may_have_been_is_hedged(annotate: Annotate) -> None:
    doc = annotate("The prisoners may have been tortured.")
    assert grammar.hedged(_tok(doc, "tortured"))


def test_grammar_plain_passive_not_hedged(annotate: Annotate) -> None:
    doc = annotate("The prisoners were tortured.")
    assert not grammar.hedged(_tok(doc, "tortured"))


def test_grammar_denied_under_deny(annotate: Annotate) -> None:
    doc = annotate("Russia denied shelling the hospital.")
    assert grammar.denied(_tok(doc, "shelling"))


def test_grammar_threatened_to_is_intended_only(annotate: Annotate) -> None:
    doc = annotate("The soldiers threatened to shoot them.")
    assert grammar.intended_only(_tok(doc, "shoot"))


def test_grammar_russian_accusation_detected(annotate: Annotate) -> None:
    doc = annotate("Moscow accused Ukrainian troops of shelling the hospital.")
    assert grammar.russian_accusation(_tok(doc, "shelling"))


def test_grammar_russian_troops_are_a_party(annotate: Annotate) -> None:
    doc = annotate("Russian troops shelled the town.")
    assert grammar.is_party(_tok(doc, "troops"))


def test_grammar_ukrainian_troops_are_not_the_party(annotate: Annotate) -> None:
    doc = annotate("Ukrainian troops entered the town.")
    assert not grammar.is_party(_tok(doc, "troops"))


def test_grammar_party_phrase_includes_modifier(annotate: Annotate) -> None:
    doc = annotate("Russian troops shelled the town.")
    a, b = grammar.party_phrase(_tok(doc, "troops"))
    assert doc[a:b].text == "Russian troops"


def test_grammar_subjects_of_conjoined_verb(annotate: Annotate) -> None:
    doc = annotate("The men were held and beaten.")
    assert [t.text for t in grammar.subjects(_tok(doc, "beaten"))] == ["men"]


def test_grammar_clause_verb_of_noun(annotate: Annotate) -> None:
    doc = annotate("Soldiers killed the villagers.")
    assert grammar.clause_verb(_tok(doc, "villagers")).text == "killed"


def test_grammar_tree_distance_to_self_is_zero(annotate: Annotate) -> None:
    doc = annotate("Soldiers killed the villagers.")
    tok = _tok(doc, "killed")
    assert grammar.tree_distance(tok, tok) == 0
    assert grammar.tree_distance(_tok(doc, "villagers"), tok) == 1


def test_grammar_place_in_regional_office_name_is_office(annotate: Annotate) -> None:
    roles = _roles(annotate, "The Kharkiv regional prosecutor's office said two men were shot in Hrakove.")
    office = next(k for k in roles if k.startswith("Kharkiv"))
    assert roles[office] == "office" and roles["Hrakove"] == "locative"


def test_grammar_police_in_region_is_office(annotate: Annotate) -> None:
    roles = _roles(annotate, "Police in the Donetsk region said a shell hit a school in Kramatorsk.")
    assert roles["Donetsk region"] == "office"


def test_grammar_investigators_from_city_is_origin(annotate: Annotate) -> None:
    roles = _roles(annotate, "Investigators from Kharkiv collected the bodies of civilians in Zaliznychne.")
    assert roles["Kharkiv"] == "origin"


def test_grammar_place_recalled_is_comparison(annotate: Annotate) -> None:
    roles = _roles(annotate, "The graves recalled the atrocities committed in towns such as Bucha.")
    assert roles["Bucha"] == "comparison"


def test_grammar_hyphen_based_group_is_outlet(annotate: Annotate) -> None:
    roles = _roles(annotate, "A Kyiv-based group documented the abductions in Melitopol.")
    assert roles["Kyiv"] == "outlet"


def test_grammar_capital_that_speaks_is_speaker(annotate: Annotate) -> None:
    roles = _roles(annotate, "Kyiv said Russian forces had executed four prisoners near Selydove.")
    assert roles["Kyiv"] == "speaker" and roles["Selydove"] != "speaker"


def test_grammar_place_near_another_place_is_reference(annotate: Annotate) -> None:
    roles = _roles(annotate, "The town of Bucha, near Kyiv, was occupied for a month.")
    assert roles["Kyiv"] == "reference" and roles["Bucha"] == "locative"


def test_grammar_see_of_a_cleric_is_origin(annotate: Annotate) -> None:
    roles = _roles(annotate, "Two monks were killed, said Metropolitan Hilarion of Donetsk.")
    assert roles["Donetsk"] == "origin"


def test_grammar_place_inside_a_destination_phrase_is_direction(annotate: Annotate) -> None:
    text = "Officials said the children were later transported to a hospital in occupied Crimea."
    roles = _roles(annotate, text)
    assert roles.get("Crimea") == "direction"


def test_grammar_goods_exported_to_a_place_is_direction(annotate: Annotate) -> None:
    assert _roles(annotate, "The occupiers export the stolen grain to Crimea.") == {"Crimea": "direction"}


def test_grammar_prison_people_are_taken_to_holds_them(annotate: Annotate) -> None:
    roles = _roles(annotate, "Hundreds of residents were taken to a prison in Olenivka.")
    assert roles.get("Olenivka") == "locative"


def test_grammar_front_sector_is_no_place_of_acts(annotate: Annotate) -> None:
    roles = _roles(annotate, "Brigades fighting in the Bakhmut sector discussed fire damage to the enemy.")
    assert roles == {"Bakhmut": "front"}


def test_grammar_where_someone_spoke_is_speaker(annotate: Annotate) -> None:
    roles = _roles(annotate, "Speaking in Kharkiv, the minister said soldiers killed two men in Bucha.")
    assert roles == {"Kharkiv": "speaker", "Bucha": "locative"}


def test_grammar_like_a_place_opening_a_sentence_is_comparison(annotate: Annotate) -> None:
    assert _roles(annotate, "Like Bucha, the village was occupied for a month.") == {"Bucha": "comparison"}


def test_grammar_places_like_a_place_are_examples_of_where(annotate: Annotate) -> None:
    assert _roles(annotate, "Soldiers tortured residents in places like Bucha.") == {"Bucha": "locative"}


def test_grammar_head_of_a_village_is_role_not_direction(annotate: Annotate) -> None:
    assert _roles(annotate, "Soldiers abducted the head of Hrakove.") == {"Hrakove": "role"}


def test_grammar_governor_is_an_oblast_office(annotate: Annotate) -> None:
    roles = _roles(annotate, "Kharkiv governor Oleh Syniehubov said the town was shelled.")
    assert roles["Kharkiv"] == "office"


def test_grammar_organisation_named_after_a_city_is_outlet(annotate: Annotate) -> None:
    roles = _roles(annotate, "The Kharkiv Human Rights Protection Group documented the case.")
    assert roles == {"Kharkiv": "outlet"}


def test_grammar_destination_after_the_carried_object_is_direction(annotate: Annotate) -> None:
    roles = _roles(annotate, "The occupiers deported the director of the museum from Kherson to Crimea.")
    assert roles == {"Kherson": "locative", "Crimea": "direction"}


def test_grammar_left_a_place_for_another_is_direction(annotate: Annotate) -> None:
    assert _roles(annotate, "Buses left Kupiansk for Kharkiv on Sunday.")["Kharkiv"] == "direction"


def test_grammar_office_that_acts_where_it_sits_is_locative(annotate: Annotate) -> None:
    roles = _roles(annotate, "The occupation authorities in Melitopol detained the city's mayor.")
    assert roles == {"Melitopol": "locative"}


def test_grammar_office_that_speaks_is_office(annotate: Annotate) -> None:
    roles = _roles(annotate, "Police in the Donetsk region said the town was shelled.")
    assert roles == {"Donetsk region": "office"}


def test_grammar_where_a_missile_was_launched_from_is_origin(annotate: Annotate) -> None:
    roles = _roles(annotate, "A missile launched from Crimea hit guest houses in Zatoka.")
    assert roles == {"Crimea": "origin", "Zatoka": "locative"}


def test_grammar_facility_named_after_its_oblast_is_no_place_of_acts(annotate: Annotate) -> None:
    roles = _roles(annotate, "Shells hit the Kherson regional clinical hospital.")
    assert list(roles.values()) == ["outlet"]


def test_grammar_region_after_a_named_village_is_reference(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Drones filmed the shooting near the village of Pyatykhatky, in Zaporizhzhia, in March.")
    roles = {p.text: grammar.place_role(p) for p in doc.spans["places"]}
    assert roles["Zaporizhzhia"] == "reference"


def test_grammar_outside_in_an_apposition_is_reference(annotate: Callable[..., Doc]) -> None:
    doc = annotate("She was held in Olenivka, the notorious prison outside Donetsk, for 100 days.")
    roles = {p.text: grammar.place_role(p) for p in doc.spans["places"]}
    assert roles["Donetsk"] == "reference"


def test_grammar_city_to_encircle_is_no_scene(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Units trying to encircle Kyiv entered the village at dawn.")
    assert grammar.place_role(doc.spans["places"][0]) == "direction"


def test_grammar_recalling_in_a_yard_is_no_comparison(annotate: Callable[..., Doc]) -> None:
    doc = annotate("He recalls it in the yard of his house in Motyzhyn.")
    assert grammar.place_role(doc.spans["places"][0]) == "locative"


def test_grammar_in_a_named_community_is_its_centre(annotate: Callable[..., Doc]) -> None:
    doc = annotate("In the Dunaivtsi community, two houses were destroyed.")
    assert grammar.place_role(doc.spans["places"][0]) == "locative"


def test_grammar_the_city_area_is_its_vicinity(annotate: Callable[..., Doc]) -> None:
    doc = annotate("Villagers in the Mykolaiv area said soldiers threatened them.")
    assert grammar.place_role(doc.spans["places"][0]) == "vicinity"


def test_grammar_probably_is_a_hedge(annotate: Callable[..., Doc]) -> None:
    doc = annotate("The wounds showed that he was probably tortured.")
    assert grammar.hedged(next(t for t in doc if t.lower_ == "tortured"))


def test_grammar_regional_administration_of_a_city_is_an_office(annotate: Callable[..., Doc]) -> None:
    doc = annotate("A report by the regional administration of Chernihiv described the looting.")
    assert grammar.place_role(doc.spans["places"][0]) == "office"

