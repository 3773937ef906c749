"""geo.dataset.places: county and street names for sites and coverage gaps."""

from __future__ import annotations

import pandas as pd

from geo import i18n
from geo.dataset import places


def test_a_community_site_takes_its_own_names_and_another_point_its_countys(layers) -> None:
    comm = layers.communities[layers.communities["city_code"] == "4401"]
    one = comm.iloc[0]
    sites = pd.DataFrame(
        {
            "id": [one["id"], "R-unit-1", "far"],
            "lon": [one["lon"], one["lon"] + 0.001, 113.8],
            "lat": [one["lat"], one["lat"] + 0.001, 23.8],  # 从化 hills: 12 km from a community
        }
    )
    named = places.with_place_names(sites, layers.communities)
    assert named.loc[0, ["district", "subdistrict"]].tolist() == [
        one["district"],
        one["subdistrict"],
    ]
    assert named.loc[1, "district"] == one["district"]  # the county polygon holding it
    assert named.loc[1, "subdistrict"] != ""  # the nearest community's street, ~150 m away
    assert named.loc[2, "district"] == "从化区" and named.loc[2, "subdistrict"] == ""
    assert list(sites.columns) == ["id", "lon", "lat"]  # a copy


def test_gap_places_lists_the_names_holding_most_uncovered_youth() -> None:
    comm = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "district": ["天河区", "天河区", "越秀区", "海珠区"],
            "subdistrict": ["石牌街道", "五山街道", "北京街道", "赤岗街道"],
        }
    )
    members = pd.DataFrame(
        {"id": ["a", "b", "c", "d"], "gap_id": ["G1", "G1", "G1", None], "youth": [50, 10, 30, 99]}
    )
    found = places.gap_places(members, comm)
    zh = i18n.render_terms(found).set_index("gap_id")
    assert zh.loc["G1", "district"] == "天河区、越秀区"
    assert zh.loc["G1", "subdistrict"] == "石牌街道、北京街道等"
    assert list(zh.index) == ["G1"]  # noise (no gap) left out
    en = i18n.render_terms(found, "en").set_index("gap_id")
    assert en.loc["G1", "subdistrict"] == "石牌街道, 北京街道 etc."
