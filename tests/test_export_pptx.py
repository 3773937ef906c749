"""PPTX deck: title, national, region and province slides with maps and figures, filing summary."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from pptx import Presentation

from geo.export import pptx as xpptx
from geo.scope import Scope

GUANGDONG = Scope(region="east", province_code="44")


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
    xpptx.build_deck(data, Scope(region="east"), path, date=dt.date(2026, 11, 25))
    return Presentation(str(path))


def _titles(prs) -> list[str]:
    return [s.shapes.title.text if s.shapes.title is not None else "" for s in prs.slides]


def test_deck_has_title_national_region_province_and_summary_slides(deck, chosen) -> None:
    east = sorted(chosen.loc[chosen["region"] == "east", "province_code"].unique())
    assert east == ["44"]  # 广西 (45) is western: outside the eastern view
    assert _titles(deck) == [
        "社区青春行动选点汇报",
        "全国概况",
        "东部区域",
        "广东省",
        "备案名单汇总",
    ]
    assert "东部 · 2026-11-25" in deck.slides[0].placeholders[1].text


def test_map_slides_carry_a_picture_and_key_figures(deck, layers) -> None:
    for slide in list(deck.slides)[1:4]:
        assert sum(shape.shape_type == 13 for shape in slide.shapes) == 1  # PICTURE
    texts = " ".join(sh.text_frame.text for sh in deck.slides[1].shapes if sh.has_text_frame)
    assert f"社区 {len(layers.communities):,} 个" in texts
    assert "入选社区 40 个" in texts


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


def test_deck_without_a_chosen_list_says_so(layers) -> None:
    data = xpptx.DeckInput(layers.communities, layers.youth_homes, layers.campuses)
    assert xpptx.deck_scopes(data, GUANGDONG) == (["east"], ["44"])
    assert xpptx.deck_scopes(data, Scope()) == (["east", "central", "west"], [])
