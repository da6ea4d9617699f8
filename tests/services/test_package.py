"""Evidence packages built from real cases (the bundled sample reports, the seed reports) and
checked by both verifiers: `services.package_verify` and the package's own verify.py run with a
plain `python3 -I`. Any flipped byte, a bad event signature, an altered event or a wrong inclusion
proof is caught and named."""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.package_kit import (
    events_of,
    extract_script,
    flipped,
    members,
    resigned,
    sample_case,
    sample_reports,
    seed_case,
    standalone,
)
from svidok.services import chromium, incidents, protection, review
from svidok.services.case import Case
from svidok.services.custody_log import list_events
from svidok.services.incidents import IncidentFilters
from svidok.services.package import PackageError, PackageOptions, PackageResult, build
from svidok.services.package_verify import verify_package
from svidok.services.verify import verify_case

FIXED = ["README.txt", "verify.py", "manifest.json", "manifest.sig", "key/public_key.pem",
         "key/public_key.json", "custody/tree_head.json", "custody/events.json", "data/incidents.json",
         "dossier/dossier.html",
         *(["dossier/dossier.pdf"] if chromium.find()[0] else [])]
# every sample report but the one written to hold no incident is a source of some incident
SAMPLE_ORIGINALS = [f"originals/{hashlib.sha256(p.read_bytes()).hexdigest()}" for p in sample_reports()
                    if "no_incident" not in p.name]
EVENTS = "custody/events.json"


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    case = sample_case(tmp_path_factory.mktemp("samples") / "case")
    with case.begin() as conn:
        found = incidents.query(conn, sort="-sources")
        review.apply(conn, found[0].id, "edit", "ana", "perpetrator checked against the second report",
                     {"perpetrator": "Russian military unit"})
        review.apply(conn, found[1].id, "confirm", "ana", "read both reports")
    yield case
    case.close()


@pytest.fixture(scope="module")
def samples_pkg(samples: Case, tmp_path_factory: pytest.TempPathFactory) -> PackageResult:
    out = tmp_path_factory.mktemp("pkg") / "samples.zip"
    options = PackageOptions(include_protected_originals=True)  # the member list does not hang on extraction
    return build(samples, out, filters=IncidentFilters(), options=options)


