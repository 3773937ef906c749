"""PPTX deck: a title slide, one slide per step of the presentation story, the filing summary."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from pptx import Presentation

from geo.core.scope import Scope
from geo.export import pptx as xpptx
from geo.export import story

GUANGDONG = Scope(region="east", province_code="44")
PICTURE = 13  # MSO_SHAPE_TYPE.PICTURE


@pytest.fixture(scope="module")
def chosen(layers) -> pd.DataFrame:
    comm = layers.communities
    picked = comm[comm["province_code"].isin(["44", "45"])].nlargest(40, "youth").copy()
    picked["score"] = picked["youth"] / picked["youth"].max()
    return picked


@pytest.fixture(scope="module")
def data(layers, chosen) -> xpptx.DeckInput:
    return xpptx.DeckInput(
        layers.communities, layers.youth_homes, layers.campuses, chosen, ("communities",), 2021
    )


@pytest.fixture(scope="module")
def deck(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("deck") / "deck.pptx"
    xpptx.build_deck(data, GUANGDONG, path, date=dt.date(2026, 11, 25), approval_no="GS(2099)1号")
    return Presentation(str(path))


def _titles(prs) -> list[str]:
    return [s.shapes.title.text if s.shapes.title is not None else "" for s in prs.slides]


def _texts(slide) -> str:
    return " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


@pytest.mark.slow
def test_deck_has_one_slide_per_story_step_between_title_and_summary(deck) -> None:
    assert len(story.story_steps(GUANGDONG)) == len(story.STEP_KINDS) == 5
    assert _titles(deck) == [
        "社区青春行动选点汇报",
        "全国：各区域社区分布",
        "东部",
        "广东省：社区、青年之家与高校",
        "广东省：入选社区及其青年之家与就近高校",  # no pairs given: nearest, not partners
        "广东省：覆盖缺口与建议选址",
        "备案名单汇总",
    ]
    assert "广东省 · 2026-11-25" in deck.slides[0].placeholders[1].text


def test_every_step_slide_carries_its_map_caption_and_key_figures(deck, layers, chosen) -> None:
    for slide in list(deck.slides)[1:6]:
        assert sum(shape.shape_type == PICTURE for shape in slide.shapes) == 1
    national = _texts(deck.slides[1])
    assert f"社区 {len(layers.communities):,} 个" in national
    assert "入选社区 40 个" in national
    n_gd = int((chosen["province_code"] == "44").sum())
    assert f"入选 {n_gd} 个社区" in _texts(deck.slides[4])  # the chosen-communities step
    assert "建议新建" in _texts(deck.slides[5])  # the coverage-gaps step


def test_summary_table_counts_the_chosen_list_by_province(deck, chosen) -> None:
    (table,) = [sh.table for sh in deck.slides[-1].shapes if sh.has_table]
    rows = [[table.cell(i, j).text for j in range(4)] for i in range(len(table.rows))]
    assert rows[0] == ["单位", "入选社区", "青年人口", "平均得分"]
    n_gd = int((chosen["province_code"] == "44").sum())
    assert rows[1][:2] == ["广东省", str(n_gd)]
    assert rows[-1][0] == "合计" and rows[-1][1] == str(n_gd)
    assert all(len(row[3].split(".")[1]) == 3 for row in rows[1:])  # scores: three decimals


def test_filing_summary_totals_add_up(chosen) -> None:
    summary = xpptx.filing_summary(chosen, "en")
    assert list(summary.columns) == ["Unit", "Chosen", "Youth", "Mean score"]
    assert summary["Chosen"].iloc[-1] == len(chosen) == summary["Chosen"].iloc[:-1].sum()
    assert summary["Youth"].iloc[-1] == int(chosen["youth"].sum())


@pytest.mark.slow
def test_deck_without_a_chosen_list_says_so(layers, tmp_path) -> None:
    data = xpptx.DeckInput(layers.communities, layers.youth_homes, layers.campuses)
    prs = Presentation(xpptx.build_deck(data, Scope(province_code="46"), tmp_path / "d.pptx"))
    chosen_step = _texts(prs.slides[4])
    assert "未给出入选名单，此处显示青年人口最多的 30 个社区作为示意" in chosen_step
    # the page is named as the menu names it (it said "选点", a name the app no longer has)
    assert "在“名额与遴选”页遴选或保存方案后显示入选社区" in chosen_step
    assert "尚未生成入选名单：请先在“名额与遴选”页遴选，或保存方案。" in _texts(prs.slides[-1])


@pytest.mark.slow
def test_a_deck_of_a_saved_plan_names_the_plan_on_its_chosen_slide(layers, tmp_path) -> None:
    comm = layers.communities
    chosen = comm.loc[comm["province_code"] == "46"].head(4)
    data = xpptx.DeckInput(
        layers.communities, layers.youth_homes, layers.campuses, chosen, chosen_from="2026 第一批"
    )
    prs = Presentation(xpptx.build_deck(data, Scope(province_code="46"), tmp_path / "d.pptx"))
    chosen_step = _texts(prs.slides[4])
    assert "入选社区取自已保存的方案“2026 第一批”（已退出的除外）" in chosen_step
    assert "入选 4 个社区" in chosen_step


def test_filing_summary_gives_a_mean_score_only_of_communities_all_scored(chosen) -> None:
    """A saved plan's deck read its communities from the layer, which has no score: the
    summary showed an empty 平均得分 column. A next plan's carried communities have none
    either, and a mean of the refills alone would pass for the province's."""
    unscored = chosen.drop(columns="score")
    assert list(xpptx.filing_summary(unscored, "zh").columns) == ["单位", "入选社区", "青年人口"]
    some = chosen.copy()
    some.loc[some.index[:5], "province_code"] = "45"  # Guangxi's five all scored
    some.loc[some.index[-1], "score"] = float("nan")  # one of Guangdong's not
    summary = xpptx.filing_summary(some, "en").set_index("Unit")["Mean score"]
    assert pd.isna(summary["Guangdong"]) and pd.isna(summary["Total"])
    assert summary["Guangxi"] == round(some["score"].iloc[:5].mean(), 3)


