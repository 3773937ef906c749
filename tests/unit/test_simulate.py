"""The simulator: determinism, national totals, placement and plausibility of the shipped layers."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
import shapely

from geo import dataset
from geo.cli import main
from geo.core.layers import UNIT_TYPES
from geo.dataset import simulate

SMALL = ["64", "11"]  # 宁夏 and 北京: a few thousand communities, fast


@pytest.fixture(scope="module")
def small() -> dict[str, pd.DataFrame]:
    return simulate.simulate(seed=2021, provinces=SMALL)


def _digests(path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.glob("*.parquet"))
    }


# ---- allocation ----------------------------------------------------------------------


def test_largest_remainder_allocation_sums_exactly_and_is_proportional():
    shares = simulate.allocate(np.array([5.0, 3.0, 2.0, 0.0, np.nan]), 7)
    assert shares.tolist() == [4, 2, 1, 0, 0]  # quotas 3.5, 2.1, 1.4: remainders .5 > .4 > .1


def test_allocation_of_zero_weights_is_all_zero():
    assert simulate.allocate(np.zeros(3), 10).tolist() == [0, 0, 0]


# ---- determinism ---------------------------------------------------------------------


def test_same_seed_gives_byte_identical_files(tmp_path, small):
    a, b = tmp_path / "a", tmp_path / "b"
    simulate.write_layers(small, a)
    simulate.write_layers(simulate.simulate(seed=2021, provinces=SMALL), b)
    assert _digests(a) == _digests(b)
    assert len(_digests(a)) == 3


def test_another_seed_gives_other_communities(small):
    other = simulate.simulate(seed=2022, provinces=["64"])["communities"]
    mine = small["communities"][small["communities"]["province_code"] == "64"]
    assert not np.allclose(other["lon"].to_numpy()[:50], mine["lon"].to_numpy()[:50])


def test_province_run_reproduces_the_shipped_national_rows(small, layers):
    """Per-county streams: the shipped seed-2021 data is exactly what the code makes now."""
    for name in ("communities", "youth_homes", "resident_units"):
        shipped = layers.get(name)
        shipped = pd.DataFrame(
            shipped[shipped["province_code"].isin(SMALL)].drop(columns="geometry")
        )
        pd.testing.assert_frame_equal(
            small[name], shipped.reset_index(drop=True), check_dtype=False, check_exact=True
        )


def test_demo_cli_writes_the_layers_and_reports_counts(tmp_path, capsys):
    assert main(["demo", "--seed", "5", "--out", str(tmp_path), "--provinces", "宁夏"]) == 0
    out = capsys.readouterr().out
    assert "社区 572" in out and "种子 5" in out
    # by default the layers are CSV files the other commands read as they are
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "communities.csv",
        "resident_units.csv",
        "youth_homes.csv",
    ]
    cov = tmp_path / "coverage.csv"
    args = ["--communities", str(tmp_path / "communities.csv"), "--out", str(cov)]
    assert main(["coverage", *args, "--homes", str(tmp_path / "youth_homes.csv")]) == 0
    out = capsys.readouterr().out
    written = pd.read_csv(cov)
    assert len(written) == 572
    # the results say they are simulated, row by row and on the screen (the file said so,
    # and was once read as real data: every row 否)
    assert written["模拟数据"].eq("是").all()
    assert "提示：communities.csv 的 572 行均为模拟数据，据此得出的结果也是模拟数据" in out
    assert (
        main(["--lang", "en", "coverage", *args, "--homes", str(tmp_path / "youth_homes.csv")]) == 0
    )
    assert "note: all 572 rows of communities.csv are simulated data" in capsys.readouterr().out
    assert pd.read_csv(cov)["Simulated"].eq("Yes").all()
    parquet = ["--out", str(tmp_path / "pq"), "--provinces", "64", "--format", "parquet"]
    assert main(["demo", "--seed", "5", *parquet]) == 0
    written = pd.read_parquet(tmp_path / "pq" / "communities.parquet")
    assert set(written["province_code"]) == {"64"} and len(written) == 572


def test_demo_cli_rejects_an_unknown_province_with_one_line(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path), "--provinces", "64,火星"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "火星" in err[0]


# ---- the shipped national layers (seed 2021) ------------------------------------------


def test_about_110000_communities_nationally(layers):
    assert abs(len(layers.communities) - 110_000) <= 0.05 * 110_000


def test_every_community_lies_inside_its_county_polygon(layers):
    c = layers.communities
    counties = dataset.load_boundaries("county").set_index("code")
    polygons = counties.loc[c["county_code"], "geometry"].values
    assert shapely.contains_xy(polygons, c["lon"].to_numpy(), c["lat"].to_numpy()).all()


def test_communities_follow_urban_population(layers):
    census = dataset.load_census().set_index("county_code")
    per_county = layers.communities.groupby("county_code").size()
    urban = census.loc[per_county.index, "urban_population"]
    assert np.corrcoef(per_county, urban)[0, 1] > 0.99
    assert layers.communities["population"].sum() == pytest.approx(
        census["urban_population"].sum(), rel=0.05
    )


def test_communities_are_denser_toward_the_county_centre(layers):
    """Mean distance to the centre is well below that of points spread evenly over the county."""
    c = layers.communities
    counties = dataset.load_boundaries("county").set_index("code")
    rng = np.random.default_rng(0)
    ratios = []
    for code in c["county_code"].value_counts().index[:20]:
        geom = counties.loc[code, "geometry"]
        centre = geom.representative_point()
        mine = c[c["county_code"] == code]
        d_mine = np.hypot(mine["lon"] - centre.x, mine["lat"] - centre.y).mean()
        minx, miny, maxx, maxy = geom.bounds
        x, y = rng.uniform(minx, maxx, 20_000), rng.uniform(miny, maxy, 20_000)
        inside = shapely.contains_xy(geom, x, y)
        d_even = np.hypot(x[inside] - centre.x, y[inside] - centre.y).mean()
        ratios.append(d_mine / d_even)
    assert np.median(ratios) < 0.9


def test_counts_never_exceed_population(layers):
    c = layers.communities
    for col in ("youth", "children", "elderly"):
        assert (c[col] <= c["population"]).all()
        assert (c[col] > 0).all()
    assert (c["households"] < c["population"]).all()


def test_youth_share_follows_the_county_census(layers):
    c = layers.communities
    census = dataset.load_census().set_index("county_code")
    agg = c.groupby("county_code")[["youth", "population"]].sum()
    simulated = agg["youth"] / agg["population"]
    assert np.allclose(simulated, census.loc[agg.index, "youth_share"], atol=0.03)


def test_communities_are_named_after_real_subdistricts_of_their_county(layers):
    c = layers.communities.sample(2_000, random_state=1)
    subs = dataset.load_subdistricts()
    known = set(zip(subs["county_code"], subs["name"], strict=True))
    county_names = dict(zip(c["county_code"], c["district"], strict=True))
    ok = [
        (code, sub) in known or sub == county_names[code]
        for code, sub in zip(c["county_code"], c["subdistrict"], strict=True)
    ]
    assert all(ok)
    assert all(n.startswith(s) for n, s in zip(c["name"], c["subdistrict"], strict=True))
    assert c["name"].str.fullmatch(r".+第\d+社区").all()


def test_community_names_are_unique_within_a_county(layers):
    c = layers.communities
    assert not c.duplicated(["county_code", "name"]).any()


def test_youth_home_share_is_lower_in_the_west(layers):
    share = (
        layers.youth_homes.groupby("region").size() / layers.communities.groupby("region").size()
    )
    assert share["west"] < share["central"] < share["east"]
    assert 0.25 < len(layers.youth_homes) / len(layers.communities) < 0.40


def test_youth_homes_belong_to_existing_communities_in_the_same_county(layers):
    homes = layers.youth_homes
    owners = layers.communities.set_index("id").loc[homes["community_id"]]
    assert homes["community_id"].is_unique
    assert (owners["county_code"].to_numpy() == homes["county_code"].to_numpy()).all()
    assert (homes["capacity"] > 0).all()


def test_resident_units_have_the_six_types_and_several_per_community(layers):
    units = layers.resident_units
    assert set(units["unit_type"]) == set(UNIT_TYPES)
    assert 3.5 < len(units) / len(layers.communities) < 4.5
    assert set(units["community_id"].unique()) <= set(layers.communities["id"])


def test_simulated_rows_are_flagged(layers):
    for name in ("communities", "youth_homes", "resident_units"):
        gdf = layers.get(name)
        assert gdf["simulated"].all() and not gdf["approximate"].any()
