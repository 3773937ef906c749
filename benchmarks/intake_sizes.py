"""A user's community list of 1,500 / 20,000 / 110,000 rows read and checked, by format.

The embedded communities (every n-th, spread over the country) under the template's Chinese
headers (编号, 社区名称, 省份, 城市, 区县, 区县代码, 街道, 经度, 纬度, 常住人口 …), written
as CSV, XLSX and GeoJSON, then read as ``youthmap site``/``select``/``coverage``/``pair``
read them: ``geo.intake.io.import_layer`` (the reader's checks, header mapping, every row
check, point-in-county, the administrative codes filled). Beside it the floor: the plain
reader a script would use on the same file (``pandas.read_csv``, ``pandas.read_excel`` with
openpyxl, ``pyogrio.read_dataframe``), no checks. With ``--before DIR`` the same import is
timed from another checkout too (e.g. a worktree of the commit before a change), runs
alternating, so before and after share the machine's load. Each measurement runs in a
fresh Python process (imports and the county polygons excluded); the best of ``--repeat``
runs is shown.

Usage: ``python benchmarks/intake_sizes.py [--sizes 1500 20000 110000] [--formats csv xlsx
geojson] [--repeat 3] [--before /tmp/wt-before]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_RUN = r"""
import json, sys, time
sys.path.insert(0, {root!r})
kind, path = sys.argv[1], sys.argv[2]
import pandas as pd, pyogrio
from geo.intake import io
from geo.intake.validate import default_city_names, default_counties
default_counties(), default_city_names()  # loaded once per process: not the reader's cost
start = time.perf_counter()
if kind == "import_layer":
    result = io.import_layer(path, "communities")
    rows, problems = len(result.frame), len(result.problems)
elif path.endswith(".csv"):
    rows, problems = len(pd.read_csv(path, dtype=str, encoding="utf-8-sig")), 0
elif path.endswith(".xlsx"):
    rows, problems = len(pd.read_excel(path, dtype=str, engine="openpyxl")), 0
else:
    rows, problems = len(pyogrio.read_dataframe(path)), 0
seconds = time.perf_counter() - start
print(json.dumps(dict(seconds=seconds, rows=rows, problems=problems)))
"""

PEERS = {
    ".csv": "`pandas.read_csv`",
    ".xlsx": "`pandas.read_excel` (openpyxl)",
    ".geojson": "`pyogrio.read_dataframe`",
}


def write_files(folder: Path, sizes: list[int], formats: list[str]) -> dict[tuple[int, str], Path]:
    """The community lists, one file per size and format."""
    from geo import dataset
    from geo.core.layers import SCHEMAS
    from geo.export.templates import template_columns
    from geo.intake import io

    communities = dataset.load_layer("communities")
    names = template_columns("communities")
    zh = {c.name: c.zh for c in SCHEMAS["communities"]}
    files = {}
    for size in sizes:
        pick = np.linspace(0, len(communities) - 1, min(size, len(communities))).astype(int)
        rows = communities.iloc[pick]
        for ext in formats:
            path = folder / f"社区名单_{size}.{ext}"
            if ext == "geojson":  # GIS files keep the field names, the point is the geometry
                io.write_table(rows[[*names, "geometry"]], path)
            else:
                io.write_table(rows[names].rename(columns=zh), path)
            files[size, f".{ext}"] = path
    return files


def measure(kind: str, path: Path, root: Path) -> dict:
    """One reading of ``path`` by ``kind`` with the code at ``root``, in a fresh process."""
    code = _RUN.format(root=str(root))
    out = subprocess.run(
        [sys.executable, "-c", code, kind, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_500, 20_000, 110_000])
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx", "geojson"])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (best is shown)")
    parser.add_argument("--before", type=Path, help="another checkout to time as well")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="youthmap-bench-") as tmp:
        files = write_files(Path(tmp), args.sizes, args.formats)
        print(f"load average {os.getloadavg()[0]:.1f}")
        print()
        head = "| file | rows | size (MB) | reader | problems | seconds (best) |"
        if args.before:
            head += " before (best) |"
        print(head)
        print("|---|---:|---:|---|---:|---:|" + ("---:|" if args.before else ""))
        for (_, ext), path in files.items():
            mb = path.stat().st_size / 2**20
            for kind in ("import_layer", "peer"):
                runs, before = [], []
                for _ in range(args.repeat):  # alternating: both see the same load
                    runs.append(measure(kind, path, ROOT))
                    if args.before and kind == "import_layer":
                        before.append(measure(kind, path, args.before))
                best = min(runs, key=lambda r: r["seconds"])
                name = "youthmap `import_layer`" if kind != "peer" else PEERS[ext]
                line = (
                    f"| {ext[1:]} | {best['rows']:,} | {mb:.1f} | {name} | "
                    f"{best['problems']:,} | {best['seconds']:.2f} |"
                )
                if args.before:
                    old = f"{min(r['seconds'] for r in before):.2f}" if before else ""
                    line += f" {old} |"
                print(line, flush=True)


if __name__ == "__main__":
    main()
