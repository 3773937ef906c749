"""End to end in headless Chromium: every page opened at once on a server that has just
started, as committees do after a restart.

Streamlit runs each session's script in a thread of one process. Before ``ui.preload`` and
``ui.state.rerun_if_legacy``, nine pages opened together on a fresh server failed on 6 of
7 starts: scripts importing the same modules in different orders hit CPython's import-lock
deadlock check (``ImportError: cannot import name 'auth' from 'ui'``, ``_DeadlockError``
in branca), and a run that began before the first session left Streamlit's ``pages/``
mode ran its page alone, without the sidebar or the login gate. Here, on a login-required
server, every page must show the login form in the app's own menu, with no error and no
trace in the server's log.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import store
from tests.browser.conftest import (
    ROOT,
    assert_no_exception,
    assert_quiet_log,
    start_streamlit,
    stop,
    wait_idle,
)

pytestmark = pytest.mark.browser

PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py") if p.stem != "login")


def test_every_page_at_once_on_a_fresh_server_asks_for_the_login(
    browser: object, tmp_path: Path, artifacts: Path
) -> None:
    assert len(PAGES) >= 9
    env = {"YOUTHMAP_HOME": str(tmp_path), "YOUTHMAP_DB_URL": "", "YOUTHMAP_NO_LOGIN": "0"}
    db = store.open_store(store.database_url(env))
    store.create_user(db, "centre", "centre-password", "central")
    db.dispose()
    proc, url = start_streamlit(ROOT / "app.py", artifacts / "streamlit_cold.log", env)
    contexts = []
    try:
        opened = []
        for name in PAGES:  # dispatched back to back: the sessions' first runs overlap
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            contexts.append(context)
            pg = context.new_page()
            pg.goto(f"{url}/{name}?lang=en", wait_until="commit")
            opened.append((name, pg))
        for name, pg in opened:
            nav = pg.locator('[data-testid="stSidebarNav"]')
            legacy = nav.get_by_text("app", exact=True)  # Streamlit's menu of file names
            error = pg.locator('[data-testid="stException"]')
            error.or_(legacy).or_(pg.get_by_label("User name")).first.wait_for(timeout=120_000)
            wait_idle(pg)
            assert_no_exception(pg)
            assert legacy.count() == 0, f"{name} ran alone, in Streamlit's legacy menu"
            assert nav.get_by_text(name, exact=True).count() == 0, name
            assert pg.get_by_text("Log in", exact=True).count() >= 1, name
        opened[-1][1].screenshot(path=str(artifacts / "cold_start_login.png"))
    finally:
        for context in contexts:
            context.close()
        stop(proc)
    assert_quiet_log(proc)


@pytest.mark.parametrize("launch", [True], ids=["youthmap serve"])
def test_the_first_visitor_after_a_restart_gets_the_apps_menu(
    browser: object, tmp_path: Path, artifacts: Path, launch: bool
) -> None:
    """A server started as ``youthmap serve`` starts it (``python -m ui.launch``) imports the
    app before it opens its port: the first visitor's page comes in the app's own menu. On
    ``streamlit run app.py`` the browser got Streamlit's menu of file names (app, coverage,
    data, login …) above an empty page for the seconds the first run spent importing the app
    (``launch=False`` here shows it)."""
    env = {"YOUTHMAP_HOME": str(tmp_path), "YOUTHMAP_DB_URL": "", "YOUTHMAP_DEMO_YEAR": "0"}
    script = ROOT / ("serve.py" if launch else "app.py")  # as youthmap serve, or streamlit run
    proc, url = start_streamlit(script, artifacts / "streamlit_first.log", env, launch)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        pg = context.new_page()
        pg.goto(f"{url}/?lang=en", wait_until="commit")
        links = pg.locator('[data-testid="stSidebarNav"] a')
        drawn = pg.locator('[data-testid="stMain"]').get_by_text("Overview map", exact=True)
        seen: set[str] = set()
        for _ in range(1200):  # every 100 ms, until the overview is drawn (at most 2 min)
            seen.update(_titles(links))
            if drawn.count():
                break
            pg.wait_for_timeout(100)
        assert drawn.count(), "the overview was not drawn within 2 minutes"
        seen.update(_titles(links))
        assert not seen & {"app", *PAGES}, f"Streamlit's menu of file names: {sorted(seen)}"
        assert {"Overview", "Coverage & siting", "Scoring"} <= seen, sorted(seen)
        assert_no_exception(pg)
    finally:
        context.close()
        stop(proc)
    assert_quiet_log(proc)


def _titles(links: object) -> set[str]:
    """The menu's titles, without the icons' names the links' text begins with."""
    return {t.strip().splitlines()[-1].strip() for t in links.all_inner_texts() if t.strip()}


def test_a_lost_connection_is_said_in_chinese(browser: object, tmp_path: Path, artifacts) -> None:
    """The server stops (a restart, a dropped network): Streamlit's dialog said "Connection
    error / Streamlit server is not responding. Are you connected to the internet?" in
    English on a Chinese page. The app's CSS writes the catalogue's words over it."""
    env = {"YOUTHMAP_HOME": str(tmp_path), "YOUTHMAP_DB_URL": "", "YOUTHMAP_NO_LOGIN": "0"}
    db = store.open_store(store.database_url(env))
    store.create_user(db, "centre", "centre-password", "central")
    db.dispose()
    proc, url = start_streamlit(ROOT / "app.py", artifacts / "streamlit_lost.log", env)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        pg = context.new_page()
        pg.goto(url)
        pg.get_by_label("用户名").wait_for(timeout=120_000)
        wait_idle(pg)
        stop(proc)
        dialog = pg.locator('[data-testid="stDialog"] section[role="dialog"]')
        dialog.wait_for(timeout=120_000)  # after Streamlit's sixth try to reach the server
        title, body = dialog.locator("> h2"), dialog.locator("> h2 + div")
        assert title.inner_text() == "Connection error"  # the words it replaces …
        assert "not responding" in body.evaluate("e => e.textContent")
        style = "(e, part) => getComputedStyle(e, part)"
        assert title.evaluate(f"e => ({style})(e, null).fontSize") == "0px"  # … hidden
        assert title.evaluate(f"e => ({style})(e, '::after').content") == '"与服务器的连接已中断"'
        assert body.evaluate(f"e => ({style})(e, '::after').content") == (
            '"正在自动重新连接。如长时间没有恢复，请刷新页面；仍不行请联系管理员。"'
        )
        assert body.locator("> *").first.evaluate(f"e => ({style})(e, null).display") == "none"
        pg.screenshot(path=str(artifacts / "connection_lost_zh.png"))
    finally:
        context.close()
        stop(proc)
