"""The outcome of a siting run, and the rule that decides which status it may claim.

A status is a claim the code checks before making it (DESIGN, "Claims are checked"):
:func:`settle` calls a run ``"optimal"`` only when the solver said so **and** the
solution the model returns passed the model's own feasibility check **and** its
objective, recomputed by the model from the input (not read back from the solver),
equals the solver's bound within :data:`OPTIMAL_TOL`. Anything else reports what is
true: ``"time_limit"`` when HiGHS stopped at the time limit, ``"feasible"`` for a checked
solution without a proof (the solver's own words kept in
:attr:`SitingResult.solver_status`, e.g. ``"Solution limit reached"``), ``"infeasible"``
only when the solver proved it and no feasible solution exists, ``"no_solution"`` when
nothing feasible was found and the solver proved nothing. A solver status the code does
not know is never renamed: it is shown as the solver named it. A model left with nothing
to choose (every coverable community covered by required sites, or no site left to open)
is optimal by construction: it reports solver ``"trivial"``, no solver status, and its
objective as its bound.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

STATUSES: tuple[str, ...] = (
    "optimal",
    "time_limit",
    "feasible",
    "heuristic",
    "infeasible",
    "no_solution",
)
"""Statuses a run may report (see :func:`settle`)."""

OPTIMAL_TOL = 1e-6
"""Relative tolerance between objective and bound for a verified optimum."""


@dataclass(frozen=True)
class Claim:
    """A checked status, the bound kept, and the relative gap."""

    status: str
    bound: float | None
    gap: float | None


def relative_gap(objective: float, bound: float | None) -> float | None:
    """``|bound - objective| / |objective|`` (0 when both are 0), ``None`` without a bound."""
    if bound is None or not np.isfinite(bound):
        return None
    if objective == 0 and bound == 0:
        return 0.0
    gap = abs(bound - objective) / max(abs(objective), 1e-12)
    return 0.0 if gap < 1e-12 else gap


def valid_bound(objective: float, bound: float | None, maximize: bool) -> float | None:
    """The bound if it lies on the right side of the objective, else ``None``.

    A bound "better" than a checked feasible solution is a solver error, so it proves
    nothing and is dropped; a bound within :data:`OPTIMAL_TOL` of the objective on the
    wrong side (round-off) is snapped to the objective.
    """
    if bound is None or not np.isfinite(bound):
        return None
    tol = OPTIMAL_TOL * max(1.0, abs(objective))
    wrong = objective - bound if maximize else bound - objective
    if wrong > tol:
        return None
    return objective if wrong > 0 else float(bound)


def settle(
    solver_code: str,
    feasible: bool,
    objective: float,
    bound: float | None,
    maximize: bool,
) -> Claim:
    """The status an exact run may claim, checked.

    Parameters
    ----------
    solver_code
        What HiGHS said, classified: ``"optimal"``, ``"time_limit"``, ``"infeasible"`` or
        ``"other"`` (any other status; its words travel in ``solver_status``).
    feasible
        Whether the solution to be returned passed the model's own feasibility check.
    objective
        Its objective, recomputed by the model.
    bound
        The best proven bound on the optimum (upper when maximising), or ``None``.
    maximize
        Sense of the objective.

    Returns
    -------
    Claim
        ``"optimal"`` only if HiGHS said optimal, the solution is feasible and objective
        and bound agree within :data:`OPTIMAL_TOL` (relative); otherwise ``"time_limit"``,
        ``"feasible"``, ``"infeasible"`` or ``"no_solution"`` as described in the module.
    """
    if not feasible:
        status = "infeasible" if solver_code == "infeasible" else "no_solution"
        return Claim(status, None, None)
    kept = valid_bound(objective, bound, maximize)
    gap = relative_gap(objective, kept)
    if solver_code == "optimal" and gap is not None and gap <= OPTIMAL_TOL:
        return Claim("optimal", kept, 0.0)
    if solver_code == "time_limit":
        return Claim("time_limit", kept, gap)
    return Claim("feasible", kept, gap)


@dataclass(frozen=True)
class SitingResult:
    """Outcome of one siting run.

    Attributes
    ----------
    model
        ``"max_cover"``, ``"set_cover"``, ``"backup_cover"``, ``"p_median"`` or
        ``"capacitated_max_cover"``.
    method, solver
        ``"greedy"`` or ``"exact"``; the solver used (a heuristic's name, or
        ``"highs <version>"``).
    status
        One of :data:`STATUSES`, checked as :func:`settle` describes; ``"heuristic"`` for
        the greedy method (no optimality claim; its bound is still valid).
    sites
        Candidate ids chosen (required sites included), in greedy order of the weight each
        newly covers (coverage models: the required sites first, so a new site's gain is
        what it adds to the homes that stay) or serves (p-median, capacitated).
    site_gain
        Weight (youth) newly covered by each site given the sites before it (coverage
        models), or assigned to it (p-median, capacitated).
    site_demand
        Communities newly covered by / assigned to each site, in the same order.
    objective
        The model's objective, recomputed from the input: weight covered (MaxCover,
        capacitated), number of sites (SetCover), weight covered twice (BackupCover),
        weighted distance (PMedian).
    bound
        Best proven bound on the optimum (upper when maximising, lower when minimising),
        or ``None`` when unknown.
    gap
        Relative gap ``|bound - objective| / |objective|`` (0 when proven optimal), or
        ``None`` when the bound is unknown.
    seconds
        Wall time of the solve, including model reduction.
    covered_weight, covered_demand
        Weight and number of demand points covered (coverage models) or served
        (p-median, capacitated) by the sites.
    total_weight
        Weight of all demand in the model (not covered by existing Youth Homes).
    baseline_weight, baseline_demand
        Weight and number of communities already covered by existing Youth Homes.
    uncoverable
        Ids of demand points no candidate reaches within the radius.
    solver_status
        The solver's own words for how it stopped (HiGHS's model status, e.g.
        ``"Optimal"``, ``"Time limit reached"``, ``"Solution limit reached"``), or
        ``None`` for heuristics.
    required
        Ids of the sites that had to be open (counted in ``k``).
    n_demand
        Demand points in the model (uncoverable ones included).
    pairs
        One row per (community, site) link: ``community_id``, ``site_id`` and, when the
        model knows distances, ``distance``. Coverage models list every chosen site within
        the radius of a community; p-median and capacitated models the site it is
        assigned to. :attr:`cli2fac` and :attr:`fac2cli` read it.
    extra
        Model-specific figures (``p`` and ``backup_demand`` for BackupCover,
        ``mean_distance`` for PMedian, ``capacity_used`` for the capacitated model …);
        ``highs_load_s`` when an exact run did not start HiGHS, the time left being
        shorter than the seconds HiGHS was expected to take loading the model.
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
    solver_status: str | None = None
    required: tuple[str, ...] = field(default_factory=tuple)
    n_demand: int = 0
    pairs: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["community_id", "site_id"]),
        repr=False,
        compare=False,
    )
    extra: Mapping[str, float] = field(default_factory=dict, compare=False)

    @property
    def n_sites(self) -> int:
        """Number of sites chosen."""
        return len(self.sites)

    @property
    def n_new(self) -> int:
        """Number of sites chosen that were not required (the new Youth Homes proposed)."""
        return self.n_sites - len(self.required)

    @property
    def new_weight(self) -> float:
        """Weight newly covered by (coverage models) or served by (p-median, capacitated)
        the sites that were not required."""
        kept = set(self.required)
        return float(
            sum(g for s, g in zip(self.sites, self.site_gain, strict=True) if s not in kept)
        )

    @property
    def new_demand(self) -> int:
        """Communities newly covered by, or assigned to, the sites that were not required."""
        kept = set(self.required)
        return int(
            sum(n for s, n in zip(self.sites, self.site_demand, strict=True) if s not in kept)
        )

    @property
    def percent_covered(self) -> float:
        """Share of the model's demand points covered or served, in per cent."""
        return 100.0 * self.covered_demand / self.n_demand if self.n_demand else 0.0

    @property
    def percent_weight_covered(self) -> float:
        """Share of the model's demand weight covered or served, in per cent."""
        return 100.0 * self.covered_weight / self.total_weight if self.total_weight else 0.0

    @property
    def fac2cli(self) -> dict[str, tuple[str, ...]]:
        """Each chosen site's communities (covered, or assigned), as spopt's ``fac2cli``."""
        out: dict[str, tuple[str, ...]] = {s: () for s in self.sites}
        for site, group in self.pairs.groupby("site_id", sort=False)["community_id"]:
            out[str(site)] = tuple(group.astype(str))
        return out

    @property
    def cli2fac(self) -> dict[str, tuple[str, ...]]:
        """Each linked community's sites (covering, or assigned), as spopt's ``cli2fac``.

        Communities with no site are absent (see :attr:`uncoverable` and
        :attr:`covered_demand`).
        """
        return {
            str(c): tuple(g.astype(str))
            for c, g in self.pairs.groupby("community_id", sort=False)["site_id"]
        }
