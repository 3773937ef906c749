"""Machinery of the exact p-median: Lagrangian bound, variable fixing, residual MIP.

All three work on the nearest lists of :mod:`geo.siting._median_search` (each demand
point's ``K`` nearest candidates and a fallback cost ``u`` standing for everything
beyond, never above the truth), i.e. on a relaxation of the p-median whose optimum and
bounds are lower bounds of the true ones.

* :func:`lagrangian` relaxes "each point served once" with multipliers ``λ``
  (Beasley 1993): for fixed ``λ`` the problem splits into "open the ``k`` sites of
  smallest ``ρ_j = Σ_i min(0, w_i d_ij - λ_i)``", so ``L(λ)`` costs one ``bincount``
  over the list entries; subgradient steps (Polyak's rule, halved when stalling) raise
  it to about the LP bound in a few hundred iterations: ``O(n K)`` each.
* :func:`fix` closes every site whose opening would lift ``L`` above the best known cost
  and opens every site whose closing would (reduced-cost fixing): an optimum never
  uses a fixed-out choice.
* :func:`residual_program` is the classic assignment formulation
  ``min Σ w_i d_ij x_ij + Σ w_i u_i f_i``, ``Σ_j x_ij + f_i = 1``, ``x_ij <= y_j``,
  ``Σ y_j = k`` on the sites left free (and those fixed open), for HiGHS.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from geo.siting import _highs
from geo.siting._median_search import Lists
from geo.siting._reduce import Ints

MAX_ITERATIONS = 1_000
"""Upper bound on subgradient iterations."""

STALL_ITERATIONS = 30
"""Iterations without a better bound before the step factor is halved."""

MIN_STEP_FACTOR = 1e-4
"""The subgradient search stops when the step factor falls below this."""


@dataclass(frozen=True)
class Lagrange:
    """Best Lagrangian bound found, with the site costs ``ρ`` it came from."""

    bound: float
    rho: np.ndarray


@dataclass(frozen=True)
class _Flat:
    """The list entries flattened once: rows, columns and weighted costs."""

    rows: np.ndarray
    cols: np.ndarray
    wcost: np.ndarray
    wfall: np.ndarray

    @classmethod
    def of(cls, lists: Lists) -> _Flat:
        n, kk = lists.idx.shape
        rows = np.repeat(np.arange(n), kk)
        wcost = lists.weight[rows] * lists.dist.ravel()
        return cls(rows, lists.idx.ravel(), wcost, lists.weight * lists.fallback)


def _evaluate(flat: _Flat, m: int, lam: np.ndarray, k: int, fixed: np.ndarray):
    """``L(λ)``, ``ρ`` and the subgradient."""
    n = len(lam)
    rows, cols = flat.rows, flat.cols
    reduced = flat.wcost - lam[rows]
    rho = np.bincount(cols, weights=np.minimum(reduced, 0.0), minlength=m)
    order = rho.copy()
    order[fixed] = -np.inf
    opened = np.argpartition(order, k - 1)[:k] if k < m else np.arange(m)
    fall = flat.wfall - lam
    value = float(lam.sum() + np.minimum(fall, 0.0).sum() + rho[opened].sum())
    is_open = np.zeros(m, dtype=bool)
    is_open[opened] = True
    served = np.bincount(rows, weights=(reduced < 0) & is_open[cols], minlength=n)
    grad = 1.0 - served - (fall < 0)
    return value, rho, grad


def lagrangian(
    lists: Lists,
    k: int,
    fixed: Ints,
    upper: float,
    start: np.ndarray,
    deadline: float,
    max_iterations: int = MAX_ITERATIONS,
) -> Lagrange:
    """Subgradient ascent on the Lagrangian dual (module docstring).

    Parameters
    ----------
    lists
        The nearest lists.
    k
        Sites to open.
    fixed
        Sites open in every solution.
    upper
        Cost of the best known solution (for Polyak's step).
    start
        Starting multipliers (e.g. each point's weighted cost in the best solution).
    deadline
        ``time.perf_counter()`` value at which to stop.
    max_iterations
        Iteration limit.
    """
    fixed = np.asarray(fixed, dtype=np.intp)
    flat = _Flat.of(lists)
    lam = np.asarray(start, dtype=float).copy()
    best, best_rho = -np.inf, np.zeros(lists.m)
    factor, stall = 2.0, 0
    for _ in range(max_iterations):
        value, rho, grad = _evaluate(flat, lists.m, lam, k, fixed)
        if not np.isfinite(best) or value > best + 1e-12 * max(1.0, abs(best)):
            best, best_rho, stall = value, rho, 0
        else:
            stall += 1
            if stall >= STALL_ITERATIONS:
                factor, stall = factor / 2, 0
        norm = float(grad @ grad)
        if factor < MIN_STEP_FACTOR or norm == 0 or best >= upper or time.perf_counter() > deadline:
            break
        lam = np.maximum(lam + factor * (upper - value) / norm * grad, 0.0)
    return Lagrange(best, best_rho)


def fix(lagr: Lagrange, k: int, fixed: Ints, upper: float) -> tuple[np.ndarray, np.ndarray]:
    """Sites that no solution cheaper than ``upper`` can open (closed) or close (open)."""
    m = len(lagr.rho)
    fixed_mask = np.zeros(m, dtype=bool)
    fixed_mask[list(fixed)] = True
    free = np.flatnonzero(~fixed_mask)
    need = k - int(fixed_mask.sum())
    closed, opened = np.zeros(m, dtype=bool), fixed_mask.copy()
    if need <= 0 or need >= len(free):
        closed[free] = need <= 0
        opened[free] = need >= len(free)
        return closed, opened
    rho = lagr.rho[free]
    order = np.argsort(rho, kind="stable")
    last_in, first_out = rho[order[need - 1]], rho[order[need]]
    margin = 1e-9 * max(1.0, abs(upper))
    inside = np.zeros(len(free), dtype=bool)
    inside[order[:need]] = True
    closed[free[~inside & (lagr.bound - last_in + rho > upper + margin)]] = True
    opened[free[inside & (lagr.bound - rho + first_out > upper + margin)]] = True
    return closed, opened


def residual_program(
    lists: Lists, closed: np.ndarray, opened: np.ndarray, k: int
) -> tuple[_highs.Program, np.ndarray]:
    """The classic formulation on the sites not fixed closed.

    Returns
    -------
    program, sites
        The HiGHS programme (columns: the kept sites' ``y``, then the list entries'
        ``x``, then each point's fallback ``f``) and the candidate position of each
        ``y`` column.
    """
    n, kk = lists.idx.shape
    sites = np.flatnonzero(~closed)
    slot = np.full(lists.m, -1)
    slot[sites] = np.arange(len(sites))
    rows = np.repeat(np.arange(n), kk)
    keep = slot[lists.idx.ravel()] >= 0
    e_row, e_site = rows[keep], slot[lists.idx.ravel()[keep]]
    e_cost = lists.weight[e_row] * lists.dist.ravel()[keep]
    ns, ne = len(sites), len(e_row)
    x, f = ns + np.arange(ne), ns + ne + np.arange(n)
    link = n + np.arange(ne)
    a = sp.csc_matrix(
        (
            np.concatenate([np.ones(ne), np.ones(n), np.ones(ne), -np.ones(ne), np.ones(ns)]),
            (
                np.concatenate([e_row, np.arange(n), link, link, np.full(ns, n + ne)]),
                np.concatenate([x, f, x, e_site, np.arange(ns)]),
            ),
        ),
        shape=(n + ne + 1, ns + ne + n),
    )
    lower = np.zeros(ns + ne + n)
    lower[:ns] = opened[sites]
    return (
        _highs.Program(
            a,
            cost=np.concatenate([np.zeros(ns), e_cost, lists.weight * lists.fallback]),
            col_lower=lower,
            col_upper=np.ones(ns + ne + n),
            row_lower=np.concatenate([np.ones(n), np.full(ne, -_highs.INF), [float(k)]]),
            row_upper=np.concatenate([np.ones(n), np.zeros(ne), [float(k)]]),
            integer=np.concatenate([np.ones(ns, bool), np.zeros(ne + n, bool)]),
            maximize=False,
        ),
        sites,
    )


def residual_start(
    lists: Lists, program: _highs.Program, sites: np.ndarray, chosen: np.ndarray
) -> np.ndarray:
    """Column values of ``chosen`` (every point to its nearest listed open site, else its
    fallback) in :func:`residual_program`'s columns."""
    n, kk = lists.idx.shape
    is_open = np.zeros(lists.m, dtype=bool)
    is_open[chosen] = True
    kept = np.zeros(lists.m, dtype=bool)
    kept[sites] = True
    flat_idx = lists.idx.ravel()
    entries = kept[flat_idx]
    mask = (is_open[lists.idx] & (lists.dist < lists.fallback[:, None])).ravel()
    first = np.full(n, -1)
    rows = np.repeat(np.arange(n), kk)
    hit = np.flatnonzero(mask)
    first[rows[hit][::-1]] = hit[::-1]  # the earliest (nearest) entry of each row
    x0 = np.zeros(program.a.shape[1])
    x0[np.searchsorted(sites, np.asarray(chosen, dtype=np.intp))] = 1.0
    entry_col = np.full(len(flat_idx), -1)
    entry_col[entries] = len(sites) + np.arange(int(entries.sum()))
    served = first >= 0
    x0[entry_col[first[served]]] = 1.0
    x0[len(sites) + int(entries.sum()) + np.flatnonzero(~served)] = 1.0
    return x0