@pytest.fixture(scope="module")
def script(samples_pkg: PackageResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """verify.py as shipped in an untouched package (a tampered package is checked by a good copy)."""
    return extract_script(Path(samples_pkg.out), tmp_path_factory.mktemp("script") / "verify.py")


def _both_fail_naming(package: Path, script: Path, where: str) -> tuple[Any, str]:
    check = verify_package(package)
    assert not check.ok and where in {f.where for f in check.failures}, [f.line() for f in check.failures]
    run = standalone(script, package)
    assert run.returncode == 1 and f"FAIL {where}:" in run.stdout, run.stdout + run.stderr
    return check, run.stdout


def test_package_samples_verifies_with_service_and_standalone(samples_pkg: PackageResult,
                                                              script: Path) -> None:
    check = verify_package(samples_pkg.out)
    assert check.ok, [f.line() for f in check.failures]
    assert check.originals == samples_pkg.originals == len(SAMPLE_ORIGINALS)
    assert check.events == samples_pkg.events and check.incidents == samples_pkg.incidents
    run = standalone(script, samples_pkg.out)
    assert run.returncode == 0 and run.stdout.splitlines()[-1].startswith("OK: "), run.stdout + run.stderr


def test_package_unpacked_folder_verifies_with_its_own_script(samples_pkg: PackageResult,
                                                              tmp_path: Path) -> None:
    for name, data in members(Path(samples_pkg.out)).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    run = standalone(tmp_path / "verify.py", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert verify_package(tmp_path).ok


def test_package_samples_members_are_the_parametrised_ones(samples_pkg: PackageResult) -> None:
    assert sorted(members(Path(samples_pkg.out))) == sorted(FIXED + SAMPLE_ORIGINALS)


@pytest.mark.parametrize("member", FIXED + SAMPLE_ORIGINALS, ids=lambda m: m[:22])
def test_package_flipped_byte_fails_naming_the_member(samples_pkg: PackageResult, script: Path,
                                                      tmp_path: Path, member: str) -> None:
    _both_fail_naming(flipped(Path(samples_pkg.out), member, tmp_path / "bad.zip"), script, member)


def test_package_tampered_event_signature_is_caught(samples: Case, samples_pkg: PackageResult, script: Path,
                                                    tmp_path: Path) -> None:
    events = events_of(Path(samples_pkg.out))
    target = next(e for e in events["events"] if e["action"] == "add")
    sig = target["signature"]
    target["signature"] = ("1" if sig[0] == "0" else "0") + sig[1:]
    bad = resigned(Path(samples_pkg.out), tmp_path / "bad.zip", {EVENTS: json.dumps(events).encode()},
                   samples.key)
    where = f"event seq {target['seq']} ({EVENTS})"
    check, out = _both_fail_naming(bad, script, where)
    assert [f.line() for f in check.failures] == \
        [f"{where}: the signature does not verify with the package key"]
    assert out.count("FAIL ") == 1


def test_package_wrong_inclusion_proof_is_caught(samples: Case, samples_pkg: PackageResult, script: Path,
                                                 tmp_path: Path) -> None:
    events = events_of(Path(samples_pkg.out))
    target = next(e for e in events["events"] if len(e["inclusion_proof"]) > 1)
    target["inclusion_proof"][0] = hashlib.sha256(b"not the sibling").hexdigest()
    bad = resigned(Path(samples_pkg.out), tmp_path / "bad.zip", {EVENTS: json.dumps(events).encode()},
                   samples.key)
    where = f"event seq {target['seq']} ({EVENTS})"
    check, _ = _both_fail_naming(bad, script, where)
    assert [f.why for f in check.failures] == ["the inclusion proof does not lead to the signed tree head"]


def test_package_altered_event_content_is_caught(samples: Case, samples_pkg: PackageResult, script: Path,
                                                 tmp_path: Path) -> None:
    events = events_of(Path(samples_pkg.out))
    target = next(e for e in events["events"] if e["action"] == "extract" and not e.get("details_withheld"))
    target["actor"] = "someone else"
    bad = resigned(Path(samples_pkg.out), tmp_path / "bad.zip", {EVENTS: json.dumps(events).encode()},
                   samples.key)
    check, _ = _both_fail_naming(bad, script, f"event seq {target['seq']} ({EVENTS})")
    assert "its content does not match its hash (the event was altered)" in [f.why for f in check.failures]


def test_package_unexpected_key_fingerprint_fails(samples_pkg: PackageResult, script: Path) -> None:
    other = "ab" * 32
    check = verify_package(samples_pkg.out, fingerprint=other)
    assert [f.where for f in check.failures] == ["key/public_key.json"]
    assert verify_package(samples_pkg.out, fingerprint=check.key_fingerprint).ok
    run = standalone(script, samples_pkg.out, "--fingerprint", other)
    assert run.returncode == 1 and "FAIL key/public_key.json:" in run.stdout


def test_package_added_file_is_named(samples_pkg: PackageResult, script: Path, tmp_path: Path) -> None:
    from services.package_kit import write_zip

    bad = write_zip(tmp_path / "bad.zip", {**members(Path(samples_pkg.out)), "originals/extra.txt": b"x"})
    _both_fail_naming(bad, script, "originals/extra.txt")


def test_package_records_a_custody_event_and_the_case_still_verifies(samples: Case,
                                                                    samples_pkg: PackageResult) -> None:
    event = [e for e in list_events(samples) if e.action == "package"][0]
    assert event.object_hash == samples_pkg.sha256 and event.details["incidents"] == samples_pkg.incidents
    assert hashlib.sha256(Path(samples_pkg.out).read_bytes()).hexdigest() == samples_pkg.sha256
    assert verify_case(samples).ok


def _text(fragment: str) -> str:
    """Visible words of dossier HTML: labels of marks dropped, tags stripped, spaces folded."""
    fragment = re.sub(r'<sup class="lbl">.*?</sup>', "", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).replace("…", " ").split())


@pytest.fixture(scope="module")
def unredacted_dossier(samples: Case, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("pkg") / "all.zip"
    build(samples, out, filters=IncidentFilters(), options=PackageOptions(unredacted=True))
    return members(out)["dossier/dossier.html"].decode("utf-8")


def _sections(page: str) -> dict[str, str]:
    parts = re.split(r'<section class="incident" id="', page)[1:]
    return {p.split('"', 1)[0]: p for p in parts}


def test_package_dossier_quotes_each_source_once_with_its_facts_marked(samples: Case,
                                                                      unredacted_dossier: str) -> None:
    sections = _sections(unredacted_dossier)
    with samples.connect() as conn:
        found = incidents.query(conn)
    assert found and set(sections) >= {i.id for i in found}
    for inc in found:
        quoted = sections[inc.id].split("<h3>Where the sources disagree</h3>")[0]
        blocks = quoted.split('<div class="source">')[1:]
        assert len(blocks) == len(inc.sources)
        for fig, block in zip(inc.sources, blocks, strict=True):
            words = _text(block)
            for span in fig.spans:
                assert words.count(" ".join(span.text.split())) == 1, (inc.id, span.text)
            assert 'class="f-act' in block and "<blockquote>" in block
        independent = incidents.independent_count(inc)
        assert f"of which\n<strong>{independent} independent</strong>" in sections[inc.id]


def test_package_dossier_shows_the_disagreements(samples: Case, unredacted_dossier: str) -> None:
    sections = _sections(unredacted_dossier)
    with samples.connect() as conn:
        flagged = incidents.query(conn, IncidentFilters(flagged=True))
    assert flagged
    for inc in flagged:
        shown = _text(sections[inc.id].split("Where the sources disagree", 1)[1].split("Review history")[0])
        for d in inc.discrepancies:
            assert " ".join(d.note.split()) in shown
            for v in d.values:
                assert str(v["value"]) in shown


def test_package_dossier_shows_review_history_and_machine_version(samples: Case,
                                                                  unredacted_dossier: str) -> None:
    sections = _sections(unredacted_dossier)
    with samples.connect() as conn:
        edited = incidents.query(conn, IncidentFilters(status="edited"))[0]
    history = _text(sections[edited.id].split("Review history", 1)[1])
    assert "perpetrator checked against the second report" in history and "Russian military unit" in history
    assert re.search(r'<tr class="changed"><td>perpetrator</td>', sections[edited.id])
    assert "How to verify this package" in unredacted_dossier and "python3 verify.py" in unredacted_dossier


def test_package_dossier_is_self_contained(unredacted_dossier: str) -> None:
    assert "<script" not in unredacted_dossier
    assert not re.search(r'(?:src|href)="(?!#)', unredacted_dossier)  # only links inside the page
    assert "<style>" in unredacted_dossier


@pytest.mark.skipif(chromium.find()[0] is None, reason=f"needs Debian's chromium ({chromium.find()[1]})")
def test_package_pdf_dossier_is_a_pdf_of_the_dossier(samples_pkg: PackageResult) -> None:
    import io

    from pypdf import PdfReader

    data = members(Path(samples_pkg.out))["dossier/dossier.pdf"]
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 2 and "How to verify this package" in text
    assert samples_pkg.incidents[0] in text


def test_package_without_chromium_still_builds_and_says_why(samples: Case, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(chromium.ENV, str(tmp_path / "no-chromium"))
    with samples.connect() as conn:
        first = incidents.query(conn)[0].id
    result = build(samples, tmp_path / "p.zip", [first])
    content = members(tmp_path / "p.zip")
    manifest = json.loads(content["manifest.json"])
    assert result.pdf_missing and "no-chromium" in result.pdf_missing
    assert manifest["dossier"] == {"html": "dossier/dossier.html", "pdf": None,
                                   "pdf_missing_reason": result.pdf_missing}
    assert "dossier/dossier.pdf" not in content and verify_package(tmp_path / "p.zip").ok


def test_package_failed_build_leaves_the_old_file_and_no_temporary(samples: Case, tmp_path: Path) -> None:
    out = tmp_path / "p.zip"
    out.write_bytes(b"earlier package")
    with pytest.raises(PackageError, match="inc-nosuch: no such incident"):
        build(samples, out, ["inc-nosuch"])
    with pytest.raises(PackageError, match="no such directory"):
        build(samples, tmp_path / "missing" / "p.zip", filters=IncidentFilters())
    assert out.read_bytes() == b"earlier package" and sorted(p.name for p in tmp_path.iterdir()) == ["p.zip"]


def test_package_needs_a_selection(samples: Case, tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="give incident ids or a filter"):
        build(samples, tmp_path / "p.zip")
    with pytest.raises(PackageError, match="none matches"):
        build(samples, tmp_path / "p.zip", filters=IncidentFilters(type="no_such_type"))
    with pytest.raises(PackageError, match="at most 1"):
        build(samples, tmp_path / "p.zip", filters=IncidentFilters(), options=PackageOptions(max_incidents=1))
    assert list(tmp_path.iterdir()) == []


# --- witness protection: reports written for these tests, with a planted protected name -------------

PLANTED = {
    "hanna_moroz_account.txt": "Nurse describes basement in Irpin\n\nIRPIN, Ukraine (Test Wire) - Russian "
    "soldiers detained at least 9 men in a basement in Irpin in March, said Hanna Moroz, 41, a nurse who was "
    "held there for a week.\n\nMoroz said the guards beat the detainees every night. H. Moroz now lives in "
    "Lviv.\n",
    "irpin_school.txt": "School hit in Irpin\n\nIRPIN, Ukraine (Test Wire) - Russian artillery shelled a "
    "school in Irpin on 10 March 2022, regional officials said. Two teachers were killed.\n",
}
NAME = re.compile(r"moroz|hanna", re.I)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    from svidok.services.case import init_case
    from svidok.services.ingest import ingest_paths

    root = tmp_path_factory.mktemp("planted")
    for name, text in PLANTED.items():
        (root / name).write_text(text, encoding="utf-8")
    case = init_case(root / "case", actor="tester")
    assert ingest_paths(case, [root / n for n in PLANTED]).ok
    with case.begin() as conn:
        protection.add(conn, "Hanna Moroz", "ana", "witness")
    yield case
    case.close()


def test_package_default_withholds_protected_names_and_originals(planted: Case, tmp_path: Path,
                                                                 script: Path) -> None:
    result = build(planted, tmp_path / "p.zip", filters=IncidentFilters())
    content = members(tmp_path / "p.zip")
    leaks = {n: NAME.findall(d.decode("utf-8", "ignore")) for n, d in content.items()}
    assert {n: found for n, found in leaks.items() if found} == {}
    hidden = hashlib.sha256(PLANTED["hanna_moroz_account.txt"].encode()).hexdigest()
    assert result.withheld_originals == [hidden] and f"originals/{hidden}" not in content
    assert result.withheld_events  # its add event names the file: details redacted
    manifest = json.loads(content["manifest.json"])
    assert [w["sha256"] for w in manifest["withheld"]["originals"]] == [hidden]
    dossier = content["dossier/dossier.html"].decode()
    assert "original withheld" in dossier and hidden in dossier and "[name withheld]" in dossier
    assert verify_package(tmp_path / "p.zip").ok and standalone(script, tmp_path / "p.zip").returncode == 0


def test_package_unredacted_with_protected_originals_keeps_them(planted: Case, tmp_path: Path) -> None:
    options = PackageOptions(unredacted=True, include_protected_originals=True)
    result = build(planted, tmp_path / "p.zip", filters=IncidentFilters(), options=options)
    content = members(tmp_path / "p.zip")
    assert result.withheld_originals == [] and result.withheld_events == []
    assert "Hanna Moroz" in content["dossier/dossier.html"].decode()
    originals = [d.decode("utf-8", "ignore") for n, d in content.items() if n.startswith("originals/")]
    assert any(NAME.search(text) for text in originals)
    assert verify_package(tmp_path / "p.zip").ok


def test_package_damaged_original_is_named_and_nothing_is_written(planted: Case, tmp_path: Path) -> None:
    import os

    sha = hashlib.sha256(PLANTED["irpin_school.txt"].encode()).hexdigest()
    path = planted.store.path(sha)
    original = path.read_bytes()
    os.chmod(path, 0o644)
    try:
        path.write_bytes(original.replace(b"Two", b"Ten"))
        with pytest.raises(PackageError, match=f"original {sha}.*run svidok verify"):
            build(planted, tmp_path / "p.zip", filters=IncidentFilters())
    finally:
        path.write_bytes(original)
        os.chmod(path, 0o444)
    assert list(tmp_path.iterdir()) == []


# --- the seed case -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds_pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    case = seed_case(tmp_path_factory.mktemp("seeds") / "case")
    out = tmp_path_factory.mktemp("pkg") / "seeds.zip"
    build(case, out, filters=IncidentFilters())
    case.close()
    yield out


def test_package_seeds_verifies_with_service_and_standalone(seeds_pkg: Path, script: Path) -> None:
    check = verify_package(seeds_pkg)
    assert check.ok, [f.line() for f in check.failures]
    assert check.incidents and check.events > len(check.incidents) // 10
    run = standalone(script, seeds_pkg)
    assert run.returncode == 0, run.stdout + run.stderr


def test_package_seeds_any_flipped_member_is_named(seeds_pkg: Path, script: Path, tmp_path: Path) -> None:
    names = sorted(members(seeds_pkg))
    assert {"manifest.json", "manifest.sig", EVENTS} <= set(names)
    assert any(n.startswith("originals/") for n in names)
    for member in names:
        _both_fail_naming(flipped(seeds_pkg, member, tmp_path / "bad.zip"), script, member)


@pytest.mark.parametrize("change", [
    {"manifest.json": b'{"format": "svidok-package", "files": 5, "incidents": 3, "dossier": [1]}'},
    {"manifest.json": b"[]", "manifest.sig": b'"x"', "key/public_key.json": b"{}"},
    {EVENTS: b'{"events": [1, {"seq": "one"}, {"seq": 1}]}', "custody/tree_head.json": b'{"tree_size": -1}'},
    {EVENTS: b'{"events": {}}', "key/public_key.pem": b"-----BEGIN PUBLIC KEY-----\n!!\n"},
    {EVENTS: ('{"events": [{"seq": 1, "at": "\\ud800", "actor": "a", "action": "init", "object_hash": null, '
              '"details": "{}", "prev_hash": "", "hash": "' + "0" * 64 + '", "signature": "' + "0" * 128
              + '", "leaf_index": 0, "inclusion_proof": []}]}').encode()},
], ids=["manifest-shapes", "not-objects", "events-shapes", "events-not-a-list", "lone-surrogate"])
def test_package_malformed_package_is_reported_not_raised(samples_pkg: PackageResult, script: Path,
                                                         tmp_path: Path, change: dict[str, bytes]) -> None:
    from services.package_kit import write_zip

    bad = write_zip(tmp_path / "bad.zip", {**members(Path(samples_pkg.out)), **change})
    check = verify_package(bad)
    named = {f.where for f in check.failures}
    assert not check.ok and set(change) <= named, [f.line() for f in check.failures]
    run = standalone(script, bad)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert all(f"FAIL {name}:" in run.stdout for name in change), run.stdout
