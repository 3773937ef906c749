"""Pairing communities with university campuses (社区与所在地高校结对共建).

Each chosen community is paired with ``n`` campuses (default one) whose student Youth
League branches visit it regularly. Distance matters, a campus can serve only so many
communities, and a campus in the same city is preferred.

Model
-----
Candidate pairs are, for each community *i*, its ``k`` nearest campuses *j* by great-circle
distance (:func:`geo.core.distance.sphere_nearest`) no farther than ``max_distance_m``. Each candidate
has an integer cost in metres::

    cost_ij = round(distance_ij) + other_city_penalty_m * [city_i != city_j]

(the penalty applies only when both city codes are known). The optimal pairing solves the
min-cost flow

    minimise    sum_ij cost_ij * x_ij
    subject to  sum_j x_ij <= n            for every community i   (n distinct campuses)
                sum_i x_ij <= c_j          for every campus j      (capacity)
                x_ij in {0, 1}             for every candidate pair

lexicographically: first the number of pairs is maximised, then the cost is minimised
among maximum pairings (OR-Tools ``SimpleMinCostFlow.solve_max_flow_with_min_cost``; the
networkx solver reaches the same optimum through a dummy "unpaired" arc whose cost exceeds
any augmenting path). The constraint matrix is a network matrix, so the flow optimum is
integral and equals the assignment optimum.

The ``k`` nearest keep the flow small, but a campus beyond them may be the one with room
(Haidian has 57 campuses within 15 km; with undergraduate campuses given capacity 0 all
its 20 nearest can be full while 5 vocational ones within reach have room). So a community
the flow leaves short whose ``k`` nearest are all in range gets every campus within the
maximum distance as a candidate, and the flow is solved again, until no community left
short has an unseen campus in range (:func:`_widened`; each round widens at least one
community, so this ends).

A community left with fewer than ``n`` campuses gets a reason:
``no_campus_in_range`` (no campus within the maximum distance), ``too_few_in_range``
(fewer campuses within the maximum distance than ``n``) or ``campuses_full`` (enough in
range, but every one it did not get is at capacity; this follows from the flow being
maximum over all its in-range campuses).

The plain nearest pairing gives every community its ``n`` nearest in-range campuses and
ignores capacities; :func:`compare` sets the two side by side.

Kept pairs
----------
A community carried into a next cycle already has its campuses: co-building agreements on
record (:func:`geo.store.records.campus_partners`). Given as ``kept``, such pairs are part
of the pairing whatever their distance or rank: each counts towards its community's ``n``
and its campus's capacity (a campus whose agreements already exceed its capacity is shown
over it, not undone), and only what is left is optimised: community *i* needs
``max(n - kept_i, 0)`` more campuses, campus *j* has ``max(c_j - kept_j, 0)`` places left,
and a kept pair is not a candidate again.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.core import distance
from geo.core._validation import EachValue, Integral, Interval, Options, Real, Spec, validate_params
from geo.core.errors import InputError, Problem, Term
from geo.core.layers import WGS84, lonlat, point_problems
from geo.core.params import PAIRING_DEFAULT_CAPACITY as DEFAULT_CAPACITY
from geo.core.params import PAIRING_DEFAULT_K as DEFAULT_K
from geo.core.params import PAIRING_DEFAULT_MAX_DISTANCE_M as DEFAULT_MAX_DISTANCE_M
from geo.core.params import PAIRING_DEFAULT_OTHER_CITY_PENALTY_M as DEFAULT_OTHER_CITY_PENALTY_M
from geo.core.params import PAIRING_DEFAULT_PER_COMMUNITY as DEFAULT_PER_COMMUNITY
from geo.core.params import PAIRING_METHODS as METHODS
from geo.core.params import PAIRING_SOLVERS as SOLVERS

REASON_NO_CAMPUS = "no_campus_in_range"
REASON_TOO_FEW = "too_few_in_range"
REASON_FULL = "campuses_full"
REASONS: tuple[str, ...] = (REASON_NO_CAMPUS, REASON_TOO_FEW, REASON_FULL)

PAIR_COLUMNS: tuple[str, ...] = (
    "community_id",
    "campus_id",
    "distance_m",
    "penalised_cost_m",
    "same_city",
    "rank",
    "kept",
    "community_name",
    "university",
    "campus",
    "community_lon",
    "community_lat",
    "campus_lon",
    "campus_lat",
)
"""Columns of :attr:`PairingResult.pairs`, in order."""
UNPAIRED_COLUMNS: tuple[str, ...] = (
    "community_id",
    "community_name",
    "reason",
    "assigned",
    "required",
    "in_range",
    "nearest_m",
    "lon",
    "lat",
)
LOAD_COLUMNS: tuple[str, ...] = (
    "campus_id",
    "university",
    "campus",
    "school_type",
    "city",
    "assigned",
    "capacity",
    "over",
    "lon",
    "lat",
)


@dataclass(frozen=True)
class Candidates:
    """Candidate community–campus pairs as parallel arrays (row positions in the layers).

    Attributes
    ----------
    community, campus
        Row positions of the community and the campus.
    distance_m
        Great-circle distance in metres.
    cost_m
        Integer cost in metres: rounded distance plus the other-city penalty.
    same_city
        1 same city, 0 other city, -1 unknown (a city code is missing).
    rank
        1-based rank of the campus among the community's nearest campuses (0 for a kept
        pair, which is not ranked).
    n_communities, n_campuses
        Sizes of the two layers.
    """

    community: np.ndarray
    campus: np.ndarray
    distance_m: np.ndarray
    cost_m: np.ndarray
    same_city: np.ndarray
    rank: np.ndarray
    n_communities: int
    n_campuses: int

    def __len__(self) -> int:
        return len(self.community)

    def per_community(self) -> np.ndarray:
        """Number of in-range candidates of every community."""
        return np.bincount(self.community, minlength=self.n_communities)

    def subset(self, mask: np.ndarray) -> Candidates:
        """The candidates where ``mask`` holds (same layers)."""
        return Candidates(
            self.community[mask],
            self.campus[mask],
            self.distance_m[mask],
            self.cost_m[mask],
            self.same_city[mask],
            self.rank[mask],
            self.n_communities,
            self.n_campuses,
        )


@dataclass(frozen=True)
class PairingSummary:
    """Headline figures of one pairing.

    Attributes
    ----------
    method, solver
        ``"optimal"``/``"nearest"`` and the solver used (``"-"`` for nearest).
    communities
        Communities asked to be paired.
    paired, unpaired
        Communities that got all ``n`` campuses / fewer than ``n``.
    pairs
        Pairs made.
    total_distance_m, max_distance_m, mean_distance_m
        Sum, maximum and mean pair distance in metres (0 when there are no pairs).
    total_cost_m
        Sum of penalised costs in metres (the optimised objective).
    same_city_share
        Share of pairs whose campus is in the community's city (0–1).
    campuses_used
        Campuses with at least one community.
    campuses_over_capacity
        Campuses serving more communities than their capacity (0 for optimal unless kept
        pairs alone go over).
    seconds
        Wall time of the pairing, candidates included.
    kept
        Pairs kept as given (``kept`` of :func:`pair`), counted in ``pairs``.
    """

    method: str
    solver: str
    communities: int
    paired: int
    unpaired: int
    pairs: int
    total_distance_m: float
    max_distance_m: float
    mean_distance_m: float
    total_cost_m: int
    same_city_share: float
    campuses_used: int
    campuses_over_capacity: int
    seconds: float
    kept: int = 0

    def as_dict(self) -> dict[str, object]:
        """The figures as a plain dict."""
        return asdict(self)


@dataclass(frozen=True)
class PairingResult:
    """A pairing and its figures.

    Attributes
    ----------
    pairs
        One row per pair, columns :data:`PAIR_COLUMNS`; ``same_city`` is a nullable
        boolean (missing when a city code is unknown), ``rank`` the campus's distance rank
        for the community (1 = nearest; 0 for a kept pair), ``kept`` whether the pair was
        given as kept.
    unpaired
        One row per community with fewer than ``n`` campuses, columns
        :data:`UNPAIRED_COLUMNS`; ``reason`` is one of :data:`REASONS`, ``in_range`` the
        number of in-range candidates, ``nearest_m`` the distance to the nearest campus
        (any distance).
    load
        One row per campus, columns :data:`LOAD_COLUMNS`: communities ``assigned``, its
        ``capacity`` and how far ``over`` it the pairing goes.
    summary
        :class:`PairingSummary`.
    """

    pairs: pd.DataFrame
    unpaired: pd.DataFrame
    load: pd.DataFrame
    summary: PairingSummary


# ---------------------------------------------------------------- validation and inputs


def _whole(low: int, key: str) -> Interval:
    return Interval(Integral, low, None, key=key, type_key=key)


PARAMS: dict[str, Spec] = {
    "method": Options(METHODS, key="pairing.problem.method"),
    "solver": Options(SOLVERS, key="pairing.problem.solver"),
    "capacity": _whole(0, "pairing.problem.capacity"),
    "capacity_by_type": [
        None,
        EachValue(_whole(0, "pairing.problem.capacity_by_type")),
    ],
    "per_community": _whole(1, "pairing.problem.per_community"),
    "max_distance_m": [
        None,
        Interval(
            Real,
            0,
            None,
            closed="neither",
            key="pairing.problem.max_distance",
            type_key="pairing.problem.max_distance",
            column="max_distance",
        ),
    ],
    "other_city_penalty_m": Interval(
        Real,
        0,
        None,
        key="pairing.problem.other_city_penalty",
        type_key="pairing.problem.other_city_penalty",
        column="other_city_penalty",
    ),
    "k": _whole(1, "pairing.problem.k"),
}
"""What :func:`pair`'s options may be (the ``pair`` command checks its options with these)."""


