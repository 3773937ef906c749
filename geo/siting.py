"""Siting new Youth Homes: maximal covering and set covering location models.

Two models share one shape (as PySAL spopt's ``MCLP`` and ``LSCP`` do):

* :class:`MaxCover` — choose at most ``k`` new sites among candidates so as to maximise
  the demand weight (youth by default) newly covered within ``radius_m``; demand already
  covered by existing Youth Homes is taken out first.
* :class:`SetCover` — the fewest new sites such that every community of a chosen set is
  covered; communities that no candidate can reach are reported as uncoverable.

Each is built with ``from_layers(communities, candidates, radius_m, existing=None,
weight="youth", ...)`` or ``from_matrix(...)`` from a sparse demand × candidate coverage
matrix, and solved with ``solve(method="greedy" | "exact", time_limit_s=...)`` which
returns a :class:`SitingResult`. Both solvers first reduce the model: demand points with
identical candidate sets are aggregated, demand nobody can reach is set aside, and
candidates whose coverage is a subset of another candidate's are dropped (safe for both
models: any solution using a dropped candidate is matched by its dominator).

``greedy`` is lazy greedy (a priority queue of marginal gains, re-evaluated only when a
stale entry reaches the top) followed by 1-swap local search. For :class:`MaxCover` the
swap search is also started from roundings of the LP relaxation (top-``k`` and
randomised, :data:`ROUNDING_TRIALS`) when the reduced model is small enough (HiGHS solves the LP in well under a second at city scale) and, on small models,
from greedy runs forced to open one of the best single sites; the best local optimum is
kept. It reports a valid upper bound, the smaller of the LP optimum and the submodular
bound (objective plus the ``k`` largest remaining marginal gains), hence a proven gap. ``exact`` solves the integer programme
with HiGHS (:mod:`highspy`), warm-started from the greedy solution, under a time limit,
and reports the dual bound and gap.
"""

from __future__ import annotations

import heapq
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from geo.coverage import check_radius, problem, weights_of
from geo.distance import SphereIndex
from geo.errors import InputError, Problem, Term
from geo.layers import lonlat
from geo.params import SITING_DEFAULT_TIME_LIMIT_S as DEFAULT_TIME_LIMIT_S
from geo.params import SITING_METHODS as METHODS

DEFAULT_K = 20
"""Default number of new sites for :class:`MaxCover`."""

MAX_SWAP_ROUNDS = 50
"""Upper bound on full passes of the swap local search."""

MAX_RESTARTS = 16
"""Extra greedy+swap runs, each forced to open one of the best single sites first."""

_RESTART_WORK_LIMIT = 1_000_000
"""Restarts run only when ``k`` × non-zeros of the reduced model is below this."""

ROUNDING_TRIALS = 24
"""Swap searches started from (randomised) roundings of the LP relaxation."""

_ROUNDING_WORK_LIMIT = 2_000_000
"""Randomised roundings run only when ``k`` × non-zeros of the reduced model is below this
(above it, only the top-``k`` rounding: a national k=500 run stays within seconds)."""

_LP_NNZ_LIMIT = 2_000_000
"""The LP-rounding start runs only when the reduced matrix has fewer non-zeros."""

_INF = 1e30

_DOMINANCE_WORK_LIMIT = 50_000_000
"""Skip the dominated-candidate reduction when the overlap product would cost more."""

_TOL = 1e-9

Progress = Callable[[float, str], None]
"""Progress callback: fraction done (0–1) and a stage key (``"build"``, ``"greedy"``,
``"swap"``, ``"exact"``, ``"done"``)."""


@dataclass(frozen=True)
class SitingResult:
    """Outcome of one siting run.

    Attributes
    ----------
    model
        ``"max_cover"`` or ``"set_cover"``.
    method, solver
        ``"greedy"`` or ``"exact"``; the solver used (``"lazy-greedy+swap"``,
        ``"highs <version>"``).
    status
        ``"optimal"`` (proven), ``"time_limit"`` (stopped, best found), ``"heuristic"``
        (greedy, no optimality proof) or ``"infeasible"``.
    sites
        Candidate ids chosen, in greedy order of the weight each newly covers.
    site_gain
        Weight (youth) newly covered by each site, given the sites before it in ``sites``.
    site_demand
        Communities newly covered by each site, in the same order.
    objective
        :class:`MaxCover`: weight newly covered by the sites. :class:`SetCover`: number of
        sites.
    bound
        Best proven bound on the objective (upper for MaxCover, lower for SetCover), or
        ``None`` when unknown.
    gap
        Relative gap ``|bound - objective| / |objective|`` (0 when proven optimal), or
        ``None`` when the bound is unknown.
    seconds
        Wall time of the solve, including model reduction.
    covered_weight, covered_demand
        Weight and number of communities newly covered by the sites.
    total_weight
        Weight of all demand in the model (not covered by existing Youth Homes).
    baseline_weight, baseline_demand
        Weight and number of communities already covered by existing Youth Homes.
    uncoverable
        Ids of demand points no candidate reaches within the radius.
    """

    model: str
    method: str
    solver: str
    status: str
    sites: tuple[str, ...]
    site_gain: tuple[float, ...]
    site_demand: tuple[int, ...]
    objective: float
    bound: float | None
    gap: float | None
    seconds: float
    covered_weight: float
    covered_demand: int
    total_weight: float
    baseline_weight: float = 0.0
    baseline_demand: int = 0
    uncoverable: tuple[str, ...] = field(default_factory=tuple)

    @property
    def n_sites(self) -> int:
        """Number of sites chosen."""
        return len(self.sites)


