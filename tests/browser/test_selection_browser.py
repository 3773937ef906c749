"""End to end in headless Chromium: the scoring and selection pages with their map, offline."""

from __future__ import annotations

import pytest

from tests.browser.conftest import MAP_FRAME, assert_map_drawn, assert_no_exception, goto, wait_idle

pytestmark = pytest.mark.browser

DRAW_TIMEOUT_MS = 90_000


def _open(pg: object, title: str, path: str) -> None:
    """Follow the sidebar link of a page (direct page URLs bypass app.py's navigation)."""
    pg.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    pg.wait_for_url(f"**/{path}*", timeout=30_000)
    wait_idle(pg)


def test_scoring_and_selection_pages_draw_at_national_scope_and_take_a_map_click(
    page: object, app_url: str, artifacts
) -> None:
    page.goto(app_url)
    wait_idle(page)
    _open(page, "社区评分", "scoring")
    assert_no_exception(page)
    page.get_by_text("共 110,000 个社区", exact=False).first.wait_for(timeout=DRAW_TIMEOUT_MS)
    page.screenshot(path=str(artifacts / "scoring_national.png"), full_page=True)

    _open(page, "名额与遴选", "selection")
    assert_no_exception(page)
    assert page.get_by_text("合计一致", exact=False).count() >= 1
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(".leaflet-container").wait_for(timeout=DRAW_TIMEOUT_MS)
    frame.locator(".leaflet-pane canvas").first.wait_for(state="attached", timeout=DRAW_TIMEOUT_MS)
    assert frame.locator(".leaflet-control-layers-overlays input").count() >= 3
    page.screenshot(path=str(artifacts / "selection_national.png"), full_page=True)

    # Click the map centre: the page reruns with the click and stays error-free.
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()  # mouse clicks hit the viewport
    box = frame.locator(".leaflet-container").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(1_500)
    wait_idle(page)
    assert_no_exception(page)
    assert page.external_requests == [], page.external_requests


# The screen position, inside the map frame, of the first community drawn on the map.
FIRST_POINT_JS = """el => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const points = map._youthmapPoints[0];  // the first point layer drawn (geo/maps/points.js)
  const p = map.latLngToContainerPoint(points.pointLatLng(0));
  const box = el.getBoundingClientRect();
  return [box.left + p.x, box.top + p.y];
}"""


def test_a_click_on_a_community_of_the_selection_map_picks_it(
    page: object, app_url: str, artifacts
) -> None:
    goto(page, app_url, "selection", "province=44&city=4401")  # 广州市
    frame = assert_map_drawn(page, min_paths=5)
    assert page.get_by_text("地图选中", exact=False).count() == 0
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()  # mouse clicks hit the viewport
    x, y = frame.locator(".leaflet-container").evaluate(FIRST_POINT_JS)
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.get_by_text("地图选中：", exact=False).wait_for(timeout=DRAW_TIMEOUT_MS)
    wait_idle(page)
    assert_no_exception(page)
    picked = page.get_by_text("地图选中：", exact=False).first.inner_text()
    assert "距点击处" in picked, picked
    page.screenshot(path=str(artifacts / "selection_map_pick_city_4401.png"), full_page=True)
    assert page.external_requests == [], page.external_requests
