"""Browser end-to-end fixtures: the app in a subprocess and Debian's Chromium via Playwright.

The app runs with ``streamlit run app.py`` on a free loopback port for the whole session.
Chromium resolves every host name except the loopback ones to nothing
(``--host-resolver-rules``), so a page that tries to load anything from the internet fails
visibly; every request to another host is recorded on the page (``page.external_requests``)
for tests to assert on. Request routing (``page.route``) is deliberately not used: it stops
Streamlit's component iframes from appearing at all.

Screenshots go to ``tests/artifacts/`` (ignored by git). Under xdist every worker runs its own
app server (the session fixtures are per worker) on its own free port.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests._deps import require
from tests._paths import ARTIFACTS, ROOT

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
SERVER_START_TIMEOUT_S = 90.0
IDLE_TIMEOUT_MS = 90_000
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
)


def chromium_path() -> str | None:
    """Debian's Chromium executable, if installed."""
    for path in CHROMIUM_CANDIDATES:
        if Path(path).is_file():
            return path
    return shutil.which("chromium")


def browser_executable() -> str | None:
    """The Chromium the tests drive: Debian's ``chromium-headless-shell`` when installed,
    else :func:`chromium_path`.

    The headless shell is the same Chromium (same version, Blink and V8, from the same Debian
    source package) built without the desktop browser around it; Playwright drives it for
    headless runs by default. The whole browser tier, measured here alternately: 265 s and
    218 core-seconds with it, 297 s and 243 with the full browser, every test passing on both.
    The page-load benchmark (``benchmarks/pages.py``) keeps the full browser users have.
    """
    if Path(HEADLESS_SHELL).is_file():
        return HEADLESS_SHELL
    return chromium_path()


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(
        f"streamlit did not answer /_stcore/health within {SERVER_START_TIMEOUT_S:.0f} s"
    )


