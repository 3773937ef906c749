"""Quota apportionment: the national total to regions, provinces (and the XPCC), cities.

All levels use the largest-remainder (Hamilton) method:

1. every unit's exact quota is ``q_i = R · b_i / Σ b`` for the ``R`` seats to share and
   its base ``b_i`` (all bases zero: equal shares);
2. every unit gets ``floor(q_i)``;
3. the seats left over go one each to the units with the largest remainders
   ``q_i - floor(q_i)``. **Ties** are broken deterministically: larger remainder first,
   then larger base, then the order the units were given in (code order).

On top of that:

* **overrides** fix a unit's quota to a given number; the rest of the seats are
  re-apportioned among the other units;
* a **minimum** per unit (applied to units with a positive base): a unit whose Hamilton
  quota falls below it is fixed at the minimum and the others are re-apportioned, until
  no unit is below;
* a **maximum** per unit (e.g. how many candidates it has): a unit above it is fixed at the
  maximum and the others re-apportioned.

Totals always equal the target; when the minimums, maximums and overrides make that
impossible, :class:`geo.core.errors.InputError` says why.

The national apportionment goes in two steps: the total to the three regions (by their
summed base, or by a split the central committee gives), then each region's seats to its
quota units (31 provinces and the XPCC, :func:`geo.core.regions.quota_units`). A province's
quota is spread over its cities with a share reserved for provincial capitals and
sub-provincial cities (:func:`city_quotas`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo.core import regions
from geo.core._validation import Options, check_all
from geo.core.errors import InputError, Problem
from geo.core.params import QUOTA_BASES as BASES
from geo.core.params import QUOTA_DEFAULT_TOTAL as DEFAULT_TOTAL

BASE = Options(BASES, key="quota.problem.base")
"""What an apportionment may be based on."""
DEFAULT_FOCUS_SHARE = 0.5
"""Share of a province's quota reserved for its capital and sub-provincial cities."""


def hamilton(
    base: Mapping[str, float] | pd.Series,
    total: int,
    minimum: int = 0,
    maximum: Mapping[str, int] | None = None,
    overrides: Mapping[str, int] | None = None,
) -> pd.Series:
    """Apportion ``total`` seats over units by the largest-remainder method.

    Parameters
    ----------
    base
        Unit key to non-negative base (population, count, 1 for equal); the order given
        is the last tie-breaker.
    total
        Seats to apportion (non-negative integer).
    minimum
        Seats every unit with a positive base gets at least.
    maximum
        Optional cap per unit (units not listed are uncapped).
    overrides
        Units whose quota is fixed by hand; the others share the rest.

    Returns
    -------
    pandas.Series
        Integer seats per unit, in the order given, summing to ``total``.

    Raises
    ------
    InputError
        Negative or non-finite input, overrides of unknown units, or constraints that
        cannot add up to ``total``.
    """
    b = pd.Series(base, dtype=float)
    keys = list(b.index)
    overrides = {k: int(v) for k, v in (overrides or {}).items()}
    maximum = {k: int(v) for k, v in (maximum or {}).items()}
    problems: list[tuple[str, dict[str, object]]] = []
    if int(total) != total or total < 0:
        problems.append(("total", {"value": total}))
    if (~np.isfinite(b.to_numpy())).any() or (b < 0).any():
        problems.append(("bases", {}))
    if minimum < 0:
        problems.append(("minimum", {"value": minimum}))
    for k, v in overrides.items():
        if k not in b.index:
            problems.append(("override_unknown", {"unit": k}))
        elif v < 0:
            problems.append(("override_negative", {"unit": k, "value": v}))
    if problems:
        raise InputError(
            [Problem(f"quota.problem.{c}", column="quota", params=v) for c, v in problems]
        )
    total = int(total)
    seats = pd.Series(0, index=keys, dtype=np.int64)
    fixed: dict[str, int] = {k: v for k, v in overrides.items()}
    free = [k for k in keys if k not in fixed]
    floor_of = {k: (minimum if b[k] > 0 else 0) for k in free}
    cap_of = {k: maximum.get(k) for k in free}
    for k in free:
        if cap_of[k] is not None and cap_of[k] < floor_of[k]:
            floor_of[k] = cap_of[k]
    rest = total - sum(fixed.values())
    if rest < 0:
        raise InputError.single(
            "quota.problem.overrides_above_total",
            column="quota",
            sum=sum(fixed.values()),
            total=total,
        )
    if free and sum(floor_of.values()) > rest:
        raise InputError.single(
            "quota.problem.minimum_infeasible",
            column="quota",
            minimum=minimum,
            need=sum(floor_of.values()),
            rest=rest,
        )
    if not free and rest:
        raise InputError.single(
            "quota.problem.all_overridden",
            column="quota",
            sum=total - rest,
            total=total,
        )
    caps = [cap_of[k] for k in free]
    if free and all(c is not None for c in caps) and sum(caps) < rest:
        raise InputError.single(
            "quota.problem.caps_too_low", column="quota", caps=sum(caps), rest=rest
        )
    lows: list[str] = []  # held at their minimum while the others share the rest
    while free:
        share = _largest_remainder(b[free], rest)
        low = [k for k in free if share[k] < floor_of[k]]
        if low:
            for k in low:
                fixed[k] = floor_of[k]
                rest -= floor_of[k]
                free.remove(k)
            lows += low
            continue
        high = [k for k in free if cap_of[k] is not None and share[k] > cap_of[k]]
        if high:
            for k in high:
                fixed[k] = cap_of[k]
                rest -= cap_of[k]
                free.remove(k)
            # The seats a cap gives back may lift the units held at their minimum above
            # it: they share again (caps only grow, so this ends).
            rest += sum(fixed.pop(k) for k in lows)
            back = set(free) | set(lows)
            free, lows = [k for k in keys if k in back], []
            if not free and rest:
                raise InputError.single("quota.problem.seats_left", column="quota", rest=rest)
            continue
        fixed.update({k: int(share[k]) for k in free})
        break
    for k, v in fixed.items():
        seats[k] = v
    return seats


