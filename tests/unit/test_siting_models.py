"""Every siting model against an independent optimum (SCIP formulations written in
:mod:`tests._siting_oracles`, or brute force): each "optimal" the exact method reports
is re-checked, and each heuristic's bound is checked to be a true bound."""

from __future__ import annotations

import dataclasses
import itertools
import time

import numpy as np
import pytest
import scipy.sparse as sp

from geo.siting import BackupCover, CapacitatedMaxCover, MaxCover, PMedian, SetCover, _highs
from geo.siting import _base as base_
from geo.siting import _capacity_search as capacity_
from geo.siting import _cover_search as cover_
from geo.siting import _coverage as coverage_
from geo.siting import _median_exact as exact_
from geo.siting import _median_search as search
from geo.siting import median as median_
from tests import _siting_oracles as oracle

SEEDS = range(8)


def _cover_instance(seed: int) -> tuple[np.ndarray, np.ndarray, int]:
    rng = np.random.default_rng(100 + seed)
    n, m, k = int(rng.integers(25, 45)), int(rng.integers(8, 12)), int(rng.integers(2, 5))
    a = (rng.random((n, m)) < rng.uniform(0.12, 0.3)).astype(float)
    return a, rng.integers(1, 200, n).astype(float), k


def _cost_instance(seed: int) -> tuple[np.ndarray, np.ndarray, int]:
    rng = np.random.default_rng(200 + seed)
    n, m, k = int(rng.integers(20, 40)), int(rng.integers(6, 11)), int(rng.integers(2, 4))
    pts, sites = rng.random((n, 2)) * 10, rng.random((m, 2)) * 10
    cost = np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    return cost, rng.integers(1, 100, n).astype(float), k


def _sites(result) -> list[int]:
    return [int(s) for s in result.sites]


def _assert_checked_optimum(result, optimum: float) -> None:
    """An exact run reports optimal only at the independent optimum, with bound = objective."""
    assert result.status == "optimal", (result.status, result.solver_status)
    assert result.objective == pytest.approx(optimum, rel=1e-9)
    assert result.bound == pytest.approx(optimum, rel=1e-6) and result.gap == 0.0


class _CountedReads(np.ndarray):
    """An index array that counts how often Python code reads it."""

    reads: list[object] = []

    def __getitem__(self, key):
        _CountedReads.reads.append(key)
        return np.asarray(self)[key]


def test_reduced_counts_read_every_chosen_column_in_one_pass(monkeypatch):
    """How many chosen columns cover each row, as a loop over the columns gives it (a
    column chosen twice counts twice; none chosen, nothing), read in one pass: the loop
    read the column pointers twice per site, 0.4 s for the 78,882 sites of a national
    cover, three times per backup covering run."""
    from geo.siting import _reduce as reduce_

    rng = np.random.default_rng(7)
    csc = sp.random(400, 300, density=0.02, format="csc", random_state=7)
    csc.data[:] = 1.0
    chosen = rng.integers(0, 300, 120)
    expected = np.zeros(400, dtype=np.int64)
    for j in chosen:
        expected[csc.indices[csc.indptr[j] : csc.indptr[j + 1]]] += 1
    assert len(set(chosen.tolist())) < len(chosen) and expected.max() >= 2
    monkeypatch.setattr(_CountedReads, "reads", [])
    csc.indptr = csc.indptr.view(_CountedReads)
    got = reduce_.counts(csc, chosen)
    assert got.dtype == np.int64 and got.tolist() == expected.tolist()
    assert len(_CountedReads.reads) <= 4, f"{len(_CountedReads.reads)} reads for 120 columns"
    assert reduce_.counts(csc, []).tolist() == [0] * 400


# ---------------------------------------------------------------- maximal and set covering


@pytest.mark.parametrize("seed", SEEDS)
def test_max_cover_with_required_sites_and_exactly_k_matches_scip(seed):
    a, w, k = _cover_instance(seed)
    required = [int(np.argmin(a.sum(axis=0)))]  # the weakest site, forced open
    model = MaxCover.from_matrix(a, w, required=[str(r) for r in required], k=k, exactly_k=True)
    result = model.solve("exact")
    _assert_checked_optimum(result, oracle.max_cover(a, w, k, required, exactly=True))
    assert len(result.sites) == k and set(map(str, required)) <= set(result.sites)
    assert result.required == tuple(map(str, required))


@pytest.mark.parametrize("seed", SEEDS)
def test_set_cover_with_required_sites_matches_scip(seed):
    a, w, _ = _cover_instance(seed)
    required = [0, 1]
    result = SetCover.from_matrix(a, w, required=np.isin(np.arange(a.shape[1]), required)).solve(
        "exact"
    )
    _assert_checked_optimum(result, oracle.set_cover(a, required))
    greedy = SetCover.from_matrix(a, w, required=["0", "1"]).solve("greedy")
    assert {"0", "1"} <= set(greedy.sites)
    assert greedy.bound <= oracle.set_cover(a, required) <= greedy.objective


# ---------------------------------------------------------------- backup coverage


@pytest.mark.parametrize("seed", SEEDS)
def test_backup_cover_matches_scip_at_the_set_cover_optimum(seed):
    a, _, _ = _cover_instance(seed)
    ones = np.ones(len(a))
    result = BackupCover.from_matrix(a, ones).solve("exact")
    p = oracle.brute_min_cover(a)
    assert result.n_sites == p == result.extra["p"]
    _assert_checked_optimum(result, oracle.backup_cover(a, ones, p))
    count = a[:, _sites(result)].sum(axis=1)
    assert ((count > 0) | (a.sum(axis=1) == 0)).all()
    assert result.objective == (count >= 2).sum() == result.extra["backup_demand"]


