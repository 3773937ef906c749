"""The SQLite file on disk: private to its owner, and readable from a read-only folder."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import store
from geo.cli import main
from geo.core.errors import InputError, StoreError
from geo.plan.auth import User
from tests import _paths
from tests._deps import require
from tests.conftest import log_in

APP = str(_paths.APP)
PW = "粤青春2021!"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    """The usual umask, under which files are created world-readable by default."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "var"
    monkeypatch.setenv("YOUTHMAP_HOME", str(folder))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    return folder


def test_a_new_database_and_its_folder_are_private(home, umask_022):
    db = store.open_store()
    store.create_user(db, "gd", PW, "province", "44")  # a write: -wal and -shm exist now
    assert mode(home) == 0o700
    files = sorted(home.iterdir())
    assert [f.name for f in files] == ["youthmap.db", "youthmap.db-shm", "youthmap.db-wal"]
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    db.dispose()


def test_an_existing_world_readable_database_is_narrowed(home, umask_022):
    store.open_store().dispose()
    (home / "youthmap.db").chmod(0o644)
    store.open_store().dispose()
    assert mode(home / "youthmap.db") == 0o600


@contextlib.contextmanager
def read_only(folder: Path):
    """``folder`` made read-only: a read-only bind mount as root (root ignores file modes),
    else its mode."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o700)
        return
    done = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True, text=True
    )
    if done.returncode != 0:
        require("a read-only bind mount", False, f"root with mount ({done.stderr.strip()})")
    subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=False)
    try:
        assert not os.access(folder, os.W_OK)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def filled_home(home):
    db = store.open_store()
    store.create_user(db, "gd", PW, "province", "44")
    db.dispose()  # closing the last connection folds the log back into the file
    return home


def test_a_read_only_home_opens_read_only_and_refuses_writes_clearly(filled_home):
    with read_only(filled_home):
        db = store.open_store()
        assert db.read_only and "(read-only)" in db.url
        assert list(store.list_users(db)["name"]) == ["gd"]
        assert store.authenticate(db, "gd", PW) == User("gd", "province", "44")
        with pytest.raises(StoreError) as exc:
            store.create_user(db, "sh", PW, "province", "31")
        assert exc.value.code == "read_only" and "read-only" in str(exc.value)
        db.dispose()


def test_the_command_line_reads_and_refuses_on_a_read_only_home(filled_home, monkeypatch, capsys):
    with read_only(filled_home):
        assert main(["user", "list"]) == 0
        out = capsys.readouterr().out
        assert "gd\tprovince\t44" in out and "(read-only)" in out
        monkeypatch.setattr(sys, "stdin", io.StringIO(PW + "\n"))
        assert main(["user", "add", "sh", "--role", "viewer", "--password-stdin"]) == 2
        err = capsys.readouterr().err
        assert "read-only" in err and "Traceback" not in err


def test_a_read_only_home_without_a_database_says_so(home):
    home.mkdir(mode=0o700)
    with read_only(home), pytest.raises(InputError) as exc:
        store.open_store()
    assert exc.value.problems[0].code == "db_read_only" and "YOUTHMAP_HOME" in str(exc.value)
    from geo import i18n

    said = i18n.problem_text(exc.value.problems[0], "zh")  # it read "且没有 {file}"
    assert (
        said
        == f"数据库文件夹 {home} 只读且没有 youthmap.db：请把 YOUTHMAP_HOME 设为一个可写的文件夹"
    )


def test_the_app_on_a_read_only_home_shows_the_plans_and_says_it_is_read_only(
    filled_home, monkeypatch
):
    monkeypatch.delenv("YOUTHMAP_NO_LOGIN", raising=False)
    with read_only(filled_home):
        at = AppTest.from_file(APP, default_timeout=120).run()
        # accounts exist, so login is on; the login page says the database is read-only
        assert [t.value for t in at.title] == ["登录"]
        assert any("只读" in w.value for w in at.warning)
        at = log_in(at, "gd", PW)  # a login that cannot be recorded still signs in to read
        at.switch_page("pages/management.py").run()
        assert not at.exception
        assert any("只读" in w.value for w in at.warning)


def test_a_read_only_home_can_be_backed_up(filled_home, tmp_path, capsys):
    """The nightly backup of a database on a read-only folder (a read-only YOUTHMAP_HOME, a
    mounted snapshot): it failed as "internal error (OperationalError)", exit 70, since
    SQLite's WAL mode cannot read there without the -shm file it cannot make."""
    out = tmp_path / "snapshot.backup"
    with read_only(filled_home):
        assert main(["db", "backup", "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert "Traceback" not in said.err and "internal" not in said.err.lower()
    assert mode(out) == 0o600
    # the backup is the whole database: it restores into a fresh home with the account
    fresh = tmp_path / "fresh"
    url = f"sqlite:///{fresh / 'youthmap.db'}"
    from geo.store import backup

    backup.restore(out, url)
    db = store.open_store(url)
    assert list(store.list_users(db)["name"]) == ["gd"]
    assert store.authenticate(db, "gd", PW) == User("gd", "province", "44")
    db.dispose()


@pytest.mark.parametrize("with_shm", [True, False], ids=["wal-and-shm", "wal-only"])
def test_a_read_only_snapshot_with_a_write_ahead_log_is_backed_up_whole(
    filled_home, tmp_path, with_shm
):
    """A snapshot of a live home holds the -wal file with the last writes not yet folded
    into youthmap.db (and the -shm file, unless only those two were copied). The backup of
    such a read-only folder read the file as immutable, which leaves the -wal out: it
    restored an account fewer ("sh", made after the last checkpoint) and said nothing."""
    db = store.open_store()
    store.create_user(db, "sh", PW, "province", "31")  # the connection stays open: no checkpoint
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir(mode=0o700)
    names = ["youthmap.db", "youthmap.db-wal"] + (["youthmap.db-shm"] if with_shm else [])
    for name in names:
        (snapshot / name).write_bytes((filled_home / name).read_bytes())
    db.dispose()
    assert (snapshot / "youthmap.db-wal").stat().st_size > 0
    out = tmp_path / "snapshot.backup"
    url = f"sqlite:///{snapshot / 'youthmap.db'}"
    with read_only(snapshot):
        assert main(["db", "backup", "--db", url, "--out", str(out)]) == 0
        assert sorted(p.name for p in snapshot.iterdir()) == sorted(names)  # untouched
    fresh = f"sqlite:///{tmp_path / 'fresh' / 'youthmap.db'}"
    from geo.store import backup

    backup.restore(out, fresh)
    db = store.open_store(fresh)
    assert sorted(store.list_users(db)["name"]) == ["gd", "sh"]
    db.dispose()
    assert not list(tmp_path.glob(".youthmap-wal-*"))  # the copy read is removed


def test_a_backup_leaves_nothing_beside_the_database(filled_home, tmp_path):
    """With the app stopped (youthmap.db alone in its home), a backup left youthmap.db-shm
    (32 KiB) and an empty youthmap.db-wal there, owned by whoever ran it: root's, mode 0600,
    in the home of an app that runs as another account."""
    assert sorted(p.name for p in filled_home.iterdir()) == ["youthmap.db"]
    assert main(["db", "backup", "--out", str(tmp_path / "youthmap.backup")]) == 0
    assert sorted(p.name for p in filled_home.iterdir()) == ["youthmap.db"]


@pytest.mark.parametrize("with_shm", [True, False], ids=["wal-and-shm", "wal-only"])
def test_a_read_only_snapshot_with_a_write_ahead_log_opens_whole_or_says_why_not(
    filled_home, tmp_path, with_shm, monkeypatch
):
    """YOUTHMAP_HOME set to a read-only snapshot of a running home (youthmap.db and its
    -wal holding the last writes, with or without the -shm): the file was read as immutable,
    which leaves the -wal out, so user list, the pages and every report showed the data of
    the last checkpoint ("gd", not "sh" made after it) and said nothing."""
    db = store.open_store()
    store.create_user(db, "sh", PW, "province", "31")  # the connection stays open: no checkpoint
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir(mode=0o700)
    names = ["youthmap.db", "youthmap.db-wal"] + (["youthmap.db-shm"] if with_shm else [])
    for name in names:
        (snapshot / name).write_bytes((filled_home / name).read_bytes())
    db.dispose()
    monkeypatch.setenv("YOUTHMAP_HOME", str(snapshot))
    with read_only(snapshot):
        if with_shm:  # SQLite reads the -wal through the -shm file there
            db = store.open_store()
            assert db.read_only
            assert sorted(store.list_users(db)["name"]) == ["gd", "sh"]
            db.dispose()
        else:  # it cannot: refused, naming the -wal and what to do
            with pytest.raises(InputError) as exc:
                store.open_store()
            assert exc.value.problems[0].code == "db_read_only"
            from geo import i18n

            said = i18n.problem_text(exc.value.problems[0], "en")
            assert "youthmap.db-wal holds changes not yet in youthmap.db" in said
        assert sorted(p.name for p in snapshot.iterdir()) == sorted(names)  # untouched


def test_a_backup_restores_from_a_read_only_folder_and_leaves_nothing_beside_it(
    filled_home, tmp_path, capsys
):
    """A backup on a read-only mount (a USB disk, a snapshot of /var/backups) could not be
    restored: "error: youthmap.backup: not a YouthMap backup (neither a SQLite file nor a
    pg_dump custom archive)", exit 2, as the backup is in WAL mode and SQLite could not
    make its -shm file there; from a writable folder the restore left youthmap.backup-shm
    and youthmap.backup-wal beside it."""
    backups = tmp_path / "backups"
    backups.mkdir(mode=0o700)
    out = backups / "youthmap.backup"
    assert main(["db", "backup", "--out", str(out)]) == 0
    target = f"sqlite:///{tmp_path / 'fresh' / 'youthmap.db'}"
    with read_only(backups):
        assert main(["db", "restore", "--db", target, str(out)]) == 0, capsys.readouterr().err
    db = store.open_store(target)
    assert list(store.list_users(db)["name"]) == ["gd"]
    store.create_user(db, "sh", PW, "province", "31")  # and it is a working database
    db.dispose()
    again = f"sqlite:///{tmp_path / 'again' / 'youthmap.db'}"
    assert main(["db", "restore", "--db", again, str(out)]) == 0
    assert sorted(p.name for p in backups.iterdir()) == ["youthmap.backup"]


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")
