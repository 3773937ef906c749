"""End to end in headless Chromium: upload a GBK CSV on the data page and replace the layer."""

from __future__ import annotations

import pytest

from tests._io_helpers import community_frame
from tests.browser.conftest import assert_map_drawn, assert_no_exception, open_page, wait_idle

pytestmark = pytest.mark.browser

N_ROWS = 8
TIMEOUT_MS = 90_000


def test_data_page_imports_an_uploaded_gbk_csv_and_replaces_the_layer(
    page: object, app_url: str, artifacts, tmp_path
) -> None:
    # Eight communities in Guangzhou's Tianhe district with Chinese headers, saved as GBK;
    # one population is not a number, so the file has one row with an error.
    frame = community_frame(N_ROWS, seed=5).astype(object)
    frame.loc[0, "常住人口"] = "不详"
    path = tmp_path / "广州社区名单.csv"
    path.write_bytes(frame.to_csv(index=False).encode("gbk"))

    page.goto(app_url)
    wait_idle(page)
    open_page(page, "数据导入", "data")
    page.get_by_text("请先上传文件", exact=False).wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(page)

    # Streamlit's own uploader words ("Upload", "200MB per file") are replaced by Chinese
    zone = page.locator('[data-testid="stFileUploaderDropzone"]')
    drawn = zone.evaluate(
        "z => [z.querySelector('button'), z.querySelector("
        "'[data-testid=stFileUploaderDropzoneInstructions]')]"
        ".map(e => getComputedStyle(e, '::after').content)"
    )
    assert drawn == ['"选择文件"', '"拖放文件到此处，单个文件不超过 200 MB"'], drawn
    assert zone.get_by_text("per file", exact=False).is_hidden()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.get_by_text("可导入 7 行，有错误 1 行", exact=False).wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)
    # The problem list names the bad cell; the preview map draws Guangdong and the points.
    assert page.get_by_text("问题清单", exact=True).count() == 1
    problems = page.locator('[data-testid="stDataFrame"]').first
    problems.wait_for(timeout=TIMEOUT_MS)
    # its three filters say so in Chinese, not in Streamlit's English placeholder
    assert page.locator('[data-testid="stMultiSelect"]').count() == 3
    assert page.get_by_placeholder("请选择（可多选）", exact=True).count() == 3
    assert page.get_by_placeholder("Choose", exact=False).count() == 0
    page.locator('[data-testid="stMultiSelect"]').first.click()  # no English "Select all"
    page.get_by_role("option").first.wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_role("option", name="Select all").count() == 0
    page.keyboard.type("没有这一项")  # a search that matches nothing: not Streamlit's "No results"
    empty = page.locator('[data-testid="stMultiSelectDropdown"] [data-empty="true"] span')
    empty.first.wait_for(state="attached")
    assert empty.first.evaluate("e => getComputedStyle(e).fontSize") == "0px"
    assert empty.first.evaluate("e => getComputedStyle(e, '::after').content") == '"无匹配项"'
    page.keyboard.press("Escape")  # the search emptied
    page.keyboard.press("Escape")  # the list closed (open, it hides the page from the roles)
    page.locator('[data-testid="stMultiSelectDropdown"]').wait_for(state="detached")
    frame_ = assert_map_drawn(page, min_paths=10)  # Guangdong's prefecture boundaries
    assert frame_.locator(".youthmap-legend").count() == 1
    page.wait_for_timeout(1_000)  # let the map settle before the screenshot
    page.screenshot(path=str(artifacts / "data_preview.png"), full_page=True)

    accept_all = page.get_by_role("button", name="导入全部并替换图层")
    assert accept_all.is_disabled()
    page.get_by_role("button", name="仅导入 7 行有效数据并替换图层").click()
    page.get_by_text("已用 7 行替换", exact=False).wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)
    assert_no_exception(page)
    assert page.get_by_text("当前图层：社区 7 行（已导入）", exact=False).count() == 1
    page.screenshot(path=str(artifacts / "data_accepted.png"), full_page=True)

    assert page.external_requests == [], page.external_requests
