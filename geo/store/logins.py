"""Failed logins: throttling and lockout per account name and per client, in the database.

Every login first records an attempt (a row of ``login_failures``: when, the account name
tried, the client's address, not yet ``failed``) and only then checks the password; a wrong
password marks the row failed, a successful login deletes the account's rows. So several app
processes, and several tries at once, all count against the same limits: a burst of parallel
tries at one account name cannot slip past its limit, since the tries still being checked
count against the name.

Against a client only failures count. Its tries still being checked are not counted: a
whole office behind one address (or a proxy) signing in at the same time is not a burst of
guesses, and counting the logins of its colleagues still in Argon2 as failures throttled
new logins from the tenth one in flight and could lock the office out for 15 minutes on
one mistyped password (the load test's 60 users did the first). A burst of parallel guesses
over many names from one address is still held by each name's own limit, and locked as
its failures land.

Before the password is checked, within :attr:`LoginLimit.window_s`:

- from :attr:`LoginLimit.throttle_after` failures on, each try must wait
  ``2, 4, 8 … ≤`` :data:`THROTTLE_MAX_S` seconds after the last failure (throttling);
- at :attr:`LoginLimit.lock_after` failures, logins are refused for
  :attr:`LoginLimit.lock_s` seconds (a lockout, kept in ``login_locks`` and written to the
  audit log).

The account limit applies to the name tried whether or not such an account exists, so a
refusal says nothing about which names exist; a refused try does not check the password and
is not counted again. Limits per client catch one address trying many names. A read-only
database (:attr:`geo.store.db.Store.read_only`) records nothing: logins there are only as
slow as Argon2 makes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, delete, func, select, update

from geo.core.errors import LoginRefused
from geo.store.db import Store, utcnow, write_audit
from geo.store.models import LOGIN_FAILURES, LOGIN_LOCKS

THROTTLE_MAX_S = 60
"""Longest wait between two tries while throttled."""

LOCAL_CLIENT = "local"
"""Client key of a browser on the server's own machine (or an unknown address)."""

AUDIT_USER = "login"
"""Audit ``user_name`` of lockout entries (no account acted)."""


@dataclass(frozen=True)
class LoginLimit:
    """Limits on failed logins for one kind of key.

    Attributes
    ----------
    kind
        ``"account"`` (the name tried) or ``"client"`` (the address tries come from).
    throttle_after
        Failures within the window after which each try must wait.
    lock_after
        Failures within the window that lock the key.
    window_s
        How far back failures count, in seconds.
    lock_s
        How long a lockout lasts, in seconds.
    """

    kind: str
    throttle_after: int
    lock_after: int
    window_s: int
    lock_s: int

    def wait_s(self, failures: int) -> int:
        """Seconds a try must wait after the last failure, with ``failures`` in the window."""
        if failures < self.throttle_after:
            return 0
        return min(2 ** (failures - self.throttle_after + 1), THROTTLE_MAX_S)


ACCOUNT_LIMIT = LoginLimit("account", throttle_after=3, lock_after=5, window_s=900, lock_s=900)
"""Per account name: from the 3rd failure a growing wait, the 5th in 15 min locks 15 min."""

CLIENT_LIMIT = LoginLimit("client", throttle_after=10, lock_after=20, window_s=900, lock_s=900)
"""Per client: several names tried from one address (a whole office behind one proxy gets
room for its own typing errors). The waits from the 10th failure on add up to about six
minutes by the 20th, so the lock is reached within the window."""

_KEY_CHARS = 64
"""Width of the key columns; longer names and addresses are cut (they still match)."""


def _column(limit: LoginLimit):  # noqa: ANN202
    return LOGIN_FAILURES.c.account if limit.kind == "account" else LOGIN_FAILURES.c.client


def _counted(limit: LoginLimit, key: str, since: dt.datetime) -> list[ColumnElement[bool]]:
    """Conditions of the rows that count against ``key``: in the window, and for a client
    only the failures (an account also counts its tries still being checked)."""
    where = [_column(limit) == key, LOGIN_FAILURES.c.at > since]
    if limit.kind == "client":
        where.append(LOGIN_FAILURES.c.failed.is_(True))
    return where


