"""AppTest of the progress page (进展) on a small plan with records: progress by level,
warnings with the responsible county, a county uploading its sheet (rows of another county
refused), a viewer who cannot enter records, and the monthly report."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n, store
from geo.export import reports as ereports
from geo.plan import next_cycle, records
from geo.plan.auth import User
from geo.store import records as srec
from geo.store import reports as sreports
from tests._paths import APP as APP_PATH

APP = str(APP_PATH)
CENTRAL = User("centre", "central")
JINJIANG = User("jinjiang", "county", "51", "510104")
VIEWER = User("viewer", "viewer")
COMMUNITIES = {
    "C510104-0001": ("锦官驿街道第1社区", "510104"),
    "C510104-0002": ("锦官驿街道第2社区", "510104"),
    "C510105-0001": ("草市街街道第1社区", "510105"),
}


@pytest.fixture
def seeded(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.setenv("YOUTHMAP_NO_LOGIN", "0")
    db = store.open_store()
    store.create_user(db, "centre", "centre-password", "central")
    store.create_user(db, "jinjiang", "jinjiang-password", "county", "51", "510104")
    store.create_user(db, "viewer", "viewer-password", "viewer")
    store.create_user(db, "sc", "sichuan-password", "province", "51")
    chosen = pd.DataFrame(
        {
            "id": list(COMMUNITIES),
            "name": [v[0] for v in COMMUNITIES.values()],
            "county_code": [v[1] for v in COMMUNITIES.values()],
        }
    )
    plan_id = store.create_plan(db, CENTRAL, "2021 第一批", chosen)
    rows = pd.concat(
        [
            records.check_row(
                "activities",
                {
                    "community_id": "C510104-0001",
                    "date": "2021-09-20",
                    "area": "after_school",
                    "title": "作业辅导",
                    "volunteer_hours": "10",
                    "children": "8",
                },
            ),
            records.check_row(
                "activities",
                {
                    "community_id": "C510105-0001",
                    "date": "2021-06-01",
                    "area": "environment",
                    "title": "垃圾分类",
                    "volunteer_hours": "4",
                },
            ),
        ]
    )
    srec.save_records(db, CENTRAL, plan_id, "activities", rows)
    yield db, plan_id
    db.dispose()


def frame_with(at: AppTest, column: str, last: bool = False) -> pd.DataFrame:
    """The first (or last) table on the page that has ``column``."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    return found[-1 if last else 0]


