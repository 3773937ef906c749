"""AppTest of the data page: import a file, show its problems, replace the communities layer.

AppTest (Streamlit 1.67) cannot drive ``st.file_uploader``; the page's documented hook
``st.session_state["data_upload"] = {"name": …, "data": bytes}`` hands it the file instead.
"""

from __future__ import annotations

import html

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests._io_helpers import community_frame
from tests._paths import APP as APP_PATH
from tests._screen import as_read, map_frames, none_cells

APP = str(APP_PATH)
N_ROWS = 30


def _file(bad_rows: int) -> bytes:
    frame = community_frame(N_ROWS, seed=11).astype(object)
    for i in range(bad_rows):
        frame.loc[i, "常住人口"] = "不详"
    return frame.to_csv(index=False).encode("gbk")


def _page(data: bytes, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["data_upload"] = {"name": "社区名单.csv", "data": data}
    at.run()
    at.switch_page("pages/data.py").run()
    if lang != "zh":  # switched after the page is reached: AppTest keeps the sidebar's zh labels
        at.session_state["lang"] = lang
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _problems(at: AppTest) -> pd.DataFrame:
    return next(
        d.value for d in at.dataframe if "原因" in d.value.columns or "Reason" in d.value.columns
    )


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


@pytest.fixture(scope="module")
def with_errors() -> AppTest:
    return _page(_file(bad_rows=3))


def test_page_lists_each_problem_with_row_and_column(with_errors: AppTest):
    problems = _problems(with_errors)
    assert problems["行号"].tolist() == [2, 3, 4]
    assert set(problems["列"]) == {"常住人口"}
    assert set(problems["级别"]) == {"错误"}


def test_preview_map_draws_the_files_points(with_errors: AppTest):
    [(title, page)] = map_frames(with_errors)
    names = community_frame(N_ROWS, seed=11)["社区名称"].tolist()
    assert title == "预览" and "leaflet.js" in page
    assert all(html.escape(name) in page for name in names[3:])  # the rows without errors


def _preview(at: AppTest, lon: str = "经度", population: str = "常住人口") -> pd.DataFrame:
    """The preview table as the user reads it (missing cells as the page shows them)."""
    return as_read(next(d for d in at.dataframe if {lon, population} <= set(d.value.columns)))


def test_boxes_speak_chinese_and_no_table_shows_none(with_errors: AppTest):
    """Streamlit's English placeholders ("Choose options") and its "None" for a missing
    cell never reach the Chinese page: the three problem filters and both select boxes
    carry the catalogue's placeholder, and an unreadable number previews as an empty cell."""
    at = with_errors
    filters = [m for m in at.multiselect if m.key.startswith("data_f_")]
    assert len(filters) == 3
    assert {m.proto.placeholder for m in filters} == {"请选择（可多选）"}
    assert {b.proto.placeholder for b in at.selectbox} == {"请选择"}
    population = _preview(at)["常住人口"]
    assert population.iloc[:3].tolist() == ["", "", ""]  # the three "不详" cells
    assert all(float(v) > 0 for v in population.iloc[3:])
    assert [none_cells(d) for d in at.dataframe if none_cells(d)] == []


def test_mapping_offers_the_fields_by_their_names_in_the_pages_language(with_errors: AppTest):
    import json
    import re

    editor = next(d for d in with_errors.dataframe if "平台字段" in d.value.columns)
    assert "population" in set(editor.value["平台字段"])  # the value kept is the field
    options = json.loads(editor.proto.columns)["平台字段"]["type_config"]["options"]
    labels = {o["value"]: o["label"] for o in options if o["value"]}
    assert labels["population"] == "常住人口" and labels["address"] == "地址"
    assert [v for v, label in labels.items() if not re.search(r"[\u3400-\u9fff]", label)] == []


def test_boxes_speak_english_in_english():
    at = _page(_file(bad_rows=1), lang="en")
    filters = [m for m in at.multiselect if m.key.startswith("data_f_")]
    assert {m.proto.placeholder for m in filters} == {"Choose options"}
    assert {b.proto.placeholder for b in at.selectbox} == {"Choose an option"}
    assert _preview(at, "Longitude", "Population")["Population"].iloc[0] == ""


def test_errors_disable_accepting_the_whole_file(with_errors: AppTest):
    assert _button(with_errors, "data_accept_all").disabled
    assert not _button(with_errors, "data_accept_valid").disabled
    assert any("不能整体导入" in w.value for w in with_errors.warning)


def test_valid_rows_replace_the_layer_and_the_overview_counts_change():
    at = _page(_file(bad_rows=3))  # its own app: accepting changes what the others read
    assert "replaced_layers" not in at.session_state
    _button(at, "data_accept_valid").click().run()
    assert not at.exception, [e.value for e in at.exception]
    replaced = at.session_state["replaced_layers"]["communities"]
    assert len(replaced) == N_ROWS - 3
    assert any("27" in s.value for s in at.success)
    at.switch_page("pages/overview.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert int(at.metric[0].value.replace(",", "")) == N_ROWS - 3


def test_a_clean_file_is_accepted_whole_in_english():
    at = _page(_file(bad_rows=0), lang="en")
    assert any("No problems found." in s.value for s in at.success)
    assert _button(at, "data_accept_valid").disabled
    _button(at, "data_accept_all").click().run()
    assert len(at.session_state["replaced_layers"]["communities"]) == N_ROWS


def test_unreadable_file_shows_an_error_not_a_traceback():
    at = _page(b"\x00\x01\x02garbage" * 50)
    assert at.error and "社区名单.csv" in at.error[0].value
    assert "replaced_layers" not in at.session_state or not at.session_state["replaced_layers"]


def test_changes_against_the_replaced_layer_are_counted(layers):
    """Five embedded communities (one moved ~500 m) and one new row, against the 110,000."""
    c = layers.communities[layers.communities["county_code"] == "440106"].head(5)
    frame = pd.DataFrame(
        {
            "编号": c["id"],
            "社区名称": c["name"],
            "经度": c["lon"],
            "纬度": c["lat"],
            "常住人口": c["population"],
        }
    )
    frame.iloc[0, frame.columns.get_loc("纬度")] += 0.0045  # about 500 m north
    new_row = {"编号": "NEW-1", "社区名称": "新建社区", "常住人口": 100}
    frame.loc[len(frame)] = {**new_row, "经度": c["lon"].iloc[1], "纬度": c["lat"].iloc[1]}
    labels = {m.label: m.value for m in _page(frame.to_csv(index=False).encode("gbk")).metric}
    assert labels["新增"] == "1"
    assert labels["移除"] == f"{len(layers.communities) - 5:,}"
    assert labels["位置变动"] == "1"
    assert labels["未变"] == "4"


def test_swapped_coordinates_are_offered_as_a_fix_on_the_page():
    frame = community_frame(8, seed=4)
    frame["经度"], frame["纬度"] = frame["纬度"].copy(), frame["经度"].copy()
    at = _page(frame.to_csv(index=False).encode())
    assert _button(at, "data_accept_all").disabled
    box = next(c for c in at.checkbox if c.key == "data_fix_swapped")
    assert "8" in box.label
    box.check().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not _button(at, "data_accept_all").disabled
    assert set(_problems(at)["类型"]) == {"已交换经纬度"}


def test_problem_filters_narrow_the_list():
    frame = community_frame(6, seed=2).astype(object)
    frame.loc[1, "常住人口"] = "?"
    frame.loc[3, "社区编号"] = frame.loc[0, "社区编号"]
    at = _page(frame.to_csv(index=False).encode())
    assert len(_problems(at)) == 2
    kind = next(m for m in at.multiselect if m.key.startswith("data_f_kind_"))
    kind.select("duplicate_id").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = _problems(at)
    assert shown[["行号", "列"]].values.tolist() == [[5, "社区编号"]]


def test_points_shifted_by_another_system_get_a_warning_naming_it():
    from geo.core.crs import convert

    frame = community_frame(150, seed=5)
    frame["经度"], frame["纬度"] = convert(
        frame["经度"].to_numpy(), frame["纬度"].to_numpy(), "wgs84", "bd09"
    )
    data = frame.to_csv(index=False).encode("gbk")
    at = _page(data)  # the system left at its default, WGS-84
    assert any("建议改用坐标系" in w.value and "BD-09" in w.value for w in at.warning)
    at.selectbox(key="data_crs").set_value("bd09").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any("建议改用坐标系" in w.value for w in at.warning)


def test_an_imported_layer_is_what_the_coverage_page_measures():
    """After accepting 30 communities, the coverage page counts and measures those 30."""
    at = _page(_file(bad_rows=0))
    _button(at, "data_accept_all").click().run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("pages/coverage.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value == f"{N_ROWS}"
    covered = N_ROWS - int(at.metric[3].value.replace(",", ""))
    assert float(at.metric[1].value.rstrip("%")) == pytest.approx(100 * covered / N_ROWS, abs=0.05)


def test_preview_shows_codes_as_words_in_the_pages_language(with_errors: AppTest):
    """The preview wrote the layer's codes as they are stored ("east", True); it shows
    them as the page's words: 东部, 是/否."""
    preview = _preview(with_errors)
    assert set(preview["区域"]) == {"东部"}
    assert set(preview["模拟数据"]) <= {"是", "否", ""}
