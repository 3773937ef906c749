"""ui.tables: a table on screen and the same table as an XLSX workbook."""

from __future__ import annotations

import io
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui import tables

BOARD = pd.DataFrame(
    {"候选": [3, 1], "已备案": [0, 2]}, index=pd.Index(["广东省", "广西壮族自治区"], name="单位")
)


def _rows(data: bytes, sheet: str) -> list[tuple]:
    ws = openpyxl.load_workbook(io.BytesIO(data))[sheet]
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def test_workbook_keeps_a_named_index_as_the_first_column() -> None:
    rows = _rows(tables.workbook({"状态": BOARD}), "状态")
    assert rows == [("单位", "候选", "已备案"), ("广东省", 3, 0), ("广西壮族自治区", 1, 2)]


def test_workbook_leaves_out_an_index_the_page_hides_and_keeps_headers_as_shown() -> None:
    frame = pd.DataFrame({"name": ["甲"], "社区名称": ["乙"]}, index=[7])
    rows = _rows(tables.workbook({"t": frame}, hide_index=True), "t")
    assert rows == [("name", "社区名称"), ("甲", "乙")]


def test_a_series_is_written_with_its_index() -> None:
    quota = pd.Series([500, 300], index=pd.Index(["东部", "中部"], name="区域"), name="名额")
    assert _rows(tables.workbook({"q": quota}), "q") == [
        ("区域", "名额"),
        ("东部", 500),
        ("中部", 300),
    ]


def test_the_workbook_shows_each_number_column_as_the_screen_does() -> None:
    """The page showed 6,786 m and scores 0.7042 / 0.7000; its Excel download wrote
    6785.6508 and 0.7, Excel's general format, so the file read otherwise than the page."""
    frame = pd.DataFrame(
        {
            "社区": ["甲", "乙"],
            "距离（米）": [6785.6508, 281.5063],
            "综合得分": [0.7042, 0.7],
            "人口": [11423, 200],
            "经度": [113.264531, 113.1],
            "原始值": [6785.6508, 0.0706],  # written value by value on screen: general here
        }
    )
    ws = openpyxl.load_workbook(io.BytesIO(tables.workbook({"t": frame}, hide_index=True)))["t"]
    formats = {
        c.value: {r[j].number_format for r in ws.iter_rows(min_row=2)} for j, c in enumerate(ws[1])
    }
    assert formats == {
        "社区": {"General"},
        "距离（米）": {"#,##0"},
        "综合得分": {"#,##0.0000"},
        "人口": {"#,##0"},
        "经度": {"0.00000"},
        "原始值": {"General"},
    }
    assert [r[1].value for r in ws.iter_rows(min_row=2)] == [6785.6508, 281.5063]  # kept
    assert tables.excel_format("%,.2f") == "#,##0.00"
    assert tables.excel_format(tables.PER_VALUE) is None


SCRIPT = """
import pandas as pd
from ui import tables

frame = pd.DataFrame({"省份": ["广东省"], "社区": [11423]})
tables.table(frame, "社区数", "demo", hide_index=True, width="stretch")
tables.table(frame.head(0), "空表", "nothing", hide_index=True)
"""


def test_table_draws_the_frame_and_an_excel_button_under_it() -> None:
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # in English a place column (found by its header) shows the place's English name
    assert at.dataframe[0].value.to_dict("list") == {"省份": ["Guangdong"], "社区": [11423]}
    button, _ = at.download_button
    assert button.label == "Download Excel"
    assert button.key == "demo_xlsx"
    # an empty table: a caption in the language, not Streamlit's English "empty" grid
    assert len(at.dataframe) == 1 and [c.value for c in at.caption] == ["(no rows)"]


@pytest.mark.parametrize(
    ("values", "header", "expected"),
    [
        ([1967, 200], "社区", "%,d"),  # 1,967
        ([1.0, np.nan, 3.0], "名额", "%,d"),  # whole floats (a column with gaps)
        ([6785.6508, 281.5063], "距离（米）", "%,.0f"),  # metres: 6,786
        ([3.11, 14.99], "平均距离（公里）", "%,.2f"),
        ([12.5, 3.25], "面积", "%,.2f"),
        ([0.7042, 0.5983], "综合得分", "%,.4f"),
        ([0.05, 0.1, 0.2], "权重", "%,.2f"),  # as many decimals as the values have
        ([113.264531, 23.1], "经度", "%.5f"),  # coordinates keep about a metre
        ([113.264531], "Latitude", "%.5f"),
        ([113.264531], "lon", "%.5f"),
    ],
)
def test_number_format_follows_the_values(values, header, expected) -> None:
    assert tables.number_format(pd.Series(values, name=header)) == expected


def test_a_column_mixing_fractions_and_thousands_is_written_value_by_value() -> None:
    # the scoring explanation's raw values: metres, people and shares, one per indicator
    raw = pd.Series([6785.6508, 0.0, 3940.0, 0.0706, 573.752, 3.114], name="原始值")
    assert tables.number_format(raw) == tables.PER_VALUE
    assert [tables.number_text(v) for v in raw] == [
        "6,786",
        "0",
        "3,940",
        "0.0706",
        "574",
        "3.11",
    ]
    assert tables.number_text(None) == tables.number_text(np.nan) == tables.MISSING
    assert tables.number_text(np.inf) == tables.MISSING  # "no unit in range" distances


@pytest.mark.parametrize(
    "series",
    [
        pd.Series([True, False]),
        pd.Series(["4401", "4402"]),
        pd.Series([np.inf, np.nan]),
        pd.Series([], dtype=float),
    ],
)
def test_columns_with_no_number_to_format_get_none(series) -> None:
    assert tables.number_format(series) is None


FORMATS_SCRIPT = """
import pandas as pd
import streamlit as st
from ui import tables

frame = pd.DataFrame(
    {
        "名称": ["甲", "乙"],
        "社区": [11423, 5],
        "距离（米）": [6785.6508, 281.5],
        "覆盖率": [0.5, 0.25],
        "经度": [113.264531, 114.1],
        "原始值": [6785.6508, 0.0706],
    }
)
bars = {"覆盖率": st.column_config.ProgressColumn(min_value=0, max_value=1)}
tables.dataframe(frame, hide_index=True, column_config=bars, key="shown")
"""


def test_dataframe_formats_numbers_and_keeps_the_page_columns() -> None:
    at = AppTest.from_string(FORMATS_SCRIPT, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (table,) = at.dataframe
    config = {k: v.get("type_config", {}) for k, v in json.loads(table.proto.columns).items()}
    assert config["社区"] == {"type": "number", "format": "%,d"}
    assert config["距离（米）"] == {"type": "number", "format": "%,.0f"}
    assert config["经度"] == {"type": "number", "format": "%.5f"}
    assert config["覆盖率"]["type"] == "progress"  # the page's own column wins
    assert config["原始值"] == {"type": "text"}
    assert json.loads(table.proto.columns)["原始值"]["alignment"] == "right"
    assert "名称" not in config
    assert table.value["距离（米）"].tolist() == [6785.6508, 281.5]  # formats: display only
    assert table.value["原始值"].tolist() == ["6,786", "0.0706"]
