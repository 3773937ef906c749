"""geo.maps.coverage: covered and uncovered communities apart, gap hulls, sites and links."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo import siting
from geo.analysis import coverage, gaps
from geo.core.scope import Scope
from geo.maps import coverage as cmap
from tests._screen import map_payloads
from tests.unit.test_maps import _boundaries

CITY = Scope(province_code="44", city_code="4401")


@pytest.fixture(scope="module")
def case():
    rng = np.random.default_rng(1)
    n = 300
    comm = pd.DataFrame(
        {
            "id": [f"c{i}" for i in range(n)],
            "name": ["<script>alert(1)</script>"] * n,
            "district": "天河区",
            "lon": 113.3 + rng.uniform(0, 0.15, n),
            "lat": 23.1 + rng.uniform(0, 0.15, n),
            "youth": 100 + 5 * rng.permutation(n),  # distinct: the thinning order is exact
        }
    )
    homes = comm.sample(10, random_state=1)[["id", "lon", "lat"]].assign(
        id=lambda f: "H" + f["id"], name="<b>home</b>"
    )
    cov = coverage.community_coverage(comm, homes, 800)
    found = gaps.find_gaps(cov, eps_m=600, min_samples=3)
    model = siting.MaxCover.from_layers(comm, siting.candidates_from(comm), 800, homes, k=3)
    result = model.solve()
    return cov, homes, found, model.sites_table(result), model.assignment(result)


def _payloads(html_text: str) -> list[dict]:
    return map_payloads(html_text)


def _render(case, **kwargs) -> str:
    cov, homes, found, sites, assignment = case
    m = cmap.coverage_map(
        cov,
        homes,
        CITY,
        gaps=found.gaps,
        sites=sites,
        assignment=assignment,
        boundaries=_boundaries(),
        **kwargs,
    )
    return m.get_root().render()


def test_covered_uncovered_homes_and_sites_are_separate_point_layers(case) -> None:
    cov, homes, _, sites, _ = case
    points = [p for p in _payloads(_render(case)) if "xy" in p]
    by_color = {p["style"]["fillColor"]: len(p["xy"]) // 2 for p in points}
    assert by_color[cmap.COVERED_COLOR] == int(cov["covered"].sum())
    assert by_color[cmap.UNCOVERED_COLOR] == int((~cov["covered"]).sum())
    assert by_color[cmap.HOME_COLOR] == len(homes)
    assert by_color[cmap.SITE_COLOR] == len(sites) == 3
    assert len({cmap.COVERED_COLOR, cmap.UNCOVERED_COLOR, cmap.SITE_COLOR}) == 3


def test_covered_and_uncovered_differ_by_shape_and_homes_lie_under_communities(case) -> None:
    """Not by hue alone: each layer has its own shape; a Youth Home (drawn first) never
    hides the community beside it, and its symbol is nothing like an uncovered one's."""
    points = [p for p in _payloads(_render(case)) if "xy" in p]
    shapes = [p["style"]["shape"] for p in points]
    assert shapes == ["square", "circle", "triangle_down", "star"]  # homes first, at the bottom
    homes, covered, uncovered, _ = (p["style"] for p in points)
    assert homes["fillColor"] != uncovered["fillColor"] and homes["color"] == "#000000"
    assert covered["shape"] != uncovered["shape"] and covered["fillColor"] != uncovered["fillColor"]


def test_legend_draws_each_layer_with_its_own_symbol(case) -> None:
    from tests.unit.test_maps import _legend_html

    cov, homes, found, sites, assignment = case
    m = cmap.coverage_map(cov, homes, CITY, gaps=found.gaps, sites=sites, boundaries=_boundaries())
    legend = _legend_html(m)
    for symbol in (cmap.HOMES, cmap.COVERED, cmap.UNCOVERED, cmap.SITE):
        assert f'fill="{symbol.color}"' in legend
    assert legend.count("<path") == 4  # one marker each; the gaps an area swatch
    assert "<rect" in legend


def test_each_gap_is_a_hull_and_each_newly_covered_community_a_link(case) -> None:
    _, _, found, _, assignment = case
    assert found.n_gaps > 0 and len(assignment) > 0
    shapes = [p for p in _payloads(_render(case)) if "data" in p]
    hulls = next(p for p in shapes if p["style"]["color"] == cmap.GAP_COLOR)
    links = next(
        p for p in shapes if p["style"]["color"] == cmap.SITE_COLOR and not p["style"]["fill"]
    )
    assert len(hulls["data"]["features"]) == found.n_gaps
    assert len(links["data"]["features"]) == len(assignment)


