"""``youthmap db backup`` / ``db restore`` on SQLite and a real PostgreSQL: a round trip
gives back every table, the audit log included, row for row; bad files are refused."""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import MetaData, select, text

from geo import store
from geo.core.errors import InputError
from geo.i18n import problem_text
from geo.plan.auth import User
from geo.store import backup
from geo.store.db import parse_url
from tests._paths import ROOT

pytest_plugins = ["tests.pg"]  # the db_url / pg_server fixtures, one server per session

CENTRAL = User("centre", "central")


def youthmap(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "YOUTHMAP_DB_URL"}
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, keyed by table name."""
    engine = store.make_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        tables = {
            name: sorted(tuple(map(repr, row)) for row in conn.execute(select(table)))
            for name, table in meta.tables.items()
        }
    engine.dispose()
    return tables


def chosen(rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": list(rows),
            "name": [f"社区{k}" for k in rows],
            "county_code": list(rows.values()),
            "score": [0.5] * len(rows),
            "rank": range(1, len(rows) + 1),
        }
    )


def fill(url: str) -> None:
    db = store.open_store(url)
    store.create_user(db, "centre", "correct horse battery", "central")
    store.create_user(db, "gd", "广东省团委 filing 2026", "province", "44")
    store.create_plan(db, CENTRAL, "第一批", chosen({"c1": "440106", "c2": "440104"}))
    db.dispose()


def test_backup_then_restore_gives_back_every_table_and_the_audit_log(db_url, tmp_path):
    fill(db_url)
    before = snapshot(db_url)
    assert before["audit_log"] and before["users"] and before["plan_communities"]
    out = tmp_path / "youthmap.backup"

    done = youthmap("db", "backup", "--db", db_url, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # holds the password hashes
    assert not list(tmp_path.glob(".*.part"))

    # the database moves on after the backup: a new account, a new plan, their audit rows
    db = store.open_store(db_url)
    store.create_user(db, "sh", "上海市团委 filing 2026", "province", "31")
    store.create_plan(db, CENTRAL, "第二批", chosen({"c3": "310101"}))
    db.dispose()
    assert snapshot(db_url) != before

    done = youthmap("db", "restore", "--db", db_url, str(out))
    assert done.returncode == 0, done.stderr
    assert "restored" in done.stdout
    assert snapshot(db_url) == before

    # the restored database works: the app's store opens it and writes to it
    db = store.open_store(db_url)
    assert store.get_user(db, "gd") is not None and store.get_user(db, "sh") is None
    store.create_user(db, "sh", "上海市团委 filing 2026", "province", "31")
    db.dispose()


def test_restore_refuses_a_file_that_is_not_a_backup(db_url, tmp_path):
    store.open_store(db_url).dispose()
    bogus = tmp_path / "notes.backup"
    bogus.write_text("id,name\n1,天河\n", encoding="utf-8")
    before = snapshot(db_url)
    done = youthmap("db", "restore", "--db", db_url, str(bogus))
    assert done.returncode == 2
    assert "notes.backup" in done.stderr and "not a YouthMap backup" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(db_url) == before


def test_restore_refuses_a_backup_of_the_other_backend(pg_url, tmp_path):
    fill(pg_url)
    out = tmp_path / "pg.backup"
    assert youthmap("db", "backup", "--db", pg_url, "--out", str(out)).returncode == 0
    sqlite_url = f"sqlite:///{tmp_path / 'youthmap.db'}"
    store.open_store(sqlite_url).dispose()
    done = youthmap("db", "restore", "--db", sqlite_url, str(out))
    assert done.returncode == 2
    assert "postgresql backup" in done.stderr and "sqlite database" in done.stderr


def test_failed_backup_leaves_no_file_and_hides_the_password(tmp_path):
    out = tmp_path / "x.backup"
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:1/youthmap"
    done = youthmap("db", "backup", "--db", url, "--out", str(out))
    assert done.returncode == 2
    assert "secret" not in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize("what", ["missing folder", "missing database"])
def test_backup_says_what_is_missing(what, tmp_path):
    url = f"sqlite:///{tmp_path / 'youthmap.db'}"
    if what == "missing folder":
        store.open_store(url).dispose()
        out = tmp_path / "nope" / "x.backup"
    else:
        out = tmp_path / "x.backup"
    done = youthmap("db", "backup", "--db", url, "--out", str(out))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert ("does not exist" in done.stderr) and not out.exists()


def test_a_backup_onto_a_folder_names_the_folder_not_a_temporary_file(tmp_path):
    """``db backup --out bad`` with bad a folder read ".bad.m2is5ysz.part: this is a
    folder": the temporary file beside it, a path the user never gave."""
    url = f"sqlite:///{tmp_path / 'youthmap.db'}"
    store.open_store(url).dispose()
    (tmp_path / "bad").mkdir()
    done = youthmap("db", "backup", "--db", url, "--out", str(tmp_path / "bad"))
    assert done.returncode == 2 and ".part" not in done.stderr
    assert "bad: this is a folder; give the backup file's name" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "youthmap.db"]


