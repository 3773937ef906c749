"""Quota apportionment: Hamilton against hand-worked cases, minimums, overrides, totals."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import i18n
from geo.analysis import quota
from geo.core import regions
from geo.core.errors import InputError
from tests import _scoring_data as sd
from tests._deps import examples


def test_alabama_paradox_is_reproduced_as_hamilton_defines_it():
    base = {"A": 6, "B": 6, "C": 2}
    assert quota.hamilton(base, 10).to_dict() == {"A": 4, "B": 4, "C": 2}
    assert quota.hamilton(base, 11).to_dict() == {"A": 5, "B": 5, "C": 1}


def test_equal_remainders_go_to_the_larger_base_first():
    # exact 2.5, 1.5, 1.0: the remainders of a and b tie; a has the larger base
    assert quota.hamilton({"b": 3, "a": 5, "c": 2}, 5).to_dict() == {"b": 1, "a": 3, "c": 1}


def test_full_ties_go_in_the_order_given():
    assert quota.hamilton({"x": 1, "y": 1, "z": 1}, 2).to_dict() == {"x": 1, "y": 1, "z": 0}
    assert quota.hamilton({"z": 1, "y": 1, "x": 1}, 2).to_dict() == {"z": 1, "y": 1, "x": 0}


def test_minimum_lifts_small_units_and_rebalances_the_rest():
    assert quota.hamilton({"a": 100, "b": 1, "c": 1}, 10, minimum=2).to_dict() == {
        "a": 6,
        "b": 2,
        "c": 2,
    }


def test_override_is_kept_and_the_rest_reapportioned():
    # b and c share 9 seats: exact 7.5 and 1.5, tie on remainder, b has the larger base
    got = quota.hamilton({"a": 100, "b": 50, "c": 10}, 10, overrides={"a": 1}).to_dict()
    assert got == {"a": 1, "b": 8, "c": 1}


def test_maximum_caps_a_unit_and_passes_its_seats_on():
    got = quota.hamilton({"a": 90, "b": 5, "c": 5}, 10, maximum={"a": 4}).to_dict()
    assert got == {"a": 4, "b": 3, "c": 3}


def test_infeasible_minimum_is_an_input_error():
    with pytest.raises(InputError) as err:
        quota.hamilton({"a": 1, "b": 1, "c": 1}, 5, minimum=2)
    text = i18n.problems_text(err.value.problems, "en")
    assert text == "column quota: minimum 2 per unit needs 6 seats but only 5 are left"
    assert "每单位最少 2 个名额共需 6 个" in i18n.problems_text(err.value.problems, "zh")


def test_overrides_above_total_are_an_input_error():
    with pytest.raises(InputError) as err:
        quota.hamilton({"a": 1, "b": 1}, 5, overrides={"a": 6})
    assert "overrides add up to 6" in i18n.problems_text(err.value.problems, "en")


@settings(max_examples=examples(200), deadline=None)
@given(
    bases=st.lists(st.integers(0, 10_000), min_size=1, max_size=32),
    total=st.integers(0, 2_000),
    minimum=st.integers(0, 20),
    n_over=st.integers(0, 3),
)
def test_totals_always_equal_the_target(bases, total, minimum, n_over):
    base = {f"u{i}": b for i, b in enumerate(bases)}
    overrides = {f"u{i}": (i * 7) % 13 for i in range(min(n_over, len(bases) - 1))}
    try:
        seats = quota.hamilton(base, total, minimum=minimum, overrides=overrides)
    except InputError:
        free = [k for k in base if k not in overrides]
        need = sum(overrides.values()) + sum(minimum for k in free if base[k] > 0)
        assert need > total or not free
        return
    assert int(seats.sum()) == total
    for k, v in overrides.items():
        assert seats[k] == v
    for k in base:
        if k not in overrides and base[k] > 0:
            assert seats[k] >= minimum


@settings(max_examples=examples(400), deadline=None)
@given(
    bases=st.lists(st.integers(0, 50), min_size=2, max_size=8),
    total=st.integers(0, 80),
    minimum=st.integers(0, 4),
    caps=st.lists(st.one_of(st.none(), st.integers(0, 12)), min_size=8, max_size=8),
)
def test_minimum_and_caps_together_are_refused_only_when_they_cannot_add_up(
    bases, total, minimum, caps
):
    """With minimums and caps at once, a unit held at its minimum shares again once a cap
    gives seats back: every apportionment the bounds allow is found (before, 17 seats over
    bases 1 and 19 with minimum 2 and a cap of 3 on the second were refused, though 14
    and 3 fit), and a unit of base 0 takes a seat only when every other unit is full.
    Among units off their bounds the result is a largest-remainder apportionment: no seat
    moved from one unit to another brings both nearer to their proportional share."""
    base = {f"u{i}": b for i, b in enumerate(bases)}
    cap = {k: c for k, c in zip(base, caps[: len(base)], strict=True) if c is not None}
    floor = {k: min(minimum, cap.get(k, minimum)) if base[k] > 0 else 0 for k in base}
    room = sum(cap.get(k, total) for k in base)  # an uncapped unit can take them all
    try:
        seats = quota.hamilton(base, total, minimum=minimum, maximum=cap)
    except InputError:
        assert sum(floor.values()) > total or room < total
        return
    assert int(seats.sum()) == total
    for k in base:
        assert floor[k] <= seats[k] <= cap.get(k, total), k
    positive = [k for k in base if base[k] > 0]
    if any(seats[k] for k in base if base[k] == 0):
        assert all(seats[k] == cap.get(k, total + 1) for k in positive)
    for i in positive:
        for j in positive:
            if i != j and seats[i] > floor[i] and seats[j] < cap.get(j, total + 1):
                # seat_i - 1 < λ b_i and λ b_j < seat_j + 1 for one λ (the Hamilton quota)
                assert (seats[i] - 1) * base[j] < (seats[j] + 1) * base[i], (i, j, seats)


def test_national_quotas_add_up_with_xpcc_on_its_own_line():
    bases = quota.unit_bases(sd.communities(600))
    table = quota.national_quotas(bases, total=40, base="urban_communities", minimum=3)
    assert int(table["quota"].sum()) == 40
    assert table.loc[table["unit"] == regions.XPCC_KEY, "quota"].item() >= 3
    assert set(table.loc[table["quota"] > 0, "unit"]) == {"44", "42", "51", "XPCC"}


def test_national_quotas_respect_the_region_split_and_overrides():
    bases = quota.unit_bases(sd.communities(600))
    table = quota.national_quotas(
        bases,
        total=30,
        base="urban_population",
        region_totals={"east": 10, "central": 12, "west": 8},
        overrides={"51": 2},
    )
    by_region = table.groupby("region")["quota"].sum().to_dict()
    assert by_region == {"east": 10, "central": 12, "west": 8}
    assert table.loc[table["unit"] == "51", "quota"].item() == 2
    assert table.loc[table["unit"] == "XPCC", "quota"].item() == 6


def test_city_quotas_reserve_the_focus_share():
    c = sd.communities(600)
    prov = c[c["province_code"] == "44"]  # 4401 Guangzhou (capital) and 4406 Foshan
    table = quota.city_quotas(prov, total=20, base="equal", focus_share=0.7)
    assert int(table["quota"].sum()) == 20
    assert table.loc[table["city_code"] == "4401", "quota"].item() == 14


def test_edited_quota_table_becomes_overrides_and_still_adds_up():
    bases = quota.unit_bases(sd.communities(600))
    table = quota.national_quotas(bases, total=40, base="urban_communities")
    edited = table.copy()
    edited.loc[edited["unit"] == "44", "quota"] = 3
    over = quota.overrides_from_edit(table, edited)
    assert over == {"44": 3}
    again = quota.national_quotas(bases, total=40, base="urban_communities", overrides=over)
    assert quota.totals_check(again, 40) == (True, 0)
    assert again.loc[again["unit"] == "44", "quota"].item() == 3
    assert quota.totals_check(pd.DataFrame({"quota": [1, 2]}), 4) == (False, -1)


_COMMUNITIES = sd.communities(600)


@settings(max_examples=examples(40), deadline=None)
@given(
    total=st.integers(0, 600),
    base=st.sampled_from(quota.BASES),
    minimum=st.integers(0, 30),
    focus_share=st.floats(0, 1),
)
def test_national_and_city_quotas_always_add_up(total, base, minimum, focus_share):
    bases = quota.unit_bases(_COMMUNITIES)
    try:
        table = quota.national_quotas(bases, total, base, minimum)
    except InputError:
        assert 4 * minimum > total  # four units have candidates
        return
    assert int(table["quota"].sum()) == total
    assert (table["quota"] <= table["unit"].map(bases.set_index("unit")["urban_communities"])).all()
    gd = _COMMUNITIES[_COMMUNITIES["province_code"] == "44"]
    n = int(table.loc[table["unit"] == "44", "quota"].item())
    cities = quota.city_quotas(gd, n, base, focus_share)
    assert int(cities["quota"].sum()) == n
    focus = int(cities.loc[cities["focus"], "quota"].sum())
    focus_candidates = int((gd["city_code"] == "4401").sum())
    assert focus >= min(round(n * focus_share + 1e-9), n, focus_candidates) - 1


@pytest.fixture(scope="module")
def national_bases(layers):
    """Bases of the 32 quota units from the embedded 110,000 communities."""
    return quota.unit_bases(layers.communities)


def test_overrides_and_a_minimum_that_fit_are_never_refused(national_bases):
    # Shanxi fixed at 19 with 9 per province: 19 + 31 × 9 = 298 ≤ 309 seats. The west is
    # short of its minimums first; giving it its need must not leave the centre short.
    table = quota.national_quotas(national_bases, 309, "urban_population", 9, overrides={"14": 19})
    assert quota.totals_check(table, 309) == (True, 0)
    assert table.set_index("unit").at["14", "quota"] == 19 and table["quota"].min() >= 9


def test_fixing_every_capital_by_hand_gives_the_rest_to_the_other_cities():
    c = sd.communities(600)
    prov = c[c["province_code"] == "44"]  # 4401 Guangzhou is the only focus city here
    table = quota.city_quotas(prov, 20, "equal", focus_share=0.7, overrides={"4401": 3})
    assert table.set_index("city_code")["quota"].to_dict() == {"4401": 3, "4406": 17}


@settings(max_examples=examples(60), deadline=None)
@given(
    total=st.integers(200, 3_000),
    base=st.sampled_from(quota.BASES),
    minimum=st.integers(0, 10),
    overrides=st.dictionaries(
        st.sampled_from([u.unit for u in regions.quota_units().itertuples()]),
        st.integers(0, 80),
        max_size=5,
    ),
)
def test_national_quotas_with_overrides_always_add_up_on_the_real_units(
    national_bases, total, base, minimum, overrides
):
    """On the 32 real units (XPCC included): the total is kept exactly, every override is
    kept, every other unit with candidates gets at least the minimum and at most its
    candidates, and each region's units add up to the region's line."""
    try:
        table = quota.national_quotas(national_bases, total, base, minimum, overrides=overrides)
    except InputError:  # refused only when the overrides and minimums cannot fit
        assert sum(overrides.values()) + minimum * (32 - len(overrides)) > total
        return
    assert quota.totals_check(table, total) == (True, 0)
    assert len(table) == 32 and regions.XPCC_KEY in set(table["unit"])
    q = table.set_index("unit")["quota"]
    assert all(q[u] == v for u, v in overrides.items())
    caps = national_bases.set_index("unit")["urban_communities"]
    free = [u for u in q.index if u not in overrides and caps[u] > 0]
    assert all(minimum <= q[u] <= caps[u] for u in free)
    assert table.groupby("region")["quota"].sum().sum() == total


@settings(max_examples=examples(40), deadline=None)
@given(
    province=st.sampled_from(["44", "32", "51", "65"]),
    total=st.integers(1, 150),
    focus_share=st.floats(0, 1),
    n_over=st.integers(0, 3),
    seed=st.integers(0, 1_000),
)
def test_city_quotas_with_overrides_always_add_up_on_real_provinces(
    layers, province, total, focus_share, n_over, seed
):
    import numpy as np

    comm = layers.communities[layers.communities["province_code"] == province]
    cities = sorted(comm["city_code"].unique())
    rng = np.random.default_rng(seed)
    picked = rng.choice(cities, size=min(n_over, len(cities) - 1), replace=False)
    overrides = {str(c): int(rng.integers(0, max(1, total // 4) + 1)) for c in picked}
    try:
        table = quota.city_quotas(comm, total, "urban_population", focus_share, overrides=overrides)
    except InputError:  # refused only when the overrides alone exceed the total
        assert sum(overrides.values()) > total
        return
    assert int(table["quota"].sum()) == total
    q = table.set_index("city_code")["quota"]
    assert all(q[c] == v for c, v in overrides.items())
    counts = comm["city_code"].value_counts()
    assert all(q[c] <= counts[c] for c in q.index if c not in overrides)


@pytest.mark.parametrize(
    ("overrides", "share"),
    [({"4401": 0, "4405": 1}, 0.5), ({"4403": 2}, 1.0), ({"4404": 0}, 0.0)],
)
def test_city_quotas_fit_the_seats_each_group_can_hold_around_the_overrides(overrides, share):
    """Guangzhou 3 candidates, Shenzhen 5, three other cities 4, 1 and 2: 15 for 11 seats.
    The focus cities' share was bounded by all their candidates, not by what overrides
    leave them: Guangzhou fixed at 0 left Shenzhen 6 seats for 5 candidates, and the
    feasible table was refused as "caps too low"."""
    sizes = {"4401": 3, "4403": 5, "4404": 4, "4405": 1, "4406": 2}
    codes = [c for c, n in sizes.items() for _ in range(n)]
    pool = pd.DataFrame({"city_code": codes, "city": codes, "population": 1_000})
    t = quota.city_quotas(pool, 11, "equal", share, overrides=overrides).set_index("city_code")
    assert t["quota"].sum() == 11
    assert all(t.loc[c, "quota"] == v for c, v in overrides.items())
    assert all(t.loc[c, "quota"] <= n for c, n in sizes.items())
    focus = int(t.loc[t["focus"], "quota"].sum())
    held = sum(overrides.get(c, sizes[c]) for c in ("4401", "4403"))  # what the focus can hold
    assert focus >= min(round(11 * share), held)  # the reserve, as far as it can be held


def test_city_and_unit_bases_without_a_population_column_count_communities():
    """A pool without ``population`` (a list of ids and cities) raised AttributeError
    ('int' object has no attribute 'fillna') whatever the base."""
    pool = pd.DataFrame({"city_code": ["4401"] * 3 + ["4404"] * 1, "province_code": "44"})
    t = quota.city_quotas(pool, 2, "urban_communities", 0.0).set_index("city_code")
    assert t["quota"].to_dict() == {"4401": 2, "4404": 0} and t["city"].to_dict() == {
        "4401": "4401",
        "4404": "4404",
    }
    bases = quota.unit_bases(pool).set_index("unit")
    assert bases.loc["44", ["urban_communities", "urban_population"]].tolist() == [4, 0.0]


def test_a_unit_with_fewer_candidates_than_the_minimum_gets_them_all(layers):
    """Beijing's and Guangdong's communities with 3 of Tibet's, 100 seats, at least 5 a
    unit: refused as 各单位最多只能容纳 3 个名额，少于 5 (each region was asked for 5 seats
    for every unit, Tibet's 3 candidates notwithstanding); Tibet now gets its 3."""
    c = layers.communities
    tibet = c[c["province_code"] == "54"].head(3)
    pool = pd.concat([c[c["province_code"].isin(["11", "44"])], tibet])
    t = quota.national_quotas(quota.unit_bases(pool), 100, minimum=5).set_index("unit")
    assert t["quota"].sum() == 100 and t.loc["54", "quota"] == 3
    assert t.loc[["11", "44"], "quota"].min() >= 5
    assert (t.drop(index=["11", "44", "54"])["quota"] == 0).all()
