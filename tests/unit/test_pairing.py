"""Community–campus pairing: optimality against independent solvers, capacities, reasons."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment, linprog

from geo import i18n
from geo.analysis import pairing
from geo.core.distance import haversine_m
from geo.core.errors import InputError
from geo.export import pairing_tables
from tests._deps import examples

M_PER_DEG_LAT = 111_195.0
"""Metres per degree of latitude on the sphere used by geo.core.distance."""


def _instance(n: int, m: int, seed: int, cities: int = 2, spread: float = 0.08):
    """Random communities and campuses around (113°E, 23°N) in a few cities."""
    rng = np.random.default_rng(seed)
    comm = pd.DataFrame(
        {
            "id": [f"C{i}" for i in range(n)],
            "name": [f"社区{i}" for i in range(n)],
            "lon": 113 + rng.normal(0, spread, n),
            "lat": 23 + rng.normal(0, spread, n),
            "city_code": rng.choice([f"44{c:02d}" for c in range(1, cities + 1)], n),
        }
    )
    camp = pd.DataFrame(
        {
            "id": [f"U{j}" for j in range(m)],
            "university": [f"大学{j}" for j in range(m)],
            "campus": "主校区",
            "lon": 113 + rng.normal(0, spread, m),
            "lat": 23 + rng.normal(0, spread, m),
            "city_code": rng.choice([f"44{c:02d}" for c in range(1, cities + 1)], m),
            "school_type": rng.choice(["本科", "专科"], m),
        }
    )
    return comm, camp


def _cost_matrix(comm, camp, max_m, penalty_m):
    """Dense penalised cost matrix (inf where out of range), computed independently."""
    d = haversine_m(
        comm["lon"].to_numpy()[:, None],
        comm["lat"].to_numpy()[:, None],
        camp["lon"].to_numpy()[None, :],
        camp["lat"].to_numpy()[None, :],
    )
    other = comm["city_code"].to_numpy()[:, None] != camp["city_code"].to_numpy()[None, :]
    cost = np.rint(d) + np.where(other, round(penalty_m), 0)
    return np.where(d <= max_m, cost, np.inf)


def _lsa_optimum(cost: np.ndarray, caps: np.ndarray) -> tuple[int, float]:
    """Pairs and cost of the max-cardinality min-cost assignment, by linear_sum_assignment
    on the capacity-expanded matrix (each campus column repeated ``cap`` times) plus one
    dummy "unpaired" column per community."""
    n = cost.shape[0]
    expanded = np.repeat(cost, caps, axis=1)
    finite = expanded[np.isfinite(expanded)]
    big = (finite.max() + 1) * (n + 2) if finite.size else 1.0
    full = np.hstack([np.where(np.isfinite(expanded), expanded, big * 10), np.full((n, n), big)])
    rows, cols = linear_sum_assignment(full)
    chosen = full[rows, cols]
    real = chosen < big
    return int(real.sum()), float(chosen[real].sum())


@pytest.mark.parametrize("seed", range(25))
def test_optimal_total_cost_equals_linear_sum_assignment_with_expanded_capacities(seed):
    rng = np.random.default_rng(1000 + seed)
    n, m = int(rng.integers(2, 16)), int(rng.integers(1, 6))
    cap = int(rng.integers(1, 4))
    max_m = float(rng.choice([6_000, 12_000, 40_000]))
    comm, camp = _instance(n, m, seed)
    result = pairing.pair(
        comm, camp, capacity=cap, max_distance_m=max_m, other_city_penalty_m=3_000, k=m
    )
    pairs, cost = _lsa_optimum(_cost_matrix(comm, camp, max_m, 3_000), np.full(m, cap))
    assert (result.summary.pairs, result.summary.total_cost_m) == (pairs, cost)


@pytest.mark.parametrize("seed", range(10))
def test_per_type_capacities_match_linear_sum_assignment(seed):
    comm, camp = _instance(14, 5, 200 + seed)
    by_type = {"本科": 3, "专科": 1}
    result = pairing.pair(
        comm, camp, capacity=9, capacity_by_type=by_type, k=5, max_distance_m=30_000
    )
    caps = camp["school_type"].map(by_type).to_numpy()
    pairs, cost = _lsa_optimum(_cost_matrix(comm, camp, 30_000, 5_000), caps)
    assert (result.summary.pairs, result.summary.total_cost_m) == (pairs, cost)


def _lp_optimum(cost: np.ndarray, caps: np.ndarray, need) -> tuple[int, float]:
    """Max-pairs-then-min-cost with ``need`` (one number, or one per community) distinct
    campuses per community, as an LP (the constraint matrix is totally unimodular, so the
    LP optimum is integral)."""
    n, m = cost.shape
    need = np.broadcast_to(np.asarray(need), (n,))
    arcs = [(i, j) for i in range(n) for j in range(m) if np.isfinite(cost[i, j])]
    c_real = np.array([cost[i, j] for i, j in arcs])
    big = (c_real.max() + 1) * (n + 2) if len(arcs) else 1.0
    # variables: x_arc (0..1), then one slack u_i (0..need) per community at cost big
    c = np.concatenate([c_real, np.full(n, big)])
    a_eq = np.zeros((n, len(arcs) + n))
    a_ub = np.zeros((m, len(arcs) + n))
    for a, (i, j) in enumerate(arcs):
        a_eq[i, a] = 1
        a_ub[j, a] = 1
    a_eq[np.arange(n), len(arcs) + np.arange(n)] = 1
    bounds = [(0, 1)] * len(arcs) + [(0, int(q)) for q in need]
    res = linprog(c, A_ub=a_ub, b_ub=caps, A_eq=a_eq, b_eq=need, bounds=bounds, method="highs")
    x = np.rint(res.x[: len(arcs)])
    return int(x.sum()), float(c_real @ x)


@pytest.mark.parametrize("seed", range(10))
def test_optimal_with_several_campuses_per_community_matches_lp(seed):
    comm, camp = _instance(10, 6, 300 + seed)
    result = pairing.pair(comm, camp, capacity=3, per_community=2, k=6, max_distance_m=12_000)
    pairs, cost = _lp_optimum(_cost_matrix(comm, camp, 12_000, 5_000), np.full(6, 3), 2)
    assert (result.summary.pairs, result.summary.total_cost_m) == (pairs, cost)


def _kept(comm, camp, seed: int) -> pd.DataFrame:
    """Agreements on record for about a third of the communities: one or two campuses
    each, any distance (some beyond the maximum), some campuses agreed with twice."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in rng.choice(len(comm), size=max(1, len(comm) // 3), replace=False):
        for j in rng.choice(len(camp), size=int(rng.integers(1, 3)), replace=False):
            rows.append((comm["id"].iloc[i], camp["id"].iloc[j]))
    return pd.DataFrame(rows, columns=["community_id", "campus_id"])


