"""The rubric's pre-filled evidence and totals against a hand computation, recommendations
with reasons, rubric files, and the next cycle's carried-over and freed places."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo.analysis import scoring
from geo.core.errors import InputError
from geo.export import records as er
from geo.plan import evaluation as ev
from geo.plan import next_cycle, progress
from tests import _scoring_data as sd
from tests.unit.test_progress import ACTIVITIES, AGREEMENTS, AREAS, ASOF, HOMES, PEOPLE, act

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
    # the province's figures are means, the experts' over those they scored (A's 78 alone)
    assert summary.loc["51", ["expert_total", "expert_scored"]].tolist() == [78.0, 1]
    book = er.evaluation_summary(res, "zh")
    assert list(book.columns[3:6]) == ["平均细则总分", "平均专家总分（已评的）", "专家已评数"]
    exits = res.exits()
    assert exits["community_id"].tolist() == ["C"]
    assert exits.loc[0, "county_code"] == "510105"
    assert len(book) == 1  # one province: no total row saying the same again


def test_the_summary_ends_with_the_whole_actions_row(result):
    """The centre read 32 provinces' rows and no national line: how many communities it
    keeps, improves or exits in all, and their mean (over the communities, not the
    provinces' means)."""
    _, res = result
    sheet = res.sheet.copy()
    sheet.loc[sheet.index[0], "quota_unit"] = "44"  # A is Guangdong's, B and C Sichuan's
    two = ev.Evaluation(sheet, res.rubric)
    rows = two.summary(total=True).set_index("quota_unit")
    assert list(rows.index) == ["44", "51", ev.TOTAL]
    whole = rows.loc[ev.TOTAL]
    assert whole["communities"] == 3
    assert whole[["continue", "improve", "exit"]].tolist() == rows.loc[["44", "51"], ["continue", "improve", "exit"]].sum().tolist()  # fmt: skip
    assert whole["rubric_total"] == round(sheet["rubric_total"].mean(), 1)
    assert whole[["expert_total", "expert_scored"]].tolist() == [78.0, 1]
    shown = er.evaluation_summary(two, "en")
    assert shown.iloc[-1, :3].tolist() == ["", "Total", 3]  # not "National": a region's too
    assert len(two.summary()) == 2  # without total=True, the provinces only


def _year(areas: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fixture's year read as of ``ASOF`` for ``areas``: its progress and evidence."""
    prog = progress.community_progress(
        areas, ACTIVITIES, PEOPLE, AGREEMENTS, HOMES, ASOF, start=dt.date(2021, 5, 1)
    )
    return prog, ev.measure(prog, ACTIVITIES, PEOPLE, AGREEMENTS, ASOF)


def _experts(points: list[float], totals: list[float]) -> pd.DataFrame:
    """Experts' evaluations of A, B and C: ``points`` in every task area, and ``totals``."""
    return pd.DataFrame(
        {
            "community_id": ["A", "B", "C"],
            **{a: points for a in ev.TASK_AREAS},
            "total": totals,
        }
    )


def test_the_experts_total_and_then_the_centres_decision_decide_over_the_rubric():
    """The recommendation followed the rubric's total only: the experts' scores sat beside
    it and the centre's 继续实施 was undone, so the next cycle exited communities the
    experts or the centre had kept."""
    areas = AREAS.assign(status=["evaluated", "evaluated", "continued", "exited"])
    prog, evidence = _year(areas)
    # A below exit_below (20), B above continue_at (60)
    experts = _experts([4.0, 17.5, 2.0], [16.0, 70.0, 8.0])
    sheet = ev.evaluate(RUBRIC, evidence, prog, experts).sheet.set_index("community_id")
    assert sheet["rubric_total"].tolist() == [77.5, 20.0, 0.0]  # as before: the rubric's
    assert sheet["recommendation"].tolist() == ["exit", "continue", "continue"]
    assert sheet["basis"].tolist() == ["experts", "experts", "decision"]
    nxt = next_cycle.plan_next(areas, ev.evaluate(RUBRIC, evidence, prog, experts))
    assert set(nxt.carried["community_id"]) == {"B", "C"}
    # A, recommended to exit, and X, exited by the centre, free their places: the quota of
    # 51 stays the plan's four
    assert set(nxt.exited["community_id"]) == {"A", "X"}
    assert nxt.quotas == {"51": 4} and nxt.freed == {"51": 2}
    # recorded in the plan: B continued (C already is), A exited on the experts' total (X
    # already is)
    found = next_cycle.outcomes(nxt, areas.assign(version=[3, 4, 5, 6]))
    assert found.continued == {next_cycle.KEEP_REASONS["continue"]: [("B", 4)]}
    assert found.exited == {next_cycle.EXIT_REASONS["experts"]: [("A", 3)]}
    assert found.unevaluated == 0 and len(found) == 2
    # read as of a day before X's exit (the outcome recorded after the year), X is in the
    # year's sheet, as the centre decided
    later = areas.assign(exited_on=[None, None, None, ASOF + dt.timedelta(days=5)])
    prog, evidence = _year(later)
    sheet = ev.evaluate(RUBRIC, evidence, prog, experts).sheet.set_index("community_id")
    assert (sheet.at["X", "recommendation"], sheet.at["X", "basis"]) == ("exit", "decision")
    nxt = next_cycle.plan_next(later, ev.evaluate(RUBRIC, evidence, prog, experts))
    assert set(nxt.exited["community_id"]) == {"A", "X"} and nxt.freed == {"51": 2}


def test_the_outcome_keeps_which_continued_communities_are_to_improve():
    """A community recommended to continue and one to improve (整改提升) were both recorded
    as 继续实施 with no reason: the next year's experts could not tell one put on notice to
    improve from one that did well."""
    from geo.export import reports

    areas = AREAS.assign(status=["evaluated", "evaluated", "evaluated", "exited"])
    prog, evidence = _year(areas)
    # continue (60 and up), improve, exit (below 20)
    experts = _experts([17.5, 10.0, 2.0], [70.0, 40.0, 8.0])
    nxt = next_cycle.plan_next(areas, ev.evaluate(RUBRIC, evidence, prog, experts))
    found = next_cycle.outcomes(nxt, areas.assign(version=[3, 4, 5, 6]))
    keep = next_cycle.KEEP_REASONS
    assert found.continued == {keep["continue"]: [("A", 3)], keep["improve"]: [("B", 4)]}
    assert (found.kept, found.leaving, len(found)) == (2, 1, 3)
    for lang, said in (
        ("zh", "年度评估：继续实施，整改提升"),
        ("en", "Year's evaluation: continue and improve"),
    ):
        assert reports.reason_text(keep["improve"], lang) == said


def test_a_community_its_county_never_launched_is_recommended_to_exit_as_such():
    """Filed and never launched over the year, a community was recommended to exit on the
    rubric's indicators (四点半课堂开展月数 0 …) as if it had worked badly."""
    areas = AREAS.assign(status=["filed", "launched", "launched", "exited"])
    acts = ACTIVITIES.loc[ACTIVITIES["community_id"] != "A"]
    prog = progress.community_progress(areas, acts, PEOPLE, AGREEMENTS, HOMES, ASOF)
    evidence = ev.measure(prog, acts, PEOPLE, AGREEMENTS, ASOF)
    result = ev.evaluate(RUBRIC, evidence, prog)
    sheet = result.sheet.set_index("community_id")
    assert (sheet.at["A", "recommendation"], sheet.at["A", "basis"]) == ("exit", "not_launched")
    assert sheet.at["B", "basis"] == "rubric"
    assert list(result.exits()["community_id"]) == ["C", "A"]  # A's Youth Home earns points


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


def _of(frame: pd.DataFrame, cid: str) -> pd.DataFrame:
    return frame.loc[frame["community_id"] == cid].reset_index(drop=True)


def test_one_communitys_evaluation_form_evidence_equals_a_hand_count():
    recs = {
        "activities": _of(ACTIVITIES, "A"),
        "people": _of(PEOPLE, "A"),
        "agreements": _of(AGREEMENTS, "A"),
        "homes": _of(HOMES, "A"),
    }
    items, suggested = ev.community_evidence(
        _of(AREAS, "A"), recs, ASOF, RUBRIC, start=dt.date(2021, 5, 1)
    )
    got = dict(zip(items["item"], items["value"], strict=True))
    assert set(items["group"]) == set(ev.EVIDENCE_GROUPS)
    # activities up to 30 September: after-school on 20 Sept (campus, 10 h, 8 children),
    # elderly help on 15 July (2 h, 5 elderly)
    assert got["activities_after_school"] == 1 and got["months_after_school"] == 1
    assert got["activities_elderly_digital"] == 1 and got["activities_environment"] == 0
    assert got["activities"] == 2 and got["last_activity"] == dt.date(2021, 9, 20)
    assert got["participants"] == 10 and got["volunteer_hours"] == 12.0
    assert (got["children"], got["elderly"], got["vulnerable_youth"]) == (8, 5, 0)
    # people: the latest month up to the day (September), not August
    assert got["month"] == "2021-09" and got["members_registered"] == 14
    assert (got["cadres"], got["social_workers"], got["youth_orgs"]) == (1, 1, 1)
    assert got["campus_partner"] == "U1" and got["campus_visits"] == 1
    assert got["resident_agreements"] == 0
    assert got["home_state"] == "in_use" and got["home_area_m2"] == 50.0
    assert got["home_opening_hours"] is None  # not recorded: shown as —
    # rubric: after-school 1 month of target 4 → 30·¼ = 7.5; 12 h of target 10 → 50;
    # home in use → 20; total 77.5 of 100 → continue (≥ 60)
    assert got["rubric_total"] == 77.5 and got["recommendation"] == "continue"
    # the after-school area holds one indicator: 7.5 of its 30 points → 25 · ¼ = 6.25 → 6.2
    assert suggested == {"after_school": round(25 * 7.5 / 30, 1)}


def test_a_community_with_no_record_has_empty_evidence():
    empty = {
        k: v.iloc[0:0]
        for k, v in zip(
            ("activities", "people", "agreements", "homes"),
            (ACTIVITIES, PEOPLE, AGREEMENTS, HOMES),
            strict=True,
        )
    }
    items, _ = ev.community_evidence(_of(AREAS, "C"), empty, ASOF, RUBRIC)
    got = dict(zip(items["item"], items["value"], strict=True))
    assert got["activities"] == 0 and got["last_activity"] is None
    assert got["members_registered"] is None and got["home_state"] is None
    assert got["recommendation"] == "exit"


def test_the_rubric_label_says_default_only_for_the_default_rubric():
    import dataclasses

    from geo.export import records as er

    assert ev.rubric_state(ev.DEFAULT_RUBRIC) == "default"
    from_file = ev.rubric_from_toml(ev.rubric_to_toml(ev.DEFAULT_RUBRIC).replace("70", "75"))
    assert ev.rubric_state(from_file) == "unsaved"
    assert "未保存" in er.rubric_label(from_file) and "默认" not in er.rubric_label(from_file)
    saved = dataclasses.replace(from_file, version=3)
    assert er.rubric_label(saved, "en") == f"Rubric: {saved.name} (version 3)"


def test_the_default_rubric_is_named_in_the_readers_language():
    """The built-in rubric's name is catalogue text (English pages showed its Chinese
    name); a rubric a user saved keeps the name it was given."""
    import dataclasses

    from geo.export import records as er

    assert er.rubric_label(ev.DEFAULT_RUBRIC, "en") == (
        "Rubric: Community Youth Action evaluation rubric (default, not saved)"
    )
    assert er.rubric_label(ev.DEFAULT_RUBRIC) == "细则：社区青春行动评估细则（默认，未保存）"
    named = dataclasses.replace(ev.DEFAULT_RUBRIC, name="四川细则", version=2)
    assert er.rubric_name(named, "en") == "四川细则"


def test_an_evaluation_a_month_or_more_before_the_years_end_is_a_progress_check():
    import datetime as dt

    from geo.plan import evaluation as ev

    year = (dt.date(2021, 5, 1), dt.date(2022, 4, 30))
    assert ev.year_not_over(dt.date(2021, 9, 20), year)
    assert ev.year_not_over(dt.date(2022, 3, 30), year)
    assert not ev.year_not_over(dt.date(2022, 3, 31), year)  # the last month: the evaluation
    assert not ev.year_not_over(dt.date(2022, 5, 9), year)
    assert not ev.year_not_over(dt.date(2021, 9, 20), None)  # no timeline: nothing to say


def test_the_next_plan_is_named_a_year_on_as_its_timeline_is():
    """The next plan was offered "2021 全国第一批 · 下一周期", in the language of whoever
    started it; committees name a cycle by its year, as its timeline (a year on) is."""
    assert next_cycle.following_name("2021 全国第一批") == "2022 全国第一批"
    assert next_cycle.following_name("2021 全国第一批（模拟）") == "2022 全国第一批（模拟）"
    assert next_cycle.following_name("四川 2025 年试点 第2批") == "四川 2026 年试点 第2批"
    assert next_cycle.following_name("全国第一批") is None  # no year: the edge names it
    assert next_cycle.following_name("2021 全国第一批", ["2022 全国第一批"]) is None  # taken


def test_the_evaluation_as_read_gives_its_evidence_to_two_decimals(result):
    """A rate of the evidence (campus visits per month) reached the page's table and the
    workbook as 1.055635838150289, beside points and totals to two decimals."""
    import io

    from geo.export import records as er

    _, res = result
    sheet = res.sheet.assign(ev_volunteer_hours=[12.3456, 4.0, 0.0])
    shown = er.evaluation_sheet(ev.Evaluation(sheet, res.rubric), "en")
    assert shown["Evidence: Volunteer hours"].tolist() == [12.35, 4.0, 0.0]
    made = er.evaluation_xlsx(ev.Evaluation(sheet, res.rubric), "en", asof=YEAR[1], year=YEAR)
    book = pd.read_excel(io.BytesIO(made), sheet_name="Evaluation")
    assert book["Evidence: Volunteer hours"].tolist() == [12.35, 4.0, 0.0]
    assert res.sheet["ev_volunteer_hours"].iloc[0] == 12.0  # the evaluation keeps its own
    # and shown so in every row: Excel's general format showed the stored 4.0 as "4" beside
    # 12.35, and the sheets had default widths with a header that scrolled away
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(made))
    first = wb["Evaluation"]
    head = [c.value for c in first[1]]
    formats = {
        h: {r[j].number_format for r in first.iter_rows(min_row=2)} for j, h in enumerate(head)
    }
    assert formats["Evidence: Volunteer hours"] == {"0.00"}
    months = [h for h in head if h.startswith("Evidence") and "month" in h.lower()]
    assert months and all(formats[h] == {"0"} for h in months), formats  # counts: 10, not 10.00
    assert formats["Rubric total"] == {"0.00"}, formats
    assert formats["Community ID"] == {"General"}
    assert first.freeze_panes == "A2"
    assert first.column_dimensions["A"].width > 10
    summary = wb["By province"]
    head = [c.value for c in summary[1]]
    means = head.index("Mean rubric total")
    assert {r[means].number_format for r in summary.iter_rows(min_row=2)} == {"0.0"}


def test_a_reason_says_a_youth_home_is_not_in_use_in_words():
    """The exit list read "青年之家投入使用 0，低于 1": a yes-or-no measure is said as one."""
    from geo.export.records import reasons_text

    reasons = [("volunteer_hours", 245.0, 300.0), ("home_in_use", 0.0, 1.0)]
    assert reasons_text(reasons, "zh") == "志愿服务时长 245，低于 300；青年之家未投入使用"
    assert reasons_text(reasons, "en") == "Volunteer hours 245, below 300; Youth Home not in use"
    # a rubric asking more than yes of it (a threshold of 2): the figures, not a false "no"
    assert reasons_text([("home_in_use", 1.0, 2.0)], "zh") == "青年之家投入使用 1，低于 2"


def test_the_evaluation_deck_gives_the_summary_the_map_and_the_exits_with_their_reasons(result):
    """The evaluation was a workbook only: the committee that meets to keep or exit
    communities had no deck, and no map of where the exits are."""
    import io

    from pptx import Presentation
    from pptx.util import Inches

    _, res = result
    located = pd.DataFrame(
        {
            "community_id": ["A", "B", "C"],
            "lon": [104.08, 104.07, 104.06],
            "lat": [30.66, 30.65, 30.67],
        }
    )
    deck = Presentation(io.BytesIO(er.evaluation_pptx(res, "zh", True, located, **YEAR_END)))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles == ["四川省社区青春行动年度评估", "分省汇总", "地图：评估建议", "退出名单"]
    assert "含模拟数据" in deck.slides[0].placeholders[1].text
    pictures = [sh for s in deck.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == 1
    exits = next(sh.table for sh in deck.slides[3].shapes if sh.has_table)
    head = [c.text for c in exits.rows[0].cells]
    assert head == ["社区编号", "社区", "负责区县", "细则总分", "专家总分", "理由"]
    row = [c.text for c in exits.rows[1].cells]
    assert row[0] == "C" and row[2] == "青羊区" and "青年之家未投入使用" in row[5]
    widths = [c.width for c in exits.columns]
    assert max(widths) == widths[-1] and widths[-1] > Inches(4)  # the reasons have room
    fig = er.evaluation_map(res, located, "en")
    ax = next(a for a in fig.axes if a.get_label() == "map")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:3] == ["Continue (1)", "Improve (1)", "Exit (1)"]
    no_map = Presentation(io.BytesIO(er.evaluation_pptx(res, "en", **YEAR_END)))
    assert [s.shapes.title.text for s in no_map.slides][2] == "Exit list"


YEAR = (dt.date(2021, 5, 1), dt.date(2022, 4, 30))
"""The year of work of the fixtures' records (read as of :data:`ASOF`, September 2021)."""
YEAR_END = {"asof": YEAR[1], "year": YEAR}
"""The evaluation's files as of the year's last day: the year's evaluation."""


def _workbook_text(data: bytes) -> tuple[list[str], str]:
    """A workbook's sheet names and all its cells' text (read with openpyxl)."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    text = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    return book.sheetnames, "\n".join(text)


def _deck_text(data: bytes) -> list[str]:
    """A deck's slides' text (read with python-pptx), one string per slide."""
    import io

    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    return [
        "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
        for slide in deck.slides
    ]


@pytest.mark.parametrize(
    ("lang", "progress_words", "annual_words", "exits", "provisional"),
    [
        (
            "zh",
            ["四川省社区青春行动进度检查", "截至 2021-09-30 的进度检查，非年度评估"],
            ["四川省社区青春行动年度评估", "截至 2022-04-30 的年度评估"],
            "退出名单",
            "退出建议为临时结论：实施期到 2022-04-30 才结束",
        ),
        (
            "en",
            ["Sichuan: progress check", "Progress check as of 2021-09-30, not the year's"],
            ["Sichuan: evaluation of the year", "Evaluation of the year as of 2022-04-30"],
            "Exit list",
            "The exit recommendations are provisional: the year of work runs to 2022-04-30",
        ),
    ],
)
def test_the_evaluation_files_say_a_progress_check_before_the_years_end(
    result, lang, progress_words, annual_words, exits, provisional
):
    """Read in September of a year running to April, the workbook and the deck were titled
    the year's evaluation, with no as-of date: their exit list (88 of the demo's 1,000
    communities in October, 24 at the year's end) read as the year's verdict on half a
    year's records. Both now state the day they read to and the year of work; before the
    year's end they are a progress check, their exit list provisional."""
    _, res = result
    located = pd.DataFrame({"community_id": ["A"], "lon": [104.08], "lat": [30.66]})
    year_text = {
        "zh": "实施期：2021-05-01 至 2022-04-30",
        "en": "Year of work: 2021-05-01 to 2022-04-30",
    }
    early = {"asof": ASOF, "year": YEAR}
    names, book = _workbook_text(er.evaluation_xlsx(res, lang, **early))
    slides = _deck_text(er.evaluation_pptx(res, lang, False, located, **early))
    for text in (book, slides[0]):
        assert all(w in text for w in progress_words), text
        assert year_text[lang] in text and provisional in text
        assert not any(w in text for w in annual_words)
    assert exits in names[3] and names[3] != exits  # the exit list's sheet, provisional
    from matplotlib.text import Text

    title = er.evaluation_title(res, ASOF, YEAR, lang)  # the map's, drawn in its picture
    fig = er.evaluation_map(res, located, lang, title=title)
    assert title == progress_words[0] and title in [x.get_text() for x in fig.findobj(Text)]
    assert slides[-1].startswith(exits) and slides[-1].split("\n")[0] != exits
    names, book = _workbook_text(er.evaluation_xlsx(res, lang, **YEAR_END))
    slides = _deck_text(er.evaluation_pptx(res, lang, False, located, **YEAR_END))
    for text in (book, slides[0]):
        assert all(w in text for w in annual_words), text
        assert year_text[lang] in text
        assert not any(w in text for w in progress_words) and provisional not in text
    assert names[3] == exits and slides[-1].split("\n")[0] == exits
    # a plan whose timeline has no year of work: the day read to, and the year said unknown
    _, book = _workbook_text(er.evaluation_xlsx(res, lang, asof=ASOF, year=None))
    assert annual_words[0] in book and str(ASOF) in book
    assert er.evaluation_stamp(ASOF, None, lang)[1] in book


def test_a_rubric_file_that_is_not_utf8_is_an_input_problem_not_an_internal_error():
    """Its bytes were decoded before the parser's errors were caught: the command line
    answered "internal error (UnicodeDecodeError)", exit 70, for a user's file."""
    with pytest.raises(InputError) as err:
        ev.rubric_from_toml('name = "细则"\n'.encode("gbk"), file="细则.toml")
    (problem,) = err.value.problems
    assert (problem.file, problem.code) == ("细则.toml", "rubric")


def test_activities_dated_before_the_year_count_for_nothing_in_the_evaluation():
    """Forty activities of the year before the year of work (saved with a warning) lifted a
    community from 27.67 (exit) to 80.0 (continue), with 13 months of after-school classes
    in a 12-month year. A community's evidence and rubric are the year's."""
    start = dt.date(2021, 5, 1)
    before = pd.DataFrame(
        [
            act(cid, f"{month}-15", area, "campus", hours=100, children=5)
            for cid in ("A", "C")
            for month in ("2020-05", "2020-11", "2021-02", "2021-04")
            for area in ("after_school", "youth_care")
        ]
    )
    acts = pd.concat([ACTIVITIES, before], ignore_index=True)
    recs = {k: _of(f, "A") for k, f in (("people", PEOPLE), ("agreements", AGREEMENTS))}
    recs |= {"activities": _of(acts, "A"), "homes": _of(HOMES, "A")}
    items, _ = ev.community_evidence(_of(AREAS, "A"), recs, ASOF, RUBRIC, start=start)
    got = dict(zip(items["item"], items["value"], strict=True))
    # as test_one_communitys_evaluation_form_evidence_equals_a_hand_count, by hand
    assert got["activities"] == 2 and got["last_activity"] == dt.date(2021, 9, 20)
    assert got["activities_after_school"] == 1 and got["months_after_school"] == 1
    assert got["activities_youth_care"] == 0 and got["months_youth_care"] == 0
    assert got["volunteer_hours"] == 12.0 and got["children"] == 8
    assert got["campus_visits"] == 1
    assert got["rubric_total"] == 77.5
    recs = {k: _of(f, "C") for k, f in (("people", PEOPLE), ("agreements", AGREEMENTS))}
    recs |= {"activities": _of(acts, "C"), "homes": _of(HOMES, "C")}
    items, _ = ev.community_evidence(_of(AREAS, "C"), recs, ASOF, RUBRIC, start=start)
    got = dict(zip(items["item"], items["value"], strict=True))
    assert got["activities"] == 0 and got["last_activity"] is None
    assert got["volunteer_hours"] == 0.0 and got["months_after_school"] == 0
    assert got["children"] == 0 and got["campus_visits"] == 0
    # no month, no hour, no Youth Home: 0 points, exit
    assert got["rubric_total"] == 0.0 and got["recommendation"] == "exit"


@pytest.mark.parametrize(
    ("lang", "name"),
    [("zh", "社区青春行动评估细则"), ("en", "Community Youth Action evaluation rubric")],
)
def test_the_default_rubric_file_is_named_in_the_language_and_reads_back_as_the_default(
    tmp_path, lang, name
) -> None:
    """``youthmap evaluate --write-rubric rubric.toml --lang en`` wrote
    name = "社区青春行动评估细则"; the file names the rubric in its language, and either name
    reads back as the default rubric (not an edited one) in both languages."""
    from geo.cli import main
    from geo.export.records import rubric_label, rubric_name

    path = tmp_path / "rubric.toml"
    assert main(["evaluate", "--write-rubric", str(path), "--lang", lang]) == 0
    text = path.read_text("utf-8")
    assert text.splitlines()[0] == f'name = "{name}"'
    back = ev.rubric_from_toml(text)
    assert ev.rubric_state(back) == "default"
    assert rubric_name(back, "zh") == "社区青春行动评估细则"
    assert rubric_name(back, "en") == "Community Youth Action evaluation rubric"
    assert rubric_label(back, "en") == rubric_label(ev.DEFAULT_RUBRIC, "en")
    edited = ev.rubric_from_toml(text.replace("weight = 15", "weight = 16", 1))
    assert ev.rubric_state(edited) == "unsaved"  # a changed weight is not the default
