"""End to end in headless Chromium: the pairing page draws its lines offline."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_idle

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
DRAW_TIMEOUT_MS = 90_000


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
    # pair lines are SVG paths in the overlay pane; there are about 1,800 here
    frame.locator(".leaflet-overlay-pane path").nth(50).wait_for(
        state="attached", timeout=DRAW_TIMEOUT_MS
    )
    assert frame.locator(".leaflet-control-layers-overlays input").count() >= 4
    page.screenshot(path=str(artifacts / "pairing_national.png"), full_page=True)
    assert page.external_requests == [], page.external_requests
