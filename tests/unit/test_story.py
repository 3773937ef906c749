"""The presentation story: steps, captions from the data, maps and static figures."""

from __future__ import annotations

import html
import json

import numpy as np
import pandas as pd
import pytest
import shapely

from geo.core import scope as _scope
from geo.core.scope import Scope
from geo.export import story
from geo.maps import base
from tests._screen import map_payloads

GUANGDONG = Scope(region="east", province_code="44")


def _build(layers, kind: str, scope: Scope, chosen=None, partners=None, lang: str = "zh"):
    """One step on the embedded layers."""
    spec = story.StepSpec(kind, scope)
    comm, homes, camp = layers.communities, layers.youth_homes, layers.campuses
    return story.build_step(spec, comm, homes, camp, chosen, partners, lang)


@pytest.fixture(scope="module")
def national(layers) -> story.Step:
    return _build(layers, "national", Scope())


def test_story_goes_from_nation_to_region_to_province_and_its_sites() -> None:
    specs = story.story_steps(Scope(province_code="44"))
    assert [s.kind for s in specs] == list(story.STEP_KINDS)
    assert [s.scope for s in specs] == [
        Scope(),
        Scope(region="east"),
        GUANGDONG,
        GUANGDONG,
        GUANGDONG,
    ]


def test_focus_province_follows_the_sidebar_scope() -> None:
    assert story.focus_province(Scope(region="west")) == "15"  # 内蒙古, first western code
    assert story.focus_province(Scope()) == story.DEFAULT_FOCUS_PROVINCE
    city = story.story_steps(Scope(province_code="44", city_code="4401"))
    assert city[2].scope.city_code is None and city[3].scope.city_code == "4401"


def test_national_step_counts_every_community_by_region(layers, national) -> None:
    step = national
    by_region = layers.communities["region"].value_counts()
    assert step.figures["communities"] == len(layers.communities)
    assert {r: step.figures[r] for r in ("east", "central", "west")} == by_region.to_dict()
    assert f"{len(layers.communities):,}" in step.caption


def test_thinned_layers_keep_their_full_count_for_the_legends(national) -> None:
    step = national
    east = next(layer for layer in step.layers if layer.key == "region_east")
    assert len(east.frame) == story.MAP_POINTS_MAX // 3 < step.figures["east"]
    assert east.count == step.figures["east"]
    label = f"{east.label}（{int(step.figures['east']):,}）"
    assert json.dumps(label)[1:-1] in story.step_map(step).get_root().render()  # legend script
    fig = story.step_figure(step, figsize_in=(6, 4))
    (ax,) = [a for a in fig.axes if a.get_label() == "map"]
    assert label in [t.get_text() for t in ax.get_legend().get_texts()]


def test_national_tables_sum_up_by_province_instead_of_listing_sampled_rows(
    layers, national
) -> None:
    import io

    import openpyxl

    from geo.export.xlsx import tables_to_xlsx

    step = national
    tables, notes = story.step_tables(step, "zh")
    assert list(tables) == ["分地区汇总"]  # every region layer is a sample of its rows
    summary = tables["分地区汇总"]
    assert summary["社区"].sum() == len(layers.communities)
    assert summary["青年之家"].sum() == len(layers.youth_homes)
    assert summary.set_index("代码").at["44", "省份"] == "广东省"
    (about,) = notes.values()
    assert step.caption in about and f"东部：共 {int(step.figures['east']):,} 个" in about
    book = openpyxl.load_workbook(io.BytesIO(tables_to_xlsx(tables, lang="zh", notes=notes)))
    assert book.sheetnames == ["分地区汇总", "说明"]


def test_province_tables_sum_up_by_city_and_list_the_rows_drawn(layers) -> None:
    step = _build(layers, "province", Scope(region="west", province_code="64"), lang="en")
    tables, _ = story.step_tables(step, "en")
    assert list(tables) == ["By area", "Communities", "Youth Homes", "University campuses"]
    by_city = tables["By area"].set_index("Code")
    assert by_city.index.str.startswith("64").all()
    assert by_city["Communities"].sum() == len(tables["Communities"]) == step.figures["communities"]


