r"""Capacitated maximal covering: each Youth Home serves at most its capacity in youth.

No open library offers it (spopt's users ask in its issues #222 and #415). With
:math:`N_i` the candidates within the radius of community :math:`i`, :math:`w_i` its
youth (the weight), :math:`C_j` the capacity of site :math:`j` (one number, or a column
per candidate) and :math:`R` the required sites, each community is assigned wholly to at
most one open site in reach:

.. math::

    \max \sum_i \sum_{j \in N_i} w_i z_{ij} \quad\text{s.t.}\quad
    \sum_{j \in N_i} z_{ij} \le 1 \;\forall i,\quad
    \sum_{i: j \in N_i} w_i z_{ij} \le C_j x_j \;\forall j,\quad
    z_{ij} \le x_j,

.. math::

    \sum_j x_j \le k \;(= k \text{ with exactly\_k}),\quad x_j = 1 \;\forall j \in R,\quad
    x_j, z_{ij} \in \{0, 1\}.

The links :math:`z_{ij} \le x_j` are implied by the capacity rows but tighten the LP
relaxation enough to matter (see ``_program``). No reduction applies (capacities make identical communities different).
Cost: one binary per (community, site in reach) pair — ``nnz`` of the coverage
matrix, 53,100 for 8,000 communities × 1,500 candidates at 1,500 m.

``greedy``: sites opened by the weight they can take (first-fit decreasing), every
community re-packed best-fit decreasing with one-ejection repair, then site swaps
(:mod:`geo.siting._capacity_search`); its bound is the smaller of the ``k`` largest
capacities and maximal covering's bound without capacities. ``exact``: HiGHS on the
model above from that start (stopped early, the same bound backs HiGHS's).
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import scipy.sparse as sp

from geo.analysis.coverage import problem
from geo.siting import _capacity_search as search
from geo.siting import _highs
from geo.siting._base import DEFAULT_K, Found, Run
from geo.siting._coverage import _CoverageModel
from geo.siting.cover import MaxCover, _heuristic_claim
from geo.siting.result import settle

CAPACITY_TOL = 1e-6
"""Relative slack allowed on a site's load when checking a solution."""


