"""Benchmark: loading the embedded dataset, beside CSV and GeoJSON peers.

Rows of the first table (each measured in a fresh Python process, imports excluded,
``--repeat`` times, best and median reported):

* ``geo.dataset.load_layers`` — the four point layers from ``data/*.parquet`` (cold: first
  call in the process; warm: second call, served from the cache);
* peer ``pandas.read_csv`` + ``points_from_xy`` of the same four layers exported to CSV;
* peer ``geopandas.read_file`` (pyogrio) of the same four layers exported to GeoJSON.

The second table loads each boundary level from GeoParquet (``load_boundaries``) beside
``geopandas.read_file`` of the same polygons as GeoJSON, and gives the GeoJSON size (what a
map draws). The last line times a national simulator run (``geo.dataset.simulate.simulate``).

Usage: ``python benchmarks/load.py [--repeat 3] [--no-geojson] [--no-simulate]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo import dataset  # noqa: E402
from geo.core.layers import LAYER_NAMES  # noqa: E402

_SNIPPETS = {
    "load_layers (cold)": """
from geo import dataset
t = time.perf_counter(); L = dataset.load_layers(); s = time.perf_counter() - t
""",
    "load_layers (warm)": """
from geo import dataset
dataset.load_layers(); t = time.perf_counter(); L = dataset.load_layers(); s = time.perf_counter() - t
""",
    "peer: pandas.read_csv + points_from_xy": """
import geopandas as gpd, pandas as pd
t = time.perf_counter()
for name in NAMES:
    f = pd.read_csv(f"{TMP}/{name}.csv", dtype={"id": str, "province_code": str, "city_code": str,
                    "county_code": str, "community_id": str})
    g = gpd.GeoDataFrame(f, geometry=gpd.points_from_xy(f["lon"], f["lat"]), crs="EPSG:4326")
s = time.perf_counter() - t
""",
    "peer: geopandas.read_file (GeoJSON)": """
import geopandas as gpd
t = time.perf_counter()
for name in NAMES:
    g = gpd.read_file(f"{TMP}/{name}.geojson", engine="pyogrio")
s = time.perf_counter() - t
""",
}


def _run(snippet: str, tmp: Path) -> float:
    code = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        f"NAMES = {list(LAYER_NAMES)!r}\nTMP = {str(tmp)!r}\n" + snippet + "\nprint(s)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def _export(tmp: Path, geojson: bool) -> dict[str, int]:
    layers = dataset.load_layers()
    sizes = {}
    for name in LAYER_NAMES:
        gdf = layers.get(name)
        gdf.drop(columns="geometry").to_csv(tmp / f"{name}.csv", index=False)
        sizes[f"{name}.csv"] = (tmp / f"{name}.csv").stat().st_size
        if geojson:
            gdf.to_file(tmp / f"{name}.geojson", driver="GeoJSON", engine="pyogrio")
            sizes[f"{name}.geojson"] = (tmp / f"{name}.geojson").stat().st_size
    for level in dataset.BOUNDARY_LEVELS:
        gdf = dataset.load_boundaries(level)
        gdf.to_file(tmp / f"b_{level}.geojson", driver="GeoJSON", engine="pyogrio")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-geojson", action="store_true", help="skip the GeoJSON peer")
    parser.add_argument("--no-simulate", action="store_true", help="skip the simulator run")
    args = parser.parse_args()

    parquet_mb = sum((dataset.DATA_DIR / f"{n}.parquet").stat().st_size for n in LAYER_NAMES) / 1e6
    rows = sum(dataset.meta()["counts"][n] for n in LAYER_NAMES)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        sizes = _export(tmp, not args.no_geojson)
        csv_mb = sum(v for k, v in sizes.items() if k.endswith(".csv")) / 1e6
        gj_mb = sum(v for k, v in sizes.items() if k.endswith(".geojson")) / 1e6

        print(f"Four point layers, {rows:,} rows; best and median of {args.repeat} fresh processes")
        print("| reader | files (MB) | best (s) | median (s) |")
        print("|---|---:|---:|---:|")
        for label, snippet in _SNIPPETS.items():
            if "GeoJSON" in label and args.no_geojson:
                continue
            size = gj_mb if "GeoJSON" in label else csv_mb if "csv" in label else parquet_mb
            times = [_run(snippet, tmp) for _ in range(args.repeat)]
            print(f"| {label} | {size:.1f} | {min(times):.3f} | {statistics.median(times):.3f} |")

        print()
        print("Boundaries (in-process, cache cleared before each GeoParquet read)")
        print(
            "| level | features | GeoParquet (s) | peer GeoJSON read_file (s) | GeoJSON size (MB) |"
        )
        print("|---|---:|---:|---:|---:|")
        import geopandas as gpd

        for level in dataset.BOUNDARY_LEVELS:
            pq, gj = [], []
            for _ in range(args.repeat):
                dataset.clear_cache()
                t = time.perf_counter()
                b = dataset.load_boundaries(level)
                pq.append(time.perf_counter() - t)
                t = time.perf_counter()
                gpd.read_file(tmp / f"b_{level}.geojson", engine="pyogrio")
                gj.append(time.perf_counter() - t)
            size = len(b.to_json()) / 1e6
            print(f"| {level} | {len(b):,} | {min(pq):.3f} | {min(gj):.3f} | {size:.2f} |")

    if not args.no_simulate:
        from geo.dataset import simulate

        dataset.load_boundaries("county")
        dataset.load_census()
        dataset.load_subdistricts()
        t = time.perf_counter()
        out = simulate.simulate(seed=2021)
        s = time.perf_counter() - t
        counts = ", ".join(f"{k} {len(v):,}" for k, v in out.items())
        print()
        print(f"National simulator run (seed 2021, inputs loaded): {s:.1f} s for {counts}")


if __name__ == "__main__":
    main()
