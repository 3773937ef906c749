"""The limits and checks behind the readers, one at a time, and what they must still let in.

The hostile files themselves are in :mod:`tests.cli.test_hostile_inputs`; these tests pin each
limit (archive sizes and ratio, member names, workbook parts, columns) and, as much, the
legitimate files next to each limit that must keep reading: an XML declaration, CDATA, the
longest cell text Excel allows, a stray blank cell at ``XFD1048576``, merged ranges over
whole rows and columns.
"""

from __future__ import annotations

import io as _stdio
import re
import sqlite3
import zipfile
from pathlib import PurePosixPath

import geopandas as gpd
import pytest
from openpyxl import Workbook

from geo import i18n
from geo.core.errors import InputError
from geo.intake import _archive, _xlsx, io
from tests._io_helpers import community_frame, xlsx_bytes


def _codes(exc: pytest.ExceptionInfo) -> set[str]:
    return {p.code for p in exc.value.problems}


def _zip(members: dict[str, bytes], level: int = 6) -> zipfile.ZipFile:
    out = _stdio.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return zipfile.ZipFile(_stdio.BytesIO(out.getvalue()))


def _with_sheet(raw: bytes, edit) -> bytes:
    """The workbook ``raw`` with its first sheet's XML passed through ``edit``."""
    src = zipfile.ZipFile(_stdio.BytesIO(raw))
    out = _stdio.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, edit(data) if name == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


def _table_rows(n: int = 3) -> list[list[object]]:
    frame = community_frame(n)
    return [list(frame.columns), *frame.astype(object).values.tolist()]


# ---------------------------------------------------------------------------- archives


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("homes.shp", "homes.shp"),
        ("dir/homes.shp", "dir/homes.shp"),
        ("./dir//homes.shp", "dir/homes.shp"),
        ("dir\\homes.shp", "dir/homes.shp"),
        ("../x.geojson", None),
        ("a/../../x.geojson", None),
        ("/etc/passwd", None),
        ("\\\\server\\share\\x", None),
        ("C:/x.shp", None),
        ("c:x.shp", None),
        ("x\x00.shp", None),
        ("", None),
    ],
)
def test_member_names_are_kept_inside_the_folder(name, safe):
    expected = None if safe is None else PurePosixPath(safe)
    assert _archive.safe_name(name) == expected


def test_total_unpacked_size_is_checked_before_unpacking():
    zf = _zip({"a.dbf": b"x" * 600, "b.dbf": b"y" * 600})
    _archive.check_members(zf, "z.zip", max_total=1_200)
    with pytest.raises(InputError) as exc:
        _archive.check_members(zf, "z.zip", max_total=1_000)
    assert _codes(exc) == {"too_large"} and "1,000" not in i18n.problems_text(
        exc.value.problems, "en"
    )


def test_member_count_is_limited():
    zf = _zip({f"{i}.txt": b"" for i in range(5)})
    with pytest.raises(InputError) as exc:
        _archive.check_members(zf, "z.zip", max_members=4)
    assert "5 files" in i18n.problems_text(exc.value.problems, "en")


def test_high_ratio_is_refused_only_above_the_floor():
    zf = _zip({"blank.dbf": b" " * 200_000}, level=9)  # ~1000:1, as blank padding is
    _archive.check_members(zf, "z.zip", ratio_floor=1_000_000)
    with pytest.raises(InputError) as exc:
        _archive.check_members(zf, "z.zip", ratio_floor=100_000)
    assert "blank.dbf" in i18n.problems_text(
        exc.value.problems, "en"
    ) and "zip bomb" in i18n.problems_text(exc.value.problems, "en")


def test_extract_writes_only_under_the_folder(tmp_path):
    zf = _zip({"dir/a.shp": b"1", "b.dbf": b"2"})
    paths = _archive.extract(zf, zf.infolist(), tmp_path / "out", "z.zip")
    assert paths == [
        (tmp_path / "out" / "dir" / "a.shp").resolve(),
        (tmp_path / "out" / "b.dbf").resolve(),
    ]
    assert [p.read_bytes() for p in paths] == [b"1", b"2"]


# ---------------------------------------------------------------------------- workbooks