def _check_layer(frame: pd.DataFrame, label: str) -> None:
    problems = point_problems(frame, Term(key=f"pairing.what.{label}"))
    if problems:
        raise InputError(problems)


def _text(frame: pd.DataFrame, col: str) -> np.ndarray:
    if col not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    return frame[col].fillna("").astype(str).to_numpy(dtype=object)


def campus_capacities(
    campuses: pd.DataFrame,
    capacity: int = DEFAULT_CAPACITY,
    capacity_by_type: Mapping[str, int] | None = None,
) -> np.ndarray:
    """Capacity of every campus.

    Parameters
    ----------
    campuses
        The campus layer; ``school_type`` is read when ``capacity_by_type`` is given.
    capacity
        Communities per campus for campuses whose type is not in ``capacity_by_type``.
    capacity_by_type
        Optional ``{school_type: capacity}``, e.g. ``{"本科": 5, "专科": 3}``.

    Returns
    -------
    numpy.ndarray
        Integer capacities in the campuses' row order.
    """
    caps = np.full(len(campuses), int(capacity), dtype=np.int64)
    if capacity_by_type:
        kinds = _text(campuses, "school_type")
        for kind, cap in capacity_by_type.items():
            caps[kinds == kind] = int(cap)
    return caps


def candidates(
    communities: pd.DataFrame,
    campuses: pd.DataFrame,
    k: int = DEFAULT_K,
    max_distance_m: float | None = DEFAULT_MAX_DISTANCE_M,
    other_city_penalty_m: float = DEFAULT_OTHER_CITY_PENALTY_M,
) -> Candidates:
    """Candidate pairs: each community's ``k`` nearest campuses within ``max_distance_m``.

    Parameters
    ----------
    communities, campuses
        Layers with ``lon``/``lat`` (WGS-84) and optionally ``city_code``.
    k
        Nearest campuses per community (capped at the number of campuses).
    max_distance_m
        Farthest pair in metres; ``None`` for no limit.
    other_city_penalty_m
        Metres added to the cost when both city codes are known and differ.

    Returns
    -------
    Candidates
        Parallel arrays, grouped by community and ordered by distance within each.
    """
    n, m = len(communities), len(campuses)
    empty_i = np.empty(0, dtype=np.int64)
    if n == 0 or m == 0:
        return Candidates(empty_i, empty_i, np.empty(0), empty_i, empty_i, empty_i, n, m)
    dist, idx = distance.sphere_nearest(lonlat(communities), lonlat(campuses), k)
    kk = dist.shape[1]
    limit = np.inf if max_distance_m is None else float(max_distance_m)
    keep = distance.within_radius(dist, limit).ravel()
    ci = np.repeat(np.arange(n, dtype=np.int64), kk)[keep]
    cj = idx.ravel().astype(np.int64)[keep]
    rank = np.tile(np.arange(1, kk + 1, dtype=np.int64), n)[keep]
    return _arcs(communities, campuses, ci, cj, dist.ravel()[keep], rank, other_city_penalty_m)


