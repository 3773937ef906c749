"""Geodata uploads (GeoJSON, GeoPackage, zipped Shapefile), each read by GDAL with one driver.

GDAL picks a driver from a file's content, not its name: a ``.geojson`` holding an OGR VRT
description (``<OGRVRTDataSource>… <SrcDataSource>CSV:/etc/passwd</SrcDataSource>``) was
read through the VRT driver, which opened the file the description named, and a JSON
document of GDAL 3.11's ``gdal_streamed_alg`` kind runs a GDAL pipeline the same way. So:

- the extension names the one format read (:data:`DRIVERS`), and the content must carry
  that format's signature before GDAL sees it: a JSON object for GeoJSON, the SQLite header
  with a GeoPackage application id for GPKG, the Shapefile magic number for ``.shp``;
- GDAL is told the driver: the ``GeoJSON:`` and ``GPKG:`` path prefixes open with that
  driver only; Shapefile has no prefix, so its driver is checked with
  ``pyogrio.read_info`` before the features are read;
- content naming a VRT or a GDAL virtual file system (``/vsi…``) is refused outright;
- a GeoPackage is an SQLite database, and SQLite can compute rows as it reads them: a view
  ``WITH RECURSIVE`` counting to infinity, registered as a layer in a 98 KB file, had GDAL
  build rows until the process ran out of memory (it died at a 6 GiB cap here), and a
  generated column (``zeroblob(1000000000)``) makes a gigabyte per stored row. A GeoPackage
  whose schema holds a view, a generated column or a virtual table other than the R-tree
  index is refused before GDAL opens it (:func:`check_gpkg_schema`), so the rows read are
  the rows stored and the upload's size bounds them;
- GDAL's own web requests (a GeoJSON ``crs`` of type ``link`` names a URL it would fetch)
  are answered in the process and the file refused (:mod:`geo.intake._offline`);
- GDAL opens only files this module wrote into a temporary folder under names it chose,
  never the user's path and never a name spelled by an archive (see :mod:`geo.intake._archive`).

A GeoPackage with several layers, or a zip with several layers, is never read by picking
the first: the caller names the layer (``layer_name``), or, when exactly one layer has
geometry beside attribute-only tables, that one is read with a warning naming it.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import tempfile
import warnings
from pathlib import Path, PurePosixPath

import pandas as pd

from geo import i18n
from geo.core.errors import InputError, Problem
from geo.intake import _archive, _offline, _xlsx

DRIVERS: dict[str, str] = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GPKG",
    ".shp": "ESRI Shapefile",
}
"""The one GDAL driver each extension is read with."""
SHAPEFILE_PARTS: tuple[str, ...] = (".shp", ".shx", ".dbf", ".prj", ".cpg")
"""Files of a Shapefile unpacked beside its ``.shp``."""
LAYER_EXTENSIONS: tuple[str, ...] = (".shp", ".geojson", ".json", ".gpkg")
"""Members of a zip that are layers."""
SQLITE_HEADER = b"SQLite format 3\x00"
GPKG_APPLICATION_IDS: tuple[bytes, ...] = (b"GPKG", b"GP10", b"GP11")
SHAPEFILE_MAGIC = b"\x00\x00\x27\x0a"
_VRT = re.compile(rb"(?i)<\s*(?:OGRVRTDataSource|VRTDataset)\b")
_VSI_NAMES = (
    "zip|gzip|tar|7z|rar|curl|s3|gs|az|adls|oss|swift|hdfs|webhdfs|mem|stdin|stdout"
    "|subfile|sparse|crypt|cached"
)
_VSI = re.compile(rf"(?i)/vsi(?:{_VSI_NAMES})\w*/".encode())
"""A GDAL virtual file system named anywhere in a GDAL-read file's content."""
_VSI_PATH = re.compile(rf"(?i)^\s*[/\\]vsi(?:{_VSI_NAMES})\w*[/\\]")
"""A path GDAL would read through a virtual file system (they start with ``/vsi…/``)."""
_HEAD_BYTES = 64 * 1024
MAX_FEATURES = 2_000_000
"""Most features a geodata upload may hold (the embedded national list has 110,000
communities); GDAL is asked for one more, and a file that has it is refused."""


def _refuse(key: str, file: str, *, code: str = "unsafe", **values: object) -> InputError:
    return InputError([Problem(key, file=file, code=code, params=values)])


