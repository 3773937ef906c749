"""The overview: how many communities, Youth Homes, campuses and resident units a scope
holds, by layer and by area, and the overview map of the four layers.

At national and region scope the map draws aggregates (a choropleth of community counts
and proportional circles for the other layers, per province or per prefecture), never
100,000 markers; campuses, only ~3,400 nationally, stay points. At province and city scope
layers are drawn as points on a canvas, unless a layer has more than
:data:`MAX_POINTS_PER_LAYER` rows in the scope, in which case it is aggregated per county.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo import i18n, maps
from geo.core import regions
from geo.core.layers import LAYER_NAMES
from geo.core.scope import Scope, apply
from geo.export.labels import province_name

MAX_POINTS_PER_LAYER: int = 25_000
"""Above this many rows in the scope, a layer is drawn as per-county aggregates."""

MAX_CIRCLE_RADIUS_PX: float = 24.0
MIN_CIRCLE_RADIUS_PX: float = 3.0

TOOLTIP_COLUMNS: dict[str, tuple[str, ...]] = {
    "communities": ("name", "district", "population", "youth", "children", "elderly"),
    "youth_homes": ("name", "district", "kind", "capacity"),
    "campuses": ("university", "campus", "city", "school_type"),
    "resident_units": ("name", "unit_type", "district"),
}
"""Columns shown in each layer's point tooltips (those present in the frame)."""

POINT_RADIUS_PX: dict[str, float] = {
    "communities": 3.5,
    "youth_homes": 2.5,  # smaller than communities, drawn on top: both stay visible
    "campuses": 4.5,
    "resident_units": 2,
}
COARSE_POINT_RADIUS_PX: float = 2.0
"""Radius of points drawn at national and region scope (campuses), small beside aggregates."""

MUNICIPALITIES: frozenset[str] = frozenset({"11", "12", "31", "50"})
"""北京, 天津, 上海, 重庆: one prefecture each, so a province view lists their counties."""

CODE_COLUMN: dict[str, str] = {
    "province": "province_code",
    "city": "city_code",
    "county": "county_code",
}
NAME_COLUMN: dict[str, str] = {"province": "province", "city": "city", "county": "district"}


class LayerSource(Protocol):
    """Anything holding the four layers by name (``geo.dataset.Layers``)."""

    simulated: frozenset[str]

    def get(self, name: str) -> pd.DataFrame: ...


def table_level(scope: Scope) -> str:
    """The admin level the counts table breaks a scope into.

    Returns
    -------
    str
        ``"province"`` at national and region scope, ``"city"`` in a province (``"county"``
        in the four municipalities, which have a single prefecture), ``"county"`` in a city.
    """
    if scope.level == "province" and scope.province_code in MUNICIPALITIES:
        return "county"
    return {"national": "province", "region": "province", "province": "city", "city": "county"}[
        scope.level
    ]


def map_aggregate_level(scope: Scope) -> str:
    """The admin level the map aggregates dense layers to (province, city or county)."""
    return {"national": "province", "region": "city", "province": "county", "city": "county"}[
        scope.level
    ]


def layer_counts(layers: LayerSource, scope: Scope) -> pd.Series:
    """Rows of each layer inside ``scope``.

    Parameters
    ----------
    layers
        The four layers (``geo.dataset.Layers``).
    scope
        National, region, province or city.

    Returns
    -------
    pandas.Series
        Counts indexed by layer name, in :data:`geo.core.layers.LAYER_NAMES` order.
    """
    return pd.Series(
        {name: int(len(apply(layers.get(name), scope))) for name in LAYER_NAMES}, dtype="int64"
    )


