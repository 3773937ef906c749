"""A province's part of the national plan: saved by the province, seen by the centre.

A national plan (``plans.province_code`` empty) is filled province by province: a province
account saves its own pick as its quota unit's part (:func:`save_part`), which replaces that
unit's not-yet-filed communities in the plan and leaves every other unit alone. Its
communities come in as ``recommended`` (the province's pick is its recommendation), ready to
submit. Rows of the pick outside the province are never written; they are counted in one
summary (:class:`PartSaved`), never reported one problem per row.

The centre reads every unit's part with its state (:func:`part_states`): ``not_started``
(nothing saved), ``draft`` (saved, not submitted), ``submitted``, ``accepted`` or
``returned`` (with the centre's reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from geo.core import regions
from geo.core.errors import InputError, PermissionDenied, Term
from geo.plan import auth, lifecycle
from geo.plan.auth import User
from geo.store.db import (
    TEXT_MAX_CHARS,
    Store,
    check_texts,
    column_chars,
    row_dict,
    utcnow,
    write_audit,
    write_audits,
)
from geo.store.models import FILINGS, PLAN_COMMUNITIES, PLANS
from geo.store.plans import (
    _clean_chosen,
    _ensure_filing,
    _plain_json,
    audit_added,
    exited_along,
    places_full,
    refused_ids,
    today,
)
from geo.store.users import acting_user

_PC = PLAN_COMMUNITIES

PART_STATES: tuple[str, ...] = ("not_started", "draft", "submitted", "accepted", "returned")
"""States of a unit's part, in the order a filing goes through them."""

_FROM_FILING = {
    "open": "draft",
    "submitted": "submitted",
    "accepted": "accepted",
    "returned": "returned",
}


@dataclass(frozen=True)
class PartSaved:
    """What :func:`save_part` did.

    Attributes
    ----------
    plan_id
        The national plan.
    unit
        The quota unit (province code or ``"XPCC"``) whose part was saved.
    saved
        Communities now in the unit's part.
    added, removed
        Communities added to and taken out of the part by this save.
    outside
        Rows of the given pick outside the unit, left out (not written).
    recommended
        Communities of the pick already in the plan as candidates (the centre's national
        list), moved to recommended by this save, each with its history entry.
    created
        Whether this save made the national plan (no plan had its name): the first part of
        a plan the centre has not saved, or a name mistyped.
    """

    plan_id: int
    unit: str
    saved: int
    added: int
    removed: int
    outside: int
    recommended: int = 0
    created: bool = False


def _unit_of(user: User, province: str | None) -> str:
    if user.role == "province":
        if province and province != user.province_code:
            raise PermissionDenied(
                f"{user.label()} may not save the part of {province}", who=user.label()
            )
        return str(user.province_code)
    if user.role == "central":
        if not province:
            raise InputError.single(
                "store.problem.part_province", column="province", code="missing"
            )
        return province
    raise PermissionDenied(f"{user.label()} may not save a province's part", who=user.label())


def _national_plan(conn: Any, user: User, name: str, now: Any) -> tuple[int, bool]:
    """The national plan ``name`` and whether this call made it (empty: no plan had the
    name). Two accounts making it at the same moment (two provinces saving the first parts
    of a new plan) both save into the one plan: the second to insert takes the first's."""
    row = conn.execute(select(PLANS).where(PLANS.c.name == name)).first()
    plan = None
    if row is None:
        try:
            with conn.begin_nested():  # a savepoint: a clash on the name undoes only this
                plan = conn.execute(
                    PLANS.insert()
                    .values(
                        name=name,
                        province_code=None,
                        params={},
                        timeline=lifecycle.timeline_to_json(
                            lifecycle.cycle_timeline(name, today())
                        ),
                        created_by=user.name,
                        created_at=now,
                        updated_at=now,
                        version=1,
                    )
                    .returning(*PLANS.c)
                ).first()
        except IntegrityError:  # made meanwhile by another account (its commit is read now)
            row = conn.execute(select(PLANS).where(PLANS.c.name == name)).first()
            if row is None:
                raise
    if plan is None:
        if row.province_code is not None:
            raise InputError.single(
                "store.problem.not_national",
                name=name,
                column="plan",
                code="not_national",
            )
        return int(row.id), False
    write_audit(
        conn,
        user=user.name,
        action="create",
        entity="plans",
        entity_id=plan.id,
        before=None,
        after=row_dict(plan),
        plan_id=int(plan.id),
        at=now,
    )
    return int(plan.id), True


