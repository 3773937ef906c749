"""The shape every location model shares: parameters, solving, checking, reporting.

A model is built by an alternate constructor (``from_matrix``, ``from_cost_matrix``,
``from_layers``, ``from_geodataframe``), solved by :meth:`_LocationModel.solve` with
``method="greedy" | "exact"``, and returns a :class:`~geo.siting.result.SitingResult`.
Subclasses supply ``_solve`` (the search), ``_check`` (feasibility and objective of a
set of sites, recomputed from the model's own input, never read back from a solver) and,
for assignment models, ``_pairs``. :meth:`_LocationModel._exact` runs HiGHS from a
heuristic start and keeps whichever checked solution is better; when the column values
HiGHS returns do not give the objective HiGHS reports for them (highspy 1.16 can hand
back the warm start unchanged with the better solution's objective and bound:
benchmarks/README.md, "Siting claims"), it runs once more without the start. Claims are
settled afterwards (:func:`geo.siting.result.settle`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from geo.analysis.coverage import problem
from geo.core.params import SITING_DEFAULT_TIME_LIMIT_S as DEFAULT_TIME_LIMIT_S
from geo.core.params import SITING_METHODS as METHODS
from geo.siting import _highs
from geo.siting._cover_search import lazy_greedy
from geo.siting._reduce import Ids
from geo.siting.result import OPTIMAL_TOL, Claim, SitingResult, settle

DEFAULT_K = 20
"""Default number of sites for the models that take ``k``."""

Progress = Callable[[float, str], None]
"""Progress callback: fraction done (0–1) and a stage key (``"build"``, ``"greedy"``,
``"swap"``, ``"bound"``, ``"exact"``, ``"done"``)."""


@dataclass
class Run:
    """One call of ``solve``: its method, deadline, reporting and HiGHS settings."""

    method: str
    deadline: float
    report: Progress
    threads: int | None
    options: Mapping[str, object] | None

    def remaining(self) -> float:
        """Seconds left before the deadline (never below 0)."""
        return max(self.deadline - time.perf_counter(), 0.0)

    def fits(self, nonzeros: int, share: float = 1.0) -> bool:
        """Whether ``share`` of the time left is enough to hand HiGHS a model of
        ``nonzeros`` (:func:`geo.siting._highs.fits`: always, for a small one)."""
        return _highs.fits(nonzeros, share * self.remaining())

    def highs(
        self,
        program: _highs.Program,
        start: np.ndarray | None = None,
        share: float = 1.0,
    ) -> _highs.Outcome:
        """Run HiGHS on ``program`` with ``share`` of the time left (at least 10 ms), or
        not at all when that is shorter than loading a big model takes
        (:func:`geo.siting._highs.not_started`: loading the national capacitated model
        took 1.9-3.4 s whatever the limit)."""
        size = _highs.size(program)
        if not self.fits(size, share):
            return _highs.not_started(_highs.load_seconds(size))
        limit = max(share * self.remaining(), 0.01)
        return _highs.solve(program, limit, start, self.threads, self.options)

    def lp(self, program: _highs.Program, share: float = 0.5) -> _highs.Outcome | None:
        """The LP relaxation of ``program`` (row duals included), or ``None`` when there is
        no time for it (under 50 ms left) or HiGHS did not solve it."""
        if self.remaining() <= 0.05:
            return None
        outcome = self.highs(_highs.lp_relaxation(program), share=share)
        return outcome if outcome.code == "optimal" and outcome.x is not None else None


@dataclass
class Found:
    """What a model's search settled on, before it becomes a :class:`SitingResult`."""

    sites: np.ndarray
    claim: Claim
    method: str
    solver: str
    solver_status: str | None = None
    extra: dict[str, float] = field(default_factory=dict)


def check_k(k: Any, low: int = 1) -> int:
    """``k`` as an int of at least ``low``; else an input error."""
    try:
        k_int = int(k)
    except (TypeError, ValueError, OverflowError):
        k_int = low - 1
    if isinstance(k, bool) or k_int < low or k_int != k:
        raise problem("k", column="k", value=repr(k))
    return k_int