def test_openpyxl_parses_workbooks_with_defusedxml():
    import defusedxml.ElementTree
    import openpyxl
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse is defusedxml.ElementTree.iterparse


def test_a_workbook_with_an_xml_declaration_and_cdata_reads():
    """Excel and LibreOffice write ``<?xml …?>`` on top of every part; CDATA is plain text."""

    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b"<t>", b"<t><![CDATA[", 1).replace(b"</t>", b"]]></t>", 1)
        return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + xml

    raw = _with_sheet(xlsx_bytes(_table_rows()), edit)
    assert len(io.read_table(raw, name="decl.xlsx").frame) == 3


def test_the_longest_cell_text_excel_allows_still_reads():
    """32,767 ampersands escape to 163 KB of text without a ``<``: under the run limit."""
    rows = _table_rows()
    rows[1][1] = "&" * 32_767
    table = io.read_table(xlsx_bytes(rows), name="long.xlsx")
    assert table.frame.iloc[0, 1] == "&" * 32_767


def test_a_run_without_tags_over_the_limit_is_refused_before_parsing():
    raw = _with_sheet(
        xlsx_bytes(_table_rows()),
        lambda xml: xml.replace(b'r="A1"', b'r="A1" x="' + b"a" * (2 * _xlsx.MAX_RUN_BYTES) + b'"'),
    )
    with pytest.raises(InputError) as exc:
        io.read_table(raw, name="tag.xlsx")
    assert "over 512 KB" in i18n.problems_text(exc.value.problems, "en")


@pytest.mark.parametrize("at", [_stdio.DEFAULT_BUFFER_SIZE, 1024 * 1024 - 2, 1024 * 1024 - 9])
def test_a_comment_across_two_chunks_is_found(at):
    """The scan reads 1 MiB at a time; a construct cut by the chunk border is still seen."""
    filler = (b"<a/>" * (at // 4 + 1))[:at]
    xml = b"<x>" + filler[3:] + b"<!-- c -->" + b"<a/>" * 1000 + b"</x>"
    zf = _zip({"xl/worksheets/sheet1.xml": xml})
    with pytest.raises(InputError) as exc:
        _xlsx.scan_part(zf, zf.infolist()[0], "c.xlsx")
    assert "<!--" in i18n.problems_text(exc.value.problems, "en")


def test_a_blank_cell_far_away_costs_nothing():
    """A stray formatted or blank cell at XFD1048576 (the sheet's declared dimension then
    spans the whole grid) is not data: the table reads."""
    raw = _with_sheet(
        xlsx_bytes(_table_rows()),
        lambda xml: xml.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t> </t></is></c></row></sheetData>',
        ).replace(b'<dimension ref="A1:H4"/>', b'<dimension ref="A1:XFD1048576"/>'),
    )
    assert len(io.read_table(raw, name="far.xlsx").frame) == 3


def test_data_in_the_last_allowed_column_reads_and_one_further_is_refused():
    rows = _table_rows()
    book = Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    ws.cell(row=2, column=_xlsx.MAX_COLUMNS, value="备注")
    out = _stdio.BytesIO()
    book.save(out)
    assert io.read_table(out.getvalue(), name="wide.xlsx").frame.shape == (3, _xlsx.MAX_COLUMNS)
    ws.cell(row=2, column=_xlsx.MAX_COLUMNS + 1, value="x")
    out = _stdio.BytesIO()
    book.save(out)
    with pytest.raises(InputError) as exc:
        io.read_table(out.getvalue(), name="wide.xlsx")
    assert (
        "ALM2 (column 1,001)" in i18n.problems_text(exc.value.problems, "en")
        and exc.value.problems[0].row == 2
    )


def test_merges_over_whole_columns_and_the_whole_sheet_fill_only_rows_with_data():
    rows = [["省份", "社区名称", "常住人口"], ["广东省", "甲", 1], [None, "乙", 2], [None, "丙", 3]]
    raw = _with_sheet(
        xlsx_bytes(rows),
        lambda xml: xml.replace(
            b"</sheetData>",
            b'</sheetData><mergeCells count="2"><mergeCell ref="A2:A1048576"/>'
            b'<mergeCell ref="D1:XFD1048576"/></mergeCells>',
        ),
    )
    table = io.read_table(raw, name="merged.xlsx")
    assert table.frame["省份"].tolist() == ["广东省"] * 3
    assert list(table.frame.columns) == ["省份", "社区名称", "常住人口"]


def _shared_string_workbook(rows: int, text: str) -> bytes:
    """A workbook whose ``rows`` data rows all name their community by one shared string
    (stored once in ``xl/sharedStrings.xml``, referenced by every cell)."""
    base = xlsx_bytes([["社区编号", "社区名称", "经度", "纬度"]])
    cells = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>C{r}</t></is></c>'
        f'<c r="B{r}" t="s"><v>0</v></c><c r="C{r}"><v>113.3</v></c>'
        f'<c r="D{r}"><v>23.1</v></c></row>'
        for r in range(2, rows + 2)
    ).encode()
    src = zipfile.ZipFile(_stdio.BytesIO(base))
    out = _stdio.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", cells + b"</sheetData>")
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                    b"</Relationships>",
                )
            elif name == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                    b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            dst.writestr(name, data)
        dst.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.'
            f'org/spreadsheetml/2006/main" count="{rows}" uniqueCount="1"><si><t>{text}</t>'
            "</si></sst>",
        )
    return out.getvalue()


