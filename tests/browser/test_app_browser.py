"""End to end in headless Chromium: the app shell keeps scope and language across pages.

AppTest cannot check this (it does not redraw ``app.py``'s sidebar after its first run; see
``tests/app/test_app.py``): a link opens the app at a scope, a page is changed with the sidebar
menu and the language with the sidebar select box, as a user would, and the sidebar, the
page and the address bar must agree all along.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import assert_map_drawn, assert_no_exception, choose, wait_idle

pytestmark = pytest.mark.browser

TIMEOUT_MS = 90_000


def sidebar_values(pg: object) -> dict[str, str]:
    """Label → shown value of every sidebar select box (the placeholder when empty)."""
    values = {}
    for box in pg.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').all():
        field = box.locator("input")
        values[box.locator("label").inner_text()] = field.input_value() or (
            field.get_attribute("placeholder") or ""
        )
    return values


def query(pg: object) -> dict[str, str]:
    """The address bar's query parameters."""
    return {k: v[-1] for k, v in parse_qs(urlparse(pg.url).query).items()}


def test_scope_and_language_survive_a_page_switch_and_a_language_change(
    page: object, app_url: str, artifacts: Path
) -> None:
    page.goto(f"{app_url}/?province=44&city=4401&lang=en&basemap=offline")
    wait_idle(page)
    assert_map_drawn(page, min_paths=5)  # Guangzhou's districts
    assert sidebar_values(page) == {
        "语言 / Language": "English",
        "Region": "National",
        "Province": "Guangdong",
        "City": "Guangzhou",  # cities in English in English
        "Basemap": "Offline (boundaries only)",
    }
    assert query(page) == {"province": "44", "city": "4401", "lang": "en"}  # defaults dropped
    assert page.evaluate("document.documentElement.lang") == "en"  # <html lang> as the page
    page.screenshot(path=str(artifacts / "app_1_link_en_4401.png"), full_page=True)

    # To another page through the sidebar menu, as a user would.
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Scoring", exact=True).click()
    page.wait_for_url("**/scoring?*", timeout=30_000)
    wait_idle(page)
    page.get_by_text("Scope: Guangdong · Guangzhou.", exact=False).wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(page)
    assert sidebar_values(page)["Province"] == "Guangdong"
    assert sidebar_values(page)["City"] == "Guangzhou"
    assert urlparse(page.url).path == "/scoring"
    assert query(page) == {"province": "44", "city": "4401", "lang": "en"}
    # a choice on the page itself, to be kept through the language switch
    method = page.locator('[data-testid="stMain"]').get_by_role("combobox", name="Method")
    method.click()
    page.get_by_role("option", name="TOPSIS", exact=True).click()
    wait_idle(page)
    assert method.input_value() == "TOPSIS"
    page.screenshot(path=str(artifacts / "app_2_scoring_en.png"), full_page=True)

    # The language with the sidebar select box: same scope, Chinese labels.
    choose(page, "语言 / Language", "中文")
    page.get_by_role("heading", name="社区评分").wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("范围：广东省 · 广州市。", exact=False).wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(page)
    # Streamlit serves every page as <html lang="en">: the app declares the page's language
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert sidebar_values(page) == {
        "语言 / Language": "中文",
        "区域": "全国",
        "省份": "广东省",
        "城市": "广州市",
        "底图": "离线（仅边界）",
    }
    nav = page.locator('[data-testid="stSidebarNav"]')
    assert nav.get_by_text("总览地图", exact=True).count() == 1
    assert nav.get_by_text("Overview", exact=True).count() == 0
    assert urlparse(page.url).path == "/scoring"
    assert query(page) == {"province": "44", "city": "4401"}  # Chinese is the default
    method = page.locator('[data-testid="stMain"]').get_by_role("combobox", name="评分方法")
    assert method.input_value() == "TOPSIS 逼近理想解"
    page.screenshot(path=str(artifacts / "app_3_scoring_zh.png"), full_page=True)

    # The next sidebar choice after the switch keeps the rest of the scope and the page's
    # method (the boxes were once left showing their English labels, which the browser sent
    # back with the next choice: scope and method fell back to their defaults).
    choose(page, "城市", "深圳市")
    page.get_by_text("范围：广东省 · 深圳市。", exact=False).wait_for(timeout=TIMEOUT_MS)
    assert sidebar_values(page)["省份"] == "广东省"
    assert sidebar_values(page)["城市"] == "深圳市"
    assert query(page) == {"province": "44", "city": "4403"}
    assert method.input_value() == "TOPSIS 逼近理想解"  # the page's choice too

    # Back to the overview: its map is drawn at the new city.
    nav.get_by_text("总览地图", exact=True).click()
    wait_idle(page)
    page.get_by_text("广东省 · 深圳市", exact=False).first.wait_for(timeout=TIMEOUT_MS)
    assert_map_drawn(page, min_paths=5)
    assert query(page) == {"province": "44", "city": "4403"}
    page.screenshot(path=str(artifacts / "app_4_overview_zh_4403.png"), full_page=True)
    assert page.external_requests == [], page.external_requests
