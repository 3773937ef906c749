"""Siting: both solvers against brute-force enumeration; set covering covers what it claims."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from geo import siting
from geo.core.distance import haversine_m
from geo.core.errors import InputError
from geo.siting import MaxCover, SetCover
from tests import _siting_oracles as oracle


def _instance(seed: int) -> tuple[np.ndarray, np.ndarray, int]:
    rng = np.random.default_rng(seed)
    n, m, k = int(rng.integers(25, 60)), int(rng.integers(7, 13)), int(rng.integers(2, 5))
    a = (rng.random((n, m)) < rng.uniform(0.08, 0.3)).astype(float)
    w = rng.integers(0, 200, n).astype(float)
    return a, w, k


def _covered(a: np.ndarray, cols) -> np.ndarray:
    return a[:, list(cols)].sum(axis=1) > 0


def _brute_max(a: np.ndarray, w: np.ndarray, k: int) -> float:
    return max(w[_covered(a, c)].sum() for c in itertools.combinations(range(a.shape[1]), k))


def _brute_min_cover(a: np.ndarray) -> int:
    need = a.sum(axis=1) > 0
    for r in range(a.shape[1] + 1):
        for c in itertools.combinations(range(a.shape[1]), r):
            if (_covered(a, c) >= need).all():
                return r
    raise AssertionError


SEEDS = range(25)


@pytest.mark.parametrize("seed", SEEDS)
def test_exact_max_cover_hits_the_brute_force_optimum(seed: int) -> None:
    a, w, k = _instance(seed)
    result = MaxCover.from_matrix(a, w, k=k).solve("exact")
    assert result.objective == pytest.approx(_brute_max(a, w, k))
    assert result.status == "optimal" and result.gap == 0.0


@pytest.mark.parametrize("seed", SEEDS)
def test_heuristic_max_cover_is_within_two_percent_of_the_optimum(seed: int) -> None:
    a, w, k = _instance(seed)
    result = MaxCover.from_matrix(a, w, k=k).solve("greedy")
    assert result.objective >= 0.98 * _brute_max(a, w, k)


@pytest.mark.parametrize("seed", SEEDS)
def test_heuristic_bound_is_a_true_upper_bound(seed: int) -> None:
    a, w, k = _instance(seed)
    result = MaxCover.from_matrix(a, w, k=k).solve("greedy")
    assert result.bound >= _brute_max(a, w, k) - 1e-9


def _hard_instance() -> tuple[np.ndarray, np.ndarray]:
    """A random sparse MCLP (800 × 150, 1.5% dense) HiGHS does not close in half a second
    but proves in a few; SCIP's optimum (``tests._siting_oracles``) is 53,872."""
    rng = np.random.default_rng(5)
    a = (rng.random((800, 150)) < 0.015).astype(float)
    return a, rng.integers(1, 500, 800).astype(float)


@pytest.fixture(scope="module")
def hard_optimum() -> float:
    a, w = _hard_instance()
    return oracle.max_cover(a, w, 12)


@pytest.mark.parametrize("time_limit_s", [0.001, 0.5, 60.0])
def test_exact_stopped_by_its_time_limit_still_reports_a_proven_bound(
    time_limit_s, hard_optimum
) -> None:
    """Whatever the limit, the bound bounds SCIP's optimum, and "optimal" is SCIP's."""
    a, w = _hard_instance()
    result = MaxCover.from_matrix(a, w, k=12).solve("exact", time_limit_s=time_limit_s)
    assert result.status in ("optimal", "time_limit")
    assert result.bound is not None and np.isfinite(result.bound)
    assert result.objective <= hard_optimum <= result.bound + 1e-6
    assert result.bound <= w[a.sum(axis=1) > 0].sum()
    assert result.gap == pytest.approx((result.bound - result.objective) / result.objective)
    assert result.objective == pytest.approx(w[_covered(a, map(int, result.sites))].sum())
    if result.status == "optimal":
        assert result.objective == hard_optimum == pytest.approx(result.bound)


@pytest.mark.parametrize("method", siting.METHODS)
def test_reported_objective_and_site_gains_are_the_coverage_of_the_sites(method: str) -> None:
    a, w, k = _instance(99)
    result = MaxCover.from_matrix(a, w, k=k).solve(method)
    cols = [int(s) for s in result.sites]
    assert len(cols) <= k and len(set(cols)) == len(cols)
    assert result.objective == pytest.approx(w[_covered(a, cols)].sum())
    assert sum(result.site_gain) == pytest.approx(result.objective)
    assert list(result.site_gain) == sorted(result.site_gain, reverse=True)


