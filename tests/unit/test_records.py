"""Record sheets: typed parsing with Excel row and column in every problem, templates that
read back, and the simulated year's labels and determinism."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from geo import i18n
from geo.core.errors import InputError
from geo.export import records as er
from geo.plan import records, year_demo

PLAN = {"A1": "440106", "B1": "440104"}
HEAD = "社区编号,日期,任务领域,活动名称,参与人数,志愿服务时长（小时）,受益儿童\n"


def parse(text: str, kind: str = "activities"):
    return records.read_records(text.encode("utf-8"), kind, name="act.csv", communities=PLAN)


def test_problems_name_the_excel_row_and_the_column_as_the_file_spells_it():
    parsed = parse(
        HEAD
        + "A1,2021-06-01,四点半课堂,作业辅导,12,24,10\n"
        + "A1,2021-06-02,智慧助老,手机课,很多,3,\n"
        + "B1,2021-13-40,美丽社区,清洁,5,5,0\n"
        + "Z9,2021-06-03,跳舞,舞蹈,1,1,1\n"
    )
    found = {(p.row, p.column, p.code) for p in parsed.problems}
    assert found == {
        (3, "参与人数", "not_number"),
        (4, "日期", "not_date"),
        (5, "任务领域", "not_choice"),
        (5, "社区编号", "unknown_community"),
    }
    assert all(p.file == "act.csv" for p in parsed.problems)
    assert list(parsed.valid()["row"]) == [2]
    # a CSV has no drop-down list: the message says what may be written
    wrong = next(p for p in parsed.problems if p.code == "not_choice")
    assert i18n.problem_line(wrong) == (
        "act.csv，第 5 行，列“任务领域”：不是可选的值；可选：四点半课堂、智慧助老、"
        "美丽社区/垃圾分类、弱势青少年帮扶"
    )
    assert i18n.problem_line(wrong, "en").endswith(
        "not one of the choices: After-school care, Digital help for the elderly, "
        "Environment and waste sorting, Help for vulnerable youth"
    )


def test_dates_in_the_forms_counties_type_are_read():
    parsed = parse(
        HEAD
        + "A1,2021/6/8,四点半课堂,a,1,1,1\n"
        + "A1,2021年6月9日,四点半课堂,b,1,1,1\n"
        + "A1,2021.06.10,四点半课堂,c,1,1,1\n"
        + "A1,2021-06-11T00:00:00,四点半课堂,d,1,1,1\n"
    )
    assert not parsed.problems
    assert list(parsed.valid()["date"]) == [dt.date(2021, 6, d) for d in (8, 9, 10, 11)]


def test_a_line_repeated_in_the_file_is_a_warning_and_kept_once():
    line = "A1,2021-06-01,四点半课堂,作业辅导,12,24,10\n"
    parsed = parse(HEAD + line + line)
    assert [(p.row, p.severity, p.code) for p in parsed.problems] == [
        (3, "warning", "duplicate_in_file")
    ]
    assert len(parsed.valid()) == 1


def test_a_missing_required_column_refuses_the_file_naming_it():
    with pytest.raises(InputError) as err:
        parse("社区编号,日期,活动名称\nA1,2021-06-01,x\n")
    assert [(p.column, p.code) for p in err.value.problems] == [("任务领域", "missing_column")]


def test_negative_and_fractional_counts_are_refused():
    parsed = parse(HEAD + "A1,2021-06-01,四点半课堂,a,-3,1.5,2.5\n")
    assert {(p.column, p.code) for p in parsed.problems} == {
        ("参与人数", "out_of_range"),
        ("受益儿童", "not_integer"),
    }


@pytest.mark.parametrize("kind", records.RECORD_KINDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_template_reads_back_as_one_valid_row(kind, lang):
    parsed = records.read_records(er.template_xlsx(kind, lang), kind, name="t.xlsx")
    assert not parsed.problems
    assert len(parsed.valid()) == 1
    row = parsed.valid().iloc[0]
    # every example value arrives, typed, its free text in the template's language (an
    # English template's example read 四点半课堂作业辅导)
    for name, value in er.example_row(kind, lang).items():
        got = row[name]
        assert (got.isoformat() if hasattr(got, "isoformat") else got) == value, name
    csv = records.read_records(er.template_csv(kind, lang), kind, name="t.csv")
    assert csv.valid().drop(columns="row").equals(parsed.valid().drop(columns="row"))
    if lang == "en":
        texts = [v for v in er.template_frame(kind, lang).iloc[0] if isinstance(v, str)]
        assert not [v for v in texts if re.search(r"[\u4e00-\u9fff]", v)], texts


def test_the_activity_template_offers_the_four_task_areas_as_a_list(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(er.template_xlsx("activities"))
    ws = load_workbook(path).worksheets[0]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert '"四点半课堂,智慧助老,美丽社区/垃圾分类,弱势青少年帮扶"' in lists
    assert ws.cell(1, 3).value == "任务领域"
    # the note sheet names each of its columns (the lists' column had no header)
    info = load_workbook(path).worksheets[1]
    head = [c.value for c in info[3]]
    assert head == ["字段", "表头", "是否必填", "可选值"] and all(c.font.b for c in info[3])
    area = next(r for r in info.iter_rows(min_row=4, values_only=True) if r[1] == "任务领域")
    assert area[3] == "四点半课堂、智慧助老、美丽社区/垃圾分类、弱势青少年帮扶"


def test_a_form_entry_is_checked_like_a_file_line():
    row = records.check_row("homes", {"community_id": "A1", "state": "已投入使用", "area_m2": "80"})
    assert row.loc[0, "state"] == "in_use"
    with pytest.raises(InputError) as err:
        records.check_row("people", {"community_id": "A1", "month": "六月"})
    assert [(p.column, p.code) for p in err.value.problems] == [("month", "not_month")]


def test_the_simulated_year_is_deterministic_and_labelled():
    chosen = pd.DataFrame({"id": [f"C{i}" for i in range(40)]})
    a = year_demo.simulate_year(chosen, seed=7)
    b = year_demo.simulate_year(chosen, seed=7)
    for kind in records.RECORD_KINDS:
        assert a[kind].equals(b[kind])
        assert list(a[kind].columns) == records.RECORD_TYPES[kind].names
    acts = a["activities"]
    assert (acts["note"] == "模拟数据").all()
    assert not acts.duplicated(list(records.RECORD_TYPES["activities"].key)).any()
    assert acts["date"].min() >= year_demo.YEAR_START
    assert acts["date"].max() <= year_demo.YEAR_END
    weeks = (year_demo.YEAR_END - year_demo.YEAR_START).days / 7
    assert 1.0 < len(acts) / len(chosen) / weeks < 4.0  # a few activities a week each


def test_full_width_headers_and_unknown_columns():
    parsed = parse(
        "社区编号,日期,任务领域,活动名称,志愿服务时长(小时),负责人\n"
        "A1,2021-06-01,四点半课堂,作业辅导,24,张三\n"
    )
    assert parsed.valid().loc[0, "volunteer_hours"] == 24.0
    assert [(p.row, p.column, p.severity, p.code) for p in parsed.problems] == [
        (1, "负责人", "warning", "unknown_column")
    ]


def test_work_dated_after_today_is_refused_and_outside_the_year_is_flagged():
    """A record of work not done yet (2062 typed for 2026) is an error on its row and date
    column; one outside the plan's year of work is kept with a warning (another plan's, or a
    mistyped year). Months count by their days; agreements may start before the year."""
    parsed = parse(
        HEAD
        + "A1,2021-06-01,四点半课堂,作业辅导,12,24,10\n"
        + "A1,2062-06-02,智慧助老,手机课,3,3,\n"
        + "B1,2023-01-05,美丽社区,清洁,5,5,0\n"
        + "B1,2021-04-30,美丽社区,清洁,5,5,0\n"
    )
    year = (dt.date(2021, 5, 1), dt.date(2022, 4, 30))
    today = dt.date(2026, 12, 5)
    found = records.date_problems(
        parsed.valid(),
        "activities",
        today=today,
        year=year,
        file=parsed.file,
        headers=parsed.headers,
    )
    assert [(p.row, p.column, p.code, p.severity) for p in found] == [
        (3, "日期", "future", "error"),
        (4, "日期", "outside_year", "warning"),
        (5, "日期", "outside_year", "warning"),
    ]
    from geo import i18n

    assert i18n.problem_line(found[0], "en") == (
        "act.csv, row 3, column 日期: the date is after today (2026-12-05): work not done yet "
        "cannot be recorded; check the year"
    ), i18n.problem_line(found[0], "en")
    assert "2021-05-01 至 2022-04-30" in i18n.problem_line(found[1], "zh")
    alone = records.date_problems(parsed.valid(), "activities", today=today)
    assert [(p.row, p.code) for p in alone] == [(3, "future")]  # no year given: no warnings
    months = pd.DataFrame({"row": [2, 3, 4], "month": ["2022-04", "2022-05", "2027-01"]})
    assert [
        (p.row, p.code) for p in records.date_problems(months, "people", today=today, year=year)
    ] == [(3, "outside_year"), (4, "future")]
    starts = pd.DataFrame({"row": [2], "start_date": [dt.date(2019, 1, 1)]})
    assert records.date_problems(starts, "agreements", today=today, year=year) == []


def test_a_youth_home_in_use_since_a_later_day_is_refused():
    """A Youth Home said 已投入使用 since 2099-01-01 (a mistyped year) was stored, and the
    evaluation counted it in use. Built or in use since a day after today is an error at its
    row and column; a planned home's day is when it is to open, so it may come later."""
    sheet = (
        "社区编号,青年之家状态,启用日期\n"
        + "A1,已投入使用,2099-01-01\n"
        + "B1,已建成,2026-12-06\n"
        + "C1,筹建中,2027-03-01\n"
        + "D1,已建成,2027-03-01\n"
    )
    plan = dict.fromkeys(["A1", "B1", "C1", "D1"], "440106")
    parsed = records.read_records(sheet.encode(), "homes", name="act.csv", communities=plan)
    assert parsed.errors == []
    today = dt.date(2026, 12, 5)
    found = records.date_problems(
        parsed.valid(), "homes", today=today, file=parsed.file, headers=parsed.headers
    )
    assert [(p.row, p.column, p.code, p.severity) for p in found] == [
        (2, "启用日期", "home_future", "error"),
        (3, "启用日期", "home_future", "error"),
        (5, "启用日期", "home_future", "error"),
    ]
    assert i18n.problem_line(found[0], "zh").startswith(
        "act.csv，第 2 行，列“启用日期”：晚于今天（2026-12-05）：已建成或已投入使用"
    ), i18n.problem_line(found[0], "zh")
    assert "Planned" in i18n.problem_line(found[0], "en")
    on_day = records.date_problems(parsed.valid(), "homes", today=dt.date(2026, 12, 6))
    assert [p.row for p in on_day] == [2, 5]  # opened today is not later