# --------------------------------------------------------------------------- reduction


@dataclass(frozen=True)
class _Reduced:
    """A reduced model: aggregated demand groups × kept candidates."""

    csc: sp.csc_matrix
    csr: sp.csr_matrix
    weight: np.ndarray
    cols: np.ndarray  # kept column -> original candidate index


def _dedupe_rows(matrix: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Representative row of each distinct row pattern, and each row's group."""
    if matrix.shape[0] == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    rng = np.random.default_rng(12345)
    keys = matrix @ rng.random((matrix.shape[1], 2))
    nnz = np.diff(matrix.indptr).astype(float)
    stacked = np.column_stack([keys, nnz])
    _, first, inverse = np.unique(stacked, axis=0, return_index=True, return_inverse=True)
    return first, inverse.ravel()


def _dominated_columns(groups: sp.csr_matrix) -> np.ndarray:
    """Columns whose row set is a subset of another kept column's (ties: keep the lowest)."""
    m = groups.shape[1]
    counts = np.asarray(groups.sum(axis=0)).ravel()
    drop = counts == 0
    row_nnz = np.diff(groups.indptr).astype(float)
    if float((row_nnz**2).sum()) > _DOMINANCE_WORK_LIMIT:
        return drop
    overlap = (groups.T @ groups).tocoo()
    r, c, v = overlap.row, overlap.col, overlap.data
    mask = (
        (r != c)
        & (v == counts[r])
        & ((counts[c] > counts[r]) | ((counts[c] == counts[r]) & (c < r)))
    )
    drop = drop.copy()
    drop[np.unique(r[mask])] = True
    if drop.all() and m:
        drop[np.argmax(counts)] = False
    return drop


def _reduce(matrix: sp.csr_matrix, weight: np.ndarray, drop_zero_weight: bool) -> _Reduced:
    rows = np.flatnonzero(np.diff(matrix.indptr) > 0)
    if drop_zero_weight:
        rows = rows[weight[rows] > 0]
    sub = matrix[rows]
    first, inverse = _dedupe_rows(sub)
    groups = sub[first].astype(np.float64)
    gweight = np.bincount(inverse, weights=weight[rows], minlength=len(first))
    drop = _dominated_columns(groups) if groups.shape[0] else np.ones(matrix.shape[1], bool)
    cols = np.flatnonzero(~drop)
    kept = groups[:, cols].tocsr()
    kept.sort_indices()
    csc = kept.tocsc()
    csc.sort_indices()
    return _Reduced(csc=csc, csr=kept, weight=gweight, cols=cols)


# --------------------------------------------------------------------------- heuristics


def _column(csc: sp.csc_matrix, j: int) -> np.ndarray:
    return csc.indices[csc.indptr[j] : csc.indptr[j + 1]]


def _lazy_greedy(
    csc: sp.csc_matrix,
    weight: np.ndarray,
    k: int,
    allowed: np.ndarray | None = None,
    covered: np.ndarray | None = None,
) -> tuple[list[int], list[float]]:
    """Lazy greedy: pick up to ``k`` columns by largest marginal covered weight."""
    covered = np.zeros(csc.shape[0], dtype=bool) if covered is None else covered.copy()
    gains = csc.T @ np.where(covered, 0.0, weight)
    candidates = np.flatnonzero(gains > _TOL) if allowed is None else np.asarray(allowed)
    heap = [(-float(gains[j]), int(j)) for j in candidates if gains[j] > _TOL]
    heapq.heapify(heap)
    chosen: list[int] = []
    chosen_gain: list[float] = []
    while heap and len(chosen) < k:
        _, j = heapq.heappop(heap)
        rows = _column(csc, j)
        rows = rows[~covered[rows]]
        gain = float(weight[rows].sum())
        if gain <= _TOL:
            continue
        if heap and gain < -heap[0][0] - _TOL:
            heapq.heappush(heap, (-gain, j))
            continue
        covered[rows] = True
        chosen.append(j)
        chosen_gain.append(gain)
    return chosen, chosen_gain


def _cover_counts(csc: sp.csc_matrix, chosen: Sequence[int]) -> np.ndarray:
    cnt = np.zeros(csc.shape[0], dtype=np.int64)
    for j in chosen:
        cnt[_column(csc, j)] += 1
    return cnt


def _swap_search(
    red: _Reduced, chosen: list[int], deadline: float, max_rounds: int = MAX_SWAP_ROUNDS
) -> tuple[list[int], int]:
    """1-swap local search on a max-cover solution; returns the solution and swaps made."""
    csc, csr, w = red.csc, red.csr, red.weight
    m = csc.shape[1]
    if not chosen or len(chosen) >= m:
        return chosen, 0
    chosen = list(chosen)
    in_set = np.zeros(m, dtype=bool)
    in_set[chosen] = True
    cnt = _cover_counts(csc, chosen)
    base = csc.T @ np.where(cnt == 0, w, 0.0)
    tol = _TOL * max(1.0, float(w.sum()))
    swaps = 0
    for _ in range(max_rounds):
        improved = False
        for pos in range(len(chosen)):
            if time.perf_counter() > deadline:
                return chosen, swaps
            i = chosen[pos]
            rows_i = _column(csc, i)
            sole = rows_i[cnt[rows_i] == 1]
            loss = float(w[sole].sum())
            delta = base - loss
            if len(sole):
                delta = delta + csr[sole].T @ w[sole]
            delta[in_set] = -np.inf
            j = int(np.argmax(delta))
            if delta[j] > tol:
                cnt[rows_i] -= 1
                cnt[_column(csc, j)] += 1
                in_set[i], in_set[j] = False, True
                chosen[pos] = j
                base = csc.T @ np.where(cnt == 0, w, 0.0)
                swaps += 1
                improved = True
        if not improved:
            break
    return chosen, swaps


def _value(red: _Reduced, chosen: Sequence[int]) -> float:
    return float(red.weight[_cover_counts(red.csc, chosen) > 0].sum())


def _max_cover_lp(red: _Reduced, k: int, integer: bool):
    """The MaxCover model on the reduced matrix: columns x (sites) then y (groups)."""
    ng, m = red.csr.shape
    a = sp.bmat(
        [
            [-red.csc, sp.identity(ng, format="csc")],
            [sp.csc_matrix(np.ones((1, m))), None],
        ],
        format="csc",
    )
    a.sort_indices()
    return _lp_from_csc(
        a,
        cost=np.concatenate([np.zeros(m), red.weight]),
        col_lower=np.zeros(m + ng),
        col_upper=np.ones(m + ng),
        row_lower=np.full(ng + 1, -_INF),
        row_upper=np.concatenate([np.zeros(ng), [float(k)]]),
        integer=np.concatenate([np.full(m, integer), np.zeros(ng, bool)]),
        maximize=True,
    )


def _lp_relaxation(
    red: _Reduced, k: int, time_limit_s: float
) -> tuple[np.ndarray | None, float | None]:
    """Site values of the MaxCover LP relaxation and its optimum (an upper bound)."""
    if time_limit_s <= 0.05 or red.csc.nnz > _LP_NNZ_LIMIT:
        return None, None
    h = _highs(time_limit_s)
    x, objective, _, status = _solve_lp(h, _max_cover_lp(red, k, integer=False), None)
    if status != "optimal":
        return None, None
    return np.clip(x[: red.csc.shape[1]], 0.0, 1.0), objective


def _rounded_starts(red: _Reduced, k: int, xs: np.ndarray, trials: int, seed: int = 0):
    """Starts from the LP values: the top-``k`` rounding, then randomised roundings.

    Sites at 1 are kept; the rest are drawn among the fractional sites with probability
    proportional to their LP value; any shortfall is filled greedily.
    """
    rng = np.random.default_rng(seed)
    order = np.argsort(-xs, kind="stable")
    firm = [int(j) for j in np.flatnonzero(xs > 1 - 1e-6)][:k]
    frac = np.flatnonzero((xs > 1e-6) & (xs <= 1 - 1e-6))
    for trial in range(trials):
        if trial == 0:
            picked = [int(j) for j in order[:k] if xs[j] > 1e-6]
        else:
            need = min(k - len(firm), len(frac))
            if need <= 0 or len(frac) == 0:
                return
            p = xs[frac] / xs[frac].sum()
            picked = firm + [int(j) for j in rng.choice(frac, size=need, replace=False, p=p)]
        covered = _cover_counts(red.csc, picked) > 0
        rest, _ = _lazy_greedy(red.csc, red.weight, k - len(picked), covered=covered)
        yield picked + rest


def _greedy_swap(red: _Reduced, k: int, deadline: float) -> tuple[list[int], float | None]:
    """Lazy greedy + swap local search, with more starts when cheap; best kept.

    Starts: plain lazy greedy; the rounded LP relaxation (when the model is small enough
    for HiGHS to solve the LP within the time left), which also yields an upper bound;
    and, on small models, greedy runs forced to open one of the best single sites first.

    Returns
    -------
    chosen, lp_bound
        Reduced column indices of the best solution, and the LP upper bound (or ``None``).
    """
    chosen, _ = _lazy_greedy(red.csc, red.weight, k)
    chosen, _ = _swap_search(red, chosen, deadline)
    best, best_value = chosen, _value(red, chosen)
    m = red.csc.shape[1]
    if k >= m or best_value >= float(red.weight.sum()) - _TOL:
        return best, None

    def consider(trial: list[int]) -> None:
        nonlocal best, best_value
        value = _value(red, trial)
        if value > best_value + _TOL * max(1.0, best_value):
            best, best_value = trial, value

    xs, lp_bound = _lp_relaxation(red, k, 0.5 * (deadline - time.perf_counter()))
    if xs is not None:
        trials = ROUNDING_TRIALS if red.csc.nnz * k <= _ROUNDING_WORK_LIMIT else 1
        for start in _rounded_starts(red, k, xs, trials):
            if time.perf_counter() > deadline or best_value >= lp_bound - _TOL * max(1.0, lp_bound):
                break
            consider(_swap_search(red, start, deadline)[0])
    if k < 2 or red.csc.nnz * k > _RESTART_WORK_LIMIT:
        return best, lp_bound
    singles = red.csc.T @ red.weight
    for first in np.argsort(-singles, kind="stable")[:MAX_RESTARTS]:
        if time.perf_counter() > deadline:
            break
        if int(first) in best:
            continue
        covered = np.zeros(red.csc.shape[0], dtype=bool)
        covered[_column(red.csc, int(first))] = True
        rest, _ = _lazy_greedy(red.csc, red.weight, k - 1, covered=covered)
        consider(_swap_search(red, [int(first), *rest], deadline)[0])
    return best, lp_bound


def _greedy_set_cover(red: _Reduced) -> list[int]:
    """Greedy set cover on the groups (each counts one), then drop redundant sites."""
    ones = np.ones(red.csc.shape[0])
    chosen, _ = _lazy_greedy(red.csc, ones, k=red.csc.shape[1])
    cnt = _cover_counts(red.csc, chosen)
    for j in list(reversed(chosen)):
        rows = _column(red.csc, j)
        if (cnt[rows] >= 2).all():
            cnt[rows] -= 1
            chosen.remove(j)
    return chosen


# --------------------------------------------------------------------------- exact


def _new_highs():
    """A ``highspy.Highs`` with its output off, without its start-up banner.

    highspy prints "Running HiGHS …" to the process's standard output while the object is
    being constructed, before ``output_flag`` can be turned off, so that moment alone runs
    with file descriptor 1 pointed at the null device. Otherwise the banner would land in
    the CLI's output and in the app server's log.
    """
    import highspy

    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):  # no usable standard output: nothing to hide
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        return h
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return h


