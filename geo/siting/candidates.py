"""Candidate sites and demand as points, and the coverage matrix between them.

:func:`coverage_matrix` finds every (demand, candidate) pair within a radius — one radius
for all, or one per demand point — with k-d trees on unit vectors: the chord between two
unit vectors is ``2 sin(d / 2R)``, monotone in the great-circle distance ``d``, so the
pairs are exactly those within the radius (about 30× faster nationally than a haversine
BallTree). :func:`points_of` turns a GeoDataFrame in any CRS into WGS-84 points (polygons
by their centroid, taken in a metric CRS). :func:`read_candidates` reads a
candidate-sites file; :func:`candidates_from` takes them from any point layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from geo.analysis.coverage import problem
from geo.core.distance import SphereIndex, chord_to_m, radius_chord
from geo.core.errors import InputError, Problem, Term

if TYPE_CHECKING:
    from geo.core.crs import CrsName


def pairs_within(
    demand_lonlat: npt.ArrayLike, candidate_lonlat: npt.ArrayLike, radius_m: npt.ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (demand, candidate) pair within the demand point's radius, with its distance.

    Parameters
    ----------
    demand_lonlat, candidate_lonlat
        ``(n, 2)`` and ``(m, 2)`` arrays of ``[lon, lat]`` degrees (WGS-84).
    radius_m
        One radius in metres, or one per demand point.

    Returns
    -------
    rows, cols, distance_m
        Demand and candidate positions of each pair and its great-circle distance.
    """
    d = np.asarray(demand_lonlat, dtype=float).reshape(-1, 2)
    c = np.asarray(candidate_lonlat, dtype=float).reshape(-1, 2)
    radius = np.broadcast_to(np.asarray(radius_m, dtype=float), (len(d),))
    if len(d) == 0 or len(c) == 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty, np.zeros(0)
    chords = radius_chord(radius)  # on the radius is within it (ON_RADIUS_M)
    tree_d, tree_c = SphereIndex(d).tree, SphereIndex(c).tree
    found = tree_d.sparse_distance_matrix(tree_c, float(chords.max()), output_type="ndarray")
    rows, cols, chord = found["i"].astype(np.intp), found["j"].astype(np.intp), found["v"]
    keep = chord <= chords[rows]
    return rows[keep], cols[keep], chord_to_m(chord[keep])


def coverage_matrix(
    demand_lonlat: npt.ArrayLike, candidate_lonlat: npt.ArrayLike, radius_m: npt.ArrayLike
) -> sp.csr_matrix:
    """Sparse 0/1 matrix: demand point ``i`` is within its radius of candidate ``j``.

    Parameters
    ----------
    demand_lonlat, candidate_lonlat
        ``(n, 2)`` and ``(m, 2)`` arrays of ``[lon, lat]`` degrees (WGS-84).
    radius_m
        Coverage radius in metres (great-circle): one for all, or one per demand point.

    Returns
    -------
    scipy.sparse.csr_matrix
        ``(n, m)`` with ones where covered.
    """
    n = len(np.asarray(demand_lonlat, dtype=float).reshape(-1, 2))
    m = len(np.asarray(candidate_lonlat, dtype=float).reshape(-1, 2))
    rows, cols, _ = pairs_within(demand_lonlat, candidate_lonlat, radius_m)
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, m))


