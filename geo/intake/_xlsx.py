"""Workbooks from users: checked before parsing, read streaming, bounded by their data.

An XLSX file is a zip of XML parts, and both layers can be turned against a reader: a
5 KB file with one cell at ``XFD1048576`` made a full-grid reader build 17 billion cells,
and an 820 KB file holding an 800 MB XML comment kept the runtime's expat (2.5.0, whose
cost grows with the square of a single token's length: a 16 MB comment took 15 s, 32 MB
58 s) busy for more than ten minutes. So, in order:

1. The archive's directory is checked (:func:`geo.intake._archive.check_members`): member count,
   each part's unpacked size (:data:`MAX_PART_BYTES`), the total, and the compression ratio.
2. Every XML part is streamed once through :func:`scan_part` before any parser sees it:
   no DOCTYPE/entity declaration, comment or processing instruction (beyond the leading
   XML declaration) — Excel, WPS, LibreOffice and openpyxl write none — and no run of
   :data:`MAX_RUN_BYTES` without a ``<``: a tag cannot hold a ``<``, so that bounds every
   tag, the only token left whose cost is quadratic, while the longest text Excel allows
   in a cell (32,767 characters, at most 160 KiB as escaped UTF-8) still fits. The same
   pass counts cells, merged ranges and shared strings against :data:`MAX_CELLS`.
   This costs about one decompression of the workbook.
3. openpyxl opens the workbook in read-only mode (it parses with ``defusedxml`` when that
   is installed, as it is here), and the sheet is read with openpyxl's own streaming sheet
   parser, which yields only the cells present in the file; empty cells are dropped, and a
   value beyond :data:`MAX_COLUMNS` stops the read with the cell named. Merged ranges are
   applied to the rows that hold data only, never to the grid they span.
"""

from __future__ import annotations

import bisect
import io as _stdio
import re
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

import numpy as np
import pandas as pd

from geo import i18n
from geo.core.errors import InputError, Problem
from geo.intake import _archive

MAX_PART_BYTES = 512 * 1024 * 1024
"""Largest unpacked workbook part (512 MiB; the national community list's sheet is 116 MB)."""
MAX_COLUMNS = 1_000
"""Rightmost column that may hold data (Excel allows 16,384)."""
MAX_CELLS = 8_000_000
"""Most cells, filled cells, merged-cell fills or shared strings in a sheet (the national
community list as a 20-column sheet has 2.2 million)."""
MAX_MERGED = 100_000
"""Most merged ranges in a sheet."""
MAX_TEXT_CHARS = 100_000_000
"""Most characters a sheet's cells may hold in all, merged fills included (the national
community list as a 20-column sheet holds about 22 million). A shared string is stored once
and may be referenced by every cell: a 345 KB workbook whose 20,000 cells all pointed to one
32,000-character string made 640 million characters, and the reader ran out of memory."""
BLOCK_BYTES = 256 * 1024
"""An aligned block of an XML part this long with no ``<`` in it is refused, so no run
without ``<`` (no tag) longer than twice this reaches the parser."""
MAX_RUN_BYTES = 2 * BLOCK_BYTES
"""Longest run without ``<`` that can reach the parser (512 KiB)."""
_SCANNED_SUFFIXES = (".xml", ".rels")
_OVERLAP = 16
_COUNTED = {b"c": "cells", b"mergeCell": "merged", b"si": "strings"}
_TAGS = (re.compile(rb"<(c|si|mergeCell)[\s>/]"), re.compile(rb":(c|si|mergeCell)[\s>/]"))
"""Start tags counted by :func:`scan_part`, bare or with a namespace prefix, whatever XML
allows after the name (a space, a tab, a line end, ``>`` or ``/>``): counted as ``<si>``
only, 18.5 million shared strings written ``<si\n>`` went past the limit and took 3 GB to
read. Two passes, each starting at one character: 0.6 s over a 105 MB sheet, a single
pattern with an optional prefix 2.7 s."""


