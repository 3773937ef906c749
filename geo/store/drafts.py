"""A user's saved selection work: the draft, its named versions, undo of manual changes.

A draft is one JSON document per account (table ``drafts``): the settings that produced a
pick (scope, quota settings, scoring preset and weights, constraints), the manual changes
(locks and exclusions with their reasons), the pick itself (the chosen ids) and the identity
of the layers it was made on (their content tokens and which were replaced). The app saves
it on every change and puts it back after a reload, a new login or a server restart.

Named versions (table ``draft_versions``) are copies of the draft under a name the user
gives; :func:`diff_drafts` compares any two (settings changed, manual changes made or
undone, communities added to or dropped from the pick). The draft keeps the last
:data:`UNDO_DEPTH` lists of manual changes, so :func:`undo` steps back through them.

The document's shape is the caller's: this module stores it and reads four keys of it,
``settings`` (a flat dict), ``changes`` (a list of ``{"id", "action", "reason"}``),
``pick`` (a list of ids) and ``undo`` (a list of earlier ``changes`` lists).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import delete, select, update

from geo.auth import User
from geo.errors import InputError
from geo.store.db import Store, check_texts, utcnow, write_audit
from geo.store.models import DRAFT_VERSIONS, DRAFTS
from geo.store.users import acting_user

UNDO_DEPTH = 20
"""How many earlier lists of manual changes a draft keeps for undo."""
MAX_DRAFT_BYTES = 5_000_000
"""Largest draft document accepted (a national pick of ~1,000 ids is ~20 kB)."""
MAX_VERSIONS = 200
"""Most named versions one account keeps."""


def _encode(document: Mapping[str, Any]) -> dict[str, Any]:
    text = json.dumps(document, ensure_ascii=False, default=str)
    if len(text.encode()) > MAX_DRAFT_BYTES:
        raise InputError.single(
            "store.problem.draft_large", column="draft", code="too_large", max=MAX_DRAFT_BYTES
        )
    return json.loads(text)


def load_draft(store: Store, user: User) -> dict[str, Any] | None:
    """The account's draft as saved last, or ``None`` before its first save."""
    with store.read() as conn:
        row = conn.execute(select(DRAFTS.c.document).where(DRAFTS.c.user_name == user.name)).first()
    return None if row is None else dict(row.document)


def draft_saved_at(store: Store, user: User) -> dt.datetime | None:
    """When the account's draft was saved last (naive UTC), or ``None``."""
    with store.read() as conn:
        return conn.execute(
            select(DRAFTS.c.updated_at).where(DRAFTS.c.user_name == user.name)
        ).scalar_one_or_none()


def save_draft(store: Store, user: User, document: Mapping[str, Any]) -> None:
    """Store ``document`` as the account's draft (replacing the previous one).

    Raises
    ------
    InputError
        The document is larger than :data:`MAX_DRAFT_BYTES`.
    PermissionDenied
        The account is deactivated (the app with logins).
    """
    user = acting_user(store, user)
    doc = _encode(document)
    now = utcnow()
    with store.write() as conn:
        done = conn.execute(
            update(DRAFTS)
            .where(DRAFTS.c.user_name == user.name)
            .values(document=doc, updated_at=now, version=DRAFTS.c.version + 1)
        )
        if not done.rowcount:
            conn.execute(
                DRAFTS.insert().values(user_name=user.name, document=doc, updated_at=now, version=1)
            )


def push_changes(document: Mapping[str, Any], changes: list[dict[str, str]]) -> dict[str, Any]:
    """The draft with ``changes`` as its manual changes and the previous list kept for undo
    (the last :data:`UNDO_DEPTH`); unchanged when the list is the same."""
    doc = dict(document)
    before = list(doc.get("changes", []))
    if before == list(changes):
        return doc
    doc["undo"] = [*doc.get("undo", []), before][-UNDO_DEPTH:]
    doc["changes"] = list(changes)
    return doc


def undo(document: Mapping[str, Any]) -> dict[str, Any]:
    """The draft with its last manual change undone (the previous list of changes back);
    unchanged when there is nothing to undo."""
    doc = dict(document)
    stack = list(doc.get("undo", []))
    if not stack:
        return doc
    doc["changes"] = stack.pop()
    doc["undo"] = stack
    return doc


