"""Folium maps for YouthMap, drawn with locally served assets so they work offline.

Build a map with :func:`base_map` (scope boundaries on the chosen basemap), add layers
with :func:`add_points`, :func:`add_polygons`, :func:`add_lines`, then
:func:`add_legend` and :func:`add_layer_control`. Page-specific layers live in their own
modules (``geo/maps/<area>.py``) that take and return folium objects. For a standalone
HTML file (exports), pass ``m.get_root().render()`` through :func:`inline_assets`.

Rendering a map changes it (its layer control adds its layers again, and
``streamlit_folium.st_folium`` renames what it draws), so a map object is rendered once
only: :func:`geo.export.html.page_html` (what the app's pages draw) and
:func:`geo.export.html.map_html` render a copy.
"""

from geo.maps.assets import STATIC_DIR, VENDOR_DIR, asset_paths, inline_assets, localize
from geo.maps.base import (
    BASEMAPS,
    CHOROPLETH_PALETTE,
    CLICK_MESSAGE,
    MARKER_SHAPES,
    OFFLINE_ZOOM_SNAP,
    LegendItem,
    Symbol,
    YouthMap,
    add_layer_control,
    add_legend,
    add_lines,
    add_points,
    add_polygons,
    areas_with,
    base_map,
    boundary_frame,
    choropleth_colors,
    column_label,
    forward_keys,
    report_clicks,
    scope_boundaries,
    thin_points,
)

LAYER_SYMBOLS: dict[str, Symbol] = {
    "communities": Symbol("#0072B2", "circle"),
    "youth_homes": Symbol("#F0E442", "square", edge="#000000", edge_width=1.2),
    "campuses": Symbol("#009E73", "triangle", edge="#00402f"),
    "resident_units": Symbol("#E69F00", "diamond", edge="#6b4a00"),
}
"""Symbol of each of the four layers, the same on every page and export: blue circles,
yellow squares outlined in black, green triangles, orange diamonds (Okabe–Ito colours,
told apart by shape as well)."""

LAYER_COLORS: dict[str, str] = {name: symbol.color for name, symbol in LAYER_SYMBOLS.items()}
"""Colour of each of the four layers (:data:`LAYER_SYMBOLS`)."""

__all__ = [
    "BASEMAPS",
    "CLICK_MESSAGE",
    "CHOROPLETH_PALETTE",
    "LAYER_COLORS",
    "LAYER_SYMBOLS",
    "MARKER_SHAPES",
    "Symbol",
    "OFFLINE_ZOOM_SNAP",
    "STATIC_DIR",
    "VENDOR_DIR",
    "YouthMap",
    "LegendItem",
    "add_layer_control",
    "add_legend",
    "add_lines",
    "add_points",
    "add_polygons",
    "areas_with",
    "asset_paths",
    "base_map",
    "boundary_frame",
    "choropleth_colors",
    "column_label",
    "forward_keys",
    "inline_assets",
    "localize",
    "report_clicks",
    "scope_boundaries",
    "thin_points",
]
