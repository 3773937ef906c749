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
above from that start. When ``p`` is the proven set covering optimum, the model splits
along the connected parts of the coverage graph (communities and the candidates within
their radius): every cover with the fewest sites uses the fewest sites of each part, so
each part is its own MIP with its own count, solved in turn, and the optima and bounds
add up (8,000 × 1,500 clustered: 38 parts, 10.7 s instead of 52 s as one MIP whose branch
and bound worked on all clusters at once; benchmarks/README.md).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from geo.siting import _cover_search as search
from geo.siting import _highs
from geo.siting._base import Found, Run, _handed_back
from geo.siting._coverage import _CoverageModel
from geo.siting._reduce import Reduced, reduce
from geo.siting.cover import SetCover, _heuristic_claim, _trivial
from geo.siting.result import Claim, settle

FIRST_STAGE_SHARE = 0.5
"""Share of the time limit the set covering stage may use when ``p`` is not given."""

EXACT_SWAP_SHARE = 0.2
"""Share of the time left that the swaps giving an exact run its start may use (the rest is
HiGHS's)."""


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
        lower = np.zeros(red.shape[1])
        lower[self.required] = 1.0  # no dominance: column j is candidate j
        return _program(red.csc, red.weight, lower, p)

    def _first_stage(self, run: Run) -> tuple[np.ndarray, Claim]:
        """The set cover solution giving ``p`` (by the same method), and its claim."""
        cover = SetCover(self.matrix, self.weights, self.demand_ids, self.candidate_ids)
        cover.required = self.required
        share = FIRST_STAGE_SHARE * run.remaining()
        stage = Run(run.method, time.perf_counter() + share, run.report, run.threads, run.options)
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
        if not red.shape[0]:  # nothing in reach: no site covers anything, any p are optimal
            found = _trivial(self._fill(self.required, self.p), run.method)
            found.extra.update(extra, backup_demand=0.0)
            return found
        run.report(0.5, "swap")
        start = self._heuristic(red, cover, run)
        if run.method == "exact" and start is not None and not self.k_given:
            if stage.status == "optimal":  # p is the fewest sites: parts keep their counts
                found = self._run_parts(run, red, start)
            else:
                found = self._run_method(run, red, start)
        else:
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
        deadline = run.deadline
        if run.method == "exact":
            deadline = time.perf_counter() + EXACT_SWAP_SHARE * run.remaining()
        chosen = search.backup_swap_search(red, chosen, self.required, deadline)
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
            is_start = np.zeros(red.shape[1])
            is_start[start] = 1.0
            x0 = _start(program, red.csc, is_start)
        found, objective, out = self._exact(
            run,
            program,
            None if start is None else (x0, start),
            lambda x: np.flatnonzero(x[: red.shape[1]] > 0.5),
        )
        fallback = start if start is not None else np.zeros(0, np.intp)
        return self._settled(run, out, found, objective, out.bound, fallback, "greedy+backup-swap")

    def _run_parts(self, run: Run, red: Reduced, start: np.ndarray) -> Found:
        """The exact second stage, one connected part of the coverage graph at a time.

        With ``p`` the proven fewest sites covering everything, every cover of ``p`` sites
        uses exactly the fewest sites of each part (a part with more would leave another
        with fewer than it needs), so the model splits into one MIP per part with its own
        count — the start's count there, which is that fewest — and their optima add up.
        """
        run.report(0.6, "exact")
        row_part, col_part = _parts(red)
        lower = np.zeros(red.shape[1])
        lower[self.required] = 1.0
        is_start = np.zeros(red.shape[1], dtype=bool)
        is_start[start] = True
        n_parts = int(max(row_part.max(initial=-1), col_part.max(initial=-1))) + 1
        parts = [np.flatnonzero(row_part == c) for c in range(n_parts)]
        sizes = np.bincount(row_part, weights=np.diff(red.csr.indptr), minlength=n_parts)
        sites = [np.flatnonzero(is_start & ~np.isin(col_part, np.flatnonzero(sizes > 0)))]
        codes, names, bound = [], [], 0.0
        left = float(sizes.sum())
        order = [int(c) for c in np.argsort(sizes, kind="stable") if sizes[c] > 0]
        for at, c in enumerate(order):
            if run.remaining() <= 0:  # time is up: the parts left keep the start's sites
                picked, part_bound = _as_started(red, row_part, col_part, is_start, order[at:])
                sites.append(picked)
                codes.append("time_limit")
                names.append(_highs.time_limit_outcome().name)
                bound += part_bound
                break
            cols = np.flatnonzero(col_part == c)
            part = _Part(red.csr[parts[c]][:, cols].tocsc(), red.weight[parts[c]], cols)
            picked, out, part_bound = part.solve(run, lower[cols], is_start[cols], sizes[c] / left)
            left -= sizes[c]
            sites.append(picked)
            codes.append(out.code)
            names.append(out.name)
            bound += part_bound
        chosen = np.sort(np.concatenate(sites)).astype(np.intp)
        feasible, objective = self._check(chosen)
        worst = next((i for i, code in enumerate(codes) if code != "optimal"), None)
        code = "optimal" if worst is None else codes[worst]
        name = names[worst] if worst is not None else (names[0] if names else "Optimal")
        claim = settle(code, feasible, objective, bound, True)
        found = Found(chosen, claim, run.method, _highs.highs_version(), name)
        found.extra["parts"] = float(len(codes))
        return found


