"""Private persons named anywhere in a report: the names the protected-persons register learns.

Witnesses, victims, relatives and detainees, not office holders speaking in their role (their
names are public), not bylines or photo credits (journalists), not places or outlets that the
model took for names. spaCy's PERSON entities are one source; cues the model often misses are
the other: a name with an age ("Olena, 34,"), "gave her name as Valentyna", "identified only as".
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from svidok.extract.lexicon import PUBLIC_FIGURES, ROLE_NOUNS
from svidok.model import Span as TextSpan

# words that end the name of an outlet or a club, not of a person ("Meridian Wire")
_NOT_PERSON_HEADS = frozenset(
    """wire news times post press agency tv radio journal herald daily gazette visnyk pravda online
    telegraph guardian tribune review channel fc club united city newswire newswires newsroom wires
    media network service broadcaster broadcasting bureau observer monitor watch institute foundation
    group centre center""".split()
)
_NAME = r"([A-ZА-ЯІЇЄҐ][\w'’-]+(?: [A-ZА-ЯІЇЄҐ][\w'’-]+)?)"
_CUES = (
    re.compile(_NAME + r", (?:aged )?\d{1,3}(?:,|\b)"),  # "Olena, 34," "Ivan Petrenko, 62"
    re.compile(r"\b(?:gave (?:her|his) (?:first )?name as|identified (?:only )?as|named|called|"
               r"known only as|asked to be called) " + _NAME),
)
_EXTRA_ROLES = frozenset("""president minister general coach spokesperson spokeswoman ombudsman ombudswoman
    commissioner painter artist writer poet""".split())


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


_CALENDAR = frozenset("""January February March April May June July August September October November
    December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split())
_DESCRIPTORS = frozenset("""pensioner witness survivor resident villager mother father grandmother
    grandfather widow teacher doctor nurse driver farmer volunteer little young old monk monks nun
    hieromonk hieromonks archimandrite metropolitan priest deacon archbishop bishop""".split())


# Common first names beyond the gazetteer's list (which holds those that are also place names).
FIRST_NAMES = frozenset("""valentyna halyna tetiana tetyana liza lyudmyla liudmyla nina iryna oksana
    svitlana kateryna nataliia yulia yuliia viktoriia alla larysa lesia zoia nadiia vira liubov raisa
    hanna mykhailo yevhen ihor taras stepan roman vitalii valerii anatolii hennadii ruslan maksym
    kostiantyn leonid oleksii nazar vadym arsen danylo illia ivanna sofiia polina daryna khrystyna
    mariana solomiia zlata vika nastya sasha masha dasha olia lena tania natasha katia varvara lidiia
    nadia halina tatiana tatyana svetlana yekaterina lyudmila nikita igor yevgeny evgenia zhenya
    valentina ludmila lyuba inna ilona marina marianna""".split())
_SURNAME_END = re.compile(r"(?:enko|chuk|iuk|yuk|uk|ko|ov|ova|ev|eva|in|ina|skyi|sky|ska|ych|vych)$")


def _lone_name(tok: Token) -> bool:
    """A single capitalised word is a person's only if it is a proper noun that is no place the
    gazetteer knows, or a first name ("Killed" in a headline, "Currently,", "Monday's", "Motyzhyn":
    not names)."""
    from svidok.extract.gazetteer import Gazetteer
    from svidok.extract.places import EXTRA_FIRST_NAMES

    gaz = Gazetteer.load()
    word = re.sub(r"['’]s?$", "", tok.text)
    low = word.lower()
    if word in _CALENDAR:
        return False
    if low in gaz.first_names or low in EXTRA_FIRST_NAMES or low in FIRST_NAMES:
        return True
    words = [t.text for t in tok.sent if t.text[:1].isalpha()]  # (doc.text is rebuilt per access)
    headline = len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)
    # else only a surname's shape counts ("Sukhenko", "Matvienko"): a capitalised common word
    # ("Background", "Debris", "Twitter", "Killed") must never become a form to hide everywhere
    return (tok.pos_ == "PROPN" and not headline and not gaz.lookup(word)
            and bool(_SURNAME_END.search(low)))


def _big_place(word: str) -> bool:
    from svidok.extract.gazetteer import Gazetteer

    return any(p.level != "settlement" or p.population >= 10_000 for p in Gazetteer.load().lookup(word))


