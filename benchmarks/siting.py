"""Siting benchmark: YouthMap's exact MCLP (HiGHS) and heuristic vs PySAL spopt's MCLP.

Runs the same random clustered instances through

* ``youthmap exact``  — :class:`geo.siting.MaxCover` ``method="exact"`` (sparse model,
  reductions, greedy warm start, HiGHS through highspy),
* ``youthmap greedy`` — the same model, ``method="greedy"`` (lazy greedy + swap),
* ``spopt MCLP``      — ``spopt.locate.MCLP.from_cost_matrix`` solved with HiGHS through
  PuLP (``pulp.HiGHS``), model building included in its time,

and prints objective, time and the ratio to the best objective. Then a national run: all
communities of the embedded dataset as demand, 20,000 candidates, k=500, heuristic only.

Usage::

    .venv/bin/python benchmarks/siting.py            # both instances + national
    .venv/bin/python benchmarks/siting.py --quick    # the small instance only
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import distance  # noqa: E402
from geo.siting import MaxCover  # noqa: E402

RADIUS_M = 1_500
INSTANCES = ((2_000, 500, 20), (8_000, 1_500, 40))
"""(demand points, candidates, k)."""


def clustered_points(n: int, rng: np.random.Generator, centres: np.ndarray) -> np.ndarray:
    """``n`` points in Gaussian clusters (sd 1.5–4 km) around ``centres`` (lon/lat)."""
    which = rng.integers(0, len(centres), n)
    sd_m = rng.uniform(1_500, 4_000, len(centres))[which]
    dx = rng.normal(0, 1, n) * sd_m
    dy = rng.normal(0, 1, n) * sd_m
    lat = centres[which, 1] + dy / 111_195.0
    lon = centres[which, 0] + dx / (111_195.0 * np.cos(np.radians(centres[which, 1])))
    return np.column_stack([lon, lat])


def instance(n: int, m: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A random clustered city-region instance: demand with youth weights and candidates."""
    rng = np.random.default_rng(seed)
    centres = np.column_stack([rng.uniform(113.0, 113.6, 25), rng.uniform(22.9, 23.4, 25)])
    d = clustered_points(n, rng, centres)
    c = clustered_points(m, rng, centres)
    demand = pd.DataFrame(
        {
            "id": [f"D{i}" for i in range(n)],
            "lon": d[:, 0],
            "lat": d[:, 1],
            "youth": np.round(rng.lognormal(6.5, 0.6, n)),
        }
    )
    cands = pd.DataFrame({"id": [f"C{j}" for j in range(m)], "lon": c[:, 0], "lat": c[:, 1]})
    return demand, cands


def run_spopt(demand: pd.DataFrame, cands: pd.DataFrame, k: int) -> tuple[float, float]:
    """spopt MCLP with HiGHS through PuLP; returns (objective, seconds incl. model build)."""
    import pulp
    from spopt.locate import MCLP

    t0 = time.perf_counter()
    d = demand[["lon", "lat"]].to_numpy()
    c = cands[["lon", "lat"]].to_numpy()
    cost = distance.haversine_m(d[:, None, 0], d[:, None, 1], c[None, :, 0], c[None, :, 1])
    model = MCLP.from_cost_matrix(cost, demand["youth"].to_numpy(), RADIUS_M, p_facilities=k)
    model.solve(pulp.HiGHS(msg=False), results=False)
    seconds = time.perf_counter() - t0
    chosen = [j for j in range(len(c)) if model.fac_vars[j].value() > 0.5]
    covered = (cost[:, chosen] <= RADIUS_M).any(axis=1)
    return float(demand["youth"].to_numpy()[covered].sum()), seconds


def run_youthmap(demand, cands, k, method, time_limit_s=600.0) -> tuple[float, float, object]:
    t0 = time.perf_counter()
    model = MaxCover.from_layers(demand, cands, RADIUS_M, weight="youth", k=k)
    result = model.solve(method=method, time_limit_s=time_limit_s)
    return result.objective, time.perf_counter() - t0, result


