"""Machinery of the exact p-median: Lagrangian bound, variable fixing, residual MIP.

All three work on the nearest lists of :mod:`geo.siting._median_search` (each demand
point's ``K`` nearest candidates and a fallback cost ``u`` standing for everything
beyond, never above the truth), i.e. on a relaxation of the p-median whose optimum and
bounds are lower bounds of the true ones.

* :func:`lagrangian` relaxes "each point served once" with multipliers ``λ``
  (Beasley 1993): for fixed ``λ`` the problem splits into "open the ``k`` sites of
  smallest ``ρ_j = Σ_i min(0, w_i d_ij - λ_i)``", so ``L(λ)`` costs one ``bincount``
  over the list entries; subgradient steps (Polyak's rule, halved when stalling) raise
  it to about the LP bound in a few hundred iterations: ``O(n K)`` each. Now and then
  the ``k`` sites it opens are handed to a local search (a Lagrangian heuristic), which
  lowers the upper bound the later steps use.
* :func:`fix` closes every site whose opening would lift ``L`` above the best known cost
  and opens every site whose closing would (reduced-cost fixing): an optimum never
  uses a fixed-out choice.
* :func:`trim` keeps, per point, only the entries on sites left open to choice that
  count in ``L(λ)`` (or that good known solutions use), with the next distance as the
  point's fallback: a smaller relaxation with the same Lagrangian bound.
* :func:`radius_program` is the radius formulation of Elloumi (2010) on those entries,
  written as chains and with points that share a prefix of sites sharing its variables
  (:func:`_chains`), for HiGHS; :func:`radius_start` prices a site set in its columns.
"""

from __future__ import annotations

import time
from collections.abc import Callable
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

POLISH_EVERY, POLISH_EARLY, POLISH_LATE = 10, 100, 50
"""Iterations between two calls of the Lagrangian heuristic: every ``POLISH_EVERY`` in
the first ``POLISH_EARLY`` iterations (whose relaxed solutions differ most and gave
every improvement seen on the benchmark instances), then every ``POLISH_LATE``."""


@dataclass(frozen=True)
class Lagrange:
    """Best Lagrangian bound found, with the site costs ``ρ`` it came from."""

    bound: float
    rho: np.ndarray
    lam: np.ndarray
    upper: float = np.inf
    sites: np.ndarray | None = None


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
    return value, rho, grad, opened


