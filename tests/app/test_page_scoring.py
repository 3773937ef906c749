"""AppTest of the scoring page: weights drive the ranking, presets save and load."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.analysis import indicators as ind

APP = "app.py"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def page(root, tmp_path_factory):
    """One scoring page for the module; each test leaves the default weights behind."""
    home = tmp_path_factory.mktemp("youthmap_home")
    mp = pytest.MonkeyPatch()
    mp.setenv("YOUTHMAP_HOME", str(home))
    at = AppTest.from_file(str(root / APP), default_timeout=180)
    at.run()
    at.switch_page("pages/scoring.py").run()
    assert not at.exception, [e.value for e in at.exception]
    yield at, home
    mp.undo()


@pytest.fixture
def at(page):
    at, _ = page
    yield at
    at.button(key="weights_reset").click().run()
    assert at.session_state["scoring_settings"]["weights"] == ind.DEFAULT_WEIGHTS


def _top(at, n=20) -> list[str]:
    # the ranking table is the first dataframe; its columns are national rank, …, name
    frame = at.dataframe[0].value
    return frame.iloc[:n, 2].tolist()


def _only(at, key: str) -> None:
    for i in ind.INDICATORS:
        at.slider(key=f"w_{i.key}").set_value(1.0 if i.key == key else 0.0)
    at.run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.slow
def test_changing_the_weights_changes_the_ranking(at):
    default_top = _top(at)
    _only(at, "youth")
    youth_top = _top(at)
    _only(at, "elderly")
    elderly_top = _top(at)
    assert youth_top != default_top and youth_top != elderly_top
    settings = at.session_state["scoring_settings"]
    assert settings["weights"] == {"elderly": 1.0}


@pytest.mark.slow
def test_preset_saved_and_loaded_restores_the_weights(at, page):
    tmp_path = page[1]
    _only(at, "children")
    at.text_input(key="preset_name").input("四点半课堂优先").run()
    at.button(key="preset_save").click().run()
    assert (tmp_path / "presets").is_dir() and list((tmp_path / "presets").glob("*.json"))
    assert [s.value for s in at.success] == ["已保存方案“四点半课堂优先”。"]
    at.button(key="preset_save").click().run()  # the same name again: it says it replaced it
    assert [s.value for s in at.success] == [
        "已用当前权重更新方案“四点半课堂优先”（原有同名方案已被覆盖）。"
    ]
    at.text_input(key="preset_name").input("  ").run()
    at.button(key="preset_save").click().run()  # no name: said, not silently ignored
    assert [e.value for e in at.error] == ["请先填写方案名称，再保存。"]
    _only(at, "youth")
    at.selectbox(key="preset_pick").select("四点半课堂优先").run()
    at.button(key="preset_load").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="w_children").value == 1.0 and at.slider(key="w_youth").value == 0.0


def test_sensitivity_and_explanation_are_shown(at):
    at.number_input(key="sens_n").set_value(200)
    at.button(key="sens_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    tables = [d.value for d in at.dataframe]
    sens = tables[-2]  # the sensitivity table sits before the indicator documentation
    assert len(sens) == 2 * len(ind.DEFAULT_WEIGHTS) + 2
    counts = sens.iloc[:, 2].astype(str)  # counts of communities: 5, and a mean 4.6
    assert counts.str.fullmatch(r"[\d,]+(\.\d)?").all(), counts.tolist()
    assert not counts.iloc[:-1].str.endswith(".0").any(), counts.tolist()
    explain = tables[2]
    assert len(explain) == len(ind.DEFAULT_WEIGHTS)
    # each indicator's share of the score in percentage points under a "(%)" header: they
    # add up to 100 (a weighted sum), where fractions of 1 used to show as 0.0896
    share = explain[i18n.t("scoring.col.share", "zh")].astype(float)
    assert i18n.t("scoring.col.share", "zh").endswith("（%）")
    assert share.sum() == pytest.approx(100.0, abs=1e-6) and share.max() > 1.0, share.tolist()


def test_every_table_has_an_excel_download(page):
    at, _ = page
    at.number_input(key="sens_n").set_value(200)
    at.button(key="sens_run").click().run()
    keys = {b.key for b in at.download_button}
    assert {"dl_scores_xlsx", "explain_table_xlsx", "sens_table_xlsx", "indicator_doc_xlsx"} <= keys
