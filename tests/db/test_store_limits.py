"""What the database cannot take is refused before it sees it, naming the field, and what
the database still refuses (a full disk) is a clear error, never the driver's own: on SQLite
and a real PostgreSQL, through the library, the command line and the management page."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import event, func, select
from streamlit.testing.v1 import AppTest

from geo import store
from geo.auth import User
from geo.cli import main
from geo.errors import InputError, StoreError
from geo.store.models import AUDIT, PLAN_COMMUNITIES, PLANS
from tests import _paths
from tests._deps import require

pytest_plugins = ["tests.pg"]

CENTRAL = User("centre", "central")
APP = str(_paths.APP)
SCORES = {"after_school": 20, "elderly_digital": 18, "environment": 21, "youth_care": 19}


@pytest.fixture
def db(db_url):
    s = store.open_store(db_url)
    yield s
    s.dispose()


def counts(db) -> tuple[int, int, int]:
    with db.read() as conn:
        return tuple(
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (PLANS, PLAN_COMMUNITIES, AUDIT)
        )


def one(**row) -> pd.DataFrame:
    base = {"id": "GZ1", "name": "天河社区", "county_code": "440106", "score": 0.5, "rank": 1}
    return pd.DataFrame([{**base, **row}])


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        ({"name": "社" * 201}, "name", "too_long"),
        ({"id": "C" * 65}, "id", "too_long"),
        ({"name": "天河\x00社区"}, "name", "nul"),
        ({"id": "GZ\x001"}, "id", "nul"),
        ({"score": float("inf")}, "score", "invalid"),
        ({"score": "-inf"}, "score", "invalid"),
        ({"rank": 1e30}, "rank", "invalid"),
        ({"rank": -3}, "rank", "invalid"),
        ({"rank": 2.5}, "rank", "invalid"),
    ],
)
def test_a_chosen_list_the_database_cannot_hold_is_refused_naming_row_and_column(
    db, row, column, code
):
    before = counts(db)
    with pytest.raises(InputError) as exc:
        store.create_plan(db, CENTRAL, "2021 第一批", one(**row), file="chosen.csv")
    (problem,) = exc.value.problems
    assert (problem.file, problem.row, problem.column, problem.code) == (
        "chosen.csv",
        2,
        column,
        code,
    )
    assert counts(db) == before


def test_the_longest_values_the_database_holds_are_accepted(db):
    plan = store.create_plan(db, CENTRAL, "方" * 200, one(name="社" * 200, id="C" * 64))
    assert store.community(db, plan, "C" * 64)["name"] == "社" * 200


@pytest.fixture
def plan(db):
    plan_id = store.create_plan(db, CENTRAL, "2021 第一批", one())
    return plan_id


@pytest.mark.parametrize(
    ("write", "column"),
    [
        (lambda db, p: store.set_note(db, CENTRAL, p, "GZ1", "备注\x00", 1), "note"),
        (lambda db, p: store.set_note(db, CENTRAL, p, "GZ1", "注" * 10_001, 1), "note"),
        (
            lambda db, p: store.transition(db, CENTRAL, p, "GZ1", "recommended", 1, "理由\x00"),
            "reason",
        ),
        (lambda db, p: store.create_plan(db, CENTRAL, "名" * 201, one()), "name"),
        (lambda db, p: store.create_plan(db, CENTRAL, "方案\x00", one()), "name"),
        (lambda db, p: store.submit_filing(db, CENTRAL, p, "44", 1), None),  # nothing wrong
    ],
)
def test_notes_reasons_and_names_are_checked_before_the_database(db, plan, write, column):
    before = counts(db)
    if column is None:
        store.transition(db, CENTRAL, plan, "GZ1", "recommended", 1)
        write(db, plan)  # a control: the same path with fine values lands
        return
    with pytest.raises(InputError) as exc:
        write(db, plan)
    assert [p.column for p in exc.value.problems] == [column]
    assert counts(db) == before


def test_evaluation_text_and_scores_are_checked(db, plan):
    with pytest.raises(InputError) as exc:
        store.record_evaluation(
            db, CENTRAL, plan, "GZ1", SCORES, eval_date=dt.date(2022, 5, 9), expert="专" * 101
        )
    assert [p.column for p in exc.value.problems] == ["expert"]
    with pytest.raises(InputError) as exc:  # a score of inf (and so the total)
        store.record_evaluation(
            db,
            CENTRAL,
            plan,
            "GZ1",
            {**SCORES, "after_school": float("inf")},
            eval_date=dt.date(2022, 5, 9),
            expert="李",
        )
    assert {p.column for p in exc.value.problems} == {"after_school", "total"}
    with pytest.raises(InputError) as exc:
        store.record_evaluation(
            db,
            CENTRAL,
            plan,
            "GZ1",
            SCORES,
            eval_date=dt.date(2022, 5, 9),
            expert="李",
            comments="好\x00",
        )
    assert [p.column for p in exc.value.problems] == ["comments"]


# --------------------------------------------------------------------------- a full disk


def _full_after_next_page(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    pages = cur.execute("PRAGMA page_count").fetchone()[0]
    cur.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite's own "disk is full"
    cur.close()


def test_a_full_database_is_a_store_error_and_nothing_is_half_written(tmp_path):
    db = store.open_store(f"sqlite:///{tmp_path / 'youthmap.db'}")
    db.dispose()
    event.listen(db.engine, "connect", _full_after_next_page)
    before = counts(db)
    many = pd.concat([one(id=f"C{k}", name="社" * 150) for k in range(400)], ignore_index=True)
    with pytest.raises(StoreError) as exc:
        store.create_plan(db, CENTRAL, "2021 第一批", many)
    assert exc.value.code == "disk_full" and "nothing was written" in str(exc.value)
    assert "INSERT" not in str(exc.value)  # no statement, no parameters
    assert counts(db) == before
    db.dispose()


@contextlib.contextmanager
def tiny_filesystem(root: Path, size_kb: int):
    """A tmpfs of ``size_kb`` KiB mounted at ``root`` (root only)."""
    require("a small tmpfs", os.geteuid() == 0, "run as root (make test as root; CI does)")
    root.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(root)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        require("a small tmpfs", False, f"root with mount ({done.stderr.strip()})")
    try:
        yield root
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False)


def _fill(folder: Path) -> None:
    """Take every free byte of ``folder``'s filesystem."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)