@pytest.mark.parametrize("seed", SEEDS)
def test_exact_set_cover_needs_the_brute_force_minimum_of_sites(seed: int) -> None:
    a, w, _ = _instance(seed)
    result = SetCover.from_matrix(a, w).solve("exact")
    assert result.objective == _brute_min_cover(a)


@pytest.mark.parametrize("seed", SEEDS)
def test_greedy_set_cover_reports_a_true_lower_bound_and_its_gap(seed: int) -> None:
    a, w, _ = _instance(seed)
    result = SetCover.from_matrix(a, w).solve("greedy")
    optimum = _brute_min_cover(a)
    assert result.bound is not None and result.bound <= optimum <= result.objective
    assert result.gap == pytest.approx((result.objective - result.bound) / result.objective)


@pytest.mark.parametrize("method", siting.METHODS)
@pytest.mark.parametrize("seed", range(10))
def test_set_cover_covers_everything_it_claims(method: str, seed: int) -> None:
    a, w, _ = _instance(seed)
    result = SetCover.from_matrix(a, w).solve(method)
    covered = _covered(a, [int(s) for s in result.sites])
    uncoverable = a.sum(axis=1) == 0
    assert (covered | uncoverable).all()
    assert set(result.uncoverable) == {str(i) for i in np.flatnonzero(uncoverable)}
    assert result.covered_demand == int(covered.sum())


@pytest.fixture(scope="module")
def city() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(8)

    def pts(n, prefix):
        return pd.DataFrame(
            {
                "id": [f"{prefix}{i}" for i in range(n)],
                "lon": 113.2 + rng.normal(0, 0.04, n),
                "lat": 23.1 + rng.normal(0, 0.04, n),
                "youth": rng.integers(100, 2_000, n),
            }
        )

    return pts(600, "C"), pts(150, "S"), pts(40, "H")


def test_from_layers_removes_demand_already_covered_by_existing_homes(city) -> None:
    communities, candidates, homes = city
    d = haversine_m(
        communities["lon"].to_numpy()[:, None],
        communities["lat"].to_numpy()[:, None],
        homes["lon"].to_numpy()[None, :],
        homes["lat"].to_numpy()[None, :],
    ).min(axis=1)
    model = MaxCover.from_layers(communities, candidates, 800, existing=homes, k=5)
    assert set(model.demand_ids) == set(communities.loc[d > 800, "id"])
    assert model.baseline_weight == pytest.approx(communities.loc[d <= 800, "youth"].sum())


def test_coverage_matrix_matches_brute_force_haversine(city) -> None:
    communities, candidates, _ = city
    mat = siting.coverage_matrix(communities[["lon", "lat"]], candidates[["lon", "lat"]], 700)
    brute = haversine_m(
        communities["lon"].to_numpy()[:, None],
        communities["lat"].to_numpy()[:, None],
        candidates["lon"].to_numpy()[None, :],
        candidates["lat"].to_numpy()[None, :],
    )
    assert (mat.toarray() > 0).tolist() == (brute <= 700).tolist()


@pytest.mark.parametrize("method", siting.METHODS)
def test_assignment_links_each_site_to_communities_within_the_radius(city, method) -> None:
    communities, candidates, homes = city
    model = MaxCover.from_layers(communities, candidates, 800, existing=homes, k=6)
    result = model.solve(method)
    table = model.sites_table(result)
    a = model.assignment(result)
    assert len(table) == result.n_sites and {"id", "lon", "lat", "youth_new"} <= set(table.columns)
    assert set(table["id"]) <= set(candidates["id"])
    c = communities.set_index("id").loc[a["community_id"]]
    s = candidates.set_index("id").loc[a["site_id"]]
    d = haversine_m(
        c["lon"].to_numpy(), c["lat"].to_numpy(), s["lon"].to_numpy(), s["lat"].to_numpy()
    )
    assert (d <= 800 + 1e-6).all()
    assert a["weight"].sum() == pytest.approx(result.objective)
    assert a.groupby("site_id")["weight"].sum().reindex(table["id"]).fillna(
        0
    ).tolist() == pytest.approx(table["youth_new"].tolist())


def test_exact_is_never_worse_than_the_heuristic_on_layers(city) -> None:
    communities, candidates, homes = city
    g = MaxCover.from_layers(communities, candidates, 800, existing=homes, k=8).solve("greedy")
    e = MaxCover.from_layers(communities, candidates, 800, existing=homes, k=8).solve("exact")
    assert e.objective >= g.objective - 1e-9
    assert e.bound >= e.objective - 1e-6


