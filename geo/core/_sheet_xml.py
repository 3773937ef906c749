"""The rows of a write-only openpyxl sheet written as XML text, a column at a time.

openpyxl's write-only sheet makes a cell object of every value and writes it through
lxml's incremental writer element by element: about 12 µs a cell, 11.7 s of CPU for the
presentation page's 中部 region workbook (800,000 cells). :class:`SheetRows` writes the
``<row>`` and ``<c>`` elements openpyxl writes for plain values (text, ``int``, finite
``float``, ``bool``, empty) as text itself, byte for byte as openpyxl's writer serialises
them (ASCII, other characters as references; tests/unit/test_export_xlsx.py compares the
sheets), each column's cells formatted in one pass and each row joined once. A row holding
any other value (a date, a ``Decimal``, an empty text, a number given two styles) goes
through openpyxl's own cell writer (the workbook's styles are then the same, but may be
numbered in another order). openpyxl writes the rest of the sheet (dimension, panes,
widths, filter) around an empty ``sheetData``, which the rows then fill. The presentation
page's 中部 workbook took 2.1 s of CPU this way (benchmarks/present_xlsx.py).

This reaches into openpyxl's write-only sheet (``_writer.out``, ``_values_to_row``,
``openpyxl.cell._writer.write_cell``): written against openpyxl 3.1 (``pyproject.toml``
bounds it).
"""

from __future__ import annotations

import io
import math
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import IO, Any, cast

from openpyxl.cell._writer import write_cell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import xmlfile

CHUNK_ROWS: int = 2_000
"""Rows formatted and joined at once (a few MB of text for a wide table)."""

TEXTS_KEPT: int = 20_000
"""Most distinct texts of a column whose cells are kept for their next rows."""

TEXT_MAX_CHARS: int = 32_767
"""Excel's limit on a cell's text; openpyxl cuts longer text to it."""

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters an XLSX file cannot hold: C0 controls but tab, newline and carriage return
(openpyxl refuses them), U+FFFE and U+FFFF (which openpyxl writes as references no
spreadsheet reads back). Dropped from text."""

_ROW = "\x00"
"""Stands for the row number in a cell's text until its row is joined (a cell's text never
holds it: C0 controls are dropped, as XML cannot hold them)."""

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
"""Character data as libxml2 writes it (a carriage return as a reference)."""

_EMPTY_DATA = (b"<sheetData></sheetData>", b"<sheetData/>")

Fallback = Callable[[Sequence[Any]], Sequence[Any]]
"""A row's values → what ``WriteOnlyWorksheet.append`` takes for them (values and cells)."""


def _is_number(value: Any) -> bool:
    """Whether ``value`` is written as a plain number cell (a finite ``int`` or ``float``)."""
    kind = type(value)
    return kind is int or (kind is float and math.isfinite(value))


