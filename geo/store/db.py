"""Connecting to the database, migrating it, and the compare-and-set write.

Where the database is:

- ``YOUTHMAP_DB_URL`` set (e.g. ``postgresql+psycopg://user:pw@host/youthmap``): that
  server — the multi-user deployment.
- otherwise a SQLite file ``youthmap.db`` in ``YOUTHMAP_HOME`` (default ``./var``), in WAL
  mode so pages read while someone writes.

:func:`open_store` creates the schema from empty with the Alembic migrations in
``geo/store/migrations`` (``upgrade head``, built in code — no ``alembic.ini``), serialised
between processes (a PostgreSQL advisory lock; SQLite's write lock).

Writes are short transactions (:meth:`Store.write`): on SQLite they start with
``BEGIN IMMEDIATE`` so two writers queue on the lock (``busy_timeout``) instead of failing
when one upgrades a read to a write; on PostgreSQL they run at READ COMMITTED, where a
compare-and-set ``UPDATE … WHERE version = :v`` waits for a concurrent writer and then
matches no row. :func:`cas_update` turns "no row" into :class:`StaleRow` naming what changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Table, create_engine, event, select, text, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError

from geo.core.errors import InputError, Problem, StaleWrite, StoreError, os_reason
from geo.i18n import Term
from geo.store.models import AUDIT

if TYPE_CHECKING:
    import pandas as pd

HOME_ENV = "YOUTHMAP_HOME"
URL_ENV = "YOUTHMAP_DB_URL"
DEFAULT_HOME = "var"
DB_FILE_NAME = "youthmap.db"
SQLITE_BUSY_TIMEOUT_MS = 60_000
"""How long a SQLite writer waits for the write lock before giving up."""
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK_KEY = 7_220_210_501
"""Advisory-lock key serialising migrations between app processes on PostgreSQL."""


def home_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The data directory: ``YOUTHMAP_HOME`` or ``./var``."""
    env = os.environ if environ is None else environ
    return Path(env.get(HOME_ENV, "").strip() or DEFAULT_HOME)


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """The database URL: ``YOUTHMAP_DB_URL``, or the SQLite file under :func:`home_dir`."""
    env = os.environ if environ is None else environ
    url = env.get(URL_ENV, "").strip()
    if url:
        return url
    return f"sqlite:///{(home_dir(env) / DB_FILE_NAME).resolve()}"


def utcnow() -> dt.datetime:
    """Now, as naive UTC (how every time is stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


DB_FILE_MODE = 0o600
"""The SQLite file (and its -wal/-shm files) can be read by its owner only: it holds the
password hashes and every plan."""
DB_DIR_MODE = 0o700
"""A data folder YouthMap creates is its owner's only."""


def prepare_sqlite_file(path: Path) -> bool:
    """Make the SQLite file's folder and the file itself private before SQLite opens it.

    A folder that does not exist is created ``0700``; a database file that does not exist is
    created empty ``0600`` (SQLite gives its -wal and -shm files the same mode); an existing
    file readable by others is narrowed to ``0600`` when it is ours.

    Returns
    -------
    bool
        Whether the database can only be read: its folder or the file is not writable
        (it is opened as :func:`read_only_mode` says).

    Raises
    ------
    InputError
        The database does not exist and its folder is read-only (code ``db_read_only``).
    """
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True, mode=DB_DIR_MODE)
            folder.chmod(DB_DIR_MODE)  # mkdir's mode is narrowed by the umask, not widened
        except OSError as exc:
            raise InputError.single(
                "store.problem.folder_create",
                column=HOME_ENV,
                code="db_read_only",
                folder=str(folder),
                reason=os_reason(exc),
            ) from exc
    writable = os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
    if not path.exists():
        if not writable:
            raise InputError.single(
                "store.problem.folder_read_only",
                column=HOME_ENV,
                code="db_read_only",
                folder=str(folder),
                file=path.name,
                name=path.name,
                env=HOME_ENV,
            )
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, DB_FILE_MODE))
    if writable:
        for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            with contextlib.suppress(OSError):
                mine = name.exists() and name.stat().st_uid == os.geteuid()
                if mine and name.stat().st_mode & 0o077:
                    name.chmod(DB_FILE_MODE)
    return not writable


