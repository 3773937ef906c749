"""End to end in headless Chromium: the presentation page steps with the keyboard, offline."""

from __future__ import annotations

import pytest

from tests.browser.conftest import MAP_FRAME, assert_scale_label_fits, wait_idle

pytestmark = pytest.mark.browser

DRAW_TIMEOUT_MS = 90_000


def _map_drawn(pg: object, min_paths: int) -> None:
    frame = pg.frame_locator(MAP_FRAME).first
    frame.locator(".leaflet-container").wait_for(timeout=DRAW_TIMEOUT_MS)
    frame.locator(".leaflet-overlay-pane svg path").nth(min_paths - 1).wait_for(
        state="attached", timeout=DRAW_TIMEOUT_MS
    )
    assert pg.locator('[data-testid="stException"]').count() == 0


def test_present_page_steps_with_buttons_and_arrow_keys_offline(
    page: object, app_url: str, artifacts
) -> None:
    page.goto(f"{app_url}/?province=44")
    wait_idle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("会议演示", exact=True).click()
    wait_idle(page)
    assert page.get_by_text("全国：各区域社区分布", exact=True).count() == 1
    _map_drawn(page, min_paths=34)
    assert_scale_label_fits(page.frame_locator(MAP_FRAME).first)  # "500 km" once ran over
    page.screenshot(path=str(artifacts / "present_1_national.png"), full_page=True)

    page.get_by_role("button", name="下一步").click()
    wait_idle(page)
    assert page.get_by_text("东部", exact=True).count() >= 1
    _map_drawn(page, min_paths=11)

    page.locator(".present-title").click()  # focus the page, not the map iframe
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    assert page.get_by_text("广东省：社区、青年之家与高校", exact=True).count() == 1
    _map_drawn(page, min_paths=100)  # Guangdong's counties
    page.screenshot(path=str(artifacts / "present_3_province.png"), full_page=True)

    page.keyboard.press("ArrowLeft")
    wait_idle(page)
    assert page.get_by_text("全国：各区域社区分布", exact=True).count() == 0
    assert page.get_by_text("广东省：社区、青年之家与高校", exact=True).count() == 0
    assert page.external_requests == [], page.external_requests


def _step(pg: object) -> str:
    text = pg.locator('[data-testid="stProgress"]').first.inner_text().strip()
    return text.split(" · ")[0]  # in full-screen mode the step's title follows


def test_arrow_keys_step_the_story_after_a_click_on_the_map_and_full_screen_fills_the_window(
    page: object, app_url: str, artifacts
) -> None:
    page.goto(f"{app_url}/present?province=44")
    wait_idle(page)
    _map_drawn(page, min_paths=34)
    assert _step(page) == "第 1 / 5 步"
    frame = page.locator(MAP_FRAME).first
    box = frame.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # focus: map
    inner = page.frame_locator(MAP_FRAME).first
    centre = inner.locator(".leaflet-container").evaluate(
        "el => { const m = Object.values(window).find(v => v instanceof L.Map);"
        " return m.getCenter().toString(); }"
    )
    page.keyboard.press("ArrowRight")  # pressed inside the map frame
    wait_idle(page)
    assert _step(page) == "第 2 / 5 步"  # the page heard it
    page.get_by_text("东部", exact=True).first.wait_for()
    _map_drawn(page, min_paths=11)
    box = frame.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.keyboard.press("ArrowLeft")
    wait_idle(page)
    assert _step(page) == "第 1 / 5 步"
    _map_drawn(page, min_paths=34)
    after = inner.locator(".leaflet-container").evaluate(
        "el => { const m = Object.values(window).find(v => v instanceof L.Map);"
        " return m.getCenter().toString(); }"
    )
    assert after == centre  # the national map came back unpanned

    page.get_by_text("全屏演示", exact=True).click()
    wait_idle(page)
    page.wait_for_timeout(800)
    viewport = page.viewport_size
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stHeader"]').is_visible()
    box = page.locator(MAP_FRAME).first.bounding_box()
    assert box["width"] >= 0.95 * viewport["width"]
    assert box["height"] >= 0.6 * viewport["height"]
    assert box["y"] + box["height"] <= viewport["height"] + 1  # no scrolling to see it all
    page.keyboard.press("ArrowRight")  # keys still step in full-screen mode
    wait_idle(page)
    assert _step(page) == "第 2 / 5 步"
    _map_drawn(page, min_paths=11)
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifacts / "present_fullscreen.png"))
    page.get_by_text("全屏演示", exact=True).click()
    wait_idle(page)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    # outside full-screen mode too, a 1920×1080 screen (a meeting room's projector) shows the
    # whole map, its legend included, without scrolling: its frame ended 84 px below the window
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(800)
    box = page.locator(MAP_FRAME).first.bounding_box()
    assert 420 <= box["height"] <= 720 and box["y"] + box["height"] <= 1080 + 1, box
    page.screenshot(path=str(artifacts / "present_window_1080.png"))
    for _ in range(2):  # the chosen step: a note above its map (a saved plan's or an example)
        page.locator(".present-title").click()
        page.keyboard.press("ArrowRight")
        wait_idle(page)
    assert _step(page) == "第 4 / 5 步"
    page.wait_for_timeout(800)
    box = page.locator(MAP_FRAME).first.bounding_box()
    assert box["y"] + box["height"] <= 1080 + 1, box  # the note's room taken from the frame
    page.screenshot(path=str(artifacts / "present_window_1080_note.png"))