def _arcs(
    communities: pd.DataFrame,
    campuses: pd.DataFrame,
    ci: np.ndarray,
    cj: np.ndarray,
    d: np.ndarray,
    rank: np.ndarray,
    other_city_penalty_m: float,
) -> Candidates:
    """Pairs (row positions ``ci``, ``cj`` at distance ``d``) with their city and cost."""
    city_i = _text(communities, "city_code")[ci]
    city_j = _text(campuses, "city_code")[cj]
    known = (city_i != "") & (city_j != "")
    same = city_i == city_j
    same_city = np.where(known, same.astype(np.int64), -1)
    penalty = int(round(other_city_penalty_m))
    cost = np.rint(d).astype(np.int64) + np.where(same_city == 0, penalty, 0)
    return Candidates(ci, cj, d, cost, same_city, rank, len(communities), len(campuses))


def campus_agreements(agreements: pd.DataFrame) -> pd.DataFrame:
    """The campus agreements among agreement records, as pairs.

    Parameters
    ----------
    agreements
        Agreement records (:func:`geo.store.records.records`: ``community_id``, ``kind``,
        ``partner_id``); only those of kind ``campus`` are pairs.

    Returns
    -------
    pandas.DataFrame
        ``community_id``, ``campus_id``, one row per campus agreement.
    """
    campus = agreements.loc[agreements["kind"].astype(str) == "campus"]
    return pd.DataFrame(
        {
            "community_id": campus["community_id"].astype(str).to_numpy(),
            "campus_id": campus["partner_id"].astype(str).to_numpy(),
        }
    )


