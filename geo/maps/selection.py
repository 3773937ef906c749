"""Map layers of the selection page: chosen, locked and needs-a-new-Youth-Home communities.

Builds on :mod:`geo.maps` (offline basemap, canvas points, escaped tooltips).
"""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd

from geo import i18n
from geo.core import crs
from geo.core.distance import SphereIndex
from geo.core.layers import lonlat
from geo.core.scope import Scope
from geo.maps import (
    Symbol,
    add_layer_control,
    add_legend,
    add_points,
    base_map,
    report_clicks,
    thin_points,
)

CHOSEN = Symbol("#0072B2", "circle", edge="#002b45", edge_width=1.2)
"""Chosen communities: blue circles."""
NEW_HOME = Symbol("#D55E00", "triangle_down", edge="#4d1f00", edge_width=1.2)
"""Chosen communities that need a new Youth Home: vermillion triangles."""
LOCKED = Symbol("#CC79A7", "star", edge="#000000", edge_width=1.2)
"""Locked communities: reddish-purple stars."""
CANDIDATE = Symbol("#9e9e9e", "circle")
"""Other candidates: small grey dots."""
CHOSEN_COLOR = CHOSEN.color
LOCKED_COLOR = LOCKED.color
NEW_HOME_COLOR = NEW_HOME.color
CANDIDATE_COLOR = CANDIDATE.color
PICK_RADIUS_M = 3_000
"""A map click picks the nearest community within this many metres."""
MAX_CANDIDATES_DRAWN = 5_000


def selection_map(
    chosen: pd.DataFrame,
    candidates: pd.DataFrame | None = None,
    scope: Scope | None = None,
    basemap: str = "offline",
    lang: str = "zh",
    **base_kwargs,
) -> folium.Map:
    """The chosen list on a map of ``scope``.

    Parameters
    ----------
    chosen
        Chosen communities (``lon``/``lat``, ``name``, ``score``, ``locked``,
        ``needs_new_home``).
    candidates
        Other candidates to draw in grey (at most :data:`MAX_CANDIDATES_DRAWN`, best first;
        hidden until switched on).
    scope, basemap, lang
        Passed to :func:`geo.maps.base_map`.
    **base_kwargs
        Further arguments of :func:`geo.maps.base_map` (e.g. ``boundaries``).

    Returns
    -------
    folium.Map
        With :func:`geo.maps.report_clicks`: shown in a frame, it posts each click's
        position to the page (:func:`nearest_community` finds what was clicked).
    """
    m = base_map(scope, basemap=basemap, lang=lang, **base_kwargs)
    tips = {
        "name": i18n.t("common.name", lang),
        "district": i18n.t("common.county", lang),
        "score": i18n.t("scoring.col.score", lang),
    }
    if candidates is not None and len(candidates):
        rest = candidates[~candidates["id"].isin(chosen["id"])]
        rest = thin_points(rest, MAX_CANDIDATES_DRAWN, by="score")
        add_points(
            m,
            _rounded(rest),
            i18n.t("selection.layer.candidates", lang),
            CANDIDATE.color,
            {k: v for k, v in tips.items() if k in rest},
            lang,
            radius=3,
            show=False,
        )
    locked = chosen.get("locked", pd.Series(False, index=chosen.index)).astype(bool)
    new_home = chosen.get("needs_new_home", pd.Series(False, index=chosen.index)).astype(bool)
    layers = (
        ("selection.layer.chosen", chosen[~locked & ~new_home], CHOSEN),
        ("selection.layer.new_home", chosen[~locked & new_home], NEW_HOME),
        ("selection.layer.locked", chosen[locked], LOCKED),
    )
    for key, frame, symbol in layers:
        if len(frame):
            add_points(
                m,
                _rounded(frame),
                i18n.t(key, lang),
                symbol.color,
                {k: v for k, v in tips.items() if k in frame},
                lang,
                radius=6,
                **symbol.point_kwargs(),
            )
    # each with its count: a kind with none (no lock yet) stays listed, saying 0
    add_legend(m, [symbol.legend(f"{i18n.t(k, lang)} ({len(f):,})") for k, f, symbol in layers])
    add_layer_control(m)
    report_clicks(m)  # the page picks the community nearest a click
    return m


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(frame.drop(columns="geometry", errors="ignore")).copy()
    if "score" in out:
        out["score"] = out["score"].map(lambda v: f"{v:.4f}")
    return out


def nearest_community(
    frame: pd.DataFrame,
    lon: float,
    lat: float,
    within_m: float = PICK_RADIUS_M,
    click_crs: str = "wgs84",
) -> tuple[str, float] | None:
    """The id of the community nearest a clicked point, and its distance in metres.

    Parameters
    ----------
    frame
        Communities (``id``, ``lon``/``lat`` in WGS-84).
    lon, lat
        The click, in ``click_crs`` (``"gcj02"`` on the AMap basemap).
    within_m
        Largest distance that still picks a community.
    click_crs
        Coordinate system of the click.

    Returns
    -------
    tuple or None
        ``(id, distance_m)``, or ``None`` when no community lies within ``within_m``.
    """
    if not len(frame) or lon is None or lat is None:
        return None
    if click_crs != "wgs84":
        x, y = crs.convert(np.array([float(lon)]), np.array([float(lat)]), click_crs, "wgs84")
        lon, lat = float(np.asarray(x)[0]), float(np.asarray(y)[0])
    d, idx = SphereIndex(lonlat(frame)).nearest_m(np.array([[float(lon), float(lat)]]))
    if not np.isfinite(d[0]) or d[0] > within_m:
        return None
    return str(frame["id"].iloc[int(idx[0])]), float(d[0])
