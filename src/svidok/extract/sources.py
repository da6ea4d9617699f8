"""Who says it: 'according to X', 'X said', 'X told CNN', 'CNN saw'. Label = kind of source."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from svidok.extract.lexicon import SAY_VERBS, SOURCE_KINDS

SOURCES = "sources"
_SEE_VERBS = frozenset("see witness observe visit film photograph count find".split())
_PRONOUNS = frozenset("he she they i we it".split())
_KIND_ORDER = ("journalist", "investigator", "official", "witness", "agency")


def source_kind(tokens: list[Token]) -> str:
    lemmas = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    for kind in _KIND_ORDER:
        if lemmas & set(SOURCE_KINDS[kind]):
            return kind
    if any(t.ent_type_ == "PERSON" for t in tokens):
        return "witness"
    if any(t.ent_type_ == "ORG" for t in tokens):
        return "agency"
    return "unknown"


def _phrase(head: Token) -> tuple[int, int]:
    """The speaker phrase: the head's subtree cut at the first comma or clause."""
    left, right = head.left_edge.i, head.i + 1
    while left < head.i and head.doc[left].is_punct:
        left += 1
    for t in head.doc[head.i + 1 : head.right_edge.i + 1]:
        joined = t.text in ("-", "‑") and not head.doc[t.i - 1].whitespace_  # "ex-prisoner"
        if (
            (t.is_punct and not joined)
            or t.dep_ in ("relcl", "acl", "advcl")
            or t.lower_ in ("who", "which", "that")
        ):
            break
        right = t.i + 1
    return left, right


@Language.component("svidok_sources")
def sources(doc: Doc) -> Doc:
    spans: list[Span] = []
    for tok in doc:
        head: Token | None = None
        kind: str | None = None
        if tok.lower_ == "according":
            to = [c for c in tok.children if c.lower_ == "to"]
            objs = [g for c in to for g in c.children if g.dep_ == "pobj"]
            head = objs[0] if objs else None
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in SAY_VERBS | _SEE_VERBS:
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0].dep_ == "nsubj":
                head = subj[0]
                if tok.lemma_.lower() in _SEE_VERBS:
                    # only reporters who saw it make a first-hand source by seeing
                    k = source_kind(list(head.subtree))
                    if k not in ("journalist", "investigator") and head.ent_type_ != "ORG":
                        continue
                    kind = "journalist" if k == "journalist" or head.ent_type_ == "ORG" else k
        if head is None:
            continue
        if head.lower_ in _PRONOUNS:
            kind = kind or "pronoun"
            left, right = head.i, head.i + 1
        else:
            left, right = _phrase(head)
        kind = kind or source_kind(list(doc[left:right]) + list(head.subtree))
        spans.append(Span(doc, left, right, label=kind, kb_id=str(tok.i)))
    doc.spans[SOURCES] = spans
    return doc
