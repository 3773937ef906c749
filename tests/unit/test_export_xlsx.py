"""XLSX workbooks: Chinese headers, sheet names, frozen header, column widths, round trip."""

from __future__ import annotations

import datetime as dt
import io

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest

from geo.core.cells import sheet_name
from geo.export.xlsx import tables_to_xlsx, text_width


@pytest.fixture
def communities() -> gpd.GeoDataFrame:
    frame = pd.DataFrame(
        {
            "id": ["C1", "C2"],
            "name": ["天河区石牌街道华师社区居委会", "Shipai"],
            "lon": [113.35, 113.36],
            "lat": [23.14, 23.15],
            "youth": [1200, 800],
            "score": [0.81, 0.55],
        }
    )
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame.lon, frame.lat), crs="EPSG:4326"
    )


def test_workbook_reads_back_with_chinese_headers_and_values(tmp_path, communities) -> None:
    path = tables_to_xlsx(
        {"入选社区": communities}, tmp_path / "out.xlsx", headers={"score": "得分"}
    )
    back = pd.read_excel(path, sheet_name="入选社区", dtype={"编号": str})
    assert "geometry" not in back.columns
    assert list(back.columns[:2]) == ["编号", "社区名称"]
    assert "得分" in back.columns
    assert back["社区名称"].tolist() == communities["name"].tolist()
    assert back["得分"].tolist() == [0.81, 0.55]


def test_english_headers_when_asked(communities) -> None:
    data = tables_to_xlsx({"Chosen": communities}, lang="en")
    back = pd.read_excel(io.BytesIO(data))
    assert list(back.columns[:2]) == ["ID", "Community"]


