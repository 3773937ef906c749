"""Writes on a plan's communities: status changes, notes, filing and evaluations.

Each function checks, in order and before anything is written: the acting user's role and
geography (:mod:`geo.plan.auth`, :class:`geo.core.errors.PermissionDenied`), the version the user
read (:class:`geo.store.db.StaleRow`), and the lifecycle
(:class:`geo.plan.lifecycle.IllegalTransition`). The change and its audit entry commit in one
transaction, or neither does.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from geo.core import regions
from geo.core.errors import InputError, Problem, Term
from geo.plan import auth, lifecycle
from geo.plan.auth import User
from geo.plan.lifecycle import (
    AREA_MAX_POINTS,
    EVALUATION_AREAS,
    TOTAL_MAX_POINTS,
    IllegalTransition,
)
from geo.store.db import (
    TEXT_MAX_CHARS,
    StaleRow,
    Store,
    _stale,
    audited_update,
    cas_update,
    check_texts,
    column_chars,
    row_dict,
    utcnow,
    write_audit,
    write_audits,
)
from geo.store.models import EVALUATIONS, FILINGS, PLAN_COMMUNITIES
from geo.store.users import acting_user

_PC = PLAN_COMMUNITIES


def _where(plan_id: int, community_id: str):  # noqa: ANN202
    return (_PC.c.plan_id == int(plan_id)) & (_PC.c.community_id == str(community_id))


def _load(conn: Connection, plan_id: int, community_id: str) -> Any:
    row = conn.execute(select(_PC).where(_where(plan_id, community_id))).first()
    if row is None:
        raise _not_in_plan(plan_id, community_id)
    return row


def _not_in_plan(plan_id: int, community_id: str) -> InputError:
    return InputError.single(
        "store.problem.not_in_plan", column="id", code="unknown", id=community_id, plan=plan_id
    )


def _filing_state(conn: Connection, plan_id: int, unit: str) -> str:
    """The unit's filing state, locking the filing row so filing and recommending serialise."""
    row = conn.execute(
        select(FILINGS.c.state)
        .where(FILINGS.c.plan_id == int(plan_id), FILINGS.c.unit == unit)
        .with_for_update()
    ).first()
    return row.state if row else "open"


def _check_move(
    conn: Connection,
    user: User,
    plan_id: int,
    row: Any,
    target: str,
    expected_version: int,
    reason: str,
    via: str,
    filing_state: Callable[[str], str],
) -> None:
    """Every check of one status move, in order: the user's role and geography, the version
    read, the lifecycle, and no recommending while the unit's filing awaits the centre
    (``filing_state``: unit → its filing state, asked only then)."""
    auth.require_community_write(user, row.quota_unit, row.county_code, f"set status {target}")
    if row.version != expected_version:
        raise _stale(
            conn,
            _PC,
            _where(plan_id, row.community_id),
            "plan_communities",
            row.community_id,
            expected_version,
        )
    lifecycle.check_transition(row.status, target, user.role, reason, via=via)
    recommending = {row.status, target} == {"candidate", "recommended"}
    if recommending and filing_state(row.quota_unit) == "submitted":
        raise IllegalTransition.single(
            "store.problem.filing_pending",
            code="filing_pending",
            unit=regions.unit_term(row.quota_unit),
        )


def _status_values(user: User, target: str, reason: str, now: dt.datetime) -> dict[str, Any]:
    """The columns a status move sets (the version is bumped by the update)."""
    return {
        "status": target,
        "reason": (reason or "").strip(),
        "updated_by": user.name,
        "updated_at": now,
    }


def _transition(
    conn: Connection,
    user: User,
    plan_id: int,
    community_id: str,
    target: str,
    expected_version: int,
    reason: str,
    via: str = "direct",
) -> dict[str, Any]:
    row = _load(conn, plan_id, community_id)
    _check_move(
        conn,
        user,
        plan_id,
        row,
        target,
        expected_version,
        reason,
        via,
        functools.partial(_filing_state, conn, plan_id),
    )
    now = utcnow()
    values = _status_values(user, target, reason, now)
    return _audited_community_update(
        conn, user, plan_id, row, expected_version, values, "status", reason=reason, at=now
    )


