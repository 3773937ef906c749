"""Coverage gaps: DBSCAN/HDBSCAN on constructed cases with known clusters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from geo.analysis import gaps
from geo.core.distance import haversine_m
from geo.core.errors import InputError

CENTRES = {"A": (116.30, 39.90, 900), "B": (116.50, 39.95, 300), "C": (121.40, 31.20, 600)}
"""Known clusters: centre lon, lat and youth per community (B has the least youth)."""


@pytest.fixture(scope="module")
def case() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    rows = []
    for name, (lon, lat, youth) in CENTRES.items():
        for i in range(25):
            rows.append(
                (f"{name}{i}", lon + rng.normal(0, 0.002), lat + rng.normal(0, 0.002), youth)
            )
    rows += [("N1", 110.0, 30.0, 100), ("N2", 100.0, 25.0, 100), ("N3", 120.0, 35.0, 100)]
    rows += [(f"K{i}", 116.3 + 0.001 * i, 39.9, 100) for i in range(5)]  # covered
    frame = pd.DataFrame(rows, columns=["id", "lon", "lat", "youth"])
    frame["covered"] = frame["id"].str.startswith("K")
    frame["distance_m"] = np.where(frame["covered"], 100.0, 2_000.0)
    frame["nearest_home_id"] = "H-" + frame["id"]
    return frame


def _members(result: gaps.GapResult) -> dict[str, set[str]]:
    m = result.members.dropna(subset=["gap_id"])
    return {g: set(ids) for g, ids in m.groupby("gap_id")["id"]}


def test_dbscan_recovers_the_known_clusters_and_leaves_noise_out(case) -> None:
    result = gaps.find_gaps(case, eps_m=800, min_samples=4)
    found = sorted(sorted(s) for s in _members(result).values())
    expected = sorted(sorted(case.loc[case["id"].str.startswith(k), "id"]) for k in CENTRES)
    assert found == expected
    assert set(result.members.loc[result.members["gap_id"].isna(), "id"]) == {"N1", "N2", "N3"}


def test_gaps_are_ranked_by_youth_uncovered(case) -> None:
    result = gaps.find_gaps(case, eps_m=800, min_samples=4)
    assert list(result.gaps["youth_uncovered"]) == [25 * 900, 25 * 600, 25 * 300]
    assert list(result.gaps["gap_id"]) == ["G1", "G2", "G3"]
    assert _members(result)["G1"] == {f"A{i}" for i in range(25)}


def test_covered_communities_never_join_a_gap(case) -> None:
    result = gaps.find_gaps(case, eps_m=800, min_samples=4)
    assert not result.members["id"].str.startswith("K").any()


def test_hull_contains_its_communities_and_nearest_home_is_reported(case) -> None:
    result = gaps.find_gaps(case, eps_m=800, min_samples=4)
    g1 = result.gaps.iloc[0]
    pts = case[case["id"].str.startswith("A")]
    inside = shapely.covers(g1.geometry.buffer(1e-7), shapely.points(pts["lon"], pts["lat"]))
    assert inside.all()
    assert g1["nearest_home_distance_m"] == 2_000.0
    assert g1["nearest_home_id"].startswith("H-A")


def test_area_of_a_known_square_is_its_true_area() -> None:
    square = pd.DataFrame(
        {
            "id": list("abcde"),
            "lon": [116.0, 116.01, 116.0, 116.01, 116.005],
            "lat": [40.0, 40.0, 40.01, 40.01, 40.005],
            "youth": 1,
            "covered": False,
        }
    )
    result = gaps.find_gaps(square, eps_m=2_000, min_samples=2)
    true_km2 = haversine_m(116, 40, 116.01, 40) * haversine_m(116, 40, 116, 40.01) / 1e6
    assert result.gaps["area_km2"].iloc[0] == pytest.approx(true_km2, rel=2e-3)


def test_collinear_gap_is_buffered_into_a_visible_polygon() -> None:
    line = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "lon": [116.0, 116.003, 116.006],
            "lat": 40.0,
            "youth": 1,
            "covered": False,
        }
    )
    g = gaps.find_gaps(line, eps_m=500, min_samples=2).gaps
    assert len(g) == 1
    assert g.geometry.iloc[0].is_valid and g["area_km2"].iloc[0] > 0


def test_a_single_very_large_uncovered_community_is_a_gap_when_weighted(case) -> None:
    frame = case.copy()
    frame.loc[frame["id"] == "N1", "youth"] = 50_000
    members = _members(gaps.find_gaps(frame, eps_m=800, min_samples=4))
    assert {"N1"} in members.values()


def test_youth_weighting_turns_few_large_communities_into_a_gap() -> None:
    rng = np.random.default_rng(2)
    big = pd.DataFrame(
        {
            "id": [f"b{i}" for i in range(3)],
            "lon": 113.0 + rng.normal(0, 0.001, 3),
            "lat": 23.0 + rng.normal(0, 0.001, 3),
            "youth": 5_000,
        }
    )
    small = pd.DataFrame(
        {
            "id": [f"s{i}" for i in range(30)],
            "lon": rng.uniform(100, 120, 30),
            "lat": rng.uniform(25, 40, 30),
            "youth": 100,
        }
    )
    frame = pd.concat([big, small], ignore_index=True).assign(covered=False)
    assert gaps.find_gaps(frame, eps_m=1_000, min_samples=5).n_gaps == 1
    assert gaps.find_gaps(frame, eps_m=1_000, min_samples=5, weight=None).n_gaps == 0


def test_hdbscan_separates_the_known_clusters(case) -> None:
    # HDBSCAN may attach a far outlier to a cluster; each known cluster must be one gap
    result = gaps.find_gaps(case, min_samples=5, method="hdbscan")
    found = list(_members(result).values())
    assert len(found) == len(CENTRES)
    for k in CENTRES:
        known = set(case.loc[case["id"].str.startswith(k), "id"])
        assert sum(known <= s for s in found) == 1


def test_no_uncovered_community_gives_an_empty_table(case) -> None:
    result = gaps.find_gaps(case.assign(covered=True))
    assert result.n_gaps == 0 and list(result.gaps.columns)[: len(gaps.GAP_COLUMNS)] == list(
        gaps.GAP_COLUMNS
    )


@pytest.mark.parametrize("kwargs", [{"eps_m": 0}, {"min_samples": 0}, {"method": "kmeans"}])
def test_bad_parameters_are_input_errors(case, kwargs) -> None:
    with pytest.raises(InputError):
        gaps.find_gaps(case, **kwargs)


def test_a_list_with_no_youth_counted_is_clustered_by_community_count(case) -> None:
    """An imported list with every youth count 0 once raised scikit-learn's "Sample weights
    must contain at least one non-zero number" on the coverage page."""
    result = gaps.find_gaps(case.assign(youth=0), eps_m=800, min_samples=4)
    found = sorted(sorted(s) for s in _members(result).values())
    expected = sorted(sorted(case.loc[case["id"].str.startswith(k), "id"]) for k in CENTRES)
    assert found == expected
    assert (result.gaps["youth_uncovered"] == 0).all()
