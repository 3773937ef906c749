"""Folium map builders shared by every page: basemap, boundaries, points, polygons, legend.

Every map is a :class:`YouthMap` (a ``folium.Map``) that loads Leaflet and its plugins
from the app's own ``/app/static/vendor/`` (see :mod:`geo.maps.assets`), so it draws on a
network without internet. Layers are stored in WGS-84; on the AMap basemap, which is drawn
in GCJ-02, every layer added through this module is shifted to GCJ-02 for drawing only.

Points are drawn on a canvas renderer from one compact array per layer (not one folium
object per point), so tens of thousands of points stay light in HTML and in the browser.
All text that reaches HTML (tooltips, legend, layer names) is escaped with
:func:`html.escape`.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template

from geo import i18n
from geo.core import crs, layers, regions
from geo.core.scope import Scope
from geo.dataset import borders
from geo.maps.assets import localize
from geo.maps.values import localize_values, place_label

BASEMAPS: tuple[str, ...] = ("offline", "osm", "amap", "tianditu")
"""Basemap names: boundaries only (default, works offline), OpenStreetMap, AMap, Tianditu."""

CHINA_BOUNDS_DEG: tuple[tuple[float, float], tuple[float, float]] = ((3.4, 73.0), (54.0, 135.5))
"""``((south, west), (north, east))`` a national map opens on: the whole national territory,
the South China Sea islands and the boundary line around them (down to 3.41° N) included,
as a map for a Chinese government audience must show it (``SOURCES.md``)."""
MAINLAND_SOUTH_DEG: float = 17.5
"""South edge of the mainland and Hainan island: a scope reaching south of it (海南, the
east) holds the South China Sea islands, and its maps open north of it."""

SMALL_MARKER_PX: float = 3.5
"""Markers smaller than this (radius, px) get a thin outline (at most 0.8 px)."""

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
"""A colour :func:`darker` can shade (another, e.g. ``"red"``, gets no crowd outline)."""

PALE_CHANNEL: int = 0xD0
"""A fill whose every channel is at least this is near-white: in a crowd it keeps its own
outline colour (thinner), since a shade of it would not show on the land."""

TINY_MARKER_PX: float = 2.5
"""Markers smaller than this are outlined in a darker shade of their own fill instead of
their symbol's outline colour: thousands of small black-edged markers on a region map
merged into black."""

MARKER_SHAPES: tuple[str, ...] = (
    "circle",
    "square",
    "diamond",
    "triangle",
    "triangle_down",
    "star",
)
"""Marker shapes of point layers (``points.js``; matplotlib markers ``o s D ^ v *``)."""

POINT_DECIMALS: int = 5
"""Decimals kept for point coordinates in map HTML (1e-5° ≈ 1.1 m: under a pixel up to
Leaflet's zoom 17, where a pixel is 1.2 m at the equator; 1e-4°, 11 m, would move a point
by up to 9 pixels at the map's zoom 18)."""

BOUNDARY_DECIMALS: dict[str, int] = {"national": 3, "region": 3, "province": 4, "city": 4}
"""Decimals kept for boundary coordinates in map HTML, by scope level (1e-3° ≈ 110 m)."""

OFFLINE_ZOOM_SNAP: float = 0.25
"""Zoom step a map on the offline basemap fits its scope and zooms in. Boundaries and points
are vectors, so quarter levels draw as sharp as whole ones, and a scope fills its frame up to
twice as well: at whole levels a fit falls back to the level below the one that overflows
(Guangzhou sat in a fifth of the pairing map's width). Tile basemaps keep whole levels, where
their tiles are drawn unscaled and their labels stay crisp."""

OFFLINE_BACKGROUND = "#e8eef3"
LAND_FILL = "#fbfbf8"
CONTEXT_FILL = "#ecebe4"
"""Land around a scope (the provinces beside a province's or region's map, Taiwan beside
the east's): drawn, muted, so no land within the map's frame reads as sea."""
CONTEXT_LINE = "#cfccc1"
CONTEXT_DETAIL = 1500
"""The context land is simplified to the longer side of the box it is cut to over this
(about a pixel of a full-screen map): the east's map page is 338 KB with them (270 KB
without)."""
CONTEXT_MARGIN = 0.75
"""How far around the scope's box (in its longer side) the land beside it is drawn as
context: past the frame of a tall scope on a wide screen (cut at half its own width and
height, the land around Guangzhou ended in straight edges either side of a 1600 px map)."""
COUNTY_LINE_COLOR = "#b3bcc6"
COUNTY_KIND = "county"
"""Legend entry of the counties' own thin outlines (drawn with the areas of a province or
city, not one of the classified kinds of :data:`geo.dataset.borders.KINDS`), listed last."""
COUNTY_LINE_WIDTH_PX = 0.8
"""Thin county lines inside a province or city (not one of the standard kinds of line)."""

LINES_PANE = "youthmapLines"
"""Leaflet pane of lines drawn on a canvas (pairing lines): z-index 430, above the areas and
the boundary lines, below the points."""

BORDER_PANE = "youthmapBorders"
"""Leaflet pane of the boundary lines: z-index 420, above the overlay pane's thematic
polygons (400), below the points (450); it lets the mouse through to the areas below."""

_OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
_OSM_ATTR = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
_AMAP_URL = "https://webrd0{s}.is.autonavi.com/appmaptile?lang={lang}&size=1&scale=1&style=8&x={x}&y={y}&z={z}"
_AMAP_ATTR = "&copy; 高德地图 AutoNavi"
_TDT_URL = (
    "https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
    "&TILECOL={x}&tk={key}"
)
_TDT_ATTR = "&copy; 天地图 Tianditu"
_MAP_CSS = (
    "<style>.leaflet-control-layers, .leaflet-tooltip { font-size: 13px; line-height: 1.5; }"
    " .leaflet-control-layers label { margin-bottom: 0; }"
    # while a point's tooltip is open (points.js), an area's tooltip below it stays hidden
    " .youthmap-point-hover .leaflet-tooltip:not(.youthmap-point-tip) { display: none; }</style>"
)
_POINTS_JS = (Path(__file__).with_name("points.js")).read_text(encoding="utf-8")
"""The ``L.YouthmapPoints`` layer class: written once per page, before the first point
layer's script, whatever the layer count (:class:`_CanvasPoints`)."""


class YouthMap(folium.Map):
    """A ``folium.Map`` that serves its assets locally and knows its drawing datum.

    Attributes
    ----------
    draw_crs
        ``"wgs84"`` or ``"gcj02"`` (AMap basemap): the datum layers are drawn in.
    lang
        ``"zh"`` or ``"en"``: language of layer names and tooltip labels.
    basemap
        One of :data:`BASEMAPS`.
    boundary_kinds
        Kinds of boundary line drawn (:data:`geo.dataset.borders.KINDS`), legend order; listed in
        the legend by :func:`add_legend`.
    """

    # Leaflet only: folium's defaults add jQuery, Bootstrap 5 (JS and 190 KB of CSS), Font
    # Awesome and awesome-markers for its marker icons, which YouthMap maps never draw; each
    # map frame parsed them all (~0.2 s of a province page's browser time).
    default_js = [folium.Map.default_js[0]]
    default_css = [folium.Map.default_css[0]]

    def __init__(
        self,
        *args: object,
        draw_crs: str = "wgs84",
        lang: str = "zh",
        basemap: str = "offline",
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.draw_crs = draw_crs
        self.lang = lang
        self.basemap = basemap
        self.boundary_kinds: list[str] = []
        self.boundary_legend_drawn = False

    def fit_bounds(self, bounds: Sequence[Sequence[float]], **kwargs: object) -> None:
        """Open the map on ``bounds`` as folium's ``fit_bounds`` does, without animating.

        The map starts on China (zoom 4) and fits its scope right away: animated, that
        first zoom projected and drew every layer at both zooms and held the map for the
        animation (Guangdong's overview map as a standalone page settled in Chromium in
        0.92-1.07 s without it, 1.86-1.87 s with it).
        ``kwargs`` are folium's (``padding``, ``max_zoom`` …).

        Until the user drags, scrolls or zooms the map, a change of the frame's size (the
        presentation page's full-screen mode) fits the bounds again.
        """
        fit = folium.FitBounds(bounds, **kwargs)
        fit.options["animate"] = False
        self.add_child(fit)
        self.add_child(_RefitOnResize(fit.bounds, fit.options), name="youthmap_refit")

    def render(self, **kwargs: object) -> None:
        """Point every asset at the vendored copy, then render as folium does."""
        localize(self)
        super().render(**kwargs)


class _RefitOnResize(MacroElement):
    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    var bounds = {{ this.bounds|tojson }}, options = {{ this.options|tojson }};
    var follow = true;
    var stop = function () { follow = false; };
    map.on("dragstart", stop);
    map.getContainer().addEventListener("wheel", stop, {passive: true});
    map.getContainer().addEventListener("dblclick", stop);
    var zoom = map.getContainer().querySelector(".leaflet-control-zoom");
    if (zoom) { zoom.addEventListener("click", stop); }
    map.on("resize", function () { if (follow) { map.fitBounds(bounds, options); } });
})();
{% endmacro %}
"""
    )

    def __init__(self, bounds: object, options: dict) -> None:
        super().__init__()
        self._name = "RefitOnResize"
        self.bounds = bounds
        self.options = dict(options)


# ---------------------------------------------------------------- helpers


def _esc(value: object) -> str:
    """A cell as escaped display text (numbers formatted, missing values empty)."""
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        if float(value).is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:.4g}"
    if isinstance(value, bool | np.bool_):
        return "✓" if value else "✗"
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    if value is pd.NA or value is pd.NaT:
        return ""
    return html.escape(str(value))


def column_label(column: str, lang: str = "zh") -> str:
    """The display header of a layer column (from :data:`geo.core.layers.SCHEMAS`), escaped.

    Parameters
    ----------
    column
        Column name, e.g. ``"population"``.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The header in ``lang``, or the column name itself when no schema has it. A column
        the layers head differently (``name``: 社区名称, 青年之家名称, 单位名称) gets the
        word they share (名称 / Name): a Youth Home's tooltip said 社区名称.
    """
    if column == "name":
        return html.escape(i18n.t("common.name", lang))
    for schema in layers.SCHEMAS.values():
        for col in schema:
            if col.name == column:
                return html.escape(col.zh if lang == "zh" else col.en)
    return html.escape(column)


def _labels(tooltip_cols: Sequence[str] | Mapping[str, str] | None, lang: str) -> dict[str, str]:
    if not tooltip_cols:
        return {}
    if isinstance(tooltip_cols, Mapping):
        return {c: html.escape(str(label)) for c, label in tooltip_cols.items()}
    return {c: column_label(c, lang) for c in tooltip_cols}


def _to_draw(geoms: gpd.GeoSeries | np.ndarray, draw_crs: str, decimals: int) -> np.ndarray:
    """Geometries shifted to the drawing datum and rounded to ``decimals``."""
    arr = np.asarray(geoms.array if isinstance(geoms, gpd.GeoSeries) else geoms, dtype=object)

    def _shift(coords: np.ndarray) -> np.ndarray:
        if draw_crs != "wgs84" and len(coords):
            lon, lat = crs.convert(coords[:, 0], coords[:, 1], "wgs84", draw_crs)
            coords = np.column_stack([lon, lat])
        return np.round(coords, decimals)

    return shapely.transform(arr, _shift)


def _feature_collection(
    gdf: gpd.GeoDataFrame | np.ndarray | gpd.array.GeometryArray,
    draw_crs: str,
    decimals: int,
    props: Mapping[str, Sequence[str]],
) -> dict:
    """GeoJSON of a frame's geometries (or of an array of geometries) with ``props``."""
    source = gdf.geometry if isinstance(gdf, gpd.GeoDataFrame) else gdf
    geoms = _to_draw(source, draw_crs, decimals)
    scale = 10**decimals
    features = []
    for i, geom in enumerate(geoms):
        if geom is None or geom.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": delta_geometry(geom, scale),
                "properties": {k: v[i] for k, v in props.items()},
            }
        )
    return {"type": "FeatureCollection", "features": features, "scale": scale}


