"""The year's records on SQLite and a real PostgreSQL: the migration, role rules, idempotent
re-import, row-level errors and the audit log."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import inspect, select

from geo import i18n, store
from geo.core.errors import InputError, PermissionDenied, StaleWrite
from geo.export import records as er
from geo.export import reports
from geo.plan import records
from geo.plan.auth import User
from geo.store import records as srec
from geo.store.models import AUDIT
from tests._plans import launch_and_evaluate

pytest_plugins = ["tests.pg"]

CENTRAL = User("centre", "central")
SICHUAN = User("sc", "province", "51")
GUANGDONG = User("gd", "province", "44")
JINJIANG = User("jinjiang", "county", "51", "510104")
QINGYANG = User("qingyang", "county", "51", "510105")
VIEWER = User("viewer", "viewer")
COMMUNITIES = {"J1": "510104", "J2": "510104", "Q1": "510105", "G1": "440106"}
HEAD = "社区编号,日期,任务领域,活动名称,参与人数,志愿服务时长（小时）,受益儿童,合作方类型\n"
MONTH = (
    HEAD
    + "J1,2021-06-01,四点半课堂,作业辅导,12,24,10,高校团支部\n"
    + "J1,2021-06-08,智慧助老,手机课堂,8,8,0,\n"
    + "J2,2021-06-09,美丽社区/垃圾分类,垃圾分类宣传,20,30,0,驻区单位\n"
)


@pytest.fixture
def db(db_url):
    s = store.open_store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def plan(db):
    chosen = pd.DataFrame(
        {
            "id": list(COMMUNITIES),
            "name": list(COMMUNITIES),
            "county_code": list(COMMUNITIES.values()),
        }
    )
    return store.create_plan(db, CENTRAL, "2021 第一批", chosen)


def upload(db, plan, user, text, kind="activities", name="六月.csv"):
    areas = srec.plan_areas(db, plan)
    parsed = records.read_records(
        text.encode("utf-8"), kind, name=name, communities=dict(COMMUNITIES)
    )
    srec.refused_rows(user, areas, parsed)
    return parsed, srec.save_records(db, user, plan, kind, parsed.valid(), file=name)


def test_the_migration_makes_the_record_tables(db):
    tables = set(inspect(db.engine).get_table_names())
    assert {
        "record_activities",
        "record_people",
        "record_agreements",
        "record_homes",
        "rubrics",
    } <= tables
    assert store.current_revision(db.engine) == store.head_revision()
    assert store.head_revision() >= "0004"


def test_the_records_migration_goes_down_to_0003_and_back_keeping_the_plans(db, plan):
    from alembic import command

    from geo.store.db import _alembic_config

    record_tables = {"record_activities", "record_people", "record_agreements", "record_homes"}
    cfg = _alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    tables = set(inspect(db.engine).get_table_names())
    assert not tables & (record_tables | {"rubrics"})
    assert store.current_revision(db.engine) == "0003"
    store.migrate(db.engine)
    assert record_tables <= set(inspect(db.engine).get_table_names())
    assert store.get_plan(db, plan)["name"] == "2021 第一批"
    upload(db, plan, JINJIANG, MONTH)
    assert len(srec.records(db, plan, "activities")) == 3


def test_reimporting_the_same_month_adds_nothing(db, plan):
    _, first = upload(db, plan, JINJIANG, MONTH)
    _, again = upload(db, plan, JINJIANG, MONTH)
    assert (first.added, first.updated, first.unchanged) == (3, 0, 0)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert len(srec.records(db, plan, "activities")) == 3


def test_records_read_in_the_order_of_their_natural_key_on_every_backend(db, plan):
    """Read in the order each backend gave them, Tianjin's volunteer hours summed to
    47,270.50000000001 on SQLite and 47,270.5 on PostgreSQL (float addition depends on
    order), and the progress report printed 47,271 on one and 47,270 on the other. Stored
    in reverse, the rows come back by community, date, area and title."""
    lines = MONTH.splitlines()
    for line in reversed(lines[1:]):  # one upload each: stored last line first
        upload(db, plan, JINJIANG, f"{lines[0]}\n{line}\n")
    assert srec.records(db, plan, "activities")["id"].is_monotonic_decreasing  # by key
    got = srec.records(db, plan, "activities")
    key = ["community_id", "date", "area", "title"]
    assert got[key].values.tolist() == got.sort_values(key)[key].values.tolist()
    assert got["title"].tolist() == ["作业辅导", "手机课堂", "垃圾分类宣传"]


def test_a_corrected_line_updates_its_record_and_is_audited(db, plan):
    upload(db, plan, JINJIANG, MONTH)
    fixed = MONTH.replace("作业辅导,12,24", "作业辅导,15,30")
    _, result = upload(db, plan, JINJIANG, fixed)
    assert (result.added, result.updated, result.unchanged) == (0, 1, 2)
    acts = srec.records(db, plan, "activities").set_index("title")
    assert acts.loc["作业辅导", "participants"] == 15
    assert acts.loc["作业辅导", "version"] == 2
    with db.read() as conn:
        rows = conn.execute(
            select(
                AUDIT.c.action,
                AUDIT.c.user_name,
                AUDIT.c.community_id,
                AUDIT.c.reason,
                AUDIT.c.before,
                AUDIT.c.after,
            )
            .where(AUDIT.c.entity == "record_activities")
            .order_by(AUDIT.c.id)
        ).all()
    # one entry per community for what an import added, one per record it changed
    assert [(r.action, r.community_id) for r in rows] == [
        ("record_add", "J1"),
        ("record_add", "J2"),
        ("record_update", "J1"),
    ]
    assert {r.user_name for r in rows} == {"jinjiang"}
    assert {r.reason for r in rows} == {"六月.csv"}
    assert rows[0].after["added"] == 2
    assert rows[0].after["keys"][0][1:] == ["2021-06-01", "after_school", "作业辅导"]
    assert (rows[-1].before["participants"], rows[-1].after["participants"]) == (12, 15)
    # the community's history names the actions, the kind of record and what changed
    shown = {
        lang: reports.localize(reports.history(db, plan, "J1", lang), lang) for lang in ("zh", "en")
    }
    assert shown["zh"].iloc[1:, 2:].values.tolist() == [  # after its addition to the plan
        ["添加工作记录", "六月.csv", "记录类型：活动记录；新增条数：2"],
        [
            "更正工作记录",
            "六月.csv",
            "记录类型：活动记录；参与人数：12 → 15；志愿服务时长（小时）：24 → 30",
        ],
    ]
    assert shown["en"].iloc[1:, 2:].values.tolist() == [
        ["Work records added", "六月.csv", "Record type: Activities; Records added: 2"],
        ["Work record corrected", "六月.csv",
         "Record type: Activities; Participants: 12 → 15; Volunteer hours: 24 → 30"],
    ]  # fmt: skip


def test_a_sheet_that_leaves_numbers_out_keeps_the_stored_ones(db, plan):
    """Re-importing a line from a sheet of only the key columns (or with the numbers left
    blank) set the stored participants and hours to 0 and counted it updated: a number not
    given is left as stored, and a line giving nothing new is unchanged."""
    full = (
        "社区编号,日期,任务领域,活动名称,参与人数,志愿服务时长（小时）,受益儿童,受益老人,"
        "受益弱势青少年,合作方类型,合作方编号,备注\n"
        "G1,2021-06-29,四点半课堂,审计测试活动A,10,7.5,6,2,1,高校团支部,U0411-1,作业辅导\n"
    )
    _, first = upload(db, plan, CENTRAL, full)
    assert (first.added, first.updated, first.unchanged) == (1, 0, 0)
    stored = srec.records(db, plan, "activities")
    cols = ["participants", "volunteer_hours", "children", "elderly", "vulnerable_youth"]
    cols += ["partner_kind", "partner_id", "note"]
    hand = [10, 7.5, 6, 2, 1, "campus", "U0411-1", "作业辅导"]  # the line as typed
    assert stored[cols].iloc[0].tolist() == hand
    keys_only = "社区编号,日期,任务领域,活动名称\nG1,2021-06-29,四点半课堂,审计测试活动A\n"
    blanks = full.splitlines()[0] + "\nG1,2021-06-29,四点半课堂,审计测试活动A,,,,,,"
    blanks += "高校团支部,U0411-1,作业辅导\n"
    for sheet in (keys_only, blanks):
        _, again = upload(db, plan, CENTRAL, sheet)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
        stored = srec.records(db, plan, "activities")
        assert stored[cols].iloc[0].tolist() == hand
        assert stored["version"].tolist() == [1]
    # a number given is stored, the others kept; a new line takes 0 for those not given
    some = (
        "社区编号,日期,任务领域,活动名称,参与人数\n"
        "G1,2021-06-29,四点半课堂,审计测试活动A,12\n"
        "G1,2021-06-30,智慧助老,手机课堂,\n"
    )
    _, fixed = upload(db, plan, CENTRAL, some)
    assert (fixed.added, fixed.updated, fixed.unchanged) == (1, 1, 0)
    stored = srec.records(db, plan, "activities").set_index("title")
    assert stored.loc["审计测试活动A", cols].tolist() == [12, *hand[1:]]
    assert stored.loc["手机课堂", cols].tolist() == [0, 0.0, 0, 0, 0, "", "", ""]


def test_a_simulated_years_records_say_so_in_the_history(db, plan):
    rows = records.read_records(MONTH.encode(), "activities", name="m.csv", communities=COMMUNITIES)
    srec.save_records(
        db, JINJIANG, plan, "activities", rows.valid(), file=srec.SIMULATED_FILE, simulated=True
    )
    for lang, said in (("zh", "模拟数据（演示用）"), ("en", "Simulated data (for the demo)")):
        shown = reports.history(db, plan, "J2", lang)
        assert shown["reason"].tolist()[-1] == said
    assert reports.history(db, plan, "J2")["reason"].tolist()[-1] == srec.SIMULATED_FILE


def test_a_county_account_cannot_write_another_countys_records(db, plan):
    other = MONTH + "Q1,2021-06-10,四点半课堂,作业辅导,5,5,5,\n"
    parsed, result = upload(db, plan, JINJIANG, other)
    refused = [(p.row, p.column, p.code) for p in parsed.errors]
    assert refused == [(5, "社区编号", "not_yours")]
    assert result.added == 3
    q1 = records.check_row(
        "activities",
        {"community_id": "Q1", "date": "2021-06-10", "area": "after_school", "title": "x"},
    )
    with pytest.raises(PermissionDenied):
        srec.save_records(db, JINJIANG, plan, "activities", q1)
    assert set(srec.records(db, plan, "activities")["community_id"]) == {"J1", "J2"}
    srec.save_records(db, QINGYANG, plan, "activities", q1)  # its own county may


def test_a_province_account_cannot_write_another_provinces_records(db, plan):
    g1 = records.check_row("homes", {"community_id": "G1", "state": "in_use"})
    with pytest.raises(PermissionDenied):
        srec.save_records(db, SICHUAN, plan, "homes", g1)
    srec.save_records(db, GUANGDONG, plan, "homes", g1)
    j1 = records.check_row("homes", {"community_id": "J1", "state": "built"})
    srec.save_records(db, SICHUAN, plan, "homes", j1)  # any county of its own province
    srec.save_records(db, CENTRAL, plan, "homes", j1.assign(state="in_use"))  # the centre all
    homes = srec.records(db, plan, "homes").set_index("community_id")["state"].to_dict()
    assert homes == {"G1": "in_use", "J1": "in_use"}


def test_a_viewer_writes_nothing_and_a_refused_batch_writes_nothing(db, plan):
    rows = records.read_records(MONTH.encode(), "activities", name="m.csv").valid()
    with pytest.raises(PermissionDenied):
        srec.save_records(db, VIEWER, plan, "activities", rows)
    mixed = pd.concat([rows, rows.assign(community_id="Q1")], ignore_index=True)
    with pytest.raises(PermissionDenied):
        srec.save_records(db, JINJIANG, plan, "activities", mixed)
    assert srec.records(db, plan, "activities").empty


def test_rows_of_communities_outside_the_plan_are_refused(db, plan):
    parsed, result = upload(db, plan, CENTRAL, HEAD + "ZZ,2021-06-01,四点半课堂,a,1,1,1,\n")
    assert [(p.row, p.code) for p in parsed.errors] == [(2, "unknown_community")]
    assert result.added == 0
    bad = records.check_row(
        "activities",
        {"community_id": "ZZ", "date": "2021-06-01", "area": "after_school", "title": "a"},
    )
    with pytest.raises(InputError):
        srec.save_records(db, CENTRAL, plan, "activities", bad)


@pytest.mark.parametrize("kind", records.RECORD_KINDS)
def test_each_templates_example_stores_once_however_often_it_is_imported(db, plan, kind):
    data = er.template_xlsx(kind)
    parsed = records.read_records(data, kind, name="t.xlsx")
    row = parsed.valid().assign(community_id="J1")
    assert srec.save_records(db, JINJIANG, plan, kind, row).added == 1
    assert srec.save_records(db, JINJIANG, plan, kind, row).unchanged == 1
    assert len(srec.records(db, plan, kind)) == 1


def test_rubric_versions_are_kept_and_only_the_centre_saves(db):
    from geo.plan import evaluation as ev
    from geo.store import rubrics

    first = rubrics.save_rubric(db, CENTRAL, ev.DEFAULT_RUBRIC)
    changed = ev.Rubric(first.name, first.indicators, continue_at=80, exit_below=40)
    second = rubrics.save_rubric(db, CENTRAL, changed)
    assert (first.version, second.version) == (1, 2)
    assert rubrics.load_rubric(db).continue_at == 80
    assert rubrics.load_rubric(db, first.name, 1).continue_at == 70
    with pytest.raises(PermissionDenied):
        rubrics.save_rubric(db, SICHUAN, changed)
    assert list(rubrics.rubric_versions(db)["version"]) == [1, 2]


def test_the_next_cycle_saves_a_plan_with_the_carried_communities_and_refilled_places(db):
    from geo.analysis import scoring
    from geo.plan import next_cycle
    from tests import _scoring_data as sd

    cands, _ = scoring.prepare(
        sd.communities(300, 3), sd.points("youth_homes", 40, 4), sd.points("campuses", 20, 5)
    )
    unit = cands["quota_unit"].value_counts().index[0]
    first = cands.loc[cands["quota_unit"] == unit].nlargest(5, "score")
    plan = store.create_plan(db, CENTRAL, "2021 第一周期", first)
    areas = srec.plan_areas(db, plan)
    nxt = next_cycle.plan_next(areas, _evaluation(areas, leaving=first["id"][3:]))
    assert nxt.freed == {unit: 2} and nxt.quotas == {unit: 5}
    pick = next_cycle.refill(cands, nxt)
    new_plan = next_cycle.start_next_cycle(db, CENTRAL, plan, "第二周期", pick.chosen, nxt)
    second = set(srec.plan_areas(db, new_plan)["community_id"])
    assert len(second) == 5
    assert set(first["id"][:3]) <= second
    assert not second & set(first["id"][3:])
    params = store.get_plan(db, new_plan)["params"]
    assert params["previous_plan"] == plan and params["freed"] == {unit: 2}
    assert sorted(params["carried_over"]) == sorted(first["id"][:3])


def test_provinces_refill_their_own_freed_places_in_the_next_plan(db):
    from geo.analysis import scoring
    from geo.plan import next_cycle
    from tests import _scoring_data as sd

    cands, _ = scoring.prepare(
        sd.communities(300, 3), sd.points("youth_homes", 40, 4), sd.points("campuses", 20, 5)
    )
    unit = cands["quota_unit"].value_counts().index[0]
    other = next(u for u in cands["quota_unit"].unique() if u != unit)
    first = cands.loc[cands["quota_unit"] == unit].nlargest(5, "score")
    plan = store.create_plan(db, CENTRAL, "2021 第一周期", first)
    areas = srec.plan_areas(db, plan)
    exits = set(first["id"][3:])
    nxt = next_cycle.plan_next(areas, _evaluation(areas, leaving=exits))
    carried = nxt.carried.rename(columns={"community_id": "id"})
    following = next_cycle.start_next_cycle(db, CENTRAL, plan, "第二周期", carried, nxt)
    assert next_cycle.next_plan_of(store.list_plans(db), plan) == following
    taken = set(srec.plan_areas(db, following)["community_id"])
    assert taken == set(first["id"][:3])
    picked = next_cycle.refill_unit(cands, nxt, unit, taken)
    assert len(picked) == 2 and not set(picked["id"]) & (exits | taken)
    assert set(picked["quota_unit"]) == {unit}
    stranger = User("other", "province", other if other != "XPCC" else "11")
    with pytest.raises(PermissionDenied):
        next_cycle.add_replacements(db, stranger, following, picked)
    own = User("own", "province", unit)
    assert next_cycle.add_replacements(db, own, following, picked) == 2
    second = srec.plan_areas(db, following)
    assert set(second["community_id"]) == taken | set(picked["id"])
    again = next_cycle.refill_unit(cands, nxt, unit, set(second["community_id"]))
    assert again.empty  # the quota is full: nothing more to pick
    # each community says why it is in the next plan, in its reader's language (the refill's
    # reason was stored in Chinese and shown so on English pages; the carried had none)
    comm = store.communities(db, following).set_index("community_id")
    why = {c: next_cycle.CARRIED_REASON for c in taken} | {
        c: next_cycle.REFILL_REASON for c in picked["id"]
    }
    assert comm["reason"].to_dict() == why
    for lang, kept, refilled in (
        ("zh", "上一周期延续", "下一周期补选（按原名额与约束）"),
        ("en", "Carried over from the previous cycle", "Next-cycle refill "),
    ):
        said = reports.localize(comm[["reason"]], lang).iloc[:, 0]
        assert (said[list(taken)] == kept).all(), said
        assert said[list(picked["id"])].str.startswith(refilled).all(), said
        history = reports.localize(reports.history(db, following, picked["id"].iloc[0], lang), lang)
        assert history.iloc[:, -2].str.startswith(refilled).any(), history


def _evaluation(areas: pd.DataFrame, leaving=()):
    """An evaluation of ``areas`` (:func:`geo.store.records.plan_areas`) on the rubric
    alone: those ``leaving`` recommended to exit (total 10), the others to continue (90)."""
    from geo.plan import evaluation as ev

    gone = [c in set(leaving) for c in areas["community_id"]]
    sheet = areas.assign(
        recommendation=["exit" if g else "continue" for g in gone],
        rubric_total=[10.0 if g else 90.0 for g in gone],
        expert_total=float("nan"),
        reasons=[[] for _ in range(len(areas))],
    )
    return ev.Evaluation(sheet, ev.DEFAULT_RUBRIC)


def _next_plan(db, exits: int, before=None):
    """A first plan of five communities of one unit, ``exits`` of them exiting, and its next
    plan started with the carried-over ones: ``(cands, unit, first, plan, following)``.
    ``before(plan, ids)`` runs between the two (the year's records)."""
    from geo.plan import next_cycle

    cands, unit, first, plan, nxt = _evaluated(db, exits, before)
    carried = nxt.carried.rename(columns={"community_id": "id"})
    following = next_cycle.start_next_cycle(db, CENTRAL, plan, "第二周期", carried, nxt)
    return cands, unit, first, plan, following


def _evaluated(db, exits: int, before=None):
    """:func:`_next_plan` up to the next cycle's start: ``(cands, unit, first, plan, nxt)``."""
    from geo.analysis import scoring
    from geo.plan import next_cycle
    from tests import _scoring_data as sd

    cands, _ = scoring.prepare(
        sd.communities(300, 3), sd.points("youth_homes", 40, 4), sd.points("campuses", 20, 5)
    )
    unit = cands["quota_unit"].value_counts().index[0]
    first = cands.loc[cands["quota_unit"] == unit].nlargest(5, "score")
    plan = store.create_plan(db, CENTRAL, "2021 第一周期", first)
    if before is not None:
        before(plan, list(first["id"]))
    areas = srec.plan_areas(db, plan)
    leaving = first["id"][5 - exits :]
    return cands, unit, first, plan, next_cycle.plan_next(areas, _evaluation(areas, leaving))


def test_a_plan_has_one_next_plan_even_when_two_starts_come_at_once(db, db_url, monkeypatch):
    """Two centre sessions clicking "start the next cycle" together, each with its own name,
    saved two next plans carrying the same communities: each session had looked for a next
    plan before writing and found none."""
    import threading

    from geo.plan import next_cycle
    from geo.store import plans as splans

    _, _, _, plan, nxt = _evaluated(db, exits=2)
    carried = nxt.carried.rename(columns={"community_id": "id"})
    both_saved = threading.Barrier(2, timeout=30)
    claim = splans.claim_successor
    if db_url.startswith("postgresql"):  # both plans inserted, uncommitted, before either claims
        monkeypatch.setattr(splans, "claim_successor", lambda *a: (both_saved.wait(), claim(*a))[1])
    results: dict[str, object] = {}

    def start(name: str) -> None:
        try:
            results[name] = next_cycle.start_next_cycle(db, CENTRAL, plan, name, carried, nxt)
        except Exception as exc:  # noqa: BLE001 - the refusal is the result looked for
            results[name] = exc

    threads = [threading.Thread(target=start, args=(n,)) for n in ("第二周期", "第二周期（另）")]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    saved = [r for r in results.values() if isinstance(r, int)]
    refused = [r for r in results.values() if not isinstance(r, int)]
    assert len(saved) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], (InputError, StaleWrite)), refused
    plans = store.list_plans(db)
    assert next_cycle.next_plan_of(plans, plan) == saved[0] and len(plans) == 2
    # and one after the other, the store refuses the second whatever the caller checked
    monkeypatch.setattr(splans, "claim_successor", claim)
    with pytest.raises(InputError) as err:
        next_cycle.start_next_cycle(db, CENTRAL, plan, "第二周期（又）", carried, nxt)
    assert err.value.problems[0].code == "exists"
    said = i18n.problem_text(err.value.problems[0], "zh")
    assert said.startswith(f"这一方案的下一周期方案“{store.get_plan(db, saved[0])['name']}”已生成")
    assert len(store.list_plans(db)) == 2


