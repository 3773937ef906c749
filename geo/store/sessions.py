"""Signed-in browsers, kept in the database so that any app process can resume them.

After a login the app opens a session: a random token (``secrets.token_urlsafe``, 256 bits)
that the browser keeps in a cookie, and a row of ``web_sessions`` holding only the token's
SHA-256, the account and an expiry. A browser that reaches another process (its process
died or restarted, the proxy moved it) sends the cookie with its WebSocket; that process
resumes the session from the database: the same account, read again (a deactivated account
resumes nothing). Logging out deletes the row; a deactivated account resumes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, insert, select

from geo.auth import User
from geo.store.db import Store, utcnow
from geo.store.models import WEB_SESSIONS
from geo.store.users import get_user

SESSION_HOURS = 12
"""How long a signed-in browser stays signed in (a working day), from its login."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(store: Store, user: User, *, now: dt.datetime | None = None) -> str | None:
    """A new session for ``user``; returns its token (``None`` on a read-only database,
    where the sign-in stays in the one process)."""
    if store.read_only:
        return None
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with store.write() as conn:
        conn.execute(delete(WEB_SESSIONS).where(WEB_SESSIONS.c.expires_at <= now))
        conn.execute(
            insert(WEB_SESSIONS).values(
                token_hash=_hash(token),
                user_name=user.name,
                created_at=now,
                expires_at=now + dt.timedelta(hours=SESSION_HOURS),
            )
        )
    return token


def resume_session(store: Store, token: str, *, now: dt.datetime | None = None) -> User | None:
    """The account of an open, unexpired session, as it is now; ``None`` otherwise (unknown
    or expired token, account deactivated or deleted)."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    now = now or utcnow()
    with store.read() as conn:
        name = conn.execute(
            select(WEB_SESSIONS.c.user_name).where(
                WEB_SESSIONS.c.token_hash == _hash(token), WEB_SESSIONS.c.expires_at > now
            )
        ).scalar()
    return None if name is None else get_user(store, name)


def close_session(store: Store, token: str) -> None:
    """End the session of ``token`` (logging out); nothing when there is none."""
    if token and not store.read_only:
        with store.write() as conn:
            conn.execute(delete(WEB_SESSIONS).where(WEB_SESSIONS.c.token_hash == _hash(token)))
