"""In a real browser: another user's text is shown as text (a Markdown image in a return
reason loads nothing), and an uncaught error shows no traceback, message or server path."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from geo import store
from geo.plan.auth import User
from tests.browser.conftest import (
    ROOT,
    _wait_healthy,
    free_port,
    open_page,
    stop,
    wait_idle,
)

pytestmark = pytest.mark.browser

CENTRAL = User("centre", "central")


def _serve(script: Path, log: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """``streamlit run script`` from the checkout (so its .streamlit/config.toml applies)."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.headless", "true",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    handle = log.open("w")
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, proc, log)
    return proc, url


@pytest.fixture
def returned_filing(tmp_path, artifacts) -> Iterator[tuple[str, str]]:
    """The app (desktop) on a plan whose filing the centre returned with a reason holding a
    Markdown image that points at this machine, and the image's URL."""
    home = tmp_path / "home"
    image = f"http://127.0.0.1:{free_port()}/tracker.png"
    reason = f"![x]({image}) **材料不全** [链接](http://127.0.0.1:9/) <b>粗</b> $x^2$"
    db = store.open_store(f"sqlite:///{home / 'youthmap.db'}")
    chosen = pd.DataFrame({"id": ["GZ1"], "name": ["天河社区"], "county_code": ["440106"]})
    plan = store.create_plan(db, CENTRAL, "2021 第一批", chosen)
    store.transition(db, CENTRAL, plan, "GZ1", "recommended", 1)
    store.submit_filing(db, CENTRAL, plan, "44", 1)
    store.return_filing(db, CENTRAL, plan, "44", 2, reason)
    db.dispose()
    env = {"YOUTHMAP_HOME": str(home), "YOUTHMAP_NO_LOGIN": "1"}
    proc, url = _serve(ROOT / "app.py", artifacts / "security-streamlit.log", env)
    try:
        yield url, image
    finally:
        stop(proc)


def test_a_markdown_image_in_a_return_reason_is_shown_as_text(page, returned_filing, artifacts):
    url, image = returned_filing
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(url)
    wait_idle(page)
    open_page(page, "备案与评估", "management")
    page.get_by_role("tab", name="备案").click()
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="退回原因")
    alert.first.wait_for(timeout=60_000)
    page.wait_for_timeout(1_000)  # time for an image to be fetched, were there one
    page.screenshot(path=str(artifacts / "security-plain-reason.png"), full_page=True)
    shown = alert.first.inner_text()
    assert f"![x]({image})" in shown and "**材料不全**" in shown and "<b>粗</b>" in shown
    assert alert.first.locator("img, strong, em, b, .katex").count() == 0
    # a bare address stays a plain link to itself (GitHub-flavoured autolink), never an image
    links = alert.first.locator("a").evaluate_all("as => as.map(a => a.textContent)")
    assert set(links) <= {image, "http://127.0.0.1:9/"}
    assert image not in requested


def test_an_uncaught_error_shows_no_traceback_message_or_path(page, tmp_path, artifacts):
    script = tmp_path / "boom.py"
    script.write_text(
        "import streamlit as st\n"
        "st.title('YouthMap')\n"
        "open('/srv/youthmap/secret/config.toml').read()\n",
        encoding="utf-8",
    )
    proc, url = _serve(script, artifacts / "security-boom.log", {})
    try:
        page.goto(url)
        wait_idle(page)
        box = page.locator('[data-testid="stException"]')
        box.first.wait_for(timeout=60_000)
        page.screenshot(path=str(artifacts / "security-uncaught-error.png"), full_page=True)
        text = page.locator('[data-testid="stApp"]').inner_text()
        assert "FileNotFoundError" in text  # the kind of error, nothing more
        for leak in ("/srv/youthmap", "secret", "Traceback", str(tmp_path), "boom.py", "line 3"):
            assert leak not in text, leak
    finally:
        stop(proc)


def test_a_browser_behind_a_proxy_needs_a_login_even_on_the_desktop(browser, tmp_path, artifacts):
    """The app on 127.0.0.1 in desktop mode, reached once directly and once through a
    reverse proxy (its X-Forwarded-For header): only the direct visit gets the app."""
    env = {"YOUTHMAP_HOME": str(tmp_path / "home")}
    proc, url = _serve(ROOT / "app.py", artifacts / "security-proxy.log", env)
    try:
        direct = browser.new_page(locale="zh-CN")
        direct.goto(url)
        wait_idle(direct)
        assert direct.locator('[data-testid="stSidebarNav"]').count() == 1
        proxied = browser.new_context(
            locale="zh-CN", extra_http_headers={"X-Forwarded-For": "192.0.2.44"}
        ).new_page()
        proxied.goto(url)
        wait_idle(proxied)
        proxied.screenshot(path=str(artifacts / "security-proxied.png"))
        alerts = proxied.locator('[data-testid="stAlert"]').all_inner_texts()
        assert any("youthmap user add" in a for a in alerts)
        assert proxied.locator('[data-testid="stSidebarNav"]').count() == 0
    finally:
        stop(proc)