def test_the_selection_page_setup_of_a_next_plan_and_its_replacements(db):
    from geo.plan import next_cycle

    cands, unit, first, plan, following = _next_plan(db, exits=2)
    setup = next_cycle.setup(db, following)
    assert setup.previous_plan == plan and setup.quotas == {unit: 5}
    assert sorted(setup.carried) == sorted(first["id"][:3])
    assert sorted(setup.exited) == sorted(first["id"][3:])
    assert setup.free(unit) == 2
    # a pick made under those quotas, locks and exclusions (as the selection page makes it)
    from geo.analysis import selection

    pick = selection.select(
        cands,
        setup.quotas,
        selection.Constraints(),
        locks=list(setup.carried),
        excludes=list(setup.exited),
    ).chosen
    new = next_cycle.replacements(setup, pick)
    assert len(new) == 2 and not set(new["id"]) & (set(setup.carried) | set(setup.exited))
    assert next_cycle.replacements(setup, pick, units={"99"}).empty  # another unit's account
    # a pick offering more than the free places (a bigger quota typed by hand) is cut to them
    wide = cands.loc[cands["quota_unit"] == unit].nlargest(12, "score")
    assert len(next_cycle.replacements(setup, wide)) == 2
    province = User("own", "province", unit)
    assert next_cycle.add_replacements(db, province, following, new) == 2
    after = next_cycle.setup(db, following)
    assert after.free(unit) == 0 and next_cycle.replacements(after, pick).empty
    assert len(srec.plan_areas(db, following)) == 5
    # ... and the next filing: the province recommends its five and the centre accepts them
    comm = store.communities(db, following)
    pairs = list(zip(comm["community_id"], comm["version"], strict=True))
    store.transition_many(db, province, following, pairs, "recommended")
    filing = store.filings(db, following).set_index("unit").loc[unit]
    submitted = store.submit_filing(db, province, following, unit, int(filing["version"]))
    store.accept_filing(db, CENTRAL, following, unit, int(submitted["version"]))
    assert set(store.communities(db, following)["status"]) == {"filed"}