@pytest.mark.parametrize("seed", range(10))
def test_kept_pairs_stay_and_the_rest_is_optimal_over_what_they_leave(seed):
    """The oracle: the LP of the reduced problem, where a community needs only what its
    kept pairs do not give, a campus has only the places they leave, and a kept pair is not
    a candidate again. The pairing is that optimum plus the kept pairs."""
    comm, camp = _instance(12, 6, 700 + seed)
    kept = _kept(comm, camp, seed)
    cap, need, max_m = 3, 2, 12_000
    r = pairing.pair(
        comm, camp, capacity=cap, per_community=need, k=6, max_distance_m=max_m, kept=kept
    )
    got = set(
        zip(
            r.pairs.loc[r.pairs["kept"], "community_id"],
            r.pairs.loc[r.pairs["kept"], "campus_id"],
            strict=True,
        )
    )
    assert got == set(zip(kept["community_id"], kept["campus_id"], strict=True))
    assert (r.pairs.loc[r.pairs["kept"], "rank"] == 0).all() and r.summary.kept == len(kept)
    cost = _cost_matrix(comm, camp, max_m, 5_000)
    ci = pd.Index(comm["id"]).get_indexer(kept["community_id"])
    cj = pd.Index(camp["id"]).get_indexer(kept["campus_id"])
    kept_cost = np.rint(
        haversine_m(
            comm["lon"].to_numpy()[ci],
            comm["lat"].to_numpy()[ci],
            camp["lon"].to_numpy()[cj],
            camp["lat"].to_numpy()[cj],
        )
    ) + np.where(comm["city_code"].to_numpy()[ci] != camp["city_code"].to_numpy()[cj], 5_000, 0)
    cost[ci, cj] = np.inf
    has = np.bincount(ci, minlength=len(comm))
    left = np.maximum(cap - np.bincount(cj, minlength=len(camp)), 0)
    pairs, rest = _lp_optimum(cost, left, np.maximum(need - has, 0))
    assert r.summary.pairs == pairs + len(kept)
    assert r.summary.total_cost_m == rest + kept_cost.sum()
    assert not r.pairs.duplicated(["community_id", "campus_id"]).any()
    new = r.pairs.loc[~r.pairs["kept"]]
    assert (new["distance_m"] <= max_m).all()
    # a campus takes new communities only up to what its agreements leave
    taken = new["campus_id"].value_counts().reindex(camp["id"], fill_value=0).to_numpy()
    assert (taken <= left).all()


