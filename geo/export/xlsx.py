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
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from geo.core import cells
from geo.core.cells import sheet_name
from geo.core.layers import SCHEMAS

COLUMN_WIDTH_MIN_CHARS: int = 6
COLUMN_WIDTH_MAX_CHARS: int = 60
"""Bounds of a column's width, in Excel character units."""

WIDTH_SAMPLE_ROWS: int = 500
"""Rows looked at when sizing a column (the header always counts)."""

_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


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


def _prepare(frame: pd.DataFrame, headers: Mapping[str, str] | None) -> pd.DataFrame:
    """A sheet's table: a named index as its first column, no geometry, datetimes without
    a time zone and nullable booleans as plain values (openpyxl writes neither)."""
    out = pd.DataFrame(frame).copy()
    if out.index.name is not None:  # a status board by region: the index is a column
        out = out.reset_index()
    geom = [c for c in out.columns if str(out[c].dtype) == "geometry" or c == "geometry"]
    out = out.drop(columns=geom)
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
        elif str(out[col].dtype) == "boolean":
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    if headers:
        out = out.rename(columns={c: headers[c] for c in out.columns if c in headers})
    out.columns = [str(c) for c in out.columns]
    return out


def tables_to_xlsx(
    tables: Mapping[str, pd.DataFrame],
    target: str | Path | io.BytesIO | None = None,
    *,
    lang: str | None = "zh",
    headers: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
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
    with cells.excel_writer(buf) as xl:
        for wanted, frame in tables.items():
            name = sheet_name(wanted, taken)
            data = _prepare(frame, names)
            cells.write_sheet(xl, data, name)
            sheet = xl.sheets[name]
            sheet.freeze_panes = "A2"
            if len(data.columns):
                sheet.auto_filter.ref = sheet.dimensions
            for j, col in enumerate(data.columns, start=1):
                cell = sheet.cell(row=1, column=j)
                cell.font = Font(bold=True)
                cell.fill = _HEADER_FILL
                cell.alignment = Alignment(vertical="center")
                sample = data[col].head(WIDTH_SAMPLE_ROWS).astype(str).map(text_width)
                width = max([text_width(col), *sample.tolist()]) + 2
                width = min(max(width, COLUMN_WIDTH_MIN_CHARS), COLUMN_WIDTH_MAX_CHARS)
                sheet.column_dimensions[get_column_letter(j)].width = width
        for wanted, text in (notes or {}).items():
            name = sheet_name(wanted, taken)
            cells.write_sheet(xl, pd.DataFrame({name: [text]}), name)
            sheet = xl.sheets[name]
            sheet.column_dimensions["A"].width = COLUMN_WIDTH_MAX_CHARS * 2
            sheet.cell(row=2, column=1).alignment = Alignment(wrap_text=True)
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
