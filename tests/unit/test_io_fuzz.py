"""Seeded byte-mutation fuzzing of every reader: only :class:`InputError` may come out.

Valid seed files of each format (CSV in UTF-8 and GBK, XLSX with a title and merged cells,
GeoJSON, GeoPackage, zipped Shapefile) are mutated with a fixed seed — bytes flipped,
interesting tokens inserted (quotes, NULs, ``<!--``, ``/vsi``, a VRT tag …), slices cut,
doubled or truncated — and read with :func:`geo.intake.io.read_table` (every tenth case also
through :func:`geo.intake.io.import_layer`, and zips and GeoPackages through
:func:`geo.intake.io.list_layers`). For XLSX and zips half the mutations are made inside one
member, re-zipped so the CRC still holds, to reach the XML and Shapefile parsers behind the
archive checks. A reader may return a table or raise ``InputError``; any other exception
fails the test with the case's format, number and exception (re-run that one case with
:func:`mutate`).
"""

from __future__ import annotations

import io as _stdio
import random
import traceback
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import geopandas as gpd
import pytest
from openpyxl import Workbook

from geo.core.errors import InputError
from geo.intake import io
from tests._io_helpers import community_frame

SEED = 20_261_116
CASES: dict[str, int] = {"csv": 900, "xlsx": 600, "geojson": 600, "gpkg": 300, "zip": 600}
"""Cases per format: 3,000 in all."""
TOKENS: tuple[bytes, ...] = (
    b'"',
    b"\n",
    b"\r",
    b",",
    b"\t",
    b"\x00",
    b"\xff\xfe",
    b"<",
    b">",
    b"<!--",
    b"<?x?>",
    b"<!DOCTYPE x>",
    b"&amp;",
    b"/vsizip/",
    b"<OGRVRTDataSource>",
    b"{",
    b"}",
    b"]",
    b"9" * 40,
    b"-1e309",
    "社区".encode(),
    "社区".encode("gbk"),
)


def mutate(data: bytes, rng: random.Random, kinds: tuple[int, ...] = (0, 1, 2, 3, 4, 5)) -> bytes:
    """One to three random edits of ``data`` (``kinds``: which edits, see the comments)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        n = len(out)
        kind = rng.choice(kinds)
        at = rng.randrange(n) if n else 0
        if kind == 0 and n:  # flip bytes
            for _ in range(rng.randint(1, 8)):
                out[rng.randrange(n)] = rng.randrange(256)
        elif kind == 1:  # insert a token
            out[at:at] = rng.choice(TOKENS) * rng.choice((1, 1, 2, 50))
        elif kind == 2 and n:  # cut a slice
            del out[at : at + rng.randint(1, 64)]
        elif kind == 3 and n:  # double a slice
            out[at:at] = out[at : at + rng.randint(1, 256)]
        elif kind == 4 and n:  # truncate
            del out[rng.randrange(n) :]
        else:  # random bytes
            out[at:at] = rng.randbytes(rng.randint(1, 32))
    return bytes(out)


def mutate_member(archive: bytes, rng: random.Random) -> bytes:
    """``archive`` with one member mutated and the archive rebuilt (valid CRCs)."""
    src = zipfile.ZipFile(_stdio.BytesIO(archive))
    victim = rng.choice(src.namelist())
    out = _stdio.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, mutate(data, rng) if name == victim else data)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, tuple[str, bytes]]:
    """``format → (file name, valid bytes)``."""
    folder = tmp_path_factory.mktemp("fuzz")
    frame = community_frame(8, seed=4)
    gdf = gpd.GeoDataFrame(
        frame.drop(columns=["经度", "纬度"]),
        geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]),
        crs="EPSG:4326",
    )
    out: dict[str, tuple[str, bytes]] = {
        "csv": ("社区.csv", frame.to_csv(index=False).encode("utf-8")),
        "csv_gbk": ("社区.csv", frame.to_csv(index=False).encode("gbk")),
        "geojson": ("社区.geojson", gdf.to_json(ensure_ascii=False).encode()),
    }
    book = Workbook()
    ws = book.active
    ws.append(["社区名单"])
    ws.merge_cells("A1:H1")
    ws.append(list(frame.columns))
    for row in frame.astype(object).values.tolist():
        ws.append(row)
    ws.merge_cells("C3:C5")
    buffer = _stdio.BytesIO()
    book.save(buffer)
    out["xlsx"] = ("社区.xlsx", buffer.getvalue())
    gdf.to_file(folder / "c.gpkg", driver="GPKG", engine="pyogrio")
    out["gpkg"] = ("社区.gpkg", (folder / "c.gpkg").read_bytes())
    shp = folder / "shp" / "homes.shp"
    shp.parent.mkdir()
    columns = {"社区编号": "id", "社区名称": "name", "区县代码": "county", "常住人口": "pop"}
    gdf[[*columns, "geometry"]].rename(columns=columns).to_file(shp, engine="pyogrio")
    archive = _stdio.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for part in sorted(shp.parent.iterdir()):
            zf.write(part, part.name)
    out["zip"] = ("homes.zip", archive.getvalue())
    return out


def _cases(fmt: str, seeds: dict, rng: random.Random):
    for i in range(CASES[fmt]):
        if fmt == "csv":
            name, data = seeds["csv_gbk" if i % 3 == 0 else "csv"]
            # most random bytes only make the text undecodable: half the cases edit by tokens
            yield i, name, mutate(data, rng, kinds=(1, 2, 3) if i % 2 else (0, 1, 2, 3, 4, 5))
        elif fmt in ("xlsx", "zip"):
            name, data = seeds[fmt]
            yield i, name, mutate_member(data, rng) if i % 2 else mutate(data, rng)
        else:
            name, data = seeds[fmt]
            yield i, name, mutate(data, rng)


def _call(read: Callable[[], object]) -> str | None:
    try:
        read()
    except InputError as exc:
        assert exc.problems and all(p.reason for p in exc.problems)
    except Exception:  # noqa: BLE001 - the finding this test exists to report
        return traceback.format_exc(limit=-3)
    return None


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(CASES))
def test_mutated_files_only_ever_raise_input_error(fmt, seeds, tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    rng = random.Random(f"{SEED}-{fmt}")
    found: list[str] = []
    for i, name, data in _cases(fmt, seeds, rng):
        calls = [partial(io.read_table, data, name=name)]
        if i % 10 == 0:
            calls.append(partial(io.import_layer, data, "communities", name=name))
        if fmt in ("gpkg", "zip"):
            calls.append(partial(io.list_layers, data, name=name))
        for call in calls:
            if (error := _call(call)) is not None:
                found.append(f"{fmt} case {i}: {error}")
    assert not found, f"{len(found)} uncaught:\n" + "\n".join(found[:5])
    assert not list(Path(tmp_path).iterdir()), "a reader left files behind"
