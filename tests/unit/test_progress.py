"""Progress of the year on a small fixture, computed by hand."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import shapely

from geo.export import records
from geo.plan import progress
from geo.plan.progress import empty_records

ASOF = dt.date(2021, 9, 30)
AREAS = pd.DataFrame(
    {
        "community_id": ["A", "B", "C", "X"],
        "name": ["甲", "乙", "丙", "退"],
        "county_code": ["510104", "510104", "510105", "510105"],
        "quota_unit": ["51", "51", "51", "51"],
        "status": ["launched", "launched", "launched", "exited"],
    }
)


def act(cid, day, area, partner="", hours=2.0, children=0, elderly=0, youth=0):
    return {
        "community_id": cid,
        "date": pd.Timestamp(day),
        "area": area,
        "title": f"{area}{day}",
        "participants": 5,
        "volunteer_hours": hours,
        "children": children,
        "elderly": elderly,
        "vulnerable_youth": youth,
        "partner_kind": partner,
        "partner_id": "",
        "note": "",
    }


ACTIVITIES = pd.DataFrame(
    [
        act("A", "2021-09-20", "after_school", "campus", hours=10, children=8),  # 10 days ago
        act("A", "2021-07-15", "elderly_digital", elderly=5),  # 77 days ago
        act("B", "2021-07-01", "environment", "campus", hours=4),  # 91 days ago
        act("B", "2021-10-05", "youth_care", youth=3),  # after ASOF: ignored
        act("X", "2021-09-29", "after_school"),  # exited community: left out
    ]
)
PEOPLE = pd.DataFrame(
    {
        "community_id": ["A", "A", "C"],
        "month": ["2021-08", "2021-09", "2021-10"],
        "cadres": 1,
        "social_workers": 1,
        "youth_orgs": 1,
        "members_registered": [10, 14, 99],
    }
)
AGREEMENTS = pd.DataFrame(
    {
        "community_id": ["A", "C"],
        "kind": ["campus", "campus"],
        "partner_id": ["U1", "U2"],
        "start_date": [dt.date(2021, 5, 1)] * 2,
        "content": "",
    }
)
HOMES = pd.DataFrame(
    {
        "community_id": ["A", "B"],
        "state": ["in_use", "built"],
        "area_m2": 50.0,
        "opening_hours": "",
        "since": None,
    }
)


@pytest.fixture
def prog():
    return progress.community_progress(
        AREAS, ACTIVITIES, PEOPLE, AGREEMENTS, HOMES, ASOF, start=dt.date(2021, 5, 1)
    ).set_index("community_id")


def test_activity_windows_per_task_area_match_a_hand_count(prog):
    assert list(prog.index) == ["A", "B", "C"]
    assert prog["active_30"].tolist() == [True, False, False]
    assert prog["active_90"].tolist() == [True, False, False]  # B's is 91 days old
    assert prog.loc["A", "after_school_30"] and not prog.loc["A", "elderly_digital_30"]
    assert prog.loc["A", "elderly_digital_90"]
    assert prog["days_idle"].tolist() == [10, 91, 152]  # C: none since 1 May


def test_totals_members_and_campus_visits_match_a_hand_count(prog):
    assert prog["volunteer_hours"].tolist() == [12.0, 4.0, 0.0]
    assert prog["beneficiaries"].tolist() == [13, 0, 0]
    assert prog["members_registered"].tolist() == [14, 0, 0]  # C's is after ASOF
    months = 153 / progress.DAYS_PER_MONTH
    assert prog.loc["A", "campus_visits_per_month"] == pytest.approx(1 / months)
    assert prog["campus_partner"].tolist() == ["U1", "", "U2"]


def test_rollup_gives_shares_of_communities_and_sums(prog):
    table = progress.rollup(prog.reset_index(), "county").set_index("code")
    # the campus visits are a mean over the paired communities, and the header says so
    paired = prog.loc[(prog["county_code"] == "510104") & (prog["campus_partner"] != "")]
    assert table.loc["510104", "campus_visits_per_month"] == pytest.approx(
        paired["campus_visits_per_month"].mean()
    )
    assert "结对社区高校月均到访" in records.localize_progress(table.reset_index(), "zh")
    assert table.loc["510104", "communities"] == 2
    assert table.loc["510104", "active_30"] == pytest.approx(0.5)
    assert table.loc["510105", "active_90"] == 0.0
    assert table.loc["510104", "volunteer_hours"] == 16.0


def test_warnings_name_the_community_and_the_responsible_county(prog):
    w = progress.warnings(prog.reset_index())
    got = list(zip(w["kind"], w["community_id"], w["county_code"], strict=True))
    assert got == [
        ("inactive", "B", "510104"),
        ("inactive", "C", "510105"),
        ("no_campus", "B", "510104"),  # no campus agreement five months into the year
        ("campus_never", "C", "510105"),
        ("home_not_in_use", "B", "510104"),
    ]
    assert w.loc[0, "days"] == 91
    assert w.loc[2, "days"] == (ASOF - dt.date(2021, 5, 1)).days
    # each warning's days are how long what it warns of has lasted: a campus that never came
    # counts the days paired (it gave the days without any activity, under the same header);
    # a Youth Home's records do not say since when it is not in use
    assert w["days"].isna().tolist() == [False] * 4 + [True]
    for lang, header in (("zh", "持续天数"), ("en", "Days so far")):
        assert header in records.localize_progress(w, lang).columns
    busy = prog.reset_index()
    busy.loc[busy["community_id"] == "C", "days_idle"] = 3  # active last week, no campus visit
    w = progress.warnings(busy).set_index("kind")
    assert w.loc["campus_never", "days"] == prog.loc["C", "campus_days"] == 152


def test_a_community_without_a_campus_is_warned_once_its_year_has_run_sixty_days():
    """Every chosen community is to be paired with a university: one with no campus
    agreement on record went unsaid (the warnings named only a campus that never came)."""
    for year_start, warned in ((dt.date(2021, 8, 15), False), (dt.date(2021, 7, 31), True)):
        prog = progress.community_progress(
            AREAS, ACTIVITIES, PEOPLE, AGREEMENTS, HOMES, ASOF, start=year_start
        )
        w = progress.warnings(prog)
        alone = w.loc[w["kind"] == "no_campus"]
        assert (alone["community_id"].tolist() == ["B"]) == warned, year_start
        assert alone["days"].tolist() == ([61] if warned else [])
    for lang, said in (("zh", "未与高校结对"), ("en", "No campus partner")):
        assert said in set(records.localize_progress(w, lang).to_numpy().ravel())


def test_a_campus_paired_last_week_is_not_yet_one_that_never_came():
    """A next cycle carries its communities' campus agreements: on the year's first day every
    one of them was listed as "paired campus never came" (976 in the demo's next plan), as
    was any agreement signed the day before."""
    start = dt.date(2021, 5, 1)
    for signed, year_start, warned in (
        (dt.date(2021, 9, 15), start, False),  # signed 15 days ago
        (dt.date(2021, 8, 1), start, True),  # 60 days ago: the campus never came
        (dt.date(2020, 6, 1), dt.date(2021, 9, 1), False),  # carried: a year begun 29 days ago
        (dt.date(2020, 6, 1), dt.date(2021, 8, 1), True),
    ):
        agreements = AGREEMENTS.assign(start_date=[start, signed])
        prog = progress.community_progress(
            AREAS, ACTIVITIES, PEOPLE, agreements, HOMES, ASOF, start=year_start
        )
        w = progress.warnings(prog)
        assert (
            ("campus_never", "C") in zip(w["kind"], w["community_id"], strict=True)
        ) == warned, signed


def test_a_plan_with_no_records_shows_every_community_idle():
    empty = {k: empty_records(k) for k in ("activities", "people", "agreements", "homes")}
    prog = progress.community_progress(AREAS, *empty.values(), asof=ASOF)
    assert len(prog) == 3 and not prog["active_90"].any()


def test_once_any_community_is_filed_the_ones_awaiting_filing_are_not_action_communities():
    """The centre's national list (candidates everywhere) with one province's part filed:
    the year's figures and warnings are the filed part's, not the whole list's; before any
    filing the plan's list stands for them, as before."""
    empty = {k: empty_records(k) for k in ("activities", "people", "agreements", "homes")}
    waiting = pd.DataFrame(
        {
            "community_id": ["D", "E"],
            "name": ["丁", "戊"],
            "county_code": ["440106", "440104"],
            "quota_unit": ["44", "44"],
            "status": ["candidate", "recommended"],
        }
    )
    mixed = pd.concat([AREAS.assign(status=["filed", "launched", "evaluated", "exited"]), waiting])
    prog = progress.community_progress(mixed, *empty.values(), asof=ASOF)
    assert sorted(prog["community_id"]) == ["A", "B", "C"]
    before = progress.community_progress(waiting, *empty.values(), asof=ASOF)
    assert sorted(before["community_id"]) == ["D", "E"]


def test_the_xpccs_monthly_report_breaks_down_by_its_cities():
    """The XPCC's cities are county-level (石河子市 659001, 阿拉尔市 659002): by prefecture its
    report had one row, 新疆生产建设兵团 (6590). A province's report stays by city."""
    from geo.export import records as er

    areas = pd.DataFrame(
        {
            "community_id": ["S1", "S2", "A1", "U1"],
            "name": ["石1", "石2", "阿1", "乌1"],
            "county_code": ["659001", "659001", "659002", "650102"],
            "quota_unit": ["XPCC", "XPCC", "XPCC", "65"],
            "status": "launched",
        }
    )
    empty = {k: empty_records(k) for k in ("activities", "people", "agreements", "homes")}
    prog = progress.community_progress(areas, *empty.values(), asof=ASOF)
    xpcc = er.named(
        er.report_frames(prog, empty["activities"], "XPCC", "2021-09")["by_city"], "by_city", "zh"
    )
    assert dict(zip(xpcc["code"], xpcc["unit"], strict=True)) == {
        "659001": "石河子市",
        "659002": "阿拉尔市",
    }
    assert xpcc["communities"].tolist() == [2, 1]
    xj = er.named(
        er.report_frames(prog, empty["activities"], "65", "2021-09")["by_city"], "by_city", "zh"
    )
    assert dict(zip(xj["code"], xj["unit"], strict=True)) == {"6501": "乌鲁木齐市"}


def test_the_monthly_reports_summary_names_its_unit():
    """The summary sheet and slide carried the unit's code alone (51, XPCC)."""
    import io

    from pptx import Presentation

    from geo.export import records as er

    empty = {k: empty_records(k) for k in ("activities", "people", "agreements", "homes")}
    areas = AREAS.assign(quota_unit="XPCC")
    prog = progress.community_progress(areas, *empty.values(), asof=ASOF)
    frames = er.report_frames(prog, empty["activities"], "XPCC", "2021-09")
    for lang, name in (
        ("zh", "新疆生产建设兵团"),
        ("en", "Xinjiang Production and Construction Corps"),
    ):
        sheet = pd.read_excel(io.BytesIO(er.report_xlsx(frames, "XPCC", "2021-09", lang)), 1)
        assert sheet.iloc[0, :2].tolist() == ["XPCC", name], sheet
        deck = Presentation(io.BytesIO(er.report_pptx(frames, "XPCC", "2021-09", lang)))
        cells = [
            c.text for s in deck.slides for sh in s.shapes if sh.has_table
            for r in sh.table.rows for c in r.cells
        ]  # fmt: skip
        assert name in cells


def test_a_community_filed_late_or_not_launched_is_warned_about_as_such():
    """Sichuan's 53 communities, filed on 6 December of a year begun on 1 May, were listed
    the same day as "60 days without activity, 219 days": they were waiting for their
    counties to launch them, and idle since they were filed, not since May."""
    from geo.maps.progress import activity_state

    areas = AREAS.assign(
        status=["launched", "filed", "launched", "exited"],
        filed_on=[dt.date(2021, 5, 1), dt.date(2021, 9, 20), dt.date(2021, 9, 1), None],
    )
    prog = progress.community_progress(
        areas, ACTIVITIES, PEOPLE, AGREEMENTS, HOMES, ASOF, start=dt.date(2021, 5, 1)
    ).set_index("community_id")
    # C, launched, no activity: idle since it was filed on 1 September (29 days), not May;
    # B, filed on 20 September, its one activity on 1 July: idle since its filing (10 days)
    assert prog["days_idle"].tolist() == [10, 10, 29]
    w = progress.warnings(prog.reset_index())
    got = list(zip(w["kind"], w["community_id"], strict=True))
    # B, filed and not launched: no activity is due from it yet; C, paired since its filing
    # 29 days ago: its campus is not yet one that never came
    assert prog["campus_days"].tolist() == [152, 0, 29]
    assert got == [("not_launched", "B"), ("home_not_in_use", "B")]
    assert activity_state(prog.reset_index()).tolist() == ["active", "not_launched", "quiet"]
    # read as of a day before C's filing (the simulated demo's records predate its filing):
    # idle since the year began, not a negative count clipped to 0
    early = progress.community_progress(
        areas.assign(filed_on=[None, None, dt.date(2021, 12, 1), None]),
        ACTIVITIES,
        PEOPLE,
        AGREEMENTS,
        HOMES,
        ASOF,
        start=dt.date(2021, 5, 1),
    ).set_index("community_id")
    assert early.loc["C", "days_idle"] == 152


def test_a_community_exited_after_the_day_read_was_still_in_the_action():
    """Read as of a day before its exit (the year's evaluation, read as of its last day,
    after the outcome exited it) a community counts; exited on or before that day, not."""
    areas = AREAS.assign(exited_on=[None, None, None, dt.date(2021, 10, 1)])
    before = progress.action_communities(areas, dt.date(2021, 9, 30))
    after = progress.action_communities(areas, dt.date(2021, 10, 1))
    assert list(areas.loc[before, "community_id"]) == ["A", "B", "C", "X"]
    assert list(areas.loc[after, "community_id"]) == ["A", "B", "C"]
    assert list(areas.loc[progress.action_communities(areas), "community_id"]) == ["A", "B", "C"]


def test_the_monthly_report_slides_write_numbers_as_the_page_does():
    """The slides wrote every number to three decimals: a share of 94.2 % read 94.200,
    volunteer hours 40,699.600, visits per month 2.680. Shares and hours now take one
    decimal in every row (76.0 beside 94.2, as on the page), visits two, counts none."""
    import io

    from pptx import Presentation

    from geo.export import records as er
    from geo.export.pptx import table_text

    prog = progress.community_progress(
        AREAS.assign(quota_unit="51"), ACTIVITIES, PEOPLE, AGREEMENTS, HOMES, ASOF
    )
    frames = er.report_frames(prog, ACTIVITIES, "51", "2021-09")
    deck = Presentation(io.BytesIO(er.report_pptx(frames, "51", "2021-09", "zh")))
    rows = [
        [c.text for c in r.cells]
        for s in deck.slides
        for sh in s.shapes
        if sh.has_table
        for r in sh.table.rows
    ]
    summary = {r[0]: r[1] for r in rows if len(r) == 2}
    share = er.progress_header("active_30", "zh")
    assert summary[share] == f"{frames['summary']['active_30'].iloc[0] * 100:.1f}"
    whole = [v for k, v in summary.items() if "%" in k and float(v).is_integer()]
    assert whole and all(v.endswith(".0") for v in whole)  # 0.0 or 100.0, not 0 or 0.000
    hours = f"{frames['summary']['volunteer_hours'].iloc[0]:,.1f}"
    assert summary[er.progress_header("volunteer_hours", "zh")] == hours
    visits = er.progress_header("campus_visits_per_month", "zh")
    assert summary[visits] == f"{frames['summary']['campus_visits_per_month'].iloc[0]:.2f}"
    assert summary[er.progress_header("communities", "zh")] == "3"  # the exited one left out
    assert not [c for r in rows for c in r if c.endswith(".000")]
    # the warnings slide: the county named (not its code beside the report's own unit) and a
    # Youth Home's state, which the first eight columns had cut off
    head = next(r for r in rows if r[0] == "预警")
    assert head == [
        "预警",
        "社区编号",
        "社区",
        "负责区县",
        "持续天数",
        "最近活动日期",
        "青年之家状态",
    ]
    home = next(r for r in rows if r[0] == "青年之家未投入使用")
    assert home[4] == "" and home[6] in {"筹建中", "已建成"}
    # a column not declared takes the decimals its numbers need
    text = table_text(pd.DataFrame({"a": [1.5, 2.25], "b": [3.0, 4.0], "c": [1, 2000]}))
    assert text.to_numpy().tolist() == [["1.50", "3", "1"], ["2.25", "4", "2,000"]]


def test_the_months_table_counts_the_communities_with_an_activity_under_that_name():
    """Its last column read 行动社区数, the header of the communities in the action, but
    counted those with an activity in the month (98 of Guangdong's 104)."""
    table = progress.monthly(ACTIVITIES)
    per = pd.to_datetime(ACTIVITIES["date"]).dt.strftime("%Y-%m")
    expected = ACTIVITIES.groupby(per)["community_id"].nunique()
    assert table.set_index("month")["active_communities"].to_dict() == expected.to_dict()
    for lang, header in (("zh", "有活动的社区数"), ("en", "Communities with an activity")):
        assert records.localize_progress(table, lang).columns[-1] == header


def test_the_progress_map_shades_the_tables_areas_by_their_active_share():
    """The map showed points only: which counties lag had to be read off the table."""
    from geo.maps.progress import SHARE_PALETTE, active_areas, progress_map, share_classes

    prog = progress.community_progress(AREAS, ACTIVITIES, PEOPLE, AGREEMENTS, HOMES, ASOF)
    counties = active_areas(prog, "county").set_index("code")
    assert counties["name"].to_dict() == {"510104": "锦江区", "510105": "青羊区"}
    assert counties["active_txt"].to_dict() == {"510104": "50.0%", "510105": "0.0%"}
    # fixed classes: 50% is the second (50–70%), none at all the first
    assert counties["fill"].to_dict() == {"510104": SHARE_PALETTE[1], "510105": SHARE_PALETTE[0]}
    assert [r for r, _ in share_classes()] == [
        "< 50.0%",
        "50.0% – 70.0%",
        "70.0% – 85.0%",
        "85.0% – 95.0%",
        "≥ 95.0%",
    ]
    assert active_areas(prog, "county", "en").set_index("code").at["510104", "name"] == (
        "Jinjiang District"
    )
    # a region: its provinces joined (the map had no shading at the table's region level)
    west = active_areas(prog.assign(region="west"), "region", "en")
    assert west[["code", "name", "active_txt"]].values.tolist() == [["west", "Western", "33.3%"]]
    assert west.geometry.iloc[0].contains(shapely.Point(104.07, 30.67))  # Chengdu
    assert not west.geometry.iloc[0].contains(shapely.Point(113.26, 23.13))  # Guangzhou
    located = prog.assign(lon=104.08, lat=30.66)
    label = json.dumps("各区县近30天活跃社区占比")[1:-1]  # as the map's script writes it
    shaded = progress_map(located, level="county").get_root().render()
    assert label in shaded and '"name":"锦江区","communities":"2","active_txt":"50.0%"' in shaded
    assert label not in progress_map(located).get_root().render()


def test_the_monthly_report_workbook_shows_each_figure_with_its_decimals():
    """The report's workbook wrote a share of 76.0 beside 94.2, which Excel shows as 76
    beside 94.2, and left every column at Excel's default width (a Chinese header cut off)
    with the header scrolling away: the slides already gave every row one decimal."""
    import io

    from openpyxl import load_workbook

    from geo.export import records as er

    prog = progress.community_progress(AREAS, ACTIVITIES, PEOPLE, AGREEMENTS, HOMES, ASOF)
    frames = er.report_frames(prog, ACTIVITIES, "51", "2021-09")
    book = load_workbook(io.BytesIO(er.report_xlsx(frames, "51", "2021-09", "zh")))
    summary = book.worksheets[1]
    head = [c.value for c in summary[1]]
    body = {h: c for h, c in zip(head, summary[2], strict=True)}
    share = er.progress_header("active_30", "zh")
    assert body[share].number_format == "0.0", body[share].number_format
    assert body[er.progress_header("volunteer_hours", "zh")].number_format == "0.0"
    visits = er.progress_header("campus_visits_per_month", "zh")
    assert body[visits].number_format == "0.00"
    assert body[er.progress_header("communities", "zh")].number_format == "General"
    assert body[share].value == pytest.approx(33.3)  # the value kept, its display fixed
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2", sheet.title
        widths = [sheet.column_dimensions[c].width for c in "AB"]
        assert all(w and w >= 6 for w in widths), (sheet.title, widths)
    months = book.worksheets[3]
    hours = [c.value for c in months[1]].index(er.progress_header("volunteer_hours", "zh"))
    assert {r[hours].number_format for r in months.iter_rows(min_row=2)} == {"0.0"}


def test_the_whole_actions_report_rolls_up_every_province_and_counts_its_warnings():
    """The national report (全国): one summary row over every unit's communities, the
    regions in their order (东部, 中部, 西部, not by key), each warning kind counted by
    province; its slides count the warnings, where a list would run to hundreds of rows."""
    import io

    from pptx import Presentation

    from geo.export import records as er

    areas = pd.concat(
        [AREAS, AREAS.assign(community_id=lambda f: "G" + f["community_id"], quota_unit="44")]
    )
    acts = pd.concat([ACTIVITIES, ACTIVITIES.assign(community_id="G" + ACTIVITIES["community_id"])])
    prog = progress.community_progress(areas, acts, PEOPLE, AGREEMENTS, HOMES, ASOF)
    frames = er.report_frames(prog, acts, er.NATIONAL, "2021-09")
    assert list(frames) == [
        "summary", "by_region", "by_province", "monthly", "warning_counts", "warnings"
    ]  # fmt: skip
    one = frames["summary"]
    assert one["code"].tolist() == ["national"] and one["communities"].tolist() == [6]
    assert one["active_30"].iloc[0] == pytest.approx(prog["active_30"].mean())
    assert frames["by_region"]["code"].tolist() == ["east", "west"]  # Guangdong, Sichuan
    assert frames["by_province"]["code"].tolist() == ["44", "51"]
    counts = frames["warning_counts"].set_index("code")
    listed = frames["warnings"].groupby(["quota_unit", "kind"]).size()
    assert len(listed) and all(counts.loc[u, k] == n for (u, k), n in listed.items())
    assert counts.index.tolist() == ["44", "51", "national"]  # every unit, then the total
    assert counts.loc["national", "total"] == len(frames["warnings"])
    assert counts.drop(index="national")["total"].sum() == len(frames["warnings"])
    assert frames["monthly"]["activities"].sum() == 2 * 3  # A's two and B's one, twice
    named = er.named(frames["summary"], "summary", "en")
    assert "code" not in named and named["unit"].tolist() == ["National"]
    deck = Presentation(io.BytesIO(er.report_pptx(frames, er.NATIONAL, "2021-09", "zh")))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[0] == "全国社区青春行动月报（2021-09）"
    assert "预警分省统计" in titles and "预警" not in titles
    assert "分区域" in titles and "分省" in titles


def test_warnings_are_counted_for_every_unit_with_a_total_row():
    """The centre's count of warnings by province listed only the units with a warning (31
    of 32 on the demo, the missing one read as forgotten) and had no total row: every unit
    of the plan is listed, zeros included, and a last row 合计 / Total (no code: on a
    region's scope it is not 全国) sums each kind."""
    from geo.export import records as er

    prog = progress.community_progress(AREAS, ACTIVITIES, PEOPLE, AGREEMENTS, HOMES, ASOF)
    warned = progress.warnings(prog)
    assert len(warned) and set(warned["quota_unit"]) == {"51"}
    counts = progress.warning_counts(warned, ["51", "44", "XPCC", "51"], total=True)
    assert counts["code"].tolist() == ["44", "51", "XPCC", "national"]
    kinds = list(progress.WARNING_KINDS)
    assert counts.loc[counts["code"].isin(["44", "XPCC"]), [*kinds, "total"]].eq(0).all().all()
    total = counts.set_index("code").loc["national"]
    assert total["total"] == len(warned)
    assert all(total[k] == (warned["kind"] == k).sum() for k in kinds)
    shown = er.named(counts, "warning_counts", "zh")
    assert shown["unit"].tolist() == ["广东省", "四川省", "新疆生产建设兵团", "合计"]
    assert shown["code"].tolist()[-1] == ""
    assert er.named(counts, "warning_counts", "en")["unit"].tolist()[-1] == "Total"
    plain = progress.warning_counts(warned)  # as before: the units with a warning only
    assert plain["code"].tolist() == ["51"]


def test_the_report_slides_show_each_areas_hours_and_people_served():
    """The deck cut each area table at its eighth column, the 30-day shares of three task
    areas: volunteer hours, beneficiaries, members and campus visits never showed. Each
    area table is now two slides: its figures, then its task areas, nine columns at most."""
    import io

    from pptx import Presentation

    from geo.export import records as er

    prog = progress.community_progress(AREAS, ACTIVITIES, PEOPLE, AGREEMENTS, HOMES, ASOF)
    frames = er.report_frames(prog, ACTIVITIES, "51", "2021-09")
    deck = Presentation(io.BytesIO(er.report_pptx(frames, "51", "2021-09", "zh")))
    tables = {
        s.shapes.title.text: [c.text for c in t.table.rows[0].cells]
        for s in deck.slides
        for t in s.shapes
        if t.has_table
    }
    first = [r.cells[0].text for s in deck.slides for t in s.shapes if t.has_table and s.shapes.title.text == "概况" for r in t.table.rows]  # fmt: skip
    assert first[1] == "地区" and "代码" not in first  # the summary names its unit, once
    figures = tables["分城市"]
    assert {"志愿服务时长", "受益人次", "报到团员", "结对社区高校月均到访"} <= set(figures)
    areas = tables["分城市 · 分领域活跃占比"]
    assert areas[0] == "地区" and "弱势青少年（90天，%）" in areas
    assert max(len(h) for h in tables.values()) <= 9
    # the summary's measures on two slides (on one, its last row ran onto a slide of its own)
    assert "概况 · 分领域活跃占比" in tables
    warned = next(
        t.table
        for s in deck.slides
        for t in s.shapes
        if t.has_table and s.shapes.title.text == "预警"
    )
    from pptx.util import Inches

    assert warned.columns[0].width == Inches(2.3)  # the kind on one line, as the names
    cities = next(
        t.table
        for s in deck.slides
        for t in s.shapes
        if t.has_table and s.shapes.title.text == "分城市"
    )
    assert cities.columns[0].width == Inches(er.NAME_WIDTH_IN)  # a long name on two lines
    assert sum(c.width for c in cities.columns) == pytest.approx(
        Inches(er.TABLE_WIDTH_IN), rel=1e-3
    )


def test_regions_roll_up_east_central_west_and_the_report_names_them_without_a_key():
    """The region rows came by key (central, east, west) with the key in the code column,
    "central" in a Chinese table; a region is named, in the country's order."""
    from geo.export import records as er

    prog = progress.community_progress(AREAS, ACTIVITIES, PEOPLE, AGREEMENTS, HOMES, ASOF)
    prog = prog.assign(region=["west", "central", "east"])
    assert progress.rollup(prog, "region")["code"].tolist() == ["east", "central", "west"]
    shown = er.named(progress.rollup(prog, "region"), "by_region", "zh")
    assert "code" not in shown and shown["unit"].tolist() == ["东部", "中部", "西部"]


def test_the_report_deck_carries_the_progress_map_with_its_shaded_areas():
    """The monthly report's deck was tables only: a committee presenting it had no map of
    which cities lag. Its map slide draws the communities by state over the areas shaded
    by their active share, the classes in the legend; nationally the legend stands beside
    the country (inside it covered the south-west and the scale bar)."""
    import io

    from pptx import Presentation

    from geo.export import records as er

    prog = progress.community_progress(AREAS, ACTIVITIES, PEOPLE, AGREEMENTS, HOMES, ASOF)
    located = prog.assign(lon=[104.08, 104.07, 104.06], lat=[30.66, 30.65, 30.67])
    frames = er.report_frames(located, ACTIVITIES, "51", "2021-09")
    fig = er.report_map(located, "51", "2021-09", "zh")
    ax = next(a for a in fig.axes if a.get_label() == "map")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "30天活跃占比 < 50.0%" in labels and "近30天有活动（1）" in labels, labels
    shaded = {
        tuple(round(c, 3) for c in f) for coll in ax.collections for f in coll.get_facecolors()
    }
    assert len(shaded) > 2  # land, the areas' classes, the points
    deck = Presentation(io.BytesIO(er.report_pptx(frames, "51", "2021-09", "zh", False, located)))
    maps = [s for s in deck.slides if any(sh.shape_type == 13 for sh in s.shapes)]
    assert [s.shapes.title.text for s in maps] == ["地图"]  # the map's own title says more
    plain = Presentation(io.BytesIO(er.report_pptx(frames, "51", "2021-09", "zh")))
    assert not any(sh.shape_type == 13 for s in plain.slides for sh in s.shapes)
    whole = er.report_map(located, er.NATIONAL, "2021-09", "en")
    ax = next(a for a in whole.axes if a.get_label() == "map")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(whole).get_renderer()
    box = ax.get_legend().get_window_extent(renderer)
    assert box.x0 > ax.get_window_extent(renderer).x1  # beside the frame, not over China


def test_activities_dated_before_the_year_count_for_nothing():
    """Records dated before the year of work (their import only warns) counted: forty of
    the year before lifted a community from 27.67 (exit) to 80.0 (continue). Stored, they
    now leave every figure as the year's records alone give it."""
    start = dt.date(2021, 5, 1)
    before = pd.DataFrame(
        [
            act("A", "2021-04-30", "after_school", "campus", hours=100, children=50),
            act("C", "2020-09-15", "youth_care", "campus", hours=100, youth=9),
        ]
    )
    got = progress.community_progress(
        AREAS, pd.concat([ACTIVITIES, before]), PEOPLE, AGREEMENTS, HOMES, ASOF, start=start
    ).set_index("community_id")
    # the oracle: the raw records of the year (1 May to 30 September) summed by hand in pandas
    day = pd.to_datetime(ACTIVITIES["date"])
    year = ACTIVITIES.loc[(day >= pd.Timestamp(start)) & (day <= pd.Timestamp(ASOF))]
    g = year.groupby("community_id")
    ids = ["A", "B", "C"]
    assert (
        got["volunteer_hours"].tolist()
        == g["volunteer_hours"].sum().reindex(ids, fill_value=0).tolist()
    )
    assert got["activities"].tolist() == g.size().reindex(ids, fill_value=0).tolist() == [2, 1, 0]
    benef = (
        (year["children"] + year["elderly"] + year["vulnerable_youth"])
        .groupby(year["community_id"])
        .sum()
    )
    assert got["beneficiaries"].tolist() == benef.reindex(ids, fill_value=0).tolist()
    assert got["campus_visits"].tolist() == [1, 1, 0]  # A on 20 Sept, B on 1 July
    assert got["last_activity"].tolist()[:2] == g["date"].max().reindex(ids[:2]).tolist()
    assert pd.isna(got.loc["C", "last_activity"])
    assert got["days_idle"].tolist() == [10, 91, 152]  # C: none since 1 May


def test_work_recorded_before_a_communitys_filing_does_not_make_it_idle_on_that_day():
    """A community filed on 1 September with an activity recorded in June was "60 days
    without activity" the day it was filed, where without that activity it was warned of
    nothing: doing the work made it look worse. Idle counts from the later of the two."""
    areas = AREAS.assign(filed_on=[None, None, dt.date(2021, 9, 1), None])
    june = pd.DataFrame([act("C", "2021-06-10", "environment")])
    for acts in (ACTIVITIES, pd.concat([ACTIVITIES, june], ignore_index=True)):
        prog = progress.community_progress(
            areas, acts, PEOPLE, AGREEMENTS, HOMES, ASOF, start=dt.date(2021, 5, 1)
        ).set_index("community_id")
        # by hand: C filed 1 September, read 30 September: 29 days, not 112 since 10 June
        assert prog.loc["C", "days_idle"] == (ASOF - dt.date(2021, 9, 1)).days == 29
        w = progress.warnings(prog.reset_index())
        assert ("inactive", "C") not in set(zip(w["kind"], w["community_id"], strict=True))
    assert prog.loc["C", "last_activity"] == pd.Timestamp(2021, 6, 10)
