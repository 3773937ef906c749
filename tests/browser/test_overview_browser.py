"""End to end in headless Chromium: the overview map draws with every other host blocked."""

from __future__ import annotations

import pytest

from geo.maps.base import CONTEXT_FILL
from tests.browser.conftest import MAP_FRAME, wait_idle

pytestmark = pytest.mark.browser

DRAW_TIMEOUT_MS = 60_000

# In the map frame: [zoom, share of the frame's width, share of its height] the drawn layers
# span (folium keeps the Leaflet map in a global named map_<id>).
FIT_JS = """() => {
  const m = Object.values(window).find((v) => v instanceof L.Map);
  let b = null;
  m.eachLayer((l) => {  // every drawn feature but the muted land around the scope
    if (l.feature && l.getBounds && l.options.fillColor !== "CONTEXT_FILL") {
      const lb = l.getBounds();
      if (lb.isValid()) { b = b ? b.extend(lb) : L.latLngBounds(lb.getSouthWest(), lb.getNorthEast()); }
    }
  });
  const s = m.getSize();
  const sw = m.latLngToContainerPoint(b.getSouthWest()), ne = m.latLngToContainerPoint(b.getNorthEast());
  return [m.getZoom(), (ne.x - sw.x) / s.x, (sw.y - ne.y) / s.y];
}""".replace("CONTEXT_FILL", CONTEXT_FILL)


def _assert_map_drawn(pg: object, *, min_paths: int) -> dict[str, int]:
    frame = pg.frame_locator(MAP_FRAME).first
    frame.locator(".leaflet-container").wait_for(timeout=DRAW_TIMEOUT_MS)
    frame.locator(".leaflet-overlay-pane svg path").nth(min_paths - 1).wait_for(
        state="attached", timeout=DRAW_TIMEOUT_MS
    )
    frame.locator(".leaflet-pane canvas").first.wait_for(state="attached", timeout=DRAW_TIMEOUT_MS)
    pg.wait_for_timeout(1_000)  # let tiles-free rendering settle before the screenshot
    counts = {
        "paths": frame.locator(".leaflet-overlay-pane svg path").count(),
        "canvases": frame.locator(".leaflet-pane canvas").count(),
        "layer_toggles": frame.locator(".leaflet-control-layers-overlays input").count(),
        "legends": frame.locator(".youthmap-legend").count(),
    }
    assert pg.locator('[data-testid="stException"]').count() == 0
    return counts


def test_overview_draws_offline_at_national_and_province_scope(
    page: object, app_url: str, artifacts
) -> None:
    page.goto(app_url)
    wait_idle(page)
    national = _assert_map_drawn(page, min_paths=34)  # one path per province at least
    page.screenshot(path=str(artifacts / "overview_national.png"), full_page=True)
    assert national["layer_toggles"] == 5  # boundaries and the four layers
    assert national["legends"] == 2  # layers, and the choropleth classes

    # The scope comes from the link (app.py seeds the sidebar from ?province=&city=).
    page.goto(f"{app_url}/?province=44")
    wait_idle(page)
    province = _assert_map_drawn(page, min_paths=100)  # Guangdong's counties
    page.screenshot(path=str(artifacts / "overview_province_44.png"), full_page=True)
    assert province["layer_toggles"] == 5
    assert page.get_by_text("广东省：行政边界").count() == 1

    page.goto(f"{app_url}/?province=44&city=4401")
    wait_idle(page)
    _assert_map_drawn(page, min_paths=5)
    page.screenshot(path=str(artifacts / "overview_city_4401.png"), full_page=True)

    assert page.external_requests == [], page.external_requests
    assert [url for url, _ in page.failed_requests if "/app/static/" in url] == []


def _fit(pg: object) -> tuple[float, float, float]:
    return tuple(pg.frame_locator(MAP_FRAME).first.locator("body").evaluate(f"b => ({FIT_JS})()"))


def test_offline_map_fills_its_frame_with_the_scope(page: object, app_url: str) -> None:
    # Beijing on the offline basemap: at whole zoom levels the fit fell back to level 8, where
    # the city spanned 64 % of the map's height; quarter levels open it at 8.5 (91 %).
    page.goto(f"{app_url}/?province=11")
    wait_idle(page)
    _assert_map_drawn(page, min_paths=10)
    zoom, width, height = _fit(page)
    assert zoom != int(zoom)
    assert 0.8 <= max(width, height) <= 1.0, (zoom, width, height)


def test_tile_basemap_without_internet_still_draws_the_layers(
    page: object, app_url: str, artifacts
) -> None:
    page.goto(f"{app_url}/?province=11&basemap=osm")
    wait_idle(page)
    counts = _assert_map_drawn(page, min_paths=10)  # Beijing's districts over the missing tiles
    page.screenshot(path=str(artifacts / "overview_province_11_osm_offline.png"), full_page=True)
    assert counts["layer_toggles"] == 5
    zoom, width, height = _fit(page)
    assert zoom == int(zoom)  # tiles drawn at their own level, unscaled
    assert max(width, height) <= 1.0
    tiles = [url for url in page.external_requests if "tile.openstreetmap.org" in url]
    assert tiles, "the OSM basemap requested no tiles"
    failed = {url for url, _ in page.failed_requests}
    assert set(page.external_requests) <= failed  # every outside request failed: none got through
