"""Login sessions that outlast a page reload: signed, expiring, revocable, kept server-side.

A login makes a random token (32 bytes from :mod:`secrets`) and gives the browser
``<token>.<signature>``, the signature an HMAC-SHA256 of the token under a key every app
process shares (kept in the database, table ``app_secrets``, made on first use). The
database keeps only the SHA-256 of the token, with the account, when the session started,
when it expires and, once ended, when it was revoked. Resuming a session checks, in order:
the signature (a forged or truncated value is refused without a database look-up), the
stored hash, the expiry, the revocation, and that the account is still active.

A session ends at logout (:func:`end_session`), when its account is deactivated or its
password changed (:func:`revoke_user_sessions`, in :mod:`geo.store.users` which calls it), or when
it expires (:data:`SESSION_TTL_S` after login).

The browser keeps the signed token in an HttpOnly cookie, which no page script can read or
write: the server sets it in an HTTP response. After a login the page is given a one-time
nonce (:func:`hand_off`) that it posts to the app's cookie route, which exchanges it for the
token (:func:`redeem`) and answers with the cookie. The database keeps the nonce's hash and
the token sealed under the nonce (XOR with a SHA-256 key stream of it) for
:data:`HANDOFF_TTL_S`, so every app process can redeem it and the table alone gives nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import delete, select, update

from geo.core.errors import StaleWrite
from geo.plan.auth import User
from geo.store.db import Store, utcnow
from geo.store.models import APP_SECRETS, LOGIN_HANDOFFS, LOGIN_SESSIONS
from geo.store.users import get_user, revoke_user_sessions

SESSION_TTL_S = 12 * 3600
"""How long a login lasts, in seconds (a working day)."""

HANDOFF_TTL_S = 60
"""How long a login's cookie nonce can be redeemed, in seconds."""

_KEY_NAME = "session_key"
_TOKEN_BYTES = 32


def _signing_key(store: Store) -> bytes:
    """The key that signs session tokens, made once and shared by every process."""
    with store.read() as conn:
        value = conn.execute(
            select(APP_SECRETS.c.value).where(APP_SECRETS.c.name == _KEY_NAME)
        ).scalar_one_or_none()
    if value is None:
        try:
            with store.write() as conn:
                conn.execute(
                    APP_SECRETS.insert().values(name=_KEY_NAME, value=secrets.token_hex(32))
                )
        except StaleWrite:  # another process made it first: read theirs
            pass
        with store.read() as conn:
            value = conn.execute(
                select(APP_SECRETS.c.value).where(APP_SECRETS.c.name == _KEY_NAME)
            ).scalar_one()
    return bytes.fromhex(value)


def _sign(key: bytes, token: str) -> str:
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _split(store: Store, value: str | None) -> str | None:
    """The token of a signed cookie value, or ``None`` when the signature does not match."""
    if not isinstance(value, str):
        return None
    token, _, signature = value.partition(".")
    if not token or len(signature) != 64 or len(token) > 100:
        return None
    if not hmac.compare_digest(_sign(_signing_key(store), token), signature):
        return None
    return token


def start_session(
    store: Store, user: User, *, ttl_s: int = SESSION_TTL_S, now: dt.datetime | None = None
) -> str:
    """Start a session for ``user`` (already authenticated) and return its signed token.

    Parameters
    ----------
    store
        Open database.
    user
        The account that logged in.
    ttl_s
        Lifetime in seconds.
    now
        The time (naive UTC; default now), for tests.

    Returns
    -------
    str
        ``<token>.<signature>``: what the browser keeps (the database keeps its hash).
    """
    now = now or utcnow()
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    key = _signing_key(store)
    with store.write() as conn:
        conn.execute(
            LOGIN_SESSIONS.insert().values(
                token_hash=_hash(token),
                user_name=user.name,
                created_at=now,
                expires_at=now + dt.timedelta(seconds=ttl_s),
                revoked_at=None,
            )
        )
    return f"{token}.{_sign(key, token)}"


