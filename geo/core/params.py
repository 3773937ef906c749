"""The values parameters may take, and their defaults, in a module that imports nothing.

The command line declares its options (``choices=``, ``default=``) from these names, so
``youthmap --help`` and every ``youthmap COMMAND --help`` build their parsers without
loading pandas, geopandas or a solver (0.1 s instead of 3.5 s). Each library module
re-exports the names it owns under its own spelling (``geo.analysis.pairing.DEFAULT_CAPACITY`` is
:data:`PAIRING_DEFAULT_CAPACITY`), so the values are written once. Standard library only:
``tests/cli/test_cli_start.py`` fails when importing :mod:`geo.cli` pulls in a heavy module.
"""

from __future__ import annotations

CRS_NAMES: tuple[str, ...] = ("wgs84", "gcj02", "bd09")
"""Coordinate systems inputs may be in (:mod:`geo.core.crs`)."""

LAYER_NAMES: tuple[str, ...] = ("communities", "youth_homes", "campuses", "resident_units")
"""The four point layers (:mod:`geo.core.layers`)."""

REGIONS: tuple[str, ...] = ("east", "central", "west")
"""Region keys in display order (:mod:`geo.core.regions`)."""

COVERAGE_DEFAULT_RADIUS_M = 1_000
"""Default coverage radius in metres: about a 15-minute walk (:mod:`geo.analysis.coverage`)."""

COVERAGE_LEVEL_COLUMNS: dict[str, tuple[str, str | None]] = {
    "region": ("region", None),
    "province": ("province_code", "province"),
    "city": ("city_code", "city"),
    "county": ("county_code", "district"),
}
"""For each level of coverage rates: the key column of the communities layer and its name
column (:mod:`geo.analysis.coverage`)."""

SITING_METHODS: tuple[str, ...] = ("greedy", "exact")
"""Solver methods accepted by a siting model's ``solve`` (:mod:`geo.siting`)."""

SITING_DEFAULT_TIME_LIMIT_S = 60.0
"""Default time limit of a siting solve, in seconds."""

SITING_MODELS: tuple[str, ...] = ("mclp", "lscp", "lscpb", "pmedian", "cmclp")
"""Location model codes, in display order (:data:`geo.siting.catalog.MODELS`)."""

STORY_STEP_KINDS: tuple[str, ...] = ("national", "region", "province", "chosen", "gaps")
"""The kinds of presentation story steps, in story order (:mod:`geo.export.story`)."""

PAIRING_DEFAULT_CAPACITY = 5
"""Communities one campus serves at most, unless told otherwise (:mod:`geo.analysis.pairing`)."""
PAIRING_DEFAULT_PER_COMMUNITY = 1
"""Campuses each community is paired with."""
PAIRING_DEFAULT_MAX_DISTANCE_M = 15_000.0
"""Farthest campus a community may be paired with, in metres."""
PAIRING_DEFAULT_OTHER_CITY_PENALTY_M = 5_000.0
"""Metres added to the cost of a pair whose campus is in another city."""
PAIRING_DEFAULT_K = 20
"""Nearest campuses considered per community."""
PAIRING_METHODS: tuple[str, ...] = ("optimal", "nearest")
PAIRING_SOLVERS: tuple[str, ...] = ("ortools", "networkx")

SCORING_METHODS: tuple[str, ...] = ("weighted", "entropy", "topsis")
"""Scoring methods (:mod:`geo.analysis.scoring`)."""
SCORING_NORMALISATIONS: tuple[str, ...] = ("minmax", "rank", "zscore", "vector")

QUOTA_DEFAULT_TOTAL = 1_000
"""National number of communities the action picks (:mod:`geo.analysis.quota`)."""
QUOTA_BASES: tuple[str, ...] = ("urban_population", "urban_communities", "equal")

SELECTION_HOME_RULES: tuple[str, ...] = ("ignore", "require", "flag")
"""What picking does with communities without a Youth Home nearby (:mod:`geo.analysis.selection`)."""
SELECTION_DEFAULT_HOME_WITHIN_M = 1_500
"""Distance within which a Youth Home counts as near (metres)."""
