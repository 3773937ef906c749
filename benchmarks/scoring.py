"""Benchmark: scoring every community nationally and picking the national list of 1,000.

Runs on the embedded dataset (``geo.dataset.load_layers()``) when it is there, else on a
simulated national set of the same size (110,000 communities around 340 city centres).
Prints a table of wall-clock seconds (best of ``--repeat``) beside peers measured in the
same run:

* scoring: YouthMap's vectorised weighted sum vs a pandas row-wise ``apply`` (the naive
  way) and a scikit-learn ``MinMaxScaler`` + matrix product pipeline; the three scores
  are checked to agree.
* selection: YouthMap's single pass with BallTree spacing blocks vs a naive greedy that
  checks every candidate against every chosen community with vectorised haversine; the
  two lists are checked to be identical.

Usage: ``python benchmarks/scoring.py [--n 110000] [--repeat 3] [--simulate]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.analysis import indicators as ind  # noqa: E402
from geo.analysis import quota, scoring, selection  # noqa: E402
from geo.core import distance  # noqa: E402
from geo.core.layers import to_geodataframe  # noqa: E402


def simulate(n: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    """A national-size simulated set: communities, homes, campuses, resident units."""
    from geo.core import regions

    rng = np.random.default_rng(seed)
    provs = [p for p in regions.action_provinces()]
    centres = []
    for p in provs:
        for c in range(11):
            centres.append(
                (p.code, f"{p.code}{c + 1:02d}", 100 + rng.uniform(0, 25), 22 + rng.uniform(0, 20))
            )
    centres.append(("65", "6590", 86.0, 44.3))
    k = rng.integers(0, len(centres), n)
    cen = np.array([(c[2], c[3]) for c in centres])[k]
    pop = rng.integers(2_000, 15_000, n)
    comm = pd.DataFrame(
        {
            "id": [f"C{i:06d}" for i in range(n)],
            "name": [f"社区{i}" for i in range(n)],
            "province_code": [centres[j][0] for j in k],
            "city_code": [centres[j][1] for j in k],
            "county_code": [
                f"{centres[j][1]}{rng.integers(1, 9):02d}" if centres[j][1] != "6590" else "659001"
                for j in k
            ],
            "lon": cen[:, 0] + rng.normal(0, 0.08, n),
            "lat": cen[:, 1] + rng.normal(0, 0.08, n),
            "population": pop,
            "youth": (pop * rng.uniform(0.15, 0.4, n)).astype(int),
            "children": (pop * rng.uniform(0.05, 0.15, n)).astype(int),
            "elderly": (pop * rng.uniform(0.08, 0.25, n)).astype(int),
            "elderly_alone_share": rng.uniform(0.05, 0.3, n),
        }
    )

    def pts(m: int, extra: dict | None = None) -> pd.DataFrame:
        j = rng.integers(0, len(centres), m)
        c = np.array([(x[2], x[3]) for x in centres])[j]
        f = pd.DataFrame(
            {
                "id": [f"P{i}" for i in range(m)],
                "lon": c[:, 0] + rng.normal(0, 0.08, m),
                "lat": c[:, 1] + rng.normal(0, 0.08, m),
            }
        )
        for key, values in (extra or {}).items():
            f[key] = values(m)
        return f

    from geo.core.layers import UNIT_TYPES

    return {
        "communities": to_geodataframe(comm),
        "youth_homes": pts(n // 10),
        "campuses": pts(3_000),
        "resident_units": pts(n, {"unit_type": lambda m: rng.choice(UNIT_TYPES, m)}),
    }


def load(n: int, force_simulate: bool) -> tuple[dict[str, pd.DataFrame], str]:
    if not force_simulate:
        try:
            from geo import dataset

            L = dataset.load_layers()
            return {
                name: L.get(name)
                for name in ("communities", "youth_homes", "campuses", "resident_units")
            }, "embedded dataset"
        except FileNotFoundError as e:  # no embedded data here; a renamed function fails
            print(f"embedded dataset not found ({e.filename}): the simulated set is used")
    return simulate(n), "simulated national set"


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def balltree_indicators(comm: pd.DataFrame, layers: dict) -> dict[str, np.ndarray]:
    """Peer: the distance and count indicators with scikit-learn's haversine BallTree."""
    xy = comm[["lon", "lat"]].to_numpy(float)
    homes = layers["youth_homes"]
    d, _ = distance.nearest(xy, homes[["lon", "lat"]].to_numpy(float))
    # Youth Homes hosted in a community count 0 m, as in the library (the simulated set
    # has no community_id column: none is hosted)
    hosted_ids = homes["community_id"].dropna().astype(str) if "community_id" in homes else []
    hosted = comm["id"].isin(set(hosted_ids)).to_numpy()
    out = {"home_distance_m": np.where(hosted, 0.0, d[:, 0])}
    cxy = layers["campuses"][["lon", "lat"]].to_numpy(float)
    tree = distance.balltree(cxy)
    out["campus_distance_m"] = distance.nearest(xy, cxy, tree=tree)[0][:, 0]
    q = np.radians(xy[:, ::-1])
    out["campuses_within"] = tree.query_radius(
        q, r=ind.CAMPUS_RADIUS_M / distance.EARTH_RADIUS_M, count_only=True
    )
    units = layers["resident_units"]
    total = np.zeros(len(xy))
    for t, key in ind.UNIT_TYPE_KEYS.items():
        sel = (units["unit_type"] == t).to_numpy()
        tr = distance.balltree(units.loc[sel, ["lon", "lat"]].to_numpy(float))
        out[f"units_{key}"] = tr.query_radius(
            q, r=ind.UNIT_RADIUS_M / distance.EARTH_RADIUS_M, count_only=True
        )
        total += out[f"units_{key}"]
    out["units_within"] = total
    return out


