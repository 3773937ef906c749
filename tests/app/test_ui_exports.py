"""ui.exports: a page's map as one offline HTML file."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import maps
from geo.core.scope import Scope
from geo.export.html import external_assets
from ui import exports


def test_html_bytes_is_a_standalone_page_and_leaves_the_map_as_it_was() -> None:
    m = maps.base_map(Scope(region="east", province_code="44", city_code="4401"))
    points = pd.DataFrame({"name": ["<b>天河</b>"], "lon": [113.36], "lat": [23.12]})
    maps.add_points(m, points, "社区", "#1f77b4", ["name"])
    before = (list(m._children), list(m.get_root().header._children))
    page = exports.html_bytes(m, "广州 <地图>").decode("utf-8")
    assert external_assets(page) == []
    assert "<title>广州 &lt;地图&gt;</title>" in page
    assert "<b>天河</b>" not in page
    assert (list(m._children), list(m.get_root().header._children)) == before  # a copy rendered


def test_a_map_already_drawn_is_refused_rather_than_exported_twice_over() -> None:
    m = maps.base_map(Scope(region="east", province_code="44"))
    m.get_root().render()  # what st_folium does to the map it draws
    with pytest.raises(ValueError, match="rendered before"):
        exports.html_bytes(m, "t")
