"""Regions, provinces, provincial capitals and sub-provincial cities.

The Community Youth Action spreads its communities over China's eastern, central and
western regions. This module holds that table as data: every province-level unit with its
GB/T 2260 code, full and short Chinese name, English name, region, and capital; the 15
sub-provincial cities; and the Xinjiang Production and Construction Corps (XPCC), which
files on its own line.

Region keys are ``"east"``, ``"central"`` and ``"west"``; display names come from
:mod:`geo.i18n`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.core.params import REGIONS as REGIONS
from geo.i18n import Term

REGION_NAMES_ZH: dict[str, str] = {"east": "东部", "central": "中部", "west": "西部"}
REGION_NAMES_EN: dict[str, str] = {"east": "Eastern", "central": "Central", "west": "Western"}

XPCC_KEY = "XPCC"
"""Quota-unit key of the Xinjiang Production and Construction Corps."""
XPCC_NAME_ZH = "新疆生产建设兵团"
XPCC_NAME_EN = "Xinjiang Production and Construction Corps"
XPCC_COUNTY_PREFIX = "6590"
"""County codes of the XPCC's cities (石河子 659001, 阿拉尔 659002, …) start with this."""
XPCC_CITY_CODE = XPCC_COUNTY_PREFIX
"""The city-level code the boundaries give the XPCC's cities together (新疆生产建设兵团, in
Xinjiang, 65): the scope an XPCC account opens on."""


@dataclass(frozen=True)
class Province:
    """One province-level unit.

    Attributes
    ----------
    code
        Two-digit GB/T 2260 code, e.g. ``"44"``.
    name
        Full Chinese name, e.g. ``"广东省"``.
    short
        Short Chinese name, e.g. ``"广东"``.
    name_en
        English name.
    region
        ``"east"``, ``"central"``, ``"west"``, or ``None`` for Taiwan, Hong Kong and Macao,
        which are drawn on every map but are not part of the action's quota.
    capital
        Chinese name of the capital city (short, without 市), e.g. ``"广州"``.
    capital_code
        Four-digit code of the capital's prefecture, e.g. ``"4401"``.
    """

    code: str
    name: str
    short: str
    name_en: str
    region: str | None
    capital: str
    capital_code: str


PROVINCES: tuple[Province, ...] = (
    Province("11", "北京市", "北京", "Beijing", "east", "北京", "1101"),
    Province("12", "天津市", "天津", "Tianjin", "east", "天津", "1201"),
    Province("13", "河北省", "河北", "Hebei", "east", "石家庄", "1301"),
    Province("14", "山西省", "山西", "Shanxi", "central", "太原", "1401"),
    Province("15", "内蒙古自治区", "内蒙古", "Inner Mongolia", "west", "呼和浩特", "1501"),
    Province("21", "辽宁省", "辽宁", "Liaoning", "east", "沈阳", "2101"),
    Province("22", "吉林省", "吉林", "Jilin", "central", "长春", "2201"),
    Province("23", "黑龙江省", "黑龙江", "Heilongjiang", "central", "哈尔滨", "2301"),
    Province("31", "上海市", "上海", "Shanghai", "east", "上海", "3101"),
    Province("32", "江苏省", "江苏", "Jiangsu", "east", "南京", "3201"),
    Province("33", "浙江省", "浙江", "Zhejiang", "east", "杭州", "3301"),
    Province("34", "安徽省", "安徽", "Anhui", "central", "合肥", "3401"),
    Province("35", "福建省", "福建", "Fujian", "east", "福州", "3501"),
    Province("36", "江西省", "江西", "Jiangxi", "central", "南昌", "3601"),
    Province("37", "山东省", "山东", "Shandong", "east", "济南", "3701"),
    Province("41", "河南省", "河南", "Henan", "central", "郑州", "4101"),
    Province("42", "湖北省", "湖北", "Hubei", "central", "武汉", "4201"),
    Province("43", "湖南省", "湖南", "Hunan", "central", "长沙", "4301"),
    Province("44", "广东省", "广东", "Guangdong", "east", "广州", "4401"),
    Province("45", "广西壮族自治区", "广西", "Guangxi", "west", "南宁", "4501"),
    Province("46", "海南省", "海南", "Hainan", "east", "海口", "4601"),
    Province("50", "重庆市", "重庆", "Chongqing", "west", "重庆", "5001"),
    Province("51", "四川省", "四川", "Sichuan", "west", "成都", "5101"),
    Province("52", "贵州省", "贵州", "Guizhou", "west", "贵阳", "5201"),
    Province("53", "云南省", "云南", "Yunnan", "west", "昆明", "5301"),
    Province("54", "西藏自治区", "西藏", "Tibet", "west", "拉萨", "5401"),
    Province("61", "陕西省", "陕西", "Shaanxi", "west", "西安", "6101"),
    Province("62", "甘肃省", "甘肃", "Gansu", "west", "兰州", "6201"),
    Province("63", "青海省", "青海", "Qinghai", "west", "西宁", "6301"),
    Province("64", "宁夏回族自治区", "宁夏", "Ningxia", "west", "银川", "6401"),
    Province("65", "新疆维吾尔自治区", "新疆", "Xinjiang", "west", "乌鲁木齐", "6501"),
    Province("71", "台湾省", "台湾", "Taiwan", None, "台北", "7101"),
    Province("81", "香港特别行政区", "香港", "Hong Kong", None, "香港", "8101"),
    Province("82", "澳门特别行政区", "澳门", "Macao", None, "澳门", "8201"),
)

