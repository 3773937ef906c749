"""AppTest of the coverage and siting page."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests._paths import APP
from tests._screen import map_frames, map_payloads

ROOT_APP = str(APP)


def _page(lang: str = "zh", **widgets: str) -> AppTest:
    # scope widgets are set before the first run: AppTest re-runs only the page afterwards
    at = AppTest.from_file(ROOT_APP, default_timeout=180)
    at.session_state["lang"] = lang
    for key, value in widgets.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("pages/coverage.py").run()
    return at


@pytest.fixture(scope="module")
def city() -> AppTest:
    return _page(scope_province="44", scope_city="4401")


def _metrics(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def test_city_page_runs_and_shows_its_communities(city: AppTest, layers) -> None:
    assert not city.exception, [e.value for e in city.exception]
    n = int((layers.communities["city_code"] == "4401").sum())
    assert city.metric[0].value == f"{n:,}"
    assert "cov_map_html" in {b.key for b in city.download_button}
    assert not [c for c in city.caption if "按社区覆盖率着色" in c.value]  # points, not areas


def test_city_header_names_the_city_not_only_the_province() -> None:
    at = _page(scope_province="51", scope_city="5101")
    assert not at.exception, [e.value for e in at.exception]
    assert any(c.value.startswith("范围：四川省 · 成都市。") for c in at.caption)


def test_gap_table_names_each_gaps_county_and_street(city: AppTest, layers) -> None:
    table = next(d.value for d in city.dataframe if "空白区" in d.value.columns)
    assert {"区县", "街道"} <= set(table.columns)
    comm = layers.communities[layers.communities["city_code"] == "4401"]
    assert (
        table["区县"].str.split("、").explode().str.rstrip("等").isin(set(comm["district"])).all()
    )
    streets = table["街道"].str.split("、").explode().str.rstrip("等")
    assert streets.isin(set(comm["subdistrict"])).all() and (table["街道"] != "").all()


def test_rates_are_bars_of_percentage_points_with_one_decimal(city: AppTest, layers) -> None:
    from geo.analysis import coverage

    (table,) = [d for d in city.dataframe if "社区覆盖率" in d.value.columns]
    config = {k: v.get("type_config") for k, v in json.loads(table.proto.columns).items()}
    for header in ("社区覆盖率", "青年覆盖率"):  # "62.0%" above "34.1%", not "62%" above "34.13%"
        assert config[header] == {
            "type": "progress",
            "format": "%.1f%%",
            "min_value": 0.0,
            "max_value": 100.0,
        }
    comm = layers.communities[layers.communities["city_code"] == "4401"]
    cov = coverage.community_coverage(comm, layers.youth_homes, coverage.DEFAULT_RADIUS_M)
    rates = coverage.coverage_rates(cov, "county")
    shown = table.value.set_index("名称")["社区覆盖率"]
    assert len(shown) == len(rates)
    assert shown.to_numpy() == pytest.approx(rates["coverage_rate"].to_numpy() * 100)


def test_larger_radius_raises_the_coverage_rates(city: AppTest) -> None:
    before = float(city.metric[1].value.rstrip("%"))
    table_before = city.dataframe[0].value.copy()
    city.slider(key="cov_radius").set_value(3_000).run()
    assert not city.exception
    after = float(city.metric[1].value.rstrip("%"))
    assert after > before
    assert (city.dataframe[0].value.iloc[:, 2] >= table_before.iloc[:, 2]).all()
    city.slider(key="cov_radius").set_value(1_000).run()


@pytest.mark.parametrize("method", ["dbscan", "hdbscan"])
def test_gap_table_is_the_library_ranking_for_either_method(city: AppTest, layers, method) -> None:
    from geo.analysis import coverage, gaps

    comm = layers.communities[layers.communities["city_code"] == "4401"]
    cov = coverage.community_coverage(comm, layers.youth_homes, coverage.DEFAULT_RADIUS_M)
    expected = gaps.find_gaps(cov, method=method)
    city.selectbox(key="gap_method").set_value(method).run()
    assert not city.exception, [e.value for e in city.exception]
    table = next(
        d.value for d in city.dataframe if {"空白区", "未覆盖青年"} <= set(d.value.columns)
    )
    assert len(table) == expected.n_gaps > 0
    assert table["未覆盖青年"].tolist() == pytest.approx(expected.gaps["youth_uncovered"].tolist())
    assert table["未覆盖青年"].is_monotonic_decreasing
    assert any(f"共 {expected.n_gaps} 个空白区" in c.value for c in city.caption)
    city.selectbox(key="gap_method").set_value("dbscan").run()


def test_running_siting_shows_the_sites_table_and_draws_them() -> None:
    city = _page(scope_province="44", scope_city="4401")  # its own: before, no site drawn
    city.number_input(key="site_k").set_value(7).run()
    [(title, before)] = map_frames(city)
    sites, links = (json.dumps(name)[1:-1] for name in ("建议新址", "新址覆盖的社区"))
    assert title == "覆盖地图" and sites not in before  # layer names as folium writes them
    city.button(key="site_run").click().run()
    assert not city.exception, [e.value for e in city.exception]
    [(_, after)] = map_frames(city)
    assert sites in after and links in after  # the sites and the communities each covers
    assert after.count("new L.YouthmapPoints(") == before.count("new L.YouthmapPoints(") + 1
    sites = [d.value for d in city.dataframe if "新增覆盖青年" in d.value.columns]
    assert len(sites) == 1 and len(sites[0]) == 7
    assert (sites[0]["新增覆盖青年"] > 0).all()
    assert (sites[0]["区县"] != "").all() and (sites[0]["街道"] != "").all()  # by name
    summary = [m.value for m in city.markdown if "新址" in m.value]
    assert len(summary) == 1 and " · 惰性贪心+交换 · " in summary[0], summary


def test_exact_set_cover_reports_a_proven_optimum(city: AppTest) -> None:
    model, method = city.radio(key="site_model").value, city.radio(key="site_method").value
    city.radio(key="site_model").set_value("set_cover").run()
    city.radio(key="site_method").set_value("exact").run()
    city.button(key="site_run").click().run()
    assert not city.exception
    assert any("已证明最优" in m.value for m in city.markdown)
    # back as the other tests of the shared page expect it (set cover disables site_k)
    city.radio(key="site_model").set_value(model).run()
    city.radio(key="site_method").set_value(method).run()


@pytest.mark.slow
def test_national_scope_asks_for_a_province_before_siting() -> None:
    at = _page()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["青年之家覆盖与新址选择"]
    assert any("请在左侧选择省份" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "site_run"]
    # the map colours the provinces by coverage rate, and the page says the points are off
    assert any(c.value.startswith("各省按社区覆盖率着色") for c in at.caption)
    (_, srcdoc), *_ = map_frames(at)
    areas = [p for p in map_payloads(srcdoc) if "data" in p and "_fill" in str(p)]
    assert [len(p["data"]["features"]) for p in areas] == [31]


def test_every_string_the_page_uses_exists_in_both_languages(root) -> None:
    import re

    from geo import i18n
    from geo.locales import coverage as strings

    pages = ("pages/coverage.py", "ui/coverage.py", "ui/siting.py", "geo/maps/coverage.py")
    sources = [root / p for p in pages]
    used = set()
    for path in sources:
        used |= set(re.findall(r'"(coverage\.[a-z_.]+[a-z_])"', path.read_text(encoding="utf-8")))
    assert used and all(i18n.has(k) for k in used), sorted(k for k in used if not i18n.has(k))
    assert all(zh.strip() and en.strip() and zh != en for zh, en in strings.STRINGS.values())


# ---------------------------------------------------------------- a list's coverage check


def _english(at: AppTest) -> AppTest:
    # switched once the page is reached: AppTest keeps the sidebar's zh scope labels
    at.session_state["lang"] = "en"
    return at.run()


def layers_by_id(ids: list[str]):
    from geo import dataset

    comm = dataset.load_layers().communities
    return comm[comm["id"].isin(ids)]


def _city_ids(layers, covered: int, uncovered: int) -> tuple[list[str], list[str]]:
    from geo.analysis import coverage

    comm = layers.communities[layers.communities["city_code"] == "4401"]
    cov = coverage.community_coverage(comm, layers.youth_homes, coverage.DEFAULT_RADIUS_M)
    yes = cov.loc[cov["covered"], "id"].astype(str).tolist()[:covered]
    # uncovered at 1 km but within 4 km of a Youth Home: covered once the radius is 5 km
    reach = ~cov["covered"] & (cov["distance_m"] <= 4_000)
    no = cov.loc[reach, "id"].astype(str).tolist()[:uncovered]
    assert len(yes) == covered and len(no) == uncovered
    return yes, no


@pytest.fixture(scope="module")
def with_pilot(layers) -> tuple[AppTest, list[str], list[str]]:
    import pandas as pd

    from geo.analysis.selection import SelectionResult

    yes, no = _city_ids(layers, 4, 2)
    chosen = pd.DataFrame({"id": yes + no})
    final = SelectionResult(chosen, pd.DataFrame(), pd.DataFrame())
    at = _page(scope_province="44", scope_city="4401", selection_final=final)
    assert not at.exception, [e.value for e in at.exception]
    return at, yes, no


def test_pilot_list_check_shows_its_uncovered_communities_first(with_pilot) -> None:
    at, yes, no = with_pilot
    assert any("试点名单：6 个社区中 4 个已覆盖" in w.value for w in at.warning)
    assert any("未覆盖的试点社区 2 个" in c.value for c in at.caption)
    named = next(
        d.value for d in at.dataframe if "社区名称" in d.value.columns and len(d.value) == 2
    )
    comm = layers_by_id(no)
    assert sorted(named["社区名称"]) == sorted(comm["name"])  # names, not ids only
    assert set(named["区县"]) == set(comm["district"]) and set(named["街道"]) == set(
        comm["subdistrict"]
    )
    assert any("未全覆盖：名单中 6 个社区仅 4 个" in w.value for w in at.warning)
    table = next(d.value for d in at.dataframe if "是否覆盖" in d.value.columns)
    assert sorted(table["社区编号"]) == sorted(yes + no)
    assert set(table["社区编号"].head(2)) == set(no)
    assert not table["是否覆盖"].head(2).any() and table["是否覆盖"].tail(4).all()
    assert (table["距最近青年之家（米）"].tail(4) <= 1_000).all()
    rates = next(
        d.value for d in at.dataframe if "社区覆盖率" in d.value.columns and len(d.value) == 1
    )
    assert rates["社区数"].tolist() == [6] and rates["已覆盖社区"].tolist() == [4]


def test_a_larger_radius_can_make_the_pilot_list_fully_covered(with_pilot) -> None:
    at, _, _ = with_pilot
    at.slider(key="cov_radius").set_value(5_000).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "是否覆盖" in d.value.columns)
    assert table["是否覆盖"].all() and len(table) == 6
    assert any("全覆盖：名单中 6 个社区" in s.value for s in at.success)
    assert not any("未全覆盖" in w.value for w in at.warning)
    at.slider(key="cov_radius").set_value(1_000).run()


def test_an_uploaded_subset_is_checked_by_id_and_unknown_ids_are_named(layers) -> None:
    yes, no = _city_ids(layers, 3, 1)
    csv = "社区编号,备注\n" + "\n".join(f"{i},x" for i in [*yes, *no, "NOPE-1"]) + "\n"
    at = _english(
        _page(
            scope_province="44",
            cov_subset_upload={"name": "subset.csv", "data": csv.encode("gbk")},
            subset_source="file",
        )
    )
    assert not at.exception, [e.value for e in at.exception]
    assert any("only 3 of the list's 4 communities" in w.value for w in at.warning)
    assert any(
        "ids not in the current communities layer (1): NOPE-1" in w.value for w in at.warning
    )
    table = next(d.value for d in at.dataframe if "Community ID" in d.value.columns)
    assert table["Community ID"].tolist()[0] == no[0] and len(table) == 4
    assert {"subset_rates_xlsx", "dl_subset_xlsx"} <= {b.key for b in at.download_button}
    # the list's rates as percentage points with one decimal in every row: 75.0% (3 of 4)
    *_, rates = (d for d in at.dataframe if "Communities covered (%)" in d.value.columns)
    config = json.loads(rates.proto.columns)["Communities covered (%)"]["type_config"]
    assert config == {"type": "number", "format": "%.1f%%"}
    assert rates.value["Communities covered (%)"].tolist() == [75.0]


@pytest.mark.slow
def test_an_uploaded_subset_without_ids_says_so_naming_the_file() -> None:
    at = _page(
        cov_subset_upload={"name": "名单.csv", "data": "名称\n甲\n".encode()}, subset_source="file"
    )
    assert not at.exception
    assert any("名单.csv" in e.value and "社区编号列" in e.value for e in at.error)


# ---------------------------------------------------------------- candidate-sites file


def _candidates_csv(layers, crs: str) -> tuple[bytes, list[str]]:
    """Resident units of Guangzhou as a GBK file with Chinese headers, in ``crs``."""
    import pandas as pd

    from geo.core.crs import convert

    _, uncovered = _city_ids(layers, 0, 30)  # units of uncovered communities: sites that help
    units = layers.resident_units[layers.resident_units["community_id"].isin(uncovered)].head(60)
    lon, lat = convert(units["lon"].to_numpy(), units["lat"].to_numpy(), "wgs84", crs)
    frame = pd.DataFrame(
        {
            "单位编码": units["id"].to_numpy(),
            "单位名称": units["name"],
            "经度（高德）": lon,
            "纬度（高德）": lat,
        }
    )
    return frame.to_csv(index=False).encode("gbk"), units["id"].astype(str).tolist()


def test_candidate_file_in_gcj02_is_mapped_converted_and_sited(layers) -> None:
    data, ids = _candidates_csv(layers, "gcj02")
    at = _page(
        scope_province="44",
        scope_city="4401",
        site_upload={"name": "候选点.csv", "data": data},
        site_source="file",
        site_crs="gcj02",
    )
    assert not at.exception, [e.value for e in at.exception]
    assert any("已读取 候选点.csv 中 60 个候选点" in c.value for c in at.caption)
    at.number_input(key="site_k").set_value(3).run()
    at.button(key="site_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    sites = at.session_state["coverage_siting"]["table"]
    assert len(sites) == 3 and set(sites["id"]) <= set(ids)  # k = 3, each adding coverage
    truth = layers.resident_units.set_index("id").loc[sites["id"]]
    from geo.core.distance import haversine_m

    d = haversine_m(sites["lon"], sites["lat"], truth["lon"], truth["lat"])
    assert (d < 1.0).all()  # GCJ-02 converted back onto the WGS-84 truth


def test_candidate_file_problems_name_file_row_and_column(layers) -> None:
    data = "编号,经度,纬度\nA,113.3,23.1\nB,abc,23.2\n".encode("gbk")
    at = _english(
        _page(
            scope_province="44",
            scope_city="4401",
            site_upload={"name": "sites.csv", "data": data},
            site_source="file",
        )
    )
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert any("sites.csv, row 3, column 经度" in e for e in errors), errors


@pytest.mark.parametrize(
    ("province", "level", "rows"), [("11", "county", "朝阳区"), ("51", "city", "成都市")]
)
def test_a_province_of_one_city_counts_its_districts_first(province, level, rows, layers) -> None:
    """Beijing's rates by city were one row, Beijing; a province of one city opens at its
    districts, a province of many at its cities."""
    at = _page(scope_province=province)
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="cov_level").value == level
    names = next(d.value for d in at.dataframe if "社区覆盖率" in d.value.columns)
    assert rows in set(names.iloc[:, 0]) and len(names) > 1


def test_with_nothing_picked_the_pilot_check_reads_the_saved_plan_less_its_exits(
    layers, tmp_path, monkeypatch
) -> None:
    from tests._plans import saved_plan_home

    saved_plan_home(layers, tmp_path, monkeypatch)
    at = _page(scope_province="44", scope_city="4401")
    assert not at.exception, [e.value for e in at.exception]
    assert (
        "试点名单取自已保存的方案“2026 全国第一批 \\<b\\>”（已退出的除外）；"
        "在“名额与遴选”页遴选后改为检查本次遴选。"
    ) in [c.value for c in at.caption]
    said = [m.value for m in (*at.success, *at.warning) if "试点名单" in m.value]
    # the scope's part of the list: Guangzhou's six less the one exited, not Shanghai's two
    assert len(said) == 1 and said[0].startswith("广东省 · 广州市的试点名单：5 个社区中"), said


def test_the_rates_workbook_shows_the_rates_as_the_page_does() -> None:
    """The page shows 社区覆盖率 as 96.0%; its 下载 XLSX showed 0.9602649006622517 in Excel's
    general format, and headed the covered communities' count 是否覆盖 (the per-community
    table's yes/no). The rates read as percentages to 0.1 point and hold the share; the
    count is 已覆盖社区数, as the command's file heads it."""
    import io

    from openpyxl import load_workbook

    from tests import _downloads

    with _downloads.capture() as found:
        at = _page(scope_province="44", scope_city="4401")
    assert not at.exception
    made = next(d for d in found if d.key == "dl_rates_xlsx")
    sheet = load_workbook(io.BytesIO(made.content())).worksheets[0]
    head = [c.value for c in sheet[1]]
    body = list(sheet.iter_rows(min_row=2))
    assert len(body) == 11  # Guangzhou's counties
    for row in body:
        cell = dict(zip(head, row, strict=True))
        assert cell["社区覆盖率"].number_format == "0.0%"
        share = cell["已覆盖社区数"].value / cell["社区数"].value
        assert cell["社区覆盖率"].value == pytest.approx(share, rel=1e-12)
        assert cell["青年覆盖率"].number_format == "0.0%"
        assert cell["社区数"].number_format == "General"
