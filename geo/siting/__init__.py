"""Siting new Youth Homes: location models with one shape, checked claims.

Models (formulations and costs in each module's docstring, as spopt states them):

* :class:`MaxCover` (MCLP) — at most ``k`` sites maximising the youth covered;
* :class:`SetCover` (LSCP) — the fewest sites covering every community;
* :class:`BackupCover` (LSCP-B) — cover everything with ``p`` sites, then maximise the
  communities covered twice;
* :class:`PMedian` — ``k`` sites minimising the youth-weighted distance to the nearest;
* :class:`CapacitatedMaxCover` — at most ``k`` sites, each serving at most its capacity,
  maximising the youth assigned to a site within the radius.

Each is built with ``from_matrix`` (coverage models), ``from_cost_matrix`` (any distance
matrix), ``from_layers`` (WGS-84 point layers) or ``from_geodataframe`` (any CRS), takes
``required`` sites (counted in ``k``), and is solved with ``solve(method="greedy" |
"exact")`` into a :class:`SitingResult` whose status is checked
(:func:`geo.siting.result.settle`). The package: models in :mod:`~geo.siting.cover`,
:mod:`~geo.siting.backup`, :mod:`~geo.siting.median`, :mod:`~geo.siting.capacitated`;
machinery in ``_reduce`` (model reduction), ``_cover_search`` / ``_median_search`` /
``_capacity_search`` (heuristics), ``_highs`` (the HiGHS driver), ``_base`` and
``_coverage`` (the shared shape), ``_inputs`` (distance sources and checks);
:mod:`~geo.siting.candidates` reads candidate files and builds coverage matrices;
:mod:`~geo.siting.catalog` names the models by code (``mclp``, ``lscp``, ``lscpb``,
``pmedian``, ``cmclp``) and builds any of them from layers.
"""

from geo.siting._base import DEFAULT_K, DEFAULT_TIME_LIMIT_S, METHODS, Progress
from geo.siting.backup import BackupCover
from geo.siting.candidates import (
    CANDIDATE_SOURCES,
    candidates_from,
    coverage_matrix,
    pairs_within,
    points_of,
    read_candidates,
)
from geo.siting.capacitated import CapacitatedMaxCover
from geo.siting.catalog import MODELS
from geo.siting.cover import MaxCover, SetCover
from geo.siting.median import PMedian
from geo.siting.result import STATUSES, SitingResult

__all__ = [
    "BackupCover",
    "CapacitatedMaxCover",
    "CANDIDATE_SOURCES",
    "DEFAULT_K",
    "DEFAULT_TIME_LIMIT_S",
    "METHODS",
    "MODELS",
    "STATUSES",
    "MaxCover",
    "PMedian",
    "Progress",
    "SetCover",
    "SitingResult",
    "candidates_from",
    "coverage_matrix",
    "pairs_within",
    "points_of",
    "read_candidates",
]
