"""The deployment of ``deploy/``: two app processes behind nginx (``deploy/nginx/youthmap.conf``)
on one PostgreSQL database. Browsers sign in over the WebSocket through the proxy, each
browser's route cookie keeps it on one process, and when that process is killed (SIGKILL)
the browser reconnects through the proxy to the other one, still signed in (the session
cookie the app wrote is resumed from the database); ``deploy/check.sh`` reports the dead
process and the database."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from benchmarks.stack import ROOT, Stack, nginx_binary
from benchmarks.stclient import StreamlitSession
from geo import store
from tests._deps import require

pytest_plugins = ["tests.pg"]  # pg_server / pg_url: one PostgreSQL server per test process

PASSWORD = "广东省团委 filing 2026"


@pytest.fixture
def stack(pg_url, tmp_path):
    require("nginx", nginx_binary() is not None, "sudo apt-get install nginx-light")
    db = store.open_store(pg_url)
    store.create_user(db, "gd", PASSWORD, "province", "44")
    db.dispose()
    env = {
        "PATH": "/usr/bin:/bin:/usr/sbin",
        "HOME": str(tmp_path),
        "YOUTHMAP_DB_URL": pg_url,
        "YOUTHMAP_HOME": str(tmp_path / "home"),
    }
    running = Stack(tmp_path / "stack", env, processes=2)
    try:
        running.start()
        yield running
    finally:
        running.stop()


def get(url: str, cookie: str | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as r:
        return r.status, r.read().decode(), r.headers.get("Set-Cookie") or ""


def served_by(stack: Stack, route: str) -> set[str]:
    return {port for r, port in stack.upstreams() if r == route}


def route_on(stack: Stack, port: int) -> str:
    """A route cookie value that the proxy sends to the app process on ``port``."""
    for n in range(200):
        route = f"probe{n}"
        get(f"{stack.url}/_stcore/health", f"youthmap_route={route}")
        time.sleep(0.05)  # the access log line is written when the request ends
        if served_by(stack, route) == {str(port)}:
            return route
    raise AssertionError(f"no route found for port {port}")


def check(env: dict[str, str], stack: Stack, tmp_path) -> subprocess.CompletedProcess:
    """``deploy/check.sh`` with an env file naming this stack's ports and database."""
    env_file = tmp_path / "youthmap.env"
    env_file.write_text(
        f"YOUTHMAP_DB_URL={env['YOUTHMAP_DB_URL']}\n"
        f'YOUTHMAP_PORTS="{" ".join(map(str, stack.ports))}"\n'
        "STREAMLIT_SERVER_COOKIE_SECRET=the-same-on-every-process\n",
        encoding="utf-8",
    )
    youthmap = Path(sys.executable).parent / "youthmap"
    return subprocess.run(
        ["bash", str(ROOT / "deploy" / "check.sh"), str(env_file)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "YOUTHMAP_BIN": str(youthmap)},
    )


def test_sticky_sessions_websocket_and_a_killed_process(stack, tmp_path):
    # a new browser gets a route cookie from the proxy
    status, body, cookie = get(f"{stack.url}/")
    assert status == 200 and "<html" in body.lower()
    assert cookie.startswith("youthmap_route=") and "HttpOnly" in cookie

    # each process gets browsers: a route for each, and every request of a route stays put
    a_port, b_port = stack.ports
    route_a = route_on(stack, a_port)
    route_on(stack, b_port)  # some routes go to the other process
    for _ in range(5):
        get(f"{stack.url}/_stcore/health", f"youthmap_route={route_a}")
    time.sleep(0.2)
    assert served_by(stack, route_a) == {str(a_port)}

    # behind the proxy logins are on: the WebSocket session signs in and reaches the pages
    with StreamlitSession(stack.url, cookies=f"youthmap_route={route_a}") as tab:
        signed_in = tab.login("gd", PASSWORD)
        assert signed_in.ok, signed_in.exceptions
        assert {"", "scoring", "selection", "login"} <= set(tab.pages)  # "": the overview
        overview = tab.run("")
        assert overview.ok, overview.exceptions
        browser_cookies = tab.cookies  # the route cookie and the session cookie the app wrote
    assert "youthmap_session=" in browser_cookies
    time.sleep(0.2)
    assert served_by(stack, route_a) == {str(a_port)}  # the WebSocket went there too

    # the health check sees both processes and the database
    healthy = check(stack.env, stack, tmp_path)
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert healthy.stdout.count("ok   app") == 2 and "ok   database" in healthy.stdout

    # a crash: the browser of route A reconnects through the proxy to the other process
    stack.kill(a_port)
    status, body, _ = get(f"{stack.url}/_stcore/health", f"youthmap_route={route_a}")
    assert (status, body) == (200, "ok")
    with StreamlitSession(stack.url, cookies=browser_cookies) as tab:
        again = tab.run("")  # the browser reconnects: the other process resumes the sign-in
        assert again.ok, again.exceptions
        assert "login_name" not in again.widgets
        assert {"scoring", "selection", "management"} <= set(tab.pages)
        login_page = tab.run("login")
        assert any("gd" in t for t in login_page.texts)  # "signed in as gd"
    time.sleep(0.2)
    assert str(b_port) in served_by(stack, route_a)

    # without the session cookie the same browser would have to sign in again
    with StreamlitSession(stack.url, cookies=f"youthmap_route={route_a}") as tab:
        assert "login_name" in tab.run("").widgets

    sick = check(stack.env, stack, tmp_path)
    assert sick.returncode == 1
    assert f"FAIL app 127.0.0.1:{a_port}" in sick.stdout and f"ok   app 127.0.0.1:{b_port}" in (
        sick.stdout
    )


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")