def _blocks(seed: int) -> np.ndarray:
    """Three instances side by side (a block-diagonal matrix) and a few empty columns."""
    rng = np.random.default_rng(300 + seed)
    blocks = [_cover_instance(int(rng.integers(0, 1_000)))[0] for _ in range(3)]
    n, m = sum(b.shape[0] for b in blocks), sum(b.shape[1] for b in blocks) + 2
    a = np.zeros((n, m))
    r = c = 0
    for b in blocks:
        a[r : r + b.shape[0], c : c + b.shape[1]] = b
        r, c = r + b.shape[0], c + b.shape[1]
    return a[:, rng.permutation(m)]


@pytest.mark.parametrize("seed", range(6))
def test_backup_cover_in_parts_matches_scip_with_required_sites(seed):
    """Separate parts of the coverage graph are solved one by one (at the set cover
    optimum); their sum is SCIP's optimum of the whole model, required sites included."""
    a = _blocks(seed)
    w = np.random.default_rng(seed).integers(1, 50, len(a)).astype(float)
    required = [int(np.argmax(a.sum(axis=0))), a.shape[1] - 1]
    model = BackupCover.from_matrix(a, w, required=np.isin(np.arange(a.shape[1]), required))
    result = model.solve("exact")
    p = oracle.set_cover(a, required)
    assert result.n_sites == p and result.extra["parts"] >= 3
    _assert_checked_optimum(result, oracle.backup_cover(a, w, p, required))
    count = a[:, _sites(result)].sum(axis=1)
    assert ((count > 0) | (a.sum(axis=1) == 0)).all() and set(required) <= set(_sites(result))
    assert result.objective == pytest.approx(w[count >= 2].sum())


@pytest.mark.parametrize("seed", SEEDS)
def test_backup_cover_heuristic_covers_everything_with_a_true_bound(seed):
    a, w, _ = _cover_instance(seed)
    p = oracle.brute_min_cover(a) + 1
    result = BackupCover.from_matrix(a, w, k=p).solve("greedy")
    count = a[:, _sites(result)].sum(axis=1)
    assert result.n_sites == p and ((count > 0) | (a.sum(axis=1) == 0)).all()
    optimum = oracle.backup_cover(a, w, p)
    assert result.objective <= optimum + 1e-9 and result.bound >= optimum - 1e-6


def test_backup_cover_in_parts_stops_calling_highs_at_the_time_limit(monkeypatch):
    """400 parts, each community a: {0}, b: {1, 2}, d: {0, 2} (fewest sites 2, d covered
    twice by {0, 2}), HiGHS slowed to 20 ms a run: a 1 s limit leaves time for about 50
    runs. HiGHS was run on every part after the limit, 10 ms each at least, so such a
    run took 10 s past a 1 s limit (Guangdong's 2,823 parts)."""
    parts = 400
    block = np.array([[1, 0, 0], [0, 1, 1], [1, 0, 1]])
    a = np.kron(np.eye(parts, dtype=int), block)
    w = np.tile([1.0, 1.0, 5.0], parts)
    real, calls = _highs.solve, []

    def slow(*args, **kwargs):
        calls.append(1)
        time.sleep(0.02)
        return real(*args, **kwargs)

    monkeypatch.setattr(_highs, "solve", slow)
    result = BackupCover.from_matrix(a, w).solve("exact", time_limit_s=1.0)
    assert "parts" in result.extra and len(calls) < parts / 2, len(calls)
    assert result.status in ("time_limit", "optimal") and result.n_sites == 2 * parts
    count = a[:, [int(s) for s in result.sites]].sum(axis=1)
    assert (count >= 1).all() and result.objective == w[count >= 2].sum()
    assert result.bound is not None and result.bound >= 5.0 * parts


def test_backup_cover_with_too_few_sites_is_reported_infeasible():
    a, w, _ = _cover_instance(0)
    p = oracle.brute_min_cover(a)
    exact = BackupCover.from_matrix(a, w, k=p - 1).solve("exact")
    assert exact.status == "infeasible" and exact.n_sites == 0


def test_backup_cover_with_nothing_in_reach_is_solved_by_construction():
    """No community within reach of any candidate (all covered by existing homes, or too
    far): any p sites are optimal, with nothing covered twice; the run neither fails nor
    opens more or fewer sites than asked (it raised ValueError and IndexError before)."""
    nothing = np.zeros((3, 4))
    w = np.array([5.0, 1.0, 2.0])
    for method in ("greedy", "exact"):
        asked = BackupCover.from_matrix(nothing, w, k=2).solve(method)
        assert asked.status == "optimal" and asked.n_sites == 2 and asked.objective == 0
        assert asked.uncoverable == ("0", "1", "2") and asked.extra["backup_demand"] == 0
        kept = BackupCover.from_matrix(nothing, w, required=["3"]).solve(method)
        assert kept.status == "optimal" and kept.sites == ("3",) and kept.extra["p"] == 1
        fewest = BackupCover.from_matrix(nothing, w).solve(method)
        assert fewest.status == "optimal" and fewest.n_sites == 0


# ---------------------------------------------------------------- p-median