def test_kept_pairs_with_networkx_and_nearest_methods():
    comm, camp = _instance(40, 7, 811)
    kept = _kept(comm, camp, 811)
    kwargs = {"capacity": 4, "per_community": 2, "k": 7, "max_distance_m": 15_000, "kept": kept}
    a = pairing.pair(comm, camp, solver="ortools", **kwargs).summary
    b = pairing.pair(comm, camp, solver="networkx", **kwargs).summary
    assert (a.pairs, a.total_cost_m, a.kept) == (b.pairs, b.total_cost_m, b.kept)
    near = pairing.pair(comm, camp, method="nearest", **kwargs)
    per = near.pairs.groupby("community_id").size()
    has = kept.drop_duplicates().groupby("community_id").size()
    # a community with kept pairs gets only what they lack, nearest first
    for cid, n_kept in has.items():
        assert per[cid] == max(2, n_kept) or cid in set(near.unpaired["community_id"])
    assert near.summary.kept == len(kept)


def test_a_kept_pair_is_kept_beyond_the_distance_and_over_capacity():
    # U holds agreements with A and B (capacity 1: over by one); C, 1 km from U, gets nothing
    # from it; D's agreement is with W, 80 km away, beyond the 15 km maximum
    camp = _points(
        [("U", 113.0, 23.0, "4401"), ("W", 113.0, 23.0 + 80_000 / M_PER_DEG_LAT, "4402")]
    )
    comm = _points(
        [
            ("A", 113.0, 23.0 + 500 / M_PER_DEG_LAT, "4401"),
            ("B", 113.0, 23.0 - 500 / M_PER_DEG_LAT, "4401"),
            ("C", 113.0, 23.0 + 1_000 / M_PER_DEG_LAT, "4401"),
            ("D", 113.0, 23.0 + 2_000 / M_PER_DEG_LAT, "4401"),
        ]
    )
    kept = pd.DataFrame(
        {
            "community_id": ["A", "B", "D", "A", "Z"],  # A twice; Z not being paired
            "campus_id": ["U", "U", "W", "U", "U"],
        }
    )
    r = pairing.pair(comm, camp, capacity=1, max_distance_m=15_000, kept=kept)
    assert sorted(zip(r.pairs["community_id"], r.pairs["campus_id"], strict=True)) == [
        ("A", "U"),
        ("B", "U"),
        ("D", "W"),
    ]
    assert r.pairs["kept"].all() and r.summary.kept == 3
    assert r.unpaired.set_index("community_id").loc["C", "reason"] == pairing.REASON_FULL
    load = r.load.set_index("campus_id")
    assert (load.loc["U", "assigned"], load.loc["U", "over"]) == (2, 1)
    assert r.summary.campuses_over_capacity == 1
    d = r.pairs.set_index("community_id").loc["D"]
    assert d["distance_m"] == pytest.approx(78_000, abs=50) and d["same_city"] == False  # noqa: E712
    assert d["penalised_cost_m"] == round(d["distance_m"]) + pairing.DEFAULT_OTHER_CITY_PENALTY_M


