"""AppTest of the login gate and page with seeded accounts (YOUTHMAP_HOME in tmp_path)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import store
from geo.plan.auth import User
from tests._paths import APP as APP_PATH

APP = str(APP_PATH)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.setenv("YOUTHMAP_NO_LOGIN", "0")
    db = store.open_store()
    store.create_user(db, "gd", "粤青春2021!", "province", "44")
    db.dispose()
    return tmp_path


def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def log_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def test_login_required_shows_only_the_login_page(home):
    at = app()
    assert [w.key for w in at.text_input] == ["login_name", "login_password"]
    assert "user" not in at.session_state


def test_wrong_password_is_refused(home):
    at = log_in(app(), "gd", "not the password")
    assert not at.exception
    assert any("不正确" in e.value for e in at.error)
    assert "user" not in at.session_state


def test_right_password_logs_in_and_opens_the_app(home):
    at = log_in(app(), "gd", "粤青春2021!")
    assert not at.exception
    assert at.session_state["user"] == User("gd", "province", "44")
    at.switch_page("pages/management.py").run()
    assert not at.exception
    assert any("gd" in c.value for c in at.caption)


def test_no_account_yet_says_how_to_make_the_first(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.setenv("YOUTHMAP_NO_LOGIN", "0")
    at = app()
    assert any("youthmap user add" in i.value for i in at.info)


def test_desktop_mode_needs_no_login(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.delenv("YOUTHMAP_NO_LOGIN", raising=False)
    at = app()
    at.switch_page("pages/management.py").run()
    assert not at.exception
    assert "login_name" not in [w.key for w in at.text_input]
    assert any("单机模式" in c.value for c in at.caption)


def test_the_login_page_is_the_account_page_once_signed_in(home):
    at = app()
    assert [t.value for t in at.title] == ["登录"]
    at = log_in(at, "gd", "粤青春2021!")
    at.switch_page("pages/login.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["账号"]  # it showed 登录 above the logout button
    assert [b.label for b in at.button] == ["退出登录"]


def _open_scope_of(province_code: str, county: str | None) -> None:  # an AppTest script
    from geo.plan.auth import User
    from ui import auth

    role = "county" if county else "province"
    auth.open_scope(User("x", role, province_code, county))


@pytest.mark.parametrize(
    ("unit", "county", "scope"),
    [
        ("XPCC", None, ["west", "65", "6590"]),
        ("51", None, ["west", "51", None]),
        ("51", "510104", ["west", "51", "5101"]),  # Jinjiang's committee: Chengdu
        ("11", "110105", ["east", "11", "1101"]),  # a district of Beijing: the city
    ],
)
def test_an_account_opens_on_its_own_area_the_xpccs_on_its_cities(unit, county, scope):
    """The XPCC's account opened on the whole country (open_scope knew provinces only); it
    opens on 西部 · 新疆 · 新疆生产建设兵团. A county's account opened on its whole province;
    it opens on its city, the sidebar's finest level. (After a login the browser tests see
    it: AppTest sends the sidebar's old values back with its next run.)"""
    at = AppTest.from_function(_open_scope_of, args=(unit, county))
    at.run()
    assert not at.exception
    assert [at.session_state[k] for k in ("scope_region", "scope_province", "scope_city")] == scope


def test_the_xpccs_account_is_named_as_the_xpccs_committee(home):
    """A province account speaking for the XPCC was called 省级团委."""
    db = store.open_store()
    store.create_user(db, "bt", "兵团青春2021!", "province", "XPCC")
    db.dispose()
    at = log_in(app(), "bt", "兵团青春2021!")
    assert not at.exception
    at.switch_page("pages/login.py").run()
    assert [s.value for s in at.success] == ["当前用户：bt（兵团团委）"]
    at.switch_page("pages/management.py").run()
    assert "当前用户：bt（兵团团委）" in [c.value for c in at.caption]


