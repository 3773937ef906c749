"""A simulated year of records for the demo: clearly labelled, deterministic from a seed.

The shipped dataset has no real work records, so the demo makes them: the seed-2021
national pick (:func:`default_pick`: the default scoring, 1,000 communities apportioned by
urban population, the default constraints) and, for it, a year of activities, people,
agreements and Youth Home states (:func:`simulate_year`) between
:data:`YEAR_START` and :data:`YEAR_END`. Every community gets an activity rate of its own
(a few a week on average), about :data:`INACTIVE_SHARE` of them stop after a few months,
about :data:`CAMPUS_NEVER_SHARE` of the pairings have a campus that never comes, and about
a tenth of the Youth Homes are not in use yet — so every warning of the progress page has
something to show. The records are stored with ``simulated = True`` and every page and
report that shows them says so.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from geo.plan import lifecycle
from geo.plan.records import TASK_AREAS

DEMO_SEED = 2021
"""Seed of the shipped simulated year (the same as the simulated layers)."""
DEMO_PLAN_NAME = "2021 全国第一批（模拟）"
"""Name of the demo plan."""
DEMO_TOTAL = 1_000
"""Communities in the demo's national pick."""
YEAR_START = dt.date(2021, 5, 1)
YEAR_END = dt.date(2022, 4, 30)
"""The first cycle's implementation year."""
MEAN_ACTIVITIES_PER_WEEK = 2.5
"""Average activities a week of an active community."""
INACTIVE_SHARE = 0.06
"""Share of communities that stop recording activities after a few months."""
CAMPUS_NEVER_SHARE = 0.08
"""Share of pairings whose campus never comes."""
HOME_NOT_IN_USE_SHARE = 0.10
"""Share of Youth Homes not yet in use at the end of the year."""
DEMO_ENV = "YOUTHMAP_DEMO_YEAR"
"""Set to ``0`` to keep ``youthmap serve`` from making the demo year on a first run."""

LAUNCH_REASON = "simulated:launched"
"""The reason the demo's launches are saved with: a code, named in the reader's language where
a table shows it (:func:`geo.export.reports.reason_text`), so an English page does not show
Chinese text the user never typed."""

_TITLES = {
    "after_school": ("四点半课堂作业辅导", "四点半课堂阅读活动", "四点半课堂科学小实验"),
    "elderly_digital": ("智慧助老手机课堂", "帮老人使用健康码", "智能设备一对一教学"),
    "environment": ("垃圾分类宣传", "美丽社区清洁行动", "旧物回收日"),
    "youth_care": ("弱势青少年一对一帮扶", "困境儿童多对一陪伴", "青少年心理关爱"),
}


def default_candidates() -> pd.DataFrame:
    """Every community of the embedded dataset scored with the default settings (the
    candidates of the first pick and of the next cycle's refill)."""
    from geo import dataset
    from geo.analysis import indicators, scoring

    layers = dataset.load_layers()
    frame = indicators.compute(
        layers.communities,
        layers.youth_homes,
        layers.campuses,
        layers.resident_units,
        dataset.load_census(),
    )
    return scoring.candidates(frame, scoring.score(frame))


def default_pick(total: int = DEMO_TOTAL) -> pd.DataFrame:
    """The seed-2021 national pick from the embedded dataset with the default settings.

    Returns
    -------
    pandas.DataFrame
        The chosen communities (``id``, ``name``, ``county_code``, ``score``, ``rank``,
        ``quota_unit``, ``lon``, ``lat`` and the scoring's columns).
    """
    from geo.analysis import quota, selection

    cands = default_candidates()
    table = quota.national_quotas(quota.unit_bases(cands), total, "urban_population")
    quotas = dict(zip(table["unit"], table["quota"], strict=True))
    return selection.select(cands, quotas, selection.Constraints()).chosen


