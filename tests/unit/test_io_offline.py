"""An upload never makes the server fetch a URL (:mod:`geo.intake._offline`).

A GeoJSON's legacy ``crs`` of type ``link`` or ``URL`` made GDAL request its ``href``. A
local HTTP server stands in for the address an attacker would name; every case checks
that it saw no request, and that the reader refused the file with a message.
"""

from __future__ import annotations

import http.server
import io as _stdio
import json
import threading
import zipfile
from collections.abc import Iterator

import pyogrio
import pytest

from geo import i18n
from geo.core.errors import InputError
from geo.intake import _offline, io


class _Listener(http.server.BaseHTTPRequestHandler):
    seen: list[str]

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.seen.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"+proj=longlat +datum=WGS84 +no_defs")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server: its base URL and the paths it was asked for."""
    seen: list[str] = []
    handler = type("Handler", (_Listener,), {"seen": seen})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def _feature(geometry_crs: dict | None = None) -> dict:
    geometry: dict = {"type": "Point", "coordinates": [113.36, 23.14]}
    if geometry_crs is not None:
        geometry["crs"] = geometry_crs
    return {
        "type": "Feature",
        "properties": {"社区编号": "C1", "社区名称": "甲社区", "常住人口": 5000},
        "geometry": geometry,
    }


def _collection(crs: dict | None = None, geometry_crs: dict | None = None) -> bytes:
    doc: dict = {"type": "FeatureCollection", "features": [_feature(geometry_crs)]}
    if crs is not None:
        doc["crs"] = crs
    return json.dumps(doc, ensure_ascii=False).encode()


def test_the_guard_is_installed_on_this_platform():
    assert _offline.installed()


def _hostile(base: str) -> dict[str, bytes]:
    link = {"type": "link", "properties": {"href": f"{base}/link", "type": "proj4"}}
    url = {"type": "URL", "properties": {"url": f"{base}/url"}}
    plain = _collection(link).decode()
    escaped = plain.replace('"type": "link"', '"\\u0074ype": "\\u006cink"')
    upper = plain.replace('"crs": {"type": "link"', '"CRS": {"TYPE": "LINK"')
    assert escaped != plain and upper != plain
    return {
        "link": _collection(link),
        "url": _collection(url),
        "on_a_geometry": _collection(geometry_crs=url),
        "escaped": escaped.encode(),
        "upper_case": upper.encode(),
    }


@pytest.mark.parametrize("case", ["link", "url", "on_a_geometry", "escaped", "upper_case"])
def test_a_crs_naming_a_url_is_refused_and_nothing_is_fetched(listener, case):
    base, seen = listener
    raw = _hostile(base)[case]
    with pytest.raises(InputError) as exc:
        io.read_table(raw, name="社区.geojson")
    assert {p.code for p in exc.value.problems} == {"unsafe"}
    assert "web address" in i18n.problems_text(exc.value.problems, "en")
    assert "网址" in i18n.problems_text(exc.value.problems, "zh")
    zipped = _stdio.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("社区.geojson", raw)
    with pytest.raises(InputError):
        io.read_table(zipped.getvalue(), name="社区.zip")
    assert seen == []


def test_gdal_asks_nothing_of_the_network_outside_the_reader_either(listener, tmp_path):
    base, seen = listener
    path = tmp_path / "c.geojson"
    path.write_bytes(_hostile(base)["link"])
    assert _offline.installed()
    frame = pyogrio.read_dataframe(path)  # GDAL directly: the answer is empty (GDAL falls
    assert len(frame) == 1  # back to WGS 84), the request never sent
    assert seen == []


@pytest.mark.parametrize(
    "crs",
    [
        None,
        {"type": "EPSG", "properties": {"code": 4326}},
        {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        {"type": "name", "properties": {"name": "http://www.opengis.net/def/crs/EPSG/0/4326"}},
    ],
    ids=["none", "epsg", "urn", "opengis_name"],
)
def test_a_crs_given_by_code_or_name_still_reads(listener, crs):
    _, seen = listener
    table = io.read_table(_collection(crs), name="社区.geojson")
    assert table.frame["社区名称"].tolist() == ["甲社区"]
    assert table.lonlat.tolist() == [[113.36, 23.14]]
    assert seen == []
