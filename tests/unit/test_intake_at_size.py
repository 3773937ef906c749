"""A national-size community file with good and bad rows mixed: every check still runs on
every row, each bad row named by file, row and column, the good rows read as written.

The file is 20,000 of the embedded communities under the template's Chinese headers, with
one kind of mistake (or one way of stating a place) planted every 1,000 rows, so each kind
appears 20 times across the file, and a 合计 line at the end.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo import dataset
from geo.core import regions
from geo.core.layers import SCHEMAS
from geo.export.templates import template_columns
from geo.intake import io
from geo.intake._xlsx import cell_text, cell_texts

N = 20_000
EVERY = 1_000
ZH = {c.name: c.zh for c in SCHEMAS["communities"]}
"""Template headers; problems name a column as read (NFKC: 青年人口(14-35岁))."""
READ = {name: unicodedata.normalize("NFKC", zh) for name, zh in ZH.items()}
POINT = f"{READ['lon']}/{READ['lat']}"


def _planted(kind: int) -> np.ndarray:
    """Data positions (0-based) of the rows carrying planted mistake ``kind``."""
    return np.arange(kind, N, EVERY)


def _row(pos: np.ndarray | int) -> np.ndarray:
    """Excel row of data position ``pos`` (header on row 1)."""
    return np.asarray(pos) + 2


@pytest.fixture(scope="module")
def source() -> pd.DataFrame:
    """The clean rows: every 5th embedded community, as a user's file states them."""
    names = template_columns("communities")
    communities = dataset.load_layer("communities")
    return communities[names].iloc[: N * 5 : 5].reset_index(drop=True)