def simulate_year(
    communities: pd.DataFrame,
    campus_ids: pd.Series | None = None,
    unit_ids: pd.Series | None = None,
    *,
    seed: int = DEMO_SEED,
    start: dt.date = YEAR_START,
    end: dt.date = YEAR_END,
) -> dict[str, pd.DataFrame]:
    """A deterministic simulated year of records for ``communities``.

    Parameters
    ----------
    communities
        ``id`` (or ``community_id``) of each community.
    campus_ids, unit_ids
        The paired campus and a resident unit of each community (aligned with
        ``communities``); default made-up ids ``CAMPUS-<n>`` / ``UNIT-<n>``. A community
        whose campus is ``""`` (none paired) gets no campus agreement and no visit.
    seed
        Random seed: the same seed gives the same records.
    start, end
        First and last day of the year.

    Returns
    -------
    dict
        ``{"activities", "people", "agreements", "homes"}`` frames with the fields of
        :data:`geo.plan.records.RECORD_TYPES`.
    """
    rng = np.random.default_rng(seed)
    ids = communities["community_id" if "community_id" in communities else "id"].astype(str)
    ids = ids.to_numpy()
    n = len(ids)
    campus = (
        np.asarray(campus_ids, dtype=object)
        if campus_ids is not None
        else np.array([f"CAMPUS-{i % 400:03d}" for i in range(n)], dtype=object)
    )
    unit = (
        np.asarray(unit_ids, dtype=object)
        if unit_ids is not None
        else np.array([f"UNIT-{i:04d}" for i in range(n)], dtype=object)
    )
    days = (end - start).days + 1
    rate = rng.gamma(4.0, MEAN_ACTIVITIES_PER_WEEK / 4.0, n) / 7.0  # activities per day
    stop = np.full(n, days)
    inactive = rng.random(n) < INACTIVE_SHARE
    stop[inactive] = rng.integers(60, days - 90, inactive.sum())
    never = rng.random(n) < CAMPUS_NEVER_SHARE
    counts = rng.poisson(rate * stop)
    owner = np.repeat(np.arange(n), counts)
    offset = (rng.random(len(owner)) * stop[owner]).astype(int)
    area_i = rng.integers(0, len(TASK_AREAS), len(owner))
    area = np.asarray(TASK_AREAS, dtype=object)[area_i]
    title_i = rng.integers(0, 3, len(owner))
    title = np.array([_TITLES[a][k] for a, k in zip(area, title_i, strict=True)], dtype=object)
    date = pd.to_datetime(start) + pd.to_timedelta(offset, unit="D")
    participants = rng.integers(5, 40, len(owner))
    paired = campus != ""
    by_campus = (rng.random(len(owner)) < 0.3) & ~never[owner] & paired[owner]
    by_unit = ~by_campus & (rng.random(len(owner)) < 0.2)
    hours = np.round(
        participants * rng.uniform(0.5, 2.5, len(owner)) * np.where(by_campus, 1.5, 1.0), 1
    )
    served = rng.integers(3, 30, len(owner))
    activities = pd.DataFrame(
        {
            "community_id": ids[owner],
            "date": date.date,
            "area": area,
            # two activities of one kind on one day get a running number (the natural key)
            "title": title,
            "participants": participants,
            "volunteer_hours": hours,
            "children": np.where(area == "after_school", served, 0),
            "elderly": np.where(area == "elderly_digital", served, 0),
            "vulnerable_youth": np.where(area == "youth_care", np.maximum(served // 4, 1), 0),
            "partner_kind": np.where(by_campus, "campus", np.where(by_unit, "resident_unit", "")),
            "partner_id": np.where(by_campus, campus[owner], np.where(by_unit, unit[owner], "")),
            "note": "模拟数据",
        }
    )
    dup = activities.groupby(["community_id", "date", "area", "title"]).cumcount().to_numpy()
    activities["title"] = np.where(
        dup > 0, activities["title"] + "（" + (dup + 1).astype(str) + "）", activities["title"]
    )
    activities = activities.sort_values(["community_id", "date"], kind="stable")
    months = pd.period_range(start, end, freq="M").strftime("%Y-%m").to_numpy()
    members0 = rng.integers(5, 40, n)
    growth = rng.integers(0, 6, (n, len(months))).cumsum(axis=1)
    people = pd.DataFrame(
        {
            "community_id": np.repeat(ids, len(months)),
            "month": np.tile(months, n),
            "cadres": np.repeat(rng.integers(1, 4, n), len(months)),
            "social_workers": np.repeat(rng.integers(0, 5, n), len(months)),
            "youth_orgs": np.repeat(rng.integers(0, 4, n), len(months)),
            "members_registered": (members0[:, None] + growth).ravel(),
        }
    )
    agreements = pd.DataFrame(
        {
            "community_id": np.concatenate([ids, ids]),
            "kind": ["campus"] * n + ["resident_unit"] * n,
            "partner_id": np.concatenate([campus, unit]),
            "start_date": [start + dt.timedelta(days=int(d)) for d in rng.integers(0, 45, 2 * n)],
            "content": ["结对共建：志愿服务进社区（模拟）"] * n
            + ["驻区单位共建：场地与资源（模拟）"] * n,
        }
    )
    agreements = agreements.loc[np.concatenate([paired, np.ones(n, dtype=bool)])]
    state = np.where(
        rng.random(n) < HOME_NOT_IN_USE_SHARE,
        np.where(rng.random(n) < 0.5, "planned", "built"),
        "in_use",
    )
    homes = pd.DataFrame(
        {
            "community_id": ids,
            "state": state,
            "area_m2": np.round(rng.uniform(40, 300, n), 0),
            "opening_hours": np.where(state == "in_use", "周一至周六 9:00-21:00", ""),
            "since": [
                start + dt.timedelta(days=int(d)) if s == "in_use" else None
                for d, s in zip(rng.integers(0, 120, n), state, strict=True)
            ],
        }
    )
    return {
        "activities": activities.reset_index(drop=True),
        "people": people,
        "agreements": agreements,
        "homes": homes,
    }


def _demo_partners(chosen: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The campus and resident unit each chosen community agrees with in the demo: the
    campus of the platform's default pairing (:func:`geo.analysis.pairing.pair`: at most
    five communities a campus, within 15 km; ``""`` for a community it leaves unpaired, as
    a committee would find none), and the nearest resident unit. The nearest campus had
    been taken whatever its distance and load: the demo's agreements put campuses over
    capacity and 76 km away, and the pairing page, which keeps them, showed so."""
    from geo import dataset
    from geo.analysis import pairing
    from geo.core import distance

    layers = dataset.load_layers()
    ids = chosen["id"].astype(str)
    pairs = pairing.pair(chosen.assign(id=ids), layers.campuses).pairs
    campus = ids.map(dict(zip(pairs["community_id"], pairs["campus_id"], strict=True)))
    points = chosen[["lon", "lat"]].to_numpy(dtype=float)
    units = layers.resident_units
    _, idx = distance.nearest(points, units[["lon", "lat"]].to_numpy(dtype=float))
    unit = units["id"].astype(str).to_numpy()[idx[:, 0]]
    return campus.fillna("").to_numpy(dtype=object), unit


def _launch(store, user, plan_id: int) -> None:  # noqa: ANN001
    """Recommend every community of the plan, submit and accept each unit's filing, and
    launch every filed community (each step through the store's checked, audited writes)."""
    from geo import store as st

    comm = st.communities(store, plan_id)
    pairs = list(zip(comm["community_id"], comm["version"], strict=True))
    st.transition_many(store, user, plan_id, pairs, "recommended")
    filings = st.filings(store, plan_id)
    for unit, version in zip(filings["unit"], filings["version"], strict=True):
        submitted = st.submit_filing(store, user, plan_id, unit, int(version))
        st.accept_filing(store, user, plan_id, unit, int(submitted["version"]))
    comm = st.communities(store, plan_id)
    st.transition_many(
        store,
        user,
        plan_id,
        list(zip(comm["community_id"], comm["version"], strict=True)),
        "launched",
        LAUNCH_REASON,
    )


def first_run(store) -> bool:  # noqa: ANN001
    """Whether ``store`` is a fresh desktop database: no account, no plan, and nothing in
    the audit log (a plan once made and a database once used never count as fresh)."""
    from sqlalchemy import func, select

    from geo.store.models import AUDIT, PLANS, USERS

    with store.read() as conn:
        return all(
            not conn.execute(select(func.count()).select_from(t)).scalar()
            for t in (USERS, PLANS, AUDIT)
        )


def seed_demo(store, user, *, total: int = DEMO_TOTAL, seed: int = DEMO_SEED) -> tuple[int, int]:  # noqa: ANN001
    """Make the demo plan (the seed-2021 national pick) and its simulated year, once.

    The plan is brought to where a real one stands during its year of work: every community
    recommended, each province's filing submitted and accepted, every community launched
    (so the management page's evaluation form lists them), and the year's records stored
    with ``simulated = True``.

    Parameters
    ----------
    store
        Open :class:`geo.store.Store`.
    user
        A central account (creating a national plan needs one).
    total, seed
        Size of the pick and seed of the records.

    Returns
    -------
    (plan_id, activities)
        The demo plan's id and how many simulated activities it holds (0 new ones when the
        plan existed already).
    """
    from geo import store as st
    from geo.store import records as srec

    plans = st.list_plans(store)
    found = plans.loc[plans["name"] == DEMO_PLAN_NAME, "id"]
    if len(found):
        return int(found.iloc[0]), 0
    chosen = default_pick(total)
    plan_id = st.create_plan(
        store,
        user,
        DEMO_PLAN_NAME,
        chosen,
        params={"simulated": True, "seed": seed, "total": total},
        timeline=lifecycle.timeline_to_json(lifecycle.DEFAULT_TIMELINE),  # the 2021 cycle
    )
    _launch(store, user, plan_id)
    campus, unit = _demo_partners(chosen)
    year = simulate_year(chosen.assign(id=chosen["id"].astype(str)), campus, unit, seed=seed)
    for kind, frame in year.items():
        srec.save_records(
            store, user, plan_id, kind, frame, file=srec.SIMULATED_FILE, simulated=True
        )
    return plan_id, len(year["activities"])
