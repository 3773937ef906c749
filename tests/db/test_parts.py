"""A province's part of the national plan (issue 18): saved by the province, rows outside it
left out in one summary, the centre sees every unit's state. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo import i18n, store
from geo.core.errors import InputError, PermissionDenied
from geo.export import reports
from geo.plan import lifecycle
from geo.plan.auth import User
from geo.store import parts

pytest_plugins = ["tests.pg"]

SC = User("sc", "province", "51")
GD = User("gd", "province", "44")
CENTRE = User("centre", "central")
PLAN = "2021 全国第一批"


@pytest.fixture
def db(db_url):
    s = store.open_store(db_url)
    yield s
    s.dispose()


def _pick(layers) -> pd.DataFrame:
    """A national pick (as the centre's automatic one): 60 Sichuan rows among 1,000."""
    c = layers.communities
    sichuan = c[c["province_code"] == "51"].head(60)
    rest = c[c["province_code"] != "51"].head(940)
    return pd.concat([sichuan, rest])[["id", "name", "county_code"]]


def test_a_province_saves_only_its_own_rows_and_says_how_many_were_left_out(db, layers):
    saved = parts.save_part(db, SC, PLAN, _pick(layers))
    assert (saved.unit, saved.saved, saved.added, saved.outside) == ("51", 60, 60, 940)
    comm = store.communities(db, saved.plan_id)
    assert set(comm["quota_unit"]) == {"51"} and set(comm["status"]) == {"recommended"}


def test_a_selections_rank_within_its_unit_is_the_parts_rank(db, layers):
    """A pick carries both ranks (national ``rank``, ``rank_in_unit``): the part keeps the
    unit's, with no duplicate column dropping either silently."""
    pick = _pick(layers).head(60).copy()
    pick["rank"] = range(500, 560)  # national ranks
    pick["rank_in_unit"] = range(1, 61)
    saved = parts.save_part(db, SC, PLAN, pick)
    comm = store.communities(db, saved.plan_id).set_index("community_id")
    assert comm.loc[pick["id"], "rank"].tolist() == list(range(1, 61))


def test_a_pick_with_nothing_in_the_province_is_one_problem_not_one_per_row(db, layers):
    c = layers.communities
    with pytest.raises(InputError) as err:
        parts.save_part(db, SC, PLAN, c[c["province_code"] == "44"].head(947))
    assert len(err.value.problems) == 1 and "947" in str(err.value)


def test_saving_again_replaces_only_that_provinces_part(db, layers):
    parts.save_part(db, SC, PLAN, _pick(layers))
    c = layers.communities
    gd = parts.save_part(db, GD, PLAN, c[c["province_code"] == "44"].head(30))
    again = parts.save_part(db, SC, PLAN, _pick(layers).iloc[10:])
    assert (again.saved, again.added, again.removed) == (50, 0, 10)
    counts = store.communities(db, gd.plan_id)["quota_unit"].value_counts().to_dict()
    assert counts == {"51": 50, "44": 30}
    # a community the new pick leaves out keeps its history, which says it was removed
    dropped = str(_pick(layers)["id"].iloc[0])
    for lang, said in (("zh", "移出方案"), ("en", "Removed from the plan")):
        history = reports.localize(reports.history(db, gd.plan_id, dropped, lang), lang)
        assert history.iloc[:, 2].tolist() == [i18n.t("mgmt.action.add", lang), said]


def test_a_province_cannot_save_another_provinces_part(db, layers):
    with pytest.raises(PermissionDenied):
        parts.save_part(db, SC, PLAN, _pick(layers), province="44")


def test_the_centre_sees_every_units_state_through_return_and_acceptance(db, layers):
    saved = parts.save_part(db, SC, PLAN, _pick(layers))
    states = parts.part_states(db, saved.plan_id).set_index("unit")
    assert states.at["51", "state"] == "draft" and states.at["44", "state"] == "not_started"
    n = states.at["51", "communities"]  # the pick is the province's recommendation
    assert (states.at["51", "recommended"], states.at["51", "filed"]) == (n, 0)
    # every quota unit has its line, the XPCC's too (it files on its own line)
    assert len(states) == 32 and states.at["XPCC", "state"] == "not_started"
    f = store.filings(db, saved.plan_id).set_index("unit")
    store.submit_filing(db, SC, saved.plan_id, "51", int(f.at["51", "version"]))
    assert parts.part_states(db, saved.plan_id).set_index("unit").at["51", "state"] == "submitted"
    with pytest.raises(InputError):  # waiting for the centre: frozen
        parts.save_part(db, SC, PLAN, _pick(layers).iloc[5:])
    f = store.filings(db, saved.plan_id).set_index("unit")
    store.return_filing(db, CENTRE, saved.plan_id, "51", int(f.at["51", "version"]), "成都占比过高")
    row = parts.part_states(db, saved.plan_id).set_index("unit").loc["51"]
    assert (row["state"], row["reason"]) == ("returned", "成都占比过高")
    fixed = parts.save_part(db, SC, PLAN, _pick(layers).iloc[5:])
    assert fixed.removed == 5
    f = store.filings(db, saved.plan_id).set_index("unit")
    store.submit_filing(db, SC, saved.plan_id, "51", int(f.at["51", "version"]))
    f = store.filings(db, saved.plan_id).set_index("unit")
    store.accept_filing(db, CENTRE, saved.plan_id, "51", int(f.at["51", "version"]), "同意备案")
    row = parts.part_states(db, saved.plan_id).set_index("unit").loc["51"]
    assert row["state"] == "accepted" and row["communities"] == 55
    assert (row["recommended"], row["filed"]) == (0, 55)  # as the filings count them
    f = store.filings(db, saved.plan_id).set_index("unit")
    assert (f.at["51", "recommended"], f.at["51", "filed"]) == (0, 55)
    assert set(store.communities(db, saved.plan_id)["status"]) == {"filed"}


def test_a_community_locked_in_by_hand_keeps_its_reason_in_the_plan_and_history(db, layers):
    pick = _pick(layers)
    locked = str(pick["id"].iloc[0])
    saved = parts.save_part(db, SC, PLAN, pick, locks={locked: "街道推荐，基础好"})
    row = store.community(db, saved.plan_id, locked)
    assert (row["reason"], row["manual"]) == ("街道推荐，基础好", True)
    other = store.community(db, saved.plan_id, str(pick["id"].iloc[1]))
    assert (other["reason"], other["manual"]) == ("", False)
    history = store.history(db, saved.plan_id, locked)
    assert list(history["reason"]) == ["街道推荐，基础好"]


def test_a_part_saved_into_the_centres_list_recommends_its_candidates(db, layers):
    """Login mode as committees work: the centre saves its national list (every community a
    candidate), then the province saves its part of it. The part is its recommendation: the
    candidates it keeps are recommended, with their history, so its filing can be submitted;
    the ones it drops leave the plan; other provinces' rows are untouched."""
    pick = _pick(layers)
    plan_id = store.create_plan(db, CENTRE, PLAN, pick)
    kept = pick[pick["county_code"].str.startswith("51")].iloc[10:]
    saved = parts.save_part(db, SC, PLAN, kept, locks={str(kept["id"].iloc[0]): "市委推荐"})
    assert (saved.plan_id, saved.saved, saved.added, saved.removed) == (plan_id, 50, 0, 10)
    assert saved.recommended == 50
    comm = store.communities(db, plan_id).set_index("community_id")
    mine = comm[comm["quota_unit"] == "51"]
    assert len(mine) == 50 and set(mine["status"]) == {"recommended"}
    assert set(mine["updated_by"]) == {"sc"} and set(mine["version"]) == {2}
    assert set(comm.loc[comm["quota_unit"] != "51", "status"]) == {"candidate"}
    first = store.history(db, plan_id, str(kept["id"].iloc[0]))
    assert first["action"].iloc[-1] == "status" and first["reason"].iloc[-1] == "市委推荐"
    assert "candidate → recommended" in first["changes"].iloc[-1]
    again = parts.save_part(db, SC, PLAN, kept)  # nothing left to recommend
    assert (again.recommended, again.added, again.removed) == (0, 0, 0)
    f = store.filings(db, plan_id).set_index("unit")
    assert f.at["51", "recommended"] == 50
    store.submit_filing(db, SC, plan_id, "51", int(f.at["51", "version"]))
    assert store.filings(db, plan_id).set_index("unit").at["51", "state"] == "submitted"


def test_a_plan_made_now_runs_on_the_cycle_its_name_gives_not_2021s(db, layers):
    """Plans the centre saves, or a province's part starts, take the first cycle's calendar
    in their own year: their records then fall in their implementation phase."""
    made = parts.save_part(db, SC, "2027 全国第二批", _pick(layers))
    phases = {p.key: p for p in store.plan_timeline(db, made.plan_id)}
    assert (phases["file"].start, phases["evaluate"].end) == (
        dt.date(2027, 5, 1),
        dt.date(2028, 5, 31),
    )
    plan_id = store.create_plan(db, CENTRE, "2026 national first batch", _pick(layers))
    assert store.plan_timeline(db, plan_id)[1] == lifecycle.Phase(
        "implement", dt.date(2026, 5, 1), dt.date(2027, 4, 30)
    )
    assert store.records.plan_for_day(db, dt.date(2026, 9, 1)) == plan_id
    assert store.records.plan_for_day(db, dt.date(2027, 9, 1)) == made.plan_id
    first = store.create_plan(db, CENTRE, PLAN, _pick(layers))  # 2021 全国第一批
    assert store.plan_timeline(db, first) == lifecycle.DEFAULT_TIMELINE


def test_a_part_saved_into_a_next_plan_keeps_to_the_refill_rules(db, layers):
    """Saving the province's part into the next cycle's plan (the same name the refill
    loads) bypassed the refill: it could leave out a carried-over community (its carried
    Youth Home and agreements then belonged to none), take back an exited one, or fill more
    than the province's places; the communities it added had no reason."""
    from geo.plan import next_cycle

    c = layers.communities
    sichuan = c[c["province_code"] == "51"].head(8)
    first = store.create_plan(db, CENTRE, "2021 全国第一批", sichuan.head(5))
    carried, exited, fresh = sichuan["id"][:3], sichuan["id"][3:5], sichuan["id"][5:8]
    following = store.create_plan(
        db,
        CENTRE,
        "2022 全国第一批",
        sichuan.head(3),
        reasons=dict.fromkeys(carried, next_cycle.CARRIED_REASON),
        params={
            "previous_plan": first,
            "carried_over": sorted(carried),
            "exited": sorted(exited),
            "quotas": {"51": 5},
        },
    )
    name = "2022 全国第一批"

    def refused(pick: pd.DataFrame) -> str:
        with pytest.raises(InputError) as err:
            parts.save_part(db, SC, name, pick)
        assert len(store.communities(db, following)) == 3  # nothing written
        return err.value.problems[0].code

    rows = sichuan.set_index("id")
    assert refused(rows.loc[[*carried[:2], *fresh[:2]]].reset_index()) == "carried_dropped"
    assert refused(rows.loc[[*carried, exited.iloc[0]]].reset_index()) == "exited_again"
    assert refused(rows.loc[[*carried, *fresh]].reset_index()) == "places_full"
    saved = parts.save_part(db, SC, name, rows.loc[[*carried, *fresh[:2]]].reset_index())
    assert (saved.plan_id, saved.added) == (following, 2)
    comm = store.communities(db, following).set_index("community_id")
    assert set(comm.loc[list(fresh[:2]), "reason"]) == {next_cycle.REFILL_REASON}
    # the carried-over ones are recommended and still say why they are in the plan
    assert set(comm.loc[list(carried), "status"]) == {"recommended"}
    assert set(comm.loc[list(carried), "reason"]) == {next_cycle.CARRIED_REASON}
    history = store.history(db, following, str(carried.iloc[0]))
    assert history["reason"].iloc[-1] == next_cycle.CARRIED_REASON
    assert len(comm) == 5 and next_cycle.setup(db, following).free("51") == 0
    # a first cycle's plan is as it was: any pick of the province, no reason added
    plain = parts.save_part(db, SC, "2023 全国第一批", rows.loc[list(fresh)].reset_index())
    assert set(store.communities(db, plain.plan_id)["reason"].fillna("")) == {""}


def test_the_centre_deletes_a_plan_a_mistyped_name_made_and_nothing_worked_on(db, layers):
    """A province's part saved under a mistyped name made a national plan of its own, which
    nobody could remove: it stayed in every plan box and to-do, and as the newest national
    plan it became the one offered to every page and province."""
    from geo.store.db import StaleRow
    from geo.store.models import AUDIT

    good = store.create_plan(db, CENTRE, PLAN, _pick(layers))
    typo = parts.save_part(db, SC, "2021 全国第一北", _pick(layers)).plan_id
    version = int(store.get_plan(db, typo)["version"])
    with pytest.raises(PermissionDenied):
        store.delete_plan(db, SC, typo, version)  # the province asks the centre
    with pytest.raises(StaleRow):
        store.delete_plan(db, CENTRE, typo, version + 1)
    assert store.delete_plan(db, CENTRE, typo, version) == "2021 全国第一北"
    assert list(store.list_plans(db)["id"]) == [good]
    assert store.filings(db, typo).empty and store.communities(db, typo).empty
    with db.read() as conn:
        entry = conn.execute(AUDIT.select().where(AUDIT.c.action == "delete")).one()
    assert (entry.user_name, entry.entity, entry.plan_id) == ("centre", "plans", typo)
    assert entry.before["communities"] == 60  # what the plan held, kept
    # a plan worked on stays: a unit filed it
    sc_part = store.communities(db, good)
    mine = sc_part.loc[sc_part["quota_unit"] == "51"]
    store.transition_many(
        db, SC, good, list(zip(mine["community_id"], mine["version"], strict=True)), "recommended"
    )
    f = store.filings(db, good).set_index("unit")
    store.submit_filing(db, SC, good, "51", int(f.at["51", "version"]))
    with pytest.raises(InputError) as err:
        store.delete_plan(db, CENTRE, good, int(store.get_plan(db, good)["version"]))
    assert err.value.problems[0].code == "in_use"
    assert i18n.problem_text(err.value.problems[0], "zh") == (
        "方案“2021 全国第一批”不能删除：已有省份提交或备案，或已有社区启动；"
        "只有尚未提交备案、没有记录的方案可以删除"
    )
    assert len(store.communities(db, good)) == 1000


def test_a_unit_with_no_places_in_a_next_plan_adds_no_community(db, layers):
    """A next plan's quotas name the units with places; the XPCC, with none, saved its part
    into it and the refill's write took communities for it: the store counted no limit for a
    unit its quotas did not name, where the refill counts none."""
    from geo.plan import next_cycle

    c = layers.communities
    sichuan = c[c["province_code"] == "51"].head(3)
    xpcc = c[c["county_code"].astype(str).str.startswith("6590")].head(2)
    first = store.create_plan(db, CENTRE, "2021 全国第一批", sichuan)
    following = store.create_plan(
        db,
        CENTRE,
        "2022 全国第一批",
        sichuan.head(2),
        params={"previous_plan": first, "carried_over": [], "exited": [], "quotas": {"51": 3}},
    )
    corps = User("bt", "province", "XPCC")
    with pytest.raises(InputError) as err:
        parts.save_part(db, corps, "2022 全国第一批", xpcc)
    assert err.value.problems[0].code == "places_full"
    assert i18n.problem_text(err.value.problems[0], "zh") == (
        "新疆生产建设兵团在这一下一周期方案中没有名额（上一周期未分到名额），不能加入社区"
    )
    with pytest.raises(InputError):
        next_cycle.add_replacements(db, corps, following, xpcc)
    assert len(store.communities(db, following)) == 2  # nothing written
    # Sichuan's third place is there to fill
    assert next_cycle.add_replacements(db, SC, following, sichuan.tail(1)) == 1


def test_saving_again_refreshes_the_kept_communities_scores_ranks_and_locks(db, layers):
    """A province saves its part (the command line's pick), then picks again on the page with
    other weights and locks one community it already had: the part holds the new pick's
    score, rank and lock reason, not the first save's (its 备案表 printed 0.3668, rank 48 and no
    lock for a community the page had scored 0.4045, rank 32, and locked with a reason)."""
    pick = _pick(layers).head(60).copy()
    pick["score"] = [round(0.9 - i / 100, 4) for i in range(60)]
    pick["rank"] = range(1, 61)
    saved = parts.save_part(db, SC, PLAN, pick)
    again = pick.copy()
    again["score"] = [round(0.5 - i / 200, 4) for i in range(60)]
    again["rank"] = range(101, 161)
    locked, other = str(again["id"].iloc[7]), str(again["id"].iloc[8])
    resaved = parts.save_part(db, SC, PLAN, again, locks={locked: "区委推荐的示范社区"})
    assert (resaved.added, resaved.removed) == (0, 0)
    comm = store.communities(db, saved.plan_id).set_index("community_id")
    assert comm.loc[again["id"], "score"].round(4).tolist() == again["score"].tolist()
    assert comm.loc[again["id"], "rank"].tolist() == list(range(101, 161))
    row = store.community(db, saved.plan_id, locked)
    assert (row["reason"], row["manual"], row["status"]) == (
        "区委推荐的示范社区",
        True,
        "recommended",
    )
    assert (store.community(db, saved.plan_id, other)["manual"]) is False
    history = store.history(db, saved.plan_id, locked)
    assert history["action"].tolist() == ["add", "update"]
    assert history["reason"].iloc[-1] == "区委推荐的示范社区"
    # unlocked in a later save from the page (locks given, this one not among them)
    parts.save_part(db, SC, PLAN, again, locks={})
    row = store.community(db, saved.plan_id, locked)
    assert (row["reason"], row["manual"]) == ("", False)
    # the same pick saved once more changes nothing and writes no history
    parts.save_part(db, SC, PLAN, again, locks={})
    assert len(store.history(db, saved.plan_id, locked)) == 3


def test_a_save_that_keeps_a_community_the_centre_added_keeps_why(db, layers):
    """The centre added a Sichuan community by hand with its reason; the province's next save
    from the page (its own locks given, this one not among them) promoted it and wiped the
    centre's reason and mark, so the 备案表 printed it as the province's plain pick."""
    pick = _pick(layers).head(60).copy()
    saved = parts.save_part(db, SC, PLAN, pick)
    extra = layers.communities[layers.communities["province_code"] == "51"].iloc[[60]]
    added = extra[["id", "name", "county_code"]].iloc[0].to_dict()
    store.add_community(db, CENTRE, saved.plan_id, added, "团中央增补：示范点")
    parts.save_part(db, SC, PLAN, pd.concat([pick, extra[pick.columns]]), locks={})
    row = store.community(db, saved.plan_id, added["id"])
    assert (row["status"], row["manual"], row["reason"]) == (
        "recommended",
        True,
        "团中央增补：示范点",
    )


def test_a_part_saved_while_its_filing_is_submitted_is_never_changed_after_the_submission(
    db, layers, monkeypatch
):
    """Two sessions of one province at the same moment: one saves a new part while the other
    submits the filing. The submission waits for the save (it then submits what was saved),
    or the save finds the filing submitted and is refused; never does the save change the
    part after the submission, which froze it for the centre."""
    import threading

    from sqlalchemy import select

    from geo.store.models import AUDIT

    saved = parts.save_part(db, SC, PLAN, _pick(layers))
    version = int(store.filings(db, saved.plan_id).set_index("unit").at["51", "version"])
    read, submitted = threading.Event(), threading.Event()
    rules = parts._next_plan_rules

    def paused(*args, **kwargs):  # the save has read the filing and the part: let B submit
        read.set()
        submitted.wait(3)  # the submission waits for the save (the fix) or is already done
        return rules(*args, **kwargs)

    monkeypatch.setattr(parts, "_next_plan_rules", paused)
    outcome: dict[str, object] = {}

    def save() -> None:
        try:
            outcome["save"] = parts.save_part(db, SC, PLAN, _pick(layers).iloc[5:])
        except InputError as exc:
            outcome["save"] = exc

    def submit() -> None:
        read.wait(10)
        outcome["submit"] = store.submit_filing(db, SC, saved.plan_id, "51", version)
        submitted.set()

    threads = [threading.Thread(target=save), threading.Thread(target=submit)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcome["submit"]["state"] == "submitted"
    with db.read() as conn:
        actions = [
            a
            for (a,) in conn.execute(
                select(AUDIT.c.action).where(AUDIT.c.plan_id == saved.plan_id).order_by(AUDIT.c.id)
            )
        ]
    after = actions[actions.index("filing_submit") + 1 :]
    assert not {"save_part", "remove", "add"} & set(after), after
    if isinstance(outcome["save"], InputError):
        assert outcome["save"].problems[0].code == "part_locked"
        assert len(store.communities(db, saved.plan_id).query("quota_unit == '51'")) == 60
    else:  # the save went first and the submission holds what it saved
        sc = store.communities(db, saved.plan_id).query("quota_unit == '51'")
        assert len(sc) == 55 and set(sc["status"]) == {"recommended"}


def test_two_provinces_saving_into_a_plan_nobody_made_yet_at_once_both_save(
    db, layers, monkeypatch
):
    """Sichuan and Guangdong save their parts into "2026 全国第一批" at the same moment, before
    anyone made it: both had read that no plan had the name, both made it, and the second
    was refused as a clash (UniqueViolation: nothing written, try again) though neither
    touched the other's part. The second now takes the plan the first made."""
    import contextlib
    import threading

    met = threading.Barrier(2, timeout=5)
    today = parts.today

    def together():  # both saves have found no plan of the name: let both go on
        with contextlib.suppress(threading.BrokenBarrierError):  # SQLite: the other waits
            met.wait()  # for the write lock this one holds
        return today()

    monkeypatch.setattr(parts, "today", together)
    c = layers.communities
    outcome: dict[str, object] = {}

    def save(user: User) -> None:
        own = c[c["province_code"] == user.province_code].head(20)[["id", "name", "county_code"]]
        try:
            outcome[user.name] = parts.save_part(db, user, "2026 全国第一批", own)
        except Exception as exc:  # noqa: BLE001 - the outcome is the test
            outcome[user.name] = exc

    threads = [threading.Thread(target=save, args=(u,)) for u in (SC, GD)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    saved = [outcome["sc"], outcome["gd"]]
    assert all(isinstance(s, parts.PartSaved) for s in saved), saved
    assert sorted(s.created for s in saved) == [False, True]
    assert saved[0].plan_id == saved[1].plan_id
    states = parts.part_states(db, saved[0].plan_id).set_index("unit")
    assert (states.at["51", "communities"], states.at["44", "communities"]) == (20, 20)
    assert list(store.list_plans(db)["name"]) == ["2026 全国第一批"]


@pytest.fixture(scope="module")
def scored_pick(layers):
    """Sichuan's pick as the selection page makes it: scored with the default weights, its
    top 60 by score, each row with the ``contrib_<key>`` columns of the score."""
    from geo.analysis import scoring, selection

    c = layers.communities
    cands, _ = scoring.prepare(
        c[c["province_code"] == "51"],
        layers.youth_homes,
        layers.campuses,
        layers.resident_units,
    )
    return selection.select(cands, {"51": 60}).chosen


def _form_reasons(db, plan_id, layers, carried=None) -> dict[str, str]:
    """推荐理由 by community id in the saved part's 备案表 (what ``youthmap plan export`` and
    the management page's download write)."""
    from geo.export import filing_form

    rows = store.communities(db, plan_id)
    table = filing_form.plan_form_table(rows, layers.communities, carried=carried)
    return dict(zip(table["社区编号"].astype(str), table["推荐理由"].fillna(""), strict=True))


def test_a_saved_parts_form_gives_the_reasons_the_pick_had_before_saving(db, layers, scored_pick):
    """Sichuan's 60 picked communities had 推荐理由 in the pick's 备案表 (``得分贡献最大：青年人口
    （14-35岁）、省会或副省级城市、距最近青年之家（米）``); the same part saved and exported had all
    60 cells empty but the one locked by hand, which said only ``人工锁定：…``. The reasons now
    survive the save in both languages, with the lock's reason after them."""
    from geo.export import filing

    locked = str(scored_pick["id"].iloc[5])
    locks = {locked: "区委推荐的示范社区"}
    before = {
        lang: dict(
            zip(
                scored_pick["id"].astype(str),
                filing.reasons(scored_pick, lang=lang, changes=locks),
                strict=True,
            )
        )
        for lang in ("zh", "en")
    }
    assert all(v.startswith("得分贡献最大：") for v in before["zh"].values())
    saved = parts.save_part(db, SC, PLAN, scored_pick, locks=locks)
    assert _form_reasons(db, saved.plan_id, layers) == before["zh"]
    assert before["zh"][locked].endswith("；人工锁定：区委推荐的示范社区")
    rows = store.communities(db, saved.plan_id)
    rows = rows.drop(columns="id").rename(columns={"community_id": "id"})
    after_en = dict(zip(rows["id"], filing.reasons(rows, lang="en", changes=locks), strict=True))
    assert after_en == before["en"]
    assert before["en"][locked].startswith("Top contributions: ")


def test_a_resaved_part_keeps_its_reasons_or_takes_the_new_picks(db, layers, scored_pick):
    """Saved again from a plain list (``youthmap plan save --from chosen.csv``: ids, names and
    county codes, no contributions) the part keeps the reasons of the pick it was saved
    from; saved again from a pick scored otherwise it names what that pick's score owed most
    to."""
    from geo.analysis import scoring, selection
    from geo.export import filing

    saved = parts.save_part(db, SC, PLAN, scored_pick)
    first = _form_reasons(db, saved.plan_id, layers)
    parts.save_part(db, SC, PLAN, scored_pick[["id", "name", "county_code"]])
    assert _form_reasons(db, saved.plan_id, layers) == first
    c = layers.communities
    cands, _ = scoring.prepare(
        c[c["province_code"] == "51"], layers.youth_homes, weights={"elderly": 1.0, "youth": 0.2}
    )
    other = selection.select(cands, {"51": 60}).chosen
    parts.save_part(db, SC, PLAN, other)
    again = _form_reasons(db, saved.plan_id, layers)
    expected = dict(zip(other["id"].astype(str), filing.reasons(other), strict=True))
    assert again == expected and again != first


def test_a_next_cycles_refill_names_its_reasons_after_the_refill(db, layers, scored_pick):
    """A next cycle's form says 延续 for a carried-over community and, for a refill a
    province saved from its pick, that it refills a freed place and then what its score owed
    most to (it said only the refill)."""
    from geo.export import filing
    from geo.export.reports import reason_text
    from geo.plan import next_cycle

    carried = scored_pick.head(3)
    fresh = scored_pick.iloc[3:5]
    first = store.create_plan(db, CENTRE, "2021 全国第一批", scored_pick.head(5))
    following = store.create_plan(
        db,
        CENTRE,
        "2022 全国第一批",
        carried,
        reasons=dict.fromkeys(carried["id"], next_cycle.CARRIED_REASON),
        params={
            "previous_plan": first,
            "carried_over": sorted(carried["id"]),
            "exited": [],
            "quotas": {"51": 5},
        },
    )
    parts.save_part(db, SC, "2022 全国第一批", pd.concat([carried, fresh]))
    got = _form_reasons(db, following, layers, carried=set(carried["id"]))
    refill = reason_text(next_cycle.REFILL_REASON, "zh")
    kept = reason_text(next_cycle.CARRIED_REASON, "zh")
    ranked = dict(zip(fresh["id"].astype(str), filing.reasons(fresh), strict=True))
    assert {c: got[c] for c in fresh["id"]} == {c: f"{refill}；{v}" for c, v in ranked.items()}
    assert {got[c] for c in carried["id"]} == {kept}
    # the carried-over rows kept their reasons' indicators from the first save of the plan
    comm = store.communities(db, following).set_index("community_id")
    assert comm.loc[list(carried["id"]), "top_indicators"].str.count(",").eq(2).all()


def test_the_top_indicators_migration_goes_down_to_0005_and_back(db, scored_pick):
    from alembic import command
    from sqlalchemy import inspect

    from geo.store.db import _alembic_config

    saved = parts.save_part(db, SC, PLAN, scored_pick)
    cfg = _alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    columns = {c["name"] for c in inspect(db.engine).get_columns("plan_communities")}
    assert "top_indicators" not in columns and store.current_revision(db.engine) == "0005"
    store.migrate(db.engine)
    assert store.current_revision(db.engine) == store.head_revision() == "0007"
    comm = store.communities(db, saved.plan_id)
    assert len(comm) == 60 and set(comm["top_indicators"]) == {""}


def test_a_resaves_history_names_the_indicators_not_their_codes(db, layers, scored_pick):
    """Saved again with other weights, a community's history (the management page's) read
    "top_indicators：youth,focus_city,home_distance_m → elderly,youth" after its new score and
    rank: the store's column name and codes. It names the column and the indicators in the
    reader's language now."""
    from geo.analysis import scoring

    c = layers.communities
    cands, _ = scoring.prepare(
        c[c["province_code"] == "51"], layers.youth_homes, weights={"elderly": 1.0, "youth": 0.2}
    )
    again = cands.set_index("id").loc[scored_pick["id"]].reset_index()
    saved = parts.save_part(db, SC, PLAN, scored_pick)
    parts.save_part(db, SC, PLAN, again)
    first = str(scored_pick["id"].iloc[0])
    zh = reports.history(db, saved.plan_id, first, "zh")["changes"].iloc[-1]
    en = reports.history(db, saved.plan_id, first, "en")["changes"].iloc[-1]
    assert "得分贡献最大的指标：" in zh and "→ 老年人口（65岁以上）、青年人口（14-35岁）" in zh, zh
    assert "Top-contributing indicators: " in en and "→ Elderly (65+), Youth (14-35)" in en, en
    assert "top_indicators" not in zh + en and "elderly,youth" not in zh + en