def refuse_vsi_path(path: str) -> None:
    """Refuse a path that names a GDAL virtual file system (``/vsizip/``, ``/vsicurl/`` …)."""
    if _VSI_PATH.search(path):
        raise _refuse("data.problem.vsi_path", Path(path).name or path)


def refuse_vrt(raw: bytes, file: str) -> None:
    """Refuse a GDAL VRT description, whatever the file's extension."""
    if _VRT.search(raw[:_HEAD_BYTES]):
        raise _refuse("data.problem.vrt", file)


def check_content(raw: bytes, ext: str, file: str) -> None:
    """Refuse content GDAL could take for anything but the format ``ext`` names.

    Parameters
    ----------
    raw
        The file's bytes.
    ext
        Its extension (lower case): one of :data:`DRIVERS` or a Shapefile part.
    file
        File name for problems.
    """
    refuse_vrt(raw, file)
    if _VSI.search(raw):
        raise _refuse("data.problem.vsi_content", file)
    if ext in (".geojson", ".json"):
        ok = raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
    elif ext == ".gpkg":
        ok = raw.startswith(SQLITE_HEADER) and raw[68:72] in GPKG_APPLICATION_IDS
    elif ext in (".shp", ".shx"):
        ok = raw.startswith(SHAPEFILE_MAGIC)
    else:
        ok = True
    if not ok:
        raise _refuse(
            "data.problem.not_format",
            file,
            code="malformed",
            ext=ext,
            format=DRIVERS.get(ext, ext),
        )


def _zip_layers(zf, file: str) -> dict[str, list]:
    """Layer name → the members to unpack for it (the layer's own file first)."""
    members = _archive.check_members(zf, file)
    paths = {id(m): _archive.safe_name(m.filename) for m in members}
    visible = [
        m for m in members if not any(p.startswith(("__MACOSX", ".")) for p in paths[id(m)].parts)
    ]
    found: dict[str, list] = {}
    for m in visible:
        path = paths[id(m)]
        if path.suffix.lower() not in LAYER_EXTENSIONS:
            continue
        name = str(path.with_suffix(""))
        if name in found:
            name = str(path)
        parts = [m]
        if path.suffix.lower() == ".shp":
            stem = str(path.with_suffix("")).lower()
            parts += [
                o
                for o in visible
                if o is not m
                and str(paths[id(o)].with_suffix("")).lower() == stem
                and paths[id(o)].suffix.lower() in SHAPEFILE_PARTS
            ]
        found[name] = parts
    return found


def choose(
    layers: list[tuple[str, str | None]], layer_name: str | None, file: str
) -> tuple[str, list[Problem]]:
    """The layer to read and a note naming it when the file holds others.

    Parameters
    ----------
    layers
        ``(name, geometry type or None)`` of every layer, in file order.
    layer_name
        The layer asked for, or ``None``.

    Raises
    ------
    InputError
        No layer; the layer asked for is not there; or several could be meant and none
        was asked for.
    """
    names = [n for n, _ in layers]
    listed = i18n.listing(names[:30])
    if not names:
        raise _refuse("data.problem.no_layers", file, code="layer_choice")
    if layer_name is not None:
        if layer_name not in names:
            raise _refuse(
                "data.problem.no_layer",
                file,
                code="layer_choice",
                layer=layer_name,
                layers=listed,
            )
        chosen = layer_name
    elif len(names) == 1:
        return names[0], []
    else:
        spatial = [n for n, geometry in layers if geometry]
        if len(spatial) != 1:
            raise _refuse("data.problem.choose_layer", file, code="layer_choice", layers=listed)
        chosen = spatial[0]
    others = i18n.listing(n for n in names if n != chosen)
    note = Problem(
        "data.problem.layer_read",
        file=file,
        severity="warning",
        code="layer_read",
        params={"layer": chosen, "others": others},
    )
    return chosen, [note]


_VIRTUAL = re.compile(r"(?is)^\s*CREATE\s+VIRTUAL\s+TABLE\b.*?\bUSING\s+(\w+)")
_QUOTED = re.compile(
    r"\"(?:[^\"]|\"\")*\"|`(?:[^`]|``)*`|\[[^\]]*\]|'(?:[^']|'')*'|/\*.*?(?:\*/|$)|--[^\n]*",
    re.S,
)
"""Quoted names, string literals and comments of an SQL statement, left to right (a quote
inside a comment, or a comment marker inside a name, is part of the one that came first)."""


