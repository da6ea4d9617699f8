"""Turn an annotated spaCy Doc into Mentions: the one place where spans become model objects.

Each alleged act is tied to the place the text gives it: a place in the same clause,
else the story's current place (the "focus": the village a paragraph is about, kept
alive by "here", "the city", "locals"), else the dateline. Counts, dates, sources and
perpetrators come from the act's own sentence and carry their spans.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from svidok.extract import decide, grammar, layout
from svidok.extract.acts import Act
from svidok.extract.dates import span_date
from svidok.extract.lexicon import SAY_VERBS
from svidok.extract.persons import private_persons
from svidok.extract.roles import sentence_roles
from svidok.extract.sections import mention_id
from svidok.extract.taxonomy import load_taxonomy
from svidok.model import Mention, Place
from svidok.model import Span as TextSpan

# counts of the wounded or rescued are not counts of the act's victims ("killed 40 and injured 130")
_NOT_VICTIM_VERBS = frozenset("injure wound hurt hospitalize hospitalise rescue evacuate save treat".split())
MAX_FOCUS_AGE = 6  # sentences a place stays in focus without being named again
COUNT_TYPES = frozenset(
    "killing torture detention disappearance sexual_violence mutilation deportation "
    "burial_site threat".split()
)


@dataclass(slots=True)
class Focus:
    spans: list[Span]
    age: int
    sent: int = -1  # the sentence that named it
    para: int = -1  # the paragraph where it was last named or referred to


def _tspan(span: Span) -> TextSpan:
    return TextSpan(span.start_char, span.end_char, span.text)


class Binder:
    def __init__(self, doc: Doc, document_id: str, component: str, version: str) -> None:
        self.doc = doc
        self.document_id = document_id
        self.component, self.version = component, version
        self.places: dict[str, Place] = {k: Place(**v) for k, v in doc.user_data.get("places", {}).items()}
        self.taxonomy = load_taxonomy()
        self.filed: list[tuple[int, int]] = []
        self.topic: str | None = None
        self.para = 0  # the paragraph of the sentence being bound
        self.persons: tuple[TextSpan, ...] = ()
        self.sents: list[Span] = list(doc.sents)
        self.sent_no: dict[int, int] = {s.start: n for n, s in enumerate(self.sents)}
        self.dates = layout.by_sentence(self.sents, doc.spans.get("dates", []))

    def place(self, span: Span) -> Place:
        return self.places[span.kb_id_]

    def _admin1_of(self, spans: list[Span]) -> Place | None:
        """The oblast holding every place in spans, when they share one."""
        from svidok.extract.gazetteer import Gazetteer

        oblasts = {self.place(s).admin1 for s in spans}
        if len(oblasts) != 1:
            return None
        return Gazetteer.load().admin1(oblasts.pop())

    def _vicinity(self, span: Span) -> Span:
        """The span relabelled as the oblast around the city it names."""
        from svidok.extract.gazetteer import Gazetteer

        place = self.place(span)
        admin = self._admin1_of([span])
        if admin is not None and admin.name == place.name:  # Kyiv city: the region around it is Kyiv Oblast
            admin = Gazetteer.load().admin1(f"{place.name} Oblast")
        if admin is None:
            return span
        self.places[admin.id] = admin
        return Span(self.doc, span.start, span.end, label="admin1", kb_id=admin.id)

    def mentions(self) -> list[Mention]:
        doc = self.doc
        text = doc.text  # spaCy rebuilds doc.text on every access: read it once
        body = [tuple(b) for b in doc.user_data.get("body") or [(0, len(text))]]
        lines = layout.lines_index(text)
        # a section of a long text that does not open it (extract.sections) has no headline or dateline
        opening = doc.user_data.get("opening", True)
        self.filed = layout.dateline_prefixes(text, lines) if opening else []
        credits = tuple((s.start_char, s.end_char) for s in self.sents
                        if layout.byline(s) or layout.caption(s, lines, text))
        self.persons = private_persons(doc, credits)
        all_places = list(doc.spans.get("places", []))
        dateline = layout.dateline(doc, all_places, lines, text) if opening else None
        # the capital's dateline is the bureau's, not where the acts happened: never a fallback place
        bureau = dateline is not None and self.place(dateline).name == "Kyiv"
        first = text[lines[0][0] : lines[0][1]].strip() if lines and opening else ""
        sents = self.sents
        places_in = layout.by_sentence(sents, all_places)
        sources_in = layout.by_sentence(sents, doc.spans.get("sources", []))
        acts_in = layout.by_sentence(sents, doc.spans.get("acts", []))
        counts_in = layout.by_sentence(sents, doc.spans.get("counts", []))
        in_body = layout.Intervals(body)
        headline_end = lines[0][1] if first and not first.endswith(layout.TERMINAL) else -1
        # each place's role is decided once: the topic count and every sentence read the same table
        role_of = {p.start: grammar.place_role(p) for p in all_places}
        self.topic = self._topic(all_places, dateline, role_of)
        focus: Focus | None = None
        focus_admin1: tuple[Place, Span] | None = None
        last_source: Span | None = None
        source_age = 99
        out: dict[tuple[str, str, int], Mention] = {}
        denial: set[str] = set()
        last_act: tuple[int, list[Span]] | None = None
        body_counts: list[tuple[int, Span, list[str]]] = []
        recent: list[tuple[int, Mention]] = []  # counted burial/killing mentions, by sentence number
        breaks = [m.end() for m in re.finditer(r"\n\s*\n", text)]
        for n_sent, sent in enumerate(sents):
            para = bisect.bisect_right(breaks, sent.start_char)
            self.para = para
            # where the sentence's text begins: a leading space or newline may lie outside the body
            stext = text[sent.start_char : sent.end_char]
            first_char = sent.start_char + len(stext) - len(stext.lstrip())
            if not in_body.holds(first_char) or layout.caption(sent, lines, text):
                continue
            if layout.byline(sent):
                continue
            sp = places_in[n_sent]
            roles = sentence_roles(sent, sp, sources_in[n_sent], role_of, dateline)
            # a long report's numbered section starts afresh: its own place, or none carried over
            # from the section before (numbered paragraphs within a section go on with their case;
            # a news subhead goes on with the story)
            if not sp and layout.numbered_heading(sent, lines, text):
                focus = focus_admin1 = None
            loc = [p for p in sp if roles[p.start] in ("locative", "vicinity")]
            if not loc:
                loc = [p for p in sp if roles[p.start] == "near_unnamed"]
                for p in loc:
                    roles[p.start] = "vicinity"
            # "died near Kiev": the guidelines read that as the oblast around the city
            loc = [self._vicinity(p) if roles[p.start] == "vicinity" else p for p in loc]
            settlements = [p for p in loc if p.label_ == "settlement"]
            contained = {self.place(s).admin1 for s in settlements}
            loc = settlements + [
                p for p in loc if p.label_ != "settlement" and self.place(p).name not in contained
            ]
            # story focus: updated before binding so "mayor of Izyum said the occupiers here ..." works
            focal = [
                p
                for p in sp
                if roles[p.start] in ("locative", "role") and p.label_ == "settlement" and p is not dateline
            ]
            if len(focal) > 1:  # "Novoselivka begins where the city of Chernihiv ends": the topic
                first = grammar.unwrap(focal[0].root)
                focal = [focal[0]] + [p for p in focal[1:] if grammar.unwrap(p.root) in first.conjuncts]
            if sent.start_char < headline_end:
                # the headline restates the story in vaguer terms ("Kharkiv region village"):
                # neither its acts nor its places are taken; the body says them precisely
                continue
            elif focal:
                focus = Focus(focal, 0, n_sent, para)
            elif loc:
                if (
                    focus is not None
                    and layout.anaphora(sent)
                    and all(
                        p.label_ == "admin1"
                        and self.place(p).name in {self.place(f).admin1 for f in focus.spans}
                        for p in loc
                    )
                ):
                    focus.age, focus.para = 0, para  # "within this city, one of several in the region"
                else:
                    focus = Focus(loc, 0, n_sent, para)
            elif focus is not None:
                if decide.whole_region(sent) and focus.spans[0].label_ == "settlement":
                    admin = self._admin1_of(focus.spans)
                    focus_admin1 = (admin, focus.spans[0]) if admin else None
                    focus = None
                elif layout.anaphora(sent):
                    focus.age, focus.para = 0, para
                else:
                    focus.age += 1
            # sources: who says what in this sentence
            srcs = sources_in[n_sent]
            named = [s for s in srcs if s.label_ != "pronoun"]
            source: Span | None = named[0] if named else (last_source if srcs and source_age < 8 else None)
            if (
                source is None
                and last_source is not None
                and source_age <= 1
                and sent.text.lstrip()[:1] in "“\"'‘"
            ):
                source = last_source
            if named:
                last_source, source_age = named[-1], 0
            else:
                source_age += 1
            # a section heading names topics, it asserts no act (its places may still set the focus)
            cues = [] if layout.heading(sent, lines, text) else acts_in[n_sent]
            acts, denied_here = decide.asserted(cues, sent, self.taxonomy)
            denial |= denied_here
            counts = counts_in[n_sent]
            here = [p.kb_id_ for p in (loc or (focus.spans if focus else []))]
            body_counts += [
                (n_sent, c, here)
                for c in counts
                if doc[int(c.kb_id_.split("|")[2])].lemma_.lower() in ("body", "corpse")
            ]
            grave_n = [
                t for t in sent if t.lower_ in ("grave", "graves") for c in t.children if c.dep_ == "nummod"
            ]
            there = any(t.lower_ == "there" and t.dep_ == "advmod" for t in sent)
            if there and not loc and last_act and n_sent - last_act[0] <= 3:
                loc = last_act[1]  # "prisoners held there": where the last act happened
            # a regional office that speaks ("the Sumy regional prosecutor's office said") places an act
            # that nothing else places in its oblast, never over the story's own place
            offices = [p for p in sp if roles[p.start] == "office" and p.label_ == "admin1"]
            nationwide = not loc and bool(decide.NATIONWIDE.search(sent.text))
            for act in acts:
                if nationwide:
                    continue
                basis, targets = self._targets(act, loc, self._area(self._unspread(focus, n_sent), n_sent),
                                               focus_admin1, None if bureau else dateline, offices)
                if len(targets) >= 3 and all(p.level == "admin1" for p, _ in targets) and counts_in[n_sent]:
                    continue  # one figure over three or more regions is no incident's count anywhere
                if targets and targets[0][1] is not None:
                    last_act = (n_sent, [p for _, p in targets if p.label_ in ("settlement", "admin1")])
                # "458 were killed in Bucha and Irpin": a figure over several places is none of theirs
                shared = len({p.id for p, _ in targets}) > 1
                for place, pspan in targets:
                    m = _with(self._mention(act, sent, place, pspan, counts, source), place_basis=basis)
                    if shared:
                        m = _with(m, count=None, qualifier=None, count_span=None)
                    elif m.count is None and m.type == "killing":
                        m = decide.inherit_count(m, n_sent, sent, grave_n, recent)
                    key = (m.type, place.id, sent.start)
                    if key not in out or (out[key].count is None and m.count is not None):
                        out[key] = m
                    if m.count is not None and m.type in ("burial_site", "killing"):
                        recent.append((n_sent, m))
        result = decide.drop_vague_oblasts(self._body_counts(list(out.values()), body_counts))
        if denial:  # a party's denial is reported: the acts it covers are contested
            result = [
                _with(m, denied=True)
                if "*" in denial
                or m.type in denial
                or ("attack_civilian_objects" in denial and m.type == "killing")
                else m
                for m in result
            ]
        return result

    def _topic(self, places: list[Span], dateline: Span | None, role_of: dict[int, str]) -> str | None:
        """The settlement a report is about: named where things happen more often than any other."""
        from collections import Counter

        named = Counter(self.place(p).id for p in places if p is not dateline and p.label_ == "settlement"
                        and role_of[p.start] in ("locative", "role", "vicinity"))
        if len(named) == 1:  # the only settlement the report places anything in is its topic
            return next(iter(named))
        top = named.most_common(2)
        if not top or top[0][1] < 2 or (len(top) > 1 and top[1][1] * 2 > top[0][1]):
            return None
        return top[0][0]

    def _unspread(self, focus: Focus | None, n_sent: int) -> Focus | None:
        """No focus when an earlier sentence named two or more regions ("the towns of Kyiv,
        Chernihiv and Sumy regions"): a later act without a place is in none of them in particular."""
        if focus is None or focus.sent == n_sent or any(p.label_ != "admin1" for p in focus.spans):
            return focus
        return None if len({p.kb_id_ for p in focus.spans}) >= 2 else focus

    def _area(self, focus: Focus | None, n_sent: int) -> Focus | None:
        """A focus named as a list of three or more towns ("people from Kherson, Melitopol, Berdyansk
        and ten other towns"), used by a later sentence: the act is in their area, not in each town."""
        if focus is None or focus.sent == n_sent:
            return focus
        towns = {self.place(p).id for p in focus.spans if p.label_ == "settlement"}
        if len(towns) < 3:
            return focus
        from svidok.extract.gazetteer import Gazetteer

        spans = []
        for oblast in dict.fromkeys(self.place(p).admin1 for p in focus.spans):
            admin = Gazetteer.load().admin1(oblast)
            if admin is not None:
                self.places[admin.id] = admin
                first = next(p for p in focus.spans if self.place(p).admin1 == oblast)
                spans.append(Span(self.doc, first.start, first.end, label="admin1", kb_id=admin.id))
        return Focus(spans, focus.age, focus.sent, focus.para) if spans else None

    def _targets(
        self,
        act: Act,
        loc: list[Span],
        focus: Focus | None,
        focus_admin1: tuple[Place, Span] | None,
        dateline: Span | None,
        offices: list[Span] | None = None,
    ) -> tuple[str, list[tuple[Place, Span]]]:
        """Where an act happened, and on what basis (recorded with the mention)."""
        if loc:
            verb = grammar.clause_verb(act.span.root)
            best = min(
                loc,
                key=lambda p: (
                    grammar.tree_distance(act.span.root, p.root)
                    + (0 if grammar.clause_verb(p.root) == verb else 3)
                ),
            )
            group = [best] + [
                p
                for p in loc
                if p is not best
                and (
                    p.root in best.root.conjuncts
                    or grammar.unwrap(p.root) in grammar.unwrap(best.root).conjuncts
                    # "the village of Hrakove and the city of Vovchansk": the parser hangs the second
                    # wrapper on the first place
                    or grammar.unwrap(p.root) in best.root.conjuncts
                    or grammar.unwrap(best.root) in p.root.conjuncts
                )
            ]
            return "sentence", [(self.place(p), p) for p in group]
        if focus is not None and (focus.age <= MAX_FOCUS_AGE or focus.para == self.para):
            # a paragraph stays about the place it named, however long it runs
            return "focus", [(self.place(p), p) for p in focus.spans]
        if focus is not None and self.topic and all(self.place(p).id == self.topic for p in focus.spans):
            # the report's one topic place stays in focus however long it goes on about it
            return "topic", [(self.place(p), p) for p in focus.spans]
        if offices:
            return "office", [(self.place(offices[0]), offices[0])]
        if dateline is not None:
            return "dateline", [(self.place(dateline), dateline)]
        if focus is not None:
            admin = self._admin1_of(focus.spans)
            return "region", [(admin, focus.spans[0])] if admin else []
        if focus_admin1 is not None:
            return "region", [focus_admin1]
        return "none", []

    def _mention(
        self, act: Act, sent: Span, place: Place, pspan: Span, counts: list[Span], source: Span | None
    ) -> Mention:
        doc = self.doc
        root = act.span.root
        count = qual = cspan = None
        if act.type in COUNT_TYPES:
            tied = []
            for c in counts:
                victim = doc[int(c.kb_id_.split("|")[1])]
                if grammar.clause_verb(victim).lemma_.lower() in _NOT_VICTIM_VERBS:
                    continue
                if (
                    victim in root.subtree
                    or root in victim.subtree
                    or victim.head == root.head
                    or grammar.clause_verb(victim) == grammar.clause_verb(root)
                ):
                    tied.append((grammar.tree_distance(victim, root), c))
            if tied:
                c = min(tied, key=lambda x: x[0])[1]
                count, qual, cspan = int(c.kb_id_.split("|")[0]), c.label_, _tspan(c)
            else:
                single = decide.named_victims(root)
                if single is not None:
                    count, qual, cspan = single[0], "exact", _tspan(single[1])
        date = dspan = None
        filed = self.filed
        for d in self.dates[self.sent_no[sent.start]]:
            if any(a <= d.start_char < b for a, b in filed):
                continue  # the dateline's date is when the report was filed
            if grammar.clause_verb(d.root).lemma_.lower() not in SAY_VERBS:
                date, dspan = span_date(d), _tspan(d)
                break
        if date is None and _DURING_OCCUPATION.search(sent.text):
            period = self._period(sent)
            if period is not None:  # dated by the occupation period the report states, with its span
                date, dspan = span_date(period), _tspan(period)
        perp = decide.perpetrator(root, sent)
        persons = self.persons  # every private person of the report: the register hides them all
        pid = place.id
        return Mention(
            document_id=self.document_id,
            type=act.type,
            evidence=_tspan(sent),
            trigger=_tspan(act.span),
            place=place,
            place_span=_tspan(pspan),
            count=count,
            qualifier=qual,
            count_span=cspan,  # type: ignore[arg-type]
            date=date,
            date_span=dspan,
            attributed_to=source.text if source is not None else None,
            attribution_kind=source.label_ if source is not None else None,
            attribution_span=_tspan(source) if source is not None else None,
            perpetrator=perp.text if perp is not None else None,
            perpetrator_span=_tspan(perp) if perp is not None else None,
            persons=persons,
            component=self.component,
            version=self.version,
            id=mention_id(self.document_id, act.type, pid, sent.start_char, sent.end_char, self.version),
        )

    def _period(self, sent: Span) -> Span | None:
        """The occupation period the report states, when it states one (the last before `sent`,
        else the only one)."""
        periods = list(self.doc.spans.get("periods", []))
        before = [p for p in periods if p.start < sent.end]
        if before:
            return before[-1]
        distinct = {p.kb_id_ for p in periods}
        return periods[0] if len(distinct) == 1 else None

    def _body_counts(
        self, mentions: list[Mention], body_counts: list[tuple[int, Span, list[str]]]
    ) -> list[Mention]:
        """Graves found, then 'investigators had recovered 44 bodies': the bodies are the graves' count."""
        if not body_counts:
            return mentions
        starts = {s.start_char: n for n, s in enumerate(self.sents)}
        out = []
        for m in mentions:
            if m.type == "burial_site" and m.count is None and m.place is not None:
                n_m = starts.get(m.evidence.start, -99)
                near = [c for n, c, here in body_counts if abs(n - n_m) <= 3 and m.place.id in here]
                if near:
                    c = max(near, key=lambda c: int(c.kb_id_.split("|")[0]))
                    m = _with(m, count=int(c.kb_id_.split("|")[0]), qualifier=c.label_, count_span=_tspan(c))
            out.append(m)
        return out


_DURING_OCCUPATION = re.compile(
    r"\b(?:during|throughout|under|in the (?:days|months|weeks) of) (?:the |its |their |Russian )*"
    r"(?:\w+[- ]month |\w+[- ]week )?occupation\b|\bwhile (?:the )?(?:\w+ )?was (?:still )?occupied\b",
    re.I,
)


def _with(m: Mention, **changes: object) -> Mention:
    from dataclasses import replace

    return replace(m, **changes)  # type: ignore[arg-type]


def doc_to_mentions(
    doc: Doc, document_id: str, component: str = "svidok.extract", version: str = "0"
) -> list[Mention]:
    return Binder(doc, document_id, component, version).mentions()
