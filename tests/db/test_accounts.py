"""Accounts: look-alike names, counties that exist, deactivated and ghost sessions, and the
``user`` command's ``--db`` wherever it is placed. On SQLite and a real PostgreSQL where the
database is involved; the app through AppTest."""

from __future__ import annotations

import dataclasses
import io
import sys

import argon2
import pandas as pd
import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from geo import store
from geo.cli import main
from geo.core.errors import InputError, PermissionDenied
from geo.plan import auth
from geo.plan.auth import User
from geo.store.models import AUDIT, USERS
from tests import _paths
from tests.conftest import LOGIN_PASSWORD, log_in

pytest_plugins = ["tests.pg"]

APP = str(_paths.APP)
PW = LOGIN_PASSWORD


@pytest.fixture
def db(db_url):
    s = store.open_store(db_url)
    yield s
    s.dispose()


def audit_count(db) -> int:
    with db.read() as conn:
        return conn.execute(select(func.count()).select_from(AUDIT)).scalar_one()


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("ａｄｍｉｎ", "admin"), ("Admin", "admin"), ("ＧＤ团委", "gd团委"), ("  tianhe ", "tianhe")],
)
def test_names_are_stored_normalised(typed, stored):
    assert auth.check_account(typed, "central").name == stored


@pytest.mark.parametrize("name", ["аdmin", "αdmin", "сосо", "admіn"])  # Cyrillic/Greek look-alikes
def test_look_alike_names_are_refused(name):
    with pytest.raises(InputError) as exc:
        auth.check_account(name, "central")
    assert exc.value.problems[0].code == "confusable" and exc.value.problems[0].column == "name"


@pytest.mark.parametrize("name", ["admin", "gd团委", "一号", "tianhe.ops-2", "ops@gd"])
def test_plain_names_are_accepted(name):
    assert auth.check_account(name, "central").name == name


def test_a_name_that_looks_like_an_existing_one_is_refused(db):
    store.create_user(db, "admin", PW, "central")
    for other in ("Admin", "ADMIN", "ａｄｍｉｎ", "аdmin"):
        with pytest.raises(InputError) as exc:
            store.create_user(db, other, PW, "central")
        assert exc.value.problems[0].code in ("exists", "confusable"), other
    assert list(store.list_users(db)["name"]) == ["admin"]
    assert store.authenticate(db, "ＡＤＭＩＮ", PW) == User("admin", "central")


def test_an_older_account_whose_name_was_not_normalised_still_blocks_its_look_alike(db):
    from geo.store.models import USERS

    with db.write() as conn:  # as made before names were normalised
        conn.execute(
            USERS.insert().values(
                name="Admin",
                password_hash=auth._HASHER.hash(PW),
                role="central",
                active=True,
                created_at=store.db.utcnow(),
                version=1,
            )
        )
    with pytest.raises(InputError) as exc:
        store.create_user(db, "admin", PW, "central")
    assert exc.value.problems[0].code == "exists"
    assert store.authenticate(db, "Admin", PW) == User("Admin", "central")


def test_a_hash_made_with_other_parameters_is_replaced_at_the_next_sign_in(db, monkeypatch):
    """A hash from older (here: cheaper) Argon2 parameters is replaced with the app's own
    once its password is proved, not on a wrong one; the account signs in the same after."""
    cheap = argon2.PasswordHasher.from_parameters(argon2.profiles.CHEAPEST)
    monkeypatch.setattr(auth, "_HASHER", cheap)
    store.create_user(db, "gd", PW, "province", "44")
    monkeypatch.setattr(auth, "_HASHER", argon2.PasswordHasher())  # the app's parameters

    def stored() -> argon2.Parameters:
        with db.read() as conn:
            h = conn.execute(select(USERS.c.password_hash).where(USERS.c.name == "gd"))
            return argon2.extract_parameters(h.scalar_one())

    assert stored() == argon2.profiles.CHEAPEST
    assert store.authenticate(db, "gd", "wrong password") is None
    assert stored() == argon2.profiles.CHEAPEST
    assert store.authenticate(db, "gd", PW) == User("gd", "province", "44")
    assert stored() == argon2.profiles.RFC_9106_LOW_MEMORY
    assert store.authenticate(db, "gd", PW) == User("gd", "province", "44")


@pytest.mark.parametrize("county", ["449999", "440100", "000000"])
def test_county_accounts_need_a_county_that_exists(county):
    with pytest.raises(InputError) as exc:
        auth.check_account("x", "county", county_code=county)
    assert exc.value.problems[0].column == "county"


def test_existing_counties_including_the_xpcc_are_accepted():
    assert auth.check_account("th", "county", county_code="440106").unit == "44"
    assert auth.check_account("shz", "county", county_code="659001").unit == "XPCC"


# --------------------------------------------------------------------------- sessions


def _plan(db) -> int:
    chosen = pd.DataFrame({"id": ["GZ1"], "name": ["天河社区"], "county_code": ["440106"]})
    return store.create_plan(db, User("op", "central"), "2021 第一批", chosen)