def start_streamlit(
    script: Path, log: Path, extra_env: dict[str, str] | None = None, launch: bool = False
) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run script`` headless on a free loopback port; return process and URL.
    With ``launch``, through ``python -m ui.launch run``, as ``youthmap serve`` starts it.

    Under xdist the log's name carries the worker (``streamlit-gw0.log``): each worker runs
    its own servers.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        log = log.with_name(f"{log.stem}-{worker}{log.suffix}")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(extra_env or {})}
    cmd = [
        sys.executable, "-m", "ui.launch" if launch else "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    handle = log.open("w")
    proc = subprocess.Popen(
        cmd, cwd=script.parent, env=env, stdout=handle, stderr=subprocess.STDOUT
    )
    proc.log = log  # for assert_quiet_log
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
    except Exception:
        proc.terminate()
        proc.wait(10)
        raise
    return proc, url


def stop(proc: subprocess.Popen) -> None:
    """Stop a server started by :func:`start_streamlit` (killed when it takes over 5 s: a
    graceful Streamlit shutdown took 10-13 s of every worker's last test under load)."""
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


STACK_MARKERS = ("Traceback (most recent call last)", "Stack (most recent call last)")


def assert_quiet_log(proc: subprocess.Popen) -> None:
    """Fail when the log of a server started by :func:`start_streamlit` holds a traceback or a
    logged stack: an administrator reads that log, and a warning logged with its stack (as
    Streamlit's once was for a draft's restored inputs) reads there as a fault."""
    text = proc.log.read_text(encoding="utf-8", errors="replace")
    found = [m for m in STACK_MARKERS if m in text]
    if found:
        at = text.index(found[0])
        pytest.fail(f"{proc.log.name} holds a stack:\n{text[max(0, at - 300) : at + 1500]}")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The folder screenshots are written to."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def app_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``YOUTHMAP_HOME`` of the shared app server (desktop mode: no account)."""
    return tmp_path_factory.mktemp("app-home")


@pytest.fixture(scope="session")
def app_url(artifacts: Path, app_home: Path) -> Iterator[str]:
    """URL of the YouthMap app running in a subprocess for the whole session."""
    env = {"YOUTHMAP_HOME": str(app_home), "YOUTHMAP_DB_URL": ""}
    proc, url = start_streamlit(ROOT / "serve.py", artifacts / "streamlit.log", env)
    try:
        yield url
    finally:
        stop(proc)
    assert_quiet_log(proc)


@pytest.fixture(autouse=True)
def _fresh_drafts(request: pytest.FixtureRequest) -> None:
    """Each test on the shared server starts with no saved draft: the desktop user's draft
    (scope, weights, locks: geo/store/drafts.py) would otherwise carry one test's work into
    the next test's new browser session."""
    if "app_url" not in request.fixturenames:
        return
    home = request.getfixturevalue("app_home")
    if not (home / "youthmap.db").exists():
        return
    from sqlalchemy import delete

    from geo import store
    from geo.store.models import DRAFT_VERSIONS, DRAFTS

    db = store.open_store(f"sqlite:///{home / 'youthmap.db'}")
    try:
        with db.engine.begin() as conn:
            conn.execute(delete(DRAFT_VERSIONS))
            conn.execute(delete(DRAFTS))
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright, cut off from every non-local host."""
    path = browser_executable()
    require(
        "Chromium",
        path is not None,
        "apt-get install chromium-headless-shell (or: make test as root)",
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        require("Playwright", False, "pip install playwright")
        raise
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page (1440×1300) that records requests to other hosts and failed requests.

    Attributes added: ``external_requests`` (URLs whose host is not loopback) and
    ``failed_requests`` (``(url, failure)`` pairs).
    """
    context = browser.new_context(viewport={"width": 1440, "height": 1300}, locale="zh-CN")
    pg = context.new_page()
    pg.external_requests = []
    pg.failed_requests = []

    def _on_request(request: object) -> None:
        host = urlparse(request.url).hostname or ""
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOCAL_HOSTS:
            pg.external_requests.append(request.url)

    pg.on("request", _on_request)
    pg.on("requestfailed", lambda r: pg.failed_requests.append((r.url, r.failure)))
    try:
        yield pg
    finally:
        context.close()


def wait_idle(pg: object, timeout_ms: int = IDLE_TIMEOUT_MS) -> None:
    """Wait until Streamlit has finished running the script (``notRunning``)."""
    pg.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms
    )
    pg.wait_for_timeout(300)
    pg.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms
    )


def rerun_after(
    pg: object, action: Callable[[], object], timeout_ms: int = IDLE_TIMEOUT_MS
) -> None:
    """Do ``action`` (a key press, a click) and wait for the script run it starts to finish.

    :func:`wait_idle` alone can return before a rerun has begun (the app is still idle from
    the last run); the next click then lands during the rerun, and a download button of the
    old run gives no download. This watches the app's run state for a ``running`` first,
    after waiting for any run already going (an earlier click's) to end: an action taken during
    a run is folded into it without the state changing, and the watch would wait in vain.
    """
    wait_idle(pg, timeout_ms)
    pg.evaluate(
        """() => {
        window.__youthmapRan = false;
        const app = document.querySelector('[data-testid="stApp"]');
        new MutationObserver((_, observer) => {
            if (app.getAttribute('data-test-script-state') === 'running') {
                window.__youthmapRan = true;
                observer.disconnect();
            }
        }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    }"""
    )
    action()
    pg.wait_for_function("() => window.__youthmapRan === true", timeout=timeout_ms)
    wait_idle(pg, timeout_ms)


