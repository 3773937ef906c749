r"""p-median: ``k`` Youth Homes minimising the youth-weighted distance to the nearest one.

As spopt's ``PMedian`` (Hakimi 1964; ReVelle & Swain 1970), with :math:`d_{ij}` the
distance (any cost) from demand :math:`i` to candidate :math:`j`, :math:`w_i` its youth,
:math:`c_i` the distance to its nearest existing Youth Home (:math:`\infty` without) and
:math:`R` the required sites:

.. math::

    \min \sum_i w_i \min\big(c_i, \min_{j: x_j = 1} d_{ij}\big) \quad\text{s.t.}\quad
    \sum_j x_j = k,\quad x_j = 1 \;\forall j \in R,\quad x_j \in \{0,1\}.

Each demand point keeps its nearest candidates (``3 m / k`` of them, between
:data:`LIST_MIN` and :data:`LIST_MAX`) and a fallback cost — the next distance, or its
existing home when nearer — standing for all others; costs on these lists never exceed
the true ones, so their bounds bound the true optimum (:mod:`geo.siting._median_search`).
The lists are built a slice of points at a time, reading the deadline between slices:
when :data:`LIST_SHARE` of the time limit has gone first, the search runs on the points
listed so far (a sample spread over the area), the result says how many
(``extra["listed_demand"]``) and an exact run reports ``"time_limit"`` without solving
the MIP.

``greedy``: greedy addition then best-improvement swaps (Whitaker's fast interchange,
``O(n K + k m)`` a pass); on the sphere also a k-means start (scikit-learn's
``MiniBatchKMeans``), the cheaper of the two over the true distances kept
(:meth:`PMedian._better_start`); its bound is the Lagrangian bound below.

``exact`` (not spopt's ``n × m`` assignment MIP): greedy and swaps give a first upper
bound; subgradient ascent on the Lagrangian dual gives a lower bound close to the LP one
in ``O(n K)`` per iteration, and swaps from the sites its relaxed solutions open (a
Lagrangian heuristic) lower the upper bound; reduced-cost fixing then closes (or opens)
every site that cannot belong to a cheaper solution. Each point keeps only the entries
on the sites left that count at the final multipliers (or that good known solutions
use), with the next distance as its fallback, and HiGHS solves the radius formulation
of Elloumi (2010) on them (:mod:`geo.siting._median_exact`), warm-started. Its optimum
is a lower bound of the true one; the true cost of its solution is recomputed from the
distances, and while that is higher (a point served beyond its kept entries), the
points' entries are widened to where that solution serves them and HiGHS solves again;
where a point's nearest open site lies beyond its list, the lists double and the round
repeats. "optimal" is claimed only when HiGHS says optimal and the recomputed cost of
the best solution equals the bound (:func:`geo.siting.result.settle`).
"""

from __future__ import annotations

import functools
import time
import warnings

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.core.distance import unit_vectors
from geo.core.layers import lonlat
from geo.siting import _highs, _inputs
from geo.siting import _median_exact as exact_
from geo.siting import _median_search as search
from geo.siting._base import DEFAULT_K, Found, Run, _LocationModel
from geo.siting.result import Claim, relative_gap, settle, valid_bound

LIST_MIN, LIST_MAX = 32, 200
"""Bounds on the nearest candidates the heuristic lists per demand point (``3 m / k``
between them)."""

MAX_LIST_ROUNDS = 4
"""Rounds of doubling the lists before the exact run settles with what it proved."""

COVER_WITHIN = 0.005
"""Solutions the Lagrangian heuristic finds within this fraction of the best keep their
list entries in the residual MIP (so that it prices them truly)."""

MAX_TRIM_ROUNDS = 20
"""Rounds of widening the trimmed lists (on the same nearest lists) of the exact run."""

EXACT_KICKS = 0
"""Iterated local search rounds giving the exact run its upper bound."""

BOUND_ITERATIONS = 300
"""Subgradient iterations of the heuristic's bound."""

LIST_CHUNK = 4_096
"""Demand points listed by one nearest-candidate query; the deadline is read between
queries (the national lists, 110,000 points × 201 candidates, took 9.6 s in one)."""