def points_of(frame, what: str, id_col: str = "id") -> pd.DataFrame:
    """A GeoDataFrame in any CRS as a table of WGS-84 points keeping its columns.

    Points keep their position; other geometries (tract polygons, lines) stand for their
    centroid, computed in the layer's own CRS when it is projected, else in its local UTM
    zone. ``id`` comes from ``id_col``, or from the index when the column is absent.

    Parameters
    ----------
    frame
        A :class:`geopandas.GeoDataFrame` with a CRS.
    what
        ``coverage.what.*`` key naming the layer in problems.
    id_col
        Column holding the ids.

    Raises
    ------
    InputError
        If the frame has no CRS or empty geometries.
    """
    label = Term(key=f"coverage.what.{what}")
    if getattr(frame, "crs", None) is None:
        raise problem("layer_no_crs", column="geometry", what=label)
    geom = frame.geometry
    if geom.is_empty.any() or geom.isna().any():
        row = int(np.flatnonzero((geom.is_empty | geom.isna()).to_numpy())[0]) + 2
        ids = frame[id_col] if id_col in frame.columns else frame.index.to_series()
        raise InputError.single(
            "layer.problem.bad_coordinate",
            row=row,
            column="geometry",
            code="not_number",
            what=label,
            id=str(ids.iloc[row - 2]),
        )
    if not (geom.geom_type == "Point").all():
        metric = frame.crs if frame.crs.is_projected else geom.estimate_utm_crs()
        geom = geom.to_crs(metric).centroid
    wgs = geom.to_crs(4326)
    out = pd.DataFrame(frame.drop(columns=frame.geometry.name)).reset_index(drop=True)
    ids = frame[id_col] if id_col in frame.columns else frame.index.to_series()
    out["id"] = ids.astype(str).to_numpy()
    out["lon"], out["lat"] = wgs.x.to_numpy(), wgs.y.to_numpy()
    return out


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
    keep: tuple[str, ...] = (),
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
    name
        File name for problems (required with bytes).
    layer_name
        Layer of a GeoPackage or zip holding several.
    keep
        Further columns of the file to keep as they are (e.g. a capacity column).

    Returns
    -------
    pandas.DataFrame
        ``id`` (string, unique), ``name`` (when given), ``lon``/``lat`` in WGS-84, and
        the ``keep`` columns.

    Raises
    ------
    InputError
        One problem per missing column, bad or duplicate id, or bad coordinate (with the
        row as in Excel).
    """
    from geo.core.crs import convert
    from geo.intake import io
    from geo.intake.headers import resolve_mapping

    table = io.read_table(source, name=name, sheet=sheet, layer_name=layer_name)
    resolved = resolve_mapping(
        list(table.frame.columns), "resident_units", mapping, file=table.file
    )
    if resolved.problems:
        raise InputError(list(resolved.problems))
    out = _columns(table, resolved, keep)
    problems = _row_problems(out, np.asarray(table.rows), table.file, resolved)
    if problems:
        raise InputError(problems)
    if len(out) == 0:
        raise InputError([Problem("coverage.problem.no_rows", file=table.file)])
    if crs != "wgs84":
        out["lon"], out["lat"] = convert(
            out["lon"].to_numpy(), out["lat"].to_numpy(), cast("CrsName", crs), "wgs84"
        )
    return out


def _columns(table, resolved, keep: tuple[str, ...]) -> pd.DataFrame:
    """``id``, ``name``, ``lon``/``lat`` (numbers, NaN where not) and the ``keep`` columns of
    a read table, point geometries standing in for missing coordinates; one problem per
    missing column."""
    from geo.intake.headers import LONLAT
    from geo.intake.parse import parse_degrees, split_lonlat

    frame = table.frame.rename(columns=resolved.columns)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    if LONLAT in frame.columns and "lon" not in frame.columns and "lat" not in frame.columns:
        frame["lon"], frame["lat"] = split_lonlat(frame.pop(LONLAT))  # both in one cell
    if table.lonlat is not None:
        for i, col in enumerate(("lon", "lat")):
            if col not in frame.columns:
                frame[col] = table.lonlat[:, i]
    problems = [
        Problem(
            "coverage.problem.missing_column", file=table.file, column=col, params={"column": col}
        )
        for col in ("id", "lon", "lat", *keep)
        if col not in frame.columns
    ]
    if problems:
        raise InputError(problems)
    out = pd.DataFrame({"id": frame["id"].astype(str).str.strip()})
    for col in keep:
        out[col] = frame[col].to_numpy()
    if "name" in frame.columns:
        out["name"] = frame["name"].astype(str)
    for col in ("lon", "lat"):  # decimal or degrees-minutes-seconds, as layer files are read
        out[col] = parse_degrees(pd.Series(frame[col], dtype=object))[0]
    return out


def _row_problems(out: pd.DataFrame, rows: np.ndarray, file, resolved) -> list[Problem]:
    """Empty or duplicate ids and bad coordinates (the first 20 of each), rows as in Excel."""
    from geo.intake.headers import LONLAT

    problems = []
    bad_id = (out["id"] == "").to_numpy() | out["id"].duplicated().to_numpy()
    for i in np.flatnonzero(bad_id)[:20]:
        problems.append(
            Problem("coverage.problem.bad_id", file=file, row=int(rows[i]), column="id")
        )
    for col, lo, hi in (("lon", -180.0, 180.0), ("lat", -90.0, 90.0)):
        vals = out[col].to_numpy()
        bad = ~np.isfinite(vals) | (vals < lo) | (vals > hi)
        column = resolved.source_of(col) or resolved.source_of(LONLAT) or col
        for i in np.flatnonzero(bad)[:20]:
            problems.append(
                Problem(
                    "coverage.problem.bad_coordinate", file=file, row=int(rows[i]), column=column
                )
            )
    return problems
