"""Heuristics of the capacitated maximal covering model.

A solution is a set of open sites and an assignment: each community wholly to at most
one open site within its radius, the weight assigned to a site within its capacity.

* :func:`fill` packs one site: the unassigned communities it covers, heaviest first,
  each taken when it still fits (first-fit decreasing): ``O(c log c)`` for ``c``
  communities in reach.
* :func:`gains` gives every site's fill at once: one sparse product, packing one by one
  only the sites whose free weight in reach exceeds their capacity.
* :func:`greedy` opens, one at a time, the site whose fill assigns most weight (lazy: a
  site's fill only shrinks as communities are taken), ``O(k · c log c)`` after the first
  pass over all sites.
* :func:`assign` re-packs every community for a fixed set of sites, heaviest first,
  each to the open site within reach with the least spare capacity that still fits
  (best fit), then tries to place each community left out by moving one lighter
  community of a full site to another open site with room (one ejection).
* :func:`swap_search` closes an open site, opens the closed site whose fill then takes
  most, re-packs everything and keeps the swap when it assigns more: ``O(m c log c + n
  c)`` per swap tried.
* :func:`capacity_search` chains them: greedy sites, re-packed, then swaps.
"""

from __future__ import annotations

import heapq
import time

import numpy as np
import scipy.sparse as sp

from geo.siting._reduce import Ints

MAX_SWAP_ROUNDS = 3
"""Full passes of the swap search."""


def _reach(csc: sp.csc_matrix, j: int) -> np.ndarray:
    return csc.indices[csc.indptr[j] : csc.indptr[j + 1]]


def fill(rows: np.ndarray, weight: np.ndarray, capacity: float, taken: np.ndarray) -> list[int]:
    """First-fit decreasing: the free ``rows`` packed into ``capacity``."""
    free = rows[~taken[rows] & (weight[rows] > 0)]
    order = free[np.argsort(-weight[free], kind="stable")]
    packed, room = [], float(capacity)
    for i in order:
        if weight[i] <= room + 1e-9:
            packed.append(int(i))
            room -= float(weight[i])
    return packed


def gains(
    csc: sp.csc_matrix,
    weight: np.ndarray,
    capacity: np.ndarray,
    taken: np.ndarray,
    cols: np.ndarray,
    deadline: float = np.inf,
) -> np.ndarray:
    """The weight :func:`fill` would assign at each site of ``cols``, all at once.

    A site whose free weight in reach fits its capacity takes all of it (first-fit
    decreasing then packs every community), which one sparse product gives; only the
    others are packed one by one (59 of 110,000 candidates nationally at 1,000 m and a
    capacity of 20,000, where packing every site took 3.6 s). Once ``deadline`` (a
    ``time.perf_counter()`` value) has passed, the sites not yet packed get their free
    weight capped at their capacity instead: never less than what they can take.
    """
    free = np.where(~taken & (weight > 0), weight, 0.0)
    total = np.asarray(csc.T @ free).ravel()[cols]
    out = total.copy()
    for t in np.flatnonzero(total > capacity[cols]):
        j = int(cols[t])
        if time.perf_counter() > deadline:
            out[t] = min(float(capacity[j]), float(total[t]))
            continue
        out[t] = float(weight[fill(_reach(csc, j), weight, capacity[j], taken)].sum())
    return out


def greedy(
    csc: sp.csc_matrix,
    weight: np.ndarray,
    capacity: np.ndarray,
    k: int,
    fixed: Ints = (),
    deadline: float = np.inf,
) -> list[int]:
    """Open ``fixed`` then, up to ``k`` sites, the site whose fill assigns most weight.

    Once ``deadline`` has passed (:func:`gains`), the sites still to open are taken in
    the queue's order, without packing them again; before it the sites opened are
    exactly the lazy greedy's.
    """
    taken = np.zeros(csc.shape[0], dtype=bool)
    chosen = []
    for j in fixed:
        taken[fill(_reach(csc, int(j)), weight, capacity[j], taken)] = True
        chosen.append(int(j))
    closed = np.ones(csc.shape[1], dtype=bool)
    closed[chosen] = False
    cols = np.flatnonzero(closed)
    first = gains(csc, weight, capacity, taken, cols, deadline)
    heap = [(-float(g), int(j)) for g, j in zip(first, cols, strict=True) if g > 0]
    heapq.heapify(heap)
    while heap and len(chosen) < k:
        if time.perf_counter() > deadline:  # out of time: the rest in the queue's order
            rest = heapq.nsmallest(k - len(chosen), heap)
            return chosen + [j for _, j in rest]
        _, j = heapq.heappop(heap)
        packed = fill(_reach(csc, int(j)), weight, capacity[j], taken)
        gain = float(weight[packed].sum())
        if gain <= 0:
            continue
        if heap and gain < -heap[0][0] - 1e-9:
            heapq.heappush(heap, (-gain, j))
            continue
        taken[packed] = True
        chosen.append(j)
    return chosen


