"""What waits for an account in the shared plans: the filings the centre has to review and,
after the year of work, the communities to evaluate; a province's filing returned or not
yet submitted, its freed places in a next cycle to refill (and, once its filing is
accepted, its communities its counties have not launched); a county's filed communities not
yet launched, its launched ones gone quiet and those with no campus partner yet. Codes with
parameters (:class:`Task`); the account page renders them.

Read when the account page opens: a committee signed in sees at once that the centre
returned its filing and why, without opening each plan's filing tab."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from geo.core import localtime
from geo.plan.auth import User
from geo.plan.year_demo import DEMO_PLAN_NAME
from geo.store import plans
from geo.store.db import Store

TASK_CODES: tuple[str, ...] = (
    "to_review",
    "overdue",
    "to_evaluate",
    "to_next_cycle",
    "late",
    "returned",
    "to_submit",
    "to_refill",
    "to_recommend",
    "waiting",
    "to_launch",
    "to_record",
    "to_pair",
    "unlaunched",
)
"""Task codes, in the order an account reads them: what it must do first."""


@dataclass(frozen=True)
class Task:
    """One thing waiting for an account in one plan.

    Attributes
    ----------
    code
        One of :data:`TASK_CODES`: ``to_review`` (the centre: filings submitted),
        ``overdue`` (the centre, once the timeline's filing phase has ended and until the
        year of work is over: units holding communities of the plan whose filing is neither
        submitted nor accepted, ``units`` and ``due``, the phase's last day), ``late`` (a
        province in that case, ``due``),
        ``to_evaluate`` (the centre, once the year of work is over: launched communities
        not evaluated yet), ``to_next_cycle`` (the centre, every launched community
        evaluated and no next-cycle plan started from this one yet: ``n`` evaluated),
        ``returned`` (a province: its filing came back, ``reason``), ``to_submit`` (a
        province: communities recommended, the filing not submitted), ``to_refill`` (a
        province, in a next-cycle plan: its places not filled yet, freed by its exits or
        all of them when none was carried over; its recommendation waits for them), ``to_recommend``
        (a province: its part holds candidates only), ``waiting`` (a province: submitted,
        the centre has not decided), ``to_launch`` (a county: filed communities not yet
        launched, until the year of work is over), ``to_record`` (a county, while the year
        of work runs: launched communities with no activity recorded for
        :data:`geo.plan.progress.INACTIVE_DAYS` days or more since they were filed),
        ``to_pair`` (a county, while the year of work runs: launched communities with no
        campus agreement recorded as long), ``unlaunched`` (a province, its filing
        accepted, until the year of work is over: communities its counties have not
        launched yet).
        Once a plan's year of work is over only the centre's ``to_evaluate`` and
        ``to_next_cycle`` are left of it: its filings and launches are the next cycle's
        business.
    plan_id, plan
        The plan's id and saved name.
    params
        The counts and names the message needs: ``n`` always; ``units`` (quota-unit codes)
        for ``to_review`` and ``overdue``; ``due`` for ``overdue`` and ``late``; ``reason`` for
        ``returned``; ``days`` for ``to_record`` and ``to_pair``.
    """

    code: str
    plan_id: int
    plan: str
    params: dict[str, Any] = field(default_factory=dict)


def tasks(store: Store, user: User) -> list[Task]:
    """What waits for ``user`` in every plan but the simulated demo, newest plan first and,
    within a plan, in the order of :data:`TASK_CODES`.

    Parameters
    ----------
    store
        The database.
    user
        The account: the centre reviews, a province files its unit's part, a county
        launches its county's filed communities; a viewer has nothing to do.

    Returns
    -------
    list of Task
    """
    if user.role not in ("central", "province", "county"):
        return []
    listed = plans.list_plans(store)
    continued = {p.get("previous_plan") for p in listed["params"] if isinstance(p, dict)}
    listed = listed.loc[listed["name"] != DEMO_PLAN_NAME]
    out: list[Task] = []
    for plan_id, name, params in zip(
        listed["id"][::-1], listed["name"][::-1], listed["params"][::-1], strict=True
    ):
        pid, over = int(plan_id), _year_over(store, int(plan_id))
        found = _plan_tasks(store, user, pid, str(name), params or {}, over)
        if user.role == "central" and over:
            found += _year_end(store, pid, str(name), started=pid in continued)
        out += sorted(found, key=lambda task: TASK_CODES.index(task.code))
    return out


def _plan_tasks(
    store: Store, user: User, plan_id: int, name: str, params: dict[str, Any], over: bool
) -> list[Task]:
    """The plan's filing and launch tasks for ``user``; once its year of work is ``over``
    they are the next cycle's business, and only a county's idle check reads on."""
    if user.role == "county":
        comm = plans.communities(store, plan_id)
        filed = comm.loc[(comm["county_code"] == user.county_code) & (comm["status"] == "filed")]
        out = []
        if len(filed) and not over:
            out = [Task("to_launch", plan_id, name, {"n": len(filed)})]
        return out + _idle(store, user, plan_id, name)
    fil = plans.filings(store, plan_id)
    behind = _behind(store, plan_id, fil, over)
    if user.role == "central":
        waiting = fil.loc[fil["state"] == "submitted"]
        units = [] if over else [str(u) for u in waiting["unit"]]
        out = [Task("to_review", plan_id, name, {"n": len(units), "units": units})] if units else []
        if behind:
            units, due = behind
            out.append(
                Task("overdue", plan_id, name, {"n": len(units), "units": units, "due": due})
            )
        return out
    if over:
        return []
    late = (
        [Task("late", plan_id, name, {"n": 1, "due": behind[1]})]
        if behind and str(user.unit) in behind[0]
        else []
    )
    return late + _province_tasks(store, user, plan_id, name, params, fil)


def _behind(store: Store, plan_id: int, fil: Any, over: bool) -> tuple[list[str], str] | None:
    """The units late with their filing: the timeline's filing phase (``file``) over, the
    year of work not, and their filing neither submitted nor accepted while the plan holds
    communities of theirs; with the phase's last day. ``None`` when none is late, and for a
    plan made after its filing phase had ended."""
    if over:
        return None
    phases = {p.key: p for p in plans.plan_timeline(store, plan_id)}
    if "file" not in phases or localtime.today() <= phases["file"].end:
        return None
    made = localtime.to_local(plans.get_plan(store, plan_id)["created_at"])
    if made is not None and made.date() > phases["file"].end:
        return None  # made after its filing phase: no unit had the time (the centre resets it)
    held = plans.communities(store, plan_id)
    held = set(held.loc[held["status"] != "exited", "quota_unit"].astype(str))
    late = [
        str(u)
        for u, state in zip(fil["unit"], fil["state"], strict=True)
        if state in ("open", "returned") and str(u) in held
    ]
    return (late, phases["file"].end.isoformat()) if late else None


def _province_tasks(
    store: Store, user: User, plan_id: int, name: str, params: dict[str, Any], fil: Any
) -> list[Task]:
    """A province's filing tasks of a plan whose year of work runs on."""
    mine = fil.loc[fil["unit"] == user.unit]
    # a unit with nothing in the plan has no filing row yet: an open filing of none
    row: dict[str, Any] = (
        mine.iloc[0].to_dict() if len(mine) else {"state": "open", "recommended": 0, "reason": ""}
    )
    recommended = int(row["recommended"])
    if row["state"] == "returned":
        return [Task("returned", plan_id, name, {"n": recommended, "reason": str(row["reason"])})]
    if row["state"] == "submitted":
        return [Task("waiting", plan_id, name, {"n": recommended})]
    if row["state"] == "accepted":
        comm = plans.communities(store, plan_id)
        waiting = int(((comm["quota_unit"] == user.unit) & (comm["status"] == "filed")).sum())
        return [Task("unlaunched", plan_id, name, {"n": waiting})] if waiting else []
    if row["state"] != "open":
        return []
    if recommended:
        return [Task("to_submit", plan_id, name, {"n": recommended})]
    comm = plans.communities(store, plan_id)
    # a next cycle: its places freed (or none carried over, all of the unit's) to refill
    # first, then the recommendation; a unit with nothing in the plan yet has no filing row
    quota = (params.get("quotas") or {}) if params.get("previous_plan") is not None else {}
    free = int(quota.get(str(user.unit), 0)) - int((comm["quota_unit"] == user.unit).sum())
    if free > 0:
        return [Task("to_refill", plan_id, name, {"n": free})]
    candidates = int(((comm["quota_unit"] == user.unit) & (comm["status"] == "candidate")).sum())
    return [Task("to_recommend", plan_id, name, {"n": candidates})] if candidates else []


