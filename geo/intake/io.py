"""Reading layer files and writing results.

This is the single entry point for files. :func:`read_table` reads any supported file —
CSV in UTF-8, UTF-8 with BOM or GBK/GB18030 (detected), XLSX (first or named sheet, blank
or title lines on top and merged cells handled), GeoJSON, GeoPackage, zipped Shapefile (its
``.cpg`` and ``.prj`` honoured) — into a :class:`RawTable` of text cells that remembers the
row number the user sees in Excel; the apostrophe YouthMap's own CSV files put before text
starting with ``= + - @`` is taken off a CSV's cells and headers again
(:func:`geo.core.cells.csv_uncell`). :func:`import_layer` maps the headers, converts the
coordinates to WGS-84, validates every row (see :mod:`geo.intake.validate`) and returns an
:class:`ImportResult`; :func:`read_layer` is the strict form used by the analysis commands.
:func:`write_table` writes a result by the output's extension.

Every problem is reported as :class:`geo.core.errors.Problem` naming file, row and column; a file
that cannot be read at all raises :class:`geo.core.errors.InputError`, whatever its bytes.
"""

from __future__ import annotations

import contextlib
import csv
import io as _stdio
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.core.cells import CSV_ESCAPE, csv_uncell
from geo.core.errors import InputError, Problem, os_reason
from geo.core.layers import SCHEMAS
from geo.i18n import t
from geo.intake import _vector, _xlsx

WRITE_EXTENSIONS: tuple[str, ...] = (".csv", ".geojson", ".gpkg", ".xlsx")
TEXT_EXTENSIONS: tuple[str, ...] = (".csv", ".txt", ".tsv")
EXCEL_EXTENSIONS: tuple[str, ...] = (".xlsx", ".xlsm")
GEO_EXTENSIONS: tuple[str, ...] = (".geojson", ".json", ".gpkg", ".zip", ".shp")
READ_EXTENSIONS: tuple[str, ...] = TEXT_EXTENSIONS + EXCEL_EXTENSIONS + GEO_EXTENSIONS

MAX_FILE_BYTES = 500 * 1024 * 1024
"""Largest file read (500 MiB)."""
HEADER_SCAN_ROWS = 20
"""Rows at the top of a sheet searched for the header line."""
TOTAL_WORDS: frozenset[str] = frozenset(
    {"合计", "总计", "小计", "共计", "总数", "total", "totals", "subtotal", "grandtotal", "sum"}
)
"""A table line whose first filled cell says one of these (spaces, case and a trailing colon
ignored: "合 计", "Total:") sums the lines above it: it is skipped with a warning, not read
as a community with no name and no place."""
_ENCODINGS = ("utf-8-sig", "gb18030")
_DELIMITERS = (",", "\t", ";", "|")


@dataclass
class RawTable:
    """A file read as text cells, before any mapping or validation.

    Attributes
    ----------
    frame
        One ``str`` column per header, one row per data line; empty cells are ``""``.
    rows
        Row number of each data line as the user sees it in Excel (header row counted,
        blank or title lines above it too); for GeoJSON/GeoPackage/Shapefile, feature
        ``i`` is row ``i + 2`` as in the attribute table opened in a spreadsheet.
    file
        File name used in problems.
    lonlat
        ``(n, 2)`` coordinates taken from point geometries (NaN where missing), or ``None``
        for tables whose coordinates are in columns.
    notes
        Warnings about the reading itself (title lines skipped, renamed duplicate headers…).
    header_row
        Excel row number of the header line.
    """

    frame: pd.DataFrame
    rows: np.ndarray
    file: str
    lonlat: np.ndarray | None = None
    notes: list[Problem] = field(default_factory=list)
    header_row: int = 1


# ---------------------------------------------------------------------------- reading