def _delta_positions(geom: shapely.Geometry, scale: int) -> list[int]:
    steps = np.rint(shapely.get_coordinates(geom) * scale).astype(np.int64)
    steps[1:] -= steps[:-1].copy()
    return steps.ravel().tolist()


def delta_geometry(geom: shapely.Geometry, scale: int) -> dict:
    """A geometry as GeoJSON whose positions are written as whole steps of ``1 / scale``
    degree, each from the one before.

    A line or ring of the boundaries runs in short steps: ``113.541,23.125,113.548,23.131``
    becomes ``113541,23125,7,6`` (the national map's province areas and boundary lines:
    659 → 313 kB), and nothing moves: the map's script
    (``_GeoJsonLayer``) adds the steps up and divides by ``scale`` before Leaflet reads the
    data, which gives the very double the decimal gave (the sums are exact whole numbers).

    Parameters
    ----------
    geom
        A geometry already rounded to ``1 / scale`` degree (:func:`_to_draw`).
    scale
        Steps per degree (``10 ** decimals``).

    Returns
    -------
    dict
        ``{"type": …, "coordinates": …}`` where each GeoJSON list of positions (a line, a
        ring, a multipoint) is one flat list ``[x0, y0, dx1, dy1, …]`` and a point is
        ``[x, y]``; a geometry collection holds its members so.
    """
    kind = geom.geom_type
    if kind == "GeometryCollection":
        return {"type": kind, "geometries": [delta_geometry(g, scale) for g in geom.geoms]}
    if kind == "Polygon":
        rings = [geom.exterior, *geom.interiors]
        coords: list = [_delta_positions(r, scale) for r in rings]
    elif kind == "MultiPolygon":
        coords = [
            [_delta_positions(r, scale) for r in (poly.exterior, *poly.interiors)]
            for poly in geom.geoms
        ]
    elif kind == "MultiLineString":
        coords = [_delta_positions(line, scale) for line in geom.geoms]
    else:  # Point, MultiPoint, LineString, LinearRing: one list of positions
        coords = _delta_positions(geom, scale)
    return {"type": "LineString" if kind == "LinearRing" else kind, "coordinates": coords}


def _esc_column(values: pd.Series) -> list[str]:
    """:func:`_esc` of every cell, computed once per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = np.array([_esc(u) for u in uniques.tolist()] + [""], dtype=object)
    return texts[codes].tolist()  # code -1 (missing) picks the trailing ""


def _tooltip_props(gdf: pd.DataFrame, labels: Mapping[str, str], lang: str) -> dict[str, list[str]]:
    """The tooltip columns' cells as escaped text, their coded values and place names in
    ``lang`` as a table's (:func:`geo.maps.values.localize_values`; an English map's
    tooltips said 天河区 and 社区青年之家); true/false cells keep their ✓/✗."""
    cols = [c for c in labels if c in gdf.columns]
    shown = localize_values(pd.DataFrame(gdf[cols]), lang)
    return {
        c: _esc_column(gdf[c] if pd.api.types.is_bool_dtype(gdf[c]) else shown[c]) for c in cols
    }


def _map_draw_crs(m: folium.Map) -> str:
    return getattr(m, "draw_crs", "wgs84")


def _map_lang(m: folium.Map, lang: str | None) -> str:
    return lang or getattr(m, "lang", i18n.DEFAULT_LANG)


# ---------------------------------------------------------------- fast elements


class _RawScript(Element):
    """Already rendered JavaScript, added to the page as is (no template to compile)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawScript"
        self.text = text

    def render(self, **kwargs: object) -> str:
        return self.text


class _DataElement(MacroElement):
    """A macro element whose script embeds a large JSON payload.

    branca's ``MacroElement.render`` wraps each rendered script in a new ``Element``, whose
    constructor compiles it as a Jinja template: for megabytes of coordinates that lexing
    costs more than everything else. These elements add their script as :class:`_RawScript`.
    """

    def render(self, **kwargs: object) -> None:
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(_RawScript(script(self, kwargs)), name=self.get_name())