XPCC = Scope(region="west", province_code="65", city_code="6590")
"""The XPCC's scope: its cities in Xinjiang, where its account opens."""


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("zh", "新疆维吾尔自治区 · 新疆生产建设兵团：社区、青年之家与高校"),
        ("en", "Xinjiang · Xinjiang Production and Construction Corps: communities, Youth "),
    ],
)
def test_the_xpccs_story_draws_its_own_cities_not_the_whole_of_xinjiang(layers, lang, title):
    """The XPCC's account's presentation drew the whole of Xinjiang on its third step
    (新疆维吾尔自治区：1,782 个社区，…，青年之家 428 个，高校校区 67 个), and `youthmap map
    --province 65 --city 6590` drew the same: the XPCC files on its own line, and its step
    is its cities (145 communities, 39 Youth Homes, 5 campuses on the embedded data), summed
    up by its county-level cities (石河子市 …)."""
    specs = story.story_steps(XPCC)
    assert [s.scope for s in specs] == [Scope(), Scope(region="west"), XPCC, XPCC, XPCC]
    spec = specs[2]
    step = story.build_step(
        spec,
        layers.communities,
        layers.youth_homes,
        layers.campuses,
        lang=lang,
        city_name="新疆生产建设兵团",
    )
    own = {
        key: frame[frame["county_code"].astype(str).str.startswith("6590")]
        for key, frame in (
            ("communities", layers.communities),
            ("youth_homes", layers.youth_homes),
            ("campuses", layers.campuses),
        )
    }
    assert len(own["communities"]) < (layers.communities["province_code"] == "65").sum()
    assert {layer.key: layer.count for layer in step.layers} == {k: len(f) for k, f in own.items()}
    figures = {k: step.figures[k] for k in ("communities", "homes", "campuses")}
    assert list(figures.values()) == [len(f) for f in own.values()]
    assert step.title.startswith(title)
    by_city = step.summary.set_index(step.summary.columns[0])
    cities = own["communities"].groupby("county_code")["district"].first()
    assert by_city.iloc[:, 0].to_dict() == cities.to_dict()  # 659001 石河子市 …
    assert by_city.iloc[:, 1].sum() == len(own["communities"])


def test_chosen_step_draws_the_given_list_its_homes_and_partner_campuses(layers) -> None:
    comm = _scope.apply(layers.communities, GUANGDONG)
    chosen = comm.nlargest(12, "youth")
    campus_ids = layers.campuses.loc[layers.campuses["province_code"] == "44", "id"].head(3)
    partners = pd.DataFrame(
        {"community_id": chosen["id"].head(3).to_numpy(), "campus_id": campus_ids.to_numpy()}
    )
    step = _build(layers, "chosen", GUANGDONG, chosen, partners)
    frames = {layer.key: layer.frame for layer in step.layers}
    assert frames["chosen"]["id"].tolist() == chosen["id"].tolist()
    assert set(frames["campuses"]["id"]) == set(campus_ids)
    assert step.note is None
    assert "入选 12 个社区" in step.caption


def test_a_chosen_list_not_paired_calls_its_campuses_nearest_not_partners(layers) -> None:
    """Without pairs (the pairing page not visited, ``map`` without ``--pairs``) each
    community's nearest campus was drawn and counted as its "partner campus"."""
    comm = _scope.apply(layers.communities, GUANGDONG)
    chosen = comm.nlargest(12, "youth")
    step = _build(layers, "chosen", GUANGDONG, chosen, None, "en")
    assert {layer.key: layer.label for layer in step.layers}["campuses"] == "Nearest campuses"
    assert step.title == "Guangdong: chosen communities, their Youth Homes and nearest campuses"
    assert step.caption.endswith(
        "nearest campuses (not paired yet; once paired, the partners are shown)."
    )
    assert "partner campuses" not in step.caption
    paired = pd.DataFrame({"community_id": chosen["id"].head(1), "campus_id": ["X"]})
    step = _build(layers, "chosen", GUANGDONG, chosen, paired, "zh")  # given pairs: partners
    assert {layer.key: layer.label for layer in step.layers}["campuses"] == "结对高校校区"
    assert step.title == "广东省：入选社区及其青年之家与结对高校"
    assert step.caption.endswith("结对高校校区 0 个。")


