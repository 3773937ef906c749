"""GeoParquet files of the dataset, written the same way byte for byte.

The data build (:mod:`geo.dataset.build`) and the simulator (:mod:`geo.dataset.simulate`)
both write through :func:`write_parquet`; it lives here, below both, so that neither
imports the other for it.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

PARQUET_OPTIONS: dict = {"compression": "zstd", "compression_level": 9, "index": False}
"""Fixed Parquet writer options, so the same frame always gives the same bytes."""


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write a frame (GeoDataFrame → GeoParquet) with the fixed writer settings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(frame, gpd.GeoDataFrame):
        frame.to_parquet(path, write_covering_bbox=False, **PARQUET_OPTIONS)
        _stamp_wgs84(frame, path)
    else:
        pd.DataFrame(frame).to_parquet(path, **PARQUET_OPTIONS)


WGS84_PROJJSON = Path(__file__).with_name("wgs84.projjson.json")
"""EPSG:4326 as the shipped GeoParquet files record it (PROJJSON)."""


def _stamp_wgs84(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Record EPSG:4326 in a written GeoParquet file's metadata in one fixed form.

    PROJ does not always render EPSG:4326 the same way within one process: after a CRS read
    from one of these files has been identified (``crs.to_epsg()``), ``CRS("EPSG:4326")``
    was seen to give a plain ``datum`` instead of the ``datum_ensemble``, which changed the
    bytes of a rebuild depending on what ran before it in the process (the rebuild test
    failed after ``test_app``). The CRS is the same; its recorded form is now fixed.
    """
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        return
    table = pq.read_table(path)
    fixed = json.loads(WGS84_PROJJSON.read_text(encoding="utf-8"))
    meta = dict(table.schema.metadata)
    geo = json.loads(meta[b"geo"])
    for column in geo["columns"].values():
        column["crs"] = fixed
    meta[b"geo"] = json.dumps(geo).encode()
    fields = []
    for field in table.schema:  # geoarrow extension fields carry the CRS too
        extra = dict(field.metadata or {})
        if b"ARROW:extension:metadata" in extra:
            ext = json.loads(extra[b"ARROW:extension:metadata"])
            if "crs" in ext:
                ext["crs"] = fixed
                extra[b"ARROW:extension:metadata"] = json.dumps(ext).encode()
        fields.append(field.with_metadata(extra) if extra else field)
    pq.write_table(
        table.cast(pa.schema(fields, metadata=meta)),
        path,
        compression=PARQUET_OPTIONS["compression"],
        compression_level=PARQUET_OPTIONS["compression_level"],
    )
