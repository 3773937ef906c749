"""Great-circle distances and nearest-neighbour search on the sphere.

All distances are metres on a sphere of radius :data:`EARTH_RADIUS_M`; inputs are WGS-84
longitude/latitude in degrees, as ``(n, 2)`` arrays of ``[lon, lat]``.

Two search structures answer the same questions with the same results:

* :func:`balltree` / :func:`nearest` / :func:`within` / :func:`pairs_within`: scikit-learn's
  haversine ``BallTree``;
* :class:`SphereIndex` / :func:`sphere_nearest`: SciPy's ``cKDTree`` on 3-d unit vectors,
  several times faster (all cores) and what the library uses for national-scale queries.
  The straight-line (chord) distance ``c`` between two unit vectors and the great-circle
  distance ``d`` are tied exactly by ``c = 2 sin(d / 2R)``, ``d = 2R asin(c / 2)``
  (:func:`chord_to_m`, :func:`m_to_chord`), a monotone map, so the k-d tree finds the
  same neighbours and the same points within a radius.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from scipy.spatial import cKDTree
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
    x1, y1, x2, y2 = (np.radians(np.asarray(a, dtype=float)) for a in (lon1, lat1, lon2, lat2))
    a = np.sin((y2 - y1) / 2) ** 2 + np.cos(y1) * np.cos(y2) * np.sin((x2 - x1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def balltree(lonlat: npt.ArrayLike) -> BallTree:
    """A haversine :class:`~sklearn.neighbors.BallTree` over ``[lon, lat]`` degree points."""
    from sklearn.neighbors import BallTree  # 1.1 s to import: only where a tree is built

    return BallTree(_radians_latlon(lonlat), metric="haversine")


def nearest(
    query_lonlat: npt.ArrayLike,
    target_lonlat: npt.ArrayLike,
    k: int = 1,
    tree: BallTree | None = None,
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
        q,
        r=(radius_m + ON_RADIUS_M) / EARTH_RADIUS_M,
        return_distance=True,
        sort_results=sort_results,
    )
    return idx, np.array([d * EARTH_RADIUS_M for d in dist], dtype=object)


def near_box(
    query_lonlat: npt.ArrayLike, target_lonlat: npt.ArrayLike, radius_m: float
) -> np.ndarray:
    """Which targets lie in the queries' longitude/latitude box grown by ``radius_m``.

    A cheap, conservative filter before a radius search: every target within ``radius_m``
    of some query is in the box. The latitude margin is the radius's angle; the longitude
    margin ``asin(sin r / cos φ)`` at the highest latitude ``φ`` the grown box reaches (the
    widest a circle of radius ``r`` gets in longitude there). Near a pole, or where the
    grown box crosses the 180th meridian, longitude is not filtered.

    Returns
    -------
    numpy.ndarray
        Boolean mask over the targets.
    """
    q = np.asarray(query_lonlat, dtype=float).reshape(-1, 2)
    t = np.asarray(target_lonlat, dtype=float).reshape(-1, 2)
    if len(q) == 0:
        return np.zeros(len(t), dtype=bool)
    r = radius_m / EARTH_RADIUS_M * (1 + 1e-9) + 1e-12  # radians, rounding kept outside
    lat = np.radians(q[:, 1])
    lat_lo, lat_hi = lat.min() - r, lat.max() + r
    t_lat = np.radians(t[:, 1])
    mask = (t_lat >= lat_lo) & (t_lat <= lat_hi)
    highest = max(abs(lat_lo), abs(lat_hi))
    if highest < np.pi / 2 and np.sin(r) < np.cos(highest):
        margin = np.degrees(np.arcsin(np.sin(r) / np.cos(highest))) * (1 + 1e-9)
        lon_lo, lon_hi = q[:, 0].min() - margin, q[:, 0].max() + margin
        if lon_lo >= -180 and lon_hi <= 180:
            mask &= (t[:, 0] >= lon_lo) & (t[:, 0] <= lon_hi)
    return mask


def pairs_within(
    query_lonlat: npt.ArrayLike,
    target_lonlat: npt.ArrayLike,
    radius_m: float,
    tree: BallTree | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat (query, target, distance) triples for every pair closer than ``radius_m``.

    Without ``tree`` the search tree is built only on the targets :func:`near_box` keeps
    (Guangdong's 3,000 most populous communities against the country's 440,266 resident
    units: 45,000 in the box, 0.42 → 0.06 s).

    Returns
    -------
    query_index, target_index, distance_m
        Equal-length 1-d arrays, suitable for building a sparse matrix; target positions
        count in ``target_lonlat``.
    """
    targets = np.asarray(target_lonlat, dtype=float).reshape(-1, 2)
    keep = None
    if tree is None:
        mask = near_box(query_lonlat, targets, radius_m)
        if not mask.all():
            keep = np.flatnonzero(mask)
            targets = targets[keep]
    if len(targets) == 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp), np.empty(0)
    idx, dist = within(query_lonlat, targets, radius_m, tree=tree)
    if len(idx) == 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp), np.empty(0)
    counts = np.fromiter((len(i) for i in idx), dtype=np.intp, count=len(idx))
    qi = np.repeat(np.arange(len(idx), dtype=np.intp), counts)
    ti = np.concatenate(idx).astype(np.intp) if counts.sum() else np.empty(0, dtype=np.intp)
    di = np.concatenate(dist).astype(float) if counts.sum() else np.empty(0)
    return qi, (keep[ti] if keep is not None else ti), di