@pytest.mark.parametrize("seed", SEEDS)
def test_p_median_matches_scip(seed):
    cost, w, k = _cost_instance(seed)
    result = PMedian.from_cost_matrix(cost, w, k=k).solve("exact")
    _assert_checked_optimum(result, oracle.p_median(cost, w, k))
    served = cost[:, _sites(result)].min(axis=1)
    assert result.objective == pytest.approx(float(w @ served))


def _brute_p_median(cost: np.ndarray, w: np.ndarray, k: int) -> float:
    """The cheapest k sites by enumeration (inf: no k sites serve every weighted point)."""
    best = np.inf
    for sites in itertools.combinations(range(cost.shape[1]), k):
        served = cost[:, list(sites)].min(axis=1)
        if np.isfinite(served[w > 0]).all():
            best = min(best, float(w[w > 0] @ served[w > 0]))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_p_median_with_sites_that_cannot_serve_matches_brute_force(seed):
    """Costs with inf and nan ("cannot serve") and some weights of 0: the exact run is
    optimal where k sites can serve every weighted point, never claims a solution where
    none can, and a point nobody can serve makes the model infeasible, listed by id.
    Before, an unservable point gave status "feasible" with an infinite objective, nan
    "cannot serve" was taken for the cheapest cost, and a zero weight beside an inf cost
    poisoned the bound (0 * inf)."""
    rng = np.random.default_rng(900 + seed)
    n, m, k = int(rng.integers(6, 12)), int(rng.integers(4, 7)), int(rng.integers(1, 4))
    cost = rng.random((n, m)) * 10
    cost[rng.random((n, m)) < 0.45] = np.inf
    cost[rng.random((n, m)) < 0.1] = np.nan
    w = rng.integers(0, 4, n).astype(float)
    if seed % 3 == 0:
        cost[int(np.argmax(w)), :] = np.inf  # a weighted point nobody can serve
    clean = np.where(np.isnan(cost), np.inf, cost)
    optimum = _brute_p_median(clean, w, k)
    nobody = (w > 0) & ~np.isfinite(clean).any(axis=1)
    with np.errstate(all="raise"):  # no 0 * inf, no inf - inf on the way
        results = {
            m_: PMedian.from_cost_matrix(cost, w, k=k).solve(m_) for m_ in ("greedy", "exact")
        }
    for method, result in results.items():
        if nobody.any():
            assert result.status == "infeasible" and result.n_sites == 0, method
            assert set(result.uncoverable) == {str(i) for i in np.flatnonzero(nobody)}
        elif not np.isfinite(optimum):
            assert result.status == "no_solution", (method, result.status)
        else:
            served = clean[:, _sites(result)].min(axis=1)
            assert result.objective == pytest.approx(float(w[w > 0] @ served[w > 0]))
            assert result.objective >= optimum - 1e-9 and result.uncoverable == ()
            assert result.bound is not None and result.bound <= optimum + 1e-9
            if method == "exact":
                _assert_checked_optimum(result, optimum)


@pytest.mark.parametrize("seed", SEEDS)
def test_p_median_with_required_sites_and_existing_homes_matches_scip(seed):
    cost, w, k = _cost_instance(seed)
    cap = np.where(np.arange(len(cost)) % 3 == 0, 1.0, np.inf)  # a home 1 away from every third
    model = PMedian.from_cost_matrix(cost, w, required=["0"], k=k)
    model.cap = cap
    result = model.solve("exact")
    _assert_checked_optimum(result, oracle.p_median(cost, w, k, required=[0], cap=cap))
    assert "0" in result.sites


@pytest.mark.parametrize("seed", SEEDS)
def test_p_median_heuristic_bound_is_a_true_lower_bound(seed):
    cost, w, k = _cost_instance(seed)
    result = PMedian.from_cost_matrix(cost, w, k=k).solve("greedy")
    optimum = oracle.p_median(cost, w, k)
    tol = 1e-9 * optimum
    assert result.bound <= optimum + tol and optimum <= result.objective + tol
    assert result.objective <= 1.05 * optimum


