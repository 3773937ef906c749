"""Place names for rows that have only a position: the county (区县) and street (街道).

Tables of coverage gaps and proposed sites carry ids and coordinates; a committee reads
them by district and street. The communities layer holds both names (``district``,
``subdistrict``); other rows get them from the community they are (same ``id``), else
from the county polygon that contains them and the street of the nearest community of
that county within :data:`STREET_NEAR_M`.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import distance

STREET_NEAR_M: float = 2_000
"""A point takes the street of the nearest community of its county this close to it."""

NAME_COLUMNS: tuple[str, str] = ("district", "subdistrict")
"""Columns added by :func:`with_place_names` and :func:`gap_places`."""

MAX_NAMES: int = 2
"""Names listed per gap (the ones with most uncovered young people), then "等"."""


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].fillna("").astype(str)


def with_place_names(
    frame: pd.DataFrame,
    communities: pd.DataFrame,
    counties: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """``frame`` with ``district`` and ``subdistrict`` columns filled in.

    Parameters
    ----------
    frame
        Rows with ``id`` and/or ``lon``/``lat`` (WGS-84), e.g. proposed sites.
    communities
        The communities layer (``id``, ``lon``/``lat``, ``district``, ``subdistrict``,
        ``county_code``).
    counties
        County polygons (``code``, ``name``) for rows that are not communities; default
        the embedded ones.

    Returns
    -------
    pandas.DataFrame
        A copy; names already in ``frame`` are kept, missing ones are ``""``.
    """
    out = frame.copy()
    for col in NAME_COLUMNS:
        out[col] = _text(out, col)
    comm = pd.DataFrame(communities.drop(columns="geometry", errors="ignore"))
    comm = comm.assign(id=comm["id"].astype(str)).drop_duplicates("id").set_index("id")
    if "id" in out:
        ids = out["id"].astype(str)
        known = ids.isin(comm.index)
        for col in NAME_COLUMNS:
            fill = known & (out[col] == "")
            out.loc[fill, col] = _text(comm, col).reindex(ids[fill]).to_numpy()
    missing = (out["district"] == "") | (out["subdistrict"] == "")
    if not missing.any() or not {"lon", "lat"} <= set(out.columns):
        return out
    lon = pd.to_numeric(out.loc[missing, "lon"], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(out.loc[missing, "lat"], errors="coerce").to_numpy(float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    rows = out.index[missing][ok]
    if not len(rows):
        return out
    if counties is None:
        from geo import dataset

        counties = dataset.load_boundaries("county")
    from geo.build import locate_counties

    codes = locate_counties(lon[ok], lat[ok], counties)
    names = dict(zip(counties["code"].astype(str), counties["name"].astype(str), strict=False))
    district = pd.Series([names.get(c, "") for c in codes], index=rows)
    fill = out.loc[rows, "district"] == ""
    out.loc[rows[fill.to_numpy()], "district"] = district[fill].to_numpy()
    local = comm[_text(comm, "county_code").isin(set(codes))] if "county_code" in comm else comm
    if len(local) and "county_code" in local:
        pts = np.column_stack([lon[ok], lat[ok]])
        d, idx = distance.nearest(pts, local[["lon", "lat"]].to_numpy(float))
        near = local.iloc[idx[:, 0]]
        same = (near["county_code"].astype(str).to_numpy() == codes) & (d[:, 0] <= STREET_NEAR_M)
        street = np.where(same, _text(near, "subdistrict").to_numpy(), "")
        fill = (out.loc[rows, "subdistrict"] == "").to_numpy()
        out.loc[rows[fill], "subdistrict"] = street[fill]
    return out


def _top(values: pd.Series, weights: pd.Series, lang: str) -> str:
    """The names holding most of the weight, at most :data:`MAX_NAMES`, then "等"."""
    by = weights.groupby(values).sum().drop("", errors="ignore").sort_values(ascending=False)
    names = list(by.index[:MAX_NAMES])
    more = len(by) > MAX_NAMES
    if lang == "zh":
        return "、".join(names) + ("等" if more else "")
    return ", ".join(names) + (" etc." if more else "")


def gap_places(members: pd.DataFrame, communities: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The districts and streets of each coverage gap, by its uncovered young people.

    Parameters
    ----------
    members
        ``id`` (community), ``gap_id``, ``youth``: one row per uncovered community
        (:attr:`geo.gaps.GapResult.members`).
    communities
        Communities with ``id``, ``district`` and ``subdistrict``.
    lang
        ``"zh"`` (names joined by "、", "等" when more) or ``"en"``.

    Returns
    -------
    pandas.DataFrame
        ``gap_id``, ``district``, ``subdistrict``: the (at most two) names holding most
        of the gap's uncovered youth.
    """
    m = members.dropna(subset=["gap_id"])
    comm = pd.DataFrame(communities.drop(columns="geometry", errors="ignore"))
    comm = comm.assign(id=comm["id"].astype(str)).drop_duplicates("id").set_index("id")
    ids = m["id"].astype(str)
    youth = pd.to_numeric(m["youth"], errors="coerce").fillna(0).to_numpy() + 1e-9
    rows = pd.DataFrame(
        {
            "gap_id": m["gap_id"].to_numpy(),
            "youth": youth,
            "district": _text(comm, "district").reindex(ids).fillna("").to_numpy(),
            "subdistrict": _text(comm, "subdistrict").reindex(ids).fillna("").to_numpy(),
        }
    )
    out = [
        {
            "gap_id": gap,
            "district": _top(g["district"], g["youth"], lang),
            "subdistrict": _top(g["subdistrict"], g["youth"], lang),
        }
        for gap, g in rows.groupby("gap_id", sort=False)
    ]
    return pd.DataFrame(out, columns=["gap_id", *NAME_COLUMNS])
