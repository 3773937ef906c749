"""Place names for rows that have only a position: the county (区县) and street (街道).

Tables of coverage gaps and proposed sites carry ids and coordinates; a committee reads
them by district and street. The communities layer holds both names (``district``,
``subdistrict``); other rows get them from the community they are (same ``id``), else
from the county polygon that contains them and the street of the nearest community of
that county within :data:`STREET_NEAR_M`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.core import distance
from geo.core.errors import Term
from geo.core.layers import id_mask

STREET_NEAR_M: float = 2_000
"""A point takes the street of the nearest community of its county this close to it."""

NAME_COLUMNS: tuple[str, str] = ("district", "subdistrict")
"""Columns added by :func:`with_place_names` and :func:`gap_places`."""

MAX_NAMES: int = 2
"""Names listed per gap (the ones with most uncovered young people), then "等"."""


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].fillna("").astype(str)


def with_place_names(
    frame: pd.DataFrame,
    communities: pd.DataFrame,
    counties: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """``frame`` with ``district`` and ``subdistrict`` columns filled in.

    Parameters
    ----------
    frame
        Rows with ``id`` and/or ``lon``/``lat`` (WGS-84), e.g. proposed sites.
    communities
        The communities layer (``id``, ``lon``/``lat``, ``district``, ``subdistrict``,
        ``county_code``).
    counties
        County polygons (``code``, ``name``) for rows that are not communities; default
        the embedded ones.

    Returns
    -------
    pandas.DataFrame
        A copy; names already in ``frame`` are kept, missing ones are ``""``.
    """
    out = frame.copy()
    for col in NAME_COLUMNS:
        out[col] = _text(out, col)
    comm = pd.DataFrame(communities.drop(columns="geometry", errors="ignore"))
    comm = comm.assign(id=comm["id"].astype(str)).drop_duplicates("id").set_index("id")
    if "id" in out:
        ids = out["id"].astype(str)
        known = pd.Series(id_mask(ids, comm.index), index=ids.index)
        for col in NAME_COLUMNS:
            fill = known & (out[col] == "")
            out.loc[fill, col] = _text(comm, col).reindex(ids[fill]).to_numpy()
    missing = (out["district"] == "") | (out["subdistrict"] == "")
    if not missing.any() or not {"lon", "lat"} <= set(out.columns):
        return out
    lon = pd.to_numeric(out.loc[missing, "lon"], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(out.loc[missing, "lat"], errors="coerce").to_numpy(float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    rows = out.index[missing][ok]
    if not len(rows):
        return out
    if counties is None:
        from geo import dataset

        counties = dataset.load_boundaries("county")
    from geo.dataset.locate import locate_counties

    codes = locate_counties(lon[ok], lat[ok], counties)
    names = dict(zip(counties["code"].astype(str), counties["name"].astype(str), strict=False))
    district = pd.Series([names.get(c, "") for c in codes], index=rows)
    fill = out.loc[rows, "district"] == ""
    out.loc[rows[fill.to_numpy()], "district"] = district[fill].to_numpy()
    local = comm[_text(comm, "county_code").isin(set(codes))] if "county_code" in comm else comm
    if len(local) and "county_code" in local:
        pts = np.column_stack([lon[ok], lat[ok]])
        d, idx = distance.nearest(pts, local[["lon", "lat"]].to_numpy(float))
        near = local.iloc[idx[:, 0]]
        same = (near["county_code"].astype(str).to_numpy() == codes) & (d[:, 0] <= STREET_NEAR_M)
        street = np.where(same, _text(near, "subdistrict").to_numpy(), "")
        fill = (out.loc[rows, "subdistrict"] == "").to_numpy()
        out.loc[rows[fill], "subdistrict"] = street[fill]
    return out


def _top_names(rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per gap, the ``column`` names holding most of the ``youth`` weight.

    Returns a frame indexed by ``gap_id`` with ``names`` (the first :data:`MAX_NAMES`, most
    weight first, equal weights in name order) and ``more`` (whether other names follow).
    Empty names are left out; a gap with none has no row. One grouping over all gaps,
    not one per gap (a province at 500 m has over a hundred gaps).
    """
    named = rows.loc[rows[column] != "", ["gap_id", column, "youth"]]
    sums = named.groupby(["gap_id", column], sort=False)["youth"].sum().reset_index()
    # The gap's own order is kept by the caller; within a gap: weight down, then name up.
    sums = sums.sort_values([column]).sort_values("youth", ascending=False, kind="stable")
    by_gap = sums.groupby("gap_id", sort=False)
    top = sums[by_gap.cumcount() < MAX_NAMES]
    names = top.groupby("gap_id", sort=False)[column].agg(list)
    return pd.DataFrame({"names": names, "more": by_gap.size() > MAX_NAMES})


