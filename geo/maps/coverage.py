"""Map layers of the coverage page: covered and uncovered communities, Youth Homes, gap
hulls, and proposed sites with links to the communities each newly covers.

Every layer has its own shape and colour-blind-safe colour (covered: blue circles;
uncovered: vermillion triangles; Youth Homes: yellow squares outlined in black, drawn
under the communities so none hides beneath them; sites: green stars), and the legend
shows each symbol as drawn.

Builds on :mod:`geo.maps` (offline basemap, canvas points, escaped tooltips). Large scopes
are thinned so the page stays light: uncovered communities first (largest youth kept),
covered ones only up to :data:`MAX_COVERED_DRAWN`.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import i18n
from geo.core.layers import WGS84, id_mask
from geo.core.scope import Scope
from geo.maps import (
    LAYER_SYMBOLS,
    LegendItem,
    Symbol,
    add_layer_control,
    add_legend,
    add_lines,
    add_points,
    add_polygons,
    base_map,
)
from geo.maps.base import thin_points

COVERED = Symbol(LAYER_SYMBOLS["communities"].color, "circle")
"""Covered communities: the communities' blue circles."""
UNCOVERED = Symbol("#D55E00", "triangle_down", edge="#4d1f00")
"""Uncovered communities: vermillion triangles with a dark outline (shape and hue differ)."""
HOMES = LAYER_SYMBOLS["youth_homes"]
"""Youth Homes: yellow squares outlined in black, drawn *under* the communities."""
SITE = Symbol("#009E73", "star", edge="#000000", edge_width=1.2)
"""Proposed sites: green stars."""
UNCOVERED_COLOR = UNCOVERED.color
COVERED_COLOR = COVERED.color
HOME_COLOR = HOMES.color
GAP_COLOR = "#CC79A7"
SITE_COLOR = SITE.color

MAX_UNCOVERED_DRAWN = 6_000
"""Uncovered communities drawn at most (largest youth first)."""
MAX_COVERED_DRAWN = 3_000
"""Covered communities drawn at most (none beyond: the layer is left out)."""
MAX_HOMES_DRAWN = 4_000
"""Youth Homes drawn at most (nearest to uncovered communities are not favoured)."""
MAX_LINKS_DRAWN = 5_000
"""Site–community links drawn at most."""


def _tips(lang: str) -> dict[str, str]:
    return {
        "name": i18n.t("common.name", lang),
        "district": i18n.t("common.county", lang),
        "youth": i18n.t("common.youth", lang),
        "distance_txt": i18n.t("coverage.col.distance_m", lang),
    }


