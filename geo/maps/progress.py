"""The progress map: action communities by how recently they were active.

Point layers told apart by shape as well as colour (Okabe–Ito hues): active in the last 30
days (circle); no activity in the last 30 days (square: launched lately, or idle for less
than :data:`geo.plan.progress.INACTIVE_DAYS` days); idle for that long or more (triangle);
filed but not launched yet (grey diamond).
"""

from __future__ import annotations

import pandas as pd

from geo.core.scope import Scope
from geo.i18n import t
from geo.maps.base import Symbol, add_layer_control, add_legend, add_points, base_map
from geo.plan.progress import INACTIVE_DAYS

STATE_SYMBOLS: dict[str, Symbol] = {
    "not_launched": Symbol("#999999", "diamond", edge="#3d3d3d"),
    "active": Symbol("#009E73", "circle", edge="#00402f"),
    "quiet": Symbol("#E69F00", "square", edge="#6b4a00"),
    "inactive": Symbol("#D55E00", "triangle", edge="#5c2800"),
}
"""Symbol of each activity state."""
_LABELS = {
    "not_launched": "records.map.not_launched",
    "active": "records.map.active",
    "quiet": "records.map.quiet",
    "inactive": "records.map.inactive",
}


def activity_state(progress: pd.DataFrame) -> pd.Series:
    """``active`` (active in 30 days), ``inactive`` (idle :data:`INACTIVE_DAYS` days or
    more), ``quiet``, or ``not_launched`` (filed, its county has not launched it: no
    activity is due yet) for each row of :func:`geo.plan.progress.community_progress`."""
    state = pd.Series("quiet", index=progress.index)
    state[progress["active_30"].to_numpy()] = "active"
    state[(progress["days_idle"] >= INACTIVE_DAYS).to_numpy()] = "inactive"
    if "status" in progress:
        state[(progress["status"] == "filed").to_numpy()] = "not_launched"
    return state


def progress_map(
    progress: pd.DataFrame, scope: Scope | None = None, lang: str = "zh", basemap: str = "offline"
):  # noqa: ANN201
    """A map of the action communities coloured and shaped by :func:`activity_state`.

    Parameters
    ----------
    progress
        :func:`geo.plan.progress.community_progress` with ``lon`` and ``lat`` (WGS-84) added.
    scope
        The scope to fit and draw boundaries for.
    lang, basemap
        As :func:`geo.maps.base_map`.

    Returns
    -------
    geo.maps.YouthMap
    """
    m = base_map(scope, basemap=basemap, lang=lang)
    state = activity_state(progress)
    tips = {
        "name": t("records.col.name", lang),
        "county_code": t("records.col.county_code", lang),
        "days_idle": t("records.col.days", lang),
        "activities": t("records.col.activities", lang),
    }
    items = []
    for key, symbol in STATE_SYMBOLS.items():
        label = t(_LABELS[key], lang)
        rows = progress.loc[state == key]
        add_points(
            m,
            rows,
            label,
            symbol.color,
            tips,
            lang,
            radius=6,
            shape=symbol.shape,
            edge_color=symbol.edge,
            edge_width=symbol.edge_width,
        )
        items.append(symbol.legend(f"{label} ({len(rows)})"))
    add_legend(m, items, title=t("records.map", lang))
    add_layer_control(m)
    return m
