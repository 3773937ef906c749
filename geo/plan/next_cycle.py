"""The next cycle: carry over the continued communities, free the exited ones' places, and
refill them under the same quotas and constraints as the first pick.

From an :class:`geo.plan.evaluation.Evaluation`, :func:`plan_next` keeps every community
recommended to continue or improve (carried over) and frees one place per community
recommended to exit or exited by the centre, per quota unit; the unit's quota stays what it
was in the plan.
:func:`refill` picks the replacements with :func:`geo.analysis.selection.select` — the same picker,
quotas and :class:`geo.analysis.selection.Constraints` as the first pick — with the carried
communities locked in and the exited ones excluded, so each province gets back exactly its
freed places. :func:`start_next_cycle` saves the result as a new plan; its communities
start as candidates and go through recommendation and filing as in the first cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.plan import lifecycle

if TYPE_CHECKING:  # annotations only: the evaluation reads this module's previous_cycle
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
        Communities leaving: those recommended to exit, with ``reasons``, and those the
        centre has exited (``basis`` ``decision``).
    quotas
        Places per quota unit (as in the plan).
    freed
        Places freed per quota unit (its exits).
    """

    carried: pd.DataFrame
    exited: pd.DataFrame
    quotas: dict[str, int]
    freed: dict[str, int]


def plan_next(
    communities: pd.DataFrame, evaluation: Evaluation, quotas: Mapping[str, int] | None = None
) -> NextCycle:
    """Carried-over communities, exits and freed places per unit.

    Parameters
    ----------
    communities
        The plan's communities (:func:`geo.store.records.plan_areas`). One the centre has
        exited (已退出) leaves, and its place is freed like a recommended exit's: the
        unit's quota stays the plan's.
    evaluation
        The evaluation of the plan (:func:`geo.plan.evaluation.evaluate`: the experts' total
        where entered, the centre's decision to continue).
    quotas
        The plan's places per unit when it was itself a next plan (:func:`plan_quotas`):
        each unit keeps them, and a place it left unfilled is freed again. By default the
        plan's communities per unit (a first cycle's pick).
    """
    plan = communities.drop_duplicates("community_id")
    counted = quotas is None
    if quotas is None:
        quotas = plan.groupby("quota_unit").size().astype(int).to_dict()
    sheet = evaluation.sheet
    gone = plan.loc[plan["status"] == "exited"]
    keep = sheet["recommendation"].isin(["continue", "improve"]) & ~sheet["community_id"].isin(
        gone["community_id"]
    )
    cols = ["community_id", "name", "quota_unit", "county_code", "recommendation"]
    carried = sheet.loc[keep, cols].reset_index(drop=True)
    recommended = evaluation.exits()
    recommended = recommended.loc[~recommended["community_id"].isin(gone["community_id"])]
    decided = gone[["community_id", "name", "quota_unit", "county_code"]].assign(
        basis="decision", reasons=[[] for _ in range(len(gone))]
    )
    parts = [f for f in (recommended, decided) if len(f)]
    exited = pd.concat(parts, ignore_index=True) if parts else recommended.reset_index(drop=True)
    freed = exited.groupby("quota_unit").size().astype(int).to_dict()
    if not counted:  # the unit's places less those carried (an unfilled place is free too)
        kept = carried.groupby("quota_unit").size()
        freed = {u: int(q) - int(kept.get(u, 0)) for u, q in quotas.items()}
        freed = {u: n for u, n in freed.items() if n > 0}
    return NextCycle(
        carried,
        exited,
        {str(k): int(v) for k, v in quotas.items()},
        {str(k): int(v) for k, v in freed.items()},
    )


EXIT_REASONS: dict[str, str] = {
    "rubric": "evaluation:exit:rubric",
    "experts": "evaluation:exit:experts",
    "not_launched": "evaluation:exit:not_launched",
}
"""The reason kept with a community exited by :func:`outcomes`, by what its recommendation
followed (:data:`geo.plan.evaluation.BASES`); stored as the status change's reason, a code
the edge names in the reader's language (:func:`geo.export.reports.reason_text`: the
Chinese text once stored was shown on English pages)."""


KEEP_REASONS: dict[str, str] = {
    "continue": "evaluation:keep:continue",
    "improve": "evaluation:keep:improve",
}
"""The reason kept with a community :func:`outcomes` continues (继续实施), by its
recommendation: to continue, or to continue and improve (整改提升). Both are 继续实施; the
reason keeps which, for the next year's experts (codes, as :data:`EXIT_REASONS`)."""