def _clustered_cost_instance(seed: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Clustered points with more candidates than the nearest lists hold (lists of 32 of
    60), so the exact run trims, fixes and may widen its lists."""
    rng = np.random.default_rng(300 + seed)
    n, m, k = 150, 60, int(rng.integers(6, 10))
    centres = rng.random((5, 2)) * 10
    pts = centres[rng.integers(0, 5, n)] + rng.normal(0, 0.8, (n, 2))
    sites = centres[rng.integers(0, 5, m)] + rng.normal(0, 1.2, (m, 2))
    cost = np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    return cost, np.round(rng.lognormal(3, 0.8, n)), k


@pytest.mark.parametrize("seed", range(4))
def test_p_median_with_short_lists_matches_scip(seed):
    cost, w, k = _clustered_cost_instance(seed)
    model = PMedian.from_cost_matrix(cost, w, k=k)
    assert model._lists().idx.shape[1] < cost.shape[1]  # the lists do not hold every site
    result = model.solve("exact")
    _assert_checked_optimum(result, oracle.p_median(cost, w, k))
    assert result.objective == pytest.approx(float(w @ cost[:, _sites(result)].min(axis=1)))


@pytest.mark.parametrize("seed", range(2))
def test_p_median_with_short_lists_required_sites_and_homes_matches_scip(seed):
    cost, w, k = _clustered_cost_instance(seed)
    cap = np.where(np.arange(len(cost)) % 4 == 0, np.median(cost), np.inf)
    model = PMedian.from_cost_matrix(cost, w, required=["3"], k=k)
    model.cap = cap
    result = model.solve("exact")
    _assert_checked_optimum(result, oracle.p_median(cost, w, k, required=[3], cap=cap))


def test_p_median_widens_trimmed_lists_until_the_mip_prices_its_answer(monkeypatch):
    """Without the Lagrangian heuristic the first residual MIP's answer leans on a
    fallback cheaper than the truth on this instance; the run widens those points'
    entries, solves again and only then claims the optimum (re-checked by SCIP)."""
    rng = np.random.default_rng(408)
    pts, sites = rng.random((120, 2)) * 10, rng.random((50, 2)) * 10
    cost = np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    w = np.round(rng.lognormal(3, 0.8, 120))
    monkeypatch.setattr(exact_, "POLISH_EVERY", 10**6)
    monkeypatch.setattr(exact_, "POLISH_LATE", 10**6)
    runs = []
    solve = _highs.solve

    def spy(program, *args, **kwargs):
        runs.append(solve(program, *args, **kwargs))
        return runs[-1]

    monkeypatch.setattr(_highs, "solve", spy)
    result = PMedian.from_cost_matrix(cost, w, k=8).solve("exact")
    assert len(runs) >= 2 and runs[0].objective < result.objective * (1 - 1e-9)
    _assert_checked_optimum(result, oracle.p_median(cost, w, 8))


class _SlowNumpy:
    """numpy for :mod:`geo.siting._median_search`, its ``bincount`` (the greedy's
    ``O(n K)`` step) slowed to 30 ms; the greedy's calls note when they started."""

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.in_greedy = False

    def __getattr__(self, name: str):
        return getattr(np, name)

    def bincount(self, *args, **kwargs):
        if self.in_greedy:
            self.starts.append(time.perf_counter())
        time.sleep(0.03)
        return np.bincount(*args, **kwargs)


@pytest.mark.parametrize("method", ["greedy", "exact"])
def test_p_median_greedy_start_stops_adding_sites_at_its_deadline(monkeypatch, method):
    """40 sites, each greedy addition slowed to 30 ms, 0.3 s limit: the greedy start
    placed all 40 before anything read the clock (50 sites on Guangdong took 1.7-4.9 s
    under a 1 s limit). No step may start after the search's deadline; the run still
    returns 40 distinct sites whose objective is their true cost."""
    rng = np.random.default_rng(7)
    pts, sites = rng.random((400, 2)) * 10, rng.random((300, 2)) * 10
    cost = np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    w = rng.integers(1, 100, 400).astype(float)
    slow, deadlines = _SlowNumpy(), []
    real_search, real_greedy = search.median_search, search.greedy

    def spy_search(lists, k, fixed, deadline, **kwargs):
        deadlines.append(deadline)
        return real_search(lists, k, fixed, deadline, **kwargs)

    def spy_greedy(*args, **kwargs):
        slow.in_greedy = True
        try:
            return real_greedy(*args, **kwargs)
        finally:
            slow.in_greedy = False

    monkeypatch.setattr(search, "np", slow)
    monkeypatch.setattr(search, "median_search", spy_search)
    monkeypatch.setattr(search, "greedy", spy_greedy)
    result = PMedian.from_cost_matrix(cost, w, k=40).solve(method, time_limit_s=0.3)
    late = [s for s in slow.starts if s > deadlines[0]]
    assert len(deadlines) == 1 and slow.starts, (deadlines, slow.starts)
    assert not late, f"{len(late)} of {len(slow.starts)} greedy steps after its deadline"
    assert result.n_sites == 40 == len(set(result.sites))
    assert result.objective == pytest.approx(w @ cost[:, _sites(result)].min(axis=1))
    assert result.bound is None or result.bound <= result.objective * (1 + 1e-9)
    assert result.status in (("heuristic",) if method == "greedy" else ("time_limit", "optimal"))


class _StepClock:
    """numpy for :mod:`geo.siting._median_search` and a clock for its ``time`` whose
    seconds are the greedy's ``O(n K)`` steps (its ``bincount`` calls): no real time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __getattr__(self, name: str):
        return getattr(np, name)

    def bincount(self, *args, **kwargs):
        self.now += 1.0
        return np.bincount(*args, **kwargs)

    def perf_counter(self) -> float:
        return self.now


def _clustered(seed: int, clusters: int, per: int) -> tuple[np.ndarray, np.ndarray]:
    """Points in ``clusters`` tight groups of ``per`` over a 100 × 100 square: their cost
    matrix to themselves and their weights."""
    rng = np.random.default_rng(seed)
    centres = rng.random((clusters, 2)) * 100
    pts = np.repeat(centres, per, axis=0) + rng.normal(0, 0.5, (clusters * per, 2))
    cost = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    return cost, rng.integers(1, 100, clusters * per).astype(float)


def test_p_median_greedy_short_of_time_still_spreads_its_sites(monkeypatch):
    """40 sites over 40 groups of 30 points, time for 10 greedy steps. The greedy used to
    add 10 then the other 30 by the 10th step's gains, side by side around the best
    site: 10.2 times the cost of the greedy with time (500 sites over the 110,000
    communities in 10 s: the youth 620 km from the nearest site on average, against
    32 km now). Once the additions left no longer fit, each step opens sites that share
    no demand point; no step starts after the deadline."""
    cost, w = _clustered(5, 40, 30)
    lists = PMedian.from_cost_matrix(cost, w, k=40)._lists()
    with_time = search.cost(lists, search.greedy(lists, 40))
    clock = _StepClock()
    monkeypatch.setattr(search, "np", clock)
    monkeypatch.setattr(search, "time", clock)
    short = search.greedy(lists, 40, (), deadline=10.0)
    assert clock.now <= 11  # the step that found the deadline passed, and none after
    assert len(short) == 40 == len(set(short))
    assert search.cost(lists, short) <= 1.25 * with_time


def test_a_p_median_bound_of_zero_or_less_is_not_shown(monkeypatch):
    """The Lagrangian bound of a heuristic run cut short by the time limit can still be
    negative (500 sites over the 110,000 communities in 60 s: a bound of -16 trillion and
    a gap of 297%). A bound of zero or less proves nothing a distance does not: the run
    says its bound is unknown, as when no bound iteration ran."""
    cost, w = _clustered(3, 10, 20)
    real = exact_.lagrangian

    def cut_short(*args, **kwargs):
        found = real(*args, **kwargs)
        return dataclasses.replace(found, bound=-abs(found.bound) - 1.0)

    monkeypatch.setattr(exact_, "lagrangian", cut_short)
    result = PMedian.from_cost_matrix(cost, w, k=10).solve("greedy")
    assert result.objective > 0 and result.status == "heuristic"
    assert result.bound is None and result.gap is None


class _SlowUnique:
    """numpy for :mod:`geo.siting._median_exact` whose ``unique`` (one per level of the
    residual MIP's prefix tree) takes 30 ms more, noting when each call started."""

    def __init__(self) -> None:
        self.starts: list[float] = []

    def __getattr__(self, name: str):
        return getattr(np, name)

    def unique(self, *args, **kwargs):
        self.starts.append(time.perf_counter())
        time.sleep(0.03)
        return np.unique(*args, **kwargs)


def test_exact_p_median_stops_writing_its_mip_at_the_time_limit(monkeypatch):
    """The residual MIP is written a level of its prefix tree at a time (500 sites over
    the 110,000 communities: 200 levels, 14 s, then 7 s more for its start, all after a
    30 s limit had passed: the run took 46 s). With each level slowed to 30 ms and a 0.5 s
    limit, no level starts after the limit; the run reports the time limit, HiGHS is not
    handed a model, and the answer is the search's, at its true cost."""
    cost, w = _clustered(5, 40, 30)
    slow, runs, written = _SlowUnique(), [], []
    real_program = exact_.radius_program

    def spy_program(*args, **kwargs):
        written.append(real_program(*args, **kwargs))
        return written[-1]

    monkeypatch.setattr(exact_, "np", slow)
    monkeypatch.setattr(exact_, "radius_program", spy_program)
    monkeypatch.setattr(_highs, "solve", lambda *a, **k: runs.append(a) or None)
    model = PMedian.from_cost_matrix(cost, w, k=40)
    began = time.perf_counter()
    result = model.solve("exact", time_limit_s=0.5)
    late = [s for s in slow.starts if s > began + 0.51]  # the run's clock starts after ours
    assert written and not late, f"{len(late)} of {len(slow.starts)} levels after the limit"
    assert not runs and result.status == "time_limit"
    assert result.n_sites == 40 == len(set(result.sites))
    assert result.objective == pytest.approx(w @ cost[:, _sites(result)].min(axis=1))
    assert result.bound is None or 0 < result.bound <= result.objective * (1 + 1e-9)


def _kmeans_sites_cost(communities, k: int) -> float:
    """Youth-weighted metres to the nearest of ``k`` sites placed the quick way, as a
    planner might without YouthMap: scikit-learn's ``KMeans`` of the unit vectors (ten
    starts), each centre moved to its nearest community."""
    from sklearn.cluster import KMeans

    from geo.core.distance import SphereIndex, unit_vectors
    from geo.core.layers import lonlat

    points = lonlat(communities)
    youth = communities["youth"].to_numpy(float)
    fit = KMeans(k, n_init=10, random_state=0).fit(unit_vectors(points), sample_weight=youth)
    centres = fit.cluster_centers_ / np.linalg.norm(fit.cluster_centers_, axis=1)[:, None]
    sites = np.unique(SphereIndex(points).tree.query(centres)[1])
    metres, _ = SphereIndex(points[sites]).nearest_m(points)
    return float(youth @ metres)


@pytest.mark.parametrize(
    ("province", "k"), [("54", 10), pytest.param("44", 50, marks=pytest.mark.slow)]
)  # Guangdong: 21 s here
def test_p_median_heuristic_comes_within_5_percent_of_kmeans_sites(layers, province, k):
    """The search sees each community's nearest candidates only, the list's end standing
    for everything farther, and left sparse places short of sites: on Tibet (161
    communities, k = 10) and Guangdong (11,423, k = 50) its sites cost 34% and 59% more
    than k-means' snapped to communities (500 sites for the whole country: 32 km to the
    nearest on average against 22.5 km). Starting also from k-means (scikit-learn's
    MiniBatchKMeans), the heuristic keeps whichever costs least over the true
    distances, and says which it kept: within 0.1% and 1.5% of k-means' sites from ten
    starts here."""
    from geo import siting

    communities = layers.communities
    communities = communities[communities["province_code"].astype(str) == province]
    communities = communities.reset_index(drop=True)
    result = PMedian.from_layers(communities, siting.candidates_from(communities), k=k).solve(
        "greedy", time_limit_s=120
    )
    assert result.n_sites == k and result.solver in ("greedy+swap", "kmeans")
    assert result.objective <= _kmeans_sites_cost(communities, k) * 1.05


@pytest.mark.parametrize("seed", range(4))
def test_a_greedy_batch_shares_no_demand_point_and_starts_at_the_best_site(seed):
    """:func:`search.spread`: sites of positive gain that beat every site sharing a demand
    point with them, best first, none open: so their gains add up."""
    cost, w = _clustered(seed, 12, 20)
    lists = PMedian.from_cost_matrix(cost, w, k=12)._lists()
    rng = np.random.default_rng(seed)
    gain = rng.random(lists.m) * (rng.random(lists.m) > 0.2)
    is_open = np.zeros(lists.m, dtype=bool)
    is_open[rng.choice(lists.m, 5, replace=False)] = True
    gain[is_open] = -np.inf
    batch = search.spread(lists, gain, is_open)
    assert batch[0] == int(np.argmax(gain)) and (gain[batch] > 0).all()
    assert list(gain[batch]) == sorted(gain[batch], reverse=True)
    member = np.isin(lists.idx, batch).sum(axis=1)
    assert member.max() == 1  # no demand point lists two of them
    beaten = {int(j) for row in lists.idx for j in row if gain[j] < gain[row].max()}
    wanted = {j for j in range(lists.m) if gain[j] > 0 and j not in beaten}
    assert set(batch.tolist()) == wanted


@pytest.mark.parametrize("method", ["greedy", "exact"])
def test_p_median_lists_stop_at_their_deadline_and_the_result_says_so(monkeypatch, method):
    """600 points listed 50 at a time, each nearest-candidate query slowed to 60 ms, 0.3 s
    limit: every point's list was built in one query before anything read the clock
    (national, k = 50: 9.6 s under a 1 s limit). No query may start after the listing's
    deadline; some points but not all are listed, the result says how many
    (``extra["listed_demand"]``) and claims no proof, and its objective is the true cost
    of its 12 distinct sites over every point."""
    rng = np.random.default_rng(11)
    pts, sites = rng.random((600, 2)) * 10, rng.random((200, 2)) * 10
    cost = np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    w = rng.integers(1, 100, 600).astype(float)
    model = PMedian.from_cost_matrix(cost, w, k=12)
    starts, rows_asked, deadlines = [], [], []
    real_nearest, real_lists = model.distances.nearest, PMedian._lists

    def slow_nearest(rows, k):
        starts.append(time.perf_counter())
        rows_asked.append(len(rows))
        time.sleep(0.06)
        return real_nearest(rows, k)

    def spy_lists(self, size=None, deadline=np.inf):
        deadlines.append(deadline)
        return real_lists(self, size) if deadline == np.inf else real_lists(self, size, deadline)

    monkeypatch.setattr(model.distances, "nearest", slow_nearest)
    monkeypatch.setattr(PMedian, "_lists", spy_lists)
    monkeypatch.setattr(median_, "LIST_CHUNK", 50, raising=False)
    result = model.solve(method, time_limit_s=0.3)
    late = [s for s in starts if s > deadlines[0]]
    assert not late, f"{len(late)} of {len(starts)} queries after the listing's deadline"
    assert 0 < sum(rows_asked) < 600, f"{sum(rows_asked)} of 600 points listed"
    assert result.extra.get("listed_demand") == sum(rows_asked)
    assert result.status == ("heuristic" if method == "greedy" else "time_limit")
    assert result.n_sites == 12 == len(set(result.sites))
    assert result.objective == pytest.approx(w @ cost[:, _sites(result)].min(axis=1))
    assert result.bound is None or result.bound <= result.objective * (1 + 1e-9)


@pytest.mark.parametrize("method", ["greedy", "exact"])
def test_p_median_lists_built_in_parts_are_those_of_one_query(layers, monkeypatch, method):
    """With time to spare the lists built 100 points at a time (every 6th point per query
    on the 572 embedded communities of Ningxia) are exactly those of one query, and so
    are the sites, objective, bound and status of both methods."""
    from geo import siting

    communities = layers.communities
    communities = communities[communities["province_code"].astype(str) == "64"]
    communities = communities.reset_index(drop=True)
    cands = siting.candidates_from(communities)

    def run(chunk: int):
        monkeypatch.setattr(median_, "LIST_CHUNK", chunk, raising=False)
        model = PMedian.from_layers(communities, cands, k=8)
        return model._lists(), model.solve(method, time_limit_s=600)

    (whole, one), (parts, many) = run(10**9), run(100)
    assert parts.listed is None and whole.listed is None
    for name in ("idx", "dist", "fallback", "weight"):
        assert np.array_equal(getattr(parts, name), getattr(whole, name)), name
    assert (many.sites, many.objective, many.bound, many.status) == (
        one.sites,
        one.objective,
        one.bound,
        one.status,
    )
    assert "listed_demand" not in many.extra


@pytest.mark.parametrize("seed", range(4))
def test_radius_program_prices_every_site_set_and_matches_brute_force(seed):
    """The residual MIP (radius formulation, shared prefixes) on all entries: its start
    vector costs what the sites cost, and its optimum is the enumerated optimum."""
    cost, w, k = _cost_instance(seed)
    model = PMedian.from_cost_matrix(cost, w, k=k)
    lists = model._lists()
    m = cost.shape[1]
    use, fallback = exact_.trim(lists, np.full(len(w), np.inf), np.zeros(m, bool), np.zeros(len(w)))
    program, kept = exact_.radius_program(
        lists, use, fallback, np.zeros(m, bool), np.zeros(m, bool), k
    )
    assert program.a.shape[0] - 1 < use.sum()  # prefixes are shared
    brute = min(
        float(w @ cost[:, list(c)].min(axis=1)) for c in itertools.combinations(range(m), k)
    )
    rng = np.random.default_rng(seed)
    for _ in range(5):
        chosen = np.sort(rng.choice(m, k, replace=False))
        x0 = exact_.radius_start(lists, use, program, kept, chosen)
        assert program.cost @ x0 + program.offset == pytest.approx(
            float(w @ cost[:, chosen].min(axis=1)), rel=1e-12
        )
        assert (program.a @ x0 >= program.row_lower - 1e-9).all()
        assert (program.a @ x0 <= program.row_upper + 1e-9).all()
    out = _highs.solve(program, 60.0)
    assert out.code == "optimal" and out.objective == pytest.approx(brute, rel=1e-9)


@pytest.mark.parametrize("model", [SetCover, BackupCover])
@pytest.mark.parametrize("method", ["greedy", "exact"])
def test_set_cover_greedy_takes_no_step_after_its_deadline(monkeypatch, model, method):
    """500 points, 150 sites, each step of the greedy cover slowed to 20 ms, 0.3 s limit:
    the greedy covered every point one queue step at a time before anything read the
    clock (national, 74,398 sites: the exact LSCP and LSCP-B under a 1 s limit took 5.9 s
    and 13.8 s of solve). No step may start after the search's deadline; the run still
    covers every point, with distinct sites, and claims no optimum it did not prove."""
    rng = np.random.default_rng(3)
    pts, sites = rng.random((500, 2)) * 10, rng.random((150, 2)) * 10
    a = np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1)) < 1.0
    a = a[a.any(axis=1)].astype(float)
    starts, deadlines = [], []
    real_col, real_greedy, real_search = (
        cover_._col,
        cover_.set_cover_greedy,
        cover_.set_cover_search,
    )
    inside = [False]

    def slow_col(csc, j):
        if inside[0]:
            starts.append(time.perf_counter())
            time.sleep(0.02)
        return real_col(csc, j)

    def spy_greedy(*args, **kwargs):
        inside[0] = True
        try:
            return real_greedy(*args, **kwargs)
        finally:
            inside[0] = False

    def spy_search(red, deadline, *args, **kwargs):
        deadlines.append(deadline)
        return real_search(red, deadline, *args, **kwargs)

    monkeypatch.setattr(cover_, "_col", slow_col)
    monkeypatch.setattr(cover_, "set_cover_greedy", spy_greedy)
    monkeypatch.setattr(cover_, "set_cover_search", spy_search)
    result = model.from_matrix(a, np.ones(len(a))).solve(method, time_limit_s=0.3)
    late = [s for s in starts if s > deadlines[0]]
    assert len(deadlines) == 1, deadlines  # (under load the LP may use all the time first)
    assert not late, f"{len(late)} of {len(starts)} greedy steps after the search's deadline"
    chosen = _sites(result)
    assert len(set(chosen)) == len(chosen) and (a[:, chosen].sum(axis=1) > 0).all()
    exact = ("time_limit", "feasible", "optimal")  # optimal only as settle checks it
    assert result.status in (("heuristic",) if method == "greedy" else exact)


