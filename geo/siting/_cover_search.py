"""Heuristics of the coverage models, on a :class:`~geo.siting._reduce.Reduced` matrix.

* :func:`lazy_greedy` — a priority queue of marginal gains, re-evaluated only when a stale
  entry reaches the top: ``O(nnz log m)``.
* :func:`swap_search` — 1-swap local search for maximal covering; one pass costs a sparse
  product per open site, ``O(k · nnz)``.
* :func:`max_cover_search` — greedy + swaps, restarted from roundings of the LP
  relaxation (values passed in by the model) and from greedy runs forced to open one of
  the best single sites; the best local optimum is kept.
* :func:`set_cover_search` — greedy set cover, redundant-site removal, then LP-guided
  ruin and recreate: take out a site and the open sites sharing demand with it, cover
  the hole again greedily (demand weighted by its LP dual, sites by their LP value, with
  seeded noise), remove redundant sites, keep the result when it is no larger. Each
  round costs ``O(nnz of the hole + k log m)``; rounds stop at the LP bound.
* :func:`backup_swap_search` — swaps that keep every group covered and raise the weight
  covered twice (backup coverage).
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterator

import numpy as np
import scipy.sparse as sp

from geo.siting._reduce import Ints, Reduced

TOL = 1e-9

MAX_SWAP_ROUNDS = 50
"""Upper bound on full passes of a swap local search."""

MAX_RESTARTS = 16
"""Extra greedy+swap runs, each forced to open one of the best single sites first."""

RESTART_WORK_LIMIT = 1_000_000
"""Restarts run only when ``k`` × non-zeros of the reduced model is below this."""

ROUNDING_TRIALS = 24
"""Swap searches started from (randomised) roundings of the LP relaxation."""

ROUNDING_WORK_LIMIT = 2_000_000
"""Randomised roundings run only when ``k`` × non-zeros is below this (above it, only the
top-``k`` rounding: a national k=500 run stays within seconds)."""

RUIN_SITES = 8
"""Open sites taken out by one ruin-and-recreate round of the set cover search."""

RUIN_ROUNDS_PER_SITE = 4
"""Ruin-and-recreate rounds per site of the greedy cover (at least :data:`MIN_RUIN_ROUNDS`)."""

MIN_RUIN_ROUNDS = 500


RUIN_NOISE = 0.3
"""Relative noise on the recreate step's scores (seeded: results are reproducible)."""


def _col(csc: sp.csc_matrix, j: int) -> np.ndarray:
    return csc.indices[csc.indptr[j] : csc.indptr[j + 1]]


def lazy_greedy(
    csc: sp.csc_matrix,
    weight: np.ndarray,
    k: int,
    allowed: np.ndarray | None = None,
    covered: np.ndarray | None = None,
    deadline: float = np.inf,
) -> tuple[list[int], list[float]]:
    """Pick up to ``k`` columns by largest marginal covered weight (lazy evaluation),
    stopping with those picked once ``deadline`` (a ``time.perf_counter()`` value) has
    passed."""
    covered = np.zeros(csc.shape[0], dtype=bool) if covered is None else covered.copy()
    gains = csc.T @ np.where(covered, 0.0, weight)
    candidates = np.flatnonzero(gains > TOL) if allowed is None else np.asarray(allowed)
    heap = [(-float(gains[j]), int(j)) for j in candidates if gains[j] > TOL]
    heapq.heapify(heap)
    chosen: list[int] = []
    chosen_gain: list[float] = []
    while heap and len(chosen) < k:
        if time.perf_counter() > deadline:
            break
        _, j = heapq.heappop(heap)
        rows = _col(csc, j)
        rows = rows[~covered[rows]]
        gain = float(weight[rows].sum())
        if gain <= TOL:
            continue
        if heap and gain < -heap[0][0] - TOL:
            heapq.heappush(heap, (-gain, j))
            continue
        covered[rows] = True
        chosen.append(j)
        chosen_gain.append(gain)
    return chosen, chosen_gain


def value(red: Reduced, chosen: Ints) -> float:
    """Weight of the groups ``chosen`` covers."""
    return float(red.weight[red.counts(chosen) > 0].sum())


