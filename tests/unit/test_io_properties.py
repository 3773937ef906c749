"""Property-based tests: random malformed tables and random bytes thrown at every reader.

Whatever the input, a reader either returns a table or raises :class:`InputError` holding
structured problems — never any other exception. Under CI (``CI=true``) every test runs
:data:`CI_EXAMPLES` examples (3,000 in total); locally a quick :data:`DEV_EXAMPLES`.
The profiles are applied per test, so they do not change other modules' Hypothesis settings.
"""

from __future__ import annotations

import io as _stdio
import json
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from geo.core.errors import InputError, Problem
from geo.intake import io
from tests._deps import under_ci

CI_EXAMPLES = 500
DEV_EXAMPLES = 25
settings.register_profile(
    "youthmap-io-ci",
    max_examples=CI_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "youthmap-io-dev",
    max_examples=DEV_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("youthmap-io-ci" if under_ci() else "youthmap-io-dev")

EXTENSIONS = (".csv", ".tsv", ".xlsx", ".geojson", ".json", ".gpkg", ".zip")
LAYERS = ("communities", "youth_homes", "campuses", "resident_units")
HEADERS = [
    "编号",
    "id",
    "社区名称",
    "名称",
    "name",
    "经度",
    "lng",
    "纬度",
    "lat",
    "常住人口",
    "population",
    "青年人口",
    "区县代码",
    "区县",
    "省份",
    "地址",
    "高校",
    "单位类型",
    "",
    "x",
    "y",
]
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "113.3",
            "23.1",
            "-1",
            "1e308",
            "nan",
            "inf",
            "１２３",
            "1,234",
            "50%",
            "广东省",
            "天河区",
            "440106",
            "是",
            "否",
            '"',
            ",",
            "\n",
            "=1+1",
            "None",
        ]
    ),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**12), 10**12).map(str),
)


def _check(source: bytes, name: str, layer: str = "communities", crs: str = "wgs84") -> None:
    """The property: a table comes back, or an InputError with structured problems."""
    try:
        io.import_layer(source, layer, crs=crs, name=name)
    except InputError as exc:
        assert exc.problems
        assert all(isinstance(p, Problem) and p.reason for p in exc.problems)


@PROFILE
@given(data=st.binary(max_size=4_096), ext=st.sampled_from(EXTENSIONS))
def test_random_bytes_never_escape_as_anything_but_input_error(data: bytes, ext: str):
    _check(data, "random" + ext)


@PROFILE
@given(
    header=st.lists(
        st.one_of(st.sampled_from(HEADERS), st.text(max_size=8)), min_size=0, max_size=8
    ),
    rows=st.lists(st.lists(CELLS, max_size=10), max_size=12),
    sep=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    layer=st.sampled_from(LAYERS),
    crs=st.sampled_from(["wgs84", "gcj02", "bd09"]),
)
def test_malformed_csv_tables_give_a_table_or_structured_problems(
    header, rows, sep, encoding, layer, crs
):
    text = "\n".join(sep.join(r) for r in [header, *rows])
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", errors="replace")
    _check(data, "t.csv", layer, crs)


@PROFILE
@given(
    grid=st.lists(
        st.lists(
            st.one_of(
                CELLS,
                st.floats(allow_nan=False, allow_infinity=False),
                st.integers(-(10**9), 10**9),
                st.none(),
            ),
            max_size=8,
        ),
        max_size=10,
    ),
    header=st.lists(st.sampled_from(HEADERS), max_size=8),
    blank_top=st.integers(0, 3),
    merge=st.booleans(),
    layer=st.sampled_from(LAYERS),
)
def test_malformed_xlsx_sheets_give_a_table_or_structured_problems(
    grid, header, blank_top, merge, layer
):
    book = Workbook()
    ws = book.active
    buffer = _stdio.BytesIO()
    try:  # openpyxl refuses control characters in cells; such sheets cannot exist
        for _ in range(blank_top):
            ws.append([None])
        ws.append(header)
        for row in grid:
            ws.append(row)
        if merge and len(header) >= 2:
            ws.merge_cells(
                start_row=blank_top + 1, start_column=1, end_row=blank_top + 1, end_column=2
            )
        book.save(buffer)
    except IllegalCharacterError:
        return
    _check(buffer.getvalue(), "t.xlsx", layer)


GEOMETRIES = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "type": st.just("Point"),
            "coordinates": st.lists(st.floats(allow_nan=False, width=32), min_size=0, max_size=3),
        }
    ),
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["LineString", "Polygon", "Nonsense"]),
            "coordinates": st.lists(st.lists(st.floats(-200, 200), max_size=2), max_size=4),
        }
    ),
)


@PROFILE
@given(
    features=st.lists(
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["Feature", "feature", "Bogus"]),
                "geometry": GEOMETRIES,
                "properties": st.dictionaries(st.sampled_from(HEADERS), CELLS, max_size=6),
            }
        ),
        max_size=6,
    ),
    layer=st.sampled_from(LAYERS),
)
def test_malformed_geojson_gives_a_table_or_structured_problems(features, layer):
    doc = json.dumps({"type": "FeatureCollection", "features": features})
    _check(doc.encode(), "t.geojson", layer)


@PROFILE
@given(
    members=st.dictionaries(
        st.sampled_from(
            ["a.shp", "a.dbf", "a.shx", "a.prj", "a.cpg", "b.gpkg", "x/c.shp", "__MACOSX/a.shp"]
        ),
        st.binary(max_size=512),
        max_size=5,
    )
)
def test_zips_of_damaged_shapefiles_give_a_table_or_structured_problems(members):
    buffer = _stdio.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for member, payload in members.items():
            zf.writestr(member, payload)
    _check(buffer.getvalue(), "t.zip")


@PROFILE
@given(
    mapping=st.dictionaries(st.text(max_size=6), st.text(max_size=12), max_size=4),
    layer=st.sampled_from(LAYERS),
)
def test_random_explicit_mappings_give_a_table_or_structured_problems(mapping, layer):
    data = "编号,名称,经度,纬度,常住人口,单位类型,高校\n1,甲,113.3,23.1,100,企业,某大学\n".encode()
    try:
        io.import_layer(data, layer, mapping=mapping, name="m.csv")
    except InputError as exc:
        assert exc.problems and all(p.reason for p in exc.problems)