def _largest_remainder(base: pd.Series, total: int) -> pd.Series:
    """Plain Hamilton over ``base`` (ties: larger remainder, larger base, given order)."""
    values = base.to_numpy(float)
    n = len(values)
    if n == 0:
        return pd.Series(dtype=np.int64)
    s = values.sum()
    exact = np.full(n, total / n) if s <= 0 else total * values / s
    floor = np.floor(exact + 1e-9).astype(np.int64)
    floor = np.minimum(floor, np.ceil(exact).astype(np.int64))
    remainder = np.round(exact - floor, 9)
    left = int(total - floor.sum())
    order = np.lexsort((np.arange(n), -values, -remainder))
    floor[order[:left]] += 1
    return pd.Series(floor, index=base.index)


def unit_bases(communities: pd.DataFrame) -> pd.DataFrame:
    """Bases of every quota unit from a communities layer.

    Parameters
    ----------
    communities
        Communities with ``county_code`` (or ``province_code``) and ``population``.

    Returns
    -------
    pandas.DataFrame
        One row per quota unit (:func:`geo.core.regions.quota_units` order): ``unit, name,
        name_en, region, urban_communities, urban_population, equal``.
    """
    units = regions.quota_units()
    key = _unit_keys(communities)
    none = pd.Series(0.0, index=communities.index)  # no population column: a base of 0
    pop = pd.to_numeric(communities.get("population", none), errors="coerce").fillna(0)
    grouped = pd.DataFrame({"unit": key, "population": pop}).groupby("unit")
    units["urban_communities"] = units["unit"].map(grouped.size()).fillna(0).astype(int)
    units["urban_population"] = units["unit"].map(grouped["population"].sum()).fillna(0.0)
    units["equal"] = 1
    return units