def test_one_long_shared_string_referenced_by_every_cell_is_bounded(monkeypatch):
    """A shared string is stored once and may be referenced by every cell: a 345 KB workbook
    whose 20,000 cells pointed to one 32,000-character string made 640 million characters,
    and the reader ran out of memory (8 GiB). A sheet's text is bounded
    (:data:`geo.intake._xlsx.MAX_TEXT_CHARS`), merged fills included."""
    raw = _shared_string_workbook(20, "社" * 1_000)
    table = io.read_table(raw, name="c.xlsx")
    assert table.frame["社区名称"].str.len().tolist() == [1_000] * 20
    monkeypatch.setattr(_xlsx, "MAX_TEXT_CHARS", 15_000)
    with pytest.raises(InputError) as exc:
        io.read_table(raw, name="c.xlsx")
    assert _codes(exc) == {"too_large"}
    assert "more than 15,000 characters" in i18n.problems_text(exc.value.problems, "en")
    rows = [["省份", "社区名称"], ["省" * 1_000, "甲"], *([None, f"社区{i}"] for i in range(20))]
    merged = xlsx_bytes(rows, merges=("A2:A22",))  # one long value merged down 21 rows
    with pytest.raises(InputError) as exc:
        io.read_table(merged, name="m.xlsx")
    assert _codes(exc) == {"too_large"}


# ---------------------------------------------------------------------------- one driver


def test_a_folder_whose_name_starts_with_vsi_is_an_ordinary_folder(tmp_path):
    """Only a path GDAL would read through a virtual file system (``/vsizip/…``) is refused."""
    path = tmp_path / "vsizip_exports" / "社区.csv"
    path.parent.mkdir()
    community_frame(3).to_csv(path, index=False)
    assert len(io.read_table(path).frame) == 3
    with pytest.raises(InputError) as exc:
        io.read_table(f"/vsizip/{path}")
    assert _codes(exc) == {"unsafe"}


def test_geojson_with_a_bom_and_blank_lines_on_top_reads():
    frame = community_frame(2)
    gdf = gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]), crs="EPSG:4326"
    )
    raw = b"\xef\xbb\xbf\r\n  " + gdf.to_json(ensure_ascii=False).encode()
    assert len(io.read_table(raw, name="c.geojson").frame) == 2


def test_a_sqlite_file_that_is_not_a_geopackage_is_refused(tmp_path):
    path = tmp_path / "plain.gpkg"
    with sqlite3.connect(path) as db:
        db.execute("create table t (a)")
    with pytest.raises(InputError) as exc:
        io.read_table(path)
    assert "not GPKG" in i18n.problems_text(exc.value.problems, "en")


# ------------------------------------------------------------------- GeoPackage schema