def test_work_dated_after_its_community_left_the_plan_is_refused():
    """A county's sheet still listing a community the centre exited on 2021-10-08 was saved
    whole: work after that day is no work of the action. Work before it can still be
    entered, and a community that has not left is read as before."""
    from geo import i18n

    parsed = parse(
        HEAD
        + "A1,2021-10-08,四点半课堂,作业辅导,12,24,10\n"
        + "A1,2021-10-09,智慧助老,手机课,3,3,\n"
        + "B1,2021-12-01,美丽社区,清洁,5,5,0\n"
        + "A1,2022-06-01,美丽社区,清洁,5,5,0\n"
    )
    year = (dt.date(2021, 5, 1), dt.date(2022, 4, 30))
    found = records.date_problems(
        parsed.valid(),
        "activities",
        today=dt.date(2026, 12, 5),
        year=year,
        file=parsed.file,
        headers=parsed.headers,
        exited={"A1": dt.date(2021, 10, 8)},
    )
    assert [(p.row, p.column, p.code, p.severity) for p in found] == [
        (3, "日期", "after_exit", "error"),
        (5, "日期", "after_exit", "error"),  # outside the year too: said once, as the error
    ]
    assert i18n.problem_line(found[0], "zh") == (
        "act.csv，第 3 行，列“日期”：该社区已于 2021-10-08 退出本方案：此后的工作不计入社区青春行动，"
        "不予保存（退出前的记录仍可补录）"
    ), i18n.problem_line(found[0], "zh")
    months = pd.DataFrame(
        {"row": [2, 3], "community_id": ["A1", "A1"], "month": ["2021-10", "2021-11"]}
    )
    said = records.date_problems(
        months, "people", today=dt.date(2026, 12, 5), exited={"A1": dt.date(2021, 10, 8)}
    )
    assert [(p.row, p.code) for p in said] == [(3, "after_exit")]  # October began before


