"""Benchmark: time from navigation to idle, map drawn, for every page of the app (issue 8).

The app runs with ``streamlit run app.py`` (a fresh ``YOUTHMAP_HOME``, so the SQLite store
is new and no login is asked) and Debian's Chromium is driven by Playwright with every
non-loopback host unresolvable, as in the browser tests (``tests/browser/conftest.py``).
Every page of :data:`app.PAGES` is opened at national scope (``/page``) and at Guangdong's
scope (``/page?province=44``), each visit in a fresh browser context (a new Streamlit
session). A visit's time runs from ``page.goto`` to the moment the page reached its final
state: the app reports ``notRunning`` and every map frame on the page (``ui.maps.show`` and
``show_clickable``; ``st_folium`` for the peer) has a Leaflet container with drawn paths,
canvases or markers, and nothing (script state, maps, element counts) changes for
:data:`STABLE_S` afterwards. That settling time is not counted; a rerun within it (the
peer's ``st_folium`` sends its first value back) is.

*first* is the first visit of the page at that scope (server caches cold for that page;
the dataset itself is loaded by the first page measured), *warm* the median of ``--runs``
further visits. *script done at* is when the page last saw the script finish (its last
switch to ``notRunning``): the rest of a visit is the browser drawing (maps, tables,
charts). *returning browser* is the median of ``--runs`` visits in new tabs of one browser
profile that has opened the page once before (a new session each time, the HTTP and script
caches warm: a user coming back to the app); the *first* and *warm* visits have a new
profile each (a browser that has never seen the app). Pages in :data:`MAP_PAGES` must show
a map before a visit counts as settled.

Floor, measured the same way: a Streamlit page showing a title only (what the browser,
the Streamlit front end and the machine cost before any page does anything).

Peer, measured the same way in the same run: a minimal Streamlit page in a temporary folder
drawing Guangdong's county boundaries and its communities with plain folium
(``folium.GeoJson`` + one ``folium.CircleMarker`` with a tooltip per community, folium's
default SVG renderer) and ``st_folium`` with its default settings. Its Leaflet files are
pointed at the app's local copies (no internet here); the data load is cached as any page
would; the map is built on every run, as a naive page does.

Usage: ``python benchmarks/pages.py [--runs 3] [--pages coverage,scoring] [--no-peer]``
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo import i18n  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM_ARGS,
    MAP_FRAME,
    chromium_path,
    start_streamlit,
    stop,
)

PROVINCE = "44"
SWITCH_FROM = "data"
"""The page an in-app switch starts from (a light page without a map; the management page
when the data page itself is measured)."""
FLOOR = "floor: empty page"
PEER = "peer: plain folium"
MAP_PAGES = frozenset({"overview", "coverage", "selection", "pairing", "present", PEER})
"""Pages that draw a map as soon as they open: their visits also wait for one map."""
STABLE_S = 1.5
FIRST_STABLE_S = 3.0
POLL_S = 0.05
VISIT_TIMEOUT_S = 240.0
VIEWPORT = {"width": 1440, "height": 1300}

PEER_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
"""The peer's ``st_folium`` frame (the app's frames are the browser tests' ``MAP_FRAME``)."""

# One round trip: script state, map frames, how many have drawn, what they hold.
PROBE = """() => {
  const FRAMES = SELECTOR;
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app ? app.getAttribute('data-test-script-state') : null;
  const frames = [...document.querySelectorAll(FRAMES)];
  let drawn = 0, paths = 0, canvases = 0, markers = 0;
  for (const f of frames) {
    let d = null;
    try { d = f.contentDocument; } catch (e) { d = null; }
    if (!d || !d.querySelector('.leaflet-container')) continue;
    const p = d.querySelectorAll('.leaflet-overlay-pane path').length;
    const c = d.querySelectorAll('.leaflet-pane canvas').length;
    const k = d.querySelectorAll('.leaflet-marker-icon').length;
    if (p + c + k > 0) drawn += 1;
    paths += p; canvases += c; markers += k;
  }
  const errors = document.querySelectorAll('[data-testid="stException"]').length;
  // Elements whose code is still loading show a skeleton (a late map iframe among them).
  const pending = document.querySelectorAll('[data-testid="stSkeleton"]').length;
  return [state, pending, frames.length, drawn, paths, canvases, markers, errors];
}""".replace("SELECTOR", json.dumps(f"{MAP_FRAME}, {PEER_FRAME}"))