@dataclass(frozen=True)
class Outcomes:
    """The plan's status changes that record the evaluation's outcome.

    Attributes
    ----------
    continued
        Reason (:data:`KEEP_REASONS`) → ``(community_id, version)`` of the evaluated
        communities kept (已评估 → 继续实施).
    exited
        Reason (:data:`EXIT_REASONS`) → ``(community_id, version)`` of the communities
        recommended to exit and not exited yet.
    unevaluated
        Kept communities left 已启动: a community is continued once evaluated.
    """

    continued: dict[str, list[tuple[str, int]]]
    exited: dict[str, list[tuple[str, int]]]
    unevaluated: int

    @property
    def kept(self) -> int:
        """Communities continued."""
        return sum(len(v) for v in self.continued.values())

    @property
    def leaving(self) -> int:
        """Communities exited."""
        return sum(len(v) for v in self.exited.values())

    def __len__(self) -> int:
        return self.kept + self.leaving


def outcomes(nxt: NextCycle, communities: pd.DataFrame) -> Outcomes:
    """The status changes that record :func:`plan_next`'s outcome in the plan itself: the
    carried-over communities 继续实施, those leaving 已退出 with the reason of their
    recommendation. Changes already made are not repeated.

    Parameters
    ----------
    nxt
        :func:`plan_next`.
    communities
        The plan's communities with ``community_id``, ``status`` and ``version``
        (:func:`geo.store.communities`).
    """
    rows = communities.drop_duplicates("community_id").set_index("community_id")
    status, version = rows["status"].astype(str), rows["version"].astype(int)
    kept = [c for c in nxt.carried["community_id"] if c in rows.index]
    continued: dict[str, list[tuple[str, int]]] = {}
    for cid, rec in zip(nxt.carried["community_id"], nxt.carried["recommendation"], strict=True):
        if cid in rows.index and status[cid] == "evaluated":
            reason = KEEP_REASONS.get(str(rec), KEEP_REASONS["continue"])
            continued.setdefault(reason, []).append((cid, int(version[cid])))
    exited: dict[str, list[tuple[str, int]]] = {}
    for cid, basis in zip(
        nxt.exited["community_id"],
        nxt.exited.get("basis", pd.Series("rubric", index=nxt.exited.index)),
        strict=True,
    ):
        if cid in rows.index and status[cid] != "exited":
            reason = EXIT_REASONS.get(str(basis), EXIT_REASONS["rubric"])
            exited.setdefault(reason, []).append((cid, int(version[cid])))
    unevaluated = sum(1 for c in kept if status[c] == "launched")
    return Outcomes(continued, exited, unevaluated)


def record_outcomes(store, user, plan_id: int, found: Outcomes) -> int:  # noqa: ANN001
    """Write :func:`outcomes` to the plan (the centre) in one transaction: every status
    change lands, or none does (:func:`geo.store.transition_groups`).

    Returns
    -------
    int
        How many communities changed.
    """
    from geo import store as st

    groups = [(changes, "continued", reason) for reason, changes in found.continued.items()]
    groups += [(changes, "exited", reason) for reason, changes in found.exited.items()]
    return st.transition_groups(store, user, plan_id, groups)


def refill(
    candidates: pd.DataFrame,
    nxt: NextCycle,
    constraints=None,  # noqa: ANN001
    exclude: Iterable[str] = (),
):  # noqa: ANN201
    """Pick the replacements: :func:`geo.analysis.selection.select` with the plan's quotas, the
    carried communities locked and the exited ones excluded (with ``exclude``: those that
    left in earlier cycles, :func:`exited_before`).

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
    gone = set(nxt.exited["community_id"]) | (set(exclude) - set(locks))
    excludes = sorted(gone & known)
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
    exclude: Iterable[str] = (),
) -> pd.DataFrame:
    """One province's replacements, picked by the province under the first pick's rules.

    :func:`geo.analysis.selection.select` on the unit's candidates with its quota from the plan, its
    carried-over communities and those already in the next plan (``taken``) locked, and its
    exited communities excluded, with ``exclude`` (those that left in earlier cycles,
    :func:`exited_before`).

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
    excludes = sorted(((set(nxt.exited["community_id"]) | set(exclude)) - set(locks)) & known)
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
    """Save the next cycle's pick as a new plan (candidates, to be recommended and filed),
    its timeline a year after the previous plan's (:func:`following_timeline`).

    ``chosen`` is usually the carried-over communities alone: each province then picks its
    replacements on the selection page (:func:`setup`, :func:`replacements`). Their Youth
    Homes and co-building agreements come with them (:func:`geo.store.records.carry_standing`,
    in the same transaction as the plan); a year's activities and monthly people counts do not.

    Returns
    -------
    int
        The new plan's id; its ``params`` name the previous plan, the carried-over
        communities, the exited ones, the quota per unit and the freed places per unit.
    """
    from geo import store as st

    carried = set(nxt.carried["community_id"])
    kept = sorted(carried & set(chosen["id"].astype(str)))
    return st.create_plan(
        store,
        user,
        name,
        chosen,
        timeline=lifecycle.timeline_to_json(
            following_timeline(st.plan_timeline(store, previous_plan))
        ),
        allow_empty=True,  # every community exited: all its places are refilled
        reasons={
            c: CARRIED_REASON if c in carried else REFILL_REASON for c in chosen["id"].astype(str)
        },
        params={
            "previous_plan": int(previous_plan),
            "carried_over": kept,
            "exited": sorted(str(c) for c in nxt.exited["community_id"]),
            "quotas": nxt.quotas,
            "freed": nxt.freed,
        },
        then=lambda conn, plan_id, now: _claim_and_carry(
            conn, user, previous_plan, plan_id, kept, now
        ),
    )