def test_the_xpccs_task_names_the_xpcc_not_a_province(home):
    """The XPCC's candidates were "本省 1 个社区"."""
    import pandas as pd

    db = store.open_store()
    store.create_user(db, "bt", "兵团青春2021!", "province", "XPCC")
    chosen = pd.DataFrame({"id": ["X1"], "name": ["石河子社区"], "county_code": ["659001"]})
    store.create_plan(db, User("centre", "central"), "2026 全国第一批", chosen)
    db.dispose()
    at = log_in(app(), "bt", "兵团青春2021!")
    at.switch_page("pages/login.py").run()
    assert [w.value for w in at.warning] == [
        "方案“2026 全国第一批”：新疆生产建设兵团的 1 个社区仍为候选，尚未推荐。"
    ]


def test_the_account_page_says_what_waits_the_returned_filing_and_why(home):
    """A province signed in learned of a returned filing only on the plan's filing tab."""
    import pandas as pd

    db = store.open_store()
    centre = User("centre", "central")
    store.create_user(db, "centre", "centre-password", "central")
    chosen = pd.DataFrame({"id": ["GZ1"], "name": ["天河社区"], "county_code": ["440106"]})
    plan_id = store.create_plan(db, centre, "2026 全国第一批", chosen)
    gd = store.get_user(db, "gd")
    store.transition(db, gd, plan_id, "GZ1", "recommended", 1)
    store.submit_filing(db, gd, plan_id, "44", 1)
    db.dispose()

    at = log_in(app(), "centre", "centre-password")
    at.switch_page("pages/login.py").run()
    assert [s.value for s in at.subheader] == ["待办"]
    assert [w.value for w in at.warning] == [
        "方案“2026 全国第一批”：1 个省份的备案待您审核（广东省）。"
    ]
    db = store.open_store()
    store.return_filing(db, centre, plan_id, "44", 2, "请补充 **结对高校**")
    db.dispose()

    at = log_in(app(), "gd", "粤青春2021!")
    at.switch_page("pages/login.py").run()
    assert not at.exception
    assert [w.value for w in at.warning] == [  # the reason is the centre's text: as typed
        "方案“2026 全国第一批”：团中央退回了您的备案（推荐 1 个社区），请修改后重新提交。"
        "退回原因：请补充 \\*\\*结对高校\\*\\*"
    ]
    assert [b.label for b in at.button if b.key.startswith("todo_go")] == [
        "去“备案与评估”页的“备案”栏办理"
    ]


def test_a_filing_past_its_deadline_is_said_late_on_the_account_page(home, monkeypatch):
    """Past the timeline's filing phase, the centre read nothing of the units not filed, and
    a province nothing of its deadline."""
    import datetime as dt

    import pandas as pd

    from geo.core import localtime
    from geo.store import plans as splans

    db = store.open_store()
    centre = User("centre", "central")
    store.create_user(db, "centre", "centre-password", "central")
    today = localtime.today()
    due = today - dt.timedelta(days=3)
    timeline = [
        {"key": "file", "start": today - dt.timedelta(days=30), "end": due},
        {"key": "implement", "start": due, "end": today + dt.timedelta(days=300)},
    ]
    chosen = pd.DataFrame({"id": ["GZ1"], "name": ["天河社区"], "county_code": ["440106"]})
    with monkeypatch.context() as m:
        m.setattr(
            splans, "utcnow", lambda: dt.datetime.combine(today - dt.timedelta(days=30), dt.time(2))
        )
        store.create_plan(db, centre, "本年全国第一批", chosen, timeline=timeline)
    db.dispose()
    at = log_in(app(), "centre", "centre-password")
    at.switch_page("pages/login.py").run()
    assert [w.value for w in at.warning] == [
        f"方案“本年全国第一批”：备案截止日 {due} 已过，1 个省份尚未提交备案（广东省）。"
    ]
    at = log_in(app(), "gd", "粤青春2021!")
    at.session_state["lang"] = "en"
    at.switch_page("pages/login.py").run()
    said = [w.value for w in at.warning]
    assert said[0] == (
        f"“本年全国第一批”: the filing was due by {due} and Guangdong has not submitted it; "
        "recommend and submit it soon."
    ), said
    at = log_in(app(), "gd", "粤青春2021!")
    _open_task(at, "late").run()
    assert at.session_state["mgmt_tab_zh"] == "备案"  # the filing tab