def test_a_deactivated_account_cannot_write(db):
    store.create_user(db, "gd", PW, "province", "44")
    plan = _plan(db)
    app_db = dataclasses.replace(db, verify_accounts=True)  # as the app opens it with logins
    gd = store.authenticate(db, "gd", PW)
    store.set_active(db, "gd", False)
    n = audit_count(db)
    with pytest.raises(PermissionDenied, match="deactivated"):
        store.transition(app_db, gd, plan, "GZ1", "recommended", 1)
    with pytest.raises(PermissionDenied):
        store.set_note(app_db, gd, plan, "GZ1", "note", 1)
    assert audit_count(db) == n and store.community(db, plan, "GZ1")["status"] == "candidate"
    assert store.authenticate(db, "gd", PW) is None  # nor log in
    store.set_active(db, "gd", True)
    assert store.transition(app_db, gd, plan, "GZ1", "recommended", 1)["updated_by"] == "gd"


def test_a_user_with_no_account_cannot_write_anything(db):
    plan = _plan(db)
    app_db = dataclasses.replace(db, verify_accounts=True)
    ghost = User("ghost", "central")
    n = audit_count(db)
    writes = {
        "transition": lambda: store.transition(app_db, ghost, plan, "GZ1", "recommended", 1),
        "note": lambda: store.set_note(app_db, ghost, plan, "GZ1", "x", 1),
        "plan": lambda: store.create_plan(
            app_db,
            ghost,
            "p2",
            pd.DataFrame({"id": ["A"], "name": ["a"], "county_code": ["440106"]}),
        ),
        "filing": lambda: store.submit_filing(app_db, ghost, plan, "44", 1),
        "user": lambda: store.create_user(app_db, "new", PW, "viewer", actor=ghost),
        "disable": lambda: store.set_active(app_db, "op", False, actor=ghost),
    }
    for what, write in writes.items():
        with pytest.raises(PermissionDenied):
            write()
        assert audit_count(db) == n, what  # no "ghost" audit entry


def test_writes_use_the_role_the_database_has_now(db):
    """A session still holding a central copy of an account now a viewer cannot write."""
    store.create_user(db, "lead", PW, "viewer")
    plan = _plan(db)
    app_db = dataclasses.replace(db, verify_accounts=True)
    with pytest.raises(PermissionDenied):
        store.transition(app_db, User("lead", "central"), plan, "GZ1", "recommended", 1)


def test_without_logins_the_library_trusts_its_caller(db):
    """The command line and notebooks act as the operator (and the tests' users have no
    accounts): nothing changes for them."""
    plan = _plan(db)
    assert store.transition(db, User("centre", "central"), plan, "GZ1", "recommended", 1)


@pytest.fixture
def home(login_home):
    _plan(login_home)
    return login_home


def _logged_in_management() -> AppTest:
    at = log_in(AppTest.from_file(APP, default_timeout=120).run(), "gd", PW)
    at.switch_page("pages/management.py").run()
    assert not at.exception and at.session_state["user"] == User("gd", "province", "44")
    return at


def test_an_open_session_of_a_deactivated_account_is_logged_out_and_writes_nothing(home):
    at = _logged_in_management()
    at.multiselect(key="mgmt_pick").select("GZ1").run()
    at.selectbox(key="mgmt_target").select("recommended").run()
    n = audit_count(home)
    store.set_active(home, "gd", False)  # by the operator, while the page is open
    at.button(key="mgmt_apply").click().run()
    assert not at.exception
    assert "user" not in at.session_state  # logged out: the next run shows the login page
    assert "mgmt_apply" not in [b.key for b in at.button]
    assert store.community(home, 1, "GZ1")["status"] == "candidate"
    assert audit_count(home) == n + 1  # the deactivation itself, nothing else


def test_a_session_user_with_no_account_gets_the_login_page(home):
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["user"] = User("ghost", "central")
    at.run()
    assert not at.exception and "user" not in at.session_state
    assert [w.key for w in at.text_input] == ["login_name", "login_password"]


# --------------------------------------------------------------------------- the command


def _run(argv, monkeypatch, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_db_after_the_action_is_used_and_its_password_never_shown(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path / "unused"))
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    assert (
        _run(
            ["user", "add", "ops", "--role", "central", "--password-stdin", "--db", url],
            monkeypatch,
            PW + "\n",
        )
        == 0
    )
    assert _run(["user", "list", "--db", url], monkeypatch) == 0
    assert "ops\tcentral" in capsys.readouterr().out
    secret = "postgresql+psycopg://ops:s3cret-pw@127.0.0.1:1/youthmap"
    for argv in (
        ["user", "list", "--db", secret],
        ["user", "--db", secret, "list"],
        ["db", "status", "--db", secret],
    ):
        assert _run(argv, monkeypatch) == 2
        err = capsys.readouterr().err
        assert "s3cret-pw" not in err and "cannot open the database" in err
    with pytest.raises(SystemExit):  # argparse's own errors hide it too
        _run(["user", "list", "--nonsense", secret], monkeypatch)
    err = capsys.readouterr().err
    assert "s3cret-pw" not in err and "ops:***@" in err


def test_disable_and_enable_from_the_command_line(home, monkeypatch, capsys):
    assert _run(["user", "disable", "GD"], monkeypatch) == 0
    assert store.get_user(home, "gd") is None
    assert _run(["user", "enable", "gd"], monkeypatch) == 0
    assert store.get_user(home, "gd") == User("gd", "province", "44")
    assert _run(["user", "disable", "nobody"], monkeypatch) == 2


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")