SUB_PROVINCIAL_CITIES: dict[str, str] = {
    "2301": "哈尔滨",
    "2201": "长春",
    "2101": "沈阳",
    "2102": "大连",
    "3701": "济南",
    "3702": "青岛",
    "3201": "南京",
    "3301": "杭州",
    "3302": "宁波",
    "3502": "厦门",
    "4201": "武汉",
    "4401": "广州",
    "4403": "深圳",
    "5101": "成都",
    "6101": "西安",
}
"""The 15 sub-provincial cities, keyed by four-digit prefecture code."""

_BY_CODE: dict[str, Province] = {p.code: p for p in PROVINCES}
_BY_NAME: dict[str, Province] = {
    **{p.name: p for p in PROVINCES},
    **{p.short: p for p in PROVINCES},
    **{p.name_en.lower(): p for p in PROVINCES},
}


def unit_term(code: str) -> Term:
    """The name of quota unit ``code`` (a province's two digits, or :data:`XPCC_KEY`) as a
    message parameter, rendered in the reader's language (``"四川省"``, ``"Sichuan"``); a
    code that is neither stays as it is. :func:`geo.export.labels.province_name` reads it."""
    if code == XPCC_KEY:
        return Term(zh=XPCC_NAME_ZH, en=XPCC_NAME_EN)
    try:
        p = province(code)
    except KeyError:
        return Term(zh=str(code), en=str(code))
    return Term(zh=p.name, en=p.name_en)


def province(key: str) -> Province:
    """Look up a province by two-digit code, full or short Chinese name, or English name.

    Parameters
    ----------
    key
        ``"44"``, ``"广东省"``, ``"广东"`` or ``"Guangdong"`` (case-insensitive).

    Returns
    -------
    Province

    Raises
    ------
    KeyError
        If no province matches.
    """
    k = str(key).strip()
    if k in _BY_CODE:
        return _BY_CODE[k]
    if k in _BY_NAME:
        return _BY_NAME[k]
    if k.lower() in _BY_NAME:
        return _BY_NAME[k.lower()]
    raise KeyError(f"unknown province: {key!r}")


def action_provinces() -> list[Province]:
    """The 31 mainland provinces that take part in the action (Taiwan, HK, Macao excluded)."""
    return [p for p in PROVINCES if p.region is not None]


def region_of(province_code: str) -> str | None:
    """Region key (``"east"``, ``"central"``, ``"west"``) of a two-digit province code."""
    p = _BY_CODE.get(str(province_code)[:2])
    return p.region if p else None


def is_capital(city_code: str) -> bool:
    """Whether a four-digit prefecture code is a provincial capital (or a municipality)."""
    code = str(city_code)[:4]
    p = _BY_CODE.get(code[:2])
    if p is None:
        return False
    if p.code in {"11", "12", "31", "50"}:
        return True
    return p.capital_code == code


def is_sub_provincial(city_code: str) -> bool:
    """Whether a four-digit prefecture code is one of the 15 sub-provincial cities."""
    return str(city_code)[:4] in SUB_PROVINCIAL_CITIES


def is_focus_city(city_code: str) -> bool:
    """Whether a city is a provincial capital or sub-provincial city (the first year's focus)."""
    return is_capital(city_code) or is_sub_provincial(city_code)


def is_xpcc(county_code: str) -> bool:
    """Whether a six-digit county code belongs to the XPCC's cities (files on its own line)."""
    return str(county_code).startswith(XPCC_COUNTY_PREFIX)


def quota_unit(county_code: str) -> str:
    """The unit a community files under: its two-digit province code, or ``"XPCC"``."""
    code = str(county_code)
    return XPCC_KEY if is_xpcc(code) else code[:2]


def province_table() -> pd.DataFrame:
    """All province-level units as a frame.

    Returns
    -------
    pandas.DataFrame
        Columns ``code, name, short, name_en, region, capital, capital_code``.
    """
    return pd.DataFrame([p.__dict__ for p in PROVINCES])


def quota_units() -> pd.DataFrame:
    """The 32 lines a national quota is apportioned over: 31 provinces and the XPCC.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit`` (province code or ``"XPCC"``), ``name``, ``name_en``, ``region``.
    """
    rows = [
        {"unit": p.code, "name": p.name, "name_en": p.name_en, "region": p.region}
        for p in action_provinces()
    ]
    rows.append({"unit": XPCC_KEY, "name": XPCC_NAME_ZH, "name_en": XPCC_NAME_EN, "region": "west"})
    return pd.DataFrame(rows)
