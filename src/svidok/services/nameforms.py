"""The forms that identify a protected person, compiled into the redaction patterns.

A register entry ("Olena Kovalenko") stands for every way a report may name that person: the
full name, the surname alone, the first name alone (not when a capitalised word follows: that
is someone else's full name), "Olena K.", "O. Kovalenko", a possessive ("Kovalenko's") and the
Latin spellings of one Cyrillic name (Serhiy, Serhii, Sergey, Serhij; Mykhailo, Mykhaylo;
kh/h, h/g, y/i/j, doubled letters). Spellings are matched by one pattern per token rather than
a list, so the compiled expression stays small whatever the register holds.

A single-token form that is a place name is never a form of its own when the place is a large
one or one the case's incidents are at ("Izium", "Bucha"); a small village of that name
("Serhii") is matched only where the text does not use it as a place ("in Serhii", "Serhii
District"). Office holders (extract/lexicon.py) are never forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from unidecode import unidecode

from svidok.extract.lexicon import PUBLIC_FIGURES
from svidok.extract.translit import is_cyrillic, spelling_variants

SEP = r"[\s_\-]+"  # between the words of a name (file names use _ and -)
_LB = r"(?<![^\W_])"  # word boundaries where "_" also separates words
_RB = r"(?![^\W_])"
_POSSESSIVE = r"(?:['’]s)?"
_CAPITAL_NEXT = r"(?!(?-i:" + SEP + r"[A-ZА-ЯІЇЄҐ]))"
MIN_TOKEN = 3  # a shorter single word ("Li") is not a form alone
BIG_PLACE = 10_000  # population from which a place name is never a person's form
ADMIN_AFTER = re.compile(r"[\s\-]+(?:district|raion|rayon|oblast|region|hromada|province|municipality|"
                         r"community|county|area)\b", re.I)
PLACE_BEFORE = re.compile(r"(?:\b(?:in|near|at|from|(?<!according\s)to|into|outside|around|toward|"
                          r"towards|through|across|via|beyond|reach|reached|entered|liberated)|\b(?:village|town|city|settlement|"
                          r"outskirts|residents|people|streets|centre|center) of)\s+(?:the\s+)?$", re.I)
_END_I = re.compile(r"(?<=[^aeiouyij])(?:iy|yi|ii|ij|yy|ey|y|i)$")
_APOSTROPHES = re.compile(r"['’`ʼ]")


def latin(token: str) -> str:
    """Plain lower-case Latin letters of a token (diacritics and apostrophes dropped)."""
    return _APOSTROPHES.sub("", unidecode(token)).lower()


def _latin_pattern(token: str) -> str:
    t = latin(token)
    end = ""
    m = _END_I.search(t)
    if m and m.start() >= MIN_TOKEN:  # Serhiy / Serhii / Serhij / Sergey / Serhy
        t, end = t[: m.start()], "[eyij]{1,3}"
    out: list[str] = []
    i = 0
    while i < len(t):
        ch, two = t[i], t[i:i + 2]
        if two == "kh":
            out.append("(?:kh|h|ch)")
            i += 2
        elif two in ("zh", "ch", "sh"):
            out.append(two)
            i += 2
        elif two == "ts":
            out.append("(?:ts|tz|c)")
            i += 2
        elif two == "ks" or ch == "x":
            out.append("(?:ks|x)")
            i += 1 if ch == "x" else 2
        elif ch in "yij":
            j = i
            while j < len(t) and t[j] in "yij":
                j += 1
            low = 0 if i == 0 and j < len(t) and t[j] == "e" else 1  # Yevhen / Ievgen / Evgen
            out.append(f"[yij]{{{low},3}}")
            i = j
        elif ch == "h":
            out.append("(?:h|g|kh)")
            i += 1
        elif ch == "g":
            out.append("(?:g|h)")
            i += 1
        elif ch.isalpha() and i + 1 < len(t) and t[i + 1] == ch:
            out.append(f"{re.escape(ch)}{{1,2}}")  # Hanna / Hana
            i += 2
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out) + end


def token_pattern(token: str) -> str:
    """One word of a name, in any of its spellings."""
    if is_cyrillic(token):
        alts = [re.escape(token.lower())] + [_latin_pattern(v) for v in sorted(spelling_variants(token))]
        return "(?:" + "|".join(dict.fromkeys(alts)) + ")"
    return _latin_pattern(token)


def _initial(token: str) -> str:
    t = latin(token if not is_cyrillic(token) else token)
    first = t[:2] if t[:2] in ("kh", "ts", "zh", "ch", "sh", "ye", "yu", "ya") else t[:1]
    letters = {"kh": "kh", "ts": "tc", "zh": "z", "ch": "c", "sh": "s", "ye": "yie", "yu": "yiju",
               "ya": "yija", "h": "hg", "g": "gh", "y": "yij", "i": "iyj", "j": "jyi"}.get(first, first[:1])
    return f"[{re.escape(letters)}]" if letters else ""


@dataclass(frozen=True)
class Form:
    """One way of naming an entry: `label` for people, `pattern` for the machine."""

    label: str
    pattern: str
    words: int  # how many words it spans (longer forms are tried first)
    single: str | None = None  # the word, for a one-word form (place and office checks)


def forms(name: str) -> list[Form]:
    """Every form of one register entry (name as written, titles already dropped)."""
    words = [w for w in name.split() if w.strip(".")]
    if not words:
        return []
    pats = [token_pattern(w) for w in words]
    if len(words) == 1:
        w = words[0]
        # a lone name followed by a capitalised word is someone else's full name ("Oleksandr
        # Markushyn", the mayor, when the register holds a witness "Oleksandr")
        long_enough = len(latin(w)) >= MIN_TOKEN or is_cyrillic(w)
        return [Form(w, pats[0] + _CAPITAL_NEXT, 1, w)] if long_enough else []
    first, last = words[0], words[-1]
    out = [Form(" ".join(words), SEP.join(pats), len(words))]
    if len(words) > 2:
        out.append(Form(f"{first} {last}", pats[0] + SEP + pats[-1], 2))
    init_first, init_last = _initial(first), _initial(last)
    if init_first:
        out.append(Form(f"{latin(first)[:1].upper()}. {last}", init_first + r"\.?\s*" + pats[-1], 2))
    if init_last:
        out.append(Form(f"{first} {latin(last)[:1].upper()}.", pats[0] + SEP + init_last + r"\.?", 2))
    if len(latin(last)) >= MIN_TOKEN:
        out.append(Form(last, pats[-1], 1, last))
    if len(latin(first)) >= MIN_TOKEN and not first.endswith("."):
        out.append(Form(first, pats[0] + _CAPITAL_NEXT, 1, first))
    return out


_WORD = re.compile(r"[^\W\d_]+")
_SKELETON_STEPS = ((re.compile(r"kh|ch|gh|g"), "h"), (re.compile(r"x"), "ks"), (re.compile(r"tz|c"), "ts"),
                   (re.compile(r"[yij]+"), "i"), (re.compile(r"^i+e"), "e"), (re.compile(r"(.)\1+"), r"\1"))
_skeletons: dict[str, str] = {}


def skeleton(word: str) -> str:
    """A key that every spelling a token pattern accepts shares (coarser than the patterns: it
    only picks the places where the expression is tried)."""
    found = _skeletons.get(word)
    if found is None:
        found = latin(word)
        for rx, sub in _SKELETON_STEPS:
            found = rx.sub(sub, found)
        found = found.rstrip("ei") if len(found) > 3 else found
        if len(_skeletons) < 200_000:
            _skeletons[word] = found
    return found


@dataclass(frozen=True)
class Compiled:
    """The register as two expressions: forms matched anywhere, and place-like one-word forms
    matched only where the text does not use the word as a place. `anchors` are the skeletons
    of every word of every name: each form holds one, so the expressions are tried only where
    a word of the text has one of these skeletons (a register of 500 names then costs no more
    than one of 10)."""

    always: re.Pattern[str] | None
    context: re.Pattern[str] | None
    labels: tuple[str, ...]
    anchors: frozenset[str] = frozenset()

    def _starts(self, text: str) -> list[int]:
        anchors = self.anchors
        hits = {w for w in set(_WORD.findall(text)) if skeleton(w) in anchors}
        if not hits:
            return []
        starts: list[int] = []
        prev = -1
        for m in _WORD.finditer(text):
            if m.group() in hits:
                if prev >= 0 and m.start() - prev <= 6:
                    starts.append(prev)  # "O. Kovalenko": the form starts at the initial
                starts.append(m.start())
            prev = m.start()
        return sorted(set(starts))

    def _matches(self, rx: re.Pattern[str], text: str, starts: list[int]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        end = -1
        for p in starts:
            if p < end:
                continue
            m = rx.match(text, p)
            if m is not None:
                out.append(m.span())
                end = m.end()
        return out

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sorted, merged [start, end) ranges of every form in `text`."""
        starts = self._starts(text)
        if not starts:
            return []
        found: list[tuple[int, int]] = []
        if self.always is not None:
            found += [(s, e) for s, e in self._matches(self.always, text, starts)
                      if not ADMIN_AFTER.match(text, e)]
        if self.context is not None:
            for s, e in self._matches(self.context, text, starts):
                if not ADMIN_AFTER.match(text, e) and not PLACE_BEFORE.search(text[max(0, s - 40):s]):
                    found.append((s, e))
            found.sort()
        merged: list[tuple[int, int]] = []
        for s, e in found:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        return merged

    def is_form(self, word: str) -> bool:
        """Whether `word` (a search term) is, as a whole, a form of a protected person."""
        return any(rx is not None and rx.fullmatch(word) for rx in (self.always, self.context))


def _join(items: list[Form]) -> re.Pattern[str] | None:
    if not items:
        return None
    items.sort(key=lambda f: (-f.words, -len(f.pattern)))
    body = "|".join(dict.fromkeys(f.pattern for f in items))
    return re.compile(f"{_LB}(?:{body}){_POSSESSIVE}{_RB}", re.IGNORECASE)


def compile_forms(names: Iterable[str], place_kind: Callable[[str], str]) -> Compiled:
    """`place_kind(word)` says what a word is as a place: "" (none), "small" or "big"."""
    always: list[Form] = []
    context: list[Form] = []
    labels: list[str] = []
    for name in names:
        for f in forms(name):
            if f.single is not None:
                if latin(f.single) in PUBLIC_FIGURES:
                    continue
                kind = place_kind(f.single)
                if kind == "big":
                    continue
                (context if kind == "small" else always).append(f)
            else:
                always.append(f)
            labels.append(f.label)
    anchors = frozenset(skeleton(piece) for f in always + context for word in f.label.split()
                        for piece in _WORD.findall(word) if len(piece) > 1)
    return Compiled(_join(always), _join(context), tuple(dict.fromkeys(labels)), anchors)
