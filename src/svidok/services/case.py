"""A case: a directory with case.json, objects/, keys/ and (by default) the SQLite case.db.

The folder is private (0700) and case.db and the key files are 0600. The private key is loaded
only by those who sign; it may be passphrase-encrypted (SVIDOK_KEY_PASSPHRASE, or a prompt the
front end supplies). After every transaction that appended custody events, the signed tree head
of the log is brought up to date in tree_head.json beside it (services.tree_head).
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # not on Windows: SQLite's busy timeout alone queues the writers there
    fcntl = None  # type: ignore[assignment]

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.engine import Connection, Engine

from svidok.db import custody as custody_db
from svidok.db import repo
from svidok.db.engine import READ_OPTION, DatabaseError, open_engine
from svidok.db.migrate import current_revision, upgrade
from svidok.evidence import keys
from svidok.evidence.store import ObjectStore

SETTINGS = "case.json"
FORMAT = "svidok-case"
DEFAULTS: dict[str, Any] = {"max_size_mb": 50, "reader": "svidok", "neardup": "minhash",
                            "extract": "svidok", "link": "svidok"}
# Keys on Connection.info under which a case's signer travels with its connections, so services
# called as f(conn, ...) can append custody events without being handed the case.
INFO_KEY = "svidok.case"
WRITE_LOCK = "write.lock"  # the queue SQLite writers wait in (Case._writer_turn)
PASSPHRASE_ENV = "SVIDOK_KEY_PASSPHRASE"
Passphrase = Callable[[], str | None]


class CaseError(Exception):
    """A case directory that cannot be created or opened; message is one line."""


def default_actor() -> str:
    env = os.environ.get("SVIDOK_ACTOR")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def env_passphrase() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None


@dataclass
class Case:
    root: Path
    settings: dict[str, Any]
    engine: Engine
    store: ObjectStore
    signer: Ed25519PrivateKey | None
    actor: str
    passphrase: Passphrase = env_passphrase

    @property
    def key(self) -> Ed25519PrivateKey:
        """The private key, loaded (and its passphrase asked) on first use."""
        if self.signer is None:
            try:
                self.signer = keys.load_private(self.root / "keys", self.passphrase)
            except keys.KeyError_ as exc:
                raise CaseError(str(exc)) from exc
        return self.signer

    @property
    def public_key(self) -> Ed25519PublicKey:
        if self.signer is not None:
            return self.signer.public_key()
        try:
            return keys.load_public(self.root / "keys")
        except keys.KeyError_ as exc:
            raise CaseError(str(exc)) from exc

    def setting(self, name: str) -> Any:
        return self.settings.get(name, DEFAULTS.get(name))

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction whose connection carries this case (for custody appends)."""
        with self._writer_turn(), self.engine.begin() as conn:
            conn.info[INFO_KEY] = self
            try:
                yield conn
            finally:
                conn.info.pop(INFO_KEY, None)
                appended = conn.info.pop(custody_db.APPENDED, False)
        if appended:  # committed: extend the signed tree head by what this transaction appended
            from svidok.services.tree_head import record_head

            record_head(self)

    @contextmanager
    def _writer_turn(self) -> Iterator[None]:
        """On SQLite, writers of this case queue on a file lock before BEGIN IMMEDIATE. SQLite's own
        busy handler polls with sleeps, so with four busy processes one could wait past its
        timeout while the others took the lock in turns; a blocked flock is woken when it frees."""
        if self.engine.dialect.name != "sqlite" or fcntl is None:
            yield
            return
        fd = os.open(self.root / WRITE_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reads: on SQLite a snapshot that never waits for writers. Write with begin()."""
        with self.engine.connect() as conn:
            conn.execution_options(**{READ_OPTION: True})
            conn.info[INFO_KEY] = self
            try:
                yield conn
            finally:
                conn.info.pop(INFO_KEY, None)

    def close(self) -> None:
        self.engine.dispose()


def _db_url(root: Path, settings: dict[str, Any]) -> str:
    # The URL is fixed at init (from --db / SVIDOK_DB); an environment variable at open time must
    # not silently point an existing case at another database.
    url = settings.get("db_url")
    if url:
        return str(url)
    return f"sqlite:///{root / 'case.db'}"


def init_case(path: Path, db_url: str | None = None, actor: str | None = None,
              passphrase: str | None = None) -> Case:
    """Create a new case at `path` (which must not already hold one) and record the `init` event.

    The folder is made private (0700), case.db and the keys 0600; `passphrase` encrypts the key."""
    root = Path(path).resolve()
    if (root / SETTINGS).exists():
        raise CaseError(f"{root}: already a case (has {SETTINGS})")
    if root.exists() and not root.is_dir():
        raise CaseError(f"{root}: exists and is not a directory")
    settings: dict[str, Any] = {"format": FORMAT, "version": 1,
                                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                                "db_url": db_url, **DEFAULTS}
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(root, 0o700)  # also when the folder existed (mkdir's mode is cut by the umask)
        (root / "objects").mkdir(exist_ok=True, mode=0o700)
        key = keys.generate(root / "keys", passphrase)
        if not db_url:  # SQLite creates its -wal and -shm files with the database's mode
            keys.write_private(root / "case.db", b"")
        (root / SETTINGS).write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise CaseError(f"{root}: cannot create case ({exc.strerror or exc})") from exc
    case = _assemble(root, settings, key, actor)
    if passphrase:
        case.passphrase = lambda: passphrase
    with case.begin() as conn:
        if custody_db.head(conn)[0] != 0:
            raise CaseError(f"{root}: the database already holds a custody chain; use a fresh database")
        custody_db.append_event(conn, key, case.actor, "init", None, {
            "public_key": keys.public_hex(key.public_key()), "format": FORMAT, "version": 1,
        })
    return case


def _check_sqlite_file(root: Path, settings: dict[str, Any]) -> None:
    """Opening must never create a database: a missing or empty case.db is a loss to report."""
    if settings.get("db_url"):
        return
    path = root / "case.db"
    if not path.is_file():
        raise CaseError(f"{path}: the case database is missing (removed?); restore it from a backup")
    if path.stat().st_size == 0:
        raise CaseError(f"{path}: the case database is empty (emptied?); restore it from a backup")


def _assemble(root: Path, settings: dict[str, Any], key: Ed25519PrivateKey | None,
              actor: str | None, existing: bool = False) -> Case:
    url = _db_url(root, settings)
    try:
        engine = open_engine(url)
        if existing:
            with engine.connect() as conn:
                schema = current_revision(conn)
            if schema is None:  # upgrading would create an empty database in place of the lost one
                engine.dispose()
                raise CaseError(f"{root}: the case database holds no Svidok schema (emptied or replaced?); "
                                "restore it from a backup")
        upgrade(engine)
    except CaseError:
        raise
    except DatabaseError as exc:
        raise CaseError(str(exc)) from exc
    except Exception as exc:  # driver errors carry multi-line messages; keep the first line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CaseError(f"{root}: cannot open database ({first})") from exc
    return Case(root, settings, engine, ObjectStore(root / "objects"), key, actor or default_actor())


def find_case_dir(path: Path | str | None) -> Path:
    """The case directory from an explicit path or SVIDOK_CASE."""
    chosen = path if path not in (None, "") else os.environ.get("SVIDOK_CASE")
    if not chosen:
        raise CaseError("no case given: pass --case DIR or set SVIDOK_CASE")
    return Path(chosen).expanduser().resolve()


def open_case(path: Path | str | None = None, actor: str | None = None, *,
              passphrase: Passphrase | None = None, load_key: bool = True) -> Case:
    """Open an existing case (upgrading its schema to the current migrations).

    The private key is loaded now when `load_key` (asking `passphrase`, default
    SVIDOK_KEY_PASSPHRASE, if it is encrypted), else on first signing; verify needs none."""
    root = find_case_dir(path)
    settings_path = root / SETTINGS
    try:
        settings = json.loads(settings_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CaseError(f"{root}: not a case (no {SETTINGS}; create one with `svidok init`)") from None
    except (OSError, ValueError) as exc:
        raise CaseError(f"{settings_path}: unreadable settings ({exc})") from exc
    if not isinstance(settings, dict) or settings.get("format") != FORMAT:
        raise CaseError(f"{settings_path}: not a Svidok case settings file")
    _check_sqlite_file(root, settings)
    ask = passphrase or env_passphrase
    key = None
    if load_key:
        try:
            key = keys.load_private(root / "keys", ask)
        except keys.KeyError_ as exc:
            raise CaseError(str(exc)) from exc
    case = _assemble(root, settings, key, actor, existing=True)
    case.passphrase = ask
    return case


def case_of(conn: Connection) -> Case:
    """The case a connection was opened through (Case.begin / Case.connect)."""
    case = conn.info.get(INFO_KEY)
    if not isinstance(case, Case):
        raise CaseError("this connection was not opened through a Case (use case.begin())")
    return case


def overview(case: Case) -> dict[str, int]:
    """Counts of what a case holds, for summaries."""
    with case.connect() as conn:
        return repo.counts(conn)