def _audited_community_update(
    conn: Connection,
    user: User,
    plan_id: int,
    row: Any,
    expected_version: int,
    values: Mapping[str, Any],
    action: str,
    *,
    reason: str = "",
    at: dt.datetime,
) -> dict[str, Any]:
    """Update one plan community already read as ``row`` and audit it; returns the new row."""
    _, after = audited_update(
        conn,
        _PC,
        _where(plan_id, row.community_id),
        expected_version,
        values,
        entity="plan_communities",
        key=row.community_id,
        current=row,
        user=user.name,
        action=action,
        plan_id=int(plan_id),
        community_id=str(row.community_id),
        reason=reason,
        at=at,
    )
    return after


def transition(
    store: Store,
    user: User,
    plan_id: int,
    community_id: str,
    target: str,
    expected_version: int,
    reason: str = "",
) -> dict[str, Any]:
    """Move one community to ``target`` status.

    Parameters
    ----------
    store
        Open database.
    user
        Acting user.
    plan_id, community_id
        Which community of which plan.
    target
        New status (see :data:`geo.plan.lifecycle.TRANSITIONS`).
    expected_version
        The version the user read.
    reason
        Why (required for an exit).

    Returns
    -------
    dict
        The community's row after the change.

    Raises
    ------
    PermissionDenied, StaleRow, IllegalTransition, InputError
    """
    user = acting_user(store, user)
    check_texts(reason=(reason, TEXT_MAX_CHARS))
    with store.write() as conn:
        return _transition(conn, user, plan_id, community_id, target, expected_version, reason)


def transition_many(
    store: Store,
    user: User,
    plan_id: int,
    changes: Iterable[tuple[str, int]],
    target: str,
    reason: str = "",
) -> int:
    """Move several communities to ``target`` in one transaction: all land or none.

    Every move is checked as :func:`transition` checks one (role and geography, version,
    lifecycle, a filing awaiting the centre), in community order, and the first that fails
    raises its error with nothing written; then the moves are written in one ``UPDATE`` and
    their audit entries in one ``INSERT`` (2,000 moves: a few statements, not 8,000).

    Parameters
    ----------
    changes
        ``(community_id, expected_version)`` pairs.

    Returns
    -------
    int
        How many communities changed.
    """
    return transition_groups(store, user, plan_id, [(changes, target, reason)])


def transition_groups(
    store: Store,
    user: User,
    plan_id: int,
    groups: Iterable[tuple[Iterable[tuple[str, int]], str, str]],
) -> int:
    """Several :func:`transition_many` moves, each group its own target and reason, in one
    transaction: all land or none (the year's outcome: the kept 继续实施 and the leaving
    已退出, each with its reason, :func:`geo.plan.next_cycle.record_outcomes`).

    Parameters
    ----------
    groups
        ``(changes, target, reason)``: ``(community_id, expected_version)`` pairs moved to
        ``target`` with ``reason``.

    Returns
    -------
    int
        How many communities changed.
    """
    user = acting_user(store, user)
    moves = []
    for changes, target, reason in groups:
        check_texts(reason=(reason, TEXT_MAX_CHARS))
        moves.append((sorted((str(c), int(v)) for c, v in changes), target, reason))
    moves = [m for m in moves if m[0]]
    if not moves:
        return 0
    with store.write() as conn:
        for changes, target, reason in moves:
            _move_many(conn, user, plan_id, changes, target, reason)
    return sum(len(m[0]) for m in moves)


def _move_many(
    conn: Connection,
    user: User,
    plan_id: int,
    changes: list[tuple[str, int]],
    target: str,
    reason: str,
) -> None:
    """:func:`transition_many`'s checks and writes inside the caller's transaction."""
    ids = [c for c, _ in changes]
    if len(set(ids)) < len(ids):  # a community twice: the second move meets the first's version
        _lock_filings(conn, plan_id, ids)
        for community_id, version in changes:
            _transition(conn, user, plan_id, community_id, target, version, reason)
        return
    states = _lock_filings(conn, plan_id, ids)
    # the rows, locked (PostgreSQL; SQLite's write transaction already excludes others)
    rows = {
        r.community_id: r
        for chunk in _chunks(ids)
        for r in conn.execute(select(_PC).where(_in_plan(plan_id, chunk)).with_for_update())
    }
    # every check of _transition, in the same order: the first failing move is reported
    for community_id, version in changes:
        row = rows.get(community_id)
        if row is None:
            raise _not_in_plan(plan_id, community_id)
        _check_move(
            conn,
            user,
            plan_id,
            row,
            target,
            version,
            reason,
            "direct",
            states.__getitem__,
        )
    now = utcnow()
    values = _status_values(user, target, reason, now)
    moved = conn.execute(
        update(_PC)
        .where(
            _PC.c.plan_id == int(plan_id),
            _PC.c.community_id == bindparam("b_id"),
            _PC.c.version == bindparam("b_version"),
        )
        .values(**values, version=_PC.c.version + 1),
        [{"b_id": c, "b_version": v} for c, v in changes],
    )
    if conn.dialect.supports_sane_multi_rowcount and moved.rowcount != len(changes):
        raise RuntimeError(f"{moved.rowcount} of {len(changes)} locked rows were updated")
    after = {
        r.community_id: r
        for chunk in _chunks(ids)
        for r in conn.execute(select(_PC).where(_in_plan(plan_id, chunk)))
    }
    write_audits(
        conn,
        (
            {
                "user": user.name,
                "action": "status",
                "entity": "plan_communities",
                "entity_id": after[c].id,
                "before": row_dict(rows[c]),
                "after": row_dict(after[c]),
                "plan_id": int(plan_id),
                "community_id": c,
                "reason": reason,
                "at": now,
            }
            for c in ids
        ),
    )


