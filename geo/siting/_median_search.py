"""The p-median heuristic: greedy addition, then best-improvement swaps, on nearest lists.

Each demand point keeps only its ``K`` nearest candidates (sorted) and a fallback cost
``u`` — the ``(K+1)``-th distance, or its existing Youth Home when nearer — that stands
for everything beyond the list. Costs computed this way never exceed the true ones and
equal them whenever a demand point's nearest open site is on its list; the model
recomputes the true objective of whatever the search returns.

* :func:`greedy` opens, one at a time, the site that lowers the total weighted cost
  most: ``O(n K)`` per site (one ``bincount`` over the list entries).
* :func:`swap_search` evaluates every (open site out, closed site in) pair at once with
  Whitaker's fast interchange: with ``d1``/``d2`` each point's nearest and second-nearest
  open costs, the gain of opening ``j`` is ``Σ w max(0, d1 - d_ij)`` and the loss of
  closing ``f`` is ``Σ_{near = f} w (d2 - d1)`` corrected on the list entries where ``j``
  is nearer than ``d2``. One pass is ``O(n K + k m)``; the best swap is made while it
  gains.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from geo.siting._reduce import Ints

MAX_SWAPS_PER_SITE = 20
"""Swap passes allowed per site to open (each makes one swap)."""
PASS_PER_NEAREST = 20
"""A swap pass's time over that of the :func:`nearest_two` it starts from, before the
first pass is timed (8-19 measured, national and Guangdong, k = 50 and 500)."""


@dataclass(frozen=True)
class Lists:
    """Nearest candidates of every demand point.

    Attributes
    ----------
    idx, dist
        ``(n, K)`` candidate positions and costs, ascending along each row.
    fallback
        ``(n,)`` cost when no listed candidate is open (never above the true cost).
    weight
        ``(n,)`` demand weights.
    m
        Number of candidates.
    listed
        The model's demand points (positions, ascending) these lists are of, when the
        time limit cut the listing short: the search then sees only them; ``None`` when
        the lists are of every point, in order.
    """

    idx: np.ndarray
    dist: np.ndarray
    fallback: np.ndarray
    weight: np.ndarray
    m: int
    listed: np.ndarray | None = None


def nearest_two(lists: Lists, is_open: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each point's nearest and second-nearest open cost and its nearest site (``-1``:
    the fallback)."""
    n = len(lists.fallback)
    mask = is_open[lists.idx]
    rows = np.arange(n)
    has1 = mask.any(axis=1)
    first = np.argmax(mask, axis=1)
    d1 = np.where(has1, lists.dist[rows, first], lists.fallback)
    d1 = np.minimum(d1, lists.fallback)
    near = np.where(has1 & (lists.dist[rows, first] <= lists.fallback), lists.idx[rows, first], -1)
    mask2 = mask.copy()
    mask2[rows[has1], first[has1]] = False
    has2 = mask2.any(axis=1)
    second = np.argmax(mask2, axis=1)
    d2 = np.where(has2, lists.dist[rows, second], lists.fallback)
    d2 = np.where(near < 0, lists.fallback, np.minimum(d2, lists.fallback))
    return d1, d2, near


def cost(lists: Lists, chosen: Ints) -> float:
    """Weighted cost of ``chosen`` as the lists see it (a lower bound on the true cost)."""
    is_open = np.zeros(lists.m, dtype=bool)
    is_open[list(chosen)] = True
    return float(lists.weight @ nearest_two(lists, is_open)[0])