def test_chosen_step_without_a_selection_says_so(layers) -> None:
    step = _build(layers, "chosen", GUANGDONG, lang="en")
    assert step.note and "No chosen list" in step.note
    assert step.figures["chosen"] == story.CHOSEN_FALLBACK_N
    assert step.caption.startswith("Guangdong: no chosen community yet; 30 example")
    labels = {layer.key: layer.label for layer in step.layers}
    assert labels["chosen"] == "Example communities (most young people)"
    assert labels["campuses"] == "Nearest campuses"
    assert step.title == "Guangdong: chosen communities, their Youth Homes and nearest campuses"


def test_a_saved_plan_with_none_in_the_province_says_so_and_calls_nothing_chosen(layers) -> None:
    """The centre's meeting on Guangdong, the saved plan holding Sichuan's communities: the
    slide read "广东省：入选 30 个社区" over thirty communities nobody had chosen, and said no
    list had been given."""
    comm = layers.communities
    sichuan = comm.loc[comm["province_code"] == "51"].head(5)
    spec = story.StepSpec("chosen", GUANGDONG)
    args = (comm, layers.youth_homes, layers.campuses, sichuan, None)
    step = story.build_step(spec, *args, "zh", None, "2026 全国第一批")
    assert step.note == (
        "已保存的方案“2026 全国第一批”在广东省没有入选社区；此处显示青年人口最多的 30 个社区作为示意。"
    )
    assert "入选 30" not in step.caption and step.caption.startswith(
        "广东省：尚无入选社区，示意 30"
    )
    assert {layer.key: layer.label for layer in step.layers}["chosen"] == "示意社区（青年人口最多）"
    # the session's own pick, elsewhere
    step = story.build_step(spec, *args, "en")
    assert step.note.startswith("This pick has no chosen community in Guangdong")
    # and where the plan has communities, they are the chosen ones
    step = story.build_step(story.StepSpec("chosen", Scope(province_code="51")), *args, "zh")
    assert step.caption.startswith("四川省：入选 5 个社区")
    assert {layer.key: layer.label for layer in step.layers}["chosen"] == "入选社区"


@pytest.fixture(scope="module")
def gaps_step(layers):
    return _build(layers, "gaps", GUANGDONG)


def test_gaps_step_proposes_sites_among_uncovered_communities(gaps_step, layers) -> None:
    frames = {layer.key: layer.frame for layer in gaps_step.layers}
    assert len(frames["sites"]) == story.STORY_SITES_K
    assert set(frames["sites"]["id"]) <= set(_scope.apply(layers.communities, GUANGDONG)["id"])
    assert 0 < gaps_step.figures["coverage"] < 1
    assert gaps_step.figures["uncovered"] == len(frames["uncovered"])
    assert gaps_step.figures["sites_youth"] > 0


def test_step_map_escapes_names_and_lists_every_layer_in_the_legend(layers) -> None:
    comm = _scope.apply(layers.communities, GUANGDONG).head(5).copy()
    comm["name"] = "<img src=x onerror=alert(1)>"
    step = _build(layers, "chosen", GUANGDONG, comm)
    page = story.step_map(step).get_root().render()
    assert "<img src=x onerror" not in page
    for layer in step.layers:  # in the legend (HTML) or the layer control (JSON-escaped)
        assert layer.label in page or json.dumps(layer.label)[1:-1] in page


def test_simulated_note_names_only_the_layers_the_step_draws(national) -> None:
    step = national  # communities only
    fig = story.step_figure(step, simulated=["communities", "resident_units"], figsize_in=(4, 3))
    notes = " ".join(t.get_text() for t in fig.texts)
    assert "社区为模拟数据" in notes and "驻区单位" not in notes
    fig = story.step_figure(step, simulated=["resident_units"], figsize_in=(4, 3))
    assert "模拟数据" not in " ".join(t.get_text() for t in fig.texts)