def _open_task(at: AppTest, code: str) -> AppTest:
    at.switch_page("pages/login.py").run()
    [go] = [b for b in at.button if b.key.startswith("todo_go") and b.key.endswith(code)]
    go.click().run()  # the button's run switched to the filing page and drew it
    assert not at.exception
    assert at.title[0].value == "备案与评估"
    return at.switch_page("pages/management.py")  # AppTest's next runs: the page it names


@pytest.mark.slow
def test_each_task_opens_the_filing_page_on_its_plan_and_tab(home):
    """The account page's link opened the filing page on its first tab and newest plan: a
    county told that its filed communities wait to be launched landed on the status board,
    and a task of an older plan on the wrong plan."""
    import pandas as pd

    db = store.open_store()
    centre = User("centre", "central")
    store.create_user(db, "centre", "centre-password", "central")
    store.create_user(db, "th", "天河青春2021!", "county", "44", county_code="440106")
    chosen = pd.DataFrame(
        {"id": ["GZ1", "GZ2"], "name": ["天河社区", "石牌社区"], "county_code": ["440106"] * 2}
    )
    first = store.create_plan(db, centre, "2026 全国第一批", chosen)
    store.create_plan(db, centre, "2027 全国第二批", chosen)  # newer: the page's first plan
    gd = store.get_user(db, "gd")
    for community in ("GZ1", "GZ2"):
        store.transition(db, gd, first, community, "recommended", 1)
    store.submit_filing(db, gd, first, "44", 1)
    db.dispose()

    at = _open_task(log_in(app(), "centre", "centre-password"), "to_review")
    assert at.selectbox(key="mgmt_plan").value == first
    assert at.session_state["mgmt_tab_zh"] == "备案"
    at.button(key="mgmt_accept").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["已同意广东省的备案：已备案 2 个社区。"]

    # the province follows its counties' step: told, and led to the progress page's warnings
    at = log_in(app(), "gd", "粤青春2021!")
    at.switch_page("pages/login.py").run()
    assert [i.value for i in at.info] == [
        "方案“2026 全国第一批”：广东省有 2 个已备案社区尚未由所在区县启动。"
    ]
    [go] = [b for b in at.button if b.key == f"todo_go_{first}_unlaunched"]
    go.click().run()
    assert at.title[0].value == "年度实施进展" and at.session_state["rec_tab_zh"] == "预警"
    assert at.selectbox(key="rec_plan").value == first

    at = _open_task(log_in(app(), "th", "天河青春2021!"), "to_launch")
    assert at.selectbox(key="mgmt_plan").value == first
    assert at.session_state["mgmt_tab_zh"] == "状态更新"
    assert at.selectbox(key="mgmt_pick_status").value == "filed"
    at.button(key="mgmt_pick_all").click().run()
    assert at.multiselect(key="mgmt_pick").value == ["GZ1", "GZ2"]
    assert at.selectbox(key="mgmt_target").value == "launched"


def test_a_countys_idle_communities_lead_to_the_progress_pages_entry_tab(home):
    """A county whose launched communities recorded nothing for 60 days is told so, and the
    button opens the progress page on that plan's 录入与导入 tab."""
    at, plan_id = _tianhe_account_page()
    assert [w.value for w in at.warning] == [
        "方案“本年度第一批”：本县（区）2 个已启动社区 60 天以上没有活动记录，请及时录入。",
        "方案“本年度第一批”：本县（区）2 个已启动社区 60 天以上没有高校共建协议记录，请录入结对协议。",
    ]
    go, pair = [b for b in at.button if b.key.startswith("todo_go")]
    assert go.label == pair.label == "去“年度进展”页的“录入与导入”栏办理"
    go.click().run()
    assert not at.exception
    assert at.title[0].value == "年度实施进展"
    assert at.selectbox(key="rec_plan").value == plan_id
    assert at.session_state["rec_tab_zh"] == "录入与导入"
    assert not [w.value for w in at.warning if "Session State" in w.value]
    assert at.selectbox(key="rec_f_activities_community_id").options == [
        "天河社区 · GZ1",
        "石牌社区 · GZ2",
    ]


