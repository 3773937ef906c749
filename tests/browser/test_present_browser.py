"""End to end in headless Chromium: the presentation page steps with the keyboard, offline."""

from __future__ import annotations

import pytest

from tests.browser.conftest import MAP_FRAME, wait_idle

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