def _chunks(ids: list[str], size: int = 500) -> Iterator[list[str]]:
    """``ids`` in slices small enough for one ``IN (…)`` list on every backend."""
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _in_plan(plan_id: int, ids: list[str]):  # noqa: ANN202
    return (_PC.c.plan_id == int(plan_id)) & _PC.c.community_id.in_(ids)


def _lock_filings(conn: Connection, plan_id: int, ids: list[str]) -> dict[str, str]:
    """Lock the filing of every unit the communities ``ids`` belong to, in one order (so bulk
    changes cannot deadlock); returns unit → filing state."""
    units: set[str] = set()
    for chunk in _chunks(ids):
        units.update(
            conn.execute(select(_PC.c.quota_unit).where(_in_plan(plan_id, chunk)).distinct())
            .scalars()
            .all()
        )
    return {unit: _filing_state(conn, plan_id, unit) for unit in sorted(units)}


def set_note(
    store: Store, user: User, plan_id: int, community_id: str, note: str, expected_version: int
) -> dict[str, Any]:
    """Replace a community's working note (county, province or centre).

    Raises
    ------
    PermissionDenied, StaleRow, InputError
    """
    user = acting_user(store, user)
    check_texts(note=(note, TEXT_MAX_CHARS))
    with store.write() as conn:
        row = _load(conn, plan_id, community_id)
        auth.require_community_write(user, row.quota_unit, row.county_code, "edit the note")
        now = utcnow()
        values = {"note": note or "", "updated_by": user.name, "updated_at": now}
        return _audited_community_update(
            conn, user, plan_id, row, expected_version, values, "note", at=now
        )


# --------------------------------------------------------------------------- filing


def _filing_move(
    store: Store,
    user: User,
    plan_id: int,
    unit: str,
    move: str,
    expected_version: int,
    reason: str = "",
) -> dict[str, Any]:
    user = acting_user(store, user)
    check_texts(reason=(reason, TEXT_MAX_CHARS))
    if move == "submit":
        auth.require_unit(user, unit, "submit the filing")
    else:
        auth.require_role(user, "central")
    where = (FILINGS.c.plan_id == int(plan_id)) & (FILINGS.c.unit == unit)
    now = utcnow()
    with store.write() as conn:
        row = conn.execute(select(FILINGS).where(where).with_for_update()).first()
        if row is None:
            raise InputError.single(
                "store.problem.no_unit",
                column="unit",
                code="unknown",
                plan=plan_id,
                unit=regions.unit_term(unit),
            )
        if row.version != expected_version:
            raise _stale(conn, FILINGS, where, "filings", unit, expected_version)
        new_state = lifecycle.check_filing_move(row.state, move, reason)
        recommended = conn.execute(
            select(_PC.c.community_id, _PC.c.version)
            .where(
                _PC.c.plan_id == int(plan_id),
                _PC.c.quota_unit == unit,
                _PC.c.status == "recommended",
            )
            .order_by(_PC.c.community_id)
        ).all()
        if move == "submit" and not recommended:
            raise IllegalTransition.single(
                "store.problem.nothing_to_submit",
                code="nothing_to_submit",
                unit=regions.unit_term(unit),
            )
        values: dict[str, Any] = {"state": new_state, "reason": (reason or "").strip()}
        if move == "submit":
            values |= {
                "submitted_by": user.name,
                "submitted_at": now,
                "decided_by": None,
                "decided_at": None,
            }
        else:
            values |= {"decided_by": user.name, "decided_at": now}
        _, after = audited_update(
            conn,
            FILINGS,
            where,
            expected_version,
            values,
            entity="filings",
            key=unit,
            user=user.name,
            action=f"filing_{move}",
            plan_id=int(plan_id),
            reason=reason,
            at=now,
        )
        if move == "accept":
            for community_id, version in recommended:
                _transition(
                    conn, user, plan_id, community_id, "filed", version, reason, via="filing"
                )
    return after


