"""AppTest of the overview page at national, region, province and city scope."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.core.scope import Scope
from geo.export import overview
from tests._paths import APP
from tests._screen import map_frames

ROOT_APP = str(APP)
SCOPES = {
    "national": {},
    "region": {"scope_region": "west"},
    "province": {"scope_province": "44"},
    "city": {"scope_province": "44", "scope_city": "4401"},
}


def _run(widgets: dict[str, str], lang: str = "zh") -> AppTest:
    # Widget values are set before the first run: in Streamlit 1.67 AppTest re-runs only the
    # page, not the st.navigation entry point that turns the sidebar into a Scope.
    at = AppTest.from_file(ROOT_APP, default_timeout=120)
    at.session_state["lang"] = lang
    for key, value in widgets.items():
        at.session_state[key] = value
    at.run()
    return at


_RUNS: dict[str, AppTest] = {}


def _scope_run(level: str) -> AppTest:
    """One run per scope for the whole module (each run loads the app afresh)."""
    if level not in _RUNS:
        _RUNS[level] = _run(SCOPES[level])
    return _RUNS[level]


@pytest.fixture(params=list(SCOPES))
def page(request: pytest.FixtureRequest) -> tuple[str, AppTest]:
    return request.param, _scope_run(request.param)


def test_overview_runs_without_exception(page: tuple[str, AppTest]) -> None:
    _, at = page
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["总览地图"]


def test_metrics_show_the_scope_counts(page: tuple[str, AppTest], layers) -> None:
    level, at = page
    scope = at.session_state["scope"]
    assert scope.level == level
    expected = overview.layer_counts(layers, scope)
    shown = [int(m.value.replace(",", "")) for m in at.metric]
    assert shown == expected.tolist()
    assert expected["communities"] > 0


def test_area_table_adds_up_to_the_metrics(page: tuple[str, AppTest]) -> None:
    _, at = page
    table = at.dataframe[-1].value
    assert table["社区"].sum() == int(at.metric[0].value.replace(",", ""))
    assert table["驻区单位"].sum() == int(at.metric[3].value.replace(",", ""))


def test_national_scope_also_counts_by_region(layers) -> None:
    at = _scope_run("national")
    regions_table = at.dataframe[0].value
    assert list(regions_table["区域"]) == ["东部", "中部", "西部"]
    assert regions_table["社区"].sum() == len(layers.communities)


def test_city_scope_table_lists_the_city_counties() -> None:
    at = _scope_run("city")
    table = at.dataframe[-1].value
    assert table["代码"].str.startswith("4401").all()
    assert "天河区" in set(table["地区"])


def test_tianditu_without_a_key_falls_back_to_offline() -> None:
    at = AppTest.from_file(ROOT_APP, default_timeout=120)
    at.session_state["basemap"] = "tianditu"
    at.session_state["scope_province"] = "11"
    at.run()
    assert not at.exception
    assert any("天地图" in w.value for w in at.warning)


def test_page_in_english_uses_english_headers() -> None:
    at = _run(SCOPES["province"], lang="en")
    assert [t.value for t in at.title] == ["Overview map"]
    assert [m.label for m in at.metric] == [
        "Communities",
        "Youth Homes",
        "University campuses",
        "Resident units",
    ]
    assert {"Code", "Area", "Communities"} <= set(at.dataframe[-1].value.columns)


def test_overview_map_at_each_scope_stays_under_3_mb(layers) -> None:
    for scope in (
        Scope(),
        Scope(region="east"),
        Scope(province_code="44"),
        Scope(province_code="44", city_code="4401"),
    ):
        html_text = overview.overview_map(layers, scope).get_root().render()
        assert len(html_text.encode()) < 3_000_000, scope
        assert "https://" not in html_text


def test_every_table_has_an_excel_download() -> None:
    at = _scope_run("national")
    keys = {b.key for b in at.download_button if b.label == "下载 Excel"}
    assert keys == {"overview_by_region_xlsx", "overview_by_area_xlsx"}


def test_the_map_downloads_as_offline_html() -> None:
    at = _scope_run("province")
    assert "overview_map_html" in {b.key for b in at.download_button}


def test_the_map_is_drawn_in_one_frame_that_a_rerun_leaves_alone() -> None:
    at = _run(SCOPES["province"])
    [(title, page)] = map_frames(at)
    assert title == "总览地图"
    assert '<script src="/app/static/vendor/leaflet/leaflet.js"></script>' in page
    assert "L.YouthmapPoints" in page and "https://" not in page
    at.run()  # the same view: the browser gets the same page and keeps the frame as it is
    assert map_frames(at) == [(title, page)]


def _offered_html(widgets: dict, lang: str, replaced: dict | None = None) -> tuple[str, list[str]]:
    """The overview map's offline HTML as offered, and the words its body shows."""
    from tests import _downloads
    from tests._html_text import shown_text
    from ui import session

    at = AppTest.from_file(ROOT_APP, default_timeout=120)
    at.session_state["lang"] = lang
    for key, value in widgets.items():
        at.session_state[key] = value
    if replaced:
        at.session_state[session.REPLACED_LAYERS] = replaced
    with _downloads.capture() as offered:
        at.run()
    assert not at.exception
    (page,) = [d for d in offered if d.key == "overview_map_html"]
    text = page.content().decode("utf-8")
    return text, shown_text(text)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ("注意：社区、青年之家", "为模拟数据（种子 2021）")),
        ("en", ("Note: Communities, Youth Homes", "are simulated (seed 2021)")),
    ],
)
def test_the_offline_html_says_the_layers_drawn_are_simulated(lang, words) -> None:
    """The map's offline HTML showed the simulated layers with no word of it (the slides
    and the PNG of the same data print the note); the page now says it over the map."""
    _, shown = _offered_html({"scope_province": "46"}, lang)
    assert any(t.startswith(words[0]) and words[1] in t for t in shown), shown


def test_the_offline_html_of_the_users_own_layers_has_no_simulated_note(layers) -> None:
    own = {
        name: layers.get(name)[layers.get(name)["province_code"] == "46"]
        .head(30)
        .drop(columns="simulated")
        for name in ("communities", "youth_homes", "resident_units")
    }
    page, shown = _offered_html({"scope_province": "46"}, "zh", own)
    assert "leaflet" in page and "youthmap-note" not in page
    assert not [t for t in shown if "模拟" in t]