def swap_search(
    red: Reduced, chosen: list[int], deadline: float, max_rounds: int = MAX_SWAP_ROUNDS
) -> tuple[list[int], int]:
    """1-swap local search on a max-cover solution; returns the solution and swaps made."""
    csc, csr, w = red.csc, red.csr, red.weight
    m = csc.shape[1]
    if not chosen or len(chosen) >= m:
        return chosen, 0
    chosen = list(chosen)
    in_set = np.zeros(m, dtype=bool)
    in_set[chosen] = True
    cnt = red.counts(chosen)
    base = csc.T @ np.where(cnt == 0, w, 0.0)
    tol = TOL * max(1.0, float(w.sum()))
    swaps = 0
    for _ in range(max_rounds):
        improved = False
        for pos in range(len(chosen)):
            if time.perf_counter() > deadline:
                return chosen, swaps
            i = chosen[pos]
            rows_i = _col(csc, i)
            sole = rows_i[cnt[rows_i] == 1]
            delta = base - float(w[sole].sum())
            if len(sole):
                delta = delta + csr[sole].T @ w[sole]
            delta[in_set] = -np.inf
            j = int(np.argmax(delta))
            if delta[j] > tol:
                cnt[rows_i] -= 1
                cnt[_col(csc, j)] += 1
                in_set[i], in_set[j] = False, True
                chosen[pos] = j
                base = csc.T @ np.where(cnt == 0, w, 0.0)
                swaps += 1
                improved = True
        if not improved:
            break
    return chosen, swaps


def rounded_starts(red: Reduced, k: int, xs: np.ndarray, trials: int, seed: int = 0) -> Iterator:
    """Starts from LP values: the top-``k`` rounding, then randomised roundings.

    Sites at 1 are kept; the rest are drawn among the fractional sites with probability
    proportional to their LP value; any shortfall is filled greedily.
    """
    rng = np.random.default_rng(seed)
    order = np.argsort(-xs, kind="stable")
    firm = [int(j) for j in np.flatnonzero(xs > 1 - 1e-6)][:k]
    frac = np.flatnonzero((xs > 1e-6) & (xs <= 1 - 1e-6))
    for trial in range(trials):
        if trial == 0:
            picked = [int(j) for j in order[:k] if xs[j] > 1e-6]
        else:
            need = min(k - len(firm), len(frac))
            if need <= 0 or len(frac) == 0:
                return
            p = xs[frac] / xs[frac].sum()
            picked = firm + [int(j) for j in rng.choice(frac, size=need, replace=False, p=p)]
        covered = red.counts(picked) > 0
        rest, _ = lazy_greedy(red.csc, red.weight, k - len(picked), covered=covered)
        yield picked + rest


def max_cover_search(
    red: Reduced,
    k: int,
    deadline: float,
    lp: tuple[np.ndarray, float] | None = None,
) -> list[int]:
    """Lazy greedy + swap local search, with more starts when cheap; the best is kept.

    Parameters
    ----------
    red
        The reduced model.
    k
        Sites to open.
    deadline
        ``time.perf_counter()`` value at which the search stops with the best so far.
    lp
        Site values of the LP relaxation and its optimum, or ``None``: swap searches then
        also start from its roundings, and stop once a solution reaches the LP optimum.
    """
    chosen, _ = lazy_greedy(red.csc, red.weight, k)
    best, _ = swap_search(red, chosen, deadline)
    best_value = value(red, best)
    m = red.csc.shape[1]
    if k >= m or best_value >= float(red.weight.sum()) - TOL:
        return best

    def consider(trial: list[int]) -> None:
        nonlocal best, best_value
        v = value(red, trial)
        if v > best_value + TOL * max(1.0, best_value):
            best, best_value = trial, v

    if lp is not None:
        xs, lp_bound = lp
        trials = ROUNDING_TRIALS if red.csc.nnz * k <= ROUNDING_WORK_LIMIT else 1
        for start in rounded_starts(red, k, xs, trials):
            if time.perf_counter() > deadline or best_value >= lp_bound - TOL * max(1.0, lp_bound):
                break
            consider(swap_search(red, start, deadline)[0])
    if k < 2 or red.csc.nnz * k > RESTART_WORK_LIMIT:
        return best
    singles = red.csc.T @ red.weight
    for first in np.argsort(-singles, kind="stable")[:MAX_RESTARTS]:
        if time.perf_counter() > deadline:
            break
        if int(first) in best:
            continue
        covered = np.zeros(red.csc.shape[0], dtype=bool)
        covered[_col(red.csc, int(first))] = True
        rest, _ = lazy_greedy(red.csc, red.weight, k - 1, covered=covered)
        consider(swap_search(red, [int(first), *rest], deadline)[0])
    return best