def _unit_keys(communities: pd.DataFrame) -> pd.Series:
    if "county_code" in communities.columns:
        county = communities["county_code"].astype(str)
        prov = communities.get("province_code", county.str[:2]).astype(str)
        # vectorised string methods throughout: np.where would pull Arrow strings through
        # Python one by one (0.1-0.2 s for the national candidates on every selection run)
        xpcc = county.str.startswith(regions.XPCC_COUNTY_PREFIX).fillna(False).astype(bool)
        return prov.str[:2].where(~xpcc, regions.XPCC_KEY).rename(None)
    if "province_code" in communities.columns:
        return communities["province_code"].astype(str).str[:2]
    raise InputError.single(
        "quota.problem.no_province",
        column="county_code",
    )


def quota_unit_of(communities: pd.DataFrame) -> pd.Series:
    """The quota unit (province code or ``"XPCC"``) of every community."""
    return _unit_keys(communities)


def national_quotas(
    bases: pd.DataFrame,
    total: int = DEFAULT_TOTAL,
    base: str = "urban_population",
    minimum: int = 0,
    overrides: Mapping[str, int] | None = None,
    region_totals: Mapping[str, int] | None = None,
    cap_by_candidates: bool = True,
) -> pd.DataFrame:
    """Apportion the national total to regions, then to the 32 quota units.

    Parameters
    ----------
    bases
        From :func:`unit_bases`.
    total
        National number of communities (default 1,000).
    base
        ``"urban_population"``, ``"urban_communities"`` or ``"equal"``.
    minimum
        Minimum per quota unit (units with candidates only).
    overrides
        Unit to fixed quota; the rest of its region is re-balanced. When the overrides of
        a region exceed that region's share, the region grows and the other regions give
        up seats (by Hamilton on their bases).
    region_totals
        The east/central/west split set by the central committee; default: Hamilton on
        the regions' summed bases (after each region's overrides and minimums).
    cap_by_candidates
        Never give a unit more seats than it has candidate communities (when the
        ``urban_communities`` column is positive somewhere).

    Returns
    -------
    pandas.DataFrame
        ``unit, name, name_en, region, base, share, quota, overridden`` with ``quota``
        adding up to ``total``.
    """
    check_all({"base": base}, {"base": BASE})
    t = bases.copy()
    t["base"] = t[base].astype(float)
    overrides = {str(k): int(v) for k, v in (overrides or {}).items()}
    unknown = [k for k in overrides if k not in set(t["unit"])]
    if unknown:
        raise InputError.single(
            "quota.problem.unknown_units", column="quota", units=", ".join(unknown)
        )
    has_candidates = t["urban_communities"].sum() > 0 if "urban_communities" in t else False
    caps: dict[str, int] = {}
    n_candidates = int(t["urban_communities"].sum()) if has_candidates else 0
    if cap_by_candidates and has_candidates and total > n_candidates:
        raise InputError.single(
            "quota.problem.total_above_candidates",
            column="total",
            total=total,
            n=n_candidates,
        )
    if cap_by_candidates and has_candidates:
        caps = dict(zip(t["unit"], t["urban_communities"].astype(int), strict=True))
    # Only units with a positive base count for the minimum; when caps exist, a unit
    # without candidates has base zero for the equal base too.
    if has_candidates and base == "equal":
        t["base"] = np.where(t["urban_communities"] > 0, 1.0, 0.0)

    by_region = t.groupby("region", sort=False)
    need = {}  # seats a region needs at least: overrides + minimums
    cap_region = {}
    for r, g in by_region:
        ov = sum(overrides.get(u, 0) for u in g["unit"])
        mins = sum(  # a unit with fewer candidates than the minimum is held at them
            min(minimum, caps.get(u, minimum))
            for u, b in zip(g["unit"], g["base"], strict=True)
            if u not in overrides and b > 0
        )
        need[r] = ov + mins
        cap_region[r] = sum(overrides.get(u, caps.get(u, 10**9)) for u in g["unit"])
    if sum(need.values()) > total:
        raise InputError.single(
            "quota.problem.minimum_above_total",
            column="minimum",
            minimum=minimum,
            need=sum(need.values()),
            total=total,
        )
    region_base = by_region["base"].sum()
    region_order = [r for r in regions.REGIONS if r in region_base.index]
    if region_totals:
        split = pd.Series({r: int(region_totals.get(r, 0)) for r in region_order}, dtype=np.int64)
        if int(split.sum()) != int(total):
            raise InputError.single(
                "quota.problem.region_totals",
                column="region_totals",
                sum=int(split.sum()),
                total=total,
            )
    else:
        rb = region_base[region_order]
        split = hamilton(
            rb,
            total,
            maximum={r: cap_region[r] for r in region_order} if caps else None,
            overrides=None,
        )
        # Regions whose overrides and minimums need more than their share get it; the
        # others share the rest, which may leave another region short: repeat until none
        # is (the last free region always gets at least its need, as the needs fit).
        fixed_regions: dict[str, int] = {}
        while short := {
            r: need[r] for r in region_order if r not in fixed_regions and need[r] > split[r]
        }:
            fixed_regions |= short
            split = hamilton(
                rb,
                total,
                overrides=fixed_regions,
                maximum={r: cap_region[r] for r in region_order} if caps else None,
            )
    parts = []
    for r in region_order:
        g = t[t["region"] == r]
        seats = hamilton(
            pd.Series(g["base"].to_numpy(), index=g["unit"].to_numpy()),
            int(split[r]),
            minimum=minimum,
            maximum={u: caps[u] for u in g["unit"] if u in caps} or None,
            overrides={u: overrides[u] for u in g["unit"] if u in overrides},
        )
        gg = g.copy()
        gg["quota"] = gg["unit"].map(seats).astype(int)
        parts.append(gg)
    out = pd.concat(parts).set_index("unit").loc[t["unit"]].reset_index()
    total_base = out["base"].sum()
    out["share"] = out["base"] / total_base if total_base > 0 else 1.0 / len(out)
    out["overridden"] = out["unit"].isin(overrides)
    return out[["unit", "name", "name_en", "region", "base", "share", "quota", "overridden"]]