def _module(sql: str) -> str | None:
    """The module of a ``CREATE VIRTUAL TABLE`` statement (lower case), else ``None``. Its
    quoted names and comments are blanked first: a table named ``"x USING rtree"``, or a
    comment ``/* USING rtree */``, before the real ``USING fts4`` passed for the R-tree."""
    found = _VIRTUAL.match(_QUOTED.sub(" ", sql))
    return found[1].lower() if found else None


_SAFE_MODULES = frozenset({"rtree"})
"""Virtual-table modules a GeoPackage may hold: its spatial index (GPKG's R-tree extension)."""
_GENERATED = (2, 3)
"""``PRAGMA table_xinfo``'s ``hidden`` for a virtual and a stored generated column."""


def check_gpkg_schema(path: Path, file: str) -> None:
    """Refuse a GeoPackage whose rows would be computed on reading rather than stored.

    SQLite is opened read-only on the file as it is (``immutable``: no journal, no lock)
    and only its schema is read; no table or view of the file is queried.

    Parameters
    ----------
    path
        The GeoPackage written by this module.
    file
        File name for problems.

    Raises
    ------
    InputError
        ``unsafe`` naming the views, tables with generated columns and virtual tables other
        than the R-tree index; ``malformed`` when SQLite cannot read the schema.
    """
    computed: list[str] = []
    try:
        uri = f"{path.as_uri()}?mode=ro&immutable=1"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            objects = db.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
            for kind, name, sql in objects:
                virtual = _module(sql or "") if kind == "table" else None
                if kind == "view" or (virtual and virtual not in _SAFE_MODULES):
                    computed.append(str(name))
                elif kind == "table" and not virtual:
                    columns = db.execute("SELECT hidden FROM pragma_table_xinfo(?)", (name,))
                    if any(hidden in _GENERATED for (hidden,) in columns):
                        computed.append(str(name))
    except sqlite3.Error:
        raise _refuse("data.problem.bad_vector", file, code="malformed") from None
    if computed:
        raise _refuse("data.problem.gpkg_computed", file, names=i18n.listing(computed[:10]))


def _gpkg_layers(path: Path, file: str) -> list[tuple[str, str | None]]:
    import pyogrio

    check_gpkg_schema(path, file)
    return [(str(n), g if g else None) for n, g in pyogrio.list_layers(f"GPKG:{path}")]


def _gdal(call):
    """Run a GDAL call; its errors on a damaged file become ``None`` for the caller to report."""
    with warnings.catch_warnings():  # GDAL's notes on damaged files; we report our own
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        return call()


def _mojibake(values: pd.Series) -> bool:
    sample = " ".join(values.astype(str).head(200))
    return any("\u0080" <= ch <= "\u00ff" for ch in sample)


