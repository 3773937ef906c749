"""Youth Home coverage of communities.

A community is *covered* when a Youth Home (青年之家) lies within ``radius_m`` metres of
it (great-circle distance, WGS-84). :func:`community_coverage` finds, for every community,
its nearest Youth Home and that great-circle distance with one k-d tree query (no
Python loop over communities); :func:`coverage_rates` aggregates the result by region, province,
city or county; :func:`coverage_summary` gives the national figures for any subset of
communities, e.g. the chosen pilot list's "full coverage" check.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from geo.core._validation import Interval, Options, Real, check, validate_params
from geo.core.distance import SphereIndex, within_radius
from geo.core.errors import InputError, Problem
from geo.core.layers import lonlat
from geo.core.params import COVERAGE_DEFAULT_RADIUS_M as DEFAULT_RADIUS_M
from geo.core.params import COVERAGE_LEVEL_COLUMNS as LEVEL_COLUMNS

MAX_RADIUS_M = 50_000
"""Largest radius accepted, in metres."""

Level = Literal["region", "province", "city", "county"]


RESULT_COLUMNS: tuple[str, ...] = ("distance_m", "nearest_home_id", "covered")
"""Columns :func:`community_coverage` adds to the communities."""


def problem(
    key: str,
    *,
    file: str | None = None,
    row: int | None = None,
    column: str | None = None,
    **values: object,
) -> InputError:
    """An :class:`InputError` with message code ``coverage.problem.<key>``.

    Used by :mod:`geo.analysis.coverage`, :mod:`geo.analysis.gaps` and :mod:`geo.siting` so that every
    message about coverage, gaps and siting inputs comes from the catalogue (rendered in
    the reader's language at the edge).

    Parameters
    ----------
    key
        Key under ``coverage.problem.`` in :mod:`geo.locales.coverage`; also the
        problem's ``code``.
    file, row, column
        Where the problem is (row as in Excel, header is row 1).
    **values
        The message's parameters.
    """
    message = f"coverage.problem.{key}"
    return InputError(
        [Problem(message, file=file, row=row, column=column, code=key, params=values)]
    )


RADIUS = Interval(
    Real,
    0,
    MAX_RADIUS_M,
    closed="right",
    key="coverage.problem.radius_range",
    type_key="coverage.problem.radius_nan",
    code="radius_range",
)
"""A coverage radius: metres above 0, at most :data:`MAX_RADIUS_M`."""
LEVEL = Options(tuple(LEVEL_COLUMNS), key="coverage.problem.level", code="level")
"""A level coverage rates are counted at."""


def check_radius(radius_m: float) -> float:
    """Validate a coverage radius in metres (:data:`RADIUS`) and return it as a float.

    Raises
    ------
    InputError
        If the radius is not a positive number up to :data:`MAX_RADIUS_M`.
    """
    found = check("radius_m", radius_m, RADIUS)
    if found is not None:
        raise InputError([found])
    return float(radius_m)


def weights_of(communities: pd.DataFrame, weight: str | None) -> np.ndarray:
    """Demand weights of communities: a numeric column (missing values count 0) or ones.

    Parameters
    ----------
    communities
        The communities layer.
    weight
        Column name (``"youth"``, ``"population"`` …), or ``None``/``"count"`` for one per
        community.

    Returns
    -------
    numpy.ndarray
        Non-negative float weights, one per row.

    Raises
    ------
    InputError
        If the column is missing or holds negative values.
    """
    if weight in (None, "", "count"):
        return np.ones(len(communities))
    if weight not in communities.columns:
        raise problem("weight_missing", column=weight)
    values = pd.to_numeric(communities[weight], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    if (values < 0).any():
        row = int(np.flatnonzero(values < 0)[0]) + 2
        raise problem("weight_negative", row=row, column=weight)
    return values


@validate_params(radius_m=RADIUS)
def community_coverage(
    communities: pd.DataFrame,
    homes: pd.DataFrame,
    radius_m: float = DEFAULT_RADIUS_M,
) -> pd.DataFrame:
    """Nearest Youth Home of every community and whether it is within ``radius_m``.

    One nearest-neighbour query over the Youth Homes answers all communities at once
    (a k-d tree on unit vectors, :class:`geo.core.distance.SphereIndex`, whose chord
    distances order points exactly as great-circle distances do; several times faster
    than a haversine BallTree).

    Parameters
    ----------
    communities
        Communities layer (``id``, ``lon``, ``lat`` in WGS-84, plus any other columns).
    homes
        Youth Homes layer (``id``, ``lon``, ``lat``).
    radius_m
        Coverage radius in metres.

    Returns
    -------
    pandas.DataFrame
        The communities (same type, index and columns) with ``distance_m`` (great-circle
        metres to the nearest Youth Home; ``inf`` when there is none), ``nearest_home_id``
        (``None`` when there is none) and ``covered`` (``distance_m <= radius_m``, by
        :func:`geo.core.distance.within_radius`).
    """
    radius = float(radius_m)
    out = communities.copy()
    if len(homes) == 0 or len(communities) == 0:
        out["distance_m"] = np.full(len(communities), np.inf)
        out["nearest_home_id"] = pd.Series([None] * len(communities), index=out.index, dtype=object)
        out["covered"] = np.zeros(len(communities), dtype=bool)
        return out
    dist, idx = SphereIndex(lonlat(homes)).nearest_m(lonlat(communities))
    home_ids = homes["id"].astype(str).to_numpy()
    out["distance_m"] = dist
    out["nearest_home_id"] = home_ids[idx]
    out["covered"] = within_radius(dist, radius)
    return out


def _known_weights(frame: pd.DataFrame, weight: str | None) -> np.ndarray:
    """:func:`weights_of`, or zeros when the weight column is absent (none known: its
    rates are undefined, not an error, in the rate tables and summaries)."""
    if weight in (None, "", "count") or weight in frame:
        return weights_of(frame, weight)
    return np.zeros(len(frame))


@validate_params(radius_m=RADIUS)
def recover(coverage: pd.DataFrame, radius_m: float) -> pd.DataFrame:
    """The same coverage at another radius, without a new nearest-neighbour search.

    The nearest Youth Home does not depend on the radius, so changing the radius only
    re-thresholds ``distance_m``.
    """
    radius = float(radius_m)
    out = coverage.copy()
    out["covered"] = within_radius(out["distance_m"].to_numpy(dtype=float), radius)
    return out


@validate_params(level=LEVEL)
def coverage_rates(
    coverage: pd.DataFrame,
    level: Level = "province",
    weight: str = "youth",
) -> pd.DataFrame:
    """Coverage rates of communities and of youth by region, province, city or county.

    Parameters
    ----------
    coverage
        Output of :func:`community_coverage`.
    level
        ``"region"``, ``"province"``, ``"city"`` or ``"county"``.
    weight
        Population column counted as covered or not (default ``"youth"``).

    Returns
    -------
    pandas.DataFrame
        One row per unit, sorted by code: ``code``, ``name``, ``communities``, ``covered``,
        ``coverage_rate`` (0–1), ``youth``, ``youth_covered``, ``youth_rate`` (0–1; NaN
        when the unit has no youth), ``uncovered``, ``youth_uncovered``.
    """
    key_col, name_col = LEVEL_COLUMNS[level]
    n = len(coverage)
    key = (
        coverage[key_col].astype(str).fillna("")
        if key_col in coverage
        else pd.Series([""] * n, index=coverage.index)
    )
    name = coverage[name_col].astype(str).fillna("") if name_col and name_col in coverage else key
    youth = _known_weights(coverage, weight)
    covered = coverage["covered"].to_numpy(dtype=bool)
    frame = pd.DataFrame(
        {
            "code": key.to_numpy(),
            "name": name.to_numpy(),
            "communities": 1,
            "covered": covered.astype(int),
            "youth": youth,
            "youth_covered": np.where(covered, youth, 0.0),
        }
    )
    grouped = frame.groupby("code", sort=True).agg(
        name=("name", "first"),
        communities=("communities", "sum"),
        covered=("covered", "sum"),
        youth=("youth", "sum"),
        youth_covered=("youth_covered", "sum"),
    )
    grouped = grouped.reset_index()
    _finish_rates(grouped)
    return grouped


def _finish_rates(frame: pd.DataFrame) -> None:
    frame["coverage_rate"] = frame["covered"] / frame["communities"].where(frame["communities"] > 0)
    frame["youth_rate"] = frame["youth_covered"] / frame["youth"].where(frame["youth"] > 0)
    frame["uncovered"] = frame["communities"] - frame["covered"]
    frame["youth_uncovered"] = frame["youth"] - frame["youth_covered"]


@dataclass(frozen=True)
class CoverageSummary:
    """Coverage figures of a set of communities.

    Attributes
    ----------
    radius_m
        Radius the figures were computed at, in metres.
    communities, covered
        Number of communities in the set, and of those covered.
    youth, youth_covered
        Youth population of the set, and of the covered ones.
    uncovered_ids
        ``id`` of every uncovered community of the set, by descending youth.
    missing_ids
        Ids asked for that are not in the coverage table.
    """

    radius_m: float
    communities: int
    covered: int
    youth: float
    youth_covered: float
    uncovered_ids: tuple[str, ...]
    missing_ids: tuple[str, ...] = ()

    @property
    def coverage_rate(self) -> float:
        """Share of communities covered (0–1; NaN for an empty set: 0/0 is no rate)."""
        return self.covered / self.communities if self.communities else float("nan")

    @property
    def youth_rate(self) -> float:
        """Share of youth covered (0–1; NaN when the set has no youth: 0/0 is no rate,
        neither 100% nor 0%)."""
        return self.youth_covered / self.youth if self.youth else float("nan")

    @property
    def full(self) -> bool:
        """Whether every community of the set is covered (the pilot list's check)."""
        return self.covered == self.communities and not self.missing_ids


@validate_params(radius_m=RADIUS)
def coverage_summary(
    coverage: pd.DataFrame,
    radius_m: float,
    ids: list[str] | tuple[str, ...] | pd.Series | None = None,
    weight: str = "youth",
) -> CoverageSummary:
    """Coverage of all communities, or of a subset such as the chosen pilot list.

    Parameters
    ----------
    coverage
        Output of :func:`community_coverage` at ``radius_m``.
    radius_m
        The radius used, in metres (recorded in the summary).
    ids
        Community ids of the subset; ``None`` for all rows.
    weight
        Population column (default ``"youth"``).

    Returns
    -------
    CoverageSummary
    """
    frame = coverage
    missing: tuple[str, ...] = ()
    if ids is not None:
        wanted = pd.Index(pd.Series(list(ids), dtype=object).astype(str).unique())
        have = coverage["id"].astype(str)
        frame = coverage.loc[have.isin(wanted).to_numpy()]
        missing = tuple(wanted.difference(pd.Index(have)).tolist())
    youth = _known_weights(frame, weight)
    covered = frame["covered"].to_numpy(dtype=bool)
    order = np.argsort(-youth[~covered], kind="stable")
    uncovered = frame["id"].astype(str).to_numpy()[~covered][order]
    return CoverageSummary(
        radius_m=float(radius_m),
        communities=len(frame),
        covered=int(covered.sum()),
        youth=float(youth.sum()),
        youth_covered=float(youth[covered].sum()),
        uncovered_ids=tuple(uncovered.tolist()),
        missing_ids=missing,
    )


def read_ids(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    layer_name: str | None = None,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
) -> list[str]:
    """Community ids of a subset file (any community list: only its id column is used).

    The id column is found like a communities file's (``编号``/``社区编码``/``id`` and
    their synonyms, or ``mapping``), so a pilot list exported from YouthMap or a
    committee's own sheet both work.

    Parameters
    ----------
    source
        Path or bytes (then ``name`` gives the file name) of a CSV, XLSX, GeoJSON, GPKG or
        zipped Shapefile.
    name
        File name for problems (required with bytes).
    sheet
        XLSX sheet (default: the first).
    layer_name
        Layer of a GeoPackage or zip holding several.
    mapping
        Explicit ``{file column: column}`` mapping, e.g. ``{"社区代码": "id"}``.

    Returns
    -------
    list of str
        The ids in file order, duplicates dropped.

    Raises
    ------
    InputError
        When the file cannot be read, has no id column, has an empty id (row as in
        Excel), or has no rows.
    """
    from geo.intake import io
    from geo.intake.headers import resolve_mapping

    table = io.read_table(source, name=name, sheet=sheet, layer_name=layer_name)
    resolved = resolve_mapping(list(table.frame.columns), "communities", mapping, file=table.file)
    if resolved.problems:
        raise InputError(list(resolved.problems))
    column = resolved.source_of("id")
    if column is None:
        raise problem("ids_missing_column", file=table.file, column="id")
    ids = table.frame[column].astype(str).str.strip()
    empty = np.flatnonzero((ids == "").to_numpy())
    if len(empty):
        rows = np.asarray(table.rows)[empty[:20]]
        raise InputError(
            [
                problem("ids_empty", file=table.file, row=int(r), column=column).problems[0]
                for r in rows
            ]
        )
    if len(ids) == 0:
        raise problem("no_rows", file=table.file)
    return list(dict.fromkeys(ids.tolist()))
