"""geo.dataset: the embedded dataset's loaders and the Layers contract."""

from __future__ import annotations

import shutil

import geopandas as gpd
import numpy as np
import pytest

from geo import dataset
from geo.core.layers import LAYER_NAMES, SCHEMAS

ADMIN = ("region", "province_code", "city_code", "county_code")


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_every_layer_is_a_wgs84_point_layer_with_matching_lonlat(layers, name):
    gdf = layers.get(name)
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert gdf.crs.to_epsg() == 4326
    assert (gdf.geom_type == "Point").all()
    assert np.allclose(gdf.geometry.x, gdf["lon"]) and np.allclose(gdf.geometry.y, gdf["lat"])


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_every_layer_has_its_schema_columns_and_unique_string_ids(layers, name):
    gdf = layers.get(name)
    assert {c.name for c in SCHEMAS[name]} <= set(gdf.columns)
    assert gdf["id"].is_unique
    assert gdf["id"].map(type).eq(str).all()


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_every_row_carries_admin_codes_of_the_embedded_boundaries(layers, name):
    gdf = layers.get(name)
    assert gdf[list(ADMIN)].notna().all().all()
    combos = gdf[list(ADMIN)].drop_duplicates()
    counties = set(dataset.load_boundaries("county")["code"])
    cities = set(dataset.load_boundaries("city")["code"])
    assert set(combos["county_code"]) <= counties
    assert set(combos["city_code"]) <= cities
    assert (combos["city_code"] == combos["county_code"].str[:4]).all()
    assert (combos["province_code"] == combos["county_code"].str[:2]).all()
    assert set(combos["region"]) <= {"east", "central", "west"}


def test_three_layers_are_simulated_with_seed_2021(layers):
    assert layers.simulated == frozenset({"communities", "youth_homes", "resident_units"})
    assert layers.seed == 2021
    assert layers.communities["simulated"].all()
    assert "simulated" not in layers.campuses.columns or not layers.campuses["simulated"].any()


def test_replace_returns_a_new_object_and_the_layer_is_no_longer_simulated(layers):
    mine = layers.communities.head(10).assign(simulated=False)  # a real list
    new = layers.replace("communities", mine)
    assert len(new.communities) == 10
    assert "communities" not in new.simulated
    assert new.seed == 2021  # the other two layers are still the embedded simulated ones
    assert len(layers.communities) == 110_000
    assert "communities" in layers.simulated


def test_a_file_of_simulated_rows_stays_simulated_and_its_seed_is_unknown(layers):
    """``youthmap demo --seed 7``'s file imported in place of the embedded layer: still
    simulated, and the embedded seed (2021) is no longer the whole story."""
    new = layers.replace("communities", layers.communities.head(10))
    assert "communities" in new.simulated
    assert new.seed is None


def test_replacing_every_simulated_layer_clears_the_seed(layers):
    new = layers
    for name in sorted(layers.simulated):
        new = new.replace(name, layers.get(name).head(1).assign(simulated=False))
    assert new.simulated == frozenset()
    assert new.seed is None


def test_unknown_layer_name_raises_key_error(layers):
    with pytest.raises(KeyError, match="unknown layer"):
        layers.get("schools")
    with pytest.raises(KeyError):
        layers.replace("schools", layers.campuses)


def test_loading_twice_returns_the_cached_frames():
    assert dataset.load_layers().communities is dataset.load_layers().communities


@pytest.mark.parametrize(
    ("level", "digits", "parents"),
    [
        ("province", 2, []),
        ("city", 4, ["province_code"]),
        ("county", 6, ["province_code", "city_code"]),
    ],
)
def test_boundary_polygons_have_codes_names_and_parent_codes(level, digits, parents):
    b = dataset.load_boundaries(level)
    assert b.crs.to_epsg() == 4326
    assert b.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert b.geometry.is_valid.all()
    assert (b["code"].str.len() == digits).all() and b["code"].is_unique
    assert b["name"].str.len().gt(0).all()
    for col in parents:
        assert (b[col] == b["code"].str[: len(b[col].iloc[0])]).all()


def test_boundary_lines_are_line_geometry():
    lines = dataset.load_boundaries("lines")
    assert len(lines) > 0
    assert lines.geom_type.isin(["LineString", "MultiLineString"]).all()


def test_unknown_boundary_level_raises_value_error():
    with pytest.raises(ValueError, match="unknown boundary level"):
        dataset.load_boundaries("township")


def test_census_is_keyed_by_unique_county_code():
    census = dataset.load_census()
    assert census["county_code"].is_unique
    assert census["county_code"].str.len().eq(6).all()
    assert set(census["county_code"]) <= set(dataset.load_boundaries("county")["code"])


def test_subdistricts_have_kinds_and_known_counties():
    subs = dataset.load_subdistricts()
    assert set(subs["kind"]) <= {"街道", "镇", "乡", "其他"}
    assert set(subs["county_code"]) <= set(dataset.load_boundaries("county")["code"])
    assert "东华门街道" in set(subs.loc[subs["county_code"] == "110101", "name"])


def test_data_dir_argument_reads_another_dataset(tmp_path):
    shutil.copyfile(dataset.DATA_DIR / "meta.json", tmp_path / "meta.json")
    for name in LAYER_NAMES:
        small = dataset.load_layer(name).head(3).drop(columns="geometry")
        small.to_parquet(tmp_path / f"{name}.parquet")
    other = dataset.load_layers(tmp_path)
    assert other.counts() == dict.fromkeys(LAYER_NAMES, 3)
    assert len(dataset.load_layers().youth_homes) > 3


def test_missing_file_raises_file_not_found_naming_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="meta.json"):
        dataset.load_layers(tmp_path)
    with pytest.raises(FileNotFoundError, match="boundaries_county.parquet"):
        dataset.load_boundaries("county", tmp_path)


def test_meta_counts_match_the_files(layers):
    counts = dataset.meta()["counts"]
    for name in LAYER_NAMES:
        assert counts[name] == len(layers.get(name))
