"""The 备案表 is a form a committee signs (title, unit, date, contact, frozen bold header,
A4 landscape with print titles and page numbers, Chinese throughout) and reads back as a plan
with its ids unchanged (issue 18)."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pandas as pd
import pytest

from geo import i18n
from geo.core.errors import InputError
from geo.export import filing
from geo.export import filing_form as ff

HEADER = ff.FormHeader(
    "共青团四川省委", dt.date(2026, 12, 3), "张三", "028-12345678", simulated=True
)


@pytest.fixture(scope="module")
def form(layers):
    c = layers.communities
    chosen = c[c["province_code"] == "51"].head(40).copy()
    chosen["score"] = 0.5
    codes = dict(zip(chosen["id"], chosen["county_code"], strict=True))
    table = ff.form_table(filing.filing_table(chosen, lang="zh"), codes)
    return chosen, ff.form_xlsx(table, HEADER)


def test_the_form_has_title_unit_date_contact_and_a_frozen_bold_header(form):
    ws = openpyxl.load_workbook(io.BytesIO(form[1]))[ff.SHEET]
    assert ws["A1"].value == "社区青春行动实施社区备案表" and ws["A1"].font.bold
    line = ws["A2"].value
    for part in (
        "填报单位：共青团四川省委",
        "填报日期：2026年12月03日",
        "联系人：张三",
        "电话：028-12345678",
    ):
        assert part in line
    assert ws.freeze_panes == "A5"
    header = [c.value for c in ws[ff.HEADER_ROW]]
    assert "社区编号" in header and "区县代码" in header
    assert all(c.font.bold for c in ws[ff.HEADER_ROW] if c.value)


def test_the_form_prints_a4_landscape_with_titles_and_page_numbers(form):
    ws = openpyxl.load_workbook(io.BytesIO(form[1]))[ff.SHEET]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    assert ws.print_title_rows in ("1:4", "$1:$4")
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


def test_no_english_in_the_forms_headers_sheet_names_or_lines(form):
    book = openpyxl.load_workbook(io.BytesIO(form[1]))
    ws = book[ff.SHEET]
    texts = [*book.sheetnames, ws["A1"].value, ws["A2"].value, ws["A3"].value]
    texts += [c.value for c in ws[ff.HEADER_ROW]]
    assert not [x for x in texts if x and re.search(r"[A-Za-z]{2,}", str(x))]


def test_empty_pairings_carry_their_reason(form):
    ws = openpyxl.load_workbook(io.BytesIO(form[1]))[ff.SHEET]
    header = [c.value for c in ws[ff.HEADER_ROW]]
    col = header.index("结对高校")
    values = [r[col] for r in ws.iter_rows(min_row=ff.HEADER_ROW + 1, values_only=True)]
    assert values and all(v for v in values)


def test_the_note_about_simulated_rows_appears_only_when_they_are_listed(layers):
    c = layers.communities.head(3)
    table = ff.form_table(
        filing.filing_table(c, lang="zh"), dict(zip(c["id"], c["county_code"], strict=True))
    )
    real = ff.FormHeader("共青团四川省委", dt.date(2026, 12, 3))
    ws = openpyxl.load_workbook(io.BytesIO(ff.form_xlsx(table, real)))[ff.SHEET]
    assert ws["A3"].value is None


def test_the_form_reads_back_as_a_plan_with_its_ids(form):
    chosen, data = form
    back = ff.read_form(data, "备案表.xlsx")
    assert sorted(back["id"]) == sorted(chosen["id"])
    codes = dict(zip(chosen["id"], chosen["county_code"], strict=True))
    assert all(codes[i] == c for i, c in zip(back["id"], back["county_code"], strict=True))


def test_a_bad_row_names_its_row_and_column(form):
    book = openpyxl.load_workbook(io.BytesIO(form[1]))
    ws = book[ff.SHEET]
    header = [c.value for c in ws[ff.HEADER_ROW]]
    ws.cell(row=7, column=header.index("区县代码") + 1, value="51xx")
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(InputError) as err:
        ff.read_form(buf.getvalue(), "备案表.xlsx")
    (p,) = err.value.problems
    assert (p.row, p.column, p.file) == (7, "区县代码", "备案表.xlsx")


def test_the_pdf_form_has_a_page_per_22_communities(form):
    chosen, _ = form
    table = ff.read_form(form[1])  # any table with the form's columns will do for the count
    assert len(table) == 40
    c = chosen.assign(score=0.5)
    codes = dict(zip(c["id"], c["county_code"], strict=True))
    pdf = ff.form_pdf(ff.form_table(filing.filing_table(c, lang="zh"), codes), HEADER)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 1
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 2


def _stored(part):
    """``part``'s communities as the store keeps a plan part's rows (score 0.5, ranked)."""
    import pandas as pd

    return pd.DataFrame(
        {
            "community_id": part["id"],
            "name": part["name"],
            "county_code": part["county_code"],
            "score": 0.5,
            "rank": range(1, len(part) + 1),
        }
    )


def test_a_saved_plans_form_gives_each_rows_youth_home_distance_and_pairing(layers):
    """Built from a saved plan (the store's rows), every row says where the nearest Youth
    Home is (on site, or how far) and which campus it is paired with at what distance, or
    why none was (with the nearest campus's distance); co-building units are counted."""

    c = layers.communities
    part = c[c["province_code"] == "51"].head(60)
    rows = _stored(part)
    table = ff.plan_form_table(
        rows,
        c,
        youth_homes=layers.youth_homes,
        campuses=layers.campuses,
        resident_units=layers.resident_units,
    )
    assert len(table) == len(part)
    homes = table["青年之家情况"].astype(str)
    assert homes.str.fullmatch(
        r"已建青年之家|附近有青年之家（\d+ 米）|需新建青年之家（最近 [\d.]+ 公里）"
    ).all()
    pairs = table["结对高校"].astype(str)
    paired = pairs.str.contains(r"，[\d.]+ 公里$")
    unpaired = pairs.str.startswith("未结对：") & ~pairs.eq(ff.NO_PARTNER)
    assert (paired | unpaired).all() and paired.any(), pairs.value_counts().head()
    assert not pairs.eq(ff.NO_PARTNER).any()
    assert table["共建驻区单位"].astype(str).str.len().gt(0).all()
    # without the campus layer the form says so instead of leaving the cell empty
    bare = ff.plan_form_table(rows, c)
    assert bare["结对高校"].eq(ff.NO_CAMPUS_LAYER).all()


def test_a_next_cycles_form_says_what_its_records_say_of_home_and_partner(layers):
    """A carried-over community came with its Youth Home in use and its campus agreement:
    the next cycle's form named the nearest campus and a Youth Home "nearby" instead."""
    import pandas as pd

    c = layers.communities
    part = c[c["province_code"] == "51"].head(3)
    rows = _stored(part)
    first, second, third = part["id"]
    campus = layers.campuses.loc[layers.campuses["province_code"] == "51"].iloc[-1]
    homes = pd.DataFrame(
        {
            "community_id": [first, second],
            "state": ["in_use", "built"],
            "since": [pd.Timestamp("2025-01-10"), pd.NaT],
        }
    )
    agreements = pd.DataFrame(
        {
            "community_id": [first, first, second],
            "kind": ["campus", "resident_unit", "campus"],
            "partner_id": [campus["id"], "R1", "U-unknown"],
            "start_date": ["2024-12-11", "2024-12-21", None],
        }
    )
    kw = {"youth_homes": layers.youth_homes, "campuses": layers.campuses}
    measured = ff.plan_form_table(rows, c, **kw).set_index("社区编号")
    table = ff.plan_form_table(rows, c, **kw, homes=homes, agreements=agreements)
    table = table.set_index("社区编号")
    assert table.at[first, "青年之家情况"] == "青年之家已投入使用（记录，2025-01-10 起）"
    assert table.at[second, "青年之家情况"] == "青年之家已建成（记录）"
    name = (
        f"{campus['university']}（{campus['campus']}）"
        if campus["campus"]
        else campus["university"]
    )
    assert table.at[first, "结对高校"] == f"{name}（已签共建协议，2024-12-11 起）"
    assert table.at[second, "结对高校"] == "U-unknown（已签共建协议）"
    # a community with no record keeps what the layers measure
    assert table.at[third, "青年之家情况"] == measured.at[third, "青年之家情况"]
    assert table.at[third, "结对高校"] == measured.at[third, "结对高校"]
    # a next plan's form says which communities it carried over and which refill a place
    said = ff.plan_form_table(rows, c, **kw, carried=[first, second]).set_index("社区编号")
    assert list(said["推荐理由"]) == [
        "上一周期延续",
        "上一周期延续",
        "下一周期补选（按原名额与约束）",
    ]
    assert set(measured["推荐理由"].fillna("")) == {""}  # a first cycle's: as it was


def test_a_next_cycles_refill_is_not_paired_with_a_campus_its_agreements_fill(layers):
    """Five carried communities have agreements with one campus (its capacity is five): a
    refill beside it was paired with it too, a sixth community on a full campus."""
    import pandas as pd

    from geo.analysis import pairing

    c = layers.communities
    part = c[c["county_code"] == c.loc[c["province_code"] == "51", "county_code"].iloc[0]].head(6)
    rows = _stored(part)
    refill = str(part["id"].iloc[-1])
    kw = {"campuses": layers.campuses}
    nearest = ff.plan_form_table(rows, c, **kw).set_index("社区编号").at[refill, "结对高校"]
    full = pairing.pair(part.iloc[[-1]], layers.campuses).pairs["campus_id"].item()
    carried = part["id"].iloc[:5].astype(str)
    agreements = pd.DataFrame(
        {
            "community_id": carried,
            "kind": "campus",
            "partner_id": full,
            "start_date": "2024-12-11",
        }
    )
    table = ff.plan_form_table(rows, c, **kw, agreements=agreements).set_index("社区编号")
    assert table.loc[carried, "结对高校"].str.contains("已签共建协议").all()
    campus = layers.campuses.set_index("id").loc[full]
    name = (
        f"{campus['university']}（{campus['campus']}）"
        if campus["campus"]
        else campus["university"]
    )
    assert nearest.startswith(f"{name}，")  # alone, the refill takes the agreed campus
    assert not table.at[refill, "结对高校"].startswith(f"{name}，"), table.at[refill, "结对高校"]
    assert table.at[refill, "结对高校"].endswith("公里")


def test_a_form_is_signed_by_the_units_league_committee_by_default():
    """The XPCC's form was signed 共青团新疆生产建设兵团委 (a province's pattern)."""
    assert ff.default_unit("51") == "共青团四川省委"
    assert ff.default_unit("XPCC") == "共青团新疆生产建设兵团委员会"


def test_the_ids_no_communities_layer_holds_are_named_once_in_their_order():
    layer = pd.DataFrame({"id": ["C1", "C2", "C3"]})
    assert ff.not_in_layer([" C2", "X9", "C1", "X1", "X9", ""], layer) == ["X9", "X1"]
    assert ff.not_in_layer(pd.Series(["C3"]), layer) == []


def test_a_hostile_form_is_refused_by_the_projects_reader_before_it_is_parsed():
    """The 备案表 was opened with openpyxl directly (``plan import --form``): a 25 KB
    workbook holding a 24 MiB XML comment kept it busy for 17 s (the parser's cost grows
    with the square of the comment's length). It is now read as every upload is, so the
    comment is found by the scan before any parser sees it."""
    from tests import hostile

    comment = hostile._xml_bomb(6 << 20, filler=b"<a> " * 16 + bytes(range(65, 91)))
    with pytest.raises(InputError) as err:
        ff.read_form(comment, "备案表.xlsx")
    assert {p.code for p in err.value.problems} == {"unsafe"}
    assert "<!--" in i18n.problems_text(err.value.problems, "en")


def test_a_form_lists_a_community_once_when_its_id_names_another_elsewhere(layers):
    """An area's own list may reuse an id the embedded layer has in another province: the
    form matched the id twice and listed the community twice. It lists it once, with the
    row in the county the plan gives."""
    import geopandas as gpd

    c = layers.communities
    part = c[c["province_code"] == "51"].head(3)
    elsewhere = c[c["province_code"] == "44"].head(1).assign(id=part["id"].iloc[0])
    both = gpd.GeoDataFrame(pd.concat([c, elsewhere], ignore_index=True), crs=c.crs)
    table = ff.plan_form_table(_stored(part), both)
    assert table["社区编号"].tolist() == part["id"].tolist()
    first = table.set_index("社区编号").loc[part["id"].iloc[0]]
    assert first["区县代码"] == part["county_code"].iloc[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_filing_select_writes_reads_back_with_its_county_codes(layers, lang):
    """The filing (``select --filing``, the selection page's 备案表) had no county code and
    English headers the reader did not know: read back, it was refused."""
    c = layers.communities
    chosen = c[c["province_code"] == "51"].head(12).assign(score=0.5)
    table = filing.filing_table(chosen, lang=lang)
    assert len(table.columns) == len(filing.FILING_COLUMNS) == 17
    data = filing.filing_xlsx(table, lang=lang)
    back = ff.read_form(data, "f.xlsx")
    codes = dict(zip(chosen["id"], chosen["county_code"], strict=True))
    assert dict(zip(back["id"], back["county_code"], strict=True)) == codes
    assert back["name"].tolist() == table.iloc[:, 6].tolist()
    # the form made from it has one 区县代码, the plan's
    form = ff.form_table(filing.filing_table(chosen, lang="zh"), codes)
    assert list(form.columns).count(ff.COUNTY_CODE) == 1


def test_the_readers_english_headers_are_the_filings():
    english = {key: en for key, _, en in filing.FILING_COLUMNS}
    chinese = {key: zh for key, zh, _ in filing.FILING_COLUMNS}
    keys = {"id": "id", "name": "name", "county_code": "county_code", "score": "score"}
    keys["rank"] = "rank_in_province"
    assert {c: english[k] for c, k in keys.items()} == ff.FORM_HEADERS_EN
    assert {c: chinese[k] for c, k in keys.items()} == ff.FORM_HEADERS


def test_the_pdf_form_prints_each_figure_whole(layers, monkeypatch):
    """The printed form wraps a long cell on two lines at its breaks (after 、，, around
    brackets) instead of cutting it on one: it printed a Youth Home 1,062 m away as
    附近有青年之家（106… and a campus 4.4 km away as …（主校区），4.4…, and never splits a
    number across two lines."""
    from matplotlib.axes import Axes

    c = layers.communities
    rows = c[c["county_code"].astype(str).str.startswith("5101")].head(30)
    rows = pd.DataFrame(
        {
            "community_id": rows["id"],
            "name": rows["name"],
            "county_code": rows["county_code"].astype(str),
            "score": 0.5,
            "rank": range(1, 31),
        }
    )
    table = ff.plan_form_table(
        rows,
        c,
        youth_homes=layers.youth_homes,
        campuses=layers.campuses,
        resident_units=layers.resident_units,
    )
    drawn: list[list[str]] = []
    real = Axes.table

    def record(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        drawn.extend(kwargs["cellText"])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Axes, "table", record)
    assert ff.form_pdf(table, HEADER).startswith(b"%PDF")
    assert len(drawn) == 30
    cols = [col for col in ff.PDF_COLUMNS if col in table.columns]
    for col in ("青年之家情况", "结对高校"):  # every figure as the XLSX has it
        printed = [row[cols.index(col)].replace("\n", "") for row in drawn]
        assert printed == table[col].astype(str).tolist()
    for row in drawn:
        for cell in row:
            lines = cell.split("\n")
            assert len(lines) <= ff.PDF_CELL_LINES
            for a, b in zip(lines, lines[1:], strict=False):  # no number cut in two
                assert not (a[-1:].isdigit() and b[:1].isdigit()), cell


def test_the_xlsx_form_is_signed_on_each_page_under_a_ruled_table_in_its_print_area(form):
    """The XLSX form offered as 可签章 had no line to stamp and sign on (the PDF has one),
    no print area, and its rows printed with no rules (Excel prints no gridlines). Every
    printed page's footer carries the signature line beside the page number, the print area
    is the title down to the table's last row, every cell of the table is ruled, and the
    sheet still reads back as the plan it lists."""
    chosen, data = form
    ws = openpyxl.load_workbook(io.BytesIO(data))[ff.SHEET]
    last_row = ff.HEADER_ROW + len(chosen)
    last = openpyxl.utils.get_column_letter(ws.max_column)
    assert ws.max_row == last_row
    for row in ws.iter_rows(min_row=ff.HEADER_ROW, max_row=last_row):
        assert all(c.border.left.style == c.border.bottom.style == "thin" for c in row)
    assert (ws.print_area or "").replace("$", "").endswith(f"A1:{last}{last_row}")
    footer = ws.oddFooter.left.text or ""
    assert "填报单位（盖章）" in footer and "负责人（签字）" in footer
    assert sorted(ff.read_form(data, "备案表.xlsx")["id"]) == sorted(chosen["id"])
