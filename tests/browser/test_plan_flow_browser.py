"""The whole two-account flow of issue 18 in headless Chromium, on SQLite and PostgreSQL.

The Sichuan account logs in (scope opens on 四川), saves its pick as its part of the
national plan, reloads (still signed in, work back), downloads the signable 备案表 and
submits; the centre returns it with a reason; the province saves again and resubmits; the
centre accepts. The database then holds each reason on its own transition, and the page
shows each province's part with its state (its times in Beijing time are checked in
tests/app/test_page_parts.py: the grid draws only the rows on screen).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from geo import store
from geo.store import parts
from geo.store.models import AUDIT
from tests.browser.conftest import (
    ROOT,
    assert_no_exception,
    open_page,
    start_streamlit,
    stop,
    wait_idle,
)

pytestmark = pytest.mark.browser
pytest_plugins = ["tests.pg"]

TIMEOUT_MS = 120_000
PLAN = "2021 全国第一批"
ACCOUNTS = {"sc": "川青春2021!", "centre": "centre-pass-2021!"}


@pytest.fixture
def app(db_url: str, tmp_path: Path, artifacts: Path) -> Iterator[tuple]:
    """``(url, db)``: the app over a fresh database of each backend with the two accounts."""
    env = {"YOUTHMAP_HOME": str(tmp_path), "YOUTHMAP_DB_URL": db_url, "YOUTHMAP_NO_LOGIN": ""}
    db = store.open_store(db_url)
    store.create_user(db, "sc", ACCOUNTS["sc"], "province", "51")
    store.create_user(db, "centre", ACCOUNTS["centre"], "central")
    store.users.set_profile(db, "sc", unit_name="共青团四川省委", contact="张三", phone="028-1234")
    proc, url = start_streamlit(ROOT / "app.py", artifacts / "streamlit_plan_flow.log", env)
    try:
        yield url, db
    finally:
        stop(proc)
        db.dispose()


def _log_in(page: object, url: str, name: str) -> None:
    page.goto(url)
    wait_idle(page)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(ACCOUNTS[name])
    page.get_by_role("button", name="登录").click()
    page.locator('[data-testid="stSidebarNav"]').get_by_text("备案与评估").wait_for(
        timeout=TIMEOUT_MS
    )
    wait_idle(page)


def _log_out(page: object) -> None:
    open_page(page, "登录", "login")
    page.get_by_role("button", name="退出登录").click()
    page.get_by_label("用户名").wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)


def _save_part(page: object) -> None:
    open_page(page, "名额与遴选", "selection")
    page.get_by_role("button", name="保存为四川省的方案部分").click()
    page.get_by_text("已保存：四川省在“2021 全国第一批”中的部分共", exact=False).wait_for(
        timeout=TIMEOUT_MS
    )
    wait_idle(page)


def _filing_tab(page: object) -> None:
    open_page(page, "备案与评估", "management")
    page.get_by_role("tab", name="备案", exact=True).click()
    wait_idle(page)


def _click(page: object, label: str, reason: str = "") -> None:
    if reason:
        box = page.get_by_role("textbox", name="原因").first
        box.fill(reason)
        box.press("Enter")
        wait_idle(page)
    page.get_by_role("button", name=label, exact=True).click()
    page.get_by_text("已保存。", exact=True).wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)


def _choose_unit(page: object, name: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="省份/兵团")
    box.locator("input").click()
    page.get_by_role("option", name=name).click()
    wait_idle(page)


def test_province_files_centre_returns_province_resubmits_centre_accepts(
    page: object, app: tuple, artifacts: Path, tmp_path: Path
) -> None:
    url, db = app
    _log_in(page, url, "sc")
    _save_part(page)
    page.reload()
    wait_idle(page)
    page.get_by_text("保存的工作", exact=True).wait_for(timeout=TIMEOUT_MS)  # still signed in
    _filing_tab(page)
    with page.expect_download(timeout=TIMEOUT_MS) as got:
        page.get_by_role("button", name="下载四川省备案表（可签章，XLSX）").click()
    form = tmp_path / "备案表.xlsx"
    got.value.save_as(form)
    ws = openpyxl.load_workbook(form)["备案表"]
    assert ws["A1"].value == "社区青春行动实施社区备案表" and "联系人：张三" in ws["A2"].value
    _click(page, "提交备案")
    page.screenshot(path=str(artifacts / "plan_flow_submitted.png"))
    _log_out(page)

    _log_in(page, url, "centre")
    _filing_tab(page)
    _choose_unit(page, "四川省")
    _click(page, "退回", "成都占比过高，请调整")
    _log_out(page)

    _log_in(page, url, "sc")
    page.get_by_text("保存的工作", exact=False).count()  # the draft was restored at login
    _save_part(page)
    _filing_tab(page)
    page.get_by_text("成都占比过高，请调整", exact=False).first.wait_for(timeout=TIMEOUT_MS)
    _click(page, "提交备案")
    _log_out(page)

    _log_in(page, url, "centre")
    _filing_tab(page)
    _choose_unit(page, "四川省")
    _click(page, "同意备案", "材料齐全，同意")
    page.get_by_text("已备案", exact=True).first.wait_for(state="attached", timeout=TIMEOUT_MS)
    assert_no_exception(page)
    page.screenshot(path=str(artifacts / "plan_flow_accepted.png"))

    plan_id = int(store.list_plans(db)["id"].iloc[0])
    row = parts.part_states(db, plan_id).set_index("unit").loc["51"]
    assert row["state"] == "accepted" and row["communities"] > 0
    with db.read() as conn:
        moves = conn.execute(
            select(AUDIT.c.action, AUDIT.c.user_name, AUDIT.c.reason)
            .where(AUDIT.c.entity == "filings", AUDIT.c.action.like("filing_%"))
            .order_by(AUDIT.c.id)
        ).all()
    assert [tuple(m) for m in moves] == [
        ("filing_submit", "sc", ""),
        ("filing_return", "centre", "成都占比过高，请调整"),
        ("filing_submit", "sc", ""),
        ("filing_accept", "centre", "材料齐全，同意"),
    ]