def test_a_partner_the_layers_do_not_hold_is_flagged_and_kept():
    """An agreement with a mistyped campus id, or a campus's id given as a resident unit,
    was stored silently; the evaluation's evidence then showed the id as typed, no partner
    named."""
    from geo import dataset

    known = records.partner_ids(
        dataset.load_layer("campuses"), dataset.load_layer("resident_units")
    )
    head = "社区编号,协议类型,合作方编号,开始日期\n"
    parsed = parse(
        head
        + "A1,高校团支部,U0411-1,2021-05-20\n"  # 华南农业大学: known
        + "A1,高校团支部,U0411-9,2021-05-20\n"  # a typing slip
        + "A1,驻区单位,R440106-00001,2021-05-20\n"  # known
        + "B1,驻区单位,U0163-3,2021-05-20\n",  # a campus given as a resident unit
        "agreements",
    )
    found = records.check_partners(parsed, known)
    assert [(p.row, p.column, p.severity, p.params["id"]) for p in found] == [
        (3, "合作方编号", "warning", "U0411-9"),
        (5, "合作方编号", "warning", "U0163-3"),
    ]
    assert len(parsed.valid()) == 4  # kept
    assert i18n.problem_text(found[1]) == (
        "合作方编号“U0163-3”不在当前驻区单位图层中（编号有误，或合作方类型选错）：不影响保存，请核对"
    )
    assert "not in the current campus layer" in i18n.problem_text(found[0], "en")
    # an activity names its partner optionally: none, or an id without a kind, is not checked
    acts = records.check_row(
        "activities",
        {
            "community_id": "A1",
            "date": "2021-06-01",
            "area": "after_school",
            "title": "辅导",
            "partner_id": "X-1",
        },
    )
    assert records.partner_problems(acts, "activities", known=known) == []