def _highs(time_limit_s: float, threads: int | None = None):
    h = _new_highs()
    h.setOptionValue("time_limit", float(time_limit_s))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-7)
    if threads:
        h.setOptionValue("threads", int(threads))
    return h


def _solve_lp(h, lp, start: np.ndarray | None) -> tuple[np.ndarray, float, float, str]:
    """Pass ``lp`` to HiGHS, warm start it, run; returns (x, objective, bound, status)."""
    import highspy

    h.passModel(lp)
    if start is not None:
        sol = highspy.HighsSolution()
        sol.col_value = list(map(float, start))
        sol.value_valid = True
        h.setSolution(sol)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    if status == highspy.HighsModelStatus.kOptimal:
        label = "optimal"
    elif status == highspy.HighsModelStatus.kInfeasible:
        return np.zeros(lp.num_col_), float("nan"), float("nan"), "infeasible"
    else:
        label = "time_limit"
    x = np.asarray(h.getSolution().col_value, dtype=float)
    return x, float(info.objective_function_value), float(info.mip_dual_bound), label


def _lp_from_csc(
    a: sp.csc_matrix,
    cost: np.ndarray,
    col_lower: np.ndarray,
    col_upper: np.ndarray,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    integer: np.ndarray,
    maximize: bool,
):
    import highspy

    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = int(a.shape[1]), int(a.shape[0])
    lp.col_cost_ = cost
    lp.col_lower_ = col_lower
    lp.col_upper_ = col_upper
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = a.indices.astype(np.int32)
    lp.a_matrix_.value_ = a.data.astype(float)
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if f else highspy.HighsVarType.kContinuous for f in integer
    ]
    lp.sense_ = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
    return lp


