"""Names of persons in non-English reports, for witness protection.

Russian: natasha's bundled news NER (PER). Ukrainian: runs of capitalised words that pymorphy3
knows as first names, surnames or patronymics ("Ганна Петрівна Іваненко", "Олена"). Other
languages: a known first name followed by a capitalised word ("Olena Kowalenko"), and the cues the
English pipeline reads ("Olena, 34,"). Office holders named in their role ("начальник ОВА Олег
Синєгубов", public figures) are marked `official`; everyone else is `private`, and only private
persons go to the protected-persons register. The spans are `doc.spans["persons"]`.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from svidok.extract.multi.lexicon import load_lexicon
from svidok.extract.multi.morph import morph

PERSONS = "persons"
_LOCK = threading.Lock()
_AGE_CUE = re.compile(r"([A-ZА-ЯІЇЄҐ][\w'’ʼ-]+(?: [A-ZА-ЯІЇЄҐ][\w'’ʼ-]+)?), (?:\d{1,3})"
                      r"(?:,|\s*(?:р|л|г|lat|ans|años|jahre)\b)")
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


@lru_cache(maxsize=1)
def _natasha() -> tuple[object, object]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def _ru_names(text: str) -> list[tuple[int, int]]:
    from natasha import Doc as NDoc

    segmenter, tagger = _natasha()
    with _LOCK:  # natasha's taggers are not documented as thread-safe
        nd = NDoc(text)
        nd.segment(segmenter)
        nd.tag_ner(tagger)
    return [(s.start, s.stop) for s in nd.spans if s.type == "PER"]


def _cyrillic_names(doc: Doc) -> list[tuple[int, int]]:
    """Runs of capitalised words with a first name or patronymic among them ("Ганна Петрівна
    Іваненко", "Олена"); a lone word only as a first name that does not open its sentence."""
    analyser = morph(doc.lang_)
    out: list[tuple[int, int]] = []
    run: list[int] = []

    def given(word: str) -> bool:
        tags = {t for p in analyser.parses(word)[:3] for t in p.tags}
        return bool(tags & {"Name", "Patr"}) or _first_name(word)

    def close() -> None:
        if run:
            toks = [doc[i] for i in run]
            # "Мешканка Гракового Ганна ...": a name starts at its first name (or surname)
            while len(toks) > 1 and not given(toks[0].text):
                toks = toks[1:]
            first_names = [given(x.text) for x in toks]
            surnames = [bool({t for p in analyser.parses(x.text)[:2] for t in p.tags} & _NAME_TAGS)
                        for x in toks]
            opens = toks[0].is_sent_start
            if len(toks) >= 2 and any(first_names) and sum(first_names) + sum(surnames) >= len(toks):
                out.append((toks[0].idx, toks[-1].idx + len(toks[-1].text)))
            elif len(toks) == 1 and first_names[0] and (not opens or _first_name(toks[0].text)):
                out.append((toks[0].idx, toks[0].idx + len(toks[0].text)))
        run.clear()

    for tok in doc:
        text = tok.text
        if text[:1].isupper() and text.replace("'", "").replace("’", "").replace("ʼ", "").isalpha() \
                and not text.isupper() and len(text) > 1:
            run.append(tok.i)
        elif text in (".",) and run and len(doc[run[-1]].text) == 1:
            continue  # an initial: "О. Синєгубов"
        else:
            close()
    close()
    return out


def _first_name(word: str) -> bool:
    from svidok.extract.multi.places import _first_name as known

    return known(word)


def _latin_names(doc: Doc) -> list[tuple[int, int]]:
    from svidok.extract.gazetteer import Gazetteer
    from svidok.extract.persons import FIRST_NAMES
    from svidok.extract.places import EXTRA_FIRST_NAMES

    first = Gazetteer.load().first_names | FIRST_NAMES | EXTRA_FIRST_NAMES
    out = []
    for i, tok in enumerate(doc):
        if tok.lower_ not in first or not tok.text[:1].isupper():
            continue
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and nxt.text[:1].isupper() and nxt.text.isalpha():
            out.append((tok.idx, nxt.idx + len(nxt.text)))
        elif not tok.is_sent_start:  # a first name alone ("son fils Andriy")
            out.append((tok.idx, tok.idx + len(tok.text)))
    return out


def _a_town(doc: Doc, start: int, end: int) -> bool:
    """natasha reads a lone town's name as a person now and then ("после Изюма")."""
    from svidok.extract.gazetteer import Gazetteer
    from svidok.extract.multi.places import finder

    word = doc.text[start:end]
    if " " in word.strip():
        return False
    gaz = Gazetteer.load()
    return any(p.population >= 1_000 or p.level != "settlement"
               for key in finder(doc.lang_).keys(word) for p in gaz.lookup(key))


def _official(doc: Doc, start: int, end: int) -> bool:
    lex = load_lexicon(doc.lang_)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    analyser = morph(doc.lang_)
    words = {w.lower() for w in span.text.split()}
    words |= {lemma for t in span for lemma in analyser.lemmas(t.text)}
    if words & set(lex.list("public_figures")):
        return True
    near = [t for t in doc[max(span.sent.start, span.start - 4):span.start] if not t.is_punct]
    roles = lex.words("role_nouns")
    office = lex.words("office_nouns")
    official = lex.words("official")
    return any(roles.has(analyser.lemmas(t.text)) or office.has(analyser.lemmas(t.text))
               or official.has(analyser.lemmas(t.text)) for t in near)


@Language.component("svidok_ml_persons")
def persons(doc: Doc) -> Doc:
    text = doc.text
    if doc.lang_ == "ru":
        found = [s for s in _ru_names(text) if not _a_town(doc, *s)]
    elif doc.lang_ == "uk":
        found = _cyrillic_names(doc)
    else:
        found = _latin_names(doc)
    found += [m.span(1) for m in _AGE_CUE.finditer(text)]
    spans: list[Span] = []
    taken: set[int] = set()
    for start, end in sorted(set(found)):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or taken & set(range(span.start, span.end)):
            continue
        taken |= set(range(span.start, span.end))
        label = "official" if _official(doc, start, end) else "private"
        spans.append(Span(doc, span.start, span.end, label=label))
    doc.spans[PERSONS] = spans
    return doc