PEER_SCRIPT = """\
import html

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo import dataset
from geo.maps import assets


if st.query_params.get("empty"):  # the floor: a page with a title only
    st.title("YouthMap")
    st.stop()


@st.cache_resource
def data():
    counties = dataset.load_boundaries("county")
    communities = dataset.load_layers().communities
    return (
        counties[counties["province_code"] == "{province}"],
        communities[communities["province_code"] == "{province}"],
    )


counties, communities = data()
m = folium.Map()
folium.GeoJson(
    counties[["code", "name", "geometry"]], tooltip=folium.GeoJsonTooltip(["name"])
).add_to(m)
for row in communities.itertuples():
    folium.CircleMarker(
        [row.lat, row.lon], radius=3, tooltip=html.escape(str(row.name))
    ).add_to(m)
m.fit_bounds(m.get_bounds())
assets.localize(m)  # the same Leaflet files, served locally: there is no internet here
st_folium(m)
"""

PEER_CONFIG = """\
[server]
headless = true
enableStaticServing = true
[browser]
gatherUsageStats = false
"""


@dataclass
class Visit:
    seconds: float
    maps: int
    paths: int
    canvases: int
    markers: int
    errors: int
    script_s: float = 0.0
    error_text: str = ""
    busy: dict[str, float] | None = None

    def drawn(self) -> str:
        if not self.maps:
            return "no map"
        parts = [f"{self.maps} map{'s' if self.maps > 1 else ''}", f"{self.paths:,} paths"]
        if self.canvases:
            parts.append(f"{self.canvases} canvas")
        if self.markers:
            parts.append(f"{self.markers:,} markers")
        if self.errors:
            parts.append(f"{self.errors} ERRORS")
        return ", ".join(parts)


def _settle(page: object, start: float, maps: int | None, what: str) -> Visit:
    """Poll ``page`` until it has settled; seconds from ``start`` to its last change.

    A map iframe can appear seconds after the script has finished (its place holds a
    ``stSkeleton`` meanwhile, which the probe waits out). As a further guard a page that
    expects no map (``maps`` unknown or 0) must stay calm :data:`FIRST_STABLE_S`, others
    :data:`STABLE_S` with at least ``maps`` maps drawn.
    """
    stable = FIRST_STABLE_S if not maps else STABLE_S
    last, changed, idle_at = None, start, start
    while True:
        now = time.monotonic()
        if now - start > VISIT_TIMEOUT_S:
            raise TimeoutError(f"{what} not settled after {VISIT_TIMEOUT_S:.0f} s: {last}")
        probe = tuple(page.evaluate(PROBE))
        if probe[0] == "notRunning" and (last is None or last[0] != "notRunning"):
            idle_at = now  # the script's (last) run has ended as far as the page knows
        if probe != last:
            last, changed = probe, now
        state, pending, frames, drawn = probe[:4]
        done = state == "notRunning" and not pending and drawn == frames >= (maps or 0)
        if done and now - changed >= stable:
            result = Visit(changed - start, frames, *probe[4:], script_s=idle_at - start)
            if result.errors:
                texts = page.locator('[data-testid="stException"]').all_text_contents()
                result.error_text = " | ".join(x[:300] for x in texts)
            return result
        time.sleep(POLL_S)


def _busy(cdp: object) -> dict[str, float]:
    """Seconds the page's renderer spent in tasks, scripts, layout and style so far."""
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    names = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")
    return {n.removesuffix("Duration").lower(): metrics.get(n, 0.0) for n in names}


def visit(browser: object, url: str, maps: int | None = None, shots: Path | None = None) -> Visit:
    """Open ``url`` in a fresh context (a new session); seconds to the settled page.

    ``shots``: a PNG file to save a screenshot to, once settled.
    """
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    try:
        return visit_in(context, url, maps, shots)
    finally:
        context.close()


