"""Indicators: distances, counts within radii, census fill-in, focus cities."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.analysis import indicators as ind
from geo.core import distance
from tests import _scoring_data as sd


@pytest.fixture(scope="module")
def layers():
    c = sd.communities(200)
    h = sd.points("youth_homes", 25, 2)
    h["community_id"] = [c["id"].iloc[0]] + [None] * (len(h) - 1)
    return c, h, sd.points("campuses", 15, 3), sd.points("resident_units", 120, 4)


def test_home_distance_is_the_brute_force_nearest_and_zero_for_a_host(layers):
    c, h, cp, u = layers
    f = ind.compute(c, h, cp, u)
    d = distance.haversine_m(
        c["lon"].to_numpy()[:, None],
        c["lat"].to_numpy()[:, None],
        h["lon"].to_numpy(),
        h["lat"].to_numpy(),
    )
    expected = d.min(axis=1)
    expected[0] = 0.0
    assert f["home_distance_m"].to_numpy() == pytest.approx(expected, rel=1e-6)
    assert bool(f["hosts_home"].iloc[0]) and not f["hosts_home"].iloc[1:].any()


def test_counts_within_radius_match_brute_force(layers):
    c, h, cp, u = layers
    f = ind.compute(c, h, cp, u, campus_radius_m=4_000, unit_radius_m=1_500)
    dc = distance.haversine_m(
        c["lon"].to_numpy()[:, None],
        c["lat"].to_numpy()[:, None],
        cp["lon"].to_numpy(),
        cp["lat"].to_numpy(),
    )
    du = distance.haversine_m(
        c["lon"].to_numpy()[:, None],
        c["lat"].to_numpy()[:, None],
        u["lon"].to_numpy(),
        u["lat"].to_numpy(),
    )
    assert f["campuses_within"].to_numpy() == pytest.approx((dc <= 4_000).sum(axis=1))
    assert f["campus_distance_m"].to_numpy() == pytest.approx(dc.min(axis=1), rel=1e-6)
    assert f["units_within"].to_numpy() == pytest.approx((du <= 1_500).sum(axis=1))
    hosp = (u["unit_type"] == "医院").to_numpy()
    assert f["units_hospital"].to_numpy() == pytest.approx((du[:, hosp] <= 1_500).sum(axis=1))
    by_type = f[[f"units_{k}" for k in ind.UNIT_TYPE_KEYS.values()]].sum(axis=1)
    assert by_type.to_numpy() == pytest.approx(f["units_within"].to_numpy())


def test_census_fills_missing_values_and_flags_them(layers):
    c = layers[0].copy()
    c.loc[c.index[:5], "youth"] = np.nan
    c["elderly_alone_share"] = np.nan
    census = pd.DataFrame(
        {
            "county_code": sorted(c["county_code"].unique()),
            "youth_share": 0.3,
            "elderly_alone_share": 0.12,
        }
    )
    f = ind.compute(c, census=census)
    assert f["youth"].iloc[:5].to_numpy() == pytest.approx(
        0.3 * c["population"].iloc[:5].to_numpy()
    )
    assert f["estimated_youth"].iloc[:5].all() and not f["estimated_youth"].iloc[5:].any()
    assert f["elderly_alone_share"].to_numpy() == pytest.approx(0.12)
    assert f["estimated_elderly_alone_share"].all()


def test_raw_census_age_bands_give_youth_and_children_shares():
    raw = pd.DataFrame(
        {
            "CODE": ["440106"],
            "AGES_5-9": [0.05],
            "AGES_10-14": [0.05],
            "AGES_15-19": [0.05],
            "AGES_20-24": [0.06],
            "AGES_25-29": [0.07],
            "AGES_30-34": [0.08],
            "AGES_35-39": [0.1],
            "AGES_65P": [0.12],
            "HHLD_65_1": [0.1],
        }
    )
    s = ind.census_shares(raw).loc["440106"]
    assert s["youth_share"] == pytest.approx(0.01 + 0.05 + 0.06 + 0.07 + 0.08 + 0.02)
    assert s["children_share"] == pytest.approx(0.04 + 0.05)
    assert s["elderly_share"] == pytest.approx(0.12)


def test_focus_city_flag_marks_capitals_and_sub_provincial_cities(layers):
    f = ind.compute(layers[0])
    flags = f.groupby("city_code")["focus_city"].first().to_dict()
    assert flags["4401"] == 1 and flags["4201"] == 1 and flags["5101"] == 1
    assert flags["4406"] == 0 and flags["4205"] == 0


def test_every_indicator_is_documented_with_unit_and_direction():
    t = ind.indicator_table()
    assert set(t["direction"]) == {"benefit", "cost"}
    assert t["unit"].ne("").all() and all(term.zh and term.en for term in t["label"])
    assert sum(ind.DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "text",
    [
        "youth,focus_city,home_distance_m",
        "青年人口（14-35岁）、省会或副省级城市、距最近青年之家（米）",
        "Youth (14-35), Capital or sub-provincial city, Distance to nearest Youth Home (m)",
        " 青年人口（14-35岁）， focus_city,Distance to nearest Youth Home (m) ",
    ],
)
def test_indicators_listed_by_key_or_by_name_in_either_language_give_their_keys(text):
    assert ind.keys_named(text) == ["youth", "focus_city", "home_distance_m"]


def test_a_name_no_indicator_has_is_kept_as_written_and_nothing_gives_no_keys():
    assert ind.keys_named("青年人口（14-35岁）、my_column") == ["youth", "my_column"]
    assert ind.keys_named("") == [] and ind.keys_named("  ") == []