def read_only_mode(path: Path) -> str:
    """The SQLite URI parameters that read the WAL-mode file ``path`` read-only, whole.

    SQLite reads it read-only (``mode=ro``), its -wal included, where it can use a -shm
    file: one it can make (a writable folder) or one there already (a process has the
    database open, or the snapshot holds it). In a read-only folder without one it cannot
    read at all: a file with no -wal, or an empty one, is read as an immutable file; one
    whose -wal holds writes not yet folded into it is refused, since an immutable read
    leaves the -wal out (the pages and commands showed the last checkpoint's data, an
    account made after it missing, and said nothing).

    Raises
    ------
    InputError
        The folder is read-only, has no -shm file and the -wal holds writes (code
        ``db_read_only``).
    """
    folder = path.parent
    shm = path.with_name(path.name + "-shm")
    wal = path.with_name(path.name + "-wal")
    if shm.exists() or os.access(folder, os.W_OK):
        return "mode=ro"
    if wal.exists() and wal.stat().st_size > 0:
        raise InputError.single(
            "store.problem.wal_read_only",
            column=HOME_ENV,
            code="db_read_only",
            folder=str(folder),
            name=path.name,
            env=HOME_ENV,
        )
    return "mode=ro&immutable=1"


def use_wal(cur: Any, budget_s: float = SQLITE_BUSY_TIMEOUT_MS / 1000) -> None:
    """Put the SQLite file of the cursor ``cur`` in WAL mode, waiting out other processes.

    Converting the journal needs the file to itself, and SQLite does not run the busy
    handler for it: app processes opening a new file together failed at once with
    "database is locked" (once in CI; 3 of 25 rounds of eight processes opening a new file,
    0 of 25 since). WAL is kept in the file, so the mode is read first and set only while it
    is not WAL yet, retried with a growing pause for up to ``budget_s`` seconds (the busy
    timeout).

    Raises
    ------
    sqlite3.OperationalError
        Still locked when the budget is spent, or any other failure.
    """
    import sqlite3
    import time

    deadline, pause = time.monotonic() + budget_s, 0.01
    while True:
        try:
            if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def _sqlite_setup(engine: Engine, *, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        dbapi_conn.isolation_level = None  # let SQLAlchemy's begin event emit BEGIN
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if not read_only:
            use_wal(cur)
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "DEFERRED" if conn.get_execution_options().get("youthmap_read") else "IMMEDIATE"
        conn.exec_driver_sql(f"BEGIN {mode}")


PG_APP_NAME = "youthmap"
"""``application_name`` of YouthMap's PostgreSQL sessions (unless the URL sets one), so that
``pg_stat_activity`` (and ``youthmap db restore``'s refusal) names them."""
PG_ALIAS = "postgres"
"""The scheme Heroku, hosting panels and libpq's documentation write (``postgres://``),
which SQLAlchemy does not know: read as ``postgresql``."""


def parse_url(url: str | None = None) -> URL:
    """The database URL ``url`` (default :func:`database_url`) parsed: the one place a
    ``YOUTHMAP_DB_URL``, a ``--db`` option or a caller's URL is read.

    ``postgres://`` (and ``postgres+DRIVER://``) is read as ``postgresql``, and a password
    given as ``?password=`` is moved to the URL's password, which is never shown.

    Raises
    ------
    InputError
        The URL cannot be parsed (code ``db_url``); the reason never repeats a part of the
        URL, so no password is shown.
    """
    try:
        parsed = make_url(url or database_url())
    except (ArgumentError, ValueError) as exc:  # ValueError: the port is not a number
        key = (
            "store.problem.url_form" if isinstance(exc, ArgumentError) else "store.problem.url_port"
        )
        raise InputError.single(
            "store.problem.url", column=URL_ENV, code="db_url", detail=Term(key=key)
        ) from None
    backend, plus, driver = parsed.drivername.partition("+")
    if backend == PG_ALIAS:
        parsed = parsed.set(drivername=f"postgresql{plus}{driver}")
    secret = parsed.query.get("password")
    if parsed.get_backend_name() == "postgresql" and secret is not None:
        # libpq's ?password=: where the URL's password is, hidden wherever the URL is shown
        # and given to pg_dump in PGPASSWORD (the query wins, as it does for psycopg)
        password = secret if isinstance(secret, str) else secret[-1]
        parsed = parsed.difference_update_query(["password"]).set(password=password)
    return parsed


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default :func:`database_url`), set up for YouthMap.

    SQLite: the directory is created, WAL mode, a long busy timeout, foreign keys on,
    ``BEGIN IMMEDIATE`` for writes. PostgreSQL: a small pool with pre-ping.

    Raises
    ------
    InputError
        The URL cannot be parsed or names an unsupported backend.
    """
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        read_only = False
        if parsed.database and parsed.database != ":memory:" and not parsed.query.get("uri"):
            read_only = prepare_sqlite_file(Path(parsed.database))
        if read_only:  # nothing can be written beside it: read it as it is
            path = Path(parsed.database).resolve()
            parsed = make_url(f"sqlite:///file:{path}?{read_only_mode(path)}&uri=true")
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _sqlite_setup(engine, read_only=read_only)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        connect = {} if "application_name" in parsed.query else {"application_name": PG_APP_NAME}
        return create_engine(
            parsed, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args=connect
        )
    raise InputError.single("store.problem.backend", column=URL_ENV, code="db_url", backend=backend)


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest migration's revision id."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` when empty)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revision(revision: str) -> bool:
    """Whether ``revision`` is one of this YouthMap's migrations (a database or a backup
    made by a newer YouthMap is at one it does not have)."""
    try:
        return ScriptDirectory.from_config(_alembic_config()).get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises ResolutionError, CommandError …
        return False


def migrate(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations up to ``revision`` (default the newest).

    Safe to call from several processes at once: PostgreSQL takes an advisory lock for the
    transaction; SQLite's ``BEGIN IMMEDIATE`` holds the write lock.

    Raises
    ------
    InputError
        The database is at a revision this YouthMap does not know: a newer YouthMap made
        it (code ``schema_newer``); nothing is changed.
    """
    cfg = _alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK_KEY})
        current = MigrationContext.configure(conn).get_current_revision()
        if current is not None and not known_revision(current):
            raise InputError.single(
                "store.problem.schema_newer",
                column=URL_ENV,
                code="schema_newer",
                db=engine.url.render_as_string(hide_password=True),
                revision=current,
                head=head_revision(),
            )
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


