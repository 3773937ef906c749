"""Map layers of the pairing page: community–campus lines coloured by distance.

Lines are grouped into a few distance bands, each drawn as one GeoJSON layer on a canvas
through :func:`geo.maps.add_lines` (escaped tooltips, GCJ-02 shift on AMap), never as one
PolyLine per pair nor one SVG path per line. Paired campuses, paired communities and
unpaired communities are point layers on top.

Lines are drawn to be read on a projector: 2.5–4 px wide by band over a dark casing, in
colour-blind-safe Okabe–Ito colours from blue (near) to vermillion, the longest dashed in
black; the legend draws each band as the same line (colour, width, dash). Agreed pairs kept
as they are (:func:`geo.analysis.pairing.pair`'s ``kept``) are one layer of their own,
dotted in wine, whatever their distance.
"""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd

from geo import i18n
from geo.analysis import pairing
from geo.core.scope import Scope
from geo.maps import (
    LAYER_SYMBOLS,
    LegendItem,
    Symbol,
    add_layer_control,
    add_legend,
    add_lines,
    add_points,
    base_map,
)

BAND_EDGES_KM: tuple[float, ...] = (2.0, 5.0, 10.0, 15.0)
"""Upper edges of the distance bands in kilometres; the last band is open-ended."""
BAND_COLORS: tuple[str, ...] = ("#0072B2", "#009E73", "#E69F00", "#D55E00", "#000000")
"""One colour per band (Okabe–Ito): blue (near), bluish green, orange, vermillion, black."""
BAND_WIDTHS_PX: tuple[float, ...] = (2.5, 3.0, 3.5, 4.0, 4.0)
"""Line width per band: longer pairs draw wider, so the bands differ without colour too."""
BAND_DASHES: tuple[str | None, ...] = (None, None, None, None, "8,4")
"""Dash pattern per band: the open-ended band is dashed."""
KEPT_LINE: tuple[str, float, str] = ("#882255", 3.5, "2,6")
"""Colour (Tol's wine), width and dash of the agreed pairs kept as they are (``kept``):
one layer of their own, dotted, whatever their distance."""
LINE_CASING: tuple[str, float, float] = ("#1a1a1a", 1.5, 0.35)
"""Dark casing under every line (colour, extra width, opacity): light colours keep their
contrast on the light map."""
CAMPUS = Symbol(LAYER_SYMBOLS["campuses"].color, "triangle", edge="#000000", edge_width=1.2)
"""Paired campuses."""
COMMUNITY = Symbol("#ffffff", "circle", edge="#1a1a1a", edge_width=1.2)
"""Paired communities: white dots outlined in black, at the lines' ends."""
UNPAIRED = Symbol("#AA3377", "circle", edge_width=2.5, hollow=True)
"""Unpaired communities: purple rings."""
UNPAIRED_COLOR = UNPAIRED.color
MAX_UNPAIRED_SHOWN = 300
"""Above this many, the unpaired layer starts switched off (it would hide the lines)."""
MAX_LINES_DRAWN = 5_000
"""Pairs drawn at most (the longest first, since those are the ones to look at)."""


def band_labels() -> list[str]:
    """Labels of the distance bands, e.g. ``"0–2 km"`` … ``"> 15 km"``."""
    lows = (0.0, *BAND_EDGES_KM)
    labels = [f"{lo:g}–{hi:g} km" for lo, hi in zip(lows[:-1], BAND_EDGES_KM, strict=True)]
    return [*labels, f"> {BAND_EDGES_KM[-1]:g} km"]


def distance_band(distance_m: np.ndarray | pd.Series) -> np.ndarray:
    """Band index (0-based, see :func:`band_labels`) of each distance in metres."""
    return np.searchsorted(
        np.asarray(BAND_EDGES_KM) * 1000.0, np.asarray(distance_m, dtype=float), side="left"
    )