def _source_bytes(source: str | Path | bytes, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), name or "upload"
    _vector.refuse_vsi_path(str(source))
    path = Path(source)
    label = name or path.name
    if not path.exists() or not path.is_file():
        raise InputError([Problem("data.problem.not_found", file=str(path), code="file")])
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(
            [
                Problem(
                    "data.problem.too_large",
                    params=dict(mb=MAX_FILE_BYTES // 2**20),
                    file=label,
                    code="file",
                )
            ]
        )
    return path.read_bytes(), label


def _decode(raw: bytes, file: str) -> str:
    """Decode CSV bytes: UTF-8 (with or without BOM), then GB18030 (a superset of GBK)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in _ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise InputError([Problem("data.problem.encoding", file=file, code="encoding")])


def _clean_header(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value)).replace("\ufeff", "")
    return " ".join(text.split())


def _unique_headers(
    headers: list[str], file: str, header_row: int
) -> tuple[list[str], list[Problem]]:
    out: list[str] = []
    notes: list[Problem] = []
    seen: dict[str, int] = {}
    for i, header in enumerate(headers):
        name = header or t("data.unnamed_column", n=i + 1)
        if name in seen:
            seen[name] += 1
            new = f"{name}.{seen[name]}"
            notes.append(
                Problem(
                    "data.problem.duplicate_header",
                    params=dict(new=new),
                    file=file,
                    row=header_row,
                    column=name,
                    severity="warning",
                    code="duplicate_header",
                )
            )
            name = new
        else:
            seen[name] = 0
        out.append(name)
    return out, notes


def _from_grid(
    grid: list[list[str]],
    numbers: list[int],
    file: str,
    header_rows: int = 1,
    strict_width: bool = False,
) -> RawTable:
    """Build a :class:`RawTable` from text rows whose first ``header_rows`` lines are headers.

    With ``strict_width`` (CSV) the header line fixes the number of columns and a line with
    more filled cells is an error; otherwise (Excel) unnamed columns holding data are kept.
    """
    if not grid:
        raise InputError([Problem("data.problem.empty", file=file, code="empty")])
    width = max(len(r) for r in grid)
    if strict_width:
        header = list(grid[0])
        while header and not header[-1].strip():
            header.pop()
        width = max(len(header), 1)
    if header_rows == 2:
        top = grid[0] + [""] * (width - len(grid[0]))
        sub = grid[1] + [""] * (width - len(grid[1]))
        raw_headers = [_clean_header(s) or _clean_header(h) for h, s in zip(top, sub, strict=True)]
    else:
        raw_headers = [_clean_header(h) for h in grid[0] + [""] * (width - len(grid[0]))]
    header_row = numbers[header_rows - 1]
    body = grid[header_rows:]
    body_rows = numbers[header_rows:]
    notes: list[Problem] = []
    # drop trailing columns that have neither a header nor any data
    while (
        width
        and not raw_headers[width - 1]
        and not any(len(r) >= width and r[width - 1].strip() for r in body)
    ):
        width -= 1
        raw_headers.pop()
    if width == 0:
        raise InputError(
            [Problem("data.problem.no_header", file=file, row=header_row, code="empty")]
        )
    headers, dup_notes = _unique_headers(raw_headers, file, header_row)
    notes.extend(dup_notes)
    kept: list[list[str]] = []
    kept_rows: list[int] = []
    for number, row in zip(body_rows, body, strict=True):
        if not "".join(row).strip():
            continue
        if len(row) != width:
            if len(row) > width:
                if "".join(row[width:]).strip():
                    notes.append(
                        Problem(
                            "data.problem.extra_cells",
                            params=dict(n=len(row) - width),
                            file=file,
                            row=number,
                            severity="error",
                            code="extra_cells",
                        )
                    )
                row = row[:width]
            else:
                row = row + [""] * (width - len(row))
        kept.append(row)
        kept_rows.append(number)
    if kept:
        frame = pd.DataFrame(kept, columns=headers, dtype=object)
        for name in frame.columns:
            frame[name] = frame[name].str.strip()
    else:
        frame = pd.DataFrame({h: pd.Series(dtype=object) for h in headers})
    return RawTable(
        frame.astype(str) if len(frame) else frame,
        np.asarray(kept_rows, dtype=np.int64),
        file,
        None,
        notes,
        header_row,
    )


def _fast_csv(text: str, delimiter: str, file: str) -> RawTable | None:
    """Read a well-formed CSV with pandas' C parser; ``None`` sends it to the careful path.

    Well-formed means: the header on the first line with every header named, and no line
    with more cells than the header. Anything else (title or blank lines on top, ragged
    lines, bad quoting) is read by the :mod:`csv` module path, which reports each line.
    """
    try:
        grid = pd.read_csv(
            _stdio.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, IndexError, OverflowError):
        return None
    if len(grid) == 0:
        return None
    headers_raw = [_clean_header(csv_uncell(h)) for h in grid.iloc[0].fillna("").tolist()]
    if not all(headers_raw) or (len(headers_raw) > 1 and len(set(headers_raw)) < 2):
        return None
    headers, notes = _unique_headers(headers_raw, file, 1)
    body = grid.iloc[1:].fillna("")
    body.columns = headers
    for name in headers:
        body[name] = body[name].str.strip()
    filled = (body != "").any(axis=1).to_numpy()
    body = body.loc[filled].reset_index(drop=False)
    rows = body.pop("index").to_numpy(dtype=np.int64) + 1
    return RawTable(body, rows, file, None, notes, 1)


def _refuse_open_quote(text: str, delimiter: str, file: str) -> None:
    """Refuse a CSV whose quoted field is never closed, naming the line where it opens.

    The lenient :mod:`csv` reader used for ragged files takes everything after such a quote
    as one cell, so every later line would vanish into it and the row be reported for its
    empty cells. A strict reader stops there with "unexpected end of data"; it is only used
    to find that line (it also stops on a stray quote inside a cell, which the lenient reader
    reads as the user meant, so those stops are skipped).
    """
    reader = csv.reader(_stdio.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records = 0
    while True:
        try:
            next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if str(exc) == "unexpected end of data":  # CPython's words for EOF inside quotes
                row = records + 1
                problem = Problem(
                    "data.problem.quote", file=file, row=row, code="malformed", params={"row": row}
                )
                raise InputError([problem]) from None
        records += 1


def _read_csv(raw: bytes, file: str) -> RawTable:
    text = _decode(raw, file)
    sample = text[:20_000]
    first_lines = [line for line in sample.splitlines() if line.strip()][:10]
    delimiter = ","
    if first_lines:
        counts = {d: min(line.count(d) for line in first_lines) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        if counts[best] > 0:
            delimiter = best
    # as a sheet's, a CSV's cells are bounded before any is read: a 100 MB file of "a,b"
    # lines made 50 million cells and a 2 GB reader, and the upload limit allows five times
    # that. Counted as delimiters and line ends (a delimiter inside quotes counts too); a
    # lone CR ends a line for both readers as LF does: 99 MB of "ab\r" lines were counted as
    # one and read as 33 million rows, 6 GB.
    ends = text.count("\n") + text.count("\r") - text.count("\r\n")
    cells = text.count(delimiter) + ends + 1
    if cells > _xlsx.MAX_CELLS:
        raise InputError(
            [
                Problem(
                    "data.problem.csv_cells",
                    file=file,
                    code="too_large",
                    params={"n": f"{cells:,}", "limit": f"{_xlsx.MAX_CELLS:,}"},
                )
            ]
        )
    # and its columns as a sheet's: a 2.9 MB file with 300,000 columns kept the reader busy
    # for more than five minutes (a frame of 300,000 columns)
    widths = [line.count(delimiter) + 1 for line in text.splitlines() or [""]]
    widest = max(range(len(widths)), key=widths.__getitem__)
    if widths[widest] > _xlsx.MAX_COLUMNS:
        n, limit = f"{widths[widest]:,}", f"{_xlsx.MAX_COLUMNS:,}"
        raise InputError(
            [
                Problem(
                    "data.problem.csv_columns",
                    file=file,
                    row=widest + 1,
                    code="too_large",
                    params={"row": widest + 1, "n": n, "limit": limit},
                )
            ]
        )
    fast = _fast_csv(text, delimiter, file)
    if fast is not None:
        return _unescaped(fast)
    _refuse_open_quote(text, delimiter, file)
    try:
        records = list(csv.reader(_stdio.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(
            [Problem("data.problem.csv", params=dict(detail=str(exc)), file=file, code="malformed")]
        ) from None
    numbers = list(range(1, len(records) + 1))
    start = 0
    while start < len(records) and not any(c.strip() for c in records[start]):
        start += 1
    # a title line above the header: a single filled cell followed by a wider line
    notes: list[Problem] = []
    nxt = start + 1
    while nxt < len(records) and not any(c.strip() for c in records[nxt]):
        nxt += 1
    if nxt < len(records):
        filled = [c for c in records[start] if c.strip()]
        if len(filled) == 1 and len([c for c in records[nxt] if c.strip()]) >= 3:
            notes.append(
                Problem(
                    "data.problem.title_skipped",
                    params=dict(title=filled[0][:40]),
                    file=file,
                    row=start + 1,
                    severity="warning",
                    code="title_skipped",
                )
            )
            start = nxt
    if start < len(records):
        records[start] = [csv_uncell(c) for c in records[start]]
    table = _from_grid(records[start:], numbers[start:], file, strict_width=True)
    table.notes[:0] = notes
    return _unescaped(table)


def _unescaped(table: RawTable) -> RawTable:
    """``table`` (a CSV file's, its headers already undone) with the apostrophe YouthMap's
    CSV writers put before text starting with ``= + - @``, a tab or a CR taken off again
    (:func:`geo.core.cells.csv_uncell`): ``'=1+2`` reads as ``=1+2``, ``'abc`` as it is.
    Only cells starting with the apostrophe are looked at (in most files none)."""
    frame = table.frame
    for name in frame.columns:
        values = frame[name]
        marked = values.str.startswith(CSV_ESCAPE).to_numpy(dtype=bool, na_value=False)
        if marked.any():
            values = values.copy()
            values[marked] = [csv_uncell(v) for v in values[marked]]
            frame[name] = values
    return table


def _read_xlsx(raw: bytes, file: str, sheet: str | None) -> RawTable:
    """Read a sheet through :mod:`geo.intake._xlsx` (checked, streaming, bounded by the data), then
    find its header line: blank and title lines on top, two-level merged headers."""
    text, numbers, merged_across = _xlsx.grid(_xlsx.read_sheet(raw, file, sheet), file)
    width = len(text[0]) if text else 0
    notes: list[Problem] = []
    # header: the first line with at least two distinct filled cells (skips blank and merged
    # title lines), within the first HEADER_SCAN_ROWS rows of the sheet
    start = 0
    while start < len(text) and numbers[start] <= HEADER_SCAN_ROWS:
        distinct = {c for c in text[start] if c}
        if len(distinct) >= 2 or (width == 1 and distinct):
            break
        if distinct:
            notes.append(
                Problem(
                    "data.problem.title_skipped",
                    params={"title": next(iter(distinct))[:40]},
                    file=file,
                    row=numbers[start],
                    severity="warning",
                    code="title_skipped",
                )
            )
        start += 1
    if start >= len(text) or numbers[start] > HEADER_SCAN_ROWS:
        raise InputError([Problem("data.problem.no_header", file=file, code="empty")])
    header_row = numbers[start]
    header_rows = 1
    # two-level header: merged group cells on the header line with sub-headers right below
    group_cols = [c for c in range(width) if (header_row, c) in merged_across]
    if group_cols and start + 1 < len(text) and numbers[start + 1] == header_row + 1:
        below = [text[start + 1][c] for c in group_cols]
        if all(b and not _looks_numeric(b) for b in below) and len(set(below)) == len(below):
            header_rows = 2
            notes.append(
                Problem(
                    "data.problem.two_level_header",
                    file=file,
                    row=header_row,
                    severity="warning",
                    code="merged_header",
                )
            )
    if header_rows == 1 and group_cols:
        raise InputError(
            [
                Problem(
                    "data.problem.merged_header",
                    file=file,
                    row=header_row,
                    code="merged_header",
                )
            ]
        )
    table = _from_grid(text[start:], numbers[start:], file, header_rows=header_rows)
    table.notes[:0] = notes
    return table


def _skip_totals(table: RawTable) -> RawTable:
    """``table`` without its sum lines (:data:`TOTAL_WORDS`), each named in a warning.

    Government lists often end with a 合计 line, or hold a 小计 line under each district.
    """
    frame = table.frame
    if not len(frame) or not len(frame.columns):
        return table
    first = frame.iloc[:, 0].to_numpy(dtype=object, copy=True)
    blank = np.flatnonzero(first == "")  # usually none: only these rows are looked along
    if len(blank):
        cells = frame.iloc[blank].to_numpy(dtype=object)
        first[blank] = cells[np.arange(len(blank)), (cells != "").argmax(axis=1)]
    first_cells = pd.Series(first, dtype=object).astype(str)
    # only a short cell that starts as a sum word starts can be one (ids and names rarely do)
    starts = "".join(sorted({w[0] for w in TOTAL_WORDS}))
    maybe = (first_cells.str.len() <= 16) & first_cells.str.match(rf"\s*[{starts}]", case=False)
    words = first_cells[maybe.to_numpy()].str.replace(r"\s+", "", regex=True)
    is_total = words.str.lower().str.rstrip(":：").isin(TOTAL_WORDS).to_numpy()
    total = np.zeros(len(frame), dtype=bool)
    total[maybe.to_numpy()] = is_total
    if not total.any():
        return table
    notes = [
        Problem(
            "data.problem.total_skipped",
            params={"cell": str(word)[:40]},
            file=table.file,
            row=int(row),
            severity="warning",
            code="total_skipped",
        )
        for word, row in zip(words[is_total], table.rows[total], strict=True)
    ]
    return replace(
        table,
        frame=frame.loc[~total].reset_index(drop=True),
        rows=table.rows[~total],
        notes=[*table.notes, *notes],
    )


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _read_vector(raw: bytes, file: str, ext: str, layer_name: str | None) -> RawTable:
    """Read geodata with its one GDAL driver (:mod:`geo.intake._vector`); point coordinates go to
    ``lonlat``, other geometries to their representative points (with a warning)."""
    gdf, notes = _vector.read(raw, file, ext, layer_name)
    if not isinstance(gdf, gpd.GeoDataFrame):  # an attribute-only GeoPackage table
        gdf = gpd.GeoDataFrame(gdf, geometry=gpd.GeoSeries([None] * len(gdf), index=gdf.index))
    if gdf.crs is not None and gdf.crs.is_projected:
        gdf = gdf.to_crs("EPSG:4326")
    geom = gdf.geometry if "geometry" in gdf else gpd.GeoSeries([None] * len(gdf))
    lonlat = np.full((len(gdf), 2), np.nan)
    if len(gdf):
        present = ~(geom.isna() | geom.is_empty)
        points = present & (geom.geom_type == "Point")
        others = present & ~points
        lonlat[points.to_numpy(), 0] = geom[points].x.to_numpy()
        lonlat[points.to_numpy(), 1] = geom[points].y.to_numpy()
        if others.any():
            rep = geom[others].representative_point()
            lonlat[others.to_numpy(), 0] = rep.x.to_numpy()
            lonlat[others.to_numpy(), 1] = rep.y.to_numpy()
            notes.append(
                Problem(
                    "data.problem.not_points",
                    params={"n": int(others.sum())},
                    file=file,
                    severity="warning",
                    code="not_points",
                )
            )
    attrs = pd.DataFrame(gdf.drop(columns="geometry", errors="ignore"))
    headers, dup = _unique_headers([_clean_header(c) for c in attrs.columns], file, 1)
    notes.extend(dup)
    frame = pd.DataFrame(
        {h: _xlsx.cell_texts(attrs.iloc[:, i]) for i, h in enumerate(headers)},
        index=pd.RangeIndex(len(attrs)),
    )
    rows = np.arange(2, len(frame) + 2, dtype=np.int64)
    return RawTable(frame, rows, file, lonlat, notes, 1)


def _extension(label: str) -> str:
    ext = Path(label).suffix.lower()
    if ext in READ_EXTENSIONS:
        return ext
    if ext == ".xls":
        raise InputError([Problem("data.problem.xls", file=label, code="file_type")])
    raise InputError(
        [
            Problem(
                "data.problem.file_type",
                params=dict(ext=ext or "?", types=" ".join(READ_EXTENSIONS)),
                file=label,
                code="file_type",
            )
        ]
    )


_LAST_DEFENCE: tuple[type[BaseException], ...] = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    OverflowError,
    MemoryError,
    RecursionError,
    UnicodeError,
    OSError,
    EOFError,
    zlib.error,
    zipfile.BadZipFile,
)
"""What a damaged file can still raise inside a reader; reported, never a traceback."""


def _unreadable(exc: BaseException, label: str) -> InputError:
    detail = type(exc).__name__
    problem = Problem(
        "data.problem.unreadable", file=label, code="malformed", params={"detail": detail}
    )
    return InputError([problem])


def read_table(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    sheet: str | None = None,
    layer_name: str | None = None,
) -> RawTable:
    """Read any supported file into text cells, remembering each row's Excel number.

    Each extension is read by one reader only: CSV and XLSX by YouthMap's own, GeoJSON,
    GeoPackage and zipped Shapefile by GDAL with the one driver the extension names (see
    :mod:`geo.intake._vector`); a GDAL VRT description or a ``/vsi…`` path is refused whatever its
    name. Archives and workbooks are checked against size and ratio limits before anything
    is unpacked or parsed (:mod:`geo.intake._archive`, :mod:`geo.intake._xlsx`).

    Parameters
    ----------
    source
        A path, or the file's bytes (then ``name`` gives its file name and extension).
    name
        File name shown in problems; required with bytes.
    sheet
        XLSX sheet name (default: the first sheet).
    layer_name
        Layer of a GeoPackage or zip that holds several (see :func:`list_layers`); without
        it such a file is refused with the layers listed, unless exactly one has geometry.

    Returns
    -------
    RawTable

    Raises
    ------
    InputError
        When the file cannot be read as a table, whatever its content, or holds no data
        rows under its header.
    """
    raw, label = _source_bytes(source, name)
    ext = _extension(label)
    try:
        _vector.refuse_vrt(raw, label)
        if ext in TEXT_EXTENSIONS:
            table = _skip_totals(_read_csv(raw, label))
        elif ext in EXCEL_EXTENSIONS:
            table = _skip_totals(_read_xlsx(raw, label, sheet))
        elif ext == ".shp":
            raise InputError([Problem("data.problem.bare_shp", file=label, code="file_type")])
        else:
            table = _read_vector(raw, label, ext, layer_name)
    except InputError:
        raise
    except _LAST_DEFENCE as exc:  # last line of defence: never a traceback for a bad file
        raise _unreadable(exc, label) from None
    if not len(table.frame):
        raise InputError(
            [Problem("data.problem.no_rows", file=label, row=table.header_row, code="empty")]
        )
    return table


def list_layers(source: str | Path | bytes, *, name: str | None = None) -> list[str]:
    """Names of the layers a GeoPackage or a zip holds, to choose one for :func:`read_table`.

    Parameters
    ----------
    source
        A path, or the file's bytes (then ``name`` gives its file name and extension).
    name
        File name shown in problems; required with bytes.

    Returns
    -------
    list of str
        Layer names in file order: a GeoPackage's tables (attribute-only ones included), a
        zip's Shapefiles, GeoJSON and GeoPackage files (by path without extension);
        ``[]`` for CSV, XLSX and GeoJSON, which hold one table.

    Raises
    ------
    InputError
        When the file cannot be listed (damaged, hostile, over a limit).
    """
    raw, label = _source_bytes(source, name)
    ext = _extension(label)
    try:
        return _vector.layers(raw, label, ext)
    except InputError:
        raise
    except _LAST_DEFENCE as exc:
        raise _unreadable(exc, label) from None


# ---------------------------------------------------------------------------- importing


def import_layer(
    source: str | Path | bytes,
    layer: str,
    crs: str = "wgs84",
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    *,
    name: str | None = None,
    layer_name: str | None = None,
    fix_swapped: bool = False,
    counties: gpd.GeoDataFrame | None = None,
):
    """Read, map, convert and validate a layer file; report every problem.

    Parameters
    ----------
    source
        Path or bytes of a CSV, XLSX, GeoJSON, GeoPackage or zipped Shapefile.
    layer
        One of :data:`geo.core.layers.LAYER_NAMES`.
    crs
        System of the file's coordinates: ``"wgs84"``, ``"gcj02"`` or ``"bd09"``.
    mapping
        Explicit ``{file column: layer column}`` header mapping (wins over synonyms).
    sheet
        XLSX sheet name.
    name
        File name for problems (required with bytes).
    layer_name
        Layer of a GeoPackage or zip holding several (see :func:`read_table`).
    fix_swapped
        Swap longitude and latitude on rows detected as swapped (they become warnings).
    counties
        County polygons (default: the embedded boundaries).

    Returns
    -------
    geo.intake.validate.ImportResult
        Every row converted, the problems, and which rows are valid.

    Raises
    ------
    InputError
        When the file cannot be read or mapped at all (unknown layer, unreadable file,
        missing required columns).
    """
    from geo.intake import validate

    if layer not in SCHEMAS:
        raise InputError(
            [
                Problem(
                    "data.problem.layer",
                    params=dict(layer=layer, layers=", ".join(SCHEMAS)),
                    code="layer",
                )
            ]
        )
    table = read_table(source, name=name, sheet=sheet, layer_name=layer_name)
    return validate.validate_table(
        table,
        layer,
        crs=crs,
        mapping=mapping,
        fix_swapped=fix_swapped,
        counties=counties,
    )


def read_layer(
    path: str | Path,
    layer: str,
    crs: str = "wgs84",
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    layer_name: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a layer file into a validated WGS-84 GeoDataFrame (strict: any error raises).

    Parameters
    ----------
    path
        CSV (UTF-8 or GBK), XLSX, GeoJSON, GeoPackage or zipped Shapefile.
    layer
        One of :data:`geo.core.layers.LAYER_NAMES`.
    crs
        Coordinate system of the file's coordinates: ``"wgs84"``, ``"gcj02"`` or ``"bd09"``.
    mapping
        Explicit ``{file column: YouthMap column}`` renames, applied before synonyms.
    sheet
        XLSX sheet name (default: the first sheet).
    layer_name
        Layer of a GeoPackage or zip holding several (see :func:`read_table`).

    Returns
    -------
    geopandas.GeoDataFrame
        The layer's columns (see :data:`geo.core.layers.SCHEMAS`) with ``id`` as string and
        ``lon``/``lat`` in WGS-84; warnings are not raised.

    Raises
    ------
    InputError
        With one problem per bad file, row or column.
    """
    return import_layer(
        path, layer, crs=crs, mapping=mapping, sheet=sheet, layer_name=layer_name
    ).accept()


def write_table(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    sheet: str | None = None,
    formats: Mapping[str, str] | None = None,
) -> Path:
    """Write a result by the output's extension.

    Parameters
    ----------
    frame
        A DataFrame or GeoDataFrame. Point rows without geometry get one from ``lon``/``lat``
        for GeoJSON and GeoPackage.
    path
        ``.csv`` (UTF-8 with BOM, opens in Excel), ``.xlsx``, ``.geojson`` or ``.gpkg``.
        Spreadsheet outputs keep text as text (:mod:`geo.core.cells`): no cell becomes a
        formula.
    sheet
        Name of an XLSX output's sheet (default: the file's name, never "Sheet1").
    formats
        Column → Excel number format of an XLSX output's numbers (e.g. ``"0.0%"``); the
        cells keep their values.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    InputError
        An unsupported extension, or the file cannot be written (code ``cannot_write``: a
        folder that cannot be made, a full disk, no permission).
    """
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in WRITE_EXTENSIONS:
        raise InputError.single(
            "io.problem.output_type",
            file=path.name,
            code="file_type",
            ext=ext or "?",
            types=" ".join(WRITE_EXTENSIONS),
        )
    try:
        _write_by_extension(frame, path, ext, sheet, formats)
    except OSError as exc:  # a folder that cannot be made, a full disk, no permission
        with contextlib.suppress(OSError):  # no partly written file is left behind
            if path.is_file() or path.is_symlink():
                path.unlink()
        raise InputError.single(
            "io.problem.cannot_write",
            file=path.name,
            path=str(path),
            code="cannot_write",
            reason=os_reason(exc),
        ) from exc
    return path


def _write_by_extension(
    frame: pd.DataFrame,
    path: Path,
    ext: str,
    sheet: str | None = None,
    formats: Mapping[str, str] | None = None,
) -> None:
    from geo.core import cells  # text cells as text: no formula reaches a spreadsheet
    from geo.core.cells import sheet_name
    from geo.core.layers import to_geodataframe

    path.parent.mkdir(parents=True, exist_ok=True)
    if ext in (".geojson", ".gpkg"):
        gdf = _booleans_typed(
            frame if isinstance(frame, gpd.GeoDataFrame) else to_geodataframe(frame)
        )
        if path.exists():
            path.unlink()
        gdf.to_file(path, driver="GeoJSON" if ext == ".geojson" else "GPKG", engine="pyogrio")
        return
    plain = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    if ext == ".csv":
        cells.write_csv(plain, path)
    else:  # built in memory: a full disk fails the one write below, not openpyxl's zip
        buffer = _stdio.BytesIO()
        with cells.excel_writer(buffer) as xl:
            # the sheet takes the file's name ("coverage", "社区覆盖"), never "Sheet1"
            cells.write_sheet(
                xl,
                plain,
                sheet_name(sheet or path.stem),
                number_formats=[(formats or {}).get(str(c)) for c in plain.columns],
            )
        path.write_bytes(buffer.getvalue())


def _booleans_typed(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``gdf`` with each object column of only ``True``/``False`` and missing values as a
    nullable boolean column: OGR writes an object column as text, and the pairs' ``same_city``
    (object, to serialise as JSON with its unknowns) reached GeoJSON and GeoPackage as the
    strings ``"True"`` and ``"False"``."""
    flags = [
        c
        for c in gdf.columns
        if c != gdf.geometry.name
        and gdf[c].dtype == object
        and gdf[c].notna().any()
        and all(isinstance(v, bool | np.bool_) for v in gdf[c].dropna())
    ]
    if not flags:
        return gdf
    out = gdf.copy()
    for c in flags:
        out[c] = out[c].astype("boolean")
    return out


def table_bytes(frame: pd.DataFrame, ext: str) -> bytes:
    """A result written by extension (see :func:`write_table`) and returned as bytes, for downloads.

    Parameters
    ----------
    frame
        A DataFrame or GeoDataFrame.
    ext
        ``".csv"``, ``".xlsx"``, ``".geojson"`` or ``".gpkg"``.

    Returns
    -------
    bytes
        The file's content.
    """
    with tempfile.TemporaryDirectory(prefix="youthmap-") as workdir:
        return write_table(frame, Path(workdir) / f"layer{ext}").read_bytes()