def _json_payload(payload: dict) -> str:
    """``payload`` as a JavaScript expression: ``JSON.parse('…')`` of its JSON text.

    Browsers parse a JSON string much faster than the same data written as an object
    literal (the script parser is the slow path for megabytes of coordinates). The JSON
    never holds ``</`` (so no ``</script>`` ends the page's script early); in the quoted
    string only backslashes and single quotes need escaping (JSON text has no raw line
    breaks).
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return "JSON.parse('" + text.replace("\\", "\\\\").replace("'", "\\'") + "')"


class _GeoJsonLayer(_DataElement):
    """Polygons or lines from a GeoJSON dict, styled and with escaped tooltips, in its parent.

    With ``band`` the same lines are drawn twice, the band below (a border's colour band);
    with ``pane`` they go to a map pane of their own (:data:`BORDER_PANE`: above the
    thematic polygons, below the points, letting the mouse through).
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var d = {{ this.payload }};
    var group = {{ this._parent.get_name() }};
    var pane;
    // positions as whole steps, each from the one before (geo.maps.base.delta_geometry)
    var positions = function (a) {
        var out = new Array(a.length / 2), x = 0, y = 0;
        for (var i = 0; i < a.length; i += 2) {
            x += a[i]; y += a[i + 1];
            out[i / 2] = [x / d.data.scale, y / d.data.scale];
        }
        return out;
    };
    var read = function (g) {
        var c = g.coordinates, t = g.type;
        if (t === "GeometryCollection") { g.geometries.forEach(read); return; }
        if (t === "Point") { g.coordinates = positions(c)[0]; }
        else if (t === "MultiPoint" || t === "LineString") { g.coordinates = positions(c); }
        else if (t === "Polygon" || t === "MultiLineString") { g.coordinates = c.map(positions); }
        else if (t === "MultiPolygon") {
            g.coordinates = c.map(function (p) { return p.map(positions); });
        }
    };
    if (d.data.scale) {
        d.data.features.forEach(function (f) { read(f.geometry); });
        delete d.data.scale;
    }
    {%- if this.map %}
    var map = {{ this.map.get_name() }};
    if (d.pane && !map.getPane(d.pane)) {
        var p = map.createPane(d.pane);
        p.style.zIndex = d.paneZ;
        if (!d.interactive) { p.style.pointerEvents = "none"; }
    }
    pane = d.pane || undefined;
    {%- endif %}
    // options only when set: a Leaflet option given as undefined overrides its default
    var where = pane ? {pane: pane} : {};
    var renderer = d.canvas ? L.canvas(Object.assign({padding: 0.5}, where)) : undefined;
    if (renderer) { where.renderer = renderer; }
    if (d.band) {
        group.addLayer(L.geoJSON(d.data, Object.assign({interactive: false, style: d.band}, where)));
    }
    var layer = L.geoJSON(d.data, Object.assign({
        interactive: d.interactive,
        style: function (f) {
            var s = Object.assign({}, d.style);
            if (f.properties && f.properties._fill) { s.fillColor = f.properties._fill; }
            return s;
        },
        onEachFeature: function (f, l) {
            if (!d.interactive) { return; }
            if (d.labels.length) {
                l.bindTooltip(function () {
                    var html = "";
                    for (var i = 0; i < d.labels.length; i++) {
                        var key = d.labels[i][0], label = d.labels[i][1], v = f.properties[key];
                        if (i > 0) { html += "<br>"; }
                        html += label ? label + ": " + v : "<b>" + v + "</b>";
                    }
                    return html;
                }, {sticky: true});
            }
            if (d.highlight) {
                l.on("mouseover", function () { l.setStyle(d.highlight); });
                l.on("mouseout", function () { layer.resetStyle(l); });
            }
        }
    }, where));
    group.addLayer(layer);
})();
{% endmacro %}
"""
    )

    def __init__(
        self,
        data: dict,
        style: dict,
        labels: Sequence[tuple[str, str]] = (),
        highlight: dict | None = None,
        interactive: bool = True,
        canvas: bool = False,
        *,
        band: dict | None = None,
        pane: str | None = None,
        pane_z: int = 420,
        map: folium.Map | None = None,  # noqa: A002 - resolved at render time, as _CanvasPoints
    ) -> None:
        super().__init__()
        self._name = "GeoJsonLayer"
        self.map = map if pane else None
        payload = {
            "data": data,
            "style": style,
            "labels": [list(pair) for pair in labels],
            "highlight": highlight,
            "interactive": interactive,
            "canvas": canvas,
            "band": band,
            "pane": pane,
            "paneZ": pane_z,
        }
        self.payload = _json_payload(payload)


# ---------------------------------------------------------------- boundaries


def boundary_frame(
    level: str, boundaries: Mapping[str, gpd.GeoDataFrame] | None = None
) -> gpd.GeoDataFrame | None:
    """Boundaries at ``level`` from ``boundaries`` or else the embedded dataset.

    Parameters
    ----------
    level
        ``"province"``, ``"city"``, ``"county"`` or ``"lines"``.
    boundaries
        Frames by level to use instead of ``geo.dataset.load_boundaries``.

    Returns
    -------
    geopandas.GeoDataFrame or None
        ``None`` when neither source has the level (e.g. no embedded dataset yet).
    """
    if boundaries is not None:
        return boundaries.get(level)
    try:
        from geo import dataset

        return dataset.load_boundaries(level)
    except (ImportError, FileNotFoundError, AttributeError):
        return None


def scope_boundaries(
    scope: Scope, boundaries: Mapping[str, gpd.GeoDataFrame] | None = None
) -> dict[str, gpd.GeoDataFrame]:
    """The boundary polygons and lines a map of ``scope`` draws, by role.

    Parameters
    ----------
    scope
        National, a region, a province or a city.
    boundaries
        ``{"province"|"city"|"county"|"lines": GeoDataFrame}`` to use instead of the
        embedded dataset (``geo.dataset.load_boundaries``); missing levels are skipped.
        The lines need a ``kind`` column (:data:`geo.dataset.borders.KINDS`).

    Returns
    -------
    dict
        ``"areas"``: the polygons filled (provinces, or the counties of a province or
        city, with ``code`` and ``name``); ``"outline"``: the scope's own polygons (the
        map is fitted to them); ``"context"``: the provinces around a region, province or
        city (Taiwan beside the east), filled muted beneath; ``"lines"``: the boundary lines drawn, each with its
        ``kind`` (:func:`geo.dataset.borders.scope_lines`: national border, coast, provincial and
        prefecture boundaries …). Empty frames are left out.
    """
    if boundaries is None:
        return dict(_embedded_scope_boundaries(scope))
    return _scope_boundaries(scope, boundaries)


@lru_cache(maxsize=64)
def _embedded_scope_boundaries(scope: Scope) -> tuple[tuple[str, gpd.GeoDataFrame], ...]:
    """:func:`scope_boundaries` of the embedded dataset (a scope's lines are worked out
    once per process: a city's outline by kind took ~20 ms)."""
    return tuple(_scope_boundaries(scope, None).items())


def _scope_boundaries(
    scope: Scope, boundaries: Mapping[str, gpd.GeoDataFrame] | None
) -> dict[str, gpd.GeoDataFrame]:
    out: dict[str, gpd.GeoDataFrame | None] = {}
    prov = boundary_frame("province", boundaries)
    inner = None
    if scope.level == "national":
        out["areas"] = prov
    elif scope.level == "region":
        codes = {p.code for p in regions.action_provinces() if p.region == scope.region}
        if prov is not None:
            out["areas"] = prov[prov["code"].astype(str).isin(codes)]
    elif scope.level == "province":
        county = boundary_frame("county", boundaries)
        city = boundary_frame("city", boundaries)
        if county is not None:
            out["areas"] = county[county["province_code"].astype(str) == scope.province_code]
        if city is not None:
            inner = city[city["province_code"].astype(str) == scope.province_code]
        if prov is not None:
            out["outline"] = prov[prov["code"].astype(str) == scope.province_code]
    else:
        county = boundary_frame("county", boundaries)
        city = boundary_frame("city", boundaries)
        if county is not None:
            out["areas"] = county[county["city_code"].astype(str) == scope.city_code]
        if city is not None:
            out["outline"] = city[city["code"].astype(str) == scope.city_code]
    lines = boundary_frame("lines", boundaries)
    areas = out.get("areas")
    if scope.level != "national" and prov is not None and areas is not None and len(areas):
        out["context"] = _context(prov, out.get("outline", areas), scope)
    if lines is not None and len(lines) and areas is not None and len(areas):
        out["lines"] = borders.scope_lines(
            scope.level, areas, lines, inner=inner, outline=out.get("outline")
        )
    return {k: v for k, v in out.items() if v is not None and len(v)}


def _context(provinces: gpd.GeoDataFrame, own: gpd.GeoDataFrame, scope: Scope) -> gpd.GeoDataFrame:
    """The provinces (Taiwan, Hong Kong and Macao with them) outside ``scope`` around its
        polygons ``own``, cut to their box grown by :data:`CONTEXT_MARGIN` of its longer side (the box of the
        mainland and Hainan island where ``own`` reaches the South China Sea, as the map is
        fitted). The eastern region's map framed Taiwan and left it as sea, as every province's
        map left its neighbours. Cut and simplified, they take Shandong's offline page from 347 to
    389 KB (uncut: 540 KB)."""
    if scope.level == "region":
        inside = {p.code for p in regions.action_provinces() if p.region == scope.region}
    elif scope.level == "province" and scope.province_code:
        inside = {scope.province_code}
    else:  # a city: its own province around it is context too
        inside = set()
    own = own.to_crs(4326)
    w, s, e, n = own.total_bounds
    if s < MAINLAND_SOUTH_DEG and (land := mainland_bounds(own)) is not None:
        w, s, e, n = land
    dx = dy = max(e - w, n - s) * CONTEXT_MARGIN  # a tall scope on a wide screen too
    box = shapely.box(w - dx, s - dy, e + dx, n + dy)
    near = provinces.to_crs(4326)
    near = near[~near["code"].astype(str).isin(inside) & near.intersects(box)].copy()
    tolerance = max(e - w + 2 * dx, n - s + 2 * dy) / CONTEXT_DETAIL  # about a pixel
    near["geometry"] = near.geometry.intersection(box).simplify(tolerance)
    return near[~near.geometry.is_empty]


ISLET_MAX_DEG2: float = 0.05
"""Largest polygon part (square degrees, about 500 km²) :func:`mainland_bounds` leaves out:
an islet group of 西沙区 north of 17.5°N (0.011) stretched Hainan's map 300 km east."""


def mainland_bounds(frame: gpd.GeoDataFrame) -> tuple[float, float, float, float] | None:
    """``(west, south, east, north)`` of ``frame``'s land north of
    :data:`MAINLAND_SOUTH_DEG` (the mainland and Hainan island), its islets left out: what
    the map of a scope reaching the South China Sea islands is fitted to, the islands
    being in an inset (static maps) or a zoom out (the app's). ``None`` when it has no
    such land (三沙市: its islands are the map)."""
    w, s, e, n = frame.total_bounds
    north = frame.geometry.clip(shapely.box(w, MAINLAND_SOUTH_DEG, e, n)).explode()
    land = north[shapely.area(north.to_numpy()) > ISLET_MAX_DEG2]  # in degrees², as meant
    return tuple(land.total_bounds) if len(land) else None


def _scope_bounds(
    scope: Scope, parts: Mapping[str, gpd.GeoDataFrame], draw_crs: str
) -> list[list[float]] | None:
    if scope.level == "national":
        (s, w), (n, e) = CHINA_BOUNDS_DEG
    else:
        frame = parts.get("outline", parts.get("areas"))
        if frame is None or not len(frame):
            return None
        w, s, e, n = frame.total_bounds
        if s < MAINLAND_SOUTH_DEG and (land := mainland_bounds(frame)) is not None:
            w, s, e, n = land  # 海南, the east: opened on the mainland and Hainan island (a
            # user zooms out to the islands), not on the sea down to 4°N
    if draw_crs != "wgs84":
        lon, lat = crs.convert([w, e], [s, n], "wgs84", draw_crs)
        w, e, s, n = lon[0], lon[1], lat[0], lat[1]
    return [[float(s), float(w)], [float(n), float(e)]]


# ---------------------------------------------------------------- base map


class _MapControls(MacroElement):
    """A metric-only scale bar, and the attribution corner with no Leaflet prefix.

    Leaflet's attribution control starts with its own mark (a flag and "Leaflet"); a map
    for a meeting keeps only the data sources' attribution (the tile layer's own, or
    ``sources`` on the offline basemap). Leaflet's scale bar shows miles too unless told.

    The bar is at most :attr:`scale_max_width` pixels long. Leaflet rounds its distance down
    to 1, 2, 3 or 5 times a power of ten, so a bar can be half that: at Leaflet's 100 px the
    national map's "500 km" bar was 56 px while its label, in the page's 16 px type, took
    65 px and ran over the bar's end. At 150 px the shortest bar is 75 px.
    """

    scale_max_width = 150

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    if (map.attributionControl) {
        map.attributionControl.setPrefix(false);
        {%- for text in this.sources %}
        map.attributionControl.addAttribution({{ text|tojson }});
        {%- endfor %}
    }
    L.control.scale({metric: true, imperial: false, maxWidth: {{ this.scale_max_width }}}).addTo(map);
})();
{% endmacro %}
"""
    )

    def __init__(self, sources: Sequence[str]) -> None:
        super().__init__()
        self._name = "MapControls"
        self.sources = [html.escape(s) for s in sources]


def base_map(
    scope: Scope | None = None,
    basemap: str = "offline",
    lang: str = "zh",
    boundaries: Mapping[str, gpd.GeoDataFrame] | None = None,
    *,
    tianditu_key: str | None = None,
    draw_boundaries: bool = True,
    height: str | int = "100%",
) -> YouthMap:
    """A map of ``scope`` with its administrative boundaries, fitted to the scope.

    National scope fills the provinces; a region its provinces; a province or a city its
    counties. Every boundary line is drawn by kind in its standard-map style (national
    border, undetermined border, provincial, SAR and prefecture boundaries, the South China
    Sea dashed line, coast: :func:`scope_boundaries`, :mod:`geo.dataset.borders`); the map records
    the kinds drawn (``boundary_kinds``) for :func:`add_legend`. Boundaries are one
    toggleable layer (``layer.boundaries``) with escaped name tooltips. The scale bar is
    metric only, and the attribution corner names the data sources without Leaflet's mark.

    Parameters
    ----------
    scope
        The scope to draw; national when ``None``.
    basemap
        ``"offline"`` (boundaries on a plain background, no tiles: works with no
        internet), ``"osm"`` (OpenStreetMap tiles), ``"amap"`` (AMap/Gaode tiles in GCJ-02:
        every layer added through :mod:`geo.maps` is shifted to GCJ-02 for drawing) or
        ``"tianditu"`` (天地图 vector tiles and labels; needs ``tianditu_key``).
    lang
        ``"zh"`` or ``"en"``: layer names, tooltip labels and tile labels.
    boundaries
        Boundary frames by level (``"province"``, ``"city"``, ``"county"``, ``"lines"``)
        to use instead of the embedded dataset.
    tianditu_key
        Tianditu browser key (pages read it from ``st.secrets["tianditu_key"]``).
    draw_boundaries
        Whether to draw the boundaries layer (the bounds are fitted either way).
    height
        Map height as CSS (``"100%"``) or pixels.

    Returns
    -------
    YouthMap
        A ``folium.Map`` subclass with ``draw_crs``, ``lang`` and ``basemap`` attributes.

    Raises
    ------
    ValueError
        If ``basemap`` is unknown, or is ``"tianditu"`` without ``tianditu_key``.
    """
    scope = scope or Scope()
    if basemap not in BASEMAPS:
        raise ValueError(f"basemap must be one of {', '.join(BASEMAPS)}, not {basemap!r}")
    if basemap == "tianditu" and not tianditu_key:
        raise ValueError("basemap 'tianditu' needs tianditu_key")
    draw_crs = "gcj02" if basemap == "amap" else "wgs84"
    m = YouthMap(
        location=[35.0, 105.0],
        zoom_start=4,
        tiles=None,
        control_scale=False,  # Leaflet's own shows miles too: _MapControls adds a metric one
        min_zoom=3,
        max_zoom=18,
        zoom_snap=OFFLINE_ZOOM_SNAP if basemap == "offline" else 1,
        height=height,
        draw_crs=draw_crs,
        lang=lang,
        basemap=basemap,
    )
    m.get_root().header.add_child(Element(_MAP_CSS), name="youthmap_css")
    if basemap == "offline":
        m.get_root().header.add_child(
            Element(f"<style>.leaflet-container {{ background: {OFFLINE_BACKGROUND}; }}</style>"),
            name="youthmap_offline_background",
        )
    elif basemap == "osm":
        folium.TileLayer(
            _OSM_URL, attr=_OSM_ATTR, name="OpenStreetMap", max_zoom=19, control=False
        ).add_to(m)
    elif basemap == "amap":
        url = _AMAP_URL.replace("{lang}", "zh_cn" if lang == "zh" else "en")
        folium.TileLayer(
            url, attr=_AMAP_ATTR, name="AMap", subdomains="1234", max_zoom=18, control=False
        ).add_to(m)
    else:
        key = html.escape(str(tianditu_key), quote=True)
        sub = "01234567"
        for layer in ("vec", "cva" if lang == "zh" else "eva"):
            url = _TDT_URL.replace("{layer}", layer).replace("{key}", key)
            folium.TileLayer(
                url,
                attr=_TDT_ATTR,
                name=f"tianditu-{layer}",
                subdomains=sub,
                max_zoom=18,
                control=False,
            ).add_to(m)
    sources = [i18n.t("map.attribution.boundaries", lang)] if basemap == "offline" else []
    m.add_child(_MapControls(sources), name="youthmap_controls")
    parts = scope_boundaries(scope, boundaries)
    if draw_boundaries and parts:
        _add_boundaries(m, scope, parts)
    bounds = _scope_bounds(scope, parts, draw_crs)
    if bounds:
        m.fit_bounds(bounds)
    return m


def _add_boundaries(
    m: YouthMap, scope: Scope, parts: Mapping[str, gpd.GeoDataFrame]
) -> folium.FeatureGroup:
    """The scope's areas (filled, with name tooltips) and its boundary lines by kind.

    Each kind of line is drawn in its standard-map style (:data:`geo.dataset.borders.LINE_STYLES`)
    in :data:`BORDER_PANE`, above thematic polygons; ``m.boundary_kinds`` records the
    kinds drawn, for the legend (:func:`add_legend`).
    """
    decimals = BOUNDARY_DECIMALS[scope.level]
    fill_opacity = 0.85 if m.basemap == "offline" else 0.0
    fg = folium.FeatureGroup(name=html.escape(i18n.t("layer.boundaries", m.lang)), show=True)
    context = parts.get("context")
    if context is not None and m.basemap == "offline":  # a tile basemap draws the land
        names = [_esc(place_label(v, m.lang)) for v in context["name"].tolist()]
        data = _feature_collection(context, m.draw_crs, decimals, {"name": names})
        style = {"color": CONTEXT_LINE, "weight": 0.5, "fillColor": CONTEXT_FILL}
        style["fillOpacity"] = fill_opacity
        fg.add_child(_GeoJsonLayer(data, style, [("name", "")], {"weight": 0.5}))
    areas = parts.get("areas")
    if areas is not None:
        names = [_esc(place_label(v, m.lang)) for v in areas["name"].tolist()]
        data = _feature_collection(areas, m.draw_crs, decimals, {"name": names})
        # provinces are outlined by their boundary lines; counties keep a thin line of their own
        weight = {"national": 0.0, "region": 0.0, "province": 0.4}.get(
            scope.level, COUNTY_LINE_WIDTH_PX
        )
        style = {
            "color": COUNTY_LINE_COLOR,
            "weight": weight,
            "fillColor": LAND_FILL,
            "fillOpacity": fill_opacity,
        }
        fg.add_child(_GeoJsonLayer(data, style, [("name", "")], {"weight": 2, "color": "#1f4e79"}))
    lines = parts.get("lines")
    if lines is not None and len(lines):
        for kind, frame in borders.by_kind(lines).items():
            look = borders.LINE_STYLES[kind]
            data = _feature_collection(frame, m.draw_crs, decimals, {})
            style: dict[str, object] = {
                "color": look.color,
                "weight": look.width_px,
                "opacity": 1.0,
                "fill": False,
            }
            if look.dash_css:
                style["dashArray"] = look.dash_css
            band = None
            if look.band_color:
                band = {
                    "color": look.band_color,
                    "weight": look.band_width_px,
                    "opacity": 0.65,
                    "fill": False,
                }
            fg.add_child(
                _GeoJsonLayer(data, style, interactive=False, band=band, pane=BORDER_PANE, map=m)
            )
    kinds = borders.kinds_drawn(lines)
    if areas is not None and len(areas) and scope.level in ("province", "city"):
        kinds.append(COUNTY_KIND)  # the counties' thin outlines are lines on the map too
    m.boundary_kinds = kinds
    fg.add_to(m)
    return fg


# ---------------------------------------------------------------- points


class _CanvasPoints(_DataElement):
    """A point layer drawn by ``L.YouthmapPoints`` (``points.js``) from compact arrays.

    One canvas and one path per style for the whole layer, and one tooltip per map found by
    a hit test: Leaflet's circle markers cost an object, a tooltip and event wiring per point
    (most of a province map's time in the browser at 15,000 points).
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var d = {{ this.payload }};
    var group = {{ this._parent.get_name() }};
    var map = {{ this.map.get_name() }};
    if (!map.getPane("youthmapPoints")) {
        map.createPane("youthmapPoints").style.zIndex = 450;  // above polygons (400), below tooltips
    }
    group.addLayer(new L.YouthmapPoints(d, {pane: "youthmapPoints"}));
})();
{% endmacro %}
"""
    )

    def __init__(self, payload: dict) -> None:
        super().__init__()
        self._name = "CanvasPoints"
        self.payload = _json_payload(payload)

    def render(self, **kwargs: object) -> None:
        # One named child for the whole page: a second layer's add replaces it in place.
        self.get_root().script.add_child(_RawScript(_POINTS_JS), name="youthmap_points_js")
        super().render(**kwargs)


def darker(color: str, factor: float = 0.6) -> str:
    """``color`` (``#rrggbb``) with each channel scaled by ``factor`` (a darker shade)."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02x}" for c in rgb)


def thin_points(frame: pd.DataFrame, limit: int, by: str | None = "youth") -> pd.DataFrame:
    """At most ``limit`` rows of ``frame`` to draw: those with the largest ``by`` when the
    frame has that column, else a fixed random sample (the same rows on every run).

    Parameters
    ----------
    frame
        A point layer.
    limit
        Rows kept at most.
    by
        Numeric column ranking the rows (e.g. ``"youth"``); ``None`` samples at random.

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself when it is short enough.
    """
    if len(frame) <= limit:
        return frame
    if by and by in frame:
        return frame.nlargest(limit, by)
    return frame.sample(limit, random_state=0)


def point_grid(lon: np.ndarray, lat: np.ndarray) -> tuple[list[int], list[int]]:
    """Coordinates as whole steps of 10^-:data:`POINT_DECIMALS` degrees from the layer's corner.

    ``113.54098`` is written as ``4004098`` steps from a corner at 73.5°: about two
    characters fewer a point than the decimals (the 39,999 points of the presentation's
    national step: 749 → 596 kB), and nothing moves: ``points.js`` reads each point back as
    ``(origin + steps) / scale``, the whole numbers exact in a double, so the division
    gives the very double the decimal ``np.round(v, POINT_DECIMALS)`` wrote before.

    Parameters
    ----------
    lon, lat
        Finite coordinates in degrees, in the drawing datum.

    Returns
    -------
    origin
        ``[lon, lat]`` of the corner (the smallest of each) in steps; ``[0, 0]`` for no point.
    steps
        ``[lon0, lat0, lon1, lat1, …]`` in steps from ``origin`` (non-negative whole numbers).
    """
    scale = 10**POINT_DECIMALS
    grid = np.rint(np.column_stack([lon, lat]) * scale).astype(np.int64)
    corner = grid.min(axis=0) if len(grid) else np.zeros(2, dtype=np.int64)
    return corner.tolist(), (grid - corner).ravel().tolist()


def _encode_column(values: list[str], label: str) -> dict:
    uniques = list(dict.fromkeys(values))
    if len(uniques) * 4 < len(values):
        index = {v: i for i, v in enumerate(uniques)}
        return {"label": label, "dict": uniques, "codes": [index[v] for v in values]}
    return {"label": label, "values": values}


def add_points(
    m: folium.Map,
    gdf: pd.DataFrame,
    name: str,
    color: str,
    tooltip_cols: Sequence[str] | Mapping[str, str] | None = None,
    lang: str | None = None,
    radius: float | str = 4,
    show: bool = True,
    approximate_style: bool = True,
    fill_opacity: float = 0.75,
    *,
    shape: str = "circle",
    edge_color: str | None = None,
    edge_width: float = 1.0,
) -> folium.FeatureGroup:
    """Add a point layer drawn as markers on a canvas, as one toggleable group.

    Coordinates come from the ``lon``/``lat`` columns (WGS-84 degrees), shifted to GCJ-02
    when the map's basemap is AMap, and rounded to :data:`POINT_DECIMALS` (written as whole
    steps from the layer's corner, :func:`point_grid`). Rows with
    ``approximate`` true (placed at a county or subdistrict centroid) are drawn hollow and
    dashed and their tooltip says so. Rows without finite coordinates are skipped.

    Parameters
    ----------
    m
        The map (from :func:`base_map`).
    gdf
        A layer frame with ``lon`` and ``lat`` columns (a GeoDataFrame or plain frame).
    name
        Layer name in the layer control (escaped here).
    color
        CSS colour of the markers, e.g. ``"#d62728"``.
    tooltip_cols
        Columns shown in the hover tooltip, the first one in bold: a list of column names
        (headers from :data:`geo.core.layers.SCHEMAS` in ``lang``) or ``{column: header}``.
        Values and headers are escaped.
    lang
        ``"zh"`` or ``"en"``; defaults to the map's language.
    radius
        Marker radius in screen pixels, or the name of a column holding each row's radius
        (proportional symbols for aggregates).
    show
        Whether the layer is on when the map opens.
    approximate_style
        Draw approximate rows hollow and dashed (otherwise like the others).
    fill_opacity
        Fill opacity of the markers, 0–1 (0: hollow, drawn by the outline alone).
    shape
        One of :data:`MARKER_SHAPES`: layers are told apart by shape, not by hue alone.
    edge_color
        Outline colour (default ``color``).
    edge_width
        Outline width in pixels.

    Returns
    -------
    folium.FeatureGroup
        The group holding the layer, already added to ``m``.

    Raises
    ------
    ValueError
        If ``shape`` is not one of :data:`MARKER_SHAPES`.
    """
    if shape not in MARKER_SHAPES:
        raise ValueError(f"shape must be one of {', '.join(MARKER_SHAPES)}, not {shape!r}")
    lang = _map_lang(m, lang)
    lon = pd.to_numeric(gdf["lon"], errors="coerce").to_numpy(dtype=float)
    lat = pd.to_numeric(gdf["lat"], errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    frame = gdf.loc[ok] if not ok.all() else gdf
    lon, lat = lon[ok], lat[ok]
    if _map_draw_crs(m) != "wgs84":
        lon, lat = crs.convert(lon, lat, "wgs84", _map_draw_crs(m))
    origin, xy = point_grid(lon, lat)
    approx: list[int] = []
    if approximate_style and "approximate" in frame.columns:
        flags = frame["approximate"].fillna(False).astype(bool).to_numpy()
        approx = np.flatnonzero(flags).tolist()
    labels = _labels(tooltip_cols, lang)
    cols = [
        _encode_column(values, labels[c])
        for c, values in _tooltip_props(frame, labels, lang).items()
    ]
    radii = None
    if isinstance(radius, str):
        radii = np.round(
            pd.to_numeric(frame[radius], errors="coerce").fillna(1).to_numpy(float), 1
        ).tolist()
        radius = 4
    if radius < SMALL_MARKER_PX and fill_opacity > 0 and edge_color:
        edge_width = min(edge_width, 0.8)
        if radius < TINY_MARKER_PX:
            edge_color, edge_width = darker(color, 0.7), 0.6
    style = {
        "radius": radius,
        "color": edge_color or color,
        "weight": edge_width,
        "fillColor": color,
        "fillOpacity": fill_opacity,
        "shape": shape,
    }
    if fill_opacity > 0 and _HEX_COLOUR.fullmatch(color):
        # where markers crowd, points.js outlines them in this shade instead (one outline
        # path over every fill: 6,000 dark-edged triangles made the east one dark mass); a
        # near-white fill keeps its own outline, thinner: in a shade of white, crowded white
        # dots vanished into the land
        pale = min(int(color[i : i + 2], 16) for i in (1, 3, 5)) >= PALE_CHANNEL
        style["crowdColor"] = style["color"] if pale else darker(color, 0.8)
    payload = {
        "xy": xy,
        "origin": origin,
        "scale": 10**POINT_DECIMALS,
        "approx": approx,
        "cols": cols,
        "style": style,
        "approxStyle": {
            **style,
            "color": color,
            "fillOpacity": 0.0,
            "weight": 1.5,
            "dashArray": "2,2",
            "crowdColor": None,
        },
        "approxLabel": html.escape(i18n.t("map.approximate", lang)),
    }
    if radii is not None:
        payload["r"] = radii
    fg = folium.FeatureGroup(name=html.escape(name), show=show)
    points = _CanvasPoints(payload)
    points.map = m  # resolved at render time: streamlit-folium renames elements
    fg.add_child(points)
    fg.add_to(m)
    return fg


# ---------------------------------------------------------------- polygons and lines


def add_polygons(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    name: str,
    color: str = "#3366cc",
    tooltip_cols: Sequence[str] | Mapping[str, str] | None = None,
    lang: str | None = None,
    *,
    fill_column: str | None = None,
    fill_color: str | None = None,
    fill_opacity: float = 0.55,
    weight: float = 1.0,
    show: bool = True,
    decimals: int = 4,
) -> folium.FeatureGroup:
    """Add polygons (areas, buffers, choropleth classes) as one toggleable group.

    Parameters
    ----------
    m
        The map (from :func:`base_map`).
    gdf
        Polygons in WGS-84.
    name
        Layer name in the layer control (escaped here).
    color
        Outline colour.
    tooltip_cols
        Columns shown on hover (names, or ``{column: header}``); escaped.
    lang
        ``"zh"`` or ``"en"``; defaults to the map's language.
    fill_column
        Column holding each row's CSS fill colour (e.g. from :func:`choropleth_colors`);
        overrides ``fill_color``.
    fill_color
        One fill colour for every polygon (defaults to ``color``).
    fill_opacity
        Fill opacity, 0–1.
    weight
        Outline width in pixels.
    show
        Whether the layer is on when the map opens.
    decimals
        Decimals kept for coordinates in the HTML.

    Returns
    -------
    folium.FeatureGroup
        The group holding the layer, already added to ``m``.
    """
    labels = _labels(tooltip_cols, _map_lang(m, lang))
    props: dict[str, list[str]] = _tooltip_props(gdf, labels, _map_lang(m, lang))
    if fill_column:
        props["_fill"] = [html.escape(str(v), quote=True) for v in gdf[fill_column].tolist()]
    style = {
        "color": color,
        "weight": weight,
        "fillColor": fill_color or color,
        "fillOpacity": fill_opacity,
    }
    return _add_geojson_group(m, gdf, name, labels, props, style, show=show, decimals=decimals)


def add_lines(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    name: str,
    color: str = "#555555",
    tooltip_cols: Sequence[str] | Mapping[str, str] | None = None,
    lang: str | None = None,
    *,
    weight: float = 1.5,
    dash: str | None = None,
    opacity: float = 0.8,
    show: bool = True,
    decimals: int = 5,
    canvas: bool = False,
    casing: tuple[str, float, float] | None = None,
) -> folium.FeatureGroup:
    """Add lines (pairing links, routes, boundaries) as one toggleable group.

    Parameters
    ----------
    m
        The map (from :func:`base_map`).
    gdf
        Line geometries in WGS-84.
    name
        Layer name in the layer control (escaped here).
    color
        Line colour.
    tooltip_cols
        Columns shown on hover (names, or ``{column: header}``); escaped.
    lang
        ``"zh"`` or ``"en"``; defaults to the map's language.
    weight
        Line width in pixels.
    dash
        SVG dash pattern, e.g. ``"4,4"``; solid when ``None``.
    opacity
        Line opacity, 0–1.
    show
        Whether the layer is on when the map opens.
    decimals
        Decimals kept for coordinates in the HTML.
    canvas
        Draw on a canvas instead of one SVG path per line (thousands of lines draw and pan
        faster; tooltips and hover still work).
    casing
        ``(colour, extra width px, opacity)`` of a casing drawn under each line, so light
        colours stay readable on a light map (and on a projector).

    Returns
    -------
    folium.FeatureGroup
        The group holding the layer, already added to ``m``.
    """
    labels = _labels(tooltip_cols, _map_lang(m, lang))
    props = _tooltip_props(gdf, labels, _map_lang(m, lang))
    style: dict[str, object] = {"color": color, "weight": weight, "opacity": opacity, "fill": False}
    if dash:
        style["dashArray"] = dash
    band = None
    if casing:
        band = {"color": casing[0], "weight": weight + casing[1], "opacity": casing[2]}
    return _add_geojson_group(
        m,
        gdf,
        name,
        labels,
        props,
        style,
        show=show,
        decimals=decimals,
        hover_only=True,
        canvas=canvas,
        band=band,
        # Leaflet stacks every SVG above every canvas of the same pane: canvas lines get
        # a pane of their own, or the areas' 85%-opaque fill covers them (pale pair lines)
        pane=(LINES_PANE, 430) if canvas else None,
    )


def _add_geojson_group(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    name: str,
    labels: Mapping[str, str],
    props: dict[str, list[str]],
    style: dict,
    *,
    show: bool,
    decimals: int,
    hover_only: bool = False,
    canvas: bool = False,
    band: dict | None = None,
    pane: tuple[str, int] | None = None,
) -> folium.FeatureGroup:
    """One toggleable group holding ``gdf`` as a :class:`_GeoJsonLayer`, added to ``m``.

    Features thicken by 1.5 px on hover; with ``hover_only`` a layer without tooltip
    columns takes no mouse events at all (lines under other layers stay out of the way).
    """
    data = _feature_collection(gdf, _map_draw_crs(m), decimals, props)
    shown = [(c, label) for c, label in labels.items() if c in props]
    interactive = bool(shown) or not hover_only
    highlight = {"weight": float(style["weight"]) + 1.5} if interactive else None
    fg = folium.FeatureGroup(name=html.escape(name), show=show)
    fg.add_child(
        _GeoJsonLayer(
            data,
            style,
            shown,
            highlight,
            interactive=interactive,
            canvas=canvas,
            band=band,
            pane=pane[0] if pane else None,
            pane_z=pane[1] if pane else 420,
            map=m,
        )
    )
    fg.add_to(m)
    return fg


# ---------------------------------------------------------------- legend and controls


class _Legend(MacroElement):
    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var legend = L.control({position: {{ this.position|tojson }}});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "youthmap-legend");
        div.style.cssText = "background:rgba(255,255,255,0.92);padding:6px 10px;border-radius:4px;"
            + "box-shadow:0 1px 4px rgba(0,0,0,0.3);font:12px/1.6 sans-serif;color:#222;max-width:260px;";
        div.innerHTML = {{ this.html|tojson }};
        return div;
    };
    var map = {{ this._parent.get_name() }};
    legend.addTo(map);
    // A long legend and the layer switcher in the other corner of the same side would
    // overlap on a short map (the switches under the legend could not be clicked): the
    // legend keeps to the height left and scrolls within it.
    var pos = {{ this.position|tojson }};
    var top = pos.indexOf("top") === 0;
    var other = map.getContainer().querySelector(  // the opposite corner of the same side
        (top ? ".leaflet-bottom" : ".leaflet-top")
        + (pos.indexOf("right") > 0 ? ".leaflet-right" : ".leaflet-left"));
    var fit = function () {
        var box = legend.getContainer();
        var frame = map.getContainer().getBoundingClientRect();
        var limit = top ? frame.bottom : frame.top;  // the other corner's nearest edge
        Array.prototype.forEach.call(other ? other.children : [], function (c) {
            var r = c.getBoundingClientRect();
            limit = top ? Math.min(limit, r.top) : Math.max(limit, r.bottom);
        });
        // from the legend's anchored edge (above the attribution in a bottom corner) to
        // the other control, less a gap (8) and the legend's padding (12)
        var own = box.getBoundingClientRect();
        var room = (top ? limit - own.top : own.bottom - limit) - 20;
        box.style.maxHeight = Math.max(room, 60) + "px";
        box.style.overflowY = "auto";
    };
    setTimeout(function () {  // after the map's other controls are added, and as they grow
        fit();
        if (other && window.ResizeObserver) { new ResizeObserver(fit).observe(other); }
    }, 0);
    map.on("resize", fit);
})();
{% endmacro %}
"""
    )

    def __init__(self, html_text: str, position: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html_text
        self.position = position


@dataclass(frozen=True)
class LegendItem:
    """One legend entry: a marker, a line or an area, drawn as on the map.

    Attributes
    ----------
    label
        Text (escaped when drawn).
    color
        Fill colour of a marker or area, colour of a line.
    shape
        A marker shape (:data:`MARKER_SHAPES`), ``"line"`` or ``"area"``.
    edge
        Outline colour of a marker or area (default ``color``).
    hollow
        Marker drawn by its outline only.
    width
        Line width in pixels (lines; outline width of markers).
    dash
        SVG dash pattern of a line or outline.
    band
        Colour of a band under a line (a border's colour band), and its width.
    """

    label: str
    color: str
    shape: str = "circle"
    edge: str | None = None
    hollow: bool = False
    width: float = 1.0
    dash: str | None = None
    band: tuple[str, float] | None = None


@dataclass(frozen=True)
class Symbol:
    """How a point layer is drawn, the same on every map, legend and static export.

    Layers differ by shape as well as colour (colour-blind-safe Okabe–Ito hues), so no
    layer is told apart by hue alone.

    Attributes
    ----------
    color
        Fill colour (outline colour when hollow).
    shape
        One of :data:`MARKER_SHAPES`.
    edge
        Outline colour (default ``color``).
    edge_width
        Outline width in pixels.
    hollow
        Drawn by its outline only (what lies below stays visible).
    """

    color: str
    shape: str = "circle"
    edge: str | None = None
    edge_width: float = 1.0
    hollow: bool = False

    def point_kwargs(self) -> dict[str, object]:
        """Keyword arguments of :func:`add_points` drawing this symbol."""
        kwargs: dict[str, object] = {
            "shape": self.shape,
            "edge_color": self.edge,
            "edge_width": self.edge_width,
        }
        if self.hollow:
            kwargs["fill_opacity"] = 0.0
        return kwargs

    def legend(self, label: str) -> LegendItem:
        """The legend entry of a layer drawn with this symbol."""
        return LegendItem(
            label, self.color, self.shape, self.edge, self.hollow, max(self.edge_width, 1.0)
        )

    @property
    def marker(self) -> str:
        """The matplotlib marker of the shape (static maps)."""
        return MPL_MARKERS[self.shape]


MPL_MARKERS: dict[str, str] = {
    "circle": "o",
    "square": "s",
    "diamond": "D",
    "triangle": "^",
    "triangle_down": "v",
    "star": "*",
}
"""Matplotlib marker of each of :data:`MARKER_SHAPES`."""


_SWATCH_PATHS: dict[str, str] = {
    "circle": "M14 7a5 5 0 1 1 -10 0a5 5 0 1 1 10 0z",
    "square": "M4.5 2.5h9v9h-9z",
    "diamond": "M9 0.8l6.2 6.2l-6.2 6.2l-6.2 -6.2z",
    "triangle": "M9 0.5l6 11h-12z",
    "triangle_down": "M9 13.5l6 -11h-12z",
    "star": "M9 0.3l1.9 4.6l4.9 0.4l-3.8 3.2l1.2 4.8l-4.2 -2.6l-4.2 2.6l1.2 -4.8l-3.8 -3.2l4.9 -0.4z",
}


def _swatch(item: LegendItem) -> str:
    """The item's symbol as a small inline SVG (every value escaped)."""
    c = html.escape(item.color, quote=True)
    edge = html.escape(item.edge or item.color, quote=True)
    dash = f' stroke-dasharray="{html.escape(item.dash, quote=True)}"' if item.dash else ""
    if item.shape == "line":
        band = ""
        if item.band:
            b = html.escape(item.band[0], quote=True)
            band = f'<line x1="1" y1="7" x2="33" y2="7" stroke="{b}" stroke-width="{item.band[1]:g}" opacity="0.65"/>'
        return (
            f'<svg width="34" height="14" style="vertical-align:middle;margin-right:6px">{band}'
            f'<line x1="1" y1="7" x2="33" y2="7" stroke="{c}" stroke-width="{item.width:g}"{dash}/></svg>'
        )
    if item.shape == "area":
        return (
            f'<svg width="20" height="14" style="vertical-align:middle;margin-right:6px">'
            f'<rect x="1" y="1" width="18" height="12" fill="{c}" fill-opacity="0.45" '
            f'stroke="{edge}" stroke-width="{item.width:g}"{dash}/></svg>'
        )
    fill = "none" if item.hollow else c
    path = _SWATCH_PATHS.get(item.shape, _SWATCH_PATHS["circle"])
    return (
        f'<svg width="18" height="14" style="vertical-align:middle;margin-right:6px">'
        f'<path d="{path}" fill="{fill}" stroke="{edge}" stroke-width="{max(item.width, 1):g}"{dash}/></svg>'
    )


def boundary_legend_items(kinds: Sequence[str], lang: str = "zh") -> list[LegendItem]:
    """Legend entries of the kinds of boundary line drawn, in their map styles."""
    items = []
    for kind in kinds:
        if kind == COUNTY_KIND:
            label = i18n.t("map.boundary.county", lang)
            items.append(LegendItem(label, COUNTY_LINE_COLOR, "line", width=COUNTY_LINE_WIDTH_PX))
            continue
        look = borders.LINE_STYLES[kind]
        band = (look.band_color, look.band_width_px) if look.band_color else None
        items.append(
            LegendItem(
                i18n.t(f"map.boundary.{kind}", lang),
                look.color,
                "line",
                width=look.width_px,
                dash=look.dash_css,
                band=band,
            )
        )
    return items


def add_legend(
    m: folium.Map,
    items: Sequence[tuple[str, str] | LegendItem],
    title: str | None = None,
    position: str = "bottomright",
    *,
    boundaries: bool = True,
) -> MacroElement:
    """Add a legend box (a Leaflet control, so it never covers other controls).

    Parameters
    ----------
    m
        The map.
    items
        :class:`LegendItem` entries (drawn with the layer's own symbol), or
        ``(label, css_colour)`` pairs drawn as dots; labels are escaped.
    title
        Optional bold first line (escaped).
    position
        Leaflet control corner: ``"bottomright"``, ``"bottomleft"``, ``"topright"``,
        ``"topleft"``.
    boundaries
        Also list the kinds of boundary line the map draws (``m.boundary_kinds``: only
        those drawn), under a heading of their own; a map's second legend never repeats
        them.

    Returns
    -------
    branca.element.MacroElement
        The legend element, already added to ``m``.
    """
    lang = getattr(m, "lang", i18n.DEFAULT_LANG)
    rows = []
    if title:
        rows.append(f"<b>{html.escape(title)}</b>")
    entries = [i if isinstance(i, LegendItem) else LegendItem(i[0], i[1]) for i in items]
    rows += [f"{_swatch(item)}{html.escape(item.label)}" for item in entries]
    kinds = list(getattr(m, "boundary_kinds", []) or [])
    if boundaries and kinds and not getattr(m, "boundary_legend_drawn", False):
        heading = html.escape(i18n.t("map.legend.boundaries", lang))
        rows.append(f'<b style="display:inline-block;margin-top:4px">{heading}</b>')
        rows += [f"{_swatch(i)}{html.escape(i.label)}" for i in boundary_legend_items(kinds, lang)]
        m.boundary_legend_drawn = True
    legend = _Legend("<br>".join(rows), position)
    m.add_child(legend)
    return legend


CLICK_MESSAGE = "youthmap:click"
"""``type`` of the message a map made with :func:`report_clicks` posts to its parent page."""


class _ClickReporter(MacroElement):
    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.on("click", function (e) {
    if (window.parent === window) { return; }  // a standalone file: nobody to tell
    window.parent.postMessage(
        {type: {{ this.message|tojson }}, lat: e.latlng.lat, lng: e.latlng.lng}, "*"
    );
});
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ClickReporter"
        self.message = CLICK_MESSAGE


def report_clicks(m: folium.Map) -> None:
    """Make ``m`` tell the page that shows it in a frame where the user clicked.

    Each click on the map (points let clicks through, see ``points.js``) posts
    ``{"type": CLICK_MESSAGE, "lat": …, "lng": …}`` to the parent window, in the basemap's
    coordinates (GCJ-02 on AMap tiles). The message holds nothing but the two numbers; the
    receiver checks that it comes from its own frame (``ui.maps.show_clickable``). A map
    opened as a standalone file posts nothing.
    """
    m.add_child(_ClickReporter())


KEY_FORWARD_KEYS: tuple[str, ...] = ("ArrowLeft", "ArrowRight")
"""Keys a presentation map hands to the page around it (:func:`forward_keys`)."""


class _KeyForwarder(MacroElement):
    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    if (window.parent === window) { return; }  // a standalone file: keys stay with the map
    var keys = {{ this.keys|tojson }};
    document.addEventListener("keydown", function (e) {
        if (keys.indexOf(e.key) < 0 || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) {
            return;
        }
        e.preventDefault();
        e.stopPropagation();  // capture phase: the map never pans with these keys
        var init = {key: e.key, code: e.code, keyCode: e.keyCode, which: e.which,
                    bubbles: true, cancelable: true};
        try {
            window.parent.document.dispatchEvent(new KeyboardEvent("keydown", init));
            window.parent.document.dispatchEvent(new KeyboardEvent("keyup", init));
        } catch (err) {  // another origin: nothing to reach
        }
    }, true);
})();
{% endmacro %}
"""
    )

    def __init__(self, keys: Sequence[str]) -> None:
        super().__init__()
        self._name = "KeyForwarder"
        self.keys = list(keys)


def forward_keys(m: folium.Map, keys: Sequence[str] = KEY_FORWARD_KEYS) -> None:
    """Make ``m``, shown in a frame, hand ``keys`` to the page that holds it.

    The presentation page steps with ←/→ (Streamlit button shortcuts listen on the app's
    document); a click on the map moves the focus into the map's frame, where Leaflet
    would pan with the same keys and the page never hear them. The frame shares the app's
    origin (``st.iframe``'s ``srcdoc``), so the key is dispatched on the parent document
    instead, and the map does not pan. Other keys (↑/↓, +/−) stay with the map; a map
    opened as a standalone file keeps every key.
    """
    m.add_child(_KeyForwarder(keys), name="youthmap_key_forwarder")


def add_layer_control(m: folium.Map, collapsed: bool = False) -> folium.LayerControl:
    """Add the layer switcher listing every toggleable group (call after adding layers)."""
    control = folium.LayerControl(collapsed=collapsed)
    control.add_to(m)
    return control


CHOROPLETH_PALETTE: tuple[str, ...] = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
"""Sequential blues, light to dark, for count choropleths."""


def areas_with(values: pd.DataFrame, polygons: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The boundary ``polygons`` (``code``, ``geometry``) of the areas that have a row in
    ``values``, with that row's columns: a choropleth's shapes. Codes are matched as text;
    an area with no row, or a row with no polygon, is left out."""
    shapes = polygons[["code", "geometry"]].assign(code=polygons["code"].astype(str))
    return shapes.merge(values.assign(code=values["code"].astype(str)), on="code", how="inner")


def choropleth_colors(
    values: Sequence[float] | pd.Series,
    palette: Sequence[str] = CHOROPLETH_PALETTE,
    fmt: Callable[[float], str] = "{:,.0f}".format,
) -> tuple[list[str], list[tuple[str, str]]]:
    """Colour each value by quantile class and describe the classes for a legend.

    Parameters
    ----------
    values
        Non-negative numbers (e.g. community counts per province); NaN gets the lightest
        colour.
    palette
        Colours from lowest to highest class.
    fmt
        Writes a class edge in the legend (default: a whole number with thousands
        separators; :func:`geo.i18n.percent` for shares).

    Returns
    -------
    colours, legend_items
        One CSS colour per value, and ``(range label, colour)`` pairs for
        :func:`add_legend`.
    """
    arr = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce").fillna(0), dtype=float)
    if not len(arr):
        return [], []
    edges = np.unique(np.quantile(arr, np.linspace(0, 1, len(palette) + 1)))
    if len(edges) < 2:
        return [palette[-1]] * len(arr), [(fmt(arr[0]), palette[-1])]
    k = len(edges) - 1
    classes = np.clip(np.searchsorted(edges, arr, side="right") - 1, 0, k - 1)
    colours = [palette[int(c * (len(palette) - 1) / max(k - 1, 1))] for c in range(k)]
    items = [(f"{fmt(edges[i])} – {fmt(edges[i + 1])}", colours[i]) for i in range(k)]
    return [colours[c] for c in classes], items
