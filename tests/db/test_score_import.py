"""Bulk import of expert scores from the XLSX template (issue 18): the template's headers
are Chinese with an example row; a filled sheet lands in one transaction; every bad cell is
named by its Excel row and column and then nothing at all is written."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from geo import store
from geo.core.errors import InputError, PermissionDenied
from geo.export import score_sheet
from tests.db.test_store import CENTRAL, GD, advance, audit_count, chosen

pytest_plugins = ["tests.pg"]


@pytest.fixture
def db(db_url):
    s = store.open_store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def launched(db):
    """A plan with two launched communities (L1, L2), one candidate (C1)."""
    rows = {"L1": "330102", "L2": "330103", "C1": "440106"}
    plan_id = store.create_plan(db, CENTRAL, "评估批次", chosen(rows))
    for cid in ("L1", "L2"):
        advance(db, plan_id, cid, "launched")
    return plan_id


def _filled(rows: list[list[object]], lang: str = "zh") -> bytes:
    """The template with ``rows`` appended under the example row."""
    import pandas as pd

    book = openpyxl.load_workbook(
        io.BytesIO(score_sheet.template_xlsx(pd.DataFrame(columns=["community_id", "name"]), lang))
    )
    ws = book.worksheets[0]
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_template_has_chinese_headers_an_example_row_and_the_due_communities(db, launched):
    import pandas as pd

    due = pd.DataFrame({"community_id": ["L1", "L2"], "name": ["社区L1", "社区L2"]})
    book = openpyxl.load_workbook(io.BytesIO(score_sheet.template_xlsx(due, "zh")))
    ws = book["专家评分"]
    assert [c.value for c in ws[1]] == [
        "社区编号", "社区名称", "四点半课堂", "智慧助老", "美丽社区/垃圾分类", "弱势青少年帮扶",
        "总分", "评估日期", "评估专家", "评语",
    ]  # fmt: skip
    assert ws["A2"].value == "示例" and ws["C2"].value == 20
    assert [ws["A3"].value, ws["A4"].value] == ["L1", "L2"]
    assert "填写说明" in book.sheetnames
    # the template as downloaded (example row, unfilled communities) imports nothing
    with pytest.raises(InputError) as err:
        score_sheet.read_scores(score_sheet.template_xlsx(due, "zh"), "模板.xlsx")
    assert err.value.problems[0].code == "empty"


def test_a_filled_sheet_lands_in_one_go_and_moves_communities_to_evaluated(db, launched):
    data = _filled(
        [
            ["L1", "社区L1", 20, 18, 22, 19, None, dt.date(2022, 5, 9), "李教授", "良好"],
            ["L2", "社区L2", 15, 15.5, 16, 17, 70, "2022-05-10", "王教授", ""],
        ]
    )
    rows = score_sheet.read_scores(data, "评分.xlsx")
    added = store.record_evaluations(db, CENTRAL, launched, rows, "评分.xlsx")
    assert added == {"added": 2, "updated": 0, "unchanged": 0}
    ev = store.evaluations(db, launched).set_index("community_id")
    assert ev.loc["L1", "total"] == 79 and ev.loc["L2", "total"] == 70
    assert ev.loc["L2", "eval_date"] == dt.date(2022, 5, 10)
    comm = store.communities(db, launched).set_index("community_id")
    assert comm.loc["L1", "status"] == "evaluated" and comm.loc["L2", "status"] == "evaluated"
    # a second import corrects the evaluations (the centre's deliberate overwrite)
    again = _filled([["L1", "", 25, 25, 25, 25, None, "2022-05-20", "李教授", "复评"]])
    store.record_evaluations(db, CENTRAL, launched, score_sheet.read_scores(again, "x.xlsx"))
    assert store.evaluations(db, launched).set_index("community_id").loc["L1", "total"] == 100


def test_the_templates_saved_rows_sent_back_as_they_were_are_not_written_again(db, launched):
    """The template lists the saved evaluations; importing it back rewrote every one (a new
    version and an audit entry each, an expert's open form made stale) and said so."""
    first = [["L1", "社区L1", 20, 18, 22, 19, None, dt.date(2022, 5, 9), "李教授", "良好"]]
    store.record_evaluations(
        db, CENTRAL, launched, score_sheet.read_scores(_filled(first), "a.xlsx")
    )
    trail = len(store.audit_log(db, launched))
    version = store.evaluations(db, launched).set_index("community_id").at["L1", "version"]
    both = [*first, ["L2", "社区L2", 15, 15.5, 16, 17, 70, "2022-05-10", "王教授", ""]]
    counts = store.record_evaluations(
        db, CENTRAL, launched, score_sheet.read_scores(_filled(both), "b.xlsx")
    )
    assert counts == {"added": 1, "updated": 0, "unchanged": 1}
    ev = store.evaluations(db, launched).set_index("community_id")
    assert ev.at["L1", "version"] == version
    assert len(store.audit_log(db, launched)) == trail + 2  # L2's evaluation and its status
    both[1][2] = 16  # one score corrected
    counts = store.record_evaluations(
        db, CENTRAL, launched, score_sheet.read_scores(_filled(both), "c.xlsx")
    )
    assert counts == {"added": 0, "updated": 1, "unchanged": 1}


def test_the_areas_carry_the_records_names_and_former_headers_are_still_read():
    from geo import i18n
    from geo.plan.lifecycle import EVALUATION_AREAS

    for area in EVALUATION_AREAS:  # one name per task area, on the scores and the records
        for lang in i18n.LANGS:
            assert i18n.t(f"mgmt.col.{area}", lang) == i18n.t(f"records.area.{area}", lang)
    # a template downloaded before the rename (环境保护/垃圾分类, 关爱青少年; English too)
    for lang, former in (
        ("zh", ["社区编号", "四点半课堂", "智慧助老", "环境保护/垃圾分类", "关爱青少年"]),
        ("en", ["Community ID", "After-school care", "Smart help for the elderly",
                "Environment & waste sorting", "Care for vulnerable youth"]),
    ):  # fmt: skip
        book = openpyxl.Workbook()
        ws = book.active
        ws.append([*former, i18n.t("mgmt.col.eval_date", lang), i18n.t("mgmt.col.expert", lang)])
        ws.append(["L1", 20, 18, 22, 19, "2022-05-09", "李教授"])
        out = io.BytesIO()
        book.save(out)
        (row,) = score_sheet.read_scores(out.getvalue(), "旧模板.xlsx")
        scores = [row[a] for a in EVALUATION_AREAS]
        assert [float(v) for v in scores] == [20, 18, 22, 19], (lang, row)


def test_bad_cells_are_named_by_excel_row_and_column_and_nothing_is_read(db, launched):
    data = _filled(
        [
            ["L1", "", "二十", 18, 22, 19, None, "2022-05-09", "李教授", ""],  # row 3
            ["L2", "", 20, 30, 22, 19, None, "五月", "", ""],  # row 4
            ["L1", "", 20, 18, 22, 19, None, "2022-05-09", "李教授", ""],  # row 5: repeat
        ]
    )
    with pytest.raises(InputError) as err:
        score_sheet.read_scores(data, "评分.xlsx")
    found = {(p.row, p.column, p.code) for p in err.value.problems}
    assert found == {
        (3, "四点半课堂", "not_number"),
        (4, "智慧助老", "range"),
        (4, "评估日期", "not_date"),
        (4, "评估专家", "missing"),
        (5, "社区编号", "duplicate"),
    }
    assert all(p.file == "评分.xlsx" for p in err.value.problems)


def test_a_row_the_store_refuses_leaves_every_other_row_unwritten(db, launched):
    data = _filled(
        [
            ["L1", "", 20, 18, 22, 19, None, "2022-05-09", "李教授", ""],  # good
            ["C1", "", 20, 18, 22, 19, None, "2022-05-09", "李教授", ""],  # candidate
            ["X9", "", 20, 18, 22, 19, None, "2022-05-09", "李教授", ""],  # not in plan
        ]
    )
    rows = score_sheet.read_scores(data, "评分.xlsx")
    before = audit_count(db)
    with pytest.raises(InputError) as err:
        store.record_evaluations(db, CENTRAL, launched, rows, "评分.xlsx")
    assert {(p.row, p.column, p.code) for p in err.value.problems} == {
        (4, "status", "not_launched"),
        (5, "community_id", "unknown"),
    }
    assert store.evaluations(db, launched).empty and audit_count(db) == before
    assert store.community(db, launched, "L1")["status"] == "launched"
    with pytest.raises(PermissionDenied):
        store.record_evaluations(db, GD, launched, rows[:1])


def test_english_headers_read_the_same(db, launched):
    data = _filled([["L1", "", 20, 18, 22, 19, None, "2022-05-09", "Prof. Li", ""]], "en")
    rows = score_sheet.read_scores(data, "scores.xlsx")
    assert rows[0]["community_id"] == "L1" and rows[0]["after_school"] == 20


def test_a_file_that_is_not_a_workbook_is_one_problem(db, launched):
    with pytest.raises(InputError) as err:
        score_sheet.read_scores(b"id,score\n", "scores.csv")
    assert err.value.problems[0].code == "unsupported_format"
