"""The ``youthmap db`` command: status and upgrade from empty, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from geo import store
from geo.cli import main

pytest_plugins = ["tests.pg"]  # the db_url / pg_server fixtures, one server per session


def test_upgrade_migrates_an_empty_database_then_status_says_up_to_date(db_url, capsys):
    assert main(["db", "--db", db_url, "status"]) == 0
    out = capsys.readouterr().out
    assert "schema empty" in out and "youthmap db upgrade" in out
    engine = store.make_engine(db_url)
    assert store.current_revision(engine) is None  # status changed nothing

    assert main(["db", "--db", db_url, "upgrade"]) == 0
    head = store.head_revision()
    assert f"schema empty → {head}" in capsys.readouterr().out
    assert store.current_revision(engine) == head
    assert {"users", "plans", "audit_log"} <= set(inspect(engine).get_table_names())

    assert main(["db", "--db", db_url, "upgrade"]) == 0
    assert "(no change)" in capsys.readouterr().out
    assert main(["db", "--db", db_url, "status"]) == 0
    assert "up to date" in capsys.readouterr().out
    engine.dispose()


def test_default_database_is_the_sqlite_file_under_youthmap_home(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    assert main(["db", "upgrade"]) == 0
    assert str(tmp_path / "youthmap.db") in capsys.readouterr().out
    assert (tmp_path / "youthmap.db").exists()


def test_status_of_a_sqlite_file_that_does_not_exist_makes_nothing_and_says_so(
    tmp_path, monkeypatch, capsys
):
    """Run where the environment file was not read (./var) or with a mistyped --db, status
    made the folder and an empty youthmap.db there and said only "schema empty (…; behind:
    run youthmap db upgrade)", pointing at a new database as the one to migrate."""
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path / "var"))
    assert main(["db", "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("schema empty")
    assert lines[2] == (
        f"the file {tmp_path / 'var' / 'youthmap.db'} does not exist and was not made: "
        "are YOUTHMAP_DB_URL or YOUTHMAP_HOME set (e.g. from /etc/youthmap/youthmap.env)?"
    )
    assert main(["db", "--db", f"sqlite:///{tmp_path / 'typo' / 'x.db'}", "status"]) == 0
    assert "does not exist and was not made" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_unreachable_server_exits_2_without_the_password(monkeypatch, capsys):
    monkeypatch.setenv("YOUTHMAP_DB_URL", "postgresql+psycopg://nobody:secret@127.0.0.1:1/youthmap")
    assert main(["db", "status"]) == 2
    err = capsys.readouterr().err
    assert "cannot open the database" in err and "secret" not in err and "Traceback" not in err


@pytest.mark.parametrize("action", ["status", "upgrade"])
def test_bad_url_exits_2(action, capsys):
    assert main(["db", "--db", "mysql://x/y", action]) == 2
    assert "unsupported database" in capsys.readouterr().err


def test_a_postgres_url_as_hosting_panels_write_it_is_read_as_postgresql(
    pg_url, tmp_path, monkeypatch, capsys
):
    """``postgres://user@host/db`` (Heroku, hosting panels and psql's documentation) was
    refused as "unsupported database postgres", from YOUTHMAP_DB_URL and --db alike."""
    url = pg_url.replace("postgresql+psycopg://", "postgres://", 1)
    assert url.startswith("postgres://postgres@/")
    assert main(["db", "--db", url, "upgrade"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("database postgresql+psycopg://postgres@/") and "→" in out
    monkeypatch.setenv("YOUTHMAP_DB_URL", url)
    assert main(["db", "status"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["db", "backup", "--out", str(tmp_path / "x.backup")]) == 0
    assert (tmp_path / "x.backup").read_bytes().startswith(b"PGDMP")
    assert store.current_revision(store.make_engine(url)) == store.head_revision()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgres://bob:s3cret-pw@127.0.0.1:1/youthmap", "cannot open the database"),
        ("postgresql://bob@127.0.0.1:1/youthmap?password=s3cret-pw", "cannot open the database"),
        ("postgres://bob:s3cret-pw@db.internal:543x/youthmap", "the port is not a number"),
        ("postgres//bob:s3cret-pw@db.internal/youthmap", "expected the form postgresql://"),
    ],
)
@pytest.mark.parametrize("command", [["db", "status"], ["db", "upgrade"], ["user", "list"]])
def test_no_message_shows_the_password(url, reason, command, tmp_path, capsys):
    """A password written as libpq's ``?password=`` was printed with the URL ("cannot open
    the database postgresql+psycopg://bob@127.0.0.1:1/youthmap?password=…"), and a port
    that is not a number made ``db status`` fail as an internal error, exit 70."""
    assert main([*command, "--db", url]) == 2
    err = capsys.readouterr().err
    assert reason in err and "s3cret" not in err and "Traceback" not in err
    out = tmp_path / "x.backup"
    assert main(["db", "backup", "--db", url, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "s3cret" not in err and not out.exists()


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")