def visit_in(
    context: object, url: str, maps: int | None = None, shots: Path | None = None
) -> Visit:
    """Open ``url`` in a new tab of ``context`` (a new Streamlit session, the context's HTTP
    cache as it is); seconds to the settled page. See :func:`visit`."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    try:
        start = time.monotonic()
        page.goto(url, wait_until="commit")
        result = _settle(page, start, maps, url)
        result.busy = _busy(cdp)
        if shots is not None:
            page.screenshot(path=str(shots))
        return result
    finally:
        page.close()


def returning(browser: object, url: str, maps: int | None, runs: int) -> list[Visit]:
    """``runs`` visits of ``url`` by a returning browser: one context (profile) that has
    opened the page once before, each visit in a new tab, so a new Streamlit session with
    the browser's HTTP and script caches warm, as for a user who has used the app before."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    try:
        visit_in(context, url, maps)
        return [visit_in(context, url, maps) for _ in range(runs)]
    finally:
        context.close()


def switch(browser: object, from_url: str, title: str, path: str, maps: int | None) -> Visit:
    """In-app navigation: open ``from_url``, let it settle, click ``title`` in the menu.

    Seconds from the click to the settled page ``path`` (the browser has the front end
    loaded and the session runs; only the page's script and drawing are left).
    """
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(from_url, wait_until="commit")
        _settle(page, time.monotonic(), None, from_url)
        start = time.monotonic()
        page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
        page.wait_for_url(
            lambda u: urlparse(u).path.rstrip("/") == path.rstrip("/"),
            timeout=VISIT_TIMEOUT_S * 1000,
        )
        return _settle(page, start, maps, f"{title} ({path})")
    finally:
        context.close()


def measure(
    browser: object,
    label: str,
    scope: str,
    url: str,
    runs: int,
    shots: Path | None = None,
    nav: tuple[str, str, str] | None = None,
) -> dict:
    """First visit and ``runs`` warm visits of ``url``: one table row.

    A visit that does not settle within :data:`VISIT_TIMEOUT_S` counts as that long
    (marked ``>`` in the table) and ends the row's warm visits. With ``shots`` (a folder)
    the last visit's screenshot is saved there. With ``nav`` (start URL, menu title, page
    path) also ``max(runs, 1)`` in-app switches to the page (:func:`switch`).
    """
    visits: list[Visit] = []
    timed_out = False
    for i in range(1 + runs):
        shot = None
        if shots is not None and i == runs:
            shot = shots / f"pagebench_{label.split(':')[0]}_{scope.replace(' ', '')}.png"
        try:
            maps = visits[0].maps if visits else (1 if label in MAP_PAGES else None)
            visits.append(visit(browser, url, maps, shot))
        except TimeoutError as exc:
            print(f"  {label}: {exc}", flush=True)
            timed_out = True
            break
    cached: list[Visit] = []
    if not timed_out and runs:
        try:
            cached = returning(browser, url, visits[0].maps, runs)
        except TimeoutError as exc:
            print(f"  {label} (returning browser): {exc}", flush=True)
    switches: list[Visit] = []
    if nav is not None and not timed_out:
        for _ in range(max(runs, 1)):
            try:
                switches.append(switch(browser, *nav, visits[0].maps))
            except TimeoutError as exc:
                print(f"  {label} (switch): {exc}", flush=True)
                break
    first = visits[0].seconds if visits else VISIT_TIMEOUT_S
    warm = [v.seconds for v in visits[1:]]
    row = {
        "page": label,
        "scope": scope,
        "first": first,
        "warm": statistics.median(warm) if warm else VISIT_TIMEOUT_S,
        "script": statistics.median(v.script_s for v in visits[1:]) if warm else float("nan"),
        "over": timed_out,
        "cached": statistics.median(v.seconds for v in cached) if cached else None,
        "switch": statistics.median(v.seconds for v in switches) if switches else None,
        "drawn": visits[-1].drawn() if visits else "timed out",
    }
    print(
        f"  {label:<22} {scope:<11} first {first:6.2f} s  warm "
        f"{' '.join(f'{w:.2f}' for w in warm) or '-'} (script done "
        f"{' '.join(f'{v.script_s:.2f}' for v in visits[1:]) or '-'})  returning "
        f"{' '.join(f'{v.seconds:.2f}' for v in cached) or '-'}  switch "
        f"{' '.join(f'{v.seconds:.2f}' for v in switches) or '-'}  ({row['drawn']})",
        flush=True,
    )
    for v in visits[1:]:
        if v.busy:
            print(
                "    renderer busy: " + ", ".join(f"{k} {x:.2f} s" for k, x in v.busy.items()),
                flush=True,
            )
    for v in visits + switches:
        if v.error_text:
            print(f"    exception shown: {v.error_text}", flush=True)
    return row


