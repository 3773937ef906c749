"""End to end in headless Chromium: log in on a login-required server and change a status.

The app runs in its own server here, with ``YOUTHMAP_HOME`` in a temporary folder and
``YOUTHMAP_NO_LOGIN=0`` (a shared deployment that asks for a login); the accounts and the plan
are seeded with the library into the SQLite file the server opens, and the change made in the
browser is read back from that file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from geo import store
from geo.plan.auth import User
from tests.browser.conftest import (
    ROOT,
    assert_no_exception,
    assert_quiet_log,
    message,
    open_page,
    start_streamlit,
    stop,
    wait_idle,
)

pytestmark = pytest.mark.browser

TIMEOUT_MS = 90_000
CENTRAL = User("centre", "central")
GD_NAME, GD_PASSWORD = "gd", "gd-password-1"


@pytest.fixture(scope="module")
def login_app(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator[tuple]:
    """``(url, db, plan_id)``: a login-required server over a seeded SQLite database."""
    home = tmp_path_factory.mktemp("youthmap_home")
    env = {"YOUTHMAP_HOME": str(home), "YOUTHMAP_DB_URL": "", "YOUTHMAP_NO_LOGIN": "0"}
    db = store.open_store(store.database_url(env))
    store.create_user(db, "centre", "centre-password", "central")
    store.create_user(db, GD_NAME, GD_PASSWORD, "province", "44")
    chosen = pd.DataFrame(
        {
            "id": ["GZ1", "GZ2", "SH1"],
            "name": ["天河社区", "越秀社区", "黄浦社区"],
            "county_code": ["440106", "440104", "310101"],
            "score": [0.9, 0.8, 0.7],
            "rank": [1, 2, 1],
        }
    )
    plan_id = store.create_plan(db, CENTRAL, "2021 第一批", chosen)
    proc, url = start_streamlit(ROOT / "serve.py", artifacts / "streamlit_login.log", env)
    try:
        yield url, db, plan_id
    finally:
        stop(proc)
        db.dispose()
    assert_quiet_log(proc)


def test_province_user_logs_in_and_recommends_a_community(
    page: object, login_app: tuple, artifacts: Path
) -> None:
    url, db, plan_id = login_app
    # The first request of the server is for the management page itself: Streamlit would run
    # pages/management.py alone (its pages/-folder mode); ui.state reruns it through app.py,
    # whose login gate holds.
    page.goto(f"{url}/management")
    wait_idle(page)
    page.get_by_label("用户名").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_text("状态看板", exact=True).count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').get_by_text("备案与评估").count() == 0

    page.get_by_label("密码").fill("wrong-password")
    page.get_by_label("用户名").fill(GD_NAME)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("用户名或密码不正确。", exact=True).wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(page)
    page.screenshot(path=str(artifacts / "login_failed.png"), full_page=True)

    page.get_by_label("密码").fill(GD_PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_idle(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text("备案与评估", exact=True).wait_for(timeout=TIMEOUT_MS)
    open_page(page, "备案与评估", "management")
    page.get_by_text("当前用户：gd（省级团委）", exact=False).wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(page)

    page.get_by_role("tab", name="状态更新").click()
    picker = page.locator('[data-testid="stMultiSelect"]').filter(has_text="社区")
    picker.locator("input").click()
    page.get_by_role("option", name="天河社区 · GZ1").click()
    wait_idle(page)
    page.keyboard.press("Escape")  # close the options list
    target = page.locator('[data-testid="stSelectbox"]').filter(has_text="新状态")
    target.wait_for(timeout=TIMEOUT_MS)
    assert target.locator("input").input_value() == "省级推荐"
    page.get_by_role("textbox", name="原因").fill("基础好，青年多")
    page.get_by_role("textbox", name="原因").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="应用").click()
    message(page, "已将 1 个社区改为“省级推荐”。", exact=True).wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)
    assert_no_exception(page)
    page.screenshot(path=str(artifacts / "management_status_changed.png"), full_page=True)

    row = store.community(db, plan_id, "GZ1")
    assert (row["status"], row["updated_by"], row["reason"]) == (
        "recommended",
        GD_NAME,
        "基础好，青年多",
    )
    assert store.community(db, plan_id, "GZ2")["status"] == "candidate"
    assert page.external_requests == [], page.external_requests


def test_the_centre_stays_on_its_tab_through_typing_saving_and_downloading(
    page: object, login_app: tuple, artifacts: Path
) -> None:
    """Typing a score, saving the evaluation, downloading and choosing a status each rerun the
    page; the centre stays on the tab it acted on and sees that action's message there. The
    evaluated community then moves on to 继续实施 without a false "changed by someone else"."""
    url, db, plan_id = login_app
    row = store.community(db, plan_id, "GZ2")
    store.transition(db, CENTRAL, plan_id, "GZ2", "recommended", row["version"])
    unit = store.filings(db, plan_id).set_index("unit").loc["44"]
    store.submit_filing(db, CENTRAL, plan_id, "44", int(unit["version"]))
    unit = store.filings(db, plan_id).set_index("unit").loc["44"]
    store.accept_filing(db, CENTRAL, plan_id, "44", int(unit["version"]))
    row = store.community(db, plan_id, "GZ2")
    store.transition(db, CENTRAL, plan_id, "GZ2", "launched", row["version"])

    def open_tab() -> str:
        return page.locator('[role="tab"][aria-selected="true"]').inner_text()

    page.goto(f"{url}/management")
    wait_idle(page)
    page.get_by_label("用户名").fill("centre")
    page.get_by_label("密码").fill("centre-password")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("当前用户：centre（团中央）", exact=False).wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)
    page.get_by_role("tab", name="状态更新").click()  # seen: GZ2 as launched
    picker = page.locator('[data-testid="stMultiSelect"]').filter(has_text="社区")
    picker.locator("input").click()
    page.get_by_role("option", name="越秀社区 · GZ2").click()
    wait_idle(page)
    page.keyboard.press("Escape")
    page.get_by_role("tab", name="评估录入").click()
    wait_idle(page)
    evaluation = page.locator('[data-testid="stSelectbox"]:visible').filter(has_text="社区")
    evaluation.locator("input").click()
    page.get_by_role("option", name="越秀社区 · GZ2").click()
    wait_idle(page)
    for label, points in (("四点半课堂", "20"), ("智慧助老", "18"), ("美丽社区/垃圾分类", "22")):
        box = page.get_by_label(label)
        box.fill(points)
        box.press("Enter")
        wait_idle(page)
        assert open_tab() == "评估录入"  # typing a score reran the page in place
    box = page.get_by_label("弱势青少年帮扶")
    box.fill("19")
    box.press("Enter")
    wait_idle(page)
    expert = page.get_by_label("评估专家")
    expert.fill("李教授")
    expert.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="保存评估").click()
    said = "已保存越秀社区（GZ2）的评估：总分 79 分，状态为已评估。"  # 20 + 18 + 22 + 19
    page.get_by_role("tabpanel").get_by_text(said, exact=True).wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)
    assert open_tab() == "评估录入"
    page.get_by_text("当前状态：已评估", exact=True).wait_for(timeout=TIMEOUT_MS)
    page.screenshot(path=str(artifacts / "management_evaluation_saved.png"), full_page=True)
    with page.expect_download(timeout=TIMEOUT_MS):
        page.get_by_role("button", name="下载评估汇总（Excel）").click()
    wait_idle(page)
    assert open_tab() == "评估录入"

    page.get_by_role("tab", name="状态更新").click()
    wait_idle(page)
    target = page.locator('[data-testid="stSelectbox"]:visible').filter(has_text="新状态")
    target.locator("input").click()
    page.get_by_role("option", name="继续实施").click()
    wait_idle(page)
    assert open_tab() == "状态更新"
    page.get_by_role("button", name="应用").click()
    page.get_by_role("tabpanel").get_by_text("已将 1 个社区改为“继续实施”。", exact=True).wait_for(
        timeout=TIMEOUT_MS
    )
    wait_idle(page)
    assert open_tab() == "状态更新"
    assert page.get_by_text("数据已被他人修改", exact=False).count() == 0
    assert store.community(db, plan_id, "GZ2")["status"] == "continued"
    assert_no_exception(page)
    page.screenshot(path=str(artifacts / "management_continued.png"), full_page=True)
