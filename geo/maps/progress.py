"""The progress map: action communities by how recently they were active.

Point layers told apart by shape as well as colour (Okabe–Ito hues): active in the last 30
days (circle); no activity in the last 30 days (square: launched lately, or idle for less
than :data:`geo.plan.progress.INACTIVE_DAYS` days); idle for that long or more (triangle);
filed but not launched yet (grey diamond). Under them, the areas of the table's level
(regions, provinces, cities or counties) shaded by the share of their communities active in the
last 30 days (:func:`active_areas`), where a committee sees which counties lag.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import i18n
from geo.core import regions
from geo.core.layers import WGS84
from geo.core.scope import Scope
from geo.dataset.places import english_place
from geo.i18n import t
from geo.maps.base import (
    LegendItem,
    Symbol,
    add_layer_control,
    add_legend,
    add_points,
    add_polygons,
    areas_with,
    base_map,
    boundary_frame,
)
from geo.plan.progress import INACTIVE_DAYS, rollup

SHARE_BREAKS: tuple[float, ...] = (0.5, 0.7, 0.85, 0.95)
"""Edges of the active-share classes: fixed, so a colour means the same share on every map
and in every year (quantiles put 86% among the lowest when most areas are at 100%)."""
SHARE_PALETTE: tuple[str, ...] = ("#de2d26", "#fc9272", "#f7f7f7", "#9ecae1", "#3182bd")
"""Fill of each class, from the least active (strong red, to look at) to the most (blue)."""
AREA_EDGE = "#6a6a6a"
AREA_LEVELS: tuple[str, ...] = ("region", "province", "city", "county")
"""The table levels whose areas are shaded (a region as its provinces joined)."""

STATE_SYMBOLS: dict[str, Symbol] = {
    "not_launched": Symbol("#999999", "diamond", edge="#3d3d3d"),
    "active": Symbol("#009E73", "circle", edge="#00402f"),
    "quiet": Symbol("#E69F00", "square", edge="#6b4a00"),
    "inactive": Symbol("#D55E00", "triangle", edge="#5c2800"),
}
"""Symbol of each activity state."""
RECOMMENDATION_SYMBOLS: dict[str, Symbol] = {
    "continue": Symbol("#009E73", "circle", edge="#00402f"),
    "improve": Symbol("#E69F00", "square", edge="#6b4a00"),
    "exit": Symbol("#D55E00", "triangle", edge="#5c2800"),
}
"""Symbol of each evaluation recommendation (:data:`geo.plan.evaluation.RECOMMENDATIONS`),
told apart by shape as well as colour, as the activity states are."""
_LABELS = {
    "not_launched": "records.map.not_launched",
    "active": "records.map.active",
    "quiet": "records.map.quiet",
    "inactive": "records.map.inactive",
}


def activity_state(progress: pd.DataFrame) -> pd.Series:
    """``active`` (active in 30 days), ``inactive`` (idle :data:`INACTIVE_DAYS` days or
    more), ``quiet``, or ``not_launched`` (filed, its county has not launched it: no
    activity is due yet) for each row of :func:`geo.plan.progress.community_progress`."""
    state = pd.Series("quiet", index=progress.index)
    state[progress["active_30"].to_numpy()] = "active"
    state[(progress["days_idle"] >= INACTIVE_DAYS).to_numpy()] = "inactive"
    if "status" in progress:
        state[(progress["status"] == "filed").to_numpy()] = "not_launched"
    return state


def active_areas(
    progress: pd.DataFrame,
    level: str,
    lang: str = "zh",
    boundaries: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> gpd.GeoDataFrame:
    """The areas at ``level`` (:data:`AREA_LEVELS`) that have action communities, shaded by
    the share of them active in the last 30 days.

    Parameters
    ----------
    progress
        :func:`geo.plan.progress.community_progress` (the map's rows).
    level
        ``"region"``, ``"province"``, ``"city"`` or ``"county"``, as
        :func:`geo.plan.progress.rollup`.
    lang
        Language of the names and the legend's percentages.
    boundaries
        Boundary frames by level instead of the embedded ones.

    Returns
    -------
    geopandas.GeoDataFrame
        ``code``, ``name`` (in ``lang``), ``communities``, ``active_30`` (0–1),
        ``active_txt`` (``"83.3%"``), ``fill`` (from :data:`SHARE_PALETTE`) and
        ``geometry`` (WGS-84), one row per area with a boundary (the XPCC's units have
        none as a province); the legend's classes in ``attrs["classes"]``. Empty at another
        level or without boundaries.
    """
    polygons = _polygons(level, boundaries) if level in AREA_LEVELS else None
    if polygons is None or not len(progress):
        return gpd.GeoDataFrame(geometry=[], crs=WGS84)
    rates = rollup(progress, level)[["code", "communities", "active_30"]]
    shapes = areas_with(rates, polygons)
    if not len(shapes):
        return gpd.GeoDataFrame(geometry=[], crs=WGS84)
    names = polygons.assign(code=polygons["code"].astype(str)).set_index("code")["name"]
    shapes["name"] = shapes["code"].map(names).fillna(shapes["code"]).astype(str)
    if level == "region":
        shapes["name"] = [t(f"region.{c}", lang) for c in shapes["code"]]
    elif lang == "en":
        shapes["name"] = shapes["name"].map(english_place)
    classes = np.digitize(shapes["active_30"].to_numpy(dtype=float), SHARE_BREAKS)
    shapes["fill"] = [SHARE_PALETTE[c] for c in classes]
    shapes["active_txt"] = shapes["active_30"].map(i18n.percent)
    shapes.attrs["classes"] = share_classes()
    return shapes


def _polygons(
    level: str, boundaries: Mapping[str, gpd.GeoDataFrame] | None
) -> gpd.GeoDataFrame | None:
    """The areas of ``level`` as polygons with ``code`` and ``name``: the boundaries, or
    for ``"region"`` the provinces joined by region (``code`` east / central / west; the
    XPCC's communities lie in Xinjiang, a western province). Joining them takes 0.07 s."""
    if level != "region":
        return boundary_frame(level, boundaries)
    provinces = boundary_frame("province", boundaries)
    if provinces is None:
        return None
    keyed = provinces.assign(code=provinces["code"].astype(str).map(regions.region_of))
    joined = keyed.dropna(subset=["code"])[["code", "geometry"]].dissolve("code")
    return joined.reset_index().assign(name=lambda f: f["code"])


def state_label(state: str, lang: str = "zh") -> str:
    """The legend label of an :func:`activity_state` (近30天有活动 …) in ``lang``."""
    return t(_LABELS[state], lang)


def share_classes() -> list[tuple[str, str]]:
    """The legend of :data:`SHARE_BREAKS`: ``(range, colour)`` from the least active up
    (``"< 50.0%"``, ``"50.0% – 70.0%"`` … ``"≥ 95.0%"``)."""
    p = [i18n.percent(b) for b in SHARE_BREAKS]
    ranges = [f"< {p[0]}", *(f"{a} – {b}" for a, b in zip(p, p[1:], strict=False)), f"≥ {p[-1]}"]
    return list(zip(ranges, SHARE_PALETTE, strict=True))


def progress_map(
    progress: pd.DataFrame,
    scope: Scope | None = None,
    lang: str = "zh",
    basemap: str = "offline",
    level: str | None = None,
    boundaries: Mapping[str, gpd.GeoDataFrame] | None = None,
):  # noqa: ANN201
    """A map of the action communities coloured and shaped by :func:`activity_state`.

    Parameters
    ----------
    progress
        :func:`geo.plan.progress.community_progress` with ``lon`` and ``lat`` (WGS-84) added.
    scope
        The scope to fit and draw boundaries for.
    lang, basemap
        As :func:`geo.maps.base_map`.
    level
        The table's level: its areas shaded under the points (:func:`active_areas`);
        ``None``: none.
    boundaries
        Boundary frames by level instead of the embedded ones.

    Returns
    -------
    geo.maps.YouthMap
    """
    m = base_map(scope, basemap=basemap, lang=lang)
    items: list = []
    shapes = active_areas(progress, level, lang, boundaries) if level else None
    if shapes is not None and len(shapes):
        tips = {
            "name": t("records.col.name", lang),
            "communities": t("records.col.communities", lang),
            "active_txt": t("records.col.active_30", lang),
        }
        label = t(f"records.map.areas.{level}", lang)
        add_polygons(
            m, shapes, label, AREA_EDGE, tips, lang, fill_column="fill", fill_opacity=0.55, weight=0.6, decimals=3
        )  # fmt: skip
        short = t("records.map.share", lang)  # each class says what it measures
        items += [
            LegendItem(f"{short} {r}", c, "area", edge=AREA_EDGE)
            for r, c in shapes.attrs["classes"]
        ]
    state = activity_state(progress)
    tips = {
        "name": t("records.col.name", lang),
        "county_code": t("records.col.county_code", lang),
        "days_idle": t("records.col.days", lang),
        "activities": t("records.col.activities", lang),
    }
    for key, symbol in STATE_SYMBOLS.items():
        label = state_label(key, lang)
        rows = progress.loc[state == key]
        add_points(
            m,
            rows,
            label,
            symbol.color,
            tips,
            lang,
            radius=6,
            shape=symbol.shape,
            edge_color=symbol.edge,
            edge_width=symbol.edge_width,
        )
        items.append(symbol.legend(f"{label} ({len(rows)})"))
    add_legend(m, items, title=t("records.map", lang))
    add_layer_control(m)
    return m
