"""Build the web interface's gettext catalogues (src/svidok/web/locale).

    .venv/bin/python scripts/build_translations.py          extract, merge into each .po, compile .mo
    .venv/bin/python scripts/build_translations.py --check  fail when a message is new, untranslated or
                                                            the committed .mo is not the .po compiled

Messages come from the templates ({% trans %}, _()) and from Python under src/svidok/web (_(), N_(),
gettext, ngettext). Translations are written by hand in locale/<lang>/LC_MESSAGES/messages.po; the
compiled .mo files are committed, so a clean checkout needs no build step.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "src" / "svidok" / "web"
LOCALES = WEB / "locale"
LANGUAGES = ("uk",)
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
METHODS = [("templates/**.html", "jinja2"), ("*.py", "python")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true",
                                 "trimmed": "true"}}


FIXED = datetime(2026, 12, 1, tzinfo=UTC)  # header dates stay put, so --check compares content only
HEADER = ("# Svidok web interface: {language} translation.\n"
          "# Written by hand; built by scripts/build_translations.py.")


def template() -> Catalog:
    """Every message of the interface, with where it is used."""
    catalog = Catalog(project="Svidok", version="1", charset="utf-8", fuzzy=False, creation_date=FIXED,
                      revision_date=FIXED)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(WEB), METHODS, options_map=OPTIONS, keywords=KEYWORDS, strip_comment_tags=True):
        catalog.add(message, None, [(f"web/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def _po(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / "messages.po"


def _dump_po(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    return buf.getvalue()


def _dump_mo(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def merged(language: str, pot: Catalog) -> Catalog:
    """The language's catalogue updated to the messages in use (translations kept, obsolete dropped)."""
    path = _po(language)
    if path.exists():
        with path.open("rb") as f:
            catalog = read_po(f, locale=language)
    else:
        catalog = Catalog(locale=language, project="Svidok", version="1", charset="utf-8")
    catalog.update(pot, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.revision_date = FIXED
    name = catalog.locale.english_name if catalog.locale else language
    catalog.header_comment = HEADER.format(language=name)
    catalog.last_translator = "Svidok maintainers"
    catalog.language_team = f"Svidok <{language}>"
    catalog.msgid_bugs_address = ""
    return catalog


def problems(language: str, catalog: Catalog) -> list[str]:
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            out.append(f"{language}: untranslated: {message.id!r}")
        if message.fuzzy:
            out.append(f"{language}: fuzzy: {message.id!r}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Only check; write nothing.")
    args = parser.parse_args()
    pot = template()
    found: list[str] = []
    for language in LANGUAGES:
        catalog = merged(language, pot)
        po, mo = _dump_po(catalog), _dump_mo(catalog)
        found += problems(language, catalog)
        po_path, mo_path = _po(language), _po(language).with_suffix(".mo")
        if args.check:
            if not po_path.exists() or po_path.read_bytes() != po:
                found.append(f"{po_path.relative_to(ROOT)}: not up to date with the messages in use")
            if not mo_path.exists() or mo_path.read_bytes() != mo:
                found.append(f"{mo_path.relative_to(ROOT)}: not the .po compiled")
            continue
        po_path.parent.mkdir(parents=True, exist_ok=True)
        po_path.write_bytes(po)
        mo_path.write_bytes(mo)
        print(f"{po_path.relative_to(ROOT)}: {len(catalog)} messages")
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