def page_as(user: User, **session: object) -> AppTest:
    """The progress page as ``user``, with ``session`` entries (the sidebar's scope …) set
    before the first run."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["user"] = user
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("pages/progress.py").run()
    assert not at.exception
    return at


def test_progress_by_county_and_warnings_with_the_responsible_county(seeded):
    at = page_as(VIEWER)
    from geo.core import localtime

    asof = at.date_input(key="rec_asof_1_2021-09-20")
    assert asof.value == dt.date(2021, 9, 20)
    assert asof.max == localtime.today()  # progress as of a day to come counts days not lived
    at.radio(key="rec_level").set_value("county").run()
    table = at.dataframe[0].value.set_index("代码")
    assert table.loc["510104", "行动社区数"] == 2
    assert table.loc["510104", "近30天活跃占比（%）"] == 50.0
    assert table.loc["510105", "近30天活跃占比（%）"] == 0.0
    columns = json.loads(at.dataframe[0].proto.columns)
    for header in ("近30天活跃占比（%）", "四点半课堂（90天，%）"):  # 50.0 beside 0.0, not 50 and 0
        assert columns[header]["type_config"] == {"type": "number", "format": "%.1f"}
    warnings = at.dataframe[1].value
    inactive = warnings.loc[warnings["预警"] == "60天无活动"]
    assert set(inactive["社区编号"]) == {"C510104-0002", "C510105-0001"}
    assert set(inactive["负责区县代码"]) == {"510104", "510105"}


def test_a_year_that_is_over_is_read_as_of_its_end(seeded):
    """A record dated after the year of work (kept with a warning) moved the page's day, and
    the evaluation tab's with it, past the year's end."""
    db, plan_id = seeded
    row = {"community_id": "C510104-0001", "date": "2022-06-01", "area": "after_school"}
    late = records.check_row("activities", {**row, "title": "暑期托管"})
    srec.save_records(db, CENTRAL, plan_id, "activities", late)
    at = page_as(VIEWER)
    assert at.date_input(key="rec_asof_1_2022-04-30").value == dt.date(2022, 4, 30)
    assert not [w.value for w in at.warning if "实施期" in w.value]  # the year's evaluation


@pytest.mark.slow
def test_the_record_form_offers_the_sidebar_provinces_communities(seeded):
    def options(province: str | None) -> list[str]:
        at = page_as(CENTRAL, **({"scope_province": province} if province else {}))
        return at.selectbox(key="rec_f_activities_community_id").options

    assert len(options(None)) == len(options("51")) == 3  # the whole plan is in 四川
    assert options("44") == []  # 广东: none of the plan's communities, none offered


def test_english_tables_name_cities_and_counties_in_english(seeded):
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["user"] = CENTRAL
    at.session_state["lang"] = "en"
    at.session_state["rec_level"] = "county"  # set before the run: AppTest formats a
    at.run()  # choice in Chinese when it reruns a page
    at.switch_page("pages/progress.py").run()
    assert not at.exception
    warnings = frame_with(at, "Responsible county")
    assert set(warnings["Responsible county"]) == {"Jinjiang District", "Qingyang District"}
    assert set(frame_with(at, "Area")["Area"]) == {"Jinjiang District", "Qingyang District"}
    # the monthly report's table names each city beside its code, as its workbook does
    report = frame_with(at, "Code", last=True)
    assert report[["Code", "Area"]].values.tolist() == [["5101", "Chengdu"]]


def test_a_viewer_is_told_it_cannot_enter_records(seeded):
    at = page_as(VIEWER)
    assert any("只读账号不能录入记录" in i.value for i in at.info)


@pytest.mark.slow
def test_a_countys_imported_month_shows_in_its_progress(seeded):
    db, plan_id = seeded
    at = page_as(JINJIANG)
    form_options = at.selectbox(key="rec_f_activities_community_id").options
    assert form_options == ["锦官驿街道第1社区 · C510104-0001", "锦官驿街道第2社区 · C510104-0002"]
    sheet = (
        "社区编号,日期,任务领域,活动名称,参与人数\n"
        "C510104-0002,2021-09-25,智慧助老,手机课堂,9\n"
        "C510105-0001,2021-09-25,智慧助老,手机课堂,9\n"
    ).encode()
    # AppTest has no file uploader (the browser test uploads through the page): the sheet
    # goes through the same library steps the page's import runs
    parsed = records.read_records(
        sheet, "activities", name="九月.csv", communities={k: v[1] for k, v in COMMUNITIES.items()}
    )
    srec.refused_rows(JINJIANG, srec.plan_areas(db, plan_id), parsed)
    assert [(p.row, p.code) for p in parsed.errors] == [(3, "not_yours")]
    srec.save_records(db, JINJIANG, plan_id, "activities", parsed.valid())
    at.run()
    at.date_input(key="rec_asof_1_2021-09-25").set_value(dt.date(2021, 9, 30)).run()
    at.radio(key="rec_level").set_value("county").run()
    table = at.dataframe[0].value.set_index("代码")
    assert table.loc["510104", "近30天活跃占比（%）"] == 100.0


def test_the_monthly_report_downloads_as_xlsx(seeded):
    """Named by the unit (it was 月报-51-2021-09.xlsx), its summary naming it too."""
    import io

    from tests import _downloads

    with _downloads.capture() as found:
        at = page_as(CENTRAL)
    assert at.selectbox(key="rec_rep_unit").value == "51"
    assert at.selectbox(key="rec_rep_month").options[0] == "2021-09"
    assert not at.exception
    report = next(d for d in found if d.key == "rec_rep_xlsx")
    assert report.file_name == "月报-四川省-2021-09.xlsx"
    summary = pd.read_excel(io.BytesIO(report.content()), sheet_name="概况", dtype=str)
    assert summary.iloc[0, :2].tolist() == ["51", "四川省"]
    assert summary.loc[0, "志愿服务时长"] == "14"  # as of 20 September: both activities
    assert "月报按 2021-09-20 的记录统计" in " ".join(c.value for c in at.caption)


@pytest.mark.slow
def test_an_earlier_months_report_reads_the_records_as_of_that_month(seeded):
    """The June report showed the page's figures as of 20 September under June's title (14
    volunteer hours, September's activity among them): it now reads them as of 30 June."""
    import io

    from tests import _downloads

    at = page_as(CENTRAL)
    assert at.selectbox(key="rec_rep_month").options == ["2021-09", "2021-06"]
    with _downloads.capture() as found:
        at.selectbox(key="rec_rep_month").set_value("2021-06").run()
    assert not at.exception
    report = next(d for d in found if d.key == "rec_rep_xlsx")
    assert report.file_name == "月报-四川省-2021-06.xlsx"
    book = io.BytesIO(report.content())
    summary = pd.read_excel(book, sheet_name="概况", dtype=str)
    assert summary.loc[0, "志愿服务时长"] == "4"  # June's activity alone
    assert summary.loc[0, "近30天活跃占比（%）"] == "33.3"  # 草市街's, on 1 June
    assert "月报按 2021-06-30 的记录统计" in " ".join(c.value for c in at.caption)
    # a month after the page's day is not offered: its report would read that day's records
    at.date_input(key=next(k for k in at.session_state if k.startswith("rec_asof_"))).set_value(
        dt.date(2021, 7, 15)
    ).run()
    assert at.selectbox(key="rec_rep_month").options == ["2021-06"]


def test_the_template_note_names_the_record_types_own_drop_down_columns(seeded):
    """The note under the templates said 任务领域 has a drop-down list for every record
    type; the people sheet has none, the agreements' and homes' lists are other columns."""
    at = page_as(JINJIANG)
    notes = [c.value for c in at.caption if c.value.startswith("第一行为表头")]
    assert notes == [
        "第一行为表头，第二行为示例（导入前请删除或改写）；任务领域、合作方类型列可从下拉列表选择。"
    ]
    at.selectbox(key="rec_kind").set_value("people").run()
    assert [c.value for c in at.caption if c.value.startswith("第一行为表头")] == [
        "第一行为表头，第二行为示例（导入前请删除或改写）。"
    ]


@pytest.mark.slow
def test_a_county_enters_one_activity_through_the_form(seeded):
    db, plan_id = seeded
    at = page_as(JINJIANG)
    at.selectbox(key="rec_f_activities_community_id").set_value("C510104-0002")
    at.date_input(key="rec_f_activities_date").set_value(dt.date(2021, 9, 28))
    at.selectbox(key="rec_f_activities_area").set_value("elderly_digital")
    at.text_input(key="rec_f_activities_title").input("手机课堂")
    next(b for b in at.button if b.label == "保存").click().run()
    assert not at.exception and not at.error
    acts = srec.records(db, plan_id, "activities")
    row = acts.loc[acts["community_id"] == "C510104-0002"].iloc[0]
    assert (row["area"], row["title"], row["date"]) == (
        "elderly_digital",
        "手机课堂",
        pd.Timestamp("2021-09-28"),
    )
    assert [s.value for s in at.success] == ["已保存：新增 1 条记录。"]
    # the form is a screen or more below the page's top: the message is also a toast
    assert [s.value for s in at.toast] == ["已保存：新增 1 条记录。"]
    # the same record saved again (a second click): stored once, and the page says so
    next(b for b in at.button if b.label == "保存").click().run()
    assert [s.value for s in at.success] == ["该记录已存在且内容相同，未重复保存。"]
    assert len(srec.records(db, plan_id, "activities")) == len(acts)


def test_the_forms_problems_name_the_field_as_labelled(seeded):
    """A month the people form could not read was said as “form 第2行 “month”列：不是日期
    （如 2021-06-01）”: a file, row and code name the form does not have, and a day's
    example for a month."""
    at = page_as(JINJIANG)
    at.selectbox(key="rec_kind").set_value("people").run()
    at.text_input(key="rec_f_people_month").input("2021-13")
    next(b for b in at.button if b.label == "保存").click().run()
    assert [e.value for e in at.error] == ["“月份”：不是月份（如 2021\\-06）"]


def test_the_forms_numbers_and_lengths_are_checked_in_the_language(seeded):
    """The form's number boxes gave Streamlit a lower bound, refused in the browser in English
    ("Number is below the allowed range"), and its text boxes a character counter beside
    Streamlit's English typing hint; the form's own check answers both now, by field."""
    db, plan_id = seeded
    before = len(srec.records(db, plan_id, "activities"))
    at = page_as(JINJIANG)
    at.selectbox(key="rec_f_activities_community_id").set_value("C510104-0002")
    at.selectbox(key="rec_f_activities_area").set_value("elderly_digital")
    at.text_input(key="rec_f_activities_title").input("课" * 201)
    at.number_input(key="rec_f_activities_participants").set_value(-5)
    next(b for b in at.button if b.label == "保存").click().run()
    assert not at.exception
    said = [e.value for e in at.error]
    assert said == ["“参与人数”：须在 0 至 100\\,000 之间", "“活动名称”：文字过长（不超过 200 字）"]
    assert len(srec.records(db, plan_id, "activities")) == before  # nothing stored


@pytest.mark.slow
def test_the_form_offers_partners_by_name_and_flags_an_id_the_layers_lack(seeded):
    """The partner's id was a bare text box: a county had to know 华南农业大学's campus id,
    and a mistyped one was stored silently."""
    db, plan_id = seeded
    at = page_as(JINJIANG)
    at.selectbox(key="rec_kind").set_value("agreements").run()
    box = at.selectbox(key="rec_f_agreements_partner_id")
    offered = box.options
    sichuan = [o for o in offered if o.startswith("四川大学（望江校区） · ")]
    assert len(sichuan) == 1
    units = [o for o in offered if o.endswith(" · R510104-00001")]
    assert len(units) == 1  # a unit based in one of the county's communities
    assert not [o for o in offered if "中山大学" in o]  # another province's campuses are not
    at.selectbox(key="rec_f_agreements_community_id").set_value("C510104-0002")
    at.selectbox(key="rec_f_agreements_kind").set_value("campus")
    partner = sichuan[0].rsplit(" · ", 1)[1]
    box.set_value(partner)
    next(b for b in at.button if b.label == "保存").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["已保存：新增 1 条记录。"]
    # the campus given as a resident unit (an id typed outside the list is checked the same)
    at.selectbox(key="rec_f_agreements_kind").set_value("resident_unit")
    next(b for b in at.button if b.label == "保存").click().run()
    escaped = partner.replace("-", "\\-")
    assert [s.value for s in at.success] == [
        f"已保存：新增 1 条记录。 “合作方编号”：合作方编号“{escaped}”不在当前驻区单位"
        "图层中（编号有误，或合作方类型选错）：不影响保存，请核对"
    ]
    # a partner the layers lack is typed: saved, flagged; typed beside another one picked,
    # the form asks which
    at.selectbox(key="rec_f_agreements_kind").set_value("campus")
    at.text_input(key="rec_f_agreements_partner_id_typed").input("U9999-1")
    next(b for b in at.button if b.label == "保存").click().run()
    assert [e.value for e in at.error] == [
        "合作方只需选一个或填一个编号：选中的与填写的编号不同，请清除其中一个"
    ]
    at.selectbox(key="rec_f_agreements_partner_id").set_value(None)
    next(b for b in at.button if b.label == "保存").click().run()
    assert not at.error
    assert [s.value for s in at.success] == [
        "已保存：新增 1 条记录。 “合作方编号”：合作方编号“U9999\\-1”不在当前高校图层中"
        "（编号有误，或合作方类型选错）：不影响保存，请核对"
    ]
    saved = srec.records(db, plan_id, "agreements")
    assert sorted(zip(saved["kind"], saved["partner_id"], strict=True)) == [
        ("campus", partner),
        ("campus", "U9999-1"),
        ("resident_unit", partner),
    ]


@pytest.mark.slow
def test_the_form_dates_a_record_within_the_plans_year_and_refuses_one_after_today(seeded):
    """The 2021 plan's form opened at today's date (2026), outside its year of work: it now
    opens on the year's nearest day. A date after today is refused; one outside the year is
    saved with a warning in the message."""
    from geo.core import localtime

    db, plan_id = seeded
    today = localtime.today()
    at = page_as(JINJIANG)
    assert at.date_input(key="rec_f_activities_date").value == dt.date(2022, 4, 30)
    at.selectbox(key="rec_f_activities_community_id").set_value("C510104-0002")
    at.selectbox(key="rec_f_activities_area").set_value("elderly_digital")
    at.text_input(key="rec_f_activities_title").input("手机课堂")
    at.date_input(key="rec_f_activities_date").set_value(today + dt.timedelta(days=30))
    next(b for b in at.button if b.label == "保存").click().run()
    day = today.isoformat().replace("-", "\\-")  # Markdown-escaped, shown as written
    assert [e.value for e in at.error] == [
        f"“日期”：日期晚于今天（{day}）：尚未发生的工作不能记录，请检查年份"
    ]
    assert len(srec.records(db, plan_id, "activities")) == 2  # nothing saved
    at.date_input(key="rec_f_activities_date").set_value(dt.date(2023, 3, 1))
    next(b for b in at.button if b.label == "保存").click().run()
    assert not at.error
    assert [s.value for s in at.success] == [
        "已保存：新增 1 条记录。 “日期”：日期不在方案的实施期（2021\\-05\\-01 至 "
        "2022\\-04\\-30）内：不影响保存，请核对方案和年份"
    ]
    assert len(srec.records(db, plan_id, "activities")) == 3


@pytest.mark.slow
def test_the_evaluation_prefills_evidence_and_lists_exits_with_reasons(seeded):
    at = page_as(VIEWER)
    sheet = frame_with(at, "实测：志愿服务时长").set_index("社区编号")
    assert sheet.loc["C510104-0001", "实测：志愿服务时长"] == 10.0
    assert sheet.loc["C510104-0001", "实测：四点半课堂开展月数"] == 1
    exits = frame_with(at, "理由", last=True)
    assert set(exits["社区编号"]) == set(COMMUNITIES)  # nothing much recorded: all below
    # a yes-or-no measure says no, not "青年之家投入使用 0，低于 1"
    assert exits["理由"].str.contains("青年之家未投入使用").all()
    assert not exits["理由"].str.contains("投入使用 0").any()
    assert set(exits["建议依据"]) == {"细则总分"}  # no expert has scored yet
    # as of September 2021, in a year running to April 2022: said to be a progress check
    assert [w.value for w in at.warning if "以下建议" in w.value] == [
        "实施期到 2022-04-30 才结束：以下建议只依据截至 2021-09-20 的记录，"
        "是进度检查，不是年度评估（评估细则的指标按全年计）。"
    ]
    assert any("只有中央账号可以启动下一周期" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "rec_rubric_save"]  # only the centre edits
    # the meeting's deck, made when asked: summary, map, exit list
    from tests import _downloads

    with _downloads.capture() as found:
        at.button(key="rec_eval_pptx_make").click().run()
    deck = next(d for d in found if d.key == "rec_eval_pptx")
    # named as titled, by the plan and the day read (both were 评估.pptx/.xlsx, whatever
    # the plan, the day, or a progress check)
    assert deck.file_name == "进度检查-2021 第一批-2021-09-20.pptx" and deck.content()[:2] == b"PK"
    assert next(d for d in found if d.key == "rec_eval_xlsx").file_name == (
        "进度检查-2021 第一批-2021-09-20.xlsx"
    )
    # both files say what the page says: a progress check as of its day, its exits
    # provisional (they were titled the year's evaluation, with no day)
    import io

    from openpyxl import load_workbook
    from pptx import Presentation

    book = load_workbook(io.BytesIO(next(d for d in found if d.key == "rec_eval_xlsx").content()))
    cover = [r[0] for r in book.worksheets[0].iter_rows(values_only=True)]
    assert cover[:3] == [
        "四川省社区青春行动进度检查",
        "截至 2021-09-20 的进度检查，非年度评估",
        "实施期：2021-05-01 至 2022-04-30",
    ]
    assert "退出名单（临时）" in book.sheetnames
    slides = Presentation(io.BytesIO(deck.content())).slides
    assert slides[0].shapes.title.text == "四川省社区青春行动进度检查"
    assert "截至 2021-09-20 的进度检查，非年度评估" in slides[0].placeholders[1].text
    assert slides[len(slides) - 1].shapes.title.text == "退出名单（临时，年度评估前不作定论）"


@pytest.mark.slow
def test_the_centre_saves_an_edited_rubric_as_a_new_version(seeded):
    db, _ = seeded
    from geo.store import rubrics

    at = page_as(CENTRAL)
    at.number_input(key="rec_exit").set_value(0.0).run()
    at.button(key="rec_rubric_save").click().run()
    assert not at.exception and not at.error
    saved = rubrics.load_rubric(db)
    assert (saved.version, saved.exit_below) == (1, 0.0)
    assert "第1版" in at.caption[0].value or any("第1版" in c.value for c in at.caption)
    # no exit below 0: the exit list is drawn as an empty table's caption, so the only
    # table with reasons left is the evaluation of every community
    assert len([d for d in at.dataframe if "理由" in d.value.columns]) == 1
    assert any(c.value == i18n.t("common.table_empty", "zh") for c in at.caption)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_with_records_has_every_string_in_both_languages(seeded, lang):
    from tests.app.test_i18n_pages import CJK, MARK, _labels, _none_cells, _placeholders, _texts

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["user"] = CENTRAL
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("pages/progress.py").run()
    assert not at.exception
    assert sorted({t for t in _texts(at) if MARK in t}) == []
    wrong = {
        k: p for k, p in _placeholders(at).items() if not p or bool(CJK.search(p)) != (lang == "zh")
    }
    assert wrong == {}
    assert _none_cells(at) == {}
    if lang == "en":
        data = {v[0] for v in COMMUNITIES.values()} | {"2021 第一批"}
        chinese = sorted({t for t in _labels(at) if CJK.search(t) and t not in data})
        assert chinese == [], chinese


@pytest.mark.slow
def test_the_centre_carries_over_and_the_province_refills_on_the_selection_page(seeded):
    import dataclasses

    from geo.plan import evaluation as ev
    from geo.store import rubrics

    db, plan_id = seeded
    # the two communities with an activity score about 1.5 of 100: they stay, one exits
    lenient = dataclasses.replace(ev.DEFAULT_RUBRIC, continue_at=1.0, exit_below=1.0)
    rubrics.save_rubric(db, CENTRAL, lenient)
    at = page_as(CENTRAL)
    assert not [b for b in at.button if b.key in ("rec_next_start", "rec_refill")]
    # as of September 2021, seven months before the year's end: a progress check, and the
    # next cycle waits for the year (it would exit communities on part of a year's records)
    assert [w.value for w in at.warning if "延续社区" in w.value] == [
        "实施期到 2022-04-30 才结束：以下延续社区和腾出名额只依据截至 2021-09-20 的记录，"
        "是进度检查。下一周期在实施期结束、年度评估之后启动。"
    ]
    start = at.button(key="rec_next_carried")
    assert start.disabled
    assert start.help == (
        "实施期到 2022-04-30 结束：把“统计截至”设为 2022-03-31 或以后，"
        "按全年记录评估后才能启动下一周期。"
    )
    at.date_input(key="rec_asof_1_2021-09-20").set_value(dt.date(2022, 3, 31)).run()
    assert not [w for w in at.warning if "延续社区" in w.value]
    assert not at.button(key="rec_next_carried").disabled
    # Jinjiang's Youth Home went into use during the year; the exiting community's was built
    homes = pd.concat(
        records.check_row("homes", {"community_id": c, "state": state, "since": "2021-07-01"})
        for c, state in (("C510104-0001", "in_use"), ("C510104-0002", "built"))
    )
    srec.save_records(db, CENTRAL, plan_id, "homes", homes)
    assert at.text_input(key="rec_next_name").value == "2022 第一批"  # a year on
    at.button(key="rec_next_carried").click().run()
    assert not at.exception and not at.error
    said = [s.value for s in at.success if "已生成新方案" in s.value]
    assert len(said) == 1 and "延续 2 个，带入其青年之家状态 1 条、共建协议 0 份" in said[0], said
    assert said[0].endswith(
        "补选。其中 2 个延续社区没有高校共建协议：请在“高校结对”页为其结对，并录入协议。"
    )
    plans = store.list_plans(db)
    following = int(plans["id"].max())
    params = store.get_plan(db, following)["params"]
    assert params["previous_plan"] == plan_id and params["quotas"] == {"51": 3}
    assert params["exited"] == ["C510104-0002"]
    carried = set(srec.plan_areas(db, following)["community_id"])
    assert carried == {"C510104-0001", "C510105-0001"}
    assert list(srec.records(db, following, "homes")["community_id"]) == ["C510104-0001"]
    # the progress page sends the provinces to the selection page for the refill
    at.selectbox(key="rec_plan").set_value(plan_id).run()
    assert any("名额与遴选" in s.value for s in at.success)

    sichuan = AppTest.from_file(APP, default_timeout=300)
    sichuan.session_state["user"] = User("sc", "province", "51")
    sichuan.session_state["scope_region"] = "west"
    sichuan.session_state["scope_province"] = "51"
    sichuan.run()
    sichuan.switch_page("pages/selection.py").run()
    assert not sichuan.exception, [e.value for e in sichuan.exception]
    assert sichuan.selectbox(key="sel_next_pick").options == [
        plans.loc[plans["id"] == following, "name"].iloc[0]
    ]
    sichuan.button(key="sel_next_load").click().run()
    assert not sichuan.exception, [e.value for e in sichuan.exception]
    # the first pick's page with the previous quotas, the carried locked and the exit excluded
    assert sichuan.number_input(key="q_total").value == 3
    changes = {(c["id"], c["action"]) for c in sichuan.session_state["sel_changes"]}
    assert changes == {
        ("C510104-0001", "lock"),
        ("C510105-0001", "lock"),
        ("C510104-0002", "exclude"),
    }
    write = next(b for b in sichuan.button if b.key == "sel_next_write")
    assert write.label == "将 1 个补选社区写入下一周期方案"
    write.click().run()
    assert not sichuan.exception and not sichuan.error
    second = srec.plan_areas(db, following)
    assert len(second) == 3 and set(second["quota_unit"]) == {"51"}
    added = set(second["community_id"]) - carried
    assert added and not added & {"C510104-0002"}
    assert any("已写入 1 个补选社区" in s.value for s in sichuan.success)
    # loaded again, the page shows the plan as it now is: the replacement written is locked
    # too (the pick had been free to choose another and show it as the refill)
    sichuan.button(key="sel_next_load").click().run()
    reasons = {(c["id"], c["action"]): c["reason"] for c in sichuan.session_state["sel_changes"]}
    assert reasons == {
        ("C510104-0001", "lock"): "上一周期评估：延续",
        ("C510105-0001", "lock"): "上一周期评估：延续",
        (next(iter(added)), "lock"): "已补选写入下一周期方案",
        ("C510104-0002", "exclude"): "上一周期评估：退出",
    }


@pytest.mark.slow
def test_the_centre_records_the_evaluations_outcome_in_the_plans_statuses(seeded):
    """After the evaluation the plan's communities stayed 已评估 and 已备案: who was kept and
    who left was said on the next-cycle tab only, and the status board, the exit list and
    the exports never learnt it (the centre changed each status by hand)."""
    from geo.plan.lifecycle import EVALUATION_AREAS

    db, plan_id = seeded
    sc = User("sc", "province", "51")
    for c in COMMUNITIES:
        store.transition(db, sc, plan_id, c, "recommended", 1)
    store.submit_filing(db, sc, plan_id, "51", 1)
    store.accept_filing(db, CENTRAL, plan_id, "51", 2)
    store.transition(db, JINJIANG, plan_id, "C510104-0001", "launched", 3)
    scores = dict.fromkeys(EVALUATION_AREAS, 20.0)
    day = dt.date(2022, 5, 10)
    store.record_evaluation(
        db, CENTRAL, plan_id, "C510104-0001", scores, eval_date=day, expert="李"
    )
    at = page_as(CENTRAL)
    early = at.button(key="rec_next_outcomes")  # as of September: part of a year's records
    assert early.disabled and early.help == (
        "实施期到 2022-04-30 结束：把“统计截至”设为 2022-03-31 或以后，"
        "按全年记录评估后才能更新社区状态。"
    )
    from tests import _downloads

    with _downloads.capture() as found:
        at.date_input(key="rec_asof_1_2021-09-20").set_value(dt.date(2022, 4, 30)).run()
    made = next(d for d in reversed(found) if d.key == "rec_eval_xlsx")
    assert made.file_name == "年度评估-2021 第一批-2022-04-30.xlsx"  # the year's, read whole
    go = at.button(key="rec_next_outcomes")
    assert go.label == "按评估结果更新本方案的社区状态（继续实施 1 个，退出 2 个）"
    go.click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [s.value for s in at.success if "评估结果" in s.value] == [
        "已按评估结果更新社区状态：继续实施 1 个，退出 2 个。"
    ]
    comm = store.communities(db, plan_id).set_index("community_id")
    assert comm.loc["C510104-0001", "status"] == "continued"  # the experts' 80
    assert comm.loc["C510104-0001", "reason"] == next_cycle.KEEP_REASONS["continue"]
    assert comm.loc["C510104-0002", "status"] == "exited"  # filed, never launched
    assert comm.loc["C510104-0002", "reason"] == next_cycle.EXIT_REASONS["not_launched"]
    # named in each reader's language where the plan's statuses are shown (it was stored,
    # and shown on English pages, in Chinese)
    for lang, said in (
        ("zh", "年度评估：实施期内区县未启动"),
        ("en", "Year's evaluation: not launched by its county during the year"),
    ):
        shown = ereports.localize(comm[["reason"]], lang).iloc[:, 0]
        assert shown["C510104-0002"] == said
        exits = ereports.localize(sreports.exit_list(db, plan_id), lang)
        assert said in set(exits.iloc[:, list(exits.columns).index(shown.name)])
    assert comm.loc["C510105-0001", "status"] == "exited"
    assert not [b for b in at.button if b.key == "rec_next_outcomes"]  # nothing left to do
    # read as of the year's last day, the year's evaluation still holds the communities its
    # outcome exited (they left the day after; the workbook had lost them)
    sheet = frame_with(at, "实测：志愿服务时长")
    assert set(sheet["社区编号"]) == set(COMMUNITIES)
    basis = dict(zip(sheet["社区编号"], sheet["建议依据"], strict=True))
    assert set(basis.values()) == {"中央决定"}  # the outcome, as recorded
    assert dict((m.label, m.value) for m in at.metric)["腾出名额"] == "2"


def test_the_page_opens_on_the_next_plan_once_filed_and_in_its_year(seeded):
    """The next plan, filed and five days into its year, holds no activity yet: the page
    opened on the year before, and the county read that year's warnings, not the launches
    now due (已备案未启动)."""
    from geo.core import localtime
    from tests._plans import set_year

    db, plan_id = seeded
    carried = pd.DataFrame(
        {"id": ["C510104-0001"], "name": ["锦官驿街道第1社区"], "county_code": ["510104"]}
    )
    following = store.create_plan(
        db, CENTRAL, "2022 第一批", carried, params={"previous_plan": plan_id}
    )
    today = localtime.today()
    set_year(db, following, today - dt.timedelta(days=5), today + dt.timedelta(days=360))
    assert page_as(JINJIANG).selectbox(key="rec_plan").value == plan_id  # not filed yet
    sc = User("sc", "province", "51")
    store.transition(db, sc, following, "C510104-0001", "recommended", 1)
    store.submit_filing(db, sc, following, "51", 1)
    store.accept_filing(db, CENTRAL, following, "51", 2)
    at = page_as(JINJIANG)
    assert at.selectbox(key="rec_plan").value == following
    got = [m.value for m in at.markdown if "已备案未启动" in m.value] + [  # the warnings
        c.value for c in at.caption if "已备案未启动" in c.value
    ]
    assert got and "已备案未启动 1" in got[0], got


def test_the_next_cycle_tab_lists_the_places_freed_by_province(seeded):
    at = page_as(CENTRAL)
    assert dict((m.label, m.value) for m in at.metric)["腾出名额"] == "3"
    freed = [d.value for d in at.dataframe if "腾出名额" in d.value.columns]
    assert len(freed) == 1 and freed[0]["腾出名额"].sum() == 3


@pytest.mark.slow
def test_the_xpccs_scope_shows_the_xpccs_communities_and_xinjiangs_its_own(
    tmp_path, monkeypatch, layers
):
    """On 新疆 · 新疆生产建设兵团 the page read Xinjiang's unit and showed no community; the
    XPCC files on its own line, so its cities' scope reads the XPCC's."""
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.setenv("YOUTHMAP_NO_LOGIN", "0")
    c = layers.communities
    county = c["county_code"].astype(str)
    xj = c[county.str.startswith("65") & ~county.str.startswith("6590")].iloc[0]
    bt = c[county.str.startswith("6590")].iloc[0]
    db = store.open_store()
    store.create_user(db, "centre", "centre-password", "central")
    chosen = pd.DataFrame(
        {
            "id": [xj["id"], bt["id"]],
            "name": [xj["name"], bt["name"]],
            "county_code": [xj["county_code"], bt["county_code"]],
        }
    )
    store.create_plan(db, CENTRAL, "2021 第一批", chosen)
    db.dispose()
    shown = {}
    for city in ("6590", None):
        at = AppTest.from_file(APP, default_timeout=120)
        at.session_state["user"] = CENTRAL
        at.session_state["scope_region"] = "west"
        at.session_state["scope_province"] = "65"
        at.session_state["scope_city"] = city
        at.run()
        at.switch_page("pages/progress.py").run()
        assert not at.exception
        warnings = at.dataframe[1].value
        shown[city] = ({m.label: m.value for m in at.metric}["行动社区"], set(warnings["社区编号"]))
    assert shown == {"6590": ("1", {bt["id"]}), None: ("1", {xj["id"]})}


@pytest.mark.parametrize(("province", "level"), [(None, "province"), ("51", "county")])
def test_the_table_opens_one_level_below_the_scope(seeded, province, level):
    """Nationally the provinces; in Sichuan, whose plan communities all lie in Chengdu, the
    counties (it opened at the province level everywhere: one row, the scope itself)."""
    at = page_as(VIEWER, **({"scope_province": province} if province else {}))
    assert at.radio(key="rec_level").value == level
    assert len(at.dataframe[0].value) == (1 if province is None else 2)


def test_the_form_offers_the_action_communities_only(seeded):
    """Once a filing is accepted the form still offered the plan's candidates, and an exited
    community: records for communities outside the action."""
    db, plan_id = seeded
    sc = User("sc", "province", "51")
    for community in ("C510104-0001", "C510104-0002"):
        store.transition(db, sc, plan_id, community, "recommended", 1)
    store.submit_filing(db, sc, plan_id, "51", 1)
    store.accept_filing(db, CENTRAL, plan_id, "51", 2)
    store.transition(db, JINJIANG, plan_id, "C510104-0002", "launched", 3)
    store.transition(db, CENTRAL, plan_id, "C510104-0002", "exited", 4, reason="社区撤并")
    at = page_as(CENTRAL)
    assert at.selectbox(key="rec_f_activities_community_id").options == [
        "锦官驿街道第1社区 · C510104-0001"
    ]


@pytest.mark.slow
def test_the_partner_list_waits_for_a_province_when_the_form_spans_several(seeded):
    """At national scope the centre's form listed every campus of every province and the
    units of all its communities (7,469 partners for the demo plan), sent on every run."""
    db, _ = seeded
    both = pd.DataFrame(
        {
            "id": ["C510104-0001", "C440106-0001"],
            "name": ["锦官驿街道第1社区", "五山街道第1社区"],
            "county_code": ["510104", "440106"],
        }
    )
    plan_id = store.create_plan(db, CENTRAL, "2022 第二批", both)
    at = page_as(CENTRAL, rec_plan=plan_id)
    at.selectbox(key="rec_kind").set_value("agreements").run()
    box = at.selectbox(key="rec_f_agreements_partner_id")
    assert box.options == [] and box.disabled
    assert box.placeholder == "在侧栏选择省份后可按名称查找"
    at.text_input(key="rec_f_agreements_partner_id_typed")  # an id can still be typed


def test_a_warnings_campus_is_named_not_only_by_its_id(seeded):
    """结对高校从未到访 listed the campus as U0649-1: a committee reads it by name."""
    import io

    from geo import dataset
    from geo.core.layers import campus_names
    from tests import _downloads

    db, plan_id = seeded
    camp = dataset.load_layers().campuses
    campus = camp.loc[camp["county_code"].astype(str).str.startswith("5101")].iloc[0]
    agreement = {
        "community_id": "C510104-0002",
        "kind": "campus",
        "partner_id": str(campus["id"]),
        "start_date": "2021-06-01",
    }
    srec.save_records(
        db, CENTRAL, plan_id, "agreements", records.check_row("agreements", agreement)
    )
    with _downloads.capture() as found:
        at = page_as(CENTRAL)
    warned = frame_with(at, "结对高校")
    never = warned.loc[warned["预警"] == "结对高校从未到访"]
    named = f"{campus_names(camp.loc[[campus.name]]).iloc[0]} · {campus['id']}"
    assert never["结对高校"].tolist() == [named]
    # and so does the monthly report's workbook
    report = next(d for d in found if d.key == "rec_rep_xlsx")
    sheet = pd.read_excel(io.BytesIO(report.content()), sheet_name="预警", dtype=str)
    assert sheet.loc[sheet["预警"] == "结对高校从未到访", "结对高校"].tolist() == [named]


@pytest.mark.slow
def test_the_centre_downloads_the_whole_actions_monthly_report(tmp_path, monkeypatch, layers):
    """The report was a province's only: the central committee, which follows 1,000
    communities in 32 units, had to download 32 workbooks and add them up. At national
    scope the page now offers 全国 first: by region, by province, the warnings counted by
    province; a region's scope holds no 全国, so it offers its provinces only."""
    import io

    from tests import _downloads

    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.setenv("YOUTHMAP_NO_LOGIN", "0")
    c = layers.communities
    county = c["county_code"].astype(str)
    picked = pd.concat(
        [c[county.str.startswith("5101")].head(2), c[county.str.startswith("4401")].head(1)]
    )
    db = store.open_store()
    store.create_user(db, "centre", "centre-password", "central")
    plan_id = store.create_plan(
        db, CENTRAL, "2021 第一批", picked[["id", "name", "county_code"]].reset_index(drop=True)
    )
    first = records.check_row(
        "activities",
        {"community_id": picked["id"].iloc[0], "date": "2021-09-20", "area": "after_school",
         "title": "作业辅导", "volunteer_hours": "10", "children": "8"},
    )  # fmt: skip
    srec.save_records(db, CENTRAL, plan_id, "activities", first)
    db.dispose()
    with _downloads.capture() as found:
        at = page_as(CENTRAL)
    unit = at.selectbox(key="rec_rep_unit")
    assert unit.label == "全国或省份"
    assert unit.options[:1] == ["全国"] and unit.value == "national"
    assert unit.options[1:] == ["广东省", "四川省"]
    report = next(d for d in found if d.key == "rec_rep_xlsx")
    assert report.file_name == "月报-全国-2021-09.xlsx"
    book = pd.read_excel(io.BytesIO(report.content()), sheet_name=None, dtype=str)
    assert list(book) == ["月报", "概况", "分区域", "分省", "月份", "预警分省统计", "预警"]
    assert book["月报"].columns[0] == "全国社区青春行动月报（2021-09）"
    assert book["概况"][["地区", "行动社区数"]].values.tolist() == [["全国", "3"]]
    assert book["分区域"][["地区", "行动社区数"]].values.tolist() == [["东部", "1"], ["西部", "2"]]
    assert book["分省"][["代码", "地区", "行动社区数"]].values.tolist() == [
        ["44", "广东省", "1"],
        ["51", "四川省", "2"],
    ]
    counts = book["预警分省统计"].set_index("地区")
    assert len(book["预警"]) and len(counts), book["预警"]
    listed = book["预警"]["省份/兵团代码"].value_counts()
    assert counts["合计"].astype(int).to_dict() == {  # every province, then the 合计 row
        **{n: int(listed.get(code, 0)) for code, n in (("44", "广东省"), ("51", "四川省"))},
        "合计": len(book["预警"]),
    }
    # and the warnings tab counts them by province above its list
    by_unit = frame_with(at, "合计").set_index("地区")
    assert {"**预警分省统计**", "**预警名单**"} <= {m.value for m in at.markdown}  # headed
    assert by_unit["合计"].to_dict() == counts["合计"].astype(int).to_dict()
    # the east's scope: its provinces, no 全国
    at = page_as(CENTRAL, scope_region="east")
    assert not [d for d in at.dataframe if "合计" in d.value.columns]  # one province
    assert at.selectbox(key="rec_rep_unit").options == ["广东省"]
    assert at.selectbox(key="rec_rep_unit").label == "省份"


def test_the_region_level_names_its_regions_without_their_keys(seeded):
    """At the region level the table's code column read "west", an English key."""
    at = page_as(VIEWER)
    at.radio(key="rec_level").set_value("region").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "代码" not in table and table["地区"].tolist() == ["西部"]


@pytest.mark.slow
def test_an_outcome_recorded_by_another_centre_account_is_said_not_dropped(seeded):
    """Two centre accounts on the next-cycle tab: the second to click 按评估结果更新… (after
    the other's click landed) got no message at all and nothing was written, as the click's
    rerun found nothing left to record and drew no button. The click now carries the changes
    as first shown and is refused naming who; the page says they changed until 刷新."""
    from geo.plan.lifecycle import EVALUATION_AREAS

    db, plan_id = seeded
    store.create_user(db, "centre2", "centre2-password", "central")
    sc = User("sc", "province", "51")
    for c in COMMUNITIES:
        store.transition(db, sc, plan_id, c, "recommended", 1)
    store.submit_filing(db, sc, plan_id, "51", 1)
    store.accept_filing(db, CENTRAL, plan_id, "51", 2)
    store.transition(db, JINJIANG, plan_id, "C510104-0001", "launched", 3)
    scores = dict.fromkeys(EVALUATION_AREAS, 20.0)
    store.record_evaluation(
        db, CENTRAL, plan_id, "C510104-0001", scores, eval_date=dt.date(2022, 5, 10), expert="李"
    )
    pages = [page_as(CENTRAL), page_as(User("centre2", "central"))]
    for at in pages:
        at.date_input(key="rec_asof_1_2021-09-20").set_value(dt.date(2022, 4, 30)).run()
        assert at.button(key="rec_next_outcomes").label.endswith("（继续实施 1 个，退出 2 个）")
    first, second = pages
    second.button(key="rec_next_outcomes").click().run()
    assert [s.value for s in second.success if "评估结果" in s.value]
    first.button(key="rec_next_outcomes").click().run()
    assert not first.exception and not [s for s in first.success if "评估结果" in s.value]
    said = [e.value for e in first.error]
    assert len(said) == 1 and "在你打开后已被 centre2 修改" in said[0], said
    assert any(
        w.value.startswith("评估结果对应的状态更新在你打开后已有变更") for w in first.warning
    )
    first.button(key="rec_next_refresh").click().run()
    assert not [b for b in first.button if b.key == "rec_next_outcomes"]  # nothing left to do
    audit = store.communities(db, plan_id).set_index("community_id")
    assert set(audit["updated_by"]) == {"centre2"}
