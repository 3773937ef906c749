"""Regions, capitals, sub-provincial cities and the XPCC: one test per fact."""

from __future__ import annotations

import pytest

from geo.core import regions

EAST = ["北京", "天津", "河北", "辽宁", "上海", "江苏", "浙江", "福建", "山东", "广东", "海南"]
CENTRAL = ["山西", "吉林", "黑龙江", "安徽", "江西", "河南", "湖北", "湖南"]
WEST = [
    "内蒙古",
    "广西",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
]

CAPITALS = {
    "河北": ("石家庄", "1301"), "山西": ("太原", "1401"), "内蒙古": ("呼和浩特", "1501"),
    "辽宁": ("沈阳", "2101"), "吉林": ("长春", "2201"), "黑龙江": ("哈尔滨", "2301"),
    "江苏": ("南京", "3201"), "浙江": ("杭州", "3301"), "安徽": ("合肥", "3401"),
    "福建": ("福州", "3501"), "江西": ("南昌", "3601"), "山东": ("济南", "3701"),
    "河南": ("郑州", "4101"), "湖北": ("武汉", "4201"), "湖南": ("长沙", "4301"),
    "广东": ("广州", "4401"), "广西": ("南宁", "4501"), "海南": ("海口", "4601"),
    "四川": ("成都", "5101"), "贵州": ("贵阳", "5201"), "云南": ("昆明", "5301"),
    "西藏": ("拉萨", "5401"), "陕西": ("西安", "6101"), "甘肃": ("兰州", "6201"),
    "青海": ("西宁", "6301"), "宁夏": ("银川", "6401"), "新疆": ("乌鲁木齐", "6501"),
}  # fmt: skip

SUB_PROVINCIAL = {
    "2301": "哈尔滨", "2201": "长春", "2101": "沈阳", "2102": "大连", "3701": "济南",
    "3702": "青岛", "3201": "南京", "3301": "杭州", "3302": "宁波", "3502": "厦门",
    "4201": "武汉", "4401": "广州", "4403": "深圳", "5101": "成都", "6101": "西安",
}  # fmt: skip


@pytest.mark.parametrize("short", EAST)
def test_eastern_province(short):
    assert regions.province(short).region == "east"


@pytest.mark.parametrize("short", CENTRAL)
def test_central_province(short):
    assert regions.province(short).region == "central"


@pytest.mark.parametrize("short", WEST)
def test_western_province(short):
    assert regions.province(short).region == "west"


def test_action_covers_exactly_the_31_mainland_provinces():
    assert sorted(p.short for p in regions.action_provinces()) == sorted(EAST + CENTRAL + WEST)


@pytest.mark.parametrize("short", ["台湾", "香港", "澳门"])
def test_taiwan_hong_kong_macao_are_listed_but_outside_the_quota(short):
    p = regions.province(short)
    assert p.region is None
    assert p not in regions.action_provinces()


@pytest.mark.parametrize(("short", "capital"), sorted(CAPITALS.items()))
def test_provincial_capital(short, capital):
    p = regions.province(short)
    assert (p.capital, p.capital_code) == capital
    assert regions.is_capital(capital[1])


@pytest.mark.parametrize("code", ["1101", "1201", "3101", "5001", "5002"])
def test_municipalities_count_as_capitals(code):
    assert regions.is_capital(code)


@pytest.mark.parametrize("code", ["4402", "3205", "1302", "6502"])
def test_ordinary_prefecture_is_not_a_capital(code):
    assert not regions.is_capital(code)
    assert not regions.is_focus_city(code)


@pytest.mark.parametrize(("code", "name"), sorted(SUB_PROVINCIAL.items()))
def test_sub_provincial_city(code, name):
    assert regions.is_sub_provincial(code)
    assert regions.SUB_PROVINCIAL_CITIES[code] == name
    assert regions.is_focus_city(code)


def test_there_are_exactly_15_sub_provincial_cities():
    assert regions.SUB_PROVINCIAL_CITIES == SUB_PROVINCIAL


@pytest.mark.parametrize("code", ["4419", "3205", "2102"])
def test_is_sub_provincial_reads_only_the_prefecture_digits(code):
    assert regions.is_sub_provincial(code + "02") == regions.is_sub_provincial(code)


@pytest.mark.parametrize("county", ["659001", "659002", "659012"])
def test_xpcc_cities_file_on_their_own_line(county):
    assert regions.is_xpcc(county)
    assert regions.quota_unit(county) == regions.XPCC_KEY


def test_xinjiang_counties_outside_the_xpcc_file_under_xinjiang():
    assert not regions.is_xpcc("650102")
    assert regions.quota_unit("650102") == "65"


def test_quota_units_are_31_provinces_plus_the_xpcc_in_the_west():
    units = regions.quota_units()
    assert len(units) == 32
    assert units.loc[units["unit"] == regions.XPCC_KEY, "region"].item() == "west"
    assert units.groupby("region").size().to_dict() == {"central": 8, "east": 11, "west": 13}


@pytest.mark.parametrize("key", ["44", "广东省", "广东", "Guangdong", "guangdong"])
def test_province_lookup_by_code_or_any_name(key):
    assert regions.province(key).code == "44"


def test_unknown_province_raises_key_error():
    with pytest.raises(KeyError):
        regions.province("火星")


def test_region_of_reads_the_first_two_digits_of_any_code():
    assert regions.region_of("440106") == "east"
    assert regions.region_of("51") == "west"
    assert regions.region_of("99") is None


def test_every_province_of_the_table_has_a_polygon_in_the_embedded_boundaries():
    from geo import dataset

    codes = set(dataset.load_boundaries("province")["code"])
    assert {p.code for p in regions.PROVINCES} == codes


def test_every_capital_code_is_a_prefecture_of_the_embedded_boundaries():
    from geo import dataset

    cities = set(dataset.load_boundaries("city")["code"])
    assert {p.capital_code for p in regions.action_provinces()} <= cities
    assert set(SUB_PROVINCIAL) <= cities