def _third_plan(db, cands, unit: str, second: int):
    """:func:`_next_plan`'s second plan refilled from its unit's best twelve candidates by
    the unit's own account, a year later one community leaving and the rest carried into a
    third plan: ``(wide, leaving, nxt, third)``."""
    from geo.plan import next_cycle

    province = User("own", "province", unit)
    setup = next_cycle.setup(db, second)
    wide = cands.loc[cands["quota_unit"] == unit].nlargest(12, "score")
    next_cycle.add_replacements(db, province, second, next_cycle.replacements(setup, wide))
    # the second year: one community exits, four carry on into the third plan
    areas = srec.plan_areas(db, second)
    leaving = areas["community_id"].iloc[0]
    nxt = next_cycle.plan_next(areas, _evaluation(areas, leaving=[leaving]))
    carried = nxt.carried.rename(columns={"community_id": "id"})
    third = next_cycle.start_next_cycle(db, CENTRAL, second, "第三周期", carried, nxt)
    return wide, leaving, nxt, third


def test_a_third_cycle_does_not_pick_again_the_communities_the_first_exited(db):
    """The first cycle's exits have the best scores left: a refill reading only the last
    cycle's exits would put them straight back."""
    from geo.analysis import selection
    from geo.plan import next_cycle

    cands, unit, first, plan, second = _next_plan(db, exits=2)
    gone_first = sorted(first["id"][3:])
    assert next_cycle.exited_before(db, second) == ()  # the first cycle has none before it
    province = User("own", "province", unit)
    wide, leaving, nxt, third = _third_plan(db, cands, unit, second)
    setup = next_cycle.setup(db, third)
    assert setup.exited == (leaving,) and setup.free(unit) == 1
    assert list(setup.exited_before) == gone_first
    assert next_cycle.chain(db, third) == [third, second, plan]
    kept = setup.carried[0]
    cycles = next_cycle.community_cycles(db, third, kept)
    assert list(cycles["plan"]) == ["2021 第一周期", "第二周期", "第三周期"]
    assert list(cycles["reason"])[1:] == [next_cycle.CARRIED_REASON] * 2
    assert list(next_cycle.community_cycles(db, second, kept)["plan_id"]) == [plan, second]
    new = next_cycle.replacements(setup, wide)
    assert len(new) == 1 and not set(new["id"]) & (set(gone_first) | {leaving})
    # the library's own refill leaves them out too when told
    pick = next_cycle.refill_unit(cands, nxt, unit, exclude=setup.exited_before)
    assert len(pick) == 1 and not set(pick["id"]) & set(gone_first)
    whole = next_cycle.refill(cands, nxt, exclude=setup.exited_before).chosen
    assert not set(whole["id"]) & set(gone_first)
    # a community the centre exits from the first plan (filed, then exited) counts too
    comm = store.communities(db, plan)
    pairs = list(zip(comm["community_id"], comm["version"], strict=True))
    store.transition_many(db, province, plan, pairs, "recommended")
    filing = store.filings(db, plan).set_index("unit").loc[unit]
    filed = store.submit_filing(db, province, plan, unit, int(filing["version"]))
    store.accept_filing(db, CENTRAL, plan, unit, int(filed["version"]))
    one = store.communities(db, plan).set_index("community_id").loc[first["id"].iloc[0]]
    store.transition(db, CENTRAL, plan, one.name, "exited", int(one["version"]), reason="x")
    assert one.name in next_cycle.exited_before(db, third)
    # the refill of the third plan only ever chose from the candidates' best not gone
    chosen = selection.select(
        cands,
        setup.quotas,
        selection.Constraints(),
        locks=list(setup.carried),
        excludes=list(setup.exited) + list(setup.exited_before),
    ).chosen
    assert not set(chosen["id"]) & set(gone_first)


