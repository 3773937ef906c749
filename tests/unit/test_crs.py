"""WGS-84 ↔ GCJ-02 ↔ BD-09 conversion against published test vectors and round trips."""

from __future__ import annotations

import numpy as np
import pytest

from geo.core import crs
from geo.core.distance import haversine_m

# Published test vectors of widely used converters (lon, lat):
# - eviltransform (googollee/eviltransform, its unit tests): WGS-84 → GCJ-02 in Shanghai,
#   Shenzhen and Beijing;
# - coordtransform (wandergis/coordtransform, test/app.js): WGS-84 → GCJ-02 and
#   GCJ-02 → BD-09 of (116.404, 39.915).
WGS_TO_GCJ = [
    ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),  # Shanghai
    ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),  # Shenzhen
    ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),  # Beijing
    ((116.404, 39.915), (116.41024449916938, 39.91640428150164)),  # coordtransform
]
GCJ_TO_BD = [((116.404, 39.915), (116.41036949371029, 39.92133699351021))]
# A WGS-84 / GCJ-02 / BD-09 triple from the geotool CLI's tests (Jiaxing, Zhejiang).
CHAIN = (
    (121.0917077, 30.6107779),
    (121.09626935575027, 30.608604331756705),
    (121.10271732371203, 30.61484572185035),
)

CHINA_BOX = ((98.0, 22.0), (122.0, 42.0))
"""A box well inside mainland China for random round trips (lon, lat)."""


def _metres(a: tuple, b: tuple) -> float:
    return float(haversine_m(a[0], a[1], b[0], b[1]))


@pytest.mark.parametrize(("wgs", "gcj"), WGS_TO_GCJ)
def test_wgs84_to_gcj02_matches_published_vectors(wgs, gcj):
    lon, lat = crs.convert(*wgs, "wgs84", "gcj02")
    assert _metres((lon, lat), gcj) < 0.01


@pytest.mark.parametrize(("wgs", "gcj"), WGS_TO_GCJ)
def test_gcj02_to_wgs84_inverts_published_vectors(wgs, gcj):
    lon, lat = crs.convert(*gcj, "gcj02", "wgs84")
    assert _metres((lon, lat), wgs) < 0.01


@pytest.mark.parametrize(("gcj", "bd"), GCJ_TO_BD)
def test_gcj02_to_bd09_matches_published_vector(gcj, bd):
    lon, lat = crs.convert(*gcj, "gcj02", "bd09")
    assert _metres((lon, lat), bd) < 0.01


def test_wgs84_gcj02_bd09_chain_matches_published_triple():
    wgs, gcj, bd = CHAIN
    assert _metres(crs.convert(*wgs, "wgs84", "gcj02"), gcj) < 0.05
    assert _metres(crs.convert(*wgs, "wgs84", "bd09"), bd) < 0.05
    assert _metres(crs.convert(*bd, "bd09", "wgs84"), wgs) < 0.05


def test_offset_is_hundreds_of_metres_in_china():
    """GCJ-02 shifts Beijing by a few hundred metres: a no-op conversion would fail here."""
    lon, lat = crs.convert(116.391349, 39.907375, "wgs84", "gcj02")
    assert 300 < _metres((lon, lat), (116.391349, 39.907375)) < 800


@pytest.mark.parametrize(("src", "dst"), [("wgs84", "gcj02"), ("wgs84", "bd09"), ("gcj02", "bd09")])
def test_round_trip_error_under_one_metre_on_random_points_in_china(src, dst):
    rng = np.random.default_rng(7)
    (w, s), (e, n) = CHINA_BOX
    lon = rng.uniform(w, e, 6_000)
    lat = rng.uniform(s, n, 6_000)
    keep = crs.in_china(lon, lat)  # drop the few that fall in the Taiwan or border boxes
    lon, lat = lon[keep], lat[keep]
    assert len(lon) > 5_000
    back = crs.convert(*crs.convert(lon, lat, src, dst), dst, src)
    assert haversine_m(lon, lat, back[0], back[1]).max() < 1.0


def test_bd09_round_trip_from_bd09_side():
    rng = np.random.default_rng(3)
    lon = rng.uniform(100.0, 120.0, 1_000)
    lat = rng.uniform(24.0, 40.0, 1_000)
    wgs = crs.convert(lon, lat, "bd09", "wgs84")
    back = crs.convert(*wgs, "wgs84", "bd09")
    assert haversine_m(lon, lat, back[0], back[1]).max() < 1.0


@pytest.mark.parametrize(
    ("lon", "lat"),
    [
        (-0.1276, 51.5072),
        (139.6917, 35.6895),
        (121.5654, 25.0330),
        (151.2093, -33.8688),
        (0.0, 0.0),
    ],
    ids=["London", "Tokyo", "Taipei", "Sydney", "null-island"],
)
@pytest.mark.parametrize("dst", ["gcj02", "bd09"])
def test_points_outside_mainland_china_pass_through_unchanged(lon, lat, dst):
    out = crs.convert(lon, lat, "wgs84", dst)
    assert (float(out[0]), float(out[1])) == (lon, lat)
    back = crs.convert(lon, lat, dst, "wgs84")
    assert (float(back[0]), float(back[1])) == (lon, lat)


def test_nan_stays_nan_and_other_points_convert():
    lon = np.array([116.4, np.nan, 121.5])
    lat = np.array([39.9, 31.2, np.nan])
    out_lon, out_lat = crs.convert(lon, lat, "wgs84", "gcj02")
    assert np.isnan(out_lon[1]) and np.isnan(out_lat[2])
    assert out_lon[0] != 116.4


def test_input_arrays_are_not_modified():
    lon = np.array([116.4, 113.3])
    lat = np.array([39.9, 23.1])
    crs.convert(lon, lat, "wgs84", "bd09")
    assert lon.tolist() == [116.4, 113.3] and lat.tolist() == [39.9, 23.1]


def test_unknown_system_name_raises():
    with pytest.raises(ValueError, match="unknown coordinate system"):
        crs.convert(116.4, 39.9, "wgs84", "utm")