def test_checking_one_rows_partner_does_not_walk_every_resident_unit():
    """Saving one agreement on the records page checked its partner against the 440,266
    resident units by pandas' isin of a string column, which takes each value it is given
    one at a time in Python: 4.7 s of CPU here for one row, on every save. Counted in
    function calls, not seconds: it walked every id (more than 880,000 calls)."""
    import sys

    from geo import dataset

    units = dataset.load_layer("resident_units")
    known = records.partner_ids(dataset.load_layer("campuses"), units)
    row = records.check_row(
        "agreements",
        {
            "community_id": "A1",
            "kind": "resident_unit",
            "partner_id": "R440106-00009",
            "start_date": "2021-05-20",
        },
    )
    typo = row.assign(partner_id="R440106-0000X")
    calls = 0

    def count(frame, event, arg):  # noqa: ANN001, ANN202 - sys.setprofile's signature
        nonlocal calls
        calls += 1

    sys.setprofile(count)
    try:
        found = records.partner_problems(row, "agreements", known=known)
        mistyped = records.partner_problems(typo, "agreements", known=known)
    finally:
        sys.setprofile(None)
    assert found == []  # a unit of the layer
    assert [p.params["id"] for p in mistyped] == ["R440106-0000X"]
    assert len(units) > 400_000 and calls < 100_000, calls


def test_the_partners_offered_are_the_provinces_campuses_and_the_communities_units():
    from geo import dataset

    campuses = dataset.load_layer("campuses")
    units = dataset.load_layer("resident_units")
    mine = pd.DataFrame({"community_id": ["C440106-0001"], "county_code": ["440106"]})
    offered = records.partner_choices(mine, campuses, units)
    camp = offered.loc[offered["kind"] == "campus"]
    assert len(camp) == (campuses["province_code"] == "44").sum()
    assert "华南农业大学（主校区）" in set(camp.loc[camp["id"] == "U0411-1", "name"])
    assert set(offered.loc[offered["kind"] == "resident_unit", "id"]) == set(
        units.loc[units["community_id"] == "C440106-0001", "id"]
    )
    # the templates' example partners are among them: the example row reads back unflagged
    for kind in ("activities", "agreements"):
        parsed = records.read_records(er.template_xlsx(kind), kind, name="t.xlsx")
        assert records.check_partners(parsed, records.partner_ids(campuses, units)) == []