def _terms(top: pd.DataFrame, gaps: pd.Index, english: Callable[[str], str] = str) -> pd.Series:
    """Each gap's names as a :class:`Term`: joined by "、" then "等" in Chinese, by ", " then
    "etc." in English (``english`` gives a name's English form); empty for a gap with none."""
    found = top.reindex(gaps)
    out = []
    for names, more in zip(found["names"], found["more"], strict=True):
        if not isinstance(names, list):  # a gap of nameless communities
            names, more = [], False
        out.append(
            Term(
                zh="、".join(names) + ("等" if more else ""),
                en=", ".join(english(n) for n in names) + (" etc." if more else ""),
            )
        )
    return pd.Series(out, dtype=object)


def gap_places(members: pd.DataFrame, communities: pd.DataFrame) -> pd.DataFrame:
    """The districts and streets of each coverage gap, by its uncovered young people.

    Parameters
    ----------
    members
        ``id`` (community), ``gap_id``, ``youth``: one row per uncovered community
        (:attr:`geo.analysis.gaps.GapResult.members`).
    communities
        Communities with ``id``, ``district`` and ``subdistrict``.

    Returns
    -------
    pandas.DataFrame
        ``gap_id``, ``district``, ``subdistrict``, one row per gap in the order gaps first
        appear in ``members``: the (at most two) names holding most of the gap's uncovered
        youth (equal sums in name order), each a :class:`geo.core.errors.Term` (names
        joined by "、" and "等" when there are more in Chinese, ", " and "etc." in English,
        districts by their :func:`english_place` names) that the edge renders with
        :func:`geo.i18n.render_terms`.
    """
    m = members.dropna(subset=["gap_id"])
    comm = pd.DataFrame(communities.drop(columns="geometry", errors="ignore"))
    comm = comm.assign(id=comm["id"].astype(str)).drop_duplicates("id").set_index("id")
    ids = m["id"].astype(str)
    youth = pd.to_numeric(m["youth"], errors="coerce").fillna(0).to_numpy() + 1e-9
    rows = pd.DataFrame(
        {
            "gap_id": m["gap_id"].to_numpy(),
            "youth": youth,
            "district": _text(comm, "district").reindex(ids).fillna("").to_numpy(),
            "subdistrict": _text(comm, "subdistrict").reindex(ids).fillna("").to_numpy(),
        }
    )
    gaps = pd.Index(rows["gap_id"].drop_duplicates())
    return pd.DataFrame(
        {
            "gap_id": gaps,
            "district": _terms(_top_names(rows, "district"), gaps, english_place),
            "subdistrict": _terms(_top_names(rows, "subdistrict"), gaps),
        },
        columns=["gap_id", *NAME_COLUMNS],
    )


# --------------------------------------------------------------------------- English names