def city_quotas(
    communities: pd.DataFrame,
    total: int,
    base: str = "urban_population",
    focus_share: float = DEFAULT_FOCUS_SHARE,
    minimum: int = 0,
    overrides: Mapping[str, int] | None = None,
    city_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Spread one province's quota over its cities.

    The capital and sub-provincial cities (:func:`geo.core.regions.is_focus_city`) get at least
    ``round(total × focus_share)`` seats together (more if their base earns more); the
    other cities share the rest. Within each group, Hamilton on the base with the minimum
    and overrides. A province without focus cities, or without other cities, puts every
    seat in the group it has.

    Parameters
    ----------
    communities
        The province's communities with ``city_code`` (and ``city`` for names,
        ``population`` for the ``"urban_population"`` base; without it that base is 0).
    total
        The province's quota.
    base
        ``"urban_population"``, ``"urban_communities"`` or ``"equal"``.
    focus_share
        Reserved share (0–1) for capitals and sub-provincial cities.
    minimum
        Minimum per city with candidates.
    overrides
        City code to fixed quota.
    city_names
        City code to name (default: the ``city`` column).

    Returns
    -------
    pandas.DataFrame
        ``city_code, city, focus, base, quota, overridden``; ``quota`` adds up to ``total``.
    """
    check_all({"base": base}, {"base": BASE})
    if not 0 <= focus_share <= 1:
        raise InputError.single(
            "quota.problem.focus_share", column="focus_share", value=focus_share
        )
    code = communities["city_code"].astype(str)
    none = pd.Series(0.0, index=communities.index)  # no population column: a base of 0
    pop = pd.to_numeric(communities.get("population", none), errors="coerce").fillna(0)
    g = pd.DataFrame({"city_code": code, "population": pop}).groupby("city_code")
    t = pd.DataFrame({"city_code": sorted(code.unique())})
    t["urban_communities"] = t["city_code"].map(g.size()).astype(int)
    t["urban_population"] = t["city_code"].map(g["population"].sum()).astype(float)
    t["equal"] = 1.0
    t["base"] = t[base].astype(float)
    names = dict(city_names or {})
    if not names and "city" in communities.columns:
        # one name per city (the last, as dict(zip(...)) would keep), without iterating rows
        named = pd.DataFrame({"code": code, "city": communities["city"].astype(str)})
        named = named.drop_duplicates("code", keep="last")
        names = dict(zip(named["code"], named["city"], strict=True))
    t["city"] = [names.get(c, c) for c in t["city_code"]]  # no name: the code
    t["focus"] = t["city_code"].map(regions.is_focus_city).astype(bool)
    overrides = {str(k): int(v) for k, v in (overrides or {}).items()}
    caps = dict(zip(t["city_code"], t["urban_communities"], strict=True))
    focus, other = t[t["focus"]], t[~t["focus"]]
    if len(focus) and len(other):
        natural = hamilton(
            pd.Series({"focus": focus["base"].sum(), "other": other["base"].sum()}), total
        )
        reserved = int(np.floor(total * focus_share + 0.5))
        ov_f = sum(v for k, v in overrides.items() if k in set(focus["city_code"]))
        ov_o = sum(v for k, v in overrides.items() if k in set(other["city_code"]))
        # what each group can hold: its fixed cities' seats, and its other cities' candidates
        cap_f = ov_f + sum(caps[c] for c in focus["city_code"] if c not in overrides)
        cap_o = ov_o + sum(caps[c] for c in other["city_code"] if c not in overrides)
        n_focus = max(reserved, int(natural["focus"]), ov_f)
        n_focus = min(n_focus, total - ov_o, cap_f)
        n_focus = int(np.clip(max(n_focus, total - cap_o), 0, total))
        # a group whose every city is fixed by hand takes exactly those seats; the
        # reserved share gives way to the user's overrides
        if set(focus["city_code"]) <= set(overrides):
            n_focus = ov_f
        elif set(other["city_code"]) <= set(overrides):
            n_focus = total - ov_o
        groups = [(focus, n_focus), (other, total - n_focus)]
    else:
        groups = [(t, total)]
    seats: dict[str, int] = {}
    for frame, n in groups:
        codes = frame["city_code"].tolist()
        s = hamilton(
            pd.Series(frame["base"].to_numpy(), index=codes),
            n,
            minimum=minimum,
            maximum={c: caps[c] for c in codes},
            overrides={c: overrides[c] for c in codes if c in overrides},
        )
        seats.update(s.to_dict())
    t["quota"] = t["city_code"].map(seats).astype(int)
    t["overridden"] = t["city_code"].isin(overrides)
    return t[["city_code", "city", "focus", "base", "quota", "overridden"]]


def totals_check(table: pd.DataFrame, total: int, column: str = "quota") -> tuple[bool, int]:
    """Whether a quota table adds up to ``total``.

    Returns
    -------
    ok, difference
        ``difference`` is the table's sum minus ``total``.
    """
    s = int(pd.to_numeric(table[column], errors="coerce").fillna(0).sum())
    return s == int(total), s - int(total)


def overrides_from_edit(
    original: pd.DataFrame, edited: pd.DataFrame, key: str = "unit"
) -> dict[str, int]:
    """Quota values the user changed in an edited copy of a quota table.

    Parameters
    ----------
    original, edited
        The table as computed and as edited (same rows, ``key`` and ``quota`` columns).
    key
        The unit column.

    Returns
    -------
    dict
        Unit to the edited quota, for rows whose quota differs or that were already
        overridden.
    """
    before = dict(zip(original[key].astype(str), original["quota"], strict=True))
    out = {}
    for k, q, was in zip(
        edited[key].astype(str),
        pd.to_numeric(edited["quota"], errors="coerce"),
        edited.get("overridden", pd.Series(False, index=edited.index)),
        strict=True,
    ):
        if pd.isna(q):
            raise InputError.single("quota.problem.empty", column="quota", unit=k)
        if int(q) != int(before.get(k, -1)) or bool(was):
            out[k] = int(q)
    return out
