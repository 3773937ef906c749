"""Accounts in the database: create, change password, list, authenticate.

The command line (``youthmap user``) runs as the operator of the database and passes no
acting user; from the app, only a central account manages accounts. Password hashes never
enter the audit log.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, func, select, update

from geo.core.errors import InputError, PermissionDenied
from geo.plan import auth
from geo.plan.auth import User
from geo.store import logins
from geo.store.db import Store, utcnow, write_audit
from geo.store.models import LOGIN_SESSIONS, USERS

OPERATOR = "cli"
"""Audit name of the operator running ``youthmap user`` on the server."""


def _public(row) -> dict:  # noqa: ANN001
    d = dict(row._mapping)
    d.pop("password_hash", None)
    return d


def create_user(
    store: Store,
    name: str,
    password: str,
    role: str,
    province_code: str | None = None,
    county_code: str | None = None,
    *,
    actor: User | None = None,
) -> User:
    """Create an account.

    Parameters
    ----------
    store
        Open database.
    name, password, role, province_code, county_code
        The account (checked by :func:`geo.plan.auth.check_account` and
        :func:`geo.plan.auth.check_password_rules`).
    actor
        The acting user from the app (must be central), or ``None`` for the operator.

    Returns
    -------
    User

    Raises
    ------
    InputError
        Bad fields, a weak password or a name already taken.
    PermissionDenied
        ``actor`` is not a central account.
    """
    if actor is not None:
        actor = auth.require_role(acting_user(store, actor), "central")
    user = auth.check_account(name, role, province_code, county_code)
    password_hash = auth.hash_password(password, user.name)
    with store.write() as conn:
        taken = [
            n
            for n in conn.execute(select(USERS.c.name)).scalars()
            if auth.canonical_name(n) == user.name
        ]
        if taken:  # names made before they were normalised compare normalised too
            raise InputError.single(
                "store.problem.user_exists", column="name", code="exists", name=taken[0]
            )
        row = conn.execute(
            USERS.insert()
            .values(
                name=user.name,
                password_hash=password_hash,
                role=user.role,
                province_code=user.province_code,
                county_code=user.county_code,
                active=True,
                created_at=utcnow(),
                version=1,
            )
            .returning(*USERS.c)
        ).first()
        write_audit(
            conn,
            user=actor.name if actor else OPERATOR,
            action="create",
            entity="users",
            entity_id=row.id,
            before=None,
            after=_public(row),
        )
    return user


def set_password(store: Store, name: str, password: str, *, actor: User | None = None) -> None:
    """Replace an account's password (by the operator, a central account, or the user)."""
    if actor is not None:
        actor = acting_user(store, actor)
        if actor.name != auth.canonical_name(name) and actor.name != name:
            auth.require_role(actor, "central")
    password_hash = auth.hash_password(password, name)
    _update_account(store, name, {"password_hash": password_hash}, "password", actor)


def _named(name: str):  # noqa: ANN202 - a SQLAlchemy clause
    """The account called ``name`` as typed or as normalised (:func:`geo.plan.auth.canonical_name`)."""
    typed = (name or "").strip()
    return USERS.c.name.in_({typed, auth.canonical_name(typed)})


def set_active(store: Store, name: str, active: bool, *, actor: User | None = None) -> None:
    """Deactivate (or reactivate) an account: a deactivated account cannot log in, and a
    session it still has open can no longer write (:func:`acting_user`).

    Parameters
    ----------
    store
        Open database.
    name
        The account.
    active
        ``False`` to deactivate, ``True`` to reactivate.
    actor
        The acting user from the app (must be central), or ``None`` for the operator.

    Raises
    ------
    InputError
        No such account.
    PermissionDenied
        ``actor`` is not a central account.
    """
    if actor is not None:
        actor = auth.require_role(acting_user(store, actor), "central")
    _update_account(
        store, name, {"active": bool(active)}, "activate" if active else "deactivate", actor
    )


def _update_account(store: Store, name: str, values: dict, action: str, actor: User | None) -> None:
    """Change one account's columns (version bumped) and audit it, hashes left out; a new
    password or a deactivation also ends the account's open sessions."""
    with store.write() as conn:
        row = conn.execute(select(USERS).where(_named(name))).first()
        if row is None:
            raise InputError.single(
                "store.problem.no_user", column="name", code="unknown", name=name
            )
        after = conn.execute(
            update(USERS)
            .where(USERS.c.id == row.id)
            .values(**values, version=USERS.c.version + 1)
            .returning(*USERS.c)
        ).first()
        write_audit(
            conn,
            user=actor.name if actor else OPERATOR,
            action=action,
            entity="users",
            entity_id=row.id,
            before=_public(row),
            after=_public(after),
        )
        if "password_hash" in values or values.get("active") is False:
            revoke_user_sessions(conn, row.name)


def get_user(store: Store, name: str) -> User | None:
    """The active account ``name`` as a :class:`User`, or ``None``."""
    with store.read() as conn:
        row = conn.execute(select(USERS).where(_named(name), USERS.c.active.is_(True))).first()
    return None if row is None else User(row.name, row.role, row.province_code, row.county_code)