@pytest.mark.parametrize("name", ["youthmap.db", "youthmap.db-wal", "link.db"])
def test_a_backup_onto_the_database_itself_is_refused_and_changes_nothing(tmp_path, name):
    """``db backup --out`` naming the live SQLite file (or its -wal, or a link to it) was
    accepted: the backup was renamed over the file the app holds open, so the app's next
    writes went to a file no longer there, and restoring the file onto itself read and
    wrote the same pages. Both are refused, naming the file, and the database is as it was."""
    db = tmp_path / "youthmap.db"
    url = f"sqlite:///{db}"
    fill(url)
    before = snapshot(url)
    (tmp_path / "link.db").symlink_to(db)
    inode = db.stat().st_ino
    done = youthmap("db", "backup", "--db", url, "--out", str(tmp_path / name), "--lang", "en")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{name}: this is the database file itself" in done.stderr
    assert db.stat().st_ino == inode and snapshot(url) == before
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]
    done = youthmap("db", "restore", str(tmp_path / "link.db"), "--db", url, "--lang", "en")
    assert done.returncode == 2 and "link.db: this is the database file itself" in done.stderr
    assert snapshot(url) == before


def set_revision(url: str, revision: str) -> None:
    """Stamp the database at ``revision``, as a newer YouthMap's migrations would leave it."""
    from sqlalchemy import text

    engine = store.make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_restore_refuses_a_backup_from_a_newer_youthmap_and_changes_nothing(db_url, tmp_path):
    """On PostgreSQL a newer YouthMap's backup (schema 0099) was restored over the database,
    then the command failed as "internal error (CommandError)", exit 70, leaving a database
    this YouthMap could no longer open; SQLite's was refused. Both are refused now, before
    the database is touched."""
    fill(db_url)
    head = store.head_revision()
    set_revision(db_url, "0099")
    out = tmp_path / "newer.backup"
    assert youthmap("db", "backup", "--db", db_url, "--out", str(out)).returncode == 0
    set_revision(db_url, head)
    db = store.open_store(db_url)
    store.create_user(db, "sh", "上海市团委 filing 2026", "province", "31")  # after the backup
    db.dispose()
    before = snapshot(db_url)
    done = youthmap("db", "restore", "--db", db_url, str(out))
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"error: newer.backup: the backup's schema 0099 is newer than this YouthMap ({head}): "
        "upgrade YouthMap first\n"
    )
    assert snapshot(db_url) == before


def test_a_database_a_newer_youthmap_migrated_is_named_not_an_internal_error(db_url):
    """A database a newer YouthMap migrated (an upgrade rolled back to the old programme
    without restoring): every command failed as "internal error (CommandError)", exit 70,
    and db status said "behind: run youthmap db upgrade", which failed the same way."""
    fill(db_url)
    set_revision(db_url, "0099")
    before = snapshot(db_url)
    status = youthmap("db", "status", "--db", db_url)
    assert status.returncode == 0
    assert "schema 0099 (newest " in status.stdout
    assert "newer than this YouthMap: use the newer version that wrote it" in status.stdout
    done = youthmap("db", "upgrade", "--db", db_url)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is at schema 0099, newer than this YouthMap's" in done.stderr
    with pytest.raises(InputError) as exc:
        store.open_store(db_url)
    assert exc.value.problems[0].code == "schema_newer"
    assert snapshot(db_url) == before


