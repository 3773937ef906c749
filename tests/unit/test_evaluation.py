"""The rubric's pre-filled evidence and totals against a hand computation, recommendations
with reasons, rubric files, and the next cycle's carried-over and freed places."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo.analysis import scoring
from geo.core.errors import InputError
from geo.plan import evaluation as ev
from geo.plan import next_cycle, progress
from tests import _scoring_data as sd
from tests.unit.test_progress import ACTIVITIES, AGREEMENTS, AREAS, ASOF, HOMES, PEOPLE

RUBRIC = ev.Rubric(
    "测试细则",
    (
        ev.Indicator("after_school_months", "after_school", 30, 4, 1),
        ev.Indicator("volunteer_hours", "overall", 50, 10, 5),
        ev.Indicator("home_in_use", "overall", 20, 1, 1),
    ),
    continue_at=60,
    exit_below=20,
)


@pytest.fixture
def result():
    prog = progress.community_progress(
        AREAS, ACTIVITIES, PEOPLE, AGREEMENTS, HOMES, ASOF, start=dt.date(2021, 5, 1)
    )
    evidence = ev.measure(prog, ACTIVITIES, PEOPLE, AGREEMENTS, ASOF)
    experts = pd.DataFrame(
        {
            "community_id": ["A"],
            "after_school": [20.0],
            "elderly_digital": [18.0],
            "environment": [21.0],
            "youth_care": [19.0],
            "total": [78.0],
        }
    )
    return evidence, ev.evaluate(RUBRIC, evidence, prog, experts)


def test_evidence_equals_a_hand_count_of_the_records(result):
    evidence, _ = result
    assert list(evidence.columns) == list(ev.MEASURES)
    assert evidence.loc["A", "after_school_months"] == 1  # September
    assert evidence.loc["A", "elderly_digital_months"] == 1  # July
    assert evidence.loc["B", "environment_months"] == 1
    assert evidence.loc["A", "volunteer_hours"] == 12.0
    assert evidence.loc["B", "volunteer_hours"] == 4.0
    assert evidence.loc["A", "members_registered"] == 14
    assert evidence.loc["A", "people"] == 3  # 1 cadre + 1 social worker + 1 organisation
    assert evidence["home_in_use"].tolist() == [1.0, 0.0, 0.0]


def test_rubric_totals_and_recommendations_equal_a_hand_computation(result):
    _, res = result
    sheet = res.sheet.set_index("community_id")
    # A: 30·min(1/4,1) + 50·min(12/10,1) + 20·1 = 7.5 + 50 + 20 = 77.5
    # B: 0 + 50·0.4 + 0 = 20 ; C: 0
    assert sheet["rubric_total"].tolist() == [77.5, 20.0, 0.0]
    assert sheet["recommendation"].tolist() == ["continue", "improve", "exit"]
    assert sheet.loc["A", "ev_volunteer_hours"] == 12.0
    assert sheet.loc["A", "pt_after_school_months"] == 7.5
    assert sheet.loc["A", "expert_total"] == 78.0 and pd.isna(sheet.loc["B", "expert_total"])
    assert sheet.loc["B", "reasons"] == [
        ("after_school_months", 0.0, 1.0),
        ("volunteer_hours", 4.0, 5.0),
        ("home_in_use", 0.0, 1.0),
    ]
    assert sheet.loc["A", "reasons"] == []


def test_summary_by_province_and_the_exit_list(result):
    _, res = result
    summary = res.summary().set_index("quota_unit")
    assert summary.loc["51", ["communities", "continue", "improve", "exit"]].tolist() == [
        3,
        1,
        1,
        1,
    ]
    exits = res.exits()
    assert exits["community_id"].tolist() == ["C"]
    assert exits.loc[0, "county_code"] == "510105"


def test_a_rubric_round_trips_through_toml_and_bad_fields_are_named():
    assert ev.rubric_from_toml(ev.rubric_to_toml(RUBRIC)) == RUBRIC
    bad = """name = "x"
continue_at = 40
exit_below = 60
[[indicator]]
measure = "smiles"
weight = 0
target = 1
"""
    with pytest.raises(InputError) as err:
        ev.rubric_from_toml(bad, file="rubric.toml")
    assert {p.column for p in err.value.problems} == {
        "indicator[1].measure",
        "indicator[1].weight",
        "exit_below",
    }


def test_the_next_cycle_carries_over_kept_communities_and_refills_freed_places():
    cands, _ = scoring.prepare(
        sd.communities(300, 3), sd.points("youth_homes", 40, 4), sd.points("campuses", 20, 5)
    )
    units = cands["quota_unit"].value_counts()
    unit = units.index[0]
    first = cands.loc[cands["quota_unit"] == unit].nlargest(6, "score")
    plan = pd.DataFrame(
        {
            "community_id": first["id"],
            "name": first["id"],
            "county_code": first["county_code"],
            "quota_unit": unit,
            "status": "launched",
        }
    )
    recommendation = ["continue", "continue", "improve", "continue", "exit", "exit"]
    sheet = plan.assign(
        recommendation=recommendation,
        rubric_total=[90, 80, 60, 75, 10, 5],
        expert_total=float("nan"),
        reasons=[[]] * 6,
    )
    nxt = next_cycle.plan_next(plan, ev.Evaluation(sheet, RUBRIC))
    assert nxt.quotas == {unit: 6}
    assert nxt.freed == {unit: 2}
    assert list(nxt.carried["community_id"]) == list(first["id"][:4])
    pick = next_cycle.refill(cands, nxt)
    chosen = set(pick.chosen["id"])
    assert len(chosen) == 6
    assert set(first["id"][:4]) <= chosen  # carried over
    assert not chosen & set(first["id"][4:])  # exited ones not picked again