def greedy(lists: Lists, k: int, fixed: Ints = (), deadline: float = np.inf) -> list[int]:
    """Open ``fixed`` then, up to ``k`` sites, the site lowering the cost most.

    Each addition costs ``O(n K)``. While the additions still to make fit before
    ``deadline`` (a ``time.perf_counter()`` value) at the pace of those made so far, they
    are exactly the greedy ones. Once they no longer fit, each step opens a batch
    (:func:`spread`): the sites whose gain is the largest among every site sharing a
    demand point with them, best first; sharing no point, their gains add up exactly, as
    if opened one by one. No step starts after the deadline: the sites still to open are
    then opened at once from the last step's gains (:func:`_fill`), with no further
    ``O(n K)`` pass, so a run out of time still has its ``k`` sites. Opening the rest by
    one step's gains alone put them side by side around the best site: 500 sites over the
    110,000 communities under a 10 s limit left the youth 620 km from the nearest on
    average (105 km under 60 s).
    """
    chosen = [int(j) for j in fixed]
    is_open = np.zeros(lists.m, dtype=bool)
    is_open[chosen] = True
    d1 = nearest_two(lists, is_open)[0]
    cols = lists.idx.ravel()
    rows = np.repeat(np.arange(len(d1)), lists.idx.shape[1])
    dist = lists.dist.ravel()
    target, start, steps = min(k, lists.m), time.perf_counter(), 0
    gain = None
    while len(chosen) < target:
        if gain is not None and time.perf_counter() > deadline:  # no step begins after it
            gain[is_open] = -np.inf
            return chosen + _fill(lists, gain, is_open, target - len(chosen))
        saving = lists.weight[rows] * np.maximum(d1[rows] - dist, 0.0)
        gain = np.bincount(cols, weights=saving, minlength=lists.m)
        gain[is_open] = -np.inf
        left, now = target - len(chosen), time.perf_counter()
        pace = (now - start) / steps if steps else 0.0
        if now > deadline:
            return chosen + _fill(lists, gain, is_open, left)
        if left * pace > deadline - now:
            picked = spread(lists, gain, is_open)[:left]
            if not len(picked):  # no closed site gains: the rest by this step's gains
                return chosen + _fill(lists, gain, is_open, left)
        else:
            picked = np.array([int(np.argmax(gain))])
        chosen += picked.astype(int).tolist()
        opened = np.zeros(lists.m, dtype=bool)
        opened[picked] = True
        is_open |= opened
        hit = opened[cols]
        d1[rows[hit]] = np.minimum(d1[rows[hit]], dist[hit])  # no point has two of them
        steps += 1
    return chosen


def _fill(lists: Lists, gain: np.ndarray, is_open: np.ndarray, left: int) -> list[int]:
    """``left`` closed sites at once: a batch (:func:`spread`) of ``gain``, then the closed
    sites of largest gain."""
    picked = spread(lists, gain, is_open)[:left]
    taken = is_open.copy()
    taken[picked] = True
    order = np.argsort(-gain, kind="stable")
    rest = order[~taken[order]][: left - len(picked)]
    return picked.astype(int).tolist() + rest.astype(int).tolist()


def spread(lists: Lists, gain: np.ndarray, is_open: np.ndarray) -> np.ndarray:
    """Closed sites of positive ``gain`` that beat every site sharing a demand point with
    them (ties by position), best first: no two of them share a point.

    Parameters
    ----------
    lists
        The nearest lists.
    gain
        ``(m,)`` each site's gain (``-inf`` for open sites).
    is_open
        ``(m,)`` which sites are open.

    Returns
    -------
    numpy.ndarray
        Site positions, in descending order of gain.
    """
    order = np.argsort(-gain, kind="stable")
    rank = np.empty(lists.m, dtype=np.intp)
    rank[order] = np.arange(lists.m)
    listed = rank[lists.idx]
    best = listed.min(axis=1)
    beaten = np.zeros(lists.m, dtype=bool)
    beaten[lists.idx[listed > best[:, None]]] = True
    keep = ~beaten & ~is_open & (gain > 0)
    return order[keep[order]]