def assign(csr: sp.csr_matrix, weight: np.ndarray, capacity: np.ndarray, sites: Ints) -> np.ndarray:
    """Best-fit decreasing assignment to ``sites`` with one-ejection repair.

    Returns
    -------
    numpy.ndarray
        The site of every community (``-1``: not assigned).
    """
    n = csr.shape[0]
    is_open = np.zeros(csr.shape[1], dtype=bool)
    is_open[list(sites)] = True
    room = np.where(is_open, capacity, 0.0).astype(float)
    site = np.full(n, -1)
    row = np.repeat(np.arange(n), np.diff(csr.indptr))
    reachable = np.bincount(row, weights=is_open[csr.indices], minlength=n) > 0
    for i in np.argsort(-weight, kind="stable"):
        if weight[i] <= 0:
            break
        if not reachable[i]:  # no open site in reach (most communities nationally)
            continue
        reach = csr.indices[csr.indptr[i] : csr.indptr[i + 1]]
        fits = reach[is_open[reach] & (room[reach] >= weight[i] - 1e-9)]
        if len(fits):
            j = fits[np.argmin(room[fits])]
            site[i], room[j] = j, room[j] - weight[i]
    _eject(csr, weight, is_open, room, site, reachable)
    return site


def _eject(csr, weight, is_open, room, site, reachable) -> None:
    """Place left-out communities (``reachable`` ones: some open site is in reach) by
    moving one lighter community elsewhere."""
    members: dict[int, list[int]] = {}
    for i in np.flatnonzero(site >= 0):
        members.setdefault(int(site[i]), []).append(int(i))
    left = np.flatnonzero((site < 0) & (weight > 0) & reachable)
    for i in left[np.argsort(-weight[left], kind="stable")]:
        reach = csr.indices[csr.indptr[i] : csr.indptr[i + 1]]
        for j in reach[is_open[reach]]:
            need = weight[i] - room[j]
            moved = _move_one(csr, weight, is_open, room, site, members, int(j), need)
            if moved:
                site[i], room[j] = j, room[j] - weight[i]
                members[int(j)].append(int(i))
                break


def _move_one(csr, weight, is_open, room, site, members, j: int, need: float) -> bool:
    """Move one community of site ``j`` weighing at least ``need`` to another open site."""
    for i2 in sorted(members.get(j, []), key=lambda c: weight[c]):
        if weight[i2] < need - 1e-9:
            continue
        reach = csr.indices[csr.indptr[i2] : csr.indptr[i2 + 1]]
        other = reach[is_open[reach] & (reach != j) & (room[reach] >= weight[i2] - 1e-9)]
        if len(other):
            j2 = int(other[np.argmin(room[other])])
            site[i2], room[j2], room[j] = j2, room[j2] - weight[i2], room[j] + weight[i2]
            members[j].remove(i2)
            members.setdefault(j2, []).append(i2)
            return True
    return False


def value(weight: np.ndarray, site: np.ndarray) -> float:
    """Weight assigned."""
    return float(weight[site >= 0].sum())


def swap_search(
    csr: sp.csr_matrix,
    weight: np.ndarray,
    capacity: np.ndarray,
    sites: list[int],
    site: np.ndarray,
    fixed: Ints,
    deadline: float,
    max_rounds: int = MAX_SWAP_ROUNDS,
) -> tuple[list[int], np.ndarray]:
    """Close one open site, open the site whose fill then takes most, re-pack all;
    keep the swap when more weight is assigned."""
    csc = csr.tocsc()
    fixed_set = set(int(j) for j in fixed)
    best_value = value(weight, site)
    for _ in range(max_rounds):
        improved = False
        for out in [j for j in sites if j not in fixed_set]:
            if time.perf_counter() > deadline:
                return sites, site
            taken = (site >= 0) & (site != out)
            is_open = np.zeros(csr.shape[1], dtype=bool)
            is_open[sites] = True
            closed = np.flatnonzero(~is_open)
            if not len(closed):
                return sites, site
            gain = gains(csc, weight, capacity, taken, closed, deadline)
            if time.perf_counter() > deadline:  # some gains only capped: no swap from them
                return sites, site
            into = closed[np.flatnonzero(gain == gain.max())[-1]]  # ties: the last site
            trial = [j for j in sites if j != out] + [int(into)]
            trial_site = assign(csr, weight, capacity, trial)
            if value(weight, trial_site) > best_value + 1e-9:
                sites, site, best_value = trial, trial_site, value(weight, trial_site)
                improved = True
        if not improved:
            break
    return sites, site


def capacity_search(
    csr: sp.csr_matrix,
    weight: np.ndarray,
    capacity: np.ndarray,
    k: int,
    fixed: Ints,
    deadline: float,
) -> tuple[list[int], np.ndarray]:
    """Greedy sites, re-packed, then swaps (module docstring).

    Returns
    -------
    sites, site
        Open sites, and the site of every community (``-1``: not assigned).
    """
    sites = greedy(csr.tocsc(), weight, capacity, k, fixed, deadline)
    site = assign(csr, weight, capacity, sites)
    return swap_search(csr, weight, capacity, sites, site, fixed, deadline)
