"""Signed-in browsers kept in the database (``geo.store.sessions``), on SQLite and PostgreSQL:
any process resumes a token as the account it is now; expiry, logout and deactivation end it;
the database holds only the token's hash."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from geo import store
from geo.store import sessions
from geo.store.models import WEB_SESSIONS

pytest_plugins = ["tests.pg"]  # the db_url fixture: a fresh database on each backend


@pytest.fixture
def db(db_url):
    s = store.open_store(db_url)
    yield s
    s.dispose()


def test_a_token_resumes_its_account_in_another_process(db, db_url):
    user = store.create_user(db, "gd", "广东省团委 filing 2026", "province", "44")
    token = sessions.open_session(db, user)
    assert token and len(token) >= 40
    other = store.open_store(db_url)  # another app process: its own engine, no shared memory
    try:
        assert sessions.resume_session(other, token) == user
        assert sessions.resume_session(other, token[:-1] + "x") is None
        assert sessions.resume_session(other, "") is None
    finally:
        other.dispose()
    with db.read() as conn:
        stored = conn.execute(select(WEB_SESSIONS.c.token_hash)).scalars().all()
    assert stored and token not in stored[0] and len(stored[0]) == 64


def test_expiry_logout_and_deactivation_end_a_session(db):
    user = store.create_user(db, "gd", "广东省团委 filing 2026", "province", "44")
    now = dt.datetime(2026, 5, 1, 8, 0)
    token = sessions.open_session(db, user, now=now)
    later = now + dt.timedelta(hours=sessions.SESSION_HOURS)
    assert sessions.resume_session(db, token, now=later - dt.timedelta(minutes=1)) == user
    assert sessions.resume_session(db, token, now=later) is None  # expired

    token = sessions.open_session(db, user)
    sessions.close_session(db, token)  # logout
    assert sessions.resume_session(db, token) is None

    token = sessions.open_session(db, user)
    store.set_active(db, "gd", False)
    assert sessions.resume_session(db, token) is None  # a disabled account resumes nothing
    store.set_active(db, "gd", True)
    assert sessions.resume_session(db, token) == user
