"""AppTest of the management page with seeded accounts and a plan (YOUTHMAP_HOME in tmp_path):
provinces write only their own communities through the page, the centre files, viewers read."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo import store
from geo.auth import User
from geo.errors import PermissionDenied

APP = str(Path(__file__).resolve().parents[1] / "app.py")
CENTRAL = User("centre", "central")
GD = User("gd", "province", "44")
VIEWER = User("viewer", "viewer")


@pytest.fixture
def seeded(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.setenv("YOUTHMAP_NO_LOGIN", "0")
    db = store.open_store()
    store.create_user(db, "centre", "centre-password", "central")
    store.create_user(db, "gd", "gd-password-1", "province", "44")
    store.create_user(db, "viewer", "viewer-password", "viewer")
    chosen = pd.DataFrame(
        {
            "id": ["GZ1", "GZ2", "SH1"],
            "name": ["天河社区", "越秀社区", "黄浦社区"],
            "county_code": ["440106", "440104", "310101"],
            "score": [0.9, 0.8, 0.7],
            "rank": [1, 2, 1],
        }
    )
    plan_id = store.create_plan(db, CENTRAL, "2021 第一批", chosen)
    yield db, plan_id
    db.dispose()


def page_as(user: User) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["user"] = user
    at.run()
    at.switch_page("pages/management.py").run()
    assert not at.exception
    return at


def test_status_board_counts_every_community(seeded):
    at = page_as(VIEWER)
    board = at.dataframe[0].value
    assert int(board["候选"].sum()) == 3


def test_province_is_offered_only_its_own_communities(seeded):
    at = page_as(GD)
    assert at.multiselect(key="mgmt_pick").options == ["天河社区 · GZ1", "越秀社区 · GZ2"]
    assert at.selectbox(key="mgmt_unit").options == ["广东省"]


def test_province_recommends_its_community_through_the_page(seeded):
    db, plan_id = seeded
    at = page_as(GD)
    at.multiselect(key="mgmt_pick").select("GZ1").run()
    at.selectbox(key="mgmt_target").select("recommended").run()
    at.button(key="mgmt_apply").click().run()
    assert not at.exception and not at.error
    row = store.community(db, plan_id, "GZ1")
    assert (row["status"], row["updated_by"]) == ("recommended", "gd")


def test_province_write_to_another_province_is_refused_by_the_page_and_library(seeded):
    db, plan_id = seeded
    at = page_as(GD)
    # the page never offers SH1; forcing the write the page would make is refused below it
    with pytest.raises(PermissionDenied):
        store.transition_many(db, GD, plan_id, [("SH1", 1)], "recommended")
    at.multiselect(key="mgmt_pick").select("GZ2").run()
    at.selectbox(key="mgmt_target").select("recommended").run()
    store.transition(db, CENTRAL, plan_id, "GZ2", "recommended", 1)  # someone else got there first
    at.button(key="mgmt_apply").click().run()
    assert not at.exception
    assert any("未保存" in e.value for e in at.error)
    assert store.community(db, plan_id, "SH1")["status"] == "candidate"


def test_centre_accepts_a_submitted_filing_on_the_page(seeded):
    db, plan_id = seeded
    store.transition(db, GD, plan_id, "GZ1", "recommended", 1)
    store.submit_filing(db, GD, plan_id, "44", 1)
    at = page_as(CENTRAL)
    at.selectbox(key="mgmt_unit").select("44").run()
    at.button(key="mgmt_accept").click().run()
    assert not at.exception and not at.error
    assert store.community(db, plan_id, "GZ1")["status"] == "filed"
    assert store.community(db, plan_id, "GZ2")["status"] == "candidate"


def test_centre_enters_an_evaluation_on_the_page(seeded):
    db, plan_id = seeded
    store.transition(db, GD, plan_id, "GZ1", "recommended", 1)
    store.submit_filing(db, GD, plan_id, "44", 1)
    store.accept_filing(db, CENTRAL, plan_id, "44", 2)
    store.transition(db, GD, plan_id, "GZ1", "launched", 3)
    at = page_as(CENTRAL)
    for area, points in (
        ("after_school", 20),
        ("elderly_digital", 18),
        ("environment", 22),
        ("youth_care", 19),
    ):
        at.number_input(key=f"mgmt_{area}_GZ1").set_value(points)
    at.text_input(key="mgmt_expert_GZ1").input("李教授")
    at.button(key="mgmt_save_eval").click().run()
    assert not at.exception and not at.error
    ev = store.evaluations(db, plan_id).set_index("community_id")
    assert ev.loc["GZ1", "total"] == 79 and ev.loc["GZ1", "expert"] == "李教授"
    assert store.community(db, plan_id, "GZ1")["status"] == "evaluated"


def test_viewer_gets_no_write_controls(seeded):
    at = page_as(VIEWER)
    keys = {w.key for w in [*at.multiselect, *at.button, *at.text_input]}
    assert not keys & {"mgmt_pick", "mgmt_apply", "mgmt_submit", "mgmt_accept", "mgmt_new_name"}


def test_page_shows_no_missing_string_and_english_is_complete(seeded):
    import re

    from geo import i18n
    from geo.locales import management

    at = page_as(CENTRAL)
    texts = [str(e.value) for e in [*at.markdown, *at.caption, *at.info, *at.title]]
    assert not [x for x in texts if "⟦" in x]
    used = set()
    for path in ("pages/management.py", "pages/login.py", "ui/management.py"):
        source = (Path(APP).parent / path).read_text(encoding="utf-8")
        used |= set(re.findall(r'"((?:mgmt|login)\.[a-z_.]+)"', source))
    assert used and all(i18n.has(k) for k in used)
    assert all(en.strip() and zh.strip() for zh, en in management.STRINGS.values())


def test_centre_saves_the_sessions_selection_as_a_plan(seeded):
    import numpy as np

    from geo.selection import SelectionResult

    db, _ = seeded
    chosen = pd.DataFrame(
        {
            "id": ["A1", "A2"],
            "name": ["甲社区", "乙社区"],
            "county_code": ["440106", "510104"],
            "score": np.array([0.9, 0.5]),
            "rank_in_unit": np.array([1, 1]),
        }
    )
    quotas = pd.DataFrame(
        {"unit": ["44", "51"], "quota": np.array([1, 1]), "chosen": np.array([1, 1])}
    )
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["user"] = CENTRAL
    at.session_state["selection_final"] = SelectionResult(chosen, quotas, pd.DataFrame())
    at.session_state["sel_changes"] = [{"id": "A2", "action": "lock", "reason": "省里推荐"}]
    at.run()
    at.switch_page("pages/management.py").run()
    at.text_input(key="mgmt_new_name").input("全国方案A")
    at.button(key="mgmt_create").click().run()
    assert not at.exception and not at.error
    plans = store.list_plans(db).set_index("name")
    plan = store.get_plan(db, int(plans.loc["全国方案A", "id"]))
    assert plans.loc["全国方案A", "communities"] == 2
    assert plan["params"]["quotas"][0] == {"unit": "44", "quota": 1, "chosen": 1}
    assert plan["params"]["sel_changes"][0]["reason"] == "省里推荐"
    assert set(store.filings(db, plan["id"])["unit"]) == {"44", "51"}


def test_board_status_and_history_tables_download_as_excel(seeded):
    at = page_as(VIEWER)
    keys = {b.key for b in at.download_button}
    assert {"mgmt_board_xlsx", "mgmt_table_xlsx", "mgmt_history_xlsx"} <= keys
