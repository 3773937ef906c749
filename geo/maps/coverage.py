"""Map layers of the coverage page: covered and uncovered communities, Youth Homes, gap
hulls, and proposed sites with links to the communities each newly covers.

Every layer has its own shape and colour-blind-safe colour (covered: blue circles;
uncovered: vermillion triangles; Youth Homes: yellow squares outlined in black, drawn
under the communities so none hides beneath them; sites: green stars), and the legend
shows each symbol as drawn.

Builds on :mod:`geo.maps` (offline basemap, canvas points, escaped tooltips). Large scopes
are thinned so the page stays light: uncovered communities first (largest youth kept),
covered ones only up to :data:`MAX_COVERED_DRAWN`.

At national and region scope the map colours each province (national) or city (region) by
the share of its communities covered (:data:`AREA_LEVEL`), and the point layers (Youth
Homes, uncovered and covered communities) open switched off: 6,000 triangles and 4,000
squares over the east read as one mass at that scale, and hid which provinces lag. One click
in the layer control draws them.
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import i18n
from geo.analysis.coverage import Level, coverage_rates
from geo.core.layers import WGS84, id_mask
from geo.core.scope import Scope
from geo.dataset.places import english_place
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
from geo.maps.base import areas_with, boundary_frame, choropleth_colors, thin_points

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
AREA_LEVEL: dict[str, Level] = {"national": "province", "region": "city"}
"""Scope levels whose map colours areas by coverage rate, and the level of those areas."""
RATE_PALETTE: tuple[str, ...] = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
"""Blues for the coverage-rate areas, darker when more communities are covered. The
lightest of :data:`geo.maps.base.CHOROPLETH_PALETTE` is left out: at the scale of a country
it could not be told from land with no communities (Taiwan, Hong Kong, Macao)."""
AREA_EDGE = "#4a6a8a"
"""Outline of the coverage-rate areas (the overview's choropleth outline)."""


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
        Proposed sites (:meth:`geo.siting.MaxCover.sites_table`), drawn large. Rows whose
        ``required`` is true (existing homes that had to stay) are not proposed: they are
        left out with their links (``homes`` draws them).
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

    level = AREA_LEVEL.get(scope.level) if scope is not None else None
    area_legend: list[tuple[str, str] | LegendItem] = []
    if level is not None:
        area_legend = _rate_areas(m, coverage, level, lang, base_kwargs.get("boundaries"))
        if area_legend:
            label = i18n.t(f"coverage.layer.rate.{level}", lang)
            legend.append(LegendItem(label, RATE_PALETTE[-2], "area", edge=AREA_EDGE))
    dense_on = not area_legend  # the areas tell a national or region scope's story
    # Youth Homes first: each sits ~150 m from its community, which stays visible on top
    if len(homes):
        frame = _prepared(thin_points(homes, MAX_HOMES_DRAWN, by=None))
        points(frame, "layer.youth_homes", HOMES, {"name": tips["name"]}, radius=4.5, show=dense_on)
    cov_rows = coverage.loc[covered]
    if 0 < len(cov_rows) <= MAX_COVERED_DRAWN:
        points(
            _prepared(cov_rows), "coverage.layer.covered", COVERED, tips, radius=3, show=dense_on
        )
    unc = thin_points(coverage.loc[~covered], MAX_UNCOVERED_DRAWN)
    if len(unc):
        points(
            _prepared(unc), "coverage.layer.uncovered", UNCOVERED, tips, radius=4.5, show=dense_on
        )
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
    if sites is not None and "required" in sites.columns:
        stay = sites["required"].fillna(False).astype(bool).to_numpy()
        if assignment is not None:
            kept = set(sites.loc[stay, "id"].astype(str))
            assignment = assignment.loc[~assignment["site_id"].astype(str).isin(kept)]
        sites = sites.loc[~stay]
    if sites is not None and len(sites) and {"lon", "lat"} <= set(sites.columns):
        if assignment is not None and len(assignment):
            _links(m, coverage, sites, assignment, lang)
        frame = pd.DataFrame(sites).copy()
        # the youth a site newly covers, or serves in the models that assign communities
        gain = "youth_new" if "youth_new" in frame else "youth_served"
        frame["youth_txt"] = [f"{v:,.0f}" for v in frame[gain]]
        site_tips = {
            "order": "#",
            "name": tips["name"],
            "youth_txt": i18n.t(f"coverage.col.{gain}", lang),
        }
        points(frame, "coverage.layer.sites", SITE, site_tips, radius=7, fill_opacity=0.95)
    if legend:
        add_legend(m, legend)
    if area_legend:
        title = i18n.t("coverage.col.coverage_rate", lang)
        add_legend(m, area_legend, title=title, position="bottomleft", boundaries=False)
    add_layer_control(m)
    return m


def rate_areas(
    coverage: pd.DataFrame,
    level: Level,
    lang: str = "zh",
    boundaries: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> gpd.GeoDataFrame:
    """Each province or city with communities in ``coverage``, as its boundary polygon with
    its coverage rate and a fill colour by quantile class.

    Parameters
    ----------
    coverage
        Output of :func:`geo.analysis.coverage.community_coverage`.
    level
        ``"province"`` or ``"city"``.
    lang
        ``"zh"`` or ``"en"``: the language of ``name`` and ``rate_txt``.
    boundaries
        Boundary frames by level instead of the embedded ones.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per area that has both communities and a boundary: ``code``, ``name`` (in
        ``lang``), ``communities``, ``covered``, ``coverage_rate`` (0–1), ``rate_txt``
        (``"41.9%"``), ``youth_rate`` and ``youth_rate_txt`` (the share of youth covered),
        ``fill`` (CSS colour from :data:`RATE_PALETTE`, darker when more are
        covered) and ``geometry`` (WGS-84); the legend's classes as
        ``(range, colour)`` pairs in ``attrs["classes"]``. Empty (no ``classes``) when
        there are no boundaries at ``level``.
    """
    rates = coverage_rates(coverage, level)
    polygons = boundary_frame(level, boundaries)
    if polygons is None or not len(rates):
        return gpd.GeoDataFrame(geometry=[], crs=WGS84)
    shapes = areas_with(rates, polygons)
    if lang == "en":
        shapes["name"] = shapes["name"].map(english_place)
    colours, classes = choropleth_colors(shapes["coverage_rate"], RATE_PALETTE, i18n.percent)
    shapes["fill"] = colours
    shapes["rate_txt"] = shapes["coverage_rate"].map(i18n.percent)
    shapes["youth_rate_txt"] = shapes["youth_rate"].map(i18n.percent)  # "—" when no youth
    shapes.attrs["classes"] = classes
    return shapes


def _rate_areas(
    m: folium.Map,
    coverage: pd.DataFrame,
    level: Level,
    lang: str,
    boundaries: Mapping[str, gpd.GeoDataFrame] | None,
) -> list[tuple[str, str] | LegendItem]:
    """Draw :func:`rate_areas` under the points; its legend's classes as area swatches."""
    shapes = rate_areas(coverage, level, lang, boundaries)
    if not len(shapes):
        return []
    tips = {
        "name": i18n.t("common.name", lang),
        "communities": i18n.t("coverage.col.communities", lang),
        "covered": i18n.t("coverage.col.covered", lang),
        "rate_txt": i18n.t("coverage.col.coverage_rate", lang),
        "youth_rate_txt": i18n.t("coverage.col.youth_rate", lang),
    }
    label = i18n.t(f"coverage.layer.rate.{level}", lang)
    add_polygons(
        m, shapes, label, AREA_EDGE, tips, lang, fill_column="fill", fill_opacity=0.7, weight=0.6, decimals=3
    )  # fmt: skip
    return [
        LegendItem(text, colour, "area", edge=AREA_EDGE) for text, colour in shapes.attrs["classes"]
    ]


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
