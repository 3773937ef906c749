"""The four point layers and their columns.

Every layer is a :class:`geopandas.GeoDataFrame` in WGS-84 (EPSG:4326) with point
geometry **and** ``lon``/``lat`` float columns holding the same coordinates, and a string
``id`` column that is unique within the layer and is kept unchanged through every analysis.

Administrative codes are strings: ``province_code`` two digits (``"44"``), ``city_code``
four (``"4401"``), ``county_code`` six (``"440106"``).  ``region`` is ``"east"``,
``"central"`` or ``"west"``.  ``simulated`` is true for rows made by the demo simulator;
``approximate`` is true for rows placed at a county or subdistrict centroid because the
input had no coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.core.errors import Problem, Term
from geo.core.params import LAYER_NAMES as LAYER_NAMES

WGS84 = "EPSG:4326"


@dataclass(frozen=True)
class Column:
    """One column of a layer.

    Attributes
    ----------
    name
        Column name inside YouthMap.
    dtype
        ``"str"``, ``"float"``, ``"int"`` or ``"bool"``.
    required
        Whether an imported file must provide it (``lon``/``lat`` may instead be derived
        from a county code, see :mod:`geo.intake.io`).
    zh, en
        Header shown to users (Chinese and English).
    unit
        Unit of the value, if any.
    """

    name: str
    dtype: str
    required: bool
    zh: str
    en: str
    unit: str = ""


_COMMON_ADMIN = (
    Column("province", "str", False, "省份", "Province"),
    Column("province_code", "str", False, "省级代码", "Province code"),
    Column("city", "str", False, "城市", "City"),
    Column("city_code", "str", False, "地级代码", "City code"),
    Column("district", "str", False, "区县", "District/county"),
    Column("county_code", "str", False, "区县代码", "County code"),
    Column("region", "str", False, "区域", "Region"),
)

# Columns several layers share, defined once.
_ID = Column("id", "str", True, "编号", "ID")
_LONLAT = (
    Column("lon", "float", True, "经度", "Longitude", "°"),
    Column("lat", "float", True, "纬度", "Latitude", "°"),
)
_COMMUNITY_ID = Column("community_id", "str", False, "所在社区编号", "Community ID")
_SIMULATED = Column("simulated", "bool", False, "模拟数据", "Simulated")
_APPROXIMATE = Column("approximate", "bool", False, "位置近似", "Approximate location")

SCHEMAS: dict[str, tuple[Column, ...]] = {
    "communities": (
        _ID,
        Column("name", "str", True, "社区名称", "Community"),
        *_COMMON_ADMIN,
        Column("subdistrict", "str", False, "街道", "Subdistrict"),
        *_LONLAT,
        Column("population", "int", True, "常住人口", "Population", "persons"),
        Column("youth", "int", False, "青年人口（14-35岁）", "Youth (14-35)", "persons"),
        Column("children", "int", False, "儿童（6-14岁）", "Children (6-14)", "persons"),
        Column("elderly", "int", False, "老年人口（65岁以上）", "Elderly (65+)", "persons"),
        Column(
            "elderly_alone_share",
            "float",
            False,
            "独居老人户占比",
            "One-person 65+ households share",
            "0-1",
        ),
        Column("households", "int", False, "户数", "Households", "households"),
        _SIMULATED,
        _APPROXIMATE,
    ),
    "youth_homes": (
        _ID,
        Column("name", "str", True, "青年之家名称", "Youth Home"),
        *_COMMON_ADMIN,
        *_LONLAT,
        _COMMUNITY_ID,
        Column("kind", "str", False, "类型", "Kind"),
        Column("capacity", "int", False, "容量", "Capacity", "persons"),
        _SIMULATED,
        _APPROXIMATE,
    ),
    "campuses": (
        _ID,
        Column("university", "str", True, "高校", "University"),
        Column("campus", "str", False, "校区", "Campus"),
        *_COMMON_ADMIN,
        *_LONLAT,
        Column("school_type", "str", False, "办学层次", "School type"),
        Column("nature", "str", False, "办学性质", "Public/private"),
        Column("is985", "bool", False, "985", "985"),
        Column("is211", "bool", False, "211", "211"),
        Column("double_first_class", "bool", False, "双一流", "Double First-Class"),
        _APPROXIMATE,
    ),
    "resident_units": (
        _ID,
        Column("name", "str", True, "单位名称", "Unit"),
        Column("unit_type", "str", True, "单位类型", "Unit type"),
        *_COMMON_ADMIN,
        *_LONLAT,
        _COMMUNITY_ID,
        _SIMULATED,
        _APPROXIMATE,
    ),
}
"""Columns of each layer, in display order."""

UNIT_TYPES: tuple[str, ...] = ("机关", "国企", "学校", "医院", "企业", "社会组织")
"""Resident-unit types (驻区单位类型)."""


def to_geodataframe(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Turn a frame with ``lon``/``lat`` columns into a WGS-84 point GeoDataFrame.

    Parameters
    ----------
    frame
        Any frame with float ``lon`` and ``lat`` columns in WGS-84 degrees.

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows and columns plus a point ``geometry`` in EPSG:4326.
    """
    lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(dtype=float)
    lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype=float)
    data = frame.drop(columns="geometry", errors="ignore")
    return gpd.GeoDataFrame(data, geometry=gpd.points_from_xy(lon, lat), crs=WGS84)


