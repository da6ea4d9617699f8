"""Which parts of a read text are the report itself.

News pages and their plain-text dumps carry page furniture between and after the paragraphs of the
report: "Read more"/"Related" teaser blocks (cue line, the other story's headline, its one-paragraph
summary), share buttons, comment prompts, photo credits, newsletter and cookie notices, correction
footers and navigation lists. This module finds them from line shape and cue phrases and returns the
spans of `text` that remain. It never edits the text, so spans stay valid offsets into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.I

# A line consisting of a teaser cue; the other story's headline and summary follow it.
_TEASER_CUE = re.compile(
    r"^\W*(other topics of interest|read (more|also|next|further)|also read|more to read|related"
    r"( (stories|articles|news|content|coverage|topics|posts|reading))?|see also|you (may|might) also"
    r" (like|be interested in|want to read)|recommended( for you| stories| reading)?"
    r"|most (read|popular|viewed)|trending( now)?|popular( now| stories)?"
    r"|more (stories|news|on this( story| topic)?|from [\w .'-]{2,30})"
    r"|top stories|latest( news| stories)?|don'?t miss|editor'?s picks?|what to read next|further reading"
    r"|in other news|also on [\w .'-]{2,30}|continue reading"
    r"|читайте (також|также)|дивіться також|смотрите также|по темі|по теме|інші новини|другие новости"
    r"|новини партнерів|новости партнеров|популярне|популярное|більше новин)\W*$",
    _I,
)
# "Read more: <headline>" on one line: the line is a link to another story.
_INLINE_TEASER = re.compile(
    r"^\W*(read (more|also|next)|also read|related|see also|more|watch|listen|recommended"
    r"|читайте (також|также)|дивіться також|смотрите также)\s*[:|—–>»]\s*\S",
    _I,
)
_JUNK_PATTERNS = (
    r"to suggest a correction",
    r"(^\W*|\bif you (have )?)(report|spot(ted)?|found|notice[ds]?) (an? )?(error|typo|mistake)",
    r"\b(highlight|select) the text and press",
    r"\bctrl\s*\+\s*enter\b",
    r"^\W*(share|tweet|pin|email|e-mail|print|copy( the)? link|whatsapp|telegram|facebook|twitter|x|"
    r"linkedin|reddit|viber|messenger)\W*$",
    r"^\W*(share|post|send)( this)?( (article|story|page|post))?( (on|to|via|with) \w+( \w+)?)?\W*$",
    r"^\W*(leave|post|add|write|view|show|read|see) (a |all |the )?(comments?|reply|replies)\b",
    r"^\W*\d+\s+comments?\W*$",
    r"^\W*comments?( \(\d+\))?\W*$",
    r"\bjoin the (conversation|discussion)\b",
    r"^\W*(photo|photos|photograph|image|picture|pictured|video|illustration|credit|photo credit|"
    r"main image|top image|caption|source)s?\s*(by|credit)?\s*[:©/|]",
    r"^\W*(photo|photos|image|picture|video)\s+(by|credit|courtesy( of)?)\s",
    r"^\W*(image|media|video|photo) (caption|source|credit)s?\b",
    r"^\W*(updated|published|posted|last updated|first published)\b[^.]{0,60}\d[^.]{0,30}$",
    r"\bgetty\s*images\W*$",
    r"^\W*(©|\(c\)|copyright)\s",
    r"\ball rights reserved\b",
    # subscription prompts address the reader; a report's "subscribed to a channel" does not
    r"^\W*(subscribe|sign[ -]?up|register|join|get)\b.*\b(newsletter|channel|digest|updates|alerts|"
    r"inbox|briefing|telegram|free)\b",
    r"\b(subscribe|sign[ -]?up) (to|for) (our|the|this)\b|\bour (\w+ )?(newsletter|telegram channel)\b",
    r"\bin your inbox\b|^\W*subscribe\W*$",
    r"\b(support|fund) (our|independent) journalism\b|\bbecome a (member|patron|subscriber)\b",
    r"\bwe use cookies\b|\bcookie (policy|settings|preferences)\b|\baccept (all )?cookies\b",
    r"\bthis (site|website) uses cookies\b",
    r"^\W*(advertisement|advertising|sponsored( content)?|ad|promoted)\W*$",
    r"^\W*follow us (on|in)\b|^\W*join us on\b|^\W*download (our|the) app\b",
    r"^\W*(skip to (main )?content|back to top|log ?in|sign ?in|sign ?out|menu|search|close|home)\W*$",
    r"^\W*(tags|topics|filed under|categories|keywords)\s*:",
    # agency credit lines: "Oleh Petrenko / AFP", "EPA-EFE/Some Name"
    r"^[\w .'-]{0,40}/\s*(afp|reuters|ap|epa(-efe)?|getty images|shutterstock|ukrinform|anadolu"
    r"|unian)\W*$",
    r"^\W*(afp|reuters|ap|epa(-efe)?|ukrinform|anadolu|unian)\s*/[\w .'-]{0,40}$",
    # the same furniture on Ukrainian and Russian pages
    r"^\W*(фото|джерело|источник|відео|видео)\s*:",
    r"^\W*(поділитися|поделиться|коментарі|комментарии)\W*$",
    r"^\W*(підписуйтесь|підпишіться|подписывайтесь|подпишитесь)\b",
)
# One regex per kind: anchored patterns are tried only at the line start (match), the rest anywhere.
_JUNK_START = re.compile("|".join(f"(?:{p})" for p in _JUNK_PATTERNS if p.startswith("^")), _I)
_JUNK_ANY = re.compile("|".join(f"(?:{p})" for p in _JUNK_PATTERNS if not p.startswith("^")), _I)
# Every unanchored pattern contains one of these; checking them first skips the slow regex scan
# for ordinary report lines.
_ANY_KEYS = (
    "correction",
    "error",
    "typo",
    "mistake",
    "highlight the",
    "select the",
    "ctrl",
    "join the",
    "getty",
    "rights reserved",
    "subscri",
    "sign",
    "newsletter",
    "inbox",
    "journalism",
    "member",
    "patron",
    "cookie",
)
# "By Anna Koval, Staff Reporter": a byline is a capitalised name after "By" on a short line.
_BYLINE = re.compile(r"^\W*[Bb]y\s+[A-Z][\w.'’-]+(\s+(and\s+)?[A-Z][\w.'’-]+){0,4}\s*(,[^.]{0,40})?$")
_SENTENCE_END = re.compile(r"""[.!?…:;][\s"'”’»)\]]*$""")
_QUOTE_START = re.compile(r"""^\s*["“”„«'‘’]""")
_WORD = re.compile(r"\w[\w'’.-]*")


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _nwords(s: str) -> int:
    return len(_WORD.findall(s))


