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


def test_gap_names_match_a_count_by_hand_on_a_provinces_gaps(layers) -> None:
    """Every gap of 广东 at 500 m (over a hundred) against sums worked out row by row:
    the two names with most uncovered youth, equal sums in name order, "等" when more."""
    from geo.analysis import coverage, gaps

    comm = layers.communities[layers.communities["province_code"] == "44"]
    homes = layers.youth_homes[layers.youth_homes["province_code"] == "44"]
    cov = coverage.community_coverage(comm, homes, 500)
    members = gaps.find_gaps(cov).members
    found = places.gap_places(members, cov).set_index("gap_id")
    by_id = comm.set_index("id")
    expected: dict[object, dict[str, dict[str, float]]] = {}
    for cid, gap, youth in zip(members["id"], members["gap_id"], members["youth"], strict=True):
        if pd.isna(gap):
            continue
        for col in places.NAME_COLUMNS:
            name = by_id.at[cid, col]
            sums = expected.setdefault(gap, {}).setdefault(col, {})
            if isinstance(name, str) and name:
                sums[name] = sums.get(name, 0.0) + (0 if pd.isna(youth) else youth) + 1e-9
    assert len(expected) > 100 and list(found.index) == list(expected)
    for gap, cols in expected.items():
        for col in places.NAME_COLUMNS:
            ranked = sorted(cols[col].items(), key=lambda kv: (-kv[1], kv[0]))
            zh = "、".join(n for n, _ in ranked[:2]) + ("等" if len(ranked) > 2 else "")
            assert found.at[gap, col].zh == zh, (gap, col)


def test_gap_names_break_equal_sums_by_name_and_keep_nameless_gaps() -> None:
    comm = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "district": ["越秀区", "荔湾区", "天河区", "", "海珠区"],
            "subdistrict": ["", "", "", "", "赤岗街道"],
        }
    )
    members = pd.DataFrame(
        {"id": ["d", "a", "b", "c", "e"], "gap_id": [7, 5, 5, 5, 7], "youth": [9, 10, 10, 10, 0]}
    )
    zh = i18n.render_terms(places.gap_places(members, comm)).set_index("gap_id")
    assert list(zh.index) == [7, 5]  # the order gaps first appear in
    assert zh.loc[5, "district"] == "天河区、荔湾区等"  # three equal sums: name order
    assert zh.loc[5, "subdistrict"] == ""  # no street named
    assert zh.loc[7, "district"] == "海珠区"  # the nameless community left out
    empty = places.gap_places(members.iloc[:0], comm)
    assert empty.empty and list(empty.columns) == ["gap_id", "district", "subdistrict"]