def _next_plan_rules(
    conn: Any,
    plan_id: int,
    unit: str,
    drop: list[Any],
    new: list[dict[str, Any]],
    current: Mapping[str, Any],
) -> str:
    """A part saved into a next cycle's plan keeps to the refill's rules
    (:func:`geo.plan.next_cycle.start_next_cycle`'s ``params``): its carried-over
    communities stay (the centre exits one, not the province's pick), the communities this
    cycle or an earlier one exited are not taken back (:func:`geo.store.plans.exited_along`),
    and the unit holds no more than its places. Returns
    the reason a community it adds keeps (the refill's), ``""`` for a first cycle's plan.

    Raises
    ------
    InputError
        Codes ``carried_dropped``, ``exited_again`` and ``places_full``.
    """
    params = conn.execute(select(PLANS.c.params).where(PLANS.c.id == plan_id)).scalar_one()
    if not isinstance(params, dict) or params.get("previous_plan") is None:
        return ""
    from geo.plan.next_cycle import REFILL_REASON

    carried = {str(c) for c in params.get("carried_over", [])}
    dropped = [r.community_id for r in drop if r.community_id in carried]
    if dropped:
        raise refused_ids("carried_dropped", dropped)
    back = {r["community_id"] for r in new} & exited_along(conn, plan_id)
    if back:
        raise refused_ids("exited_again", back)
    quotas = params.get("quotas")  # a unit the next plan gave no places has none
    places = None if quotas is None else int(quotas.get(unit, 0))
    held = sum(1 for r in current.values() if r.status != "exited") - len(drop) + len(new)
    if places is not None and held > places:
        raise places_full(unit, places)
    return REFILL_REASON


APP_REASON_PREFIX = "next_cycle:"
"""Reasons the app writes itself (:data:`geo.plan.next_cycle.REFILL_REASON`): a save of the
part never clears them as an unlocked lock."""


def _refreshed(
    row: Any, pick: Mapping[str, Any], locks: Mapping[str, str] | None
) -> dict[str, Any]:
    """What a new save of the part changes in ``row``, a community the part already holds
    (candidate or recommended) and the pick keeps: the pick's name, county, score, rank and
    top-contributing indicators (where the pick gives them: a list read from a file gives
    no contributions, and the ones kept from the last save stay), a candidate becoming
    recommended, and, when ``locks`` is given, the lock: a locked community takes its reason
    and is manual, one locked before and not now is not manual any more and loses the lock's
    reason. A carried-over
    community keeps its reason when nothing locks it, as do a candidate added by hand (the
    centre's addition, promoted by the save) and a refill. Empty when nothing changes."""
    values: dict[str, Any] = {}
    for key in (
        "name",
        "county_code",
        "province_code",
        "quota_unit",
        "score",
        "rank",
        "top_indicators",
    ):
        new = pick.get(key)
        if new is not None and new != "" and new != getattr(row, key):
            values[key] = new
    if locks is not None and row.community_id in locks:
        reason = str(locks[row.community_id]).strip() or (row.reason or "")
        if (row.reason, bool(row.manual)) != (reason, True):
            values |= {"reason": reason, "manual": True}
    elif (
        locks is not None
        and row.manual
        and row.status == "recommended"  # a candidate added by hand keeps why on promotion
        and not str(row.reason or "").startswith(APP_REASON_PREFIX)  # a refill stays one
    ):
        values |= {"reason": "", "manual": False}
    if row.status == "candidate":
        values["status"] = "recommended"
        values.setdefault("reason", row.reason or "")
    return values


PART_COLUMNS: tuple[str, ...] = (
    "id",
    "community_id",
    "name",
    "county_code",
    "score",
    "rank",
    "top_indicators",
)
"""Columns of a pick :func:`save_part` reads (``id`` or ``community_id``; ``score``,
``rank`` and ``top_indicators`` optional)."""