def submodular_bound(red: Reduced, chosen: Ints, k: int) -> float:
    """Upper bound ``f(S)`` + the ``k`` largest marginal gains (submodularity), capped at
    all coverable weight."""
    cnt = red.counts(chosen)
    covered = float(red.weight[cnt > 0].sum())
    gains = red.csc.T @ np.where(cnt == 0, red.weight, 0.0)
    top = np.sort(gains)[::-1][:k]
    return min(covered + float(top.sum()), float(red.weight.sum()))


# --------------------------------------------------------------------------- set cover


def _complete(
    csc: sp.csc_matrix,
    cnt: np.ndarray,
    chosen: list[int],
    row_score: np.ndarray,
    col_score: np.ndarray,
    csr: sp.csr_matrix | None = None,
    holes: np.ndarray | None = None,
    deadline: float = np.inf,
) -> list[int]:
    """Add columns until every row is covered, by largest score of newly covered rows
    times the column's own score (lazy evaluation); ``cnt`` is updated in place.

    Given ``csr`` and the uncovered rows ``holes``, only the columns covering them are
    scored (``O(nnz of the holes)`` instead of ``O(nnz)``). Once ``deadline`` (a
    ``time.perf_counter()`` value) has passed, the rows still uncovered are covered at
    once (:func:`_cover_rest`); before it the columns added are exactly the greedy ones.
    """
    uncovered = cnt == 0
    if not uncovered.any():
        return chosen
    if csr is not None and holes is not None:
        gains = (csr[holes].T @ row_score[holes]) * col_score
    else:
        gains = (csc.T @ np.where(uncovered, row_score, 0.0)) * col_score
    heap = [(-float(gains[j]), int(j)) for j in np.flatnonzero(gains > 0)]
    heapq.heapify(heap)
    while heap and uncovered.any():
        if time.perf_counter() > deadline:  # out of time: the rest in one step
            return _cover_rest(csc, cnt, chosen, uncovered, gains)
        _, j = heapq.heappop(heap)
        rows = _col(csc, j)
        new = rows[uncovered[rows]]
        gain = float(row_score[new].sum()) * col_score[j]
        if gain <= 0:
            continue
        if heap and gain < -heap[0][0] - TOL:
            heapq.heappush(heap, (-gain, j))
            continue
        chosen.append(j)
        cnt[rows] += 1
        uncovered[new] = False
    return chosen


