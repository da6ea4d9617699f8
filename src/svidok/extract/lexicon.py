"""Word lists the extraction components share. Lemmas, lower case."""

from __future__ import annotations

# Nouns that name the people an act was done to; a count must attach to one of these.
VICTIM_NOUNS = frozenset(
    """civilian people person resident man woman child kid boy girl prisoner captive detainee hostage body
    corpse victim local villager inhabitant family elderly teenager teen ukrainian soldier pow patient doctor
    nurse medic worker volunteer journalist priest farmer neighbor neighbour individual citizen student pupil
    teacher infant baby mother father son daughter wife husband pensioner adult minor fisherman driver
    passenger survivor hostage detainee dead innocent shopper customer commuter refugee evacuee relative
    youngster toddler grandmother grandfather serviceman servicemen servicewoman defender fighter guard
    monk nun employee""".split()
)

# Nouns that are not victims: a number on them is never a victim count.
NON_VICTIM_UNITS = frozenset(
    """cell day week month year hour minute kilometre kilometer km mile meter metre grave chamber room site
    team time percent dollar hryvnia ruble rouble euro square floor house home building village town city
    tank shell missile rocket drone basement center centre camp bed""".split()
)

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
}

# ACLED's conservative readings of vague plurals.
VAGUE_COUNTS = {
    "dozens": (12, "at_least"),
    "hundreds": (100, "at_least"),
    "thousands": (1000, "at_least"),
    "scores": (20, "at_least"),
}

QUALIFIER_BEFORE = {
    ("at", "least"): "at_least",
    ("more", "than"): "at_least",
    ("over",): "at_least",
    ("upwards", "of"): "at_least",
    ("no", "fewer", "than"): "at_least",
    ("not", "less", "than"): "at_least",
    ("no", "less", "than"): "at_least",
    ("in", "excess", "of"): "at_least",
    ("up", "to"): "at_most",
    ("as", "many", "as"): "at_most",
    ("at", "most"): "at_most",
    ("no", "more", "than"): "at_most",
    ("fewer", "than"): "at_most",
    ("less", "than"): "at_most",
    ("about",): "about",
    ("around",): "about",
    ("some",): "about",
    ("nearly",): "about",
    ("almost",): "about",
    ("roughly",): "about",
    ("approximately",): "about",
    ("an", "estimated"): "about",
    ("close", "to"): "about",
    ("an", "estimate", "of"): "about",
    ("estimated",): "about",
}

SAY_VERBS = frozenset(
    """say tell report state write add note claim announce confirm allege recount recall describe explain
    testify insist warn post accuse""".split()
)

# Heads of speaker phrases and what kind of source they are.
SOURCE_KINDS = {
    "official": """official mayor governor prosecutor police president minister ministry head chairman
        spokesman
        spokeswoman spokesperson adviser advisor commissioner ombudsman office administration council
        government authority authorities chief commander sbu service department deputy secretary embassy
        consulate ambassador""".split(),
    "witness": """witness resident local villager survivor neighbor neighbour woman man mother father wife
        husband daughter son ex-prisoner prisoner fisherman farmer teacher pensioner""".split(),
    "journalist": """journalist reporter correspondent cnn bbc reuters ap afp""".split(),
    "investigator": """investigator prosecutor observer monitor un mission hrw amnesty expert
        inspector""".split(),
    "agency": """agency ministry service office organisation organization committee watch
        cross""".split(),
}

# Words that name a party to the conflict; the perpetrator must be one of these.
PARTY_HEADS = frozenset(
    """troop force soldier military army occupier occupant invader russian russians militant
    mercenary wagner kadyrovite paratrooper unit brigade battalion commander fsb guard russia men""".split()
)
PARTY_MODIFIERS = frozenset("russian russia putin moscow kremlin chechen wagner occupying enemy".split())

# Verbs of movement: a place governed by these with from/towards is not where an act happened.
MOVEMENT_LEMMAS = frozenset(
    """retreat withdraw advance flee push move head march drive evacuate escape leave transfer deport
    relocate send bring take transport ship""".split()
)
DIRECTION_PREPS = frozenset("towards toward to from into".split())
# Nouns of office: "mayor of Izyum" names a person's role, still usable as story focus.
ROLE_NOUNS = frozenset(
    """mayor governor head chairman chief prosecutor police council administration department
    office spokesman adviser commander deputy official""".split()
)
HEDGE_LEMMAS = frozenset("may might could would should if whether".split())
DENY_LEMMAS = frozenset("deny refute dismiss reject".split())
# Anaphora that keep the story's current settlement in focus.
FOCUS_ANAPHORA = frozenset("here city town village settlement locals local".split())
# Office holders named in the news: their names are public, not protected witness identities.
PUBLIC_FIGURES = frozenset(
    """putin zelensky zelenskiy zelenskyy lavrov shoigu peskov biden guterres kuleba yermak podolyak
    podoliak kostin venediktova klymenko syniehubov terekhov strelnikov gerashchenko kadyrov prigozhin
    medvedev kyrylenko synehubov markushyn fedoruk bolvinov lubinets tarnavskyi kim""".split()
)
