"""End to end in headless Chromium: the scoring and selection pages with their map, offline."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_idle

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
DRAW_TIMEOUT_MS = 90_000


def _open(pg: object, title: str, path: str) -> None:
    """Follow the sidebar link of a page (direct page URLs bypass app.py's navigation)."""
    pg.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    pg.wait_for_url(f"**/{path}*", timeout=30_000)
    wait_idle(pg)


def test_selection_page_draws_its_map_and_a_click_picks_a_community(
    page: object, app_url: str, artifacts
) -> None:
    page.goto(app_url)
    wait_idle(page)
    _open(page, "社区评分", "scoring")
    assert page.locator('[data-testid="stException"]').count() == 0
    page.get_by_text("共 110,000 个社区", exact=False).first.wait_for(timeout=DRAW_TIMEOUT_MS)
    page.screenshot(path=str(artifacts / "scoring_national.png"), full_page=True)

    _open(page, "名额与遴选", "selection")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("合计一致", exact=False).count() >= 1
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(".leaflet-container").wait_for(timeout=DRAW_TIMEOUT_MS)
    frame.locator(".leaflet-pane canvas").first.wait_for(state="attached", timeout=DRAW_TIMEOUT_MS)
    assert frame.locator(".leaflet-control-layers-overlays input").count() >= 3
    page.screenshot(path=str(artifacts / "selection_national.png"), full_page=True)

    # Click the map centre: the page reruns with the click and stays error-free.
    box = frame.locator(".leaflet-container").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(1_500)
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.external_requests == [], page.external_requests