def _gpkg(tmp_path, edit=None, name: str = "c.gpkg"):
    """A GDAL-written GeoPackage of three communities (with its R-tree index), then ``edit``
    run on it through SQLite; its bytes."""
    frame = community_frame(3)
    gdf = gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]), crs="EPSG:4326"
    )
    path = tmp_path / name
    gdf.to_file(path, layer="communities", driver="GPKG", engine="pyogrio")
    if edit is not None:
        with sqlite3.connect(path) as db:
            edit(db)
        db.close()
    return path.read_bytes()


def _counting_view(db: sqlite3.Connection) -> None:
    """The layer becomes a view making 200,000 rows from the one stored row (a recursive
    query without LIMIT would run until memory ends; this one is bounded so that reading it
    ends even where the check is missing)."""
    db.execute("ALTER TABLE communities RENAME TO stored")
    db.execute(
        "CREATE VIEW communities AS WITH RECURSIVE n(i) AS "
        "(SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 200000) "
        "SELECT n.i AS fid, s.* FROM n, (SELECT * FROM stored LIMIT 1) AS s"
    )
    db.execute("DELETE FROM gpkg_contents WHERE table_name = 'stored'")
    db.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = 'stored'")
    db.execute("DELETE FROM gpkg_extensions WHERE table_name = 'stored'")


def _generated_column(db: sqlite3.Connection) -> None:
    db.execute(
        "ALTER TABLE communities ADD COLUMN 备注 TEXT "
        "GENERATED ALWAYS AS (hex(zeroblob(100000))) VIRTUAL"
    )


def _fts_layer(db: sqlite3.Connection) -> None:
    db.execute("CREATE VIRTUAL TABLE notes USING fts4(body)")
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier) "
        "VALUES ('notes', 'attributes', 'notes')"
    )


def _fts_named_like_an_index(db: sqlite3.Connection) -> None:
    """A virtual table whose quoted name holds "USING rtree": the check read the first
    USING of the statement and took the full-text table for a spatial index."""
    db.execute('CREATE VIRTUAL TABLE "notes USING rtree" USING fts4(body)')
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier) "
        "VALUES ('notes USING rtree', 'attributes', 'notes')"
    )


def _fts_behind_a_comment(db: sqlite3.Connection) -> None:
    """The same disguise in a comment SQLite keeps in the schema's text."""
    db.execute("CREATE VIRTUAL TABLE notes /* USING rtree */ USING fts4(body)")
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier) "
        "VALUES ('notes', 'attributes', 'notes')"
    )


def test_a_plain_geopackage_with_its_spatial_index_reads(tmp_path):
    raw = _gpkg(tmp_path)
    with sqlite3.connect(tmp_path / "c.gpkg") as db:
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'rtree_communities_geom'")
    assert "USING rtree" in sql[0]  # the R-tree index is a virtual table, and allowed
    assert len(io.read_table(raw, name="c.gpkg").frame) == 3
    assert io.list_layers(raw, name="c.gpkg") == ["communities"]


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (_counting_view, "communities"),
        (_generated_column, "communities"),
        (_fts_layer, "notes"),
        (_fts_named_like_an_index, "notes USING rtree"),
        (_fts_behind_a_comment, "notes"),
    ],
    ids=["view", "generated_column", "virtual_table", "quoted_name", "comment"],
)
def test_a_geopackage_computing_its_rows_is_refused_before_gdal_reads_it(tmp_path, edit, named):
    raw = _gpkg(tmp_path, edit)
    for call in (
        lambda: io.read_table(raw, name="c.gpkg"),
        lambda: io.read_table(raw, name="c.gpkg", layer_name=named),
        lambda: io.list_layers(raw, name="c.gpkg"),
    ):
        with pytest.raises(InputError) as exc:
            call()
        assert _codes(exc) == {"unsafe"}
        text = i18n.problems_text(exc.value.problems, "en")
        assert f"{named} in the GeoPackage are not stored data" in text
        assert str(tmp_path) not in text
    zipped = _stdio.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("c.gpkg", raw)
    with pytest.raises(InputError) as exc:
        io.read_table(zipped.getvalue(), name="c.zip")
    assert _codes(exc) == {"unsafe"}
    assert "不是存储的数据" in i18n.problems_text(exc.value.problems, "zh")