@pytest.fixture(scope="module")
def mixed(source: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    frame = source.astype(str).rename(columns=ZH)
    col = frame.columns.get_loc
    cells = frame.to_numpy(dtype=object)
    for i in _planted(1):
        cells[i, col(ZH["name"])] = ""  # missing
    for i in _planted(2):
        cells[i, col(ZH["population"])] = "约五千"  # not a number
    for i in _planted(3):
        cells[i, col(ZH["elderly"])] = "-5"  # negative
    for i in _planted(4):
        cells[i, col(ZH["youth"])] = str(int(source.at[i, "population"]) + 1)  # > population
    for i in _planted(5):
        lon, lat = col(ZH["lon"]), col(ZH["lat"])
        cells[i, lon], cells[i, lat] = cells[i, lat], cells[i, lon]  # swapped
    for i in _planted(6):
        cells[i, col(ZH["lon"])], cells[i, col(ZH["lat"])] = "139.69", "35.69"  # Tokyo
    for i in _planted(7):
        cells[i, col(ZH["id"])] = cells[i - 7, col(ZH["id"])]  # duplicate id
    for i in _planted(8):  # same name at the same place as the row below: that one warned
        for name in ("name", "lon", "lat", "province", "city", "district", "county_code"):
            cells[i, col(ZH[name])] = cells[i + 1, col(ZH[name])]
    for i in _planted(10):
        cells[i, col(ZH["county_code"])] = ""  # placed by its district's name
    for i in _planted(11):
        cells[i, col(ZH["county_code"])] = cells[i, col(ZH["district"])] = ""  # by its point
    for i in _planted(12):
        cells[i, col(ZH["lon"])] = cells[i, col(ZH["lat"])] = ""  # at its county
    for i in _planted(13):  # nowhere to place it
        for name in ("lon", "lat", "county_code", "district"):
            cells[i, col(ZH[name])] = ""
    for i in _planted(14):
        cells[i, col(ZH["elderly_alone_share"])] = "1.5"  # share above 1
    for i in _planted(15):  # the province's short name
        code = str(source.at[i, "county_code"])[:2]
        cells[i, col(ZH["province"])] = regions.province(code).short
    for i in _planted(16):
        cells[i, col(ZH["county_code"])] = (
            "110101" if cells[i, col(ZH["county_code"])] != ("110101") else "110102"
        )  # another county's code: outside it
    for i in _planted(17):
        cells[i, col(ZH["name"])] = "\x01" + str(cells[i, col(ZH["name"])])  # control char
    for i in _planted(18):
        cells[i, col(ZH["population"])] = f"{int(source.at[i, 'population']):,}人"  # as typed
    for i in _planted(19):
        cells[i, col(ZH["households"])] = "1e20"  # more than anyone
    for i in _planted(20):  # no point and no code: placed at the county its district names
        for name in ("lon", "lat", "county_code"):
            cells[i, col(ZH[name])] = ""
    for i in _planted(21):  # another province's short name, and no county to go by
        code = "44" if str(source.at[i, "county_code"])[:2] != "44" else "51"
        cells[i, col(ZH["province"])] = regions.province(code).short
        cells[i, col(ZH["county_code"])] = cells[i, col(ZH["district"])] = ""
    body = pd.DataFrame(cells, columns=frame.columns)
    total = pd.DataFrame([["合计"] + [""] * (len(frame.columns) - 1)], columns=frame.columns)
    path = tmp_path_factory.mktemp("at-size") / "社区名单.csv"
    pd.concat([body, total]).to_csv(path, index=False, encoding="utf-8-sig")
    return path


@pytest.fixture(scope="module")
def result(mixed: Path):
    return io.import_layer(mixed, "communities")


def _shared_names(source: pd.DataFrame) -> np.ndarray:
    """Rows whose district name two counties of its province hold (城区, 鼓楼区): a county
    the name alone cannot tell."""
    counties = dataset.load_boundaries("county")
    per = counties.groupby([counties["code"].astype(str).str[:2], "name"]).size()
    keys = zip(source["county_code"].astype(str).str[:2], source["district"], strict=True)
    return np.array([per.get(k, 0) > 1 for k in keys])


def _expected(source: pd.DataFrame) -> set[tuple[int, str, str | None, str]]:
    """(row, code, column, severity) of every problem the planted rows must raise."""
    out: set[tuple[int, str, str | None, str]] = set()
    shared = _shared_names(source)

    def add(kind: int, code: str, column: str | None, severity: str = "error") -> None:
        out.update((int(r), code, column, severity) for r in _row(_planted(kind)))

    add(1, "missing", READ["name"])
    add(2, "not_number", READ["population"])
    add(3, "negative", READ["elderly"])
    add(4, "impossible", READ["youth"])
    add(5, "swapped", POINT)
    add(6, "outside_china", POINT)
    add(7, "duplicate_id", READ["id"])
    out.update(
        (int(r), "duplicate_location", READ["name"], "warning") for r in _row(_planted(8) + 1)
    )
    add(12, "approximate", READ["county_code"], "warning")
    add(13, "missing", READ["lon"])
    add(14, "impossible", READ["elderly_alone_share"])
    add(16, "outside_stated", READ["county_code"], "warning")
    add(19, "too_many", READ["households"])
    for i in _planted(20):  # unplaced when its district's name is not enough
        if shared[i]:
            out.add((int(_row(i)), "missing", READ["lon"], "error"))
        else:
            out.add((int(_row(i)), "approximate", READ["county_code"], "warning"))
    add(21, "outside_stated", READ["province"], "warning")
    add(19, "impossible", READ["households"])
    out.add((N + 2, "total_skipped", None, "warning"))
    return out


def test_every_planted_mistake_is_named_by_row_and_column_and_nothing_else(
    result, source: pd.DataFrame
) -> None:
    found = [(p.row, p.code, p.column, p.severity) for p in result.problems]
    assert len(found) == len(set(found))
    assert set(found) == _expected(source)
    assert {p.file for p in result.problems} == {"社区名单.csv"}
    # the error mask holds exactly the rows with an error
    errors = {p.row for p in result.problems if p.severity == "error"}
    assert set(result.rows[result.error_rows].tolist()) == errors
    assert len(result.frame) == N  # the 合计 line is not a community


def test_the_problems_say_what_was_found(result) -> None:
    by = {(p.row, p.code, p.column): p for p in result.problems}
    first = int(_row(_planted(2))[0])
    assert by[(first, "not_number", READ["population"])].params == {"value": "约五千"}
    dup = int(_row(_planted(7))[3])
    assert by[(dup, "duplicate_id", READ["id"])].params["first"] == dup - 7
    wrong = by[(int(_row(_planted(16))[0]), "outside_stated", READ["county_code"])]
    assert wrong.key == "data.problem.outside_county"
    assert wrong.params["stated"].zh in ("东城区", "西城区")
    place = by[(int(_row(_planted(12))[0]), "approximate", READ["county_code"])]
    assert (
        place.params["county"].zh
        == dataset.load_boundaries("county")
        .set_index("code")
        .at[str(_source_row(12)["county_code"]), "name"]
    )


def _source_row(kind: int) -> pd.Series:
    names = template_columns("communities")
    return dataset.load_layer("communities")[names].iloc[: N * 5 : 5].iloc[kind]


def test_the_good_rows_and_the_places_read_as_written(result, source: pd.DataFrame) -> None:
    frame = result.frame
    clean = np.ones(N, dtype=bool)
    for kind in (1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 14, 16, 17, 18, 19, 20, 21):
        clean[_planted(kind)] = False
    clean[_planted(8) + 1] = False
    for name in ("id", "name", "county_code", "district", "subdistrict", "province", "city"):
        assert (frame[name].to_numpy()[clean] == source[name].astype(str).to_numpy()[clean]).all()
    for name in ("population", "youth", "households"):
        assert (frame[name].to_numpy()[clean] == source[name].to_numpy()[clean]).all()
    assert np.allclose(frame["lon"].to_numpy()[clean], source["lon"].to_numpy()[clean])
    # a county stated by its district's name, by its point alone, a province by its short name
    placed = _planted(20)[~_shared_names(source)[_planted(20)]]
    assert len(placed) >= 15
    for at in (_planted(10), _planted(11), _planted(15), _planted(12), placed):
        assert (frame["county_code"].to_numpy()[at] == source["county_code"].to_numpy()[at]).all()
        assert (frame["province"].to_numpy()[at] == source["province"].to_numpy()[at]).all()
        assert (frame["district"].to_numpy()[at] == source["district"].to_numpy()[at]).all()
        assert (
            frame["city_code"].to_numpy()[at] == source["county_code"].str[:4].to_numpy()[at]
        ).all()
    assert frame["approximate"].to_numpy()[_planted(12)].all()
    assert frame["approximate"].to_numpy()[placed].all()
    assert frame["approximate"].sum() == len(_planted(12)) + len(placed)
    outside = [p for p in result.problems if p.column == READ["province"]]
    assert {p.key for p in outside} == {"data.problem.outside_province"}
    assert {p.params["stated"].zh for p in outside} <= {"广东省", "四川省"}
    assert (frame["name"].to_numpy()[_planted(17)] == source["name"].to_numpy()[_planted(17)]).all()
    assert (
        frame["population"].to_numpy()[_planted(18)]
        == source["population"].to_numpy()[_planted(18)]
    ).all()
    assert (frame["region"].to_numpy()[clean] != "").all()


def test_a_geojsons_fields_read_as_each_cell_reads(source: pd.DataFrame, tmp_path: Path) -> None:
    """A GeoJSON's columns are read at once by their type, as :func:`cell_text` reads each
    cell: the 20,000 communities (text, whole numbers, shares) and a few odd fields."""
    import geopandas as gpd
    import pyogrio

    frame = gpd.GeoDataFrame(
        source.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(source["lon"], source["lat"]),
        crs=4326,
    )
    rng = np.random.default_rng(0)
    odd = np.array([0.0, -0.0, 1e15, 1e15 - 1, 1e20, -2.5, 1e-7, 123456.0, np.nan, 0.1 + 0.2])
    frame["odd"] = rng.choice(odd, N)
    frame["flag"] = rng.random(N) < 0.5
    frame["note"] = pd.Series(rng.choice([" a ", "b", None, "", "  "], N), dtype=object)
    path = tmp_path / "社区.geojson"
    frame.to_file(path, driver="GeoJSON")
    read = io.read_table(path).frame
    gdal = pyogrio.read_dataframe(path).drop(columns="geometry")
    assert list(read.columns) == list(gdal.columns)
    for name in gdal.columns:  # the old reading, cell by cell
        expected = gdal[name].map(cell_text).str.strip().to_numpy(dtype=object)
        assert read[name].tolist() == expected.tolist(), name


FLOATS = 10.0 ** np.random.default_rng(0).uniform(-320, 308, 20_000) * np.random.default_rng(
    1
).choice([-1.0, 1.0], 20_000)


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([1.0, -0.0, 2.5, np.nan, np.inf, -np.inf, 1e15, 999999999999999.0, 1e-300]),
        pd.Series(np.array([1.5, 2.0, np.nan], dtype=np.float32)),
        pd.Series([3, -4, 0], dtype=np.int32),
        pd.Series([2**63 - 1, 0], dtype=np.uint64),
        pd.Series([True, False]),
        pd.Series(["  x ", None, "y"], dtype="str"),
        pd.Series(["  x ", None, "y"], dtype="string"),
        pd.Series([" a", 1.0, None, True, pd.Timestamp("2024-05-01")], dtype=object),
        pd.Series(pd.to_datetime(["2024-05-01", None])),
        pd.Series(pd.to_datetime(["2024-05-01 10:00"]).tz_localize("UTC")),
        pd.Series([], dtype="str"),
        pd.Series(  # every magnitude a float takes, either sign, whole or not, and degrees
            np.concatenate([FLOATS, np.round(FLOATS * 1e-300, 3), np.round(FLOATS[:5000] % 180, 6)])
        ),
    ],
)
def test_a_column_reads_as_each_of_its_cells(values: pd.Series) -> None:
    """Every kind of column GDAL gives, read at once or cell by cell, as each cell reads."""
    expected = values.map(cell_text).str.strip().to_numpy(dtype=object)
    assert cell_texts(values).tolist() == expected.tolist()
