"""YouthMap's models against PySAL spopt's on spopt's own San Francisco instance and on
random cost matrices (spopt solved by CBC through PuLP, as its own tests do).

spopt's ``LSCPB`` counts a client with a single candidate as "covered twice" (its backup
variable has no constraint), so its objective exceeds the true backup of the sites it
picks by the number of such clients; the tests compare with the true backup of spopt's
sites and check that difference.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pulp
import pytest

from geo.siting import BackupCover, MaxCover, PMedian, SetCover
from tests._paths import ROOT

spopt_locate = pytest.importorskip("spopt.locate")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PuLP 3 about PuLP 4

SF = ROOT / "tests" / "data" / "spopt_sf" / "sf_tracts_network_distance.csv"


def _cbc():
    return pulp.PULP_CBC_CMD(msg=False)


@pytest.fixture(scope="module")
def sf() -> tuple[np.ndarray, np.ndarray]:
    frame = pd.read_csv(SF, dtype={"tract": str})
    return frame.filter(like="Store_").to_numpy(), frame["POP2000"].to_numpy(dtype=float)


def _random_cost(seed: int, n: int = 60, m: int = 15) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pts, sites = rng.random((n, 2)) * 10, rng.random((m, 2)) * 10
    return np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))


def _chosen(model) -> list[int]:
    return [j for j, v in enumerate(model.fac_vars) if v.value() > 0.5]


@pytest.mark.parametrize("radius", [5_000.0, 8_000.0])
@pytest.mark.parametrize("method", ["exact", "greedy"])
def test_lscp_equals_spopt_on_san_francisco(sf, radius, method):
    cost, _ = sf
    theirs = spopt_locate.LSCP.from_cost_matrix(cost, radius).solve(_cbc())
    ours = SetCover.from_cost_matrix(cost, radius).solve(method)
    assert ours.objective == theirs.problem.objective.value()
    assert ours.status == ("optimal" if method == "exact" else "heuristic")


@pytest.mark.parametrize("k", [2, 4, 6])
def test_mclp_equals_spopt_on_san_francisco(sf, k):
    cost, pop = sf
    theirs = spopt_locate.MCLP.from_cost_matrix(cost, pop, 5_000.0, p_facilities=k)
    theirs.solve(_cbc())
    ours = MaxCover.from_cost_matrix(cost, 5_000.0, pop, k=k)
    exact, greedy = ours.solve("exact"), ours.solve("greedy")
    assert exact.status == "optimal"
    assert exact.objective == pytest.approx(theirs.problem.objective.value())
    assert greedy.objective >= 0.99 * exact.objective
    assert exact.percent_covered == pytest.approx(theirs.perc_cov)


@pytest.mark.parametrize("radius", [5_000.0, 8_000.0, 10_000.0])
def test_lscpb_equals_spopts_sites_on_san_francisco(sf, radius):
    cost, _ = sf
    theirs = spopt_locate.LSCPB.from_cost_matrix(cost, radius, _cbc()).solve()
    a = cost <= radius
    their_backup = int((a[:, _chosen(theirs)].sum(axis=1) >= 2).sum())
    ours = BackupCover.from_cost_matrix(cost, radius).solve("exact")
    assert ours.status == "optimal" and ours.n_sites == theirs.lscp_obj_value
    assert ours.objective == their_backup
    single = int((a.sum(axis=1) == 1).sum())
    assert theirs.problem.objective.value() == their_backup + single


@pytest.mark.parametrize("seed", range(4))
def test_lscpb_equals_spopts_sites_on_random_costs(seed):
    cost = _random_cost(seed)
    radius = float(cost.min(axis=1).max()) + 1.0  # every client coverable, as spopt needs
    theirs = spopt_locate.LSCPB.from_cost_matrix(cost, radius, _cbc()).solve()
    a = cost <= radius
    ours = BackupCover.from_cost_matrix(cost, radius).solve("exact")
    assert ours.status == "optimal"
    assert ours.objective == int((a[:, _chosen(theirs)].sum(axis=1) >= 2).sum())


@pytest.mark.parametrize("k", [2, 4, 6])
def test_p_median_equals_spopt_on_san_francisco(sf, k):
    cost, pop = sf
    theirs = spopt_locate.PMedian.from_cost_matrix(cost, pop, p_facilities=k).solve(_cbc())
    ours = PMedian.from_cost_matrix(cost, pop, k=k)
    exact, greedy = ours.solve("exact"), ours.solve("greedy")
    assert exact.status == "optimal"
    assert exact.objective == pytest.approx(theirs.problem.objective.value(), rel=1e-9)
    assert greedy.objective <= 1.01 * exact.objective
    assert exact.extra["mean_distance"] == pytest.approx(theirs.mean_dist, rel=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_p_median_equals_spopt_on_random_costs(seed):
    cost = _random_cost(seed)
    w = np.random.default_rng(seed).integers(1, 50, len(cost)).astype(float)
    theirs = spopt_locate.PMedian.from_cost_matrix(cost, w, p_facilities=4).solve(_cbc())
    ours = PMedian.from_cost_matrix(cost, w, k=4).solve("exact")
    assert ours.status == "optimal"
    assert ours.objective == pytest.approx(theirs.problem.objective.value(), rel=1e-9)


def test_assignments_match_spopts_cli2fac_and_fac2cli(sf):
    cost, pop = sf
    theirs = spopt_locate.MCLP.from_cost_matrix(cost, pop, 5_000.0, p_facilities=4)
    theirs.solve(_cbc())
    ours = MaxCover.from_cost_matrix(cost, 5_000.0, pop, k=4).solve("exact")
    assert sorted(map(int, ours.sites)) == _chosen(theirs)
    fac2cli = {str(j): tuple(str(i) for i in c) for j, c in enumerate(theirs.fac2cli) if c}
    assert {s: tuple(sorted(c, key=int)) for s, c in ours.fac2cli.items()} == fac2cli
    cli2fac = {str(i): tuple(str(j) for j in f) for i, f in enumerate(theirs.cli2fac) if f}
    assert {c: tuple(sorted(f, key=int)) for c, f in ours.cli2fac.items()} == cli2fac