@dataclass
class Store:
    """An open YouthMap database.

    Attributes
    ----------
    engine
        The SQLAlchemy engine.
    url
        Its URL with the password hidden.
    verify_accounts
        Re-read the acting user's account before every write (:func:`geo.store.users.acting_user`):
        a deactivated account, or a user with no account, cannot write, and the role and
        geography are the database's, not the caller's copy. The app turns it on whenever
        it asks for logins; the command line and notebooks act as the database's operator.
    read_only
        The SQLite file or its folder cannot be written (a read-only ``YOUTHMAP_HOME``): it
        is read as it is, and every write is refused with a :class:`geo.core.errors.StoreError`
        (code ``read_only``).
    """

    engine: Engine
    url: str = field(default="")
    verify_accounts: bool = False
    read_only: bool = False

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: committed on success, rolled back on any exception.

        A clash with a concurrent transaction the database itself detects (a unique key
        another writer took first, a PostgreSQL deadlock or serialisation failure, SQLite
        still locked after the busy timeout) is raised as :class:`StaleWrite`: nothing
        was written and the user can reload and try again. Any other failure of the
        database (a full disk, a read-only file, a value it refuses) is raised as
        :class:`geo.core.errors.StoreError` naming the kind, never as the driver's own error.
        """
        if self.read_only:
            raise StoreError(
                "read_only",
                f"the database {self.url} cannot be written (its folder or file is read-only); "
                "nothing was written",
            )
        try:
            with self.engine.begin() as conn:
                yield conn
        except (IntegrityError, OperationalError) as exc:
            if not _is_conflict(exc):
                raise store_error(exc) from exc
            raise StaleWrite(
                "a concurrent change to the same records got there first; nothing was "
                f"written — reload and try again ({type(exc.orig).__name__})"
            ) from exc
        except (SQLAlchemyError, OverflowError) as exc:
            raise store_error(exc) from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only connection (a deferred transaction on SQLite, never holding the lock);
        a failure of the database is raised as :class:`geo.core.errors.StoreError`."""
        try:
            with self.engine.connect() as conn:
                conn.execution_options(youthmap_read=True)
                try:
                    yield conn
                finally:
                    conn.rollback()
        except (SQLAlchemyError, OverflowError) as exc:
            raise store_error(exc) from exc

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