def naive_rowwise(frame: pd.DataFrame, weights: dict[str, float]) -> np.ndarray:
    """Peer: min-max and weighted sum one row at a time with ``DataFrame.apply``."""
    keys = list(weights)
    lo = frame[keys].min()
    hi = frame[keys].max()
    dirs = {k: ind.BY_KEY[k].direction for k in keys}

    def row_score(row: pd.Series) -> float:
        s = 0.0
        for k in keys:
            span = hi[k] - lo[k]
            if span <= 0:
                continue
            z = (hi[k] - row[k]) / span if dirs[k] == "cost" else (row[k] - lo[k]) / span
            s += weights[k] * z
        return s

    return frame.apply(row_score, axis=1).to_numpy()


def sklearn_pipeline(frame: pd.DataFrame, weights: dict[str, float]) -> np.ndarray:
    """Peer: scikit-learn MinMaxScaler, cost columns flipped, then a matrix product."""
    from sklearn.preprocessing import MinMaxScaler

    keys = list(weights)
    z = MinMaxScaler().fit_transform(frame[keys].to_numpy(float))
    cost = np.array([ind.BY_KEY[k].direction == "cost" for k in keys])
    z[:, cost] = 1 - z[:, cost]
    return z @ np.array([weights[k] for k in keys])