def test_step_figure_is_a_static_map_with_the_caption(gaps_step) -> None:
    fig = story.step_figure(gaps_step, simulated=["communities"], seed=2021, figsize_in=(6, 4))
    texts = [t.get_text() for t in fig.texts]
    flat = ["".join(t.split()) for t in texts]  # a long caption wraps to the figure's width
    assert gaps_step.title in texts and "".join(gaps_step.caption.split()) in flat


def _point_payloads(step: story.Step) -> list[dict]:
    page = story.step_map(step).get_root().render()
    return [p for p in map_payloads(page) if "xy" in p]


def test_national_map_draws_each_regions_points_in_its_colour_with_their_names(
    layers, national
) -> None:
    """What the national step draws: per region its thinned points where they lie (to
    1e-5°), in the region's colour, with each community's escaped name, province and city,
    and the legend counting every community of the region."""
    payloads = _point_payloads(national)
    assert [p["style"]["fillColor"] for p in payloads] == list(story.REGION_COLORS.values())
    page = story.step_map(national).get_root().render()
    for layer, payload in zip(national.layers, payloads, strict=True):
        frame = layer.frame
        region = layer.key.removeprefix("region_")
        assert len(payload["xy"]) == 2 * len(frame) == 2 * (story.MAP_POINTS_MAX // 3)
        lonlat = np.round(frame[["lon", "lat"]].to_numpy(float), 5)
        assert (np.asarray(payload["xy"]).reshape(-1, 2) == lonlat).all()  # the same doubles
        name, province, city = payload["cols"]
        assert name["values"] == [html.escape(v) for v in frame["name"]]
        assert [province["dict"][c] for c in province["codes"]] == frame["province"].tolist()
        assert [city["dict"][c] for c in city["codes"]] == frame["city"].tolist()
        total = int((layers.communities["region"] == region).sum())
        assert json.dumps(f"{layer.label}（{total:,}）")[1:-1] in page  # the legend's count


def test_national_maps_points_are_written_in_whole_steps_from_their_corner(national) -> None:
    """The 39,999 points of the national step were written as decimals (113.54098,23.2241:
    18.7 characters a point, 749 kB of the page's 2.7 MB); as whole 1e-5° steps from the
    layer's corner each number has at most the digits of the layer's span in steps."""
    for layer, payload in zip(national.layers, _point_payloads(national), strict=True):
        steps = payload["steps"]  # as written in the page, before tests._screen reads them
        assert all(isinstance(v, int) and v >= 0 for v in steps)
        frame = layer.frame[["lon", "lat"]]
        span = ((frame.max() - frame.min()) * 10**5).round().astype(int)
        digits = max(len(str(v)) for v in span)
        written = len(json.dumps(steps, separators=(",", ":")))
        assert written <= len(frame) * 2 * (digits + 1) + 1


def _boundary_payloads(step: story.Step) -> list[dict]:
    return [p for p in map_payloads(story.step_map(step).get_root().render()) if "data" in p]


def test_national_maps_province_areas_are_drawn_where_the_boundaries_lie(national) -> None:
    """The province areas the national map fills (with their escaped names) lie exactly on
    the embedded boundaries rounded to 1e-3° (110 m), as they did when written as decimals."""
    areas = base.scope_boundaries(Scope())["areas"]
    drawn = base._to_draw(areas.geometry, "wgs84", base.BOUNDARY_DECIMALS["national"])
    expected = [json.loads(json.dumps(shapely.geometry.mapping(g))) for g in drawn]
    payload = _boundary_payloads(national)[0]  # the areas, below the boundary lines
    features = payload["data"]["features"]
    assert [f["geometry"] for f in features] == expected
    assert [f["properties"]["name"] for f in features] == [html.escape(n) for n in areas["name"]]


def test_national_maps_boundaries_are_written_in_steps_from_the_position_before(national) -> None:
    """The national map's province areas and boundary lines were written as decimals to
    1e-3° (659 kB of its 2.7 MB); as whole steps, each from the position before, they take
    under half the characters of the same positions written as decimals."""
    written = decimal = 0
    for payload in _boundary_payloads(national):
        written += len(json.dumps(payload["steps"]["features"], separators=(",", ":")))
        decimal += len(json.dumps(payload["data"]["features"], separators=(",", ":")))
    assert 2 * written < decimal
