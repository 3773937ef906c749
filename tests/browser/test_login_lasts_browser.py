"""A login that lasts: in headless Chromium, a province account logs in, reloads the page
(F5) and is still signed in with the scope on its province; logout ends the session in the
database; a deactivated account's open browser is signed out on its next action. The
session cookie is HttpOnly: set and cleared by the server, out of every page script's
reach."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from geo import store
from geo.store import sessions
from geo.store.models import LOGIN_SESSIONS
from tests.browser.conftest import (
    ROOT,
    assert_no_exception,
    assert_quiet_log,
    open_page,
    start_streamlit,
    stop,
    wait_idle,
)

pytestmark = pytest.mark.browser

TIMEOUT_MS = 90_000
SC_NAME, SC_PASSWORD = "sc", "川青春2021!"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator[tuple]:
    """``(url, db)``: the app over a SQLite database holding a Sichuan account. Login is on
    because an account exists (no ``YOUTHMAP_NO_LOGIN`` set)."""
    home = tmp_path_factory.mktemp("youthmap_home")
    env = {"YOUTHMAP_HOME": str(home), "YOUTHMAP_DB_URL": "", "YOUTHMAP_NO_LOGIN": ""}
    db = store.open_store(store.database_url(env))
    store.create_user(db, SC_NAME, SC_PASSWORD, "province", "51")
    proc, url = start_streamlit(ROOT / "serve.py", artifacts / "streamlit_login_lasts.log", env)
    try:
        yield url, db
    finally:
        stop(proc)
        db.dispose()
    assert_quiet_log(proc)


def _session_cookie(page: object, present: bool = True) -> dict | None:
    """The browser's session cookie once it is there (or gone, with ``present`` false): the
    page posts the login's nonce, or the logout, to the server after the run that made it."""
    for _ in range(300):
        cookie = {c["name"]: c for c in page.context.cookies()}.get("youthmap_session")
        if (cookie is not None) == present:
            return cookie
        page.wait_for_timeout(100)
    raise AssertionError(f"the session cookie is {'missing' if present else 'still set'}")


def _log_in(page: object, url: str) -> None:
    page.goto(url)
    wait_idle(page)
    page.get_by_label("用户名").fill(SC_NAME)
    page.get_by_label("密码").fill(SC_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.locator('[data-testid="stSidebarNav"]').get_by_text("名额与遴选").wait_for(
        timeout=TIMEOUT_MS
    )
    wait_idle(page)
    _session_cookie(page)


def _scope_province(page: object) -> str:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has_text="省份"
    )
    return box.locator("input").input_value()


def _live_sessions(db: store.Store) -> int:
    with db.read() as conn:
        rows = conn.execute(select(LOGIN_SESSIONS).where(LOGIN_SESSIONS.c.revoked_at.is_(None)))
        return len(rows.all())


def test_a_reload_keeps_the_login_and_the_scope_opens_on_the_province(
    page: object, app: tuple, artifacts: Path
) -> None:
    url, db = app
    _log_in(page, url)
    assert _scope_province(page) == "四川省"
    cookie = {c["name"]: c for c in page.context.cookies()}["youthmap_session"]
    assert cookie["sameSite"] == "Strict" and "." in cookie["value"]
    page.reload()
    wait_idle(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text("名额与遴选").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_label("用户名").count() == 0
    assert _scope_province(page) == "四川省"
    assert_no_exception(page)
    page.screenshot(path=str(artifacts / "login_after_reload.png"), full_page=True)

    before = _live_sessions(db)
    assert nav.get_by_text("登录", exact=True).count() == 0  # signed in: 账号, not 登录
    nav.get_by_text("账号", exact=True).click()
    wait_idle(page)
    page.get_by_role("button", name="退出登录").click()
    page.get_by_label("用户名").wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)
    assert _live_sessions(db) == before - 1
    page.reload()
    wait_idle(page)
    page.get_by_label("用户名").wait_for(timeout=TIMEOUT_MS)  # signed out for good
    _session_cookie(page, present=False)
    assert "youthmap_session" not in {c["name"] for c in page.context.cookies()}


