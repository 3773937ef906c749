"""The presentation page's workbook (演示 → 下载 → XLSX) of each region step and the nation,
beside pandas' ``DataFrame.to_excel`` of the same tables measured in the same run.

For the embedded dataset, the story's region step of 东部, 中部 and 西部 (and its national
step): the tables the page writes (:func:`geo.export.story.step_tables`, headed by
:mod:`geo.export.labels` as ``ui.present.view_file`` heads them), then

- youthmap: :func:`geo.export.xlsx.tables_to_xlsx` as the page calls it (display headers,
  widths, frozen bold header, filter, text kept text, the note sheet);
- peer: ``DataFrame.to_excel`` of the same tables through pandas' ``ExcelWriter`` with
  openpyxl (plain cells, no widths, no filter, text starting ``=`` written as a formula): a
  floor for a writer built on openpyxl.

CPU seconds (``time.process_time``: what every concurrent user of the host pays) and wall
seconds, best of ``--runs``. The step itself (built once, cached by the page) is not timed.

Run: ``.venv/bin/python benchmarks/present_xlsx.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import io
import os
import time
from collections.abc import Callable

import pandas as pd

from geo import dataset
from geo.core.scope import Scope
from geo.export import labels, story
from geo.export import xlsx as xxlsx

STEPS: dict[str, Scope] = {
    "east": Scope(region="east"),
    "central": Scope(region="central"),
    "west": Scope(region="west"),
    "national": Scope(),
}
"""The sidebar scope whose story's region (or national) step is written."""


def _best(fn: Callable[[], bytes], runs: int) -> tuple[float, float, int]:
    """Best CPU and wall seconds of ``runs`` calls of ``fn``, and its output's size."""
    cpu, wall, size = float("inf"), float("inf"), 0
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        size = len(fn())
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return cpu, wall, size


def _page_tables(step: story.Step) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The step's tables headed as the presentation page heads them, and its note."""
    tables, notes = story.step_tables(step, "zh")
    shown = {
        name: labels.localize_headed(frame, "zh")
        if frame is step.summary
        else labels.localize(frame, "zh")
        for name, frame in tables.items()
    }
    return shown, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    L = dataset.load_layers()
    rows = []
    for name, scope in STEPS.items():
        kind = "national" if scope.region is None else "region"
        spec = next(s for s in story.story_steps(scope) if s.kind == kind)
        step = story.build_step(spec, L.communities, L.youth_homes, L.campuses)
        tables, notes = _page_tables(step)
        n_rows = sum(len(f) for f in tables.values())
        n_cells = sum(
            f.shape[0] * f.drop(columns="geometry", errors="ignore").shape[1]
            for f in tables.values()
        )

        def ours(tables=tables, notes=notes) -> bytes:
            return xxlsx.tables_to_xlsx(tables, lang=None, notes=notes)

        def plain(tables=tables) -> bytes:
            buf = io.BytesIO()
            with pd.ExcelWriter(buf, engine="openpyxl") as xl:
                for sheet, frame in tables.items():
                    frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
                    frame.to_excel(xl, sheet_name=sheet[:31], index=False)
            return buf.getvalue()

        for how, fn in (("youthmap tables_to_xlsx", ours), ("DataFrame.to_excel", plain)):
            cpu, wall, size = _best(fn, args.runs)
            rows.append((name, n_rows, n_cells, how, cpu, wall, size))
    table = pd.DataFrame(rows, columns=["step", "rows", "cells", "how", "CPU s", "wall s", "bytes"])
    table[["CPU s", "wall s"]] = table[["CPU s", "wall s"]].round(2)
    table["MB"] = (table.pop("bytes") / 1e6).round(2)
    print(f"machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; best of {args.runs}")
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
