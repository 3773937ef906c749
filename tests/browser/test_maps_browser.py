"""End to end in headless Chromium: the maps a committee sees, read as drawn.

Each test leaves a screenshot in ``tests/artifacts/`` (the national static map, the
coverage map of a city, the pairing map of a city) to look at after a change.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (
    MAP_FRAME,
    assert_map_drawn,
    assert_scale_label_fits,
    goto,
    rerun_after,
)

pytestmark = pytest.mark.browser

TIMEOUT_MS = 120_000
SCALE_TEXT = re.compile(r"^\d+ (m|km)$")


def _no_leaflet_mark_metric_scale(frame: object) -> None:
    assert frame.locator(".leaflet-attribution-flag").count() == 0
    assert "Leaflet" not in frame.locator(".leaflet-control-attribution").inner_text()
    lines = frame.locator(".leaflet-control-scale-line").all_inner_texts()
    assert len(lines) == 1 and SCALE_TEXT.match(lines[0].strip()), lines
    assert_scale_label_fits(frame)


def test_coverage_map_of_a_city_tells_its_layers_apart(
    page: object, app_url: str, artifacts
) -> None:
    goto(page, app_url, "coverage", "province=51&city=5101")  # 成都市
    page.get_by_text("青年之家覆盖与新址选择", exact=True).wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_text("范围：四川省 · 成都市", exact=False).count() == 1
    frame = assert_map_drawn(page, min_paths=5)
    _no_leaflet_mark_metric_scale(frame)
    legend = frame.locator(".youthmap-legend").first
    text = legend.inner_text()
    for label in ("青年之家", "已覆盖社区", "未覆盖社区", "地级界线"):
        assert label in text, text
    assert "国界" not in text and "海岸线" not in text  # 成都 has neither
    shapes = legend.locator("svg path").evaluate_all("ps => ps.map(p => p.getAttribute('d'))")
    assert len(set(shapes)) == len(shapes) >= 3  # one shape per point layer
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    page.wait_for_timeout(1_000)
    page.locator(MAP_FRAME).first.screenshot(path=str(artifacts / "coverage_map_city_5101.png"))
    assert page.external_requests == [], page.external_requests


LINES_ON_TOP = """() => {
  // at the middle of each pair line, is the line drawn over the county areas?
  const map = Object.values(window).find(v => v instanceof L.Map);
  const out = [];
  map.eachLayer(l => {
    if (l instanceof L.Polyline && !(l instanceof L.Polygon) && l._renderer instanceof L.Canvas
        && l.options.interactive && out.length < 20) {
      const [a, b] = l.getLatLngs().map(p => map.latLngToContainerPoint(p));
      const box = map.getContainer().getBoundingClientRect();
      const hits = document.elementsFromPoint(box.left + (a.x + b.x) / 2, box.top + (a.y + b.y) / 2);
      const area = hits.findIndex(e => e.tagName === "path");
      const line = hits.findIndex(e => e.tagName === "CANVAS");
      out.push(area < 0 || (line >= 0 && line < area));
    }
  });
  return out;
}"""
"""For some pair lines: whether the line's canvas lies above the areas at its middle (Leaflet
stacks SVG over canvas in one pane: the 85%-opaque land fill once paled every line)."""

LINE_STYLES = """() => {
  const out = [];
  for (const v of Object.values(window)) {
    if (v instanceof L.Map) {
      v.eachLayer(l => {
        if (l instanceof L.Polyline && !(l instanceof L.Polygon) && l._renderer instanceof L.Canvas
            && l.options.interactive) {
          out.push([l.options.color, l.options.weight, l.options.opacity]);
        }
      });
    }
  }
  return out;
}"""
"""Colour, width and opacity of every pair line (the casings take no mouse)."""


def test_pairing_map_of_a_city_draws_readable_lines_as_the_legend_shows(
    page: object, app_url: str, artifacts
) -> None:
    from geo.maps import pairing as pmap

    goto(page, app_url, "pairing", "province=44&city=4401")  # 广州市
    page.get_by_text("广东省 · 广州市", exact=False).first.wait_for(timeout=TIMEOUT_MS)
    frame = assert_map_drawn(page, min_paths=5)
    frame.locator(".leaflet-youthmapLines-pane canvas").first.wait_for(state="attached")
    _no_leaflet_mark_metric_scale(frame)
    styles = frame.locator(".leaflet-container").first.evaluate(f"el => ({LINE_STYLES})()")
    assert styles
    on_top = frame.locator(".leaflet-container").first.evaluate(f"el => ({LINES_ON_TOP})()")
    assert on_top and all(on_top), on_top
    legend = frame.locator(".youthmap-legend").first
    swatches = legend.locator("svg line").evaluate_all(
        "ls => ls.map(l => [l.getAttribute('stroke'), Number(l.getAttribute('stroke-width'))])"
    )
    for colour, width, opacity in styles:
        assert opacity == 1
        assert [colour, width] in swatches  # the legend draws the same line
        band = pmap.BAND_COLORS.index(colour)
        if 1 <= band <= 3:  # 2–15 km
            assert width >= 3
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    page.wait_for_timeout(1_000)
    page.locator(MAP_FRAME).first.screenshot(path=str(artifacts / "pairing_map_city_4401.png"))
    assert page.external_requests == [], page.external_requests


def test_national_static_map_downloaded_from_the_presentation_page(
    page: object, app_url: str, artifacts
) -> None:
    """The first step's PNG, with the approval number typed on the page."""
    goto(page, app_url, "present", "province=44")
    page.get_by_text("全国：各区域社区分布", exact=True).wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("导出当前视图", exact=True).click()
    box = page.get_by_role("textbox", name="审图号")
    box.fill("GS(2099)0001号")
    rerun_after(page, lambda: box.press("Enter"))  # the button of the run that has the number
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.get_by_role("button", name="下载 PNG").click()
    # named by the step, in the page's language (it was youthmap_1_national.png)
    assert info.value.suggested_filename == "1-全国：各区域社区分布.png"
    path = artifacts / "static_national.png"
    info.value.save_as(str(path))
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 200_000