def test_agreement_records_become_the_pairs_to_keep_of_the_layers_being_paired():
    comm, camp = _instance(3, 2, 5)
    records = pd.DataFrame(
        {
            "community_id": ["C0", "C0", "C1", "C2", "Z9"],
            "kind": ["campus", "resident_unit", "campus", "campus", "campus"],
            "partner_id": ["U1", "R1", "U-gone", "U0", "U0"],
        }
    )
    pairs = pairing.campus_agreements(records)
    assert pairs.values.tolist() == [["C0", "U1"], ["C1", "U-gone"], ["C2", "U0"], ["Z9", "U0"]]
    kept, unknown = pairing.agreed_pairs(pairs, comm, camp)
    assert kept.values.tolist() == [["C0", "U1"], ["C2", "U0"]] and unknown == 1
    assert pairing.agreed_pairs(pairs.iloc[[1]], comm, camp) == (None, 1)


def test_a_kept_pair_naming_an_unknown_campus_says_row_and_column():
    comm, camp = _instance(5, 3, 9)
    kept = pd.DataFrame({"community_id": ["C0", "C1"], "campus_id": ["U0", "U9"]})
    with pytest.raises(InputError) as info:
        pairing.pair(comm, camp, kept=kept)
    (p,) = info.value.problems
    assert (p.row, p.column, p.code, p.params["value"]) == (3, "campus_id", "unknown_id", "U9")
    assert "U9" in i18n.problem_text(p, "zh") and "campus layer" in i18n.problem_text(p, "en")
    with pytest.raises(InputError) as info:
        pairing.pair(comm, camp, kept=kept[["campus_id"]])
    assert info.value.problems[0].column == "community_id"


@pytest.mark.parametrize("seed", range(5))
def test_networkx_solver_reaches_the_same_optimum_as_ortools(seed):
    comm, camp = _instance(60, 8, 400 + seed)
    kwargs = {"capacity": 4, "per_community": 2, "k": 6, "max_distance_m": 15_000}
    a = pairing.pair(comm, camp, solver="ortools", **kwargs).summary
    b = pairing.pair(comm, camp, solver="networkx", **kwargs).summary
    assert (a.pairs, a.total_cost_m) == (b.pairs, b.total_cost_m)


@settings(max_examples=examples(40), deadline=None)
@given(
    n=st.integers(1, 40),
    m=st.integers(1, 8),
    cap=st.integers(0, 4),
    need=st.integers(1, 3),
    seed=st.integers(0, 10_000),
)
def test_capacities_are_never_exceeded_and_campuses_are_distinct(n, m, cap, need, seed):
    comm, camp = _instance(n, m, seed)
    r = pairing.pair(
        comm, camp, capacity=cap, per_community=need, k=max(need, 4), max_distance_m=20_000
    )
    load = r.pairs["campus_id"].value_counts()
    assert (load <= cap).all() and not r.pairs.duplicated(["community_id", "campus_id"]).any()
    assert (r.pairs.groupby("community_id").size() <= need).all()
    assert r.summary.campuses_over_capacity == 0 and r.load["over"].sum() == 0