def unit_vectors(lonlat: npt.ArrayLike) -> np.ndarray:
    """``[lon, lat]`` degree points as ``(n, 3)`` unit vectors (x, y, z) on the unit sphere."""
    a = np.radians(np.asarray(lonlat, dtype=float).reshape(-1, 2))
    lon, lat = a[:, 0], a[:, 1]
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def chord_to_m(chord: npt.ArrayLike) -> np.ndarray:
    """Great-circle metres from chord lengths between unit vectors.

    ``d = 2R asin(c / 2)``, the exact inverse of :func:`m_to_chord` (chords are clipped to
    the sphere's diameter, 2); an infinite chord (no neighbour) stays infinite.
    """
    c = np.asarray(chord, dtype=float)
    with np.errstate(invalid="ignore"):
        arc = 2 * EARTH_RADIUS_M * np.arcsin(np.clip(c / 2, 0.0, 1.0))
    return np.where(np.isinf(c), np.inf, arc)


def m_to_chord(distance_m: float) -> float:
    """Chord length between unit vectors whose great-circle distance is ``distance_m``.

    ``c = 2 sin(d / 2R)``; distances beyond half the circumference give the diameter, 2.
    """
    return float(2 * np.sin(min(float(distance_m) / (2 * EARTH_RADIUS_M), np.pi / 2)))


ON_RADIUS_M = 1e-6
"""How far beyond a radius a point still counts as within it: a micrometre. A distance
from unit vectors or the haversine is rounded by up to about 1e-9 m here, either way, so
a point lying exactly on the radius (a radius typed as the distance a page showed) would
be in or out by chance, and in on one page but out on another. Every "within" of the
library (coverage, siting, pairing, selection, co-building) uses :func:`within_radius` or
a query radius widened by this."""


def within_radius(distance_m: npt.ArrayLike, radius_m: npt.ArrayLike) -> np.ndarray:
    """Whether each distance is within its radius (metres; :data:`ON_RADIUS_M` of slack)."""
    return np.asarray(distance_m, dtype=float) <= np.asarray(radius_m, dtype=float) + ON_RADIUS_M


def radius_chord(radius_m: npt.ArrayLike) -> np.ndarray:
    """Chord between unit vectors of points ``radius_m`` metres apart, widened by
    :data:`ON_RADIUS_M`: the query radius of a k-d tree on :func:`unit_vectors`."""
    r = np.asarray(radius_m, dtype=float) + ON_RADIUS_M
    return 2 * np.sin(np.minimum(r / (2 * EARTH_RADIUS_M), np.pi / 2))


