"""Benchmark: the presentation page's national step (会议演示, 1/5), server and browser.

The step draws the embedded communities by region (13,333 of each region's, 39,999 points,
the legend counting all 110,000) over the province areas and boundary lines. Measured:

* server, in-process with the embedded dataset loaded (load not counted): building the step
  (:func:`geo.export.story.build_step`), its folium map (:func:`geo.export.story.step_map`)
  and the page the app sends (:func:`geo.export.html.page_html`, what ``ui.maps.show``
  puts in the frame and the WebSocket carries), the median of ``--runs``;
* the page's bytes, and of them the point layers' and the boundaries' data;
* browser: the standalone page (:func:`geo.export.html.map_html`, Leaflet inlined) opened
  from a file in Debian's headless Chromium (every non-loopback host unresolvable, as in
  the browser tests), from ``page.goto`` until every point layer is drawn (its canvas
  sized, two animation frames later), the median of ``--runs`` fresh contexts.

Peer, measured the same way in the same run: folium's own rendering of the same 39,999
points, one ``folium.GeoJson`` per region with ``folium.CircleMarker`` markers of the
region's colour and a ``GeoJsonTooltip`` of name, province and city (no boundaries): with
folium's defaults (one SVG path per point) and with ``prefer_canvas=True`` (Leaflet's
canvas renderer). Leaflet is pointed at the vendored copies (no internet here).

``--before DIR`` measures another checkout's youthmap rows too (its own ``geo``, in a
fresh process each, alternating with this checkout's), for a before/after table.

Usage: ``python benchmarks/national_map.py [--runs 3] [--before DIR] [--no-peer]``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(os.environ.get("NATMAP_CODE") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))

BROWSER = "/usr/bin/chromium-headless-shell"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
POINTS_DRAWN = """() => {
  const c = document.querySelectorAll('canvas.youthmap-points');
  return c.length >= 3 && Array.from(c).every(x => x.width > 0);
}"""
PEER_DRAWN = """(n) => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  if (!map) return false;
  let k = 0;
  map.eachLayer(l => { if (l instanceof L.CircleMarker && l._map) k++; });
  return k >= n && (document.querySelectorAll('path.leaflet-interactive').length >= n
                    || document.querySelector('canvas.leaflet-zoom-animated') !== null);
}"""
_PAYLOAD = re.compile(r"JSON\.parse\('(.*?)'\)", re.S)


def _national_step():  # noqa: ANN202 - geo's Step, from the checkout measured
    from geo import dataset
    from geo.core.scope import Scope
    from geo.export import story

    layers = dataset.load_layers()
    spec = story.story_steps(Scope())[0]

    def build():  # noqa: ANN202
        return story.build_step(spec, layers.communities, layers.youth_homes, layers.campuses)

    return build


def build_youthmap(out_html: Path, runs: int) -> dict:
    """Server seconds and bytes of this process's ``geo`` (a subprocess of :func:`main`)."""
    from geo.export import story
    from geo.export.html import map_html, page_html

    build = _national_step()
    times: dict[str, list[float]] = {"step": [], "map": [], "page": []}
    page = ""
    for _ in range(runs):
        t0 = time.perf_counter()
        step = build()
        t1 = time.perf_counter()
        m = story.step_map(step)
        t2 = time.perf_counter()
        page = page_html(m, step.title, "zh")
        t3 = time.perf_counter()
        times["step"].append(t1 - t0)
        times["map"].append(t2 - t1)
        times["page"].append(t3 - t2)
    out_html.write_text(map_html(story.step_map(step), step.title, "zh"), encoding="utf-8")
    points = boundaries = 0
    for text in _PAYLOAD.findall(page):
        size = len(text.encode())
        if text.startswith('{"xy"'):
            points += size
        elif text.startswith('{"data"'):
            boundaries += size
    return {
        "step s": statistics.median(times["step"]),
        "map s": statistics.median(times["map"]),
        "page s": statistics.median(times["page"]),
        "page MB": len(page.encode()) / 1e6,
        "points MB": points / 1e6,
        "boundaries MB": boundaries / 1e6,
        "points": sum(len(layer.frame) for layer in step.layers),
    }