@pytest.mark.parametrize("model", [SetCover, MaxCover])
def test_result_orders_no_site_after_the_deadline(monkeypatch, model):
    """Reporting the sites of a cover in greedy order (what each adds to those before)
    took one queue step per site after the solve, whatever the limit (national set
    cover: 74,398 sites, 4.2-6.9 s after a 1 s limit). Each step slowed to 20 ms under a
    0.3 s limit: none may start after the run's deadline, and each site's reported
    weight and communities are still what it adds to the sites listed before it."""
    rng = np.random.default_rng(4)
    pts, sites = rng.random((500, 2)) * 10, rng.random((150, 2)) * 10
    a = np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1)) < 1.0
    a = a[a.any(axis=1)].astype(float)
    w = rng.integers(1, 100, len(a)).astype(float)
    starts, deadlines = [], []
    real_col, real_order = cover_._col, base_.greedy_order
    inside = [False]

    def slow_col(csc, j):
        if inside[0]:
            starts.append(time.perf_counter())
            time.sleep(0.02)
        return real_col(csc, j)

    def spy_order(*args, **kwargs):
        deadlines.append(args[4] if len(args) > 4 else kwargs.get("deadline", limit_at))
        inside[0] = True
        try:
            return real_order(*args, **kwargs)
        finally:
            inside[0] = False

    monkeypatch.setattr(cover_, "_col", slow_col)
    monkeypatch.setattr(coverage_, "greedy_order", spy_order)
    params = {} if model is SetCover else {"k": 60}
    built = model.from_matrix(a, w, **params)
    limit_at = time.perf_counter() + 0.3
    result = built.solve("greedy", time_limit_s=0.3)
    late = [s for s in starts if s > deadlines[0]]
    assert len(deadlines) == 1 and result.n_sites > 40, (deadlines, result.n_sites)
    assert not late, f"{len(late)} of {len(starts)} ordering steps after the run's deadline"
    covered = np.zeros(len(a), dtype=bool)
    for site, gain, count in zip(_sites(result), result.site_gain, result.site_demand, strict=True):
        new = (a[:, site] > 0) & ~covered
        assert (gain, count) == (float(w[new].sum()), int(new.sum()))
        covered |= new
    assert result.covered_weight == float(w[covered].sum())


