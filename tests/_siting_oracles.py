"""Independent optima for the siting tests: brute force, and MILPs solved by SCIP.

Nothing here uses HiGHS or :mod:`geo.siting`: every formulation is written again from
the textbook form (OR-Tools' ``pywraplp`` with SCIP), so an "optimal" YouthMap reports
can be checked against a solver and a model that share no code with it.
"""

from __future__ import annotations

import itertools

import numpy as np
from ortools.linear_solver import pywraplp


def _solver() -> pywraplp.Solver:
    solver = pywraplp.Solver.CreateSolver("SCIP")
    assert solver is not None, "OR-Tools without SCIP"
    solver.SetNumThreads(1)
    return solver


def _optimum(solver: pywraplp.Solver) -> float:
    status = solver.Solve()
    assert status == pywraplp.Solver.OPTIMAL, f"SCIP status {status}"
    return float(solver.Objective().Value())


def _cover_sets(a: np.ndarray) -> list[np.ndarray]:
    return [np.flatnonzero(row) for row in np.asarray(a) > 0]


def covered(a: np.ndarray, cols) -> np.ndarray:
    """Rows of the 0/1 matrix ``a`` covered by the columns ``cols``."""
    return np.asarray(a)[:, list(cols)].sum(axis=1) > 0


def brute_max_cover(a: np.ndarray, w: np.ndarray, k: int) -> float:
    """Best weight ``k`` columns cover, by enumeration."""
    return max(w[covered(a, c)].sum() for c in itertools.combinations(range(a.shape[1]), k))


def brute_min_cover(a: np.ndarray) -> int:
    """Fewest columns covering every coverable row, by enumeration."""
    need = np.asarray(a).sum(axis=1) > 0
    for r in range(a.shape[1] + 1):
        for c in itertools.combinations(range(a.shape[1]), r):
            if (covered(a, c) >= need).all():
                return r
    raise AssertionError


def set_cover(a, required=()) -> float:
    """LSCP optimum: fewest columns covering every coverable row (``required`` open)."""
    a = np.asarray(a)
    s = _solver()
    x = [s.BoolVar(f"x{j}") for j in range(a.shape[1])]
    for rows in _cover_sets(a):
        if len(rows):
            s.Add(sum(x[j] for j in rows) >= 1)
    for j in required:
        s.Add(x[j] == 1)
    s.Minimize(sum(x))
    return _optimum(s)


def max_cover(a, w, k, required=(), exactly=False) -> float:
    """MCLP optimum with at most (or exactly) ``k`` columns."""
    a, w = np.asarray(a), np.asarray(w, dtype=float)
    s = _solver()
    x = [s.BoolVar(f"x{j}") for j in range(a.shape[1])]
    y = [s.NumVar(0, 1, f"y{i}") for i in range(a.shape[0])]
    for i, rows in enumerate(_cover_sets(a)):
        s.Add(y[i] <= sum(x[j] for j in rows))
    s.Add(sum(x) == k) if exactly else s.Add(sum(x) <= k)
    for j in required:
        s.Add(x[j] == 1)
    s.Maximize(sum(float(w[i]) * y[i] for i in range(a.shape[0])))
    return _optimum(s)


def backup_cover(a, w, p, required=()) -> float:
    """LSCP-B optimum: ``p`` columns covering every coverable row, maximising the weight
    of rows covered at least twice."""
    a, w = np.asarray(a), np.asarray(w, dtype=float)
    s = _solver()
    x = [s.BoolVar(f"x{j}") for j in range(a.shape[1])]
    twice = []
    for i, cols in enumerate(_cover_sets(a)):
        if not len(cols):
            continue
        u = s.BoolVar(f"u{i}")
        s.Add(sum(x[j] for j in cols) >= 1 + u)
        twice.append(float(w[i]) * u)
    s.Add(sum(x) == p)
    for j in required:
        s.Add(x[j] == 1)
    s.Maximize(sum(twice))
    return _optimum(s)


def p_median(cost, w, k, required=(), cap=None) -> float:
    """p-median optimum: ``k`` columns minimising the weighted cost to the nearest open
    one (a row's cost is at most ``cap`` when given: an existing home)."""
    cost, w = np.asarray(cost, dtype=float), np.asarray(w, dtype=float)
    n, m = cost.shape
    s = _solver()
    x = [s.BoolVar(f"x{j}") for j in range(m)]
    total = []
    for i in range(n):
        z = [s.NumVar(0, 1, f"z{i}_{j}") for j in range(m)]
        parts = [float(cost[i, j]) * z[j] for j in range(m)]
        if cap is not None and np.isfinite(cap[i]):
            zc = s.NumVar(0, 1, f"c{i}")
            parts.append(float(cap[i]) * zc)
            s.Add(sum(z) + zc == 1)
        else:
            s.Add(sum(z) == 1)
        for j in range(m):
            s.Add(z[j] <= x[j])
        total.append(float(w[i]) * sum(parts))
    s.Add(sum(x) == k)
    for j in required:
        s.Add(x[j] == 1)
    s.Minimize(sum(total))
    return _optimum(s)


def capacitated_max_cover(a, w, k, capacity, required=(), exactly=False) -> float:
    """Capacitated MCLP optimum: at most ``k`` sites, each community wholly assigned to
    at most one open site covering it, the weight a site serves within its capacity."""
    a, w = np.asarray(a), np.asarray(w, dtype=float)
    cap = np.broadcast_to(np.asarray(capacity, dtype=float), (a.shape[1],))
    s = _solver()
    x = [s.BoolVar(f"x{j}") for j in range(a.shape[1])]
    z = {}
    for i, cols in enumerate(_cover_sets(a)):
        for j in cols:
            z[i, j] = s.BoolVar(f"z{i}_{j}")
        if len(cols):
            s.Add(sum(z[i, j] for j in cols) <= 1)
    for j in range(a.shape[1]):
        s.Add(sum(float(w[i]) * v for (i, jj), v in z.items() if jj == j) <= float(cap[j]) * x[j])
    s.Add(sum(x) == k) if exactly else s.Add(sum(x) <= k)
    for j in required:
        s.Add(x[j] == 1)
    s.Maximize(sum(float(w[i]) * v for (i, _), v in z.items()))
    return _optimum(s)