_CONFLICT_SQLSTATES = frozenset({"40001", "40P01", "55P03", "23505"})
"""PostgreSQL: serialisation failure, deadlock, lock not available, unique violation."""


_DISK_FULL_SQLSTATES = frozenset({"53100", "53000"})
"""PostgreSQL: disk full, insufficient resources."""
_READ_ONLY_SQLSTATES = frozenset({"25006"})
"""PostgreSQL: read-only SQL transaction."""


def store_error(exc: BaseException) -> StoreError:
    """The :class:`geo.core.errors.StoreError` for a failure of the database driver: its kind
    (``disk_full``, ``read_only`` or ``db_error``) and one line of the driver's reason,
    without the statement or its parameters."""
    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None)
    first = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    low = first.lower()
    if state in _DISK_FULL_SQLSTATES or "disk is full" in low or "no space left" in low:
        code = "disk_full"
    elif state in _READ_ONLY_SQLSTATES or "readonly database" in low or "read-only" in low:
        code = "read_only"
    else:
        code = "db_error"
    return StoreError(code, f"the database failed ({code}): {first[:200]}; nothing was written")


def _is_conflict(exc: IntegrityError | OperationalError) -> bool:
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    if state is not None:
        return state in _CONFLICT_SQLSTATES
    text_ = str(orig).lower()
    return "database is locked" in text_ or "unique constraint failed" in text_


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """Open (and, by default, migrate to the newest schema) the YouthMap database.

    Parameters
    ----------
    url
        SQLAlchemy URL; default :func:`database_url` (``YOUTHMAP_DB_URL`` or the SQLite file
        under ``YOUTHMAP_HOME``).
    upgrade
        Run the migrations when the database is behind (from empty on first use).

    Returns
    -------
    Store

    Raises
    ------
    InputError
        The URL is unusable or the server cannot be reached (the reason names it).
    """
    engine = make_engine(url)
    shown = engine.url.render_as_string(hide_password=True)
    read_only = engine.url.query.get("mode") == "ro"
    if read_only:
        shown = f"sqlite:///{engine.url.database.removeprefix('file:')} (read-only)"
    try:
        if upgrade and current_revision(engine) != head_revision():
            if read_only:
                raise InputError.single(
                    "store.problem.schema_read_only",
                    column=HOME_ENV,
                    code="db_read_only",
                    db=shown,
                )
            migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        raise unreachable(exc, shown) from exc
    return Store(engine, shown, read_only=read_only)


def unreachable(exc: OperationalError, shown: str) -> InputError:
    """The input error for a database that cannot be opened (``shown`` hides the password)."""
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return InputError.single(
        "store.problem.unreachable", column=URL_ENV, code="db_unreachable", db=shown, reason=reason
    )


# --------------------------------------------------------------------------- input limits

TEXT_MAX_CHARS = 10_000
"""Longest note, reason or comment kept (a page of text)."""
INTEGER_MAX = 2**31 - 1
"""Largest whole number a column holds (PostgreSQL ``integer``)."""


def column_chars(column: Any) -> int:
    """How many characters a ``String(n)`` column holds (:data:`TEXT_MAX_CHARS` for text)."""
    return getattr(column.type, "length", None) or TEXT_MAX_CHARS