def test_a_geopackage_whose_schema_sqlite_cannot_read_is_malformed(tmp_path):
    raw = bytearray(_gpkg(tmp_path))
    page = int.from_bytes(raw[16:18], "big")
    raw[100:page] = b"\xff" * (page - 100)  # the schema's page (sqlite_master) overwritten
    with pytest.raises(InputError) as exc:
        io.read_table(bytes(raw), name="c.gpkg")
    assert _codes(exc) == {"malformed"}


# ---------------------------------------------------------------------------- CSV cells


def test_a_csv_with_more_cells_than_a_sheet_may_hold_is_refused_before_it_is_parsed():
    """A CSV had no bound but the upload's size: a 100 MB file of ``a,b`` lines made 50
    million cells and a 2 GB reader. Its cells are bounded as a sheet's are
    (:data:`geo.intake._xlsx.MAX_CELLS`), counted before anything is parsed."""
    body = "a,b\n" * (_xlsx.MAX_CELLS // 2)  # with the header: just over the limit
    with pytest.raises(InputError) as exc:
        io.read_table(("社区编号,社区名称\n" + body).encode(), name="名单.csv")
    assert _codes(exc) == {"too_large"}
    text = i18n.problems_text(exc.value.problems, "en")
    assert f"more than the limit of {_xlsx.MAX_CELLS:,}" in text
    assert "超过上限 8,000,000 个" in i18n.problems_text(exc.value.problems, "zh")


def test_a_csv_at_the_cell_limit_still_reads(monkeypatch):
    monkeypatch.setattr(_xlsx, "MAX_CELLS", 12)
    raw = "社区编号,社区名称\nC1,甲\nC2,乙\nC3,丙\n".encode()  # 4 commas, 4 line ends: 9
    assert len(io.read_table(raw, name="c.csv").frame) == 3
    with pytest.raises(InputError):
        io.read_table(raw + "C4,丁\nC5,戊\n".encode(), name="c.csv")  # 13


@pytest.mark.parametrize("name", ["c.gpkg", "c.geojson"])
def test_a_geodata_file_with_more_features_than_the_limit_is_refused(tmp_path, monkeypatch, name):
    """A GeoPackage stores a small row in a few dozen bytes: 500 MiB of them made tens of
    millions of rows. At most one feature past :data:`MAX_FEATURES` is read, and a file
    that has it is refused."""
    from geo.intake import _vector

    frame = community_frame(5)
    gdf = gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]), crs="EPSG:4326"
    )
    path = tmp_path / name
    gdf.to_file(path, engine="pyogrio")
    monkeypatch.setattr(_vector, "MAX_FEATURES", 5)
    assert len(io.read_table(path).frame) == 5
    monkeypatch.setattr(_vector, "MAX_FEATURES", 4)
    with pytest.raises(InputError) as exc:
        io.read_table(path)
    assert _codes(exc) == {"too_large"}
    assert "more than 4 features" in i18n.problems_text(exc.value.problems, "en")


def test_a_file_wider_than_a_sheet_may_be_is_refused_before_its_rows_are_read(monkeypatch):
    """A 2.9 MB CSV with 300,000 columns kept the reader busy for more than five minutes, and
    a 4 MB GeoJSON feature with 300,000 properties kept GDAL reading as long. Their columns
    are bounded as a sheet's (:data:`geo.intake._xlsx.MAX_COLUMNS`), named with the line."""
    import json

    monkeypatch.setattr(_xlsx, "MAX_COLUMNS", 9)
    frame = community_frame(2)
    assert len(frame.columns) == 8
    assert len(io.read_table(frame.to_csv(index=False).encode(), name="c.csv").frame) == 2
    wide = frame.assign(备注1="x", 备注2="y")  # 10 columns
    lines = wide.to_csv(index=False).splitlines()
    raw = "\n".join([",".join(frame.columns), *lines[1:]]).encode()  # ragged: line 2 wide
    with pytest.raises(InputError) as exc:
        io.read_table(raw, name="c.csv")
    (problem,) = exc.value.problems
    assert (problem.code, problem.row) == ("too_large", 2)
    assert "the line has 10 columns, more than the limit of 9" in i18n.problems_text(
        exc.value.problems, "en"
    )
    gdf = gpd.GeoDataFrame(
        wide, geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]), crs="EPSG:4326"
    )
    doc = json.loads(gdf.to_json())
    with pytest.raises(InputError) as exc:
        io.read_table(json.dumps(doc).encode(), name="c.geojson")
    assert _codes(exc) == {"too_large"}
    assert "attribute fields, more than the limit of 9" in i18n.problems_text(
        exc.value.problems, "en"
    )