def _highs_version() -> str:
    import importlib.metadata

    try:
        return "highs " + importlib.metadata.version("highspy")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "highs"


# --------------------------------------------------------------------------- candidates


def coverage_matrix(
    demand_lonlat: npt.ArrayLike, candidate_lonlat: npt.ArrayLike, radius_m: float
) -> sp.csr_matrix:
    """Sparse 0/1 matrix: demand point ``i`` is within ``radius_m`` of candidate ``j``.

    Great-circle distances, found with k-d trees on unit vectors: the chord between two
    unit vectors is ``2 sin(d / 2R)``, monotone in the great-circle distance ``d``, so the
    pairs are exactly those within the radius (and about 30× faster nationally than a
    haversine BallTree radius query).

    Parameters
    ----------
    demand_lonlat, candidate_lonlat
        ``(n, 2)`` and ``(m, 2)`` arrays of ``[lon, lat]`` degrees (WGS-84).
    radius_m
        Coverage radius in metres.

    Returns
    -------
    scipy.sparse.csr_matrix
        ``(n, m)`` with ones where covered.
    """
    d = np.asarray(demand_lonlat, dtype=float).reshape(-1, 2)
    c = np.asarray(candidate_lonlat, dtype=float).reshape(-1, 2)
    if len(d) == 0 or len(c) == 0:
        return sp.csr_matrix((len(d), len(c)))
    rows, cols = SphereIndex(d).pairs_within(SphereIndex(c), float(radius_m))
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(d), len(c)))


CANDIDATE_SOURCES: tuple[str, ...] = ("communities", "resident_units", "file")
"""Where candidate sites come from: community locations, resident units (a Youth Home
hosted by a resident unit is co-building), or a user file."""


def candidates_from(frame: pd.DataFrame) -> pd.DataFrame:
    """Candidate sites from any point layer: its ``id``, ``name`` (if any), ``lon``, ``lat``."""
    cols = [c for c in ("id", "name", "lon", "lat") if c in frame.columns]
    out = pd.DataFrame(frame[cols]).reset_index(drop=True)
    out["id"] = out["id"].astype(str)
    return out