def save_part(
    store: Store,
    user: User,
    plan_name: str,
    chosen: pd.DataFrame,
    *,
    province: str | None = None,
    params: Mapping[str, Any] | None = None,
    file: str | None = None,
    locks: Mapping[str, str] | None = None,
) -> PartSaved:
    """Save a pick as one province's part of the national plan ``plan_name``.

    Parameters
    ----------
    store
        Open database.
    user
        A province account (its own province) or the centre (``province`` given).
    plan_name
        The national plan; made (empty) when it does not exist yet.
    chosen
        The pick: ``id`` (or ``community_id``), ``name``, ``county_code``, optional
        ``score`` and ``rank``. Rows outside the province are left out and counted.
    province
        The unit whose part this is (default: the province account's own).
    params
        Settings that produced the pick, kept in the audit entry.
    file
        Name of the file the pick came from, for messages.
    locks
        Community id → the reason it was locked in by hand: a newly added row keeps the
        reason and is marked manual (its history says why it is in the plan).

    Returns
    -------
    PartSaved

    Raises
    ------
    PermissionDenied
        Not the province's own account nor the centre.
    InputError
        Nothing of the pick is in the province (code ``empty``, saying how many rows were
        outside), a bad row inside it, or the part is waiting for the centre or accepted
        (code ``part_locked``).
    """
    user = acting_user(store, user)
    unit = _unit_of(user, province)
    auth.require_unit(user, unit, "save the province's part")
    name = (plan_name or "").strip()
    if not name:
        raise InputError.single("store.problem.plan_name", column="plan", code="missing")
    check_texts(name=(name, column_chars(PLANS.c.name)))
    frame = pd.DataFrame(chosen).copy()
    if "id" not in frame.columns and "community_id" in frame.columns:
        frame = frame.rename(columns={"community_id": "id"})
    county = frame["county_code"].astype(str).str.strip() if "county_code" in frame else None
    if county is not None:
        inside = county.map(lambda c: len(c) == 6 and c.isdigit() and regions.quota_unit(c) == unit)
        outside = int((~inside & county.str.fullmatch(r"\d{6}")).sum())
        frame = frame[inside | ~county.str.fullmatch(r"\d{6}")]
    else:
        outside = 0
    if frame.empty:
        raise InputError.single(
            "store.problem.part_none_inside",
            n=outside,
            unit=regions.unit_term(unit),
            file=file,
            column="county_code",
            code="empty",
        )
    rows = _clean_chosen(frame, unit, file)
    check_texts(**{f"lock {k}": (str(v), TEXT_MAX_CHARS) for k, v in (locks or {}).items()})
    now = utcnow()
    with store.write() as conn:
        plan_id, created = _national_plan(conn, user, name, now)
        # the unit's filing row, locked to the end as every filing move and recommendation
        # locks it: a submission made at the same moment waits for this save and submits
        # what it saved, or this save waits for it and finds the part frozen
        _ensure_filing(conn, plan_id, unit)
        filing = conn.execute(
            select(FILINGS)
            .where(FILINGS.c.plan_id == plan_id, FILINGS.c.unit == unit)
            .with_for_update()
        ).one()
        if filing.state in ("submitted", "accepted"):
            raise InputError.single(
                "store.problem.part_locked",
                unit=regions.unit_term(unit),
                state=Term(key=f"mgmt.filing.{filing.state}"),
                column="plan",
                code="part_locked",
            )
        current = {
            r.community_id: r
            for r in conn.execute(
                select(_PC).where(_PC.c.plan_id == plan_id, _PC.c.quota_unit == unit)
            ).all()
        }
        wanted = {r["community_id"] for r in rows}
        drop = [
            r
            for cid, r in current.items()
            if cid not in wanted and r.status in ("candidate", "recommended")
        ]
        new = [r for r in rows if r["community_id"] not in current]
        following = _next_plan_rules(conn, plan_id, unit, drop, new, current)
        for r in drop:
            conn.execute(delete(_PC).where(_PC.c.id == r.id))
            write_audit(
                conn,
                user=user.name,
                action="remove",
                entity="plan_communities",
                entity_id=r.id,
                before=row_dict(r),
                after=None,
                plan_id=plan_id,
                community_id=r.community_id,
                at=now,
            )
        # the part is the province's recommendation: its communities the centre's list held
        # as candidates are recommended too, as the ones it adds are; every one it keeps
        # takes this pick's score, rank and names, and its lock (reason, manual) when the
        # caller says which communities it locked
        given = {r["community_id"]: r for r in rows}
        kept = [
            (r, _refreshed(r, given[cid], locks))
            for cid, r in current.items()
            if cid in wanted and r.status in ("candidate", "recommended")
        ]
        kept = [(r, values) for r, values in kept if values]
        promote = [r for r, values in kept if "status" in values]
        for r, values in kept:
            conn.execute(
                update(_PC)
                .where(_PC.c.id == r.id, _PC.c.version == r.version)
                .values(**values, updated_by=user.name, updated_at=now, version=_PC.c.version + 1)
            )
        if kept:
            after = {
                r.id: r
                for r in conn.execute(select(_PC).where(_PC.c.id.in_([r.id for r, _ in kept])))
            }
            write_audits(
                conn,
                (
                    {
                        "user": user.name,
                        "action": "status" if "status" in values else "update",
                        "entity": "plan_communities",
                        "entity_id": r.id,
                        "before": row_dict(r),
                        "after": row_dict(after[r.id]),
                        "plan_id": plan_id,
                        "community_id": r.community_id,
                        "reason": after[r.id].reason,
                        "at": now,
                    }
                    for r, values in kept
                ),
            )
        if new:
            inserted = conn.execute(
                _PC.insert().returning(*_PC.c, sort_by_parameter_order=True),
                [
                    {
                        **r,
                        "plan_id": plan_id,
                        "status": "recommended",
                        "note": "",
                        "reason": str((locks or {}).get(r["community_id"], "")).strip()
                        or following,
                        "manual": r["community_id"] in (locks or {}),
                        "updated_by": user.name,
                        "updated_at": now,
                        "version": 1,
                    }
                    for r in new
                ],
            ).all()
            audit_added(conn, user, plan_id, inserted, now)
        write_audit(
            conn,
            user=user.name,
            action="save_part",
            entity="filings",
            entity_id=unit,
            before=None,
            after={
                "unit": unit,
                "communities": len(rows),
                "outside": outside,
                "params": _plain_json(dict(params or {})),
            },
            plan_id=plan_id,
            at=now,
        )
    return PartSaved(plan_id, unit, len(rows), len(new), len(drop), outside, len(promote), created)