# ---------------------------------------------------------------- capacitated


def _capacity_instance(seed: int):
    a, w, k = _cover_instance(seed)
    rng = np.random.default_rng(300 + seed)
    capacity = rng.uniform(0.5, 1.5, a.shape[1]) * w.sum() / (2 * k)
    return a, w, k, capacity


def _assert_feasible_assignment(model, result, a, w, capacity) -> None:
    pairs = result.pairs
    rows = pairs["community_id"].astype(int).to_numpy()
    cols = pairs["site_id"].astype(int).to_numpy()
    assert len(set(rows)) == len(rows)  # each community at most once
    assert (a[rows, cols] > 0).all()  # within the radius
    assert set(cols) <= set(_sites(result))
    load = np.bincount(cols, weights=w[rows], minlength=a.shape[1])
    assert (load <= capacity + 1e-6).all()
    assert result.objective == pytest.approx(float(w[rows].sum()))


@pytest.mark.parametrize("seed", SEEDS)
def test_capacitated_max_cover_matches_scip(seed):
    a, w, k, capacity = _capacity_instance(seed)
    model = CapacitatedMaxCover.from_matrix(a, w, k=k, capacity=capacity)
    result = model.solve("exact")
    _assert_checked_optimum(result, oracle.capacitated_max_cover(a, w, k, capacity))
    _assert_feasible_assignment(model, result, a, w, capacity)