class CapacitatedMaxCover(_CoverageModel):
    """Capacitated maximal covering; formulation in :mod:`geo.siting.capacitated`.

    Parameters
    ----------
    k
        Number of sites (required sites included).
    capacity
        Youth (weight) one site can serve: a positive number, one per candidate, or —
        when built from layers — the name of a column of the candidates.
    exactly_k
        Open exactly ``k`` sites (default: at most ``k``).
    """

    model_name = "capacitated_max_cover"
    maximize = True
    assigns = True

    def _layer_params(self, cands: pd.DataFrame, given: int, params: dict) -> dict:
        capacity = params.get("capacity")
        if not isinstance(capacity, str):
            return params
        if capacity not in cands.columns:
            raise problem("capacity_col_missing", column=capacity)
        values = pd.to_numeric(cands[capacity], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~np.isfinite(values) | (values <= 0))
        if len(bad) and bad[0] >= given:  # a required site added without its own capacity
            site = str(cands["id"].iloc[bad[0]])
            raise problem("capacity_required", column=capacity, id=site)
        if len(bad):
            raise problem("capacity_value", row=int(bad[0]) + 2, column=capacity)
        return {**params, "capacity": values}

    def _set_params(
        self, k: object = DEFAULT_K, capacity: object = None, exactly_k: bool = False, **params
    ) -> None:
        super()._set_params(**params)
        self._set_k(k, exactly_k)
        if capacity is None:
            raise problem("capacity_missing", column="capacity")
        try:
            cap = np.broadcast_to(np.asarray(capacity, dtype=float), (self.n_candidates,))
        except (TypeError, ValueError):
            raise problem("capacity_value", column="capacity") from None
        if not np.isfinite(cap).all() or (cap <= 0).any():
            raise problem("capacity_value", column="capacity")
        self.capacity = cap.copy()
        self._site = np.full(self.n_demand, -1)

    # ---- checking
    def _check(self, solution) -> tuple[bool, float]:
        sites, site = solution
        sites = np.asarray(sites, dtype=np.intp)
        count_ok = len(sites) == self.k if self.exactly_k else len(sites) <= self.k
        ok = self._valid_sites(sites) and count_ok
        assigned = np.flatnonzero(site >= 0)
        if len(assigned):
            ok = ok and bool(np.isin(site[assigned], sites).all())
            ok = ok and bool((np.asarray(self.matrix[assigned, site[assigned]]).ravel() > 0).all())
            load = np.bincount(
                site[assigned], weights=self.weights[assigned], minlength=self.n_candidates
            )
            ok = ok and bool((load <= self.capacity * (1 + CAPACITY_TOL) + 1e-9).all())
        return ok, float(self.weights[assigned].sum())

    def _program(self) -> _highs.Program:
        """Columns: sites then pairs (CSR order); rows: communities, capacities, links
        ``z <= x``, then ``k``. Without the links HiGHS proved no optimum at 3,000 × 600
        in 120 s (with them: 75 s)."""
        n, m = self.matrix.shape
        pairs = self.matrix.tocoo()
        order = np.lexsort((pairs.col, pairs.row))
        pi, pj = pairs.row[order], pairs.col[order]
        p = len(pi)
        z = m + np.arange(p)
        link = n + m + np.arange(p)
        rows = np.concatenate([pi, n + pj, n + np.arange(m), link, link, np.full(m, n + m + p)])
        cols = np.concatenate([z, z, np.arange(m), z, pj, np.arange(m)])
        vals = np.concatenate(
            [np.ones(p), self.weights[pi], -self.capacity, np.ones(p), -np.ones(p), np.ones(m)]
        )
        a = sp.csc_matrix((vals, (rows, cols)), shape=(n + m + p + 1, m + p))
        lower = np.zeros(m + p)
        lower[self.required] = 1.0
        k = float(self.k)
        return _highs.Program(
            a,
            cost=np.concatenate([np.zeros(m), self.weights[pi]]),
            col_lower=lower,
            col_upper=np.ones(m + p),
            row_lower=np.concatenate(
                [np.full(n + m + p, -_highs.INF), [k if self.exactly_k else -_highs.INF]]
            ),
            row_upper=np.concatenate([np.ones(n), np.zeros(m + p), [k]]),
            integer=np.ones(m + p, dtype=bool),
            maximize=True,
        )

    def _decode(self, x: np.ndarray, pi: np.ndarray, pj: np.ndarray):
        m = self.n_candidates
        sites = np.flatnonzero(x[:m] > 0.5)
        site = np.full(self.n_demand, -1)
        hit = x[m:] > 0.5
        site[pi[hit]] = pj[hit]
        return self._topped(sites), site

    def _topped(self, sites: np.ndarray) -> np.ndarray:
        return self._fill(sites, self.k) if self.exactly_k else np.asarray(sites, dtype=np.intp)

    # ---- solving
    def _solve(self, run: Run) -> Found:
        run.report(0.1, "greedy")
        sites, site = search.capacity_search(
            self.matrix, self.weights, self.capacity, self.k, self.required, run.deadline
        )
        start = (self._topped(np.asarray(sites, dtype=np.intp)), site)
        if run.method == "greedy":
            self._site = site
            claim = _heuristic_claim(self._check(start)[1], self._bound(run), True)
            return Found(start[0], claim, run.method, "greedy+best-fit+swap")
        run.report(0.5, "exact")
        if not run.fits(self._size()):  # HiGHS would not even load it in the time left
            return self._not_solved(run, start, _highs.load_seconds(self._size()))
        program = self._program()
        pairs = self.matrix.tocoo()
        order = np.lexsort((pairs.col, pairs.row))
        pi, pj = pairs.row[order], pairs.col[order]
        x0 = np.zeros(program.a.shape[1])
        x0[start[0]] = 1.0
        served = np.flatnonzero(site >= 0)  # each (community, its site) pair's column
        m = self.n_candidates
        keys = pi.astype(np.int64) * m + pj
        x0[m + np.searchsorted(keys, served.astype(np.int64) * m + site[served])] = 1.0
        found, objective, out = self._exact(
            run, program, (x0, start), lambda x: self._decode(x, pi, pj)
        )
        solution = found if found is not None else start
        self._site = solution[1]
        bound = out.bound
        if out.code != "optimal":
            bound = min(b for b in (bound, self._bound(run)) if b is not None)
        settled = self._settled(run, out, found, objective, bound, start, "greedy+best-fit+swap")
        settled.sites = solution[0]
        return settled

    def _size(self) -> int:
        """Non-zeros of :meth:`_program` with its rows and columns, without building it."""
        n, m = self.matrix.shape
        p = self.matrix.nnz
        return (4 * p + 2 * m) + (n + m + p + 1) + (m + p)

    def _not_solved(self, run: Run, start, load: float) -> Found:
        """The heuristic's sites and assignment when HiGHS had no time to load the model
        (``load`` seconds expected): the time limit was reached, the bound is the
        heuristic's (:meth:`_bound`)."""
        self._site = start[1]
        feasible, objective = self._check(start)
        claim = settle("time_limit", feasible, objective, self._bound(run), True)
        found = Found(start[0], claim, run.method, "greedy+best-fit+swap")
        found.extra["highs_load_s"] = load
        return found

    def _bound(self, run: Run) -> float:
        """A bound without the MIP: no more than the ``k`` largest capacities, nor than
        maximal covering without capacities can reach (its heuristic's proven bound), this
        one only with time left (its reduction alone took 0.9 s nationally)."""
        top = float(np.sort(self.capacity)[::-1][: self.k].sum())
        if run.remaining() <= 0:
            return top
        cover = MaxCover(self.matrix, self.weights, self.demand_ids, self.candidate_ids)
        cover.required, cover.k, cover.exactly_k = self.required, self.k, False
        share = Run(
            "greedy",
            time.perf_counter() + 0.2 * run.remaining(),
            run.report,
            run.threads,
            run.options,
        )
        bound = cover._solve(share).claim.bound
        return min(top, bound) if bound is not None else top

    # ---- results
    def _objective(self, sites: np.ndarray) -> float:
        return self._check((sites, self._site))[1]

    def _served(
        self, sites: np.ndarray, deadline: float = np.inf
    ) -> tuple[np.ndarray, list[float], list[int]]:
        sites = np.asarray(sites, dtype=np.intp)
        ok = self._site >= 0
        weight = np.bincount(self._site[ok], weights=self.weights[ok], minlength=self.n_candidates)
        count = np.bincount(self._site[ok], minlength=self.n_candidates)
        order = sites[np.argsort(-weight[sites], kind="stable")]
        return order, weight[order].tolist(), count[order].astype(int).tolist()

    def _pairs(self, sites: np.ndarray) -> pd.DataFrame:
        ok = np.flatnonzero(self._site >= 0)
        frame = pd.DataFrame(
            {
                "community_id": self.demand_ids[ok],
                "site_id": self.candidate_ids[self._site[ok]],
            }
        )
        if self._distance is not None and len(ok):
            frame["distance"] = np.asarray(self._distance[ok, self._site[ok]]).ravel() - 1.0
        return frame

    def _site_columns(self, table: pd.DataFrame, result) -> pd.DataFrame:
        position = {c: i for i, c in enumerate(self.candidate_ids)}
        table["capacity"] = [self.capacity[position[s]] for s in table["id"]]
        return table
