"""ui.tables: a table on screen and the same table as an XLSX workbook."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
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


SCRIPT = """
import pandas as pd
from ui import tables

frame = pd.DataFrame({"省份": ["广东省"], "社区": [11423]})
tables.table(frame, "社区数", "demo", hide_index=True, width="stretch")
"""


def test_table_draws_the_frame_and_an_excel_button_under_it() -> None:
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.dataframe[0].value.to_dict("list") == {"省份": ["广东省"], "社区": [11423]}
    (button,) = at.download_button
    assert button.label == "Download Excel"
    assert button.key == "demo_xlsx"
