"""Compare language identifiers on short texts (tests/lang/short_texts.jsonl): Svidok's own
(svidok.lang.identify), py3langid unrestricted, and lingua-language-detector when installed.

lingua is not a dependency of Svidok: run this with a throwaway environment that has it, e.g.
    python3.11 -m venv /tmp/lingua && /tmp/lingua/bin/pip install lingua-language-detector py3langid
    /tmp/lingua/bin/python scripts/langid_compare.py
The figures go into docs/languages.md.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from svidok.lang.identify import KNOWN, NEIGHBOURS, identify  # noqa: E402

FIXTURES = ROOT / "tests" / "lang" / "short_texts.jsonl"


def _py3langid() -> Callable[[str], str]:
    from py3langid import langid

    ident = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    return lambda text: str(ident.classify(text)[0])


def _lingua(restricted: bool, low: bool = False) -> Callable[[str], str] | None:
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    except ImportError:
        return None
    if restricted:
        langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in KNOWN + NEIGHBOURS]
        builder = LanguageDetectorBuilder.from_languages(*langs)
    else:
        builder = LanguageDetectorBuilder.from_all_languages()
    if low:
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()

    def classify(text: str) -> str:
        found = detector.detect_language_of(text)
        return "und" if found is None else found.iso_code_639_1.name.lower()
    return classify


def main() -> None:
    items = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
    methods: dict[str, Callable[[str], str]] = {
        "svidok (py3langid restricted + letters)": lambda t: identify(t).code,
        "py3langid, all 97 languages": _py3langid(),
    }
    for name, fn in (("lingua, all 75 languages", _lingua(False)),
                     ("lingua, restricted like svidok", _lingua(True)),
                     ("lingua low-accuracy mode, restricted", _lingua(True, low=True))):
        if fn is not None:
            methods[name] = fn
    for name, fn in methods.items():
        fn("warm up the model")
        t0 = time.perf_counter()
        got = [fn(i["text"]) for i in items]
        ms = (time.perf_counter() - t0) * 1000 / len(items)
        print(f"\n## {name}: {ms:.2f} ms per text")
        for part in ("dev", "heldout", "final", None):
            chosen = [(i, g) for i, g in zip(items, got, strict=True) if part is None or i["set"] == part]
            _report(part or "all", chosen)


def _rate(pairs: list[tuple[dict[str, str], str]]) -> str:
    right = sum(g == i["lang"] for i, g in pairs)
    return f"{right}/{len(pairs)} = {right / len(pairs):.1%}" if pairs else "-"


def _report(part: str, pairs: list[tuple[dict[str, str], str]]) -> None:
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for i, g in pairs:
        per[i["lang"]][g] += 1
    ukru = [(i, g) for i, g in pairs if i["lang"] in ("uk", "ru")]
    print(f"  {part}: {_rate(pairs)}; uk+ru {_rate(ukru)}; "
          + ", ".join(f"{lang} {per[lang][lang]}/{sum(per[lang].values())}" for lang in sorted(per)))
    if part == "all":
        return
    for i, g in pairs:
        if g != i["lang"]:
            print(f"    {i['lang']}->{g} [{i['kind']}] {i['text'][:70]}")

if __name__ == "__main__":
    main()
