"""The store on SQLite and a real PostgreSQL: migrations, plans, lifecycle, roles, filing,
evaluation, stale writes and the audit log."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from sqlalchemy import inspect, text

from geo import i18n, store
from geo.core.errors import InputError, PermissionDenied, StaleWrite
from geo.export import reports
from geo.plan import lifecycle
from geo.plan.auth import User
from geo.plan.lifecycle import IllegalTransition

pytest_plugins = ["tests.pg"]  # the db_url / pg_server fixtures, one server per session

CENTRAL = User("centre", "central")
GD = User("gd", "province", "44")
SH = User("sh", "province", "31")
TIANHE = User("tianhe", "county", "44", "440106")
VIEWER = User("viewer", "viewer")
SCORES = {"after_school": 20, "elderly_digital": 18, "environment": 21, "youth_care": 19}

# one community per status, each in its own quota unit so filings do not interfere
STAGED = {
    "candidate": "440106",
    "recommended": "310101",
    "filed": "320102",
    "launched": "330102",
    "evaluated": "350102",
    "continued": "370102",
    "exited": "420102",
}


def chosen(rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": list(rows),
            "name": [f"社区{k}" for k in rows],
            "county_code": list(rows.values()),
            "score": range(len(rows)),
            "rank": range(1, len(rows) + 1),
        }
    )


@pytest.fixture
def db(db_url):
    s = store.open_store(db_url)
    yield s
    s.dispose()


def version(db, plan_id, cid):
    return store.community(db, plan_id, cid)["version"]


def unit_version(db, plan_id, unit):
    return int(store.filings(db, plan_id).set_index("unit").loc[unit, "version"])


def advance(db, plan_id, cid, target):
    """Bring one community to ``target`` along the legal path, as the centre."""
    row = store.community(db, plan_id, cid)
    path = ["recommended", "filed", "launched", "evaluated", "continued"]
    if target == "exited":
        path = ["recommended", "filed", "exited"]
    for status in path[: path.index(target) + 1] if target in path else []:
        row = store.community(db, plan_id, cid)
        if status == "filed":
            unit = row["quota_unit"]
            store.submit_filing(db, CENTRAL, plan_id, unit, unit_version(db, plan_id, unit))
            store.accept_filing(db, CENTRAL, plan_id, unit, unit_version(db, plan_id, unit))
        elif status == "evaluated":
            store.record_evaluation(
                db, CENTRAL, plan_id, cid, SCORES, eval_date=dt.date(2022, 5, 9), expert="李"
            )
        else:
            store.transition(db, CENTRAL, plan_id, cid, status, row["version"], reason="staged")


@pytest.fixture
def staged(db):
    plan_id = store.create_plan(db, CENTRAL, "staged", chosen({s: c for s, c in STAGED.items()}))
    for status in STAGED:
        advance(db, plan_id, status, status)
    return plan_id


def audit_count(db):
    with db.read() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()


def test_migrations_create_the_schema_from_empty(db_url):
    engine = store.make_engine(db_url)
    assert store.current_revision(engine) is None
    db = store.open_store(db_url)
    tables = set(inspect(db.engine).get_table_names())
    assert {"users", "plans", "plan_communities", "filings", "evaluations", "audit_log"} <= tables
    assert store.current_revision(db.engine) == store.head_revision()
    store.open_store(db_url).dispose()  # second open is a no-op
    db.dispose()
    engine.dispose()


def test_sqlite_default_file_is_in_wal_mode_under_youthmap_home(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    db = store.open_store()
    assert (tmp_path / "home" / "youthmap.db").exists()
    with db.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    db.dispose()


def test_unsupported_database_url_is_an_input_error():
    with pytest.raises(InputError) as err:
        store.make_engine("mysql://x/y")
    assert err.value.problems[0].key == "store.problem.backend"
    assert "unsupported database mysql" in i18n.problems_text(err.value.problems, "en")


def test_staged_plan_reaches_every_status(db, staged):
    comm = store.communities(db, staged).set_index("community_id")
    assert {cid: comm.loc[cid, "status"] for cid in STAGED} == {s: s for s in STAGED}


def test_every_illegal_transition_is_refused_and_writes_nothing(db, staged):
    before = store.communities(db, staged).set_index("community_id")["version"].to_dict()
    n_audit = audit_count(db)
    refused = 0
    for source in lifecycle.STATUSES:
        legal = set(lifecycle.targets(source, "central"))
        for target in lifecycle.STATUSES:
            if target in legal:
                continue
            with pytest.raises(IllegalTransition):
                store.transition(db, CENTRAL, staged, source, target, before[source], reason="try")
            refused += 1
    assert refused == 7 * 7 - 8  # the centre has 8 legal direct moves
    assert store.communities(db, staged).set_index("community_id")["version"].to_dict() == before
    assert audit_count(db) == n_audit


def test_exit_without_reason_is_refused_and_with_reason_lands(db, staged):
    v = version(db, staged, "launched")
    with pytest.raises(IllegalTransition):
        store.transition(db, CENTRAL, staged, "launched", "exited", v, reason="")
    row = store.transition(db, CENTRAL, staged, "launched", "exited", v, reason="社区撤并")
    assert (row["status"], row["reason"], row["updated_by"]) == ("exited", "社区撤并", "centre")
    assert (
        store.exit_list(db, staged).set_index("community_id").loc["launched", "reason"]
        == "社区撤并"
    )


def test_province_writing_another_provinces_community_is_refused(db, staged):
    # "recommended" sits in Shanghai (31); Guangdong may not touch it
    v = version(db, staged, "recommended")
    with pytest.raises(PermissionDenied):
        store.transition(db, GD, staged, "recommended", "candidate", v)
    with pytest.raises(PermissionDenied):
        store.set_note(db, GD, staged, "recommended", "mine now", v)
    assert version(db, staged, "recommended") == v
    store.transition(db, SH, staged, "recommended", "candidate", v)


def test_county_updates_only_its_own_communities(db):
    plan_id = store.create_plan(db, CENTRAL, "p", chosen({"th": "440106", "yx": "440104"}))
    for cid in ("th", "yx"):
        advance(db, plan_id, cid, "filed")
    with pytest.raises(PermissionDenied):
        store.transition(db, TIANHE, plan_id, "yx", "launched", version(db, plan_id, "yx"))
    row = store.transition(db, TIANHE, plan_id, "th", "launched", version(db, plan_id, "th"))
    assert row["status"] == "launched"
    assert (
        store.set_note(db, TIANHE, plan_id, "th", "青年之家已挂牌", row["version"])["note"]
        == "青年之家已挂牌"
    )


def test_viewer_writes_nothing(db, staged):
    with pytest.raises(PermissionDenied):
        store.set_note(db, VIEWER, staged, "candidate", "x", version(db, staged, "candidate"))
    with pytest.raises(PermissionDenied):
        store.create_plan(db, VIEWER, "v", chosen({"a": "440106"}))


def test_province_cannot_create_a_national_plan_or_one_for_another_province(db):
    with pytest.raises(PermissionDenied):
        store.create_plan(db, GD, "national", chosen({"a": "440106"}))
    with pytest.raises(PermissionDenied):
        store.create_plan(db, GD, "sh", chosen({"a": "310101"}), province_code="31")
    with pytest.raises(InputError) as err:
        store.create_plan(db, GD, "gd", chosen({"a": "440106", "b": "310101"}), province_code="44")
    assert (err.value.problems[0].row, err.value.problems[0].column) == (3, "county_code")
    assert store.create_plan(db, GD, "gd", chosen({"a": "440106"}), province_code="44") > 0


def test_stale_write_is_refused_and_says_what_changed(db, staged):
    v = version(db, staged, "candidate")
    store.set_note(db, TIANHE, staged, "candidate", "first", v)
    with pytest.raises(StaleWrite) as err:
        store.set_note(db, CENTRAL, staged, "candidate", "second", v)
    message = str(err.value)
    assert "tianhe" in message and "'first'" in message and f"version {v} → {v + 1}" in message
    assert store.community(db, staged, "candidate")["note"] == "first"


def test_filing_submit_freeze_return_and_accept(db):
    plan_id = store.create_plan(
        db, CENTRAL, "f", chosen({"a": "440106", "b": "440105", "c": "440104"})
    )
    for cid in ("a", "b"):
        store.transition(db, GD, plan_id, cid, "recommended", 1)
    with pytest.raises(PermissionDenied):
        store.submit_filing(db, SH, plan_id, "44", 1)
    store.submit_filing(db, GD, plan_id, "44", 1)
    with pytest.raises(IllegalTransition) as err:
        store.transition(db, GD, plan_id, "c", "recommended", 1)
    assert "frozen" in i18n.problems_text(err.value.problems, "en")
    with pytest.raises(PermissionDenied):
        store.accept_filing(db, GD, plan_id, "44", 2)
    with pytest.raises(IllegalTransition):
        store.return_filing(db, CENTRAL, plan_id, "44", 2, reason="")
    returned = store.return_filing(db, CENTRAL, plan_id, "44", 2, reason="请补充结对高校")
    assert (returned["state"], returned["reason"]) == ("returned", "请补充结对高校")
    store.transition(db, GD, plan_id, "c", "recommended", 1)
    store.submit_filing(db, GD, plan_id, "44", 3)
    store.accept_filing(db, CENTRAL, plan_id, "44", 4)
    statuses = store.communities(db, plan_id).set_index("community_id")["status"].to_dict()
    assert statuses == {"a": "filed", "b": "filed", "c": "filed"}
    table = store.filing_table(db, plan_id)
    assert set(table["filing_state"]) == {"accepted"} and set(table["decided_by"]) == {"centre"}


def test_submitting_with_nothing_recommended_is_refused(db):
    plan_id = store.create_plan(db, CENTRAL, "e", chosen({"a": "440106"}))
    with pytest.raises(IllegalTransition):
        store.submit_filing(db, GD, plan_id, "44", 1)


def test_evaluation_moves_launched_to_evaluated_and_validates_scores(db, staged):
    with pytest.raises(InputError) as err:
        store.record_evaluation(
            db,
            CENTRAL,
            staged,
            "launched",
            {**SCORES, "environment": 40, "youth_care": "x"},
            eval_date=dt.date(2022, 5, 9),
            expert="李",
        )
    assert {p.column for p in err.value.problems} == {"environment", "youth_care"}
    with pytest.raises(PermissionDenied):
        store.record_evaluation(
            db, GD, staged, "launched", SCORES, eval_date=dt.date(2022, 5, 9), expert="李"
        )
    with pytest.raises(IllegalTransition):
        store.record_evaluation(
            db, CENTRAL, staged, "filed", SCORES, eval_date=dt.date(2022, 5, 9), expert="李"
        )
    ev = store.record_evaluation(
        db,
        CENTRAL,
        staged,
        "launched",
        SCORES,
        eval_date=dt.date(2022, 5, 9),
        expert="李",
        comments="好",
    )
    assert ev["total"] == 78
    assert store.community(db, staged, "launched")["status"] == "evaluated"
    with pytest.raises(StaleWrite):
        store.record_evaluation(
            db, CENTRAL, staged, "launched", SCORES, eval_date=dt.date(2022, 5, 9), expert="王"
        )
    fixed = store.record_evaluation(
        db,
        CENTRAL,
        staged,
        "launched",
        {**SCORES, "youth_care": 25},
        eval_date=dt.date(2022, 5, 9),
        expert="王",
        expected_version=1,
    )
    assert (fixed["total"], fixed["version"]) == (84, 2)


def test_audit_log_holds_every_change_and_is_append_only(db, staged):
    hist = store.history(db, staged, "continued")
    assert list(hist["action"]) == [
        "add",
        "status",
        "status",
        "status",
        "evaluate",
        "status",
        "status",
    ]
    assert "status: evaluated → continued" in hist["changes"].iloc[-1]
    log = store.audit_log(db, staged, "continued")
    statuses = [a["status"] for a in log["after"] if a and "status" in a]
    assert statuses == ["candidate", "recommended", "filed", "launched", "evaluated", "continued"]
    with pytest.raises(Exception, match="append-only"), db.write() as conn:
        conn.execute(text("UPDATE audit_log SET user_name = 'nobody'"))
    with pytest.raises(Exception, match="append-only"), db.write() as conn:
        conn.execute(text("DELETE FROM audit_log"))


def test_failed_write_leaves_no_half_change(db):
    plan_id = store.create_plan(db, CENTRAL, "m", chosen({"a": "440106", "b": "440105"}))
    n = audit_count(db)
    store.transition(db, GD, plan_id, "b", "recommended", 1)  # b is now at version 2
    n += 1
    with pytest.raises(StaleWrite):
        store.transition_many(db, GD, plan_id, [("a", 1), ("b", 1)], "recommended")
    assert store.community(db, plan_id, "a")["status"] == "candidate"
    assert audit_count(db) == n


def test_a_bulk_move_writes_what_single_moves_write(db):
    """transition_many (one UPDATE, one INSERT of audit entries) leaves the rows and the
    audit log as transition does one community at a time, but the times and versions."""
    rows = {f"b{k}": "440106" for k in range(5)} | {f"s{k}": "440105" for k in range(5)}
    plan_id = store.create_plan(db, CENTRAL, "bulk", chosen(rows))
    for k in range(5):
        store.transition(db, GD, plan_id, f"s{k}", "recommended", 1, "基础好")
    n = audit_count(db)
    moved = [(f"b{k}", 1) for k in reversed(range(5))]  # any order: written in id order
    assert store.transition_many(db, GD, plan_id, moved, "recommended", "基础好") == 5
    assert audit_count(db) == n + 5

    def plain(row):
        drop = {"id", "community_id", "name", "county_code", "score", "rank", "updated_at"}
        return {k: v for k, v in row.items() if k not in drop}

    log = store.audit_log(db, plan_id)
    for k in range(5):
        bulk = log[log["community_id"] == f"b{k}"].iloc[-1]
        single = log[log["community_id"] == f"s{k}"].iloc[-1]
        for col in ("user_name", "action", "entity", "reason"):
            assert bulk[col] == single[col]
        assert plain(bulk["before"]) == plain(single["before"])
        assert plain(bulk["after"]) == plain(single["after"])
        assert bulk["after"]["status"] == "recommended" and bulk["after"]["version"] == 2
        row = store.community(db, plan_id, f"b{k}")
        assert (row["status"], row["version"], row["reason"]) == ("recommended", 2, "基础好")
        assert bulk["entity_id"] == str(row["id"])
    assert list(log["community_id"].iloc[-5:]) == [f"b{k}" for k in range(5)]


def test_a_bulk_move_stops_at_the_first_failing_community_with_nothing_written(db):
    rows = {"a": "440106", "b": "310101", "c": "440105"}
    plan_id = store.create_plan(db, CENTRAL, "bulk", chosen(rows))
    n = audit_count(db)
    moves = [("a", 1), ("b", 1), ("c", 1)]
    with pytest.raises(PermissionDenied):  # b is Shanghai's: Guangdong may not move it
        store.transition_many(db, GD, plan_id, moves, "recommended")
    with pytest.raises(InputError, match="zz"):  # not in the plan
        store.transition_many(db, GD, plan_id, [("a", 1), ("zz", 1)], "recommended")
    with pytest.raises(IllegalTransition):  # candidate → launched skips steps
        store.transition_many(db, CENTRAL, plan_id, moves, "launched")
    assert {store.community(db, plan_id, c)["status"] for c in rows} == {"candidate"}
    assert audit_count(db) == n
    assert store.transition_many(db, GD, plan_id, [], "recommended") == 0


def test_plan_keeps_parameters_and_timeline(db):
    params = {
        "weights": {"youth": 0.4, "children": 0.6},
        "quota": 1000,
        "constraints": {"focus_cities": True},
    }
    plan_id = store.create_plan(db, CENTRAL, "全国第一批", chosen({"a": "440106"}), params=params)
    plan = store.get_plan(db, plan_id)
    assert plan["params"] == params
    assert [p.key for p in store.plan_timeline(db, plan_id)] == ["file", "implement", "evaluate"]
    moved = [{"key": "evaluate", "start": "2022-06-01", "end": "2022-06-30"}]
    store.set_timeline(db, CENTRAL, plan_id, moved, plan["version"])
    assert store.plan_timeline(db, plan_id)[0].start == dt.date(2022, 6, 1)
    with pytest.raises(StaleWrite):
        store.set_timeline(db, CENTRAL, plan_id, moved, plan["version"])


def test_duplicate_plan_name_and_bad_chosen_rows_are_input_errors(db):
    store.create_plan(db, CENTRAL, "dup", chosen({"a": "440106"}))
    with pytest.raises(InputError) as err:
        store.create_plan(db, CENTRAL, "dup", chosen({"a": "440106"}))
    assert err.value.problems[0].code == "exists"
    with pytest.raises(InputError) as err:
        store.create_plan(db, CENTRAL, "bad", pd.DataFrame({"id": ["a"], "name": ["x"]}))
    assert err.value.problems[0].column == "county_code"


def test_manual_addition_needs_a_reason_and_is_flagged(db):
    plan_id = store.create_plan(db, CENTRAL, "m", chosen({"a": "440106"}))
    with pytest.raises(InputError):
        store.add_community(
            db, GD, plan_id, {"id": "z", "name": "Z", "county_code": "440103"}, reason=""
        )
    with pytest.raises(PermissionDenied):
        store.add_community(
            db, SH, plan_id, {"id": "z", "name": "Z", "county_code": "440103"}, reason="r"
        )
    row = store.add_community(
        db, GD, plan_id, {"id": "z", "name": "Z", "county_code": "440103"}, reason="省里补充"
    )
    assert (row["manual"], row["reason"], row["status"]) == (True, "省里补充", "candidate")


def test_status_board_and_exports(db, staged):
    board = store.status_board(db, staged)
    assert board["total"].sum() == len(STAGED)
    assert board.loc["44", "candidate"] == 1 and board.loc["42", "exited"] == 1
    by_region = store.status_board(db, staged, by="region")
    assert by_region.loc["east", "total"] == 6 and by_region.loc["central", "total"] == 1
    book = pd.read_excel(io.BytesIO(reports.filing_xlsx(db, staged, "zh")), sheet_name=None)
    filing = next(iter(book.values()))
    assert {"社区编号", "备案状态"} <= set(filing.columns) and len(filing) == len(STAGED) - 1
    ev = pd.read_excel(io.BytesIO(reports.evaluation_xlsx(db, staged, "en")), sheet_name=None)
    assert len(ev) == 3 and len(next(iter(ev.values()))) == 2  # units 35 and 37 were evaluated
    # a unit's scores are its evaluated communities' means, and say so
    assert {"Mean total", "After-school care (mean)"} <= set(next(iter(ev.values())).columns)


def test_users_authenticate_and_never_store_the_password(db):
    store.create_user(db, "gd", "粤青春2021!", "province", "44")
    assert store.authenticate(db, "gd", "粤青春2021!") == GD
    assert store.authenticate(db, "gd", "wrong password") is None
    assert store.authenticate(db, "nobody", "粤青春2021!") is None
    with db.read() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalar_one()
        audit = str(conn.exec_driver_sql("SELECT after FROM audit_log").all())
    assert stored.startswith("$argon2id$") and "粤青春" not in stored and "argon2" not in audit
    with pytest.raises(InputError) as err:
        store.create_user(db, "gd", "another password", "viewer")
    assert "already exists" in i18n.problems_text(err.value.problems, "en")
    with pytest.raises(PermissionDenied):
        store.create_user(db, "x", "password123", "central", actor=GD)
    store.set_password(db, "gd", "new password 1")
    assert store.authenticate(db, "gd", "new password 1") == GD


def test_a_clash_the_database_detects_is_a_stale_write(db):
    from geo.store.models import USERS

    store.create_user(db, "gd", "password-gd", "province", "44")
    n = audit_count(db)
    with pytest.raises(StaleWrite, match="nothing was written"), db.write() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (at, user_name, action, entity, entity_id, reason) VALUES (CURRENT_TIMESTAMP, 'x', 'x', 'x', 'x', '')"
            )
        )
        conn.execute(
            USERS.insert().values(
                name="gd",
                password_hash="x",
                role="viewer",
                active=True,
                created_at=dt.datetime(2021, 5, 1),
                version=1,
            )
        )
    assert audit_count(db) == n  # the whole transaction rolled back


def _write_paths(db, plan_id):
    """Every write of geo.store as ``name → fn(user)``, aimed at Guangdong's communities of
    ``plan_id``: ``th`` (Tianhe 440106) and ``yx`` (Yuexiu 440104) filed, ``cd`` (Tianhe)
    still a candidate."""

    def status(user, cid, target, reason=""):
        return store.transition(db, user, plan_id, cid, target, version(db, plan_id, cid), reason)

    return {
        "recommend": lambda u: status(u, "cd", "recommended"),
        "launch_other_county": lambda u: status(u, "yx", "launched"),
        "exit": lambda u: status(u, "th", "exited", "撤并"),
        "bulk": lambda u: store.transition_many(
            db, u, plan_id, [("yx", version(db, plan_id, "yx"))], "launched"
        ),
        "note_other_county": lambda u: store.set_note(
            db, u, plan_id, "yx", "x", version(db, plan_id, "yx")
        ),
        "submit": lambda u: store.submit_filing(
            db, u, plan_id, "44", unit_version(db, plan_id, "44")
        ),
        "accept": lambda u: store.accept_filing(
            db, u, plan_id, "44", unit_version(db, plan_id, "44")
        ),
        "return": lambda u: store.return_filing(
            db, u, plan_id, "44", unit_version(db, plan_id, "44"), reason="补材料"
        ),
        "evaluate": lambda u: store.record_evaluation(
            db, u, plan_id, "th", SCORES, eval_date=dt.date(2022, 5, 9), expert="李"
        ),
        "national_plan": lambda u: store.create_plan(db, u, "n", chosen({"n": "440106"})),
        "provincial_plan": lambda u: store.create_plan(
            db, u, "g", chosen({"g": "440106"}), province_code="44"
        ),
        "add_community": lambda u: store.add_community(
            db, u, plan_id, {"id": "z", "name": "Z", "county_code": "440106"}, reason="补充"
        ),
        "timeline": lambda u: store.set_timeline(
            db,
            u,
            plan_id,
            [{"key": "file", "start": "2021-06-01", "end": "2021-06-30"}],
            store.get_plan(db, plan_id)["version"],
        ),
        "create_user": lambda u: store.create_user(db, "new", "password-123", "viewer", actor=u),
        "other_password": lambda u: store.set_password(db, "centre", "password-123", actor=u),
    }


def _snapshot(db, plan_id):
    comm = store.communities(db, plan_id)[["community_id", "status", "note", "version"]]
    fil = store.filings(db, plan_id)[["unit", "state", "version"]]
    return comm.to_dict("records"), fil.to_dict("records"), audit_count(db)


@pytest.mark.parametrize("user", [VIEWER, TIANHE], ids=["viewer", "county"])
def test_viewer_and_county_are_refused_on_every_write_path_of_the_library(db, user):
    """The role check lives in geo.store: called directly, with no page in front, a viewer
    writes nothing and a county account only reports its own county's communities launched
    and edits their notes. Every refusal leaves rows, filings and the audit log as they were."""
    store.create_user(db, "centre", "centre-password", "central")
    plan_id = store.create_plan(
        db, CENTRAL, "roles", chosen({"th": "440106", "yx": "440104", "cd": "440106"})
    )
    for cid in ("th", "yx"):
        advance(db, plan_id, cid, "filed")
    paths = _write_paths(db, plan_id)
    before = _snapshot(db, plan_id)
    refused = {}
    for name, write in paths.items():
        with pytest.raises((PermissionDenied, IllegalTransition)) as err:
            write(user)
        refused[name] = type(err.value).__name__
    assert _snapshot(db, plan_id) == before
    assert store.list_plans(db)["name"].tolist() == ["roles"]
    assert store.list_users(db)["name"].tolist() == ["centre"]
    # only the lifecycle's role rule (not the geography) stops a county recommending or
    # exiting its own community; everything else is a permission refusal
    lifecycle_only = {"recommend", "exit"} if user is TIANHE else set()
    assert {k for k, v in refused.items() if v == "IllegalTransition"} == lifecycle_only
    if user is TIANHE:  # what a county may do, it does, on its own county only
        row = store.transition(db, TIANHE, plan_id, "th", "launched", version(db, plan_id, "th"))
        assert (
            store.set_note(db, TIANHE, plan_id, "th", "已挂牌", row["version"])["note"] == "已挂牌"
        )


def test_a_stale_filing_decision_is_refused_and_names_the_change(db):
    # two central officers open the same submitted filing; one returns it, the other then
    # accepts on the version they read: refused, naming who changed what
    colleague = User("centre2", "central")
    plan_id = store.create_plan(db, CENTRAL, "f", chosen({"a": "440106"}))
    store.transition(db, GD, plan_id, "a", "recommended", 1)
    store.submit_filing(db, GD, plan_id, "44", unit_version(db, plan_id, "44"))
    seen = unit_version(db, plan_id, "44")
    returned = store.return_filing(db, colleague, plan_id, "44", seen, reason="补充结对高校")
    n = audit_count(db)
    with pytest.raises(StaleWrite) as err:
        store.accept_filing(db, CENTRAL, plan_id, "44", seen)
    message = str(err.value)
    assert "changed by centre2" in message
    assert "state: 'submitted' → 'returned'" in message and "补充结对高校" in message
    assert f"version {seen} → {returned['version']}" in message
    assert store.community(db, plan_id, "a")["status"] == "recommended"
    assert store.filings(db, plan_id).set_index("unit").at["44", "state"] == "returned"
    assert audit_count(db) == n