def cell_text(value: object) -> str:
    """A cell value as the text a user sees (integers without ``.0``; dates in ISO form).

    An empty cell is ``""``, and so is a null GDAL reads from a GeoJSON or GeoPackage field
    (NaN in a number or text column, NaT in a date column): it read as the text ``nan``, a
    community with no name was named "nan" and an empty population was not a number.
    """
    if value is None or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        if np.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def cell_texts(values: pd.Series) -> np.ndarray:
    """:func:`cell_text` of every cell of a column, stripped, as an object array.

    A column of whole numbers, floats, yes/no or text is read at once (a GeoJSON of 110,000
    features and 15 fields took three seconds cell by cell); any other column (dates, mixed
    values) cell by cell.

    Parameters
    ----------
    values
        One column of a table read by GDAL.

    Returns
    -------
    numpy.ndarray
        The text of each cell, as :func:`cell_text` writes it, without surrounding spaces.
    """
    dtype = values.dtype
    if not len(values):  # a GeoPackage layer with fields and no feature
        return np.empty(0, dtype=object)
    if not isinstance(dtype, np.dtype | pd.StringDtype):
        return values.map(cell_text).str.strip().to_numpy(dtype=object)
    # numbers and yes/no are written without spaces: only text is stripped
    if dtype == np.dtype(bool):
        return np.where(values.to_numpy(), "是", "否").astype(object)
    if dtype.kind in "iu":
        return values.to_numpy().astype(str).astype(object)
    if dtype.kind == "f":
        number = values.to_numpy(dtype=np.float64)
        # numpy writes each float in the shortest form that reads back, as Python's repr
        texts = number.astype(str).astype(object)
        whole = np.isfinite(number) & (np.abs(number) < 1e15)
        whole[whole] = number[whole] == np.trunc(number[whole])
        texts[whole] = number[whole].astype(np.int64).astype(str)
        texts[np.isnan(number)] = ""
        return texts
    if isinstance(dtype, pd.StringDtype):
        texts = values.to_numpy(dtype=object)
        missing = values.isna().to_numpy()
        texts[missing] = [cell_text(x) for x in texts[missing]]
    else:
        return values.map(cell_text).str.strip().to_numpy(dtype=object)
    return pd.Series(texts, dtype=object).str.strip().to_numpy(dtype=object)


def _text_limit(file: str) -> InputError:
    return _refuse("data.problem.sheet_text", file, code="too_large", limit=f"{MAX_TEXT_CHARS:,}")


def _refuse(
    key: str,
    file: str,
    *,
    code: str = "unsafe",
    row: int | None = None,
    **values: object,
) -> InputError:
    return InputError([Problem(key, file=file, row=row, code=code, params=values)])


def scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> dict[str, int]:
    """Stream one XML part and refuse what no spreadsheet program writes; count its elements.

    Returns
    -------
    dict
        ``cells`` (``<c`` elements), ``merged`` (``<mergeCell`` elements) and ``strings``
        (``<si`` elements), their start tags counted on the raw bytes (:data:`_COUNTED`).
    """
    part = info.filename[:120]
    counts = {"cells": 0, "merged": 0, "strings": 0}
    tail = b""
    offset = 0  # stream position of the window's first byte
    for chunk in _archive.stream(zf, info, file):
        for start in range(0, len(chunk) - BLOCK_BYTES + 1, BLOCK_BYTES):
            if chunk.find(b"<", start, start + BLOCK_BYTES) < 0:
                raise _refuse("data.problem.xml_run", file, part=part, kb=MAX_RUN_BYTES // 1024)
        window = tail + chunk
        for tags in _TAGS:  # a tag cut by the chunk's end is counted with the next one
            found = Counter(tags.findall(window))
            found.subtract(tags.findall(tail))
            for name, n in found.items():
                counts[_COUNTED[name]] += n
        _forbidden(window, offset, file, part, final=False)
        new_tail = window[-_OVERLAP:]
        offset += len(window) - len(new_tail)
        tail = new_tail
    _forbidden(tail, offset, file, part, final=True)
    return counts


def _forbidden(window: bytes, offset: int, file: str, part: str, final: bool) -> None:
    """Refuse declarations, comments and processing instructions found in ``window``."""
    limit = len(window) if final else len(window) - 10  # a match cut at the end comes back
    pos = window.find(b"<!")
    while 0 <= pos < limit:
        if not window.startswith(b"<![CDATA[", pos):
            what = (
                "<!--"
                if window.startswith(b"<!--", pos)
                else window[pos : pos + 9].decode("ascii", "replace")
            )
            raise _refuse("data.problem.xml_construct", file, part=part, what=what)
        pos = window.find(b"<!", pos + 2)
    pos = window.find(b"<?")
    while 0 <= pos < limit:
        if not (offset + pos <= 3 and window.startswith(b"<?xml", pos)):  # the declaration
            raise _refuse("data.problem.xml_construct", file, part=part, what="<?")
        pos = window.find(b"<?", pos + 2)


def check_workbook(zf: zipfile.ZipFile, file: str) -> None:
    """Archive limits and :func:`scan_part` on every XML part, before any parsing."""
    members = _archive.check_members(zf, file, nested=False, max_member=MAX_PART_BYTES)
    for info in members:
        name = info.filename.lower()
        if not name.endswith(_SCANNED_SUFFIXES) or name.startswith("customxml/"):
            continue  # binary parts and custom XML are never parsed by openpyxl
        counts = scan_part(zf, info, file)
        if max(counts["cells"], counts["strings"]) > MAX_CELLS:
            raise _refuse(
                "data.problem.sheet_cells", file, code="too_large", limit=f"{MAX_CELLS:,}"
            )
        if counts["merged"] > MAX_MERGED:
            raise _refuse(
                "data.problem.sheet_merged",
                file,
                code="too_large",
                n=f"{counts['merged']:,}",
                limit=f"{MAX_MERGED:,}",
            )


@dataclass
class Sheet:
    """The filled cells of one sheet, as text.

    Attributes
    ----------
    cells
        Excel row number → {column number → stripped text}; only non-empty cells.
    merged
        Merged ranges as ``(min_col, min_row, max_col, max_row)``.
    width
        Rightmost column holding text (0 for an empty sheet).
    chars
        Characters of the filled cells in all.
    """

    cells: dict[int, dict[int, str]] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    width: int = 0
    chars: int = 0


def read_sheet(raw: bytes, file: str, sheet: str | None) -> Sheet:
    """Read the filled cells of a sheet (default the first), checked and bounded.

    The sheet's declared dimension (``<dimension ref="A1:XFD1048576"/>``) is not trusted
    either way: reading is bounded by the cells actually present, and refused when a filled
    cell lies beyond :data:`MAX_COLUMNS` or more than :data:`MAX_CELLS` cells are filled. A
    stray empty or blank cell far away, which some programs leave behind, costs nothing.

    Raises
    ------
    InputError
        For a damaged or hostile workbook, a missing sheet, data beyond
        :data:`MAX_COLUMNS`, or more than :data:`MAX_CELLS` filled cells.
    """
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    zf = _archive.open_zip(raw, file, bad_key="data.problem.bad_excel")
    check_workbook(zf, file)
    try:
        with warnings.catch_warnings():  # openpyxl's notes on odd styles or extensions
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(_stdio.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged files
        raise _refuse("data.problem.bad_excel", file, code="malformed") from None
    try:
        if sheet and sheet not in book.sheetnames:
            raise _refuse(
                "data.problem.no_sheet",
                file,
                code="sheet",
                sheet=sheet,
                sheets=i18n.listing(book.sheetnames),
            )
        ws = book[sheet] if sheet else book.worksheets[0]
        # openpyxl's own streaming parser, as ReadOnlyWorksheet._cells_by_row drives it, but
        # without padding every row to the sheet's declared width and height
        with zf.open(ws._worksheet_path) as source, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parser = WorkSheetParser(
                source,
                ws._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            return _cells(parser, file)
    except InputError:
        raise
    except Exception:  # damaged XML, a bad shared-string index, corrupt deflate data …
        raise _refuse("data.problem.bad_excel", file, code="malformed") from None
    finally:
        book.close()


def _cells(parser, file: str) -> Sheet:  # noqa: ANN001 - openpyxl WorkSheetParser
    """Collect the filled cells the parser yields, refusing far or too many cells."""
    from openpyxl.utils import get_column_letter, range_boundaries

    out = Sheet()
    filled = 0
    for _, row in parser.parse():
        for cell in row:
            text = cell_text(cell["value"]).strip()
            if not text:
                continue
            out.chars += len(text)
            if out.chars > MAX_TEXT_CHARS:
                raise _text_limit(file)
            r, c = cell["row"], cell["column"]
            if c > MAX_COLUMNS:
                raise _refuse(
                    "data.problem.sheet_far_cell",
                    file,
                    code="too_large",
                    row=r,
                    cell=f"{get_column_letter(min(c, 18_278))}{r}",
                    col=f"{c:,}",
                    limit=f"{MAX_COLUMNS:,}",
                )
            out.cells.setdefault(r, {})[c] = text
            out.width = max(out.width, c)
            filled += 1
            if filled > MAX_CELLS:
                raise _refuse(
                    "data.problem.sheet_cells", file, code="too_large", limit=f"{MAX_CELLS:,}"
                )
    for merged in getattr(parser.merged_cells, "mergeCell", None) or ():
        try:
            c0, r0, c1, r1 = range_boundaries(str(merged.ref))
        except (TypeError, ValueError):
            continue  # a damaged range merges nothing
        out.merged.append((c0 or 1, r0 or 1, c1 or 16_384, r1 or 1_048_576))  # "A:A", "1:1"
    return out


def grid(sheet: Sheet, file: str) -> tuple[list[list[str]], list[int], set[tuple[int, int]]]:
    """The sheet's rows that hold data as text lists of equal width, merged ranges filled.

    Returns
    -------
    rows
        One list of ``sheet.width`` strings per row holding data, top to bottom.
    numbers
        The Excel row number of each.
    merged_across
        ``(Excel row, column index)`` of cells inside a range merged across columns (the
        header reader uses them to find two-level headers).
    """
    numbers = sorted(sheet.cells)
    width = sheet.width
    if len(numbers) * width > 2 * MAX_CELLS:
        raise _refuse(
            "data.problem.sheet_area",
            file,
            code="too_large",
            rows=f"{len(numbers):,}",
            cols=f"{width:,}",
        )
    cells = {r: dict(sheet.cells[r]) for r in numbers}
    merged_across: set[tuple[int, int]] = set()
    work, chars = 0, sheet.chars
    for c0, r0, c1, r1 in sheet.merged:
        value = sheet.cells.get(r0, {}).get(c0)
        rows = numbers[bisect.bisect_left(numbers, r0) : bisect.bisect_right(numbers, r1)]
        cols = range(c0, min(c1, width) + 1)
        work += len(rows) * len(cols)
        if work > MAX_CELLS:
            raise _refuse(
                "data.problem.sheet_cells", file, code="too_large", limit=f"{MAX_CELLS:,}"
            )
        chars += len(value or "") * len(rows) * len(cols)  # a merge repeats its value
        if chars > MAX_TEXT_CHARS:
            raise _text_limit(file)
        for r in rows:
            for c in cols:
                if value is None:
                    cells[r].pop(c, None)  # Excel keeps only the top-left value of a merge
                else:
                    cells[r][c] = value
                if c1 > c0:
                    merged_across.add((r, c - 1))
    text = []
    for r in numbers:
        line = [""] * width
        for c, value in cells[r].items():
            line[c - 1] = value
        text.append(line)
    return text, numbers, merged_across