def lagrangian(
    lists: Lists,
    k: int,
    fixed: Ints,
    upper: float,
    start: np.ndarray,
    deadline: float,
    max_iterations: int = MAX_ITERATIONS,
    polish: Callable[[np.ndarray], tuple[np.ndarray, float]] | None = None,
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
    polish
        Lagrangian heuristic: every :data:`POLISH_EVERY` iterations the ``k`` sites the
        relaxation opens are handed to it, and it returns a solution and its true cost
        (e.g. after swaps); a cheaper one becomes the upper bound (``Lagrange.upper``,
        ``Lagrange.sites``).
    """
    fixed = np.asarray(fixed, dtype=np.intp)
    flat = _Flat.of(lists)
    lam = np.asarray(start, dtype=float).copy()
    best, best_rho, best_lam = -np.inf, np.zeros(lists.m), lam
    factor, stall = 2.0, 0
    found: np.ndarray | None = None
    tried: set[bytes] = set()
    for it in range(max_iterations):
        value, rho, grad, opened = _evaluate(flat, lists.m, lam, k, fixed)
        if not np.isfinite(best) or value > best + 1e-12 * max(1.0, abs(best)):
            best, best_rho, best_lam, stall = value, rho, lam, 0
        else:
            stall += 1
            if stall >= STALL_ITERATIONS:
                factor, stall = factor / 2, 0
        every = POLISH_EVERY if it < POLISH_EARLY else POLISH_LATE
        if polish is not None and it % every == every - 1:
            key = np.sort(opened).tobytes()
            if key not in tried:
                tried.add(key)
                sites, cost = polish(np.sort(opened))
                if cost < upper:
                    upper, found = cost, np.asarray(sites, dtype=np.intp)
        norm = float(grad @ grad)
        if factor < MIN_STEP_FACTOR or norm == 0 or best >= upper or time.perf_counter() > deadline:
            break
        # Polyak's step aims at the best known cost; with none yet (every solution tried
        # leaves a point unserved), at a little above the current bound
        target = upper if np.isfinite(upper) else 1.1 * abs(value) + 1.0
        lam = np.maximum(lam + factor * (target - value) / norm * grad, 0.0)
    return Lagrange(best, best_rho, best_lam, upper, found)


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


def trim(
    lists: Lists, lam: np.ndarray, closed: np.ndarray, cover: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The list entries the residual MIP needs, and each point's fallback beyond them.

    An entry is kept when its site is not fixed closed and it is attractive at the
    multipliers (``w_i d_ij < λ_i``: only those count in ``L(λ)``) or no farther than
    ``cover_i`` (e.g. the distance at which the best known solution serves the point, so
    that solution keeps its cost). The kept entries of a row are a prefix of its entries
    on open sites; the fallback is the next such distance (or the list's fallback), which
    no solution avoiding the kept entries can beat. ``L(λ)`` is unchanged by the trim,
    so the residual MIP keeps the Lagrangian bound while being far smaller. Entries no
    nearer than the fallback are dropped (the fallback serves as well).

    Returns
    -------
    use, fallback
        ``(n, K)`` mask of the entries kept and the ``(n,)`` fallback costs.
    """
    free = ~closed[lists.idx]
    wd = lists.weight[:, None] * lists.dist
    use = free & ((wd < lam[:, None]) | (lists.dist <= cover[:, None]))
    rest = free & ~use
    has = rest.any(axis=1)
    nxt = lists.dist[np.arange(len(has)), np.argmax(rest, axis=1)]
    fallback = np.where(has, np.minimum(nxt, lists.fallback), lists.fallback)
    return use & (lists.dist < fallback[:, None]), fallback


def _chains(
    lists: Lists, use: np.ndarray, sites: np.ndarray, deadline: float = np.inf
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """The kept entries on ``sites``, row by row, and the node of the prefix tree each
    reaches.

    Points whose kept entries start with the same sites in the same order share the
    ``z`` of that common prefix ("none of these sites open"), so each distinct prefix
    becomes one node of a tree (its parent: the prefix one site shorter). The tree is
    built a level at a time, ``deadline`` (a ``time.perf_counter()`` value) read
    between levels (500 sites over the 110,000 communities: 200 levels, 14 s).

    Returns
    -------
    rows, pos, slot_of_entry, node, parent
        Each kept entry's row, position in the row, ``y`` column and node; each node's
        parent node (``-1`` at the first level). ``None`` once ``deadline`` has passed.
    """
    slot = np.full(lists.m, -1)
    slot[sites] = np.arange(len(sites))
    rows, pos = np.nonzero(use & (slot[lists.idx] >= 0))  # ascending distance in a row
    col = slot[lists.idx[rows, pos]]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else rows
    level = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    node = np.zeros(len(rows), dtype=np.intp)
    parents = [np.zeros(0, dtype=np.intp)]
    count = 0
    for e in range(int(level.max(initial=-1)) + 1):
        if time.perf_counter() > deadline:
            return None
        at = np.flatnonzero(level == e)
        parent = node[at - 1] if e else np.full(len(at), -1)
        keys, first, inverse = np.unique(
            (parent + 1) * len(sites) + col[at], return_index=True, return_inverse=True
        )
        node[at] = count + inverse
        parents.append(parent[first])
        count += len(keys)
    return rows, pos, col, node, np.concatenate(parents)


def radius_program(
    lists: Lists,
    use: np.ndarray,
    fallback: np.ndarray,
    closed: np.ndarray,
    opened: np.ndarray,
    k: int,
    deadline: float = np.inf,
) -> tuple[_highs.Program, np.ndarray] | None:
    """The radius formulation (Elloumi 2010) on the kept entries, written as a chain;
    ``None`` when ``deadline`` passes while it is written (:func:`_chains`).

    For each point ``i`` with kept entries ``e_1 … e_r`` (ascending distances
    ``d_1 <= … <= d_r``, then the fallback ``d_{r+1} = u_i``), ``z_e = 1`` means "no site
    of ``e_1 … e_e`` is open", so the point costs ``w_i (d_1 + Σ_e (d_{e+1} - d_e) z_e)``;
    the rows are ``z_{e_1} + y_{j(e_1)} >= 1`` and ``z_e - z_{e-1} + y_{j(e)} >= 0``
    (summed along the chain they give Elloumi's ``z_e + Σ_{l <= e} y_{j(l)} >= 1``, with
    the same LP bound), and ``Σ y = k``. Points sharing a prefix of sites share its
    ``z`` (:func:`_chains`), which leaves the optimum and the LP bound as they are.

    Returns
    -------
    program, sites
        The HiGHS programme (columns: the kept sites' ``y``, then one ``z`` per prefix
        node) and the candidate position of each ``y`` column.
    """
    sites = np.flatnonzero(~closed)
    chains = _chains(lists, use, sites, deadline)
    if chains is None:
        return None
    rows, pos, col, node, parent = chains
    dist = lists.dist[rows, pos]
    ns, nz = len(sites), len(parent)
    last = np.r_[rows[1:] != rows[:-1], True] if len(rows) else np.zeros(0, bool)
    following = np.where(last, fallback[rows], np.r_[dist[1:], 0.0])
    z_cost = np.bincount(node, weights=lists.weight[rows] * (following - dist), minlength=nz)
    node_col = np.zeros(nz, dtype=np.intp)
    node_col[node] = col
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else rows
    nearest = fallback.copy()
    nearest[rows[starts]] = dist[starts]  # each row's first kept distance
    z = ns + np.arange(nz)
    chained = np.flatnonzero(parent >= 0)
    a = sp.csc_matrix(
        (
            np.concatenate([np.ones(nz), np.ones(nz), -np.ones(len(chained)), np.ones(ns)]),
            (
                np.concatenate([np.arange(nz), np.arange(nz), chained, np.full(ns, nz)]),
                np.concatenate([z, node_col, ns + parent[chained], np.arange(ns)]),
            ),
        ),
        shape=(nz + 1, ns + nz),
    )
    lower = np.zeros(ns + nz)
    lower[:ns] = opened[sites]
    return (
        _highs.Program(
            a,
            cost=np.concatenate([np.zeros(ns), z_cost]),
            col_lower=lower,
            col_upper=np.ones(ns + nz),
            row_lower=np.concatenate([(parent < 0).astype(float), [float(k)]]),
            row_upper=np.concatenate([np.full(nz, _highs.INF), [float(k)]]),
            integer=np.concatenate([np.ones(ns, bool), np.zeros(nz, bool)]),
            maximize=False,
            offset=float(lists.weight @ nearest),
        ),
        sites,
    )


def radius_start(
    lists: Lists, use: np.ndarray, program: _highs.Program, sites: np.ndarray, chosen: Ints
) -> np.ndarray:
    """Column values of ``chosen`` in :func:`radius_program`'s columns."""
    chains = _chains(lists, use, sites)
    assert chains is not None  # built without a deadline
    rows, pos, col, node, parent = chains
    is_open = np.zeros(len(sites), dtype=bool)
    slot = np.full(lists.m, -1)
    slot[sites] = np.arange(len(sites))
    inside = slot[np.asarray(list(chosen), dtype=np.intp)]
    is_open[inside[inside >= 0]] = True
    hits = np.cumsum(is_open[col])
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else rows
    base = np.r_[0, hits][starts]  # open sites counted before each row starts
    before = np.repeat(base, np.diff(np.r_[starts, len(rows)]))
    x0 = np.zeros(program.a.shape[1])
    x0[: len(sites)] = is_open
    x0[len(sites) + node] = (hits - before == 0).astype(float)
    return x0