def text_problem(
    value: Any, field_name: str, max_chars: int, *, file: str | None = None, row: int | None = None
) -> Problem | None:
    """The problem with ``value`` as text for the database, or ``None``: longer than
    ``max_chars`` or holding a NUL character (PostgreSQL refuses it in any text)."""
    text_ = "" if value is None else str(value)
    if "\x00" in text_:
        return Problem("store.problem.nul", file=file, row=row, column=field_name, code="nul")
    if len(text_) > max_chars:
        return Problem(
            "store.problem.too_long",
            params={"n": len(text_), "max": max_chars},
            file=file,
            row=row,
            column=field_name,
            code="too_long",
        )
    return None


def check_texts(**fields: tuple[Any, int]) -> None:
    """Refuse text the database would not take, naming each field: ``field=(value, max)``.

    Raises
    ------
    InputError
        One problem per field too long or holding a NUL character.
    """
    problems = [p for name, (v, n) in fields.items() if (p := text_problem(v, name, n))]
    if problems:
        raise InputError(problems)


# --------------------------------------------------------------------------- rows & audit


def jsonable(value: Any) -> Any:
    """A value as it is kept in audit JSON (dates as ISO strings)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def frame_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame``'s rows as dicts of Python values, the values ``frame.to_dict("records")``
    gives (missing numbers stay NaN), built column by column: 0.6 s for the demo year's
    125,000 activities against 3.3 s for ``to_dict``, which reads pyarrow strings one
    value at a time."""
    names = [str(c) for c in frame.columns]
    return [
        dict(zip(names, values, strict=True))
        for values in zip(*(frame[c].tolist() for c in frame.columns), strict=True)
    ]


def row_dict(row: Any) -> dict[str, Any]:
    """A result row as a JSON-ready dict."""
    return {k: jsonable(v) for k, v in row._mapping.items()}


class AuditNote(TypedDict, total=False):
    """What an audit entry may add to its row: the plan and community it concerns, the
    user's reason, and its time (the write's own, when not given)."""

    plan_id: int | None
    community_id: str | None
    reason: str
    at: dt.datetime | None


class AuditEntry(AuditNote):
    """One audit entry: who did what to which row, the row before and after (``None`` for
    a row created or deleted) and the optional :class:`AuditNote` fields."""

    user: str
    action: str
    entity: str
    entity_id: str | int
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


def _audit_row(entry: AuditEntry) -> dict[str, Any]:
    """The values of one audit entry's row in ``audit_log``."""
    before, after = entry["before"], entry["after"]
    return {
        "at": entry.get("at") or utcnow(),
        "user_name": entry["user"],
        "action": entry["action"],
        "entity": entry["entity"],
        "entity_id": str(entry["entity_id"]),
        "plan_id": entry.get("plan_id"),
        "community_id": entry.get("community_id"),
        "reason": entry.get("reason") or "",
        "before": jsonable(dict(before)) if before is not None else None,
        "after": jsonable(dict(after)) if after is not None else None,
    }


def write_audit(conn: Connection, **entry: Unpack[AuditEntry]) -> None:
    """Append one audit entry (:class:`AuditEntry`'s fields as keywords) inside the caller's
    transaction, so that it commits with the change."""
    conn.execute(AUDIT.insert().values(**_audit_row(entry)))


def write_audits(conn: Connection, entries: Iterable[AuditEntry]) -> int:
    """Append several audit entries in one statement inside the caller's transaction;
    returns how many."""
    rows = [_audit_row(entry) for entry in entries]
    if rows:
        conn.execute(AUDIT.insert(), rows)
    return len(rows)


class StaleRow(StaleWrite):
    """A compare-and-set write found a newer version; carries what changed since.

    Attributes
    ----------
    entity
        Table name.
    key
        The row's key as the user knows it (e.g. a community id).
    expected_version, current_version
        The version the writer read and the one in the database (``None`` when deleted).
    changes
        ``(column, value the writer saw, value now)`` for each column that differs.
    changed_by
        Users who wrote the versions in between, from the audit log.
    """

    def __init__(
        self,
        entity: str,
        key: str,
        expected_version: int,
        current_version: int | None,
        changes: list[tuple[str, Any, Any]],
        changed_by: list[str],
    ) -> None:
        self.entity = entity
        self.key = key
        self.expected_version = expected_version
        self.current_version = current_version
        self.changes = changes
        self.changed_by = changed_by
        super().__init__(self.describe())

    def describe(self) -> str:
        """One plain line: which row, versions, who changed it, and what changed."""
        if self.current_version is None:
            return f"{self.entity} {self.key} no longer exists; nothing was written"
        what = "; ".join(f"{c}: {a!r} → {b!r}" for c, a, b in self.changes) or "no visible field"
        who = ", ".join(self.changed_by) or "another user"
        return (
            f"{self.entity} {self.key} was changed by {who} since you read it "
            f"(version {self.expected_version} → {self.current_version}): {what}; "
            "nothing was written — reload and try again"
        )