def read_candidates(
    source: str | Path | bytes,
    crs: str = "wgs84",
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    *,
    name: str | None = None,
    layer_name: str | None = None,
) -> pd.DataFrame:
    """Read a candidate-sites file: any table or point layer with an id and coordinates.

    Headers are matched like a resident-units file (``编号``/``id``, ``名称``/``name``,
    ``经度``/``lon``, ``纬度``/``lat`` and their synonyms); point geometries of GeoJSON,
    GeoPackage or Shapefile inputs stand in for missing coordinate columns.

    Parameters
    ----------
    source
        Path or bytes (then ``name`` gives the file name) of a CSV, XLSX, GeoJSON, GPKG or
        zipped Shapefile.
    crs
        System of the coordinates: ``"wgs84"``, ``"gcj02"`` or ``"bd09"``.
    mapping
        Explicit ``{file column: column}`` mapping.
    sheet
        XLSX sheet.
    layer_name
        Layer of a GeoPackage or zip holding several.
    name
        File name for problems (required with bytes).

    Returns
    -------
    pandas.DataFrame
        ``id`` (string, unique), ``name`` (when given), ``lon``/``lat`` in WGS-84.

    Raises
    ------
    InputError
        One problem per missing column, bad or duplicate id, or bad coordinate (with the
        row as in Excel).
    """
    from geo import io
    from geo.crs import convert
    from geo.headers import resolve_mapping

    table = io.read_table(source, name=name, sheet=sheet, layer_name=layer_name)
    resolved = resolve_mapping(
        list(table.frame.columns), "resident_units", mapping, file=table.file
    )
    if resolved.problems:
        raise InputError(list(resolved.problems))
    frame = table.frame.rename(columns=resolved.columns)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    if table.lonlat is not None:
        for i, col in enumerate(("lon", "lat")):
            if col not in frame.columns:
                frame[col] = table.lonlat[:, i]
    problems = [
        Problem(
            "coverage.problem.missing_column", file=table.file, column=col, params={"column": col}
        )
        for col in ("id", "lon", "lat")
        if col not in frame.columns
    ]
    if problems:
        raise InputError(problems)
    out = pd.DataFrame({"id": frame["id"].astype(str).str.strip()})
    if "name" in frame.columns:
        out["name"] = frame["name"].astype(str)
    for col in ("lon", "lat"):
        out[col] = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
    rows = np.asarray(table.rows)
    bad_id = (out["id"] == "").to_numpy() | out["id"].duplicated().to_numpy()
    for i in np.flatnonzero(bad_id)[:20]:
        problems.append(
            Problem(
                "coverage.problem.bad_id",
                file=table.file,
                row=int(rows[i]),
                column="id",
            )
        )
    for col, lo, hi in (("lon", -180.0, 180.0), ("lat", -90.0, 90.0)):
        vals = out[col].to_numpy()
        bad = ~np.isfinite(vals) | (vals < lo) | (vals > hi)
        for i in np.flatnonzero(bad)[:20]:
            problems.append(
                Problem(
                    "coverage.problem.bad_coordinate",
                    file=table.file,
                    row=int(rows[i]),
                    column=resolved.source_of(col) or col,
                )
            )
    if problems:
        raise InputError(problems)
    if len(out) == 0:
        raise InputError([Problem("coverage.problem.no_rows", file=table.file)])
    if crs != "wgs84":
        out["lon"], out["lat"] = convert(out["lon"].to_numpy(), out["lat"].to_numpy(), crs, "wgs84")
    return out


# --------------------------------------------------------------------------- models


def _check_points(frame: pd.DataFrame, what: str) -> list[Problem]:
    """Problems of a point layer given to a model; ``what`` is a ``coverage.what.*`` key."""
    label = Term(key=f"coverage.what.{what}")

    def found(key: str, row: int | None, column: str, **values: object) -> Problem:
        return problem(key, row=row, column=column, what=label, **values).problems[0]

    problems = [
        found("layer_missing_column", None, col)
        for col in ("id", "lon", "lat")
        if col not in frame.columns
    ]
    if problems:
        return problems
    ids = frame["id"].astype(str)
    dup = ids.duplicated().to_numpy()
    if dup.any():
        row = int(np.flatnonzero(dup)[0]) + 2
        problems.append(found("layer_duplicate_id", row, "id", id=ids.iloc[row - 2]))
    for col, lo, hi in (("lon", -180.0, 180.0), ("lat", -90.0, 90.0)):
        vals = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(vals) | (vals < lo) | (vals > hi)
        if bad.any():
            row = int(np.flatnonzero(bad)[0]) + 2
            problems.append(found("layer_bad_coordinate", row, col))
    return problems


