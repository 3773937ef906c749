"""Great-circle distances and nearest-neighbour search on the sphere.

All distances are metres on a sphere of radius :data:`EARTH_RADIUS_M`; inputs are WGS-84
longitude/latitude in degrees, as ``(n, 2)`` arrays of ``[lon, lat]``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from sklearn.neighbors import BallTree

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius in metres (IUGG)."""


def _radians_latlon(lonlat: npt.ArrayLike) -> np.ndarray:
    arr = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    return np.radians(arr[:, ::-1])


def haversine_m(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> np.ndarray:
    """Great-circle distance in metres between points, broadcasting like numpy.

    Parameters
    ----------
    lon1, lat1, lon2, lat2
        Coordinates in degrees (WGS-84).

    Returns
    -------
    numpy.ndarray
        Distances in metres.
    """
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(a, dtype=float)) for a in (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def balltree(lonlat: npt.ArrayLike) -> BallTree:
    """A haversine :class:`~sklearn.neighbors.BallTree` over ``[lon, lat]`` degree points."""
    return BallTree(_radians_latlon(lonlat), metric="haversine")


def nearest(
    query_lonlat: npt.ArrayLike, target_lonlat: npt.ArrayLike, k: int = 1, tree: BallTree | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest targets of every query point.

    Parameters
    ----------
    query_lonlat, target_lonlat
        ``(n, 2)`` and ``(m, 2)`` arrays of ``[lon, lat]`` degrees.
    k
        Neighbours per query point (capped at ``m``).
    tree
        A prebuilt :func:`balltree` over ``target_lonlat``, to reuse across calls.

    Returns
    -------
    distances_m, indices
        ``(n, k)`` arrays: distances in metres (ascending) and row positions in the targets.
    """
    q = _radians_latlon(query_lonlat)
    m = len(np.asarray(target_lonlat).reshape(-1, 2))
    k = min(k, m)
    if len(q) == 0 or k == 0:
        return np.zeros((len(q), k)), np.zeros((len(q), k), dtype=np.intp)
    tree = tree or balltree(target_lonlat)
    dist, idx = tree.query(q, k=k)
    return dist * EARTH_RADIUS_M, idx


def within(
    query_lonlat: npt.ArrayLike,
    target_lonlat: npt.ArrayLike,
    radius_m: float,
    tree: BallTree | None = None,
    sort_results: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """All targets within ``radius_m`` metres of each query point.

    Returns
    -------
    indices, distances_m
        Object arrays of length ``n``: for each query, the target row positions and their
        distances in metres.
    """
    q = _radians_latlon(query_lonlat)
    if len(q) == 0:
        return np.empty(0, dtype=object), np.empty(0, dtype=object)
    tree = tree or balltree(target_lonlat)
    idx, dist = tree.query_radius(
        q, r=radius_m / EARTH_RADIUS_M, return_distance=True, sort_results=sort_results
    )
    return idx, np.array([d * EARTH_RADIUS_M for d in dist], dtype=object)


def pairs_within(
    query_lonlat: npt.ArrayLike,
    target_lonlat: npt.ArrayLike,
    radius_m: float,
    tree: BallTree | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat (query, target, distance) triples for every pair closer than ``radius_m``.

    Returns
    -------
    query_index, target_index, distance_m
        Equal-length 1-d arrays, suitable for building a sparse matrix.
    """
    idx, dist = within(query_lonlat, target_lonlat, radius_m, tree=tree)
    if len(idx) == 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp), np.empty(0)
    counts = np.fromiter((len(i) for i in idx), dtype=np.intp, count=len(idx))
    qi = np.repeat(np.arange(len(idx), dtype=np.intp), counts)
    ti = np.concatenate(idx).astype(np.intp) if counts.sum() else np.empty(0, dtype=np.intp)
    di = np.concatenate(dist).astype(float) if counts.sum() else np.empty(0)
    return qi, ti, di
