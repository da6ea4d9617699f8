"""Body segments: page furniture left out, the report itself (headline included) kept."""

from __future__ import annotations

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from svidok.read import body_spans, read_bytes
from svidok.read.segments import body_text

from .conftest import SEEDS, needs_seeds

PIECES = [
    "\n",
    "\n\n",
    "  ",
    "Read more\n",
    "Other Topics of Interest\n",
    "Share on Facebook\n",
    "Grain Exports Resume\n",
    "Home\n",
    "“A quoted remark,” he said.\n",
    "Soldiers held twelve residents in the school basement, police said.\n",
    "Photo: Agency\n",
    "Short summary of another story about ports and grain.\n",
    "Victims:\n",
    "\r",
    "\t",
]


def _body(text: str) -> str:
    return body_text(text, body_spans(text))


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@needs_seeds
def test_segments_drop_teaser_block_in_seed():
    body = _body(_seed("002"))
    assert "AI-Enabled War Drones" not in body
    assert "signal jamming" not in body
    assert "Other Topics of Interest" not in body


@needs_seeds
def test_segments_keep_quote_after_teaser_in_seed():
    body = _body(_seed("002"))
    assert "the whole world should know about the atrocities" in body
    assert body.rstrip().endswith("Bolvinov added.")


@needs_seeds
def test_segments_drop_correction_footer_in_seed():
    body = _body(_seed("002"))
    assert "suggest a correction" not in body and "Ctrl + Enter" not in body


def test_segments_leave_normal_report_untouched(fixture_bytes):
    text = read_bytes(fixture_bytes("plain_report.txt"), "plain_report.txt").text
    assert body_spans(text) == ((0, len(text.rstrip())),)


@needs_seeds
def test_segments_leave_seed_reports_without_furniture_whole():
    for prefix in ("000", "001"):
        text = _seed(prefix)
        assert len(body_spans(text)) == 1


def test_segments_keep_first_headline(fixture_bytes):
    text = fixture_bytes("teaser_dump.txt").decode()
    assert body_spans(text)[0][0] == 0
    assert _body(text).startswith("Soldiers held villagers in a school basement, police say")


def test_segments_drop_furniture_lines(fixture_bytes):
    body = _body(fixture_bytes("teaser_dump.txt").decode())
    for furniture in (
        "Photo: Example Agency",
        "Share on",
        "Leave a comment",
        "newsletter",
        "cookie",
        "Grain Exports",
        "Ships loaded with wheat",
        "Ctrl + Enter",
    ):
        assert furniture not in body
    assert "every person who was held there has been heard" in body
    assert "kept for three weeks" in body


def test_segments_drop_navigation_list():
    text = (
        "Home\nNews\nWorld\nSport\n\nShells hit the hospital in the town centre on Monday, officials said.\n"
    )
    assert _body(text) == "Shells hit the hospital in the town centre on Monday, officials said."


def test_segments_keep_paragraph_that_mentions_facebook():
    text = (
        "Police said residents were held in the basement.\n\n"
        "He described the beatings in a post he shared on Facebook on Tuesday.\n"
    )
    assert body_spans(text) == ((0, len(text.rstrip())),)


def test_segments_spans_index_into_text(fixture_bytes):
    text = fixture_bytes("teaser_dump.txt").decode()
    for start, end in body_spans(text):
        piece = text[start:end]
        assert piece == piece.strip() and piece


def test_segments_keep_list_the_report_introduces():
    text = "Police named the residents who were held:\nIvan Koval\nOlha Koval\nPetro Savchuk\n"
    assert _body(text) == text.rstrip()


def test_segments_drop_ukrainian_read_also_line():
    text = (
        "Слідчі знайшли у підвалі сліди утримання людей.\n\n"
        "Читайте також: Обстріли знову пошкодили міст\n\n"
        "Поліція відкрила кримінальне провадження.\n"
    )
    body = _body(text)
    assert "Читайте також" not in body and "Поліція відкрила" in body


def test_segments_keep_sentence_about_a_channel_subscription():
    text = "Residents said soldiers forced them to subscribe to an occupation Telegram channel.\n"
    assert _body(text) == text.rstrip()


@seed(20261202)
@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_segments_spans_are_ordered_and_inside_text(pieces):
    text = "".join(pieces)
    spans = body_spans(text)
    last = -1
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        last = end


def test_segments_headline_list_consumes_no_summary():
    text = (
        "A drone hit an apartment block in Kharkiv overnight, killing three residents.\n\n"
        "More from World News\nFloods close roads in the north\nElection count delayed again\n\n"
        "The governor said the drone was one of eleven launched at the region.\n"
    )
    body = _body(text)
    assert "Floods" not in body and "More from" not in body
    assert "one of eleven launched" in body


def test_segments_drop_byline_and_timestamp():
    text = (
        "Drone strike hits apartment block in Kharkiv\n\nBy Anna Koval, Kyiv\n"
        "Updated 14:20 GMT, 3 March 2023\n\nBy the end of the night three residents had died.\n"
    )
    body = _body(text)
    assert "Anna Koval" not in body and "14:20" not in body
    assert "By the end of the night three residents had died." in body


def test_segments_drop_row_of_share_buttons():
    text = "Police opened a case over the prison.\n\nShare on Telegram | Share on Facebook\n"
    assert _body(text) == "Police opened a case over the prison."