def submit_filing(
    store: Store, user: User, plan_id: int, unit: str, expected_version: int
) -> dict[str, Any]:
    """The province submits its unit's recommended communities to the centre.

    Recommendations in the unit are frozen until the centre accepts or returns the filing.

    Raises
    ------
    PermissionDenied
        Not central and not the unit's province account.
    IllegalTransition
        Already waiting, or nothing recommended.
    StaleRow
    """
    return _filing_move(store, user, plan_id, unit, "submit", expected_version)


def accept_filing(
    store: Store, user: User, plan_id: int, unit: str, expected_version: int, reason: str = ""
) -> dict[str, Any]:
    """The centre accepts a submitted filing: its recommended communities become ``filed``."""
    return _filing_move(store, user, plan_id, unit, "accept", expected_version, reason)


def return_filing(
    store: Store, user: User, plan_id: int, unit: str, expected_version: int, reason: str
) -> dict[str, Any]:
    """The centre returns a submitted filing with a reason; the province may edit and resubmit."""
    return _filing_move(store, user, plan_id, unit, "return", expected_version, reason)


# --------------------------------------------------------------------------- evaluation


def check_scores(scores: Mapping[str, Any], total: Any = None) -> tuple[dict[str, float], float]:
    """Validate the four task-area scores (0–:data:`AREA_MAX_POINTS` each) and the total
    (0–:data:`TOTAL_MAX_POINTS`, default their sum).

    Raises
    ------
    InputError
        One problem per missing, non-numeric or out-of-range score, naming the area.
    """
    problems: list[Problem] = []
    clean: dict[str, float] = {}
    for area in EVALUATION_AREAS:
        value = scores.get(area)
        try:
            number = float(value)
        except (TypeError, ValueError):
            problems.append(
                Problem(
                    "store.problem.score_number",
                    column=area,
                    code="not_number",
                    params={"value": repr(value)},
                )
            )
            continue
        if not 0 <= number <= AREA_MAX_POINTS:
            problems.append(
                Problem(
                    "store.problem.score_range",
                    column=area,
                    code="range",
                    params={"value": f"{number:g}", "max": f"{AREA_MAX_POINTS:g}"},
                )
            )
        clean[area] = number
    if total is None or total == "":
        value = sum(clean.values())
    else:
        try:
            value = float(total)
        except (TypeError, ValueError):
            problems.append(
                Problem(
                    "store.problem.total_number",
                    column="total",
                    code="not_number",
                    params={"value": repr(total)},
                )
            )
            value = 0.0
    if not 0 <= value <= TOTAL_MAX_POINTS:
        problems.append(
            Problem(
                "store.problem.total_range",
                column="total",
                code="range",
                params={"value": f"{value:g}", "max": f"{TOTAL_MAX_POINTS:g}"},
            )
        )
    if problems:
        raise InputError(problems)
    return clean, value


