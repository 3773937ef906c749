"""The download checks' XLSX reader (:func:`tests._downloads.xlsx_sheets`, lxml on the
file's XML) gives what openpyxl gives: sheet names in order, headers, every cell's text and
booleans in its column, on the app's own workbooks and on one written cell by cell with the
kinds of cell a workbook can hold (shared and inline strings, rich text, booleans, formulas,
errors, gaps)."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from geo.export import xlsx as xxlsx
from tests._downloads import xlsx_sheets


def _openpyxl(data: bytes) -> list[tuple[str, list[list[object]]]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in book.worksheets]


def _kind(value: object) -> object:
    """Text and booleans as they are; numbers and dates only as "not text" (what the checks see)."""
    if isinstance(value, str | bool) or value is None:
        return value
    assert isinstance(value, int | float | dt.datetime | dt.date | dt.time), type(value)
    return "<number>"


def _same_as_openpyxl(data: bytes) -> None:
    ours = xlsx_sheets(data)
    theirs = _openpyxl(data)
    assert [s.name for s in ours] == [name for name, _ in theirs]
    for sheet, (_, rows) in zip(ours, theirs, strict=True):
        head = [str(h) if h is not None else "" for h in (rows[0] if rows else [])]
        assert sheet.headers == head
        width = max((len(r) for r in rows), default=0)
        padded = [[_kind(v) for v in r] + [None] * (width - len(r)) for r in rows[1:]]
        assert [[_kind(v) for v in r] for r in sheet.rows] == padded


def test_the_apps_workbooks_read_the_same_as_with_openpyxl() -> None:
    frame = pd.DataFrame(
        {
            "名称": ["天河社区", "=1+1", "@SUM(A1)", "#N/A", "", None],
            "region": ["west", "东部", "x\ny", "1,234", "TRUE", "Sheet1"],
            "n": [1, 2, -3, 4, 5, 6],
            "share": [0.5, np.nan, 1e308, -0.0, 2.25, 1e-9],
            "flag": [True, False, True, False, True, False],
            "when": pd.to_datetime(["2021-03-01"] * 6),
        }
    )
    data = xxlsx.tables_to_xlsx(
        {"社区": frame, "Second": frame.iloc[:2], "空": frame.iloc[:0]},
        lang=None,
        notes={"说明": "第一行\n第二行"},
    )
    assert isinstance(data, bytes)
    _same_as_openpyxl(data)


def test_every_kind_of_cell_reads_the_same_as_with_openpyxl() -> None:
    book = Workbook()
    ws = book.active
    ws.title = "表一"
    ws.append(["id", None, "区域", 985])
    ws["A2"] = "shared"
    ws["C2"] = True
    ws["D2"] = False
    ws["B3"] = "=SUM(1,2)"
    ws["E3"] = 3.5
    ws["A4"] = CellRichText("富", TextBlock(InlineFont(b=True), "文本"))
    ws["F6"] = "far"
    ws["A7"] = dt.datetime(2021, 3, 1, 12, 30)
    ws["B7"] = "#DIV/0!"
    ws["C7"] = "#DIV/0!"
    ws["C7"].data_type = "e"
    ws["D7"] = "inline"
    ws["D7"].data_type = "inlineStr"
    other = book.create_sheet("Sheet2")
    other["B2"] = "no header row"
    book.create_sheet("empty")
    buffer = io.BytesIO()
    book.save(buffer)
    _same_as_openpyxl(buffer.getvalue())