def _claim_and_carry(conn, user, previous: int, plan_id: int, kept: list[str], now) -> None:  # noqa: ANN001
    """The next plan's own writes, in its transaction: it claims the previous plan (none
    other continues it, :func:`geo.store.plans.claim_successor`), then carries the
    continued communities' Youth Homes and agreements."""
    from geo.store import plans as splans
    from geo.store import records as srec

    splans.claim_successor(conn, previous, plan_id, now)
    srec.carry_standing(conn, user, previous, plan_id, kept, now)


@dataclass(frozen=True)
class Setup:
    """What the selection page needs to refill a next-cycle plan under the first pick's
    rules.

    Attributes
    ----------
    plan_id, previous_plan
        The next plan and the plan it continues.
    quotas
        Places per quota unit (the previous plan's).
    carried
        Communities carried over (locked in the pick).
    exited
        Communities that left (excluded from the pick).
    taken
        ``{community_id: quota_unit}`` already in the next plan.
    exited_before
        Communities that left in an earlier cycle of the same chain (:func:`exited_before`),
        excluded too: a community exited for its year's work is not picked again a cycle on.
    """

    plan_id: int
    previous_plan: int
    quotas: dict[str, int]
    carried: tuple[str, ...]
    exited: tuple[str, ...]
    taken: dict[str, str]
    exited_before: tuple[str, ...] = ()

    def free(self, unit: str) -> int:
        """Places of ``unit`` still to fill."""
        used = sum(1 for u in self.taken.values() if u == unit)
        return max(self.quotas.get(unit, 0) - used, 0)


def setup(store, plan_id: int) -> Setup | None:  # noqa: ANN001
    """The refill of next-cycle plan ``plan_id`` (``None`` when it continues no plan).

    Quotas and exits come from the plan's ``params`` (:func:`start_next_cycle`); for a plan
    saved before they were kept there, from the previous plan (its communities not exited,
    per unit; those exited since).
    """
    from geo import store as st
    from geo.store.records import plan_areas

    params = st.get_plan(store, plan_id)["params"] or {}
    previous = params.get("previous_plan")
    if previous is None:
        return None
    quotas = params.get("quotas")
    exited = params.get("exited")
    if quotas is None or exited is None:
        before = plan_areas(store, int(previous))
        live = before.loc[before["status"] != "exited"]
        quotas = live.groupby("quota_unit").size().astype(int).to_dict()
        exited = sorted(set(before["community_id"]) - set(params.get("carried_over", [])))
    now = plan_areas(store, plan_id)
    taken = dict(zip(now["community_id"].astype(str), now["quota_unit"].astype(str), strict=True))
    exited = tuple(str(c) for c in exited)
    return Setup(
        int(plan_id),
        int(previous),
        {str(k): int(v) for k, v in quotas.items()},
        tuple(str(c) for c in params.get("carried_over", [])),
        exited,
        taken,
        tuple(c for c in exited_before(store, plan_id) if c not in taken and c not in exited),
    )


def origins(plan: Mapping, ids: Iterable[str]) -> list[str] | None:
    """How each community of ``ids`` entered next-cycle plan ``plan`` (a plan as
    :func:`geo.store.get_plan` gives it): :data:`CARRIED_REASON` for one carried over from
    the plan before it, :data:`REFILL_REASON` for one that fills a freed place. ``None`` for
    a first cycle. Codes, named at the edge (:func:`geo.export.reports.reason_text`).

    A status table shows it beside the last change's reason, which a carried community's
    later changes (filing, launch) replace."""
    carried = _carried(plan)
    if carried is None:
        return None
    kept = set(carried)
    return [CARRIED_REASON if str(c) in kept else REFILL_REASON for c in ids]


