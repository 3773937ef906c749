"""Logins that last (signed, expiring, revocable sessions kept in the database) and a user's
saved selection work (draft, named versions, diff, undo). On SQLite and a real PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from geo import store
from geo.core.errors import InputError, PermissionDenied
from geo.plan.auth import User
from geo.store import drafts, sessions
from geo.store.models import LOGIN_HANDOFFS

pytest_plugins = ["tests.pg"]

PASSWORD = "川青春2021!"
SC = User("sc", "province", "51")
T0 = dt.datetime(2026, 12, 1, 8, 0, 0)


@pytest.fixture
def db(db_url):
    s = store.open_store(db_url)
    store.create_user(s, "sc", PASSWORD, "province", "51")
    yield s
    s.dispose()


def test_a_session_resumes_until_it_expires(db):
    token = sessions.start_session(db, SC, ttl_s=3600, now=T0)
    assert sessions.resume_session(db, token, now=T0 + dt.timedelta(minutes=59)) == SC
    assert sessions.resume_session(db, token, now=T0 + dt.timedelta(minutes=61)) is None


def test_a_forged_or_altered_token_is_refused(db):
    token = sessions.start_session(db, SC)
    raw, _, sig = token.partition(".")
    assert sessions.resume_session(db, f"{raw}x.{sig}") is None
    assert sessions.resume_session(db, f"{raw}.{'0' * 64}") is None
    assert sessions.resume_session(db, raw) is None
    assert sessions.resume_session(db, "") is None


def test_a_login_nonce_gives_its_token_once_and_only_in_time(db):
    """The page posts a login's nonce to the cookie route (ui/cookie_routes.py), which sets
    the HttpOnly cookie: the nonce gives the token once, within a minute, for a live session
    only, and the database alone does not hold the token."""
    token = sessions.start_session(db, SC)
    nonce = sessions.hand_off(db, token)
    with db.read() as conn:
        rows = conn.execute(select(LOGIN_HANDOFFS)).all()
    assert len(rows) == 1 and token not in rows[0].sealed and nonce not in rows[0].nonce_hash
    assert sessions.redeem(db, "x" + nonce) is None
    assert sessions.redeem(db, nonce) == token
    assert sessions.redeem(db, nonce) is None  # used
    late = sessions.hand_off(db, token, now=T0)
    assert sessions.redeem(db, late, now=T0 + dt.timedelta(seconds=61)) is None
    revoked = sessions.hand_off(db, token)
    sessions.end_session(db, token)
    assert sessions.redeem(db, revoked) is None
    assert sessions.redeem(db, None) is None and sessions.redeem(db, "") is None


def test_logout_revokes_the_session_server_side(db):
    token = sessions.start_session(db, SC)
    other = sessions.start_session(db, SC)  # another browser
    assert sessions.end_session(db, token)
    assert sessions.resume_session(db, token) is None
    assert sessions.resume_session(db, other) == SC


def test_deactivation_and_a_new_password_revoke_every_session(db):
    token = sessions.start_session(db, SC)
    store.set_password(db, "sc", "新的密码2026川!")
    assert sessions.resume_session(db, token) is None
    token = sessions.start_session(db, SC)
    store.set_active(db, "sc", False)
    assert sessions.resume_session(db, token) is None
    store.set_active(db, "sc", True)
    assert sessions.resume_session(db, token) is None  # reactivating does not revive it


def test_the_database_keeps_only_the_tokens_hash(db):
    from sqlalchemy import select

    from geo.store.models import LOGIN_SESSIONS

    token = sessions.start_session(db, SC)
    with db.read() as conn:
        stored = conn.execute(select(LOGIN_SESSIONS.c.token_hash)).scalar_one()
    assert token.split(".")[0] not in stored and len(stored) == 64


DOC = {
    "settings": {"scope_province": "51", "q_total": 1000, "scoring_method": "entropy"},
    "changes": [{"id": "C1", "action": "lock", "reason": "省委推荐"}],
    "pick": ["C1", "C2", "C3"],
}


def test_a_draft_comes_back_from_a_new_connection(db_url, db):
    drafts.save_draft(db, SC, DOC)
    again = store.open_store(db_url)  # a restarted server
    assert drafts.load_draft(again, SC) == DOC
    assert drafts.load_draft(again, User("other", "central")) is None
    again.dispose()


def test_saving_again_replaces_the_draft(db):
    drafts.save_draft(db, SC, DOC)
    drafts.save_draft(db, SC, {**DOC, "pick": ["C9"]})
    assert drafts.load_draft(db, SC)["pick"] == ["C9"]


def test_a_deactivated_account_cannot_save_a_draft(db):
    verified = store.Store(db.engine, db.url, verify_accounts=True)
    store.set_active(db, "sc", False)
    with pytest.raises(PermissionDenied):
        drafts.save_draft(verified, SC, DOC)


def test_undo_steps_back_through_the_last_twenty_changes():
    doc: dict = {"changes": []}
    for i in range(25):
        doc = drafts.push_changes(
            doc, [*doc["changes"], {"id": f"C{i}", "action": "exclude", "reason": "r"}]
        )
    assert len(doc["undo"]) == drafts.UNDO_DEPTH
    for _ in range(drafts.UNDO_DEPTH):
        doc = drafts.undo(doc)
    assert [c["id"] for c in doc["changes"]] == [f"C{i}" for i in range(5)]
    assert drafts.undo(doc) == doc  # nothing more to undo


def test_named_versions_and_their_diff(db):
    drafts.save_version(db, SC, "第一稿", DOC)
    second = {
        "settings": {**DOC["settings"], "q_total": 1200},
        "changes": [
            {"id": "C1", "action": "lock", "reason": "省委推荐"},
            {"id": "C7", "action": "exclude", "reason": "已拆迁"},
        ],
        "pick": ["C1", "C2", "C4"],
    }
    drafts.save_version(db, SC, "第二稿", second)
    listed = drafts.list_versions(db, SC)
    assert set(listed["name"]) == {"第一稿", "第二稿"}
    d = drafts.diff_drafts(
        drafts.load_version(db, SC, "第一稿"), drafts.load_version(db, SC, "第二稿")
    )
    rows = {(r.kind, r.item): (r.before, r.after) for r in d.itertuples()}
    assert rows == {
        ("setting", "q_total"): ("1000", "1200"),
        ("exclude", "C7"): ("", "已拆迁"),
        ("added", "C4"): ("", ""),
        ("dropped", "C3"): ("", ""),
    }
    with pytest.raises(InputError):
        drafts.load_version(db, SC, "没有这个")
