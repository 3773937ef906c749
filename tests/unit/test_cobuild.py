"""Resident-unit co-building: units within a radius, counts by type, the co-building table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.analysis import cobuild
from geo.core.distance import haversine_m
from geo.core.errors import InputError
from geo.export import labels
from geo.i18n import Term, text

M_PER_DEG_LAT = 111_195.0


def _north(metres: float) -> float:
    return 23.0 + metres / M_PER_DEG_LAT


@pytest.fixture
def constructed():
    comm = pd.DataFrame(
        {"id": ["A", "B"], "name": ["甲社区", "乙社区"], "lon": [113.0, 114.0], "lat": [23.0, 23.0]}
    )
    units = pd.DataFrame(
        {
            "id": ["u1", "u2", "u3", "u4", "u5", "u6"],
            "name": ["区政府", "街道办", "人民医院", "某公司", "远处机关", "青年协会<b>"],
            "unit_type": ["机关", "机关", "医院", "企业", "机关", "未登记类型"],
            "lon": [113.0] * 6,
            "lat": [
                _north(300),
                _north(-500),
                _north(800),
                _north(990),
                _north(1_500),
                _north(100),
            ],
        }
    )
    return comm, units


def test_units_within_radius_are_listed_nearest_first(constructed):
    comm, units = constructed
    near = cobuild.units_within(comm, units, radius_m=1_000)
    assert near["unit_id"].tolist() == ["u6", "u1", "u2", "u3", "u4"]
    np.testing.assert_allclose(near["distance_m"], [100, 300, 500, 800, 990], atol=0.5)


def test_counts_by_type_put_unknown_types_under_other_and_keep_empty_communities(constructed):
    comm, units = constructed
    counts = cobuild.counts_by_type(cobuild.units_within(comm, units, 1_000), comm["id"])
    assert counts.loc[
        "A", ["机关", "医院", "企业", "学校", cobuild.OTHER_TYPE, "total"]
    ].tolist() == [
        2,
        1,
        1,
        0,
        1,
        5,
    ]
    assert counts.loc["B", "total"] == 0


def test_cobuild_table_is_keyed_by_community_and_names_the_nearest_units(constructed):
    comm, units = constructed
    table = cobuild.cobuild_table(comm, units, radius_m=1_000)
    a = table.set_index("community_id").loc["A"]
    assert table["community_id"].tolist() == ["A", "B"]
    assert (a["nearest_unit"], a["nearest_unit_type"]) == ("青年协会<b>", "未登记类型")
    # the nearest units named per type, in each language's words and joins; a type the
    # catalogue does not know is the data's own word in both
    assert isinstance(a["units"], Term)
    # (full-width brackets in Chinese, as the catalogue's text: it read 区政府(300 m))
    assert text(a["units"], "zh") == (
        "未登记类型：青年协会<b>（100 米）；机关：区政府（300 米）、街道办（500 米）；"
        "医院：人民医院（800 米）；企业：某公司（990 米）"
    )
    assert text(a["units"], "en") == (
        "未登记类型: 青年协会<b> (100 m); Government bodies: 区政府 (300 m), 街道办 (500 m); "
        "Hospitals: 人民医院 (800 m); Companies: 某公司 (990 m)"
    )
    assert table.set_index("community_id").loc["B", "units"] == ""
    shown = labels.cobuild_view(table, "en").set_index("Community ID")
    units = shown.loc["A", "Units to co-build with (nearest of each type)"]
    assert units.startswith("未登记类型: 青年协会<b> (100 m); Gov")


def test_units_within_agrees_with_brute_force_haversine():
    rng = np.random.default_rng(5)
    comm = pd.DataFrame(
        {
            "id": [f"C{i}" for i in range(50)],
            "lon": 113 + rng.normal(0, 0.02, 50),
            "lat": 23 + rng.normal(0, 0.02, 50),
        }
    )
    units = pd.DataFrame(
        {
            "id": [f"R{i}" for i in range(300)],
            "name": "x",
            "unit_type": rng.choice(["机关", "学校", "医院"], 300),
            "lon": 113 + rng.normal(0, 0.02, 300),
            "lat": 23 + rng.normal(0, 0.02, 300),
        }
    )
    d = haversine_m(
        comm["lon"].to_numpy()[:, None],
        comm["lat"].to_numpy()[:, None],
        units["lon"].to_numpy(),
        units["lat"].to_numpy(),
    )
    near = cobuild.units_within(comm, units, radius_m=1_500)
    assert len(near) == int((d <= 1_500).sum())
    counts = cobuild.counts_by_type(near, comm["id"])
    np.testing.assert_array_equal(counts["total"].to_numpy(), (d <= 1_500).sum(axis=1))


def test_bad_radius_is_an_input_error(constructed):
    comm, units = constructed
    with pytest.raises(InputError):
        cobuild.units_within(comm, units, radius_m=0)


def test_real_city_cobuild_table_covers_every_community(layers):
    comm = layers.communities[layers.communities["city_code"] == "4401"].head(300)
    table = cobuild.cobuild_table(comm, layers.resident_units, radius_m=1_000)
    assert table["community_id"].tolist() == comm["id"].astype(str).tolist()
    assert (table[list(cobuild.COUNT_COLUMNS)].sum(axis=1) == table["total"]).all()
    assert table["total"].sum() > 0