def test_a_real_full_disk_during_writes(tmp_path, monkeypatch, capsys):
    """The database's filesystem fills up while it is open (the app), then a command line
    starts on it: a StoreError saying the disk is full, then exit 2; never a traceback."""
    with tiny_filesystem(tmp_path / "disk", 1024) as disk:
        home = disk / "home"
        monkeypatch.setenv("YOUTHMAP_HOME", str(home))
        monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
        db = store.open_store()
        plan = store.create_plan(db, CENTRAL, "2021 第一批", one())
        _fill(disk)
        with pytest.raises(StoreError) as exc:
            for k in range(200):  # until the write-ahead log cannot grow
                store.set_note(db, CENTRAL, plan, "GZ1", "注" * 3000 + str(k), k + 1)
        assert exc.value.code == "disk_full"
        db.dispose()
        monkeypatch.setattr(sys, "stdin", io.StringIO("粤青春2021!\n"))
        assert main(["user", "add", "more", "--role", "viewer", "--password-stdin"]) == 2
        err = capsys.readouterr().err
        assert "database" in err and "Traceback" not in err
        (disk / "filler").unlink()


# --------------------------------------------------------------------------- the page


def test_the_management_page_names_the_field_instead_of_failing(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.delenv("YOUTHMAP_NO_LOGIN", raising=False)  # the desktop
    db = store.open_store()
    plan = store.create_plan(db, CENTRAL, "2021 第一批", one())
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/management.py").run()
    at.multiselect(key="mgmt_pick").select("GZ1").run()
    at.text_area(key="mgmt_note_GZ1").input("入户走访\x00记录").run()
    at.button(key="mgmt_save_note").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["备注：含有不可见的空字符（\\x00），请删除后再保存"]
    assert store.community(db, plan, "GZ1")["note"] == ""
    db.dispose()


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")
