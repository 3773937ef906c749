"""Spreadsheet cells that stay data: no text a spreadsheet would run as a formula.

Names, notes and reasons come from users' files and forms, and a value such as
``=HYPERLINK("http://…")`` or ``@SUM(A1)`` becomes a live formula when a workbook or a CSV
file is opened in Excel or LibreOffice ("CSV injection"). Every table YouthMap writes goes
through this module:

- **XLSX** (:func:`excel_writer` and :func:`write_sheet` for tables, :func:`workbook_bytes`
  for forms built cell by cell): text is written as a text cell (openpyxl's explicit ``s``
  type), never as a formula (``f``, which openpyxl infers for any text starting with ``=``)
  or an error value (``e``, for ``#N/A`` and the like). Characters XML cannot hold (C0 controls such as NUL,
  U+FFFE and U+FFFF) are dropped from text, where openpyxl would otherwise
  refuse the whole workbook or write one no spreadsheet opens.
- **CSV** (:func:`csv_safe`, :func:`csv_bytes`, :func:`write_csv`): a text value beginning
  with ``= + - @``, a tab or a carriage return gets a leading apostrophe, as OWASP
  recommends, so spreadsheets show it as text; text fields are quoted, so a separator
  inside one cannot start a new cell either. YouthMap's CSV reader takes that apostrophe
  off again (:func:`csv_uncell`), so a name written and read back is the name it was.

Numbers stay numbers in both: only text is touched (a negative number in a numeric column is
written as a number, ``-5`` in a CSV, a numeric cell in a workbook).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from geo.core._sheet_xml import NOT_XML, SheetRows

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet read a CSV field as a formula (OWASP)."""

CSV_ESCAPE = "'"
"""Put before such a field: spreadsheets show what follows as text."""


# --------------------------------------------------------------------------- CSV