def resume_session(
    store: Store, value: str | None, *, now: dt.datetime | None = None
) -> User | None:
    """The account of a live session, or ``None``.

    ``None`` when the value is missing or its signature is wrong, the session is unknown,
    expired or revoked, or its account is deactivated or gone.
    """
    token = _split(store, value)
    if token is None:
        return None
    now = now or utcnow()
    with store.read() as conn:
        row = conn.execute(
            select(LOGIN_SESSIONS).where(LOGIN_SESSIONS.c.token_hash == _hash(token))
        ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    return get_user(store, row.user_name)


def end_session(store: Store, value: str | None, *, now: dt.datetime | None = None) -> bool:
    """Revoke the session ``value`` (logout); whether a live session was ended."""
    token = _split(store, value)
    if token is None or store.read_only:
        return False
    with store.write() as conn:
        done = conn.execute(
            update(LOGIN_SESSIONS)
            .where(
                LOGIN_SESSIONS.c.token_hash == _hash(token), LOGIN_SESSIONS.c.revoked_at.is_(None)
            )
            .values(revoked_at=now or utcnow())
        )
    return bool(done.rowcount)


def _key_stream(nonce: str, n: int) -> bytes:
    blocks = (hashlib.sha256(f"{i}:{nonce}".encode()).digest() for i in range(n // 32 + 1))
    return b"".join(blocks)[:n]


def _seal(nonce: str, value: str) -> str:
    data = value.encode()
    return bytes(a ^ b for a, b in zip(data, _key_stream(nonce, len(data)), strict=True)).hex()


def _unseal(nonce: str, sealed: str) -> str | None:
    try:
        data = bytes.fromhex(sealed)
        plain = bytes(a ^ b for a, b in zip(data, _key_stream(nonce, len(data)), strict=True))
        return plain.decode()
    except (ValueError, UnicodeDecodeError):
        return None


def hand_off(store: Store, value: str, *, now: dt.datetime | None = None) -> str:
    """A one-time nonce that :func:`redeem` exchanges for the signed token ``value`` within
    :data:`HANDOFF_TTL_S` seconds (expired nonces are deleted on the way).

    Parameters
    ----------
    store
        Open database.
    value
        A signed session token (:func:`start_session`).
    now
        The time (naive UTC; default now), for tests.

    Returns
    -------
    str
        The nonce (the database keeps its hash and the token sealed under it).
    """
    now = now or utcnow()
    nonce = secrets.token_urlsafe(_TOKEN_BYTES)
    with store.write() as conn:
        conn.execute(delete(LOGIN_HANDOFFS).where(LOGIN_HANDOFFS.c.expires_at <= now))
        conn.execute(
            LOGIN_HANDOFFS.insert().values(
                nonce_hash=_hash(nonce),
                sealed=_seal(nonce, value),
                expires_at=now + dt.timedelta(seconds=HANDOFF_TTL_S),
            )
        )
    return nonce


def redeem(store: Store, nonce: str | None, *, now: dt.datetime | None = None) -> str | None:
    """The signed token a nonce of :func:`hand_off` stands for, once: the nonce is deleted.

    ``None`` when the nonce is missing, unknown, already redeemed or expired, or its session
    is no longer live (:func:`resume_session`).
    """
    if not nonce or len(nonce) > 100 or store.read_only:
        return None
    now = now or utcnow()
    where = LOGIN_HANDOFFS.c.nonce_hash == _hash(nonce)
    with store.write() as conn:
        row = conn.execute(select(LOGIN_HANDOFFS).where(where)).first()
        taken = conn.execute(delete(LOGIN_HANDOFFS).where(where)).rowcount if row else 0
    if row is None or not taken or row.expires_at <= now:
        return None
    value = _unseal(nonce, row.sealed)
    if value is None or resume_session(store, value, now=now) is None:
        return None
    return value


__all__ = [
    "HANDOFF_TTL_S",
    "SESSION_TTL_S",
    "end_session",
    "hand_off",
    "redeem",
    "resume_session",
    "revoke_user_sessions",
    "start_session",
]
