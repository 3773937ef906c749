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