class _LocationModel:
    """Shared data, solving and reporting of the location models."""

    model_name = ""
    maximize = True
    assigns = False
    """Whether each community is linked to one site (p-median, capacitated)."""

    def _init_common(
        self,
        n: int,
        m: int,
        weights: npt.ArrayLike,
        demand_ids: Ids | None,
        candidate_ids: Ids | None,
        baseline_weight: float,
        baseline_demand: int,
    ) -> None:
        self.weights = np.asarray(weights, dtype=float).reshape(-1)
        self.demand_ids = _ids(demand_ids, n)
        self.candidate_ids = _ids(candidate_ids, m)
        self.baseline_weight = float(baseline_weight)
        self.baseline_demand = int(baseline_demand)
        self.required = np.zeros(0, dtype=np.intp)
        self.candidates: pd.DataFrame | None = None
        self.result_: SitingResult | None = None
        if len(self.weights) != n or len(self.demand_ids) != n or len(self.candidate_ids) != m:
            raise problem("model_sizes")
        if (self.weights < 0).any() or not np.isfinite(self.weights).all():
            raise problem("model_weights", column="weight")

    @property
    def n_demand(self) -> int:
        """Demand points in the model."""
        return len(self.demand_ids)

    @property
    def n_candidates(self) -> int:
        """Candidate sites in the model."""
        return len(self.candidate_ids)

    def _set_params(self, **params: Any) -> None:
        if params:
            raise problem("model_params", names=", ".join(params))

    def _check_required(self, k: int | None) -> None:
        if k is not None and len(self.required) > k:
            raise problem("required_too_many", column="k", n=len(self.required), k=k)

    def _set_k(self, k: object, exactly_k: bool = False, fits: bool = False) -> None:
        """Check and keep ``k`` (required sites counted in it) and ``exactly_k``; ``fits``
        (or ``exactly_k``) requires ``k`` to be at most the number of candidates."""
        self.k = check_k(k)
        self.exactly_k = bool(exactly_k)
        if (fits or self.exactly_k) and self.k > self.n_candidates:
            raise problem("k_too_large", column="k", k=self.k, m=self.n_candidates)
        self._check_required(self.k)

    def _settled(
        self, run: Run, out: _highs.Outcome, found, objective, bound, fallback, heuristic: str
    ) -> Found:
        """The exact run's :class:`Found`: its best checked solution (else ``fallback``) and
        the claim :func:`~geo.siting.result.settle` allows. When HiGHS was not started
        (``out.started`` false: too little time left for its load) the solver is the
        ``heuristic`` whose sites these are, with no solver status (HiGHS said nothing)
        and the load expected of HiGHS in ``extra["highs_load_s"]``."""
        claim = settle(out.code, found is not None, objective or 0.0, bound, self.maximize)
        sites = found if found is not None else fallback
        if not out.started:
            return Found(sites, claim, run.method, heuristic, extra={"highs_load_s": out.load})
        return Found(sites, claim, run.method, _highs.highs_version(), out.name)

    # ---- solving
    def solve(
        self,
        method: str = "greedy",
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
        progress: Progress | None = None,
        threads: int | None = None,
        highs_options: Mapping[str, object] | None = None,
    ) -> SitingResult:
        """Solve the model.

        Parameters
        ----------
        method
            ``"greedy"`` (the model's heuristic, with a valid bound) or ``"exact"``
            (HiGHS MIP warm-started from the heuristic).
        time_limit_s
            Wall-time limit in seconds (searches and HiGHS stop there with the best
            solution found).
        progress
            Optional callback ``progress(fraction, stage)``.
        threads
            HiGHS threads (a positive int; default: HiGHS's choice). Honoured on every
            call, whatever ran before in the process (see :mod:`geo.siting._highs`).
        highs_options
            Further HiGHS options by name, e.g. ``{"mip_max_nodes": 1000}``; an option
            HiGHS refuses is an input error.

        Returns
        -------
        SitingResult
            Also stored as ``self.result_``. Its ``status`` is checked (see
            :func:`geo.siting.result.settle`).
        """
        if method not in METHODS:
            raise problem(
                "site_method",
                column="method",
                value=repr(method),
                choices=", ".join(METHODS),
            )
        try:
            limit = float(time_limit_s)
        except (TypeError, ValueError):
            limit = float("nan")
        if not np.isfinite(limit) or limit <= 0:
            raise problem("time_limit", column="time_limit")
        threads = _highs.check_threads(threads)
        if highs_options is not None and not isinstance(highs_options, Mapping):
            raise problem("highs_option", column="highs_options", name="?", value="?")
        report = progress or (lambda fraction, stage: None)
        start = time.perf_counter()
        report(0.0, "build")
        run = Run(method, start + limit, report, threads, highs_options)
        found = self._solve(run)
        result = self._result(found, time.perf_counter() - start, run.deadline)
        report(1.0, "done")
        self.result_ = result
        return result

    def _solve(self, run: Run) -> Found:  # pragma: no cover - every model overrides it
        raise NotImplementedError

    def _check(self, sites: np.ndarray) -> tuple[bool, float]:  # pragma: no cover
        """Whether ``sites`` (candidate positions) is feasible, and its objective."""
        raise NotImplementedError

    def _objective(self, sites: np.ndarray) -> float:
        """The objective of ``sites`` as reported (recomputed from the input)."""
        return self._check(sites)[1]

    def _better(self, a: float, b: float) -> bool:
        tol = OPTIMAL_TOL * max(1.0, abs(b)) * 1e-3
        return a > b + tol if self.maximize else a < b - tol

    def _exact(
        self,
        run: Run,
        program: _highs.Program,
        start: tuple[np.ndarray | None, Any] | None,
        decode: Callable[[np.ndarray], Any],
    ) -> tuple[Any, float | None, _highs.Outcome]:
        """HiGHS from a heuristic start; the better checked solution of the two.

        Parameters
        ----------
        run
            The solve call.
        program
            The MIP.
        start
            ``(column values, sites)`` of the heuristic solution, or ``None``.
        decode
            Column values to candidate positions.

        Returns
        -------
        sites, objective, outcome
            The best feasible solution found (``None`` if none) with its recomputed
            objective, and the HiGHS outcome its status and bound come from.
        """
        best: tuple[Any, float | None] = (None, None)
        if start is not None:
            feasible, objective = self._check(start[1])
            if feasible:
                best = (start[1], objective)
        outcome = run.highs(program, None if start is None else start[0])
        if start is not None and _handed_back(program, outcome) and run.remaining() > 0.01:
            outcome = run.highs(program, None)  # the same model without the start
        return (*self._keep_better(best, outcome, decode), outcome)

    def _keep_better(self, best, outcome: _highs.Outcome, decode):
        if outcome.x is None:
            return best
        sites = decode(outcome.x)
        feasible, objective = self._check(sites)
        if feasible and (best[1] is None or self._better(objective, best[1])):
            return sites, objective
        return best

    # ---- results
    def _served(
        self, sites: np.ndarray, deadline: float = np.inf
    ) -> tuple[np.ndarray, list[float], list[int]]:
        """Sites in report order, with the weight and communities each adds (an order
        cut short at ``deadline`` where working it out takes a search)."""
        raise NotImplementedError  # pragma: no cover

    def _pairs(self, sites: np.ndarray) -> pd.DataFrame:  # pragma: no cover
        raise NotImplementedError

    def _uncoverable(self) -> tuple[str, ...]:
        return ()

    def _result(self, found: Found, seconds: float, deadline: float = np.inf) -> SitingResult:
        sites = np.asarray(found.sites, dtype=np.intp)
        order, gains, counts = self._served(sites, deadline)
        objective = self._objective(order)
        bound = found.claim.bound
        if found.claim.status == "optimal" and bound is None:
            bound = objective  # solved by construction (nothing left to choose)
        return SitingResult(
            model=self.model_name,
            method=found.method,
            solver=found.solver,
            status=found.claim.status,
            sites=tuple(self.candidate_ids[order].tolist()),
            site_gain=tuple(gains),
            site_demand=tuple(counts),
            objective=float(objective),
            bound=bound,
            gap=found.claim.gap,
            seconds=seconds,
            covered_weight=float(sum(gains)),
            covered_demand=int(sum(counts)),
            total_weight=float(self.weights.sum()),
            baseline_weight=self.baseline_weight,
            baseline_demand=self.baseline_demand,
            uncoverable=self._uncoverable(),
            solver_status=found.solver_status,
            required=tuple(self.candidate_ids[np.sort(self.required)].tolist()),
            n_demand=self.n_demand,
            pairs=self._pairs(order),
            extra=dict(found.extra),
        )

    # ---- reporting
    def sites_table(self, result: SitingResult | None = None) -> pd.DataFrame:
        """The chosen sites as a table.

        Returns
        -------
        pandas.DataFrame
            ``order`` (1-based), ``id`` (candidate id), ``name`` and ``lon``/``lat``
            (WGS-84) when the model was built from layers, ``required`` (had to be open),
            ``youth_new`` and ``communities_new`` (the weight and the communities the site
            newly covers), or ``youth_served`` and ``communities_served`` in the models that
            assign communities to sites (:attr:`assigns`: the p-median, whose communities may
            lie beyond any radius, and the capacitated model); the capacitated model adds
            ``capacity``, the p-median ``mean_distance`` (weighted, of its communities).
        """
        result = self._solved(result)
        gain = "served" if self.assigns else "new"
        table = pd.DataFrame(
            {
                "order": np.arange(1, result.n_sites + 1),
                "id": list(result.sites),
                "required": [s in set(result.required) for s in result.sites],
                f"youth_{gain}": list(result.site_gain),
                f"communities_{gain}": list(result.site_demand),
            }
        )
        table = self._site_columns(table, result)
        if self.candidates is not None:
            table = table.merge(self.candidates, on="id", how="left")
            front = ["order", "id"] + [c for c in ("name", "lon", "lat") if c in table]
            table = table[front + [c for c in table.columns if c not in front]]
        return table

    def _site_columns(self, table: pd.DataFrame, result: SitingResult) -> pd.DataFrame:
        return table

    def _solved(self, result: SitingResult | None) -> SitingResult:
        result = result or self.result_
        if result is None:
            raise ValueError("solve the model first")
        return result

    def assignment(self, result: SitingResult | None = None) -> pd.DataFrame:
        """One site per linked community: the first site in order that covers it
        (coverage models), or the site it is assigned to (p-median, capacitated).

        Returns
        -------
        pandas.DataFrame
            ``community_id``, ``site_id``, ``weight``.
        """
        result = self._solved(result)
        pairs = result.pairs
        if not self.assigns:
            rank = {s: i for i, s in enumerate(result.sites)}
            order = pairs["site_id"].map(rank).to_numpy()
            pairs = pairs.iloc[np.argsort(order, kind="stable")]
            pairs = pairs.drop_duplicates("community_id", keep="first")
        weight = dict(zip(self.demand_ids, self.weights, strict=True))
        return pd.DataFrame(
            {
                "community_id": pairs["community_id"].to_numpy(),
                "site_id": pairs["site_id"].to_numpy(),
                "weight": [weight[c] for c in pairs["community_id"]],
            }
        )


