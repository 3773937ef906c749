"""AppTest of the app shell: navigation, simulated-data notice, language switch, and the
scope written back into the address bar."""

from __future__ import annotations

import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from tests._paths import APP as APP_PATH

APP = str(APP_PATH)


def _run(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if lang:
        at.session_state["lang"] = lang
    at.run()
    return at


@pytest.fixture(scope="module")
def zh_app() -> AppTest:
    return _run()


def test_app_opens_on_the_overview_in_chinese(zh_app: AppTest) -> None:
    at = zh_app
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["总览地图"]
    assert at.sidebar.selectbox(key="scope_province").label == "省份"


def test_simulated_layers_are_announced(zh_app: AppTest) -> None:
    assert any("模拟数据" in i.value for i in zh_app.info)


def test_language_switch_shows_english_titles() -> None:
    at = _run("en")
    assert not at.exception
    assert [t.value for t in at.title] == ["Overview map"]
    assert at.sidebar.selectbox(key="scope_province").label == "Province"
    assert any("simulated" in i.value for i in at.info)


def test_a_link_sets_the_scope_and_language() -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["province"] = "44"
    at.query_params["city"] = "4401"
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    scope = at.session_state["scope"]
    assert (scope.province_code, scope.city_code) == ("44", "4401")
    assert [t.value for t in at.title] == ["Overview map"]


def test_a_link_with_unknown_values_is_ignored() -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["province"] = "<script>"
    at.query_params["region"] = "north"
    at.run()
    assert not at.exception
    assert at.session_state["scope"].level == "national"


def test_the_address_bar_keeps_the_scope_and_drops_defaults() -> None:
    # the sidebar persisting across page switches is checked in a real browser
    # (tests/browser/test_app_browser.py): AppTest does not redraw app.py's sidebar
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in {"province": "44", "city": "4401", "lang": "zh", "basemap": "offline"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert dict(at.query_params) == {"province": "44", "city": "4401"}
    assert {s.key: s.value for s in at.sidebar.selectbox} == {
        "lang": "zh",
        "scope_region": None,
        "scope_province": "44",
        "scope_city": "4401",
        "basemap": "offline",
    }


FIRST_RUN = """
import os, sys, tempfile
os.environ["YOUTHMAP_HOME"] = tempfile.mkdtemp()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.run()
assert not at.exception, [e.value for e in at.exception]
print(at.title[0].value)
print(" ".join(sorted(sys.modules)))
"""


@pytest.mark.slow
def test_the_first_page_imports_the_whole_app_at_once() -> None:
    """The overview of a fresh process, the first page every user opens, imports every
    module of the app and the libraries they import inside functions (ui/preload.py), so
    that sessions opening at once never import side by side. (It used to leave out
    scikit-learn and scipy.stats, 1.8 s of a server's first answer: the price of that.)"""
    done = subprocess.run(
        [sys.executable, "-c", FIRST_RUN, APP],
        cwd=APP_PATH.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    title, modules = done.stdout.splitlines()[-2:]
    assert title == "总览地图"
    loaded = set(modules.split())
    assert {"streamlit", "geopandas", "folium", "geo.store"} <= loaded  # the page ran
    lazy = {"sklearn.neighbors", "scipy.stats", "highspy", "pptx", "matplotlib.pyplot"}
    assert lazy <= loaded, sorted(lazy - loaded)  # imported inside functions only
    assert {"geo.export.pptx", "geo.siting.cover", "ui.present", "ui.records"} <= loaded
    assert not {m for m in loaded if m.startswith("geo.cli.")}