@contextlib.contextmanager
def holding_a_transaction(url: str, name: str) -> Iterator[None]:
    """A second session on ``url``, as an app process would keep one: a transaction left
    open after reading ``users``, so it holds a lock on that table until it ends."""
    engine = store.make_engine(url)
    conn = engine.connect().execution_options(isolation_level="READ COMMITTED")
    try:
        conn.execute(text("SELECT set_config('application_name', :n, false)"), {"n": name})
        conn.commit()
        conn.execute(text("SELECT count(*) FROM users")).one()  # the transaction stays open
        yield
    finally:
        conn.rollback()
        conn.close()
        engine.dispose()


def backup_then_move_on(url: str, out: Path) -> dict[str, list[tuple]]:
    """A backup of a filled database at ``out``, then one more account written after it;
    the database's rows as they are then."""
    fill(url)
    assert youthmap("db", "backup", "--db", url, "--out", str(out)).returncode == 0
    db = store.open_store(url)
    store.create_user(db, "sh", "上海市团委 filing 2026", "province", "31")
    db.dispose()
    return snapshot(url)


@pytest.mark.postgres
def test_restore_while_a_session_holds_a_transaction_is_refused_at_once(pg_url, tmp_path):
    """``db restore`` into PostgreSQL while an app process still held a transaction waited
    silently for its lock, up to PG_TOOL_TIMEOUT_S (an hour): the administrator who forgot
    to stop the app saw a hang. It is refused before anything is touched, naming the
    sessions and how to stop the app, in the command's language; the database is as it was."""
    out = tmp_path / "youthmap.backup"
    before = backup_then_move_on(pg_url, out)
    with holding_a_transaction(pg_url, "app-8501"):
        done = youthmap("db", "restore", "--db", pg_url, str(out), timeout=120)
        engine = store.make_engine(pg_url)
        with engine.connect() as idle:  # a second session, idle, with no name of its own
            idle.execute(text("SELECT set_config('application_name', '', false)"))
            idle.commit()
            zh = youthmap("db", "restore", "--db", pg_url, str(out), "--lang", "zh", timeout=120)
        engine.dispose()
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    shown = parse_url(pg_url).render_as_string(hide_password=True)
    assert done.stderr == (
        f"error: the database {shown} still has 1 other connection "
        "(app-8501 (local socket)): a restore would wait for their locks. Stop the app first "
        "(systemctl stop youthmap.target), then restore; nothing was changed\n"
    )
    assert zh.returncode == 2
    assert "还有 2 个其他连接（未命名（本机套接字）、app-8501（本机套接字））" in zh.stderr
    assert "请先停止应用（systemctl stop youthmap.target）" in zh.stderr
    assert snapshot(pg_url) == before


@pytest.mark.postgres
def test_a_session_that_comes_during_the_restore_makes_it_fail_within_its_lock_timeout(
    pg_url, tmp_path, monkeypatch
):
    """A session that connects after the check (none found) and holds a lock: the restore
    is cancelled once it has waited PG_RESTORE_LOCK_TIMEOUT_S for the lock (lock_timeout
    would not do: the archive sets it to 0), its single transaction rolled back, and the
    refusal names the session; the database is as it was."""
    out = tmp_path / "youthmap.backup"
    before = backup_then_move_on(pg_url, out)
    real = backup.other_sessions
    calls: list[int] = []

    def after_the_check(parsed, ignore=""):  # noqa: ANN001, ANN202 - stands in for the real one
        calls.append(1)
        return [] if len(calls) == 1 else real(parsed, ignore)

    monkeypatch.setattr(backup, "other_sessions", after_the_check)
    monkeypatch.setattr(backup, "PG_RESTORE_LOCK_TIMEOUT_S", 1)
    with holding_a_transaction(pg_url, "app-8502"), pytest.raises(InputError) as exc:
        backup.restore(out, pg_url)
    problem = exc.value.problems[0]
    assert problem.code == "db_busy" and len(calls) == 2
    assert problem_text(problem, "en") == (
        "the restore waited more than 1 s for a lock another session holds and was cancelled; "
        "1 other connection came while it ran (app-8502 (local socket)). Stop the app first "
        "(systemctl stop youthmap.target), then restore; nothing was changed in "
        f"{parse_url(pg_url).render_as_string(hide_password=True)} "
        "(the restore runs in one transaction)"
    )
    assert snapshot(pg_url) == before
    backup.restore(out, pg_url)  # once the session is gone, the same backup restores
    assert store.get_user(store.open_store(pg_url), "sh") is None


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")
