"""Benchmark: YouthMap's optimal pairing against networkx ``min_cost_flow`` on the same graphs.

Instances, on the embedded national dataset:

A. The 1,000 communities a national selection chooses (default weights, weighted sum,
   quotas by urban population with at least 10 per province, at most 3 per county, 800 m
   apart; no campus constraint, so some have no campus in range) × all 3,400 campuses as
   candidates (k = every campus, within 15 km), capacity 2.
B. All ~110,000 communities × 3,400 campuses, the 20 nearest campuses within 15 km each,
   capacity 40.

Both sides solve the same candidate graph (``geo.analysis.pairing.candidates``): YouthMap with
OR-Tools ``solve_max_flow_with_min_cost``; networkx with ``nx.min_cost_flow`` (network
simplex) on the graph plus one dummy "unpaired" arc per community whose cost exceeds any
augmenting path (``geo.analysis.pairing.unpaired_arc_cost``), so both serve as many communities as
possible and then minimise the penalised distance. networkx runs in a subprocess with a
time limit, once on the whole graph and once per connected component (the same optimum,
which lets the peer finish at national scale). Prints one table; totals must be equal.

Run: ``.venv/bin/python benchmarks/pairing.py [--nx-timeout 1200] [--skip-national-nx]``
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import dataset  # noqa: E402
from geo.analysis import indicators as ind  # noqa: E402
from geo.analysis import pairing, quota, scoring, selection  # noqa: E402


def _nx_solve(
    cand: pairing.Candidates, need: int, caps: np.ndarray, by_component: bool
) -> tuple[int, int]:
    """Pairs and total penalised cost of networkx's min-cost flow on the candidate graph."""
    import networkx as nx
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n, m = cand.n_communities, cand.n_campuses
    big = pairing.unpaired_arc_cost(cand)
    if by_component:
        adj = coo_matrix(
            (np.ones(len(cand)), (cand.community, n + cand.campus)), shape=(n + m, n + m)
        )
        _, label = connected_components(adj, directed=False)
        arc_label = label[cand.community]
    else:
        label = np.zeros(n + m, dtype=np.int64)
        arc_label = np.zeros(len(cand), dtype=np.int64)
    order = np.argsort(arc_label, kind="stable")
    bounds = np.searchsorted(arc_label[order], np.unique(arc_label), side="left")
    pairs = cost = 0
    for start, stop in zip(bounds, [*bounds[1:], len(order)], strict=True):
        arcs = order[start:stop]
        ci, cj, c = cand.community[arcs], cand.campus[arcs], cand.cost_m[arcs]
        comms, camps = np.unique(ci), np.unique(cj)
        sink = -1
        g = nx.DiGraph()
        g.add_nodes_from((int(i) for i in comms), demand=-need)
        g.add_nodes_from((n + int(j) for j in camps), demand=0)
        g.add_node(sink, demand=need * len(comms))
        g.add_edges_from(
            (int(i), n + int(j), {"capacity": 1, "weight": int(w)})
            for i, j, w in zip(ci, cj, c, strict=True)
        )
        g.add_edges_from((n + int(j), sink, {"capacity": int(caps[j]), "weight": 0}) for j in camps)
        g.add_edges_from((int(i), sink, {"capacity": need, "weight": big}) for i in comms)
        flow = nx.min_cost_flow(g)
        for i, j, w in zip(ci, cj, c, strict=True):
            if flow[int(i)][n + int(j)]:
                pairs += 1
                cost += int(w)
    return pairs, cost


def _nx_worker(cand, need, caps, by_component, queue) -> None:
    start = time.perf_counter()
    pairs, cost = _nx_solve(cand, need, caps, by_component)
    queue.put((pairs, cost, time.perf_counter() - start))


def run_networkx(cand, need, caps, by_component: bool, timeout_s: float):
    """(pairs, cost, seconds) from networkx in a subprocess, or None after ``timeout_s``."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_nx_worker, args=(cand, need, caps, by_component, queue))
    proc.start()
    proc.join(timeout_s)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None
    return queue.get()


def national_selection(layers: dataset.Layers) -> pd.DataFrame:
    """The communities a national selection of 1,000 chooses (see instance A)."""
    frame = ind.compute(
        layers.communities, layers.youth_homes, layers.campuses, layers.resident_units
    )
    res = scoring.score(frame, dict(ind.DEFAULT_WEIGHTS), "weighted", "minmax")
    cands = scoring.candidates(frame, res)
    table = quota.national_quotas(quota.unit_bases(cands), 1_000, "urban_population", minimum=10)
    quotas = dict(zip(table["unit"], table["quota"], strict=True))
    cons = selection.Constraints(max_per_county=3, min_spacing_m=800)
    ids = set(selection.select(cands, quotas, cons).ids)
    return layers.communities[layers.communities["id"].isin(ids)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nx-timeout", type=float, default=1200.0, help="seconds per networkx run")
    parser.add_argument(
        "--skip-national-nx", action="store_true", help="skip whole-graph networkx on B"
    )
    args = parser.parse_args()

    layers = dataset.load_layers()
    comm_all, campuses = layers.communities, layers.campuses
    chosen = national_selection(layers)
    instances = [
        ("A: 1,000 chosen × all campuses, cap 2", chosen, 2, len(campuses)),
        (f"B: all {len(comm_all):,} × 20 nearest, cap 40", comm_all, 40, 20),
    ]
    rows = []
    for name, comm, cap, k in instances:
        result = pairing.pair(comm, campuses, capacity=cap, k=k)
        s = result.summary
        rows.append((name, "YouthMap (OR-Tools)", s.pairs, s.total_cost_m, f"{s.seconds:.2f}", ""))
        cand = pairing.candidates(comm, campuses, k=k)
        caps = pairing.campus_capacities(campuses, cap)
        arcs = f"{len(cand):,} arcs"
        modes = [(True, "networkx min_cost_flow per component")]
        if not (args.skip_national_nx and k == 20):
            modes.insert(0, (False, "networkx min_cost_flow (whole graph)"))
        for by_component, label in modes:
            out = run_networkx(cand, 1, caps, by_component, args.nx_timeout)
            if out is None:
                rows.append((name, label, "-", "-", f"> {args.nx_timeout:.0f}", "did not finish"))
                continue
            pairs, cost, seconds = out
            same = "equal" if (pairs, cost) == (s.pairs, s.total_cost_m) else "DIFFERENT"
            rows.append((name, label, pairs, cost, f"{seconds:.2f}", f"{same}; {arcs}"))
        print(f"done {name}", file=sys.stderr, flush=True)

    header = ("instance", "solver", "pairs", "total cost (m)", "seconds", "vs YouthMap")
    cells = [[f"{v:,}" if isinstance(v, int | np.integer) else str(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in [header, *cells]) for i in range(len(header))]
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-" * len(line))
    for r in cells:
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


if __name__ == "__main__":
    main()