def app_pages(selected: set[str] | None) -> list[tuple[str, str, str]]:
    """(name, URL path, menu title) of each page in menu order, as ``st.navigation`` has them."""
    import ast

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = next(
        ast.literal_eval(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "PAGES"
    )
    out = []
    for i, (path, title, _icon) in enumerate(pages):
        name = Path(path).stem
        if (ROOT / path).exists() and (selected is None or name in selected):
            out.append((name, "/" if i == 0 else f"/{name}", i18n.t(title, "zh")))
    return out


def print_table(rows: list[dict]) -> None:
    print()
    print(
        "| page | scope | first visit (s) | warm median (s) | warm: script done at (s) "
        "| returning browser (s) | in-app switch (s) | map elements drawn |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        over = ">" if r["over"] else ""
        switched = "-" if r["switch"] is None else f"{r['switch']:.2f}"
        cached = "-" if r["cached"] is None else f"{r['cached']:.2f}"
        print(
            f"| {r['page']} | {r['scope']} | {r['first']:.2f} | {over}{r['warm']:.2f} "
            f"| {r['script']:.2f} | {cached} | {switched} "
            f"| {r['drawn']} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="warm visits per page and scope")
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    parser.add_argument(
        "--no-peer", action="store_true", help="skip the plain folium peer (minutes a visit)"
    )
    parser.add_argument(
        "--shots", action="store_true", help="save each row's last page to tests/artifacts/"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on a kill too
    path = chromium_path()
    if path is None:
        print(
            "Chromium is not installed: page load times skipped. Install it with "
            "`apt-get install chromium` and run again."
        )
        return 0
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print(
            "Playwright is not installed: page load times skipped. Install the dev extras "
            "(`pip install -e '.[dev]'`; `make bench` does) and run again."
        )
        return 0

    selected = set(args.pages.split(",")) if args.pages else None
    shots = ROOT / "tests" / "artifacts" if args.shots else None
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs")
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="youthmap-pagebench-") as tmp:
        tmp_dir = Path(tmp)
        # The benchmark's own SQLite file and no login, whatever the shell says.
        env = {
            "YOUTHMAP_HOME": str(tmp_dir / "home"),
            "YOUTHMAP_DB_URL": "",
            "YOUTHMAP_NO_LOGIN": "1",
        }
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=path, headless=True, args=list(CHROMIUM_ARGS)
            )
            try:
                proc, url = start_streamlit(ROOT / "app.py", tmp_dir / "app.log", env)
                try:
                    pages = app_pages(selected)
                    if pages and pages[0][1] != "/":
                        # Until app.py has run once, Streamlit serves a page URL in its
                        # legacy pages/ mode (see tests/browser/conftest.py ``goto``).
                        visit(browser, url + "/")
                    for name, page_path, title in pages:
                        start = "/management" if name == SWITCH_FROM else f"/{SWITCH_FROM}"
                        for scope, query in (
                            ("national", ""),
                            (f"province {PROVINCE}", f"?province={PROVINCE}"),
                        ):
                            nav = (f"{url}{start}{query}", title, page_path)
                            rows.append(
                                measure(
                                    browser, name, scope, f"{url}{page_path}{query}", args.runs,
                                    shots, nav,
                                )
                            )  # fmt: skip
                finally:
                    stop(proc)
                peer_dir = tmp_dir / "peer"
                (peer_dir / ".streamlit").mkdir(parents=True)
                (peer_dir / ".streamlit" / "config.toml").write_text(PEER_CONFIG)
                (peer_dir / "static").symlink_to(ROOT / "static")
                script = peer_dir / "peer.py"
                script.write_text(textwrap.dedent(PEER_SCRIPT).replace("{province}", PROVINCE))
                proc, url = start_streamlit(script, tmp_dir / "peer.log")
                try:
                    rows.append(measure(browser, FLOOR, "-", f"{url}/?empty=1", args.runs, shots))
                    if not args.no_peer:
                        rows.append(
                            measure(browser, PEER, f"province {PROVINCE}", url, args.runs, shots)
                        )
                finally:
                    stop(proc)
            finally:
                browser.close()
    print_table(rows)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
