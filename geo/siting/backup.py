r"""Backup coverage (LSCP-B): cover everything, then cover as much as possible twice.

As spopt's ``LSCPB`` (after Church & Murray 2018), with :math:`p` the number of sites —
the set covering optimum unless ``k`` is given — :math:`N_i` the candidates within the
radius of demand :math:`i`, :math:`w_i` its weight (communities when ``weight=None``,
spopt's count) and :math:`R` the required sites:

.. math::

    \max \sum_i w_i u_i \quad\text{s.t.}\quad
    \sum_{j \in N_i} x_j \ge 1 + u_i \;\forall i \text{ coverable},\quad
    \sum_j x_j = p,\quad x_j = 1 \;\forall j \in R,\quad
    x_j \in \{0,1\},\; 0 \le u_i \le 1 \;(u_i = 0 \text{ if } |N_i| < 2).

:math:`u_i` may stay continuous: with integer :math:`x` its best value is integral.
Demand points with identical candidate sets are aggregated; dominated candidates are
*not* dropped (a backup may need both a site and the one dominating it).

``p`` comes from :class:`~geo.siting.cover.SetCover` on the same model, by the same
method, with half of the time limit; a run claims ``"optimal"`` only when that first
stage was proven optimal too (the lexicographic optimum), otherwise the first stage's
status is kept in ``extra["p_status"]``. ``greedy``: the set cover heuristic, topped up
to ``p`` by the sites adding most backup, then swaps that keep full coverage and raise
the backup (:func:`~geo.siting._cover_search.backup_swap_search`: two sparse products per
open site per pass); its bound is the LP relaxation's. ``exact``: HiGHS on the model
above from that start.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import scipy.sparse as sp

from geo.siting import _cover_search as search
from geo.siting import _highs
from geo.siting._base import Found, Run
from geo.siting._coverage import _CoverageModel
from geo.siting._reduce import Reduced, reduce
from geo.siting.cover import SetCover, _heuristic_claim
from geo.siting.result import Claim

FIRST_STAGE_SHARE = 0.5
"""Share of the time limit the set covering stage may use when ``p`` is not given."""


class BackupCover(_CoverageModel):
    """Backup coverage location problem (LSCP-B); formulation in :mod:`geo.siting.backup`.

    Parameters
    ----------
    k
        Number of sites ``p`` (required sites included); default ``None``: the fewest
        sites covering every coverable community (the set covering optimum).
    """

    model_name = "backup_cover"
    maximize = True

    def _set_params(self, k: object = None, **params: object) -> None:
        super()._set_params(**params)
        self.k_given = k is not None
        self.k = 0
        if k is not None:
            self._set_k(k, fits=True)
        self.p = self.k

    def _check(self, sites: np.ndarray) -> tuple[bool, float]:
        count = self._cover_count(sites)
        ok = (
            self._valid_sites(sites)
            and (self.p is None or len(sites) == self.p)
            and bool(((count > 0) | ~self._coverable()).all())
        )
        return ok, float(self.weights[count >= 2].sum())

    def _program(self, red: Reduced, p: int) -> _highs.Program:
        """Columns: sites then groups' ``u``; rows: ``A x - u >= 1`` then ``sum x = p``."""
        ng, m = red.shape
        a = sp.bmat(
            [[red.csc, -sp.identity(ng, format="csc")], [sp.csc_matrix(np.ones((1, m))), None]],
            format="csc",
        )
        a.sort_indices()
        lower = np.zeros(m + ng)
        lower[self.required] = 1.0  # no dominance: column j is candidate j
        two = (np.diff(red.csr.indptr) >= 2).astype(float)
        return _highs.Program(
            a,
            cost=np.concatenate([np.zeros(m), red.weight]),
            col_lower=lower,
            col_upper=np.concatenate([np.ones(m), two]),
            row_lower=np.concatenate([np.ones(ng), [float(p)]]),
            row_upper=np.concatenate([np.full(ng, _highs.INF), [float(p)]]),
            integer=np.concatenate([np.ones(m, bool), np.zeros(ng, bool)]),
            maximize=True,
        )

    def _first_stage(self, run: Run) -> tuple[np.ndarray, Claim]:
        """The set cover solution giving ``p`` (by the same method), and its claim."""
        cover = SetCover(
            self.matrix, self.weights, self.demand_ids, self.candidate_ids, lang=self.lang
        )
        cover.required = self.required
        share = FIRST_STAGE_SHARE * run.remaining()
        stage = Run(
            run.method, time.perf_counter() + share, run.report, run.threads, run.options, run.lang
        )
        found = cover._solve(stage)
        return found.sites, found.claim

    def _solve(self, run: Run) -> Found:
        cover, stage = self._first_stage(run)
        self.p = self.k if self.k_given else len(cover)
        extra: dict[str, Any] = {"p": float(self.p)}
        if not self.k_given:
            extra["p_status"] = stage.status
        coverable = np.flatnonzero(self._coverable())
        red = reduce(self.matrix[coverable], self.weights[coverable], False, dominance=False)
        run.report(0.5, "swap")
        start = self._heuristic(red, cover, run)
        found = self._run_method(run, red, start)
        found.extra.update(extra)
        found.extra["backup_demand"] = float((self._cover_count(found.sites) >= 2).sum())
        if found.claim.status == "optimal" and not self.k_given and stage.status != "optimal":
            found.claim = Claim("feasible", found.claim.bound, found.claim.gap)
        return found

    def _heuristic(self, red: Reduced, cover: np.ndarray, run: Run) -> np.ndarray | None:
        """The cover topped up to ``p`` by the sites adding most backup, then swaps."""
        if len(cover) > self.p:
            return None
        chosen = [int(j) for j in cover]
        cnt = red.counts(chosen)
        taken = np.zeros(red.shape[1], dtype=bool)
        taken[chosen] = True
        while len(chosen) < self.p:
            gain = red.csc.T @ np.where(cnt == 1, red.weight, 0.0)
            gain[taken] = -np.inf
            j = int(np.argmax(gain))
            chosen.append(j)
            taken[j] = True
            cnt[red.column(j)] += 1
        chosen = search.backup_swap_search(red, chosen, self.required, run.deadline)
        return np.asarray(chosen, dtype=np.intp)

    def _run_method(self, run: Run, red: Reduced, start: np.ndarray | None) -> Found:
        program = self._program(red, self.p)
        if run.method == "greedy":
            if start is None:
                return Found(
                    np.zeros(0, np.intp),
                    Claim("no_solution", None, None),
                    run.method,
                    "greedy+backup-swap",
                )
            lp = run.lp(program)
            bound = None if lp is None else lp.bound
            claim = _heuristic_claim(self._check(start)[1], bound, True)
            return Found(start, claim, run.method, "greedy+backup-swap")
        run.report(0.6, "exact")
        x0 = None
        if start is not None:
            x0 = np.zeros(program.a.shape[1])
            x0[start] = 1.0
            cnt = red.counts(start)
            x0[red.shape[1] :] = np.minimum(
                np.maximum(cnt - 1, 0), program.col_upper[red.shape[1] :]
            )
        found, objective, out = self._exact(
            run,
            program,
            None if start is None else (x0, start),
            lambda x: np.flatnonzero(x[: red.shape[1]] > 0.5),
        )
        fallback = start if start is not None else np.zeros(0, np.intp)
        return self._settled(run, out, found, objective, out.bound, fallback)