def test_a_countys_communities_without_a_campus_lead_to_entering_an_agreement(home):
    """Every chosen community is to be paired with a university: a county whose launched
    communities have no campus agreement on record is told so, and the button opens the
    progress page's entry tab on the agreements."""
    at, plan_id = _tianhe_account_page()
    [pair] = [b for b in at.button if b.key == f"todo_go_{plan_id}_to_pair"]
    pair.click().run()
    assert not at.exception
    assert at.session_state["rec_tab_zh"] == "录入与导入"
    assert at.selectbox(key="rec_kind").value == "agreements"
    assert at.selectbox(key="rec_f_agreements_community_id").options == [
        "天河社区 · GZ1",
        "石牌社区 · GZ2",
    ]


def test_the_centres_evaluations_due_lead_to_the_evaluation_tab(home):
    """Once the year of work is over the centre is told how many launched communities wait
    for the evaluation, and the button opens that plan's 评估录入 tab."""
    db = store.open_store()
    store.create_user(db, "centre", "centre-password", "central")
    plan_id = _running_and_a_newer_plan(db, year_over=True)
    db.dispose()
    at = log_in(app(), "centre", "centre-password")
    at.switch_page("pages/login.py").run()
    assert [w.value for w in at.warning] == [
        "方案“本年度第一批”：实施期已结束，2 个已启动社区待录入年度评估。"
    ]
    [go] = [b for b in at.button if b.key == f"todo_go_{plan_id}_to_evaluate"]
    assert go.label == "去“备案与评估”页的“评估录入”栏办理"
    go.click().run()
    assert not at.exception
    assert at.selectbox(key="mgmt_plan").value == plan_id
    assert at.session_state["mgmt_tab_zh"] == "评估录入"
    assert at.selectbox(key="mgmt_eval_pick").options == ["天河社区 · GZ1", "石牌社区 · GZ2"]


def test_the_centre_is_led_to_the_next_cycle_once_every_evaluation_is_in(home):
    """With the last evaluation entered the centre's account page fell silent: recording
    the outcome and starting the next cycle, on the progress page's 下一周期 tab, went
    unsaid."""
    from geo.core import localtime
    from geo.plan.lifecycle import EVALUATION_AREAS

    db = store.open_store()
    store.create_user(db, "centre", "centre-password", "central")
    plan_id = _running_and_a_newer_plan(db, year_over=True)
    centre, day = User("centre", "central"), localtime.today()
    scores = dict.fromkeys(EVALUATION_AREAS, 20.0)
    for community in ("GZ1", "GZ2"):
        store.record_evaluation(db, centre, plan_id, community, scores, eval_date=day, expert="李")
    db.dispose()
    at = log_in(app(), "centre", "centre-password")
    at.switch_page("pages/login.py").run()
    assert [w.value for w in at.warning] == [
        "方案“本年度第一批”：年度评估已完成（2 个社区），可按评估结果更新社区状态并生成下一周期方案。"
    ]
    [go] = [b for b in at.button if b.key == f"todo_go_{plan_id}_to_next_cycle"]
    go.click().run()
    assert not at.exception
    assert at.selectbox(key="rec_plan").value == plan_id
    assert at.session_state["rec_tab_zh"] == "下一周期"


def _tianhe_account_page():
    """Tianhe's county account signed in on its account page, its two communities launched
    in a running plan (:func:`_running_and_a_newer_plan`); with that plan's id."""
    db = store.open_store()
    store.create_user(db, "th", "天河青春2021!", "county", "44", county_code="440106")
    plan_id = _running_and_a_newer_plan(db)
    db.dispose()
    at = log_in(app(), "th", "天河青春2021!")
    at.switch_page("pages/login.py").run()
    return at, plan_id