def campus_names(campuses: pd.DataFrame) -> pd.Series:
    """Each campus as people name it: ``university（campus）``, or the university alone when
    the campus is blank, the same as the university, or not a column (an imported campus
    layer need not have it). ``campuses`` has ``university``; the result keeps its index."""
    names = campuses["university"].fillna("").astype(str)
    if "campus" not in campuses:
        return names
    campus = campuses["campus"].fillna("").astype(str)
    return names.where(campus.eq("") | campus.eq(names), names + "（" + campus + "）")


def lonlat(frame: pd.DataFrame) -> np.ndarray:
    """Coordinates of a layer as an ``(n, 2)`` float array of ``[lon, lat]`` degrees."""
    return frame[["lon", "lat"]].to_numpy(dtype=float)


def id_mask(ids: pd.Series | pd.Index | np.ndarray, wanted: object) -> np.ndarray:
    """Which of ``ids`` are among ``wanted``: ``ids.isin(wanted)`` for text ids, fast.

    pandas' ``isin`` on its Arrow-backed strings converts every wanted value to an Arrow
    scalar one at a time (about 8 µs each: 0.8 s for the 100,000 nearest-home ids of a
    coverage frame); this compares them in Arrow at once (a few milliseconds).

    Parameters
    ----------
    ids
        Ids to test (text; missing values are never found).
    wanted
        Any iterable of ids (text).

    Returns
    -------
    numpy.ndarray
        Boolean, one per row of ``ids``.
    """
    left = pa.array(np.asarray(ids, dtype=object), type=pa.string(), from_pandas=True)
    values = pd.unique(
        np.asarray(list(wanted) if isinstance(wanted, set) else wanted, dtype=object)
    )
    right = pa.array(values, type=pa.string(), from_pandas=True)
    found = pc.is_in(left, value_set=right, skip_nulls=True)
    return found.fill_null(False).to_numpy(zero_copy_only=False)


def point_problems(
    frame: pd.DataFrame, what: Term, columns: tuple[str, ...] = ("id", "lon", "lat")
) -> list[Problem]:
    """Problems of a point layer handed to an analysis (coverage models, pairing,
    co-building): the one check of such a layer.

    Parameters
    ----------
    frame
        The layer: ``id``, ``lon``, ``lat`` (WGS-84 degrees) and whatever else it holds.
    what
        The layer as the messages name it (``Term(key="pairing.what.campuses")``).
    columns
        Columns it must have.

    Returns
    -------
    list of Problem
        Each missing column (and then nothing else); otherwise the first row whose
        longitude or latitude is not a number within range (per column) and the first
        repeated id. Rows are numbered as in a spreadsheet (header row 1).
    """
    missing = [
        Problem(
            "layer.problem.missing_column",
            column=col,
            code="missing",
            params={"what": what, "column": col},
        )
        for col in columns
        if col not in frame.columns
    ]
    if missing:
        return missing
    ids = frame["id"].astype(str)
    problems = []
    for col, lo, hi in (("lon", -180.0, 180.0), ("lat", -90.0, 90.0)):
        vals = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(vals) | (vals < lo) | (vals > hi)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            problems.append(
                Problem(
                    "layer.problem.bad_coordinate",
                    row=row + 2,
                    column=col,
                    code="not_number",
                    params={"what": what, "id": ids.iloc[row]},
                )
            )
    if not ids.is_unique:  # a hash of the ids: 0.13 s for the 440,000 units, duplicated() 0.67 s
        row = int(np.flatnonzero(ids.duplicated().to_numpy())[0])
        problems.append(
            Problem(
                "layer.problem.duplicate_id",
                row=row + 2,
                column="id",
                code="duplicate",
                params={"what": what, "id": ids.iloc[row]},
            )
        )
    return problems