def test_header_is_frozen_bold_and_filtered_and_widths_follow_chinese_text(communities) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(tables_to_xlsx({"表": communities})))
    ws = wb["表"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == ws.dimensions
    assert ws["A1"].font.bold
    width_name = ws.column_dimensions["B"].width
    assert width_name == text_width("天河区石牌街道华师社区居委会") + 2  # 14 wide chars -> 30
    assert ws.column_dimensions["C"].width < width_name


def test_several_tables_get_valid_unique_sheet_names(communities) -> None:
    data = tables_to_xlsx(
        {"覆盖/缺口[2024]": communities, "覆盖/缺口[2024] ": communities.head(1)},
        notes={"说明": "社区为模拟数据"},
    )
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["覆盖_缺口_2024_", "覆盖_缺口_2024_(2)", "说明"]
    assert wb["说明"]["A2"].value == "社区为模拟数据"


def test_sheet_names_are_cut_to_excels_limit() -> None:
    taken: set[str] = set()
    first = sheet_name("省" * 40, taken)
    second = sheet_name("省" * 40, taken)
    assert len(first) == 31 and len(second) == 31 and first != second


def test_writes_into_a_buffer_for_download_buttons(communities) -> None:
    buf = io.BytesIO()
    tables_to_xlsx({"a": communities}, buf)
    assert buf.getvalue()[:2] == b"PK"


def test_no_tables_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        tables_to_xlsx({})


def test_every_kind_of_value_gets_the_cell_a_user_expects() -> None:
    """What geo.core.cells.write_sheet makes of each kind of column (it replaced pandas'
    to_excel): missing values are empty cells, infinities the text pandas wrote, time-zoned
    times plain, text that looks like a formula or an error value stays text."""
    frame = pd.DataFrame(
        {
            "text": ["=SUM(A1)", "#N/A", None],
            "float": [0.5, float("nan"), float("-inf")],
            "int": pd.array([3, None, -4], dtype="Int64"),
            "flag": pd.array([True, None, False], dtype="boolean"),
            "kind": pd.Categorical(["east", "west", None]),
            "when": pd.to_datetime(["2026-03-01 08:00", None, "2026-03-02 00:00"]).tz_localize(
                "Asia/Shanghai"
            ),
            "arrow": pd.array(["甲", None, "丙"], dtype="string[pyarrow]"),
        }
    )
    book = openpyxl.load_workbook(io.BytesIO(tables_to_xlsx({"表": frame}, lang=None)))
    rows = [[(c.value, c.data_type) for c in row] for row in book["表"].iter_rows(min_row=2)]
    assert rows[0] == [
        ("=SUM(A1)", "s"),
        (0.5, "n"),
        (3, "n"),
        (True, "b"),
        ("east", "s"),
        (dt.datetime(2026, 3, 1, 8, 0), "d"),
        ("甲", "s"),
    ]
    assert [v for v, _ in rows[1]] == ["#N/A", None, None, None, "west", None, None]
    assert rows[1][0][1] == "s"
    assert [v for v, _ in rows[2]] == [None, "-inf", -4, False, None, dt.datetime(2026, 3, 2), "丙"]
    streamed = openpyxl.load_workbook(io.BytesIO(tables_to_xlsx({"表": frame})), read_only=True)
    assert (streamed["表"].max_row, streamed["表"].max_column) == (4, 7)  # its <dimension>


def test_number_formats_apply_to_their_columns_and_spare_the_rest(monkeypatch) -> None:
    """A format named for a column is on each of its numbers (text and empty cells left
    alone, values kept whole), and on no other column, even the one after it (openpyxl's
    write-only rows reuse one cell object); a table past FORMAT_MAX_ROWS keeps the
    general format."""
    from geo.export import xlsx

    frame = pd.DataFrame(
        {"share": [76.0, 94.25, None], "note": ["甲", "=1+1", "丙"], "n": [1.5, 2.0, 3.0]}
    )

    def formats(data: bytes) -> dict[str, list[str]]:
        ws = openpyxl.load_workbook(io.BytesIO(data))["t"]
        return {
            c.value: [r[j].number_format for r in ws.iter_rows(min_row=2)]
            for j, c in enumerate(ws[1])
        }

    data = tables_to_xlsx({"t": frame}, lang=None, formats={"t": {"share": "0.0"}})
    assert formats(data) == {
        "share": ["0.0", "0.0", "General"],
        "note": ["General"] * 3,
        "n": ["General"] * 3,
    }
    ws = openpyxl.load_workbook(io.BytesIO(data))["t"]
    assert [r[0].value for r in ws.iter_rows(min_row=2)] == [76.0, 94.25, None]
    assert ws["B3"].value == "=1+1" and ws["B3"].data_type == "s"  # still text
    monkeypatch.setattr(xlsx, "FORMAT_MAX_ROWS", 2)
    data = tables_to_xlsx({"t": frame}, lang=None, formats={"t": {"share": "0.0"}})
    assert formats(data)["share"] == ["General"] * 3


def _cell_by_cell(
    book,
    frame,
    sheet_name,
    *,
    widths=(),
    freeze_header=False,
    autofilter=False,
    wrap=False,
    number_formats=(),
) -> None:
    """geo.core.cells.write_sheet as it was before its rows were written as XML text
    (a6356a9): every value through openpyxl's write-only cells, its own writer. The peer
    every workbook below is compared with."""
    from decimal import Decimal

    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from geo.core import cells

    sheet = book.create_sheet(sheet_name)
    for j, width in enumerate(widths, start=1):
        if width is not None:
            sheet.column_dimensions[get_column_letter(j)].width = width
    if freeze_header:
        sheet.freeze_panes = "A2"
    n_rows, n_cols = frame.shape
    size = f"A1:{get_column_letter(max(n_cols, 1))}{n_rows + 1}"
    sheet.calculate_dimension = lambda: size
    if autofilter and n_cols:
        sheet.auto_filter.ref = size
    header = {
        "font": Font(bold=True),
        "fill": PatternFill("solid", fgColor=cells.HEADER_FILL),
        "alignment": Alignment(vertical="center"),
    }
    sheet.append(cells._row_cells(sheet, [str(c) for c in frame.columns], header))
    body = {"alignment": Alignment(wrap_text=True)} if wrap else None
    columns = [cells._column_values(frame.iloc[:, j]) for j in range(n_cols)]
    for j, fmt in enumerate(number_formats):
        if fmt is not None and j < n_cols:
            template = WriteOnlyCell(sheet, value=None)
            template.number_format = fmt
            columns[j] = [
                Cell(sheet, row=1, column=1, value=v, style_array=template._style)
                if isinstance(v, int | float | Decimal) and not isinstance(v, bool)
                else v
                for v in columns[j]
            ]
    for values in zip(*columns, strict=True):
        sheet.append(cells._row_cells(sheet, values, body))


def _parts(data: bytes) -> dict[str, bytes]:
    """A workbook's parts but its creation time (docProps/core.xml)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _as_openpyxl_writes(monkeypatch, make):
    """``make()``'s workbook, and the same written cell by cell by openpyxl."""
    from geo.core import cells

    ours = make()
    with monkeypatch.context() as m:
        m.setattr(cells, "write_sheet", _cell_by_cell)
        peer = make()
    return ours, peer


def _cells_of(data: bytes) -> dict[str, list[list[tuple]]]:
    """Every cell of a workbook as a reader sees it: value, type, number format, bold,
    fill, wrap and vertical alignment; and each sheet's panes, filter and widths."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    out: dict[str, list[list[tuple]]] = {}
    for ws in book.worksheets:
        dims = sorted((k, d.width) for k, d in ws.column_dimensions.items())
        out[ws.title] = [[(ws.freeze_panes, ws.auto_filter.ref, ws.dimensions, *dims)]] + [
            [
                (
                    c.coordinate,
                    c.value,
                    c.data_type,
                    c.number_format,
                    c.font.b,
                    c.fill.fgColor.rgb,
                    c.alignment.wrap_text,
                    c.alignment.vertical,
                )
                for c in row
            ]
            for row in ws.iter_rows()
        ]
    return out


def _awkward_table(n: int) -> pd.DataFrame:
    """Text that XML or Excel would take otherwise (markup, a carriage return, edge spaces,
    control characters, an emoji, a formula, an error value, past Excel's 32,767
    characters), numbers of every size, missing values and booleans, over ``n`` rows."""
    return pd.DataFrame(
        {
            "text": ["a<b>&c", "x\ry\tz\n", " 两端空格 ", "=SUM(A1)", "#N/A", "\x01\x7f😀"]
            + ["甲" * 40_000, "=", None, "中部"]
            + [f"社区{i % 7}" for i in range(n - 10)],
            "float": [None, 0.1, 1e-300, -2.5e17, float("nan"), float("inf")]
            + [1 / 3, 7.0, -0.0, 12_345.678]
            + [i / 7 for i in range(n - 10)],
            "int": pd.array([None, 3, -4, 2**62, 0, 1] + list(range(n - 6)), dtype="Int64"),
            "flag": pd.array([True, None, False] * (n // 3) + [True] * (n % 3), dtype="boolean"),
        }
    )


def test_a_sheet_is_what_openpyxls_cell_writer_writes_byte_for_byte(monkeypatch) -> None:
    """Awkward text, numbers in and out of a format (the first in a later row), booleans,
    missing values, an empty table, a wrapped note: the same workbook as openpyxl's own
    writer makes of the same cells, byte for byte."""
    frame = _awkward_table(2_500)  # more than one block of rows
    tables = {"t": frame, "空表": pd.DataFrame(), "一行": frame.head(1)}
    ours, peer = _as_openpyxl_writes(
        monkeypatch,
        lambda: tables_to_xlsx(
            tables,
            lang=None,
            notes={"说明": "第一行\n第二行 <注>"},
            formats={"t": {"float": "0.0", "int": "#,##0"}},
        ),
    )
    assert _parts(ours) == _parts(peer)
    ws = openpyxl.load_workbook(io.BytesIO(ours))["t"]
    assert (ws["A5"].value, ws["A5"].data_type) == ("=SUM(A1)", "s")
    assert ws["A3"].value == "x\ry\tz\n" and len(ws["A8"].value) == 32_767
    assert ws["B3"].number_format == "0.0" and ws["C3"].number_format == "#,##0"


def test_rows_openpyxl_writes_itself_keep_their_cells_among_the_others(monkeypatch) -> None:
    """Rows holding a value only openpyxl's cells take (a date, a Decimal, an empty text)
    beside plain rows: every cell, type and format as openpyxl's own writer makes them (its
    styles may be numbered in another order)."""
    from decimal import Decimal

    frame = _awkward_table(2_500)
    frame["mixed"] = [dt.date(2026, 3, 1), Decimal("1.25"), "", 5, None] + [None] * 2_495
    frame.loc[2_400, "mixed"] = dt.datetime(2026, 3, 2, 8, 30)
    ours, peer = _as_openpyxl_writes(
        monkeypatch,
        lambda: tables_to_xlsx({"t": frame}, lang=None, formats={"t": {"mixed": "#,##0"}}),
    )
    assert _cells_of(ours) == _cells_of(peer)


def test_the_presentation_pages_workbook_is_what_openpyxl_wrote(monkeypatch, layers) -> None:
    """The presentation page's XLSX of a province step (宁夏, the real dataset; the region
    steps hold 800,000 cells) as the page makes it: the same workbook as openpyxl's own
    cell writer makes, and a sheet per table with its display headers."""
    from geo.core.scope import Scope
    from geo.export import labels, story

    spec = next(s for s in story.story_steps(Scope(province_code="64")) if s.kind == "province")
    step = story.build_step(spec, layers.communities, layers.youth_homes, layers.campuses)
    tables, notes = story.step_tables(step, "zh")
    shown = {
        name: labels.localize_headed(frame, "zh")
        if frame is step.summary
        else labels.localize(frame, "zh")
        for name, frame in tables.items()
    }
    ours, peer = _as_openpyxl_writes(
        monkeypatch, lambda: tables_to_xlsx(shown, lang=None, notes=notes)
    )
    assert _parts(ours) == _parts(peer)
    book = openpyxl.load_workbook(io.BytesIO(ours))
    assert book.sheetnames == [*tables, *notes]
    for name, frame in shown.items():
        ws = book[name]
        assert [c.value for c in ws[1]] == [str(c) for c in frame.columns if c != "geometry"]
        assert ws.max_row == len(frame) + 1 and ws.freeze_panes == "A2"


def test_plain_rows_make_no_openpyxl_cell_objects(monkeypatch) -> None:
    """Text, numbers, booleans and empty cells are written as XML text: openpyxl's cell
    objects (about 12 µs a cell, 11.7 s of CPU for the presentation page's 中部 region
    workbook) are made only for a row holding another value (here one date)."""
    from openpyxl.cell.cell import Cell

    bound: list[object] = []
    bind = Cell._bind_value
    monkeypatch.setattr(Cell, "_bind_value", lambda self, v: (bound.append(v), bind(self, v)))
    frame = pd.DataFrame(
        {
            "name": [f"社区{i}" for i in range(3_000)],
            "youth": range(3_000),
            "share": [i / 3_000 for i in range(3_000)],
            "covered": [i % 2 == 0 for i in range(3_000)],
            "when": [dt.date(2026, 3, 1)] + [None] * 2_999,
        }
    )
    data = tables_to_xlsx({"t": frame}, lang=None, formats={"t": {"share": "0.0%"}})
    # the first row's, through openpyxl's own writer (the share twice: made a cell, appended)
    assert len(bound) == 6
    assert openpyxl.load_workbook(io.BytesIO(data))["t"].max_row == 3_001


def test_characters_no_spreadsheet_reads_are_dropped_and_the_workbook_opens() -> None:
    """A name read from a UTF-8 file may hold U+FFFE or U+FFFF (the CSV reader keeps them):
    openpyxl wrote them as references no reader accepts, and the workbook did not open
    (openpyxl: "reference to invalid character number"). They are dropped, as NUL is."""
    names = ["\ufffe坏名字", "a\uffffb", "e\x00f", "正常"]
    frame = pd.DataFrame({"name": names, "名称\ufffe": range(4)})
    data = tables_to_xlsx({"t": frame}, lang=None)
    ws = openpyxl.load_workbook(io.BytesIO(data))["t"]
    assert [c.value for c in ws[1]] == ["name", "名称"]
    assert [r[0].value for r in ws.iter_rows(min_row=2)] == ["坏名字", "ab", "ef", "正常"]