def choose(pg: object, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar select box labelled ``label``, then wait for the rerun.

    (A choice made right after a language switch was once lost: the boxes kept their old
    labels; ``app.py`` now relabels them, see ``tests/browser/test_app_browser.py``.) A link
    such as ``/?province=44&city=4401&lang=en&basemap=osm`` opens the app at a scope directly.
    """
    box = pg.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)
    pg.get_by_role("option", name=option, exact=True).click()
    wait_idle(pg)


def assert_scale_label_fits(frame: object) -> None:
    """Fail when the map's scale bar label ("500 km") runs past the end of its bar: the
    bar stands for the distance, so the label must fit in it (``geo.maps.base._MapControls``)."""
    line = frame.locator(".leaflet-control-scale-line").first
    text, needed, width = line.evaluate("e => [e.innerText, e.scrollWidth, e.clientWidth]")
    assert needed <= width, f"scale label {text!r} needs {needed} px, its bar is {width} px"


MAP_FRAME = 'iframe[data-testid="stIFrame"], iframe.youthmap-map-frame'
"""The frame holding a page's Leaflet map: ``st.iframe``'s (``ui.maps.show``) or, on the
selection page, the one in its click component (``ui.maps.show_clickable``, class
``ui.maps.FRAME_CLASS``)."""


def assert_map_drawn(
    pg: object, *, min_paths: int = 1, canvas: bool = True, timeout_ms: int = IDLE_TIMEOUT_MS
) -> object:
    """Wait for the page's first map frame to draw; return its frame locator.

    Drawn means a Leaflet container with at least ``min_paths`` SVG paths in the overlay
    pane (boundaries, lines, polygons) and, when ``canvas``, a canvas (the point layers).
    Also asserts that the page shows no exception.
    """
    frame = pg.frame_locator(MAP_FRAME).first
    frame.locator(".leaflet-container").wait_for(timeout=timeout_ms)
    if min_paths:
        frame.locator(".leaflet-overlay-pane svg path").nth(min_paths - 1).wait_for(
            state="attached", timeout=timeout_ms
        )
    if canvas:
        frame.locator(".leaflet-pane canvas").first.wait_for(state="attached", timeout=timeout_ms)
    assert_no_exception(pg)
    return frame


def assert_no_exception(pg: object) -> None:
    """Fail if the page shows a Streamlit exception box."""
    boxes = pg.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.all_inner_texts()


def message(pg: object, text: str | re.Pattern, exact: bool = False) -> object:
    """The message box (``st.success``, ``st.info`` …) holding ``text``. A write's message is
    also shown as a toast (``ui.management.show_done``), which this leaves out: looked up on
    the whole page, the text is in two places while the toast lasts."""
    return pg.locator('[data-testid="stAlert"]').get_by_text(text, exact=exact)


def open_page(pg: object, title: str, path: str) -> None:
    """Follow the sidebar link ``title`` to the page at URL ``path`` and wait for its run."""
    pg.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    pg.wait_for_url(f"**/{path}*", timeout=30_000)
    wait_idle(pg)


def grid_rows(pg: object, header: str) -> list[list[str]]:
    """Cell texts of the visible rows of the ``st.dataframe`` that has a column ``header``.

    Streamlit draws data frames on a canvas; the grid keeps an accessible ``<table>`` of the
    rows on screen inside it, which this reads.
    """
    frame = pg.locator('[data-testid="stDataFrame"]').filter(has=pg.locator("th", has_text=header))
    frame.first.locator("tbody tr").first.wait_for(state="attached", timeout=IDLE_TIMEOUT_MS)
    return frame.first.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('td'), td => td.textContent))"
    )


def goto(pg: object, app_url: str, path: str = "", query: str = "") -> None:
    """Open the app's page ``path`` (e.g. ``"coverage"``) in a fresh session seeded by ``query``.

    A page URL goes through ``app.py`` (sidebar, scope, login gate) even as the first request
    of a fresh server: ``ui.state`` leaves Streamlit's old ``pages/``-folder mode when first
    imported (see ``ui.state.run_through_navigation``).
    """
    suffix = f"?{query}" if query else ""
    pg.goto(f"{app_url}/{path}{suffix}")
    wait_idle(pg)
