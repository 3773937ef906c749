"""The models by their short codes, and one way to build any of them from layers.

The CLI (``youthmap site --model``) and the coverage page both go through
:func:`from_layers`, so a model's parameters are checked in one place: ``k`` only where
the model takes it, a capacity only for the capacitated model, and so on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from geo.analysis.coverage import problem
from geo.i18n import Term
from geo.siting.backup import BackupCover
from geo.siting.capacitated import CapacitatedMaxCover
from geo.siting.cover import MaxCover, SetCover
from geo.siting.median import PMedian

MODELS: dict[str, Any] = {
    "mclp": MaxCover,
    "lscp": SetCover,
    "lscpb": BackupCover,
    "pmedian": PMedian,
    "cmclp": CapacitatedMaxCover,
}
"""Model classes by code (the CLI's ``--model`` choices, :data:`geo.core.params.SITING_MODELS`)."""

SOLVER_KEYS: dict[str, str] = {
    "lazy-greedy+swap": "coverage.site.solver.greedy_swap",
    "greedy+ruin-recreate": "coverage.site.solver.greedy_ruin",
    "greedy+backup-swap": "coverage.site.solver.backup_swap",
    "greedy+swap": "coverage.site.solver.median_swap",
    "kmeans": "coverage.site.solver.kmeans",
    "greedy+best-fit+swap": "coverage.site.solver.capacity",
    "trivial": "coverage.site.solver.trivial",
}
"""The heuristic solvers' names (as :mod:`geo.siting` reports them) → catalogue keys."""


def solver_words(solver: str) -> Term | str:
    """A run's solver as people read it: a heuristic (or "nothing to choose") as a
    :class:`~geo.i18n.Term` to render in their language, HiGHS (``"highs <version>"``) by
    its own name."""
    if solver in SOLVER_KEYS:
        return Term(SOLVER_KEYS[solver])
    name, _, version = solver.partition(" ")
    return f"HiGHS {version}".strip() if name == "highs" else solver


CODES: dict[str, str] = {cls.model_name: code for code, cls in MODELS.items()}
"""Model codes by the ``model`` name results carry."""

K_REQUIRED = ("mclp", "pmedian", "cmclp")
"""Models that need ``k``; ``lscpb`` takes it optionally, ``lscp`` not at all."""


def from_layers(
    code: str,
    communities: pd.DataFrame,
    candidates: pd.DataFrame,
    *,
    radius_m: float | None = None,
    existing: pd.DataFrame | None = None,
    weight: str | None = "youth",
    radius_col: str | None = None,
    required: pd.DataFrame | Sequence[str] | None = None,
    k: int | None = None,
    exactly_k: bool = False,
    capacity: float | str | None = None,
):
    """Build the model ``code`` from point layers.

    Parameters
    ----------
    code
        One of :data:`MODELS`.
    communities, candidates, existing, weight, required
        As for :meth:`geo.siting.MaxCover.from_layers`.
    radius_m, radius_col
        Coverage radius (or a column of them); ignored by ``pmedian``.
    k
        Number of sites: needed by :data:`K_REQUIRED`, optional for ``lscpb``, refused
        by ``lscp``.
    exactly_k
        Open exactly ``k`` sites (``mclp``, ``cmclp``; the others open exactly ``k``
        already or take no ``k``).
    capacity
        ``cmclp`` only: youth one site serves, or a column of the candidates.

    Raises
    ------
    InputError
        An unknown model, a parameter the model does not take or lacks, or bad input.
    """
    if code not in MODELS:
        raise problem("model", column="model", value=repr(code), choices=", ".join(MODELS))
    if k is None and code in K_REQUIRED:
        raise problem("cli_k_needed", column="k", model=code)
    if k is not None and code == "lscp":
        raise problem("cli_k_unused", column="k", model=code)
    if capacity is not None and code != "cmclp":
        raise problem("cli_capacity_unused", column="capacity")
    params: dict[str, object] = {} if k is None else {"k": k}
    if exactly_k and code in ("mclp", "cmclp"):
        params["exactly_k"] = True
    if code == "cmclp":
        params["capacity"] = capacity
    cls = MODELS[code]
    common = {"required": required}
    if code == "pmedian":
        return cls.from_layers(communities, candidates, existing, weight, **common, **params)
    return cls.from_layers(
        communities,
        candidates,
        radius_m,
        existing,
        weight,
        radius_col=radius_col,
        **common,
        **params,
    )
