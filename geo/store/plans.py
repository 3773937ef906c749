"""Plans: named versions of a national or provincial selection, and their communities.

A plan keeps the parameters that produced it (weights, quotas, constraints — any JSON the
selection hands over), its timeline (:mod:`geo.plan.lifecycle`), and one row per chosen
community with what the lifecycle needs: community id, name, province and county codes,
quota unit (province code or ``"XPCC"``), score and rank. Every community starts as
``candidate``; each quota unit present gets an ``open`` filing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, select

from geo.core import regions
from geo.core.errors import InputError, Problem, Term
from geo.plan import auth, lifecycle
from geo.plan.auth import User
from geo.store.db import (
    INTEGER_MAX,
    TEXT_MAX_CHARS,
    StaleRow,
    Store,
    audited_update,
    check_texts,
    column_chars,
    row_dict,
    text_problem,
    utcnow,
    write_audit,
)
from geo.store.models import FILINGS, PLAN_COMMUNITIES, PLANS
from geo.store.users import acting_user

_PC = PLAN_COMMUNITIES

CHOSEN_COLUMNS: tuple[str, ...] = ("id", "name", "county_code")
"""Columns a chosen list must have (``community_id`` is accepted for ``id``); optional
``province_code``, ``score``, ``rank`` — or ``rank_in_unit``, a selection's rank within its
quota unit, which is then the plan's ``rank`` in place of any national ``rank`` — and
``row``, each line's row in the file it was read from (for problems)."""