def test_a_csv_with_old_mac_line_ends_is_not_taken_for_one_wide_line():
    """Lines ended by a carriage return alone (Excel for Mac's old CSV) are lines too: the
    column count split on line feeds only and read 1,500 rows as one line of 6,001 columns."""
    rows = ["社区编号,社区名称,经度,纬度"] + [f"C{i},社区{i},113.3,23.1" for i in range(1500)]
    for end in ("\r", "\r\n", "\n"):
        assert len(io.read_table(end.join(rows).encode(), name="c.csv").frame) == 1500


def test_a_csv_of_carriage_return_lines_counts_each_line_against_the_cell_limit(monkeypatch):
    """A lone CR ends a line for the readers as LF does, but only LFs were counted: 99 MB of
    ``ab\\r`` lines passed as one line and were read as 33 million rows (6 GB)."""
    monkeypatch.setattr(_xlsx, "MAX_CELLS", 12)
    for end in ("\r", "\n", "\r\n"):
        raw = end.join(["社区编号", *(f"C{i}" for i in range(11))]).encode()  # 12 lines
        assert len(io.read_table(raw, name="c.csv").frame) == 11
        with pytest.raises(InputError) as exc:
            io.read_table(raw + f"{end}C11".encode(), name="c.csv")  # 13
        assert _codes(exc) == {"too_large"}, repr(end)


@pytest.mark.parametrize("space", [b" ", b"\n", b"\t", b"\r\n"])
def test_cells_and_shared_strings_are_counted_whatever_space_ends_their_tag(space):
    """XML allows any white space after a tag's name: shared strings written ``<si\\n>``
    (18.5 million of them, 105 MB zipped) were not counted, and the reader took 3 GB."""
    xml = b"<sst>" + b"".join(
        b"<si" + space + b"><t>" + b"%d" % i + b"</t></si" + space + b">" for i in range(7)
    )
    xml += b"<x:si" + space + b"/><si/></sst>"
    zf = _zip({"xl/sharedStrings.xml": xml})
    assert _xlsx.scan_part(zf, zf.infolist()[0], "c.xlsx")["strings"] == 9
    cells = (
        b"".join(b"<c" + space + b'r="A%d"><v>1</v></c>' % i for i in range(5))
        + b"<c/><x:c"
        + space
        + b"/>"
    )
    zf = _zip({"xl/worksheets/sheet1.xml": b"<sheetData><row>" + cells + b"</row></sheetData>"})
    assert _xlsx.scan_part(zf, zf.infolist()[0], "c.xlsx")["cells"] == 7


def test_a_workbook_whose_shared_strings_end_their_tags_with_a_line_end_is_bounded(monkeypatch):
    """The whole reader on such a workbook: 40 shared strings written ``<si\n>`` beside 8
    cells are refused by a limit of 30, and read under a limit of 50."""
    with zipfile.ZipFile(_stdio.BytesIO(_shared_string_workbook(1, "甲"))) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    strings = b"".join(b"<si\n><t>%d</t></si\n>" % i for i in range(40))
    parts["xl/sharedStrings.xml"] = re.sub(
        rb"<si>.*</si>", lambda m: b"<si\n><t>\xe7\x94\xb2</t></si\n>" + strings,
        parts["xl/sharedStrings.xml"], flags=re.S,
    )  # fmt: skip
    out = _stdio.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    monkeypatch.setattr(_xlsx, "MAX_CELLS", 50)
    assert io.read_table(out.getvalue(), name="c.xlsx").frame["社区名称"].tolist() == ["甲"]
    monkeypatch.setattr(_xlsx, "MAX_CELLS", 30)
    with pytest.raises(InputError) as exc:
        io.read_table(out.getvalue(), name="c.xlsx")
    assert _codes(exc) == {"too_large"}
