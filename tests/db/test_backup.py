"""``youthmap db backup`` / ``db restore`` on SQLite and a real PostgreSQL: a round trip
gives back every table, the audit log included, row for row; bad files are refused."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pandas as pd
import pytest
from sqlalchemy import MetaData, select

from geo import store
from geo.core.errors import InputError
from geo.plan.auth import User
from tests._paths import ROOT

pytest_plugins = ["tests.pg"]  # the db_url / pg_server fixtures, one server per session

CENTRAL = User("centre", "central")


def youthmap(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "YOUTHMAP_DB_URL"}
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
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


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")