def test_user_text_is_escaped_and_labels_follow_the_language(case) -> None:
    html_text = _render(case, lang="en")
    assert "<script>alert(1)" not in html_text and "<b>home</b>" not in html_text
    assert "&lt;script&gt;alert(1)" in html_text
    for label in ("Uncovered communities", "Coverage gaps", "Proposed sites"):
        assert label in html_text


def test_large_scopes_keep_the_uncovered_communities_with_most_youth(case, monkeypatch) -> None:
    cov = case[0]
    monkeypatch.setattr(cmap, "MAX_UNCOVERED_DRAWN", 20)
    monkeypatch.setattr(cmap, "MAX_COVERED_DRAWN", 5)
    html_text = cmap.coverage_map(cov, case[1].head(0), CITY, boundaries=_boundaries())
    points = [p for p in _payloads(html_text.get_root().render()) if "xy" in p]
    assert [p["style"]["fillColor"] for p in points] == [cmap.UNCOVERED_COLOR]  # covered left out
    xy = np.asarray(points[0]["xy"]).reshape(-1, 2)
    top = cov.loc[~cov["covered"]].nlargest(20, "youth")
    assert len(xy) == 20
    np.testing.assert_allclose(np.sort(xy[:, 0]), np.sort(top["lon"].round(5)), atol=1e-5)


@pytest.fixture(scope="module")
def national(layers):
    return coverage.community_coverage(layers.communities, layers.youth_homes, 1000)


def _groups(m) -> dict[str, bool]:
    """Each toggleable layer's name and whether it opens switched on."""
    import folium

    return {
        c.layer_name: c.show for c in m._children.values() if isinstance(c, folium.FeatureGroup)
    }


def test_national_map_colours_each_province_by_its_coverage_rate(national, layers) -> None:
    """6,000 uncovered triangles and 4,000 Youth Homes over the east read as one mass at the
    scale of the country: the national map colours the provinces by the share of their
    communities covered (darker: more), and opens with those dense layers switched off."""
    m = cmap.coverage_map(national, layers.youth_homes, Scope())
    groups = _groups(m)
    assert groups == {
        "行政边界": True,
        "社区覆盖率（按省）": True,
        "青年之家": False,
        "未覆盖社区": False,
    }
    rates = coverage.coverage_rates(national, "province")
    areas = next(p for p in _payloads(m.get_root().render()) if "data" in p and "_fill" in str(p))
    features = areas["data"]["features"]
    assert len(features) == len(rates) == 31
    drawn = pd.DataFrame([f["properties"] for f in features])
    assert set(drawn["name"]) == set(rates["name"])  # 广东省 …, with its rate in the tooltip
    by_name = rates.set_index("name")["coverage_rate"]
    assert (drawn["rate_txt"] == [f"{by_name[n]:.1%}" for n in drawn["name"]]).all()
    youth = rates.set_index("name")["youth_rate"]  # and the share of youth, beside it
    assert (drawn["youth_rate_txt"] == [f"{youth[n]:.1%}" for n in drawn["name"]]).all()
    # darker for more covered: the palette's order follows the rates' order
    shade = drawn["_fill"].map(cmap.RATE_PALETTE.index)
    rate = drawn["name"].map(by_name)
    assert shade[rate.idxmax()] == len(cmap.RATE_PALETTE) - 1 and shade[rate.idxmin()] == 0
    assert (shade.groupby(rate.rank(method="dense")).max().diff().dropna() >= 0).all()
    shanghai, yunnan = (shade[drawn["name"] == n].item() for n in ("上海市", "云南省"))
    assert shanghai > yunnan


def test_region_map_colours_cities_and_a_province_map_draws_points(national, layers) -> None:
    from geo.core.scope import apply

    east = Scope(region="east")
    m = cmap.coverage_map(apply(national, east), apply(layers.youth_homes, east), east, lang="en")
    assert _groups(m)["Communities covered, per city"] is True
    assert _groups(m)["Uncovered communities"] is False
    html_text = m.get_root().render()
    assert "Guangzhou" in html_text and "Communities covered (%)" in html_text  # legend title
    gd = Scope(region="east", province_code="44")
    m = cmap.coverage_map(apply(national, gd), apply(layers.youth_homes, gd), gd)
    assert _groups(m) == {"行政边界": True, "青年之家": True, "未覆盖社区": True}


def test_rate_areas_legend_names_its_classes_in_percent(national) -> None:
    areas = cmap.rate_areas(national, "province", "en")
    classes = areas.attrs["classes"]
    assert len(classes) == len(cmap.RATE_PALETTE)
    assert [c for _, c in classes] == list(cmap.RATE_PALETTE)
    low = areas["coverage_rate"].min()
    assert classes[0][0].startswith(f"{low:.1%} – ")
    assert "Guangdong" in set(areas["name"]) and areas.crs.to_epsg() == 4326
