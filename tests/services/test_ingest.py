from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection

from services.conftest import write
from svidok import plugins
from svidok.db import custody as custody_db
from svidok.db import repo
from svidok.services.case import Case
from svidok.services.custody_log import append_event
from svidok.services.ingest import DANGLING, OUTSIDE, Overrides, collect_files, ingest_paths

REPORT = ("Residents of the village said soldiers kept eleven men in a school basement for two weeks. "
          "Investigators visited the basement on Monday and found a list of names on the wall. ")


def _actions(case: Case) -> list[str]:
    with case.connect() as conn:
        return [e.action for e in custody_db.load_events(conn)]


def test_ingest_same_bytes_twice_stored_once_with_duplicate_seen(case: Case, tmp_path: Path) -> None:
    a = write(tmp_path / "in" / "a.txt", REPORT)
    b = write(tmp_path / "in" / "copy-of-a.txt", REPORT)
    report = ingest_paths(case, [a, b], extract=False)
    assert len(report.added) == 1 and report.duplicates == [str(b)]
    assert _actions(case) == ["init", "add", "duplicate_seen"]
    assert len(list(case.store.iter_hashes())) == 1


def test_ingest_sidecar_supplies_metadata_and_is_not_a_document(case: Case, tmp_path: Path) -> None:
    f = write(tmp_path / "in" / "r.txt", REPORT)
    write(tmp_path / "in" / "r.txt.meta.json", json.dumps(
        {"title": "Basement", "outlet": "Wire", "url": "https://example.org/r", "published": "2022-09-14"}))
    report = ingest_paths(case, [tmp_path / "in"], extract=False)
    with case.connect() as conn:
        docs = repo.list_documents(conn)
    assert report.failed == [] and len(docs) == 1
    assert docs[0].filename == f.name
    assert (docs[0].meta.title, docs[0].meta.outlet, docs[0].meta.published) == (
        "Basement", "Wire", date(2022, 9, 14))


def test_ingest_options_override_sidecar(case: Case, tmp_path: Path) -> None:
    f = write(tmp_path / "r.txt", REPORT)
    write(tmp_path / "r.txt.meta.json", json.dumps({"outlet": "Wire", "published": "2022-09-14"}))
    ingest_paths(case, [f], Overrides(outlet="Other", published=date(2022, 9, 20)), extract=False)
    with case.connect() as conn:
        meta = repo.list_documents(conn)[0].meta
    assert (meta.outlet, meta.published) == ("Other", date(2022, 9, 20))


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.txt", b"", "empty"),
    ("junk.bin", bytes(range(256)) * 2, "binary"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage without xref", "pdf"),
    ("big.txt", b"word " * 400, "too large"),
])
def test_ingest_bad_input_fails_alone(case: Case, tmp_path: Path, name: str, content: bytes,
                                      reason: str) -> None:
    good = write(tmp_path / "in" / "good.txt", REPORT)
    bad = write(tmp_path / "in" / name, content)
    report = ingest_paths(case, [good, bad], extract=False, max_size_mb=0.001)
    assert len(report.added) == 1
    [(where, why)] = report.failed
    assert where == str(bad) and "\n" not in why
    assert reason in why.lower()


def test_ingest_missing_path_is_reported(case: Case, tmp_path: Path) -> None:
    report = ingest_paths(case, [tmp_path / "nope.txt"], extract=False)
    assert report.failed == [(str(tmp_path / "nope.txt"), "no such file or directory")]


def test_ingest_bad_sidecar_fails_only_its_file(case: Case, tmp_path: Path) -> None:
    f = write(tmp_path / "r.txt", REPORT)
    write(tmp_path / "r.txt.meta.json", "{oops")
    report = ingest_paths(case, [f], extract=False)
    assert report.added == [] and "r.txt.meta.json is not valid JSON" in report.failed[0][1]


def test_ingest_folder_recursion_skips_hidden_files(case: Case, tmp_path: Path) -> None:
    write(tmp_path / "in" / "a" / "b" / "deep.txt", REPORT)
    write(tmp_path / "in" / ".cache" / "skip.txt", REPORT + "x")
    write(tmp_path / "in" / ".hidden.txt", REPORT + "y")
    report = ingest_paths(case, [tmp_path / "in"], extract=False)
    assert len(report.added) == 1 and report.failed == []