class _LocationModel:
    """Shared data and reporting of the coverage location models."""

    model_name = ""

    def __init__(
        self,
        matrix: sp.spmatrix,
        weights: npt.ArrayLike,
        demand_ids: Sequence[str] | None = None,
        candidate_ids: Sequence[str] | None = None,
        baseline_weight: float = 0.0,
        baseline_demand: int = 0,
    ) -> None:
        self.matrix = sp.csr_matrix(matrix, dtype=np.float64)
        self.matrix.data[:] = 1.0
        self.weights = np.asarray(weights, dtype=float)
        n, m = self.matrix.shape
        self.demand_ids = (
            np.asarray([str(i) for i in demand_ids], dtype=object)
            if demand_ids is not None
            else np.arange(n).astype(str).astype(object)
        )
        self.candidate_ids = (
            np.asarray([str(i) for i in candidate_ids], dtype=object)
            if candidate_ids is not None
            else np.arange(m).astype(str).astype(object)
        )
        self.baseline_weight = float(baseline_weight)
        self.baseline_demand = int(baseline_demand)
        self.candidates: pd.DataFrame | None = None
        self.result_: SitingResult | None = None
        if len(self.weights) != n or len(self.demand_ids) != n or len(self.candidate_ids) != m:
            raise problem("model_sizes")
        if (self.weights < 0).any() or not np.isfinite(self.weights).all():
            raise problem("model_weights", column="weight")

    # ---- constructors
    @classmethod
    def from_matrix(
        cls,
        matrix: sp.spmatrix | npt.ArrayLike,
        weights: npt.ArrayLike,
        demand_ids: Sequence[str] | None = None,
        candidate_ids: Sequence[str] | None = None,
        **params: object,
    ):
        """Build the model from a demand × candidate 0/1 coverage matrix.

        Parameters
        ----------
        matrix
            ``(n_demand, n_candidates)``; non-zero where the candidate covers the demand.
        weights
            Demand weights (youth), length ``n_demand``.
        demand_ids, candidate_ids
            Ids reported in results (default: row/column positions as strings).
        **params
            Model parameters (``k`` for :class:`MaxCover`).
        """
        model = cls(sp.csr_matrix(matrix), weights, demand_ids, candidate_ids)
        model._set_params(**params)
        return model

    @classmethod
    def from_layers(
        cls,
        communities: pd.DataFrame,
        candidates: pd.DataFrame,
        radius_m: float,
        existing: pd.DataFrame | None = None,
        weight: str | None = "youth",
        **params: object,
    ):
        """Build the model from point layers and a coverage radius.

        Parameters
        ----------
        communities
            Demand: the communities layer (``id``, ``lon``, ``lat`` WGS-84 and the
            ``weight`` column).
        candidates
            Candidate sites: any frame with ``id``, ``lon``, ``lat`` (communities, resident
            units, or a user file).
        radius_m
            Coverage radius in metres (great-circle).
        existing
            Youth Homes already open; communities they cover are taken out of the demand.
        weight
            Demand weight column (default ``"youth"``), or ``None`` to count communities.
        **params
            Model parameters (``k`` for :class:`MaxCover`).

        Raises
        ------
        InputError
            On missing or bad ids or coordinates, or bad parameters.
        """
        radius = check_radius(radius_m)
        problems = _check_points(communities, "communities") + _check_points(
            candidates, "candidates"
        )
        if existing is not None and len(existing):
            problems += _check_points(existing, "youth_homes")
        if problems:
            raise InputError(problems)
        w = weights_of(communities, weight)
        demand = lonlat(communities)
        already = np.zeros(len(communities), dtype=bool)
        if existing is not None and len(existing) and len(communities):
            dist, _ = SphereIndex(lonlat(existing)).nearest_m(demand)
            already = dist <= radius
        keep = ~already
        matrix = coverage_matrix(demand[keep], lonlat(candidates), radius)
        model = cls(
            matrix,
            w[keep],
            communities["id"].astype(str).to_numpy()[keep],
            candidates["id"].astype(str).to_numpy(),
            baseline_weight=float(w[already].sum()),
            baseline_demand=int(already.sum()),
        )
        cols = [c for c in ("id", "name", "lon", "lat") if c in candidates.columns]
        model.candidates = pd.DataFrame(candidates[cols]).reset_index(drop=True)
        model.candidates["id"] = model.candidates["id"].astype(str)
        model._set_params(**params)
        return model

    def _set_params(self, **params: object) -> None:
        if params:
            raise problem("model_params", names=", ".join(params))

    # ---- solving
    def solve(
        self,
        method: str = "greedy",
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
        progress: Progress | None = None,
        threads: int | None = None,
    ) -> SitingResult:
        """Solve the model.

        Parameters
        ----------
        method
            ``"greedy"`` (lazy greedy + swap local search) or ``"exact"`` (HiGHS MIP).
        time_limit_s
            Wall-time limit in seconds (the swap search and HiGHS stop there with the best
            solution found).
        progress
            Optional callback ``progress(fraction, stage)``.
        threads
            HiGHS threads (default: HiGHS's choice).

        Returns
        -------
        SitingResult
            Also stored as ``self.result_``.
        """
        if method not in METHODS:
            raise problem(
                "site_method",
                column="method",
                value=repr(method),
                choices=", ".join(METHODS),
            )
        try:
            limit = float(time_limit_s)
        except (TypeError, ValueError):
            limit = float("nan")
        if not np.isfinite(limit) or limit <= 0:
            raise problem("time_limit", column="time_limit")
        report = progress or (lambda fraction, stage: None)
        start = time.perf_counter()
        report(0.0, "build")
        red = _reduce(self.matrix, self.weights, drop_zero_weight=self.model_name == "max_cover")
        chosen_cols, status, objective_bound, solver = self._run(
            red, method, start + limit, limit, report, threads
        )
        sites = red.cols[np.asarray(chosen_cols, dtype=np.intp)]
        result = self._result(
            sites, method, solver, status, objective_bound, time.perf_counter() - start
        )
        report(1.0, "done")
        self.result_ = result
        return result

    def _run(self, red, method, deadline, limit, report, threads):  # pragma: no cover
        raise NotImplementedError

    def _ordered(self, sites: np.ndarray) -> tuple[np.ndarray, list[float], list[int]]:
        """Order chosen sites greedily by the weight each newly covers (original matrix)."""
        if len(sites) == 0:
            return sites, [], []
        csc = self.matrix.tocsc()
        order, _ = _lazy_greedy(csc, self.weights + 1e-12, k=len(sites), allowed=sites)
        rest = [s for s in sites if s not in set(order)]
        order = list(order) + rest
        covered = np.zeros(self.matrix.shape[0], dtype=bool)
        gains, counts = [], []
        for j in order:
            rows = _column(csc, j)
            rows = rows[~covered[rows]]
            covered[rows] = True
            gains.append(float(self.weights[rows].sum()))
            counts.append(len(rows))
        return np.asarray(order, dtype=np.intp), gains, counts

    def _uncoverable(self) -> tuple[str, ...]:
        return tuple(self.demand_ids[np.diff(self.matrix.indptr) == 0].tolist())

    def _result(self, sites, method, solver, status, bound, seconds) -> SitingResult:
        order, gains, counts = self._ordered(np.asarray(sites, dtype=np.intp))
        covered_weight = float(sum(gains))
        objective = covered_weight if self.model_name == "max_cover" else float(len(order))
        gap = None
        if bound is not None and np.isfinite(bound):
            if self.model_name == "max_cover":  # below the value reached only by round-off
                bound = max(bound, objective)
            gap = abs(bound - objective) / max(abs(objective), 1e-12) if objective or bound else 0.0
            if gap < 1e-9:
                gap = 0.0
        else:
            bound = None
        return SitingResult(
            model=self.model_name,
            method=method,
            solver=solver,
            status=status,
            sites=tuple(self.candidate_ids[order].tolist()),
            site_gain=tuple(gains),
            site_demand=tuple(counts),
            objective=objective,
            bound=bound,
            gap=gap,
            seconds=seconds,
            covered_weight=covered_weight,
            covered_demand=int(sum(counts)),
            total_weight=float(self.weights.sum()),
            baseline_weight=self.baseline_weight,
            baseline_demand=self.baseline_demand,
            uncoverable=self._uncoverable(),
        )

    # ---- reporting
    def sites_table(self, result: SitingResult | None = None) -> pd.DataFrame:
        """The chosen sites as a table.

        Returns
        -------
        pandas.DataFrame
            ``order`` (1-based), ``id`` (candidate id), ``name`` and ``lon``/``lat``
            (WGS-84) when the model was built from layers, ``youth_new`` (weight newly
            covered) and ``communities_new``.
        """
        result = result or self.result_
        if result is None:
            raise ValueError("solve the model first")
        table = pd.DataFrame(
            {
                "order": np.arange(1, result.n_sites + 1),
                "id": list(result.sites),
                "youth_new": list(result.site_gain),
                "communities_new": list(result.site_demand),
            }
        )
        if self.candidates is not None:
            table = table.merge(self.candidates, on="id", how="left")
            front = ["order", "id"] + [c for c in ("name", "lon", "lat") if c in table]
            table = table[front + ["youth_new", "communities_new"]]
        return table

    def assignment(self, result: SitingResult | None = None) -> pd.DataFrame:
        """Which newly covered community each chosen site covers (first site in order).

        Returns
        -------
        pandas.DataFrame
            ``community_id``, ``site_id``, ``weight``: one row per newly covered community.
        """
        result = result or self.result_
        if result is None:
            raise ValueError("solve the model first")
        position = {cid: i for i, cid in enumerate(self.candidate_ids)}
        csc = self.matrix.tocsc()
        owner = np.full(self.matrix.shape[0], -1, dtype=np.intp)
        for site in result.sites:
            j = position[site]
            rows = _column(csc, j)
            rows = rows[owner[rows] < 0]
            owner[rows] = j
        rows = np.flatnonzero(owner >= 0)
        return pd.DataFrame(
            {
                "community_id": self.demand_ids[rows],
                "site_id": self.candidate_ids[owner[rows]],
                "weight": self.weights[rows],
            }
        )


