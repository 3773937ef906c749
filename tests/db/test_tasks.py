"""What waits for each account (geo.store.tasks) through one filing's life, on SQLite and
PostgreSQL: the province recommends and submits, the centre returns and accepts, the county
launches; the simulated demo plan asks nothing of anyone."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import store
from geo.plan.auth import User
from geo.plan.year_demo import DEMO_PLAN_NAME
from geo.store.tasks import tasks
from tests._plans import end_year, running_plan

pytest_plugins = ["tests.pg"]

CENTRE = User("centre", "central")
GD = User("gd", "province", "44")
TIANHE = User("th", "county", "44", "440106")
VIEWER = User("v", "viewer")
CHOSEN = pd.DataFrame(
    {
        "id": ["GZ1", "GZ2", "SH1"],
        "name": ["天河社区", "越秀社区", "黄浦社区"],
        "county_code": ["440106", "440104", "310101"],
    }
)


@pytest.fixture
def db(db_url):
    s = store.open_store(db_url)
    yield s
    s.dispose()


def _said(db, user: User) -> list[tuple[str, dict]]:
    return [(task.code, task.params) for task in tasks(db, user)]


def test_each_account_is_told_what_waits_for_it_through_a_filings_life(db) -> None:
    plan_id = store.create_plan(db, CENTRE, "2026 全国第一批", CHOSEN)
    assert _said(db, GD) == [("to_recommend", {"n": 2})]
    assert _said(db, CENTRE) == [] and _said(db, TIANHE) == [] and _said(db, VIEWER) == []

    store.transition(db, GD, plan_id, "GZ1", "recommended", 1)
    assert _said(db, GD) == [("to_submit", {"n": 1})]
    store.submit_filing(db, GD, plan_id, "44", 1)
    assert _said(db, GD) == [("waiting", {"n": 1})]
    assert _said(db, CENTRE) == [("to_review", {"n": 1, "units": ["44"]})]

    store.return_filing(db, CENTRE, plan_id, "44", 2, "请补充结对高校")
    assert _said(db, GD) == [("returned", {"n": 1, "reason": "请补充结对高校"})]
    assert _said(db, CENTRE) == []
    store.submit_filing(db, GD, plan_id, "44", 3)
    store.accept_filing(db, CENTRE, plan_id, "44", 4)
    assert _said(db, CENTRE) == []
    assert _said(db, GD) == [("unlaunched", {"n": 1})]  # its counties' step, said to it
    assert _said(db, TIANHE) == [("to_launch", {"n": 1})]  # GZ1 is Tianhe's; GZ2 Yuexiu's
    version = store.community(db, plan_id, "GZ1")["version"]
    store.transition(db, TIANHE, plan_id, "GZ1", "launched", version)
    assert _said(db, TIANHE) == [] and _said(db, GD) == []


def test_the_simulated_demo_plan_asks_nothing_and_the_newest_plan_comes_first(db) -> None:
    demo = store.create_plan(db, CENTRE, DEMO_PLAN_NAME, CHOSEN)
    store.transition(db, GD, demo, "GZ1", "recommended", 1)
    store.submit_filing(db, GD, demo, "44", 1)
    assert _said(db, CENTRE) == [] and _said(db, GD) == []
    store.create_plan(db, CENTRE, "2026 第一批", CHOSEN)
    store.create_plan(db, CENTRE, "2027 第一批", CHOSEN)
    assert [(t.plan, t.code) for t in tasks(db, GD)] == [
        ("2027 第一批", "to_recommend"),
        ("2026 第一批", "to_recommend"),
    ]
    # a plan named for a year whose work is over (May 2025 to April 2026) asks nothing more
    store.create_plan(db, CENTRE, "2025 第一批", CHOSEN)
    assert [t.plan for t in tasks(db, GD)] == ["2027 第一批", "2026 第一批"]


def test_a_county_is_told_when_its_launched_communities_record_nothing(db) -> None:
    """A county learned that its communities had gone quiet only from the province's
    warnings; the account page now says so while the year of work runs."""
    import datetime as dt

    from geo.core import localtime
    from geo.plan import records
    from geo.store import records as srec

    plan_id = running_plan(db, CHOSEN)
    yuexiu = User("yx", "county", "44", "440104")
    quiet, alone = ("to_record", {"n": 1, "days": 60}), ("to_pair", {"n": 1, "days": 60})
    assert _said(db, TIANHE) == [quiet, alone]
    assert _said(db, yuexiu) == [quiet, alone]
    day = (localtime.today() - dt.timedelta(days=3)).isoformat()
    row = {"community_id": "GZ1", "date": day, "area": "after_school", "title": "作业辅导"}
    srec.save_records(db, TIANHE, plan_id, "activities", records.check_row("activities", row))
    assert _said(db, TIANHE) == [alone]  # recorded three days ago
    assert _said(db, yuexiu) == [quiet, alone]
    assert _said(db, GD) == [] and _said(db, CENTRE) == []  # the county's tasks only
    # every community is to be paired with a university: the agreement recorded, it is done
    row = {"community_id": "GZ1", "kind": "campus", "partner_id": "U0411-1", "start_date": day}
    srec.save_records(db, TIANHE, plan_id, "agreements", records.check_row("agreements", row))
    assert _said(db, TIANHE) == [] and _said(db, yuexiu) == [quiet, alone]


def test_work_recorded_before_a_filing_does_not_make_the_community_quiet_that_day(db) -> None:
    """A community filed ten days ago with an activity recorded 100 days ago (its year began
    200 days ago) was "no activity for 60 days" at once, where without that activity the
    county was asked nothing: idle counts from the later of the activity and the filing."""
    import datetime as dt

    from sqlalchemy import update

    from geo.core import localtime
    from geo.plan import records
    from geo.store import records as srec
    from geo.store.models import FILINGS

    plan_id = running_plan(db, CHOSEN)
    with db.write() as conn:  # accepted ten days ago
        conn.execute(
            update(FILINGS)
            .where(FILINGS.c.plan_id == plan_id)
            .values(decided_at=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=10))
        )
    assert _said(db, TIANHE) == []  # filed ten days ago: nothing is due yet
    day = (localtime.today() - dt.timedelta(days=100)).isoformat()
    row = {"community_id": "GZ1", "date": day, "area": "after_school", "title": "作业辅导"}
    srec.save_records(db, TIANHE, plan_id, "activities", records.check_row("activities", row))
    assert _said(db, TIANHE) == []


def test_the_centre_is_told_when_a_years_launched_communities_wait_for_evaluation(db) -> None:
    """A year later experts evaluate: once the year of work was over the centre's account
    page said nothing of the communities still to evaluate."""

    from geo.core import localtime
    from geo.plan.lifecycle import EVALUATION_AREAS

    plan_id = running_plan(db, CHOSEN)
    assert _said(db, CENTRE) == []  # the year runs
    end_year(db, plan_id)
    assert _said(db, CENTRE) == [("to_evaluate", {"n": 2})]
    assert _said(db, TIANHE) == []  # the year is over: no more records asked for
    scores = {area: 20.0 for area in EVALUATION_AREAS}
    today = localtime.today()
    store.record_evaluation(db, CENTRE, plan_id, "GZ1", scores, eval_date=today, expert="李教授")
    assert _said(db, CENTRE) == [("to_evaluate", {"n": 1})]
    # every launched community evaluated: the next cycle waits for the centre, until started
    store.record_evaluation(db, CENTRE, plan_id, "GZ2", scores, eval_date=today, expert="李教授")
    assert _said(db, CENTRE) == [("to_next_cycle", {"n": 2})]
    carried = CHOSEN.loc[CHOSEN["id"] == "GZ1"]
    store.create_plan(db, CENTRE, "下一周期", carried, params={"previous_plan": plan_id})
    assert _said(db, CENTRE) == []


def test_once_the_year_is_over_the_launch_tasks_end_and_a_next_cycle_asks_for_the_refill(
    db,
) -> None:
    """After the year of work the old plan still asked counties to launch and provinces to
    chase their counties; the next cycle told a province to recommend its one carried-over
    community, not to refill the places its exits had freed."""
    import datetime as dt

    from geo.core import localtime
    from geo.plan import next_cycle
    from tests._plans import set_year

    today = localtime.today()
    plan_id = store.create_plan(db, CENTRE, "2026 全国第一批", CHOSEN)
    set_year(db, plan_id, today - dt.timedelta(days=30), today + dt.timedelta(days=300))
    for community in ("GZ1", "GZ2"):
        store.transition(db, GD, plan_id, community, "recommended", 1)
    store.submit_filing(db, GD, plan_id, "44", 1)
    store.accept_filing(db, CENTRE, plan_id, "44", 2)
    assert _said(db, GD) == [("unlaunched", {"n": 2})]
    assert _said(db, TIANHE) == [("to_launch", {"n": 1})]
    end_year(db, plan_id)
    assert _said(db, GD) == [] and _said(db, TIANHE) == []

    carried = CHOSEN.loc[CHOSEN["id"] == "GZ1"]
    params = {"previous_plan": plan_id, "carried_over": ["GZ1"], "exited": ["GZ2"]}
    following = store.create_plan(
        db, CENTRE, "2027 全国第一批", carried, params={**params, "quotas": {"44": 2}}
    )
    assert _said(db, GD)[0] == ("to_refill", {"n": 1})
    assert [t.plan_id for t in tasks(db, GD)] == [following]  # not yet to recommend GZ1
    pick = pd.DataFrame({"id": ["GZ3"], "name": ["新社区"], "county_code": ["440106"]})
    next_cycle.add_replacements(db, GD, following, pick.assign(quota_unit="44", score=1.0))
    assert _said(db, GD) == [("to_recommend", {"n": 2})]
    # a unit with none carried over and no filing row yet refills all its places
    xpcc = User("bt", "province", "XPCC")
    quotas = {"44": 2, "XPCC": 1}
    store.create_plan(db, CENTRE, "2027 第二批", carried, params={**params, "quotas": quotas})
    assert _said(db, xpcc) == [("to_refill", {"n": 1})]


def test_a_filing_past_its_deadline_is_said_to_be_late_to_the_province_and_the_centre(
    db, monkeypatch
) -> None:
    """The timeline's filing phase ended and a province had not filed: nothing told the
    centre which units were late, nor the province that its deadline had passed."""
    import datetime as dt

    from geo.core import localtime
    from geo.store import plans as splans

    today = localtime.today()
    due = today - dt.timedelta(days=1)
    timeline = [
        {"key": "file", "start": today - dt.timedelta(days=40), "end": due},
        {
            "key": "implement",
            "start": today - dt.timedelta(days=40),
            "end": today + dt.timedelta(days=300),
        },
    ]
    made = dt.datetime.combine(today - dt.timedelta(days=40), dt.time(2))
    with monkeypatch.context() as m:  # the plan was made when its filing phase began
        m.setattr(splans, "utcnow", lambda: made)
        plan_id = store.create_plan(db, CENTRE, "本年第一批", CHOSEN, timeline=timeline)
    sh = User("sh", "province", "31")
    late = ("late", {"n": 1, "due": due.isoformat()})
    assert _said(db, GD) == [late, ("to_recommend", {"n": 2})]
    assert _said(db, sh)[0] == late
    assert _said(db, CENTRE) == [
        ("overdue", {"n": 2, "units": ["31", "44"], "due": due.isoformat()})
    ]
    store.transition(db, GD, plan_id, "GZ1", "recommended", 1)
    store.submit_filing(db, GD, plan_id, "44", 1)
    assert _said(db, GD) == [("waiting", {"n": 1})]  # submitted: no longer late
    assert _said(db, CENTRE) == [
        ("to_review", {"n": 1, "units": ["44"]}),
        ("overdue", {"n": 1, "units": ["31"], "due": due.isoformat()}),
    ]
    store.return_filing(db, CENTRE, plan_id, "44", 2, "请补充结对高校")
    assert _said(db, GD)[0] == late  # returned after the deadline: late again
    # a plan made after its filing phase ended (the centre has yet to set its timeline): no
    # unit had the time, none is late
    store.create_plan(db, CENTRE, "本年第二批", CHOSEN, timeline=timeline)
    assert [t.plan for t in tasks(db, CENTRE) if t.code == "overdue"] == ["本年第一批"]
