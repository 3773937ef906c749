"""Conversion between WGS-84, GCJ-02 (AMap/Gaode, Tencent) and BD-09 (Baidu).

GCJ-02 is the obfuscated datum required for maps published in mainland China; BD-09 is
Baidu's further offset of GCJ-02. No maintained package converts arrays of points between
them, so the published formulas are implemented here, vectorised with numpy.

Forward conversions (WGS-84 → GCJ-02 → BD-09) are closed-form. The inverses are solved by
fixed-point iteration to well under a centimetre, far better than the ~1–2 m error of the
one-step approximations in common use. Points outside mainland China's bounding polygon are
passed through unchanged, as the official offset applies only inside it.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from geo.core.params import CRS_NAMES as CRS_NAMES

CrsName = Literal["wgs84", "gcj02", "bd09"]

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02, metres
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = np.pi * 3000.0 / 180.0

# A coarse outline of mainland China (lon, lat): points outside get no offset. Taiwan,
# Hong Kong and Macao are outside the GCJ-02 area in most implementations; the box
# list below follows the widely used rectangle test refined to exclude Taiwan.
_INSIDE_BOXES = (
    (79.446200, 49.220400, 96.330000, 42.889900),
    (109.687200, 54.141500, 135.000200, 39.374200),
    (73.124600, 42.889900, 124.143255, 29.529700),
    (82.968400, 29.529700, 97.035200, 26.718600),
    (97.025300, 29.529700, 124.367395, 20.414096),
    (107.975793, 20.414096, 111.744104, 17.871542),
)
_OUTSIDE_BOXES = (
    (119.921265, 25.398623, 122.497559, 21.785006),  # Taiwan
    (101.865200, 22.284000, 106.665000, 20.098800),
    (106.452500, 21.542200, 108.051000, 20.487800),
    (109.032300, 55.817500, 119.127000, 50.325700),
    (127.456800, 55.817500, 137.022700, 49.557400),
    (131.266200, 44.892200, 137.022700, 42.569200),
)


def in_china(lon: npt.ArrayLike, lat: npt.ArrayLike) -> np.ndarray:
    """Whether points fall inside the area where GCJ-02 applies (mainland China).

    Parameters
    ----------
    lon, lat
        Degrees.

    Returns
    -------
    numpy.ndarray of bool
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    inside = np.zeros(np.broadcast(lon, lat).shape, dtype=bool)
    for w, n, e, s in _INSIDE_BOXES:
        inside |= (lon >= w) & (lon <= e) & (lat >= s) & (lat <= n)
    for w, n, e, s in _OUTSIDE_BOXES:
        inside &= ~((lon >= w) & (lon <= e) & (lat >= s) & (lat <= n))
    return inside


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = lon - 105.0
    y = lat - 35.0
    dlat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    )
    dlon = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    )
    radlat = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * np.pi)
    return dlon, dlat