@pytest.mark.parametrize("seed", SEEDS)
def test_capacitated_heuristic_is_feasible_under_a_true_bound(seed):
    a, w, k, capacity = _capacity_instance(seed)
    model = CapacitatedMaxCover.from_matrix(a, w, required=["2"], k=k, capacity=capacity)
    result = model.solve("greedy")
    _assert_feasible_assignment(model, result, a, w, capacity)
    optimum = oracle.capacitated_max_cover(a, w, k, capacity, required=[2])
    assert "2" in result.sites and result.n_sites <= k
    assert result.objective <= optimum + 1e-9 <= result.bound + 1e-6


@pytest.mark.parametrize("seed", SEEDS)
def test_capacity_gains_are_what_each_site_fill_assigns(seed):
    """The gains of every closed site at once (one sparse product, packing only sites
    whose free weight exceeds their capacity) equal :func:`fill`'s, site by site."""
    a, w, _, _ = _capacity_instance(seed)
    csc = sp.csc_matrix(a)
    rng = np.random.default_rng(seed)
    taken = rng.random(len(w)) < 0.3
    cols = np.flatnonzero(rng.random(a.shape[1]) < 0.8)
    free = np.asarray(csc.T @ np.where(taken, 0.0, w))
    capacity = np.maximum(free, 1.0) * np.where(np.arange(len(free)) % 2, 0.6, 1.5)
    packed = [
        float(w[capacity_.fill(capacity_._reach(csc, int(j)), w, capacity[j], taken)].sum())
        for j in cols
    ]
    gains = capacity_.gains(csc, w, capacity, taken, cols)
    assert gains.tolist() == packed
    assert (gains < free[cols]).any() and (gains == free[cols]).any()  # both paths taken


