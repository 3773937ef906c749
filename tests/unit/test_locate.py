"""The one point-in-county lookup (:mod:`geo.dataset.locate`): inside, on a shared edge,
outside, with a hint, and the county codes the data build writes."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

from geo.dataset.locate import M_PER_DEGREE, locate, locate_counties


@pytest.fixture
def counties() -> gpd.GeoDataFrame:
    # two unit squares sharing the edge x = 1, listed in code order
    return gpd.GeoDataFrame(
        {"code": ["110101", "110102"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=4326
    )


def test_inside_on_a_shared_edge_outside_and_missing(counties):
    lon = np.array([0.5, 1.5, 1.0, 2.5, np.nan])
    lat = np.array([0.5, 0.5, 0.5, 0.5, 0.5])
    position, dist = locate(lon, lat, counties)
    assert position.tolist() == [0, 1, 0, 1, -1]  # the edge goes to the county listed first
    assert dist[:3].tolist() == [0.0, 0.0, 0.0]
    assert dist[3] == pytest.approx(0.5 * M_PER_DEGREE)
    assert np.isinf(dist[4])


def test_a_hint_gives_the_same_answer_as_the_index(counties):
    lon, lat = np.array([0.5, 1.5, 1.0]), np.array([0.5, 0.5, 0.2])
    plain = locate(lon, lat, counties)
    hinted = locate(lon, lat, counties, hint=np.array([0, 0, 1]))  # two hints are wrong
    assert plain[0].tolist() == hinted[0].tolist() == [0, 1, 0]


def test_county_codes_as_the_build_writes_them(counties):
    codes = locate_counties(
        np.array([1.5, 1.0, 3.0, np.nan]), np.array([0.5, 0.5, 0.5, 1.0]), counties
    )
    assert codes.tolist() == ["110102", "110101", "110102", ""]
