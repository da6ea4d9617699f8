"""The web interface in English (the default) or Ukrainian: gettext catalogues under
web/locale/<lang>/LC_MESSAGES/messages.{po,mo}, built by scripts/build_translations.py.

Templates use Jinja2's i18n extension ({% trans %}, _()); Python strings are marked with _() (for
text made inside a `using` block) or N_() (for text translated later, in the template). The language
is chosen per request: a signed-in user's own choice (stored with the account, English when unset),
else the browser's Accept-Language (the login page).
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment

from svidok.services.users import INTERFACE_LANGUAGES

LANGUAGES = INTERFACE_LANGUAGES  # English is the source of the catalogue
NAMES = {"en": "English", "uk": "Українська"}
DEFAULT = "en"
LOCALES = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

_current: ContextVar[_gettext.NullTranslations | None] = ContextVar("svidok_translations", default=None)
_ENGLISH = _gettext.NullTranslations()


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> _gettext.NullTranslations:
    """The catalogue of `language` (English, and any language without a catalogue: the msgids)."""
    if language == DEFAULT or language not in LANGUAGES:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, str(LOCALES), languages=[language])


def gettext(message: str) -> str:
    return (_current.get() or _ENGLISH).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return (_current.get() or _ENGLISH).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:  # noqa: N802  (the gettext convention)
    """Mark `message` for the catalogue; it is translated where it is shown."""
    return message


def translate(language: str, message: str, **values: object) -> str:
    """`message` (marked with N_) in `language`, with %(name)s filled from `values`."""
    text = translations(language).gettext(message)
    return text % values if values else text


@contextmanager
def using(language: str) -> Iterator[None]:
    """Translate into `language` inside the block (templates rendered and _() called in it)."""
    token = _current.set(translations(language))
    try:
        yield
    finally:
        _current.reset(token)


def install(env: Environment) -> None:
    """Jinja2's i18n extension, translating through the language of the current `using` block."""
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True  # as the extraction reads them (scripts/build_translations.py)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]


def negotiate(accept_language: str | None) -> str:
    """The interface language a browser prefers (Accept-Language, q-values honoured)."""
    ranked: list[tuple[float, int, str]] = []
    for i, item in enumerate((accept_language or "").split(",")):
        tag, _sep, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        code = tag.strip().lower().split("-")[0]
        if q > 0 and code:
            ranked.append((-q, i, code))
    for _q, _i, code in sorted(ranked):
        if code in LANGUAGES:
            return code
    return DEFAULT


def choose(user_language: str | None, accept_language: str | None, signed_in: bool) -> str:
    """A signed-in user's own language (English when unset); the browser's for everyone else."""
    if signed_in:
        return user_language if user_language in LANGUAGES else DEFAULT
    return negotiate(accept_language)


# Labels that come from data (the taxonomy, grades, review states): listed here so that the
# catalogue holds them; templates translate them where they are shown.
DATA_LABELS = (
    N_("Killing of civilians or persons hors de combat"), N_("Torture and cruel treatment"),
    N_("Unlawful confinement"), N_("Enforced disappearance and abduction"),
    N_("Rape and other sexual violence"), N_("Mutilation of living or dead bodies"), N_("Graves of victims"),
    N_("Attacks on civilians and civilian objects"), N_("Attacks on hospitals and medical personnel"),
    N_("Pillage"), N_("Threats and intimidation of civilians"), N_("Deportation or forcible transfer"),
    N_("unreviewed"), N_("confirmed"), N_("rejected"), N_("edited"),
    N_("corroborated"), N_("single source"), N_("contested"), N_("first-hand"),
    N_("settlement"), N_("admin1"), N_("country"),
    N_("admin"), N_("analyst"), N_("viewer"), N_("reviewer-external"),
    N_("exact"), N_("at_least"), N_("at_most"), N_("about"),
    N_("act"), N_("type cue"), N_("count"), N_("place"), N_("victims"), N_("date"), N_("source"),
    N_("perpetrator"),
    # how a source's place was tied to the act (services/passages.py BASIS_WORDS)
    N_("place named in the same sentence"), N_("place carried from the paragraph"),
    N_("place is the one the whole report is about"), N_("place of the office that gave the account"),
    N_("place taken from the report's dateline"), N_("only the oblast is known, from the paragraph's place"),
    N_("model"), N_("letters"), N_("given"), N_("extracted"),
)