def csv_cell(value: Any) -> Any:
    """``value`` as it may stand in a CSV field: text starting with one of
    :data:`FORMULA_PREFIXES` gets a leading apostrophe; anything else is returned as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return CSV_ESCAPE + value
    return value


def csv_uncell(value: Any) -> Any:
    """``value`` as it was before :func:`csv_cell`: the inverse, used by YouthMap's CSV reader
    (:func:`geo.intake.io.read_table`) on every text cell and header of a CSV file.

    Parameters
    ----------
    value
        A cell or header as read from a CSV file.

    Returns
    -------
    Any
        Text that is :data:`CSV_ESCAPE` followed by one of :data:`FORMULA_PREFIXES` without
        that apostrophe (``'=1+2`` gives ``=1+2``); anything else as is, an apostrophe before
        other text included (``'s-Hertogenbosch`` stays so, as csv_cell never wrote it).
        Text that itself began with the apostrophe and a formula lead (``'=1``, written
        unchanged) reads back without it: the one value that does not round-trip.

    Examples
    --------
    >>> csv_uncell("'@cmd"), csv_uncell("'abc"), csv_uncell(csv_cell("-3+4"))
    ('@cmd', "'abc", '-3+4')
    """
    if isinstance(value, str) and value.startswith(CSV_ESCAPE):
        rest = value[len(CSV_ESCAPE) :]
        if rest.startswith(FORMULA_PREFIXES):
            return rest
    return value


def _text_columns(frame: pd.DataFrame) -> list[Any]:
    return [
        c
        for c in frame.columns
        if frame[c].dtype == object
        or isinstance(frame[c].dtype, pd.StringDtype | pd.CategoricalDtype)
    ]


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and headers are safe in a CSV file.

    Parameters
    ----------
    frame
        Any table; a ``geometry`` column is dropped (a CSV keeps ``lon``/``lat``).

    Returns
    -------
    pandas.DataFrame
        Text values and column names passed through :func:`csv_cell`; numeric, boolean and
        date columns unchanged.
    """
    out = pd.DataFrame(frame.drop(columns="geometry", errors="ignore")).copy()
    for col in _text_columns(out):
        values = out[col]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        out[col] = values.map(csv_cell)
    out.columns = [csv_cell(str(c)) for c in out.columns]
    if out.index.name is not None:
        out.index = out.index.map(csv_cell)
        out.index.name = csv_cell(str(out.index.name))
    return out


def csv_bytes(frame: pd.DataFrame, *, index: bool = False) -> bytes:
    """``frame`` as a CSV file's bytes (UTF-8 with BOM, so Excel reads Chinese), made safe
    by :func:`csv_safe`, text fields quoted."""
    text = csv_safe(frame).to_csv(index=index, quoting=csv.QUOTE_NONNUMERIC)
    return text.encode("utf-8-sig")


def write_csv(frame: pd.DataFrame, path: str | Path, *, index: bool = False) -> Path:
    """Write :func:`csv_bytes` of ``frame`` to ``path`` and return the path."""
    path = Path(path)
    path.write_bytes(csv_bytes(frame, index=index))
    return path


# --------------------------------------------------------------------------- XLSX


def xml_text(value: Any) -> Any:
    """``value`` without the characters an XLSX file cannot hold (:data:`NOT_XML`: C0
    controls but tab, newline and carriage return, U+FFFE, U+FFFF);
    anything that is not text is returned as is."""
    if isinstance(value, str) and NOT_XML.search(value):
        return NOT_XML.sub("", value)
    return value


def text_cells(book: Workbook) -> int:
    """Make every text cell of ``book`` a text cell: openpyxl types text starting with ``=``
    as a formula and ``#N/A`` and the like as error values; both become plain text.

    Parameters
    ----------
    book
        An openpyxl workbook being written (not a read-only one).

    Returns
    -------
    int
        How many cells were changed.
    """
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type in ("f", "e") and isinstance(cell.value, str):
                    cell.data_type = "s"
                    changed += 1
    return changed


def workbook_bytes(book: Workbook) -> bytes:
    """``book`` saved as XLSX bytes after :func:`text_cells`."""
    text_cells(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def decimals_needed(values: Iterable[Any], most: int = 3) -> int:
    """The fewest decimals (0 to ``most``) that write every non-integer number of ``values``
    as it reads rounded to ``most``: a share rounded to 0.1 % takes one (94.2), a score
    three, a count none (text and missing values aside)."""
    floats = np.array(
        [float(v) for v in values if isinstance(v, float | np.floating) and np.isfinite(v)]
    )
    for d in range(most):
        if np.all(np.abs(np.round(floats, d) - np.round(floats, most)) < 1e-9):
            return d
    return most


HEADER_FILL: str = "DDE7F0"
"""Background of a table's header row (bold, frozen)."""


def _column_values(values: pd.Series) -> list[Any]:
    """A column as the values its cells take: missing values ``None`` (an empty cell),
    infinities as the text ``inf``/``-inf`` (as pandas writes them), datetimes without a
    time zone (Excel has none), numpy scalars as Python ones."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    if pd.api.types.is_float_dtype(values.dtype) and not isinstance(values.dtype, pd.ArrowDtype):
        array = values.to_numpy(dtype=float, na_value=np.nan)
        out: list[Any] = array.tolist()
        if not np.isfinite(array).all():
            out = [
                None if v != v else (("inf" if v > 0 else "-inf") if v in (_INF, -_INF) else v)
                for v in out
            ]
        return out
    plain = pd.api.types.is_bool_dtype(values.dtype) or pd.api.types.is_integer_dtype(values.dtype)
    if plain and not values.hasnans:
        return values.tolist()
    return [_cell_value(v) for v in values.astype(object).tolist()]


_INF = float("inf")


def _cell_value(value: Any) -> Any:
    """One value of a mixed (object, text, category) column as its cell takes it."""
    if value is None or isinstance(value, str):
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        if value != value:
            return None
        if value in (_INF, -_INF):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, bool | int | dt.date | dt.time | Decimal):
        return value
    return str(value)


def _text_cell(sheet: Any, value: str, style: dict[str, Any] | None = None) -> WriteOnlyCell:
    """``value`` as a text cell of a write-only ``sheet`` (openpyxl would make text starting
    with ``=`` a formula and ``#N/A`` an error value)."""
    cell = WriteOnlyCell(sheet, value=None)
    cell.value = value
    cell.data_type = "s"
    for name, attr in (style or {}).items():
        setattr(cell, name, attr)
    return cell


def _row_cells(sheet: Any, values: Iterable[Any], style: dict[str, Any] | None) -> list[Any]:
    """A row for ``sheet.append``: text made XML-safe and kept text; styled cells when a
    ``style`` is given (header, wrapped note)."""
    out: list[Any] = []
    for value in values:
        if isinstance(value, str):
            value = xml_text(value)
            if style or (value.startswith("=") and len(value) > 1) or value in ERROR_CODES:
                value = _text_cell(sheet, value, style)
        elif style and value is not None:
            cell = value if isinstance(value, WriteOnlyCell) else WriteOnlyCell(sheet, value=value)
            for name, attr in style.items():
                setattr(cell, name, attr)
            value = cell
        out.append(value)
    return out


def write_sheet(
    book: Workbook,
    frame: pd.DataFrame,
    sheet_name: str,
    *,
    widths: Sequence[float | None] = (),
    freeze_header: bool = False,
    autofilter: bool = False,
    wrap: bool = False,
    number_formats: Sequence[str | None] = (),
) -> None:
    """Write ``frame`` (its columns, not its index) as a sheet of ``book``, a workbook from
    :func:`excel_writer`: a bold header row, then one row per record. Text stays text
    (never a formula or an error value), missing values are empty cells.

    Parameters
    ----------
    book
        The workbook being written (write-only: sheets are written in order, once).
    frame
        The table; column names become the header (as text). A ``geometry`` column is
        written as text, so drop it first.
    sheet_name
        A valid sheet name (:func:`sheet_name`).
    widths
        Column widths in Excel character units, from the first column (``None``: Excel's
        default).
    freeze_header
        Keep the header row in view when scrolling.
    autofilter
        Put filter buttons on the header.
    wrap
        Wrap the text of the body cells (a note sheet's long lines).
    number_formats
        Excel number formats of the body's numbers, by column from the first (``"0.0"``:
        one decimal in every row, 76.0 beside 94.2, where the stored 76.0 otherwise shows
        as 76; ``None``: Excel's general format).
    """
    sheet = book.create_sheet(sheet_name)
    for j, width in enumerate(widths, start=1):
        if width is not None:
            sheet.column_dimensions[get_column_letter(j)].width = width
    if freeze_header:
        sheet.freeze_panes = "A2"
    n_rows, n_cols = frame.shape
    size = f"A1:{get_column_letter(max(n_cols, 1))}{n_rows + 1}"
    # the sheet's <dimension>: openpyxl writes it when the sheet can say its size, which a
    # write-only sheet cannot by itself (readers such as openpyxl's read-only mode use it)
    sheet.calculate_dimension = lambda: size
    if autofilter and n_cols:
        sheet.auto_filter.ref = size
    header = {
        "font": Font(bold=True),
        "fill": PatternFill("solid", fgColor=HEADER_FILL),
        "alignment": Alignment(vertical="center"),
    }
    body = {"alignment": Alignment(wrap_text=True)} if wrap else None
    columns = [_column_values(frame.iloc[:, j]) for j in range(n_cols)]
    number_styles: list[Any] = [None] * n_cols
    for j, fmt in enumerate(number_formats):
        if fmt is not None and j < n_cols:
            template = WriteOnlyCell(sheet, value=None)
            template.number_format = fmt
            number_styles[j] = template._style
    # the rows as XML text, a block at a time (geo.core._sheet_xml): openpyxl's cell by cell
    # writer took 11.7 s of CPU for the presentation page's 中部 workbook (800,000 cells)
    if not n_cols:  # the header row alone, empty
        sheet.append([])
        return
    with SheetRows(sheet) as rows:
        rows.add(
            [[str(c)] for c in frame.columns],
            lambda values: _row_cells(sheet, values, header),
            _style_array(sheet, header),
        )
        rows.add(
            columns,
            lambda values: _row_cells(sheet, _styled_numbers(sheet, values, number_styles), body),
            _style_array(sheet, body),
            number_styles,
        )


def _style_array(sheet: Any, style: dict[str, Any] | None) -> Any:
    """The style array of a cell of ``sheet`` given ``style`` (font, fill, alignment), as
    :func:`_row_cells` sets it cell by cell; ``None`` without a style."""
    if style is None:
        return None
    cell = WriteOnlyCell(sheet, value=None)
    for name, attr in style.items():
        setattr(cell, name, attr)
    return cell._style


def _styled_numbers(sheet: Any, values: Sequence[Any], styles: Sequence[Any]) -> list[Any]:
    """One row's ``values``, each number of a column with a style (a number format) as a
    cell of that style (text, empty cells and booleans stay as they are)."""
    return [
        Cell(sheet, row=1, column=1, value=v, style_array=style)
        if style is not None and isinstance(v, int | float | Decimal) and not isinstance(v, bool)
        else v
        for v, style in zip(values, styles, strict=True)
    ]


@contextmanager
def excel_writer(target: str | Path | io.BytesIO) -> Iterator[Workbook]:
    """A write-only openpyxl workbook saved to ``target`` when the ``with`` block ends:
    write its sheets with :func:`write_sheet` inside the block, in order.

    Streamed (openpyxl's write-only mode, the rows written as XML text a block at a time),
    without pandas' cell-by-cell formatting and a second pass to type the text: a region's
    660,000-cell workbook in an eighth of the CPU time of ``DataFrame.to_excel``
    (benchmarks/README.md)."""
    book = Workbook(write_only=True)
    yield book
    book.save(target)


# --------------------------------------------------------------------------- sheets

SHEET_NAME_MAX_CHARS: int = 31
"""Excel's limit on a sheet name."""

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: object, taken: set[str] | None = None) -> str:
    """A valid, unique Excel sheet name made from ``name``.

    Parameters
    ----------
    name
        Wanted name (any text).
    taken
        Names already used in the workbook (compared case-insensitively); the new name is
        added to it.

    Returns
    -------
    str
        ``name`` without ``[]:*?/\\``, cut to 31 characters, suffixed ``(2)``, ``(3)`` …
        when already taken; ``"Sheet"`` when nothing is left.
    """
    taken = taken if taken is not None else set()
    base = _BAD_SHEET_CHARS.sub("_", str(name)).strip("' ") or "Sheet"
    base = base[:SHEET_NAME_MAX_CHARS]
    candidate, i = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f"({i})"
        candidate = base[: SHEET_NAME_MAX_CHARS - len(suffix)] + suffix
        i += 1
    taken.add(candidate)
    return candidate
