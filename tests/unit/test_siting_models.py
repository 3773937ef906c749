"""Every siting model against an independent optimum (SCIP formulations written in
:mod:`tests._siting_oracles`, or brute force): each "optimal" the exact method reports
is re-checked, and each heuristic's bound is checked to be a true bound."""

from __future__ import annotations

import numpy as np
import pytest

from geo.siting import BackupCover, CapacitatedMaxCover, MaxCover, PMedian, SetCover
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


def test_backup_cover_with_too_few_sites_is_reported_infeasible():
    a, w, _ = _cover_instance(0)
    p = oracle.brute_min_cover(a)
    exact = BackupCover.from_matrix(a, w, k=p - 1).solve("exact")
    assert exact.status == "infeasible" and exact.n_sites == 0


# ---------------------------------------------------------------- p-median


@pytest.mark.parametrize("seed", SEEDS)
def test_p_median_matches_scip(seed):
    cost, w, k = _cost_instance(seed)
    result = PMedian.from_cost_matrix(cost, w, k=k).solve("exact")
    _assert_checked_optimum(result, oracle.p_median(cost, w, k))
    served = cost[:, _sites(result)].min(axis=1)
    assert result.objective == pytest.approx(float(w @ served))


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


def test_capacitated_without_a_capacity_is_an_input_error():
    from geo.core.errors import InputError

    a, w, k = _cover_instance(0)
    with pytest.raises(InputError) as err:
        CapacitatedMaxCover.from_matrix(a, w, k=k)
    assert err.value.problems[0].column == "capacity"