def test_the_store_refuses_an_exited_community_back_into_a_later_plan_whatever_the_way_in(db):
    """The refill leaves the exits of every cycle out of its pick, but the store took them
    from any other way in: the refill's write given them, an addition by hand, or a
    province's part (which refused the last cycle's exits only)."""
    from geo.plan import next_cycle
    from geo.store import parts

    cands, unit, first, plan, second = _next_plan(db, exits=2)
    province = User("own", "province", unit)
    wide, leaving, nxt, third = _third_plan(db, cands, unit, second)
    areas = srec.plan_areas(db, second)
    rows = cands.set_index("id")
    held = rows.loc[list(next_cycle.setup(db, third).carried)]
    for back in (first["id"].iloc[4], leaving):  # the first cycle's exit, the second's
        row = rows.loc[[back]].reset_index()
        tries = (
            lambda r: next_cycle.add_replacements(db, province, third, r),
            lambda r: store.add_community(db, CENTRAL, third, r.iloc[0].to_dict(), "by hand"),
            lambda r: parts.save_part(db, province, "第三周期", pd.concat([held.reset_index(), r])),
        )
        for attempt in tries:
            with pytest.raises(InputError) as err:
                attempt(row)
            assert err.value.problems[0].code == "exited_again"
            assert back in err.value.problems[0].params["ids"]
    assert len(store.communities(db, third)) == 4  # nothing written; one place still free
    fresh = rows.loc[[c for c in wide["id"] if c not in set(areas["community_id"])][-1:]]
    assert next_cycle.add_replacements(db, province, third, fresh.reset_index()) == 1
    # a first cycle's plan takes any community, an exit of another chain too
    other = store.create_plan(db, CENTRAL, "2030 另一批", first.iloc[[0]])
    store.add_community(
        db, CENTRAL, other, rows.loc[[first["id"].iloc[4]]].reset_index().iloc[0], "x"
    )
    assert len(store.communities(db, other)) == 2