def test_a_long_table_is_shared_evenly_over_its_slides():
    """The evaluation's 32 provinces and their total (33 rows, 14 a slide) came as 14, 14
    and 5; the monthly summary's 17 measures (16 a slide) as 16 and one alone."""
    import pandas as pd
    from pptx import Presentation

    from geo.export.pptx import _table_slides

    for rows, most, expected in (
        (33, 14, [11, 11, 11]),
        (17, 16, [9, 8]),
        (16, 16, [16]),
        (0, 16, [0]),
    ):
        prs = Presentation()
        _table_slides(prs, pd.DataFrame({"a": range(rows)}), "t", rows_per_slide=most)
        got = [len(sh.table.rows) - 1 for s in prs.slides for sh in s.shapes if sh.has_table]
        assert got == expected, (rows, got)


def test_key_figures_give_a_mean_score_only_over_communities_that_have_one(layers, chosen):
    """A next cycle's plan carries communities that were not scored again: its deck read
    "入选平均得分 nan". A plan with no scores gives no mean; with some, the mean of those and
    how many they are."""

    def figures(scores) -> str:
        data = xpptx.DeckInput(
            layers.communities, layers.youth_homes, layers.campuses,
            chosen.assign(score=scores), ("communities",), 2021,
        )  # fmt: skip
        return " ".join(xpptx.key_figures(data, GUANGDONG, "zh"))

    assert "nan" not in figures(float("nan")) and "平均得分" not in figures(float("nan"))
    some = chosen["score"].where(chosen["province_code"] == "44")
    shown = some[chosen["province_code"] == "44"]
    assert f"入选平均得分 {shown.mean():.3f}（其中 {len(shown)} 个有得分）" not in figures(some)
    assert f"入选平均得分 {shown.mean():.3f}" in figures(some)
    half = chosen["score"].where(chosen.reset_index().index.to_numpy() % 2 == 0)
    in_scope = half[chosen["province_code"] == "44"].dropna()
    assert f"入选平均得分 {in_scope.mean():.3f}（其中 {len(in_scope)} 个有得分）" in figures(half)


