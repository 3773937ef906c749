"""Spreadsheet cells that stay data: no text a spreadsheet would run as a formula.

Names, notes and reasons come from users' files and forms, and a value such as
``=HYPERLINK("http://…")`` or ``@SUM(A1)`` becomes a live formula when a workbook or a CSV
file is opened in Excel or LibreOffice ("CSV injection"). Every table YouthMap writes goes
through this module:

- **XLSX** (:func:`excel_writer`, :func:`write_sheet`, :func:`text_cells`): text is written
  as a text cell (openpyxl's explicit ``s`` type, stored as an inline string), never as a
  formula (``f``, which openpyxl infers for any text starting with ``=``) or an error value
  (``e``, for ``#N/A`` and the like). Characters XML cannot hold (C0 controls such as NUL)
  are dropped from text, where openpyxl would otherwise refuse the whole workbook.
- **CSV** (:func:`csv_safe`, :func:`csv_bytes`, :func:`write_csv`): a text value beginning
  with ``= + - @``, a tab or a carriage return gets a leading apostrophe, as OWASP
  recommends, so spreadsheets show it as text; text fields are quoted, so a separator
  inside one cannot start a new cell either.

Numbers stay numbers in both: only text is touched (a negative number in a numeric column is
written as a number, ``-5`` in a CSV, a numeric cell in a workbook).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.workbook.workbook import Workbook

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
    """``value`` without the characters an XLSX file cannot hold (C0 controls but tab,
    newline and carriage return); anything that is not text is returned as is."""
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (not copied when nothing needs changing) with :func:`xml_text` applied to
    its text cells, column names and index."""
    out = frame
    for col in _text_columns(frame):
        values = frame[col]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        bad = values.map(lambda v: isinstance(v, str) and bool(ILLEGAL_CHARACTERS_RE.search(v)))
        if bad.any():
            out = out.copy() if out is frame else out
            out[col] = values.map(xml_text)
    if any(isinstance(c, str) and ILLEGAL_CHARACTERS_RE.search(c) for c in frame.columns):
        out = out.copy() if out is frame else out
        out.columns = [xml_text(c) for c in out.columns]
    if frame.index.dtype == object and frame.index.map(xml_text).tolist() != list(frame.index):
        out = out.copy() if out is frame else out
        out.index = out.index.map(xml_text)
    return out


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


def write_sheet(
    writer: pd.ExcelWriter, frame: pd.DataFrame, sheet_name: str, *, index: bool = False
) -> None:
    """``frame.to_excel(writer, sheet_name, index=index)`` with text XLSX can hold
    (:func:`xlsx_frame`); the cells become text when the writer is closed by
    :func:`excel_writer`."""
    xlsx_frame(frame).to_excel(writer, sheet_name=sheet_name, index=index)


@contextmanager
def excel_writer(target: str | Path | io.BytesIO) -> Iterator[pd.ExcelWriter]:
    """A pandas ``ExcelWriter`` (openpyxl) whose workbook has :func:`text_cells` applied
    before it is saved: write sheets with :func:`write_sheet` inside the ``with`` block."""
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        yield writer
        text_cells(writer.book)


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
