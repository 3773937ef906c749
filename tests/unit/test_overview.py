"""geo.export.overview: counts by layer and area, and the overview map at each scope."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from geo.core.layers import LAYER_NAMES, to_geodataframe
from geo.core.scope import Scope
from geo.export import overview
from tests._screen import map_payloads

CITIES = {  # city code -> (province code, region, centre lon, lat, county codes)
    "4401": ("44", "east", 113.3, 23.1, ("440106", "440104")),
    "4403": ("44", "east", 114.1, 22.6, ("440303",)),
    "4201": ("42", "central", 114.3, 30.6, ("420102",)),
    "5101": ("51", "west", 104.1, 30.7, ("510104",)),
}


@dataclass(frozen=True)
class FakeLayers:
    """The four layers with the attributes geo.export.overview reads."""

    frames: dict[str, gpd.GeoDataFrame]
    simulated: frozenset[str] = field(default_factory=lambda: frozenset({"communities"}))

    def get(self, name: str) -> gpd.GeoDataFrame:
        return self.frames[name]


def _layer(n_per_city: dict[str, int], prefix: str, seed: int) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for city, n in n_per_city.items():
        prov, region, lon, lat, counties = CITIES[city]
        for i in range(n):
            county = counties[i % len(counties)]
            rows.append(
                {
                    "id": f"{prefix}{city}-{i}",
                    "name": f"{prefix}<{i}>",
                    "university": f"大学{i}",
                    "province_code": prov,
                    "city_code": city,
                    "county_code": county,
                    "district": f"区{county}",
                    "region": region,
                    "lon": lon + rng.normal(0, 0.05),
                    "lat": lat + rng.normal(0, 0.05),
                    "population": int(rng.integers(1_000, 5_000)),
                }
            )
    return to_geodataframe(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def fake() -> FakeLayers:
    return FakeLayers(
        {
            "communities": _layer({"4401": 300, "4403": 100, "4201": 50, "5101": 20}, "c", 1),
            "youth_homes": _layer({"4401": 90, "4403": 10, "4201": 5}, "y", 2),
            "campuses": _layer({"4401": 30, "4201": 40, "5101": 25}, "u", 3),
            "resident_units": _layer({"4401": 900, "4403": 300, "4201": 100, "5101": 60}, "r", 4),
        }
    )


@pytest.fixture(scope="module")
def bnd() -> dict[str, gpd.GeoDataFrame]:
    provs = {
        "44": box(109, 20, 117, 25.5),
        "42": box(108, 29, 116, 33.3),
        "51": box(97, 26, 108.5, 34.3),
    }
    prov = gpd.GeoDataFrame(
        {"code": list(provs), "name": ["广东省", "湖北省", "四川省"], "province_code": list(provs)},
        geometry=list(provs.values()),
        crs=4326,
    )
    cities = gpd.GeoDataFrame(
        {
            "code": list(CITIES),
            "name": ["广州市", "深圳市", "武汉市", "成都市"],
            "province_code": [v[0] for v in CITIES.values()],
        },
        geometry=[box(v[2] - 0.5, v[3] - 0.5, v[2] + 0.5, v[3] + 0.5) for v in CITIES.values()],
        crs=4326,
    )
    rows = [(c, city, v[0], v[2], v[3]) for city, v in CITIES.items() for c in v[4]]
    county = gpd.GeoDataFrame(
        {
            "code": [r[0] for r in rows],
            "name": [f"县{r[0]}" for r in rows],
            "city_code": [r[1] for r in rows],
            "province_code": [r[2] for r in rows],
        },
        geometry=[box(r[3] - 0.2, r[4] - 0.2, r[3] + 0.2, r[4] + 0.2) for r in rows],
        crs=4326,
    )
    return {"province": prov, "city": cities, "county": county}


def test_layer_counts_follow_the_scope(fake: FakeLayers) -> None:
    national = overview.layer_counts(fake, Scope())
    assert national.to_dict() == {
        "communities": 470,
        "youth_homes": 105,
        "campuses": 95,
        "resident_units": 1360,
    }
    city = overview.layer_counts(fake, Scope(province_code="44", city_code="4401"))
    assert city.to_dict() == {
        "communities": 300,
        "youth_homes": 90,
        "campuses": 30,
        "resident_units": 900,
    }


def test_counts_by_province_add_up_to_the_national_total(fake: FakeLayers) -> None:
    table = overview.counts_by_area(fake, Scope())
    assert list(table["code"]) == ["42", "44", "51"]
    assert list(table["name"]) == ["湖北省", "广东省", "四川省"]
    assert list(table["region"]) == ["central", "east", "west"]
    assert (
        table[list(LAYER_NAMES)].sum().to_dict() == overview.layer_counts(fake, Scope()).to_dict()
    )


def test_province_scope_breaks_down_by_city(fake: FakeLayers, bnd: dict) -> None:
    table = overview.counts_by_area(fake, Scope(province_code="44"), lang="en", boundaries=bnd)
    assert list(table["name"]) == ["广州市", "深圳市"]
    assert list(table["code"]) == ["4401", "4403"]
    assert list(table["communities"]) == [300, 100]
    assert list(table["campuses"]) == [30, 0]


def test_city_scope_breaks_down_by_county(fake: FakeLayers) -> None:
    table = overview.counts_by_area(
        fake, Scope(province_code="44", city_code="4401"), boundaries={}
    )
    assert list(table["name"]) == ["区440104", "区440106"]  # from the layer when no boundaries
    assert list(table["code"]) == ["440104", "440106"]
    assert table["communities"].sum() == 300


def test_region_counts_cover_the_three_regions(fake: FakeLayers) -> None:
    table = overview.region_counts(fake)
    assert list(table["region"]) == ["east", "central", "west"]
    assert list(table["communities"]) == [400, 50, 20]


def test_aggregate_points_counts_and_centres(fake: FakeLayers) -> None:
    agg = overview.aggregate_points(fake.get("communities"), "city")
    row = agg.set_index("code").loc["4401"]
    assert row["count"] == 300
    assert abs(row["lon"] - 113.3) < 0.02 and abs(row["lat"] - 23.1) < 0.02


def _payloads(html_text: str) -> list[dict]:
    payloads = map_payloads(html_text)
    return [p for p in payloads if "xy" in p]  # point layers (polygons carry "data")


def test_national_map_draws_aggregates_not_every_point(fake: FakeLayers, bnd: dict) -> None:
    html_text = overview.overview_map(fake, Scope(), boundaries=bnd).get_root().render()
    sizes = sorted(len(p["xy"]) // 2 for p in _payloads(html_text))
    # campuses as 95 points; Youth Homes (2 provinces) and resident units (3) as circles
    assert sizes == [2, 3, 95]
    assert "#08519c" in html_text  # the densest province gets the darkest choropleth class


def test_province_map_draws_every_point(fake: FakeLayers, bnd: dict) -> None:
    html_text = (
        overview.overview_map(fake, Scope(province_code="44"), boundaries=bnd).get_root().render()
    )
    sizes = sorted(len(p["xy"]) // 2 for p in _payloads(html_text))
    assert sizes == [30, 100, 400, 1200]


def test_dense_layer_is_aggregated_per_county_above_the_point_budget(
    fake: FakeLayers, bnd: dict
) -> None:
    m = overview.overview_map(fake, Scope(province_code="44"), boundaries=bnd, max_points=500)
    sizes = sorted(len(p["xy"]) // 2 for p in _payloads(m.get_root().render()))
    # communities (400) and campuses (30), Youth Homes (100) stay points; 1,200 units -> 3 counties
    assert sizes == [3, 30, 100, 400]


def test_map_text_from_layers_is_escaped(fake: FakeLayers, bnd: dict) -> None:
    html_text = overview.overview_map(
        fake, Scope(province_code="44", city_code="4401"), boundaries=bnd
    )
    rendered = html_text.get_root().render()
    assert "c&lt;1&gt;" in rendered and "c<1>" not in rendered


def test_english_map_uses_english_layer_names(fake: FakeLayers, bnd: dict) -> None:
    rendered = overview.overview_map(fake, Scope(), lang="en", boundaries=bnd).get_root().render()
    assert "Communities (per province)" in rendered
    assert "Youth Homes (per province)" in rendered


def test_a_municipality_breaks_down_by_county() -> None:
    assert overview.table_level(Scope(province_code="11")) == "county"
    assert overview.table_level(Scope(province_code="44")) == "city"


NAMES_AS_WRITTEN = {"Name", "University", "Campus"}
"""Tooltip columns whose values stay as written (community, Youth Home, unit, university and
campus names); every other one is in the map's language."""


