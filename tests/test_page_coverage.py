"""AppTest of the coverage and siting page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

ROOT_APP = "../app.py"


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


def test_larger_radius_raises_the_coverage_rates(city: AppTest) -> None:
    before = float(city.metric[1].value.rstrip("%"))
    table_before = city.dataframe[0].value.copy()
    city.slider(key="cov_radius").set_value(3_000).run()
    assert not city.exception
    after = float(city.metric[1].value.rstrip("%"))
    assert after > before
    assert (city.dataframe[0].value.iloc[:, 2] >= table_before.iloc[:, 2]).all()
    city.slider(key="cov_radius").set_value(1_000).run()


def test_running_siting_shows_the_sites_table(city: AppTest) -> None:
    city.number_input(key="site_k").set_value(7).run()
    city.button(key="site_run").click().run()
    assert not city.exception, [e.value for e in city.exception]
    sites = [d.value for d in city.dataframe if "新增覆盖青年" in d.value.columns]
    assert len(sites) == 1 and len(sites[0]) == 7
    assert (sites[0]["新增覆盖青年"] > 0).all()
    assert any("新址" in m.value for m in city.markdown)


def test_exact_set_cover_reports_a_proven_optimum(city: AppTest) -> None:
    city.radio(key="site_model").set_value("set_cover").run()
    city.radio(key="site_method").set_value("exact").run()
    city.button(key="site_run").click().run()
    assert not city.exception
    assert any("已证明最优" in m.value for m in city.markdown)


def test_national_scope_asks_for_a_province_before_siting() -> None:
    at = _page()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["青年之家覆盖与新址选择"]
    assert any("请在左侧选择省份" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "site_run"]


def test_every_string_the_page_uses_exists_in_both_languages(root) -> None:
    import re

    from geo import i18n
    from geo.locales import coverage as strings

    sources = [root / p for p in ("pages/coverage.py", "ui/coverage.py", "geo/maps/coverage.py")]
    used = set()
    for path in sources:
        used |= set(re.findall(r'"(coverage\.[a-z_.]+[a-z_])"', path.read_text(encoding="utf-8")))
    assert used and all(i18n.has(k) for k in used), sorted(k for k in used if not i18n.has(k))
    assert all(zh.strip() and en.strip() and zh != en for zh, en in strings.STRINGS.values())
