"""The next cycle: carry over the continued communities, free the exited ones' places, and
refill them under the same quotas and constraints as the first pick.

From an :class:`geo.plan.evaluation.Evaluation`, :func:`plan_next` keeps every community
recommended to continue or improve (carried over) and frees one place per community
recommended to exit, per quota unit; the unit's quota stays what it was in the plan.
:func:`refill` picks the replacements with :func:`geo.analysis.selection.select` — the same picker,
quotas and :class:`geo.analysis.selection.Constraints` as the first pick — with the carried
communities locked in and the exited ones excluded, so each province gets back exactly its
freed places. :func:`start_next_cycle` saves the result as a new plan; its communities
start as candidates and go through recommendation and filing as in the first cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.plan.evaluation import Evaluation


@dataclass(frozen=True)
class NextCycle:
    """What the next cycle starts from.

    Attributes
    ----------
    carried
        Communities carried over (``community_id``, ``name``, ``quota_unit``,
        ``county_code``, ``recommendation``).
    exited
        Communities leaving, with ``reasons``.
    quotas
        Places per quota unit (as in the plan).
    freed
        Places freed per quota unit (its exits).
    """

    carried: pd.DataFrame
    exited: pd.DataFrame
    quotas: dict[str, int]
    freed: dict[str, int]


def plan_next(communities: pd.DataFrame, evaluation: Evaluation) -> NextCycle:
    """Carried-over communities, exits and freed places per unit.

    Parameters
    ----------
    communities
        The plan's communities (:func:`geo.store.records.plan_areas`); those already exited
        hold no place.
    evaluation
        The evaluation of the plan.
    """
    live = communities.loc[communities["status"] != "exited"]
    quotas = live.groupby("quota_unit").size().astype(int).to_dict()
    sheet = evaluation.sheet
    keep = sheet["recommendation"].isin(["continue", "improve"])
    cols = ["community_id", "name", "quota_unit", "county_code", "recommendation"]
    carried = sheet.loc[keep, cols].reset_index(drop=True)
    exited = evaluation.exits()
    freed = exited.groupby("quota_unit").size().astype(int).to_dict()
    return NextCycle(
        carried,
        exited,
        {str(k): int(v) for k, v in quotas.items()},
        {str(k): int(v) for k, v in freed.items()},
    )


def refill(candidates: pd.DataFrame, nxt: NextCycle, constraints=None):  # noqa: ANN001, ANN201
    """Pick the replacements: :func:`geo.analysis.selection.select` with the plan's quotas, the
    carried communities locked and the exited ones excluded.

    Parameters
    ----------
    candidates
        Scored candidates (:func:`geo.analysis.scoring.candidates`), the same the first pick used.
    nxt
        :func:`plan_next`.
    constraints
        :class:`geo.analysis.selection.Constraints` of the first pick (default: the defaults).

    Returns
    -------
    geo.analysis.selection.SelectionResult
        ``chosen`` holds the carried communities and the replacements.
    """
    from geo.analysis import selection

    known = set(candidates["id"].astype(str))
    locks = [c for c in nxt.carried["community_id"] if c in known]
    excludes = [c for c in nxt.exited["community_id"] if c in known]
    return selection.select(
        candidates,
        nxt.quotas,
        constraints or selection.Constraints(),
        locks=locks,
        excludes=excludes,
    )


def refill_unit(
    candidates: pd.DataFrame,
    nxt: NextCycle,
    unit: str,
    taken: set[str] | frozenset[str] = frozenset(),
    constraints=None,  # noqa: ANN001
) -> pd.DataFrame:
    """One province's replacements, picked by the province under the first pick's rules.

    :func:`geo.analysis.selection.select` on the unit's candidates with its quota from the plan, its
    carried-over communities and those already in the next plan (``taken``) locked, and its
    exited communities excluded.

    Returns
    -------
    pandas.DataFrame
        The picked communities not yet in the next plan (at most the unit's free places).
    """
    from geo.analysis import selection

    mine = candidates.loc[candidates["quota_unit"].astype(str) == unit]
    known = set(mine["id"].astype(str))
    carried = set(nxt.carried.loc[nxt.carried["quota_unit"] == unit, "community_id"])
    locks = sorted((carried | set(taken)) & known)
    excludes = sorted(set(nxt.exited["community_id"]) & known)
    result = selection.select(
        mine,
        {unit: nxt.quotas.get(unit, 0)},
        constraints or selection.Constraints(),
        locks=locks,
        excludes=excludes,
    )
    return result.chosen.loc[~result.chosen["id"].astype(str).isin(locks)].reset_index(drop=True)


def start_next_cycle(
    store, user, previous_plan: int, name: str, chosen: pd.DataFrame, nxt: NextCycle
) -> int:  # noqa: ANN001
    """Save the next cycle's pick as a new plan (candidates, to be recommended and filed).

    Returns
    -------
    int
        The new plan's id; its ``params`` name the previous plan, the carried-over and the
        freed places per unit.
    """
    from geo import store as st

    carried = set(nxt.carried["community_id"])
    return st.create_plan(
        store,
        user,
        name,
        chosen,
        params={
            "previous_plan": int(previous_plan),
            "carried_over": sorted(carried & set(chosen["id"].astype(str))),
            "freed": nxt.freed,
        },
    )


REFILL_REASON = "下一周期补选（按原名额与约束）"
"""The reason kept with a replacement a province adds to the next plan."""


def next_plan_of(plans: pd.DataFrame, plan_id: int) -> int | None:
    """The id of the plan started as the next cycle of ``plan_id`` (from
    :func:`geo.store.list_plans`), or ``None``."""
    for pid, params in zip(plans["id"], plans["params"], strict=True):
        if isinstance(params, dict) and params.get("previous_plan") == int(plan_id):
            return int(pid)
    return None


def add_replacements(store, user, plan_id: int, picked: pd.DataFrame) -> int:  # noqa: ANN001
    """Add a province's picked replacements to the next plan (each a manual addition with
    :data:`REFILL_REASON`, checked by the store: a province its own only).

    Returns
    -------
    int
        How many were added.
    """
    from geo import store as st

    for row in picked.to_dict("records"):
        st.add_community(
            store,
            user,
            plan_id,
            {k: row.get(k) for k in ("id", "name", "county_code", "score", "rank")},
            REFILL_REASON,
        )
    return len(picked)
