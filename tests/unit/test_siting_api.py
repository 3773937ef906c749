"""The spopt-style construction API: cost matrices, GeoDataFrames in any CRS, required
sites, exactly k, a radius per community, and results as cli2fac / fac2cli."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo import i18n
from geo.core.distance import haversine_m
from geo.core.errors import InputError
from geo.siting import BackupCover, CapacitatedMaxCover, MaxCover, PMedian, SetCover
from tests import _siting_oracles as oracle


@pytest.fixture(scope="module")
def city() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(17)

    def pts(n: int, prefix: str) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "id": [f"{prefix}{i}" for i in range(n)],
                "lon": 113.3 + rng.normal(0, 0.03, n),
                "lat": 23.1 + rng.normal(0, 0.03, n),
                "youth": rng.integers(50, 1_500, n),
                "radius": rng.choice([600.0, 900.0, 1_500.0], n),
            }
        )

    return pts(300, "C"), pts(80, "S"), pts(6, "H")


def _distances(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
    return haversine_m(
        a["lon"].to_numpy()[:, None],
        a["lat"].to_numpy()[:, None],
        b["lon"].to_numpy()[None, :],
        b["lat"].to_numpy()[None, :],
    )


def test_from_cost_matrix_takes_ids_from_a_dataframe_and_a_radius_per_row(city):
    communities, candidates, _ = city
    cost = pd.DataFrame(
        _distances(communities, candidates), index=communities["id"], columns=candidates["id"]
    )
    radius = communities["radius"].to_numpy()
    model = MaxCover.from_cost_matrix(cost, radius, communities["youth"], k=5)
    assert list(model.demand_ids) == list(communities["id"])
    assert (model.matrix.toarray() > 0).tolist() == (cost.to_numpy() <= radius[:, None]).tolist()
    result = model.solve("exact")
    assert set(result.sites) <= set(candidates["id"])
    limit = result.pairs["community_id"].map(dict(zip(communities["id"], radius, strict=True)))
    assert len(result.pairs) and (result.pairs["distance"] <= limit).all()


def test_radius_column_gives_each_community_its_own_radius(city):
    communities, candidates, _ = city
    model = SetCover.from_layers(communities, candidates, radius_col="radius", weight=None)
    d = _distances(communities, candidates)
    expected = d <= communities["radius"].to_numpy()[:, None]
    assert (model.matrix.toarray() > 0).tolist() == expected.tolist()
    result = model.solve("greedy")
    pairs = result.pairs.merge(communities[["id", "radius"]], left_on="community_id", right_on="id")
    assert (pairs["distance"] <= pairs["radius"] + 1e-6).all()


def test_a_bad_radius_value_names_its_row_and_column(city):
    communities, candidates, _ = city
    bad = communities.copy()
    bad.loc[4, "radius"] = -5
    with pytest.raises(InputError) as err:
        MaxCover.from_layers(bad, candidates, radius_col="radius", k=3)
    (p,) = err.value.problems
    assert (p.row, p.column) == (6, "radius")


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:32649", "EPSG:3857"])
def test_from_geodataframe_takes_any_crs_and_measures_metres(city, crs):
    communities, candidates, _ = city

    def gdf(frame: pd.DataFrame) -> gpd.GeoDataFrame:
        out = gpd.GeoDataFrame(
            frame.drop(columns=["lon", "lat"]),
            geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
            crs="EPSG:4326",
        )
        return out.to_crs(crs)

    model = MaxCover.from_geodataframe(gdf(communities), gdf(candidates), 1_000, k=4)
    expected = MaxCover.from_layers(communities, candidates, 1_000, k=4)
    assert (model.matrix != expected.matrix).nnz == 0
    assert model.solve("exact").objective == pytest.approx(expected.solve("exact").objective)


def test_from_geodataframe_takes_polygons_by_their_centroid(city):
    communities, candidates, _ = city
    polys = gpd.GeoDataFrame(
        communities.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(communities["lon"], communities["lat"]),
        crs="EPSG:4326",
    ).to_crs("EPSG:32649")
    polys["geometry"] = polys.buffer(50, quad_segs=32)
    sites = gpd.GeoDataFrame(
        candidates.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(candidates["lon"], candidates["lat"]),
        crs="EPSG:4326",
    )
    model = SetCover.from_geodataframe(polys, sites, 1_000, weight=None)
    expected = SetCover.from_layers(communities, candidates, 1_000, weight=None)
    differ = (model.matrix != expected.matrix).nnz
    assert differ <= 2  # only pairs within centimetres of 1,000 m may flip


def test_from_geodataframe_without_a_crs_is_an_input_error(city):
    communities, candidates, _ = city
    frame = gpd.GeoDataFrame(
        communities.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(communities["lon"], communities["lat"]),
    )
    with pytest.raises(InputError) as err:
        MaxCover.from_geodataframe(frame, frame, 1_000, k=2)
    assert "CRS" in i18n.problems_text(err.value.problems, "en")


def test_required_homes_are_added_kept_open_and_counted_in_k(city):
    communities, candidates, homes = city
    model = MaxCover.from_layers(communities, candidates, 800, required=homes, k=10)
    result = model.solve("exact")
    assert set(homes["id"]) <= set(result.sites) and result.n_sites <= 10
    assert set(result.required) == set(homes["id"])
    table = model.sites_table(result)
    assert table.set_index("id").loc[list(homes["id"]), "required"].all()
    assert table.loc[table["id"].isin(homes["id"]), ["lon", "lat"]].notna().all().all()


@pytest.mark.parametrize("model", [MaxCover, SetCover, BackupCover])
def test_new_sites_are_credited_only_with_what_they_add_to_the_homes_that_stay(model):
    # the required site 0 covers rows 0-1; site 1 covers rows 0-3 and is chosen greedily
    # first. Site 1 adds rows 2-3 (youth 30) to what site 0 covers, not rows 0-3 (youth 40)
    a = np.array([[1, 1, 0], [1, 1, 0], [0, 1, 0], [0, 1, 1], [0, 0, 1]])
    w = np.array([5.0, 5.0, 10.0, 20.0, 1.0])
    params = {"k": 2} if model is MaxCover else {}
    result = model.from_matrix(a, w, required=["0"], **params).solve("exact")
    assert result.status == "optimal" and result.required == ("0",)
    assert result.sites[0] == "0" and result.site_gain[0] == 10.0
    new = [int(s) for s in result.sites if s != "0"]
    only = a[:, new].sum(axis=1) > 0  # rows the new sites cover that site 0 does not
    only &= a[:, 0] == 0
    assert (result.n_new, result.new_weight, result.new_demand) == (
        len(new),
        w[only].sum(),
        only.sum(),
    )


def test_a_required_home_is_not_drawn_as_a_proposed_site(city):
    from geo.maps import coverage as cmap
    from tests._screen import map_payloads

    communities, candidates, homes = city
    model = MaxCover.from_layers(communities, candidates, 800, required=homes, k=9)
    result = model.solve()
    sites, assignment = model.sites_table(result), model.assignment(result)
    cov = communities.assign(covered=False, distance_m=np.inf, nearest_home="")
    html = cmap.coverage_map(cov, homes, sites=sites, assignment=assignment).get_root().render()
    points = [p for p in map_payloads(html) if "xy" in p]
    drawn = next(p for p in points if p["style"]["fillColor"] == cmap.SITE_COLOR)
    assert len(drawn["xy"]) // 2 == int((~sites["required"]).sum()) == 3
    links = next(
        p
        for p in map_payloads(html)
        if "data" in p and p["style"]["color"] == cmap.SITE_COLOR and not p["style"]["fill"]
    )
    new = set(sites.loc[~sites["required"], "id"])
    assert len(links["data"]["features"]) == int(assignment["site_id"].isin(new).sum())


def test_more_required_sites_than_k_is_an_input_error(city):
    communities, candidates, homes = city
    with pytest.raises(InputError):
        MaxCover.from_layers(communities, candidates, 800, required=homes, k=3)
    with pytest.raises(InputError):
        MaxCover.from_layers(communities, candidates, 800, required=["nope"], k=3)


def test_exactly_k_opens_k_sites_even_when_fewer_cover_everything(city):
    communities, candidates, _ = city
    small = communities.head(5)
    at_most = MaxCover.from_layers(small, candidates, 3_000, k=6).solve("exact")
    exactly = MaxCover.from_layers(small, candidates, 3_000, k=6, exactly_k=True).solve("exact")
    assert at_most.n_sites < 6 and exactly.n_sites == 6
    assert exactly.objective == at_most.objective and exactly.status == "optimal"
    a = _distances(small, candidates) <= 3_000
    w = small["youth"].to_numpy(dtype=float)
    assert exactly.objective == oracle.max_cover(a, w, 6, exactly=True)  # SCIP's optimum


def test_results_list_each_communitys_sites_and_each_sites_communities(city):
    communities, candidates, _ = city
    model = MaxCover.from_layers(communities, candidates, 900, k=6)
    result = model.solve("exact")
    d = _distances(communities, candidates)
    cols = [candidates["id"].tolist().index(s) for s in result.sites]
    for site, col in zip(result.sites, cols, strict=True):
        expected = set(communities["id"][d[:, col] <= 900])
        assert set(result.fac2cli[site]) == expected
    covered = (d[:, cols] <= 900).any(axis=1)
    assert set(result.cli2fac) == set(communities["id"][covered])
    assert result.covered_demand == covered.sum()
    assert result.percent_covered == pytest.approx(100 * covered.mean())
    assert result.percent_weight_covered == pytest.approx(
        100 * communities["youth"][covered].sum() / communities["youth"].sum()
    )


@pytest.mark.slow
def test_p_median_and_capacitated_assign_each_community_once(city):
    communities, candidates, homes = city
    pm = PMedian.from_layers(communities, candidates, existing=homes, k=5).solve("exact")
    assert pm.status == "optimal" and pm.pairs["community_id"].is_unique
    w = communities["youth"].to_numpy(dtype=float)
    home = _distances(communities, homes).min(axis=1)
    optimum = oracle.p_median(_distances(communities, candidates), w, 5, cap=home)  # SCIP
    assert pm.objective == pytest.approx(optimum, rel=1e-9)
    d = _distances(communities, candidates).min(axis=1)
    assert (
        pm.pairs["distance"] >= d[communities["id"].isin(pm.pairs["community_id"])] - 1e-6
    ).all()
    cm = CapacitatedMaxCover.from_layers(
        communities, candidates, 1_000, k=5, capacity="youth"
    ).solve("greedy")
    assert cm.pairs["community_id"].is_unique and set(cm.pairs["site_id"]) <= set(cm.sites)


def test_backup_cover_from_layers_counts_communities_covered_twice(city):
    communities, candidates, _ = city
    model = BackupCover.from_layers(communities, candidates, 1_500, weight=None)
    result = model.solve("exact")
    counts = result.pairs.groupby("community_id").size()
    assert result.objective == (counts >= 2).sum() == result.extra["backup_demand"]