def test_replacements_are_written_all_or_none_and_never_past_the_places(db, db_url, monkeypatch):
    """The refill wrote its communities one transaction each: a refusal on the second left
    the first written; nothing in the store held a unit to its places, so two accounts of a
    province refilling its last place at the same moment both got in."""
    import contextlib
    import threading

    from geo.plan import next_cycle
    from geo.store import plans as splans

    cands, unit, first, plan, following = _next_plan(db, exits=2)
    province = User("own", "province", unit)
    setup = next_cycle.setup(db, following)
    gone = set(setup.taken) | set(setup.exited)  # the plan's, and the exits it refuses
    free = cands.loc[(cands["quota_unit"] == unit) & ~cands["id"].isin(gone)].nlargest(4, "score")
    # one of the two already in the plan: the other is not written either
    clash = pd.concat([free.head(1), first.head(1)])
    with pytest.raises(InputError):
        next_cycle.add_replacements(db, province, following, clash)
    assert len(srec.plan_areas(db, following)) == 3
    # more than the unit's two free places: refused whole
    with pytest.raises(InputError) as err:
        next_cycle.add_replacements(db, province, following, free.head(3))
    assert err.value.problems[0].code == "places_full"
    assert i18n.problem_text(err.value.problems[0], "zh").endswith("本次补选未写入")
    assert len(srec.plan_areas(db, following)) == 3
    assert next_cycle.add_replacements(db, province, following, free.head(1)) == 1
    # the last place, by two accounts at once. On PostgreSQL each waits, after its insert,
    # for the other's (3 s at most): both then count their place as free unless the unit is
    # locked, which makes the second wait for the first to commit. SQLite's writers take the
    # database's lock as they begin: the two are one after the other there.
    both_inserted = threading.Barrier(2)
    audit = splans.write_audit

    def audit_then_wait(*args, **kwargs) -> None:
        audit(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_inserted.wait(timeout=3)

    if db_url.startswith("postgresql"):
        monkeypatch.setattr(splans, "write_audit", audit_then_wait)
    results: dict[str, object] = {}

    def refill(cid: str, who: User) -> None:
        try:
            results[cid] = next_cycle.add_replacements(
                db, who, following, free.loc[free["id"] == cid]
            )
        except Exception as exc:  # noqa: BLE001 - the refusal is the result looked for
            results[cid] = exc

    other = User("own2", "province", unit)
    pair = [(free["id"].iloc[1], province), (free["id"].iloc[2], other)]
    threads = [threading.Thread(target=refill, args=p) for p in pair]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert sorted(type(r).__name__ for r in results.values()) in (
        ["InputError", "int"],
        ["StaleWrite", "int"],
    ), results
    assert (
        len(srec.plan_areas(db, following)) == 5 and next_cycle.setup(db, following).free(unit) == 0
    )


def test_a_place_left_unfilled_in_one_cycle_is_free_again_in_the_next(db):
    """The next cycle counted a plan's places from its communities: a province that refilled
    none of its two freed places in the second year had three places in the third, and
    lost the other two for good (its quota is the first plan's five)."""
    from geo.plan import next_cycle

    _, unit, first, plan, second = _next_plan(db, exits=2)
    assert next_cycle.plan_quotas(db, plan) is None  # a first cycle: its communities count
    assert next_cycle.plan_quotas(db, second) == {unit: 5}
    areas = srec.plan_areas(db, second)  # the three carried over, none refilled
    evaluation = _evaluation(areas)
    nxt = next_cycle.plan_next(areas, evaluation, next_cycle.plan_quotas(db, second))
    assert len(nxt.carried) == 3 and nxt.quotas == {unit: 5} and nxt.freed == {unit: 2}
    counted = next_cycle.plan_next(areas, evaluation)  # as it read before
    assert counted.quotas == {unit: 3} and counted.freed == {}
    third = next_cycle.start_next_cycle(
        db, CENTRAL, second, "第三周期", nxt.carried.rename(columns={"community_id": "id"}), nxt
    )
    assert next_cycle.setup(db, third).free(unit) == 2


def test_the_next_plan_runs_a_year_later_and_may_start_empty_when_all_exit(db):
    import datetime as dt

    from geo.plan import next_cycle

    _, unit, first, plan, following = _next_plan(db, exits=5)
    assert srec.plan_areas(db, following).empty
    setup = next_cycle.setup(db, following)
    assert setup.free(unit) == 5 and sorted(setup.exited) == sorted(first["id"])
    phases = {p.key: p for p in store.plan_timeline(db, following)}
    assert phases["implement"].start == dt.date(2022, 5, 1)
    assert phases["implement"].end == dt.date(2023, 4, 30)
    assert srec.year_start(db, following) == dt.date(2022, 5, 1)


def _standing_year(db, plan: int, ids: list[str]) -> None:
    """A year's records of ``ids`` (the first three carried, the last two exiting): Youth
    Homes (the first simulated), a campus and a resident-unit agreement, an activity and a
    month of people each."""
    homes = pd.concat(
        records.check_row(
            "homes",
            {"community_id": c, "state": s, "area_m2": "80", "opening_hours": "9-17", "since": d},
        )
        for c, s, d in zip(
            ids,
            ("in_use", "built", "in_use", "in_use", "planned"),
            ("2021-07-01", "", "2021-08-01", "2021-06-01", ""),
            strict=True,
        )
    )
    srec.save_records(db, CENTRAL, plan, "homes", homes.iloc[:1], simulated=True)
    srec.save_records(db, CENTRAL, plan, "homes", homes.iloc[1:], file="家.xlsx")
    agreements = pd.concat(
        records.check_row(
            "agreements",
            {"community_id": c, "kind": k, "partner_id": f"{k[0]}-{c}", "start_date": "2021-05-20"},
        )
        for c in ids
        for k in ("campus", "resident_unit")
    )
    srec.save_records(db, CENTRAL, plan, "agreements", agreements)
    for kind, row in (
        ("activities", {"date": "2021-06-01", "area": "after_school", "title": "作业辅导"}),
        ("people", {"month": "2021-06", "members_registered": "12"}),
    ):
        rows = pd.concat(records.check_row(kind, {"community_id": c, **row}) for c in ids)
        srec.save_records(db, CENTRAL, plan, kind, rows)


def test_the_next_plan_carries_its_continued_communities_youth_homes_and_agreements(
    db, db_url, tmp_path
):
    """A community continued into the next cycle started its second year with no Youth Home
    and no co-building partner: 10 of the default rubric's 100 points lost, until its county
    entered them again."""
    import datetime as dt

    from geo.plan import evaluation as ev
    from geo.plan import progress

    _, _, first, plan, following = _next_plan(
        db, exits=2, before=lambda plan, ids: _standing_year(db, plan, ids)
    )
    kept = sorted(first["id"][:3])
    homes = srec.records(db, following, "homes").sort_values("community_id")
    assert list(homes["community_id"]) == kept  # the exiting two stay behind
    was = srec.records(db, plan, "homes").set_index("community_id").loc[kept]
    cols = ["state", "area_m2", "opening_hours", "since", "simulated"]
    assert homes.set_index("community_id")[cols].equals(was[cols])
    assert set(homes["version"]) == {1} and set(homes["entered_by"]) == {"centre"}
    agreements = srec.records(db, following, "agreements")
    assert sorted(agreements["community_id"]) == sorted(kept * 2)
    assert set(agreements["kind"]) == {"campus", "resident_unit"}
    for kind in ("activities", "people"):  # a year's own work starts afresh
        assert srec.records(db, following, kind).empty
    # the pages and commands still open on the plan whose year is under way, not on the one
    # just started with what it carried
    assert srec.plan_with_records(db) == plan
    in_year_two = dt.date(2022, 5, 10)  # the next plan's year: 2022-05-01 to 2023-04-30
    assert srec.plan_under_way(db, in_year_two) == plan  # not filed yet
    # ... until its filing is accepted and its year has begun: its launches are what is due
    # (the pages opened on the year before, its warnings about a year over)
    unit = str(srec.plan_areas(db, following)["quota_unit"].iloc[0])
    province = User("own", "province", unit)
    comm = store.communities(db, following)
    pairs = list(zip(comm["community_id"], comm["version"], strict=True))
    store.transition_many(db, province, following, pairs, "recommended")
    filing = store.filings(db, following).set_index("unit").loc[unit]
    filed = store.submit_filing(db, province, following, unit, int(filing["version"]))
    store.accept_filing(db, CENTRAL, following, unit, int(filed["version"]))
    assert srec.plan_under_way(db, in_year_two) == following
    assert srec.plan_under_way(db, dt.date(2022, 4, 30)) == plan  # the year before's last day
    assert srec.plan_under_way(db, dt.date(2026, 12, 6)) == plan  # no year under way
    # the second year reads the Youth Homes in use and the campus partners from its first day
    asof = srec.year_start(db, following)
    prog = progress.load(db, following, asof).set_index("community_id").loc[kept]
    assert list(prog["home_state"]) == [was.at[c, "state"] for c in kept]
    assert (prog["campus_partner"] != "").all()
    found = ev.measure(
        prog.reset_index(),
        *(srec.records(db, following, k) for k in ("activities", "people", "agreements")),
        asof,
    )
    assert list(found.loc[kept, "home_in_use"]) == [
        1.0 if was.at[c, "state"] == "in_use" else 0.0 for c in kept
    ]
    assert list(found.loc[kept, "resident_agreements"]) == [1.0] * 3
    # each community's history says where they came from, in its reader's language
    for lang, said in (("zh", "上一周期延续"), ("en", "Carried over from the previous cycle")):
        history = reports.history(db, following, kept[0], lang)
        carried = history.loc[history["action"].str.startswith("record_")]
        assert len(carried) == 2 and carried["reason"].str.startswith(said).all(), history
    # the next filing's form says the same (it named the nearest campus and a Youth Home
    # "nearby" from the layers)
    import openpyxl

    from geo.cli import main

    unit = str(srec.plan_areas(db, following)["quota_unit"].iloc[0])
    out = tmp_path / "备案表.xlsx"
    argv = ["plan", "export", "--plan", "第二周期", "--province", unit, "--out", str(out)]
    assert main([*argv, "--db", db_url]) == 0
    rows = list(openpyxl.load_workbook(out)["备案表"].iter_rows(values_only=True))
    head = next(r for r in rows if r and "社区编号" in r)
    form = {
        r[head.index("社区编号")]: r for r in rows[rows.index(head) + 1 :] if r and r[0] is not None
    }
    words = {"in_use": "青年之家已投入使用（记录", "built": "青年之家已建成（记录"}
    for c in kept:
        assert form[c][head.index("青年之家情况")].startswith(words[was.at[c, "state"]])
    assert {form[c][head.index("结对高校")] for c in kept} == {
        f"c-{c}（已签共建协议，2021-05-20 起）" for c in kept
    }
    assert {form[c][head.index("推荐理由")] for c in kept} == {"上一周期延续"}


def test_the_next_years_evaluation_reads_what_the_previous_cycle_said(db):
    """The next year's experts saw this year's evidence only: nothing said that a carried-over
    community had been kept on notice to improve (整改提升), nor last year's total."""
    import datetime as dt

    from geo.plan import evaluation as ev
    from geo.plan import next_cycle, progress

    ids = ["G1", "G2", "G3"]
    chosen = pd.DataFrame({"id": ids, "name": ["甲", "乙", "丙"], "county_code": "440106"})
    plan = store.create_plan(db, CENTRAL, "2021 第一周期", chosen)
    # experts' totals 80, 60 and 10 of 100: continue, improve, exit
    launch_and_evaluate(db, GUANGDONG, plan, dict(zip(ids, (20.0, 15.0, 2.5), strict=True)))
    areas = srec.plan_areas(db, plan)
    empty = {k: progress.empty_records(k) for k in records.RECORD_KINDS}
    asof = dt.date(2022, 4, 30)
    prog = progress.community_progress(areas, *empty.values(), asof)
    evidence = ev.measure(prog, empty["activities"], empty["people"], empty["agreements"], asof)
    result = ev.evaluate(ev.DEFAULT_RUBRIC, evidence, prog, store.evaluations(db, plan))
    assert list(result.sheet["recommendation"]) == ["continue", "improve", "exit"]
    assert "previous_total" not in result.sheet  # a first cycle: nothing before it
    nxt = next_cycle.plan_next(areas, result)
    found = next_cycle.outcomes(nxt, store.communities(db, plan))
    # the outcome lands whole or not at all: a community changed meanwhile (the exiting G3's
    # note) stops it, and the kept two are not left 继续实施 on their own
    g3 = store.community(db, plan, "G3")
    store.set_note(db, CENTRAL, plan, "G3", "复核中", int(g3["version"]))
    with pytest.raises(StaleWrite):
        next_cycle.record_outcomes(db, CENTRAL, plan, found)
    assert set(store.communities(db, plan)["status"]) == {"evaluated"}
    found = next_cycle.outcomes(nxt, store.communities(db, plan))  # read again
    assert next_cycle.record_outcomes(db, CENTRAL, plan, found) == 3
    carried = nxt.carried.rename(columns={"community_id": "id"})
    following = next_cycle.start_next_cycle(db, CENTRAL, plan, "第二周期", carried, nxt)
    before = next_cycle.previous_cycle(db, following).set_index("community_id")
    assert before["previous_total"].to_dict() == {"G1": 80.0, "G2": 60.0}
    assert before["previous_recommendation"].to_dict() == {"G1": "continue", "G2": "improve"}
    assert next_cycle.previous_cycle(db, plan).empty
    # a refill of G3's place: new this cycle, said so (its columns were blank)
    g4 = {"id": "G4", "name": "丁", "county_code": "440106"}
    store.add_community(db, GUANGDONG, following, g4, next_cycle.REFILL_REASON)
    # the second year's sheet and workbook put it beside the year's evidence, in words
    areas = srec.plan_areas(db, following)
    prog = progress.community_progress(areas, *empty.values(), asof)
    evidence = ev.measure(prog, empty["activities"], empty["people"], empty["agreements"], asof)
    second = ev.evaluate(
        ev.DEFAULT_RUBRIC, evidence, prog, None, next_cycle.previous_cycle(db, following)
    )
    for lang, total, outcome, improve, new in (
        ("zh", "上一周期专家总分", "上一周期结果", "整改提升", "本周期新入选"),
        (
            "en",
            "Previous cycle: experts' total",
            "Previous cycle: outcome",
            "Improve",
            "New this cycle",
        ),
    ):
        shown = er.evaluation_sheet(second, lang).set_index(
            er.header("activities", "community_id", lang)
        )
        assert shown[total].dropna().to_dict() == {"G1": 80.0, "G2": 60.0}
        assert shown.at["G2", outcome] == improve and shown.at["G4", outcome] == new


def test_a_next_plan_whose_carried_records_fail_is_not_saved(db, monkeypatch):
    """The plan and what it carries commit together: a failure in between left a next plan
    with its communities and none of their Youth Homes, and no button to carry them again."""
    from geo.core.errors import StoreError

    def broken(conn, user, from_plan, to_plan, ids, now):
        conn.execute(
            srec.RECORD_TABLES["homes"]
            .delete()
            .where(srec.RECORD_TABLES["homes"].c.plan_id == from_plan)
        )
        raise StoreError("disk_full", "the disk is full")

    monkeypatch.setattr(srec, "carry_standing", broken)
    with pytest.raises(StoreError):
        _next_plan(db, exits=2, before=lambda plan, ids: _standing_year(db, plan, ids))
    assert list(store.list_plans(db)["name"]) == ["2021 第一周期"]
    assert len(srec.records(db, int(store.list_plans(db)["id"].iloc[0]), "homes")) == 5


def test_plan_areas_say_when_a_unit_was_filed_and_the_token_follows_a_launch(db, plan):
    """Progress counted a community filed in December as idle since May, and a community
    launched in another app process was still read as filed: the pages' cache key knew
    records only."""
    from geo.core import localtime

    store.create_user(db, "sc", "sichuan-password", "province", "51")
    for community in ("J1", "J2", "Q1"):
        store.transition(db, SICHUAN, plan, community, "recommended", 1)
    store.submit_filing(db, SICHUAN, plan, "51", 1)
    store.accept_filing(db, CENTRAL, plan, "51", 2)
    areas = srec.plan_areas(db, plan).set_index("community_id")
    assert areas.at["J1", "filed_on"] == localtime.today()  # the readers' day, not UTC's
    assert areas.at["G1", "filed_on"] is None  # Guangdong's filing is not accepted
    before = srec.record_token(db, plan)
    store.transition(db, JINJIANG, plan, "J1", "launched", 3)
    assert srec.record_token(db, plan) != before