def build_peer(out_html: Path, prefer_canvas: bool) -> dict:
    """folium's own GeoJson + CircleMarker map of the same points (see the module doc)."""
    import folium

    from geo.export.html import map_html
    from geo.maps.assets import localize

    step = _national_step()()
    t0 = time.perf_counter()
    m = folium.Map(location=[35, 105], zoom_start=4, tiles=None, prefer_canvas=prefer_canvas)
    for layer in step.layers:
        color = layer.color
        gdf = layer.frame[["name", "province", "city", "geometry"]]
        folium.GeoJson(
            gdf,
            name=layer.label,
            marker=folium.CircleMarker(radius=layer.radius, fill=True, fill_opacity=0.75),
            style_function=lambda _f, c=color: {"color": c, "fillColor": c, "weight": 1},
            tooltip=folium.GeoJsonTooltip(fields=["name", "province", "city"]),
        ).add_to(m)
    folium.LayerControl().add_to(m)
    localize(m)
    t1 = time.perf_counter()
    page = map_html(m, step.title, "zh")
    t2 = time.perf_counter()
    out_html.write_text(page, encoding="utf-8")
    return {
        "step s": float("nan"),
        "map s": t1 - t0,
        "page s": t2 - t1,
        "page MB": len(page.encode()) / 1e6,
        "points MB": float("nan"),
        "boundaries MB": 0.0,
        "points": sum(len(layer.frame) for layer in step.layers),
    }


def _subprocess(code: Path, args: list[str]) -> dict:
    env = {**os.environ, "NATMAP_CODE": str(code), "PYTHONPATH": str(code)}
    out = subprocess.run(
        [sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def browser_seconds(pages: dict[str, tuple[Path, int | None]], runs: int) -> dict[str, float]:
    """Median seconds from ``goto`` to drawn, alternating the pages run by run."""
    from playwright.sync_api import sync_playwright

    seconds: dict[str, list[float]] = {name: [] for name in pages}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=BROWSER_ARGS)
        for _ in range(runs):
            for name, (path, n) in pages.items():
                ctx = browser.new_context(viewport={"width": 1280, "height": 720})
                page = ctx.new_page()
                t0 = time.perf_counter()
                page.goto(path.as_uri(), wait_until="commit", timeout=300_000)
                if n is None:
                    page.wait_for_function(POINTS_DRAWN, timeout=300_000, polling=20)
                else:
                    page.wait_for_function(PEER_DRAWN, arg=n, timeout=300_000, polling=50)
                page.evaluate(
                    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
                )
                seconds[name].append(time.perf_counter() - t0)
                ctx.close()
        browser.close()
    return {name: statistics.median(v) for name, v in seconds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout to measure beside this")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # subprocess: youthmap
    parser.add_argument("--peer", choices=["svg", "canvas"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        row = (
            build_peer(args.build, args.peer == "canvas")
            if args.peer
            else build_youthmap(args.build, args.runs)
        )
        print(json.dumps(row))
        return
    here = Path(__file__).resolve().parents[1]
    codes = {"youthmap, this checkout": here}
    if args.before:
        codes = {"youthmap, --before": args.before.resolve(), **codes}
    with open("/proc/loadavg") as f:
        load_start = f.read().split()[:3]
    tmp = Path(tempfile.mkdtemp(prefix="natmap-"))
    rows: dict[str, dict] = {}
    pages: dict[str, tuple[Path, int | None]] = {}
    for i, (name, code) in enumerate(codes.items()):
        out = tmp / f"youthmap{i}.html"
        rows[name] = _subprocess(code, ["--build", str(out), "--runs", str(args.runs)])
        pages[name] = (out, None)
    if not args.no_peer:
        for kind in ("svg", "canvas"):
            name = f"peer: folium GeoJson + CircleMarker ({kind})"
            out = tmp / f"peer-{kind}.html"
            rows[name] = _subprocess(here, ["--build", str(out), "--peer", kind])
            pages[name] = (out, rows[name]["points"])
    drawn = browser_seconds(pages, args.runs)
    with open("/proc/loadavg") as f:
        load_end = f.read().split()[:3]
    print(f"load average at start {' '.join(load_start)}, at end {' '.join(load_end)}")
    print(
        "| renderer | points | page (MB) | points data (MB) | boundaries data (MB) "
        "| build step (s) | folium map (s) | page HTML (s) | browser: goto → drawn (s) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        cells = [
            f"{r['points']:,}",
            f"{r['page MB']:.2f}",
            "" if r["points MB"] != r["points MB"] else f"{r['points MB']:.2f}",
            f"{r['boundaries MB']:.2f}",
            "" if r["step s"] != r["step s"] else f"{r['step s']:.2f}",
            f"{r['map s']:.2f}",
            f"{r['page s']:.2f}",
            f"{drawn[name]:.2f}",
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
