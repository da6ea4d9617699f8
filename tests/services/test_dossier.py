"""The dossier's quotes: whole sentences, facts marked and labelled, report text escaped, protected
names withheld."""

from __future__ import annotations

from svidok.model import Mention, Span
from svidok.services.dossier import Mark, marked, sentence_bounds, source_quotes

TEXT = ("Title line\n\nSoldiers held 40 people in a cellar in Kupiansk. Olena Ivanenko said they were "
        "beaten. The police opened a case.\n")


def _span(word: str, text: str = TEXT) -> Span:
    start = text.index(word)
    return Span(start, start + len(word), word)


def test_dossier_sentence_bounds_widen_a_clause_to_its_sentence() -> None:
    s = _span("40 people")
    lo, hi = sentence_bounds(TEXT, s.start, s.end)
    assert TEXT[lo:hi] == "Soldiers held 40 people in a cellar in Kupiansk."


def test_dossier_sentence_bounds_drop_trailing_blank_lines() -> None:
    s = _span("The police opened a case.\n")
    assert TEXT[slice(*sentence_bounds(TEXT, s.start, s.end))] == "The police opened a case."


def test_dossier_marked_labels_each_fact_and_escapes_report_text() -> None:
    text = 'They held <b>"40"</b> people & more.'
    start = text.index("<b>")
    html = marked(text, 0, len(text), [Mark(start, start + 11, "victims")], [])
    assert ('<mark class="f-victims">&lt;b&gt;&#34;40&#34;&lt;/b&gt;</mark>'
            '<sup class="lbl">victims</sup>') in html
    assert "&amp; more." in html and "<b>" not in html


def test_dossier_marked_withholds_protected_names_even_inside_a_mark() -> None:
    name = _span("Olena Ivanenko")
    lo, hi = sentence_bounds(TEXT, name.start, name.end)
    html = marked(TEXT, lo, hi, [Mark(name.start, name.end + 5, "source")], [(name.start, name.end)])
    assert "Olena" not in html and "Ivanenko" not in html
    assert '<mark class="f-source"><span class="withheld">[name withheld]</span></mark>' in html


def test_dossier_source_quotes_merge_the_evidence_of_one_source() -> None:
    first = _span("Soldiers held 40 people in a cellar in Kupiansk.")
    second = _span("The police opened a case.")
    mentions = [Mention(document_id="d", type="detention", evidence=first, trigger=_span("held"),
                        count=40, count_span=_span("40 people")),
                Mention(document_id="d", type="detention", evidence=_span("in a cellar in Kupiansk"),
                        trigger=_span("held"), place_span=_span("Kupiansk"))]
    quotes = source_quotes(TEXT, [first, second], mentions, [])
    assert len(quotes) == 1 and quotes[0].count("Kupiansk") == 1
    assert 'f-act">held</mark>' in quotes[0] and 'f-place">Kupiansk</mark>' in quotes[0]
    assert len(source_quotes(TEXT, [first, second], [], [])) == 2  # without mentions: the spans alone