def save_version(store: Store, user: User, name: str, document: Mapping[str, Any]) -> None:
    """Keep ``document`` as the account's version ``name`` (a name used again is replaced)."""
    user = acting_user(store, user)
    name = (name or "").strip()
    if not name:
        raise InputError.single("store.problem.version_name", column="name", code="missing")
    check_texts(name=(name, 200))
    doc = _encode({k: v for k, v in document.items() if k != "undo"})
    with store.write() as conn:
        conn.execute(
            delete(DRAFT_VERSIONS).where(
                DRAFT_VERSIONS.c.user_name == user.name, DRAFT_VERSIONS.c.name == name
            )
        )
        count = conn.execute(
            select(DRAFT_VERSIONS.c.id).where(DRAFT_VERSIONS.c.user_name == user.name)
        ).all()
        if len(count) >= MAX_VERSIONS:
            raise InputError.single(
                "store.problem.versions_many", column="name", code="too_many", max=MAX_VERSIONS
            )
        conn.execute(
            DRAFT_VERSIONS.insert().values(
                user_name=user.name, name=name, document=doc, created_at=utcnow()
            )
        )
        write_audit(
            conn,
            user=user.name,
            action="save_version",
            entity="draft_versions",
            entity_id=name,
            before=None,
            after={"name": name, "picked": len(doc.get("pick", []))},
        )


def list_versions(store: Store, user: User) -> pd.DataFrame:
    """The account's named versions, newest first: ``name``, ``created_at``, ``picked``,
    ``changes``."""
    with store.read() as conn:
        rows = conn.execute(
            select(DRAFT_VERSIONS.c.name, DRAFT_VERSIONS.c.created_at, DRAFT_VERSIONS.c.document)
            .where(DRAFT_VERSIONS.c.user_name == user.name)
            .order_by(DRAFT_VERSIONS.c.created_at.desc(), DRAFT_VERSIONS.c.id.desc())
        ).all()
    return pd.DataFrame(
        [
            (
                r.name,
                r.created_at,
                len(r.document.get("pick", [])),
                len(r.document.get("changes", [])),
            )
            for r in rows
        ],
        columns=["name", "created_at", "picked", "changes"],
    )


def load_version(store: Store, user: User, name: str) -> dict[str, Any]:
    """The account's version ``name``.

    Raises
    ------
    InputError
        No version of that name (code ``unknown``).
    """
    with store.read() as conn:
        row = conn.execute(
            select(DRAFT_VERSIONS.c.document).where(
                DRAFT_VERSIONS.c.user_name == user.name, DRAFT_VERSIONS.c.name == name
            )
        ).first()
    if row is None:
        raise InputError.single(
            "store.problem.no_version", column="name", code="unknown", name=name
        )
    return dict(row.document)


def diff_drafts(a: Mapping[str, Any], b: Mapping[str, Any]) -> pd.DataFrame:
    """What differs from draft ``a`` to draft ``b``.

    Returns
    -------
    pandas.DataFrame
        One row per difference: ``kind`` (``setting``, ``lock``, ``exclude``, ``added``,
        ``dropped``), ``item`` (the setting's key or the community id), ``before`` and
        ``after`` (the setting's values, or the change's reason; empty where absent).
    """
    rows: list[tuple[str, str, str, str]] = []
    sa, sb = dict(a.get("settings", {})), dict(b.get("settings", {}))
    for key in sorted(set(sa) | set(sb)):
        if sa.get(key) != sb.get(key):
            rows.append(("setting", key, _text(sa.get(key)), _text(sb.get(key))))
    ca = {(c["id"], c["action"]): c.get("reason", "") for c in a.get("changes", [])}
    cb = {(c["id"], c["action"]): c.get("reason", "") for c in b.get("changes", [])}
    for cid, action in sorted(set(ca) | set(cb)):
        before, after = ca.get((cid, action)), cb.get((cid, action))
        if before != after:
            rows.append((action, cid, before or "", after or ""))
    pa, pb = set(a.get("pick", [])), set(b.get("pick", []))
    rows += [("added", i, "", "") for i in sorted(pb - pa)]
    rows += [("dropped", i, "", "") for i in sorted(pa - pb)]
    return pd.DataFrame(rows, columns=["kind", "item", "before", "after"])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
