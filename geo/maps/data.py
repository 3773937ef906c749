"""Preview map of an import: valid rows, approximate rows drawn hollow, rows with errors in red."""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd

from geo.i18n import t
from geo.maps.base import add_layer_control, add_legend, add_points, base_map, thin_points
from geo.scope import Scope

ERROR_COLOR = "#d62728"
PREVIEW_MAX_POINTS = 20_000
"""Points drawn at most per group on the preview (a random sample beyond that)."""


def preview_map(
    result, basemap: str = "offline", lang: str = "zh", color: str = "#1f77b4"
) -> folium.Map:
    """A map of an :class:`geo.validate.ImportResult`, fitted to its points.

    Parameters
    ----------
    result
        The import to show.
    basemap
        See :func:`geo.maps.base_map`.
    lang
        ``"zh"`` or ``"en"``.
    color
        Colour of the layer's valid rows.

    Returns
    -------
    folium.Map
        Valid rows in ``color`` (approximate ones hollow and dashed), rows with errors that
        have coordinates in red; tooltips escaped by :func:`geo.maps.add_points`.
    """
    frame = result.frame
    finite = np.isfinite(frame["lon"].to_numpy(dtype=float)) & np.isfinite(
        frame["lat"].to_numpy(dtype=float)
    )
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
        color,
        tooltip,
        lang,
    )
    if len(bad):
        add_points(
            m,
            thin_points(bad, PREVIEW_MAX_POINTS, by=None),
            t("data.preview.errors", lang),
            ERROR_COLOR,
            tooltip,
            lang,
            radius=6,
        )
    add_legend(
        m,
        [(t(f"layer.{result.layer}", lang), color), (t("data.preview.errors", lang), ERROR_COLOR)],
    )
    add_layer_control(m)
    points = frame.loc[finite, ["lat", "lon"]].to_numpy(dtype=float)
    if len(points):
        m.fit_bounds([points.min(axis=0).tolist(), points.max(axis=0).tolist()])
    return m