def _points(rows: list[tuple[str, float, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "lon", "lat", "city_code"]).assign(
        name=lambda f: f["id"]
    )


def test_unpaired_reasons_on_constructed_cases():
    # campus U at the origin with capacity 1; A and B both 1 km away, C 50 km away;
    # D needs... n = 1 here; A is closer than B so A gets U and B is left: campuses_full.
    camp = _points([("U", 113.0, 23.0, "4401")])
    comm = _points(
        [
            ("A", 113.0, 23.0 + 900 / M_PER_DEG_LAT, "4401"),
            ("B", 113.0, 23.0 - 1_000 / M_PER_DEG_LAT, "4401"),
            ("C", 113.0, 23.0 + 50_000 / M_PER_DEG_LAT, "4401"),
        ]
    )
    r = pairing.pair(comm, camp, capacity=1, max_distance_m=15_000)
    assert r.pairs["community_id"].tolist() == ["A"]
    reasons = dict(zip(r.unpaired["community_id"], r.unpaired["reason"], strict=True))
    assert reasons == {"B": pairing.REASON_FULL, "C": pairing.REASON_NO_CAMPUS}


def test_too_few_in_range_when_fewer_campuses_than_required():
    camp = _points([("U1", 113.0, 23.0, "4401"), ("U2", 113.0, 24.0, "4401")])
    comm = _points([("A", 113.0, 23.0 + 2_000 / M_PER_DEG_LAT, "4401")])
    r = pairing.pair(comm, camp, capacity=5, per_community=2, max_distance_m=15_000)
    row = r.unpaired.iloc[0]
    assert (row["reason"], row["assigned"], row["in_range"]) == (pairing.REASON_TOO_FEW, 1, 1)


def _full_ones_then_room(kinds: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Community A at the origin; campuses 1, 2, 3 … km north of it of the kinds given."""
    comm = _points([("A", 113.0, 23.0, "4401")])
    camp = _points(
        [(f"U{d}", 113.0, 23.0 + d * 1_000 / M_PER_DEG_LAT, "4401") for d in range(1, 4)]
    ).assign(school_type=kinds)
    return comm, camp


@pytest.mark.parametrize("solver", pairing.SOLVERS)
def test_a_campus_with_room_beyond_the_k_nearest_is_used_before_calling_them_full(solver):
    # the 2 nearest take no community (undergraduate capacity 0); the third, 3 km away and
    # well within 15 km, has room: the community is paired with it, not "all full"
    comm, camp = _full_ones_then_room(["本科", "本科", "专科"])
    r = pairing.pair(
        comm, camp, k=2, capacity=1, capacity_by_type={"本科": 0}, max_distance_m=15_000,
        solver=solver,
    )  # fmt: skip
    assert r.pairs[["campus_id", "rank"]].values.tolist() == [["U3", 3]]
    assert r.unpaired.empty and r.summary.paired == 1


def test_campuses_full_counts_every_campus_in_range_when_all_are_full():
    comm, camp = _full_ones_then_room(["本科", "本科", "本科"])
    r = pairing.pair(comm, camp, k=2, capacity_by_type={"本科": 0}, max_distance_m=15_000)
    row = r.unpaired.iloc[0]
    assert (row["reason"], row["in_range"]) == (pairing.REASON_FULL, 3)
    r = pairing.pair(comm, camp, k=2, per_community=2, capacity=1, max_distance_m=2_500)
    assert r.unpaired.empty and r.pairs["campus_id"].tolist() == ["U1", "U2"]


def test_a_kept_pair_among_the_k_nearest_does_not_hide_the_rest_in_range():
    # U1 kept, U2 takes none: of the 2 nearest nothing is left, but U3 is in range
    comm, camp = _full_ones_then_room(["专科", "本科", "专科"])
    kept = pd.DataFrame({"community_id": ["A"], "campus_id": ["U1"]})
    r = pairing.pair(
        comm, camp, k=2, per_community=2, capacity_by_type={"本科": 0}, max_distance_m=15_000,
        kept=kept,
    )  # fmt: skip
    assert r.pairs[["campus_id", "kept"]].values.tolist() == [["U1", True], ["U3", False]]
    assert r.unpaired.empty


def test_real_haidian_pairing_with_vocational_campuses_only_leaves_no_one_falsely_full(layers):
    # the 60 most populous communities of Beijing's four central districts, undergraduate
    # campuses taking none: C110108-0148's 20 nearest campuses are all full, but 5
    # vocational campuses within 15 km had room (it was left unpaired, "all full")
    comm = layers.communities[
        layers.communities["county_code"].isin(["110108", "110105", "110102", "110101"])
    ].nlargest(60, "youth")
    camp = layers.campuses
    r = pairing.pair(comm, camp, capacity=5, capacity_by_type={"本科": 0, "专科": 5})
    assert r.summary.unpaired == 0 and r.summary.paired == 60
    assert (r.load["assigned"] <= r.load["capacity"]).all()
    assert r.pairs["distance_m"].max() <= 15_000


def test_other_city_penalty_prefers_a_farther_same_city_campus():
    comm = _points([("A", 113.0, 23.0, "4401")])
    camp = _points(
        [
            ("near_other_city", 113.0, 23.0 + 1_000 / M_PER_DEG_LAT, "4406"),
            ("far_same_city", 113.0, 23.0 - 3_000 / M_PER_DEG_LAT, "4401"),
        ]
    )
    with_penalty = pairing.pair(comm, camp, other_city_penalty_m=5_000)
    without = pairing.pair(comm, camp, other_city_penalty_m=0)
    assert with_penalty.pairs["campus_id"].tolist() == ["far_same_city"]
    assert without.pairs["campus_id"].tolist() == ["near_other_city"]


def test_optimal_moves_a_community_to_let_another_be_served():
    # A sits between U1 and U2; B only reaches U1. Nearest gives both U1 (over capacity);
    # optimal sends A to U2 so both are served within capacity 1.
    camp = _points(
        [("U1", 113.0, 23.0, "4401"), ("U2", 113.0, 23.0 + 4_000 / M_PER_DEG_LAT, "4401")]
    )
    comm = _points(
        [
            ("A", 113.0, 23.0 + 1_500 / M_PER_DEG_LAT, "4401"),
            ("B", 113.0, 23.0 - 10_000 / M_PER_DEG_LAT, "4401"),
        ]
    )
    opt = pairing.pair(comm, camp, capacity=1, max_distance_m=12_000)
    near = pairing.pair(comm, camp, capacity=1, max_distance_m=12_000, method="nearest")
    assert dict(zip(opt.pairs["community_id"], opt.pairs["campus_id"], strict=True)) == {
        "A": "U2",
        "B": "U1",
    }
    assert near.summary.campuses_over_capacity == 1 and opt.summary.campuses_over_capacity == 0


def test_nearest_pairing_takes_the_n_nearest_in_range_campuses():
    comm, camp = _instance(30, 7, 7)
    r = pairing.pair(comm, camp, method="nearest", per_community=2, max_distance_m=50_000)
    d = _cost_matrix(comm, camp, np.inf, 0)
    expected = {comm["id"][i]: set(camp["id"].to_numpy()[np.argsort(d[i])[:2]]) for i in range(30)}
    got = r.pairs.groupby("community_id")["campus_id"].apply(set).to_dict()
    assert got == expected


def test_pairs_keep_ids_and_report_great_circle_distances():
    comm, camp = _instance(40, 6, 9)
    r = pairing.pair(comm, camp, capacity=10)
    p = r.pairs
    expected = haversine_m(p["community_lon"], p["community_lat"], p["campus_lon"], p["campus_lat"])
    assert set(p["community_id"]) <= set(comm["id"]) and set(p["campus_id"]) <= set(camp["id"])
    np.testing.assert_allclose(p["distance_m"], expected, atol=0.1)


def test_lines_run_from_community_to_campus_in_wgs84():
    comm, camp = _instance(20, 4, 11)
    r = pairing.pair(comm, camp, capacity=10)
    gdf = pairing.lines(r.pairs)
    first = np.asarray(gdf.geometry.iloc[0].coords)
    row = r.pairs.iloc[0]
    assert gdf.crs.to_epsg() == 4326
    np.testing.assert_allclose(
        first, [[row.community_lon, row.community_lat], [row.campus_lon, row.campus_lat]]
    )


def test_histogram_counts_every_pair_once():
    comm, camp = _instance(80, 6, 12)
    r = pairing.pair(comm, camp, capacity=20)
    h = pairing.distance_histogram(r.pairs, bin_km=1)
    assert h["count"].sum() == len(r.pairs)


def test_compare_reports_capacity_overruns_of_the_nearest_pairing():
    comm, camp = _instance(60, 3, 13)
    opt = pairing.pair(comm, camp, capacity=5)
    near = pairing.pair(comm, camp, capacity=5, method="nearest")
    table = pairing.compare(opt, near)
    assert table.loc["campuses_over_capacity", "optimal"] == 0
    assert table.loc["campuses_over_capacity", "nearest"] == int((near.load["over"] > 0).sum()) > 0


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [
        ({"capacity": -1}, "capacity"),
        ({"per_community": 0}, "per_community"),
        ({"max_distance_m": 0}, "max_distance"),
        ({"k": 1, "per_community": 2}, "k"),
        ({"method": "greedy"}, "method"),
    ],
)
def test_bad_options_raise_input_error_naming_the_option(kwargs, column):
    comm, camp = _instance(5, 2, 1)
    with pytest.raises(InputError) as err:
        pairing.pair(comm, camp, **kwargs)
    assert err.value.problems[0].column == column


def test_duplicate_ids_and_missing_coordinates_are_reported_with_their_row():
    comm, camp = _instance(5, 2, 1)
    dup = comm.assign(id=["C0", "C1", "C1", "C3", "C4"])
    with pytest.raises(InputError) as err:
        pairing.pair(dup, camp)
    assert (err.value.problems[0].row, err.value.problems[0].column) == (4, "id")
    holes = camp.assign(lat=[23.0, np.nan])
    with pytest.raises(InputError) as err:
        pairing.pair(comm, holes)
    assert (err.value.problems[0].row, err.value.problems[0].column) == (3, "lat")


def test_real_city_pairing_respects_per_type_capacity(layers):
    comm = layers.communities[layers.communities["city_code"] == "4401"]
    r = pairing.pair(comm, layers.campuses, capacity=4, capacity_by_type={"专科": 2})
    merged = r.load.set_index("campus_id")
    assert (merged["assigned"] <= merged["capacity"]).all()
    assert (merged.loc[merged["school_type"] == "专科", "capacity"] == 2).all()
    assert r.summary.paired + r.summary.unpaired == len(comm)
    assert r.summary.same_city_share > 0.9


def test_pairing_map_draws_one_line_layer_per_distance_band_and_escapes_names():
    from geo.maps import pairing as pmap

    comm, camp = _instance(40, 5, 21, spread=0.1)
    comm.loc[0, "name"] = "<script>alert(1)</script>"
    r = pairing.pair(comm, camp, capacity=6, max_distance_m=30_000)
    m = pmap.pairing_map(
        r, lang="zh", boundaries={"province": _no_polygons(), "lines": _no_polygons()}
    )
    bands = set(pmap.distance_band(r.pairs["distance_m"]))
    prefix = i18n.t("pairing.layer.lines", "zh", band="")
    line_groups = [c for c in _walk(m) if str(getattr(c, "layer_name", "")).startswith(prefix)]
    children = [len(g._children) for g in line_groups]  # before rendering adds tooltips
    html_text = m.get_root().render()
    assert "<script>alert(1)</script>" not in html_text
    assert len(line_groups) == len(bands)
    assert children == [1] * len(bands)  # one GeoJSON layer per band, not one per pair
    payloads = [c.payload for g in line_groups for c in _walk(g) if hasattr(c, "payload")]
    assert len(payloads) == len(bands)
    assert all('"canvas":true' in p for p in payloads)  # drawn on a canvas, not SVG paths
    assert "var renderer = d.canvas ? L.canvas(" in html_text


def test_pairing_lines_are_wide_opaque_cased_and_drawn_as_the_legend_shows():
    """2–15 km lines must read on a projector: at least 3 px, opaque, over a dark casing,
    in the colour, width and dash the legend draws for their band."""
    from geo.maps import base
    from geo.maps import pairing as pmap
    from tests._screen import map_payloads
    from tests.unit.test_maps import _legend_html

    comm, camp = _instance(60, 4, 5, spread=0.15)
    r = pairing.pair(comm, camp, capacity=30, max_distance_m=40_000)
    m = pmap.pairing_map(r, boundaries={"province": _no_polygons(), "lines": _no_polygons()})
    lines = [p for p in map_payloads(m.get_root().render()) if "data" in p]
    drawn = set(pmap.distance_band(r.pairs["distance_m"]))
    assert len(lines) == len(drawn) and {1, 2} <= drawn  # 2–5 km and 5–10 km pairs present
    legend = _legend_html(m)
    for band in sorted(drawn):
        (p,) = [p for p in lines if p["style"]["color"] == pmap.BAND_COLORS[band]]
        width = p["style"]["weight"]
        if 1 <= band <= 3:  # 2–15 km
            assert width >= 3.0
        assert p["style"]["opacity"] == 1.0
        assert p["band"]["weight"] > width and p["band"]["color"] == pmap.LINE_CASING[0]
        assert p["pane"] == base.LINES_PANE and p["paneZ"] > 400  # above the areas' SVG
        swatch = f'stroke="{pmap.BAND_COLORS[band]}" stroke-width="{width:g}"'
        assert swatch in legend, band
        assert html.escape(pmap.band_labels()[band]) in legend
    assert legend.count("<line") >= 2 * len(drawn)  # each band: casing and line


def test_kept_agreements_are_a_dotted_layer_of_their_own_in_the_map_and_legend():
    """A meeting sees which lines are agreements on record and which are proposed: the
    kept pairs are one layer (and legend line) of their own, the bands hold the rest."""
    from geo.maps import pairing as pmap
    from tests._screen import map_payloads
    from tests.unit.test_maps import _legend_html

    comm, camp = _instance(20, 4, 33)
    kept = pd.DataFrame({"community_id": ["C0", "C1"], "campus_id": ["U3", "U3"]})
    r = pairing.pair(comm, camp, capacity=10, max_distance_m=40_000, kept=kept)
    no_boundaries = {"province": _no_polygons(), "lines": _no_polygons()}
    colour, width, dash = pmap.KEPT_LINE
    for lang in ("zh", "en"):
        m = pmap.pairing_map(r, lang=lang, boundaries=no_boundaries)
        lines = [p for p in map_payloads(m.get_root().render()) if "data" in p]
        names = {
            p["style"]["color"]: {f["properties"]["community_name"] for f in p["data"]["features"]}
            for p in lines
        }
        assert names.pop(colour) == {"社区0", "社区1"}
        assert set().union(*names.values()) == {f"社区{i}" for i in range(2, 20)}
        (drawn,) = [p for p in lines if p["style"]["color"] == colour]
        assert (drawn["style"]["weight"], drawn["style"]["dashArray"]) == (width, dash)
        legend = _legend_html(m)
        assert html.escape(i18n.t("pairing.layer.kept", lang)) in legend
        assert f'stroke="{colour}" stroke-width="{width:g}"' in legend
    plain = pmap.pairing_map(pairing.pair(comm, camp, capacity=10), boundaries=no_boundaries)
    assert i18n.t("pairing.layer.kept", "zh") not in plain.get_root().render()


def _no_polygons():
    import geopandas as gpd

    return gpd.GeoDataFrame({"code": [], "name": []}, geometry=[], crs="EPSG:4326")


def _walk(element):
    for child in element._children.values():
        yield child
        yield from _walk(child)


def test_compare_as_text_writes_each_figure_in_its_unit():
    comm, camp = _instance(60, 3, 13)
    opt = pairing.pair(comm, camp, capacity=5)
    near = pairing.pair(comm, camp, capacity=5, method="nearest")
    table = pairing.compare(opt, near)
    shown = pairing_tables.compare_for_display(table, "en", text=True).set_index("Figure")
    kept = pairing_tables.compare_for_display(table, "en").set_index("Figure")
    total = table.loc["total_distance_m", "optimal"]
    assert shown.loc["Total distance (m)", "Optimal"] == f"{total:,.0f}"
    share = table.loc["same_city_share", "nearest"]
    assert shown.loc["Same-city share", "Nearest"] == f"{share * 100:.2f}%"
    assert shown.loc["Communities paired", "Optimal"] == f"{opt.summary.paired:,}"
    assert kept.loc["Total distance (m)", "Optimal"] == total  # numbers kept for workbooks
