"""The standalone HTML export opened from disk in Chromium with every other host unreachable."""

from __future__ import annotations

import pandas as pd

from geo import maps
from geo.export.html import map_html
from geo.scope import Scope

GUANGZHOU = Scope(region="east", province_code="44", city_code="4401")


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
        tab.wait_for_selector(".leaflet-container path", timeout=20_000)
        n_paths = tab.locator(".leaflet-container path").count()
        tab.screenshot(path=str(artifacts / "export_html.png"))
    finally:
        context.close()
    assert n_paths > 0
    assert errors == []
    assert dialogs == []  # the name's <script> stayed text