def test_partners_offered_from_imported_layers_without_optional_columns():
    """An imported resident-unit layer need not say its units' communities, nor a campus
    layer its campuses' names: the form's partner box read both columns and failed."""
    campuses = pd.DataFrame(
        {
            "id": ["U1", "U2"],
            "university": ["成都某大学", "广州某大学"],
            "county_code": ["510104", "440106"],
        }
    )
    units = pd.DataFrame(
        {
            "id": ["R1", "R2"],
            "name": ["锦江某单位", "青羊某单位"],
            "county_code": ["510104", "510105"],
        }
    )
    mine = pd.DataFrame({"community_id": ["C1"], "county_code": ["510104"]})
    offered = records.partner_choices(mine, campuses, units)
    assert list(zip(offered["id"], offered["name"], strict=True)) == [
        ("U1", "成都某大学"),
        ("R1", "锦江某单位"),  # its county's units
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_pairing_becomes_a_prefilled_agreements_file_that_reads_back_once_dated(lang):
    """The pairs made now (not those kept from the records) fill an agreements sheet: the
    community, the campus and the content; the signing day is the committee's to add, and
    until then the reader names the row and column it lacks. A hostile campus id stays
    text, never a formula."""
    import io

    pairs = pd.DataFrame(
        {
            "community_id": ["A1", "A1", "B1"],
            "campus_id": ["U1", '=HYPERLINK("x")', "U3"],
            "kept": [True, False, False],
            "university": ["甲大学", "乙大学", "丙大学"],
            "campus": ["", "南校区", "丙大学"],
        }
    )
    rows = er.pairs_as_agreements(pairs, lang)
    assert rows["partner_id"].tolist() == ['=HYPERLINK("x")', "U3"]
    content = i18n.t("records.pairing_content", lang, campus="乙大学（南校区）")
    assert rows["content"].tolist()[0] == content
    book = er.template_xlsx("agreements", lang, rows)
    parsed = records.read_records(book, "agreements", name="a.xlsx", communities=PLAN)
    date_header = er.header("agreements", "start_date", lang)
    assert [(p.row, p.column, p.code) for p in parsed.errors] == [
        (2, date_header, "missing"),
        (3, date_header, "missing"),
    ]
    wb = load_workbook(io.BytesIO(book))
    ws = wb.worksheets[0]
    assert ws.cell(2, 3).data_type == "s"  # the id as typed, not a formula
    column = [c.value for c in ws[1]].index(date_header) + 1
    for r in (2, 3):
        ws.cell(r, column).value = "2026-12-10"
    dated = io.BytesIO()
    wb.save(dated)
    parsed = records.read_records(dated.getvalue(), "agreements", name="a.xlsx", communities=PLAN)
    valid = parsed.valid()
    assert not parsed.errors
    assert valid[["community_id", "kind", "partner_id"]].values.tolist() == [
        ["A1", "campus", '=HYPERLINK("x")'],
        ["B1", "campus", "U3"],
    ]
    assert valid["content"].tolist()[0] == content


@pytest.mark.parametrize("kind", records.RECORD_KINDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_templates_note_names_its_drop_down_columns(kind, lang):
    """The note sheet read "{columns}列可从下拉列表选择" in every record template: the
    placeholder was never filled in."""
    import io

    lists = [er.header(kind, f.name, lang) for f in records.RECORD_TYPES[kind].fields if f.choices]
    for rows, filled in ((None, False), (pd.DataFrame({"community_id": ["A1"]}), True)):
        book = load_workbook(io.BytesIO(er.template_xlsx(kind, lang, rows)))
        note = book.worksheets[1]["A1"].value
        assert note == er.template_note(kind, lang, filled=filled)
        assert "{" not in note and all(h in note for h in lists)
        assert ("示例" in note or "example" in note) != filled


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_templates_example_left_as_it_came_is_named_in_either_language(lang):
    """The example row is written in the template's language (an English template's read
    四点半课堂作业辅导); left as it came in a plan holding its community, it is still named the
    template's example, not stored as that community's work."""
    plan = {"C440106-0001": "440106"}
    parsed = records.read_records(
        er.template_xlsx("activities", lang), "activities", name="t.xlsx", communities=plan
    )
    assert [p.code for p in parsed.problems] == ["example_kept"]
    edited = er.template_frame("activities", lang)
    edited.iloc[0, 3] = "社区读书会"  # the title: a record of the user's own
    parsed = records.read_records(
        edited.to_csv(index=False).encode(), "activities", name="t.csv", communities=plan
    )
    assert not parsed.problems
