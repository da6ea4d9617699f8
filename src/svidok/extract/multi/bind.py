"""Turn an annotated non-English Doc into Mentions (the English counterpart is extract/bind.py).

The decisions are the English ones, read from word order instead of a parse: an asserted act
goes to a locative place of its own sentence (the nearest; places joined by "і"/"та" all count),
else to the story's focus (the settlement the paragraph named, kept by "тут", "там", "село",
"місцеві жителі"; six sentences beyond, a paragraph however long), else to the report's topic
settlement, a regional office that speaks in the sentence (its oblast), the dateline (not Kyiv's)
and the oblast of an aged focus. Counts, dates, persons, sources and perpetrators come from the
act's sentence with their spans; every span points into the original text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from svidok.extract import layout
from svidok.extract.dates import span_date
from svidok.extract.multi import facts, roles
from svidok.extract.multi.acts import MlAct, judge_for
from svidok.extract.multi.lexicon import load_lexicon
from svidok.extract.multi.morph import morph
from svidok.extract.sections import mention_id
from svidok.model import Mention, Place
from svidok.model import Span as TextSpan

MAX_FOCUS_AGE = 6
_BIG_CITY = 150_000
_AND = frozenset("і та й и and i et y und".split())
_ANAPHORA = ("anaphora", "village_words", "township_words", "city_words")


@dataclass(slots=True)
class Focus:
    spans: list[Span]
    age: int
    para: int
    sent: int = -1  # the sentence that named it


def _tspan(span: Span) -> TextSpan:
    return TextSpan(span.start_char, span.end_char, span.text)


class MlBinder:
    def __init__(self, doc: Doc, document_id: str, component: str, version: str) -> None:
        self.doc = doc
        self.document_id = document_id
        self.component, self.version = component, version
        self.lex = load_lexicon(doc.lang_)
        self.judge = judge_for(doc.lang_)
        self.morph = morph(doc.lang_)
        self.places: dict[str, Place] = {k: Place(**v) for k, v in doc.user_data.get("places", {}).items()}
        self.sents = list(doc.sents)
        self.sent_no = {s.start: n for n, s in enumerate(self.sents)}
        self.dates = layout.by_sentence(self.sents, doc.spans.get("dates", []))
        self.persons = tuple(_tspan(p) for p in doc.spans.get("persons", []) if p.label_ == "private")
        self.filed: tuple[int, int] = (0, 0)

    def place(self, span: Span) -> Place:
        return self.places[span.kb_id_]

    def _oblast(self, spans: list[Span]) -> Place | None:
        from svidok.extract.gazetteer import Gazetteer

        oblasts = {self.place(s).admin1 for s in spans}
        if len(oblasts) != 1:
            return None
        return Gazetteer.load().admin1(oblasts.pop())

    def _as_oblast(self, span: Span) -> Span:
        """'під Харковом': the oblast around the city."""
        from svidok.extract.gazetteer import Gazetteer

        place = self.place(span)
        admin = self._oblast([span])
        if admin is not None and admin.name == place.name:  # Kyiv: the region around it is Kyiv Oblast
            admin = Gazetteer.load().admin1(f"{place.name} Oblast")
        if admin is None:
            return span
        self.places[admin.id] = admin
        return Span(self.doc, span.start, span.end, label="admin1", kb_id=admin.id)

    def _has(self, toks: list, name: str) -> bool:  # type: ignore[type-arg]
        return self.judge.has(toks, name)

    def party(self) -> bool:
        """The report ties its acts to a party somewhere ("окупанти", "російські військові")."""
        doc = self.doc
        toks = list(doc)
        if self._has(toks, "party_nouns"):
            return True
        heads = self.lex.words("party_heads")
        adjs = self.lex.words("party_adjectives")
        for i, t in enumerate(toks):
            if t.is_alpha and adjs.has(self.morph.lemmas(t.text)):
                # "російські військові", and after the noun: "wojska rosyjskie", "troupes russes"
                near = toks[max(0, i - 3):i] + toks[i + 1:i + 4]
                if any(heads.has(self.morph.lemmas(x.text)) for x in near if x.is_alpha):
                    return True
        return False

    def mentions(self) -> list[Mention]:
        doc = self.doc
        text = doc.text
        body = layout.Intervals([tuple(b) for b in doc.user_data.get("body") or [(0, len(text))]])
        lines = layout.lines_index(text)
        opening = doc.user_data.get("opening", True)
        places = list(doc.spans.get("places", []))
        # the dateline opens one of the body's first lines (page furniture before it is no line of the report)
        body_lines = [ln for ln in lines if body.holds(ln[0])]
        dateline = layout.dateline(doc, places, body_lines, text) if opening else None
        bureau = dateline is not None and self.place(dateline).name == "Kyiv"
        # the dateline, and its town named in the page furniture above it ("Київ • Агенція"), file the report
        filed_at = {p.start for p in places if dateline is not None and p.start <= dateline.start
                    and self.place(p).id == self.place(dateline).id}
        first = text[lines[0][0]:lines[0][1]].strip() if lines and opening else ""
        headline_end = lines[0][1] if first and not first.endswith(layout.TERMINAL) else -1
        self.filed = (lines[1][0], lines[1][1]) if dateline is not None and len(lines) > 1 else (0, 0)
        sents = self.sents
        places_in = layout.by_sentence(sents, places)
        acts_in = layout.by_sentence(sents, doc.spans.get("acts", []))
        counts_in = layout.by_sentence(sents, doc.spans.get("counts", []))
        role_of = {p.start: roles.place_role(p, self.lex) for p in places}
        topic = self._topic(places, dateline, role_of)
        party = self.party()
        breaks = [m.end() for m in re.finditer(r"\n\s*\n", text)]
        read_also = self.lex.patterns.get("read_also")
        nationwide = self.lex.patterns.get("nationwide")
        whole_region = self.lex.patterns.get("whole_region")
        focus: Focus | None = None
        history: list[Focus] = []  # settlements named so far, for "the village" after a town
        region_focus: tuple[Place, Span] | None = None
        teaser_para = -1
        last_act: tuple[int, list[Span]] | None = None
        out: dict[tuple[str, str, int], Mention] = {}
        denial: set[str] = set()
        for n_sent, sent in enumerate(sents):
            para = bisect.bisect_right(breaks, sent.start_char)
            stext = text[sent.start_char:sent.end_char]
            start = sent.start_char + len(stext) - len(stext.lstrip())
            if not body.holds(start) or (layout.caption(sent, lines, text) and not _lead(sent, lines, text)):
                continue
            if read_also is not None and read_also.search(stext.strip()):
                teaser_para = para  # "Читайте також": teasers of other stories until the paragraph ends
                continue
            if para == teaser_para:
                continue
            sp = places_in[n_sent]
            roles_here = {p.start: role_of[p.start] for p in sp}
            loc = [p for p in sp if roles_here[p.start] in ("locative", "vicinity")
                   and p.start not in filed_at]
            loc = [self._as_oblast(p) if roles_here[p.start] == "vicinity" and (
                p.label_ == "admin1" or self.place(p).population >= _BIG_CITY) else p for p in loc]
            settlements = [p for p in loc if p.label_ == "settlement"]
            if not settlements:  # "на Харківщині викрали старосту Балаклійської громади": the town
                settlements = [p for p in sp if roles_here[p.start] == "role" and p.label_ == "settlement"
                               and self.place(p).admin1 in {self.place(x).name for x in loc}]
            within = {self.place(s).admin1 for s in settlements}
            # the oblast goes with its town unless joined to it ("у Миколаєві та області")
            paired = [p for p in loc if p.label_ == "admin1" and any(roles.conjoined(p, s) and any(
                t.lower_ in _AND for t in self.doc[s.end:p.start]) for s in settlements)]
            loc = settlements + [p for p in loc if p.label_ != "settlement" and (
                self.place(p).name not in within or p in paired)]
            focal = [p for p in sp if roles_here[p.start] in ("locative", "role") and p.label_ == "settlement"
                     and p.start not in filed_at]
            focal += [p for p in paired if focal]
            # officials of several towns listed ("мер X, голова Y-ської ради"): their towns hold this
            # sentence's act, but no one of them becomes the story's place
            listed = focal if len({self.place(p).id for p in focal}) > 1 and all(
                roles_here[p.start] == "role" for p in focal) else []
            focal = [] if listed else focal
            if sent.start_char < headline_end:
                continue  # the headline restates the story; the body says it precisely
            toks = list(sent)
            anaphora = any(self._has(toks, k) for k in _ANAPHORA)
            if focal:
                focus = Focus(focal, 0, para, n_sent)
                history.append(focus)
            elif anaphora and (back := self._back(history, sent)) is not None:
                focus = Focus(back.spans, 0, para, back.sent)
            elif loc:
                around = {self.place(f).admin1 for f in focus.spans} if focus is not None else set()
                if focus is not None and anaphora and all(
                        p.label_ == "admin1" and self.place(p).name in around for p in loc):
                    focus.age, focus.para = 0, para  # "у цьому селі Харківської області"
                else:
                    focus = Focus(loc, 0, para, n_sent)
            elif focus is not None:
                widens = whole_region is not None and whole_region.search(stext) is not None
                if widens and focus.spans[0].label_ == "settlement":
                    admin = self._oblast(focus.spans)
                    region_focus = (admin, focus.spans[0]) if admin else None
                    focus = None
                elif anaphora:
                    focus.age, focus.para = 0, para
                else:
                    focus.age += 1
            cues = [] if layout.heading(sent, lines, text) else acts_in[n_sent]
            acts, denied = self.judge.judge(cues, party)
            denial |= denied
            if not loc and nationwide is not None and nationwide.search(stext):
                continue  # a toll across Ukraine or in "occupied territories" belongs to no place
            if not loc and last_act and n_sent - last_act[0] <= 3 and self._has(list(sent), "there") and (
                    focus is None or last_act[0] >= focus.sent):
                loc = last_act[1]  # "held there": where the last act happened, unless a place was named since
            offices = [p for p in sp if roles_here[p.start] == "office" and p.label_ == "admin1"]
            for act in acts:
                targets = [(self.place(p), p) for p in listed] if listed and not loc else self._targets(
                    act, loc, focus, para, topic, offices, None if bureau else dateline, region_focus)
                if targets and targets[0][1] is not None:
                    last_act = (n_sent, [p for _, p in targets])
                for place, pspan in targets:
                    m = self._mention(act, sent, place, pspan, counts_in[n_sent])
                    key = (m.type, place.id, sent.start)
                    if key not in out or (out[key].count is None and m.count is not None):
                        out[key] = m
        result = self._drop_vague(list(out.values()))
        if denial:
            result = [replace(m, denied=True) if m.type in denial else m for m in result]
        return result

    def _back(self, history: list[Focus], sent: Span) -> Focus | None:
        """'мешканка села' after a town was named: the last village named, not the town."""
        from svidok.extract.gazetteer import Gazetteer

        gaz = Gazetteer.load()
        toks = list(sent)
        if self._has(toks, "village_words"):
            kinds = ("C", "G")
        elif self._has(toks, "township_words"):
            kinds = ("T", "X")
        elif self._has(toks, "city_words"):
            kinds = ("M", "K")
        else:
            return None
        def kind(span: Span) -> str:  # a namesake named without its oblast's choice is a village
            return gaz.kind(self.place(span)) or "C"

        if history and all(kind(p) in kinds for p in history[-1].spans):
            return None  # the story's place is already one
        for past in reversed(history[:-1]):
            if all(kind(p) in kinds for p in past.spans):
                return past
        return None

    def _topic(self, places: list[Span], dateline: Span | None, role_of: dict[int, str]) -> str | None:
        named = Counter(self.place(p).id for p in places if p is not dateline and p.label_ == "settlement"
                        and role_of[p.start] in ("locative", "role", "vicinity"))
        top = named.most_common(2)
        if not top or top[0][1] < 2 or (len(top) > 1 and top[1][1] * 2 > top[0][1]):
            return None
        return top[0][0]

    def _targets(self, act: MlAct, loc: list[Span], focus: Focus | None, para: int, topic: str | None,
                 offices: list[Span], dateline: Span | None, region_focus: tuple[Place, Span] | None
                 ) -> list[tuple[Place, Span]]:
        if loc:
            cue = act.span.start
            best = min(loc, key=lambda p: (abs(p.start - cue) + (0 if p.start > cue else 1), p.start))
            group = [best] + [p for p in loc if p is not best and roles.conjoined(best, p)]
            return [(self.place(p), p) for p in group]
        if focus is not None and (focus.age <= MAX_FOCUS_AGE or focus.para == para):
            return [(self.place(p), p) for p in focus.spans]
        if focus is not None and topic and all(self.place(p).id == topic for p in focus.spans):
            return [(self.place(p), p) for p in focus.spans]
        if offices:
            return [(self.place(offices[0]), offices[0])]
        if dateline is not None:
            return [(self.place(dateline), dateline)]
        if focus is not None:
            admin = self._oblast(focus.spans)
            return [(admin, focus.spans[0])] if admin else []
        if region_focus is not None:
            return [region_focus]
        return []

    def _mention(self, act: MlAct, sent: Span, place: Place, pspan: Span, counts: list[Span]) -> Mention:
        counted = facts.count(act, counts, self.lex)
        date = dspan = None
        for d in self.dates[self.sent_no[sent.start]]:
            if self.filed[0] <= d.start_char < self.filed[1]:
                continue  # the dateline's date is when the report was filed
            date, dspan = span_date(d), _tspan(d)
            break
        source = facts.source(sent, self.lex)
        perp = facts.perpetrator(sent, self.lex)
        return Mention(
            document_id=self.document_id, type=act.type, evidence=_tspan(sent), trigger=_tspan(act.span),
            place=place, place_span=_tspan(pspan),
            count=counted[0] if counted else None, qualifier=counted[1] if counted else None,  # type: ignore[arg-type]
            count_span=counted[2] if counted else None, date=date, date_span=dspan,
            attributed_to=source[0] if source else None, attribution_kind=source[1] if source else None,
            attribution_span=source[2] if source else None,
            perpetrator=perp.text if perp is not None else None,
            perpetrator_span=_tspan(perp) if perp is not None else None,
            persons=self.persons, component=self.component, version=self.version,
            id=mention_id(self.document_id, act.type, place.id, sent.start_char, sent.end_char, self.version),
        )

    def _drop_vague(self, mentions: list[Mention]) -> list[Mention]:
        """'в одному із сіл Харківщини' when the report names the village for the same act: the
        oblast stands in for it (a regional figure of its own stays)."""
        settled: dict[tuple[str, str], set[int | None]] = {}
        for m in mentions:
            if m.place is not None and m.place.level == "settlement" and m.place.admin1:
                settled.setdefault((m.type, m.place.admin1), set()).add(m.count)

        def vague(m: Mention) -> bool:
            if m.place is None or m.place.level != "admin1" or (m.type, m.place.name) not in settled:
                return False
            if m.count is not None and m.count not in settled[(m.type, m.place.name)]:
                return False
            if m.place_span is None:
                return True
            before = self.doc.char_span(m.evidence.start, m.place_span.start, alignment_mode="contract")
            return before is not None and self._has(list(before)[-6:], "settlement_words")

        return [m for m in mentions if not vague(m)]


_PHOTO = re.compile(r"фото|photo|foto|zdj[eę]ci|bild", re.I)


def _lead(sent: Span, lines: list[tuple[int, int]], text: str) -> bool:
    """The line after an unpunctuated headline, unpunctuated like a caption, is the report's lead (its
    standfirst) unless it speaks of a photo."""
    headline = len(lines) > 1 and not text[lines[0][0]:lines[0][1]].rstrip().endswith(layout.TERMINAL)
    return headline and lines[1][0] <= sent.start_char < lines[1][1] and not _PHOTO.search(
        text[lines[1][0]:lines[1][1]])


def doc_to_mentions(doc: Doc, document_id: str, component: str = "svidok.extract",
                    version: str = "0") -> list[Mention]:
    return MlBinder(doc, document_id, component, version).mentions()
