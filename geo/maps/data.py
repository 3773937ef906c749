"""Preview map of an import: valid rows, approximate rows drawn hollow, rows with errors in red."""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd

from geo.core.scope import Scope
from geo.i18n import t
from geo.maps.base import Symbol, add_layer_control, add_legend, add_points, base_map, thin_points

ERROR = Symbol("#D55E00", "circle", edge_width=2.5, hollow=True)
"""Rows with errors: thick vermillion rings around the point."""
ERROR_COLOR = ERROR.color
PREVIEW_MAX_POINTS = 20_000
"""Points drawn at most per group on the preview (a random sample beyond that)."""
PREVIEW_PADDING_PX = 24
"""Margin around the rows the preview is fitted to, in pixels (a marker's width and more)."""
PREVIEW_MAX_ZOOM = 15
"""Deepest zoom the preview fits to: one row, or rows a few metres apart, with streets."""


def preview_map(
    result, basemap: str = "offline", lang: str = "zh", color: str | Symbol | None = None
) -> folium.Map:
    """A map of an :class:`geo.intake.validate.ImportResult`, fitted to its points.

    Parameters
    ----------
    result
        The import to show.
    basemap
        See :func:`geo.maps.base_map`.
    lang
        ``"zh"`` or ``"en"``.
    color
        Symbol (or colour) of the layer's valid rows; default the layer's own
        (:data:`geo.maps.LAYER_SYMBOLS`).

    Returns
    -------
    folium.Map
        Valid rows in ``color`` (approximate ones hollow and dashed), rows with errors that
        have coordinates in red; tooltips escaped by :func:`geo.maps.add_points`.
    """
    from geo.maps import LAYER_SYMBOLS

    if color is None:
        symbol = LAYER_SYMBOLS.get(result.layer, Symbol("#0072B2"))
    else:
        symbol = color if isinstance(color, Symbol) else Symbol(color)
    frame = result.frame
    lon, lat = frame["lon"].to_numpy(dtype=float), frame["lat"].to_numpy(dtype=float)
    # on the earth: a row at (1e20, -1e20) is reported as an error, and never drawn or
    # fitted (the map would zoom out to nothing)
    finite = (np.abs(lon) <= 180) & (np.abs(lat) <= 90)
    codes = frame.loc[finite, "province_code"] if "province_code" in frame else pd.Series(dtype=str)
    provinces = codes[codes.astype(str) != ""].astype(str).unique()
    scope = Scope(province_code=provinces[0]) if len(provinces) == 1 else Scope()
    m = base_map(scope, basemap=basemap, lang=lang)
    name_col = "name" if "name" in frame else "university"
    tooltip = [c for c in (name_col, "id", "district") if c in frame]
    ok = frame.loc[finite & ~result.error_rows]
    bad = frame.loc[finite & result.error_rows]
    add_points(
        m,
        thin_points(ok, PREVIEW_MAX_POINTS, by=None),
        t(f"layer.{result.layer}", lang),
        symbol.color,
        tooltip,
        lang,
        **symbol.point_kwargs(),
    )
    if len(bad):
        add_points(
            m,
            thin_points(bad, PREVIEW_MAX_POINTS, by=None),
            t("data.preview.errors", lang),
            ERROR.color,
            tooltip,
            lang,
            radius=6,
            **ERROR.point_kwargs(),
        )
    add_legend(
        m,
        [
            symbol.legend(t(f"layer.{result.layer}", lang)),
            ERROR.legend(t("data.preview.errors", lang)),
        ],
    )
    add_layer_control(m)
    shown = ok if len(ok) else bad  # the valid rows; the rows in error when none is
    points = shown[["lat", "lon"]].to_numpy(dtype=float)
    if len(points):
        # a margin, so that points on the frame's edge are not cut in half; a lone point
        # is shown with its streets around it rather than at the deepest zoom
        m.fit_bounds(
            [points.min(axis=0).tolist(), points.max(axis=0).tolist()],
            padding=(PREVIEW_PADDING_PX, PREVIEW_PADDING_PX),
            max_zoom=PREVIEW_MAX_ZOOM,
        )
    return m
