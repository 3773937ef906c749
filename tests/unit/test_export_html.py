"""Standalone HTML map: every asset inlined, no external script or stylesheet, opens offline."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geo import maps
from geo.core.scope import Scope
from geo.export.html import export_html, external_assets, map_html, page_html

GUANGZHOU = Scope(region="east", province_code="44", city_code="4401")


def _guangzhou_map():
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
    return m


@pytest.fixture(scope="module")
def page() -> str:
    return map_html(_guangzhou_map(), title="广州市 <地图>")


def test_html_has_no_external_script_or_stylesheet(page) -> None:
    assert external_assets(page) == []
    srcs = re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"([^\"]+)\"", page)
    assert not [s for s in srcs if s.startswith(("http://", "https://", "//", "/app/static"))]


def test_leaflet_and_its_css_are_inlined(page) -> None:
    leaflet = (maps.VENDOR_DIR / "leaflet" / "leaflet.js").read_text(encoding="utf-8")
    assert leaflet[-2000:].replace("</script", "<\\/script") in page
    assert ".leaflet-container" in page
    assert "url(data:image/png;base64," in page  # layer icons from the CSS


def test_user_text_and_title_are_escaped(page) -> None:
    assert '<script>alert("x")</script>' not in page
    assert "<title>广州市 &lt;地图&gt;</title>" in page


def test_export_writes_a_file(tmp_path) -> None:
    path = export_html(maps.base_map(GUANGZHOU), tmp_path / "map.html")
    text = path.read_text(encoding="utf-8")
    assert external_assets(text) == []
    assert "leaflet" in text.lower()


def test_the_app_page_links_the_local_assets_and_is_the_same_on_every_call() -> None:
    m = _guangzhou_map()
    first = page_html(m, title="广州市 <地图>")
    # The app's frame is not reloaded when a rerun sends the same page again.
    assert page_html(m, title="广州市 <地图>") == first
    assert external_assets(first) == []
    srcs = re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"([^\"]+)\"", first)
    assert "/app/static/vendor/leaflet/leaflet.js" in srcs
    assert "/app/static/vendor/leaflet/leaflet.css" in srcs
    assert "<title>广州市 &lt;地图&gt;</title>" in first
    assert '<script>alert("x")</script>' not in first
    # The map stays undrawn: it can still be exported, with the same data inside.
    assert "华师社区" in map_html(m) and "华师社区" in first


def test_the_page_declares_the_language_of_its_words() -> None:
    """folium writes a bare ``<html>``: the page now says which language its words are in
    (geo.i18n.LANG_TAGS says why)."""
    m = _guangzhou_map()
    assert map_html(m, "广州市", "zh").count('<html lang="zh-CN">') == 1
    assert page_html(m, "广州市", "zh").count('<html lang="zh-CN">') == 1
    assert map_html(m, "Guangzhou", "en").count('<html lang="en">') == 1
    assert "<html>" in map_html(m)  # no language given, none claimed


def test_the_app_page_refuses_a_map_drawn_before() -> None:
    m = maps.base_map(GUANGZHOU)
    m.get_root().render()
    with pytest.raises(ValueError, match="rendered before"):
        page_html(m)


def test_the_simulated_data_note_is_shown_on_the_page_and_escaped() -> None:
    """The PNG, PDF and slides of a map of simulated layers print "注意：社区、青年之家为模拟
    数据（种子 2021）…"; the offline HTML said nothing. The note is now text in the page's
    body, in a box over the map, in the map's language; without one there is no box."""
    from geo.export.labels import simulated_note
    from tests._html_text import shown_text

    for lang, words in (("zh", "注意：社区、青年之家为模拟数据（种子 2021）"), ("en", "simulated")):
        note = simulated_note(["communities", "youth_homes"], 2021, lang)
        assert note is not None and words in note
        page = map_html(_guangzhou_map(), title="广州", lang=lang, note=note)
        assert note in shown_text(page)
        assert 'class="youthmap-note" role="note"' in page
    page = map_html(_guangzhou_map(), note="<b>注意</b>")
    assert (
        "<b>注意</b>" in shown_text(page) and "<b>注意</b>" not in page
    )  # escaped, shown as typed
    plain = map_html(_guangzhou_map())
    assert "youthmap-note" not in plain and not any("模拟" in s for s in shown_text(plain))


def test_the_note_names_only_the_simulated_layers_drawn() -> None:
    from geo.export.labels import simulated_note

    assert simulated_note([], 2021, "zh") is None
    assert simulated_note(["resident_units"], 2021, "zh", drawn={"communities"}) is None
    assert simulated_note(["communities", "resident_units"], None, "zh", {"communities"}) == (
        "注意：社区为模拟数据，仅用于演示，不代表真实位置。"
    )
