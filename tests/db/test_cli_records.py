"""``youthmap records import``, ``youthmap progress`` and ``youthmap evaluate`` on SQLite and
PostgreSQL: role rules by ``--as``, idempotent re-import, row errors with exit 2, the
monthly report and the evaluation workbook."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation

from geo import store
from geo.cli import main
from geo.cli._common import display_width
from geo.plan.auth import User
from geo.store import records as srec
from tests._paths import ROOT
from tests._plans import launch_and_evaluate

pytest_plugins = ["tests.pg"]

CENTRAL = User("centre", "central")
COMMUNITIES = {"C510104-0001": "510104", "C510104-0002": "510104", "C510105-0001": "510105"}
SHEET = (
    "社区编号,日期,任务领域,活动名称,参与人数,志愿服务时长（小时）,受益儿童,合作方类型\n"
    "C510104-0001,2021-09-01,四点半课堂,作业辅导,12,24,10,高校团支部\n"
    "C510104-0002,2021-09-02,智慧助老,手机课堂,8,8,0,\n"
)


@pytest.fixture
def db(db_url):
    s = store.open_store(db_url)
    store.create_user(s, "centre", "centre-password", "central")
    store.create_user(s, "jinjiang", "jinjiang-password", "county", "51", "510104")
    store.create_user(s, "gd", "guangdong-password", "province", "44")
    chosen = pd.DataFrame(
        {
            "id": list(COMMUNITIES),
            "name": list(COMMUNITIES),
            "county_code": list(COMMUNITIES.values()),
        }
    )
    store.create_plan(s, CENTRAL, "2021 第一批", chosen)
    yield s
    s.dispose()


def test_a_county_imports_its_sheet_once_however_often_it_uploads_it(db, db_url, tmp_path, capsys):
    sheet = tmp_path / "九月活动.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    args = [
        "records",
        "--db",
        db_url,
        "import",
        str(sheet),
        "--type",
        "activities",
        "--as",
        "jinjiang",
    ]
    assert main(args) == 0
    assert "2 added, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert main(args) == 0
    assert "0 added, 0 updated, 2 unchanged" in capsys.readouterr().out
    acts = srec.records(db, 1, "activities")
    assert len(acts) == 2 and acts["volunteer_hours"].sum() == 32.0


def test_another_provinces_account_is_refused_row_by_row(db, db_url, tmp_path, capsys):
    sheet = tmp_path / "a.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    args = ["records", "--db", db_url, "import", str(sheet), "--type", "activities", "--as", "gd"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "a.csv, row 2, column 社区编号: this community is outside your area" in err
    assert "a.csv, row 3, column 社区编号: this community is outside your area" in err
    assert srec.records(db, 1, "activities").empty


def test_a_sheet_with_a_bad_row_is_refused_whole_unless_valid_only(db, db_url, tmp_path, capsys):
    sheet = tmp_path / "b.csv"
    sheet.write_text(SHEET + "C510104-0001,2021-09-31,四点半课堂,x,1,1,1,\n", encoding="utf-8")
    args = [
        "records",
        "--db",
        db_url,
        "import",
        str(sheet),
        "--type",
        "activities",
        "--as",
        "centre",
    ]
    assert main(args) == 2
    assert "b.csv, row 4, column 日期: not a date" in capsys.readouterr().err
    assert srec.records(db, 1, "activities").empty
    assert main([*args, "--valid-only"]) == 0
    assert "2 added" in capsys.readouterr().out


def test_a_youth_home_in_use_from_a_later_year_is_refused(db, db_url, tmp_path, capsys):
    """A county's homes sheet with 已投入使用 since 2099 was stored (and counted in use by the
    evaluation); it refuses the sheet at its row and column. A planned home due next year
    is stored."""
    later = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    sheet = tmp_path / "homes.csv"
    sheet.write_text(
        "社区编号,青年之家状态,启用日期\n"
        f"C510104-0001,已投入使用,2099-01-01\nC510104-0002,筹建中,{later}\n",
        encoding="utf-8",
    )
    args = ["records", "--db", db_url, "import", str(sheet), "--type", "homes"]
    assert main([*args, "--as", "jinjiang"]) == 2
    assert "homes.csv, row 2, column 启用日期: after today" in capsys.readouterr().err
    assert srec.records(db, 1, "homes").empty
    assert main([*args, "--as", "jinjiang", "--valid-only"]) == 0
    stored = srec.records(db, 1, "homes")
    assert list(stored["community_id"]) == ["C510104-0002"]


def test_work_dated_after_today_is_refused_and_another_year_is_flagged(
    db, db_url, tmp_path, capsys
):
    """A row dated 2062 (typed for 2026) refuses the sheet, naming row and column; one of
    2023, outside the 2021 plan's year of work, is stored with a warning on stderr."""
    sheet = tmp_path / "d.csv"
    sheet.write_text(
        SHEET
        + "C510104-0001,2062-09-03,四点半课堂,x,1,1,1,\n"
        + "C510104-0002,2023-03-01,智慧助老,y,1,1,0,\n",
        encoding="utf-8",
    )
    args = ["records", "--db", db_url, "import", str(sheet)]
    args += ["--type", "activities", "--as", "jinjiang"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "d.csv, row 4, column 日期: the date is after today" in err
    assert srec.records(db, 1, "activities").empty
    assert main([*args, "--valid-only"]) == 0
    out, err = capsys.readouterr()
    assert "3 added" in out
    assert (
        "d.csv, row 5, column 日期: the date is outside the plan's year of work "
        "(2021-05-01 to 2022-04-30): saving goes ahead; check the plan and the year"
    ) in err
    assert sorted(srec.records(db, 1, "activities")["date"].astype(str)) == [
        "2021-09-01",
        "2021-09-02",
        "2023-03-01",
    ]


def test_work_dated_after_its_community_left_is_refused_by_row(
    db, db_url, tmp_path, capsys, monkeypatch
):
    """A county's sheet still listing a community the centre exited on 2021-10-08 was stored
    whole; now its rows after that day are refused, naming row and column, and its work
    before that day is kept."""
    import datetime as dt
    import sys

    sc = User("sc", "province", "51")
    with monkeypatch.context() as m:  # all done on 8 October 2021, the exit last
        for name, module in list(sys.modules.items()):
            if name.startswith("geo.store") and hasattr(module, "utcnow"):
                m.setattr(module, "utcnow", lambda: dt.datetime(2021, 10, 8, 2, 0))
        for c in COMMUNITIES:
            store.transition(db, sc, 1, c, "recommended", 1)
        store.submit_filing(db, sc, 1, "51", 1)
        store.accept_filing(db, CENTRAL, 1, "51", 2)
        store.transition(db, CENTRAL, 1, "C510104-0002", "exited", 3, reason="社区撤并")
    assert srec.plan_areas(db, 1).set_index("community_id").at[
        "C510104-0002", "exited_on"
    ] == dt.date(2021, 10, 8)
    sheet = tmp_path / "d.csv"
    sheet.write_text(SHEET + "C510104-0002,2021-11-03,智慧助老,手机课堂,8,8,0,\n", encoding="utf-8")
    args = ["records", "--db", db_url, "import", str(sheet), "--type", "activities"]
    args += ["--as", "jinjiang", "--lang", "zh"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "d.csv，第 4 行，列“日期”：该社区已于 2021-10-08 退出本方案" in err, err
    assert srec.records(db, 1, "activities").empty
    assert main([*args, "--valid-only"]) == 0
    capsys.readouterr()
    kept = srec.records(db, 1, "activities")
    assert sorted(zip(kept["community_id"], kept["date"].astype(str), strict=True)) == [
        ("C510104-0001", "2021-09-01"),
        ("C510104-0002", "2021-09-02"),  # before it left: still its year's work
    ]


def test_an_agreement_with_a_partner_the_layers_lack_is_saved_with_a_warning(
    db, db_url, tmp_path, capsys
):
    """A mistyped campus id was stored silently."""
    sheet = tmp_path / "a.csv"
    sheet.write_text(
        "社区编号,协议类型,合作方编号,开始日期\n"
        "C510104-0001,高校团支部,U0001-1,2021-05-20\n"  # a campus the layer holds
        "C510104-0002,高校团支部,U00001-1,2021-05-20\n",  # one zero too many
        encoding="utf-8",
    )
    args = ["records", "--db", db_url, "import", str(sheet), "--type", "agreements"]
    assert main([*args, "--as", "jinjiang"]) == 0
    out, err = capsys.readouterr()
    assert "2 added" in out
    assert err.splitlines() == [
        "warning: a.csv, row 3, column 合作方编号: partner ID “U00001-1” is not in the current "
        "campus layer (mistyped, or the other partner type): saving goes ahead; check it"
    ]
    assert len(srec.records(db, 1, "agreements")) == 2


def test_work_dated_before_the_year_counts_for_nothing_in_progress_and_evaluation(
    db, db_url, tmp_path, capsys
):
    """Forty activities dated in the ten months before the year of work (2021-05-01 to
    2022-04-30), saved with a warning, lifted a community from 27.67 (exit) to 80.0
    (continue): 13 months of after-school classes in a 12-month year, 4,000 hours more.
    They stay stored and count for nothing."""
    from geo.plan import evaluation as ev
    from geo.plan import progress

    months = pd.period_range("2020-05", "2021-02", freq="M")
    areas = ("四点半课堂", "智慧助老", "美丽社区", "弱势青少年")
    old = "".join(
        f"C510104-0001,{m}-15,{a},旧{m}{a},10,100,10,高校团支部\n" for m in months for a in areas
    )
    sheet = tmp_path / "old.csv"
    sheet.write_text(SHEET + old, encoding="utf-8")
    args = ["records", "--db", db_url, "import", str(sheet), "--type", "activities"]
    assert main([*args, "--as", "centre"]) == 0
    assert "outside the plan's year of work" in capsys.readouterr().err
    stored = srec.records(db, 1, "activities")
    assert len(stored) == 42  # kept
    end = dt.date(2022, 4, 30)
    # the oracle: pandas over the stored records of the year
    day = pd.to_datetime(stored["date"])
    year = stored.loc[(day >= pd.Timestamp(2021, 5, 1)) & (day <= pd.Timestamp(end))]
    ids = list(COMMUNITIES)
    hours = year.groupby("community_id")["volunteer_hours"].sum().reindex(ids, fill_value=0)
    prog = progress.load(db, 1, end).set_index("community_id").loc[ids]
    assert prog["volunteer_hours"].tolist() == hours.tolist() == [24.0, 8.0, 0.0]
    assert prog["activities"].tolist() == [1, 1, 0]
    assert prog["beneficiaries"].tolist() == [10, 0, 0]
    assert prog["last_activity"].iloc[0] == pd.Timestamp(2021, 9, 1)
    sheet_ = ev.load(db, 1, ev.DEFAULT_RUBRIC, end).sheet.set_index("community_id").loc[ids]
    assert sheet_["ev_after_school_months"].tolist() == [1.0, 0.0, 0.0]
    assert sheet_["ev_youth_care_months"].tolist() == [0.0, 0.0, 0.0]
    assert sheet_["ev_volunteer_hours"].tolist() == [24.0, 8.0, 0.0]
    # by hand: C510104-0001 earns 15 · 1/10 for its one month of after-school classes and
    # 10 · 24/2000 for its hours, and 10 · min(v/2, 1) for v campus visits a month
    visits = 1 / (365 / progress.DAYS_PER_MONTH)
    total = 1.5 + 0.12 + 10 * visits / 2
    assert sheet_.loc["C510104-0001", "rubric_total"] == pytest.approx(total, abs=0.01)
    assert sheet_.loc["C510104-0001", "recommendation"] == "exit"


def test_this_months_progress_is_as_of_today_not_the_months_last_day(db, db_url, tmp_path, capsys):
    """Idle days counted to the 31st of the current month flagged communities idle for 60
    days that were not yet; the month so far is as of today."""
    import datetime as dt

    from geo.core import localtime
    from tests._plans import set_year

    today = localtime.today()  # the plan's year of work under way
    set_year(db, 1, today - dt.timedelta(days=200), today + dt.timedelta(days=160))
    sheet = tmp_path / "e.csv"
    sheet.write_text(SHEET.splitlines()[0] + f"\nC510104-0001,{today},四点半课堂,x,1,1,1,\n")
    args = ["records", "--db", db_url, "import", str(sheet), "--type", "activities"]
    assert main([*args, "--as", "centre"]) == 0
    capsys.readouterr()
    assert main(["progress", "--db", db_url, "--lang", "en"]) == 0
    said = capsys.readouterr().out
    assert f"progress of the plan “2021 第一批” as of {today.isoformat()}" in said


def test_the_evaluation_of_a_year_that_is_over_reads_to_its_end(db, db_url, tmp_path, capsys):
    """A record dated after the year of work (saved with a warning) moved the evaluation's
    day past the year: it counted the next year's work in this year's evaluation."""
    sheet = tmp_path / "c.csv"
    late = "C510104-0001,2022-06-01,四点半课堂,暑期托管,9,9,9,\n"  # the year ends 2022-04-30
    sheet.write_text(SHEET + late, encoding="utf-8")
    args = ["records", "--db", db_url, "import", str(sheet), "--type", "activities"]
    assert main([*args, "--as", "centre"]) == 0
    out_x = tmp_path / "e.xlsx"
    capsys.readouterr()
    assert main(["evaluate", "--db", db_url, "--plan", "2021 第一批", "--out", str(out_x)]) == 0
    assert "“2021 第一批”, 3 communities as of 2022-04-30;" in capsys.readouterr().out


def test_the_progress_of_a_year_that_is_over_reads_to_its_end_as_the_page(
    db, db_url, tmp_path, capsys
):
    """The command read a plan's progress as of the last day of its newest activity's
    month (2022-06-30, two months past the year's end) where the page reads it as of the
    year's end: the two gave different figures for the same plan."""
    sheet = tmp_path / "c.csv"
    late = "C510104-0001,2022-06-01,四点半课堂,暑期托管,9,9,9,\n"  # the year ends 2022-04-30
    sheet.write_text(SHEET + late, encoding="utf-8")
    args = ["records", "--db", db_url, "import", str(sheet), "--type", "activities"]
    assert main([*args, "--as", "centre"]) == 0
    capsys.readouterr()
    assert main(["progress", "--db", db_url, "--lang", "en"]) == 0
    assert "progress of the plan “2021 第一批” as of 2022-04-30" in capsys.readouterr().out
    assert main(["progress", "--db", db_url, "--lang", "en", "--month", "2022-06"]) == 0
    assert "as of 2022-04-30" in capsys.readouterr().out  # a month past the year: its end
    assert main(["progress", "--db", db_url, "--lang", "en", "--month", "2021-08"]) == 0
    assert "as of 2021-08-31" in capsys.readouterr().out


def test_progress_report_and_evaluation_workbooks(db, db_url, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_LANG", "zh")  # Chinese messages and workbooks
    sheet = tmp_path / "c.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    main(
        ["records", "--db", db_url, "import", str(sheet), "--type", "activities", "--as", "centre"]
    )
    assert main(["progress", "--db", db_url, "--province", "51"]) == 0
    lines = capsys.readouterr().out.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("代码"))
    table = lines[top : next(i for i, line in enumerate(lines) if line.startswith("预警"))]
    assert len(table) >= 2 and len({display_width(line) for line in table}) == 1  # lined up
    assert table[0].split()[:2] == ["代码", "名称"]
    assert table[1].split()[:2] == ["5101", "成都市"]  # each city named beside its code
    assert main(["progress", "--db", db_url, "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line.split() for line in lines]
    assert ["51", "Sichuan"] in [r[:2] for r in rows]
    head = next(line for line in lines if line.startswith("code"))
    assert "communities  active 30d  active 90d  volunteer hours" in head  # not comm, act30
    report = tmp_path / "月报.xlsx"
    assert main(["progress", "--db", db_url, "--province", "51", "--out", str(report)]) == 0
    out = capsys.readouterr().out
    # 510105's community has never recorded anything, and none has a campus agreement
    assert "预警：60天无活动 1、未与高校结对 3" in out
    assert f"已写入 {report}（四川省，" in out  # the province by name (it read 51)
    book = load_workbook(report)
    assert "预警" in book.sheetnames
    deck = tmp_path / "月报.pptx"
    assert main(["progress", "--db", db_url, "--province", "51", "--out", str(deck)]) == 0
    assert deck.stat().st_size > 10_000
    # without --province, the whole action's report (it was refused: "--out needs --province")
    whole = tmp_path / "全国月报.xlsx"
    assert main(["progress", "--db", db_url, "--out", str(whole)]) == 0
    assert f"已写入 {whole}（全国，" in capsys.readouterr().out
    assert load_workbook(whole).sheetnames == [
        "月报", "概况", "分区域", "分省", "月份", "预警分省统计", "预警"
    ]  # fmt: skip
    rubric = tmp_path / "rubric.toml"
    assert main(["evaluate", "--db", db_url, "--write-rubric", str(rubric)]) == 0
    assert (
        main(["evaluate", "--db", db_url, "--rubric", str(rubric), "--save", "--as", "centre"]) == 0
    )
    out_x = tmp_path / "评估.xlsx"
    assert main(["evaluate", "--db", db_url, "--plan", "2021 第一批", "--out", str(out_x)]) == 0
    said = capsys.readouterr().out
    assert "方案“2021 第一批”截至 2021-09-02 的 3 个社区" in said  # the plan it read, named
    # the newest record is of September 2021, the year runs to April 2022: a progress check
    assert (
        "注意：实施期到 2022-04-30 才结束，本评估只依据截至 2021-09-02 的记录，是进度检查，"
        "不是年度评估"
    ) in said
    year_end = ["--plan", "2021 第一批", "--asof", "2022-04-30", "--out", str(out_x)]
    assert main(["evaluate", "--db", db_url, *year_end]) == 0
    assert "注意" not in capsys.readouterr().out  # at the year's end it is the evaluation
    deck = tmp_path / "评估.pptx"  # the meeting's deck (it was refused: .xlsx only)
    assert main(["evaluate", "--db", db_url, "--plan", "2021 第一批", "--out", str(deck)]) == 0
    assert f"已写入 {deck}" in capsys.readouterr().out
    titles = [s.shapes.title.text for s in Presentation(deck).slides]
    # as of its newest record, September 2021: a progress check, its exits provisional
    assert titles == [
        "四川省社区青春行动进度检查", "分省汇总", "地图：评估建议", "退出名单（临时，年度评估前不作定论）"
    ]  # fmt: skip
    from geo.core import localtime

    later = localtime.today() + dt.timedelta(days=1)  # a day to come: refused, nothing written
    out_x.unlink()
    assert (
        main(["evaluate", "--db", db_url, *year_end[:2], "--asof", str(later), "--out", str(out_x)])
        == 2
    )
    assert f"{later} 晚于今天" in capsys.readouterr().err and not out_x.exists()
    assert main(["evaluate", "--db", db_url, *year_end]) == 0
    book = load_workbook(out_x)
    assert [r[0].value for r in book["说明"].iter_rows()][:3] == [
        "四川省社区青春行动年度评估",
        "截至 2022-04-30 的年度评估",  # the year's end: the evaluation, its day stated
        "实施期：2021-05-01 至 2022-04-30",
    ]
    ws = book["评估表"]
    header = [c.value for c in ws[1]]
    assert "实测：志愿服务时长" in header and "专家总分" in header
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "x"\n[[indicator]]\nmeasure = "smiles"\nweight = 1\ntarget = 1\n', "utf-8"
    )
    assert main(["evaluate", "--db", db_url, "--rubric", str(bad), "--out", str(out_x)]) == 2
    assert "bad.toml，列“indicator[1].measure”" in capsys.readouterr().err


def test_the_templates_example_row_left_in_a_sheet_is_named_as_such(db, db_url, tmp_path, capsys):
    """A county importing the template with its example row (a Guangzhou community) read
    “社区不在所选方案中” and was offered --valid-only for 0 valid rows."""
    from geo.export import records as er

    sheet = tmp_path / "模板.xlsx"
    sheet.write_bytes(er.template_xlsx("agreements"))
    args = ["records", "--db", db_url, "import", str(sheet), "--type", "agreements"]
    assert main([*args, "--as", "jinjiang", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "错误：模板.xlsx，第 2 行，列“社区编号”：这是模板的示例行，社区不在所选方案中：导入前请删除或改写",
        "错误：模板.xlsx：未导入：没有有效记录（1 行有错误）；请改正后再导入",
    ]


def test_the_console_script_imports_a_template_sheet(tmp_path):
    env = {"YOUTHMAP_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    youthmap = [sys.executable, "-m", "geo"]

    def run(*a: str) -> subprocess.CompletedProcess:
        return subprocess.run([*youthmap, *a], capture_output=True, text=True, env=env, cwd=ROOT)

    db = store.open_store(f"sqlite:///{tmp_path / 'youthmap.db'}")
    store.create_user(db, "centre", "centre-password", "central")
    chosen = pd.DataFrame({"id": ["C440106-0001"], "name": ["x"], "county_code": ["440106"]})
    store.create_plan(db, CENTRAL, "p", chosen)
    db.dispose()
    tpl = tmp_path / "模板.xlsx"
    assert run("records", "template", "--type", "activities", "--out", str(tpl)).returncode == 0
    # the example row as it came, in a plan that has its community: it was stored as that
    # community's work
    kept = run("records", "import", str(tpl), "--type", "activities", "--as", "centre")
    assert kept.returncode == 2 and "与模板的示例行完全相同" in kept.stderr
    book = openpyxl.load_workbook(tpl)
    book.active["D2"] = "社区读书会"  # the title: a record of the user's own
    book.save(tpl)
    done = run("records", "import", str(tpl), "--type", "activities", "--as", "centre")
    assert done.returncode == 0, done.stderr
    assert "新增 1" in done.stdout  # Chinese by default (the env has no YOUTHMAP_LANG)
    missing = run(
        "records", "import", str(tmp_path / "nope.csv"), "--type", "people", "--as", "centre"
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")


def test_without_plan_a_sheet_goes_to_the_plan_whose_year_holds_its_dates(
    db, db_url, tmp_path, capsys
):
    from geo.plan import next_cycle

    carried = pd.DataFrame(
        {
            "id": list(COMMUNITIES),
            "name": list(COMMUNITIES),
            "county_code": list(COMMUNITIES.values()),
        }
    )
    nxt = next_cycle.NextCycle(
        carried.rename(columns={"id": "community_id"}),
        carried.iloc[0:0].rename(columns={"id": "community_id"}),
        {"51": 3},
        {},
    )
    following = next_cycle.start_next_cycle(db, CENTRAL, 1, "2022 第二周期", carried, nxt)
    base = ["records", "--db", db_url, "import"]
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text(SHEET, encoding="utf-8")  # September 2021: the first plan's year
    new.write_text(SHEET.replace("2021-09", "2022-09"), encoding="utf-8")  # the next plan's
    for sheet in (old, new):
        assert main([*base, str(sheet), "--type", "activities", "--as", "jinjiang"]) == 0
    assert len(srec.records(db, 1, "activities")) == 2
    assert len(srec.records(db, following, "activities")) == 2
    capsys.readouterr()
    homes = tmp_path / "homes.csv"
    homes.write_text("社区编号,青年之家状态\nC510104-0001,已投入使用\n", encoding="utf-8")
    assert main([*base, str(homes), "--type", "homes", "--as", "jinjiang"]) == 2
    assert "name the plan with --plan" in capsys.readouterr().err
    assert srec.records(db, 1, "homes").empty and srec.records(db, following, "homes").empty


def test_without_plan_a_sheet_goes_to_the_plan_of_its_year_that_holds_its_communities(
    db, db_url, tmp_path, capsys
):
    """Two plans of the same year (another province's, newer): a county's sheet went to the
    newer one, which does not hold its communities, and every row was refused as 社区不在所选
    方案中, with no word of the plan taken. It goes to the plan holding its communities, and
    the command says which plan it took."""
    other = pd.DataFrame({"id": ["C460105-0001"], "name": ["x"], "county_code": ["460105"]})
    newer = store.create_plan(db, CENTRAL, "2021 海南补充", other)
    assert srec.implementation_year(db, newer) == srec.implementation_year(db, 1)
    sheet = tmp_path / "sep.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    args = ["records", "--db", db_url, "import", str(sheet), "--type", "activities"]
    assert main([*args, "--as", "jinjiang", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "未指定 --plan：按记录的日期和社区导入方案“2021 第一批”" in out
    assert len(srec.records(db, 1, "activities")) == 2
    assert srec.records(db, newer, "activities").empty


def test_the_centre_records_the_outcome_and_starts_the_next_cycle_from_the_command_line(
    db, db_url, capsys
):
    """The year's end (the outcome in the plan's statuses, the next plan) could be done on
    the progress page only; a script or a server without a browser had ``youthmap evaluate``
    and nothing after it."""
    from geo.plan import next_cycle
    from geo.plan import records as prec

    store.create_user(db, "sc", "sichuan-password", "province", "51")
    sichuan = User("sc", "province", "51")
    plan_id = int(store.list_plans(db)["id"].iloc[0])
    ids = list(COMMUNITIES)
    # experts' totals 80, 60 and 10 of 100: continue, improve, exit
    launch_and_evaluate(db, sichuan, plan_id, dict(zip(ids, (20.0, 15.0, 2.5), strict=True)))
    home = prec.check_row("homes", {"community_id": ids[0], "state": "in_use"})
    srec.save_records(db, CENTRAL, plan_id, "homes", home)
    base = ["next-cycle", "--db", db_url, "--lang", "zh"]
    capsys.readouterr()
    assert main(base) == 0
    assert capsys.readouterr().out.splitlines() == [
        "方案“2021 第一批”截至 2022-04-30：延续 2 个，腾出名额 1 个（四川省 1）",
        "评估结果尚未记入方案：继续实施 2 个，退出 1 个（--record-outcome --as 账户 记入）",
    ]
    assert main([*base, "--plan", "2021 第一批", "--record-outcome"]) == 2  # whose account?
    assert "--as" in capsys.readouterr().err
    assert main([*base, "--record-outcome", "--as", "centre"]) == 2  # which plan?
    assert "--plan" in capsys.readouterr().err
    base += ["--plan", "2021 第一批"]
    # read in the year, it is a progress check: nothing is recorded
    assert main([*base, "--record-outcome", "--as", "centre", "--asof", "2021-09-01"]) == 2
    assert "2022-04-30" in capsys.readouterr().err
    assert main([*base, "--record-outcome", "--as", "gd"]) != 0  # not the centre's account
    assert set(store.communities(db, plan_id)["status"]) == {"evaluated"}
    capsys.readouterr()
    start = [*base[:3], "--lang", "en", "--plan", "2021 第一批", "--record-outcome"]
    start += ["--start", "2022 第二批", "--as", "centre"]
    assert main(start) == 0
    out = capsys.readouterr().out
    assert "Statuses updated from the evaluation: 2 continued, 1 exited." in out, out
    assert "with 2 carried over, bringing their Youth Home states (1) and co-building " in out
    # none of them signed with a campus in its year: said at once, not 60 days later
    assert "2 of the carried-over communities have no campus agreement: pair them" in out
    comm = store.communities(db, plan_id).set_index("community_id")
    keep, leave = next_cycle.KEEP_REASONS, next_cycle.EXIT_REASONS
    assert comm["reason"].to_dict() == {
        ids[0]: keep["continue"],
        ids[1]: keep["improve"],
        ids[2]: leave["experts"],
    }
    plans = store.list_plans(db)
    following = int(plans.loc[plans["name"] == "2022 第二批", "id"].iloc[0])
    assert set(srec.plan_areas(db, following)["community_id"]) == set(ids[:2])
    assert list(srec.records(db, following, "homes")["community_id"]) == [ids[0]]
    # once made, the next plan is not made twice
    assert main([*base, "--start", "2022 第三批", "--as", "centre"]) == 2
    assert "2022 第二批" in capsys.readouterr().err
    assert len(store.list_plans(db)) == 2
    assert main(base) == 0
    assert "下一周期方案“2022 第二批”已生成" in capsys.readouterr().out


def test_on_a_desktop_database_with_no_account_the_next_cycle_needs_no_as(db_url, capsys):
    """The desktop app acts as the centre while the database has no account; its command
    line asked for an ``--as`` account that could not exist."""
    db = store.open_store(db_url)
    sichuan = User("sc", "province", "51")
    chosen = pd.DataFrame({"id": ["S1", "S2"], "name": ["甲", "乙"], "county_code": "510104"})
    plan_id = store.create_plan(db, CENTRAL, "2021 第一批", chosen)
    store.transition_many(db, sichuan, plan_id, [("S1", 1), ("S2", 1)], "recommended")
    store.submit_filing(db, sichuan, plan_id, "51", 1)
    store.accept_filing(db, CENTRAL, plan_id, "51", 2)
    store.transition_many(db, sichuan, plan_id, [("S1", 3), ("S2", 3)], "launched")
    args = ["next-cycle", "--db", db_url, "--lang", "en", "--plan", "2021 第一批"]
    assert main([*args, "--start", "2022 第一批"]) == 0
    assert "Saved the new plan “2022 第一批” with 0 carried over" in capsys.readouterr().out
    assert list(store.list_plans(db)["name"]) == ["2021 第一批", "2022 第一批"]
    store.create_user(db, "centre", "centre-password", "central")  # an account: --as, then
    assert main([*args, "--record-outcome"]) == 2
    assert "--as" in capsys.readouterr().err
    db.dispose()