def _cover_rest(
    csc: sp.csc_matrix,
    cnt: np.ndarray,
    chosen: list[int],
    uncovered: np.ndarray,
    score: np.ndarray,
) -> list[int]:
    """Cover every ``uncovered`` row at once: each by the column of highest ``score``
    (the greedy's first scores; ties: the lowest column) among those covering it, in one
    pass over the non-zeros instead of one queue step per column (74,000 sites of a
    national set cover took 3.6-7.5 s); ``cnt`` is updated in place."""
    rows = csc.indices
    cols = np.repeat(np.arange(csc.shape[1]), np.diff(csc.indptr))
    keep = uncovered[rows]
    rows, cols = rows[keep], cols[keep]
    order = np.lexsort((cols, -score[cols], rows))
    rows, cols = rows[order], cols[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = rows[1:] != rows[:-1]
    added = np.unique(cols[first])
    cnt += np.bincount(csc[:, added].indices, minlength=len(cnt)).astype(cnt.dtype)
    uncovered[:] = cnt == 0
    return chosen + [int(j) for j in added]


def _drop_redundant(
    csc: sp.csc_matrix,
    cnt: np.ndarray,
    chosen: list[int],
    order: Ints,
    deadline: float = np.inf,
) -> list[int]:
    """Remove, in ``order``, the columns of ``chosen`` whose rows are all covered twice
    (until ``deadline``: the cover stays a cover, with its redundant columns left)."""
    dropped = set()
    for j in order:
        if time.perf_counter() > deadline:
            break
        rows = _col(csc, j)
        if (cnt[rows] >= 2).all():
            cnt[rows] -= 1
            dropped.add(j)
    return [j for j in chosen if j not in dropped]


def set_cover_greedy(red: Reduced, fixed: Ints = (), deadline: float = np.inf) -> list[int]:
    """Greedy set cover of every group (each counts one), then redundant sites removed.

    ``fixed`` columns are open from the start and never removed. Past ``deadline`` the
    greedy covers the rest at once and stops removing (:func:`_complete`).
    """
    cnt = red.counts(fixed)
    ones = np.ones(red.csc.shape[0])
    chosen = _complete(
        red.csc, cnt, list(fixed), ones, np.ones(red.csc.shape[1]), deadline=deadline
    )
    free = [j for j in reversed(chosen) if j not in set(fixed)]
    return _drop_redundant(red.csc, cnt, chosen, free, deadline)


def set_cover_search(
    red: Reduced,
    deadline: float,
    lp: tuple[np.ndarray, np.ndarray, float] | None = None,
    fixed: Ints = (),
    seed: int = 0,
    rounds: int | None = None,
) -> list[int]:
    """Greedy set cover improved by LP-guided ruin and recreate (module docstring).

    Parameters
    ----------
    red
        The reduced model (every group coverable).
    deadline
        ``time.perf_counter()`` value at which the search stops with the best so far.
    lp
        ``(site values, row duals, optimum)`` of the LP relaxation, or ``None`` (then
        the plain greedy cover with redundant sites removed is returned).
    fixed
        Columns that must stay open (required sites).
    seed
        Seed of the noise (results are reproducible).
    rounds
        Ruin-and-recreate rounds (default: :data:`RUIN_ROUNDS_PER_SITE` per site of the
        first cover, at least :data:`MIN_RUIN_ROUNDS`; 0 keeps the greedy and LP starts).
    """
    best = set_cover_greedy(red, fixed, deadline)
    if lp is None or not red.csc.shape[0] or time.perf_counter() > deadline:
        return best
    xs, duals, optimum = lp
    bound = float(np.ceil(optimum - 1e-6))
    fixed_set = set(fixed)
    row_score = np.maximum(duals, 0.0) + 1e-3
    col_score = 1.0 + xs
    firm = list(fixed) + [int(j) for j in np.flatnonzero(xs > 1 - 1e-6) if j not in fixed_set]
    cnt = red.counts(firm)
    start = _complete(red.csc, cnt, list(firm), row_score, col_score)
    order = sorted((j for j in start if j not in fixed_set), key=lambda j: xs[j])
    start = _drop_redundant(red.csc, cnt, start, order)
    if len(start) < len(best):
        best = start
    if rounds is None:
        rounds = max(MIN_RUIN_ROUNDS, RUIN_ROUNDS_PER_SITE * len(best))
    if len(best) <= bound or rounds <= 0:
        return best
    return _ruin_recreate(red, best, fixed_set, row_score, xs, bound, rounds, deadline, seed)


def _ruin_recreate(
    red: Reduced,
    start: list[int],
    fixed: set[int],
    row_score: np.ndarray,
    xs: np.ndarray,
    bound: float,
    rounds: int,
    deadline: float,
    seed: int,
) -> list[int]:
    """Ruin and recreate rounds from ``start`` (see the module docstring).

    Only the hole is re-covered and only sites near the new ones are tested for
    redundancy (a removal lowers counts, so no other site can have become redundant).
    Sites are scored by demand duals alone here: weighting them by their LP value too
    left some random instances two sites above the optimum (600 × 120, seed 8).
    """
    csc, csr = red.csc, red.csr
    rng = np.random.default_rng(seed)
    neighbours = (csc.T @ csc).tocsr()
    current, cnt = set(start), red.counts(start)
    best = sorted(current)
    ones = np.ones(csc.shape[1])
    for _ in range(rounds):
        if len(best) <= bound or time.perf_counter() > deadline:
            break
        free = sorted(current - fixed)
        if not free:
            break
        centre = free[int(rng.integers(len(free)))]
        near = neighbours.indices[neighbours.indptr[centre] : neighbours.indptr[centre + 1]]
        open_near = [int(j) for j in near if j != centre and j in current and j not in fixed]
        if len(open_near) > RUIN_SITES - 1:
            open_near = [int(j) for j in rng.choice(open_near, RUIN_SITES - 1, replace=False)]
        ruined = {centre, *open_near}
        trial_cnt = cnt.copy()
        rows = np.concatenate([_col(csc, j) for j in ruined])
        np.subtract.at(trial_cnt, rows, 1)
        holes = np.unique(rows[trial_cnt[rows] == 0])
        noisy = 1.0 + RUIN_NOISE * rng.random(len(ones))
        added = _complete(csc, trial_cnt, [], row_score, noisy, csr, holes)
        trial = (current - ruined) | set(added)
        touched = (
            np.unique(
                np.concatenate(
                    [
                        neighbours.indices[neighbours.indptr[j] : neighbours.indptr[j + 1]]
                        for j in added
                    ]
                )
            )
            if added
            else np.zeros(0, dtype=np.intp)
        )
        check = [int(j) for j in touched if j in trial and j not in fixed]
        order = sorted(check, key=lambda j: xs[j] + 0.5 * rng.random())
        kept = _drop_redundant(csc, trial_cnt, order, order)
        trial -= set(order) - set(kept)
        if len(trial) <= len(current):
            current, cnt = trial, trial_cnt
            if len(current) < len(best):
                best = sorted(current)
    return best


# --------------------------------------------------------------------------- backup cover


def backup_swap_search(
    red: Reduced,
    chosen: list[int],
    fixed: Ints,
    deadline: float,
    max_rounds: int = MAX_SWAP_ROUNDS,
) -> list[int]:
    """Swaps keeping every group covered that raise the weight of groups covered twice.

    Removing open site ``i`` leaves groups ``U`` uncovered and takes backup from groups
    covered exactly twice with ``i``; a closed site ``j`` is a valid replacement when it
    covers all of ``U``, and gains the weight of groups then covered once that it covers.
    All ``j`` are scored at once with two sparse products per ``i``.
    """
    csc, csr, w = red.csc, red.csr, red.weight
    m = csc.shape[1]
    chosen = list(chosen)
    in_set = np.zeros(m, dtype=bool)
    in_set[chosen] = True
    fixed_set = set(fixed)
    cnt = red.counts(chosen)
    tol = TOL * max(1.0, float(w.sum()))
    for _ in range(max_rounds):
        improved = False
        for pos in range(len(chosen)):
            i = chosen[pos]
            if i in fixed_set:
                continue
            if time.perf_counter() > deadline:
                return chosen
            rows_i = _col(csc, i)
            after = cnt.copy()
            after[rows_i] -= 1
            holes = rows_i[after[rows_i] == 0]
            loss = float(w[rows_i[after[rows_i] == 1]].sum())
            once = np.where(after == 1, w, 0.0)
            gain = csc.T @ once
            if len(holes):
                fits = np.asarray(csr[holes].sum(axis=0)).ravel() == len(holes)
            else:
                fits = np.ones(m, dtype=bool)
            delta = np.where(fits & ~in_set, gain - loss, -np.inf)
            j = int(np.argmax(delta))
            if delta[j] > tol:
                cnt = after
                cnt[_col(csc, j)] += 1
                in_set[i], in_set[j] = False, True
                chosen[pos] = j
                improved = True
        if not improved:
            break
    return chosen