def agreed_pairs(
    pairs: pd.DataFrame, communities: pd.DataFrame, campuses: pd.DataFrame
) -> tuple[pd.DataFrame | None, int]:
    """Agreed pairs (:func:`campus_agreements`) as pairs to keep (:func:`pair`'s ``kept``).

    Parameters
    ----------
    pairs
        ``community_id``, ``campus_id``.
    communities, campuses
        The layers being paired: pairs of other communities are left out, and so are
        those naming a campus the campus layer does not hold (they can be neither drawn nor
        counted against a capacity).

    Returns
    -------
    tuple
        The pairs to keep (``None`` when there is none), and how many of these communities'
        pairs name a campus the layer lacks.
    """
    pairs = pairs.loc[pairs["community_id"].astype(str).isin(set(communities["id"].astype(str)))]
    known = pairs["campus_id"].astype(str).isin(set(campuses["id"].astype(str)))
    kept = pairs.loc[known].reset_index(drop=True) if known.any() else None
    return kept, int((~known).sum())


def kept_pairs(
    kept: pd.DataFrame | None,
    communities: pd.DataFrame,
    campuses: pd.DataFrame,
    other_city_penalty_m: float = DEFAULT_OTHER_CITY_PENALTY_M,
) -> Candidates:
    """The pairs ``kept`` gives, as arcs of the two layers (rank 0).

    Parameters
    ----------
    kept
        ``community_id``, ``campus_id``: pairs agreed before (e.g.
        :func:`geo.store.records.campus_partners`), or ``None``. Rows of a community not
        in ``communities`` are left out (it is not being paired); a pair given twice counts
        once.
    communities, campuses
        The layers being paired.
    other_city_penalty_m
        Metres added to the cost of an other-city pair.

    Returns
    -------
    Candidates
        One arc per kept pair, in the communities' row order.

    Raises
    ------
    InputError
        When ``kept`` lacks a column, or names a campus the campus layer does not hold
        (row and column named).
    """
    empty = np.empty(0, dtype=np.int64)
    if kept is None or not len(kept):
        return _arcs(communities, campuses, empty, empty, np.empty(0), empty, 0.0)
    missing = [c for c in ("community_id", "campus_id") if c not in kept.columns]
    if missing:
        raise InputError.single(
            "pairing.problem.kept_column", column=missing[0], code="missing_column", name=missing[0]
        )
    row_of_comm = pd.Series(np.arange(len(communities)), index=communities["id"].astype(str))
    row_of_camp = pd.Series(np.arange(len(campuses)), index=campuses["id"].astype(str))
    given = pd.DataFrame(
        {
            "community_id": kept["community_id"].astype(str).to_numpy(),
            "campus_id": kept["campus_id"].astype(str).to_numpy(),
            "row": np.arange(2, len(kept) + 2),  # as in a sheet whose header is row 1
        }
    )
    given = given.loc[given["community_id"].isin(row_of_comm.index)]
    unknown = given.loc[~given["campus_id"].isin(row_of_camp.index)]
    if len(unknown):
        raise InputError(
            [
                Problem(
                    "pairing.problem.kept_campus",
                    row=int(row),
                    column="campus_id",
                    code="unknown_id",
                    params={"value": value},
                )
                for row, value in zip(unknown["row"], unknown["campus_id"], strict=True)
            ]
        )
    given = given.drop_duplicates(["community_id", "campus_id"])
    ci = row_of_comm.loc[given["community_id"]].to_numpy(dtype=np.int64)
    cj = row_of_camp.loc[given["campus_id"]].to_numpy(dtype=np.int64)
    order = np.argsort(ci, kind="stable")
    ci, cj = ci[order], cj[order]
    comm_ll, camp_ll = lonlat(communities), lonlat(campuses)
    d = distance.haversine_m(comm_ll[ci, 0], comm_ll[ci, 1], camp_ll[cj, 0], camp_ll[cj, 1])
    rank = np.zeros(len(ci), dtype=np.int64)
    return _arcs(communities, campuses, ci, cj, d, rank, other_city_penalty_m)


