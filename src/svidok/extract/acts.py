"""Decide whether a matched cue is an alleged act, and of which type.

The matcher marks words; this module reads the sentence structure around each:
who did what to whom, negation, hedges, denials, and what an attack hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from svidok.extract import grammar
from svidok.extract.lexicon import VICTIM_NOUNS
from svidok.extract.taxonomy import Taxonomy

_FIND = frozenset(
    "find discover exhume recover lie lay float dump leave scatter identify see show pull retrieve "
    "wash".split()
)
_MILITARY = frozenset(
    "position tank base depot convoy equipment artillery ammunition trench troop soldier "
    "howitzer launcher warship ship aircraft jet helicopter unit headquarters bunker "
    "stronghold checkpoint radar enemy".split()
)
# an attack on a country ("Russia attacked Ukraine") is the war itself, not an act at a place
_WAR_TARGETS = frozenset("ukraine country nation".split())
_REPEL = frozenset("repel repulse repell thwart".split())
_DETENTION_PLACES = frozenset(
    "cell basement prison captivity custody camp garage pit cellar jail space room gym "
    "school barracks there chamber dungeon premises facility station shed container cage "
    "hangar warehouse colony centre center bunker".split()
)
_DEPORT_TO = frozenset(
    "russia crimea belarus border river russian-held russian-controlled occupied siberia camp "
    "captured".split()
)
_BURIAL = frozenset("grave exhume exhumation burial bury".split())
# what tells a violent death apart from a burial: "bodies with gunshot wounds", "hands tied"
_VIOLENT_DEATH = frozenset("""shoot shot gunshot bullet wound kill murder execute execution torture tie bind
    blindfold strangle stab beat mutilate violent violence sign trace bruise""".split())
_WOUND_PARTS = frozenset("leg arm hand foot knee shoulder chest stomach back".split())
_FIRST_PERSON = frozenset("me us i we".split())
ATTACK_TYPES = ("attack_medical", "attack_civilian_objects")


@dataclass(frozen=True, slots=True)
class Act:
    type: str
    span: Span  # the cue


def _args(tok: Token) -> list[Token]:
    """What an act word is done to: objects, passive subjects, 'on/of/at/against X', and their conjuncts."""
    out: list[Token] = []
    heads = [tok]
    if (
        tok.pos_ in ("NOUN", "PROPN")
        and tok.dep_ in ("nsubj", "dobj", "nsubjpass")
        and tok.head.pos_ == "VERB"
    ):
        heads.append(tok.head)  # "a missile strike hit the hospital"
    for h in heads:
        for c in h.children:
            if c.dep_ in ("dobj", "nsubjpass", "attr", "compound", "amod", "poss", "npadvmod"):
                if c.lower_ in ("which", "that", "who", "whom") and h.dep_ == "relcl":
                    out.append(h.head)  # "the hospital, which troops shelled"
                else:
                    out.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("on", "of", "at", "against", "in", "into"):
                out.extend(g for g in c.children if g.dep_ == "pobj")
            elif c.dep_ == "agent":
                continue
    if tok.dep_ in ("compound", "amod") and tok.head.pos_ == "NOUN":
        out.append(tok.head)  # "hospital shelling" seen from the other side
    more = [g for t in out for g in t.conjuncts]
    return out + more


def _lemmas(tokens: list[Token]) -> set[str]:
    out: set[str] = set()
    for t in tokens:
        lemma = t.lemma_.lower()
        out.add(lemma)
        for c in t.children:
            if c.dep_ in ("compound", "amod"):
                out.add(f"{c.lemma_.lower()} {lemma}")
                out.add(c.lemma_.lower())  # "hospital ward"
    return out


_QUANTITY = frozenset("dozen hundred thousand score number group couple lot".split())


def _has_person(tokens: list[Token]) -> bool:
    # "held dozens of residents": the people are what the quantity counts
    tokens = tokens + [g for t in tokens if t.lemma_.lower() in _QUANTITY for c in t.children
                       if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return any(
        t.lemma_.lower() in VICTIM_NOUNS
        or t.pos_ == "PRON"
        and t.lower_ not in ("it", "its")
        or t.ent_type_ == "PERSON"
        or t.like_num
        for t in tokens
    )


def _attack_type(tok: Token, taxonomy: Taxonomy, strong: bool) -> str | None:
    if any(c.lower_ in ("heart", "panic") for c in tok.children):
        return None  # "died of a heart attack"
    args = _args(tok)
    if tok.dep_ == "pobj" and tok.head.lower_ == "under":  # "the country has been under attack"
        args += grammar.subjects(grammar.clause_verb(tok))
    # the war's own target is what is attacked, not what a thing attacked belongs to
    # ("attacked Ukraine" is the war; "attacked the energy infrastructure of Ukraine" is not)
    war = _lemmas(args) & _WAR_TARGETS
    # "struck the grounds of the children's hospital": what the part belongs to was hit
    args += [g for a in args for c in a.children if c.dep_ == "prep" and c.lower_ == "of"
             for g in c.children if g.dep_ == "pobj"]
    lemmas = _lemmas(args)
    if lemmas & taxonomy.get("attack_medical").objects:
        return "attack_medical"
    sent_lemmas = {t.lemma_.lower() for t in tok.sent}
    if lemmas & _MILITARY or war:
        return None
    if tok.head.lemma_.lower() in _REPEL:  # "repelled 90 Russian attacks": fighting
        return None
    if lemmas & taxonomy.get("attack_civilian_objects").objects:
        return "attack_civilian_objects"
    if any(a.ent_type_ in ("GPE", "LOC", "FAC") for a in args):
        return "attack_civilian_objects"  # "shelled Kharkiv"
    if strong and not (sent_lemmas & _MILITARY):
        return "attack_civilian_objects"
    return None


_COMBATANTS = frozenset("soldier serviceman servicemen troop fighter marine paratrooper officer".split())
_COMBAT = frozenset("fight fighting battle combat clash assault offensive front frontline skirmish "
                    "trench".split())
_HORS_DE_COMBAT = frozenset("""civilian prisoner captive captivity surrender unarmed execute execution pow
    capture""".split())


def _combat_death(tok: Token) -> bool:
    """'Two Ukrainian soldiers were killed in fighting': a military engagement between soldiers,
    not a killing of civilians or of soldiers hors de combat."""
    # the killed are the objects or passive subjects ("were killed"); the subject only of "die"
    victims = _args(tok) + (grammar.subjects(tok) if tok.lemma_.lower() == "die" else [])
    if not any(v.lemma_.lower() in _COMBATANTS for v in victims):
        return False
    words = {t.lemma_.lower() for t in tok.sent}
    return bool(words & _COMBAT) and not words & _HORS_DE_COMBAT


_DANGER = frozenset("threat risk danger fear prospect possibility".split())
_RETRIBUTION = frozenset("punish pay answer account avenge".split())
_SPECULATIVE = frozenset("possible potential probable presumed hypothetical".split())
_ONE_PERSON = frozenset("he she i him her me".split())
_OWN = frozenset("my her his our their your".split())


def _weak_ok(type_id: str, tok: Token, taxonomy: Taxonomy) -> bool:
    lemma = tok.lemma_.lower()
    sent = tok.sent
    args = _args(tok)
    subj = grammar.subjects(tok)
    if type_id == "pillage":
        taken = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        taken += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        taken += [g for t in taken for g in t.conjuncts]
        if any(c.dep_ == "prt" and c.lower_ in ("out", "up") for c in tok.children) and any(
                g.dep_ == "poss" and g.lower_ in _OWN for t in taken for g in t.children):
            return False  # "she took out her phone": one's own, pulled out, not taken from anyone
        return bool(_lemmas(taken) & taxonomy.get("pillage").objects)
    if type_id == "deportation":
        dests = [
            g
            for c in tok.subtree
            if c.dep_ == "prep" and c.lower_ in ("to", "into", "across")
            for g in c.children
            if g.dep_ == "pobj"
        ]
        where = _lemmas(dests) | {t.lower_ for d in dests for t in d.subtree}
        people = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")] + subj
        return _has_person(people) and bool(where & _DEPORT_TO)
    if type_id == "killing":
        if lemma in ("body", "corpse"):
            verbs = {t.lemma_.lower() for t in sent if t.pos_ == "VERB"}
            words = {t.lemma_.lower() for t in sent}
            if words & _BURIAL and not words & _VIOLENT_DEATH:
                return False  # "exhumed 21 bodies from graves": a burial site, no killing told
            return bool(verbs & _FIND) and not any(t.lower_ in ("armour", "armor", "water") for t in sent)
        if lemma in ("shoot", "gun"):
            if any(c.dep_ == "prt" and c.lower_ == "down" for c in tok.children):
                return False  # "shells were shot down": intercepted, no one killed
            objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            if any(o.lower_ in _FIRST_PERSON for o in objs):
                return False
            if any(t.lemma_.lower() in _WOUND_PARTS for t in tok.subtree):
                return False
            if not objs and tok.dep_ in ("pcomp", "advcl") and any(c.dep_ == "auxpass" for c in tok.children):
                # "they were found ... after being shot": the people shot are the clause's subject
                gov = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
                kids = list(gov.children) if gov is not None else []
                objs = [c for c in kids if c.dep_ in ("nsubj", "nsubjpass")]
            if tok.dep_ in ("xcomp", "oprd") and tok.head.lemma_.lower() == "find":
                return _has_person(grammar.subjects(tok.head))  # "a man was found shot"
            return bool(objs) and _has_person(objs) or tok.dep_ == "acl"
        if lemma == "gunshot":  # "felt the gunshot above his head": a mock execution, no one killed
            return not re.search(r"\b(?:over|above|past|beside) (?:his|her|their|my|our) heads?\b", sent.text)
        if lemma == "toll":  # "the toll stands at 59": only with its number
            return any(c.kb_id_.split("|")[1] == str(tok.i) for c in tok.doc.spans.get("counts", []))
        if lemma == "die":
            return _has_person(subj) or tok.dep_ in ("relcl", "acl")
        return _has_person(args + subj + list(tok.subtree))
    if type_id == "torture":
        return _has_person(args + subj)
    if type_id == "detention":
        if lemma in ("prison", "prisoner"):
            return not any(t.lemma_.lower() in ("exchange", "swap", "release", "sentence") for t in sent)
        lemmas = {t.lemma_.lower() for t in sent}
        # the people held are the object ("held 40 people", "men were held"), never the holders
        held = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        held += [g for t in held for g in t.conjuncts]
        return _has_person(held) and bool(
            lemmas & (_DETENTION_PLACES | {"captive", "hostage", "week", "day"})
        )
    if type_id == "disappearance":
        return _has_person(subj) and not any(t.lower_ == "action" for t in tok.subtree)
    if type_id == "burial_site":
        buried = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if lemma == "bury" and buried and all(t.lower_ in _ONE_PERSON for t in buried):
            return False  # "he was completely buried" under rubble, or one funeral: no burial site
        return _has_person(args + subj) or any(t.lemma_.lower() in ("body", "corpse") for t in args + subj)
    return True


_BODY_PARTS = frozenset(
    "ear finger hand head nose tongue genital limb arm leg foot toe eye lip scalp".split()
)


def _body_part(cue: Span) -> bool:
    window = cue.doc[max(cue.sent.start, cue.start - 6) : min(cue.sent.end, cue.end + 4)]
    # what was cut off, however long its phrase ("cut off the dead man's ears")
    cut = [c for c in cue.root.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(t.lemma_.lower() in _BODY_PARTS or t.lower_.rstrip("s") in _BODY_PARTS
               for t in [*window, *cut])


_PROSPECT = frozenset("threat risk danger fear possibility prospect warning likelihood allegation".split())


def _prospect(tok: Token) -> bool:
    """'the threat of missile attacks', 'fear of new shelling': a risk named, not an act reported;
    and 'threat' in that sense is no threat made to civilians either."""
    if tok.lemma_.lower() in _PROSPECT and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return True
    head = tok.head
    return tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in _PROSPECT


_CRIME_NOUNS = frozenset("crime violation abuse atrocity offence offense pattern".split())
# "Torture is prohibited", "looting is a war crime", "rape used as a weapon of war": a kind of act
_NORM_VERBS = frozenset("prohibit ban outlaw forbid constitute amount criminalize criminalise".split())
_NORM_NOUNS = frozenset("crime breach violation weapon hallmark tactic offence offense".split())


def _normative(tok: Token) -> bool:
    """An act noun (or gerund) that is the subject of a statement about the kind of act."""
    noun = tok.head if tok.dep_ == "compound" else tok
    if noun.dep_ not in ("nsubj", "nsubjpass") or _specific(noun):
        return False
    verb = noun.head
    if verb.lemma_.lower() in _NORM_VERBS:
        return True
    said = [c for c in verb.children if c.dep_ == "attr"]
    said += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children]
    return any(t.lemma_.lower() in _NORM_NOUNS for t in said)
# Legal wording names the article an act falls under, not an act: "criminal proceedings on the fact
# of violation of the laws and customs of war combined with premeditated murder (Art. 438)".
_LEGAL_NOUNS = frozenset("proceeding proceedings article code qualification statute indictment".split())


def _specific(tok: Token) -> bool:
    """The act word carries its own particulars: a number or a named place or person."""
    return any(t.like_num or t.ent_type_ in ("GPE", "LOC", "PERSON", "FAC", "CARDINAL")
               for t in tok.subtree if t.i != tok.i)


def _generic(tok: Token) -> bool:
    """Rhetoric, law and kinds of crime, not a reported act: 'so many people have been murdered',
    'war crimes such as torture and deportation', 'proceedings under the article on murder'."""
    for t in tok.sent:
        if t.dep_ in ("nsubj", "nsubjpass"):
            words = [w.lower_ for w in t.subtree]
            if "so" in words and "many" in words:
                return True
    if _normative(tok):
        return True
    # "locals faced the constant threat of shelling and shooting": a danger, not an act reported
    for anc in list(tok.ancestors)[:6]:
        if anc.lower_ == "of" and anc.head.lemma_.lower() in _DANGER:
            return True
        if anc.pos_ in ("VERB", "AUX") and anc.dep_ not in ("pcomp", "pobj", "conj"):  # "of shelling and"
            break
    # "will be punished for every life destroyed, mutilated and taken": a vow about all the war's acts
    for anc in list(tok.ancestors)[:6]:
        if anc.lower_ == "for" and anc.head.lemma_.lower() in _RETRIBUTION and any(
                c.lower_ in ("every", "each", "all") for c in anc.subtree):
            return True
    if tok.pos_ not in ("NOUN", "PROPN") or _specific(tok):
        return False
    # "other detention facilities", "similar cases": elsewhere, in general
    noun = tok.head if tok.dep_ == "compound" else tok
    if noun.tag_ in ("NNS", "NNPS") and any(c.lower_ in ("other", "similar") for c in noun.children):
        return True
    if any(t.lemma_.lower() in _LEGAL_NOUNS or t.text == "Art." for t in tok.sent):
        return True  # a bare act noun in a sentence about articles and proceedings: the charge's name
    for n, anc in enumerate(tok.ancestors):
        if anc.lower_ == "including":  # "abuses, including the use of torture"
            continue
        if n >= 6 or anc.pos_ in ("VERB", "AUX"):
            break
        if anc.lemma_.lower() in _CRIME_NOUNS:
            return True
    return False


_LAW = frozenset("police sbu service prosecutor court investigator officer counterintelligence guard".split())
_OCCUPYING = frozenset("""russian russia occupation occupying occupier occupiers russian-installed
    russia-installed separatist proxy kremlin""".split())


def _lawful_arrest(tok: Token) -> bool:
    """'Ukrainian police detained a man suspected of spotting for artillery': an arrest by the
    state's own law enforcement, not unlawful confinement by a party to the war."""
    holders = grammar.subjects(tok) + [g for c in tok.children if c.dep_ == "agent" for g in c.children]
    for h in holders:
        words = {w.lower_ for w in h.subtree}
        if (h.lemma_.lower() in _LAW or "sbu" in words) and not words & _OCCUPYING:
            return True
    return False