START_NEIGHBOURS = 8
"""Candidates looked at around each k-means centre for a free one."""
LIST_SHARE = 0.5
"""Share of the time left that listing the nearest candidates may take before the search
starts; the points not listed by then sit out the search (:meth:`PMedian._lists`)."""


class PMedian(_LocationModel):
    """p-median; formulation, exact method and heuristic in :mod:`geo.siting.median`.

    Parameters
    ----------
    k
        Number of sites (required sites included), passed to the constructors.
    """

    model_name = "p_median"
    maximize = False
    assigns = True

    def __init__(
        self,
        distances: _inputs.DenseCosts | _inputs.SpherePoints,
        weights: npt.ArrayLike,
        demand_ids=None,
        candidate_ids=None,
        cap: npt.ArrayLike | None = None,
    ) -> None:
        n, m = distances.shape
        self.distances = distances
        self._init_common(n, m, weights, demand_ids, candidate_ids, 0.0, 0)
        self.cap = np.full(n, np.inf) if cap is None else np.asarray(cap, dtype=float)
        if isinstance(distances, _inputs.DenseCosts):
            finite = distances.cost[np.isfinite(distances.cost)]
            self.big = 10.0 * float(finite.max(initial=0.0)) + 1.0
        else:
            self.big = float(np.pi * 6_371_008.8)

    @classmethod
    def from_cost_matrix(
        cls,
        cost: npt.ArrayLike | pd.DataFrame,
        weights: npt.ArrayLike | None = None,
        demand_ids=None,
        candidate_ids=None,
        *,
        required=None,
        **params: object,
    ) -> PMedian:
        """Build the model from any demand × candidate cost matrix (as spopt's).

        Parameters
        ----------
        cost
            ``(n_demand, n_candidates)`` costs (network metres, minutes …); ``inf`` or
            ``nan`` where a candidate cannot serve. A DataFrame's labels give the ids. A
            row of positive weight that no candidate can serve makes the model
            infeasible (status ``"infeasible"``, the rows in ``uncoverable``); when ``k``
            sites cannot serve every such row, a run finding none reports
            ``"no_solution"``. Rows of weight 0 need not be served.
        weights
            Demand weights (default one per row).
        demand_ids, candidate_ids
            Ids reported in results.
        required
            Sites that must be open (counted in ``k``): ids, or a 0/1 array per candidate.
        **params
            ``k``.
        """
        arr, row_ids, col_ids = _inputs.dense_cost(cost)
        model = cls(
            _inputs.DenseCosts(arr),
            np.ones(arr.shape[0]) if weights is None else weights,
            demand_ids if demand_ids is not None else row_ids,
            candidate_ids if candidate_ids is not None else col_ids,
        )
        model.required = _inputs.required_positions(model.candidate_ids, required)
        model._set_params(**params)
        return model

    @classmethod
    def from_layers(
        cls,
        communities: pd.DataFrame,
        candidates: pd.DataFrame,
        existing: pd.DataFrame | None = None,
        weight: str | None = "youth",
        *,
        required=None,
        **params: object,
    ) -> PMedian:
        """Build the model from WGS-84 point layers (great-circle metres).

        Parameters
        ----------
        communities, candidates
            Demand and candidate layers (``id``, ``lon``, ``lat``).
        existing
            Youth Homes already open: a community nearer to one than to every new site
            counts that distance (and is not assigned to a new site).
        weight
            Demand weight column, or ``None`` to count communities.
        required, **params
            As for :meth:`from_cost_matrix`; ``required`` may also be a point layer.
        """
        cands, req, w = _inputs.prepare_layers(communities, candidates, existing, weight, required)
        model = cls(
            _inputs.SpherePoints(lonlat(communities), lonlat(cands)),
            w,
            communities["id"].astype(str).to_numpy(),
            cands["id"].astype(str).to_numpy(),
            cap=_inputs.existing_distance(communities, existing),
        )
        model.required = req
        model.candidates = _inputs.candidate_table(cands)
        model._set_params(**params)
        return model

    def _set_params(self, k: object = DEFAULT_K, **params: object) -> None:
        super()._set_params(**params)
        self._set_k(k, fits=True)

    # ---- evaluation
    def _assigned(self, sites: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each point's cost and the candidate serving it (``-1``: an existing home)."""
        sites = np.asarray(sites, dtype=np.intp)
        if not len(sites):
            return self.cap.copy(), np.full(self.n_demand, -1)
        dist, which = self.distances.assign(sites)
        by_new = dist < self.cap
        return np.where(by_new, dist, self.cap), np.where(by_new, sites[which], -1)

    def _check(self, sites: np.ndarray) -> tuple[bool, float]:
        s = np.asarray(sites, dtype=np.intp)
        valid = (
            len(np.unique(s)) == len(s) == self.k
            and bool(((s >= 0) & (s < self.n_candidates)).all())
            and set(self.required.tolist()) <= set(s.tolist())
        )
        cost, _ = self._assigned(s)
        feasible = valid and bool(np.isfinite(cost[self.weights > 0]).all())
        return feasible, float(self._weighted(cost).sum()) if feasible else float("inf")

    def _weighted(self, cost: np.ndarray) -> np.ndarray:
        """Each point's weight times its cost; 0 for a point of weight 0, wherever it is
        served (or not: ``0 * inf`` would be nan)."""
        with np.errstate(invalid="ignore"):
            return np.where(self.weights > 0, self.weights * cost, 0.0)

    def _unservable(self) -> np.ndarray:
        """Points of positive weight that no candidate and no existing home can serve
        (a cost matrix's rows that are ``inf`` throughout): no solution serves them."""
        if not isinstance(self.distances, _inputs.DenseCosts):
            return np.zeros(self.n_demand, dtype=bool)  # great-circle metres are finite
        reach = np.isfinite(self.distances.cost).any(axis=1) | np.isfinite(self.cap)
        return (self.weights > 0) & ~reach

    def _uncoverable(self) -> tuple[str, ...]:
        return tuple(self.demand_ids[self._unservable()].tolist())

    def _served(
        self, sites: np.ndarray, deadline: float = np.inf
    ) -> tuple[np.ndarray, list[float], list[int]]:
        sites = np.asarray(sites, dtype=np.intp)
        _, site = self._assigned(sites)
        ok = site >= 0
        weight = np.bincount(site[ok], weights=self.weights[ok], minlength=self.n_candidates)
        count = np.bincount(site[ok], minlength=self.n_candidates)
        order = sites[np.argsort(-weight[sites], kind="stable")]
        return order, weight[order].tolist(), count[order].astype(int).tolist()

    def _pairs(self, sites: np.ndarray) -> pd.DataFrame:
        cost, site = self._assigned(sites)
        ok = site >= 0
        return pd.DataFrame(
            {
                "community_id": self.demand_ids[ok],
                "site_id": self.candidate_ids[site[ok]],
                "distance": cost[ok],
            }
        )

    def _site_columns(self, table: pd.DataFrame, result) -> pd.DataFrame:
        pairs = result.pairs
        if len(pairs):
            w = dict(zip(self.demand_ids, self.weights, strict=True))
            wd = pairs.assign(w=[w[c] for c in pairs["community_id"]])
            wd["wd"] = wd["w"] * wd["distance"]
            g = wd.groupby("site_id")[["wd", "w"]].sum()
            mean = (g["wd"] / g["w"].where(g["w"] > 0)).reindex(table["id"])
            table["mean_distance"] = mean.to_numpy()
        else:
            table["mean_distance"] = np.nan
        return table

    # ---- search
    def _lists(self, size: int | None = None, deadline: float = np.inf) -> search.Lists:
        """Each demand point's ``size`` nearest candidates (default ``3 m / k`` between
        :data:`LIST_MIN` and :data:`LIST_MAX`) and its fallback cost.

        The points are listed :data:`LIST_CHUNK` at a time, each query taking every
        ``parts``-th point so that any prefix of the queries is a sample spread over the
        whole area; ``deadline`` (a ``time.perf_counter()`` value) is read before each
        query after the first. When it passes first, the lists are of the points listed
        so far (``Lists.listed``): a relaxation of the model on them (the others cost at
        least 0), so every bound on them still holds; the true objective is recomputed
        from all points. With time to spare they are those of one query over all points.
        """
        m, n = self.n_candidates, self.n_demand
        if size is None:
            size = int(min(m, max(LIST_MIN, np.ceil(3 * m / self.k)), LIST_MAX))
        size = min(size, m)
        width = min(size + 1, m)
        parts = max(1, -(-n // LIST_CHUNK))
        chunks = []
        for part in range(parts):
            if part and time.perf_counter() > deadline:
                break
            rows = np.arange(part, n, parts)
            chunks.append((rows, *self.distances.nearest(rows, width)))
        listed = np.sort(np.concatenate([c[0] for c in chunks]))
        at = np.empty(n, dtype=np.intp)
        at[listed] = np.arange(len(listed))
        dist = np.empty((len(listed), width))
        idx = np.empty((len(listed), width), dtype=np.intp)
        for rows, d, i in chunks:
            dist[at[rows]], idx[at[rows]] = d, i
        if size < m:
            fallback, dist, idx = dist[:, size], dist[:, :size], idx[:, :size]
        else:
            fallback = dist[:, -1]  # every candidate listed: the farthest is never exceeded
        fallback = np.where(np.isfinite(fallback), fallback, self.big)
        dist = np.where(np.isfinite(dist), dist, self.big)  # below the true inf: bounds hold
        fallback = np.minimum(fallback, self.cap[listed])
        cut = None if len(listed) == n else listed
        return search.Lists(idx, dist, fallback, self.weights[listed], m, cut)

    def _solve(self, run: Run) -> Found:
        if self._unservable().any():  # listed in the result's ``uncoverable``
            solver = "trivial" if run.method == "greedy" else _highs.highs_version()
            none = np.zeros(0, dtype=np.intp)
            return self._found(none, Claim("infeasible", None, None), run.method, solver, None)
        run.report(0.1, "greedy")
        exact = run.method == "exact"
        lists = self._lists(deadline=run.deadline - LIST_SHARE * run.remaining())
        cut = lists.listed is not None  # out of time while listing: no exact run
        deadline = run.deadline - (0.7 * run.remaining() if exact and not cut else 0.0)
        start = self._kmeans_start()  # and its cost, before the search: it has the rest
        start_cost = np.inf if start is None else self._check(start)[1]
        found = search.median_search(
            lists, self.k, self.required, deadline, kicks=EXACT_KICKS if exact else 0
        )
        sites, solver, (feasible, objective) = self._better_start(
            np.asarray(found, dtype=np.intp), start, start_cost
        )
        if exact and not cut:
            return self._exact_lists(run, lists, sites, sites_cost=objective)
        listed = None if lists.listed is None else len(lists.listed)
        run.report(0.7, "bound")
        if not feasible:  # k sites cannot serve every point: none found that does
            return self._found(
                sites, Claim("no_solution", None, None), run.method, solver, None, listed
            )
        kept = None
        if run.remaining() > 0:  # one bound iteration costs a pass over the lists
            cost, _ = self._assigned(sites)
            lam = self._weighted(cost)
            lam = lam if lists.listed is None else lam[lists.listed]
            lagr = exact_.lagrangian(
                lists, self.k, self.required, objective, lam, run.deadline, BOUND_ITERATIONS
            )
            kept = _shown(valid_bound(objective, lagr.bound, False), objective)
        status = "time_limit" if exact else "heuristic"
        claim = Claim(status, kept, relative_gap(objective, kept))
        return self._found(sites, claim, run.method, solver, None, listed)

    def _exact_lists(
        self, run: Run, lists: search.Lists, sites: np.ndarray, sites_cost: float
    ) -> Found:
        """Lagrangian bound, fixing, trimming and the residual MIP (module docstring), from
        ``sites`` of true cost ``sites_cost``."""
        best, best_obj = sites, sites_cost
        cover = self._assigned(best)[0]
        outcome, bounds, lam = None, [], None
        pool: list[tuple[float, np.ndarray]] = []
        for _ in range(MAX_LIST_ROUNDS):
            run.report(0.4, "bound")
            if lam is None:
                # finite multipliers even when the start leaves a point unserved (inf)
                lam = self._weighted(np.minimum(self._assigned(best)[0], self.big))
            lagr = exact_.lagrangian(
                lists,
                self.k,
                self.required,
                best_obj,
                lam,
                run.deadline - 0.5 * run.remaining(),
                polish=functools.partial(self._polish, lists, run.deadline, pool),
            )
            if lagr.sites is not None and lagr.upper < best_obj:
                best, best_obj = lagr.sites, lagr.upper
            for cost, found_sites in pool:  # good solutions keep their true cost below
                if cost <= (1 + COVER_WITHIN) * best_obj:
                    cover = np.maximum(cover, self._assigned(found_sites)[0])
            lam = lagr.lam
            bounds.append(lagr.bound)
            closed, opened = exact_.fix(lagr, self.k, self.required, best_obj)
            longer = False
            for _ in range(MAX_TRIM_ROUNDS):
                found, objective, outcome, kept = self._residual(
                    run, lists, (lagr.lam, closed, opened, cover), best
                )
                if found is not None and objective is not None and objective < best_obj:
                    best, best_obj = found, objective
                if (
                    outcome.code != "optimal"
                    or outcome.x is None
                    or outcome.bound is None
                    or outcome.bound >= best_obj * (1 - 1e-9)
                    or run.remaining() <= 0.01
                ):
                    break  # proved, or out of time: settled below
                # The MIP's solution costs more than the trimmed lists said: serve each
                # point's entries up to where that solution serves it, and solve again.
                mip = _pick(kept, outcome.x)
                served = self._assigned(mip)[0]
                longer = lists.idx.shape[1] < self.n_candidates
                if longer and bool((served > lists.fallback * (1 + 1e-12)).any()):
                    break
                longer = False
                cover = np.maximum(cover, served)
            if not longer:
                break
            wider = self._lists(2 * lists.idx.shape[1], run.deadline)
            if wider.listed is not None:  # out of time while listing: settle on this round
                break
            lists = wider
        if outcome is None:
            return self._found(
                best, Claim("feasible", None, None), run.method, _highs.highs_version(), None
            )
        bound = outcome.bound
        if bound is not None:
            bound = min(bound, best_obj)  # sites fixed out cost more than best_obj
        bound = _shown(max([b for b in (*bounds, bound) if b is not None], default=None), best_obj)
        claim = settle(outcome.code, self._check(best)[0], best_obj, bound, False)
        return self._found(best, claim, run.method, _highs.highs_version(), outcome.name)

    def _better_start(
        self, sites: np.ndarray, start: np.ndarray | None, start_cost: float
    ) -> tuple[np.ndarray, str, tuple[bool, float]]:
        """The search's ``sites`` or the k-means ``start`` (:meth:`_kmeans_start`, on the
        sphere; ``start_cost`` its cost), whichever costs less over the true distances;
        with the solver's name and the :meth:`_check` of the sites kept.

        The lists hold only each point's nearest candidates, their end standing for
        everything farther; where the nearest open site lies far beyond them (the sparse
        west, at 500 sites for the whole country) the search sees the point's cost as the
        list's end and leaves such places short of sites. k-means sees every distance:
        500 sites over the 110,000 communities, the youth 22.8 km from the nearest site
        on average from the k-means start (0.6 s) against 27.6 km after 60 s of search
        (``benchmarks/siting.py``, median). Swaps from the start on the lists raised its
        true cost (by 99% in Guangdong, k = 50), so it is taken as it is. It does not see
        existing Youth Homes: where they serve most points, the search's sites are kept.
        """
        checked = self._check(sites)
        if start is not None and start_cost < checked[1]:
            return start, "kmeans", (True, start_cost)  # a finite cost: feasible
        return sites, "greedy+swap", checked

    def _kmeans_start(self) -> np.ndarray | None:
        """The required sites and, for the others, the free candidate nearest each centre
        of scikit-learn's ``MiniBatchKMeans`` of the points' unit vectors weighted by
        youth (fixed seed); ``None`` off the sphere (a cost matrix) or with no site to
        choose."""
        points = self.distances
        free = self.k - len(self.required)
        live = self.weights > 0
        if not isinstance(points, _inputs.SpherePoints) or free < 1 or live.sum() <= free:
            return None
        from sklearn.cluster import MiniBatchKMeans

        with warnings.catch_warnings():  # fewer distinct points than centres: said below
            warnings.simplefilter("ignore")
            fit = MiniBatchKMeans(free, n_init=1, random_state=0, batch_size=4096).fit(
                unit_vectors(points.demand[live]), sample_weight=self.weights[live]
            )
        centres = fit.cluster_centers_
        centres = centres / np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
        width = min(START_NEIGHBOURS, self.n_candidates)
        near = points.index.tree.query(centres, k=width, workers=-1)[1]
        chosen = [int(j) for j in self.required]
        taken = set(chosen)
        for row in np.asarray(near).reshape(len(centres), width):
            j = next((int(j) for j in row if int(j) not in taken), None)
            if j is None:  # every candidate near this centre already taken
                return None
            chosen.append(j)
            taken.add(j)
        return np.asarray(chosen, dtype=np.intp)

    def _residual(
        self,
        run: Run,
        lists: search.Lists,
        state: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        best: np.ndarray,
    ) -> tuple[np.ndarray | None, float | None, _highs.Outcome, np.ndarray]:
        """The residual MIP on the lists trimmed at the multipliers of ``state`` (``lam``,
        the sites fixed closed and open, each point's cover), handed to HiGHS from
        ``best``: the sites it found, their objective, its outcome and the candidate of
        each ``y`` column. With no time left to write the MIP, or to load it
        (:meth:`Run.fits`), nothing is found and the outcome is the time limit's: at 500
        sites over the 110,000 communities, writing it and its start took 21 s, and the
        run ended 16 s after a 30 s limit."""
        lam, closed, opened, cover = state
        use, fallback = exact_.trim(lists, lam, closed, cover)
        built = exact_.radius_program(lists, use, fallback, closed, opened, self.k, run.deadline)
        if built is None:
            return None, None, _highs.time_limit_outcome(), np.zeros(0, dtype=np.intp)
        program, kept = built
        size = _highs.size(program)
        if not run.fits(size):
            return None, None, _highs.not_started(_highs.load_seconds(size)), kept
        start = exact_.radius_start(lists, use, program, kept, best)
        run.report(0.6, "exact")
        found, objective, outcome = self._exact(
            run, program, (start, best), functools.partial(_pick, kept)
        )
        return found, objective, outcome, kept

    def _polish(
        self,
        lists: search.Lists,
        deadline: float,
        pool: list[tuple[float, np.ndarray]],
        opened: np.ndarray,
    ) -> tuple[np.ndarray, float]:
        """Swaps from the sites a Lagrangian relaxation opens; their true cost (also
        added to ``pool``)."""
        sites = np.asarray(search.swap_search(lists, list(opened), self.required, deadline))
        cost = self._check(sites)[1]
        pool.append((cost, sites))
        return sites, cost

    def _found(self, sites, claim, method, solver, solver_status, listed=None) -> Found:
        """``listed``: the demand points listed before the time limit, when not all were
        (``extra["listed_demand"]``: the search saw only those)."""
        cost, _ = self._assigned(sites)
        total = float(self.weights.sum())
        extra = {"mean_distance": float(self._weighted(cost).sum()) / total if total else 0.0}
        if listed is not None:
            extra["listed_demand"] = float(listed)
        return Found(np.asarray(sites, dtype=np.intp), claim, method, solver, solver_status, extra)


def _shown(bound: float | None, objective: float) -> float | None:
    """``bound``, or ``None`` when it is zero or less under a positive ``objective``: a gap
    of 100% or more says no more than that costs are not negative. A Lagrangian bound
    cut short by the time limit can be far below zero (500 sites over the 110,000
    communities in 60 s: -16 trillion, a gap of 297%)."""
    return None if bound is not None and bound <= 0 < objective else bound


def _pick(kept: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The candidates (``kept`` positions) a residual MIP's column values open."""
    return kept[np.flatnonzero(x[: len(kept)] > 0.5)]
