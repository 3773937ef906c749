"""Import + validation of a 200,000-row community CSV (GBK, BD-09, Chinese headers).

Target (issue 3): under 10 s and under 2 GB peak memory. Peer, measured in the same run on
the same file: a plain ``pandas.read_csv`` + ``geopandas.points_from_xy`` (no encoding
detection, no mapping, no conversion, no validation). Each measurement runs in a fresh
Python process so its peak resident memory (``ru_maxrss``) is its own.

Usage: ``python benchmarks/import_validate.py [--rows 200000]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 10.0
TARGET_PEAK_BYTES = 2 * 1024**3

_RUN = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
kind, path = sys.argv[1], sys.argv[2]
import geopandas as gpd, pandas as pd
from geo.intake import io
start = time.perf_counter()  # modules imported for both; county polygons load inside the run
if kind == "youthmap":
    result = io.import_layer(path, "communities", crs="bd09")
    rows, problems = len(result.frame), len(result.problems)
else:
    frame = pd.read_csv(path, encoding="gbk")
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]), crs=4326)
    rows, problems = len(gdf), 0
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps(dict(seconds=seconds, peak=peak, rows=rows, problems=problems)))
"""


def make_csv(path: Path, rows: int, seed: int = 0) -> None:
    """A GBK community CSV with Chinese headers and BD-09 points inside their stated county."""
    from geo.core import crs
    from geo.intake.validate import default_counties

    rng = np.random.default_rng(seed)
    counties = default_counties()
    reps = counties.geometry.representative_point()
    pick = rng.integers(0, len(counties), rows)
    lon = reps.x.to_numpy()[pick] + rng.normal(0, 0.002, rows)
    lat = reps.y.to_numpy()[pick] + rng.normal(0, 0.002, rows)
    blon, blat = crs.convert(lon, lat, "wgs84", "bd09")
    pop = rng.integers(800, 15_000, rows)
    frame = pd.DataFrame(
        {
            "社区编号": [f"C{i:07d}" for i in range(rows)],
            "社区名称": [f"第{i}社区" for i in range(rows)],
            "区县代码": counties["code"].to_numpy()[pick],
            "经度": np.round(blon, 6),
            "纬度": np.round(blat, 6),
            "常住人口": pop,
            "青年人口": (pop * rng.uniform(0.15, 0.35, rows)).astype(int),
            "儿童": (pop * rng.uniform(0.05, 0.12, rows)).astype(int),
            "老年人口": (pop * rng.uniform(0.08, 0.2, rows)).astype(int),
        }
    )
    frame.to_csv(path, index=False, encoding="gbk")


def measure(kind: str, path: Path) -> dict:
    code = _RUN.format(root=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code, kind, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "communities_gbk_bd09.csv"
        t0 = time.perf_counter()
        make_csv(path, args.rows)
        size_mb = path.stat().st_size / 2**20
        print(
            f"generated {args.rows:,} rows ({size_mb:.1f} MB) in {time.perf_counter() - t0:.1f} s"
        )
        results = {kind: measure(kind, path) for kind in ("youthmap", "pandas+points_from_xy")}
    print()
    print("| reader | rows | problems | seconds | peak RSS (MB) | target |")
    print("|---|---:|---:|---:|---:|---|")
    for kind, r in results.items():
        target = ""
        if kind == "youthmap":
            ok = r["seconds"] < TARGET_SECONDS and r["peak"] < TARGET_PEAK_BYTES
            target = f"< {TARGET_SECONDS:g} s, < 2 GB: {'met' if ok else 'MISSED'}"
        print(
            f"| {kind} | {r['rows']:,} | {r['problems']:,} | {r['seconds']:.2f} | "
            f"{r['peak'] / 2**20:,.0f} | {target} |"
        )


if __name__ == "__main__":
    main()
