"""Coverage gaps: clusters of communities that no Youth Home reaches.

:func:`find_gaps` clusters the uncovered communities of a coverage table (from
:func:`geo.analysis.coverage.community_coverage`) with DBSCAN on the haversine metric (``eps`` in
metres) or, as an option, HDBSCAN, and describes each cluster as a *gap*: its convex hull,
the youth and communities it leaves uncovered, its area, and the nearest existing Youth
Home. Gaps are ranked by uncovered youth.

Areas are computed in a spherical Lambert azimuthal equal-area projection centred on each
gap, so they are true areas in km² wherever the gap lies; the hull drawn on the map is the
same polygon projected back to WGS-84. A gap whose points are collinear (or a single
point, with ``min_samples=1``) is buffered by :data:`HULL_BUFFER_M` so that it still has
an area and shows on the map.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sklearn.cluster import DBSCAN, HDBSCAN

from geo.analysis.coverage import problem, weights_of
from geo.core._validation import Integral, Interval, Options, Real, validate_params
from geo.core.distance import EARTH_RADIUS_M
from geo.core.layers import WGS84, lonlat

DEFAULT_EPS_M = 1_500
"""Default DBSCAN neighbourhood radius, in metres."""

DEFAULT_MIN_SAMPLES = 5
"""Default DBSCAN ``min_samples`` (communities of average youth, see :func:`find_gaps`)."""

HULL_BUFFER_M = 150
"""Buffer, in metres, around gaps whose hull has no area (collinear points)."""

GAP_METHODS: tuple[str, ...] = ("dbscan", "hdbscan")

GAP_COLUMNS: tuple[str, ...] = (
    "gap_id",
    "rank",
    "communities",
    "youth_uncovered",
    "area_km2",
    "nearest_home_id",
    "nearest_home_distance_m",
    "lon",
    "lat",
)
"""Columns of :attr:`GapResult.gaps` (besides ``geometry``)."""


@dataclass(frozen=True)
class GapResult:
    """Gaps found among the uncovered communities.

    Attributes
    ----------
    gaps
        GeoDataFrame in WGS-84, one row per gap ranked by ``youth_uncovered`` (largest
        first), with :data:`GAP_COLUMNS` and the hull polygon as ``geometry``. ``lon``/
        ``lat`` is the youth-weighted centre of the gap's communities.
    members
        ``id`` (community), ``gap_id`` (``None`` for noise: uncovered communities in no
        gap), ``youth``: one row per uncovered community.
    method, eps_m, min_samples
        The parameters used.
    """

    gaps: gpd.GeoDataFrame
    members: pd.DataFrame
    method: str
    eps_m: float
    min_samples: int

    @property
    def n_gaps(self) -> int:
        """Number of gaps."""
        return len(self.gaps)


def _laea_forward(lon, lat, lon0, lat0):
    lam, phi = np.radians(lon), np.radians(lat)
    lam0, phi0 = np.radians(lon0), np.radians(lat0)
    cosc = np.sin(phi0) * np.sin(phi) + np.cos(phi0) * np.cos(phi) * np.cos(lam - lam0)
    k = np.sqrt(2.0 / np.clip(1.0 + cosc, 1e-12, None))
    x = EARTH_RADIUS_M * k * np.cos(phi) * np.sin(lam - lam0)
    y = (
        EARTH_RADIUS_M
        * k
        * (np.cos(phi0) * np.sin(phi) - np.sin(phi0) * np.cos(phi) * np.cos(lam - lam0))
    )
    return x, y


def _laea_inverse(x, y, lon0, lat0):
    lam0, phi0 = np.radians(lon0), np.radians(lat0)
    rho = np.hypot(x, y)
    c = 2.0 * np.arcsin(np.clip(rho / (2.0 * EARTH_RADIUS_M), -1.0, 1.0))
    safe = np.where(rho > 0, rho, 1.0)
    phi = np.arcsin(
        np.clip(np.cos(c) * np.sin(phi0) + y * np.sin(c) * np.cos(phi0) / safe, -1.0, 1.0)
    )
    lam = lam0 + np.arctan2(
        x * np.sin(c), rho * np.cos(phi0) * np.cos(c) - y * np.sin(phi0) * np.sin(c)
    )
    phi = np.where(rho > 0, phi, phi0)
    lam = np.where(rho > 0, lam, lam0)
    return np.degrees(lam), np.degrees(phi)


def _empty(method: str, eps_m: float, min_samples: int, members: pd.DataFrame) -> GapResult:
    gaps = gpd.GeoDataFrame(
        {
            c: pd.Series(dtype=object if c in ("gap_id", "nearest_home_id") else float)
            for c in GAP_COLUMNS
        },
        geometry=gpd.GeoSeries([], crs=WGS84),
        crs=WGS84,
    )
    return GapResult(gaps, members, method, float(eps_m), int(min_samples))


@validate_params(
    method=Options(GAP_METHODS, key="coverage.problem.gap_method", code="gap_method"),
    eps_m=Interval(
        Real,
        0,
        None,
        closed="neither",
        key="coverage.problem.gap_params",
        type_key="coverage.problem.gap_params",
        code="gap_params",
    ),
    min_samples=Interval(
        Integral,
        1,
        None,
        key="coverage.problem.gap_params",
        type_key="coverage.problem.gap_params",
        code="gap_params",
    ),
)
def find_gaps(
    coverage: pd.DataFrame,
    eps_m: float = DEFAULT_EPS_M,
    min_samples: int = DEFAULT_MIN_SAMPLES,
    method: str = "dbscan",
    weight: str | None = "youth",
) -> GapResult:
    """Cluster uncovered communities into ranked coverage gaps.

    Parameters
    ----------
    coverage
        Output of :func:`geo.analysis.coverage.community_coverage` (``id``, ``lon``, ``lat``,
        ``covered``, ``distance_m``, ``nearest_home_id`` and the ``weight`` column).
    eps_m
        DBSCAN neighbourhood radius in metres (great-circle). Ignored by HDBSCAN, which
        finds its own density levels.
    min_samples
        DBSCAN: the weight a neighbourhood needs for a core point. With ``weight`` set,
        each community counts its youth divided by the mean youth of the uncovered
        communities that have any (a list with some youth of 0, often unknown, does not
        lower that mean), so ``min_samples`` reads as "communities of average youth" and
        a large community weighs more than a small one. HDBSCAN: ``min_samples`` and the
        smallest cluster size (unweighted; HDBSCAN takes no sample weights).
    method
        ``"dbscan"`` (default) or ``"hdbscan"``.
    weight
        Column weighting the clustering and the ranking (default ``"youth"``), or
        ``None`` to count communities.

    Returns
    -------
    GapResult

    Raises
    ------
    InputError
        On an unknown method or a non-positive ``eps_m``/``min_samples``.
    """
    eps, ms = float(eps_m), int(min_samples)
    for col in ("id", "lon", "lat", "covered"):
        if col not in coverage.columns:
            raise problem("coverage_column", column=col)
    unc = coverage.loc[~coverage["covered"].to_numpy(dtype=bool)]
    youth = weights_of(unc, weight) if weight in unc.columns else np.ones(len(unc))
    ids = unc["id"].astype(str).to_numpy()
    members = pd.DataFrame(
        {"id": ids, "gap_id": pd.Series([None] * len(unc), dtype=object), "youth": youth}
    )
    if len(unc) == 0:
        return _empty(method, eps, ms, members)
    xy = lonlat(unc)
    rad = np.radians(xy[:, ::-1])
    if method == "dbscan":
        weighted = weight in unc.columns and bool((youth > 0).any())
        # no youth counted at all (a list imported with 0s): clusters by community count,
        # as scikit-learn refuses weights that are all zero
        sample_weight = youth / youth[youth > 0].mean() if weighted else None
        labels = DBSCAN(
            eps=eps / EARTH_RADIUS_M, min_samples=ms, metric="haversine", algorithm="ball_tree"
        ).fit_predict(rad, sample_weight=sample_weight)
    else:
        if len(unc) < max(ms, 2):
            labels = np.full(len(unc), -1)
        else:
            labels = HDBSCAN(
                min_cluster_size=max(ms, 2), min_samples=ms, metric="haversine", copy=True
            ).fit_predict(rad)
    keep = labels >= 0
    if not keep.any():
        return _empty(method, eps, ms, members)
    lab = labels[keep]
    pts = xy[keep]
    w = youth[keep]
    n_clusters = int(lab.max()) + 1
    count = np.bincount(lab, minlength=n_clusters)
    wsum = np.bincount(lab, weights=w, minlength=n_clusters)
    # centre: youth-weighted mean (plain mean when a gap has no youth)
    wc = np.where(wsum[lab] > 0, w, 1.0)
    wcs = np.bincount(lab, weights=wc, minlength=n_clusters)
    clon = np.bincount(lab, weights=wc * pts[:, 0], minlength=n_clusters) / wcs
    clat = np.bincount(lab, weights=wc * pts[:, 1], minlength=n_clusters) / wcs
    x, y = _laea_forward(pts[:, 0], pts[:, 1], clon[lab], clat[lab])
    order = np.argsort(lab, kind="stable")
    multi = shapely.multipoints(np.column_stack([x, y])[order], indices=lab[order])
    hulls = shapely.convex_hull(multi)
    flat = shapely.area(hulls) < 1.0
    hulls[flat] = shapely.buffer(hulls[flat], HULL_BUFFER_M)
    area_km2 = shapely.area(hulls) / 1e6
    coords, gi = shapely.get_coordinates(hulls, return_index=True)
    lon_b, lat_b = _laea_inverse(coords[:, 0], coords[:, 1], clon[gi], clat[gi])
    polygons = shapely.set_coordinates(hulls.copy(), np.column_stack([lon_b, lat_b]))
    # nearest existing Youth Home: the closest over the gap's communities
    near_id = np.full(n_clusters, None, dtype=object)
    near_d = np.full(n_clusters, np.nan)
    if "distance_m" in unc.columns:
        d = unc["distance_m"].to_numpy(dtype=float)[keep]
        hid = (
            unc["nearest_home_id"].to_numpy(dtype=object)[keep]
            if "nearest_home_id" in unc
            else None
        )
        frame = pd.DataFrame({"lab": lab, "d": np.where(np.isfinite(d), d, np.nan)})
        best = frame.dropna().groupby("lab")["d"].idxmin()
        near_d[best.index.to_numpy()] = frame.loc[best.to_numpy(), "d"].to_numpy()
        if hid is not None:
            near_id[best.index.to_numpy()] = hid[best.to_numpy()]
    rank_order = np.lexsort((-count, -wsum))
    rank_of = np.empty(n_clusters, dtype=int)
    rank_of[rank_order] = np.arange(1, n_clusters + 1)
    gap_ids = np.array([f"G{r}" for r in rank_of], dtype=object)
    gaps = gpd.GeoDataFrame(
        {
            "gap_id": gap_ids,
            "rank": rank_of,
            "communities": count,
            "youth_uncovered": wsum,
            "area_km2": area_km2,
            "nearest_home_id": near_id,
            "nearest_home_distance_m": near_d,
            "lon": clon,
            "lat": clat,
        },
        geometry=polygons,
        crs=WGS84,
    )
    gaps = gaps.sort_values("rank").reset_index(drop=True)
    full = np.full(len(unc), None, dtype=object)
    full[keep] = gap_ids[lab]
    members["gap_id"] = full
    return GapResult(gaps, members, method, eps, ms)
