"""Youth Home coverage: nearest distances against brute-force haversine, rates, subsets."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from geo import i18n
from geo.analysis import coverage
from geo.core.distance import haversine_m
from geo.core.errors import InputError


def _points(rng: np.random.Generator, n: int, prefix: str) -> pd.DataFrame:
    lon = rng.uniform(113.0, 113.6, n)
    lat = rng.uniform(22.9, 23.4, n)
    return pd.DataFrame(
        {
            "id": [f"{prefix}{i}" for i in range(n)],
            "lon": lon,
            "lat": lat,
            "youth": rng.integers(0, 3_000, n),
            "province_code": rng.choice(["44", "45"], n),
            "province": "x",
            "city_code": rng.choice(["4401", "4403", "4501"], n),
            "county_code": rng.choice(["440106", "440111", "450102"], n),
            "region": rng.choice(["east", "west"], n),
        }
    )


@pytest.fixture(scope="module")
def case() -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(3)
    communities = _points(rng, 1_500, "C")
    homes = _points(rng, 120, "H")
    brute = haversine_m(
        communities["lon"].to_numpy()[:, None],
        communities["lat"].to_numpy()[:, None],
        homes["lon"].to_numpy()[None, :],
        homes["lat"].to_numpy()[None, :],
    )
    return communities, homes, brute


def test_nearest_distance_matches_brute_force_haversine(case) -> None:
    communities, homes, brute = case
    cov = coverage.community_coverage(communities, homes, 1_000)
    np.testing.assert_allclose(cov["distance_m"], brute.min(axis=1), rtol=1e-9, atol=1e-6)


def test_nearest_home_id_is_a_closest_home(case) -> None:
    communities, homes, brute = case
    cov = coverage.community_coverage(communities, homes, 1_000)
    pos = homes.reset_index().set_index("id").loc[cov["nearest_home_id"], "index"].to_numpy()
    np.testing.assert_allclose(brute[np.arange(len(brute)), pos], brute.min(axis=1), atol=1e-6)


@pytest.mark.parametrize("radius_m", [300, 1_000, 2_500, 5_000])
def test_covered_flag_matches_brute_force_at_every_radius(case, radius_m: float) -> None:
    communities, homes, brute = case
    cov = coverage.community_coverage(communities, homes, radius_m)
    assert (cov["covered"].to_numpy() == (brute.min(axis=1) <= radius_m)).all()
    assert 0 < cov["covered"].sum() < len(cov)


def test_recover_at_another_radius_equals_a_fresh_computation(case) -> None:
    communities, homes, _ = case
    base = coverage.community_coverage(communities, homes, 1_000)
    again = coverage.recover(base, 2_000)
    fresh = coverage.community_coverage(communities, homes, 2_000)
    assert (again["covered"] == fresh["covered"]).all()


def test_output_keeps_ids_index_and_columns(case) -> None:
    communities, homes, _ = case
    cov = coverage.community_coverage(communities, homes)
    assert list(cov["id"]) == list(communities["id"])
    assert set(communities.columns) | set(coverage.RESULT_COLUMNS) == set(cov.columns)


@pytest.mark.parametrize("level", ["region", "province", "city", "county"])
def test_rates_by_level_add_up_and_match_a_groupby(case, level: str) -> None:
    communities, homes, _ = case
    cov = coverage.community_coverage(communities, homes, 1_500)
    rates = coverage.coverage_rates(cov, level)
    key = coverage.LEVEL_COLUMNS[level][0]
    expected = cov.groupby(key).apply(
        lambda g: pd.Series(
            {
                "rate": g["covered"].mean(),
                "youth_rate": g.loc[g["covered"], "youth"].sum() / g["youth"].sum(),
            }
        ),
        include_groups=False,
    )
    assert rates["communities"].sum() == len(cov)
    assert rates["covered"].sum() == cov["covered"].sum()
    got = rates.set_index("code")
    np.testing.assert_allclose(got.loc[expected.index, "coverage_rate"], expected["rate"])
    np.testing.assert_allclose(got.loc[expected.index, "youth_rate"], expected["youth_rate"])


def test_subset_summary_is_the_pilot_full_coverage_check(case) -> None:
    communities, homes, _ = case
    cov = coverage.community_coverage(communities, homes, 1_000)
    covered_ids = list(cov.loc[cov["covered"], "id"][:10])
    mixed = covered_ids + list(cov.loc[~cov["covered"], "id"][:3])
    assert coverage.coverage_summary(cov, 1_000, covered_ids).full
    s = coverage.coverage_summary(cov, 1_000, [*mixed, "NOPE"])
    assert (s.communities, s.covered, s.missing_ids) == (13, 10, ("NOPE",))
    assert not s.full
    assert set(s.uncovered_ids) == set(mixed[10:])


def test_without_youth_homes_nothing_is_covered(case) -> None:
    communities, homes, _ = case
    cov = coverage.community_coverage(communities, homes.iloc[:0], 1_000)
    assert not cov["covered"].any()
    assert np.isinf(cov["distance_m"]).all()


@pytest.mark.parametrize("radius", [0, -5, "abc", float("nan"), 1e9])
def test_bad_radius_is_an_input_error(case, radius) -> None:
    communities, homes, _ = case
    with pytest.raises(InputError):
        coverage.community_coverage(communities, homes, radius)


@pytest.mark.slow
def test_embedded_province_coverage_matches_brute_force_on_a_sample(layers) -> None:
    c = layers.communities[layers.communities["province_code"] == "44"].sample(400, random_state=1)
    h = layers.youth_homes
    cov = coverage.community_coverage(c, h, 1_000)
    brute = haversine_m(
        c["lon"].to_numpy()[:, None],
        c["lat"].to_numpy()[:, None],
        h["lon"].to_numpy()[None, :],
        h["lat"].to_numpy()[None, :],
    ).min(axis=1)
    np.testing.assert_allclose(cov["distance_m"], brute, rtol=1e-9, atol=1e-3)


def test_problems_are_codes_the_catalogue_renders_in_either_language(case) -> None:
    import pandas as pd

    from geo import siting
    from geo.analysis import gaps

    communities, homes = case[0], case[1]
    calls = {
        "radius": lambda: coverage.community_coverage(communities, homes, -5),
        "level": lambda: coverage.coverage_rates(
            coverage.community_coverage(communities, homes), "street"
        ),
        "gap": lambda: gaps.find_gaps(
            coverage.community_coverage(communities, homes), method="kmeans"
        ),
        "k": lambda: siting.MaxCover.from_layers(communities, homes, 500, k=0),
        "points": lambda: siting.MaxCover.from_layers(
            communities, pd.DataFrame({"id": ["a"], "lon": [113.0]}), 500, k=1
        ),
        "solve": lambda: siting.SetCover.from_layers(communities, homes, 500).solve("fast"),
    }
    for name, call in calls.items():
        with pytest.raises(InputError) as err:
            call()
        reasons = {
            lang: " ".join(i18n.problem_text(p, lang) for p in err.value.problems)
            for lang in ("zh", "en")
        }
        assert re.search(r"[\u4e00-\u9fff]", reasons["zh"]), (name, reasons)
        assert not re.search(r"[\u4e00-\u9fff]", reasons["en"]), (name, reasons)
        assert "⟦" not in reasons["zh"] + reasons["en"], (name, reasons)


def test_read_ids_finds_the_id_column_and_names_empty_rows(tmp_path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("社区代码,社区名称\nC1,甲\nC2,乙\nC1,甲\n", encoding="gbk")
    assert coverage.read_ids(path) == ["C1", "C2"]
    path.write_text("社区代码,社区名称\nC1,甲\n,乙\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        coverage.read_ids(path)
    (p,) = err.value.problems
    assert (p.file, p.row, p.column) == ("名单.csv", 3, "社区代码")
    assert i18n.problem_text(p, "en") == "empty community id"
    path.write_text("社区名称\n甲\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        coverage.read_ids(path)
    assert "no community id column" in i18n.problems_text(err.value.problems, "en")