class SphereIndex:
    """Nearest and within-radius queries on the sphere through a 3-d k-d tree.

    Points become unit vectors (:func:`unit_vectors`) in a :class:`scipy.spatial.cKDTree`;
    chord lengths convert exactly to great-circle metres (:func:`chord_to_m`), so the
    answers are those of the haversine :func:`nearest` and :func:`within`, several times
    faster on 100,000 points (``tests/unit/test_distance.py`` checks both against brute-force
    haversine).

    Parameters
    ----------
    lonlat
        ``(m, 2)`` array of ``[lon, lat]`` degrees (WGS-84) to index.
    """

    def __init__(self, lonlat: npt.ArrayLike) -> None:
        from scipy.spatial import cKDTree

        self.tree: cKDTree = cKDTree(unit_vectors(lonlat))

    def __len__(self) -> int:
        return int(self.tree.n)

    def nearest(self, query_lonlat: npt.ArrayLike, k: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest indexed points of every query point, like :func:`nearest`.

        Parameters
        ----------
        query_lonlat
            ``(n, 2)`` array of ``[lon, lat]`` degrees.
        k
            Neighbours per query point (capped at the number indexed).

        Returns
        -------
        distances_m, indices
            ``(n, k)`` arrays: great-circle metres (ascending) and row positions.
        """
        q = unit_vectors(query_lonlat)
        k = min(int(k), len(self))
        if len(q) == 0 or k <= 0:
            return np.zeros((len(q), max(k, 0))), np.zeros((len(q), max(k, 0)), dtype=np.intp)
        chord, idx = self.tree.query(q, k=k, workers=-1)
        shape = (len(q), k)
        return chord_to_m(chord).reshape(shape), np.asarray(idx, dtype=np.intp).reshape(shape)

    def nearest_m(self, query_lonlat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """The nearest indexed point of every query point, as flat ``(n,)`` arrays.

        Returns
        -------
        distances_m, indices
            Great-circle metres and row positions (``inf`` and ``len(self)`` when the index
            is empty).
        """
        chord, idx = self.tree.query(unit_vectors(query_lonlat), k=1, workers=-1)
        return chord_to_m(chord), np.asarray(idx, dtype=np.intp)

    def within(self, point_lonlat: npt.ArrayLike, radius_m: float) -> list[int]:
        """Row positions of the indexed points within ``radius_m`` metres of one point."""
        r = float(radius_chord(radius_m))
        return self.tree.query_ball_point(unit_vectors(point_lonlat)[0], r=r)

    def count_within(self, query_lonlat: npt.ArrayLike, radius_m: float) -> np.ndarray:
        """How many indexed points lie within ``radius_m`` metres of each query point (float)."""
        r = float(radius_chord(radius_m))
        counts = self.tree.query_ball_point(
            unit_vectors(query_lonlat), r=r, return_length=True, workers=-1
        )
        return np.asarray(counts, dtype=float).reshape(-1)

    def pairs_within(self, other: SphereIndex, radius_m: float) -> tuple[np.ndarray, np.ndarray]:
        """Every pair (row here, row in ``other``) closer than ``radius_m`` metres.

        Returns
        -------
        index, other_index
            Equal-length 1-d arrays of row positions, in no particular order.
        """
        r = float(radius_chord(radius_m))
        pairs = self.tree.sparse_distance_matrix(other.tree, r, output_type="ndarray")
        return pairs["i"].astype(np.intp), pairs["j"].astype(np.intp)


def sphere_nearest(
    query_lonlat: npt.ArrayLike, target_lonlat: npt.ArrayLike, k: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`nearest` (same parameters and results) through a :class:`SphereIndex`.

    Builds a k-d tree on the targets' unit vectors for one query; keep a
    :class:`SphereIndex` to query the same targets again.
    """
    return SphereIndex(target_lonlat).nearest(query_lonlat, k=k)
