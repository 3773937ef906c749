"""Inputs shared by the models' constructors: distance sources, radii, required sites.

A model needs distances between demand and candidates in one of two forms:
:class:`DenseCosts`, any ``(n, m)`` cost matrix (network metres, travel minutes …), and
:class:`SpherePoints`, WGS-84 points measured by great-circle metres through k-d trees
(never an ``n × m`` array: the national model has 110,000 × 20,000 pairs). Both answer
"pairs within each demand's radius" (coverage) and "each demand's ``k`` nearest
candidates" (p-median) the same way. Checks here raise :class:`~geo.core.errors.InputError`
with the row and column at fault.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.analysis.coverage import MAX_RADIUS_M, problem
from geo.core.distance import SphereIndex
from geo.core.errors import InputError, Problem, Term
from geo.core.layers import point_problems
from geo.siting.candidates import pairs_within


class DenseCosts:
    """Distances from a dense ``(n, m)`` cost matrix (``inf``/``nan``: unreachable)."""

    def __init__(self, cost: np.ndarray) -> None:
        c = np.asarray(cost, dtype=float)
        self.cost = np.where(np.isnan(c), np.inf, c)

    @property
    def shape(self) -> tuple[int, int]:
        """(demand, candidates)."""
        return self.cost.shape

    def within(self, radius: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pairs with cost at most each demand's radius: rows, cols, cost."""
        rows, cols = np.nonzero(self.cost <= np.asarray(radius, dtype=float)[:, None])
        return rows, cols, self.cost[rows, cols]

    def nearest(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` cheapest candidates of each of ``rows``: costs and positions, sorted."""
        sub = self.cost[rows]
        k = min(int(k), sub.shape[1])
        idx = np.argpartition(sub, k - 1, axis=1)[:, :k] if k < sub.shape[1] else None
        if idx is None:
            idx = np.tile(np.arange(sub.shape[1]), (len(rows), 1))
        d = np.take_along_axis(sub, idx, axis=1)
        order = np.argsort(d, axis=1, kind="stable")
        return np.take_along_axis(d, order, axis=1), np.take_along_axis(idx, order, axis=1)

    def between(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Cost of each (row, col) pair."""
        return self.cost[rows, cols]

    def assign(self, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each demand's cheapest of ``cols``: its cost and its position in ``cols``."""
        sub = self.cost[:, np.asarray(cols, dtype=np.intp)]
        which = np.argmin(sub, axis=1)
        return sub[np.arange(len(sub)), which], which


class SpherePoints:
    """Great-circle metres between WGS-84 demand and candidate points."""

    def __init__(self, demand_lonlat: np.ndarray, candidate_lonlat: np.ndarray) -> None:
        self.demand = np.asarray(demand_lonlat, dtype=float).reshape(-1, 2)
        self.cands = np.asarray(candidate_lonlat, dtype=float).reshape(-1, 2)
        self._index: SphereIndex | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """(demand, candidates)."""
        return len(self.demand), len(self.cands)

    def within(self, radius: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pairs within each demand's radius: rows, cols, metres."""
        return pairs_within(self.demand, self.cands, radius)

    @property
    def index(self) -> SphereIndex:
        """The candidates' index, built on first use and kept."""
        if self._index is None:
            self._index = SphereIndex(self.cands)
        return self._index

    def nearest(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest candidates of each of ``rows``: metres and positions, sorted."""
        return self.index.nearest(self.demand[rows], k=k)

    def between(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Great-circle metres of each (row, col) pair."""
        from geo.core.distance import haversine_m

        d, c = self.demand[rows], self.cands[cols]
        return haversine_m(d[:, 0], d[:, 1], c[:, 0], c[:, 1])

    def assign(self, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each demand's nearest of ``cols``: metres and its position in ``cols``."""
        dist, which = SphereIndex(self.cands[np.asarray(cols, dtype=np.intp)]).nearest_m(
            self.demand
        )
        return np.asarray(dist, dtype=float), np.asarray(which, dtype=np.intp)


def check_points(frame: pd.DataFrame, what: str) -> list[Problem]:
    """Problems of a point layer given to a model (:func:`geo.core.layers.point_problems`);
    ``what`` is a ``coverage.what.*`` key."""
    return point_problems(frame, Term(key=f"coverage.what.{what}"))


def radius_values(
    demand: pd.DataFrame, radius_m: float | None, radius_col: str | None
) -> np.ndarray:
    """Each demand point's radius in metres: the column ``radius_col`` or one value.

    Raises
    ------
    InputError
        A missing column, or a value that is not a number above 0 and at most
        :data:`~geo.analysis.coverage.MAX_RADIUS_M` (the first 20 bad rows, as in Excel).
    """
    from geo.analysis.coverage import check_radius

    if radius_col is None:
        if radius_m is None:
            raise problem("radius_nan", column="radius_m", value="None")
        return np.full(len(demand), check_radius(radius_m))
    if radius_col not in demand.columns:
        raise problem("radius_col_missing", column=radius_col)
    values = pd.to_numeric(demand[radius_col], errors="coerce").to_numpy(dtype=float)
    bad = np.flatnonzero(~np.isfinite(values) | (values <= 0) | (values > MAX_RADIUS_M))
    if len(bad):
        raise InputError(
            [
                problem(
                    "radius_value", row=int(i) + 2, column=radius_col, max=MAX_RADIUS_M
                ).problems[0]
                for i in bad[:20]
            ]
        )
    return values


def required_positions(candidate_ids: np.ndarray, required: object) -> np.ndarray:
    """Positions of required sites among the candidates.

    ``required`` is ``None``, a sequence of candidate ids, or (spopt's form) a 0/1 or
    boolean array with one entry per candidate.
    """
    if required is None:
        return np.zeros(0, dtype=np.intp)
    arr = np.asarray(required)
    mask = arr.dtype.kind in "biu" and arr.ndim == 1 and len(arr) == len(candidate_ids)
    if mask and (arr.dtype.kind == "b" or set(np.unique(arr).tolist()) <= {0, 1}):
        return np.flatnonzero(arr.astype(bool))
    position = {c: i for i, c in enumerate(candidate_ids)}
    wanted = [str(r) for r in (required if isinstance(required, Sequence) else arr.tolist())]
    missing = [r for r in wanted if r not in position]
    if missing:
        raise InputError(
            [problem("required_unknown", column="required", id=r).problems[0] for r in missing[:20]]
        )
    return np.unique(np.asarray([position[r] for r in wanted], dtype=np.intp))


def with_required_sites(
    candidates: pd.DataFrame, required: pd.DataFrame | Sequence[str] | None
) -> tuple[pd.DataFrame, np.ndarray]:
    """Candidates with required sites added, and the required sites' positions.

    A frame of required sites (existing Youth Homes that must stay) adds each row whose
    id is not a candidate already; ids, as a sequence, must be candidates.
    """
    cands = candidates.reset_index(drop=True)
    if required is None:
        return cands, np.zeros(0, dtype=np.intp)
    if isinstance(required, pd.DataFrame):
        problems = check_points(required, "required")
        if problems:
            raise InputError(problems)
        req = pd.DataFrame(required).reset_index(drop=True).copy()
        req["id"] = req["id"].astype(str)
        known = set(cands["id"].astype(str))
        extra = req.loc[~req["id"].isin(known)]
        keep = [c for c in cands.columns if c in extra.columns]
        cands = pd.concat([cands, extra[keep]], ignore_index=True)
        ids = req["id"].tolist()
    else:
        ids = [str(r) for r in required]
    return cands, required_positions(cands["id"].astype(str).to_numpy(), ids)


def dense_cost(cost: npt.ArrayLike) -> tuple[np.ndarray, list[str] | None, list[str] | None]:
    """A cost matrix as a float array, with the ids a DataFrame's index and columns give."""
    demand_ids = cand_ids = None
    if isinstance(cost, pd.DataFrame):
        demand_ids = [str(i) for i in cost.index]
        cand_ids = [str(c) for c in cost.columns]
        cost = cost.to_numpy()
    try:
        arr = np.asarray(cost, dtype=float)
    except (TypeError, ValueError):
        raise problem("cost_matrix", column="cost") from None
    if arr.ndim != 2 or (arr[np.isfinite(arr)] < 0).any():
        raise problem("cost_matrix", column="cost")
    # "cannot serve" is inf from here on: numpy's argmin would take a nan for the cheapest
    return np.where(np.isnan(arr), np.inf, arr), demand_ids, cand_ids


def radius_array(radius: npt.ArrayLike, n: int) -> np.ndarray:
    """One radius (any positive number: metres, minutes …) or one per demand row."""
    try:
        arr = np.asarray(radius, dtype=float)
    except (TypeError, ValueError):
        raise problem("radius_nan", column="radius", value=repr(radius)) from None
    if arr.ndim == 0:
        arr = np.full(n, float(arr))
    if arr.shape != (n,) or not np.isfinite(arr).all() or (arr < 0).any():
        raise problem("radius_array", column="radius", n=n)
    return arr


def prepare_layers(
    communities: pd.DataFrame,
    candidates: pd.DataFrame,
    existing: pd.DataFrame | None,
    weight: str | None,
    required: pd.DataFrame | Sequence[str] | None,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Check the layers a model is built from; candidates (required sites added), the
    required sites' positions and the demand weights.

    Raises
    ------
    InputError
        Every problem of ids and coordinates in the layers, or a bad weight column.
    """
    from geo.analysis.coverage import weights_of

    problems = check_points(communities, "communities")
    problems += check_points(candidates, "candidates")
    if existing is not None and len(existing):
        problems += check_points(existing, "youth_homes")
    if problems:
        raise InputError(problems)
    cands, req = with_required_sites(candidates, required)
    return cands, req, weights_of(communities, weight)


def existing_distance(communities: pd.DataFrame, existing: pd.DataFrame | None) -> np.ndarray:
    """Great-circle metres from each community to its nearest existing Youth Home
    (``inf`` without any)."""
    from geo.core.layers import lonlat

    if existing is None or not len(existing) or not len(communities):
        return np.full(len(communities), np.inf)
    dist, _ = SphereIndex(lonlat(existing)).nearest_m(lonlat(communities))
    return np.asarray(dist, dtype=float)


def candidate_table(cands: pd.DataFrame) -> pd.DataFrame:
    """``id`` (text), ``name`` and ``lon``/``lat`` of candidates, for reporting."""
    cols = [c for c in ("id", "name", "lon", "lat") if c in cands.columns]
    table = pd.DataFrame(cands[cols]).reset_index(drop=True)
    table["id"] = table["id"].astype(str)
    return table