def _plain_json(value: Any) -> Any:
    """``value`` made of JSON types only (numpy scalars, dates and frames converted)."""

    def default(obj: Any) -> Any:
        if hasattr(obj, "item"):
            return obj.item()
        if isinstance(obj, dt.date | dt.datetime):
            return obj.isoformat()
        if isinstance(obj, pd.DataFrame):
            return json.loads(obj.to_json(orient="records", force_ascii=False))
        if isinstance(obj, set | frozenset | tuple):
            return list(obj)
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return dataclasses.asdict(obj)
        raise TypeError(type(obj).__name__)

    try:
        return json.loads(json.dumps(value, default=default, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise InputError.single(
            "store.problem.params_json", column="params", detail=str(exc)
        ) from exc


_TOP_KEYS = re.compile(r"[A-Za-z0-9_]+(,[A-Za-z0-9_]+)*")
"""What ``plan_communities.top_indicators`` holds: indicator keys joined by commas."""


def _top_indicators(frame: pd.DataFrame) -> list[str]:
    """Per row of a pick, the keys of the indicators its score owed most to, joined by
    commas (``plan_communities.top_indicators``): from the score's ``contrib_<key>``
    columns (:func:`geo.analysis.scoring.top_contributions`), else as a saved plan's rows
    give them (a next cycle's carried-over communities) or a list names them (``youthmap
    select --out``: 青年人口（14-35岁）、省会或副省级城市), else ``""`` (not known)."""
    from geo.analysis.scoring import top_contributions

    return [",".join(keys) for keys in top_contributions(frame)]


def _clean_chosen(
    chosen: pd.DataFrame, plan_province: str | None, file: str | None, allow_empty: bool = False
) -> list[dict]:
    frame = pd.DataFrame(chosen).copy()
    if "id" not in frame.columns and "community_id" in frame.columns:
        frame = frame.rename(columns={"community_id": "id"})
    if "rank_in_unit" in frame.columns:  # a selection's pick: its rank within the unit
        frame = frame.drop(columns="rank", errors="ignore").rename(columns={"rank_in_unit": "rank"})
    missing = [c for c in CHOSEN_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            [
                Problem(
                    "store.problem.column_missing",
                    file=file,
                    column=c,
                    code="missing",
                    params={"column": c},
                )
                for c in missing
            ]
        )
    rows: list[dict] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    tops = _top_indicators(frame)
    # a list read from a file says each line's row as the user sees it (header, title lines
    # and rows left out counted); else the lines are rows 2, 3 … under a header
    at = list(range(2, len(frame) + 2))
    if "row" in frame.columns:
        given = pd.to_numeric(frame["row"], errors="coerce").tolist()
        at = [int(r) if r == r else i for r, i in zip(given, at, strict=True)]  # NaN: its place
    for i, rec, top in zip(at, frame.to_dict("records"), tops, strict=True):
        cid = str(rec.get("id") or "").strip()
        county = str(rec.get("county_code") or "").strip()
        if county.endswith(".0"):
            county = county[:-2]
        if not cid:
            problems.append(Problem("store.problem.empty_id", file=file, row=i, column="id"))
            continue
        if cid in seen:
            problems.append(
                Problem(
                    "store.problem.listed_twice", file=file, row=i, column="id", params={"id": cid}
                )
            )
            continue
        seen.add(cid)
        if len(county) != 6 or not county.isdigit():
            problems.append(
                Problem(
                    "store.problem.county_code",
                    file=file,
                    row=i,
                    column="county_code",
                    params={"county": county},
                )
            )
            continue
        unit = regions.quota_unit(county)
        if plan_province is not None and unit != plan_province:
            problems.append(
                Problem(
                    "store.problem.outside_plan",
                    file=file,
                    row=i,
                    column="county_code",
                    params={
                        "id": cid,
                        "unit": regions.unit_term(unit),
                        "province": regions.unit_term(plan_province),
                    },
                )
            )
            continue
        name = str(rec.get("name") or "").strip() or cid
        score = pd.to_numeric(pd.Series([rec.get("score")]), errors="coerce").iloc[0]
        rank = pd.to_numeric(pd.Series([rec.get("rank")]), errors="coerce").iloc[0]
        bad = [
            text_problem(cid, "id", column_chars(_PC.c.community_id), file=file, row=i),
            text_problem(name, "name", column_chars(_PC.c.name), file=file, row=i),
        ]
        if not pd.isna(score) and not math.isfinite(score):
            bad.append(
                Problem("store.problem.score_finite", file, i, "score", params={"value": score})
            )
        if top and not (
            len(top) <= column_chars(_PC.c.top_indicators) and _TOP_KEYS.fullmatch(top)
        ):
            bad.append(
                Problem("store.problem.top_indicators", file, i, "top_indicators", code="format")
            )
        if not pd.isna(rank) and not (float(rank).is_integer() and 0 <= rank <= INTEGER_MAX):
            bad.append(
                Problem(
                    "store.problem.rank",
                    file,
                    i,
                    "rank",
                    params={"value": f"{rank:g}", "max": INTEGER_MAX},
                )
            )
        if any(bad):
            problems.extend(p for p in bad if p)
            continue
        rows.append(
            {
                "community_id": cid,
                "name": name,
                "province_code": county[:2],
                "county_code": county,
                "quota_unit": unit,
                "score": None if pd.isna(score) else float(score),
                "rank": None if pd.isna(rank) else int(rank),
                "top_indicators": top,
            }
        )
    if problems:
        raise InputError(problems)
    if not rows and not allow_empty:
        raise InputError.single("store.problem.chosen_empty", file=file, code="empty")
    return rows


def claim_successor(conn: Connection, previous: int, plan_id: int, now: dt.datetime) -> None:
    """Inside the transaction saving plan ``plan_id`` as the next cycle of plan ``previous``:
    make sure no other plan continues it, else :class:`InputError` (nothing is saved).

    The previous plan's row is written first (its ``updated_at``), so a second start made
    at the same moment waits here for the first to commit and then finds its plan: two
    centre sessions clicking "start" together would otherwise save two next plans, each
    carrying the same communities.
    """
    conn.execute(PLANS.update().where(PLANS.c.id == int(previous)).values(updated_at=now))
    rows = conn.execute(select(PLANS.c.name, PLANS.c.params).where(PLANS.c.id != int(plan_id)))
    for name, params in rows:
        if isinstance(params, dict) and params.get("previous_plan") == int(previous):
            raise InputError.single(
                "store.problem.next_exists", column="name", code="exists", plan=name
            )


def create_plan(
    store: Store,
    user: User,
    name: str,
    chosen: pd.DataFrame,
    *,
    params: Mapping[str, Any] | None = None,
    province_code: str | None = None,
    timeline: Sequence[Mapping[str, Any]] | None = None,
    file: str | None = None,
    allow_empty: bool = False,
    then: Callable[[Connection, int, dt.datetime], object] | None = None,
    reasons: Mapping[str, str] | None = None,
) -> int:
    """Keep a selection as a named plan.

    Parameters
    ----------
    store
        Open database.
    user
        Acting user: central for a national plan, the province itself for a provincial one.
    name
        Unique plan name, e.g. ``"2021 全国第一批"``.
    chosen
        The chosen list: ``id`` (or ``community_id``), ``name``, ``county_code`` and
        optional ``score``, ``rank`` (extra columns are ignored).
    params
        Weights, quotas and constraints that produced the selection (JSON-serialisable).
    province_code
        ``None`` for a national plan, else the unit of a provincial plan.
    timeline
        Phases (see :func:`geo.plan.lifecycle.timeline_from_json`); default the first
        cycle's calendar in the year the name gives, else this year
        (:func:`geo.plan.lifecycle.cycle_timeline`).
    file
        Name of the file ``chosen`` came from, for messages.
    allow_empty
        Accept an empty ``chosen`` (the next cycle when every community exited: its places
        are all refilled afterwards).
    reasons
        ``{community id: reason}`` kept with those communities (the app's own codes, such as
        a next cycle's carried-over and refilled communities; none typed by a user).
    then
        Further writes of the same transaction, called with the connection, the new plan's
        id and the time of the change: they commit or roll back with the plan (the next
        cycle's carried-over records, :func:`geo.plan.next_cycle.start_next_cycle`).

    Returns
    -------
    int
        The new plan's id.

    Raises
    ------
    PermissionDenied, InputError
    """
    user = auth.require_plan_write(acting_user(store, user), province_code, "create a plan")
    name = (name or "").strip()
    if not name:
        raise InputError.single("store.problem.plan_name", column="name", code="missing")
    check_texts(name=(name, column_chars(PLANS.c.name)))
    phases = (
        lifecycle.cycle_timeline(name, today())
        if timeline is None
        else lifecycle.timeline_from_json(timeline)
    )
    rows = _clean_chosen(chosen, province_code, file, allow_empty)
    now = utcnow()
    with store.write() as conn:
        if conn.execute(select(PLANS.c.id).where(PLANS.c.name == name)).first():
            raise InputError.single(
                "store.problem.plan_exists", column="name", code="exists", name=name
            )
        plan = conn.execute(
            PLANS.insert()
            .values(
                name=name,
                province_code=province_code,
                params=_plain_json(dict(params or {})),
                timeline=lifecycle.timeline_to_json(phases),
                created_by=user.name,
                created_at=now,
                updated_at=now,
                version=1,
            )
            .returning(*PLANS.c)
        ).first()
        plan_id = int(plan.id)
        common = {
            "plan_id": plan_id,
            "status": "candidate",
            "note": "",
            "reason": "",
            "manual": False,
            "updated_by": user.name,
            "updated_at": now,
            "version": 1,
        }
        inserted = (
            conn.execute(
                PLAN_COMMUNITIES.insert().returning(
                    *PLAN_COMMUNITIES.c, sort_by_parameter_order=True
                ),
                [
                    {**common, **r, "reason": (reasons or {}).get(r["community_id"], "")}
                    for r in rows
                ],
            ).all()
            if rows
            else []
        )
        units = sorted({r["quota_unit"] for r in rows})
        if units:
            conn.execute(
                FILINGS.insert(),
                [
                    {"plan_id": plan_id, "unit": u, "state": "open", "reason": "", "version": 1}
                    for u in units
                ],
            )
        write_audit(
            conn,
            user=user.name,
            action="create",
            entity="plans",
            entity_id=plan_id,
            before=None,
            after={**row_dict(plan), "communities": len(rows)},
            plan_id=plan_id,
            at=now,
        )
        audit_added(conn, user, plan_id, inserted, now)
        if then is not None:
            then(conn, plan_id, now)
    return plan_id


def audit_added(
    conn: Any, user: User, plan_id: int, inserted: Iterable[Any], now: dt.datetime
) -> None:
    """One ``add`` audit entry per plan community row just inserted (``RETURNING`` rows)."""
    for row in inserted:
        write_audit(
            conn,
            user=user.name,
            action="add",
            entity="plan_communities",
            entity_id=row.id,
            before=None,
            after=row_dict(row),
            plan_id=plan_id,
            community_id=row.community_id,
            reason=row.reason or "",  # a community locked in by hand: why it is in the plan
            at=now,
        )


def add_community(
    store: Store, user: User, plan_id: int, community: Mapping[str, Any], reason: str
) -> dict[str, Any]:
    """Add one community to a plan by hand (a manual change; the reason is kept).

    The acting user must be allowed to write the community's province; it starts as
    ``candidate`` with ``manual`` set (:func:`add_communities` of one).

    Raises
    ------
    InputError
        Missing reason, bad fields, or the community is already in the plan.
    PermissionDenied
    """
    return add_communities(store, user, plan_id, [community], reason)[0]


def add_communities(
    store: Store,
    user: User,
    plan_id: int,
    communities: Sequence[Mapping[str, Any]],
    reason: str,
    places: Mapping[str, int] | None = None,
) -> list[dict[str, Any]]:
    """Add communities to a plan by hand, in one transaction: all of them or none.

    Parameters
    ----------
    communities
        ``id`` (or ``community_id``), ``name``, ``county_code``, optional ``score``, ``rank``.
    reason
        Kept with each (a manual change; the app's own code for a next cycle's refill).
    places
        The most communities each quota unit may hold in the plan, its exited ones aside (a
        next plan's quotas; a unit not in it has none): an addition taking a unit over is
        refused. The unit's filing
        row is locked first, so two additions made at the same moment (two accounts of one
        province refilling its last place) are counted one after the other.

    Raises
    ------
    InputError
        Missing reason, bad fields, a community already in the plan, a unit's places full,
        or a community that left in this cycle or an earlier one put back into a next plan
        (code ``exited_again``, :func:`exited_along`).
    PermissionDenied
    """
    if not (reason or "").strip():
        raise InputError.single(
            "store.problem.addition_reason", column="reason", code="reason_required"
        )
    check_texts(reason=(reason, TEXT_MAX_CHARS))
    user = acting_user(store, user)
    plan = get_plan(store, plan_id)
    rows = _clean_chosen(pd.DataFrame([dict(c) for c in communities]), plan["province_code"], None)
    for row in rows:
        auth.require_community_write(user, row["quota_unit"], None, "add a community")
    if user.role == "county":
        raise auth.PermissionDenied(
            f"{user.label()} may not add communities to a plan", who=user.label()
        )
    now = utcnow()
    added = []
    with store.write() as conn:
        back = sorted({row["community_id"] for row in rows} & exited_along(conn, plan_id))
        if back:
            raise refused_ids("exited_again", back)
        for unit in sorted({row["quota_unit"] for row in rows}):
            _ensure_filing(conn, plan_id, unit)
            conn.execute(  # held to the end: a concurrent addition to the unit waits here
                select(FILINGS.c.id)
                .where(FILINGS.c.plan_id == plan_id, FILINGS.c.unit == unit)
                .with_for_update()
            ).first()
        for row in rows:
            exists = conn.execute(
                select(PLAN_COMMUNITIES.c.id).where(
                    PLAN_COMMUNITIES.c.plan_id == plan_id,
                    PLAN_COMMUNITIES.c.community_id == row["community_id"],
                )
            ).first()
            if exists:
                raise InputError.single(
                    "store.problem.already_in_plan",
                    column="id",
                    code="exists",
                    id=row["community_id"],
                )
            inserted = conn.execute(
                PLAN_COMMUNITIES.insert()
                .values(
                    plan_id=plan_id,
                    status="candidate",
                    note="",
                    reason=reason.strip(),
                    manual=True,
                    updated_by=user.name,
                    updated_at=now,
                    version=1,
                    **row,
                )
                .returning(*PLAN_COMMUNITIES.c)
            ).first()
            audit_added(conn, user, plan_id, [inserted], now)
            added.append(row_dict(inserted))
        for unit in [] if places is None else sorted({row["quota_unit"] for row in rows}):
            limit = int(places.get(unit, 0))  # a unit given no places has none
            held = conn.execute(
                select(func.count(PLAN_COMMUNITIES.c.id)).where(
                    PLAN_COMMUNITIES.c.plan_id == plan_id,
                    PLAN_COMMUNITIES.c.quota_unit == unit,
                    PLAN_COMMUNITIES.c.status != "exited",
                )
            ).scalar_one()
            if held > limit:
                raise places_full(unit, limit)
    return added


def exited_along(conn: Connection, plan_id: int) -> set[str]:
    """The communities that left the plans next plan ``plan_id`` continues, back to the
    first cycle (each plan names the one before it, ``params["previous_plan"]``): those
    exited (已退出) in an earlier plan and the exits each next plan was started with
    (``params["exited"]``, the evaluation's, recorded in the statuses or not yet). Empty for
    a first cycle's plan.

    The store refuses them in a next plan whatever the way in (:func:`add_communities`, a
    province's part in :mod:`geo.store.parts`); the refill leaves them out of its pick and
    says why (:func:`geo.plan.next_cycle.setup`).
    """
    gone: set[str] = set()
    seen = {int(plan_id)}
    params = conn.execute(select(PLANS.c.params).where(PLANS.c.id == plan_id)).scalar_one_or_none()
    while isinstance(params, dict) and params.get("previous_plan") is not None:
        gone |= {str(c) for c in params.get("exited") or ()}
        earlier = int(params["previous_plan"])
        if earlier in seen:
            break
        seen.add(earlier)
        gone |= {
            str(c)
            for c in conn.execute(
                select(_PC.c.community_id).where(_PC.c.plan_id == earlier, _PC.c.status == "exited")
            ).scalars()
        }
        params = conn.execute(
            select(PLANS.c.params).where(PLANS.c.id == earlier)
        ).scalar_one_or_none()
    return gone


def refused_ids(code: str, ids: Iterable[str]) -> InputError:
    """A next plan's refusal ``store.problem.<code>`` of the communities ``ids``: how many,
    and the first five by id (``exited_again``: put back after leaving in this cycle or an
    earlier one, :func:`exited_along`; ``carried_dropped``: a carried-over community left
    out of a province's part)."""
    ids = sorted(ids)
    return InputError.single(
        f"store.problem.{code}", n=len(ids), ids=", ".join(ids[:5]), column="id", code=code
    )


def places_full(unit: str, places: int) -> InputError:
    """The refusal of an addition taking quota ``unit`` past its ``places`` (a next plan's
    refill, :func:`add_communities`, or a part saved into it, :mod:`geo.store.parts`)."""
    return InputError.single(
        "store.problem.places_full" if places else "store.problem.no_places",
        column="id",
        code="places_full",
        unit=regions.unit_term(unit),
        quota=int(places),
    )


def _ensure_filing(conn: Connection, plan_id: int, unit: str) -> None:
    found = conn.execute(
        select(FILINGS.c.id).where(FILINGS.c.plan_id == plan_id, FILINGS.c.unit == unit)
    ).first()
    if found is None:
        conn.execute(
            FILINGS.insert().values(plan_id=plan_id, unit=unit, state="open", reason="", version=1)
        )


def list_plans(store: Store) -> pd.DataFrame:
    """Every plan: id, name, province_code, created_by, created_at, version, communities."""
    with store.read() as conn:
        plans = pd.DataFrame(
            [row_dict(r) for r in conn.execute(select(PLANS).order_by(PLANS.c.id)).all()],
            columns=[c.name for c in PLANS.c],
        )
        counts = dict(
            conn.execute(
                select(PLAN_COMMUNITIES.c.plan_id, func.count(PLAN_COMMUNITIES.c.id)).group_by(
                    PLAN_COMMUNITIES.c.plan_id
                )
            ).all()
        )
    plans["communities"] = plans["id"].map(counts).fillna(0).astype(int)
    return plans


def get_plan(store: Store, plan_id: int) -> dict[str, Any]:
    """One plan as a dict (``params`` and ``timeline`` parsed).

    Raises
    ------
    InputError
        No such plan.
    """
    with store.read() as conn:
        row = conn.execute(select(PLANS).where(PLANS.c.id == int(plan_id))).first()
    if row is None:
        raise InputError.single(
            "store.problem.no_plan", column="plan", code="unknown", plan=plan_id
        )
    return row_dict(row)


def plan_timeline(store: Store, plan_id: int) -> tuple[lifecycle.Phase, ...]:
    """The plan's timeline as phases."""
    return lifecycle.timeline_from_json(get_plan(store, plan_id)["timeline"])


def set_timeline(
    store: Store,
    user: User,
    plan_id: int,
    phases: Sequence[Mapping[str, Any]],
    expected_version: int,
) -> dict[str, Any]:
    """Replace a plan's timeline (compare-and-set on the plan's version).

    Raises
    ------
    PermissionDenied, InputError, geo.store.db.StaleRow
    """
    user = acting_user(store, user)
    parsed = lifecycle.timeline_from_json(phases)
    plan = get_plan(store, plan_id)
    auth.require_plan_write(user, plan["province_code"], "change the plan's timeline")
    with store.write() as conn:
        _, after = audited_update(
            conn,
            PLANS,
            PLANS.c.id == int(plan_id),
            expected_version,
            {"timeline": lifecycle.timeline_to_json(parsed), "updated_at": utcnow()},
            entity="plans",
            key=plan["name"],
            user=user.name,
            action="timeline",
            plan_id=int(plan_id),
        )
    return after


def delete_plan(store: Store, user: User, plan_id: int, expected_version: int) -> str:
    """Delete a plan nobody has worked on yet: a name mistyped when a part was saved makes
    a national plan of its own, which then stays in every plan box and to-do list, and as
    the newest national plan becomes the one each page and province's part is offered.

    Only the centre deletes, and only a plan no unit has submitted or had accepted, whose
    communities are candidates or recommended, with no record, evaluation or next plan, and
    that continues no plan (a next plan carries records of the plan before it). The plan,
    its communities and its filings go in one transaction; the audit keeps one ``delete``
    entry with what the plan held.

    Returns
    -------
    str
        The deleted plan's name.

    Raises
    ------
    PermissionDenied
        Not the centre.
    InputError
        Code ``in_use``: the plan has been worked on (its ``reason`` says how).
    geo.store.db.StaleRow
        The plan changed since ``expected_version`` was read.
    """
    from geo.store.models import EVALUATIONS, RECORD_TABLES

    user = acting_user(store, user)
    if user.role != "central":
        raise auth.PermissionDenied(f"{user.label()} may not delete a plan", who=user.label())
    plan = get_plan(store, plan_id)
    pid = int(plan_id)
    with store.write() as conn:
        row = conn.execute(select(PLANS).where(PLANS.c.id == pid).with_for_update()).first()
        if row is None or int(row.version) != int(expected_version):
            now = None if row is None else int(row.version)
            raise StaleRow("plans", plan["name"], int(expected_version), now, [], [])
        statuses = set(
            conn.execute(select(_PC.c.status).where(_PC.c.plan_id == pid).distinct()).scalars()
        )
        states = set(
            conn.execute(select(FILINGS.c.state).where(FILINGS.c.plan_id == pid)).scalars()
        )
        params = row.params if isinstance(row.params, dict) else {}
        checks = (  # the first that holds says why the plan stays
            ("filed", lambda: states & {"submitted", "accepted"} or statuses - _UNFILED),
            (
                "records",
                lambda: any(_holds(conn, t, pid) for t in (EVALUATIONS, *RECORD_TABLES.values())),
            ),
            ("continued", lambda: _continued(conn, pid)),
            ("continues", lambda: params.get("previous_plan") is not None),
        )
        why = next((reason for reason, holds in checks if holds()), None)
        if why is not None:
            raise InputError.single(
                "store.problem.plan_in_use",
                column="plan",
                code="in_use",
                plan=plan["name"],
                reason=Term(key=f"store.plan_in_use.{why}"),
            )
        n = conn.execute(select(func.count(_PC.c.id)).where(_PC.c.plan_id == pid)).scalar_one()
        conn.execute(_PC.delete().where(_PC.c.plan_id == pid))
        conn.execute(FILINGS.delete().where(FILINGS.c.plan_id == pid))
        conn.execute(PLANS.delete().where(PLANS.c.id == pid))
        write_audit(
            conn,
            user=user.name,
            action="delete",
            entity="plans",
            entity_id=plan["name"],
            before={"name": plan["name"], "communities": int(n), "created_by": row.created_by},
            after=None,
            plan_id=pid,
            at=utcnow(),
        )
    return str(plan["name"])


_UNFILED = frozenset({"candidate", "recommended"})
"""Statuses a plan's communities hold before any unit has filed or started them."""


def _holds(conn: Connection, table: Any, plan_id: int) -> bool:
    """Whether ``table`` has a row of plan ``plan_id``."""
    return (
        conn.execute(select(table.c.id).where(table.c.plan_id == plan_id).limit(1)).first()
        is not None
    )


def _continued(conn: Connection, plan_id: int) -> bool:
    """Whether a next plan names plan ``plan_id`` as the one it continues."""
    return any(
        isinstance(p, dict) and p.get("previous_plan") == plan_id
        for p in conn.execute(select(PLANS.c.params)).scalars()
    )


def communities(store: Store, plan_id: int) -> pd.DataFrame:
    """The plan's communities with status, note, last reason, who and when, and version."""
    with store.read() as conn:
        rows = conn.execute(
            select(PLAN_COMMUNITIES)
            .where(PLAN_COMMUNITIES.c.plan_id == int(plan_id))
            .order_by(
                PLAN_COMMUNITIES.c.quota_unit,
                PLAN_COMMUNITIES.c.rank,
                PLAN_COMMUNITIES.c.community_id,
            )
        ).all()
    frame = pd.DataFrame(
        [dict(r._mapping) for r in rows], columns=[c.name for c in PLAN_COMMUNITIES.c]
    )
    frame["city_code"] = frame["county_code"].str[:4]
    frame["region"] = [
        "west" if u == regions.XPCC_KEY else regions.region_of(u) for u in frame["quota_unit"]
    ]
    return frame


def pilot_ids(store: Store, plan_id: int) -> list[str]:
    """Ids of the plan's communities still in the action: every status but ``exited``.

    What the pages and ``youthmap map --plan`` show, pair and check for coverage when no
    list was picked in the session or given as a file."""
    return list(pilot_scores(store, plan_id).index)


def pilot_scores(store: Store, plan_id: int) -> pd.Series:
    """The score each of the plan's communities still in the action (:func:`pilot_ids`)
    was chosen with, by community id; NaN for one chosen without a score (a next plan's
    carried communities). A saved plan's list read from the layer, which has no score,
    takes these: the deck's mean score by province is the plan's. In :func:`pilot_ids`'
    order (by quota unit, then rank)."""
    with store.read() as conn:
        rows = conn.execute(
            select(PLAN_COMMUNITIES.c.community_id, PLAN_COMMUNITIES.c.score)
            .where(PLAN_COMMUNITIES.c.plan_id == int(plan_id))
            .where(PLAN_COMMUNITIES.c.status != "exited")
            .order_by(PLAN_COMMUNITIES.c.quota_unit, PLAN_COMMUNITIES.c.rank)
        ).all()
    return pd.Series(
        [math.nan if r[1] is None else float(r[1]) for r in rows],
        index=pd.Index([str(r[0]) for r in rows], name="community_id"),
        name="score",
        dtype=float,
    )


def community(store: Store, plan_id: int, community_id: str) -> dict[str, Any]:
    """One community of a plan as a dict; :class:`InputError` when it is not in the plan."""
    with store.read() as conn:
        row = conn.execute(
            select(PLAN_COMMUNITIES).where(
                PLAN_COMMUNITIES.c.plan_id == int(plan_id),
                PLAN_COMMUNITIES.c.community_id == str(community_id),
            )
        ).first()
    if row is None:
        raise InputError.single(
            "store.problem.not_in_plan", column="id", code="unknown", id=community_id, plan=plan_id
        )
    return dict(row._mapping)


def filings(store: Store, plan_id: int) -> pd.DataFrame:
    """The plan's filings, one row per quota unit, with counts of recommended and filed
    (accepted by the centre, whatever their status since)."""
    with store.read() as conn:
        rows = conn.execute(
            select(FILINGS).where(FILINGS.c.plan_id == int(plan_id)).order_by(FILINGS.c.unit)
        ).all()
    frame = pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in FILINGS.c])
    comm = communities(store, plan_id)
    for column, statuses in (
        ("recommended", ("recommended",)),
        ("filed", lifecycle.FILED_STATUSES),  # accepted, whatever their status since
    ):
        counts = comm.loc[comm["status"].isin(statuses)].groupby("quota_unit").size()
        frame[column] = frame["unit"].map(counts).fillna(0).astype(int)
    return frame


def today() -> dt.date:
    """Today's date in the readers' zone (the timeline's clock, :mod:`geo.core.localtime`)."""
    from geo.core import localtime

    return localtime.today()
