"""The role of a place mention in a non-English sentence, from the words around it.

Only a `locative` (or `vicinity`) place can hold an act, as in English (extract/grammar.py):

| role | examples |
|---|---|
| `office` | "прокуратура Харківської області", "поліція Київщини", "ГУНП в Харківській області" |
| `role` | "мер Ізюма", "староста села Гракове", "Куп'янському районному відділі поліції" |
| `origin` | "слідчі з Харкова", "переселенці з Маріуполя" (but "вивезли з Херсона": where it happened) |
| `direction` | "вивезли до Криму", "відступили з Ізюма", "в бік Харкова" |
| `reference` | "за 20 км від Харкова", "на північ від Ізюма", "між Бучею та Ірпенем" |
| `comparison` | "як у Бучі", "нагадує Бучу" |
| `vicinity` | "під Харковом", "біля Києва" (a city's surroundings: its oblast) |
| `outlet` | "Суспільне Харків" |
| `speaker` | "Київ заявив" |
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from svidok.extract.multi.lexicon import Lexicon, WordSet
from svidok.extract.multi.morph import morph

# verbs whose "from X" is where the act happened: people taken from X were taken in X
_PEOPLE_MOVED = frozenset("""вивезти вивозити депортувати перевезти переміщувати перемістити евакуювати
    забрати етапувати відвезти вивести викрасти вывезти вывозить депортировать перевезти перемещать
    переместить эвакуировать забрать этапировать отвезти похитить wywieźć deportować przewieźć ewakuować
    zabrać porwać déporter transférer emmener évacuer enlever deportar trasladar llevar evacuar secuestrar
    deportieren verbringen evakuieren verschleppen entführen""".split())
_AND = frozenset("і та й и а також i oraz et y e und and ,".split())
_OFFICE_FILLERS = frozenset("""обласна обласної обласній обласну обласний обласного обласному районна районної
    районній районний районного районному міська міської міській міський міського міському окружна окружної
    окружний окружного військова військової військовій державна державної головне головного головному
    національної національна областная областной областного районный районного районном городской городского
    городском окружной военная военной государственной главное главного селищна селищної селищний
    селищного селищному сільська сільської сільський сільського сільському поселковый поселкового
    поселковой сельский сельского сельской""".split())
_JOINING = frozenset("у в w à en in".split())
# between an office and its place in other languages: "la police régionale de Kharkiv", "Staatsanwaltschaft
# des Gebiets", "prokuratura obwodowa w"
_OFFICE_FILLERS |= frozenset("""de du des la le d' del von der des z ze regional régional régionale régionaux
    regionale regionales regionalen obwodowa obwodowej obwodowy regionalna regionalnej militaire militar
    militär wojskowa wojskowej provincial municipal municipale städtische""".split())
_REGIONAL = frozenset("""regional régional régionale regionale regionalen obwodowa obwodowej obwodowy
    regionalna regionalnej обласна обласної обласній областная областной""".split())
_RAION = frozenset("district rayon raïon distrito rejon rejonie bezirk kreis".split())


def _lemmas(tok: Token) -> frozenset[str]:
    return morph(tok.doc.lang_).lemmas(tok.text)


def _has(tok: Token, words: WordSet) -> bool:
    return words.has(_lemmas(tok))


def _phrase_before(tokens: list[Token], words: WordSet) -> bool:
    """A phrase of `words` ends right before the place ("як у", "подібно до")."""
    low = [t.lower_ for t in tokens]
    for phrase in words.phrases:
        n = len(phrase)
        if n <= len(low) and tuple(low[-n:]) == phrase:
            return True
    return False


def _phrase_near(tokens: list[Token], words: WordSet) -> bool:
    low = [t.lower_ for t in tokens]
    for phrase in words.phrases:
        n = len(phrase)
        for k in range(len(low) - n + 1):
            if tuple(low[k:k + n]) == phrase:
                return True
    return False


def place_role(span: Span, lex: Lexicon) -> str:
    doc = span.doc
    sent = span.sent
    before = [t for t in doc[max(sent.start, span.start - 6):span.start] if not t.is_space]
    words = [t for t in before if not t.is_punct]
    after = [t for t in doc[span.end:min(sent.end, span.end + 4)] if not t.is_space]
    prev = words[-1] if words else None
    regional = span.label_ == "admin1"
    # "Суспільне Харків": an outlet's name
    if prev is not None and prev.lower_ in lex.words("outlet_before").words:
        return "outlet"
    # "Катюжанка — селище в Київській області": the report says what the place is, then its story
    if len(after) >= 2 and after[0].text in ("—", "–", "-") and _has(after[1], lex.words("settlement_words")):
        return "locative"
    # a place followed by its office ("Куп'янському районному відділі поліції", "Ізюмська міська рада")
    for t in after:
        if t.is_punct:
            break
        if _has(t, lex.words("office_nouns")) or _has(t, lex.words("role_nouns")):
            return "office" if regional else "role"
        if t.lower_ not in _OFFICE_FILLERS:
            break
    # an office or a role before it: "прокуратура Харківської області", "ГУНП в Харківській області",
    # "мер Ізюма", "староста села Гракове"
    chain = list(reversed(words[-4:]))
    for n, t in enumerate(chain):
        if _has(t, lex.words("office_nouns")):
            if regional or any(x.lower_ in _REGIONAL for x in chain[:n]):
                return "office"  # "la administración militar regional de Járkov": the oblast's office
            plain = all(x.lower_ in _OFFICE_FILLERS or _has(x, lex.words("settlement_words"))
                        for x in chain[:n])
            return "role" if n <= 1 or plain else "locative"
        if _has(t, lex.words("role_nouns")) and (n == 0 or all(
                _has(x, lex.words("settlement_words")) or x.lower_ in _OFFICE_FILLERS for x in chain[:n])):
            return "role"
        if not (t.lower_ in _OFFICE_FILLERS or _has(t, lex.words("settlement_words"))
                or (regional and _has(t, lex.words("locative_preps")))):
            break
    if span[-1].lower_.startswith(("громад", "hromad")) and any(t.lower_ in ("до", "к") for t in words[-3:]):
        return "reference"  # "належить до Іванівської громади": the hromada named, not where it happened
    if any(t.lower_ in _RAION for t in words[-3:]):
        return "raion"  # "le district de Tchouhouïv": the raion named after the town, not the town
    if prev is not None and _phrase_before(before, lex.words("comparison")):
        return "comparison"
    if any(_has(t, lex.words("comparison")) for t in words[-4:]):
        return "comparison"
    if _reference(words, lex) or _beside_another(span, words, lex):
        return "reference"
    if prev is None:
        return _speaker(span, after, lex)
    if prev.lower_.startswith(_CONTROLLED):
        return "reference"  # "у підконтрольних Києву районах": the government, not the place
    words = _past_modifiers(words, lex)  # "до тимчасово окупованого Донецька": the preposition
    prev = words[-1]
    low = prev.lower_
    two = " ".join(t.lower_ for t in words[-2:])
    if low in lex.words("near_preps").words or two in {" ".join(p) for p in lex.words("near_preps").phrases}:
        return "vicinity"
    towards = {" ".join(p) for p in lex.words("direction_preps").phrases}
    if low in lex.words("direction_preps").words or two in towards:
        if low in lex.words("locative_preps").words:  # "на": a direction only after a movement
            return "direction" if _moved(words[:-1], lex) else "locative"
        return "direction"
    if low in lex.words("origin_preps").words:
        return _from(words[:-1], lex)
    if low in lex.words("locative_preps").words and _moved(words[:-1], lex) and any(
            p.case == "Acc" for p in morph(doc.lang_).parses(span[0].text)):
        return "direction"  # "вивезли в Крим"
    if low in lex.words("locative_preps").words:
        return "locative"
    return _speaker(span, after, lex)


_CONTROLLED = ("підконтрольн", "подконтрольн")
_TERRITORY = frozenset({"територія", "территория"})


def _past_modifiers(words: list[Token], lex: Lexicon) -> list[Token]:
    """The words up to a preposition that only adjectives, adverbs or "територія" part from the
    place ("до тимчасово окупованого Донецька", "на окуповану територію Криму"); else all."""
    preps = (lex.words("locative_preps").words | lex.words("direction_preps").words
             | lex.words("origin_preps").words | lex.words("near_preps").words)
    k = len(words)
    while k > 1 and len(words) - k < 3 and (words[k - 1].pos_ in ("ADJ", "ADV")
                                            or _lemmas(words[k - 1]) & _TERRITORY):
        k -= 1
        if words[k - 1].lower_ in preps:
            return words[:k]
    return words


_UNITS = ("км", "кілометр", "километр", "метр", "km", "kilomet", "kilomèt", "kilómet", "meter", "mètre",
          "metro", "metr")
_BETWEEN = frozenset("між между między entre zwischen between".split())


def _reference(words: list[Token], lex: Lexicon) -> bool:
    """'за 20 км від Харкова', 'на північ від Ізюма', 'au nord de Kharkiv', 'північніше Ізюма', 'між
    Бучею та Ірпенем': where something else lies. Not 'à la lisière nord d'Izioum' (at its edge)."""
    if not words:
        return False
    refs = lex.words("reference_words")
    last = words[-1]
    if last.lower_ in _BETWEEN:
        return True
    if _has(last, refs) and last.lower_.endswith(("іше", "ше", "нее", "lich")):
        return True  # "північніше Ізюма", "nördlich Charkiws"
    if not _has(last, lex.words("origin_preps")):
        return False
    mid = words[-4:-1]
    if any(t.lower_.startswith(_UNITS) for t in mid):
        return True  # a distance: "за кілька кілометрів від Чернігова", "à 40 km de Kharkiv"
    return any(_has(t, refs) and (k > 0 and len(mid[k - 1].text) <= 3 and mid[k - 1].is_lower
                                  or t.lower_.endswith("lich"))
               for k, t in enumerate(mid))


_EDGE = ("окраїн", "околиц", "окраин", "lisière", "périph", "obrzeż", "skraj", "afuera", "rand")


def _beside_another(span: Span, words: list[Token], lex: Lexicon) -> bool:
    """'Циркуни — село на північній околиці Харкова': placing the village named before it."""
    near = words[-3:]
    if not any(t.lower_.startswith(_EDGE) or _has(t, lex.words("reference_words")) for t in near):
        return False
    doc = span.doc
    kinds = ("settlement_words", "village_words", "township_words", "city_words")
    return any(p.start < span.start and p.sent == span.sent
               and any(_has(t, lex.words(k)) for t in doc[p.end:span.start] for k in kinds)
               for p in doc.spans.get("places", []))


def _moved(words: list[Token], lex: Lexicon) -> bool:
    return any(_has(t, lex.words("movement_verbs")) for t in words[-4:])


def _from(words: list[Token], lex: Lexicon) -> str:
    """'з X': where people were taken from (the act's place), where someone comes from, or where
    troops left."""
    near = words[-4:]
    if any(_has(t, lex.words("origin_nouns")) for t in near):
        return "origin"
    for t in reversed(near):
        lemmas = _lemmas(t)
        if lemmas & _PEOPLE_MOVED:
            return "locative"
        if lex.words("movement_verbs").has(lemmas):
            return "direction"
    return "locative"


def _speaker(span: Span, after: list[Token], lex: Lexicon) -> str:
    """'Київ заявив', 'Москва заперечує': a capital standing for its government."""
    nxt = [t for t in after if not t.is_punct][:2]
    if nxt and span[0].morph.get("Case") in (["Nom"], []) and any(
            _has(t, lex.words("say_verbs")) or _has(t, lex.words("deny")) for t in nxt):
        return "speaker"
    return "locative"


def conjoined(a: Span, b: Span) -> bool:
    """Two places joined by "і", "та", "and", a comma: "у Бучі та Ірпені"."""
    first, second = (a, b) if a.start < b.start else (b, a)
    between = first.doc[first.end:second.start]
    return 0 < len(between) <= 2 and all(t.lower_ in _AND or t.is_punct or t.lower_ in _JOINING
                                         for t in between)
