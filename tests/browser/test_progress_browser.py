"""End to end in headless Chromium: a county account uploads a month of activities, the
province sees its progress and a warning for an inactive community with its county, and the
centre runs the evaluation and starts the next cycle.

A login-required server over a seeded SQLite file (as ``test_management_browser.py``); each
account logs in in a browser context of its own, and what they did is read back from the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from geo import store
from geo.plan.auth import User
from geo.store import records as srec
from tests.browser.conftest import (
    ROOT,
    assert_map_drawn,
    assert_no_exception,
    assert_quiet_log,
    grid_rows,
    message,
    open_page,
    start_streamlit,
    stop,
    wait_idle,
)

pytestmark = pytest.mark.browser

TIMEOUT_MS = 180_000
CENTRAL = User("centre", "central")
ACCOUNTS = {
    "jinjiang": ("jinjiang-password", "county", "51", "510104"),
    "sichuan": ("sichuan-password", "province", "51", None),
    "centre": ("centre-password", "central", None, None),
}
COMMUNITIES = {
    "C510104-0001": ("锦官驿街道第1社区", "510104"),
    "C510104-0002": ("锦官驿街道第2社区", "510104"),
    "C510105-0001": ("草市街街道第1社区", "510105"),
}
MONTH = (
    "社区编号,日期,任务领域,活动名称,参与人数,志愿服务时长（小时）,受益儿童,合作方类型\n"
    "C510104-0001,2021-09-01,四点半课堂,作业辅导,12,24,10,高校团支部\n"
    "C510104-0001,2021-09-15,智慧助老,手机课堂,8,8,0,\n"
    "C510104-0002,2021-09-20,美丽社区/垃圾分类,垃圾分类宣传,20,30,0,驻区单位\n"
    "C510105-0001,2021-09-21,四点半课堂,作业辅导,5,5,5,\n"
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator[tuple]:
    """``(url, db, plan_id)``: a login-required server over a seeded SQLite database."""
    home = tmp_path_factory.mktemp("youthmap_home")
    env = {"YOUTHMAP_HOME": str(home), "YOUTHMAP_DB_URL": "", "YOUTHMAP_NO_LOGIN": "0"}
    db = store.open_store(store.database_url(env))
    for name, (password, role, province, county) in ACCOUNTS.items():
        store.create_user(db, name, password, role, province, county)
    chosen = pd.DataFrame(
        {
            "id": list(COMMUNITIES),
            "name": [v[0] for v in COMMUNITIES.values()],
            "county_code": [v[1] for v in COMMUNITIES.values()],
        }
    )
    plan_id = store.create_plan(db, CENTRAL, "2021 第一批", chosen)
    proc, url = start_streamlit(ROOT / "serve.py", artifacts / "streamlit_progress.log", env)
    try:
        yield url, db, plan_id
    finally:
        stop(proc)
        db.dispose()
    assert_quiet_log(proc)


def session(browser: object, url: str, name: str) -> object:
    """A fresh browser context logged in as ``name``, on the progress page."""
    context = browser.new_context(viewport={"width": 1440, "height": 1400}, locale="zh-CN")
    pg = context.new_page()
    pg.goto(url)  # logged out, only the login page exists: /progress would say "not found"
    wait_idle(pg, TIMEOUT_MS)
    expect(pg.get_by_label("用户名")).to_be_editable(timeout=TIMEOUT_MS)
    pg.get_by_label("用户名").fill(name)
    pg.get_by_label("密码").fill(ACCOUNTS[name][0])
    pg.get_by_role("button", name="登录").click()
    wait_idle(pg, TIMEOUT_MS)
    open_page(pg, "年度进展", "progress")
    pg.get_by_text("年度实施进展", exact=True).wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(pg)
    return pg


def choose_tab(pg: object, name: str) -> None:
    """Open the page's tab ``name`` and wait for the rerun it asks for (the tabs are keyed:
    a tab clicked while an earlier run was still drawing could be drawn back to the tab of
    that run, and a button on it clicked too soon was not there for 30 s under load)."""
    wait_idle(pg, TIMEOUT_MS)
    pg.get_by_role("tab", name=name).click()
    wait_idle(pg, TIMEOUT_MS)
    selected = pg.locator('[role="tab"][aria-selected="true"]')
    if selected.inner_text() != name:
        pg.get_by_role("tab", name=name).click()
        wait_idle(pg, TIMEOUT_MS)
    expect(selected).to_have_text(name, timeout=TIMEOUT_MS)


def test_county_uploads_province_sees_warning_centre_evaluates_and_starts_next_cycle(
    browser: object, app: tuple, artifacts: Path, tmp_path: Path
) -> None:
    url, db, plan_id = app
    sheet = tmp_path / "九月活动.csv"
    sheet.write_text(MONTH, encoding="utf-8")

    county = session(browser, url, "jinjiang")
    choose_tab(county, "录入与导入")
    county.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(sheet))
    county.get_by_text("九月活动.csv：4 行，有效 3 行，错误 1 处", exact=False).wait_for(
        timeout=TIMEOUT_MS
    )
    rows = grid_rows(county, "问题清单")
    assert rows == [["九月活动.csv 第5行 “社区编号”列：该社区不属于您所在的地区，不能录入"]], rows
    county.get_by_role("button", name="导入有效行").click()
    message(county, "已导入：新增 3 条").wait_for(timeout=TIMEOUT_MS)
    wait_idle(county)
    assert_no_exception(county)
    # the import reran the page and the county stays on the tab where it acted, the
    # message shown there (it jumped back to 进展, the message above the tabs)
    open_tab = county.locator('[role="tab"][aria-selected="true"]').inner_text()
    assert open_tab == "录入与导入"
    assert county.get_by_role("tabpanel").get_by_text("已导入：新增 3 条", exact=False).is_visible()
    county.screenshot(path=str(artifacts / "progress_county_import.png"), full_page=True)
    county.context.close()
    acts = srec.records(db, plan_id, "activities")
    assert sorted(acts["community_id"]) == ["C510104-0001", "C510104-0001", "C510104-0002"]
    assert set(acts["entered_by"]) == {"jinjiang"}
    assert acts["volunteer_hours"].sum() == 62.0

    province = session(browser, url, "sichuan")
    assert_map_drawn(province, min_paths=1)
    choose_tab(province, "预警")
    rows = grid_rows(province, "预警")
    inactive = [r for r in rows if "60天无活动" in r]
    assert any("C510105-0001" in r and "510105" in r for r in inactive), rows
    province.screenshot(path=str(artifacts / "progress_province_warnings.png"), full_page=True)
    province.context.close()

    centre = session(browser, url, "centre")
    choose_tab(centre, "评估")
    centre.get_by_text("退出名单", exact=True).wait_for(timeout=TIMEOUT_MS)
    choose_tab(centre, "下一周期")
    start = centre.get_by_role("button", name="生成下一周期方案（延续社区；空出的名额由各省补选）")
    start.wait_for(timeout=TIMEOUT_MS)
    # as of September, in a year to April: the next cycle waits for the whole year's records
    expect(start).to_be_disabled()
    # the date field's parts are spin buttons: typing runs from the year to the day
    centre.get_by_role("spinbutton", name="year, 统计截至").click()
    centre.keyboard.type("20220430")
    centre.keyboard.press("Tab")
    wait_idle(centre, TIMEOUT_MS)
    choose_tab(centre, "下一周期")
    expect(start).to_be_enabled(timeout=TIMEOUT_MS)
    start.click()
    message(centre, "已生成新方案").wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(centre)
    centre.screenshot(path=str(artifacts / "progress_next_cycle.png"), full_page=True)
    centre.context.close()
    plans = store.list_plans(db)
    new_id = int(plans["id"].max())
    assert new_id != plan_id
    params = store.get_plan(db, new_id)["params"]
    assert params["previous_plan"] == plan_id and params["quotas"] == {"51": 3}
    carried = set(srec.plan_areas(db, new_id)["community_id"])
    assert carried == set(params["carried_over"])
    assert carried | set(params["exited"]) == set(COMMUNITIES)

    # the province refills its freed places on the selection page, under the first rules
    province = session(browser, url, "sichuan")
    open_page(province, "名额与遴选", "selection")
    province.get_by_text("下一周期补选", exact=True).click()
    load = province.get_by_role("button", name="载入到本页遴选")
    load.wait_for(timeout=TIMEOUT_MS)
    wait_idle(province, TIMEOUT_MS)
    load.click()
    wait_idle(province, TIMEOUT_MS)
    loaded = province.get_by_text("正在为", exact=False)
    loaded.wait_for(state="attached", timeout=TIMEOUT_MS)
    if not loaded.is_visible():  # a rerun that was under way may have closed the expander
        province.get_by_text("下一周期补选", exact=True).click()
    loaded.wait_for(timeout=TIMEOUT_MS)
    wait_idle(province, TIMEOUT_MS)
    free = 3 - len(carried)
    write = province.get_by_role("button", name=f"将 {free} 个补选社区写入下一周期方案")
    write.click()
    message(province, f"已写入 {free} 个补选社区").wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(province)
    province.screenshot(path=str(artifacts / "progress_next_refill.png"), full_page=True)
    province.context.close()
    second = srec.plan_areas(db, new_id)
    assert len(second) == 3 and set(second["quota_unit"]) == {"51"}
    assert not set(second["community_id"]) & set(params["exited"])