def test_ingest_near_duplicate_is_recorded(case: Case, tmp_path: Path) -> None:
    base = " ".join(f"Paragraph {i}: {REPORT}" for i in range(12))
    a = write(tmp_path / "a.txt", base)
    b = write(tmp_path / "b.txt", base.replace("Monday", "Tuesday", 1) + " Syndicated by a partner outlet.")
    report = ingest_paths(case, [a, b], extract=False)
    with case.connect() as conn:
        second = repo.get_document(conn, report.added[1])
    assert second is not None and second.near_duplicate_of == report.added[0]
    assert _actions(case)[-1] == "near_duplicate"


def test_ingest_workers_store_the_same_documents(case: Case, tmp_path: Path) -> None:
    files = [write(tmp_path / f"r{i}.txt", f"{i} {REPORT}") for i in range(6)]
    files.append(write(tmp_path / "empty.txt", b""))
    report = ingest_paths(case, files, extract=False, workers=2)
    assert len(report.added) == 6 and [f for f, _ in report.failed] == [str(tmp_path / "empty.txt")]


def test_ingest_runs_extract_and_link_stages_through_plugins(case: Case, tmp_path: Path) -> None:
    seen: list[tuple[str, list[str]]] = []

    def extract(conn: Connection, ids: list[str]) -> None:
        seen.append(("extract", ids))
        append_event(conn, "extract", None, {"documents": len(ids)})

    def link(conn: Connection, ids: list[str]) -> None:
        seen.append(("link", ids))

    plugins.register("extract", "test-ingest", extract)
    plugins.register("link", "test-ingest", link)
    case.settings.update(extract="test-ingest", link="test-ingest")
    report = ingest_paths(case, [write(tmp_path / "r.txt", REPORT)])
    assert seen == [("extract", report.added), ("link", report.added)]
    assert report.processed == report.added
    assert _actions(case)[-1] == "extract"


def test_ingest_failed_stage_is_retried_by_rerun(case: Case, tmp_path: Path) -> None:
    def broken(conn: Connection, ids: list[str]) -> None:
        raise RuntimeError("model file\nmissing")

    calls: list[list[str]] = []
    plugins.register("extract", "test-broken", broken)
    plugins.register("extract", "test-ok", lambda conn, ids: calls.append(ids))
    plugins.register("link", "test-ok", lambda conn, ids: None)
    f = write(tmp_path / "r.txt", REPORT)
    case.settings.update(extract="test-broken", link="test-ok")
    first = ingest_paths(case, [f])
    assert first.failed == [("extract stage", "model file missing")]
    case.settings.update(extract="test-ok")
    second = ingest_paths(case, [f])
    assert second.duplicates == [str(f)] and calls == [first.added]
    with case.connect() as conn:
        assert repo.document_status(conn, first.added[0]) == "processed"