def _read_path(
    path: Path, ext: str, layer_name: str | None, file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read with GDAL while its web requests are answered in the process; a file that made
    GDAL ask for a URL (a GeoJSON ``crs`` of type ``link``) is refused."""
    with _offline.watch() as asked:
        try:
            read = _read_gdal(path, ext, layer_name, file)
        except Exception:  # GDAL may report the unanswered request as an error
            if asked:
                raise _refuse("data.problem.crs_url", file) from None
            raise
    if asked:
        raise _refuse("data.problem.crs_url", file)
    return read


def _read_gdal(
    path: Path, ext: str, layer_name: str | None, file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    import pyogrio

    notes: list[Problem] = []
    layer = None
    if ext in (".geojson", ".json"):
        source = f"GeoJSON:{path}"
    elif ext == ".gpkg":
        source = f"GPKG:{path}"
        layer, notes = choose(_gdal(lambda: _gpkg_layers(path, file)), layer_name, file)
    else:  # .shp: no driver prefix exists, so the driver GDAL picks is checked first
        source = str(path)
    # the layer's description first (for a GeoJSON a scan, about a seventh of the read): the
    # Shapefile's driver, then the fields and features bounded before any is read. A 4 MB
    # GeoJSON feature with 300,000 properties kept GDAL reading for minutes
    info = _gdal(lambda: pyogrio.read_info(source, layer=layer))
    if ext == ".shp" and info["driver"] != DRIVERS[".shp"]:
        raise _refuse(
            "data.problem.not_format", file, code="malformed", ext=ext, format="Shapefile"
        )
    if len(info["fields"]) > _xlsx.MAX_COLUMNS:
        raise _refuse(
            "data.problem.too_many_fields",
            file,
            code="too_large",
            n=f"{len(info['fields']):,}",
            limit=f"{_xlsx.MAX_COLUMNS:,}",
        )
    # and at most one feature past the limit read, whatever the count said: a GeoPackage
    # stores a small row in a few dozen bytes, and 500 MiB of them made tens of millions
    too_many = _refuse(
        "data.problem.too_many_features", file, code="too_large", limit=f"{MAX_FEATURES:,}"
    )
    if info["features"] > MAX_FEATURES:
        raise too_many
    most = MAX_FEATURES + 1
    frame = _gdal(lambda: pyogrio.read_dataframe(source, layer=layer, max_features=most))
    if len(frame) > MAX_FEATURES:
        raise too_many
    if ext == ".shp" and not path.with_suffix(".cpg").exists():
        text_cols = [
            c for c in frame.columns if c != "geometry" and pd.api.types.is_string_dtype(frame[c])
        ]
        names = pd.Series([str(c) for c in frame.columns])
        if _mojibake(names) or any(_mojibake(frame[c]) for c in text_cols):
            frame = _gdal(
                lambda: pyogrio.read_dataframe(
                    source, layer=layer, encoding="gbk", max_features=most
                )
            )
    return frame, notes


def layers(raw: bytes, file: str, ext: str) -> list[str]:
    """Names of the layers a GeoPackage or a zip holds (``[]`` for other formats)."""
    if ext == ".zip":
        return list(_zip_layers(_archive.open_zip(raw, file), file))
    if ext != ".gpkg":
        return []
    check_content(raw, ext, file)
    with tempfile.TemporaryDirectory(prefix="youthmap-") as workdir:
        path = Path(workdir) / "input.gpkg"
        path.write_bytes(raw)
        try:
            return [name for name, _ in _gdal(lambda: _gpkg_layers(path, file))]
        except InputError:
            raise
        except Exception:  # GDAL reports damaged files with many exception kinds
            raise _refuse("data.problem.bad_vector", file, code="malformed") from None


def read(
    raw: bytes, file: str, ext: str, layer_name: str | None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a GeoJSON, GeoPackage or zip upload with its one driver.

    Parameters
    ----------
    raw
        The file's bytes.
    file
        File name for problems.
    ext
        ``.geojson``, ``.json``, ``.gpkg`` or ``.zip``.
    layer_name
        The layer to read from a GeoPackage or zip with several (see :func:`choose`).

    Returns
    -------
    frame
        A GeoDataFrame, or a DataFrame for an attribute-only GeoPackage table.
    notes
        Warnings about the reading (which layer was read).

    Raises
    ------
    InputError
        For content that is not the format its name says, a VRT or ``/vsi…`` reference, an
        archive breaking a limit, an unclear layer, or a file GDAL cannot read.
    """
    with tempfile.TemporaryDirectory(prefix="youthmap-") as workdir:
        if ext == ".zip":
            zf = _archive.open_zip(raw, file)
            table = _zip_layers(zf, file)
            if not table:
                raise _refuse("data.problem.zip_empty", file, code="malformed")
            name, notes = choose([(n, "member") for n in table], layer_name, file)
            paths = _archive.extract(zf, table[name], Path(workdir) / "unzipped", file)
            for extracted in paths:
                check_content(extracted.read_bytes(), extracted.suffix.lower(), file)
            path, inner = paths[0], PurePosixPath(paths[0].name).suffix.lower()
            inner_layer = None
        else:
            check_content(raw, ext, file)
            path, inner, notes, inner_layer = Path(workdir) / f"input{ext}", ext, [], layer_name
            path.write_bytes(raw)
        try:
            frame, more = _read_path(path, inner, inner_layer, file)
        except InputError:
            raise
        except Exception:  # GDAL reports damaged files with many exception kinds
            raise _refuse("data.problem.bad_vector", file, code="malformed") from None
    return frame, notes + more
