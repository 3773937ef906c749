"""Static maps (PNG and PDF) drawn without a browser, with geopandas and matplotlib.

Every map carries a title, a legend, a scale bar, a north arrow, the data-source note and,
when simulated layers are drawn, the simulated-data note. Chinese labels use Noto Sans CJK
from the PyPI package ``cvttf-notosanscjk-regular`` (SIL Open Font License 1.1, see
``licenses/NotoSansCJK-OFL-1.1.txt``), registered with matplotlib from the installed
package, so no system font is assumed; labels are shaped as Simplified Chinese
(:data:`CJK_LANGUAGE`), so the font's mainland glyph forms are drawn.

National and regional maps are drawn in an Albers equal-area projection for China
(:data:`CHINA_ALBERS`); a national map shows the whole territory with the South China Sea
islands (南海诸岛) in an inset at the lower right, as official Chinese maps do; every map
draws its boundary lines by kind (:mod:`geo.dataset.borders`). Province and city maps use an Albers projection centred
on the scope. All inputs are WGS-84 longitude/latitude.
"""

from __future__ import annotations

import importlib.util
import io
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops
from matplotlib import font_manager, rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Patch, Rectangle
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

from geo import i18n
from geo.core.scope import Scope
from geo.dataset import borders
from geo.export.labels import simulated_note
from geo.maps.base import (
    CONTEXT_FILL,
    CONTEXT_LINE,
    COUNTY_KIND,
    Symbol,
    mainland_bounds,
    scope_boundaries,
)

CJK_FONT_MODULE: str = "cvttf_NotoSansCJK_Regular"
"""Importable name of the PyPI package that ships the Noto Sans CJK font file."""

CJK_LANGUAGE: str = "zh-Hans"
"""BCP 47 language every label is shaped in. The packaged file is Noto Sans CJK TC, whose
default glyphs are the Traditional (Taiwan) forms; it holds every regional form, and this
tag selects the mainland Simplified ones (骨, 述, 户, 草 …) through the font's OpenType
``locl`` feature (matplotlib ≥ 3.11 shapes text with libraqm)."""

CHINA_ALBERS: str = borders.CHINA_ALBERS
"""Albers equal-area conic for China (standard parallels 25° N and 47° N)."""

MAINLAND_BOX_DEG: tuple[float, float, float, float] = (72.0, 17.5, 136.0, 54.0)
"""``(west, south, east, north)`` of the main national frame (the mainland, Hainan, Taiwan)."""

SOUTH_CHINA_SEA_BOX_DEG: tuple[float, float, float, float] = (106.0, 2.8, 123.0, 24.0)
"""``(west, south, east, north)`` shown in the 南海诸岛 inset of a national map."""

INSET_BOUNDS_AXES: tuple[float, float, float, float] = (0.80, 0.015, 0.185, 0.34)
"""``(left, bottom, width, height)`` of the 南海诸岛 inset, in fractions of the main map."""

INSET_CLEARANCE: float = 0.015
"""Gap kept between the land of the main map and the inset, as a fraction of the map width."""

DEFAULT_DPI: int = 150
"""Raster resolution of PNG output (and of rasterised point layers in PDF)."""

RASTERIZE_ABOVE_POINTS: int = 3_000
"""Point layers larger than this are rasterised inside a PDF (keeps it small and fast)."""

FIGSIZE_IN: tuple[float, float] = (11.0, 8.5)
"""Default figure size in inches (landscape, fits A4 and 4:3 slides)."""

LAND_COLOR = "#fbfbf8"
WATER_COLOR = "#e8eef3"
COUNTY_LINE_COLOR = "#b3bcc6"
COUNTY_LINE_WIDTH_PT: float = 0.25
"""Width of the counties' own outlines on a province or city map (listed in the legend)."""

NATIONAL_LINE_SCALE: float = 0.8
"""Boundary lines on a national or regional map are drawn this much thinner (a whole
country's provincial lines at full width crowd the east)."""


@dataclass(frozen=True)
class PointLayer:
    """One point layer of a static map.

    Attributes
    ----------
    frame
        Rows with float ``lon``/``lat`` columns (WGS-84 degrees).
    label
        Legend label (plain text; the layer's count is appended).
    color
        Matplotlib colour.
    size
        Marker area in points².
    marker
        Matplotlib marker.
    count
        Count shown in the legend when ``frame`` is a sample of the layer (``None``: the
        points drawn).
    edgecolor
        Outline colour (none by default).
    hollow
        Drawn by its outline only (in ``color``).
    """

    frame: pd.DataFrame
    label: str
    color: str
    size: float = 6.0
    marker: str = "o"
    count: int | None = None
    edgecolor: str | None = None
    hollow: bool = False

    @classmethod
    def of(
        cls,
        frame: pd.DataFrame,
        label: str,
        symbol: Symbol,
        size: float = 6.0,
        count: int | None = None,
    ) -> PointLayer:
        """A layer drawn with a map symbol (:data:`geo.maps.LAYER_SYMBOLS` …): the same
        shape, fill and outline as on the interactive maps (a star, thin at the same
        area, is drawn twice as large)."""
        size = size * 2 if symbol.shape == "star" else size
        return cls(
            frame, label, symbol.color, size, symbol.marker, count, symbol.edge, symbol.hollow
        )


@dataclass(frozen=True)
class AreaLayer:
    """Areas of a static map shaded by class (a choropleth), under its points.

    Attributes
    ----------
    frame
        Polygons (WGS-84) with a ``fill`` colour column.
    classes
        The legend: ``(label, colour)`` for each class, in order.
    title
        What the classes measure, before each class's label in the legend.
    edge
        Outline colour of the areas.
    """

    frame: gpd.GeoDataFrame
    classes: Sequence[tuple[str, str]]
    title: str
    edge: str = "#6a6a6a"