def _running_and_a_newer_plan(db, year_over: bool = False) -> int:
    """Tianhe's two communities, filed 90 days ago and launched, in a plan whose year of work
    runs today (:func:`tests._plans.running_plan`; with ``year_over``, it ended five days
    ago), and a newer plan of the same list, which the pages open on by default. Returns the
    first plan's id."""

    import pandas as pd

    from tests._plans import end_year, running_plan

    centre = User("centre", "central")
    chosen = pd.DataFrame(
        {"id": ["GZ1", "GZ2"], "name": ["天河社区", "石牌社区"], "county_code": ["440106"] * 2}
    )
    plan_id = running_plan(db, chosen)
    if year_over:
        end_year(db, plan_id)
    store.create_plan(db, centre, "2027 全国第二批", chosen)  # newer
    return plan_id


def test_a_provinces_refill_locks_and_excludes_its_own_communities_only(home, layers):
    """The refill of a national next plan loaded by Guangdong's committee locked Sichuan's
    carried communities and excluded every province's exits: its page listed them as locks
    that break the rules, and its 备案表's 人工调整 sheet held 792 rows of other provinces."""
    import pandas as pd

    comm = layers.communities
    gd = comm.loc[comm["province_code"] == "44", ["id", "name", "county_code"]].head(3)
    sc = comm.loc[comm["province_code"] == "51", ["id", "name", "county_code"]].head(3)
    chosen = pd.concat([gd.head(1), sc.head(1)])
    carried = [gd["id"].iloc[0], sc["id"].iloc[0]]
    exited = [*gd["id"].iloc[1:], *sc["id"].iloc[1:]]
    db = store.open_store()
    centre = User("centre", "central")
    store.create_plan(db, centre, "2026 全国第一批", chosen)
    params = {"previous_plan": 1, "carried_over": carried, "exited": exited}
    store.create_plan(
        db, centre, "2027 全国第一批", chosen, params={**params, "quotas": {"44": 3, "51": 3}}
    )
    db.dispose()
    at = log_in(app(), "gd", "粤青春2021!")
    at.switch_page("pages/selection.py").run()
    at.button(key="sel_next_load").click().run()
    assert not at.exception
    changes = {c["id"]: c["action"] for c in at.session_state["sel_changes"]}
    assert changes == {
        gd["id"].iloc[0]: "lock",
        gd["id"].iloc[1]: "exclude",
        gd["id"].iloc[2]: "exclude",
    }


def test_a_provinces_freed_places_lead_to_the_refill_on_the_selection_page(home):
    """In a next-cycle plan a province was told to recommend its carried-over community; the
    places its exits freed, to refill first on the selection page, went unsaid."""
    import pandas as pd

    db = store.open_store()
    centre = User("centre", "central")
    chosen = pd.DataFrame({"id": ["GZ1"], "name": ["天河社区"], "county_code": ["440106"]})
    params = {"previous_plan": 1, "carried_over": ["GZ1"], "exited": ["GZ2", "GZ3"]}
    store.create_plan(db, centre, "2026 全国第一批", chosen)
    following = store.create_plan(
        db, centre, "2027 全国第一批", chosen, params={**params, "quotas": {"44": 3}}
    )
    db.dispose()
    at = log_in(app(), "gd", "粤青春2021!")
    at.switch_page("pages/login.py").run()
    said = [w.value for w in at.warning]
    assert said[0] == (
        "下一周期方案“2027 全国第一批”：广东省有 2 个名额待补选（按原名额与约束），"
        "补选后推荐并提交备案。"
    )
    [go] = [b for b in at.button if b.key == f"todo_go_{following}_to_refill"]
    assert go.label == "去“名额与遴选”页的“下一周期补选”办理"
    go.click().run()
    assert not at.exception
    assert at.selectbox(key="sel_next_pick").value == following
    [panel] = [e for e in at.expander if e.label == "下一周期补选"]
    assert panel.proto.expanded  # unfolded, its load button in view
    at.switch_page("pages/selection.py")  # AppTest's next runs: the page the button opened
    at.button(key="sel_next_load").click().run()
    assert not at.exception
    assert [i.value for i in at.info if "2027" in i.value] == [
        "正在为“2027 全国第一批”补选：名额、锁定与排除已按该方案设置。"
    ]