def naive_select(c: pd.DataFrame, quotas: dict[str, int], cons: selection.Constraints) -> list[str]:
    """Peer: greedy that checks each candidate against every chosen one (no index)."""
    order = np.lexsort((c["id"].to_numpy(), -c["score"].to_numpy()))
    remaining = dict(quotas)
    per_county: dict[str, int] = {}
    lon, lat = c["lon"].to_numpy(), c["lat"].to_numpy()
    units, county = c["quota_unit"].to_numpy(), c["county_code"].astype(str).to_numpy()
    campus = c["campus_distance_m"].to_numpy()
    chosen: list[int] = []
    for i in order:
        if remaining.get(units[i], 0) <= 0 or per_county.get(county[i], 0) >= cons.max_per_county:
            continue
        if campus[i] > cons.campus_within_m:
            continue
        if (
            chosen
            and distance.haversine_m(lon[i], lat[i], lon[chosen], lat[chosen]).min()
            < cons.min_spacing_m
        ):
            continue
        chosen.append(int(i))
        remaining[units[i]] -= 1
        per_county[county[i]] = per_county.get(county[i], 0) + 1
        if not any(v > 0 for v in remaining.values()):
            break
    return c["id"].to_numpy()[chosen].tolist()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=110_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--simulate", action="store_true", help="use the simulated set even if data/ exists"
    )
    args = ap.parse_args()
    layers, source = load(args.n, args.simulate)
    comm = layers["communities"]
    print(
        f"data: {source}, {len(comm):,} communities, {len(layers['youth_homes']):,} Youth Homes, "
        f"{len(layers['campuses']):,} campuses, {len(layers['resident_units']):,} resident units"
    )
    rows = []
    t_ind, frame = best(
        lambda: ind.compute(
            comm, layers["youth_homes"], layers["campuses"], layers["resident_units"]
        ),
        1,
    )
    rows.append(("indicators (all)", "youthmap k-d tree, unit vectors", len(frame), t_ind, ""))
    t_bt, peer = best(lambda: balltree_indicators(comm, layers), 1)
    agree = all(np.allclose(peer[k], frame[k].to_numpy(), rtol=1e-6, atol=1e-3) for k in peer)
    rows.append(
        (
            "indicators (all)",
            "haversine BallTree (geo.core.distance)",
            len(frame),
            t_bt,
            f"same values: {agree}",
        )
    )
    w = dict(ind.DEFAULT_WEIGHTS)
    t_w, res = best(lambda: scoring.score(frame, w, "weighted", "minmax"), args.repeat)
    rows.append(("score weighted/minmax", "youthmap", len(frame), t_w, ""))
    for method in ("entropy", "topsis"):
        t, _ = best(lambda m=method: scoring.score(frame, w, m, "minmax"), args.repeat)
        rows.append((f"score {method}/minmax", "youthmap", len(frame), t, ""))
    t_sk, s_sk = best(lambda: sklearn_pipeline(frame, w), args.repeat)
    rows.append(
        (
            "score weighted/minmax",
            "sklearn MinMaxScaler",
            len(frame),
            t_sk,
            f"max |diff| {np.abs(s_sk - res.frame['score'].to_numpy()).max():.1e}",
        )
    )
    t_nv, s_nv = best(lambda: naive_rowwise(frame, w), 1)
    rows.append(
        (
            "score weighted/minmax",
            "pandas row-wise apply",
            len(frame),
            t_nv,
            f"max |diff| {np.abs(s_nv - res.frame['score'].to_numpy()).max():.1e}",
        )
    )

    cands = scoring.candidates(frame, res)
    table = quota.national_quotas(quota.unit_bases(cands), 1_000, "urban_population", minimum=10)
    quotas = dict(zip(table["unit"], table["quota"], strict=True))
    cons = selection.Constraints(
        max_per_county=3, min_spacing_m=800, campus_within_m=10_000, home_rule="flag"
    )
    t_q, _ = best(
        lambda: quota.national_quotas(
            quota.unit_bases(cands), 1_000, "urban_population", minimum=10
        ),
        args.repeat,
    )
    rows.append(("quota 1,000 → 32 units", "youthmap", 32, t_q, ""))
    t_s, sel = best(lambda: selection.select(cands, quotas, cons), args.repeat)
    ok = selection.check(sel.chosen, cons).empty
    rows.append(
        (
            "select 1,000, all constraints",
            "youthmap",
            len(sel.chosen),
            t_s,
            f"constraints kept: {ok}",
        )
    )
    t_n, ids = best(lambda: naive_select(cands, quotas, cons), 1)
    rows.append(
        (
            "select 1,000, all constraints",
            "naive greedy (no index)",
            len(ids),
            t_n,
            f"same list: {ids == sel.ids or set(ids) == set(sel.ids)}",
        )
    )
    t_all, _ = best(
        lambda: selection.select(cands, quotas, cons, locks=sel.ids[:50], excludes=sel.ids[50:100]),
        args.repeat,
    )
    rows.append(("select with 50 locks, 50 excludes", "youthmap", len(sel.chosen), t_all, ""))

    print(f"\n{'task':<34} {'implementation':<34} {'rows':>8} {'seconds':>9}  note")
    for task, impl, n, t, note in rows:
        print(f"{task:<34} {impl:<34} {n:>8,} {t:>9.3f}  {note}")


if __name__ == "__main__":
    main()