def carried_over(store, plan_id: int) -> list[str] | None:  # noqa: ANN001
    """The communities next-cycle plan ``plan_id`` carried over from the plan before it
    (:func:`start_next_cycle`), or ``None`` for a plan that continues none."""
    from geo import store as st

    return _carried(st.get_plan(store, plan_id))


def _carried(plan: Mapping) -> list[str] | None:
    """:func:`carried_over` of a plan already read (its ``params``)."""
    params = plan.get("params") or {}
    if params.get("previous_plan") is None:
        return None
    return [str(c) for c in params.get("carried_over", [])]


def plan_quotas(store, plan_id: int) -> dict[str, int] | None:  # noqa: ANN001
    """The places per unit next plan ``plan_id`` was started with (``params["quotas"]``,
    :func:`start_next_cycle`), for its own next cycle (:func:`plan_next`); ``None`` for a
    first cycle, whose places are its communities."""
    from geo import store as st

    params = st.get_plan(store, plan_id)["params"] or {}
    found = params.get("quotas") if params.get("previous_plan") is not None else None
    return None if found is None else {str(k): int(v) for k, v in found.items()}


def chain(store, plan_id: int) -> list[int]:  # noqa: ANN001
    """Plan ``plan_id`` and the plans it continues, newest first: each next plan names the
    one before it (``params["previous_plan"]``, :func:`start_next_cycle`).

    Returns
    -------
    list of int
        ``[plan_id, previous, the one before, …]``; ``[plan_id]`` for a first cycle.
    """
    from geo import store as st

    out = [int(plan_id)]
    while True:
        earlier = (st.get_plan(store, out[-1])["params"] or {}).get("previous_plan")
        if earlier is None or int(earlier) in out:
            return out
        out.append(int(earlier))


def exited_before(store, plan_id: int) -> tuple[str, ...]:  # noqa: ANN001
    """The communities that left in a cycle before the one next-cycle plan ``plan_id``
    continues (:func:`geo.store.plans.exited_along` of that plan): each plan further back
    along the chain, its communities exited (已退出) and the exits its own next plan was
    started with.

    The refill of a third cycle would otherwise pick first the communities the first cycle's
    evaluation exited, since their scores put them in the first pick.

    Returns
    -------
    tuple of str
        Community ids, sorted; empty for a plan that continues a first cycle or none.
    """
    from geo import store as st
    from geo.store.plans import exited_along

    previous = (st.get_plan(store, plan_id)["params"] or {}).get("previous_plan")
    if previous is None:
        return ()
    with store.read() as conn:  # the exits along the chain of the plan this one continues
        return tuple(sorted(exited_along(conn, int(previous))))


def community_cycles(store, plan_id: int, community_id: str) -> pd.DataFrame:  # noqa: ANN001
    """A community's cycles along plan ``plan_id``'s chain (:func:`chain`), oldest first: in
    which plans it was, where it ended (继续实施, 已退出 …) and why, and the experts' total,
    for a committee reading its history across the years.

    Returns
    -------
    pandas.DataFrame
        ``plan_id``, ``plan`` (the name), ``status``, ``reason`` and ``total`` (the experts'
        total, NaN when not evaluated): one row per plan of the chain holding the community.
    """
    from geo import store as st

    rows = []
    for pid in reversed(chain(store, plan_id)):
        comm = st.communities(store, pid)
        mine = comm.loc[comm["community_id"].astype(str) == str(community_id)]
        if mine.empty:
            continue
        scores = st.evaluations(store, pid)
        total = scores.loc[scores["community_id"].astype(str) == str(community_id), "total"]
        rows.append(
            {
                "plan_id": pid,
                "plan": str(st.get_plan(store, pid)["name"]),
                "status": str(mine["status"].iloc[0]),
                "reason": mine["reason"].iloc[0],
                "total": float(total.iloc[0]) if len(total) else float("nan"),
            }
        )
    cols = ["plan_id", "plan", "status", "reason", "total"]
    return pd.DataFrame(rows, columns=cols)


