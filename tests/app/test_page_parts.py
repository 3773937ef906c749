"""AppTest: a province account saves its pick as its part of the national plan from the
selection page (one summary line for rows outside it, no per-row errors), and the centre sees
each province's part with its state on the management page (issue 18)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from geo import store
from geo.core import localtime
from geo.plan.auth import User
from geo.store import parts
from tests._paths import APP

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SC = User("sc", "province", "51")
CENTRE = User("centre", "central")

PLAN = f"{localtime.today().year} 全国第一批"
"""The plan proposed while the centre has saved none: this year's first batch."""


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.delenv("YOUTHMAP_NO_LOGIN", raising=False)
    db = store.open_store()
    store.create_user(db, "sc", "川青春2021!", "province", "51")
    store.create_user(db, "centre", "centre-password-2021", "central")
    yield db
    db.dispose()


def _as(user: User, page: str, province: str | None = None, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state["user"] = user
    at.session_state["lang"] = lang
    if province:
        at.session_state["scope_region"] = "west"
        at.session_state["scope_province"] = province
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.slow
def test_a_province_saves_its_part_with_one_line_for_rows_outside(home):
    at = _as(SC, "pages/selection.py", "51")
    at.session_state["selection_final"] = at.session_state["selection_final"]
    new = f"还没有名为“{PLAN}”的全国方案：保存时将新建它。请核对名称与团中央下发的方案一致。"
    assert new in [c.value for c in at.caption]  # a name no plan has yet is pointed out
    at.button(key="part_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any(f"四川省在“{PLAN}”中的部分共" in s.value for s in at.success)
    # the pick was made against the national quotas (cities' quotas not ticked), so the
    # session's list holds every unit's rows: the page files Sichuan's, and says nothing of
    # the others it never showed
    assert len(at.session_state["selection_final"].chosen) == 1000
    assert not [i.value for i in at.info if "不在四川省" in i.value]
    assert new not in [c.value for c in at.caption]  # the plan exists now
    plan_id = int(store.list_plans(home)["id"].iloc[0])
    states = parts.part_states(home, plan_id).set_index("unit")
    assert states.at["51", "state"] == "draft" and states.at["51", "communities"] > 0
    # the plan proposed is this year's, and so is its cycle ("2021 全国第一批" proposed in
    # 2026 started the plan on the 2021 cycle, every phase five years past)
    assert store.list_plans(home)["name"].iloc[0] == PLAN
    assert store.plan_timeline(home, plan_id)[0].start.year == localtime.today().year


@pytest.mark.slow
def test_a_province_part_from_a_national_pick_gives_one_summary_line(home, layers):
    """The issue's case: the session's pick is the centre's national list (1,000 rows)."""
    at = _as(SC, "pages/management.py")
    final = _as(SC, "pages/selection.py").session_state["selection_final"]  # national scope
    at.session_state["selection_final"] = final
    at.run()
    inside = int((final.chosen["quota_unit"] == "51").sum())
    # the form speaks of the province's part, not of a new plan of 1,000 communities
    assert [e.label for e in at.expander][0] == "四川省的方案部分"
    assert at.text_input(key="mgmt_new_name").value == PLAN  # the default plan
    box = at.checkbox(key="mgmt_use_session").label
    assert box == f"使用本次会话的遴选结果（{len(final.chosen):,} 个社区中四川省的 {inside} 个）"
    assert at.button(key="mgmt_create").label == "保存为四川省的方案部分"
    assert any("保存您的方案部分" in i.value for i in at.info)
    locked = str(final.chosen.loc[final.chosen["quota_unit"] == "51", "id"].iloc[0])
    from ui import session

    at.session_state[session.SELECTION_CHANGES] = [
        {"id": locked, "action": "lock", "reason": "市委推荐"}
    ]  # a lock made on the selection page keeps its reason, as from that page's button
    at.button(key="mgmt_create").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    plan_id = int(store.list_plans(home)["id"].iloc[0])
    row = store.communities(home, plan_id).set_index("community_id").loc[locked]
    assert row["reason"] == "市委推荐" and bool(row["manual"])
    line = [s.value for s in at.success]
    assert len(line) == 1 and "不在四川省" in line[0] and str(len(final.chosen) - inside) in line[0]


def test_the_centre_sees_every_provinces_part_and_state(home, layers):
    c = layers.communities
    saved = parts.save_part(home, SC, "2021 全国第一批", c[c["province_code"] == "51"].head(20))
    f = store.filings(home, saved.plan_id).set_index("unit")
    store.submit_filing(home, SC, saved.plan_id, "51", int(f.at["51", "version"]))
    at = _as(CENTRE, "pages/management.py")
    table = [d.value for d in at.dataframe if "团中央意见" in d.value.columns][0]
    rows = table.set_index("省份/兵团")
    assert rows.at["四川省", "方案状态"] == "已提交" and rows.at["四川省", "社区数"] == 20
    assert rows.at["广东省", "方案状态"] == "未开始"
    assert rows.at["新疆生产建设兵团", "方案状态"] == "未开始" and len(rows) == 32
    # the zone is named once, in the header; each cell holds the bare local time
    when = rows.at["四川省", "提交时间（北京时间）"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", when), when
    assert rows.at["广东省", "提交时间（北京时间）"] == ""
    assert any("已提交 1；" in c.value for c in at.caption)
    assert "**各省（含兵团）方案部分与状态**" in [m.value for m in at.markdown]  # 32 lines


def test_the_part_states_read_in_english_with_english_separators(home, layers):
    c = layers.communities
    saved = parts.save_part(home, SC, "2021 national", c[c["province_code"] == "51"].head(5))
    f = store.filings(home, saved.plan_id).set_index("unit")
    store.submit_filing(home, SC, saved.plan_id, "51", int(f.at["51", "version"]))
    at = _as(CENTRE, "pages/management.py", lang="en")
    table = [d.value for d in at.dataframe if "Submitted (Beijing time, UTC+8)" in d.value.columns]
    assert table, [list(d.value.columns) for d in at.dataframe]
    counts = [c.value for c in at.caption if "Submitted 1" in c.value]
    assert counts and "；" not in counts[0] and "; " in counts[0], counts


def test_the_province_downloads_its_signable_form_from_the_management_page(home, layers):
    c = layers.communities
    store.users.set_profile(home, "sc", unit_name="共青团四川省委", contact="张三", phone="028-1")
    parts.save_part(home, SC, "2021 全国第一批", c[c["province_code"] == "51"].head(5))
    at = _as(SC, "pages/management.py")
    keys = {b.key: b.label for b in at.get("download_button")}
    assert keys.get("part_form_xlsx") == "下载四川省备案表（可签章，XLSX）"
    assert keys.get("part_form_pdf") == "下载四川省备案表（打印签章，PDF）"


@pytest.mark.slow
def test_a_province_is_offered_the_centres_newest_plan_not_a_name_of_its_own(home, layers):
    """Login mode: the centre has saved its national list (and the simulated demo plan is
    there too). The province's name box holds the newest of the centre's, so its part goes
    where the centre looks, with no "no plan of that name" note; the candidates of its own
    on the centre's list become its recommendation."""
    from geo.plan.year_demo import DEMO_PLAN_NAME

    final = _as(SC, "pages/selection.py", "51").session_state["selection_final"]
    store.create_plan(home, CENTRE, "2026 全国第一批", final.chosen)  # every one a candidate
    store.create_plan(home, CENTRE, DEMO_PLAN_NAME, layers.communities.head(3))
    at = _as(SC, "pages/selection.py", "51")  # the province opens the page after the centre
    assert at.text_input(key="part_plan_name").value == "2026 全国第一批"
    assert not [m.value for m in at.caption if "还没有名为" in m.value]
    at.button(key="part_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    own = int((final.chosen["quota_unit"] == "51").sum())
    assert [i.value for i in at.info if "团中央" in i.value] == [
        f"其中 {own} 个在团中央名单中为候选，现已改为省级推荐。"
    ]
    plans = store.list_plans(home).set_index("name")
    assert len(plans) == 2  # no third plan
    plan_id = int(plans.at["2026 全国第一批", "id"])
    row = parts.part_states(home, plan_id).set_index("unit").loc["51"]
    assert (row["state"], row["recommended"]) == ("draft", own)
    store.create_plan(home, CENTRE, "2027 全国第二批", layers.communities.head(3))
    assert _as(SC, "pages/management.py").text_input(key="mgmt_new_name").value == (
        "2027 全国第二批"
    )


@pytest.mark.slow
def test_a_part_saved_from_the_selection_page_files_the_reasons_the_pick_gave(home, layers):
    """Sichuan's pick on the selection page gave every row of its 备案表 a 推荐理由
    (得分贡献最大：…); saved with 保存 and downloaded from the management page, the form had
    them blank for every community not locked by hand. The form of the saved part
    (:func:`ui.parts.form_download` builds it so) names the same reasons now."""
    from geo.export import filing, filing_form

    at = _as(SC, "pages/selection.py", "51")
    at.button(key="part_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    chosen = at.session_state["selection_final"].chosen
    own = chosen[chosen["quota_unit"].astype(str).eq("51").to_numpy()]
    before = dict(zip(own["id"].astype(str), filing.reasons(own), strict=True))
    plan_id = int(store.list_plans(home)["id"].iloc[0])
    rows = store.communities(home, plan_id)
    table = filing_form.plan_form_table(rows[rows["quota_unit"] == "51"], layers.communities)
    after = dict(zip(table["社区编号"].astype(str), table["推荐理由"], strict=True))
    assert len(after) == len(own) > 0 and after == before