def is_headline_like(s: str) -> bool:
    """A short line that starts like a title and does not end like a sentence."""
    s = s.strip()
    n = _nwords(s)
    return (
        2 <= n <= 16
        and len(s) <= 130
        and not _SENTENCE_END.search(s)
        and not _QUOTE_START.match(s)
        and (s[0].isupper() or s[0].isdigit())
    )


def _title_case(s: str) -> bool:
    words = [w for w in _WORD.findall(s) if len(w) >= 4]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


# A row of share buttons ("Share on Telegram | Share on Facebook", "Share: Facebook Viber") uses only these.
_SHARE_WORDS = frozenset(
    "share shares sharing this article story page post on via to with and or by email e-mail print copy "
    "link tweet pin pinterest facebook twitter x telegram whatsapp viber linkedin reddit messenger "
    "поділитися поделиться".split()
)
_SHARE_NETWORKS = frozenset("share tweet facebook twitter telegram whatsapp viber linkedin reddit".split())


def _is_share_row(s: str) -> bool:
    words = [w.lower() for w in re.findall(r"[\w-]+", s)]
    return 0 < len(words) <= 16 and set(words) <= _SHARE_WORDS and bool(set(words) & _SHARE_NETWORKS)


def _is_junk(s: str) -> bool:
    s = s.strip()
    if _is_share_row(s):
        return True
    if _nwords(s) > 30:
        return False  # a real paragraph may mention Facebook or cookies; furniture is short
    if _INLINE_TEASER.match(s) and _nwords(s) <= 25:
        return True
    if _JUNK_START.match(s) is not None or _BYLINE.match(s) is not None:
        return True
    low = s.lower()
    return any(k in low for k in _ANY_KEYS) and _JUNK_ANY.search(s) is not None


