r"""Maximal covering (MCLP) and set covering (LSCP).

Both reduce the model first (:mod:`geo.siting._reduce`): demand covered by a required
site is done, demand points with identical candidate sets are aggregated, demand nobody
can reach is set aside, dominated candidates are dropped. Then:

:class:`MaxCover` (MCLP, Church & ReVelle 1974), with :math:`N_i` the candidates within
the radius of demand :math:`i`, :math:`w_i` its youth and :math:`R` the required sites:

.. math::

    \max \sum_i w_i y_i \quad\text{s.t.}\quad
    y_i \le \sum_{j \in N_i} x_j \;\forall i,\quad
    \sum_j x_j \le k \;(= k \text{ with exactly\_k}),\quad
    x_j = 1 \;\forall j \in R,\quad x_j \in \{0,1\},\; 0 \le y_i \le 1.

``greedy``: lazy greedy + 1-swap local search, restarted from roundings of the LP
relaxation and from forced first sites (:func:`~geo.siting._cover_search.max_cover_search`);
its bound is the smaller of the LP optimum and the submodular bound. Cost: the LP
(HiGHS, well under a second at city scale) plus ``O(k · nnz)`` per swap pass.

:class:`SetCover` (LSCP, Toregas et al. 1971):

.. math::

    \min \sum_j x_j \quad\text{s.t.}\quad \sum_{j \in N_i} x_j \ge 1 \;\forall i
    \text{ coverable},\quad x_j = 1 \;\forall j \in R,\quad x_j \in \{0,1\}.

``greedy``: greedy cover, redundant sites removed, then LP-guided ruin and recreate
(:func:`~geo.siting._cover_search.set_cover_search`) until the LP bound or
:data:`~geo.siting._cover_search.RUIN_ROUNDS_PER_SITE` rounds per site; its bound is
the LP optimum rounded up. Communities no candidate reaches are listed in
:attr:`~geo.siting.result.SitingResult.uncoverable`, never dropped silently.

``exact`` for both: the integer programme in HiGHS, warm-started from the heuristic
(for SetCover, its greedy and LP-guided starts only: HiGHS does the rest faster than
ruin and recreate), under the time limit; the status is checked
(:func:`~geo.siting.result.settle`).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from geo.siting import _cover_search as search
from geo.siting import _highs
from geo.siting._base import DEFAULT_K, Found, Run
from geo.siting._coverage import _CoverageModel
from geo.siting._reduce import Reduced, reduce
from geo.siting.result import Claim, relative_gap, valid_bound

LP_NNZ_LIMIT = 2_000_000
"""The LP relaxation (for starts and bounds) runs only below this many non-zeros."""

EXACT_SEARCH_SHARE = 0.2
"""Share of the time limit the heuristic start of an exact run may use."""


def _heuristic_claim(objective: float, bound: float | None, maximize: bool) -> Claim:
    kept = valid_bound(objective, bound, maximize)
    return Claim("heuristic", kept, relative_gap(objective, kept))


def _trivial(sites: np.ndarray, method: str) -> Found:
    """Nothing left to choose: the sites are optimal by construction."""
    return Found(sites, Claim("optimal", None, 0.0), method, "trivial")


class MaxCover(_CoverageModel):
    """Maximal covering location problem (MCLP); formulation in :mod:`geo.siting.cover`.

    Parameters
    ----------
    k
        Number of sites (positive integer, required sites included), passed to the
        constructors.
    exactly_k
        Open exactly ``k`` sites (default: at most ``k``; adding a site never lowers
        coverage, so only a model with fewer useful candidates than ``k`` differs).
    """

    model_name = "max_cover"
    maximize = True

    def _set_params(self, k: object = DEFAULT_K, exactly_k: bool = False, **params) -> None:
        super()._set_params(**params)
        self._set_k(k, exactly_k)

    def _check(self, sites: np.ndarray) -> tuple[bool, float]:
        ok = self._valid_sites(sites) and (
            len(sites) == self.k if self.exactly_k else len(sites) <= self.k
        )
        return ok, float(self.weights[self._cover_count(sites) > 0].sum())

    def _program(self, red: Reduced, k: int) -> _highs.Program:
        """Columns: sites then groups; rows: ``y_g <= sum x`` then ``sum x <= k``."""
        ng, m = red.shape
        a = sp.bmat(
            [[-red.csc, sp.identity(ng, format="csc")], [sp.csc_matrix(np.ones((1, m))), None]],
            format="csc",
        )
        a.sort_indices()
        return _highs.Program(
            a,
            cost=np.concatenate([np.zeros(m), red.weight]),
            col_lower=np.zeros(m + ng),
            col_upper=np.ones(m + ng),
            row_lower=np.full(ng + 1, -_highs.INF),
            row_upper=np.concatenate([np.zeros(ng), [float(k)]]),
            integer=np.concatenate([np.ones(m, bool), np.zeros(ng, bool)]),
            maximize=True,
        )

    def _solve(self, run: Run) -> Found:
        fixed_rows = self._required_rows()
        fixed_weight = float(self.weights[fixed_rows].sum())
        free = np.flatnonzero(~fixed_rows)
        red = reduce(self.matrix[free], self.weights[free], drop_zero_weight=True)
        k = self.k - len(self.required)
        if k == 0 or not red.shape[0] or not red.shape[1]:
            return _trivial(self._fill(self.required, self.k if self.exactly_k else 0), run.method)
        run.report(0.1, "greedy")
        program = self._program(red, k)
        lp = run.lp(program) if red.csc.nnz <= LP_NNZ_LIMIT else None
        lp_pair = None
        if lp is not None and lp.x is not None and lp.bound is not None:
            lp_pair = (np.clip(lp.x[: red.shape[1]], 0, 1), lp.bound)
        chosen = search.max_cover_search(red, k, run.deadline, lp_pair)
        bounds = [fixed_weight + search.submodular_bound(red, chosen, k)]
        if lp is not None and lp.bound is not None:
            bounds.append(fixed_weight + lp.bound)
        sites = self._sites(red, chosen)
        if run.method == "greedy":
            claim = _heuristic_claim(self._check(sites)[1], min(bounds), True)
            return Found(sites, claim, run.method, "lazy-greedy+swap")
        run.report(0.5, "exact")
        start = np.zeros(program.a.shape[1])
        start[chosen] = 1.0
        start[red.shape[1] :] = (red.counts(chosen) > 0).astype(float)
        found, objective, out = self._exact(
            run,
            program,
            (start, sites),
            lambda x: self._sites(red, np.flatnonzero(x[: red.shape[1]] > 0.5)),
        )
        if out.bound is not None:
            bounds.append(fixed_weight + out.bound)
        bound = (
            fixed_weight + out.bound
            if out.code == "optimal" and out.bound is not None
            else min(bounds)
        )
        return self._settled(run, out, found, objective, bound, sites, "lazy-greedy+swap")

    def _sites(self, red: Reduced, chosen) -> np.ndarray:
        picked = np.concatenate([self.required, red.cols[np.asarray(chosen, dtype=np.intp)]])
        return self._fill(picked, self.k) if self.exactly_k else picked.astype(np.intp)


class SetCover(_CoverageModel):
    """Location set covering problem (LSCP); formulation in :mod:`geo.siting.cover`.

    Communities already covered by existing Youth Homes are removed first; communities
    with no candidate within the radius cannot be covered and are listed in
    :attr:`SitingResult.uncoverable` instead of being dropped silently.
    """

    model_name = "set_cover"
    maximize = False

    def _check(self, sites: np.ndarray) -> tuple[bool, float]:
        covered = self._cover_count(sites) > 0
        ok = self._valid_sites(sites) and bool((covered | ~self._coverable()).all())
        return ok, float(len(sites))

    @staticmethod
    def _program(red: Reduced) -> _highs.Program:
        ng, m = red.shape
        return _highs.Program(
            red.csc,
            cost=np.ones(m),
            col_lower=np.zeros(m),
            col_upper=np.ones(m),
            row_lower=np.ones(ng),
            row_upper=np.full(ng, _highs.INF),
            integer=np.ones(m, dtype=bool),
            maximize=False,
        )

    def _reduced(self) -> Reduced:
        free = np.flatnonzero(self._coverable() & ~self._required_rows())
        return reduce(self.matrix[free], self.weights[free], drop_zero_weight=False)

    def _solve(self, run: Run) -> Found:
        red = self._reduced()
        if not red.shape[0]:
            return _trivial(self.required.copy(), run.method)
        run.report(0.1, "greedy")
        program = self._program(red)
        lp = run.lp(program) if red.csc.nnz <= LP_NNZ_LIMIT else None
        lp_bound = None
        lp_triple = None
        if lp is not None and lp.bound is not None:
            lp_bound = len(self.required) + float(np.ceil(lp.bound - 1e-6))
            if lp.x is not None and lp.duals is not None:
                lp_triple = (np.clip(lp.x, 0, 1), lp.duals, lp.bound)
        exact = run.method == "exact"
        deadline = run.deadline
        if exact:
            deadline = min(deadline, run.deadline - (1 - EXACT_SEARCH_SHARE) * run.remaining())
        chosen = search.set_cover_search(red, deadline, lp_triple, rounds=0 if exact else None)
        sites = np.concatenate([self.required, red.cols[chosen]]).astype(np.intp)
        if not exact:
            claim = _heuristic_claim(float(len(sites)), lp_bound, False)
            return Found(sites, claim, run.method, "greedy+ruin-recreate")
        run.report(0.4, "exact")
        start = np.zeros(red.shape[1])
        start[chosen] = 1.0

        def decode(x: np.ndarray) -> np.ndarray:
            return np.concatenate([self.required, red.cols[np.flatnonzero(x > 0.5)]]).astype(
                np.intp
            )

        found, objective, out = self._exact(run, program, (start, sites), decode)
        bound = None if out.bound is None else len(self.required) + float(np.ceil(out.bound - 1e-6))
        if out.code != "optimal" and lp_bound is not None:
            bound = lp_bound if bound is None else max(bound, lp_bound)
        return self._settled(run, out, found, objective, bound, sites, "greedy+ruin-recreate")