def record_evaluation(
    store: Store,
    user: User,
    plan_id: int,
    community_id: str,
    scores: Mapping[str, Any],
    *,
    eval_date: dt.date,
    expert: str,
    comments: str = "",
    total: float | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Record (or correct) the expert evaluation of a launched community.

    The first evaluation moves the community ``launched → evaluated``; a correction needs
    the evaluation's ``expected_version``.

    Parameters
    ----------
    scores
        ``{area: points}`` for each of :data:`geo.plan.lifecycle.EVALUATION_AREAS`.
    eval_date, expert, comments, total
        When, by whom, remarks; ``total`` defaults to the sum of the four areas.
    expected_version
        ``None`` for a first evaluation, else the version of the evaluation being corrected.

    Raises
    ------
    PermissionDenied
        Not a central account.
    IllegalTransition
        The community is not launched (or already evaluated, for a correction).
    InputError, StaleRow
    """
    user = auth.require_role(acting_user(store, user), "central")
    clean, total_points = check_scores(scores, total)
    if not (expert or "").strip():
        raise InputError.single("store.problem.expert", column="expert", code="missing")
    check_texts(
        expert=(expert, column_chars(EVALUATIONS.c.expert)), comments=(comments, TEXT_MAX_CHARS)
    )
    if not isinstance(eval_date, dt.date):
        raise InputError.single(
            "store.problem.not_date", column="eval_date", code="not_date", value=repr(eval_date)
        )
    now = utcnow()
    values = {
        **clean,
        "total": total_points,
        "comments": comments or "",
        "eval_date": eval_date,
        "expert": expert.strip(),
        "entered_by": user.name,
        "entered_at": now,
    }
    with store.write() as conn:
        return _write_evaluation(
            conn, user, plan_id, community_id, values, expected_version, at=now
        )


def _write_evaluation(
    conn: Connection,
    user: User,
    plan_id: int,
    community_id: str,
    values: Mapping[str, Any],
    expected_version: int | None,
    *,
    at: dt.datetime,
) -> dict[str, Any]:
    """Insert or correct one evaluation (checked values) and audit it, in ``conn``'s
    transaction; a first evaluation moves the community to ``evaluated``."""
    now = at
    where = (EVALUATIONS.c.plan_id == int(plan_id)) & (
        EVALUATIONS.c.community_id == str(community_id)
    )
    community = _load(conn, plan_id, community_id)
    existing = conn.execute(select(EVALUATIONS).where(where)).first()
    if existing is None:
        if expected_version is not None:
            raise StaleRow("evaluations", community_id, expected_version, None, [], [])
        lifecycle.check_transition(community.status, "evaluated", user.role, via="evaluation")
        after_row = conn.execute(
            EVALUATIONS.insert()
            .values(plan_id=int(plan_id), community_id=str(community_id), version=1, **values)
            .returning(*EVALUATIONS.c)
        ).first()
        before, after = None, row_dict(after_row)
        entity_id = after_row.id
    else:
        if expected_version is None:
            raise _stale(conn, EVALUATIONS, where, "evaluations", community_id, 0)
        if community.status not in ("evaluated", "continued", "exited"):
            raise IllegalTransition.single("store.problem.not_evaluated", code="not_evaluated")
        before, after = cas_update(
            conn,
            EVALUATIONS,
            where,
            expected_version,
            values,
            entity="evaluations",
            key=community_id,
        )
        entity_id = existing.id
    write_audit(
        conn,
        user=user.name,
        action="evaluate",
        entity="evaluations",
        entity_id=entity_id,
        before=before,
        after=after,
        plan_id=int(plan_id),
        community_id=str(community_id),
        at=now,
    )
    if existing is None:
        _transition(
            conn,
            user,
            plan_id,
            community_id,
            "evaluated",
            community.version,
            "",
            via="evaluation",
        )
    return after


def evaluation_values(
    user: User,
    scores: Mapping[str, Any],
    *,
    eval_date: Any,
    expert: str,
    comments: str = "",
    total: Any = None,
    at: dt.datetime,
) -> dict[str, Any]:
    """The checked values of one evaluation (see :func:`record_evaluation`).

    Raises
    ------
    InputError
        A score or total missing, not a number or out of range, no expert, a text too
        long, or a date that is not one (problems name the column: area key, ``total``,
        ``expert``, ``comments``, ``eval_date``).
    """
    problems: list[Problem] = []
    try:
        clean, total_points = check_scores(scores, total)
    except InputError as exc:
        problems += exc.problems
        clean, total_points = {}, 0.0
    if not (expert or "").strip():
        problems.append(Problem("store.problem.expert", column="expert", code="missing"))
    try:
        check_texts(
            expert=(expert or "", column_chars(EVALUATIONS.c.expert)),
            comments=(comments or "", TEXT_MAX_CHARS),
        )
    except InputError as exc:
        problems += exc.problems
    if not isinstance(eval_date, dt.date):
        problems.append(
            Problem(
                "store.problem.not_date",
                column="eval_date",
                code="not_date",
                params={"value": repr(eval_date)},
            )
        )
    if problems:
        raise InputError(problems)
    return {
        **clean,
        "total": total_points,
        "comments": comments or "",
        "eval_date": eval_date,
        "expert": expert.strip(),
        "entered_by": user.name,
        "entered_at": at,
    }


def record_evaluations(
    store: Store,
    user: User,
    plan_id: int,
    rows: Iterable[Mapping[str, Any]],
    file: str | None = None,
) -> dict[str, int]:
    """Record many expert evaluations at once (a bulk import): all land or none does.

    A community without an evaluation gets its first one (``launched → evaluated``); one
    already evaluated has its evaluation corrected (the import is the centre's deliberate
    overwrite, made on the version read inside this transaction).

    Parameters
    ----------
    rows
        Dicts with ``row`` (the Excel row, for problems), ``community_id``, the four area
        scores, ``total`` (``None``: their sum), ``eval_date``, ``expert``, ``comments``.
    file
        The uploaded file's name, for problems.

    Returns
    -------
    dict
        ``added`` (first evaluations), ``updated`` (corrected ones) and ``unchanged`` (rows
        holding what is stored already, as the template's saved rows come back: not written
        again, so their version, audit trail and an expert's open form are left alone).

    Raises
    ------
    PermissionDenied
        Not a central account (nothing is read or written).
    InputError
        One problem per bad row and column (its Excel ``row``; ``column`` the area key,
        ``total``, ``expert``, ``eval_date``, ``community_id`` or ``status``); nothing is
        written.
    """
    user = auth.require_role(acting_user(store, user), "central")
    now = utcnow()
    rows = list(rows)
    problems: list[Problem] = []
    checked: list[tuple[Mapping[str, Any], dict[str, Any]]] = []
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        try:
            values = evaluation_values(
                user,
                {a: row.get(a) for a in EVALUATION_AREAS},
                eval_date=row.get("eval_date"),
                expert=str(row.get("expert") or ""),
                comments=str(row.get("comments") or ""),
                total=row.get("total"),
                at=now,
            )
        except InputError as exc:
            problems += [_at_row(p, row, file) for p in exc.problems]
            continue
        checked.append((row, values))
    with store.write() as conn:
        for row, values in checked:
            cid = str(row["community_id"])
            found = conn.execute(select(_PC.c.status).where(_where(plan_id, cid))).first()
            if found is None:
                problems.append(
                    Problem(
                        "mgmt.scores.problem.not_in_plan",
                        file,
                        row.get("row"),
                        "community_id",
                        code="unknown",
                        params={"id": cid},
                    )
                )
                continue
            current = conn.execute(
                select(EVALUATIONS.c.version).where(
                    (EVALUATIONS.c.plan_id == int(plan_id)) & (EVALUATIONS.c.community_id == cid)
                )
            ).scalar()
            if current is None and found.status != "launched":
                problems.append(
                    Problem(
                        "mgmt.scores.problem.not_launched",
                        file,
                        row.get("row"),
                        "status",
                        code="not_launched",
                        params={"id": cid, "status": Term(f"mgmt.status.{found.status}")},
                    )
                )
                continue
            if current is not None and found.status not in ("evaluated", "continued", "exited"):
                problems.append(
                    Problem(
                        "mgmt.scores.problem.not_launched",
                        file,
                        row.get("row"),
                        "status",
                        code="not_launched",
                        params={"id": cid, "status": Term(f"mgmt.status.{found.status}")},
                    )
                )
                continue
            if problems:
                continue
            if current is not None and _same_evaluation(conn, plan_id, cid, values):
                counts["unchanged"] += 1  # the template's saved rows, sent back as they were
                continue
            _write_evaluation(conn, user, plan_id, cid, values, current, at=now)
            counts["added" if current is None else "updated"] += 1
        if problems:
            raise InputError(problems)  # rolls the transaction back: nothing is written
    return counts


def _day(value: Any) -> Any:
    return value.date() if isinstance(value, dt.datetime) else value


def _same_evaluation(conn: Connection, plan_id: int, cid: str, values: Mapping[str, Any]) -> bool:
    """Whether the stored evaluation already holds ``values`` (who entered it aside)."""
    stored = conn.execute(
        select(EVALUATIONS).where(
            (EVALUATIONS.c.plan_id == int(plan_id)) & (EVALUATIONS.c.community_id == cid)
        )
    ).first()
    if stored is None:
        return False
    row = stored._mapping
    for key, value in values.items():
        if key in ("entered_by", "entered_at"):
            continue
        old = row[key]
        if key == "eval_date":
            same = _day(old) == _day(value)
        elif isinstance(value, float):
            same = old is not None and abs(float(old) - value) < 1e-9
        else:
            same = (old or "") == (value or "")
        if not same:
            return False
    return True


def _at_row(problem: Problem, row: Mapping[str, Any], file: str | None) -> Problem:
    """A problem of one imported row, placed at the row's Excel number."""
    return Problem(
        problem.key,
        file=file,
        row=row.get("row"),
        column=problem.column,
        code=problem.code,
        params=problem.params,
    )