def test_ingest_concurrent_adds_store_each_file_once(case: Case, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from svidok.services.case import open_case
    from svidok.services.verify import verify_case

    for i in range(12):
        write(tmp_path / "in" / f"r{i}.txt", f"{i}: {REPORT}")

    def run(_: int) -> list[str]:
        other = open_case(case.root)
        try:
            return ingest_paths(other, [tmp_path / "in"], extract=False).added
        finally:
            other.close()

    with ThreadPoolExecutor(2) as pool:
        added = [doc for batch in pool.map(run, range(2)) for doc in batch]
    assert len(added) == len(set(added)) == 12
    assert verify_case(case).ok


# --- symbolic links: nothing from outside a named folder unless asked -------------------------

def _stored(case: Case) -> set[str]:
    return set(case.store.iter_hashes())


def _sha(data: str) -> str:
    import hashlib

    return hashlib.sha256(data.encode()).hexdigest()


def test_ingest_symlink_leaving_folder_refused_rest_goes_on(case: Case, tmp_path: Path) -> None:
    secret = write(tmp_path / "outside" / "passwd", REPORT + " secret")
    write(tmp_path / "in" / "a.txt", REPORT)
    link = tmp_path / "in" / "passwd.txt"
    link.symlink_to(secret)
    report = ingest_paths(case, [tmp_path / "in"], extract=False)
    assert len(report.added) == 1 and not report.ok
    assert report.failed == [(str(link), OUTSIDE)]
    assert OUTSIDE == "symbolic link leads outside the folder (use --follow-symlinks)"
    assert _sha(REPORT + " secret") not in _stored(case)


def test_ingest_symlinked_folder_leaving_folder_refused(case: Case, tmp_path: Path) -> None:
    write(tmp_path / "outside" / "b.txt", REPORT + " b")
    write(tmp_path / "in" / "a.txt", REPORT)
    (tmp_path / "in" / "more").symlink_to(tmp_path / "outside", target_is_directory=True)
    report = ingest_paths(case, [tmp_path / "in"], extract=False)
    assert len(report.added) == 1 and report.failed == [(str(tmp_path / "in" / "more"), OUTSIDE)]


def test_ingest_follow_symlinks_preserves_outside_targets(case: Case, tmp_path: Path) -> None:
    secret = write(tmp_path / "outside" / "passwd", REPORT + " secret")
    write(tmp_path / "outside" / "dir" / "c.txt", REPORT + " c")
    write(tmp_path / "in" / "a.txt", REPORT)
    (tmp_path / "in" / "passwd.txt").symlink_to(secret)
    (tmp_path / "in" / "more").symlink_to(tmp_path / "outside" / "dir", target_is_directory=True)
    report = ingest_paths(case, [tmp_path / "in"], extract=False, follow_symlinks=True)
    assert report.ok and len(report.added) == 3
    assert {_sha(REPORT + " secret"), _sha(REPORT + " c")} <= _stored(case)


def test_ingest_symlink_inside_folder_is_read_once(case: Case, tmp_path: Path) -> None:
    a = write(tmp_path / "in" / "a.txt", REPORT)
    (tmp_path / "in" / "alias.txt").symlink_to(a)
    report = ingest_paths(case, [tmp_path / "in"], extract=False)
    assert report.ok and len(report.added) == 1 and report.duplicates == []


def test_ingest_dangling_symlink_reported_by_name(case: Case, tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", REPORT)
    gone = tmp_path / "in" / "gone.txt"
    gone.symlink_to(tmp_path / "in" / "deleted.txt")
    loop = tmp_path / "in" / "self.txt"
    loop.symlink_to(loop)
    report = ingest_paths(case, [tmp_path / "in"], extract=False, follow_symlinks=True)
    assert len(report.added) == 1
    assert sorted(report.failed) == [(str(gone), DANGLING), (str(loop), "symbolic link loop")]


@pytest.mark.parametrize("follow", [False, True])
def test_ingest_looping_folder_links_terminate(case: Case, tmp_path: Path, follow: bool) -> None:
    write(tmp_path / "in" / "sub" / "a.txt", REPORT)
    (tmp_path / "in" / "sub" / "up").symlink_to(tmp_path / "in", target_is_directory=True)
    (tmp_path / "in" / "out").symlink_to(tmp_path / "outside", target_is_directory=True)
    write(tmp_path / "outside" / "b.txt", REPORT + " b")
    (tmp_path / "outside" / "back").symlink_to(tmp_path / "in", target_is_directory=True)
    files, errors = collect_files([tmp_path / "in"], follow_symlinks=follow)
    assert [f.name for f in files] == (["b.txt", "a.txt"] if follow else ["a.txt"])
    assert errors == ([] if follow else [(str(tmp_path / "in" / "out"), OUTSIDE)])


def test_ingest_symlink_named_on_command_line_read_when_regular_file(case: Case, tmp_path: Path) -> None:
    target = write(tmp_path / "elsewhere" / "r.txt", REPORT)
    link = tmp_path / "r-link.txt"
    link.symlink_to(target)
    device = tmp_path / "zero"
    device.symlink_to("/dev/null")
    folder = tmp_path / "folder-link"
    folder.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    report = ingest_paths(case, [link, device, folder], extract=False)
    assert len(report.added) == 1
    reasons = dict(report.failed)
    assert reasons[str(device)] == "not a regular file"
    assert reasons[str(folder)].startswith("symbolic link to a folder")


TELEGRAM = Path(__file__).resolve().parents[1] / "fixtures" / "telegram"
UK_REPORT = ("Окупанти утримували щонайменше сімох цивільних у підвалі школи. Слідчі оглянули підвал "
             "і знайшли на стіні список прізвищ. Відкрито кримінальне провадження.")


def _docs(case: Case) -> list:  # type: ignore[type-arg]
    with case.connect() as conn:
        return sorted(repo.list_documents(conn), key=lambda d: d.part or d.filename)


def test_ingest_telegram_export_preserved_once_with_preserve_event(case: Case) -> None:
    report = ingest_paths(case, [TELEGRAM / "oblast_channel" / "result.json"], extract=False)
    assert report.ok and len(report.added) == 3
    assert list(case.store.iter_hashes()) == [_docs(case)[0].original_sha256]
    assert _actions(case) == ["init", "preserve", "add", "add", "add"]


def test_ingest_telegram_messages_are_documents_of_the_channel(case: Case) -> None:
    ingest_paths(case, [TELEGRAM / "oblast_channel"], extract=False)
    docs = _docs(case)
    assert [d.part for d in docs] == [f"telegram:1700000001:{n}" for n in (2, 4, 6)]
    assert {d.meta.outlet for d in docs} == {"Вісті Куп'янської громади"}
    assert [d.meta.published for d in docs] == [date(2022, 9, 16), date(2022, 9, 17), date(2022, 9, 18)]
    assert {(d.filename, d.media_type) for d in docs} == {("result.json", "application/json")}


def test_ingest_telegram_skipped_messages_are_counted(case: Case) -> None:
    report = ingest_paths(case, [TELEGRAM / "oblast_channel" / "result.json"], extract=False)
    (path, label, added, skipped), = report.unpacked
    assert (added, dict(skipped)) == (3, {"service messages": 2, "messages without text": 2})
    assert label == "Telegram channel Вісті Куп'янської громади (id 1700000001)"


def test_ingest_telegram_sidecar_address_gives_message_links(case: Case, tmp_path: Path) -> None:
    data = (TELEGRAM / "en_channel" / "result.json").read_bytes()
    export = write(tmp_path / "export" / "result.json", data)
    write(tmp_path / "export" / "result.json.meta.json", json.dumps({"url": "https://t.me/kharkiv_notes"}))
    ingest_paths(case, [export], extract=False)
    assert [d.meta.url for d in _docs(case)] == ["https://t.me/kharkiv_notes/101", "https://t.me/kharkiv_notes/102"]


def test_ingest_telegram_export_added_again_is_a_duplicate(case: Case) -> None:
    path = TELEGRAM / "oblast_channel" / "result.json"
    ingest_paths(case, [path], extract=False)
    again = ingest_paths(case, [path], extract=False)
    assert (again.added, again.duplicates) == ([], [str(path)])
    assert _actions(case).count("preserve") == 1


def test_ingest_telegram_later_export_adds_only_new_messages(case: Case, tmp_path: Path) -> None:
    ingest_paths(case, [TELEGRAM / "oblast_channel" / "result.json"], extract=False)
    export = json.loads((TELEGRAM / "oblast_channel" / "result.json").read_text(encoding="utf-8"))
    export["messages"].append({"id": 8, "type": "message", "date": "2022-09-19T08:00:00",
                               "date_unixtime": "1663574400", "text": "Новий допис про обстріл громади."})
    later = write(tmp_path / "later" / "result.json", json.dumps(export, ensure_ascii=False))
    report = ingest_paths(case, [later], extract=False)
    assert len(report.added) == 1 and len(_docs(case)) == 4
    assert len(list(case.store.iter_hashes())) == 2  # both exports are preserved as they are


def test_ingest_language_identified_and_stored(case: Case, tmp_path: Path) -> None:
    files = [write(tmp_path / "uk.txt", UK_REPORT), write(tmp_path / "en.txt", REPORT)]
    ingest_paths(case, files, extract=False)
    langs = {d.filename: (d.language.code, d.language.method) for d in _docs(case)}
    assert langs == {"en.txt": ("en", "model"), "uk.txt": ("uk", "model")}


def test_ingest_lang_option_is_recorded_as_given(case: Case, tmp_path: Path) -> None:
    ingest_paths(case, [write(tmp_path / "r.txt", REPORT)], Overrides(language="ru"), extract=False)
    lang = _docs(case)[0].language
    assert lang is not None and (lang.code, lang.method, lang.confidence) == ("ru", "given", 1.0)


def test_ingest_sidecar_language_is_recorded_as_given(case: Case, tmp_path: Path) -> None:
    f = write(tmp_path / "r.txt", REPORT)
    write(tmp_path / "r.txt.meta.json", json.dumps({"language": "UK"}))
    ingest_paths(case, [f], extract=False)
    lang = _docs(case)[0].language
    assert lang is not None and (lang.code, lang.method) == ("uk", "given")


def test_ingest_bad_sidecar_language_fails_that_file(case: Case, tmp_path: Path) -> None:
    f = write(tmp_path / "r.txt", REPORT)
    write(tmp_path / "r.txt.meta.json", json.dumps({"language": "Ukrainian"}))
    report = ingest_paths(case, [f, write(tmp_path / "s.txt", REPORT + " Again.")], extract=False)
    assert report.failed == [
        (str(f), "language 'Ukrainian': give a two-letter ISO 639-1 code, e.g. uk, ru, en")]
    assert len(report.added) == 1


def test_ingest_mixed_page_stores_language_runs(case: Case, tmp_path: Path) -> None:
    en = "Russian forces held at least seven civilians in a school basement in Kupiansk, witnesses said."
    ingest_paths(case, [write(tmp_path / "mixed.txt", f"{UK_REPORT}\n\n{en}")], extract=False)
    lang = _docs(case)[0].language
    assert lang is not None and [r[2] for r in lang.runs] == ["uk", "en"]


IT_REPORT = ("I militari hanno trattenuto almeno sette civili nella cantina di una scuola. Gli investigatori "
             "hanno esaminato la cantina e trovato un elenco di nomi sul muro.")


def test_ingest_unsupported_language_is_flagged_not_failed(case: Case, tmp_path: Path) -> None:
    it = write(tmp_path / "it.txt", IT_REPORT)
    report = ingest_paths(case, [it, write(tmp_path / "en.txt", REPORT)])
    assert report.ok and report.unsupported == [(str(it), "it")]
    status = {d.filename: d.extraction_status for d in _docs(case)}
    assert status == {"it.txt": "unsupported_language: it", "en.txt": "extracted"}
    assert len(report.processed) == 2


def test_ingest_telegram_export_folder_sets_its_media_aside(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "ChatExport_2022-09-20"
    write(folder / "result.json", (TELEGRAM / "en_channel" / "result.json").read_bytes())
    write(folder / "photos" / "photo_1@20-09-2022_10-00-00.jpg", b"\xff\xd8\xff\xe0" + bytes(64))
    write(tmp_path / "other" / "photos" / "street.jpg", b"\xff\xd8\xff\xe0" + bytes(64))
    report = ingest_paths(case, [folder, tmp_path / "other"], extract=False)
    assert len(report.added) == 2
    assert report.notes == [f"{folder}: 1 media file of a Telegram export not read (only the messages' text "
                            "is; the export folder stays as it is)"]
    assert [(Path(p).name, why) for p, why in report.failed] == [
        ("street.jpg", "unsupported format: JPEG image")]


def test_ingest_report_names_incidents_created_then_updated(case: Case) -> None:
    from svidok.services.incidents import query

    fixtures = Path(__file__).resolve().parents[1] / "web" / "fixtures"
    first = ingest_paths(case, [fixtures / "01_izium_market.txt"])
    with case.connect() as conn:
        made = sorted(i.id for i in query(conn))
    second = ingest_paths(case, [fixtures / "02_izium_market_local.txt"])
    assert first.ok and sorted(first.created) == made and first.updated == []
    assert second.ok and second.updated and set(second.updated) <= set(made)


def test_ingest_reports_in_two_languages_link_into_one_incident(case: Case, tmp_path: Path) -> None:
    from svidok.services.incidents import query

    en = write(tmp_path / "en.txt", "Russian troops held residents in the basement of the police station in "
               "Balakliia and tortured them with electric shocks, investigators said on Monday.")
    uk = write(tmp_path / "uk.txt", "Російські військові утримували мешканців Балаклії у підвалі відділку "
               "поліції і катували їх струмом, повідомили слідчі в понеділок.")
    assert ingest_paths(case, [en, uk]).ok
    with case.connect() as conn:
        torture = [i for i in query(conn) if i.type == "torture"]
        langs = {d.id: d.language.code for d in repo.list_documents(conn) if d.language}
    assert len(torture) == 1 and torture[0].place is not None and torture[0].place.name == "Balakliia"
    assert sorted(langs[s.document_id] for s in torture[0].sources) == ["en", "uk"]