def replacements(
    setup: Setup, chosen: pd.DataFrame, units: set[str] | frozenset[str] | None = None
) -> pd.DataFrame:
    """The communities of a pick (``chosen``: ``id``, ``quota_unit``, ``score``) to add to
    the next plan: not in it yet, of the quota ``units`` given (all when ``None``), at most
    each unit's free places (highest score first), never a community exited in this cycle or
    an earlier one.

    Returns
    -------
    pandas.DataFrame
        Rows of ``chosen``.
    """
    ids = chosen["id"].astype(str)
    unit = chosen["quota_unit"].astype(str)
    keep = ~ids.isin(set(setup.taken)) & ~ids.isin(set(setup.exited) | set(setup.exited_before))
    if units is not None:
        keep &= unit.isin(set(units))
    new = chosen.loc[keep].assign(_unit=unit[keep])
    if "score" in new:
        new = new.sort_values(["score", "id"], ascending=[False, True], kind="stable")
    rank = new.groupby("_unit").cumcount().to_numpy(dtype=int)
    room = np.array([setup.free(u) for u in new["_unit"]], dtype=int)
    return new.loc[rank < room].drop(columns="_unit").reset_index(drop=True)


def previous_cycle(store, plan_id: int) -> pd.DataFrame:  # noqa: ANN001
    """What the plan that ``plan_id`` continues said of each community it carried over: the
    experts' total and the outcome (to continue, or to continue and improve, from the
    reason :func:`record_outcomes` kept), for the next year's experts to read beside this
    year's evidence. Empty for a plan that continues none (a first cycle).

    Returns
    -------
    pandas.DataFrame
        ``community_id``, ``previous_total`` (NaN when not evaluated),
        ``previous_recommendation`` (``"continue"`` or ``"improve"``): one row per community
        the previous plan continued (继续实施).
    """
    from geo import store as st

    cols = ["community_id", "previous_total", "previous_recommendation"]
    params = st.get_plan(store, plan_id)["params"] or {}
    previous = params.get("previous_plan")
    if previous is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    comm = st.communities(store, int(previous)).drop_duplicates("community_id")
    kept = comm.loc[comm["status"] == "continued", ["community_id", "reason"]]
    improve = kept["reason"] == KEEP_REASONS["improve"]
    totals = st.evaluations(store, int(previous)).drop_duplicates("community_id")
    total = totals.set_index("community_id")["total"].reindex(kept["community_id"]).to_numpy()
    return pd.DataFrame(
        {
            "community_id": kept["community_id"].astype(str).to_numpy(),
            "previous_total": pd.to_numeric(pd.Series(total), errors="coerce").to_numpy(),
            "previous_recommendation": np.where(improve, "improve", "continue"),
        }
    )


def following_name(name: str, taken: Iterable[str] = ()) -> str | None:
    """The next cycle's name when ``name`` gives a year (:data:`geo.plan.lifecycle.NAME_YEAR`):
    the same name a year on, as the next plan's timeline is ("2021 全国第一批" →
    "2022 全国第一批"); ``None`` when it gives none, or when that name is ``taken`` by a
    saved plan (the edge then offers a name of its own)."""
    found = lifecycle.NAME_YEAR.search(name or "")
    if found is None:
        return None
    following = f"{name[: found.start()]}{int(found.group(1)) + 1}{name[found.end() :]}"
    return None if following in set(taken) else following


def following_timeline(phases: tuple[lifecycle.Phase, ...]) -> tuple[lifecycle.Phase, ...]:
    """The next cycle's timeline: every phase of ``phases`` one year later (29 February
    becomes 28 February)."""
    return lifecycle.shifted(phases, 1)


REFILL_REASON = "next_cycle:refill"
"""The reason kept with a replacement a province adds to the next plan (a code: the edge
names it in the reader's language, :func:`geo.export.reports.reason_text`)."""
CARRIED_REASON = "next_cycle:carried"
"""The reason kept with each community the next plan carries over from the plan it
continues (a code, as :data:`REFILL_REASON`)."""


def next_plan_of(plans: pd.DataFrame, plan_id: int) -> int | None:
    """The id of the plan started as the next cycle of ``plan_id`` (from
    :func:`geo.store.list_plans`), or ``None``."""
    for pid, params in zip(plans["id"], plans["params"], strict=True):
        if isinstance(params, dict) and params.get("previous_plan") == int(plan_id):
            return int(pid)
    return None


def add_replacements(store, user, plan_id: int, picked: pd.DataFrame) -> int:  # noqa: ANN001
    """Add a province's picked replacements to the next plan, all or none (manual additions
    with :data:`REFILL_REASON`, checked by the store: a province its own only, within its
    places, :func:`geo.store.plans.add_communities`).

    Returns
    -------
    int
        How many were added.
    """
    from geo import store as st

    if picked.empty:
        return 0
    found = setup(store, plan_id)
    rows = [
        {k: row.get(k) for k in ("id", "name", "county_code", "score", "rank")}
        for row in picked.to_dict("records")
    ]
    places = None if found is None else found.quotas
    return len(st.add_communities(store, user, plan_id, rows, REFILL_REASON, places))