PLACE_NAMES_EN: dict[str, str] = {
    # forms used officially in English where they differ from plain pinyin
    "内蒙古": "Inner Mongolia",
    "西藏": "Tibet",
    "新疆": "Xinjiang",
    "广西": "Guangxi",
    "宁夏": "Ningxia",
    "香港": "Hong Kong",
    "澳门": "Macao",
    "陕西": "Shaanxi",
    "哈尔滨": "Harbin",
    "呼和浩特": "Hohhot",
    "乌鲁木齐": "Urumqi",
    "拉萨": "Lhasa",
    "喀什": "Kashgar",
    "日喀则": "Shigatse",
    "吐鲁番": "Turpan",
    "阿勒泰": "Altay",
    "和田": "Hotan",
    "阿克苏": "Aksu",
    "克拉玛依": "Karamay",
    "库尔勒": "Korla",
    "塔城": "Tacheng",
    "伊犁": "Ili",
    "博尔塔拉": "Bortala",
    "巴音郭楞": "Bayingolin",
    "克孜勒苏": "Kizilsu",
    "呼伦贝尔": "Hulunbuir",
    "鄂尔多斯": "Ordos",
    "锡林郭勒": "Xilingol",
    "阿拉善": "Alxa",
    "兴安": "Hinggan",
    "乌兰察布": "Ulanqab",
    "巴彦淖尔": "Bayannur",
    "阿里": "Ngari",
    "林芝": "Nyingchi",
    "那曲": "Nagqu",
    "昌都": "Qamdo",
    "果洛": "Golog",
    "甘孜": "Garze",
    "阿坝": "Ngawa",
    "新疆生产建设兵团": "Xinjiang Production and Construction Corps",
    "重庆市(县)": "Chongqing (counties)",
    "单县": "Shan County",
    "番禺区": "Panyu District",
    "阿图什": "Artux",
    "齐齐哈尔": "Qiqihar",
    "神农架林区": "Shennongjia Forestry District",  # the one forestry district (林区)
    # roots read otherwise in this place than the word pinyin software takes them for
    "闵行": "Minhang",
    "万柏林": "Wanbailin",
    "洪洞": "Hongtong",
    "六合": "Luhe",
    "乐清": "Yueqing",
    "乐亭": "Laoting",
    "长子": "Zhangzi",
    "蔚": "Yu",
    "涡阳": "Guoyang",
    "荥经": "Yingjing",
    "浚": "Xun",
    "繁峙": "Fanshi",
    "龙圩": "Longxu",
    "漯河": "Luohe",
    "浪卡子": "Langkazi",
    "筠连": "Junlian",
}
"""Chinese name (short form, or a full name) → official English form where pinyin is not
it: regions' and Xinjiang's, Inner Mongolia's and Tibet's places known by their own
languages' names, and the roots whose reading in the place differs from the word's (闵行
Minhang, not Minxing; 洪洞 Hongtong; 蔚县 Yu County)."""

PLACE_READINGS: dict[str, str] = {
    "都": "du",  # 都 as in 成都, never dou ("all"): 三都, 丰都, 于都, 新都, 都匀 …
    "长": "chang",  # 长宁, 长治, 长白 …; 长子县 is the one Zhang (above)
    "朝": "chao",  # 朝阳 (Beijing's district, Liaoning's city), not zhao ("morning")
    "乐": "le",  # 南乐, 民乐; 乐清 and 乐亭 are above
    "什": "shi",
    "尾": "wei",  # 马尾
    "泊": "bo",  # 泊头
    "蚌": "beng",  # 蚌山
    "佛": "fo",  # 佛冈, 佛坪
    "覃": "qin",  # 覃塘
    "曾": "zeng",  # 曾都
}
"""Characters whose reading in every embedded city and county name differs from the one
pinyin software takes for the word they begin (checked name by name against the places'
English forms; :func:`pinyin` reads them so)."""

ETHNIC_EN: dict[str, str] = {
    "蒙古": "Mongol",
    "回": "Hui",
    "藏": "Tibetan",
    "维吾尔": "Uygur",
    "苗": "Miao",
    "彝": "Yi",
    "壮": "Zhuang",
    "布依": "Bouyei",
    "朝鲜": "Korean",
    "满": "Manchu",
    "侗": "Dong",
    "瑶": "Yao",
    "白": "Bai",
    "土家": "Tujia",
    "哈尼": "Hani",
    "哈萨克": "Kazakh",
    "傣": "Dai",
    "黎": "Li",
    "傈僳": "Lisu",
    "佤": "Va",
    "畲": "She",
    "拉祜": "Lahu",
    "水": "Shui",
    "东乡": "Dongxiang",
    "纳西": "Naxi",
    "景颇": "Jingpo",
    "柯尔克孜": "Kirgiz",
    "土": "Tu",
    "达斡尔": "Daur",
    "仫佬": "Mulao",
    "羌": "Qiang",
    "布朗": "Blang",
    "撒拉": "Salar",
    "毛南": "Maonan",
    "仡佬": "Gelao",
    "锡伯": "Xibe",
    "普米": "Pumi",
    "塔吉克": "Tajik",
    "怒": "Nu",
    "保安": "Bonan",
    "裕固": "Yugur",
    "独龙": "Derung",
    "鄂伦春": "Oroqen",
    "鄂温克": "Ewenki",
    "各": "Multi-Ethnic",  # 各族: 隆林各族自治县
}
"""Ethnic groups named in autonomous prefectures, counties and banners (without 族)."""