def _trim(ent: Span) -> Span:
    """Without leading words that describe the person ("PENSIONER Halyna", "Little Liza") and
    trailing words that are not part of a name."""
    start, end = ent.start, ent.end
    while start < end - 1 and (ent.doc[start].lower_ in _DESCRIPTORS or ent.doc[start].text.isupper()):
        start += 1
    while end - 1 > start and not ent.doc[end - 1].text[:1].isupper():
        end -= 1  # "Olena K. later": the model ran past the name
    return ent.doc[start:end]


def _official(ent: Span) -> bool:
    """An office holder: a known public figure, or a role noun next to the name."""
    words = ent.text.lower().replace("’", "'").split()
    if not words or ent.root.lower_ in PUBLIC_FIGURES or words[-1] in PUBLIC_FIGURES:
        return True
    doc = ent.doc
    near = {t.lemma_.lower() for t in doc[max(0, ent.start - 3): ent.end + 3]}
    near |= {t.lower_ for t in doc[max(0, ent.start - 3): ent.end + 3]}
    # "the mayor of Irpin, Oleksandr Markushyn": the office is an ancestor; "Oleh Synehubov, the
    # regional governor": an apposition below the name
    near |= {t.lemma_.lower() for t in list(ent.root.ancestors)[:3]}
    for child in ent.root.children:
        if child.dep_ == "appos":
            near |= {t.lemma_.lower() for t in child.subtree}
    return bool(near & (ROLE_NOUNS | _EXTRA_ROLES))


def _plausible(ent: Span) -> bool:
    text = ent.text.strip()
    if not text or any(ch.isdigit() or ch in "/|@()" for ch in text):
        return False
    words = text.split()
    if words[-1].lower() in _NOT_PERSON_HEADS or len(words) > 4:
        return False
    # a lone common word the model read as a name ("Down's syndrome")
    return not (len(words) == 1 and ent[0].is_stop)


def private_persons(doc: Doc, skip: tuple[tuple[int, int], ...] = ()) -> tuple[TextSpan, ...]:
    """Every span of `doc` that names a private person, in text order. `skip` holds character
    ranges that are not the report (bylines, photo credits)."""
    places = [(p.start_char, p.end_char) for p in doc.spans.get("places", [])]
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "ORG", "NORP", "FAC"):
            places.append((ent.start_char, ent.end_char))
    skipped = list(skip)
    found: dict[tuple[int, int], TextSpan] = {}
    officials: set[str] = set()
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        where = (ent.start_char, ent.end_char)
        if _overlaps(where, places) or _overlaps(where, skipped) or not _plausible(ent):
            continue
        ent = _trim(ent)
        if ent.text[:2] == "by" or (len(ent) == 1 and not _lone_name(ent[0])):
            continue  # a byline glued to its name; a lone word that is no name
        if _official(ent):
            officials.add(ent.text.split()[-1].lower())
            continue
        found[where] = TextSpan(ent.start_char, ent.end_char, ent.text)
    text = doc.text
    for rx in _CUES:  # a cue names a person even where the model saw a place (Serhiy, 45)
        for m in rx.finditer(text):
            s, e = m.span(1)
            if _overlaps((s, e), skipped) or _overlaps((s, e), list(found)):
                continue
            span = doc.char_span(s, e, alignment_mode="expand")
            # the model often reads a lone first name as a place or an organisation: the cue wins,
            # unless the gazetteer knows the word as a town, a region or a country
            if span is None or span[0].is_stop or _big_place(span.text) or span.text in _CALENDAR:
                continue
            words = [t for t in span if t.text not in ("’s", "'s", "’", "'")]
            if words and words[-1].lower_ in _NOT_PERSON_HEADS:
                continue  # "Atlas Newswire, 20": an outlet
            if len(words) == 1 and not _lone_name(words[0]):
                continue  # "Motyzhyn, 20 km", "Currently, 10 people": no name before the number
            found[(s, e)] = TextSpan(s, e, text[s:e])
    # a surname that the report also gives an office ("Kim said" after "governor Vitaliy Kim")
    return tuple(sp for k, sp in sorted(found.items()) if sp.text.split()[-1].lower() not in officials)