def national(k: int = 500, n_candidates: int = 20_000, radius_m: float = 1_000) -> None:
    """All embedded communities as demand, candidates drawn from communities and units."""
    try:
        from geo import dataset

        layers = dataset.load_layers()
        communities = layers.communities
        units = layers.resident_units
        source = "embedded dataset"
    except Exception as exc:  # the dataset may not be built in a fresh checkout
        print(f"(embedded dataset unavailable: {exc}; national run skipped)")
        return
    rng = np.random.default_rng(11)
    pool = pd.concat(
        [communities[["id", "lon", "lat"]], units[["id", "lon", "lat"]]], ignore_index=True
    )
    cands = pool.iloc[rng.choice(len(pool), size=min(n_candidates, len(pool)), replace=False)]
    t0 = time.perf_counter()
    model = MaxCover.from_layers(
        communities, cands, radius_m, existing=layers.youth_homes, weight="youth", k=k
    )
    t_build = time.perf_counter() - t0
    result = model.solve(method="greedy", time_limit_s=60)
    total = time.perf_counter() - t0
    print()
    print(
        f"National run ({source}): {len(communities):,} communities, {len(cands):,} candidates, "
        f"{len(layers.youth_homes):,} existing Youth Homes, k={k}, radius {radius_m:,.0f} m"
    )
    print(
        f"| step | seconds |\n|---|---:|\n| build model (k-d tree, sparse matrix) | {t_build:.2f} |"
        f"\n| greedy + swap solve | {result.seconds:.2f} |\n| total | {total:.2f} |"
    )
    print(
        f"youth newly covered {result.objective:,.0f} of {result.total_weight:,.0f} uncovered "
        f"(upper bound {result.bound:,.0f}, proven gap {result.gap:.3%}); "
        f"sites {result.n_sites}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the small instance")
    parser.add_argument("--no-national", action="store_true", help="skip the national run")
    parser.add_argument(
        "--seeds", type=int, default=5, help="extra seeds for heuristic vs exact (default 5)"
    )
    args = parser.parse_args(argv)
    print(f"Radius {RADIUS_M} m; times are wall seconds including model building.\n")
    print(
        "| instance (demand × candidates, k) | solver | objective (youth) | % of best | seconds | speed-up vs spopt |"
    )
    print("|---|---|---:|---:|---:|---:|")
    for n, m, k in INSTANCES[:1] if args.quick else INSTANCES:
        demand, cands = instance(n, m)
        rows = []
        obj, sec = run_spopt(demand, cands, k)
        rows.append(("spopt MCLP (PuLP + HiGHS)", obj, sec))
        obj, sec, res = run_youthmap(demand, cands, k, "exact")
        rows.append((f"YouthMap exact ({res.status}, gap {res.gap:.1e})", obj, sec))
        obj, sec, res = run_youthmap(demand, cands, k, "greedy")
        rows.append(("YouthMap greedy+swap", obj, sec))
        best = max(r[1] for r in rows)
        spopt_sec = rows[0][2]
        for name, obj, sec in rows:
            print(
                f"| {n:,} × {m:,}, k={k} | {name} | {obj:,.0f} | {100 * obj / best:.3f} | "
                f"{sec:.2f} | {spopt_sec / sec:.1f}× |"
            )
    if args.seeds:
        seeds_table(args.seeds)
    if not (args.quick or args.no_national):
        national()
    return 0


def seeds_table(n_seeds: int) -> None:
    """Heuristic vs exact optimum on the larger instance drawn with other seeds."""
    n, m, k = INSTANCES[-1]
    print(f"\nHeuristic against the proven optimum, {n:,} × {m:,}, k={k}, other seeds:")
    print("| seed | exact objective | exact s | heuristic objective | % of optimum | heuristic s |")
    print("|---:|---:|---:|---:|---:|---:|")
    for seed in range(1, n_seeds + 1):
        demand, cands = instance(n, m, seed=seed)
        e_obj, e_sec, e_res = run_youthmap(demand, cands, k, "exact")
        g_obj, g_sec, _ = run_youthmap(demand, cands, k, "greedy")
        mark = "" if e_res.status == "optimal" else f" ({e_res.status})"
        print(
            f"| {seed} | {e_obj:,.0f}{mark} | {e_sec:.2f} | {g_obj:,.0f} | "
            f"{100 * g_obj / e_obj:.3f} | {g_sec:.2f} |"
        )


if __name__ == "__main__":
    raise SystemExit(main())