class MaxCover(_LocationModel):
    r"""Maximal covering location problem (MCLP) with existing facilities.

    Choose at most :math:`k` candidate sites to maximise the weight of demand newly
    covered:

    .. math::

        \max \sum_i w_i y_i \quad\text{s.t.}\quad
        y_i \le \sum_{j \in N_i} x_j \;\forall i,\quad
        \sum_j x_j \le k,\quad x_j \in \{0,1\},\; 0 \le y_i \le 1,

    where :math:`N_i` are the candidates within the radius of demand point :math:`i` and
    :math:`w_i` its youth. Demand already covered by existing Youth Homes is removed
    before the model is built, so the objective is the youth newly covered.

    Parameters
    ----------
    k
        Number of new sites (positive integer), passed to ``from_layers``/``from_matrix``.
    """

    model_name = "max_cover"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.k = DEFAULT_K

    def _set_params(self, k: object = DEFAULT_K, **params: object) -> None:
        super()._set_params(**params)
        try:
            k_int = int(k)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            k_int = 0
        if k_int < 1 or k_int != k:
            raise problem("k", column="k", value=repr(k))
        self.k = k_int

    def _run(self, red, method, deadline, limit, report, threads):
        report(0.1, "greedy")
        chosen, lp_bound = _greedy_swap(red, self.k, deadline)
        if method == "greedy":
            bound = self._submodular_bound(red, chosen)
            if lp_bound is not None:
                bound = min(bound, lp_bound)
            return chosen, "heuristic", bound, "lazy-greedy+swap"
        report(0.5, "exact")
        sites, status, bound, solver = self._exact(
            red, chosen, max(deadline - time.perf_counter(), 0.01), threads
        )
        if status != "optimal":
            # stopped by the time limit: HiGHS's dual bound may be missing or still loose
            # (root node unfinished); the LP and submodular bounds found on the way are as
            # valid, so the tightest of them is the proven bound
            found = (bound, lp_bound, self._submodular_bound(red, chosen))
            valid = [b for b in found if b is not None and np.isfinite(b)]
            bound = min(valid) if valid else None
        return sites, status, bound, solver

    def _submodular_bound(self, red: _Reduced, chosen: list[int]) -> float:
        """Upper bound f(S) + sum of the k largest marginal gains (submodularity)."""
        cnt = _cover_counts(red.csc, chosen)
        value = float(red.weight[cnt > 0].sum())
        gains = red.csc.T @ np.where(cnt == 0, red.weight, 0.0)
        top = np.sort(gains)[::-1][: self.k]
        bound = value + float(top.sum())
        # also never above all coverable weight
        bound = min(bound, float(red.weight.sum()))
        return bound

    def _exact(self, red: _Reduced, start_cols: list[int], limit: float, threads):
        ng, m = red.csr.shape
        if ng == 0 or m == 0:
            return [], "optimal", 0.0, _highs_version()
        lp = _max_cover_lp(red, self.k, integer=True)
        startv = np.zeros(m + ng)
        startv[start_cols] = 1.0
        startv[m:] = (_cover_counts(red.csc, start_cols) > 0).astype(float)
        h = _highs(limit, threads)
        x, _, bound, status = _solve_lp(h, lp, startv)
        chosen = [int(j) for j in np.flatnonzero(x[:m] > 0.5)]
        greedy_value = float(red.weight[startv[m:] > 0].sum())
        value = float(red.weight[_cover_counts(red.csc, chosen) > 0].sum())
        if value < greedy_value - _TOL:  # never return worse than the warm start
            chosen = list(start_cols)
        return chosen, status, bound, _highs_version()


