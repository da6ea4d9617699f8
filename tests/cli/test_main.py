from __future__ import annotations

import hashlib
import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backend import sqlite_init_case
from svidok.cli.main import COMMAND_MODULES, app
from svidok.services.case import open_case
from svidok.services.verify import verify_case

runner = CliRunner()
REPORT = "A witness said soldiers looted the pharmacy in the town centre and burned the clinic."


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    result = runner.invoke(app, ["init", str(tmp_path / "case")])
    assert result.exit_code == 0, result.output
    return tmp_path / "case"


def _file(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / "in" / name
    p.parent.mkdir(exist_ok=True)
    p.write_bytes(content.encode() if isinstance(content, str) else content)
    return p


def test_main_init_then_add_and_verify_succeed(case_dir: Path, tmp_path: Path) -> None:
    f = _file(tmp_path, "r.txt", REPORT)
    added = runner.invoke(app, ["--case", str(case_dir), "add", str(f), "--no-extract", "--outlet", "Wire"])
    assert added.exit_code == 0 and "added 1" in added.output
    verified = runner.invoke(app, ["--case", str(case_dir), "verify"])
    assert verified.exit_code == 0 and verified.output.startswith("OK: 2 custody events")


def test_main_case_from_environment(case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVIDOK_CASE", str(case_dir))
    assert runner.invoke(app, ["verify"]).exit_code == 0


def test_main_add_bad_file_prints_one_line_error_and_exits_1(case_dir: Path, tmp_path: Path) -> None:
    good = _file(tmp_path, "good.txt", REPORT)
    bad = _file(tmp_path, "empty.txt", b"")
    result = runner.invoke(app, ["--case", str(case_dir), "add", str(good), str(bad), "--no-extract"])
    assert result.exit_code == 1
    assert f"{bad}: empty file" in result.output.splitlines()
    assert "added 1" in result.output


def test_main_add_escapes_a_newline_in_a_file_name(case_dir: Path, tmp_path: Path) -> None:
    bad = _file(tmp_path, "evil\nOK: forged line.txt", b"")
    result = runner.invoke(app, ["--case", str(case_dir), "add", str(bad), "--no-extract"])
    assert result.exit_code == 1
    assert f"{str(bad)!r}: empty file" in result.output.splitlines()
    assert not any(line.startswith("OK: forged") for line in result.output.splitlines())


def test_main_add_rejects_bad_published_date(case_dir: Path, tmp_path: Path) -> None:
    f = _file(tmp_path, "r.txt", REPORT)
    result = runner.invoke(app, ["--case", str(case_dir), "add", str(f), "--published", "14/09/2022"])
    assert result.exit_code == 1 and "not a YYYY, YYYY-MM or YYYY-MM-DD date" in result.output


def test_main_verify_exits_1_and_names_seq_when_broken(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    sqlite_init_case(case_dir).close()  # edited below through the SQLite file
    db = sqlite3.connect(case_dir / "case.db")
    db.execute("UPDATE custody_events SET actor = 'mallory' WHERE seq = 1")
    db.commit()
    db.close()
    result = runner.invoke(app, ["--case", str(case_dir), "verify", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["first"]["seq"] == 1


def test_main_log_json_lists_events(case_dir: Path) -> None:
    result = runner.invoke(app, ["--case", str(case_dir), "log", "--json"])
    assert result.exit_code == 0
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["seq"], e["action"]) for e in events] == [(1, "init")]


def test_main_missing_case_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--case", str(tmp_path / "none"), "log"])
    assert result.exit_code == 1 and "not a case" in result.output


def test_main_every_command_help_has_an_example() -> None:
    for name in ("init", "add", "verify", "log", "demo"):
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, name


def test_main_command_modules_are_listed_by_name() -> None:
    assert all(m.startswith("svidok.cli.") for m in COMMAND_MODULES)


# `kill -9` in the middle of `svidok add` must leave a case that verifies; a re-run completes it.
SVIDOK = [sys.executable, "-c", "from svidok.cli.main import app; app()"]


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_main_add_killed_midbatch_leaves_verifiable_case_and_rerun_completes(tmp_path: Path) -> None:
    sqlite_init_case(tmp_path / "case").close()  # progress is read from the SQLite file
    folder = tmp_path / "in"
    folder.mkdir()
    hashes = set()
    for i in range(150):
        data = f"Report {i}: residents said the school in village {i} was shelled overnight.\n".encode()
        (folder / f"r{i:03}.txt").write_bytes(data)
        hashes.add(hashlib.sha256(data).hexdigest())
    cmd = [*SVIDOK, "--case", str(tmp_path / "case"), "add", str(folder), "--no-extract"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(tmp_path / "case" / "case.db") < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "add finished before it could be killed"
    assert 0 < _count(tmp_path / "case" / "case.db") < 150

    case = open_case(tmp_path / "case")
    assert verify_case(case).ok
    case.close()

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    db = sqlite3.connect(tmp_path / "case" / "case.db")
    stored = [r[0] for r in db.execute("SELECT id FROM documents")]
    adds = [r[0] for r in db.execute("SELECT object_hash FROM custody_events WHERE action = 'add'")]
    db.close()
    assert sorted(stored) == sorted(hashes) and sorted(adds) == sorted(hashes)
    case = open_case(tmp_path / "case")
    assert verify_case(case).ok
    case.close()


def test_main_add_symlink_out_of_folder_needs_follow_symlinks(case_dir: Path, tmp_path: Path) -> None:
    _file(tmp_path, "r.txt", REPORT)
    outside = tmp_path / "outside.txt"
    outside.write_text(REPORT + " Outside.", encoding="utf-8")
    (tmp_path / "in" / "link.txt").symlink_to(outside)
    refused = runner.invoke(app, ["--case", str(case_dir), "add", str(tmp_path / "in"), "--no-extract"])
    assert refused.exit_code == 1 and "added 1" in refused.output
    assert (f"{tmp_path / 'in' / 'link.txt'}: symbolic link leads outside the folder (use --follow-symlinks)"
            in refused.output.splitlines())
    followed = runner.invoke(app, ["--case", str(case_dir), "add", str(tmp_path / "in"), "--no-extract",
                                   "--follow-symlinks"])
    assert followed.exit_code == 0 and "added 1, duplicates 1" in followed.output


def test_main_add_accepts_month_published(case_dir: Path, tmp_path: Path) -> None:
    f = _file(tmp_path, "r.txt", REPORT)
    case = ["--case", str(case_dir)]
    result = runner.invoke(app, [*case, "add", str(f), "--no-extract", "--published", "2022-03"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "export.json"
    assert runner.invoke(app, [*case, "export", "--format", "json", "-o", str(out)]).exit_code == 0
    doc = json.loads(out.read_text())["documents"][0]
    assert (doc["published"], doc["published_precision"]) == ("2022-03", "month")


IT_REPORT = ("I militari hanno trattenuto almeno sette civili nella cantina di una scuola. Gli investigatori "
             "hanno esaminato la cantina e trovato un elenco di nomi sul muro.")


TELEGRAM = Path(__file__).resolve().parents[1] / "fixtures" / "telegram"


def test_main_add_names_and_counts_unsupported_languages(case_dir: Path, tmp_path: Path) -> None:
    it = _file(tmp_path, "it.txt", IT_REPORT)
    en = _file(tmp_path, "en.txt", REPORT)
    result = runner.invoke(app, ["--case", str(case_dir), "add", str(it), str(en)])
    assert result.exit_code == 0, result.output
    assert f"{it}: language not supported for extraction: it" in result.output
    assert ("added 2, duplicates 0, near-duplicates 0, failed 0, "
            "language not supported for extraction 1 (it 1)") in result.output


def test_main_add_lang_is_checked(case_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--case", str(case_dir), "add", str(_file(tmp_path, "r.txt", REPORT)),
                                 "--lang", "ukrainian"])
    assert result.exit_code == 1 and "--lang: language 'ukrainian'" in result.output


def test_main_add_telegram_export_reports_messages_and_skips(case_dir: Path) -> None:
    export = TELEGRAM / "oblast_channel" / "result.json"
    result = runner.invoke(app, ["--case", str(case_dir), "add", str(export), "--no-extract"])
    assert result.exit_code == 0, result.output
    assert (f"{export}: Telegram channel Вісті Куп'янської громади (id 1700000001): 3 messages added; "
            "skipped: messages without text 2, service messages 2") in result.output


FIXTURES = Path(__file__).resolve().parents[1] / "web" / "fixtures"


def test_main_add_lists_incidents_created_then_updated(case_dir: Path) -> None:
    first = runner.invoke(app, ["--case", str(case_dir), "add", str(FIXTURES / "01_izium_market.txt")])
    assert first.exit_code == 0, first.output
    created = re.search(r"incidents: (\d+) created, 0 updated", first.output)
    assert created is not None and int(created.group(1)) >= 1
    assert len(re.findall(r"^new +inc-[0-9a-f]{12} ", first.output, re.M)) == int(created.group(1))
    second = runner.invoke(app, ["--case", str(case_dir), "add", str(FIXTURES / "02_izium_market_local.txt")])
    assert second.exit_code == 0 and re.search(r"^updated +inc-[0-9a-f]{12} +killing ", second.output, re.M)


def test_main_add_without_extraction_lists_no_incidents(case_dir: Path, tmp_path: Path) -> None:
    f = _file(tmp_path, "r.txt", REPORT)
    result = runner.invoke(app, ["--case", str(case_dir), "add", str(f), "--no-extract"])
    assert result.exit_code == 0 and "incidents:" not in result.output


def test_main_log_details_read_as_words_within_80_columns(case_dir: Path, tmp_path: Path) -> None:
    f = _file(tmp_path, "r.txt", REPORT)
    runner.invoke(app, ["--case", str(case_dir), "add", str(f), "--no-extract", "--outlet", "Test Wire"])
    result = runner.invoke(app, ["--case", str(case_dir), "log"])
    assert result.exit_code == 0
    assert "filename: r.txt; outlet: Test Wire" in " ".join(result.stdout.split())
    assert "{" not in result.stdout and max(len(line) for line in result.stdout.splitlines()) <= 80


def test_main_log_pages_count_back_from_the_newest(case_dir: Path, tmp_path: Path) -> None:
    for n, word in enumerate(("alpha", "bravo", "charlie", "delta")):
        f = _file(tmp_path, f"r{n}.txt", f"{word} " * 40)
        runner.invoke(app, ["--case", str(case_dir), "add", str(f), "--no-extract"])
    newest = runner.invoke(app, ["--case", str(case_dir), "log", "--limit", "2"])
    older = runner.invoke(app, ["--case", str(case_dir), "log", "--limit", "2", "--page", "2"])
    assert "events 4-5 of 5 (page 1 of 3; older: --page 2)" in newest.output
    assert "events 2-3 of 5 (page 2 of 3; older: --page 3)" in older.output
    seqs = [line.split()[0] for line in older.stdout.splitlines()[1:] if line.split()[0].isdigit()]
    assert seqs == ["2", "3"]
@pytest.mark.parametrize("actor", ["ana[/bold]", "[bold]ana", "[red]ana[/]"])
def test_main_log_prints_names_with_markup_as_they_are(case_dir: Path, tmp_path: Path, actor: str) -> None:
    """Square brackets in a name are no markup: `log` printed them as styles or crashed (rich's
    MarkupError on a closing tag)."""
    f = _file(tmp_path, "r.txt", REPORT)
    added = runner.invoke(app, ["--case", str(case_dir), "add", str(f), "--no-extract"],
                          env={"SVIDOK_ACTOR": actor})
    assert added.exit_code == 0, added.output
    log = runner.invoke(app, ["--case", str(case_dir), "log"], terminal_width=300)
    assert log.exit_code == 0, log.output
    assert any(actor in line for line in log.output.splitlines())  # printed as it is, not as a style


def test_main_init_prints_a_case_path_with_markup_and_a_newline_as_it_is(tmp_path: Path) -> None:
    where = tmp_path / "c[/]a\nse"
    result = runner.invoke(app, ["init", str(where)])
    assert result.exit_code == 0, result.output
    assert f"created case {str(where.resolve())!r}" in result.output.splitlines()
