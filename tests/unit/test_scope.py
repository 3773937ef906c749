"""geo.core.scope: labels of a scope, with the city's name from the boundaries."""

from __future__ import annotations

import pytest

from geo import dataset
from geo.core.scope import Scope, city_name, table_level
from geo.export.labels import scope_label


def test_city_name_comes_from_the_city_boundaries_and_names_the_label() -> None:
    cities = dataset.load_boundaries("city")
    assert city_name("4401", cities) == "广州市"
    assert (
        scope_label(Scope("east", "44", "4401"), "zh", city_name("4401", cities))
        == "广东省 · 广州市"
    )


def test_city_name_is_none_without_a_code_or_for_an_unknown_one() -> None:
    cities = dataset.load_boundaries("city")
    assert city_name(None, cities) is None
    assert city_name("4499", cities) is None


def test_a_scope_speaks_for_its_province_or_on_the_xpccs_cities_for_the_xpcc():
    assert Scope().quota_unit is None and Scope("west").quota_unit is None
    assert Scope("west", "65").quota_unit == "65"  # Xinjiang
    assert Scope("west", "65", "6501").quota_unit == "65"  # 乌鲁木齐市
    assert Scope("west", "65", "6590").quota_unit == "XPCC"  # 新疆生产建设兵团


def test_a_quota_units_scope_is_its_province_or_for_the_xpcc_its_cities() -> None:
    """`youthmap map --province XPCC` was refused (XPCC 不是省份代码) while the XPCC's account
    opens on its cities: one function now gives the scope a unit works on, to both."""
    from geo.core.scope import unit_scope

    assert unit_scope("XPCC") == Scope("west", "65", "6590")
    assert unit_scope("XPCC").quota_unit == "XPCC"
    assert unit_scope("65") == Scope("west", "65")  # Xinjiang itself: its whole province
    assert unit_scope("44") == Scope("east", "44")


@pytest.mark.parametrize(
    ("scope", "cities", "level"),
    [
        (Scope(), 340, "province"),
        (Scope(region="west"), 120, "province"),
        (Scope(province_code="51"), 21, "city"),
        (Scope(province_code="11"), 1, "county"),
        (Scope(province_code="51", city_code="5101"), 1, "county"),
    ],
)
def test_a_table_of_areas_opens_one_level_below_its_scope(scope, cities, level) -> None:
    assert table_level(scope, cities) == level
