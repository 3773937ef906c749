"""Backing up and restoring the whole YouthMap database.

Each backend with its own tool, so a backup is exactly what the database holds (every
table, the audit log and its triggers, the schema revision) and can be read without
YouthMap:

- **SQLite**: SQLite's online backup API (``sqlite3.Connection.backup``), which copies a
  consistent snapshot while the app keeps reading and writing (WAL mode). The backup is an
  ordinary SQLite file. Restoring copies it back the same way, page by page, inside SQLite's
  write lock: other processes see the old database or the restored one, never a mix.
- **PostgreSQL**: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists
  --single-transaction`` (PostgreSQL's own client tools, Debian package
  ``postgresql-client``): a restore that fails part-way changes nothing. It is refused
  while other sessions are connected to the database (:func:`other_sessions`: an app left
  running), and cancelled when one that connects meanwhile holds a lock it waits for.

A backup is written to a temporary file beside the target and renamed into place, so a
failed backup never leaves a half-written file under the name asked for; it is readable by
its owner only (it holds the password hashes). The password of a PostgreSQL URL is passed
to the tools in ``PGPASSWORD``, never on their command line.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from geo.core.errors import InputError
from geo.i18n import Term, join, t
from geo.store.db import (
    DB_FILE_MODE,
    URL_ENV,
    head_revision,
    known_revision,
    make_engine,
    parse_url,
    prepare_sqlite_file,
    unreachable,
)

PG_MAGIC = b"PGDMP"
"""First bytes of a ``pg_dump`` custom-format archive."""
SQLITE_MAGIC = b"SQLite format 3\x00"
"""First bytes of a SQLite database file."""
PG_TOOL_TIMEOUT_S = 3600
"""Longest a ``pg_dump`` or ``pg_restore`` may run."""
PG_RESTORE_LOCK_TIMEOUT_S = 10
"""Longest a statement of ``pg_restore`` may wait for a lock another session holds: a
session that connects after :func:`other_sessions` found none and holds a lock makes the
restore fail within seconds, changing nothing, instead of waiting up to
:data:`PG_TOOL_TIMEOUT_S`."""
SESSIONS_SHOWN = 5
"""How many groups of other sessions a refusal names (the rest are counted)."""
STOP_APP = "systemctl stop youthmap.target"
"""How the README's deployment stops every app process."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup or restore did.

    Attributes
    ----------
    backend
        ``"sqlite"`` or ``"postgresql"``.
    path
        The backup file.
    size
        Its size in bytes.
    """

    backend: str
    path: Path
    size: int


def _backend(parsed: URL) -> str:
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise InputError.single(
            "store.problem.backend", column=URL_ENV, code="db_url", backend=backend
        )
    return backend


def _sqlite_path(parsed: URL) -> Path:
    if not parsed.database or parsed.database == ":memory:" or parsed.query.get("uri"):
        raise InputError.single("store.backup.sqlite_file", column=URL_ENV, code="db_url")
    return Path(parsed.database)


def _error(key: str, path: Path, code: str = "bad_backup", **params: Any) -> InputError:
    """A problem with the backup file ``path``: message ``key`` with ``params``."""
    return InputError.single(key, file=path.name, code=code, **params)


def _is_database_file(path: Path, database: Path) -> bool:
    """Whether ``path`` is the SQLite ``database`` or one of its ``-wal``, ``-shm`` and
    ``-journal`` files (by another name too: a symbolic or hard link)."""
    for name in (database, *(database.with_name(database.name + s) for s in SQLITE_SIDE_FILES)):
        if path.resolve() == name.resolve():
            return True
        if path.exists() and name.exists() and os.path.samefile(path, name):
            return True
    return False


SQLITE_SIDE_FILES: tuple[str, ...] = ("-wal", "-shm", "-journal")
"""Suffixes of the files SQLite keeps beside a database."""


def _write_atomically(out: Path, fill) -> int:  # noqa: ANN001 - fill(tmp: Path) -> None
    """Call ``fill(tmp)`` on a private temporary file beside ``out``, then rename it to
    ``out``; the temporary file is removed when ``fill`` fails. Returns the size."""
    out = out.resolve()
    if not out.parent.is_dir():
        raise _error("store.backup.no_folder", out, "cannot_write", folder=out.parent.name)
    if out.is_dir():  # else the rename's error would name the temporary file
        raise _error("store.backup.out_is_folder", out, "cannot_write")
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.chmod(DB_FILE_MODE)
        fill(tmp)
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out.stat().st_size


# --------------------------------------------------------------------------- SQLite


def _read_sqlite(source: Path, scratch: Path) -> sqlite3.Connection:
    """A connection that reads the SQLite database ``source`` whole, its -wal file included.

    Where the file and its folder can be written it is read through an ordinary
    connection. Else SQLite reads a WAL-mode file read-only where it can use the -shm file:
    one it can make or one there already (a process has the database open, or the
    snapshot holds it). In a read-only folder without one (a read-only ``YOUTHMAP_HOME``, a
    mounted snapshot) it cannot read at all. Then a file with no -wal, or an empty one, is
    read as an immutable file, as :func:`geo.store.open_store` reads it; one whose -wal
    holds writes not yet folded into the file is copied with its -wal into ``scratch`` (a
    private folder that must be writable) and read there, since an immutable read leaves
    the -wal out (a snapshot of a running home lost its last writes).

    Raises
    ------
    sqlite3.Error
        The file cannot be read, even so.
    """
    wal = source.with_name(source.name + "-wal")
    if os.access(source.parent, os.W_OK) and os.access(source, os.W_OK):
        # read through an ordinary connection: the last one to close removes the -wal and
        # -shm files it made. Read-only, it left both behind, owned by whoever ran the
        # backup (root's 0600 -shm in the home of an app that runs as another account)
        conn = sqlite3.connect(source, timeout=60)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(source.parent, os.W_OK):
            raise
    if not wal.exists() or wal.stat().st_size == 0:
        return sqlite3.connect(f"file:{source}?mode=ro&immutable=1", uri=True)
    copy = scratch / source.name
    shutil.copyfile(source, copy)
    shutil.copyfile(wal, copy.with_name(wal.name))
    return sqlite3.connect(copy)  # SQLite folds the -wal in as it opens the copy


def _sqlite_backup(source: Path, out: Path) -> int:
    if not source.exists():
        raise InputError.single(
            "store.backup.no_database", column=URL_ENV, code="not_found", db=str(source)
        )

    def fill(tmp: Path) -> None:
        tmp.unlink()  # sqlite3 makes the file itself; mkstemp only reserved the name
        try:
            with tempfile.TemporaryDirectory(prefix=".youthmap-wal-", dir=tmp.parent) as scratch:
                src = _read_sqlite(source, Path(scratch))
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
                    src.close()
        except sqlite3.Error as exc:
            raise InputError.single(
                "store.backup.cannot_read",
                column=URL_ENV,
                code="db_error",
                db=str(source),
                detail=str(exc),
            ) from exc
        tmp.chmod(DB_FILE_MODE)

    return _write_atomically(out, fill)


def _backup_uri(path: Path) -> str:
    """The URI that reads the SQLite backup ``path`` without writing beside it.

    A backup is a file nothing writes, but one made from a WAL-mode database is in WAL
    mode too: read as a database (``mode=ro``) it needs a -shm file beside it, so a
    restore left ``FILE-shm`` and ``FILE-wal`` in the backup folder, and from a folder it
    cannot write (a read-only mount, another account's folder) it could not read the file
    at all and called it "not a YouthMap backup". It is read as an immutable file,
    unless a -wal file with writes in it lies beside it (someone opened it as a database).
    """
    wal = path.with_name(path.name + "-wal")
    frozen = "" if wal.exists() and wal.stat().st_size > 0 else "&immutable=1"
    return f"file:{path.resolve()}?mode=ro{frozen}"


def _sqlite_revision(path: Path) -> str | None:
    """The schema revision inside a SQLite backup (after an integrity check)."""
    try:
        conn = sqlite3.connect(_backup_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise _error("store.backup.cannot_open", path, detail=str(exc)) from exc
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()
        if not ok or ok[0] != "ok":
            raise _error("store.backup.damaged", path, detail=str(ok))
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise _error("store.backup.not_backup", path) from exc
    finally:
        conn.close()
    return row[0] if row else None


def _sqlite_restore(backup: Path, target: Path) -> None:
    prepare_sqlite_file(target)
    src = sqlite3.connect(_backup_uri(backup), uri=True)
    dst = sqlite3.connect(target, timeout=60)
    try:
        src.backup(dst)  # holds the target's write lock while it copies every page
    finally:
        dst.close()
        src.close()


# --------------------------------------------------------------------------- PostgreSQL


def pg_tool(name: str) -> str:
    """Path of ``pg_dump`` or ``pg_restore``: on ``PATH``, else the newest Debian install.

    Raises
    ------
    InputError
        Neither is installed (code ``missing_tool``).
    """
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4])
    )
    if versions:
        return versions[-1]
    raise InputError.single(
        "store.backup.no_tool",
        tool=name,
        column=URL_ENV,
        code="missing_tool",
    )


def _pg_target(parsed: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment carrying it."""
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    conninfo = parsed.set(drivername="postgresql", password=None)
    return conninfo.render_as_string(hide_password=False), env


def _tool_slow(tool: str, shown: str) -> InputError:
    """The refusal of a PostgreSQL tool still running after :data:`PG_TOOL_TIMEOUT_S`."""
    return InputError.single(
        "store.backup.tool_slow",
        tool=Path(tool).name,
        db=shown,
        seconds=PG_TOOL_TIMEOUT_S,
        column=URL_ENV,
        code="db_error",
    )


def _tool_failed(tool: str, shown: str, returncode: int, stderr: str) -> InputError:
    """The refusal of a PostgreSQL tool that exited with ``returncode``: the first line of
    its error output names the reason."""
    return InputError.single(
        "store.backup.tool_failed",
        column=URL_ENV,
        code="db_error",
        tool=Path(tool).name,
        db=shown,
        reason=_first_line(stderr) or f"exit {returncode}",
    )


def _first_line(stderr: str) -> str | None:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[0] if lines else None


def _call_pg(
    argv: list[str], env: dict[str, str] | None, shown: str
) -> tuple[subprocess.CompletedProcess, str | None]:
    """Run a PostgreSQL tool within :data:`PG_TOOL_TIMEOUT_S`; the finished process and the
    first line of its error output (``None`` when it wrote none)."""
    try:
        done = subprocess.run(
            argv, env=env, capture_output=True, text=True, timeout=PG_TOOL_TIMEOUT_S
        )
    except subprocess.TimeoutExpired as exc:
        raise _tool_slow(argv[0], shown) from exc
    return done, _first_line(done.stderr)


def _run_pg(argv: list[str], env: dict[str, str], shown: str) -> None:
    done = _call_pg(argv, env, shown)[0]
    if done.returncode != 0:
        raise _tool_failed(argv[0], shown, done.returncode, done.stderr)


def _pg_backup(parsed: URL, out: Path, shown: str) -> int:
    conninfo, env = _pg_target(parsed)
    dump = pg_tool("pg_dump")
    return _write_atomically(
        out,
        lambda tmp: _run_pg(
            [dump, "--format=custom", "--no-owner", f"--file={tmp}", f"--dbname={conninfo}"],
            env,
            shown,
        ),
    )


def _pg_revision(backup: Path, shown: str) -> str | None:
    """The schema revision inside a ``pg_dump`` archive (its ``alembic_version`` row), read
    with ``pg_restore`` into text without touching any database."""
    argv = [pg_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-"]
    done, first = _call_pg([*argv, str(backup)], None, shown)
    if done.returncode != 0:
        raise _error("store.backup.cannot_open", backup, detail=first or "")
    rows: list[str] = []
    copying = False
    for line in done.stdout.splitlines():
        if line.startswith("COPY ") and "alembic_version" in line:
            copying = True
        elif copying and line == "\\.":
            break
        elif copying:
            rows.append(line.strip())
    return rows[0] if rows else None


@dataclass(frozen=True)
class Sessions:
    """Sessions on one database other than the caller's, from ``pg_stat_activity``.

    Attributes
    ----------
    application
        Their ``application_name`` (``""`` when they set none).
    address
        Their client address; ``""`` for a Unix socket, ``None`` when the server does not
        show it to this account (another account's session).
    count
        How many sessions share the two.
    """

    application: str
    address: str | None
    count: int


def other_sessions(parsed: URL, ignore: str = "") -> list[Sessions]:
    """The client sessions connected to the database of ``parsed`` other than this one
    (and than those whose ``application_name`` is ``ignore``, when given), grouped by
    application name and client address, most sessions first.

    Raises
    ------
    InputError
        The server cannot be reached (code ``db_unreachable``; the password hidden).
    """
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    engine = make_engine(parsed.render_as_string(hide_password=False))
    query = text(
        "SELECT coalesce(application_name, ''),"
        " CASE WHEN client_addr IS NOT NULL THEN host(client_addr)"
        "      WHEN client_port = -1 THEN '' END,"
        " count(*)"
        " FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        " AND backend_type = 'client backend'"
        " AND (CAST(:ignore AS text) = '' OR application_name <> CAST(:ignore AS text))"
        " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
    )
    try:
        with engine.connect() as conn:
            rows = conn.execute(query, {"ignore": ignore}).all()
    except OperationalError as exc:
        raise unreachable(exc, parsed.render_as_string(hide_password=True)) from exc
    finally:
        engine.dispose()
    return [Sessions(str(name), address, int(n)) for name, address, n in rows]


def _sessions_term(sessions: list[Sessions]) -> Term:
    """``sessions`` as one message parameter in both spellings: "youthmap ×3 (10.0.0.5),
    psql (local socket)"."""
    spelt: dict[str, str] = {}
    for code in ("zh", "en"):
        shown = []
        for group in sessions[:SESSIONS_SHOWN]:
            name = group.application or t("store.backup.session_unnamed", code)
            if group.count > 1:
                name += f" ×{group.count}"
            if group.address:
                where = group.address
            else:
                kind = "socket" if group.address == "" else "hidden"
                where = t(f"store.backup.session_{kind}", code)
            shown.append(f"{name}（{where}）" if code == "zh" else f"{name} ({where})")
        rest = sum(g.count for g in sessions[SESSIONS_SHOWN:])
        if rest:
            shown.append(t("store.backup.sessions_more", code, n=rest))
        spelt[code] = join(shown, code)
    return Term(zh=spelt["zh"], en=spelt["en"])


def _busy(key: str, sessions: list[Sessions], shown: str, **params: Any) -> InputError:
    """The refusal ``key`` of a restore while ``sessions`` are connected (code ``db_busy``)."""
    return InputError.single(
        key,
        column=URL_ENV,
        code="db_busy",
        db=shown,
        n=sum(g.count for g in sessions),
        sessions=_sessions_term(sessions),
        stop=STOP_APP,
        **params,
    )


def _pg_restore(parsed: URL, backup: Path, shown: str) -> None:
    """Restore ``backup`` in one transaction, refused while other sessions are connected.

    An app process's session waiting in a transaction holds locks on the tables the
    restore drops: ``pg_restore`` waited for them, silently, up to
    :data:`PG_TOOL_TIMEOUT_S`. Sessions connected beforehand are named and nothing is
    done. One that connects meanwhile and holds a lock makes the restore give up once its
    statement has waited :data:`PG_RESTORE_LOCK_TIMEOUT_S` for a lock: the statement is
    cancelled (a ``lock_timeout`` would not do, since the archive itself begins with ``SET
    lock_timeout = 0``) and the single transaction rolls back.
    """
    sessions = other_sessions(parsed)
    if sessions:
        raise _busy("store.backup.busy", sessions, shown)
    conninfo, env = _pg_target(parsed)
    env["PGAPPNAME"] = name = f"youthmap db restore {os.getpid()}"
    tool = pg_tool("pg_restore")
    argv = [
        tool,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={conninfo}",
        str(backup),
    ]
    returncode, stderr, cancelled = _run_watched(argv, env, parsed, name, shown)
    if returncode == 0:
        return
    if cancelled:
        sessions = other_sessions(parsed, ignore=name)  # not pg_restore's, perhaps closing
        seconds = PG_RESTORE_LOCK_TIMEOUT_S
        if sessions:
            raise _busy("store.backup.lock_waited", sessions, shown, seconds=seconds)
        raise InputError.single(
            "store.backup.lock_waited_gone",
            column=URL_ENV,
            code="db_busy",
            db=shown,
            seconds=seconds,
            stop=STOP_APP,
        )
    raise _tool_failed(tool, shown, returncode, stderr)


LOCK_POLL_S = 0.5
"""How often a running restore is looked at for a statement waiting on a lock."""


def _run_watched(
    argv: list[str], env: dict[str, str], parsed: URL, name: str, shown: str
) -> tuple[int, str, bool]:
    """Run ``pg_restore`` (its sessions named ``name``) within :data:`PG_TOOL_TIMEOUT_S`,
    cancelling its statement once that has waited :data:`PG_RESTORE_LOCK_TIMEOUT_S` for a
    lock; its exit code, its error output and whether a statement was cancelled."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    waiting = text(
        "SELECT pg_cancel_backend(pid) FROM pg_stat_activity"
        " WHERE application_name = :name AND wait_event_type = 'Lock'"
        " AND clock_timestamp() - query_start > make_interval(secs => :seconds)"
    )
    deadline = time.monotonic() + PG_TOOL_TIMEOUT_S
    cancelled = False
    engine = make_engine(parsed.render_as_string(hide_password=False))
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            while True:
                try:
                    _, stderr = proc.communicate(timeout=LOCK_POLL_S)
                    break
                except subprocess.TimeoutExpired:
                    pass
                if time.monotonic() > deadline:
                    raise _tool_slow(argv[0], shown)
                params = {"name": name, "seconds": PG_RESTORE_LOCK_TIMEOUT_S}
                if conn.execute(waiting, params).all():
                    cancelled = True
    except OperationalError as exc:
        raise unreachable(exc, shown) from exc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        engine.dispose()
    return proc.returncode, stderr, cancelled


# --------------------------------------------------------------------------- the two actions


def backup(out: Path, url: str | None = None) -> BackupInfo:
    """Write a backup of the database at ``url`` (default :func:`geo.store.db.database_url`) to ``out``.

    Raises
    ------
    InputError
        Unsupported URL, a missing SQLite file or PostgreSQL tool, a folder that does not
        exist, or the tool failed (its first line of error, never the password).
    """
    parsed = parse_url(url)
    backend = _backend(parsed)
    shown = parsed.render_as_string(hide_password=True)
    if backend == "sqlite":
        source = _sqlite_path(parsed)
        if _is_database_file(out, source):  # the live file renamed over: the app's next
            # writes would go to the file it still holds open, gone, and the -wal beside
            # the backup would be another database's
            raise _error("store.backup.onto_database", out, "cannot_write")
        size = _sqlite_backup(source, out)
    else:
        size = _pg_backup(parsed, out, shown)
    return BackupInfo(backend, out, size)


def backup_kind(path: Path) -> str:
    """``"sqlite"`` or ``"postgresql"``, from the file's first bytes.

    Raises
    ------
    InputError
        The file does not exist or is neither (code ``bad_backup``).
    """
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except FileNotFoundError as exc:
        raise _error("store.backup.missing", path, "not_found") from exc
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise _error("store.backup.not_backup", path)


def restore(path: Path, url: str | None = None) -> BackupInfo:
    """Replace the database at ``url`` (default :func:`geo.store.db.database_url`) by the backup ``path``.

    The backup must come from the same backend (a SQLite file into SQLite, a ``pg_dump``
    archive into PostgreSQL) and, for SQLite, from this or an older YouthMap (the next
    :func:`geo.store.open_store` migrates an older one).

    Raises
    ------
    InputError
        The file is not a backup, is damaged, comes from the other backend or a newer
        schema, or the tool failed.
    """
    parsed = parse_url(url)
    backend = _backend(parsed)
    kind = backup_kind(path)
    if kind != backend:
        raise _error("store.backup.other_backend", path, kind=kind, backend=backend)
    shown = parsed.render_as_string(hide_password=True)
    if backend == "sqlite":
        if _is_database_file(path, _sqlite_path(parsed)):
            raise _error("store.backup.from_database", path)
        revision = _sqlite_revision(path)
        _check_revision(path, revision)
        _sqlite_restore(path, _sqlite_path(parsed))
    else:
        _check_revision(path, _pg_revision(path, shown))
        _pg_restore(parsed, path, shown)
    return BackupInfo(backend, path, path.stat().st_size)


def _check_revision(path: Path, revision: str | None) -> None:
    """Refuse a backup with no YouthMap schema or one a newer YouthMap made, before the
    database is touched."""
    if revision is None:
        raise _error("store.backup.no_schema", path)
    if not known_revision(revision):
        raise _error("store.backup.newer", path, revision=revision, head=head_revision())
