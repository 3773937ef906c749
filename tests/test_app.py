"""AppTest of the app shell: navigation, simulated-data notice, language switch."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

APP = "../app.py"


def _run(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if lang:
        at.session_state["lang"] = lang
    at.run()
    return at


def test_app_opens_on_the_overview_in_chinese() -> None:
    at = _run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["总览地图"]
    assert at.sidebar.selectbox(key="scope_province").label == "省份"


def test_simulated_layers_are_announced() -> None:
    at = _run()
    assert any("模拟数据" in i.value for i in at.info)


def test_language_switch_shows_english_titles() -> None:
    at = _run("en")
    assert not at.exception
    assert [t.value for t in at.title] == ["Overview map"]
    assert at.sidebar.selectbox(key="scope_province").label == "Province"
    assert any("simulated" in i.value for i in at.info)