def _arrays(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    lon_a, lat_a = np.broadcast_arrays(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return lon_a.astype(float, copy=True), lat_a.astype(float, copy=True)


def wgs84_to_gcj02(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Convert WGS-84 degrees to GCJ-02; points outside mainland China are unchanged."""
    lon, lat = _arrays(lon, lat)
    mask = in_china(lon, lat) & np.isfinite(lon) & np.isfinite(lat)
    dlon, dlat = _delta(lon[mask], lat[mask])
    lon[mask] += dlon
    lat[mask] += dlat
    return lon, lat


def gcj02_to_wgs84(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Convert GCJ-02 degrees to WGS-84 by fixed-point iteration (error < 1 mm)."""
    glon, glat = _arrays(lon, lat)
    # Solve for every finite point, then keep the solution where it lies in the area the
    # forward formula shifts: near the edges of that area a point and its GCJ-02 image can
    # fall on different sides, so testing the GCJ-02 point itself would be wrong there.
    mask = np.isfinite(glon) & np.isfinite(glat)
    tlon, tlat = glon[mask], glat[mask]
    wlon, wlat = tlon.copy(), tlat.copy()
    for _ in range(30):
        dlon, dlat = _delta(wlon, wlat)
        nlon, nlat = tlon - dlon, tlat - dlat
        done = np.all(np.abs(nlon - wlon) < 1e-10) and np.all(np.abs(nlat - wlat) < 1e-10)
        wlon, wlat = nlon, nlat
        if done:
            break
    shifted = in_china(wlon, wlat)
    out_lon, out_lat = glon.copy(), glat.copy()
    keep = np.zeros(np.shape(out_lon), dtype=bool)
    keep[mask] = shifted
    out_lon[keep], out_lat[keep] = wlon[shifted], wlat[shifted]
    return out_lon, out_lat


def gcj02_to_bd09(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Convert GCJ-02 degrees to BD-09 (Baidu); points outside mainland China are unchanged."""
    lon, lat = _arrays(lon, lat)
    mask = in_china(lon, lat) & np.isfinite(lon) & np.isfinite(lat)
    x, y = lon[mask], lat[mask]
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    lon[mask] = z * np.cos(theta) + 0.0065
    lat[mask] = z * np.sin(theta) + 0.006
    return lon, lat


def bd09_to_gcj02(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Convert BD-09 degrees to GCJ-02 by fixed-point iteration of the forward formula."""
    blon, blat = _arrays(lon, lat)
    mask = np.isfinite(blon) & np.isfinite(blat)  # solved everywhere, kept where shifted
    tlon, tlat = blon[mask], blat[mask]
    # closed-form first guess
    x, y = tlon - 0.0065, tlat - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    glon, glat = z * np.cos(theta), z * np.sin(theta)
    for _ in range(10):
        zf = np.sqrt(glon * glon + glat * glat) + 0.00002 * np.sin(glat * _X_PI)
        tf = np.arctan2(glat, glon) + 0.000003 * np.cos(glon * _X_PI)
        flon, flat = zf * np.cos(tf) + 0.0065, zf * np.sin(tf) + 0.006
        glon, glat = glon + (tlon - flon), glat + (tlat - flat)
    shifted = in_china(glon, glat)
    out_lon, out_lat = blon.copy(), blat.copy()
    keep = np.zeros(np.shape(out_lon), dtype=bool)
    keep[mask] = shifted
    out_lon[keep], out_lat[keep] = glon[shifted], glat[shifted]
    return out_lon, out_lat


def wgs84_to_bd09(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Convert WGS-84 degrees to BD-09 (via GCJ-02)."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Convert BD-09 degrees to WGS-84 (via GCJ-02)."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


_CONVERTERS = {
    ("wgs84", "gcj02"): wgs84_to_gcj02,
    ("gcj02", "wgs84"): gcj02_to_wgs84,
    ("gcj02", "bd09"): gcj02_to_bd09,
    ("bd09", "gcj02"): bd09_to_gcj02,
    ("wgs84", "bd09"): wgs84_to_bd09,
    ("bd09", "wgs84"): bd09_to_wgs84,
}


def convert(
    lon: npt.ArrayLike, lat: npt.ArrayLike, src: CrsName, dst: CrsName
) -> tuple[np.ndarray, np.ndarray]:
    """Convert points between ``"wgs84"``, ``"gcj02"`` and ``"bd09"``.

    Parameters
    ----------
    lon, lat
        Degrees in ``src``.
    src, dst
        Coordinate system names.

    Returns
    -------
    lon, lat
        New float arrays in ``dst``; NaN stays NaN.

    Raises
    ------
    ValueError
        If a system name is unknown.
    """
    for name in (src, dst):
        if name not in CRS_NAMES:
            raise ValueError(
                f"unknown coordinate system {name!r}; use one of {', '.join(CRS_NAMES)}"
            )
    if src == dst:
        return _arrays(lon, lat)
    return _CONVERTERS[(src, dst)](lon, lat)