def _prepared(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(frame.drop(columns="geometry", errors="ignore")).copy()
    if "distance_m" in out:
        d = out["distance_m"].to_numpy(dtype=float)
        out["distance_txt"] = [f"{v:,.0f}" if np.isfinite(v) else "—" for v in d]
    if "youth" in out:
        out["youth"] = pd.to_numeric(out["youth"], errors="coerce").round(0)
    return out


def coverage_map(
    coverage: pd.DataFrame,
    homes: pd.DataFrame,
    scope: Scope | None = None,
    basemap: str = "offline",
    lang: str = "zh",
    gaps: gpd.GeoDataFrame | None = None,
    sites: pd.DataFrame | None = None,
    assignment: pd.DataFrame | None = None,
    **base_kwargs,
) -> folium.Map:
    """Coverage of ``scope`` on a map.

    Parameters
    ----------
    coverage
        Output of :func:`geo.analysis.coverage.community_coverage` for the scope.
    homes
        Youth Homes to draw.
    scope, basemap, lang
        Passed to :func:`geo.maps.base_map`.
    gaps
        Gap hulls (:attr:`geo.analysis.gaps.GapResult.gaps`), drawn as polygons.
    sites
        Proposed sites (:meth:`geo.siting.MaxCover.sites_table`), drawn large.
    assignment
        ``community_id``/``site_id`` pairs (:meth:`geo.siting.MaxCover.assignment`), drawn
        as links from each site to the communities it newly covers.
    **base_kwargs
        Further arguments of :func:`geo.maps.base_map` (e.g. ``boundaries``).

    Returns
    -------
    folium.Map
    """
    m = base_map(scope, basemap=basemap, lang=lang, **base_kwargs)
    tips = _tips(lang)
    covered = coverage["covered"].to_numpy(dtype=bool)
    legend: list[LegendItem] = []

    def points(frame: pd.DataFrame, key: str, symbol: Symbol, shown: dict, **kwargs) -> None:
        label = i18n.t(key, lang)
        cols = {k: v for k, v in shown.items() if k in frame}
        add_points(m, frame, label, symbol.color, cols, lang, **symbol.point_kwargs(), **kwargs)
        legend.append(symbol.legend(label))

    # Youth Homes first: each sits ~150 m from its community, which stays visible on top
    if len(homes):
        frame = _prepared(thin_points(homes, MAX_HOMES_DRAWN, by=None))
        points(frame, "layer.youth_homes", HOMES, {"name": tips["name"]}, radius=4.5)
    cov_rows = coverage.loc[covered]
    if 0 < len(cov_rows) <= MAX_COVERED_DRAWN:
        points(_prepared(cov_rows), "coverage.layer.covered", COVERED, tips, radius=3)
    unc = thin_points(coverage.loc[~covered], MAX_UNCOVERED_DRAWN)
    if len(unc):
        points(_prepared(unc), "coverage.layer.uncovered", UNCOVERED, tips, radius=4.5)
    if gaps is not None and len(gaps):
        g = gaps.copy()
        g["youth_txt"] = [f"{v:,.0f}" for v in g["youth_uncovered"]]
        g["area_txt"] = [f"{v:,.2f}" for v in g["area_km2"]]
        add_polygons(
            m,
            g,
            i18n.t("coverage.layer.gaps", lang),
            GAP_COLOR,
            {
                "gap_id": i18n.t("coverage.col.gap_id", lang),
                "youth_txt": i18n.t("coverage.col.youth_uncovered", lang),
                "communities": i18n.t("coverage.col.communities", lang),
                "area_txt": i18n.t("coverage.col.area_km2", lang),
            },
            lang,
            fill_opacity=0.25,
            weight=2,
        )
        legend.append(LegendItem(i18n.t("coverage.layer.gaps", lang), GAP_COLOR, "area", width=2))
    if sites is not None and len(sites) and {"lon", "lat"} <= set(sites.columns):
        if assignment is not None and len(assignment):
            _links(m, coverage, sites, assignment, lang)
        frame = pd.DataFrame(sites).copy()
        frame["youth_txt"] = [f"{v:,.0f}" for v in frame["youth_new"]]
        site_tips = {
            "order": "#",
            "name": tips["name"],
            "youth_txt": i18n.t("coverage.col.youth_new", lang),
        }
        points(frame, "coverage.layer.sites", SITE, site_tips, radius=7, fill_opacity=0.95)
    if legend:
        add_legend(m, legend)
    add_layer_control(m)
    return m


def _links(
    m: folium.Map,
    coverage: pd.DataFrame,
    sites: pd.DataFrame,
    assignment: pd.DataFrame,
    lang: str,
) -> None:
    pts = pd.DataFrame(coverage[["id", "lon", "lat"]]).assign(id=lambda f: f["id"].astype(str))
    pts = pts.drop_duplicates("id").set_index("id")
    site_xy = pd.DataFrame(sites).drop_duplicates("id").set_index("id")[["lon", "lat"]]
    known = id_mask(assignment["community_id"], pts.index) & id_mask(
        assignment["site_id"].astype(str), site_xy.index.astype(str)
    )
    a = assignment[known].head(MAX_LINKS_DRAWN)
    if not len(a):
        return
    c = pts.loc[a["community_id"], ["lon", "lat"]].to_numpy(dtype=float)
    s = site_xy.loc[a["site_id"]].to_numpy(dtype=float)
    coords = np.stack([s, c], axis=1)
    lines = shapely.linestrings(coords)
    frame = gpd.GeoDataFrame({"site_id": a["site_id"].to_numpy()}, geometry=lines, crs=WGS84)
    add_lines(
        m,
        frame,
        i18n.t("coverage.layer.links", lang),
        SITE_COLOR,
        {"site_id": i18n.t("coverage.col.site_id", lang)},
        lang,
        weight=1.5,
        opacity=0.85,
    )
