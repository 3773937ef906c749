"""Constrained picking: constraints never violated, locks kept, excludes never chosen."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import i18n
from geo.analysis import indicators as ind
from geo.analysis import quota, scoring, selection
from geo.core.errors import InputError
from geo.export import filing
from tests import _scoring_data as sd
from tests._deps import examples

QUOTAS = {"44": 12, "42": 10, "51": 6, "XPCC": 3}


def _candidates(n: int = 400, seed: int = 1):
    c = sd.communities(n, seed)
    cands, _ = scoring.prepare(
        c, sd.points("youth_homes", 50, seed + 1), sd.points("campuses", 25, seed + 2)
    )
    return cands


@pytest.fixture(scope="module")
def cands():
    return _candidates()


def test_without_constraints_the_pick_is_the_top_of_every_unit(cands):
    res = selection.select(cands, QUOTAS)
    top = scoring.top_per_group(
        cands["score"].to_numpy(), cands["id"].to_numpy(), cands["quota_unit"].to_numpy(), QUOTAS
    )
    assert set(res.ids) == set(cands.loc[top, "id"])


@settings(max_examples=examples(25), deadline=None)
@given(
    seed=st.integers(0, 10_000),
    max_per_county=st.one_of(st.none(), st.integers(1, 4)),
    spacing=st.one_of(st.none(), st.floats(100, 5_000)),
    campus_km=st.one_of(st.none(), st.floats(1, 20)),
    home_rule=st.sampled_from(selection.HOME_RULES),
)
def test_constraints_are_never_violated_on_random_instances(
    seed, max_per_county, spacing, campus_km, home_rule
):
    rng = np.random.default_rng(seed)
    c = _CANDS.copy()
    c["score"] = rng.random(len(c))
    cons = selection.Constraints(
        max_per_county, spacing, campus_km * 1000 if campus_km else None, home_rule
    )
    excludes = list(rng.choice(c["id"], size=20, replace=False))
    res = selection.select(c, QUOTAS, cons, excludes=excludes)
    assert selection.check(res.chosen, cons).empty
    assert not set(excludes) & set(res.ids)
    counts = res.chosen["quota_unit"].value_counts()
    assert all(counts.get(u, 0) <= q for u, q in QUOTAS.items())


_CANDS = _candidates()


@settings(max_examples=examples(25), deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_locks=st.integers(0, 8),
    n_excludes=st.integers(0, 40),
    max_per_county=st.one_of(st.none(), st.integers(1, 3)),
    spacing=st.one_of(st.none(), st.floats(100, 3_000)),
)
def test_locks_are_always_kept_and_excludes_never_chosen_on_random_instances(
    seed, n_locks, n_excludes, max_per_county, spacing
):
    rng = np.random.default_rng(seed)
    c = _CANDS.copy()
    c["score"] = rng.random(len(c))
    picked = rng.choice(c["id"], size=n_locks + n_excludes, replace=False)
    locks, excludes = list(picked[:n_locks]), list(picked[n_locks:])
    cons = selection.Constraints(max_per_county, spacing)
    res = selection.select(c, QUOTAS, cons, locks=locks, excludes=excludes)
    assert set(locks) <= set(res.ids)
    assert not set(excludes) & set(res.ids)
    assert set(res.chosen.loc[res.chosen["locked"], "id"]) == set(locks)
    # whatever breaks a constraint involves a lock: the automatic part keeps them all
    free = res.chosen[~res.chosen["locked"]]
    assert selection.check(free, cons).empty
    assert set(res.violations["id"]) <= set(locks)
    # the quota holds unless the locks alone exceed it
    counts = res.chosen["quota_unit"].value_counts()
    locked = res.chosen.loc[res.chosen["locked"], "quota_unit"].value_counts()
    assert all(counts.get(u, 0) <= max(q, locked.get(u, 0)) for u, q in QUOTAS.items())


def test_the_pick_fills_the_quota_when_enough_candidates_qualify(cands):
    cons = selection.Constraints(max_per_county=5, min_spacing_m=500)
    res = selection.select(cands, QUOTAS, cons)
    assert res.quotas.set_index("unit")["chosen"].to_dict() == {
        "44": 12,
        "42": 10,
        "51": 6,
        "XPCC": 3,
    }


def test_shortfall_is_reported_when_constraints_leave_too_few(cands):
    res = selection.select(cands, QUOTAS, selection.Constraints(max_per_county=2))
    q = res.quotas.set_index("unit")
    assert q.loc["XPCC", "chosen"] == 2 and q.loc["XPCC", "shortfall"] == 1  # XPCC has one county


def test_locks_are_kept_even_when_they_break_a_constraint_and_the_breach_is_reported(cands):
    xp = cands[cands["quota_unit"] == "XPCC"].sort_values("score")
    locks = xp["id"].head(3).tolist()  # the three worst, same county
    cons = selection.Constraints(max_per_county=2)
    res = selection.select(cands, QUOTAS, cons, locks=locks)
    assert set(locks) <= set(res.ids)
    assert res.chosen.set_index("id").loc[locks, "locked"].all()
    assert (res.violations["constraint"] == "max_per_county").sum() == 1
    assert (res.chosen["quota_unit"] == "XPCC").sum() == 3  # the locks fill the quota


def test_automatic_pick_refills_around_a_lock_and_the_diff_says_why(cands):
    g = cands[cands["quota_unit"] == "51"].sort_values("score", ascending=False)
    outsider = g["id"].iloc[-1]
    inside = g["id"].iloc[0]
    changes = [
        selection.ManualChange(outsider, "lock", "街道推荐"),
        selection.ManualChange(inside, "exclude", "已参加其他试点"),
    ]
    auto, final, d = selection.apply_changes(cands, QUOTAS, None, changes)
    assert outsider in final.ids and inside not in final.ids
    assert len(final.ids) == len(auto.ids)
    added = d[d["change"] == "added"].set_index("id")
    removed = d[d["change"] == "removed"].set_index("id")
    assert added.loc[outsider, "reason"] == "街道推荐"
    assert removed.loc[inside, "action"] == "exclude"
    assert list(removed.index) == [inside]  # the lock takes the seat the exclusion freed

    only_lock = [selection.ManualChange(outsider, "lock", "街道推荐")]
    auto, final, d = selection.apply_changes(cands, QUOTAS, None, only_lock)
    lowest_auto = auto.chosen[auto.chosen["quota_unit"] == "51"].sort_values("score")["id"].iloc[0]
    assert d.set_index("id")["change"].to_dict() == {outsider: "added", lowest_auto: "removed"}


def test_a_manual_change_without_reason_is_refused():
    with pytest.raises(InputError) as err:
        selection.ManualChange("C1", "lock", "  ")
    (p,) = err.value.problems
    assert (p.key, p.column, p.code) == ("selection.problem.reason_required", "reason", "missing")
    assert i18n.problem_text(p, "en") == (
        "community C1: a reason is required for every manual change"
    )
    assert i18n.problem_text(p, "zh") == "社区 C1：每项人工调整都须填写理由"


def test_locked_and_excluded_at_once_is_an_input_error(cands):
    i = cands["id"].iloc[0]
    with pytest.raises(InputError) as err:
        selection.select(cands, QUOTAS, locks=[i], excludes=[i])
    text = i18n.problems_text(err.value.problems, "en")
    assert text == f"column id: community {i} is both locked and excluded"


def test_home_rule_require_picks_only_communities_near_a_home(cands):
    cons = selection.Constraints(home_rule="require", home_within_m=2_000)
    res = selection.select(cands, QUOTAS, cons)
    assert (res.chosen["home_distance_m"] <= 2_000).all()
    flagged = selection.select(
        cands, QUOTAS, selection.Constraints(home_rule="flag", home_within_m=2_000)
    )
    assert (flagged.chosen["needs_new_home"] == (flagged.chosen["home_distance_m"] > 2_000)).all()


def test_filing_table_has_chinese_headers_and_reads_back(tmp_path, cands):
    import openpyxl

    res = selection.select(cands, QUOTAS, locks=[cands["id"].iloc[-1]])
    partners = (
        cands[["id"]].head(50).rename(columns={"id": "community_id"}).assign(campus_name="示例大学")
    )
    table = filing.filing_table(
        res.chosen, partners=partners, changes={cands["id"].iloc[-1]: "街道推荐"}
    )
    path = filing.write_filing(table, tmp_path / "备案表.xlsx")
    ws = openpyxl.load_workbook(path)["备案表"]
    header = [c.value for c in ws[1]]
    assert header[:8] == [
        "序号",
        "省份",
        "城市",
        "区县",
        "区县代码",
        "街道",
        "社区名称",
        "社区编号",
    ]
    assert {"综合得分", "推荐理由", "青年之家情况", "结对高校"} <= set(header)
    assert ws.max_row == len(res.chosen) + 1
    ids = [ws.cell(r, header.index("社区编号") + 1).value for r in range(2, ws.max_row + 1)]
    assert set(ids) == set(res.ids)
    reasons = dict(
        zip(
            ids,
            [ws.cell(r, header.index("推荐理由") + 1).value for r in range(2, ws.max_row + 1)],
            strict=True,
        )
    )
    assert "街道推荐" in reasons[cands["id"].iloc[-1]]


def test_chosen_list_round_trips_as_geojson_and_geopackage(tmp_path, cands):
    import geopandas as gpd

    res = selection.select(cands, QUOTAS)
    for ext in ("geojson", "gpkg"):
        path = filing.write_chosen(res.chosen, tmp_path / f"chosen.{ext}")
        back = gpd.read_file(path)
        assert sorted(back["id"]) == sorted(res.ids)
        assert back.geometry.x.to_numpy() == pytest.approx(back["lon"].to_numpy())


def test_national_pipeline_quota_then_selection_adds_up(cands):
    table = quota.national_quotas(
        quota.unit_bases(cands), total=31, base="urban_population", minimum=2
    )
    res = selection.select(cands, dict(zip(table["unit"], table["quota"], strict=True)))
    assert len(res.ids) == 31 and ind.DEFAULT_WEIGHTS


def test_selection_map_draws_chosen_and_locked_layers_with_escaped_names(cands):
    from geo.core.scope import Scope
    from geo.maps import selection as smap

    res = selection.select(cands, QUOTAS, locks=[cands["id"].iloc[-1]])
    chosen = res.chosen.copy()
    chosen.loc[chosen.index[0], "name"] = "<script>alert(1)</script>"
    m = smap.selection_map(chosen, cands, Scope(province_code="44"), lang="zh")
    html = m.get_root().render()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    for label in ("入选社区", "人工锁定", "其他候选社区"):
        assert label in html or json.dumps(label)[1:-1] in html
    from tests.unit.test_maps import _legend_html

    legend = _legend_html(m)  # each kind with its count, one locked
    n_new = int(
        chosen["needs_new_home"].sum() - chosen.loc[chosen["locked"], "needs_new_home"].sum()
    )
    for label, n in (
        ("入选社区", len(chosen) - 1 - n_new),
        ("需新建青年之家", n_new),
        ("人工锁定", 1),
    ):
        assert f"{label} ({n:,})" in legend, legend
    none_locked = selection.select(cands, QUOTAS).chosen
    legend = _legend_html(smap.selection_map(none_locked, cands, Scope(province_code="44")))
    assert "人工锁定 (0)" in legend
    # a click is posted to the page showing the map (its coordinates only), not by a file
    assert '.on("click", function (e) {' in html and '{type: "youthmap:click", lat:' in html
    assert "if (window.parent === window) { return; }" in html


def test_a_map_click_picks_the_nearest_community_within_reach(cands):
    from geo.core import crs
    from geo.maps import selection as smap

    row = cands.iloc[7]
    hit = smap.nearest_community(cands, row["lon"] + 0.0005, row["lat"], within_m=3_000)
    assert hit is not None and hit[0] == row["id"] and 40 < hit[1] < 60
    assert smap.nearest_community(cands, 0.0, 0.0) is None
    gx, gy = crs.convert(np.array([row["lon"]]), np.array([row["lat"]]), "wgs84", "gcj02")
    hit = smap.nearest_community(cands, float(gx[0]), float(gy[0]), click_crs="gcj02")
    assert hit[0] == row["id"] and hit[1] < 5


def test_partner_campuses_from_a_pairing_are_joined_in_rank_order():
    pairs = __import__("pandas").DataFrame(
        {
            "community_id": ["A", "A", "B", "C"],
            "university": ["乙大学", "甲大学", "丙学院", ""],
            "campus": ["南校区", "", "丙学院", ""],
            "rank": [2, 1, 1, 1],
        }
    )
    names = filing.partner_names(pairs)
    assert names.to_dict() == {"A": "甲大学、乙大学（南校区）", "B": "丙学院"}


def test_filing_includes_co_building_counts_and_the_manual_changes(tmp_path, cands):
    import openpyxl
    import pandas as pd

    from geo.analysis import cobuild

    res = selection.select(cands, QUOTAS)
    units = sd.points("resident_units", 300, 7)
    co = cobuild.cobuild_table(res.chosen, units, radius_m=1_000)
    first = res.ids[0]
    row = co.set_index("community_id").loc[first]
    changes = pd.DataFrame({"社区": [first], "变化": ["新增"], "理由": ["街道推荐"]})
    table = filing.filing_table(res.chosen, cobuild=co)
    path = tmp_path / "备案表.xlsx"
    path.write_bytes(filing.filing_xlsx(table, cobuild=co, adjustments=changes))
    book = openpyxl.load_workbook(path)
    assert {"备案表", "共建单位", "人工调整"} <= set(book.sheetnames)
    ws = book["备案表"]
    header = [c.value for c in ws[1]]
    by_id = {
        ws.cell(r, header.index("社区编号") + 1).value: ws.cell(
            r, header.index("共建驻区单位") + 1
        ).value
        for r in range(2, ws.max_row + 1)
    }
    # every type counted near the first community is named with its count, and no other
    expected = {f"{k} {int(row[k])}" for k in cobuild.COUNT_COLUMNS if row[k] > 0}
    assert set(str(by_id[first] or "").split("、")) - {""} == expected
    assert any(by_id.values()), "the simulated units lie near some chosen communities"
    assert book["共建单位"].max_row == len(res.chosen) + 1
    for name in ("共建单位", "人工调整"):  # sized and frozen, as the other downloads (Excel's
        # default width cut the Chinese headers)
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(widths) and max(widths) >= 10, (name, widths)
    # the units listed per type are words, not the library's Term objects
    units = [c.value for c in book["共建单位"][1]].index("可共建单位（各类型最近）") + 1
    listed = [book["共建单位"].cell(r, units).value or "" for r in range(2, len(co) + 2)]
    assert any("：" in v for v in listed) and not any("Term(" in v for v in listed), listed
    assert book["人工调整"]["C2"].value == "街道推荐"


def test_default_partner_pairing_cache_is_keyed_on_the_campus_layer():
    """The selection page's fallback pairing for the filing table is cached; an imported
    campus layer must give its own partners, not the embedded layer's cached ones."""
    import pandas as pd

    from ui import selection as ui_selection
    from ui import state

    chosen = pd.DataFrame(
        {"id": ["A"], "name": ["甲"], "lon": [113.30], "lat": [23.10], "city_code": ["4401"]}
    )

    def campus(cid: str, lon: float) -> pd.DataFrame:
        return pd.DataFrame(
            {"id": [cid], "university": [cid], "campus": ["主校区"], "lon": [lon], "lat": [23.1]}
            | {"city_code": ["4401"], "school_type": ["本科"]}
        )

    first, second = campus("U-first", 113.31), campus("U-second", 113.32)
    got = [
        ui_selection._pairs(chosen, c, state.content_token(c))["campus_id"].tolist()
        for c in (first, second)
    ]
    assert got == [["U-first"], ["U-second"]]


def test_communities_are_found_by_the_words_of_their_name_county_or_id():
    frame = pd.DataFrame(
        {
            "id": ["C510104-0001", "C510104-0010", "C510106-0001", "C440106-0137"],
            "name": [
                "锦官驿街道第1社区",
                "锦官驿街道第10社区",
                "西安路街道第1社区",
                "天园街道第6社区",
            ],
            "district": ["锦江区", "锦江区", "金牛区", "天河区"],
            "score": [0.2, 0.9, 0.5, 0.7],
        }
    )
    found, total = selection.find_communities(frame, "锦江区  第1")
    assert total == 2 and list(found["id"]) == ["C510104-0010", "C510104-0001"]  # by score
    assert list(selection.find_communities(frame, "c440106")[0]["id"]) == ["C440106-0137"]
    found, total = selection.find_communities(frame, "街道", limit=2)
    assert total == 4 and list(found["id"]) == ["C510104-0010", "C440106-0137"]
    assert selection.find_communities(frame, " ，")[1] == 0  # no words: nothing
    assert selection.find_communities(frame, "锦江区 天园")[1] == 0  # every word must match
