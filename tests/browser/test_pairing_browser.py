"""End to end in headless Chromium: the pairing page draws its lines offline."""

from __future__ import annotations

import pytest

from tests.browser.conftest import MAP_FRAME, assert_map_drawn, goto, grid_rows, wait_idle

pytestmark = pytest.mark.browser

DRAW_TIMEOUT_MS = 90_000
CANVAS_LINES = """el => {
  let n = 0;
  for (const v of Object.values(window)) {
    if (v instanceof L.Map) {
      v.eachLayer(l => {
        if (l instanceof L.Polyline && !(l instanceof L.Polygon) && l._renderer instanceof L.Canvas) {
          n += 1;
        }
      });
    }
  }
  return n;
}"""
"""Pair lines the map holds on a canvas renderer (run in the map's frame)."""


def test_pairing_page_draws_lines_and_tables_offline(page: object, app_url: str, artifacts) -> None:
    # National scope: the page pairs the 3,000 most populous communities.
    page.goto(app_url)
    wait_idle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("高校结对", exact=True).click()
    wait_idle(page)
    assert page.get_by_text("社区与高校结对共建", exact=True).count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("校区负荷", exact=True).count() >= 1
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(".leaflet-container").wait_for(timeout=DRAW_TIMEOUT_MS)
    # pair lines are drawn on a canvas in a pane of their own (about 1,800 here), not as SVG paths
    frame.locator(".leaflet-youthmapLines-pane canvas").first.wait_for(
        state="attached", timeout=DRAW_TIMEOUT_MS
    )
    lines = frame.locator(".leaflet-container").first.evaluate(CANVAS_LINES)
    assert lines >= 1_000, lines
    assert frame.locator(".leaflet-overlay-pane svg path").count() < lines
    assert frame.locator(".leaflet-control-layers-overlays input").count() >= 4
    page.screenshot(path=str(artifacts / "pairing_national.png"), full_page=True)
    # the co-building table (3,000 communities) loads its rows lazily: they still show
    grid = page.locator('[data-testid="stDataFrame"]').filter(
        has=page.locator("th", has_text="驻区单位合计")
    )
    grid.first.scroll_into_view_if_needed()
    rows = grid_rows(page, "驻区单位合计")
    assert len(rows) >= 5 and all(r[0].strip() for r in rows[:5]), rows[:5]
    assert page.external_requests == [], page.external_requests


def _metric(pg: object, label: str) -> int:
    box = pg.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return int(box.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))


def test_pairing_capacity_lowered_leaves_communities_unpaired_and_below_zero_is_said_in_chinese(
    page: object, app_url: str, artifacts
) -> None:
    goto(page, app_url, "pairing", "province=44&city=4401")  # 广州市
    page.get_by_text("广东省 · 广州市", exact=False).first.wait_for(timeout=DRAW_TIMEOUT_MS)
    assert_map_drawn(page, min_paths=5)
    # the map's own page declares its words' language, as the app's page does
    assert page.frame_locator(MAP_FRAME).first.locator("html").get_attribute("lang") == "zh-CN"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    paired, unpaired = _metric(page, "已结对社区"), _metric(page, "未结对社区")
    assert paired > 0

    capacity = page.locator('[data-testid="stNumberInput"]').filter(
        has_text="每个校区最多结对社区数"
    )
    field = capacity.locator("input")
    field.fill("1")
    field.press("Enter")
    wait_idle(page)
    page.wait_for_timeout(1_000)  # a late rerun, if any
    wait_idle(page)
    assert field.input_value() == "1"
    assert_map_drawn(page, min_paths=5)
    # one community per campus now: fewer paired, the rest unpaired, same total
    after_paired, after_unpaired = _metric(page, "已结对社区"), _metric(page, "未结对社区")
    assert after_paired < paired
    assert after_paired + after_unpaired == paired + unpaired
    page.screenshot(path=str(artifacts / "pairing_capacity_1_city_4401.png"), full_page=True)

    # A number below the box's bound: Streamlit's own refusal was English on this Chinese
    # page ("Number is below the allowed range …"), and so was its typing hint ("Press
    # Enter to apply"). Both are in Chinese now, and the bound is the number used.
    field.fill("-5")
    hint = capacity.locator('[data-testid="InputInstructions"] > span').first
    hint.wait_for(state="attached")
    page.screenshot(path=str(artifacts / "pairing_capacity_typing.png"))
    assert hint.evaluate("e => getComputedStyle(e).fontSize") == "0px"  # its English hidden
    assert hint.evaluate("e => getComputedStyle(e, '::after').content") == '"按回车键确认"'
    assert hint.evaluate("e => getComputedStyle(e, '::after').fontSize") == "12px"
    field.press("Enter")
    wait_idle(page)
    page.get_by_text("“每个校区最多结对社区数”须在 0 至 500 之间；已按 0 计算。").wait_for()
    assert "allowed range" not in page.content()
    # a search in a select box that matches nothing: Streamlit's "No results", in Chinese
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has_text="城市"
    ).locator("input").click()
    page.keyboard.type("不存在的城市")
    empty = page.locator('[data-testid="stSelectboxVirtualDropdown"] [data-empty="true"] span')
    empty.first.wait_for(state="attached")
    assert empty.first.evaluate("e => getComputedStyle(e).fontSize") == "0px"
    assert empty.first.evaluate("e => getComputedStyle(e, '::after').content") == '"无匹配项"'
    page.keyboard.press("Escape")  # the search emptied
    page.keyboard.press("Escape")  # the list closed
    page.locator('[data-testid="stSelectboxVirtualDropdown"]').wait_for(state="detached")
    assert _metric(page, "已结对社区") == 0  # no campus takes a community
    assert _metric(page, "未结对社区") == paired + unpaired
    page.screenshot(path=str(artifacts / "pairing_capacity_negative_city_4401.png"), full_page=True)
    assert page.external_requests == [], page.external_requests
