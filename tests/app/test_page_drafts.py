"""AppTest: the selection page keeps the user's work in the database (issue 18, saved work).

A new AppTest on the same ``YOUTHMAP_HOME`` is a refresh (a new browser session) or a
restarted server: the scope, quota settings, locks and exclusions with their reasons and the
pick come back; undo steps back through manual changes; named versions compare.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import store
from geo.plan.auth import DESKTOP_USER
from geo.store import drafts
from tests._paths import APP

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.delenv("YOUTHMAP_NO_LOGIN", raising=False)
    return tmp_path


def _selection(province: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    if province:
        at.session_state["scope_region"] = "west"
        at.session_state["scope_province"] = province
    at.run()
    at.switch_page("pages/selection.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _outsiders(at, n: int) -> list[str]:
    final = at.session_state["selection_final"]
    frame = [d.value for d in at.dataframe if "编号" in d.value.columns][0]
    return [i for i in frame["编号"] if i not in set(final.ids)][:n]


def _change(at, cid: str, action: str, reason: str) -> None:
    at.text_input(key="sel_ids").input(cid).run()
    at.text_input(key="sel_reason").input(reason).run()
    at.button(key=f"sel_{action}").click().run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.slow
def test_locks_exclusions_settings_and_the_pick_come_back_after_a_refresh(home):
    at = _selection("51")
    at.number_input(key="c_county").set_value(2).run()
    cid = _outsiders(at, 1)[0]
    chosen = next(iter(at.session_state["selection_final"].ids))
    _change(at, cid, "lock", "街道党工委推荐")
    _change(at, chosen, "exclude", "已列入拆迁")
    pick = sorted(at.session_state["selection_final"].ids)
    assert cid in pick and chosen not in pick

    again = _selection()  # a refresh: a new session, no scope given
    assert again.session_state["scope"].province_code == "51"
    assert again.number_input(key="c_county").value == 2
    assert again.session_state["sel_changes"] == [
        {"id": cid, "action": "lock", "reason": "街道党工委推荐"},
        {"id": chosen, "action": "exclude", "reason": "已列入拆迁"},
    ]
    assert sorted(again.session_state["selection_final"].ids) == pick
    saved = drafts.load_draft(store.open_store(), DESKTOP_USER)
    assert sorted(saved["pick"]) == pick and saved["settings"]["scope_province"] == "51"
    saved = [c.value for c in again.caption if c.value.startswith("草稿已于 ")]
    assert len(saved) == 1 and "（北京时间）保存" in saved[0], saved  # one pair of brackets


@pytest.mark.slow
def test_the_save_button_says_so_and_undo_steps_back(home):
    at = _selection("51")
    first, second = _outsiders(at, 2)
    _change(at, first, "lock", "理由一")
    _change(at, second, "lock", "理由二")
    at.button(key="draft_save").click().run()
    assert any("已保存" in s.value for s in at.success)
    at.button(key="draft_undo").click().run()
    assert [c["id"] for c in at.session_state["sel_changes"]] == [first]
    assert second not in at.session_state["selection_final"].ids
    at.button(key="draft_undo").click().run()
    assert at.session_state["sel_changes"] == []
    assert _selection().session_state["sel_changes"] == []  # the undone state is what is saved


@pytest.mark.slow
def test_named_versions_are_listed_and_compared(home):
    at = _selection("51")
    at.text_input(key="draft_version_name").input("第一稿").run()
    at.button(key="draft_save_version").click().run()
    cid = _outsiders(at, 1)[0]
    _change(at, cid, "lock", "新增推荐")
    at.text_input(key="draft_version_name").input("第二稿").run()
    at.button(key="draft_save_version").click().run()
    assert not at.exception
    listed = next(d.value for d in at.dataframe if "保存时间（北京时间）" in d.value.columns)
    assert listed["保存时间（北京时间）"].str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d").all()
    at.selectbox(key="draft_cmp_a").select("第一稿").run()
    at.selectbox(key="draft_cmp_b").select("第二稿").run()
    diff = [d.value for d in at.dataframe if "差异" in d.value.columns][0]
    assert ("锁定", cid, "新增推荐") in set(
        zip(diff["差异"], diff["项目"], diff["之后"], strict=True)
    )
    assert "新增入选" in set(diff["差异"])
    at.button(key="draft_load").click().run()  # back to 第一稿
    assert at.session_state["sel_changes"] == []


@pytest.mark.slow
def test_a_draft_made_on_other_layers_says_so(home):
    at = _selection("51")
    doc = drafts.load_draft(store.open_store(), DESKTOP_USER)
    doc["layers"]["communities"] = [1, 2]  # as if made on another community list
    drafts.save_draft(store.open_store(), DESKTOP_USER, doc)
    again = _selection()
    assert any("另一版本的图层" in w.value and "社区" in w.value for w in again.warning)
    assert not at.exception


@pytest.mark.slow
def test_a_link_that_names_a_view_opens_it_over_the_drafts_scope(home):
    """The draft was saved at 四川; a link to 广州 (README: "links keep a view") opens 广州,
    and the draft's other settings still come back."""
    at = _selection("51")
    at.number_input(key="c_county").set_value(2).run()
    link = AppTest.from_file(str(APP), default_timeout=180)
    link.query_params["province"] = "44"
    link.query_params["city"] = "4401"
    link.run()
    assert not link.exception, [e.value for e in link.exception]
    assert link.session_state["scope"].province_code == "44"
    assert link.session_state["scope"].city_code == "4401"
    again = _selection()  # no link: the draft's scope, as before
    assert again.session_state["scope"].province_code == "51"
    assert again.number_input(key="c_county").value == 2
