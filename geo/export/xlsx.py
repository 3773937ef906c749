"""XLSX workbooks of several tables: one sheet per table, readable headers, sized columns.

Every page's "download Excel" button goes through :func:`tables_to_xlsx`: sheet names are
made valid for Excel (31 characters, no ``[]:*?/\\``, unique), geometry columns are dropped
(``lon``/``lat`` stay), layer columns get their display header in the chosen language,
the header row is bold and frozen with an autofilter, and column widths follow the text
(Chinese characters count double). Text is written as text (:mod:`geo.core.cells`): a
name starting with ``=`` stays a name, never a formula.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from geo.core import cells
from geo.core.cells import sheet_name
from geo.core.layers import SCHEMAS

COLUMN_WIDTH_MIN_CHARS: int = 6
COLUMN_WIDTH_MAX_CHARS: int = 60
"""Bounds of a column's width, in Excel character units."""

WIDTH_SAMPLE_ROWS: int = 500
"""Rows looked at when sizing a column (the header always counts)."""

FORMAT_MAX_ROWS: int = 20_000
"""Most rows of a table whose numbers :func:`write_table` formats. A formatted number is a
styled cell, which openpyxl's write-only sheets take through a slower path: 110,000 rows
of four number columns took about 1.5 times as long (benchmarks/README.md). A longer table
(every candidate nationally) is data to work on, and keeps Excel's general format."""


def display_headers(lang: str = "zh") -> dict[str, str]:
    """Layer column name → display header in ``lang`` (from :data:`geo.core.layers.SCHEMAS`)."""
    out: dict[str, str] = {}
    for schema in SCHEMAS.values():
        for col in schema:
            out.setdefault(col.name, col.zh if lang == "zh" else col.en)
    return out


def text_width(text: object) -> int:
    """Width of ``text`` in Excel character units (wide East Asian characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def column_width(values: pd.Series, header: str) -> int:
    """Width of a column in Excel character units: its widest text among the header and the
    first :data:`WIDTH_SAMPLE_ROWS` values, plus 2, within the bounds above."""
    sample = values.head(WIDTH_SAMPLE_ROWS).astype(str).map(text_width)
    width = max([text_width(header), *sample.tolist()]) + 2
    return min(max(width, COLUMN_WIDTH_MIN_CHARS), COLUMN_WIDTH_MAX_CHARS)


def _prepare(frame: pd.DataFrame, headers: Mapping[str, str] | None) -> pd.DataFrame:
    """A sheet's table: a named index as its first column, no geometry, display headers."""
    out = pd.DataFrame(frame)
    if out.index.name is not None:  # a status board by region: the index is a column
        out = out.reset_index()
    geom = [c for c in out.columns if str(out[c].dtype) == "geometry" or c == "geometry"]
    out = out.drop(columns=geom)  # a new frame: the caller's is not renamed below
    if headers:
        out = out.rename(columns={c: headers[c] for c in out.columns if c in headers})
    out.columns = [str(c) for c in out.columns]
    return out


def number_format(places: int, thousands: bool = False) -> str:
    """Excel's number format for ``places`` decimals: ``"0"``, ``"0.0"``, ``"0.00"`` …;
    with ``thousands``, grouped: ``"#,##0"``, ``"#,##0.00"`` …"""
    whole = "#,##0" if thousands else "0"
    return whole if places <= 0 else f"{whole}.{'0' * places}"


PERCENT_COLUMNS: tuple[str, ...] = ("coverage_rate", "youth_rate")
"""Shares (0–1) a spreadsheet shows as percentages, as the pages do: 73.5% where Excel's
general format showed the stored 0.735294117647059 under 社区覆盖率."""
PERCENT_FORMAT = "0.0%"


def percent_formats(columns: Sequence[object], shown: Sequence[object]) -> dict[str, str]:
    """``{header: "0.0%"}`` for the :data:`PERCENT_COLUMNS` of a table whose machine
    ``columns`` are headed ``shown`` (the same order: before and after
    :func:`geo.export.labels.localize`, which drops a ``geometry`` column)."""
    machine, headed = ([c for c in cs if c != "geometry"] for cs in (columns, shown))
    return {
        str(h): PERCENT_FORMAT for c, h in zip(machine, headed, strict=True) if c in PERCENT_COLUMNS
    }


def write_table(
    book: Workbook,
    frame: pd.DataFrame,
    name: str,
    formats: Mapping[str, str] | None = None,
) -> None:
    """Write ``frame`` as a table sheet of ``book`` (:func:`geo.core.cells.excel_writer`):
    header bold and frozen, filter buttons, columns as wide as their text.

    Parameters
    ----------
    book
        The workbook being written.
    frame
        The table as the reader sees it (its column names are the headers).
    name
        A valid sheet name (:func:`geo.core.cells.sheet_name`).
    formats
        Header → the Excel number format of that column's numbers (:func:`number_format`:
        a share to 0.1 point reads 76.0 beside 94.2, where Excel's general format shows the
        stored 76.0 as 76). The cells keep their full values. Not applied to a table of
        more than :data:`FORMAT_MAX_ROWS` rows.
    """
    given = formats if formats and len(frame) <= FORMAT_MAX_ROWS else {}
    cells.write_sheet(
        book,
        frame,
        name,
        widths=[column_width(frame.iloc[:, j], str(c)) for j, c in enumerate(frame.columns)],
        freeze_header=True,
        autofilter=True,
        number_formats=[given.get(c) if isinstance(c, str) else None for c in frame.columns],
    )


def tables_to_xlsx(
    tables: Mapping[str, pd.DataFrame],
    target: str | Path | io.BytesIO | None = None,
    *,
    lang: str | None = "zh",
    headers: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
    formats: Mapping[str, Mapping[str, str]] | None = None,
) -> bytes | Path | io.BytesIO:
    """Write several tables to one workbook, one sheet each.

    Parameters
    ----------
    tables
        Sheet name → table (DataFrame or GeoDataFrame), written in order.
    target
        A path (``.xlsx``), a binary buffer, or ``None`` to return the bytes.
    lang
        Language of the display headers given to layer columns (``"zh"`` or ``"en"``);
        ``None`` keeps column names as they are.
    headers
        Column → header overrides applied after the layer headers (e.g. page-specific
        result columns from a catalogue).
    notes
        Optional sheet name → a note written as one text line on its own sheet (e.g. the
        simulated-data note).
    formats
        Sheet name (as given in ``tables``) → header (as written) → the Excel number format
        of that column (:func:`write_table`).

    Returns
    -------
    bytes, pathlib.Path or io.BytesIO
        The workbook's bytes when ``target`` is ``None``, else ``target``.

    Raises
    ------
    ValueError
        If ``tables`` is empty.
    """
    if not tables and not notes:
        raise ValueError("tables_to_xlsx needs at least one table")
    names = {**(display_headers(lang) if lang else {}), **(headers or {})}
    buf = io.BytesIO()
    taken: set[str] = set()
    with cells.excel_writer(buf) as book:
        for wanted, frame in tables.items():
            given = (formats or {}).get(wanted)
            write_table(book, _prepare(frame, names), sheet_name(wanted, taken), given)
        for wanted, text in (notes or {}).items():
            name = sheet_name(wanted, taken)
            note = pd.DataFrame({name: [text]})
            cells.write_sheet(book, note, name, widths=[COLUMN_WIDTH_MAX_CHARS * 2], wrap=True)
    data = buf.getvalue()
    if target is None:
        return data
    if isinstance(target, io.BytesIO):
        target.write(data)
        return target
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