@pytest.mark.parametrize(
    "kwargs",
    [{"k": 0}, {"k": 2.5}, {"k": "x"}],
)
def test_bad_k_is_an_input_error(city, kwargs) -> None:
    communities, candidates, _ = city
    with pytest.raises(InputError):
        MaxCover.from_layers(communities, candidates, 800, **kwargs)


def test_bad_method_and_time_limit_are_input_errors(city) -> None:
    communities, candidates, _ = city
    model = MaxCover.from_layers(communities, candidates, 800, k=3)
    with pytest.raises(InputError):
        model.solve("magic")
    with pytest.raises(InputError):
        model.solve("greedy", time_limit_s=0)


def test_duplicate_candidate_ids_and_bad_coordinates_name_the_row(city) -> None:
    communities, candidates, _ = city
    bad = candidates.copy()
    bad.loc[3, "id"] = bad.loc[2, "id"]
    bad.loc[5, "lat"] = np.nan
    with pytest.raises(InputError) as err:
        MaxCover.from_layers(communities, bad, 800, k=3)
    rows = {(p.row, p.column) for p in err.value.problems}
    assert rows == {(5, "id"), (7, "lat")}


def test_read_candidates_maps_chinese_headers_and_converts_gcj02(tmp_path) -> None:
    from geo.core.crs import convert

    path = tmp_path / "cands.csv"
    pd.DataFrame(
        {
            "编号": ["U1", "U2"],
            "名称": ["甲", "乙"],
            "经度": [113.30, 113.31],
            "纬度": [23.10, 23.12],
        }
    ).to_csv(path, index=False)
    out = siting.read_candidates(path, crs="gcj02")
    lon, lat = convert(np.array([113.30, 113.31]), np.array([23.10, 23.12]), "gcj02", "wgs84")
    assert list(out["id"]) == ["U1", "U2"] and list(out["name"]) == ["甲", "乙"]
    np.testing.assert_allclose(out["lon"], lon)
    np.testing.assert_allclose(out["lat"], lat)


def test_read_candidates_reads_coordinates_as_layer_files_are_read(tmp_path) -> None:
    """Candidate sites picked on a map come as one 坐标 cell, or in degrees and minutes."""
    path = tmp_path / "picked.csv"
    path.write_text(
        '编号,坐标\nU1,"113.30,23.10"\nU2,113°18\'36"E 23°7\'12"N\nU3,见附件\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        siting.read_candidates(path)
    assert {(p.row, p.column) for p in err.value.problems} == {(4, "坐标")}
    path.write_text('编号,坐标\nU1,"113.30,23.10"\nU2,113°18\'36"E 23°7\'12"N\n')
    out = siting.read_candidates(path)
    np.testing.assert_allclose(out[["lon", "lat"]].to_numpy(), [[113.30, 23.10], [113.31, 23.12]])


def test_read_candidates_reports_the_bad_row(tmp_path) -> None:
    path = tmp_path / "cands.csv"
    path.write_text("id,lon,lat\nA,113.3,23.1\nB,abc,23.2\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        siting.read_candidates(path)
    (p,) = err.value.problems
    assert (p.file, p.row, p.column) == ("cands.csv", 3, "lon")


def test_the_models_that_assign_name_what_a_site_serves_not_what_it_newly_covers(city) -> None:
    """The p-median assigns every community to a site however far: its table headed the
    assigned youth 新增覆盖青年 (youthmap site --model pmedian: a site "newly covering"
    12,660 young people, none of them within the radius). The models that assign say
    served; the covering models keep newly covered."""
    from geo.export import labels
    from geo.siting import CapacitatedMaxCover, PMedian

    communities, candidates, homes = city
    median = PMedian.from_layers(communities, candidates, homes, k=3)
    table = median.sites_table(median.solve())
    assert {"youth_served", "communities_served"} <= set(table.columns)
    assert not {"youth_new", "communities_new"} & set(table.columns)
    a = median.assignment()
    assert table["communities_served"].sum() == len(a)  # (the rest go to existing homes)
    shown = labels.localize(table, "zh")
    assert {"服务青年", "服务社区"} <= set(shown.columns) and "新增覆盖青年" not in shown
    capped = CapacitatedMaxCover.from_layers(
        communities, candidates, 800, homes, k=3, capacity=5_000
    )
    assert "youth_served" in capped.sites_table(capped.solve())
    cover = MaxCover.from_layers(communities, candidates, 800, existing=homes, k=3)
    assert "youth_new" in cover.sites_table(cover.solve())