def _area_names(
    level: str,
    codes: pd.Index,
    frames: list[pd.DataFrame],
    lang: str,
    boundaries: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> pd.Series:
    names = pd.Series("", index=codes, dtype=object)
    if level == "province":
        for code in codes:
            names[code] = province_name(str(code), lang)
        return names
    bnd = maps.boundary_frame(level, boundaries)
    if bnd is not None and "code" in bnd.columns:
        lookup = dict(zip(bnd["code"].astype(str), bnd["name"].astype(str), strict=False))
        names = pd.Series([lookup.get(str(c), "") for c in codes], index=codes, dtype=object)
    for frame in frames:
        col, code_col = NAME_COLUMN[level], CODE_COLUMN[level]
        if col in frame.columns and code_col in frame.columns and (names == "").any():
            first = frame.groupby(frame[code_col].astype(str))[col].first()
            missing = names == ""
            names[missing] = [first.get(str(c), "") for c in names.index[missing]]
    return names.where(names != "", pd.Series(codes.astype(str), index=codes))


def counts_by_area(
    layers: LayerSource,
    scope: Scope,
    lang: str = "zh",
    boundaries: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> pd.DataFrame:
    """Counts of the four layers per area of ``scope`` (see :func:`table_level`).

    Parameters
    ----------
    layers
        The four layers.
    scope
        National and region scope break down by province, a province by prefecture, a
        city by county.
    lang
        ``"zh"`` or ``"en"`` for area names.
    boundaries
        Boundary frames by level (names of prefectures and counties) instead of the
        embedded ones.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``name``, (``region`` at national/region scope), then one integer
        column per layer; one row per area holding at least one row of any layer, sorted by
        code. Rows without the area code are counted under code ``""``.
    """
    level = table_level(scope)
    code_col = CODE_COLUMN[level]
    frames = {name: apply(layers.get(name), scope) for name in LAYER_NAMES}
    counts = {}
    for name, frame in frames.items():
        codes = (
            frame[code_col].astype(str)
            if code_col in frame.columns
            else pd.Series("", index=frame.index)
        )
        counts[name] = codes.fillna("").value_counts()
    table = pd.DataFrame(counts).fillna(0).astype("int64").sort_index()
    table.index.name = "code"
    names = _area_names(level, table.index, list(frames.values()), lang, boundaries)
    out = table.reset_index()
    out.insert(1, "name", names.to_numpy())
    if level == "province":
        out.insert(2, "region", [regions.region_of(c) or "" for c in out["code"]])
    return out


def region_counts(layers: LayerSource) -> pd.DataFrame:
    """Counts of the four layers per region (east, central, west), national scope.

    Returns
    -------
    pandas.DataFrame
        Columns ``region`` then one integer column per layer, regions in
        :data:`geo.core.regions.REGIONS` order (rows outside them are left out).
    """
    rows = []
    for region in regions.REGIONS:
        counts = layer_counts(layers, Scope(region=region))
        rows.append({"region": region, **counts.to_dict()})
    return pd.DataFrame(rows)


def aggregate_points(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    """Count points per area and place each area's symbol at the mean of its points.

    Parameters
    ----------
    frame
        A layer with ``lon``, ``lat`` and the level's code column.
    level
        ``"province"``, ``"city"`` or ``"county"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``count``, ``lon``, ``lat``; one row per area.
    """
    code_col = CODE_COLUMN[level]
    if not len(frame) or code_col not in frame.columns:
        return pd.DataFrame({"code": [], "count": [], "lon": [], "lat": []})
    grouped = frame.groupby(frame[code_col].astype(str))
    out = grouped.agg(count=("lon", "size"), lon=("lon", "mean"), lat=("lat", "mean")).reset_index()
    return out.rename(columns={code_col: "code"})


def _radius(counts: pd.Series) -> np.ndarray:
    values = counts.to_numpy(dtype=float)
    top = values.max() if len(values) else 1.0
    return MIN_CIRCLE_RADIUS_PX + (MAX_CIRCLE_RADIUS_PX - MIN_CIRCLE_RADIUS_PX) * np.sqrt(
        values / max(top, 1.0)
    )


def _layer_label(name: str, lang: str, aggregated_to: str | None) -> str:
    label = i18n.t(f"layer.{name}", lang)
    if aggregated_to:
        label += i18n.t(f"overview.aggregated.{aggregated_to}", lang)
    return label


def overview_map(
    layers: LayerSource,
    scope: Scope,
    basemap: str = "offline",
    lang: str = "zh",
    boundaries: Mapping[str, gpd.GeoDataFrame] | None = None,
    tianditu_key: str | None = None,
    max_points: int = MAX_POINTS_PER_LAYER,
) -> folium.Map:
    """The overview map of ``scope``: boundaries and the four layers, toggleable.

    Parameters
    ----------
    layers
        The four layers.
    scope
        National and region scope draw aggregates; province and city scope points.
    basemap
        See :func:`geo.maps.base_map`.
    lang
        ``"zh"`` or ``"en"``.
    boundaries
        Boundary frames by level instead of the embedded ones.
    tianditu_key
        Key for the Tianditu basemap.
    max_points
        Most points a layer draws as points; above it the layer is aggregated per county.

    Returns
    -------
    folium.Map
        The map with a layer control and a legend.
    """
    m = maps.base_map(scope, basemap, lang, boundaries, tianditu_key=tianditu_key)
    level = map_aggregate_level(scope)
    legend: list[tuple[str, str]] = []
    choropleth_legend: list[tuple[str, str]] = []
    coarse_scope = scope.level in ("national", "region")
    for name in LAYER_NAMES:
        frame = apply(layers.get(name), scope)
        symbol = maps.LAYER_SYMBOLS[name]
        colour = symbol.color
        coarse = scope.level in ("national", "region") and name != "campuses"
        if not coarse and len(frame) <= max_points:
            cols = [c for c in TOOLTIP_COLUMNS[name] if c in frame.columns]
            radius = COARSE_POINT_RADIUS_PX if coarse_scope else POINT_RADIUS_PX[name]
            maps.add_points(
                m, frame, i18n.t(f"layer.{name}", lang), colour, cols, lang,
                radius=radius, show=name != "resident_units", **symbol.point_kwargs(),
            )  # fmt: skip
            legend.append(symbol.legend(i18n.t(f"layer.{name}", lang)))
            continue
        agg_level = level if coarse else "county"
        agg = aggregate_points(frame, agg_level)
        agg["name"] = _area_names(
            agg_level, pd.Index(agg["code"]), [frame], lang, boundaries
        ).to_numpy()
        label = _layer_label(name, lang, agg_level)
        tips = {
            "name": i18n.t("common.name", lang),
            "count": i18n.t(f"overview.count.{name}", lang),
        }
        polygons = maps.boundary_frame(agg_level, boundaries)
        if name == "communities" and polygons is not None and len(agg):
            shapes = maps.areas_with(agg[["code", "name", "count"]], polygons)
            colours, choropleth_legend = maps.choropleth_colors(shapes["count"])
            shapes["fill"] = colours
            maps.add_polygons(
                m, shapes, label, "#4a6a8a", tips, lang, fill_column="fill", fill_opacity=0.7, weight=0.6, decimals=3
            )  # fmt: skip
            legend.append(maps.LegendItem(label, maps.CHOROPLETH_PALETTE[-2], "area"))
            continue
        agg["radius"] = _radius(agg["count"])
        maps.add_points(
            m, agg, label, colour, tips, lang, radius="radius", show=name != "resident_units",
            fill_opacity=0.45, **symbol.point_kwargs(),
        )  # fmt: skip
        legend.append(symbol.legend(label))
    simulated = getattr(layers, "simulated", None)
    if simulated:  # only the layers still simulated: an imported one is real
        names = i18n.layer_names(simulated, lang)
        legend.append((i18n.t("overview.map_simulated", lang, layers=names), "#999999"))
    maps.add_legend(m, legend, title=i18n.t("map.legend", lang))
    if choropleth_legend:
        maps.add_legend(
            m,
            choropleth_legend,
            title=i18n.t("overview.count.communities", lang),
            position="bottomleft",
        )
    maps.add_layer_control(m)
    return m
