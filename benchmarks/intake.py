"""Reading the embedded communities (110,000 rows, 20 columns) back as XLSX, CSV and GPKG.

Issue 16 made the readers defensive (one GDAL driver per extension, zip and workbook part
limits checked before unpacking, a scan of every workbook part before parsing, a streaming
workbook read bounded by the data). This measures what that costs on a real national file:
``geo.intake.io.read_table`` (text cells) and ``geo.intake.io.import_layer`` (mapping, conversion, every row
check) beside the plain readers a script would use on the same file (``pandas.read_excel``
with openpyxl, ``pandas.read_csv``, ``pyogrio.read_dataframe``). Each measurement runs in a
fresh Python process (imports excluded); its peak resident memory is that process's
``VmHWM`` (``ru_maxrss`` would carry over the parent's peak across fork and exec).

Usage: ``python benchmarks/intake.py [--repeat 1]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_RUN = r"""
import json, sys, time
sys.path.insert(0, {root!r})
kind, path = sys.argv[1], sys.argv[2]
import pandas as pd, pyogrio
from geo.intake import io
if kind == "import_layer":
    from geo.intake.validate import default_counties
    default_counties()  # the county polygons load once per process; not the reader's cost
start = time.perf_counter()
if kind == "read_table":
    rows = len(io.read_table(path).frame)
elif kind == "import_layer":
    rows = len(io.import_layer(path, "communities").frame)
elif path.endswith(".xlsx"):
    rows = len(pd.read_excel(path, dtype=str, engine="openpyxl"))
elif path.endswith(".csv"):
    rows = len(pd.read_csv(path, dtype=str, encoding="utf-8-sig"))
else:
    rows = len(pyogrio.read_dataframe(path))
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec
status = open("/proc/self/status").read().split("VmHWM:")[1]
peak = int(status.split()[0]) * 1024
print(json.dumps(dict(seconds=seconds, peak=peak, rows=rows)))
"""


def measure(kind: str, path: Path) -> dict:
    """One reading of ``path`` by ``kind`` in a fresh process: seconds, peak bytes, rows."""
    code = _RUN.format(root=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code, kind, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (best is shown)")
    args = parser.parse_args()
    from geo import dataset
    from geo.intake import io

    communities = dataset.load_layers().communities
    with tempfile.TemporaryDirectory(prefix="youthmap-bench-") as tmp:
        files = {}
        for ext in (".xlsx", ".csv", ".gpkg"):
            path = Path(tmp) / f"communities{ext}"
            io.write_table(communities, path)
            files[ext] = path
        print(f"load average {os.getloadavg()[0]:.1f}; files: ", end="")
        print(", ".join(f"{p.name} {p.stat().st_size / 2**20:.1f} MB" for p in files.values()))
        print()
        print("| file | reader | rows | seconds (best) | peak RSS (MB) |")
        print("|---|---|---:|---:|---:|")
        for ext, path in files.items():
            for kind in ("read_table", "import_layer", "peer"):
                runs = [measure(kind, path) for _ in range(args.repeat)]
                best = min(runs, key=lambda r: r["seconds"])
                name = {
                    "peer": {
                        ".xlsx": "pandas.read_excel",
                        ".csv": "pandas.read_csv",
                        ".gpkg": "pyogrio.read_dataframe",
                    }[ext]
                }.get(kind, f"youthmap {kind}")
                print(
                    f"| {path.name} | {name} | {best['rows']:,} | {best['seconds']:.2f} | "
                    f"{best['peak'] / 2**20:,.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