def _year_over(store: Store, plan_id: int) -> bool:
    """Whether the plan's year of work has ended (``False`` when its timeline has none)."""
    from geo.store import records

    year = records.implementation_year(store, plan_id)
    return year is not None and localtime.today() > year[1]


def _idle(store: Store, user: User, plan_id: int, name: str) -> list[Task]:
    """The county's launched communities with no activity, and those with no campus
    agreement, for the warnings' days, counted from the later of the year's start and their
    filing, while the year of work runs."""
    from geo.plan.progress import INACTIVE_DAYS
    from geo.store import records

    today = localtime.today()
    year = records.implementation_year(store, plan_id)
    if year is None or not year[0] <= today <= year[1]:
        return []
    areas = records.plan_areas(store, plan_id, [str(user.unit)])
    areas = areas.loc[
        (areas["county_code"] == user.county_code) & areas["status"].isin(RUNNING_STATUSES)
    ]
    since = {
        c: max(year[0], filed or year[0])
        for c, filed in zip(areas["community_id"], areas["filed_on"], strict=True)
    }
    cutoff = today - dt.timedelta(days=INACTIVE_DAYS)
    newest = records.newest_activities(store, plan_id, areas["community_id"])
    # work recorded before the filing: idle since the filing, not since that work
    idle = [c for c, start in since.items() if max(newest.get(c, start), start) <= cutoff]
    agreed = set(records.campus_partners(store, plan_id)["community_id"])
    alone = [c for c, start in since.items() if c not in agreed and start <= cutoff]
    days = {"days": INACTIVE_DAYS}
    return [
        Task(code, plan_id, name, {"n": len(ids), **days})
        for code, ids in (("to_record", idle), ("to_pair", alone))
        if ids
    ]


def _year_end(store: Store, plan_id: int, name: str, started: bool) -> list[Task]:
    """The centre's tasks of a plan whose year of work is over: its launched communities
    not yet evaluated, or, every one evaluated, the next cycle to start (until a plan is
    ``started`` from this one)."""
    status = plans.communities(store, plan_id)["status"]
    due = int((status == "launched").sum())
    if due:
        return [Task("to_evaluate", plan_id, name, {"n": due})]
    done = int(status.isin(["evaluated", "continued"]).sum())
    return [Task("to_next_cycle", plan_id, name, {"n": done})] if done and not started else []


RUNNING_STATUSES: tuple[str, ...] = ("launched", "evaluated", "continued")
"""The statuses of a community in the action whose county records its work."""


__all__ = ["TASK_CODES", "Task", "tasks"]