@pytest.mark.slow
def test_a_deck_from_a_community_list_without_youth_figures(layers, tmp_path):
    """A list imported with only the required columns (no 青年人口): the deck crashed on
    its key figures ("cannot convert float NaN to integer") and its gaps step weighed the
    sites by a column it did not have. Now the key figures leave the youth out, and the
    gaps step counts communities and says so."""
    comm = layers.communities
    sichuan = comm[comm["province_code"] == "51"].drop(columns=["youth"])
    data = xpptx.DeckInput(
        sichuan, layers.youth_homes, layers.campuses, None, ("communities",), 2021
    )
    scope = Scope(region="west", province_code="51")
    assert "青年人口" not in " ".join(xpptx.key_figures(data, scope, "zh"))
    gaps = story.build_step(
        story.StepSpec("gaps", scope), sichuan, layers.youth_homes, layers.campuses
    )
    assert gaps.caption.endswith("个社区（名单中没有青年人口，按社区数计）。")
    assert "新覆盖青年" not in gaps.caption
    # the other steps said 青年 0 人 and tabled a column of zeros
    for kind, lang in [
        ("national", "zh"),
        ("region", "zh"),
        ("province", "zh"),
        ("province", "en"),
    ]:
        step = story.build_step(
            story.StepSpec(kind, scope), sichuan, layers.youth_homes, layers.campuses, lang=lang
        )
        assert "青年 0 人" not in step.caption and "0 young people" not in step.caption
        assert (
            "名单中没有青年人口" if lang == "zh" else "the list has no youth figures"
        ) in step.caption
        assert f"{len(sichuan):,} " in step.caption and "youth" not in step.figures
        assert ("青年人口" if lang == "zh" else "Youth") not in list(step.summary.columns)
        assert step.summary.iloc[:, 2].sum() == len(sichuan)  # code, name, then communities
    chosen = sichuan.head(30).assign(score=0.5)
    table = xpptx.filing_summary(chosen, "zh")
    assert list(table.columns) == ["单位", "入选社区", "平均得分"]
    assert table.iloc[-1, 1] == 30
    path = tmp_path / "no_youth.pptx"
    xpptx.build_deck(data, scope, path)
    assert len(Presentation(str(path)).slides) == 7


def test_the_filing_summary_lists_the_xpcc_apart_from_xinjiang(layers):
    """The deck's 备案名单汇总 grouped by province code: the XPCC's communities (province 65,
    counties 659…) were counted in 新疆维吾尔自治区 20, where the quota table and the list
    have Xinjiang 15 and the XPCC 5, two filing units."""
    comm = layers.communities
    xj = comm[comm["province_code"] == "65"]
    xpcc = xj[xj["county_code"].astype(str).str.startswith("659")].head(5)
    chosen = pd.concat([xj.drop(xpcc.index).head(15), xpcc]).assign(score=0.5)
    table = xpptx.filing_summary(chosen, "zh").set_index("单位")["入选社区"]
    assert table.to_dict() == {"新疆维吾尔自治区": 15, "新疆生产建设兵团": 5, "合计": 20}
    by_unit = xpptx.filing_summary(chosen.assign(quota_unit="65"), "zh")  # as the list says
    assert by_unit.set_index("单位")["入选社区"].to_dict() == {"新疆维吾尔自治区": 20, "合计": 20}


@pytest.mark.slow
def test_a_long_slide_title_stays_above_the_map_and_inside_the_slide(data, tmp_path) -> None:
    """The English deck's "Guangdong: chosen communities, their Youth Homes and nearest
    campuses" took two lines at 30 pt in the layout's placeholder (9 in wide, 0.3 to 1.55 in
    down): its second line lay under the map, placed at 1.25 in. Every content slide's title
    now ends above what is below it, inside the slide, and its lines (measured with a real
    font at the size set) fit its box."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath
    from pptx.util import Emu

    from geo.export.static import cjk_font_path

    prs = Presentation(xpptx.build_deck(data, GUANGDONG, tmp_path / "en.pptx", lang="en"))
    font = FontProperties(fname=str(cjk_font_path()))
    seen = 0
    for slide in list(prs.slides)[1:]:
        title = slide.shapes.title
        below = [sh for sh in slide.shapes if sh.shape_id != title.shape_id]
        assert title.top + title.height <= min(sh.top for sh in below), title.text
        assert title.left >= 0 and title.left + title.width <= prs.slide_width
        size = title.text_frame.paragraphs[0].runs[0].font.size.pt
        width_pt, _, _ = TextToPath().get_text_width_height_descent(title.text, font, ismath=False)
        width_pt *= size / font.get_size_in_points()
        room_pt = Emu(title.width).pt - 14.4  # the frame's insets, 0.1 in each side
        lines = -(-width_pt // room_pt)
        assert lines * size * 1.2 <= Emu(title.height).pt - 7.2, (title.text, size, lines)
        seen += "nearest campuses" in title.text
    assert seen == 1