def _check(conn: Connection, limit: LoginLimit, key: str, now: dt.datetime) -> None:
    """Raise :class:`LoginRefused` if ``key`` is locked or must still wait."""
    until = conn.execute(
        select(func.max(LOGIN_LOCKS.c.until)).where(
            LOGIN_LOCKS.c.kind == limit.kind, LOGIN_LOCKS.c.key == key, LOGIN_LOCKS.c.until > now
        )
    ).scalar()
    if until is not None:
        raise LoginRefused(limit.kind, "locked", (until - now).total_seconds() + 0.999)
    since = now - dt.timedelta(seconds=limit.window_s)
    count, last = conn.execute(
        select(func.count(), func.max(LOGIN_FAILURES.c.at)).where(*_counted(limit, key, since))
    ).one()
    wait = limit.wait_s(int(count))
    if wait and last is not None:
        left = (last + dt.timedelta(seconds=wait) - now).total_seconds()
        if left > 0:
            raise LoginRefused(limit.kind, "throttled", left + 0.999)


def _lock_if_due(
    conn: Connection, limit: LoginLimit, key: str, now: dt.datetime, other: str
) -> bool:
    """Lock ``key`` when its failures in the window reach the limit; True when it did
    (tries still being checked are not failures: they never lock)."""
    since = now - dt.timedelta(seconds=limit.window_s)
    count = conn.execute(
        select(func.count()).where(
            _column(limit) == key, LOGIN_FAILURES.c.at > since, LOGIN_FAILURES.c.failed.is_(True)
        )
    ).scalar_one()
    if count < limit.lock_after:
        return False
    until = now + dt.timedelta(seconds=limit.lock_s)
    conn.execute(LOGIN_LOCKS.insert().values(kind=limit.kind, key=key, at=now, until=until))
    write_audit(
        conn,
        user=AUDIT_USER,
        action="lockout",
        entity="logins",
        entity_id=f"{limit.kind}:{key}"[:_KEY_CHARS],
        before=None,
        after={
            "kind": limit.kind,
            "key": key,
            "failures": int(count),
            "window_s": limit.window_s,
            "until": until,
            ("client" if limit.kind == "account" else "account"): other,
        },
        at=now,
    )
    return True


def begin(store: Store, account: str, client: str | None, now: dt.datetime | None = None) -> int:
    """Record a login attempt before its password is checked.

    Parameters
    ----------
    store
        Open database.
    account
        The account name tried, as compared (:func:`geo.plan.auth.canonical_name`).
    client
        The client's address, or ``None`` for a browser on this machine.
    now
        The time (naive UTC; default now).

    Returns
    -------
    int
        The attempt's id (pass it to :func:`succeeded` or :func:`failed`).

    Raises
    ------
    LoginRefused
        The account name or the client is locked out or must wait; nothing is recorded.
    """
    if store.read_only:  # nothing can be recorded (nor written after a login)
        return 0
    now = now or utcnow()
    account, client = account[:_KEY_CHARS], (client or LOCAL_CLIENT)[:_KEY_CHARS]
    keep = max(ACCOUNT_LIMIT.window_s, CLIENT_LIMIT.window_s)
    with store.write() as conn:
        conn.execute(
            delete(LOGIN_FAILURES).where(LOGIN_FAILURES.c.at < now - dt.timedelta(seconds=keep))
        )
        conn.execute(delete(LOGIN_LOCKS).where(LOGIN_LOCKS.c.until < now))
        _check(conn, ACCOUNT_LIMIT, account, now)
        _check(conn, CLIENT_LIMIT, client, now)
        return int(
            conn.execute(
                LOGIN_FAILURES.insert()
                .values(at=now, account=account, client=client, failed=False)
                .returning(LOGIN_FAILURES.c.id)
            ).scalar_one()
        )


def succeeded(store: Store, account: str) -> None:
    """The password was right: forget the account's failures (the client's other tries
    still count)."""
    if store.read_only:
        return
    with store.write() as conn:
        conn.execute(delete(LOGIN_FAILURES).where(LOGIN_FAILURES.c.account == account[:_KEY_CHARS]))


def failed(
    store: Store,
    account: str,
    client: str | None,
    now: dt.datetime | None = None,
    attempt: int | None = None,
) -> None:
    """The password was wrong: the attempt (the id :func:`begin` returned) is marked failed;
    lock the account name or the client when this failure reaches a limit.

    Raises
    ------
    LoginRefused
        This failure locked the account name or the client (reason ``"locked"``).
    """
    if store.read_only:
        return
    now = now or utcnow()
    account, client = account[:_KEY_CHARS], (client or LOCAL_CLIENT)[:_KEY_CHARS]
    with store.write() as conn:
        if attempt is not None:
            conn.execute(
                update(LOGIN_FAILURES).where(LOGIN_FAILURES.c.id == attempt).values(failed=True)
            )
        locked = [
            limit
            for limit, key, other in (
                (ACCOUNT_LIMIT, account, client),
                (CLIENT_LIMIT, client, account),
            )
            if _lock_if_due(conn, limit, key, now, other)
        ]
    if locked:
        raise LoginRefused(locked[0].kind, "locked", locked[0].lock_s)
