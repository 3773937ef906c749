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
