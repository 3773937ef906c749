"""geo.export.labels: result tables in the reader's language; geo.intake.io's workbooks named."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from geo import i18n
from geo.export import labels
from geo.intake import io

RESULT = pd.DataFrame(
    {
        "id": ["C1", "C2"],
        "name": ["沙面街道第1社区", "华林街道第2社区"],
        "province": ["广东省", "广东省"],
        "city": ["广州市", "广州市"],
        "district": ["荔湾区", "荔湾区"],
        "region": ["east", "west"],
        "distance_m": [343.0, 1204.5],
        "covered": [True, False],
        "gap_id": ["G1", None],
    }
)


def test_chinese_file_has_chinese_headers_with_units_and_words_for_codes() -> None:
    out = labels.localize(RESULT, "zh")
    assert list(out.columns) == [
        "编号", "名称", "省份", "城市", "区县", "区域", "距最近青年之家（米）", "是否覆盖", "空白区",
    ]  # fmt: skip
    assert out["区域"].tolist() == ["东部", "西部"]
    assert out["是否覆盖"].tolist() == ["是", "否"]
    assert out["省份"].tolist() == ["广东省", "广东省"]
    assert out["距最近青年之家（米）"].tolist() == [343.0, 1204.5]  # numbers stay numbers


def test_english_file_names_places_in_english_and_keeps_community_names() -> None:
    out = labels.localize(RESULT, "en")
    assert out["Region"].tolist() == ["Eastern", "Western"]
    assert out["Covered"].tolist() == ["Yes", "No"]
    assert out[["Province", "City", "County"]].iloc[0].tolist() == [
        "Guangdong", "Guangzhou", "Liwan District",
    ]  # fmt: skip
    assert out["Name"].tolist() == RESULT["name"].tolist()


def test_every_result_column_of_the_catalogue_has_both_languages() -> None:
    keys = [k for k in i18n.catalogue() if k.startswith("table.")]
    assert keys and all(i18n.t(k, "zh") and i18n.t(k, "en") for k in keys)
    assert (
        labels.sheet("gaps", "zh") == "覆盖空白区" and labels.sheet("gaps", "en") == "Coverage gaps"
    )


def test_a_workbook_written_by_extension_names_its_sheet_after_the_file(tmp_path) -> None:
    path = io.write_table(RESULT, tmp_path / "社区覆盖.xlsx")
    assert openpyxl.load_workbook(path).sheetnames == ["社区覆盖"]


def test_lists_and_clauses_are_joined_as_each_language_writes_them() -> None:
    assert i18n.join(["成都市", "德阳市"], "zh") == "成都市、德阳市"
    assert i18n.join(["Chengdu", "Deyang"], "en") == "Chengdu, Deyang"
    assert i18n.join(["甲", "乙"], "zh", clauses=True) == "甲；乙"
    assert i18n.join(["a", "b"], "en", clauses=True) == "a; b"
    listed = i18n.listing(["Sheet1", "社区"])  # a message parameter, rendered with the message
    assert (i18n.term(listed, "zh"), i18n.term(listed, "en")) == ("Sheet1、社区", "Sheet1, 社区")
    assert i18n.layer_names(["youth_homes", "communities"], "en") == "Communities, Youth Homes"


def test_a_plans_name_becomes_a_file_name_any_system_can_hold() -> None:
    assert labels.file_stem("2021 全国第一批（模拟）") == "2021 全国第一批（模拟）"
    hostile = '..\\../etc/passwd:*?"<>|\x00\x1f'
    assert labels.file_stem(hostile) == ".._.._etc_passwd" + "_" * 9
    assert labels.file_stem("  第二批.  ") == "第二批"
    assert labels.file_stem("...") == "_" and labels.file_stem("") == "_"
    assert len(labels.file_stem("批" * 300)) == labels.FILE_NAME_MAX_CHARS


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        ("44", "广东省", "Guangdong"),
        ("440106", "广东省天河区", "Tianhe District, Guangdong"),
        ("110105", "北京市朝阳区", "Chaoyang District, Beijing"),
        ("XPCC", "新疆生产建设兵团", "Xinjiang Production and Construction Corps"),
        ("", "", ""),
        ("999999", "999999", "999999"),  # a county the embedded data does not know
    ],
)
def test_an_area_is_named_with_its_province(code: str, zh: str, en: str) -> None:
    assert (labels.area_name(code, "zh"), labels.area_name(code, "en")) == (zh, en)


def test_a_file_headed_before_the_full_width_brackets_is_still_read_back() -> None:
    """Headers took full-width brackets (儿童（6-14岁）, 距最近青年之家（米）); a scored or
    chosen list written before, headed 儿童(6-14岁), is still matched to its columns."""
    old = pd.DataFrame(columns=["儿童(6-14岁)", "老年人口(65岁以上)", "编号"])
    back = labels.restore_columns(old, ["children", "elderly", "id"])
    assert list(back.columns) == ["children", "elderly", "id"]
    assert labels.find_column(["x", "距最近青年之家(米)"], "distance_m") == "距最近青年之家(米)"
    assert labels.find_column(["x", "距最近青年之家（米）"], "distance_m") == "距最近青年之家（米）"