def _draw_areas(ax: Axes, areas: AreaLayer | None, proj: str) -> list:
    """Shade ``areas`` (over the land, under the boundary lines and points); return their
    legend's handles."""
    if areas is None or not len(areas.frame):
        return []
    projected = areas.frame.to_crs(proj)
    projected.plot(
        ax=ax,
        color=projected["fill"].tolist(),
        edgecolor=areas.edge,
        linewidth=0.4,
        alpha=0.75,
        zorder=1.5,
    )
    return [
        Patch(facecolor=color, edgecolor=areas.edge, alpha=0.75, label=f"{areas.title} {label}")
        for label, color in areas.classes
    ]


def cjk_font_path() -> Path:
    """The Noto Sans CJK font file installed with the project (no system font used).

    Returns
    -------
    pathlib.Path
        Path of the ``.otf`` file inside the ``cvttf-notosanscjk-regular`` package.

    Raises
    ------
    FileNotFoundError
        If the package is not installed or ships no font file.
    """
    spec = importlib.util.find_spec(CJK_FONT_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"font package {CJK_FONT_MODULE} is not installed (pip install cvttf-notosanscjk-regular)"
        )
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).glob("*.[ot]tf"))
        if found:
            return found[0]
    raise FileNotFoundError(f"no font file in package {CJK_FONT_MODULE}")


