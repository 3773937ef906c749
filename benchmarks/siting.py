"""Siting benchmark: YouthMap's five models beside PySAL spopt, in one run.

Random clustered city-region instances (25 Gaussian clusters, youth log-normal), radius
1,500 m, at 3,000 × 600 (k=20) and 8,000 × 1,500 (k=40):

* **spopt side by side** — MCLP, LSCP, LSCP-B and p-median: spopt's ``from_cost_matrix``
  solved by HiGHS through PuLP (``pulp.HiGHS``, the solver YouthMap uses, so the gap is
  the modelling), in a child process killed at ``--spopt-limit`` seconds (model building
  included: spopt builds its model in Python, p-median with ``n × m`` variables);
  YouthMap ``exact`` and ``greedy`` on the same instance. LSCP and LSCP-B keep only the
  communities some candidate reaches (spopt's LSCP is infeasible otherwise); LSCP-B
  counts communities (spopt's objective), and spopt's own LSCP-B objective also counts
  every community with a single candidate as backed up, so the table shows the true
  backup of the sites it chose (and its objective beside it).
* **greedy quality** — each heuristic as a percentage of the proven optimum.
* **capacitated** — YouthMap's capacitated MCLP at 8,000 × 1,500 (no peer offers it):
  exact against heuristic.
* **national** — the heuristic MCLP on the embedded dataset (k=500, 20,000 candidates).
* **median** — the p-median on every embedded community (k=500) under 10, 30 and 60 s
  limits, beside scikit-learn's youth-weighted k-means with its centres moved to the
  nearest community.

Usage::

    .venv/bin/python benchmarks/siting.py                 # everything (about an hour)
    .venv/bin/python benchmarks/siting.py --quick         # 3,000 × 600 only
    .venv/bin/python benchmarks/siting.py --spopt-limit 300 --sections spopt,capacitated
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.core import distance  # noqa: E402
from geo.siting import (  # noqa: E402
    BackupCover,
    CapacitatedMaxCover,
    MaxCover,
    PMedian,
    SetCover,
)

RADIUS_M = 1_500
INSTANCES = ((3_000, 600, 20), (8_000, 1_500, 40))
"""(demand points, candidates, k)."""

MODELS = ("mclp", "lscp", "lscpb", "pmedian")
"""The models spopt has."""

MODELS_RUN = list(MODELS)
"""The models this run compares (``--models``)."""

SPOPT_MEMORY_GB = [8.0]
"""Address-space limit of each spopt child (``RLIMIT_AS``, ``--spopt-memory-gb``): its
p-median at 8,000 × 1,500 builds 12 million PuLP variables; the child reports how far it
got when it hits this or its time limit (building the model, or solving it)."""

SPOPT_MAX_N = [10**9]
"""spopt runs only on instances with at most this many demand points (``--spopt-max-n``;
larger ones are reported as run separately)."""

EXACT_LIMIT = [600.0]
"""Time limit of each YouthMap run, seconds (``--exact-limit``)."""
CAPACITY = 60_000
"""Youth per site in the capacitated run (sites there reach about 57,000 on average)."""


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


def cost_matrix(demand: pd.DataFrame, cands: pd.DataFrame) -> np.ndarray:
    """Dense great-circle metres, demand × candidates."""
    d, c = demand[["lon", "lat"]].to_numpy(), cands[["lon", "lat"]].to_numpy()
    return distance.haversine_m(d[:, None, 0], d[:, None, 1], c[None, :, 0], c[None, :, 1])


def coverable(demand: pd.DataFrame, cands: pd.DataFrame) -> pd.DataFrame:
    """The communities some candidate reaches within the radius."""
    return demand.loc[(cost_matrix(demand, cands) <= RADIUS_M).any(axis=1)].reset_index(drop=True)


# --------------------------------------------------------------------------- spopt


def spopt_child(model: str, n: int, m: int, k: int, limit: float) -> dict:
    """Run one spopt model (in a child process); objective, seconds and sites."""
    import pulp
    from spopt.locate import LSCP, LSCPB, MCLP
    from spopt.locate import PMedian as SpPMedian

    limit_bytes = int(SPOPT_MEMORY_GB[0] * 1e9)
    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    demand, cands = instance(n, m)
    if model in ("lscp", "lscpb"):
        demand = coverable(demand, cands)
    t0 = time.perf_counter()
    print(json.dumps({"stage": "building"}), flush=True)
    cost = cost_matrix(demand, cands)
    solver = pulp.HiGHS(msg=False, timeLimit=limit)
    if model == "mclp":
        built = MCLP.from_cost_matrix(cost, demand["youth"].to_numpy(), RADIUS_M, p_facilities=k)
    elif model == "lscp":
        built = LSCP.from_cost_matrix(cost, RADIUS_M)
    elif model == "lscpb":
        built = LSCPB.from_cost_matrix(cost, RADIUS_M, solver)
    else:
        built = SpPMedian.from_cost_matrix(cost, demand["youth"].to_numpy(), p_facilities=k)
    built_s = time.perf_counter() - t0
    print(json.dumps({"stage": "solving", "build_s": built_s}), flush=True)
    if model == "lscpb":
        built.solve(results=False)
    else:
        built.solve(solver, results=False)
    seconds = time.perf_counter() - t0
    sites = [j for j, v in enumerate(built.fac_vars) if (v.value() or 0) > 0.5]
    objective = float(built.problem.objective.value())
    out = {"objective": objective, "seconds": seconds, "build_s": built_s, "sites": sites}
    out["status"] = pulp.LpStatus[built.problem.status]
    if model == "lscpb":
        out["true_objective"] = float(((cost[:, sites] <= RADIUS_M).sum(axis=1) >= 2).sum())
    out["maxrss_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    return out


def run_spopt(model: str, n: int, m: int, k: int, limit: float) -> dict:
    """spopt in a child process, killed after ``limit`` seconds of wall time; when it does
    not finish, the error says how far it got (building or solving, and after how long)."""
    cmd = [sys.executable, __file__, "--spopt-memory-gb", str(SPOPT_MEMORY_GB[0])]
    cmd += ["--spopt-child", model, str(n), str(m), str(k), str(limit)]
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=limit + 60)
        stdout, stderr, code = done.stdout, done.stderr, done.returncode
    except subprocess.TimeoutExpired as exc:
        stdout = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        stderr, code = "killed at the time limit", None
    seconds = time.perf_counter() - t0
    lines = [json.loads(x) for x in stdout.splitlines() if x.startswith("{")]
    if code == 0 and lines and "objective" in lines[-1]:
        return lines[-1]
    stage = lines[-1] if lines else {"stage": "starting"}
    where = stage["stage"]
    if "build_s" in stage:
        where += f" (model built in {stage['build_s']:.0f} s)"
    tail = (stderr.strip().splitlines() or ["?"])[-1][:80]
    why = "out of memory" if "MemoryError" in stderr else tail
    rss = f", limit {SPOPT_MEMORY_GB[0]:.0f} GB"
    return {"error": f"stopped while {where} after {seconds:.0f} s: {why}{rss}", "seconds": seconds}


# --------------------------------------------------------------------------- YouthMap


def build(model: str, demand: pd.DataFrame, cands: pd.DataFrame, k: int):
    """The YouthMap model on the instance as spopt sees it (for LSCP and LSCP-B, ``demand``
    is already the coverable communities, taken out before either side's timer starts)."""
    if model == "mclp":
        return MaxCover.from_layers(demand, cands, RADIUS_M, weight="youth", k=k)
    if model == "lscp":
        return SetCover.from_layers(demand, cands, RADIUS_M, weight=None)
    if model == "lscpb":
        return BackupCover.from_layers(demand, cands, RADIUS_M, weight=None)
    return PMedian.from_layers(demand, cands, weight="youth", k=k)


def run_youthmap(model: str, demand, cands, k: int, method: str) -> tuple[object, float]:
    if model in ("lscp", "lscpb"):
        demand = coverable(demand, cands)
    t0 = time.perf_counter()
    result = build(model, demand, cands, k).solve(method=method, time_limit_s=EXACT_LIMIT[0])
    return result, time.perf_counter() - t0


def _status(result) -> str:
    if result.status == "optimal":
        return "optimal"
    gap = "?" if result.gap is None else f"{result.gap:.2%}"
    return f"{result.status}, gap {gap}"


def spopt_section(instances, limit: float) -> list[tuple]:
    """Side-by-side rows; returns (instance, model, exact result, greedy result) for quality."""
    print(
        "| instance | model | solver | objective | status | seconds | spopt ÷ YouthMap | "
        "objective equal to spopt's |"
    )
    print("|---|---|---|---:|---|---:|---:|---|")
    kept = []
    for n, m, k in instances:
        demand, cands = instance(n, m)
        label = f"{n:,} × {m:,}, k={k}"
        for model in MODELS_RUN:
            if n > SPOPT_MAX_N[0]:
                theirs = {"error": "not run here (--spopt-max-n)", "seconds": float("nan")}
            else:
                theirs = run_spopt(model, n, m, k, limit)
            exact, exact_s = run_youthmap(model, demand, cands, k, "exact")
            greedy, greedy_s = run_youthmap(model, demand, cands, k, "greedy")
            kept.append((label, model, exact, greedy, greedy_s))
            _spopt_rows(label, model, theirs, exact, exact_s, greedy, greedy_s)
    return kept


def _spopt_rows(label, model, theirs, exact, exact_s, greedy, greedy_s) -> None:
    floor = float("nan")
    if "error" in theirs:
        print(
            f"| {label} | {model} | spopt (PuLP + HiGHS) | — | {theirs['error']} | "
            f"{theirs['seconds']:.1f} | — | — |"
        )
        base, ref = None, None
        floor = theirs["seconds"]  # spopt took at least this long
    else:
        ref = theirs.get("true_objective", theirs["objective"])
        extra = f" (its objective {theirs['objective']:,.0f})" if "true_objective" in theirs else ""
        print(
            f"| {label} | {model} | spopt (PuLP + HiGHS) | {ref:,.1f}{extra} | "
            f"{theirs['status']} | {theirs['seconds']:.2f} | 1.0× | — |"
        )
        base = theirs["seconds"]
    for name, result, secs in (
        ("YouthMap exact", exact, exact_s),
        ("YouthMap greedy", greedy, greedy_s),
    ):
        ratio = f"> {floor / secs:.1f}×" if base is None else f"{base / secs:.1f}×"
        equal = (
            "—"
            if ref is None
            else ("yes" if abs(result.objective - ref) <= 1e-6 * max(1, abs(ref)) else "no")
        )
        print(
            f"| {label} | {model} | {name} | {result.objective:,.1f} | {_status(result)} | "
            f"{secs:.2f} | {ratio} | {equal} |"
        )


def quality_section(kept) -> None:
    """Each heuristic as a percentage of the proven optimum (100% = optimal)."""
    print(
        "\nGreedy quality (objective of the heuristic against the exact optimum; for the "
        "minimising models, optimum ÷ heuristic):"
    )
    print(
        "| instance | model | exact status | greedy % of optimum | greedy s | heuristic bound gap |"
    )
    print("|---|---|---|---:|---:|---:|")
    for label, model, exact, greedy, greedy_s in kept:
        if model in ("lscp", "pmedian"):
            pct = 100 * exact.objective / greedy.objective
        else:
            pct = 100 * greedy.objective / exact.objective if exact.objective else 100.0
        gap = "—" if greedy.gap is None else f"{greedy.gap:.2%}"
        print(f"| {label} | {model} | {_status(exact)} | {pct:.3f} | {greedy_s:.2f} | {gap} |")


def capacitated_section(n: int = 8_000, m: int = 1_500, k: int = 40) -> None:
    demand, cands = instance(n, m)
    print(
        f"\nCapacitated MCLP at {n:,} × {m:,}, k={k}, capacity {CAPACITY:,} youth per site "
        f"(no peer: spopt has none):"
    )
    print("| solver | youth assigned | status | bound | seconds |")
    print("|---|---:|---|---:|---:|")
    for method in ("exact", "greedy"):
        t0 = time.perf_counter()
        model = CapacitatedMaxCover.from_layers(demand, cands, RADIUS_M, k=k, capacity=CAPACITY)
        r = model.solve(method, time_limit_s=EXACT_LIMIT[0])
        bound = "—" if r.bound is None else f"{r.bound:,.0f}"
        print(
            f"| YouthMap {method} | {r.objective:,.0f} | {_status(r)} | {bound} | "
            f"{time.perf_counter() - t0:.2f} |"
        )
    cover = MaxCover.from_layers(demand, cands, RADIUS_M, k=k).solve("greedy")
    print(f"(without capacities the same k covers {cover.objective:,.0f} youth)")


def national(k: int = 500, n_candidates: int = 20_000, radius_m: float = 1_000) -> None:
    """All embedded communities as demand, candidates drawn from communities and units."""
    from geo import dataset

    layers = dataset.load_layers()
    communities, units = layers.communities, layers.resident_units
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
    print(
        f"\nNational heuristic MCLP: {len(communities):,} communities, {len(cands):,} "
        f"candidates, {len(layers.youth_homes):,} existing homes, k={k}, {radius_m:,.0f} m: "
        f"build {t_build:.2f} s, solve {result.seconds:.2f} s; youth newly covered "
        f"{result.objective:,.0f} (bound {result.bound:,.0f}, gap {result.gap:.3%})"
    )


def _mean_distance_m(communities: pd.DataFrame, sites: pd.DataFrame) -> float:
    """Youth-weighted mean great-circle metres from each community to its nearest site."""
    from geo.core.layers import lonlat

    metres, _ = distance.nearest(lonlat(communities), lonlat(sites))
    youth = communities["youth"].to_numpy(float)
    return float(youth @ metres[:, 0] / youth.sum())


def national_median(k: int = 500, limits: tuple[float, ...] = (10, 30, 60)) -> None:
    """p-median over every embedded community (candidates: the communities) under time
    limits, beside scikit-learn's youth-weighted k-means on the unit sphere with its
    centres moved to the nearest community (the usual quick way to spread k sites)."""
    from sklearn.cluster import KMeans

    from geo import dataset
    from geo.core.layers import lonlat

    communities = dataset.load_layers().communities
    print(
        f"\nNational p-median: {len(communities):,} communities (candidates: the same), k={k}; "
        "youth-weighted mean distance to the nearest site (lower is better):"
    )
    print("| solver | limit (s) | status | mean distance (km) | seconds |")
    print("|---|---:|---|---:|---:|")
    for method, limit in [*(("greedy", t) for t in limits), ("exact", max(limits) / 2)]:
        t0 = time.perf_counter()
        model = PMedian.from_layers(communities, communities, weight="youth", k=k)
        r = model.solve(method, time_limit_s=limit)
        took = time.perf_counter() - t0
        mean = r.extra["mean_distance"] / 1000
        print(f"| YouthMap {method} | {limit:g} | {_status(r)} | {mean:,.1f} | {took:.2f} |")
    t0 = time.perf_counter()
    lon, lat = np.radians(lonlat(communities)).T
    xyz = np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    km = KMeans(k, n_init=1, random_state=0).fit(xyz, sample_weight=communities["youth"])
    c = km.cluster_centers_
    centres = pd.DataFrame(
        {
            "lon": np.degrees(np.arctan2(c[:, 1], c[:, 0])),
            "lat": np.degrees(np.arctan2(c[:, 2], np.hypot(c[:, 0], c[:, 1]))),
        }
    )
    _, nearest = distance.nearest(lonlat(centres), lonlat(communities))
    sites = communities.iloc[np.unique(nearest[:, 0])]
    took = time.perf_counter() - t0
    mean = _mean_distance_m(communities, sites) / 1000
    print(
        f"| scikit-learn KMeans ({len(sites)} sites) | — | heuristic | {mean:,.1f} | {took:.2f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3,000 × 600 only")
    parser.add_argument("--spopt-limit", type=float, default=900.0, metavar="S")
    parser.add_argument(
        "--sections",
        default="spopt,capacitated,national,median",
        help="comma-separated sections",
    )
    parser.add_argument("--exact-limit", type=float, default=600.0, metavar="S")
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated models")
    parser.add_argument("--spopt-memory-gb", type=float, default=8.0, metavar="GB")
    parser.add_argument("--spopt-max-n", type=int, default=10**9, metavar="N")
    parser.add_argument("--spopt-child", nargs=5, metavar="X", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    SPOPT_MEMORY_GB[0] = args.spopt_memory_gb
    SPOPT_MAX_N[0] = args.spopt_max_n
    if args.spopt_child:
        model, n, m, k, limit = args.spopt_child
        print(json.dumps(spopt_child(model, int(n), int(m), int(k), float(limit))))
        return 0
    sections = set(args.sections.split(","))
    EXACT_LIMIT[0] = args.exact_limit
    MODELS_RUN[:] = args.models.split(",")
    instances = INSTANCES[:1] if args.quick else INSTANCES
    print(f"Radius {RADIUS_M} m; seconds are wall time including model building.\n")
    if "spopt" in sections:
        quality_section(spopt_section(instances, args.spopt_limit))
    if "capacitated" in sections and not args.quick:
        capacitated_section()
    if "national" in sections and not args.quick:
        national()
    if "median" in sections and not args.quick:
        national_median()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
