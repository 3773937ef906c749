"""The lifecycle rules: only listed transitions, by the right roles, with reasons."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from geo import i18n
from geo.core.errors import InputError
from geo.plan import lifecycle
from geo.plan.lifecycle import STATUSES, TRANSITIONS, IllegalTransition, check_transition

LEGAL = {(t.source, t.target) for t in TRANSITIONS}
ILLEGAL = [pair for pair in itertools.product(STATUSES, STATUSES) if pair not in LEGAL]


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_every_unlisted_transition_is_refused_even_for_central(source, target):
    with pytest.raises(IllegalTransition):
        check_transition(source, target, "central", reason="because", via="direct")


@pytest.mark.parametrize("rule", TRANSITIONS, ids=lambda r: f"{r.source}-{r.target}")
def test_every_listed_transition_is_accepted_for_its_roles_only(rule):
    for role in lifecycle.ROLES:
        if role in rule.roles:
            assert check_transition(rule.source, rule.target, role, "why", via=rule.via) == rule
        else:
            with pytest.raises(IllegalTransition):
                check_transition(rule.source, rule.target, role, "why", via=rule.via)


def test_filing_and_evaluation_transitions_cannot_be_made_directly():
    with pytest.raises(IllegalTransition) as err:
        check_transition("recommended", "filed", "central")
    assert "filing" in i18n.problems_text(err.value.problems, "en")
    assert "备案" in i18n.problems_text(err.value.problems, "zh")
    with pytest.raises(IllegalTransition) as err:
        check_transition("launched", "evaluated", "central")
    assert "evaluation" in i18n.problems_text(err.value.problems, "en")
    assert "评估" in i18n.problems_text(err.value.problems, "zh")


@pytest.mark.parametrize("source", ["filed", "launched", "evaluated", "continued"])
def test_exit_requires_a_reason(source):
    with pytest.raises(IllegalTransition) as err:
        check_transition(source, "exited", "central", reason="  ")
    assert err.value.problems[0].code == "reason_required"
    assert check_transition(source, "exited", "central", reason="moved away").target == "exited"


def test_viewer_can_make_no_transition():
    assert all(
        lifecycle.targets(s, "viewer", via=v) == []
        for s in STATUSES
        for v in ("direct", "filing", "evaluation")
    )


def test_county_can_only_launch():
    reachable = {(s, t) for s in STATUSES for t in lifecycle.targets(s, "county")}
    assert reachable == {("filed", "launched")}


def test_illegal_transition_is_an_input_error_with_a_reason():
    with pytest.raises(InputError) as err:
        check_transition("candidate", "launched", "central")
    en = i18n.problems_text(err.value.problems, "en")
    assert "Candidate → Launched".lower() in en.lower(), en
    assert "“候选”变为“已启动”" in str(err.value)  # Chinese by default


@pytest.mark.parametrize(
    ("state", "move", "result"),
    [
        ("open", "submit", "submitted"),
        ("returned", "submit", "submitted"),
        ("accepted", "submit", "submitted"),
        ("submitted", "accept", "accepted"),
        ("submitted", "return", "returned"),
    ],
)
def test_filing_moves(state, move, result):
    assert lifecycle.check_filing_move(state, move, reason="r") == result


@pytest.mark.parametrize(
    ("state", "move"),
    [
        ("submitted", "submit"),
        ("open", "accept"),
        ("returned", "accept"),
        ("accepted", "return"),
        ("open", "return"),
    ],
)
def test_illegal_filing_moves_are_refused(state, move):
    with pytest.raises(IllegalTransition):
        lifecycle.check_filing_move(state, move, reason="r")


@pytest.mark.parametrize("state", lifecycle.FILING_STATES)
@pytest.mark.parametrize("recommended", [0, 2])
def test_closed_filing_moves_are_exactly_those_the_check_refuses(state, recommended):
    closed = lifecycle.closed_filing_moves(state, recommended)
    for move in ("submit", "accept", "return"):
        try:
            lifecycle.check_filing_move(state, move, reason="r")
            refused = move == "submit" and recommended == 0  # the store refuses it then
        except IllegalTransition:
            refused = True
        assert (move in closed) == refused, (state, move)
    for problem in closed.values():  # each says why in both languages, with no gap
        for lang in i18n.LANGS:
            text = i18n.problem_text(problem, lang)
            assert text and "{" not in text and "⟦" not in text
    if "accept" in closed:
        assert i18n.problem_text(closed["accept"], "en").startswith("the filing is “")


def test_returning_a_filing_needs_a_reason():
    with pytest.raises(IllegalTransition):
        lifecycle.check_filing_move("submitted", "return", reason="")


def test_default_timeline_is_the_first_cycle():
    phases = {p.key: p for p in lifecycle.DEFAULT_TIMELINE}
    assert phases["file"].start == dt.date(2021, 5, 1)
    assert phases["implement"].end == dt.date(2022, 4, 30)
    assert lifecycle.phases_on(lifecycle.DEFAULT_TIMELINE, dt.date(2022, 5, 15)) == ["evaluate"]
    assert lifecycle.phases_on(lifecycle.DEFAULT_TIMELINE, dt.date(2021, 5, 15)) == [
        "file",
        "implement",
    ]


def test_a_new_plans_timeline_is_the_cycle_of_the_year_its_name_gives_else_this_years():
    """A plan saved in December 2026 was given May 2021-May 2022: outside every phase, every
    community idle since 2021, its records' dates matching no plan."""
    today = dt.date(2026, 12, 5)
    cases = {
        "2026 national first batch": 2026,
        "2021 全国第一批": 2021,  # the first cycle, as before
        "2027年全国第二批": 2027,
        "全国方案A": 2026,  # no year: this year's cycle
        "P20301": 2026,  # a year only standing alone counts
    }
    for name, year in cases.items():
        phases = {p.key: p for p in lifecycle.cycle_timeline(name, today)}
        assert phases["file"].start == dt.date(year, 5, 1), name
        assert phases["implement"].end == dt.date(year + 1, 4, 30), name
        assert phases["evaluate"].end == dt.date(year + 1, 5, 31), name
    mine = lifecycle.cycle_timeline("2026 national first batch", today)
    assert lifecycle.phases_on(mine, today) == ["implement"]
    assert lifecycle.cycle_timeline("2021 全国第一批", today) == lifecycle.DEFAULT_TIMELINE