@pytest.mark.parametrize(
    "scope", [Scope(province_code="46"), Scope(province_code="44", city_code="4401")]
)
def test_an_english_maps_tooltips_hold_no_chinese_but_the_names(scope: Scope) -> None:
    """The real dataset's overview map in English: the points' tooltips said District/county
    天河区 and Kind 社区青年之家, and the counties' own tooltips 天河区, where the tables say
    Tianhe District and Community Youth Home (every map draws its tooltips and boundaries
    through geo.maps.base)."""
    import re

    from geo import dataset

    cjk = re.compile(r"[\u3400-\u9fff]")
    m = overview.overview_map(dataset.load_layers(), scope, lang="en")
    payloads = map_payloads(m.get_root().render())
    shown: dict[str, list[str]] = {}
    for p in payloads:
        for col in p.get("cols", []):
            shown.setdefault(col["label"], []).extend(col.get("dict") or col.get("values") or [])
        for feature in p.get("data", {}).get("features", []):
            for key, value in feature.get("properties", {}).items():
                shown.setdefault(f"area {key}", []).append(str(value))
    assert {"District/county", "Kind", "area name"} <= set(shown)  # still drawn
    chinese = {
        label: sorted({v for v in values if cjk.search(v)})[:3]
        for label, values in shown.items()
        if label not in NAMES_AS_WRITTEN
    }
    assert {label: v for label, v in chinese.items() if v} == {}
    assert "Community Youth Home" in shown["Kind"]