def _handed_back(program: _highs.Program, outcome: _highs.Outcome) -> bool:
    """Whether HiGHS's column values do not give the objective HiGHS reports for them.

    highspy 1.16 can finish "optimal" with the objective and bound of the solution it
    found (75 on issue 17's instance) while handing back the warm start (77).
    """
    if outcome.x is None or outcome.objective is None:
        return False
    value = float(program.cost @ outcome.x) + program.offset
    return abs(value - outcome.objective) > OPTIMAL_TOL * max(1.0, abs(outcome.objective))


def _ids(ids: Ids | None, n: int) -> np.ndarray:
    if ids is None:
        return np.arange(n).astype(str).astype(object)
    return np.asarray([str(i) for i in ids], dtype=object)


def greedy_order(
    matrix: sp.csr_matrix,
    weights: np.ndarray,
    sites: np.ndarray,
    first: np.ndarray | None = None,
    deadline: float = np.inf,
) -> tuple[np.ndarray, list[float], list[int]]:
    """Sites ordered greedily by the weight each newly covers, with weights and counts.

    The sites in ``first`` (required sites: homes that stay) come before the others, so
    what each other site newly covers is what it adds to them. Once ``deadline`` (a
    ``time.perf_counter()`` value) has passed, the sites not yet ordered follow in the
    order given and what each adds is counted in one pass (:func:`_first_cover`): one
    queue step per site took 4-7 s for the 74,398 sites of a national set cover.
    """
    sites = np.asarray(sites, dtype=np.intp)
    if len(sites) == 0:
        return sites, [], []
    csc = matrix.tocsc()
    ahead = np.isin(sites, np.asarray([] if first is None else first, dtype=np.intp))
    covered = np.zeros(matrix.shape[0], dtype=bool)
    order: list[int] = []
    for group in (sites[ahead], sites[~ahead]):
        picked, _ = lazy_greedy(
            csc, weights + 1e-12, k=len(group), allowed=group, covered=covered, deadline=deadline
        )
        seen = set(picked)
        picked += [int(s) for s in group if int(s) not in seen]
        covered[csc[:, picked].indices] = True
        order += picked
    if time.perf_counter() > deadline:
        return np.asarray(order, dtype=np.intp), *_first_cover(csc, weights, order)
    covered[:] = False
    gains, counts = [], []
    for j in order:
        rows = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
        rows = rows[~covered[rows]]
        covered[rows] = True
        gains.append(float(weights[rows].sum()))
        counts.append(len(rows))
    return np.asarray(order, dtype=np.intp), gains, counts


def _first_cover(
    csc: sp.csc_matrix, weights: np.ndarray, order: list[int]
) -> tuple[list[float], list[int]]:
    """The weight and the rows each site of ``order`` newly covers (each row counts for
    the first site in ``order`` that covers it), in one pass over the non-zeros."""
    sub = csc[:, np.asarray(order, dtype=np.intp)].tocsr()
    has = np.diff(sub.indptr) > 0
    rows = np.flatnonzero(has)
    if not len(rows):
        return [0.0] * len(order), [0] * len(order)
    at = np.minimum.reduceat(sub.indices, sub.indptr[:-1][has])
    gains = np.bincount(at, weights=weights[rows], minlength=len(order))
    counts = np.bincount(at, minlength=len(order))
    return gains.tolist(), counts.astype(int).tolist()