@dataclass(frozen=True)
class _Part:
    """One connected part of the second stage: its groups × its candidates (``cols``)."""

    csc: sp.csc_matrix
    weight: np.ndarray
    cols: np.ndarray

    def value(self, x: np.ndarray) -> float:
        """Weight of the part's groups covered at least twice by the 0/1 sites ``x``."""
        return float(self.weight[np.asarray(self.csc @ x).ravel() >= 2].sum())

    def feasible(self, x: np.ndarray, lower: np.ndarray, p: float) -> bool:
        """Whether the 0/1 sites ``x`` are ``p``, include ``lower`` and cover every group."""
        covered = bool((np.asarray(self.csc @ x).ravel() >= 1).all())
        return covered and x.sum() == p and bool((lower <= x).all())

    def solve(self, run: Run, lower: np.ndarray, start: np.ndarray, share: float):
        """HiGHS on the part from ``start`` (its count fixed); sites, outcome and a bound.

        The bound is HiGHS's, or every group with two candidates when HiGHS has none. A
        run that hands the start back with another objective (highspy 1.16) is repeated
        without the start; the better of start and HiGHS's sites, by :meth:`value`, is kept.
        With the time limit already reached HiGHS is not run (each run takes at least its
        10 ms and its set-up: hundreds of parts took 9 s beyond a 1 s limit): the start
        is kept, the outcome is the time limit.
        """
        if run.remaining() <= 0:
            out = _highs.time_limit_outcome()
        else:
            program = _program(self.csc, self.weight, lower, int(start.sum()))
            out = run.highs(program, _start(program, self.csc, start), share=share)
            if _handed_back(program, out) and run.remaining() > 0.01:
                out = run.highs(program, None, share=share)
        best = start.astype(float)
        if out.x is not None:
            x = (out.x[: len(self.cols)] > 0.5).astype(float)
            if self.feasible(x, lower, start.sum()) and self.value(x) > self.value(best):
                best = x
        top = float(self.weight[np.diff(self.csc.tocsr().indptr) >= 2].sum())
        bound = top if out.bound is None else min(out.bound, top)
        return self.cols[best > 0.5], out, max(bound, self.value(best))


def _as_started(
    red: Reduced, row_part: np.ndarray, col_part: np.ndarray, start: np.ndarray, rest: list[int]
) -> tuple[np.ndarray, float]:
    """The ``start``'s sites in the parts ``rest`` (not solved), and a bound on their
    backup: the weight of their groups with two candidates or more."""
    rows = np.isin(row_part, rest) & (np.diff(red.csr.indptr) >= 2)
    return np.flatnonzero(start & np.isin(col_part, rest)), float(red.weight[rows].sum())


def _parts(red: Reduced) -> tuple[np.ndarray, np.ndarray]:
    """Connected part of each group and of each candidate in the coverage graph."""
    ng, m = red.shape
    graph = sp.bmat([[None, red.csr], [red.csr.T, None]], format="csr")
    _, label = connected_components(graph, directed=False)
    return label[:ng], label[ng:]


def _program(csc: sp.csc_matrix, weight: np.ndarray, lower: np.ndarray, p: int) -> _highs.Program:
    """The LSCP-B MIP of :mod:`geo.siting.backup` on a groups × candidates matrix."""
    ng, m = csc.shape
    a = sp.bmat(
        [[csc, -sp.identity(ng, format="csc")], [sp.csc_matrix(np.ones((1, m))), None]],
        format="csc",
    )
    a.sort_indices()
    two = (np.diff(csc.tocsr().indptr) >= 2).astype(float)
    return _highs.Program(
        a,
        cost=np.concatenate([np.zeros(m), weight]),
        col_lower=np.concatenate([lower, np.zeros(ng)]),
        col_upper=np.concatenate([np.ones(m), two]),
        row_lower=np.concatenate([np.ones(ng), [float(p)]]),
        row_upper=np.concatenate([np.full(ng, _highs.INF), [float(p)]]),
        integer=np.concatenate([np.ones(m, bool), np.zeros(ng, bool)]),
        maximize=True,
    )


def _start(program: _highs.Program, csc: sp.csc_matrix, start: np.ndarray) -> np.ndarray:
    """Column values of the 0/1 sites ``start`` in :func:`_program`'s columns."""
    m = csc.shape[1]
    x0 = np.zeros(program.a.shape[1])
    x0[:m] = start
    cnt = np.asarray(csc @ start.astype(float)).ravel()
    x0[m:] = np.minimum(np.maximum(cnt - 1, 0), program.col_upper[m:])
    return x0