def part_states(store: Store, plan_id: int) -> pd.DataFrame:
    """Every quota unit's part of a national plan with its state.

    Returns
    -------
    pandas.DataFrame
        One row per quota unit (every province of the action and the XPCC, in code order):
        ``unit``, ``state`` (one of :data:`PART_STATES`), ``reason`` (the centre's, for a
        returned or accepted part), ``communities``, ``recommended`` and ``filed`` (as
        :func:`geo.store.plans.filings` counts them), ``submitted_by``, ``submitted_at``,
        ``decided_by``, ``decided_at`` (naive UTC).
    """
    with store.read() as conn:
        filings = {
            r.unit: r
            for r in conn.execute(select(FILINGS).where(FILINGS.c.plan_id == int(plan_id))).all()
        }
        rows_of = pd.DataFrame(
            conn.execute(
                select(_PC.c.quota_unit, _PC.c.status).where(_PC.c.plan_id == int(plan_id))
            ).all(),
            columns=["unit", "status"],
        )
    counts = rows_of["unit"].value_counts()
    recommended = rows_of.loc[rows_of["status"] == "recommended", "unit"].value_counts()
    filed = rows_of.loc[rows_of["status"].isin(lifecycle.FILED_STATUSES), "unit"].value_counts()
    units = regions.quota_units()["unit"].tolist()
    units += [u for u in sorted({*filings, *counts.index}) if u not in units]
    rows = []
    for unit in units:
        f = filings.get(unit)
        n = int(counts.get(unit, 0))
        state = (
            "not_started" if f is None or (n == 0 and f.state == "open") else _FROM_FILING[f.state]
        )
        rows.append(
            {
                "unit": unit,
                "state": state,
                "reason": (f.reason if f is not None else "") or "",
                "communities": n,
                "recommended": int(recommended.get(unit, 0)),
                "filed": int(filed.get(unit, 0)),
                "submitted_by": f.submitted_by if f is not None else None,
                "submitted_at": f.submitted_at if f is not None else None,
                "decided_by": f.decided_by if f is not None else None,
                "decided_at": f.decided_at if f is not None else None,
            }
        )
    return pd.DataFrame(rows)