SUFFIXES_EN: tuple[tuple[str, str], ...] = (
    ("特别行政区", ""),
    ("自治区", ""),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("直辖县级行政区划", "county-level divisions"),
    ("行政委员会", "Administrative Committee"),
    ("新区", "New Area"),
    ("特区", "Special District"),
    ("地区", "Prefecture"),
    ("省", ""),
    ("市", ""),
    ("盟", "League"),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
)
"""Administrative suffixes and their English words, longest first (a city drops 市)."""

_VOWEL_START = ("a", "o", "e")


def pinyin(text: str) -> str:
    """``text`` in pinyin without tones, as one capitalised word (``西安`` → ``Xi'an``).

    An apostrophe separates a syllable beginning with a, o or e from the one before it, as
    the rules of Hanyu Pinyin orthography ask. Characters that are not Chinese are kept.
    """
    from pypinyin import lazy_pinyin

    syllables = [s for s in lazy_pinyin(text) if s]
    if len(syllables) == len(text):  # one syllable per character: all of it Chinese
        syllables = [PLACE_READINGS.get(c, s) for c, s in zip(text, syllables, strict=True)]
    out = ""
    for s in syllables:
        if out and s[:1].lower() in _VOWEL_START and out[-1:].isalpha():
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


def _ethnic(text: str) -> tuple[str, list[str]]:
    """``text`` with the ethnic groups it ends with taken off, and their English names; a
    name that is only a group (鄂伦春自治旗) keeps it as its root. The last group may go
    without 族 (伊犁哈萨克); the ones before it have it (红河哈尼族彝族), so 长白朝鲜族 is
    长白 of the Koreans, not 长 of the Bai and the Koreans."""
    groups: list[str] = []
    while True:
        if groups and not text.endswith("族"):
            break
        body = text[:-1] if text.endswith("族") else text
        match = max((k for k in ETHNIC_EN if body.endswith(k)), key=len, default=None)
        if match is None:
            break
        if len(body) == len(match):
            if not groups:
                return ETHNIC_EN[match], []
            break
        groups.insert(0, ETHNIC_EN[match])
        text = body[: -len(match)]
    return text, groups


def english_place(name: object) -> str:
    """The English name of a province, city or county (``"广州市"`` → ``"Guangzhou"``).

    Official forms come first (:data:`PLACE_NAMES_EN`, and every province's English name
    from :mod:`geo.core.regions`); otherwise the name's root is written in pinyin and its
    administrative suffix in English (:data:`SUFFIXES_EN`): 区 "District", 县 "County",
    自治州 "Autonomous Prefecture" after the ethnic groups named (``"湘西土家族苗族自治州"``
    → ``"Xiangxi Tujia and Miao Autonomous Prefecture"``); a city drops 市. A name with no
    Chinese in it, or an empty one, is returned as it is. Streets and communities are not
    translated by the app: their Chinese names are what people use.

    Parameters
    ----------
    name
        A Chinese place name.

    Returns
    -------
    str
    """
    text = "" if name is None else str(name).strip()
    if not text or not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text
    return _english(text)


@cache
def _english(text: str) -> str:
    """:func:`english_place` of a Chinese name (cached: a table repeats its few counties)."""
    if text in PLACE_NAMES_EN:
        return PLACE_NAMES_EN[text]
    from geo.core import regions

    try:
        return regions.province(text).name_en
    except KeyError:
        pass
    for suffix, word in SUFFIXES_EN:
        if text.endswith(suffix) and len(text) > len(suffix):
            root = text[: -len(suffix)]
            # groups are named by autonomous areas and ethnic districts (瀍河回族区) only:
            # 丽水 and 天水 name no Shui people
            ethnic = suffix.startswith("自治") or root.endswith("族")
            root, groups = _ethnic(root) if ethnic else (root, [])
            if suffix == "直辖县级行政区划" and root.endswith("省"):
                root = root[:-1]
            base = PLACE_NAMES_EN.get(root) or _province_en(root) or _pinyin_root(root)
            people = " and ".join(groups)
            return " ".join(w for w in (base, people, word) if w)
    return PLACE_NAMES_EN.get(text) or pinyin(text)


def _pinyin_root(root: str) -> str:
    """Pinyin of a root, an English ethnic name (from :func:`_ethnic`) kept as it is."""
    return root if root.isascii() else pinyin(root)


def _province_en(root: str) -> str | None:
    from geo.core import regions

    try:
        return regions.province(root).name_en
    except KeyError:
        return None