def test_a_timeline_moves_by_whole_years_29_february_to_28():
    leap = (lifecycle.Phase("file", dt.date(2024, 2, 29), dt.date(2024, 3, 31)),)
    assert lifecycle.shifted(leap, 1) == (
        lifecycle.Phase("file", dt.date(2025, 2, 28), dt.date(2025, 3, 31)),
    )
    assert lifecycle.shifted(leap, 4) == (
        lifecycle.Phase("file", dt.date(2028, 2, 29), dt.date(2028, 3, 31)),
    )


def test_timeline_round_trips_through_json():
    moved = [{"key": "file", "start": "2023-03-01", "end": "2023-03-31"}]
    assert lifecycle.timeline_to_json(lifecycle.timeline_from_json(moved)) == moved


def test_bad_timeline_names_row_and_column():
    with pytest.raises(InputError) as err:
        lifecycle.timeline_from_json(
            [
                {"key": "file", "start": "2021-05-01", "end": "2021-04-01"},
                {"key": "x", "start": "soon", "end": "2022-01-01"},
            ]
        )
    where = {(p.row, p.column) for p in err.value.problems}
    assert where == {(1, "end"), (2, "start")}


def test_refusals_say_what_may_follow_and_who_may_do_it():
    from geo.core.errors import PermissionDenied
    from geo.plan import auth, lifecycle

    with pytest.raises(lifecycle.IllegalTransition) as err:
        lifecycle.check_transition("exited", "continued", "central")
    assert err.value.problems[0].code == "final_status"
    with pytest.raises(lifecycle.IllegalTransition) as err:
        lifecycle.check_transition("filed", "continued", "central")
    problem = err.value.problems[0]
    assert problem.code == "illegal_transition" and problem.params["allowed"] == (
        "launched",
        "exited",
    )
    with pytest.raises(lifecycle.IllegalTransition) as err:
        lifecycle.check_transition("evaluated", "continued", "province")
    assert err.value.problems[0].params["roles"] == ("central",)
    steps = lifecycle.next_steps("recommended", "province")
    assert steps.mine == ("candidate",) and steps.indirect == (("filed", "filing"),)
    assert lifecycle.next_steps("exited", "central").final
    gd = auth.User("gd", "province", "44")
    with pytest.raises(PermissionDenied) as denied:
        auth.require_community_write(gd, "31", "310101", "set status")
    assert (denied.value.kind, denied.value.area) == ("area", "31")
    with pytest.raises(PermissionDenied) as denied:
        auth.require_role(gd, "central")
    assert (denied.value.kind, denied.value.roles) == ("role", ("central",))
