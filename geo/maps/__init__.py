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
    OFFLINE_ZOOM_SNAP,
    YouthMap,
    add_layer_control,
    add_legend,
    add_lines,
    add_points,
    add_polygons,
    base_map,
    boundary_frame,
    choropleth_colors,
    column_label,
    report_clicks,
    scope_boundaries,
    thin_points,
)

LAYER_COLORS: dict[str, str] = {
    "communities": "#1f77b4",
    "youth_homes": "#d62728",
    "campuses": "#2ca02c",
    "resident_units": "#ff7f0e",
}
"""Colour of each of the four layers, the same on every page and export."""

__all__ = [
    "BASEMAPS",
    "CLICK_MESSAGE",
    "CHOROPLETH_PALETTE",
    "LAYER_COLORS",
    "OFFLINE_ZOOM_SNAP",
    "STATIC_DIR",
    "VENDOR_DIR",
    "YouthMap",
    "add_layer_control",
    "add_legend",
    "add_lines",
    "add_points",
    "add_polygons",
    "asset_paths",
    "base_map",
    "boundary_frame",
    "choropleth_colors",
    "column_label",
    "inline_assets",
    "localize",
    "report_clicks",
    "scope_boundaries",
    "thin_points",
]
