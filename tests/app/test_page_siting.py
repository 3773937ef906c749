"""AppTest of the coverage page's siting tab with every model (Guangzhou)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests import _siting_oracles as oracle
from tests.app.test_page_coverage import _page


@pytest.fixture(scope="module")
def city() -> AppTest:
    return _page(scope_province="44", scope_city="4401")


def _run(at: AppTest, model: str, method: str = "greedy", **numbers) -> dict:
    at.radio(key="site_model").set_value(model)
    at.radio(key="site_method").set_value(method)
    at.run()  # the model enables its own inputs
    for key, value in numbers.items():
        at.number_input(key=key).set_value(value)
    at.run()
    at.button(key="site_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at.session_state["coverage_siting"]


def _summary(at: AppTest) -> str:
    lines = [m.value for m in at.markdown if m.value.startswith("**")]
    assert len(lines) == 1, lines
    return lines[0]


def test_exact_set_cover_claims_the_optimum_scip_finds(city, layers) -> None:
    from geo.analysis import coverage
    from geo.core import scope
    from geo.siting import catalog

    run = _run(city, "set_cover", "exact")
    result = run["result"]
    assert "已证明最优（HiGHS：Optimal）" in _summary(city)
    comm = scope.apply(layers.communities, scope.Scope(province_code="44", city_code="4401"))
    cov = coverage.community_coverage(comm, layers.youth_homes, coverage.DEFAULT_RADIUS_M)
    model = catalog.from_layers(
        "lscp", cov, comm[["id", "lon", "lat"]], radius_m=1_000, existing=layers.youth_homes
    )
    assert result.objective == oracle.set_cover(model.matrix.toarray()) == result.n_sites


def test_p_median_serves_every_community_and_reports_the_mean_distance(city) -> None:
    run = _run(city, "p_median", site_k=12)
    result, table = run["result"], run["table"]
    assert result.model == "p_median" and len(table) == 12
    assert "服务青年" in _summary(city) and "启发式解" in _summary(city)
    assert any("平均距离" in c.value for c in city.caption)
    shown = next(d.value for d in city.dataframe if "平均距离（米）" in d.value.columns)
    assert len(shown) == 12 and (shown["平均距离（米）"] >= 0).all()
    assert shown["平均距离（米）"].max() > 0


@pytest.mark.slow
def test_capacitated_sites_never_serve_more_than_the_capacity(city, layers) -> None:
    run = _run(city, "capacitated_max_cover", site_k=8, site_capacity=30_000)
    pairs = run["result"].pairs
    youth = layers.communities.set_index("id")["youth"]
    load = youth.loc[pairs["community_id"]].groupby(pairs["site_id"].to_numpy()).sum()
    assert len(load) and (load <= 30_000).all()
    shown = next(d.value for d in city.dataframe if "容量" in d.value.columns)
    assert (shown["容量"] == 30_000).all()


def test_backup_cover_reports_communities_covered_twice(city) -> None:
    run = _run(city, "backup_cover")
    result = run["result"]
    twice = (result.pairs.groupby("community_id").size() >= 2).sum()
    assert result.extra["backup_demand"] == twice
    assert any(f"双重覆盖社区 {twice:,} 个" in c.value for c in city.caption)


@pytest.mark.slow
def test_existing_homes_as_required_sites_stay_open_counted_in_k(city, layers) -> None:
    homes = layers.youth_homes[layers.youth_homes["city_code"] == "4401"]
    city.radio(key="site_homes").set_value("required")
    run = _run(city, "max_cover", site_k=len(homes) + 5)
    result = run["result"]
    assert set(homes["id"].astype(str)) <= set(result.sites)
    assert result.n_sites <= len(homes) + 5
    shown = next(d.value for d in city.dataframe if "必须保留" in d.value.columns)
    assert shown["必须保留"].sum() == len(homes)
    # the homes that stay are neither new sites nor newly covering: 5 new sites, and
    # the youth they cover beyond the homes (the page said 724 sites, 5,504,946 youth)
    new = [s for s in result.sites if s not in set(result.required)]
    covered = result.pairs.groupby("community_id")["site_id"].agg(set)
    only_new = covered[covered.map(lambda s: not s & set(result.required))].index
    youth = layers.communities.set_index("id")["youth"].loc[only_new].sum()
    assert f"{len(new)} 个新址（另有必须保留的现有青年之家 {len(homes):,} 处）" in _summary(city)
    assert f"新址新增覆盖青年 {youth:,.0f} 人、社区 {len(only_new):,} 个" in _summary(city)
    city.radio(key="site_homes").set_value("cover").run()


def test_too_small_k_for_the_required_homes_is_shown_as_an_error(city) -> None:
    city.radio(key="site_homes").set_value("required")
    city.radio(key="site_model").set_value("max_cover").run()
    city.number_input(key="site_k").set_value(3).run()
    city.button(key="site_run").click().run()
    assert not city.exception
    assert any("k = 3" in e.value.replace("\\", "") for e in city.error)  # state.plain
    city.radio(key="site_homes").set_value("cover").run()


def test_the_tab_speaks_english(monkeypatch) -> None:
    from ui import state

    # AppTest formats radio options outside the script, where the session's language is
    # unknown (zh): the page's language is pinned for the formatting too
    monkeypatch.setattr(state, "lang", lambda: "en")
    at = _page("en", scope_province="44", scope_city="4401")
    _run(at, "p_median", site_k=5)
    summary = _summary(at)
    assert summary.startswith("**p-median") and "sites serve" in summary and "heuristic" in summary
    assert any("Mean distance of youth" in c.value for c in at.caption)


def test_an_exact_run_highs_had_no_time_to_load_says_so_and_claims_no_optimum(
    city, monkeypatch
) -> None:
    """A national model at a short time limit is not handed to HiGHS (it would not load in
    the time left): the page says HiGHS did not run, with the load it expected, and the
    summary claims nothing HiGHS did not prove. Priced here as if loading took an hour."""
    from geo.siting import _highs

    monkeypatch.setattr(_highs, "LOAD_S_PER_NONZERO", 3600.0)
    run = _run(city, "set_cover", "exact")
    assert run["result"].status == "time_limit", run["result"].status
    summary = _summary(city)
    assert "已证明最优" not in summary and "HiGHS：Optimal" not in summary
    warned = [w.value for w in city.warning if "HiGHS 未运行" in w.value]
    assert len(warned) == 1 and "预计约" in warned[0], [w.value for w in city.warning]
