"""Saved versions of evaluation rubrics (:class:`geo.plan.evaluation.Rubric`).

Only the centre edits the rubric: :func:`save_rubric` keeps each save as a new numbered
version of its name (never overwritten), with an audit entry, so an evaluation can say
which version it used.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
from sqlalchemy import func, select

from geo.plan import auth
from geo.plan.auth import User
from geo.plan.evaluation import Rubric, rubric_from_json
from geo.store.db import Store, check_texts, utcnow, write_audit
from geo.store.models import RUBRICS
from geo.store.users import acting_user


def save_rubric(store: Store, user: User, rubric: Rubric) -> Rubric:
    """Save ``rubric`` as the next version of its name (central accounts only).

    Returns
    -------
    Rubric
        The rubric with its new ``version``.

    Raises
    ------
    PermissionDenied
        The user is not the centre.
    """
    user = auth.require_role(acting_user(store, user), "central")
    check_texts(name=(rubric.name, 200))
    now = utcnow()
    with store.write() as conn:
        current = conn.execute(
            select(func.coalesce(func.max(RUBRICS.c.version), 0)).where(
                RUBRICS.c.name == rubric.name
            )
        ).scalar()
        saved = dataclasses.replace(rubric, version=int(current or 0) + 1)
        row_id = conn.execute(
            RUBRICS.insert()
            .values(
                name=saved.name,
                version=saved.version,
                body=saved.to_json(),
                created_by=user.name,
                created_at=now,
            )
            .returning(RUBRICS.c.id)
        ).scalar_one()
        write_audit(
            conn,
            user=user.name,
            action="rubric_save",
            entity="rubrics",
            entity_id=row_id,
            before=None,
            after=saved.to_json(),
            at=now,
        )
    return saved


def rubric_versions(store: Store) -> pd.DataFrame:
    """Every saved rubric version: ``id``, ``name``, ``version``, ``created_by``, ``created_at``."""
    with store.read() as conn:
        rows = conn.execute(
            select(
                RUBRICS.c.id,
                RUBRICS.c.name,
                RUBRICS.c.version,
                RUBRICS.c.created_by,
                RUBRICS.c.created_at,
            ).order_by(RUBRICS.c.id)
        ).all()
    return pd.DataFrame(
        [tuple(r) for r in rows], columns=["id", "name", "version", "created_by", "created_at"]
    )


def load_rubric(store: Store, name: str | None = None, version: int | None = None) -> Rubric | None:
    """A saved rubric: the given version of ``name``, its newest, or the newest saved of all;
    ``None`` when none is saved."""
    query = select(RUBRICS.c.body)
    if name is not None:
        query = query.where(RUBRICS.c.name == name)
    if version is not None:
        query = query.where(RUBRICS.c.version == int(version))
    with store.read() as conn:
        body = conn.execute(query.order_by(RUBRICS.c.id.desc()).limit(1)).scalar()
    return None if body is None else rubric_from_json(body)