_GENERIC_DENIAL = frozenset("crime atrocity allegation accusation involvement responsibility".split())


_SPORTS = frozenset("match league cup goal football tournament championship striker coach fixture "
                    "midfielder goalkeeper club season derby stadium referee".split())


_SCORE = re.compile(r"(?<![\d/.])(\d{1,2})\s?[-–:]\s?(\d{1,2})(?![\d/.])")


def _sports(sent: Span, tok: Token) -> bool:
    """'Shakhtar beat Dynamo 2-1': a result, not a beating."""
    if {t.lemma_.lower() for t in sent} & _SPORTS:
        return True
    score = _SCORE.search(sent.text)
    return tok.lemma_.lower() in ("beat", "defeat", "thrash") and bool(score) and all(
        int(g) <= 15 for g in score.groups())


def _civilian_hit(act: Act, taxonomy: Taxonomy) -> bool:
    return bool(_lemmas(_args(act.span.root)) & taxonomy.get("attack_civilian_objects").objects)


def judge(cues: list[Span], taxonomy: Taxonomy) -> tuple[list[Act], set[str]]:
    """Acts that a sentence alleges; and the types of act whose denial it reports ("*": all)."""
    acts: list[Act] = []
    denial: set[str] = set()
    seen: set[tuple[str, int]] = set()
    for cue in cues:
        tok = cue.root
        pos, kind = cue.kb_id_.split("|")
        type_id = cue.label_
        if grammar.denied(tok):
            denial.add(type_id)
            continue
        if type_id == "burial_site" and tok.pos_ == "ADJ":
            continue  # "a grave breach", "grave concern"
        if type_id == "killing" and any(c.lower_ in ("mock", "fake", "simulated") for c in tok.children):
            continue  # "a mock execution" kills no one
        negation_in_cue = pos == "phrase" and any(
            w in cue.text.lower().split() for w in ("not", "never", "n't")
        )
        if cue.sent.text.rstrip().endswith("?") or (grammar.negated(tok) and not negation_in_cue):
            continue
        if grammar.hedged(tok):
            # "they told us if anyone left, they would shoot": a threat, not a killing
            lemmas = {t.lemma_.lower() for t in cue.sent}
            if type_id == "killing" and "if" in lemmas and lemmas & {"say", "tell", "warn", "threaten"}:
                if ("threat", cue.start) not in seen:
                    seen.add(("threat", cue.start))
                    acts.append(Act("threat", cue))
            continue
        if grammar.russian_accusation(tok) or _generic(tok) or _prospect(tok) or grammar.private_agent(tok):
            continue
        if type_id != "threat" and grammar.intended_only(tok):
            continue
        if type_id == "detention" and _lawful_arrest(tok):
            continue
        first = tok
        while first.dep_ == "conj" and first.head.i != first.i:  # "possible abduction, torture and execution"
            first = first.head
        if any(c.dep_ == "amod" and c.lower_ in _SPECULATIVE for c in (*tok.children, *first.children)):
            continue  # "traces of possible mass burials": speculation (GUIDELINES)
        if type_id == "threat" and tok.head.lemma_.lower() == "pose":
            continue  # "posed no threat to Russia", "poses a threat to the plant": a danger, no threat made
        if type_id == "killing" and _combat_death(tok):
            continue
        if type_id in ATTACK_TYPES:
            resolved = _attack_type(tok, taxonomy, strong=kind == "strong" or pos == "phrase")
            if resolved is None:
                continue
            type_id = resolved
        elif kind == "weak" and (_sports(cue.sent, tok) or not _weak_ok(type_id, tok, taxonomy)):
            continue
        elif type_id == "mutilation" and pos == "phrase" and not _body_part(cue):
            continue  # "power was cut off"
        elif type_id == "disappearance" and cue.text.lower().endswith("away") and not _has_person(
            list(cue)[1:-1] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        ):
            continue  # "took away washing machines" is pillage, not a disappearance
        key = (type_id, cue.start)
        if key in seen:
            continue
        seen.add(key)
        acts.append(Act(type_id, cue))
    if any(a.type == "attack_medical" for a in acts):
        # "drones hit a clinic": one attack on a medical facility, not also one on civilian objects,
        # unless the sentence names a civilian object hit as well
        acts = [a for a in acts if a.type != "attack_civilian_objects" or _civilian_hit(a, taxonomy)]
    for t in cues[0].sent if cues else []:
        if (
            t.lemma_.lower() in ("deny", "dismiss", "reject")
            and {w.lemma_.lower() for w in t.subtree} & _GENERIC_DENIAL
        ):
            denial.add("*")
    return acts, denial