class SetCover(_LocationModel):
    r"""Location set covering problem (LSCP): fewest new sites covering every community.

    .. math::

        \min \sum_j x_j \quad\text{s.t.}\quad \sum_{j \in N_i} x_j \ge 1 \;\forall i
        \text{ coverable},\quad x_j \in \{0,1\}.

    Communities already covered by existing Youth Homes are removed first; communities
    with no candidate within the radius cannot be covered and are listed in
    :attr:`SitingResult.uncoverable` instead of being dropped silently.
    """

    model_name = "set_cover"

    @staticmethod
    def _lp(red: _Reduced, integer: bool):
        ng, m = red.csr.shape
        return _lp_from_csc(
            red.csc,
            cost=np.ones(m),
            col_lower=np.zeros(m),
            col_upper=np.ones(m),
            row_lower=np.ones(ng),
            row_upper=np.full(ng, _INF),
            integer=np.full(m, integer, dtype=bool),
            maximize=False,
        )

    def _lp_bound(self, red: _Reduced, deadline: float, threads) -> float | None:
        """Lower bound on the number of sites: the LP relaxation rounded up (None if unsolved)."""
        if red.csr.shape[0] == 0:
            return 0.0
        h = _highs(max(deadline - time.perf_counter(), 0.01), threads)
        _, value, _, status = _solve_lp(h, self._lp(red, integer=False), None)
        return float(np.ceil(value - 1e-6)) if status == "optimal" else None

    def _run(self, red, method, deadline, limit, report, threads):
        report(0.1, "greedy")
        chosen = _greedy_set_cover(red)
        if method == "greedy":
            report(0.6, "bound")
            bound = self._lp_bound(red, deadline, threads)
            return chosen, "heuristic", bound, "lazy-greedy+redundancy"
        report(0.4, "exact")
        ng, m = red.csr.shape
        if ng == 0:
            return [], "optimal", 0.0, _highs_version()
        lp = self._lp(red, integer=True)
        startv = np.zeros(m)
        startv[chosen] = 1.0
        h = _highs(max(deadline - time.perf_counter(), 0.01), threads)
        x, _, bound, status = _solve_lp(h, lp, startv)
        exact = [int(j) for j in np.flatnonzero(x > 0.5)]
        if (
            status != "infeasible"
            and (_cover_counts(red.csc, exact) > 0).all()
            and len(exact) <= len(chosen)
        ):
            chosen = exact
        return chosen, status, bound, _highs_version()