def _best_swap(
    lists: Lists,
    is_open: np.ndarray,
    movable: np.ndarray,
    nearest: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
):
    """The (out, in, gain) of the best swap, by Whitaker's evaluation (``nearest``: the
    :func:`nearest_two` of ``is_open``, when already known)."""
    d1, d2, near = nearest_two(lists, is_open) if nearest is None else nearest
    w = lists.weight
    n, kk = lists.idx.shape
    rows = np.repeat(np.arange(n), kk)
    cols = lists.idx.ravel()
    dist = lists.dist.ravel()
    gain_in = np.bincount(
        cols, weights=w[rows] * np.maximum(d1[rows] - dist, 0.0), minlength=lists.m
    )
    has = near >= 0
    base_loss = np.bincount(near[has], weights=w[has] * (d2[has] - d1[has]), minlength=lists.m)
    out_sites = np.flatnonzero(movable)
    slot = np.full(lists.m, -1)
    slot[out_sites] = np.arange(len(out_sites))
    owner = np.where(has, near, -1)[rows]
    keep = (owner >= 0) & (dist < d2[rows])
    keep &= slot[np.maximum(owner, 0)] >= 0
    corr = w[rows[keep]] * (np.maximum(dist[keep], d1[rows[keep]]) - d2[rows[keep]])
    flat = slot[owner[keep]] * lists.m + cols[keep]
    loss = np.bincount(flat, weights=corr, minlength=len(out_sites) * lists.m)
    loss = loss.reshape(len(out_sites), lists.m) + base_loss[out_sites][:, None]
    profit = gain_in[None, :] - loss
    profit[:, is_open] = -np.inf
    f, j = np.unravel_index(int(np.argmax(profit)), profit.shape)
    return int(out_sites[f]), int(j), float(profit[f, j])


def swap_search(lists: Lists, chosen: list[int], fixed: Ints, deadline: float) -> list[int]:
    """Best-improvement swaps while one lowers the list cost, each pass started only when
    it should end before ``deadline``: at the pace of the pass before, and the first at
    :data:`PASS_PER_NEAREST` times the :func:`nearest_two` it starts from (one pass over
    500 sites and the 110,000 communities took 2.5 s, and started 1.8 s before the
    deadline when the greedy ended early)."""
    chosen = list(chosen)
    is_open = np.zeros(lists.m, dtype=bool)
    is_open[chosen] = True
    movable = is_open.copy()
    movable[list(fixed)] = False
    tol = 1e-9 * max(1.0, float(lists.weight @ lists.fallback))
    start = time.perf_counter()
    nearest: tuple[np.ndarray, np.ndarray, np.ndarray] | None = nearest_two(lists, is_open)
    pace = PASS_PER_NEAREST * (time.perf_counter() - start)
    for _ in range(MAX_SWAPS_PER_SITE * max(len(chosen), 1)):
        start = time.perf_counter()
        if not movable.any() or is_open.all() or start + pace > deadline:
            break
        out, into, gain = _best_swap(lists, is_open, movable, nearest)
        nearest, pace = None, time.perf_counter() - start
        if gain <= tol:
            break
        is_open[out], is_open[into] = False, True
        movable[out], movable[into] = False, True
        chosen[chosen.index(out)] = into
    return chosen


def median_search(
    lists: Lists,
    k: int,
    fixed: Ints,
    deadline: float,
    kicks: int = 0,
    seed: int = 0,
) -> list[int]:
    """Greedy addition then swaps; then ``kicks`` rounds of iterated local search.

    A kick replaces a quarter of the movable sites by random closed ones and runs the
    swap search again; the result is kept when its list cost is lower (local optima of
    a clustered 8,000 × 1,500 instance differ by up to 1%).
    """
    best = swap_search(lists, greedy(lists, k, fixed, deadline), fixed, deadline)
    best_cost = cost(lists, best)
    rng = np.random.default_rng(seed)
    fixed_set = set(int(j) for j in fixed)
    for _ in range(kicks):
        movable = [j for j in best if j not in fixed_set]
        closed = np.setdiff1d(np.arange(lists.m), best)
        if time.perf_counter() > deadline or not movable or not len(closed):
            break
        size = min(max(1, len(movable) // 4), len(closed))
        out = set(rng.choice(movable, size, replace=False).tolist())
        trial = [j for j in best if j not in out] + rng.choice(closed, size, replace=False).tolist()
        trial = swap_search(lists, trial, fixed, deadline)
        trial_cost = cost(lists, trial)
        if trial_cost < best_cost:
            best, best_cost = trial, trial_cost
    return best
