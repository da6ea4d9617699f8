"""Small syntactic helpers over spaCy tokens used when binding acts to their arguments."""

from __future__ import annotations

from spacy.tokens import Span, Token

from svidok.extract.lexicon import (
    DENY_LEMMAS,
    DIRECTION_PREPS,
    HEDGE_LEMMAS,
    MOVEMENT_LEMMAS,
    PARTY_HEADS,
    PARTY_MODIFIERS,
    ROLE_NOUNS,
    SAY_VERBS,
)

WRAPPERS = frozenset(
    "town village city settlement hamlet suburb region oblast area district outskirts".split()
)
_INTENT = frozenset(
    """threaten promise plan want try attempt intend vow allow permit ask beg fear worry expect
    anticipate""".split()
)
_RUSSIA = frozenset("russia moscow kremlin russian".split())
_REFERENCE = frozenset(
    "north south east west northeast northwest southeast southwest km kilometre kilometer "
    "mile highway road route between".split()
)


def depth(tok: Token) -> int:
    n = 0
    while tok.head.i != tok.i and n < 60:
        tok, n = tok.head, n + 1
    return n


def tree_distance(a: Token, b: Token) -> int:
    anc_a = [a, *a.ancestors]
    pos = {t.i: n for n, t in enumerate(anc_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in pos:
            return pos[t.i] + n
    return 99


def clause_verb(tok: Token) -> Token:
    """The nearest verb governing tok (tok itself when it is a verb)."""
    for t in [tok, *tok.ancestors]:
        if t.pos_ in ("VERB", "AUX"):
            return t
    return tok.sent.root


def unwrap(root: Token) -> Token:
    """'the village of Hrakove' -> 'village', so rules see the phrase's real role."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in WRAPPERS:
        return head.head
    return root


# Words after a place that make it part of an office's name ("Kharkiv Regional Administration",
# "the Sumy regional prosecutor's office", "Kherson's chief war crimes prosecutor").
_OFFICE = frozenset("""administration prosecutor prosecutors police council office department court
    governor authority authorities ombudsman mayor militia directorate ministry prosecution
    investigator investigators commissioner head""".split())
_OFFICE_FILLER = frozenset("""regional oblast city district military state 's ’s ' chief war crimes crime
    main national juvenile local raion civil civilian military-civil general patrol region
    municipal""".split())
# People sent from a place: "investigators from Kharkiv" work elsewhere.
_SENT_FROM = frozenset("""investigator official expert team volunteer police prosecutor reporter journalist
    rescuer doctor delegation officer specialist representative guest statement defender fighter soldier
    garrison""".split())
# A capital standing for its government: "Kyiv said", "both Moscow and Kyiv have accused".
_SPEAK = SAY_VERBS | frozenset("""deny investigate condemn demand blame call hope respond insist vow
    promise threaten urge reject dismiss""".split())
_MOVEMENT_NOUNS = frozenset("retreat withdrawal advance offensive march push drive move".split())
_PEOPLE_MOVED = frozenset("evacuate transfer deport relocate send bring take transport ship carry".split())
_CLERGY = frozenset("metropolitan archbishop bishop patriarch eparchy diocese".split())
_LIKENESS = frozenset("""recall remind echo resemble evoke compare comparable reminiscent similar
    mirror""".split())
# Where someone spoke: "speaking in Kharkiv", "at a briefing in Kyiv", "told reporters in Dnipro".
_SPOKE = frozenset("""speak briefing conference interview address speech summit forum reporter journalist
    press""".split())
# The end of a group's or organisation's name: "the Kharkiv Human Rights Protection Group".
_ORG_END = frozenset("""group center centre foundation initiative union association coalition network
    institute committee project fund society""".split())


def _office_after(span: Span) -> str | None:
    """'office' for a regional office ("Kharkiv Regional Administration"), 'role' for a town's own
    ("Kupiansk city council": it speaks for the town, so the town stays the story's topic)."""
    doc = span.doc
    regional = span.label_ == "admin1"
    for t in doc[span.end : span.end + 6]:
        word = t.lower_
        if word in _OFFICE or t.lemma_.lower() in _OFFICE:
            # a governor heads an oblast, whatever city its name shares ("Kharkiv governor")
            return "office" if regional or word == "governor" else "role"
        if word not in _OFFICE_FILLER and not (t.is_punct and word in ("'", "’")):
            return None
        regional = regional or word in ("regional", "oblast", "region", "state", "national")
    return None


# Verbs that carry people or goods away: where they are carried to is not where the act began
# ("deported the children to the occupied territory of Crimea", "exporting grain to Crimea").
# Not "bring": detainees brought to a colony are held there.
_CARRY_AWAY = frozenset("deport transport send transfer relocate export ship remove take".split())


_HELD_AT = frozenset("prison camp colony jail cell basement detention centre center facility".split())


def _carried_to(prep: Token) -> bool:
    """`prep` governs the place; is it, or a noun phrase that holds it ("to a hospital in occupied
    Crimea", "to the territory of Crimea"), where people or goods are carried away to? 'To' may
    also hang on the object of the carrying ("deported the director of the museum from Kherson
    to Crimea")."""
    to_seen = False
    for _ in range(4):
        gov = prep.head
        to_seen = to_seen or prep.lower_ in ("to", "into")
        if to_seen and gov.lemma_.lower() in _CARRY_AWAY and gov.pos_ == "VERB":
            return True
        if prep.lower_ not in ("of", "in", "to", "into", "from") or gov.pos_ not in ("NOUN", "PROPN"):
            return False
        if gov.lemma_.lower() in _HELD_AT:
            return False  # "taken to a prison in Olenivka": held there
        carrier = gov.head
        if to_seen and gov.dep_ in ("dobj", "nsubjpass") and carrier.pos_ == "VERB" and (
                carrier.lemma_.lower() in _CARRY_AWAY):
            return True
        if gov.dep_ != "pobj" or gov.head.dep_ != "prep":
            return False
        prep = gov.head
    return False


def _org_name(span: Span) -> bool:
    """'Kharkiv Human Rights Protection Group': the place opens a capitalised name that ends in
    what an organisation is called."""
    for t in span.doc[span.end : span.end + 6]:
        if not t.text[:1].isupper():
            return False
        if t.lower_ in _ORG_END:
            return True
    return False


_FACILITY = frozenset("hospital clinic museum library theatre theater university school".split())


def _facility_name(span: Span) -> bool:
    """'the Kherson regional clinical hospital': a facility named after its oblast stands in the
    oblast's capital, it does not place an act in the oblast."""
    if span.label_ != "admin1" or span[-1].lower_ != "regional":
        return False
    return any(t.lemma_.lower() in _FACILITY for t in span.doc[span.end : span.end + 4])


def place_role(span: Span) -> str:
    """locative | direction | speaker | role | office | origin | comparison | raion | outlet | ...
    for a place mention: only a locative (or vicinity) place can hold an act."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if nxt is not None and nxt.text == "-" and after is not None and after.lower_ == "based":
        return "outlet"  # "a Kyiv-based group"
    office = _office_after(span)
    if office is not None:
        return office
    if _org_name(span) or _facility_name(span):
        return "outlet"
    if nxt is not None and nxt.lower_ in ("hromada", "community") and span.root.dep_ == "compound" \
            and nxt.dep_ == "pobj" and nxt.head.lower_ in ("in", "at"):
        return "locative"  # "in the Dunaivtsi community, 2 houses were destroyed": a hromada is named
        # after its centre, the most specific settlement the report gives
    if nxt is not None and nxt.lower_ == "area" and span.label_ == "settlement" and span.start > 0 \
            and doc[span.start - 1].lower_ == "the":
        return "vicinity"  # "villagers in the Mykolaiv area": the region around the city (GUIDELINES)
    if nxt is not None and nxt.lower_ in ("district", "raion", "rayon", "hromada", "community"):
        return "raion"
    if nxt is not None and nxt.lower_ in ("sector", "axis", "front", "frontline", "direction") and (
            nxt.i + 1 >= len(doc) or doc[nxt.i + 1].lower_ != "of"):
        return "front"  # "the Bakhmut sector", "the Kupiansk direction": a front line, not a place of acts
    if nxt is not None and nxt.lower_ in (
        "news",
        "post",
        "independent",
        "times",
        "radio",
        "tv",
        "daily",
        "pravda",
        "herald",
        "today",
        "online",
        "media",
        "telegraph",
        "observer",
    ):
        return "outlet"
    before = [t for t in doc[max(0, span.start - 5) : span.start] if not t.is_punct]
    words = [t.lemma_.lower() for t in before]
    if words and words[-1] in ("towards", "toward"):
        return "direction"
    # "40 km from Odesa", "west of Kyiv", "between Kyiv and Chernihiv", "the road to Kherson"
    if words and words[-1] in ("of", "from", "to", "between", "and") and set(words[-4:]) & _REFERENCE:
        return "reference"
    if len(words) >= 2 and words[-1] in ("near", "outside") and words[-2] in WRAPPERS:
        # "a village near Brovary": the act was not in Brovary but in the region around it
        # (bind uses it only when the sentence names no settlement of its own)
        return "near_unnamed"
    prep = span.root.head
    others = [p for p in doc.spans.get("places", []) if p != span]
    if words and words[-1] in ("near", "outside") and prep.lower_ == words[-1] and any(
            p.start <= prep.head.i < p.end or unwrap(p.root).i == prep.head.i
            # "Olenivka, the notorious detention centre outside Donetsk"
            or prep.head.dep_ == "appos" and unwrap(p.root).i == prep.head.head.i
            for p in others):
        return "reference"  # "Bucha, near Kyiv", "the town of Bucha, near Kyiv": where the other lies
    if span.start >= 3 and doc[span.start - 1].lower_ == "in" and doc[span.start - 2].text == "," and any(
            p.end == span.start - 2 and p.label_ == "settlement" for p in others):
        return "reference"  # "the village of Pyatykhatky, in Zaporizhzhia,": the region it lies in
    if (
        words
        and words[-1] in ("near", "around", "outside")
        and span.label_ == "settlement"
        and prep.lower_ == words[-1]
        and prep.head.pos_ in ("VERB", "AUX")
    ):
        return "vicinity"  # "died near Kiev" (but "the burial site near Izium" is at Izium)
    if (
        any(  # "in March." is a month, not a march; nor does a movement cross a sentence end
            # a movement verb, or a movement noun ("the head of Velykyi Burluk" is no heading)
            (t.lemma_.lower() in MOVEMENT_LEMMAS and t.pos_ == "VERB"
             or t.lemma_.lower() in _MOVEMENT_NOUNS and t.pos_ == "NOUN")
            and t.sent == span.sent
            and not (words[-1] == "from" and t.lemma_.lower() in _PEOPLE_MOVED)
            for t in before[-4:-1]
        )
        and words[-1] in DIRECTION_PREPS | {"on", "of"} | WRAPPERS
    ):
        return "direction"
    # "places like Balakliya" gives examples of where acts happened; "as in Bucha" and "recalled
    # atrocities in towns such as Bucha" compare with elsewhere
    if words[-2:] == ["as", "in"]:
        return "comparison"
    like = span.root.head
    if like.lower_ in ("like", "unlike") and span.root.dep_ == "pobj" and (
            like.head.pos_ in ("VERB", "AUX") or like.i == span.sent.start):
        return "comparison"
    chain = [span.root, *list(span.root.ancestors)[:10]]
    for below, t in zip(chain, chain[1:], strict=False):
        # "recalled atrocities in towns such as Bucha" compares; "he recalls in the yard of
        # their house in Motyzhyn" only says where he speaks
        if t.lemma_.lower() in _LIKENESS and not (below.dep_ == "prep" and below.lower_ in ("in", "at")):
            return "comparison"
    root = unwrap(span.root)
    while root.dep_ == "conj" and root.head.i != root.i:  # "to Russia or the Crimean Peninsula"
        root = unwrap(root.head)
    head = root.head
    if root.dep_ == "compound" and head.lemma_.lower() in ROLE_NOUNS | {"governor", "mayor", "police"}:
        return "role"
    if root.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in _OFFICE \
            and head.head.pos_ in ("NOUN", "PROPN"):
        # "police in the Donetsk region said"; but "occupation authorities in Melitopol detained
        # the mayor", "police in Bucha found the bodies" act where they sit
        office = head.head
        acting = office.dep_ == "nsubj" and office.head.pos_ == "VERB" and (
            office.head.lemma_.lower() not in _SPEAK | {"open", "launch", "start", "investigate"})
        if not acting:
            return "office"
    if root.dep_ == "pobj" and head.lower_ == "from" and head.head.lemma_.lower() in _SENT_FROM:
        return "origin"
    if root.dep_ == "pobj" and head.lower_ == "of" and (
            head.head.lemma_.lower() in _SENT_FROM | _CLERGY or head.head.ent_type_ == "PERSON"
            or any(c.lemma_.lower() in _CLERGY for c in head.head.children)):
        return "origin"  # "defenders of Mariupol" killed elsewhere; "Metropolitan Hilarion of Donetsk"
    if root.dep_ == "nsubj" and head.lemma_.lower() in _SPEAK:
        return "speaker"
    if root.dep_ == "dobj" and head.lemma_.lower() in ("encircle", "surround", "besiege", "bypass"):
        return "direction"  # "units aiming to encircle Kyiv entered the village": an aim, not a scene
    if root.dep_ == "pobj" and head.dep_ == "prep":
        gov = head.head
        glemma = gov.lemma_.lower()
        if head.lower_ in DIRECTION_PREPS | {"on"} and glemma in MOVEMENT_LEMMAS and not (
                head.lower_ == "from" and glemma in _PEOPLE_MOVED):
            return "direction"  # but "evacuating residents from X", "deported from X": X is where
        if head.lower_ in ("towards", "toward"):
            return "direction"
        if head.lower_ == "for" and glemma in ("leave", "depart", "head", "set"):
            return "direction"  # "left Kupiansk for Kharkiv"
        if head.lower_ == "from" and glemma in ("launch", "fire"):
            return "origin"  # "a missile launched from Crimea hit guest houses in Zatoka"
        if head.lower_ in ("in", "from", "at") and (glemma in _SPOKE or gov.lower_ in ("speaking", "spoke")):
            return "speaker"
        if _carried_to(head):
            return "direction"
        if head.lower_ == "of" and glemma in ROLE_NOUNS:
            if span.label_ == "settlement" and any(c.lower_ in ("regional", "oblast") for c in gov.children):
                return "office"  # "the regional administration of Chernihiv": the oblast's office
            return "role"
        if head.lower_ == "in" and gov.lower_ == "being":
            return "speaker"
    return "locative"


def subjects(tok: Token) -> list[Token]:
    """Subjects of tok, or of the verb it is conjoined to or predicates ("were held and beaten",
    "eleven are still missing")."""
    for t in [tok, tok.head if tok.dep_ in ("conj", "acomp", "xcomp") else tok]:
        found = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        if found:
            return found
    return []


def negated(trigger: Token) -> bool:
    for t in [trigger, clause_verb(trigger)]:
        if any(c.dep_ == "neg" for c in t.children):
            return True
    return False


def hedged(trigger: Token) -> bool:
    verb = clause_verb(trigger)
    if any(c.dep_ == "advmod" and c.lower_ in ("probably", "possibly", "perhaps") for c in verb.children):
        return True  # "he was probably tortured before he was killed": a guess (GUIDELINES: speculation)
    chain = [verb, *list(verb.ancestors)[:2]]
    for v in chain:
        for c in v.children:
            if c.dep_ in ("aux", "auxpass", "mark") and c.lemma_.lower() in HEDGE_LEMMAS:
                # "could be heard" around a real act is not a hedge on the act itself
                return v is verb or v.lemma_.lower() in ("be", "have")
    return False


def governed_by(trigger: Token, lemmas: frozenset[str]) -> Token | None:
    for t in trigger.ancestors:
        if t.lemma_.lower() in lemmas:
            return t
    return None


def denied(trigger: Token) -> bool:
    return governed_by(trigger, DENY_LEMMAS) is not None


def intended_only(trigger: Token) -> bool:
    """'threatened to shoot them': the shooting did not happen."""
    return governed_by(trigger, _INTENT) is not None


# Relatives and neighbours are no party to the conflict: "abused by her stepfather" is no war crime
_PRIVATE_AGENTS = frozenset(
    """father stepfather mother stepmother husband wife brother sister son daughter uncle aunt
    grandfather grandmother neighbour neighbor partner boyfriend girlfriend relative""".split()
)


def private_agent(trigger: Token) -> bool:
    """The act's doer, by its passive agent or its subject, is a relative or a neighbour."""
    doers = [g for c in trigger.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    doers += [c for c in trigger.children if c.dep_ == "nsubj"]
    return any(d.lemma_.lower() in _PRIVATE_AGENTS for d in doers)


def russian_accusation(trigger: Token) -> bool:
    acc = governed_by(trigger, frozenset({"accuse", "blame"}))
    if acc is None:
        return False
    subj = [c for c in acc.children if c.dep_ == "nsubj"]
    return bool(subj) and bool({t.lower_ for t in subj[0].subtree} & _RUSSIA)


_WEAPONS = frozenset("artillery aviation missile rocket shell shelling drone strike airstrike bomb".split())


def is_party(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in _WEAPONS:  # "Russian artillery struck": the party that fired it
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod")]
        return any(c.lower_ in PARTY_MODIFIERS for c in mods)
    if lemma in PARTY_HEADS and lemma not in ("men", "unit", "commander"):
        if lemma in (
            "troop",
            "force",
            "soldier",
            "military",
            "army",
            "unit",
            "brigade",
            "battalion",
            "commander",
        ):
            mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")}
            return bool(mods & PARTY_MODIFIERS) or not any(m in ("ukrainian", "ukraine's") for m in mods)
        return True
    if lemma == "man":
        return any(c.lower_ in ("putin", "putin's") or c.lower_.startswith("putin") for c in tok.subtree)
    return lemma in ("russian", "russians", "occupier", "invader")


def party_phrase(tok: Token) -> tuple[int, int]:
    """'Russian artillery', 'Putin's men': the noun and the modifiers right before it."""
    left = tok.i
    doc = tok.doc
    while left > 0:
        prev = doc[left - 1]
        if prev.is_punct and prev.text not in ("’", "'"):
            break
        if prev.head.i not in (tok.i, left) and prev.head.head.i != tok.i:
            break
        if prev.dep_ not in ("amod", "compound", "poss", "det", "case", "nmod", "nummod", "punct"):
            break
        left -= 1
    return left, tok.i + 1