class SheetRows:
    """The ``sheetData`` of a write-only openpyxl sheet, written a block of rows at a time.

    Parameters
    ----------
    sheet
        A sheet of a write-only workbook, set up (widths, frozen panes, filter, dimension)
        and with no row appended. Used as a context manager: its end completes the sheet
        (openpyxl writes it around the rows; saving the workbook stores it as any
        write-only sheet). The rows wait in a temporary file meanwhile.
    """

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet
        self._rows: IO[bytes] = io.BytesIO()  # a file on disk from __enter__
        self._style_ids: dict[int, str] = {}
        self._row = 0

    def _style(self, style: StyleArray | None) -> str:
        """A cell's ``s`` attribute for ``style``, as openpyxl writes it: the style's id in
        the workbook, nothing for an unstyled cell. :meth:`_register` has registered it."""
        if style is None:
            return ""
        key = id(style)
        if key not in self._style_ids:
            styled = any(style)
            sid = self._sheet.parent._cell_styles.add(style) if styled else None
            self._style_ids[key] = f' s="{sid}"' if styled else ""
        return self._style_ids[key]

    def _register(
        self,
        columns: Sequence[Sequence[Any]],
        style: StyleArray | None,
        number_styles: Sequence[StyleArray | None],
    ) -> None:
        """Give the workbook the styles these rows use in the order openpyxl's writer meets
        them, row by row (their ids are their order), and no style they do not use."""
        first: list[tuple[int, int, StyleArray]] = []
        for j, values in enumerate(columns):
            numbers = number_styles[j]
            if numbers is not None and style is None:
                i = next((i for i, v in enumerate(values) if _is_number(v)), None)
                if i is not None:
                    first.append((i, j, numbers))
            elif style is not None:
                i = next((i for i, v in enumerate(values) if v is not None), None)
                if i is not None:
                    first.append((i, j, style))
        for _, _, used in sorted(first, key=lambda use: use[:2]):
            self._style(used)

    def _cells(
        self,
        j: int,
        values: Sequence[Any],
        style: StyleArray | None,
        numbers: StyleArray | None,
        texts: dict[str, str],
    ) -> list[str | None]:
        """Column ``j``'s cells as XML text (the row number left as :data:`_ROW`): ``""``
        for no cell, ``None`` for a value only openpyxl's cell writer takes. ``texts``
        keeps the column's text cells already made: a column repeats its names (province,
        county, 是/否)."""
        coord = f'<c r="{get_column_letter(j + 1)}{_ROW}"'
        row_s = num_s = None  # looked up when first used: an unused style is not added
        out: list[str | None] = []
        for value in values:
            kind = type(value)
            if value is None:
                out.append("")
            elif kind is str:
                cell = texts.get(value)
                if cell is None:  # as cells.xml_text, then openpyxl, take it
                    text = NOT_XML.sub("", value)[:TEXT_MAX_CHARS]
                    if text:  # an empty text is an empty text cell: openpyxl's writer
                        row_s = self._style(style) if row_s is None else row_s
                        space = ' xml:space="preserve"' if text != text.strip() else ""
                        body = f"<is><t{space}>{text.translate(_ESCAPES)}</t></is>"
                        cell = f'{coord}{row_s} t="inlineStr">{body}</c>'
                        if len(texts) < TEXTS_KEPT:
                            texts[value] = cell
                out.append(cell)
            elif kind is float or kind is int:
                if (kind is float and not math.isfinite(value)) or (
                    numbers is not None and style is not None
                ):
                    out.append(None)
                else:
                    if num_s is None:
                        num_s = self._style(numbers if numbers is not None else style)
                    out.append(f'{coord}{num_s} t="n"><v>{value:.16g}</v></c>')
            elif kind is bool:
                row_s = self._style(style) if row_s is None else row_s
                out.append(f'{coord}{row_s} t="b"><v>{int(value)}</v></c>')
            else:
                out.append(None)
        return out

    def add(
        self,
        columns: Sequence[Sequence[Any]],
        fallback: Fallback,
        style: StyleArray | None = None,
        number_styles: Sequence[StyleArray | None] = (),
    ) -> None:
        """Write rows given column by column.

        Parameters
        ----------
        columns
            The rows' values by column, from the first: ``None`` (no cell), ``str``
            (characters XML cannot hold are dropped, as :func:`geo.core.cells.xml_text`
            does), numbers, booleans, or anything
            ``fallback`` turns into cells.
        fallback
            For a row holding another value: the row's values → the values and cells
            openpyxl writes for it.
        style
            The style of every cell of these rows (a header, a wrapped note), or ``None``.
        number_styles
            By column, the style of that column's numbers (not booleans): a number format.
        """
        styles = [*number_styles, *[None] * len(columns)]
        self._register(columns, style, styles)
        known: list[dict[str, str]] = [{} for _ in columns]
        n_rows = len(columns[0]) if columns else 0
        for start in range(0, n_rows, CHUNK_ROWS):
            part = [values[start : start + CHUNK_ROWS] for values in columns]
            texts = [
                self._cells(j, values, style, styles[j], known[j]) for j, values in enumerate(part)
            ]
            block: list[str] = []
            for i, cells in enumerate(zip(*texts, strict=True)):
                self._row += 1
                if None in cells:
                    self._write(block)
                    self._rows.write(self._openpyxl_row([c[i] for c in part], fallback))
                else:
                    row = "".join(cast("tuple[str, ...]", cells)).replace(_ROW, str(self._row))
                    block.append(f'<row r="{self._row}">{row}</row>')
            self._write(block)

    def _write(self, block: list[str]) -> None:
        """Write rows joined as text, in ASCII with references for other characters (as
        openpyxl's writer does)."""
        if block:
            self._rows.write("".join(block).encode("ascii", "xmlcharrefreplace"))
            block.clear()

    def _openpyxl_row(self, values: Sequence[Any], fallback: Fallback) -> bytes:
        """The current row as openpyxl's own writer serialises it."""
        buffer = io.BytesIO()
        with xmlfile(buffer) as xf, xf.element("row", {"r": f"{self._row}"}):
            for cell in self._sheet._values_to_row(fallback(values), self._row):
                write_cell(xf, self._sheet, cell, cell.has_style)
        return buffer.getvalue()

    def __enter__(self) -> SheetRows:
        self._stack = ExitStack()
        self._rows = self._stack.enter_context(tempfile.TemporaryFile())
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        """Finish the sheet (unless the rows failed) and remove the rows' file."""
        with self._stack:
            if kind is None:
                self._finish()

    def _finish(self) -> None:
        """Finish the sheet: openpyxl writes it with no rows, then the rows go in place of
        its empty ``sheetData``."""
        self._sheet.close()
        path = self._sheet._writer.out
        with open(path, "rb") as src:
            sheet = src.read()
        at, empty = next((sheet.find(e), e) for e in _EMPTY_DATA if e in sheet)
        with open(path, "wb") as out:
            out.write(sheet[:at] + b"<sheetData>")
            self._rows.seek(0)
            shutil.copyfileobj(self._rows, out)
            out.write(b"</sheetData>" + sheet[at + len(empty) :])
