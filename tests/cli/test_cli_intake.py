"""Reading and writing at the command line's edges: layer choice, output paths, reports.

Every case ends in exit 0 with the result, or exit 2 with one line per problem and no
traceback (the hostile files themselves are in :mod:`tests.cli.test_hostile_inputs`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io as _stdio
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.cli import main
from geo.core.errors import InputError
from geo.intake import io
from tests import hostile
from tests._io_helpers import community_frame


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, hostile.Case]:
    return {c.name: c for c in hostile.build(tmp_path_factory.mktemp("intake"))}


@pytest.fixture()
def good_csv(tmp_path: Path) -> Path:
    path = tmp_path / "社区.csv"
    community_frame(6).to_csv(path, index=False)
    return path


# ---------------------------------------------------------------------------- layers


def test_layer_name_reads_the_named_geopackage_layer_and_says_so(corpus, tmp_path, capsys):
    path = corpus["two_layer_gpkg"].path
    out = tmp_path / "c.csv"
    argv = ["import", str(path), "--layer-name", "communities", "--out", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr()
    assert "已读取图层“communities”；文件中另有：boundaries" in printed.err
    assert len(io.read_table(out).frame) == 6


def test_layer_name_picks_one_shapefile_of_a_zip(corpus, capsys):
    path = str(corpus["two_shapefile_zip"].path)
    argv = ["validate", path, "--layer", "youth_homes", "--layer-name", "b_sites", "--lang", "en"]
    assert main(argv) == 0
    assert "read the layer “b_sites”; the file also holds: a_sites" in capsys.readouterr().err


def test_a_layer_that_is_not_there_is_named_with_the_layers_there(corpus, capsys):
    argv = ["validate", str(corpus["two_layer_gpkg"].path), "--layer-name", "社区"]
    assert main(argv) == 2
    assert "没有名为“社区”的图层（现有：boundaries、communities）" in capsys.readouterr().err


def test_every_command_reading_layers_takes_layer_name(corpus, tmp_path, capsys):
    """``--layer-name`` comes from the shared input options: ``score`` reads the chosen
    layer of a two-layer GeoPackage, and without the option says which layers there are."""
    path = str(corpus["two_layer_gpkg"].path)
    assert main(["score", "--communities", path, "--out", str(tmp_path / "s.csv")]) == 2
    assert "多个图层（boundaries、communities）" in capsys.readouterr().err
    argv = ["score", "--communities", path, "--layer-name", "communities"]
    assert main([*argv, "--out", str(tmp_path / "s.csv")]) == 0


def test_one_spatial_layer_beside_attribute_tables_is_read_with_a_warning(tmp_path):
    frame = community_frame(3)
    gdf = gpd.GeoDataFrame(
        frame.drop(columns=["经度", "纬度"]),
        geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]),
        crs="EPSG:4326",
    )
    path = tmp_path / "qgis.gpkg"
    gdf.to_file(path, layer="社区", driver="GPKG", engine="pyogrio")
    import pyogrio

    pyogrio.write_dataframe(
        gdf.drop(columns="geometry"), path, layer="layer_styles", driver="GPKG", append=False
    )
    table = io.read_table(path)
    assert len(table.frame) == 3
    assert [(n.code, n.severity) for n in table.notes] == [("layer_read", "warning")]
    assert io.list_layers(path) == ["社区", "layer_styles"]


# ---------------------------------------------------------------------------- outputs


def test_output_under_a_file_is_exit_2_with_the_reason(good_csv, capsys):
    assert main(["--lang", "en", "import", str(good_csv), "--out", "/dev/null/x.csv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: x.csv: cannot write /dev/null/x.csv")
    assert "Traceback" not in err


@pytest.mark.parametrize("ext", [".csv", ".xlsx"])
def test_a_full_disk_is_exit_2_and_leaves_no_partial_file(good_csv, tmp_path, capsys, ext):
    """``/dev/full`` answers every write with ENOSPC, as a full disk does."""
    out = tmp_path / f"full{ext}"
    out.symlink_to("/dev/full")
    assert main(["--lang", "en", "import", str(good_csv), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert not out.exists() and not out.is_symlink()


def test_map_with_a_garbage_pairs_file_is_exit_2(tmp_path, capsys):
    pairs = tmp_path / "pairs.geojson"
    pairs.write_bytes(b"\x00garbage{")
    argv = ["map", "--province", "46", "--pairs", str(pairs), "--out", str(tmp_path / "m.png")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "pairs.geojson" in err and "Traceback" not in err
    assert not (tmp_path / "m.png").exists()


# ---------------------------------------------------------------------------- reports


def _broken_csv(tmp_path: Path) -> Path:
    frame = community_frame(4).astype(object)
    frame.loc[1, "常住人口"] = "不详"
    path = tmp_path / "broken.csv"
    frame.to_csv(path, index=False)
    return path


def test_validate_report_csv_is_a_csv_of_the_problems(tmp_path):
    report = tmp_path / "r.csv"
    assert main(["validate", str(_broken_csv(tmp_path)), "--report", str(report)]) == 2
    rows = list(csv.reader(_stdio.StringIO(report.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["级别", "类型", "文件", "行号", "列", "原因"]
    assert rows[1][3:5] == ["3", "常住人口"]


def test_validate_report_xlsx_is_a_workbook(tmp_path):
    report = tmp_path / "r.xlsx"
    assert main(["validate", str(_broken_csv(tmp_path)), "--report", str(report)]) == 2
    assert zipfile.is_zipfile(report)


def test_validate_report_csv_of_an_unreadable_file(corpus, tmp_path):
    report = tmp_path / "r.csv"
    assert main(["validate", str(corpus["header_only_csv"].path), "--report", str(report)]) == 2
    assert "只有表头" in report.read_text(encoding="utf-8-sig")


def test_validate_report_of_another_type_is_refused(good_csv, tmp_path, capsys):
    assert main(["validate", str(good_csv), "--report", str(tmp_path / "r.txt")]) == 2
    assert "--report" in capsys.readouterr().err


# ---------------------------------------------------------------------------- management page


def _read_chosen(data: bytes, name: str) -> None:
    import streamlit as st

    from ui.management import read_chosen

    read = read_chosen(data, name)
    if read is not None:
        st.dataframe(read[0])
        st.json(read[1])


@pytest.mark.parametrize(
    ("name", "data", "shown"),
    [
        ("空.csv", b"", "文件中没有数据"),
        ("只有表头.csv", "id,name,county_code\n".encode("gbk"), "只有表头"),
        ("引号.csv", 'id,name,county_code\n1,"甲社区,440106\n'.encode(), "双引号没有闭合"),
        ("假.xlsx", b"PK\x03\x04 not a workbook", "不是可读取的 Excel"),
    ],
)
def test_management_upload_of_a_bad_chosen_list_shows_a_message(name, data, shown):
    at = AppTest.from_function(_read_chosen, args=(data, name), default_timeout=30).run()
    assert not at.exception
    assert any(shown in e.value for e in at.error)


def test_management_upload_reads_a_gbk_chosen_list_as_text():
    data = "id,name,county_code,score\nC001,甲社区,440106,0.93\n".encode("gbk")
    at = AppTest.from_function(_read_chosen, args=(data, "名单.csv"), default_timeout=30).run()
    assert not at.exception and not at.error
    frame = at.dataframe[0].value
    assert frame.loc[0, "name"] == "甲社区" and frame.loc[0, "county_code"] == "440106"


def test_management_upload_reads_the_selections_download_with_chinese_headers():
    """The selection page downloads its chosen list with headers in the reader's language
    (编号, 名称, 区县代码); uploaded back on the management page it was refused: 缺少必填列 id."""
    data = "编号,名称,区县代码\nC001,甲社区,440106\n\nC002,乙社区,440106\n".encode()
    at = AppTest.from_function(_read_chosen, args=(data, "入选.csv"), default_timeout=30).run()
    assert not at.exception and not at.error
    frame = at.dataframe[0].value
    assert list(frame.columns) == ["id", "name", "county_code", "row"]
    assert frame["row"].tolist() == [2, 4]  # as Excel shows them, the blank line counted
    headers = json.loads(at.json[0].value)
    assert headers == {"id": "编号", "name": "名称", "county_code": "区县代码"}


def test_management_upload_reads_a_filing_form_back(tmp_path):
    """A 备案表 downloaded from the filing tab: its title lines skipped, its columns found
    under the form's headers, each community on its sheet row."""
    from geo.export import filing_form as ff

    table = ff.form_table(
        pd.DataFrame(
            {
                "序号": [1, 2],
                "社区名称": ["甲", "乙"],
                "社区编号": ["C1", "C2"],
                "综合得分": [0.9, 0.8],
            }
        ),
        {"C1": "510104", "C2": "510106"},
    )
    data = ff.form_xlsx(table, ff.FormHeader(unit="共青团四川省委", date=dt.date(2026, 12, 6)))
    at = AppTest.from_function(_read_chosen, args=(data, "备案表.xlsx"), default_timeout=30).run()
    assert not at.exception and not at.error
    frame = at.dataframe[0].value
    assert frame[["id", "name", "county_code"]].values.tolist() == [
        ["C1", "甲", "510104"],
        ["C2", "乙", "510106"],
    ]
    assert frame["row"].tolist() == ff.read_form(data)["row"].tolist()
    assert json.loads(at.json[0].value)["id"] == "社区编号"


def test_chosen_list_reader_refuses_a_vrt(corpus):
    with pytest.raises(InputError) as exc:
        io.read_table(corpus["vrt_as_csv"].path)
    assert exc.value.problems[0].code == "unsafe"


@pytest.fixture(autouse=True)
def _chinese_messages(monkeypatch):
    """These tests read the commands' Chinese wording, the default (``YOUTHMAP_LANG`` set
    in the environment of the run would change it; tests/cli/test_cli_language.py checks
    the choice of language); the English ones pass ``--lang en``."""
    monkeypatch.setenv("YOUTHMAP_LANG", "zh")
