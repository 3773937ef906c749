"""What the coverage models share: a 0/1 demand × candidate matrix and its constructors.

Maximal covering, set covering, backup covering and capacitated maximal covering all
start from "which candidates cover which demand": a sparse matrix built from a 0/1
matrix (``from_matrix``), any cost matrix and a radius (``from_cost_matrix``: network
metres, travel minutes …; one radius or one per demand row), WGS-84 layers
(``from_layers``: great-circle metres, k-d trees, never an ``n × m`` array) or
GeoDataFrames in any CRS (``from_geodataframe``). A radius per demand point comes from
a column (``radius_col``). Existing Youth Homes given as ``existing`` take the demand
they cover out of the model (it is already served); ``required`` sites (homes that must
stay) are open in every solution and counted in ``k``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from geo.core.distance import within_radius
from geo.core.layers import lonlat
from geo.siting import _inputs
from geo.siting._base import _LocationModel, greedy_order
from geo.siting._reduce import Ids
from geo.siting.candidates import pairs_within, points_of


class _CoverageModel(_LocationModel):
    """A location model on a 0/1 coverage matrix."""

    def __init__(
        self,
        matrix: sp.spmatrix,
        weights: npt.ArrayLike,
        demand_ids: Ids | None = None,
        candidate_ids: Ids | None = None,
        baseline_weight: float = 0.0,
        baseline_demand: int = 0,
    ) -> None:
        self.matrix = sp.csr_matrix(matrix, dtype=np.float64)
        self.matrix.eliminate_zeros()
        self.matrix.data[:] = 1.0
        self.matrix.sort_indices()
        n, m = self.matrix.shape
        self._init_common(
            n, m, weights, demand_ids, candidate_ids, baseline_weight, baseline_demand
        )
        self._distance: sp.csr_matrix | None = None

    # ---- constructors
    @classmethod
    def from_matrix(
        cls,
        matrix: sp.spmatrix | npt.ArrayLike,
        weights: npt.ArrayLike,
        demand_ids: Ids | None = None,
        candidate_ids: Ids | None = None,
        *,
        required: Sequence[str] | npt.ArrayLike | None = None,
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
        required
            Sites that must be open (counted in ``k``): candidate ids, or a 0/1 array
            with one entry per candidate (spopt's ``predefined_facilities_arr``).
        **params
            Model parameters (``k``, ``exactly_k``, ``capacity`` as the model takes).
        """
        model = cls(sp.csr_matrix(matrix), weights, demand_ids, candidate_ids)
        model.required = _inputs.required_positions(model.candidate_ids, required)
        model._set_params(**params)
        return model

    @classmethod
    def from_cost_matrix(
        cls,
        cost: npt.ArrayLike | pd.DataFrame,
        radius: npt.ArrayLike,
        weights: npt.ArrayLike | None = None,
        demand_ids: Ids | None = None,
        candidate_ids: Ids | None = None,
        *,
        required: Sequence[str] | npt.ArrayLike | None = None,
        **params: object,
    ):
        """Build the model from any demand × candidate cost matrix and a radius.

        Parameters
        ----------
        cost
            ``(n_demand, n_candidates)`` costs in any unit (network metres, minutes);
            ``inf`` or ``nan`` where a candidate cannot serve. A DataFrame's index and
            columns give the ids.
        radius
            Largest cost at which a candidate covers a demand point, in the cost's unit:
            one value, or one per demand row.
        weights
            Demand weights (default: one per row, i.e. count demand points).
        demand_ids, candidate_ids
            Ids reported in results (default: the DataFrame's labels, else positions).
        required, **params
            As for :meth:`from_matrix`.
        """
        arr, row_ids, col_ids = _inputs.dense_cost(cost)
        n = arr.shape[0]
        radii = _inputs.radius_array(radius, n)
        distances = _inputs.DenseCosts(arr)
        rows, cols, dist = distances.within(radii)
        w = np.ones(n) if weights is None else weights
        model = cls(
            sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=arr.shape),
            w,
            demand_ids if demand_ids is not None else row_ids,
            candidate_ids if candidate_ids is not None else col_ids,
        )
        model._keep_distances(rows, cols, dist)
        model.required = _inputs.required_positions(model.candidate_ids, required)
        model._set_params(**params)
        return model

    @classmethod
    def from_layers(
        cls,
        communities: pd.DataFrame,
        candidates: pd.DataFrame,
        radius_m: float | None = None,
        existing: pd.DataFrame | None = None,
        weight: str | None = "youth",
        *,
        radius_col: str | None = None,
        required: pd.DataFrame | Sequence[str] | None = None,
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
            Coverage radius in metres (great-circle), unless ``radius_col`` is given.
        existing
            Youth Homes already open; communities they cover are taken out of the demand.
        weight
            Demand weight column (default ``"youth"``), or ``None`` to count communities.
        radius_col
            Column of ``communities`` holding each community's own radius in metres.
        required
            Sites that must be open, counted in ``k``: a point layer (existing Youth
            Homes that must stay; added to the candidates when their id is new) or
            candidate ids.
        **params
            Model parameters (``k``, ``exactly_k``, ``capacity`` as the model takes; a
            capacity may name a column of ``candidates``).

        Raises
        ------
        InputError
            On missing or bad ids or coordinates, radii, weights or parameters.
        """
        cands, req, w = _inputs.prepare_layers(communities, candidates, existing, weight, required)
        radius = _inputs.radius_values(communities, radius_m, radius_col)
        already = within_radius(_inputs.existing_distance(communities, existing), radius)
        keep = ~already
        rows, cols, dist = pairs_within(lonlat(communities)[keep], lonlat(cands), radius[keep])
        model = cls(
            sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(int(keep.sum()), len(cands))),
            w[keep],
            communities["id"].astype(str).to_numpy()[keep],
            cands["id"].astype(str).to_numpy(),
            baseline_weight=float(w[already].sum()),
            baseline_demand=int(already.sum()),
        )
        model._keep_distances(rows, cols, dist)
        model.required = req
        model.candidates = _inputs.candidate_table(cands)
        model._set_params(**model._layer_params(cands, len(candidates), params))
        return model

    @classmethod
    def from_geodataframe(cls, demand, candidates, *args, id_col: str = "id", **kwargs):
        """Build the model from GeoDataFrames in any CRS (projected or geographic).

        Geometries become WGS-84 points (polygons by their centroid, see
        :func:`geo.siting.candidates.points_of`); distances are great-circle metres, so
        the radius is in metres whatever the input CRS. ``existing`` and ``required``
        may be GeoDataFrames too. Other arguments are those of :meth:`from_layers`.

        Parameters
        ----------
        demand, candidates
            GeoDataFrames with a CRS.
        id_col
            Column of ids in every frame (the index when absent).
        """
        for key, what in (("existing", "youth_homes"), ("required", "required")):
            if hasattr(kwargs.get(key), "geometry"):
                kwargs[key] = points_of(kwargs[key], what, id_col)
        d = points_of(demand, "communities", id_col)
        c = points_of(candidates, "candidates", id_col)
        return cls.from_layers(d, c, *args, **kwargs)

    def _layer_params(self, cands: pd.DataFrame, given: int, params: dict) -> dict:
        """Parameters naming columns of the candidates (the first ``given`` rows are the
        candidates given; the rest are required sites added to them)."""
        return params

    def _keep_distances(self, rows: np.ndarray, cols: np.ndarray, dist: np.ndarray) -> None:
        """Keep each covering pair's distance (stored plus one: a 0 m pair stays stored)."""
        self._distance = sp.csr_matrix((dist + 1.0, (rows, cols)), shape=self.matrix.shape)

    # ---- shared pieces of the searches and checks
    def _required_rows(self) -> np.ndarray:
        """Demand rows covered by a required site."""
        if not len(self.required):
            return np.zeros(self.n_demand, dtype=bool)
        return np.asarray(self.matrix[:, self.required].sum(axis=1)).ravel() > 0

    def _coverable(self) -> np.ndarray:
        return np.diff(self.matrix.indptr) > 0

    def _cover_count(self, sites: np.ndarray) -> np.ndarray:
        if not len(sites):
            return np.zeros(self.n_demand)
        return np.asarray(self.matrix[:, np.asarray(sites, dtype=np.intp)].sum(axis=1)).ravel()

    def _valid_sites(self, sites: np.ndarray) -> bool:
        """Distinct candidate positions including every required site."""
        s = np.asarray(sites, dtype=np.intp)
        return (
            len(np.unique(s)) == len(s)
            and bool(((s >= 0) & (s < self.n_candidates)).all())
            and set(self.required.tolist()) <= set(s.tolist())
        )

    def _fill(self, sites: np.ndarray, k: int) -> np.ndarray:
        """``sites`` topped up to ``k`` with the unused candidates covering most weight."""
        sites = np.asarray(sites, dtype=np.intp)
        if len(sites) >= k:
            return sites
        reach = self.matrix.T @ self.weights
        reach[sites] = -np.inf
        extra = np.argsort(-reach, kind="stable")[: k - len(sites)]
        return np.concatenate([sites, extra.astype(np.intp)])

    def _uncoverable(self) -> tuple[str, ...]:
        return tuple(self.demand_ids[~self._coverable()].tolist())

    def _served(
        self, sites: np.ndarray, deadline: float = np.inf
    ) -> tuple[np.ndarray, list[float], list[int]]:
        return greedy_order(self.matrix, self.weights, sites, self.required, deadline)

    def _pairs(self, sites: np.ndarray) -> pd.DataFrame:
        """Every (community, chosen site) within the radius, sites in report order."""
        sites = np.asarray(sites, dtype=np.intp)
        sub = self.matrix[:, sites].tocoo()
        frame = pd.DataFrame(
            {
                "community_id": self.demand_ids[sub.row],
                "site_id": self.candidate_ids[sites[sub.col]],
            }
        )
        if self._distance is not None:
            d = self._distance[:, sites].tocoo()
            lookup = pd.Series(d.data - 1.0, index=pd.MultiIndex.from_arrays([d.row, d.col]))
            frame["distance"] = lookup.reindex(
                pd.MultiIndex.from_arrays([sub.row, sub.col])
            ).to_numpy()
        order = np.lexsort((sub.row, sub.col))
        return frame.iloc[order].reset_index(drop=True)