def add_pairing_layers(
    m: folium.Map,
    result: pairing.PairingResult,
    lang: str = "zh",
    max_lines: int = MAX_LINES_DRAWN,
) -> folium.Map:
    """Add pair lines by distance band, paired campuses and communities, and a legend.

    Parameters
    ----------
    m
        A map from :func:`geo.maps.base_map`.
    result
        The pairing to draw.
    lang
        ``"zh"`` or ``"en"``.
    max_lines
        Lines drawn at most; the longest pairs are kept.

    Returns
    -------
    folium.Map
        ``m``, with the layers added.
    """
    pairs = result.pairs.sort_values("distance_m", ascending=False).head(max_lines)
    gdf = pairing.lines(pairs)
    band = distance_band(gdf["distance_m"])
    tips = {
        "community_name": i18n.t("pairing.col.community_name", lang),
        "university": i18n.t("pairing.col.university", lang),
        "campus": i18n.t("pairing.col.campus", lang),
        "distance_m": i18n.t("pairing.col.distance_m", lang),
    }
    kept = gdf["kept"].to_numpy(dtype=bool)
    labels = band_labels()
    items: list[LegendItem] = []
    if kept.any():  # agreements on record: their own layer, not coloured by distance
        colour, width, dash = KEPT_LINE
        name = i18n.t("pairing.layer.kept", lang)
        add_lines(
            m,
            gdf[kept],
            name,
            colour,
            tips,
            lang,
            weight=width,
            dash=dash,
            opacity=1.0,
            canvas=True,
            casing=LINE_CASING,
        )
        casing = (LINE_CASING[0], width + LINE_CASING[1])
        items.append(LegendItem(name, colour, "line", width=width, dash=dash, band=casing))
    for b, (label, colour) in enumerate(zip(labels, BAND_COLORS, strict=True)):
        part = gdf[(band == b) & ~kept]
        if len(part):
            add_lines(
                m,
                part,
                i18n.t("pairing.layer.lines", lang, band=label),
                colour,
                tips,
                lang,
                weight=BAND_WIDTHS_PX[b],
                dash=BAND_DASHES[b],
                opacity=1.0,
                canvas=True,  # 1,000s of lines: one canvas, not one SVG path each
                casing=LINE_CASING,
            )
            items.append(
                LegendItem(
                    label,
                    colour,
                    "line",
                    width=BAND_WIDTHS_PX[b],
                    dash=BAND_DASHES[b],
                    band=(LINE_CASING[0], BAND_WIDTHS_PX[b] + LINE_CASING[1]),
                )
            )
    campuses = result.load[result.load["assigned"] > 0]
    if len(campuses):
        add_points(
            m,
            campuses,
            i18n.t("pairing.layer.campuses", lang),
            CAMPUS.color,
            {
                "university": tips["university"],
                "campus": tips["campus"],
                "assigned": i18n.t("pairing.col.assigned", lang),
                "capacity": i18n.t("pairing.col.capacity", lang),
            },
            lang,
            radius=6,
            **CAMPUS.point_kwargs(),
        )
        items.append(CAMPUS.legend(i18n.t("pairing.layer.campuses", lang)))
    comm = pairs.drop_duplicates("community_id").rename(
        columns={"community_lon": "lon", "community_lat": "lat"}
    )
    if len(comm):
        add_points(
            m,
            comm[["community_id", "community_name", "lon", "lat"]],
            i18n.t("pairing.layer.communities", lang),
            COMMUNITY.color,
            {"community_name": tips["community_name"]},
            lang,
            radius=3.5,
            fill_opacity=1.0,
            **COMMUNITY.point_kwargs(),
        )
        items.append(COMMUNITY.legend(i18n.t("pairing.layer.communities", lang)))
    if len(result.unpaired):
        reasons = [i18n.t(f"pairing.reason.{r}", lang) for r in result.unpaired["reason"]]
        unpaired = result.unpaired.assign(reason=reasons)
        add_points(
            m,
            unpaired,
            i18n.t("pairing.layer.unpaired", lang),
            UNPAIRED_COLOR,
            {
                "community_name": tips["community_name"],
                "reason": i18n.t("pairing.col.reason", lang),
            },
            lang,
            radius=5,
            show=len(unpaired) <= MAX_UNPAIRED_SHOWN,
            **UNPAIRED.point_kwargs(),
        )
        items.append(UNPAIRED.legend(i18n.t("pairing.layer.unpaired", lang)))
    add_legend(m, items, title=i18n.t("pairing.legend", lang))
    return m


def pairing_map(
    result: pairing.PairingResult,
    scope: Scope | None = None,
    basemap: str = "offline",
    lang: str = "zh",
    max_lines: int = MAX_LINES_DRAWN,
    **base_kwargs,
) -> folium.Map:
    """A map of ``scope`` with the pairing drawn on it.

    Parameters
    ----------
    result
        The pairing.
    scope, basemap, lang
        Passed to :func:`geo.maps.base_map`.
    max_lines
        Lines drawn at most (the longest first).
    **base_kwargs
        Further arguments of :func:`geo.maps.base_map` (e.g. ``boundaries``).

    Returns
    -------
    folium.Map
    """
    m = base_map(scope, basemap=basemap, lang=lang, **base_kwargs)
    add_pairing_layers(m, result, lang, max_lines)
    add_layer_control(m)
    return m