def test_the_session_cookie_is_httponly_and_set_by_the_server(page: object, app: tuple) -> None:
    """The signed session token was written by a page script (document.cookie): any script
    in the page could read it. Now the server sets it HttpOnly, SameSite=Strict, Path=/ (no
    Secure over plain HTTP); a reload still resumes the login; logout clears it."""
    url, db = app
    _log_in(page, url)
    cookie = _session_cookie(page)
    assert cookie is not None
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert cookie["secure"] is False
    assert sessions.resume_session(db, cookie["value"]) is not None
    assert "youthmap_session" not in page.evaluate("document.cookie")
    page.reload()
    wait_idle(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text("名额与遴选").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_label("用户名").count() == 0
    assert "youthmap_session" not in page.evaluate("document.cookie")
    nav.get_by_text("账号", exact=True).click()
    wait_idle(page)
    page.get_by_role("button", name="退出登录").click()
    page.get_by_label("用户名").wait_for(timeout=TIMEOUT_MS)
    assert _session_cookie(page, present=False) is None
    assert sessions.resume_session(db, cookie["value"]) is None
    assert_no_exception(page)


def test_a_deactivated_account_is_signed_out_on_reload(page: object, app: tuple) -> None:
    url, db = app
    _log_in(page, url)
    store.set_active(db, SC_NAME, False)
    try:
        page.reload()
        wait_idle(page)
        page.get_by_label("用户名").wait_for(timeout=TIMEOUT_MS)
        assert page.locator('[data-testid="stSidebarNav"]').get_by_text("名额与遴选").count() == 0
    finally:
        store.set_active(db, SC_NAME, True)


def test_locks_and_exclusions_come_back_after_a_reload(
    page: object, app: tuple, artifacts: Path, layers: object
) -> None:
    """The Sichuan account locks one community and excludes another, each with a reason;
    after F5 it is still signed in, the scope is 四川 and both are back, from the database."""
    from geo.store import drafts

    url, db = app
    _log_in(page, url)
    open_page(page, "名额与遴选", "selection")
    sc_user = store.get_user(db, SC_NAME)
    doc = drafts.load_draft(db, sc_user)
    assert doc is not None and doc["settings"]["scope_province"] == "51"  # saved on arrival
    chosen = set(doc["pick"])
    sichuan = layers.communities[layers.communities["province_code"] == "51"]["id"]
    lock_id = next(i for i in sorted(sichuan) if i not in chosen)
    drop_id = sorted(i for i in chosen if i.startswith("C51"))[0]
    for cid, button, reason in (
        (lock_id, "锁定入选", "街道推荐，基础好"),
        (drop_id, "排除", "已列入拆迁"),
    ):
        ids = page.get_by_label("或输入社区编号（逗号分隔）")
        ids.fill(cid)
        ids.press("Enter")
        wait_idle(page)
        reason_box = page.get_by_label("调整理由（必填）")
        reason_box.fill(reason)
        reason_box.press("Enter")
        wait_idle(page)
        page.get_by_role("button", name=button, exact=True).click()
        wait_idle(page)
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("已保存。刷新页面、重新登录或服务器重启后仍在。").wait_for(timeout=TIMEOUT_MS)
    page.reload()
    wait_idle(page)
    page.get_by_text("保存的工作", exact=True).wait_for(timeout=TIMEOUT_MS)
    assert _scope_province(page) == "四川省"
    page.get_by_text("街道推荐，基础好").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    page.get_by_text("已列入拆迁").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    assert_no_exception(page)
    page.get_by_text("保存的工作", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "selection_draft_after_reload.png"))
    saved = drafts.load_draft(db, sc_user)
    assert {(c["id"], c["action"]) for c in saved["changes"]} == {
        (lock_id, "lock"),
        (drop_id, "exclude"),
    }
    assert lock_id in saved["pick"] and drop_id not in saved["pick"]