_HIDDEN_IN_DIFF = frozenset({"version", "updated_at", "updated_by", "id", "password_hash"})


def _stale(
    conn: Connection, table: Table, where: Any, entity: str, key: str, expected: int
) -> StaleRow:
    current = conn.execute(select(table).where(where)).first()
    if current is None:
        return StaleRow(entity, key, expected, None, [], [])
    now = row_dict(current)
    rows = conn.execute(
        select(AUDIT.c.user_name, AUDIT.c.before)
        .where(AUDIT.c.entity == entity, AUDIT.c.entity_id == str(now["id"]))
        .order_by(AUDIT.c.id)
    ).all()
    seen: dict[str, Any] | None = None
    users: list[str] = []
    for user_name, before in rows:
        before = before if isinstance(before, dict) else (json.loads(before) if before else None)
        if before and int(before.get("version", 0)) >= expected:
            if seen is None and int(before["version"]) == expected:
                seen = before
            users.append(user_name)
    changes = []
    if seen is not None:
        changes = [
            (k, seen.get(k), v)
            for k, v in now.items()
            if k not in _HIDDEN_IN_DIFF and seen.get(k) != v
        ]
    return StaleRow(entity, key, expected, int(now["version"]), changes, sorted(set(users)))


def cas_update(
    conn: Connection,
    table: Table,
    where: Any,
    expected_version: int,
    values: Mapping[str, Any],
    *,
    entity: str,
    key: str,
    current: Any = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Compare-and-set update of one row; returns ``(before, after)`` as dicts.

    Parameters
    ----------
    conn
        Open write transaction.
    table
        Table of the row.
    where
        Clause selecting exactly the row.
    expected_version
        Version the writer read; the update matches only if the row still has it.
    values
        Columns to set (``version`` is bumped here).
    entity, key
        Names for messages and the audit log.
    current
        The row as already read in this transaction, if the caller has it (saves a query;
        the update still matches only the expected version).

    Raises
    ------
    StaleRow
        The row has another version (or is gone); nothing is written.
    """
    if current is not None and current.version == expected_version:
        before_row = current
    else:
        before_row = conn.execute(
            select(table).where(where, table.c.version == expected_version)
        ).first()
    if before_row is None:
        raise _stale(conn, table, where, entity, key, expected_version)
    result = conn.execute(
        update(table)
        .where(where, table.c.version == expected_version)
        .values(**values, version=table.c.version + 1)
        .returning(*table.c)
    )
    after_row = result.first()
    if after_row is None:  # a concurrent writer won between our read and our update
        raise _stale(conn, table, where, entity, key, expected_version)
    return row_dict(before_row), row_dict(after_row)


def audited_update(
    conn: Connection,
    table: Table,
    where: Any,
    expected_version: int,
    values: Mapping[str, Any],
    *,
    entity: str,
    key: str,
    user: str,
    action: str,
    current: Any = None,
    **note: Unpack[AuditNote],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """:func:`cas_update` of one row and its :func:`write_audit` entry, in one transaction.

    Parameters are those of the two functions; the audit entry names the row by its
    ``id``. Returns ``(before, after)`` like :func:`cas_update`.

    Raises
    ------
    StaleRow
        The row has another version (or is gone); nothing is written.
    """
    before, after = cas_update(
        conn, table, where, expected_version, values, entity=entity, key=key, current=current
    )
    write_audit(
        conn,
        user=user,
        action=action,
        entity=entity,
        entity_id=after["id"],
        before=before,
        after=after,
        **note,
    )
    return before, after
