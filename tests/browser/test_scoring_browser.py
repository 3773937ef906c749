"""End to end in headless Chromium: move a weight slider with the keyboard, the ranking changes."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_exception, goto, grid_rows, wait_idle

pytestmark = pytest.mark.browser

PROVINCE_RANK = "省内排名"  # a column header of the ranking table
SLIDER = "周边高校校区数"  # default weight 0.05, step 0.05
PRESSES = 10


def _top(rows: list[list[str]], n: int = 5) -> list[tuple[str, str]]:
    """(rank in province, community name) of the first ``n`` rows."""
    return [(r[1], r[2]) for r in rows[:n]]


def test_scoring_page_ranking_follows_a_weight_moved_with_the_keyboard(
    page: object, app_url: str, artifacts
) -> None:
    goto(page, app_url, "scoring", "province=44")
    page.get_by_text("共 11,423 个社区", exact=False).wait_for(timeout=90_000)
    assert_no_exception(page)
    before = grid_rows(page, PROVINCE_RANK)
    assert [r[1] for r in before[:3]] == ["1", "2", "3"]

    slider = page.locator('[data-testid="stSlider"]').filter(has_text=SLIDER)
    assert slider.locator('[data-testid="stSliderThumbValue"]').inner_text() == "0.05"
    thumb = slider.get_by_role("slider")
    thumb.focus()
    for _ in range(PRESSES):
        thumb.press("ArrowRight")
    wait_idle(page)
    page.wait_for_timeout(1_000)  # a late rerun from the last key press, if any
    wait_idle(page)
    assert_no_exception(page)
    assert slider.locator('[data-testid="stSliderThumbValue"]').inner_text() == "0.55"

    after = grid_rows(page, PROVINCE_RANK)
    assert [r[1] for r in after[:3]] == ["1", "2", "3"]
    assert _top(after) != _top(before)  # campuses nearby now weigh 11 times more
    page.locator('[data-testid="stDataFrame"]').first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "scoring_weight_moved_44.png"), full_page=True)
    assert page.external_requests == [], page.external_requests