def authenticate(
    store: Store,
    name: str,
    password: str,
    *,
    client: str | None = None,
    now: dt.datetime | None = None,
) -> User | None:
    """The account when ``name`` and ``password`` match an active account, else ``None``.

    The name is compared as :func:`geo.plan.auth.canonical_name` (``Admin`` and ``ａｄｍｉｎ``
    log in as ``admin``). Failed logins are throttled and locked out per account name and
    per client (:mod:`geo.store.logins`). A wrong password costs the same time whether or not
    the name exists. A hash made with older Argon2 parameters is replaced on a successful
    login.

    Parameters
    ----------
    store
        Open database.
    name, password
        What was typed.
    client
        The client's address (``None``: this machine).
    now
        The time (naive UTC; default now), for tests.

    Raises
    ------
    LoginRefused
        Too many recent failures for this name or client (the password was not checked),
        or this failure reached the limit.
    """
    typed = (name or "").strip()
    key = auth.canonical_name(typed)
    attempt = logins.begin(store, key, client, now)
    with store.read() as conn:
        row = conn.execute(
            select(USERS)
            .where(USERS.c.name.in_({typed, key}), USERS.c.active.is_(True))
            .order_by(USERS.c.name != typed)  # an exact match first
        ).first()
    if row is None:
        # the same cost whether or not the name exists
        auth.verify_password(auth.unmatchable_hash(), password or "")
        logins.failed(store, key, client, now, attempt)
        return None
    if not auth.verify_password(row.password_hash, password or ""):
        logins.failed(store, key, client, now, attempt)
        return None
    logins.succeeded(store, key)
    if auth.needs_rehash(row.password_hash) and not store.read_only:
        with store.write() as conn:
            conn.execute(
                update(USERS)
                .where(USERS.c.id == row.id, USERS.c.password_hash == row.password_hash)
                .values(password_hash=auth._HASHER.hash(password))
            )
    return User(row.name, row.role, row.province_code, row.county_code)


def list_users(store: Store) -> pd.DataFrame:
    """Every account (no hashes): name, role, province_code, county_code, active, created_at."""
    with store.read() as conn:
        rows = conn.execute(
            select(
                USERS.c.name,
                USERS.c.role,
                USERS.c.province_code,
                USERS.c.county_code,
                USERS.c.active,
                USERS.c.created_at,
            ).order_by(USERS.c.name)
        ).all()
    return pd.DataFrame(
        rows, columns=["name", "role", "province_code", "county_code", "active", "created_at"]
    )


def count_users(store: Store, role: str | None = None, *, active_only: bool = True) -> int:
    """How many active accounts (of ``role``, when given) exist; with ``active_only=False``
    deactivated accounts count too (whether logins are on: a deactivated last account must
    not turn the app into the no-login desktop)."""
    query = select(func.count()).select_from(USERS)
    if active_only:
        query = query.where(USERS.c.active.is_(True))
    if role:
        query = query.where(USERS.c.role == role)
    with store.read() as conn:
        return int(conn.execute(query).scalar_one())


def acting_user(store: Store, user: User | None) -> User:
    """The acting user as the database has it now, before a write.

    With ``store.verify_accounts`` (the app with logins) the account is read again: its
    role, province and county are the database's, and a user whose account is deactivated
    or does not exist (a session left over from before) is refused. Otherwise (the command
    line, notebooks, the no-login desktop) ``user`` is trusted as given.

    Raises
    ------
    PermissionDenied
        Nobody logged in, or the account is gone or deactivated.
    """
    if user is None:
        raise PermissionDenied("not logged in")
    if not store.verify_accounts:
        return user
    current = get_user(store, user.name)
    if current is None:
        raise PermissionDenied(
            f"the account {user.name!r} is deactivated or does not exist",
            who=user.name,
            inactive=True,
        )
    return current


def require_user(store: Store, name: str) -> User:
    """The account ``name``; :class:`PermissionDenied` when it does not exist or is inactive."""
    user = get_user(store, name)
    if user is None:
        raise PermissionDenied(f"no active account {name!r}", who=name, inactive=True)
    return user


PROFILE_FIELDS: tuple[str, ...] = ("unit_name", "contact", "phone")
"""An account's profile: the unit it files for (填报单位), its contact person and phone."""


def get_profile(store: Store, name: str) -> dict[str, str]:
    """The account's profile (:data:`PROFILE_FIELDS`, empty text where not set)."""
    with store.read() as conn:
        row = conn.execute(
            select(*(USERS.c[f] for f in PROFILE_FIELDS)).where(_named(name))
        ).first()
    if row is None:
        raise InputError.single("store.problem.no_user", column="name", code="unknown", name=name)
    return {f: str(getattr(row, f) or "") for f in PROFILE_FIELDS}


def set_profile(
    store: Store, name: str, *, actor: User | None = None, **fields: str | None
) -> None:
    """Change the account's profile (the fields given; ``None`` leaves one as it is), by the
    operator, a central account or the user; audited."""
    if actor is not None:
        actor = acting_user(store, actor)
        if actor.name != auth.canonical_name(name):
            auth.require_role(actor, "central")
    values = {
        k: (v or "").strip() for k, v in fields.items() if k in PROFILE_FIELDS and v is not None
    }
    from geo.store.db import check_texts

    check_texts(**{k: (v, USERS.c[k].type.length or 100) for k, v in values.items()})
    if values:
        _update_account(store, name, values, "profile", actor)


def revoke_user_sessions(conn: Connection, name: str, *, now: dt.datetime | None = None) -> int:
    """Revoke every live session of account ``name`` inside the caller's transaction
    (deactivation, a new password); returns how many were ended."""
    done = conn.execute(
        update(LOGIN_SESSIONS)
        .where(LOGIN_SESSIONS.c.user_name == name, LOGIN_SESSIONS.c.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )
    return int(done.rowcount or 0)