def _next_nonblank(lines: list[_Line], i: int) -> int | None:
    while i < len(lines):
        if not lines[i].blank:
            return i
        i += 1
    return None


def _paragraph_end(lines: list[_Line], i: int) -> int:
    """Index after the last line of the paragraph (block of non-blank lines) starting at i."""
    while i < len(lines) and not lines[i].blank:
        i += 1
    return i


def _mark_teaser(lines: list[_Line], cue: int, drop: list[bool], first: int) -> None:
    drop[cue] = True
    prev = cue - 1
    # A headline glued to the cue line (no blank between) belongs to the teaser card.
    if prev > first and not lines[prev].blank and is_headline_like(lines[prev].text):
        drop[prev] = True
    i = cue + 1
    for teaser in range(5):
        j = _next_nonblank(lines, i)
        heads: list[int] = []
        while j is not None and len(heads) < 4 and is_headline_like(lines[j].text) and not drop[j]:
            if teaser > 0 and not _title_case(lines[j].text):
                break  # later teasers only when they look unmistakably like headlines
            heads.append(j)
            j = _next_nonblank(lines, j + 1)
        if not heads:
            return
        for h in heads:
            drop[h] = True
        if j is None or len(heads) > 1:
            return  # several headlines are a list of links; no summary follows them
        end = _paragraph_end(lines, j)
        summary = " ".join(ln.text for ln in lines[j:end])
        if _QUOTE_START.match(summary) or _nwords(summary) > 70:
            return  # quotes and long paragraphs are the report resuming
        for k in range(j, end):
            drop[k] = True
        i = end


def _mark_nav(lines: list[_Line], drop: list[bool]) -> None:
    """Three or more adjacent short non-sentence lines are a menu or a list of links."""
    run: list[int] = []
    for i, ln in enumerate([*lines, _Line(0, 0, "")]):
        s = ln.text.strip()
        if s and _nwords(s) <= 4 and len(s) <= 32 and not _SENTENCE_END.search(s):
            run.append(i)
            continue
        introduced = bool(run) and run[0] > 0 and lines[run[0] - 1].text.rstrip().endswith(":")
        if len(run) >= 3 and not introduced:  # a list the report announces ("Victims:") stays
            for k in run:
                drop[k] = True
        run = []


def body_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans [start, end) of `text` that are the report; furniture lines are left out."""
    lines = _lines(text)
    drop = [False] * len(lines)
    first = _next_nonblank(lines, 0)
    if first is None:
        return ()
    _mark_nav(lines, drop)
    for i, ln in enumerate(lines):
        if ln.blank:
            continue
        if _TEASER_CUE.match(ln.text.strip()) and _nwords(ln.text) <= 8:
            _mark_teaser(lines, i, drop, first)
        elif _is_junk(ln.text):
            drop[i] = True
    _mark_repeated_headlines(lines, drop, first)
    spans: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for ln, d in zip(lines, drop, strict=True):
        if ln.blank:
            continue
        if d:
            if cur:
                spans.append(cur)
            cur = None
            continue
        lead = len(ln.text) - len(ln.text.lstrip())
        trail = len(ln.text.rstrip())
        cur = (cur[0], ln.start + trail) if cur else (ln.start + lead, ln.start + trail)
    if cur:
        spans.append(cur)
    return tuple(spans)


def _mark_repeated_headlines(lines: list[_Line], drop: list[bool], first: int) -> None:
    """A headline-like line that occurs twice is another story's link, not the report's own heading."""
    seen: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if not ln.blank and is_headline_like(ln.text):
            seen.setdefault(" ".join(ln.text.split()).lower(), []).append(i)
    for idx in seen.values():
        if len(idx) > 1:
            for i in idx:
                if i != first:
                    drop[i] = True


def body_text(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The body spans joined by blank lines (for near-duplicate signatures and previews)."""
    if not spans:
        return text
    return "\n\n".join(text[a:b] for a, b in spans)