@pytest.mark.parametrize("method", ["greedy", "exact"])
def test_capacitated_search_packs_no_site_after_its_deadline(monkeypatch, method):
    """60 candidates, each over its capacity, each packing slowed to 30 ms, 0.3 s limit:
    the greedy packed every site before anything read the clock, and each swap packed
    every closed site (national data: 110,107 packings, a 1 s limit took 4.7-9.5 s).
    No packing may start after the search's deadline; the run still returns 8 distinct
    sites, a feasible assignment and a bound above it."""
    rng = np.random.default_rng(5)
    pts, sites = rng.random((300, 2)) * 10, rng.random((60, 2)) * 10
    a = (np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1)) < 2.5).astype(float)
    w = rng.integers(1, 100, 300).astype(float)
    capacity = np.full(60, 0.5 * float((a.T @ w).min()))
    starts, deadlines = [], []
    real_fill, real_search = capacity_.fill, capacity_.capacity_search

    def slow_fill(*args, **kwargs):
        starts.append(time.perf_counter())
        time.sleep(0.03)
        return real_fill(*args, **kwargs)

    def spy_search(csr, weight, cap, k, fixed, deadline):
        deadlines.append(deadline)
        return real_search(csr, weight, cap, k, fixed, deadline)

    monkeypatch.setattr(capacity_, "fill", slow_fill)
    monkeypatch.setattr(capacity_, "capacity_search", spy_search)
    model = CapacitatedMaxCover.from_matrix(a, w, k=8, capacity=capacity)
    result = model.solve(method, time_limit_s=0.3)
    late = [s for s in starts if s > deadlines[0]]
    assert len(deadlines) == 1 and starts, (deadlines, starts)
    assert not late, f"{len(late)} of {len(starts)} packings after the search's deadline"
    assert result.n_sites == 8 == len(set(result.sites))
    _assert_feasible_assignment(model, result, a, w, capacity)
    assert result.bound is not None and result.objective <= result.bound * (1 + 1e-9)
    assert result.status in (("heuristic",) if method == "greedy" else ("time_limit", "optimal"))


def test_capacitated_without_a_capacity_is_an_input_error():
    from geo.core.errors import InputError

    a, w, k = _cover_instance(0)
    with pytest.raises(InputError) as err:
        CapacitatedMaxCover.from_matrix(a, w, k=k)
    assert err.value.problems[0].column == "capacity"