# ---------------------------------------------------------------- solvers


def _solve_ortools(cand: Candidates, need: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Flow (0/1) on every candidate arc, max-flow with min cost."""
    from ortools.graph.python import min_cost_flow

    n, m = cand.n_communities, cand.n_campuses
    sink = n + m
    smcf = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([cand.community, n + np.arange(m, dtype=np.int64)])
    heads = np.concatenate([n + cand.campus, np.full(m, sink, dtype=np.int64)])
    capacity = np.concatenate([np.ones(len(cand), dtype=np.int64), caps.astype(np.int64)])
    cost = np.concatenate([cand.cost_m.astype(np.int64), np.zeros(m, dtype=np.int64)])
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, capacity, cost)
    supplies = np.zeros(n + m + 1, dtype=np.int64)
    supplies[:n] = need
    supplies[sink] = -int(need.sum())
    smcf.set_nodes_supplies(np.arange(n + m + 1, dtype=np.int64), supplies)
    status = smcf.solve_max_flow_with_min_cost()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow ended with status {status}")
    return np.asarray(smcf.flows(np.arange(len(cand), dtype=np.int64)), dtype=np.int64)


def unpaired_arc_cost(cand: Candidates) -> int:
    """Cost of the dummy "unpaired" arc that makes a min-cost flow serve as many as possible.

    Any augmenting path alternates community→campus arcs forwards and backwards, so it costs
    less than ``(max cost + 1) × (min(communities, campuses) + 1)``; a dummy arc dearer
    than that is used only when no augmenting path exists.
    """
    top = int(cand.cost_m.max()) if len(cand) else 0
    return (top + 1) * (min(cand.n_communities, cand.n_campuses) + 2)


def _solve_networkx(cand: Candidates, need: np.ndarray, caps: np.ndarray) -> np.ndarray:
    import networkx as nx

    n, m = cand.n_communities, cand.n_campuses
    sink = n + m
    big = unpaired_arc_cost(cand)
    g = nx.DiGraph()
    g.add_nodes_from((i, {"demand": -int(need[i])}) for i in range(n))
    g.add_nodes_from(range(n, n + m), demand=0)
    g.add_node(sink, demand=int(need.sum()))
    g.add_edges_from(
        (int(i), n + int(j), {"capacity": 1, "weight": int(c)})
        for i, j, c in zip(cand.community, cand.campus, cand.cost_m, strict=True)
    )
    g.add_edges_from((n + j, sink, {"capacity": int(caps[j]), "weight": 0}) for j in range(m))
    g.add_edges_from((i, sink, {"capacity": int(need[i]), "weight": big}) for i in range(n))
    flow = nx.min_cost_flow(g)
    return np.fromiter(
        (flow[int(i)][n + int(j)] for i, j in zip(cand.community, cand.campus, strict=True)),
        dtype=np.int64,
        count=len(cand),
    )


# ---------------------------------------------------------------- results


def _pairs_frame(
    arcs: Candidates, communities: pd.DataFrame, campuses: pd.DataFrame
) -> pd.DataFrame:
    """One row per arc of ``arcs`` (the pairs made), grouped by community."""
    order = np.lexsort((arcs.rank, arcs.community))  # kept pairs (rank 0) first
    arcs = arcs.subset(order)
    ci, cj = arcs.community, arcs.campus
    comm_ll, camp_ll = lonlat(communities), lonlat(campuses)
    same = arcs.same_city
    frame = pd.DataFrame(
        {
            "community_id": communities["id"].astype(str).to_numpy()[ci],
            "campus_id": campuses["id"].astype(str).to_numpy()[cj],
            "distance_m": np.round(arcs.distance_m, 1),
            "penalised_cost_m": arcs.cost_m,
            "same_city": pd.array(np.where(same < 0, None, same == 1), dtype="boolean"),
            "rank": arcs.rank,
            "kept": arcs.rank == 0,
            "community_name": _text(communities, "name")[ci],
            "university": _text(campuses, "university")[cj],
            "campus": _text(campuses, "campus")[cj],
            "community_lon": comm_ll[ci, 0],
            "community_lat": comm_ll[ci, 1],
            "campus_lon": camp_ll[cj, 0],
            "campus_lat": camp_ll[cj, 1],
        }
    )
    return frame.reset_index(drop=True)


def _unpaired_frame(
    in_range: np.ndarray,
    assigned: np.ndarray,
    need: int,
    communities: pd.DataFrame,
    campuses: pd.DataFrame,
) -> pd.DataFrame:
    short = np.flatnonzero(assigned < need)
    reason = np.where(
        in_range[short] == 0,
        REASON_NO_CAMPUS,
        np.where(in_range[short] < need, REASON_TOO_FEW, REASON_FULL),
    )
    ll = lonlat(communities)
    if len(short) and len(campuses):
        nearest_m, _ = distance.sphere_nearest(ll[short], lonlat(campuses), 1)
        nearest_m = np.round(nearest_m[:, 0], 1)
    else:
        nearest_m = np.full(len(short), np.nan)
    return pd.DataFrame(
        {
            "community_id": communities["id"].astype(str).to_numpy()[short],
            "community_name": _text(communities, "name")[short],
            "reason": reason.astype(object),
            "assigned": assigned[short].astype(np.int64),
            "required": np.full(len(short), need, dtype=np.int64),
            "in_range": in_range[short].astype(np.int64),
            "nearest_m": nearest_m,
            "lon": ll[short, 0],
            "lat": ll[short, 1],
        },
        columns=list(UNPAIRED_COLUMNS),
    )


def _load_frame(campuses: pd.DataFrame, used: np.ndarray, caps: np.ndarray) -> pd.DataFrame:
    ll = lonlat(campuses)
    return pd.DataFrame(
        {
            "campus_id": campuses["id"].astype(str).to_numpy(),
            "university": _text(campuses, "university"),
            "campus": _text(campuses, "campus"),
            "school_type": _text(campuses, "school_type"),
            "city": _text(campuses, "city"),
            "assigned": used.astype(np.int64),
            "capacity": caps.astype(np.int64),
            "over": np.maximum(used - caps, 0).astype(np.int64),
            "lon": ll[:, 0],
            "lat": ll[:, 1],
        },
        columns=list(LOAD_COLUMNS),
    )


@validate_params(**PARAMS)
def pair(
    communities: pd.DataFrame,
    campuses: pd.DataFrame,
    *,
    method: str = "optimal",
    capacity: int = DEFAULT_CAPACITY,
    capacity_by_type: Mapping[str, int] | None = None,
    per_community: int = DEFAULT_PER_COMMUNITY,
    max_distance_m: float | None = DEFAULT_MAX_DISTANCE_M,
    other_city_penalty_m: float = DEFAULT_OTHER_CITY_PENALTY_M,
    k: int = DEFAULT_K,
    solver: str = "ortools",
    kept: pd.DataFrame | None = None,
) -> PairingResult:
    """Pair every community with ``per_community`` distinct campuses.

    Parameters
    ----------
    communities, campuses
        Layers (GeoDataFrames or frames) with string ``id``, WGS-84 ``lon``/``lat`` and
        optionally ``name``, ``city_code`` (communities) and ``university``, ``campus``,
        ``school_type``, ``city``, ``city_code`` (campuses).
    method
        ``"optimal"`` (min-cost flow with capacities, see the module docstring) or
        ``"nearest"`` (each community's nearest in-range campuses; capacities ignored).
    capacity
        Communities a campus serves at most.
    capacity_by_type
        Optional per-``school_type`` capacities overriding ``capacity``.
    per_community
        Distinct campuses each community gets.
    max_distance_m
        Farthest pair in metres, ``None`` for no limit.
    other_city_penalty_m
        Metres added to the cost of an other-city pair (optimal method only).
    k
        Nearest campuses considered per community; one the optimal method leaves short
        while all ``k`` are in range is given every campus in range (module docstring).
    solver
        ``"ortools"`` (default) or ``"networkx"`` for the optimal method.
    kept
        Optional pairs to keep as they are (``community_id``, ``campus_id``: agreements on
        record), whatever their distance; see "Kept pairs" in the module docstring and
        :func:`kept_pairs`.

    Returns
    -------
    PairingResult
        Pairs, unpaired communities with reasons, load per campus and a summary.

    Raises
    ------
    InputError
        On a bad option, missing coordinates, duplicate ids, or a kept pair naming a
        campus the layer lacks.
    """
    start = time.perf_counter()
    if k < per_community:
        raise InputError.single(
            "pairing.problem.k_below_per_community",
            column="k",
            code="invalid_option",
            k=k,
            per_community=per_community,
        )
    _check_layer(communities, "communities")
    _check_layer(campuses, "campuses")
    need = int(per_community)
    given = kept_pairs(kept, communities, campuses, other_city_penalty_m)
    cand = candidates(communities, campuses, int(k), max_distance_m, other_city_penalty_m)
    # every one of its k nearest in range: more campuses may be (seen only when needed)
    kk = min(int(k), cand.n_campuses)
    seen_all = (cand.per_community() < kk) | (kk == cand.n_campuses)
    cand = _not_kept(cand, given)
    has = np.bincount(given.community, minlength=cand.n_communities)
    caps = campus_capacities(campuses, capacity, capacity_by_type)
    taken = np.bincount(given.campus, minlength=cand.n_campuses)
    still = np.maximum(need - has, 0)
    if method == "optimal":
        left = np.maximum(caps - taken, 0)
        solve = _solve_ortools if solver == "ortools" else _solve_networkx
        while True:
            chosen = solve(cand, still, left) > 0 if len(cand) else np.zeros(0, dtype=bool)
            short = np.bincount(cand.community[chosen], minlength=cand.n_communities) < still
            widen = np.flatnonzero(short & ~seen_all)
            if not len(widen):
                break
            seen_all[widen] = True
            wider = _widened(communities, campuses, widen, max_distance_m, other_city_penalty_m)
            cand = _concat(cand.subset(~np.isin(cand.community, widen)), _not_kept(wider, given))
    else:
        # candidates are grouped by community in distance order: keep the first `still`
        chosen = np.zeros(len(cand), dtype=bool)
        if len(cand):
            first = np.r_[True, cand.community[1:] != cand.community[:-1]]
            group_start = np.maximum.accumulate(np.where(first, np.arange(len(cand)), 0))
            chosen = (np.arange(len(cand)) - group_start) < still[cand.community]
    made = _concat(given, cand.subset(chosen))
    pairs = _pairs_frame(made, communities, campuses)
    assigned = np.bincount(made.community, minlength=made.n_communities)
    used = np.bincount(made.campus, minlength=made.n_campuses)
    unpaired = _unpaired_frame(cand.per_community() + has, assigned, need, communities, campuses)
    load = _load_frame(campuses, used, caps)
    d = pairs["distance_m"].to_numpy(dtype=float)
    same = pairs["same_city"]
    summary = PairingSummary(
        method=method,
        solver=solver if method == "optimal" else "-",
        communities=len(communities),
        paired=int((assigned >= need).sum()),
        unpaired=len(unpaired),
        pairs=len(pairs),
        total_distance_m=float(d.sum()),
        max_distance_m=float(d.max()) if len(d) else 0.0,
        mean_distance_m=float(d.mean()) if len(d) else 0.0,
        total_cost_m=int(made.cost_m.sum()),
        same_city_share=float(same.fillna(False).mean()) if len(same) else 0.0,
        campuses_used=int((used > 0).sum()),
        campuses_over_capacity=int((used > caps).sum()),
        seconds=time.perf_counter() - start,
        kept=len(given),
    )
    return PairingResult(pairs=pairs, unpaired=unpaired, load=load, summary=summary)


def _not_kept(cand: Candidates, given: Candidates) -> Candidates:
    """``cand`` less the pairs ``given`` keeps (a kept pair is not a candidate again)."""
    if not len(given):
        return cand
    m = max(cand.n_campuses, 1)
    return cand.subset(
        ~np.isin(cand.community * m + cand.campus, given.community * m + given.campus)
    )


def _widened(
    communities: pd.DataFrame,
    campuses: pd.DataFrame,
    rows: np.ndarray,
    max_distance_m: float | None,
    other_city_penalty_m: float,
) -> Candidates:
    """Every campus within ``max_distance_m`` (all, for ``None``) of the communities at row
    positions ``rows``, as :func:`candidates` gives them: by community, nearest first,
    ranked 1, 2, … by distance."""
    ll, camp_ll = lonlat(communities)[rows], lonlat(campuses)
    if max_distance_m is None:
        dist, idx = distance.sphere_nearest(ll, camp_ll, len(campuses))
        qi = np.repeat(np.arange(len(rows)), dist.shape[1])
        cj, d = idx.ravel().astype(np.int64), dist.ravel()
    else:
        qi, cj, d = distance.pairs_within(ll, camp_ll, float(max_distance_m))
        keep = distance.within_radius(d, float(max_distance_m))
        qi, cj, d = qi[keep], cj[keep].astype(np.int64), d[keep]
    order = np.lexsort((cj, d, qi))
    qi, cj, d = qi[order], cj[order], d[order]
    first = np.r_[True, qi[1:] != qi[:-1]] if len(qi) else np.zeros(0, dtype=bool)
    start = np.maximum.accumulate(np.where(first, np.arange(len(qi)), 0))
    rank = (np.arange(len(qi)) - start + 1).astype(np.int64)
    ci = np.asarray(rows, dtype=np.int64)[qi]
    return _arcs(communities, campuses, ci, cj, d, rank, other_city_penalty_m)


def _concat(a: Candidates, b: Candidates) -> Candidates:
    """The arcs of ``a`` then ``b`` (same layers)."""
    return Candidates(
        *(np.concatenate([x, y]) for x, y in zip(_parts(a), _parts(b), strict=True)),
        a.n_communities,
        a.n_campuses,
    )


def _parts(c: Candidates) -> tuple[np.ndarray, ...]:
    return (c.community, c.campus, c.distance_m, c.cost_m, c.same_city, c.rank)


# ---------------------------------------------------------------- reporting


COMPARE_ROWS: tuple[str, ...] = (
    "paired",
    "unpaired",
    "total_distance_m",
    "max_distance_m",
    "mean_distance_m",
    "total_cost_m",
    "same_city_share",
    "campuses_used",
    "campuses_over_capacity",
)


def compare(*results: PairingResult) -> pd.DataFrame:
    """Headline figures of several pairings side by side.

    Parameters
    ----------
    *results
        Pairings, typically the optimal and the nearest one on the same inputs.

    Returns
    -------
    pandas.DataFrame
        Index :data:`COMPARE_ROWS` (figure names), one column per result named by its
        method.
    """
    cols = {}
    for r in results:
        figures = r.summary.as_dict()
        cols[r.summary.method] = [figures[row] for row in COMPARE_ROWS]
    return pd.DataFrame(cols, index=list(COMPARE_ROWS))


def distance_histogram(pairs: pd.DataFrame, bin_km: float = 1.0) -> pd.DataFrame:
    """Pairs counted by distance band.

    Parameters
    ----------
    pairs
        :attr:`PairingResult.pairs`.
    bin_km
        Band width in kilometres.

    Returns
    -------
    pandas.DataFrame
        ``band`` (label like ``"2–3 km"``, in order), ``low_km`` and ``count``; empty bands
        between the first and the last are included.
    """
    if pairs.empty:
        return pd.DataFrame({"band": [], "low_km": [], "count": []})
    km = pairs["distance_m"].to_numpy(dtype=float) / 1000.0
    idx = np.floor(km / bin_km).astype(int)
    counts = np.bincount(idx)
    lows = np.arange(len(counts)) * bin_km
    bands = [f"{lo:g}–{lo + bin_km:g} km" for lo in lows]
    return pd.DataFrame({"band": bands, "low_km": lows, "count": counts})


def lines(pairs: pd.DataFrame) -> gpd.GeoDataFrame:
    """Pairs as WGS-84 LineStrings from community to campus.

    Parameters
    ----------
    pairs
        :attr:`PairingResult.pairs`.

    Returns
    -------
    geopandas.GeoDataFrame
        ``community_id, campus_id, distance_m, penalised_cost_m, same_city, rank,
        community_name, university, campus`` and a LineString geometry in EPSG:4326.
    """
    coords = np.stack(
        [
            pairs[["community_lon", "community_lat"]].to_numpy(dtype=float),
            pairs[["campus_lon", "campus_lat"]].to_numpy(dtype=float),
        ],
        axis=1,
    ).reshape(-1, 2, 2)
    geometry = shapely.linestrings(coords) if len(pairs) else []
    keep = [c for c in PAIR_COLUMNS if not c.endswith(("_lon", "_lat"))]
    data = pairs[keep].copy()
    data["same_city"] = data["same_city"].astype(object).where(data["same_city"].notna(), None)
    return gpd.GeoDataFrame(data, geometry=geometry, crs=WGS84)