def cjk_font() -> str:
    """Register the CJK font with matplotlib (once per process) and return its family name."""
    path = str(cjk_font_path())
    if not any(entry.fname == path for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def _rc() -> dict[str, object]:
    return {
        # explicit family names (not "sans-serif"): texts keep the CJK font when the
        # figure is saved outside this context (st.pyplot, fig.savefig)
        "font.family": [cjk_font(), "DejaVu Sans"],
        "text.language": CJK_LANGUAGE,
        "axes.unicode_minus": False,
        "pdf.fonttype": 3,
    }


def projection_for(scope: Scope, bounds_deg: Sequence[float] | None = None) -> str:
    """The projection a static map of ``scope`` is drawn in.

    Parameters
    ----------
    scope
        The map's scope.
    bounds_deg
        ``(west, south, east, north)`` of the scope in degrees; needed for a province or
        city (the projection is centred on it).

    Returns
    -------
    str
        A PROJ string: :data:`CHINA_ALBERS` at national and regional scope, else an Albers
        equal-area projection with standard parallels at 1/6 and 5/6 of the scope's height.
    """
    if scope.level in ("national", "region") or bounds_deg is None:
        return CHINA_ALBERS
    w, s, e, n = (float(v) for v in bounds_deg)
    h = max(n - s, 0.2)
    lat1, lat2 = s + h / 6, n - h / 6
    lon0 = (w + e) / 2
    return (
        f"+proj=aea +lat_1={lat1:.3f} +lat_2={lat2:.3f} +lat_0={(s + n) / 2:.3f} "
        f"+lon_0={lon0:.3f} +datum=WGS84 +units=m +no_defs"
    )


TITLE_FONTSIZE: float = 18.0
"""Size of a map's title, in points (smaller where it would not fit the figure's width)."""

TITLE_MIN_FONTSIZE: float = 12.0
"""The smallest size a long title is set at to fit."""

SUBTITLE_FONTSIZE: float = 12.0
"""Size of a map's subtitle (its caption), in points."""

EM_PER_NARROW_CHAR: float = 0.55
"""Width of a Latin letter or digit, in ems (a Chinese character is twice that, one em)."""


def wrap_line(text: str, width_in: float, fontsize: float, margin: float = 0.06) -> list[str]:
    """``text`` broken into lines that fit a figure ``width_in`` inches wide.

    Parameters
    ----------
    text
        One line of text (Chinese or English).
    width_in
        Width of the figure, in inches; ``margin`` of it is kept free.
    fontsize
        Font size in points.
    margin
        Share of the width left free (both sides together).

    Returns
    -------
    list of str
        The lines, broken after a space or a Chinese comma/semicolon where one is in the
        second half of the line, else where the line is full (wide characters count
        double). A number's thousands separator is no break ("1,500 m" stays whole).
    """
    limit = max(int(width_in * 72 * (1 - margin) / (fontsize * EM_PER_NARROW_CHAR)), 10)
    lines: list[str] = []
    line = ""
    for ch in text:
        if text_units(line + ch) > limit and line:
            cut = _last_break(line + ch)
            if cut >= len(line) // 2:
                lines.append(line[: cut + 1].rstrip())
                line = line[cut + 1 :].lstrip()
            else:
                lines.append(line)
                line = ""
        line += ch
    return [*lines, line] if line else lines


BREAK_AFTER: str = " ，；、,;"
"""Characters a caption line may break after."""


def _last_break(text: str) -> int:
    """Index of the last character of ``text`` but its final one a line may break after
    (:data:`BREAK_AFTER`), ``-1`` if none: a comma between two digits is a thousands
    separator, not a break."""
    for i in range(len(text) - 2, -1, -1):
        ch = text[i]
        if ch not in BREAK_AFTER:
            continue
        if ch == "," and i > 0 and text[i - 1].isdigit() and text[i + 1].isdigit():
            continue
        return i
    return -1


def text_units(text: str) -> int:
    """Width of ``text`` in narrow characters (a wide, Chinese one counts two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _points_gdf(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon[ok], lat[ok]), crs="EPSG:4326")


def _clip(frame: gpd.GeoDataFrame, box_deg: Sequence[float]) -> gpd.GeoDataFrame:
    box = shapely.box(*box_deg)
    out = frame[frame.intersects(box)].copy()
    out["geometry"] = out.geometry.intersection(box)
    return out[~out.geometry.is_empty]


def _nice_length_m(width_m: float) -> float:
    """A round scale-bar length near a fifth of the map width (1, 2 or 5 × 10ⁿ metres)."""
    target = max(width_m / 5, 1.0)
    exp = 10 ** math.floor(math.log10(target))
    for step in (5, 2, 1):
        if step * exp <= target:
            return step * exp
    return exp


def _draw_boundaries(
    ax: Axes, parts: Mapping[str, gpd.GeoDataFrame], proj: str, national: bool
) -> list[str]:
    """Fill the areas and draw the boundary lines by kind; return the kinds drawn.

    Provinces are outlined by their lines alone; counties of a province or city keep a
    thin line of their own. Each kind of line has its standard-map style
    (:data:`geo.dataset.borders.LINE_STYLES`), borders over their colour band.
    """
    areas = parts.get("areas")
    county_level = False
    if areas is not None and len(areas):
        county_level = "province_code" in areas.columns and "city_code" in areas.columns
        areas.to_crs(proj).plot(
            ax=ax,
            facecolor=LAND_COLOR,
            edgecolor=COUNTY_LINE_COLOR if county_level else "none",
            linewidth=COUNTY_LINE_WIDTH_PT if county_level else 0,
        )
        _draw_context(ax, parts.get("context"), proj)
    lines = parts.get("lines")
    counties = [COUNTY_KIND] if county_level else []
    if lines is None or not len(lines):
        return counties
    scale = NATIONAL_LINE_SCALE if national else 1.0
    for kind, frame in borders.by_kind(lines).items():
        look = borders.LINE_STYLES[kind]
        projected = frame.to_crs(proj)
        if look.band_color:
            projected.plot(
                ax=ax,
                color=look.band_color,
                linewidth=look.band_width_px * 0.6 * scale,
                alpha=0.65,
                zorder=2,
            )
        projected.plot(
            ax=ax,
            color=look.color,
            linewidth=look.width_pt * scale,
            linestyle=look.dash_mpl(),
            zorder=2.1,
        )
    return [*borders.by_kind(lines), *counties]


ISLAND_SHORE_SHARE: float = 0.2
"""An island scope's frame reaches across the water to the nearest land around it, and this
share of the scope's height or width beyond."""


def _reach_the_shore(
    parts: Mapping[str, gpd.GeoDataFrame],
    proj: str,
    box_x: tuple[float, float],
    box_y: tuple[float, float],
    size: tuple[float, float],
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The frame's box grown, for a scope that touches no land around it (an island such as
    Hainan), over the strait to the nearest of that land and :data:`ISLAND_SHORE_SHARE`
    of the scope beyond: fitted to the island alone, Hainan's map showed nothing of the
    Leizhou peninsula above it. A scope with a land neighbour keeps its box."""
    own = parts.get("outline", parts.get("areas"))
    context = parts.get("context")
    if own is None or not len(own) or context is None or not len(context):
        return box_x, box_y
    land = shapely.union_all(own.to_crs(proj).geometry.to_numpy())
    around = context.to_crs(proj).geometry
    near = around[around.distance(land) < 0.5 * max(size)]
    if not len(near) or near.intersects(land.buffer(1_000.0)).any():
        return box_x, box_y
    _, shore = shapely.ops.nearest_points(land, shapely.union_all(near.to_numpy()))
    x, y = shore.x, shore.y
    reach_x, reach_y = ISLAND_SHORE_SHARE * size[0], ISLAND_SHORE_SHARE * size[1]
    box_x = (
        (min(box_x[0], x - reach_x), max(box_x[1], x + reach_x))
        if not (box_x[0] <= x <= box_x[1])
        else box_x
    )
    box_y = (
        (min(box_y[0], y - reach_y), max(box_y[1], y + reach_y))
        if not (box_y[0] <= y <= box_y[1])
        else box_y
    )
    return box_x, box_y


def _draw_context(ax: Axes, context: gpd.GeoDataFrame | None, proj: str) -> None:
    """Fill the land around the scope (its neighbouring provinces; Taiwan beside the east)
    muted, beneath the areas, leaving the view as the areas set it: the frame is fitted to
    the scope, and a neighbour reaching far beyond it must not widen it."""
    if context is None or not len(context):
        return
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    context.to_crs(proj).plot(
        ax=ax, facecolor=CONTEXT_FILL, edgecolor=CONTEXT_LINE, linewidth=0.3, zorder=0.5
    )
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)


def _line_handles(kinds: Sequence[str], lang: str) -> list:
    """Legend entries of the kinds of line drawn (legend order: borders first)."""
    handles = []
    for kind in borders.kinds_drawn(gpd.GeoDataFrame({"kind": list(kinds)})):
        look = borders.LINE_STYLES[kind]
        line = Line2D([], [], color=look.color, linewidth=look.width_pt, linestyle=look.dash_mpl())
        handle = line
        if look.band_color:
            band = Line2D(
                [], [], color=look.band_color, linewidth=look.band_width_px * 0.6, alpha=0.65
            )
            handle = (band, line)
        handles.append((handle, i18n.t(f"map.boundary.{kind}", lang)))
    if COUNTY_KIND in kinds:  # the counties' thin outlines, last
        line = Line2D([], [], color=COUNTY_LINE_COLOR, linewidth=COUNTY_LINE_WIDTH_PT)
        handles.append((line, i18n.t("map.boundary.county", lang)))
    return handles


def _draw_points(ax: Axes, points: Sequence[PointLayer], proj: str, lang: str) -> list:
    handles = []
    for layer in points:
        pts = _points_gdf(layer.frame).to_crs(proj)
        n = len(pts)
        edge = layer.color if layer.hollow else layer.edgecolor
        width = 1.2 if layer.hollow else (0.5 if edge else 0)
        if n:
            ax.scatter(
                pts.geometry.x,
                pts.geometry.y,
                s=layer.size,
                c="none" if layer.hollow else layer.color,
                edgecolors=edge or "face",
                marker=layer.marker,
                linewidths=width,
                alpha=0.85,
                zorder=3,
                rasterized=n > RASTERIZE_ABOVE_POINTS,
            )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker=layer.marker,
                markersize=7,
                markerfacecolor="none" if layer.hollow else layer.color,
                markeredgecolor=edge or layer.color,
                markeredgewidth=width * 1.5,
                label=i18n.t(
                    "export.count",
                    lang,
                    label=layer.label,
                    n=n if layer.count is None else layer.count,
                ),
            )
        )
    return handles


def _bare(ax: Axes) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")


def _fit(ax: Axes, fig: Figure, x0: float, x1: float, y0: float, y1: float) -> None:
    """Set equal-aspect limits covering the box, widened to the axes' own shape: the box
    it was laid out in (its original position), so the frame fills that box. Its active
    position had already shrunk to the shape of whatever geopandas drew first (Hainan's
    frame was a flat strip under the title, Leizhou cut off above it)."""
    pos = ax.get_position(original=True)
    box_ratio = (pos.width * fig.get_figwidth()) / (pos.height * fig.get_figheight())
    w, h = x1 - x0, y1 - y0
    if w / h < box_ratio:
        extra = (h * box_ratio - w) / 2
        x0, x1 = x0 - extra, x1 + extra
    else:
        extra = (w / box_ratio - h) / 2
        y0, y1 = y0 - extra, y1 + extra
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    _bare(ax)


LEGEND_CORNERS: dict[bool, tuple[str, ...]] = {
    False: ("upper right", "lower right"),
    True: ("upper right", "lower left"),
}
"""Corners a legend inside a map's frame may take, first preferred; keyed by whether the
South China Sea inset takes the lower right (and the scale bar the lower centre). The
north arrow keeps the upper left, the scale bar otherwise the lower left."""


def _quiet_corner(
    ax: Axes,
    artist,  # noqa: ANN001 - a matplotlib Legend or AnchoredOffsetbox
    corners: Sequence[str],
    points: Sequence[PointLayer],
    proj: str,
    land: gpd.GeoDataFrame | None,
) -> str:
    """The corner of ``corners`` where ``artist`` (a legend or the scale bar) hides the
    least: first the fewest pieces of ``land`` wholly under it (an island, such as
    Guangdong's 东沙群岛 in its lower right, must stay on the map), then the fewest points,
    then the least of ``land`` under and around it (its box grown by a quarter of its width
    and half its height each side, to a hundredth: Guangdong's scale bar crowded the tip of
    the Leizhou peninsula, the sea in the lower right free); the first corner on a tie. matplotlib's ``loc="best"`` weighs every artist's vertices:
    minutes at 110,000 points; counting boxes and points takes milliseconds. The artist is
    left at the corner found."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.offsetbox import AnchoredOffsetbox

    def place(corner: str) -> None:
        if isinstance(artist, AnchoredOffsetbox):
            artist.loc = AnchoredOffsetbox.codes[corner]
        else:
            artist.set_loc(corner)

    frames = [p.frame[["lon", "lat"]] for p in points if len(p.frame)]
    xy = np.empty((0, 2))
    if frames:
        pts = _points_gdf(pd.concat(frames)).to_crs(proj)
        xy = ax.transData.transform(np.column_stack([pts.geometry.x, pts.geometry.y]))
    pieces = np.empty((0, 4))
    shapes = gpd.GeoSeries([], crs=proj)
    if land is not None and len(land):
        shapes = land.to_crs(proj).geometry
        parts = shapes.explode(index_parts=False)
        corners_xy = parts.bounds.to_numpy()
        low = ax.transData.transform(corners_xy[:, :2])
        high = ax.transData.transform(corners_xy[:, 2:])
        pieces = np.hstack([low, high])
    figure = ax.get_figure()
    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else None
    renderer = (canvas or FigureCanvasAgg(figure)).get_renderer()
    hidden = []
    for corner in corners:
        place(corner)
        box = artist.get_window_extent(renderer)
        under = (xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1)
        under &= (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1)
        whole = (pieces[:, 0] >= box.x0) & (pieces[:, 2] <= box.x1)
        whole &= (pieces[:, 1] >= box.y0) & (pieces[:, 3] <= box.y1)
        covered = round(_land_share(ax, box.expanded(1.5, 2.0), shapes), 2)  # and near it
        hidden.append((int(whole.sum()), int(under.sum()), covered))
    found = corners[hidden.index(min(hidden))]
    place(found)
    return found


SCALE_BAR_CORNERS: tuple[str, ...] = ("lower left", "lower right")
"""Corners the scale bar may take on a map without the South China Sea inset (where it
keeps the lower centre), the first preferred; the lower right only while the legend is
not there."""


LEGEND_OUTSIDE_TOLERANCE: float = 0.99
"""A legend beside or below the frame hides nothing of the map: it is preferred to one inside
the frame while the scope is drawn at this share of the inside layout's scale or more."""

LEGEND_INSIDE_MAX_LAND: float = 0.15
"""Largest share of a legend inside the frame that may lie over the scope's own land: more,
and it goes beside or below the frame (on a deck slide, Guangdong's chosen-communities
legend covered Meizhou, Heyuan and Shanwei)."""

LEGEND_GAP_IN: float = 0.12
"""Gap between the map's frame and a legend beside or below it, in inches."""


@dataclass(frozen=True)
class LegendLayout:
    """Where a static map's legend goes, and the box the map's frame fills.

    Attributes
    ----------
    place
        ``"inside"`` (a quiet corner of the frame), ``"beside"`` (right of the frame) or
        ``"below"`` (under it, its entries in ``ncol`` columns).
    box
        ``(left, bottom, width, height)`` of the frame, in fractions of the figure.
    scale
        The scope's drawn size at that layout, in inches per unit of its extent.
    ncol
        Columns of the legend.
    """

    place: str
    box: tuple[float, float, float, float]
    scale: float
    ncol: int = 1


def choose_legend_layout(
    area: tuple[float, float, float, float],
    page_in: tuple[float, float],
    extent: tuple[float, float],
    beside_in: tuple[float, float],
    below_in: tuple[float, float],
    ncol_below: int,
) -> tuple[LegendLayout, ...]:
    """The legend's places, first preferred, that draw the scope the largest on the page.

    The frame always fills its box (the land around the scope shows in the room a scope
    of another shape leaves), so only the scope's own scale differs between places: beside
    the frame costs width, below it height, inside nothing but a corner of the map. A tall
    scope on a landscape page is bound by its height, and a legend beside it costs it
    nothing (the east's frame was a narrow strip with half the page empty); a wide one is
    bound by its width, and a legend below may cost nothing. A legend outside the frame
    hides nothing, so it is kept while the scope is drawn at
    :data:`LEGEND_OUTSIDE_TOLERANCE` of the inside layout's scale or more; else the legend
    goes inside, and outside second, for when no corner of the frame is free of the scope
    (:func:`land_under`).

    Parameters
    ----------
    area
        ``(left, bottom, width, height)`` the frame and an outside legend share, in
        fractions of the figure.
    page_in
        The figure's ``(width, height)`` in inches.
    extent
        The scope's ``(width, height)`` to show (any unit, equal in both).
    beside_in, below_in
        The legend's ``(width, height)`` in inches: in one column (beside), and in
        ``ncol_below`` columns (below).
    ncol_below
        Columns of the legend below the frame.

    Returns
    -------
    tuple of LegendLayout
        One or two places, the first preferred.
    """
    left, bottom, width, height = area
    page_w, page_h = page_in
    ext_w, ext_h = max(extent[0], 1e-9), max(extent[1], 1e-9)
    gap_w, gap_h = LEGEND_GAP_IN / page_w, LEGEND_GAP_IN / page_h

    def scale(box_w: float, box_h: float) -> float:
        return max(min(box_w * page_w / ext_w, box_h * page_h / ext_h), 0.0)

    inside = LegendLayout("inside", area, scale(width, height))
    beside_w = width - beside_in[0] / page_w - gap_w
    beside = LegendLayout("beside", (left, bottom, beside_w, height), scale(beside_w, height))
    below_h = height - below_in[1] / page_h - gap_h
    below = LegendLayout(
        "below",
        (left, bottom + height - below_h, width, below_h),
        scale(width, below_h),
        ncol_below,
    )
    fits = [
        lay
        for lay, ok in (
            (beside, beside_w > width / 3 and beside_in[1] <= height * page_h),
            (below, below_h > height / 3 and below_in[0] <= width * page_w),
        )
        if ok
    ]
    # outside the frame: the larger scope, beside on a tie (it keeps the frame's height)
    outside = max(fits, key=lambda lay: lay.scale, default=None)
    if outside is None:
        return (inside,)
    if outside.scale >= LEGEND_OUTSIDE_TOLERANCE * inside.scale:
        return (outside,)
    return (inside, outside)


def _below_columns(ax: Axes, kwargs: Mapping[str, object], width_in: float) -> int:
    """The most columns (up to six) the legend ``kwargs`` describe can take under a frame
    ``width_in`` inches wide: the fewer its rows, the less of the map's height it takes."""
    entries = len(kwargs["handles"])  # type: ignore[arg-type]
    for ncol in range(min(entries, 6), 1, -1):
        if _legend_size(ax, kwargs, ncol)[0] <= width_in:
            return ncol
    return 1


def _legend_size(ax: Axes, kwargs: Mapping[str, object], ncol: int) -> tuple[float, float]:
    """``(width, height)`` in inches of the legend ``kwargs`` describe, in ``ncol`` columns."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = ax.get_figure()
    assert fig is not None
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    # at a fixed corner: "best" weighs every point drawn (minutes at 110,000)
    legend = ax.legend(**kwargs, ncol=ncol, loc="upper right")  # type: ignore[arg-type]
    box = legend.get_window_extent(canvas.get_renderer())
    legend.remove()
    return box.width / fig.dpi, box.height / fig.dpi


def land_under(
    ax: Axes,
    artist,  # noqa: ANN001 - a matplotlib Legend or AnchoredOffsetbox
    land: gpd.GeoDataFrame | None,
    proj: str,
) -> float:
    """Share of ``artist``'s box (drawn on ``ax``) that lies over ``land`` (the scope's
    areas, WGS-84, drawn in ``proj``): 0 over the sea or the land around the scope."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if land is None or not len(land):
        return 0.0
    fig = ax.get_figure()
    assert fig is not None
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    box = artist.get_window_extent(canvas.get_renderer())
    return _land_share(ax, box, land.to_crs(proj).geometry)


def _land_share(ax: Axes, box, shapes: gpd.GeoSeries) -> float:  # noqa: ANN001 - a Bbox
    """Share of the display box ``box`` that lies over ``shapes`` (in ``ax``'s data units)."""
    if not len(shapes):
        return 0.0
    (x0, y0), (x1, y1) = ax.transData.inverted().transform([[box.x0, box.y0], [box.x1, box.y1]])
    rect = shapely.box(x0, y0, x1, y1)
    if rect.area <= 0:
        return 0.0
    covered = shapes[shapes.intersects(rect)].intersection(rect).area.sum()
    return float(covered / rect.area)


def _place_legend(
    ax: Axes, layout: LegendLayout, kwargs: Mapping[str, object], national: bool
) -> Legend:
    """Draw the legend ``kwargs`` describe where ``layout`` puts it: beside the frame (centred
    on its height), below it (centred, above the notes) or inside (the upper right, a
    national map's lower left)."""
    fig = ax.get_figure()
    assert fig is not None
    ax.apply_aspect()
    frame = ax.get_position()
    page_w, page_h = fig.get_size_inches()
    if layout.place == "beside":
        legend = ax.legend(
            **kwargs,  # type: ignore[arg-type]
            loc="center left",
            bbox_to_anchor=(frame.x1 + LEGEND_GAP_IN / page_w, frame.y0 + frame.height / 2),
            bbox_transform=fig.transFigure,
            borderaxespad=0,
        )
    elif layout.place == "below":
        legend = ax.legend(
            **kwargs,  # type: ignore[arg-type]
            ncol=layout.ncol,
            loc="upper center",
            bbox_to_anchor=(frame.x0 + frame.width / 2, frame.y0 - LEGEND_GAP_IN / page_h),
            bbox_transform=fig.transFigure,
            borderaxespad=0,
        )
    else:
        loc = "lower left" if national else "upper right"
        legend = ax.legend(**kwargs, loc=loc)  # type: ignore[arg-type]
    legend.set_zorder(8)
    return legend


def _fit_title(text) -> None:  # noqa: ANN001 - a matplotlib Text
    """Set the title ``text`` smaller until it fits the figure's width less its margins
    (down to :data:`TITLE_MIN_FONTSIZE`): on a deck slide's 9 in map, "Guangdong: chosen
    communities, their Youth Homes and nearest campuses" ran past both edges."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = text.get_figure()
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    room = fig.bbox.width * 0.96
    width = text.get_window_extent(canvas.get_renderer()).width
    if width > room:
        text.set_fontsize(max(TITLE_FONTSIZE * room / width, TITLE_MIN_FONTSIZE))


def _north_arrow(ax: Axes, lang: str) -> None:
    ax.add_patch(
        FancyArrow(
            0.06,
            0.86,
            0,
            0.07,
            width=0.012,
            head_width=0.035,
            head_length=0.035,
            transform=ax.transAxes,
            color="#222222",
            zorder=6,
            length_includes_head=True,
        )
    )
    ax.text(
        0.06,
        0.955,
        i18n.t("export.north", lang),
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=13,
        zorder=6,
    )
    ax.set_gid("north_arrow")


def _scale_bar(ax: Axes, width_m: float, lang: str, loc: str) -> AnchoredSizeBar:
    length_m = _nice_length_m(width_m)
    km = length_m / 1000
    label = i18n.t("export.scale_km", lang, km=int(km) if km >= 1 else km)
    bar = AnchoredSizeBar(
        ax.transData,
        length_m,
        label,
        loc,
        pad=0.6,
        borderpad=0.8,
        sep=4,
        frameon=True,
        size_vertical=width_m / 250,
        fontproperties=font_manager.FontProperties(size=10),
    )
    bar.patch.set_alpha(0.85)
    bar.set_gid("scale_bar")
    ax.add_artist(bar)
    return bar


def _clear_inset_of_land(ax: Axes, fig: Figure, land: gpd.GeoSeries) -> None:
    """Widen the map eastwards until the inset's corner covers no land (台湾 and its islands).

    ``land`` is the main map's polygons in the map's projection. Widening keeps the scale
    equal in x and y, so the other edges may move out too; three rounds always suffice.
    """
    left, bottom, _, height = INSET_BOUNDS_AXES
    for _ in range(3):
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        band = shapely.box(x0, y0 + bottom * (y1 - y0), x1, y0 + (bottom + height) * (y1 - y0))
        inside = land.clip(band)
        inside = inside[~inside.is_empty]
        if not len(inside):
            return
        needed = inside.total_bounds[2] + INSET_CLEARANCE * (x1 - x0)
        if needed <= x0 + left * (x1 - x0):
            return
        _fit(ax, fig, x0, x0 + (needed - x0) / left, y0, y1)


def _inset(
    fig: Figure, ax: Axes, parts: Mapping[str, gpd.GeoDataFrame], proj: str, lang: str
) -> Axes:
    """The South China Sea islands inset (南海诸岛) at the lower right of ``ax``."""
    inset = ax.inset_axes(list(INSET_BOUNDS_AXES))
    inset.set_label("south_china_sea")
    inset.set_facecolor(WATER_COLOR)
    sub = {
        k: _clip(v, SOUTH_CHINA_SEA_BOX_DEG)
        for k, v in parts.items()
        if k in ("areas", "lines", "context")
    }
    inset.kinds_drawn = _draw_boundaries(inset, sub, proj, national=True)
    frame = gpd.GeoSeries([shapely.box(*SOUTH_CHINA_SEA_BOX_DEG)], crs="EPSG:4326").to_crs(proj)
    x0, y0, x1, y1 = frame.total_bounds
    # the projected box is a trapezoid: keep its central part, as printed maps do
    inset.set_xlim(x0 + (x1 - x0) * 0.04, x1 - (x1 - x0) * 0.04)
    inset.set_ylim(y0, y1)
    inset.set_aspect("equal")
    _bare(inset)
    for spine in inset.spines.values():
        spine.set_edgecolor("#333333")
        spine.set_linewidth(0.8)
    inset.text(
        0.5,
        0.02,
        i18n.t("export.inset", lang),
        transform=inset.transAxes,
        ha="center",
        va="bottom",
        fontsize=8,
        zorder=7,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
    )
    return inset


def static_map(
    scope: Scope | None = None,
    points: Sequence[PointLayer] = (),
    *,
    title: str,
    lang: str = "zh",
    boundaries: Mapping[str, gpd.GeoDataFrame] | None = None,
    simulated: Sequence[str] = (),
    seed: int | None = None,
    subtitle: str | None = None,
    figsize_in: tuple[float, float] = FIGSIZE_IN,
    approval_no: str | None = None,
    sources: str | None = None,
    areas: AreaLayer | None = None,
) -> Figure:
    """A static map of ``scope`` with point layers, ready to save as PNG or PDF.

    Boundaries are drawn by kind (:mod:`geo.dataset.borders`: national border, undetermined
    border, provincial and SAR boundaries, the South China Sea dashed line, coast …), each
    in its standard-map style; the legend lists the point layers and only the kinds of line
    drawn. The map's frame fills the page less the notes and a legend outside it, the land
    around the scope in the room its shape leaves; the legend goes beside, below or inside
    the frame, wherever the scope is drawn largest (:func:`choose_legend_layout`). Under the map: the data sources, the simulated-data note when simulated layers
    are drawn, the projection, and the map approval number (审图号), "—" when none is given.

    Parameters
    ----------
    scope
        National (default), a region, a province or a city. A national map adds the
        South China Sea islands inset and the national boundary lines.
    points
        Point layers drawn in order (later layers on top).
    title
        Map title (plain text).
    lang
        ``"zh"`` or ``"en"``: language of the legend, notes and labels.
    boundaries
        Boundary frames by level (``"province"``, ``"city"``, ``"county"``, ``"lines"``)
        instead of the embedded dataset (see :func:`geo.maps.scope_boundaries`).
    simulated
        Names of simulated layers shown (``"communities"`` …); when any, the
        simulated-data note is printed under the map.
    seed
        Seed of the simulated layers, quoted in the note.
    subtitle
        Optional second title line.
    figsize_in
        Figure size in inches.
    approval_no
        The map approval number (审图号) given by the approving authority, e.g.
        ``"GS(2024)1234号"``; printed as given. ``None`` or blank prints "—": the map
        claims no number it was not given.
    sources
        Data-source note (default: the embedded data's sources, ``export.source_note``).
    areas
        Areas shaded by class under the points (the progress map's active shares), their
        classes in the legend.

    Returns
    -------
    matplotlib.figure.Figure
        A figure (not attached to pyplot, safe in a server thread). The main axes has the
        label ``"map"``; the inset of a map reaching the South China Sea (national, the
        east, Hainan) has the label ``"south_china_sea"``; the
        approval number is the figure text with gid ``"approval_no"``, the notes the one
        with gid ``"notes"``.
    """
    scope = scope or Scope()
    national = scope.level == "national"
    parts = scope_boundaries(scope, boundaries)
    frame = parts.get("outline", parts.get("areas"))
    bounds_deg = frame.total_bounds if frame is not None and len(frame) else None
    # a scope reaching the South China Sea islands (海南, the east): the main map fitted to
    # the mainland and Hainan island, the islands in the inset as nationally; fitted to all
    # of it, the east was a thin strip under its legend and Hainan's island a corner
    land = None
    if not national and bounds_deg is not None and bounds_deg[1] < MAINLAND_BOX_DEG[1]:
        land = mainland_bounds(frame)  # None for 三沙市: its islands are its map
    south_sea = national or land is not None
    if land is not None:
        bounds_deg = land
    if bounds_deg is None and points:
        allpts = pd.concat([p.frame[["lon", "lat"]] for p in points])
        if len(allpts):
            bounds_deg = (allpts.lon.min(), allpts.lat.min(), allpts.lon.max(), allpts.lat.max())
    proj = projection_for(scope, bounds_deg)
    with rc_context(_rc()):
        fig = Figure(figsize=figsize_in, layout=None)
        fig.patch.set_facecolor("white")
        sub_lines = wrap_line(subtitle or "", figsize_in[0], SUBTITLE_FONTSIZE) if subtitle else []
        line_h = SUBTITLE_FONTSIZE * 1.25 / 72 / figsize_in[1]  # a line, in figure heights
        ax = fig.add_axes([0.02, 0.1, 0.96, 0.8 - line_h * max(len(sub_lines) - 1, 0)])
        ax.set_label("map")
        ax.set_facecolor(WATER_COLOR)
        main_parts = (
            {k: _clip(v, MAINLAND_BOX_DEG) for k, v in parts.items()} if south_sea else dict(parts)
        )
        kinds = _draw_boundaries(ax, main_parts, proj, national)
        handles = _draw_points(ax, points, proj, lang) + _draw_areas(ax, areas, proj)
        if national:
            box = gpd.GeoSeries([shapely.box(*MAINLAND_BOX_DEG)], crs="EPSG:4326").to_crs(proj)
            x0, y0, x1, y1 = (
                main_parts["areas"].to_crs(proj).total_bounds
                if "areas" in main_parts
                else box.total_bounds
            )
        elif bounds_deg is not None:
            # the box's edges followed (a parallel is an arc in the conic projection): its
            # corners alone missed the west's south, Yunnan and Guangxi cut off the frame
            box_deg = shapely.segmentize(shapely.box(*bounds_deg), 0.25)
            extent = gpd.GeoSeries([box_deg], crs="EPSG:4326").to_crs(proj)
            x0, y0, x1, y1 = extent.total_bounds
        else:
            x0, y0, x1, y1 = ax.get_xlim()[0], ax.get_ylim()[0], ax.get_xlim()[1], ax.get_ylim()[1]
        pad_x, pad_y = (x1 - x0) * 0.04, (y1 - y0) * 0.04
        box_x = (x0 - pad_x, x1 + pad_x)
        box_y = (y0 - pad_y - (y1 - y0) * (0.08 if south_sea else 0), y1 + pad_y)
        if scope.level in ("province", "city"):
            box_x, box_y = _reach_the_shore(main_parts, proj, box_x, box_y, (x1 - x0, y1 - y0))
        inset = None
        if south_sea and "areas" in parts:  # drawn first: its kinds of line are in the legend
            inset = _inset(fig, ax, parts, proj, lang)
            kinds += inset.kinds_drawn
        entries = [(h, h.get_label()) for h in handles] + _line_handles(kinds, lang)
        legend_kw: dict[str, object] = {
            "handles": [h for h, _ in entries],
            "labels": [label for _, label in entries],
            "handler_map": {tuple: HandlerTuple(ndivide=1, pad=0)},
            "handlelength": 2.6,
            "title": i18n.t("export.legend", lang),
            "fontsize": 10,
            "title_fontsize": 11,
            "framealpha": 0.9,
        }
        area = ax.get_position(original=True).bounds
        layouts: tuple[LegendLayout, ...] = (LegendLayout("inside", area, 0.0),)
        # a national map's legend without classes sits in its lower left, as printed maps
        # put it; elsewhere the place that draws the scope largest (choose_legend_layout)
        if areas is not None or not national:
            ncol = _below_columns(ax, legend_kw, area[2] * figsize_in[0])
            layouts = choose_legend_layout(
                area,
                figsize_in,
                (box_x[1] - box_x[0], box_y[1] - box_y[0]),
                _legend_size(ax, legend_kw, 1),
                _legend_size(ax, legend_kw, ncol),
                ncol,
            )
        land = main_parts.get("outline", main_parts.get("areas"))
        for i, layout in enumerate(layouts):
            ax.set_position(layout.box)
            _fit(ax, fig, *box_x, *box_y)
            if inset is not None:
                _clear_inset_of_land(ax, fig, main_parts["areas"].to_crs(proj).geometry)
            legend = _place_legend(ax, layout, legend_kw, national)
            corner = layout.place if layout.place != "inside" else "upper right"
            if layout.place == "inside" and not national:  # a province's or city's frame:
                # the corner it hides least of (Shandong's upper right was Yantai and Weihai)
                corner = _quiet_corner(ax, legend, LEGEND_CORNERS[south_sea], points, proj, land)
                if i + 1 < len(layouts) and land_under(ax, legend, land, proj) > (
                    LEGEND_INSIDE_MAX_LAND
                ):
                    legend.remove()  # over the scope itself: beside or below instead
                    continue
            break
        _north_arrow(ax, lang)
        width_m = ax.get_xlim()[1] - ax.get_xlim()[0]
        bar = _scale_bar(ax, width_m, lang, "lower left" if not south_sea else "lower center")
        if not south_sea and corner != "lower right":  # the scale bar too: Guangdong's, in the
            # lower left, hid Zhanjiang's communities, the sea to its right empty
            _quiet_corner(ax, bar, SCALE_BAR_CORNERS, points, proj, land)
        _fit_title(fig.text(0.5, 0.965, title, ha="center", va="top", fontsize=TITLE_FONTSIZE))
        if sub_lines:  # a long caption wraps, and the map's frame makes room for it
            fig.text(
                0.5,
                0.925,
                "\n".join(sub_lines),
                ha="center",
                va="top",
                fontsize=SUBTITLE_FONTSIZE,
                color="#444444",
                gid="subtitle",
            )
        notes = [sources or i18n.t("export.source_note", lang)]
        note = simulated_note(simulated, seed, lang)  # the offline HTML's note too
        if note:
            notes.append(note)
        projection = i18n.t("export.projection.albers", lang)
        notes.append(i18n.t("export.projection_note", lang, proj=projection))
        fig.text(
            0.02,
            0.075,
            "\n".join(notes),
            ha="left",
            va="top",
            fontsize=8,
            color="#333333",
            wrap=True,
            gid="notes",
        )
        number = (approval_no or "").strip() or "—"
        fig.text(  # under the frame's right corner, above the notes (which may wrap)
            0.98,
            0.097,
            i18n.t("export.approval_no", lang, no=number),
            ha="right",
            va="top",
            fontsize=9,
            color="#222222",
            gid="approval_no",
        )
        frame_rect = Rectangle(
            (0, 0),
            1,
            1,
            transform=ax.transAxes,
            fill=False,
            edgecolor="#333333",
            linewidth=0.8,
            zorder=9,
        )
        ax.add_patch(frame_rect)
    return fig


def figure_bytes(fig: Figure, fmt: str = "png", dpi: int = DEFAULT_DPI) -> bytes:
    """Encode ``fig`` as ``"png"`` or ``"pdf"`` bytes (for download buttons).

    Raises
    ------
    ValueError
        If ``fmt`` is neither ``"png"`` nor ``"pdf"``.
    """
    if fmt not in ("png", "pdf"):
        raise ValueError(f"format must be 'png' or 'pdf', not {fmt!r}")
    buf = io.BytesIO()
    with rc_context(_rc()):
        fig.savefig(buf, format=fmt, dpi=dpi, facecolor="white")
    return buf.getvalue()


def save_map(fig: Figure, path: str | Path, dpi: int = DEFAULT_DPI) -> Path:
    """Write ``fig`` to ``path`` as PNG or PDF by the file's extension.

    Raises
    ------
    ValueError
        If the extension is neither ``.png`` nor ``.pdf``.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    path.write_bytes(figure_bytes(fig, fmt, dpi))
    return path
