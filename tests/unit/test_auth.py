"""Passwords, account fields, login mode and the role checks of geo.plan.auth."""

from __future__ import annotations

import subprocess
import sys

import argon2
import pytest

from geo import i18n
from geo.core.errors import InputError, PermissionDenied
from geo.plan import auth
from geo.plan.auth import User
from tests._paths import ROOT

CENTRAL = User("c", "central")
GD = User("gd", "province", "44")
TIANHE = User("th", "county", "44", "440106")
VIEWER = User("v", "viewer")


def test_hash_is_argon2id_and_verifies_only_the_right_password():
    h = auth.hash_password("correct horse")
    assert h.startswith("$argon2id$")
    assert "correct horse" not in h
    assert auth.verify_password(h, "correct horse")
    assert not auth.verify_password(h, "wrong horse")


def test_the_app_hashes_with_argon2_cffis_rfc_9106_low_memory_profile():
    """As installed (a fresh interpreter: the test processes hash at the cheapest cost,
    tests/conftest.py), an account's hash is Argon2id at 64 MiB, three passes, four lanes."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from geo.plan import auth; print(auth.hash_password('correct horse'));"
            "print(auth.unmatchable_hash())",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    params = argon2.extract_parameters(out[0])
    assert params == argon2.profiles.RFC_9106_LOW_MEMORY
    assert (params.memory_cost, params.time_cost, params.parallelism) == (65536, 3, 4)
    # what a sign-in for a name with no account is checked against costs the same
    assert argon2.extract_parameters(out[1]) == params


def test_the_hash_for_unknown_names_states_the_hashers_parameters_and_matches_nothing():
    """Verifying costs what the hash string states: the one for names without an account
    states the parameters real hashes are made with (in the test processes, the cheapest)."""
    unmatchable = auth.unmatchable_hash()
    real = auth.hash_password("correct horse")
    assert argon2.extract_parameters(unmatchable) == argon2.extract_parameters(real)
    for password in ("", "correct horse", "0" * 64, "\x00"):
        assert not auth.verify_password(unmatchable, password)


def test_two_hashes_of_one_password_differ():
    assert auth.hash_password("same password") != auth.hash_password("same password")


def test_garbage_hash_does_not_verify_or_raise():
    assert not auth.verify_password("not-a-hash", "whatever1")


def test_short_password_is_refused():
    with pytest.raises(InputError) as err:
        auth.hash_password("short")
    assert "at least 8" in i18n.problems_text(err.value.problems, "en")
    assert "至少需要 8 个字符" in i18n.problems_text(err.value.problems, "zh")


def test_county_account_gets_its_province_from_the_county_code():
    user = auth.check_account("th", "county", county_code="440106")
    assert (user.province_code, user.county_code, user.unit) == ("44", "440106", "44")


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [
        ({"role": "province"}, "province"),
        ({"role": "province", "province_code": "99"}, "province"),
        ({"role": "county", "county_code": "4401"}, "county"),
        ({"role": "county", "province_code": "31", "county_code": "440106"}, "county"),
        ({"role": "admin"}, "role"),
    ],
)
def test_bad_account_fields_name_the_column(kwargs, column):
    with pytest.raises(InputError) as err:
        auth.check_account("someone", **kwargs)
    assert column in {p.column for p in err.value.problems}


def test_province_name_is_normalised_to_its_code():
    assert auth.check_account("gd", "province", province_code="广东").province_code == "44"


def test_xpcc_account_speaks_for_the_xpcc_unit():
    assert auth.check_account("bt", "province", province_code="XPCC").unit == "XPCC"


@pytest.mark.parametrize(
    ("env", "required"),
    [
        ({}, False),
        ({"YOUTHMAP_DB_URL": "postgresql+psycopg://h/db"}, True),
        ({"YOUTHMAP_DB_URL": "postgresql+psycopg://h/db", "YOUTHMAP_NO_LOGIN": "1"}, False),
        ({"YOUTHMAP_NO_LOGIN": "0"}, True),
    ],
)
def test_login_is_off_for_the_desktop_and_on_with_a_server(env, required):
    assert auth.login_required(env) is required


@pytest.mark.parametrize(
    ("user", "unit", "county", "allowed"),
    [
        (CENTRAL, "31", "310101", True),
        (GD, "44", "440305", True),
        (GD, "31", "310101", False),
        (TIANHE, "44", "440106", True),
        (TIANHE, "44", "440105", False),
        (VIEWER, "44", "440106", False),
    ],
)
def test_community_write_follows_role_and_geography(user, unit, county, allowed):
    assert auth.may_write_community(user, unit, county) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            auth.require_community_write(user, unit, county, "edit")


def test_province_writes_only_its_own_provincial_plans():
    assert auth.may_write_plan(GD, "44")
    assert not auth.may_write_plan(GD, None)
    assert not auth.may_write_plan(GD, "31")
    assert auth.may_write_plan(CENTRAL, None)
    assert not auth.may_write_plan(TIANHE, "44")


def test_nobody_logged_in_is_denied():
    with pytest.raises(PermissionDenied, match="not logged in"):
        auth.require_role(None, "central")


@pytest.mark.parametrize(
    "env",
    [{}, {"YOUTHMAP_NO_LOGIN": "1"}, {"YOUTHMAP_DB_URL": "postgresql+psycopg://h/db"}],
)
def test_login_is_on_whenever_an_account_exists(env):
    """Single-user mode lasts only while the database has no account (issue 18)."""
    assert auth.login_required(env, accounts=1)


def test_single_user_mode_while_no_account_exists():
    assert not auth.login_required({}, accounts=0)
    assert not auth.login_required({"YOUTHMAP_NO_LOGIN": "1"}, accounts=0)
