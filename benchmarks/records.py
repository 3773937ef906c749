"""The year's records at scale: importing 50,000 activities, progress, and the evaluation.

Setup: a fresh SQLite database with the demo plan (the seed-2021 national pick, 1,000
communities) and its simulated year (``geo.plan.year_demo.seed_demo``: 125,061 activities).

1. **Import** 50,000 activity rows from a CSV with Chinese headers (a fresh process each,
   peak memory from ``VmHWM``): ``geo.plan.records.read_records`` (every row checked) + the role
   check + ``geo.store.records.save_records`` (natural-key match against what is stored, one
   audit entry per record) into a copy of the database, then the same file again (adds
   nothing). Peer: ``pandas.read_csv`` + one SQLAlchemy ``executemany`` INSERT of the same
   rows (no checks, no audit, no duplicate detection). Target: under 10 s and 1 GB.
2. **Progress** as the page computes it (records read from the database, per-community
   progress, roll-up, warnings): at province scope (Guangdong, the largest) and national.
   Peer: one SQL ``GROUP BY`` that counts each province's communities active in the last
   30 days (one of the page's ~20 figures). Target: under 2 s at province scope.
3. **Evaluation** of the 1,000 communities with the default rubric (evidence measured from
   the records already read, scored, recommended with reasons). Peer: the same totals by a
   plain Python loop over communities. Target: under 2 s.

Run: ``.venv/bin/python benchmarks/records.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

N_IMPORT = 50_000
ASOF = dt.date(2022, 4, 30)

_IMPORT = r"""
import json, sys, time
t0 = time.perf_counter()
from geo.plan import records
from geo import store
from geo.plan.auth import User
from geo.store import records as srec
db = store.open_store(sys.argv[1])
path, mode = sys.argv[2], sys.argv[3]
user = User("centre", "central")
t1 = time.perf_counter()
if mode == "youthmap":
    areas = srec.plan_areas(db, 1)
    parsed = records.read_records(path, "activities",
        communities=dict(zip(areas["community_id"], areas["county_code"])))
    srec.refused_rows(user, areas, parsed)
    res = srec.save_records(db, user, 1, "activities", parsed.valid(), file="bench.csv")
    added, rows = res.added, len(parsed.frame)
else:
    import pandas as pd
    from geo.store.models import RECORD_TABLES
    from geo.store.db import utcnow
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    names = ["community_id", "date", "area", "title", "participants", "volunteer_hours",
             "children", "elderly", "vulnerable_youth", "partner_kind", "partner_id", "note"]
    frame.columns = names
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    for c in ("participants", "children", "elderly", "vulnerable_youth"):
        frame[c] = frame[c].astype(int)
    frame["volunteer_hours"] = frame["volunteer_hours"].astype(float)
    frame["area"] = "after_school"
    frame["title"] = frame["title"] + "·" + frame.index.astype(str)  # no key clash to detect
    now = utcnow()
    rows = frame.assign(plan_id=1, simulated=False, entered_by="centre", entered_at=now,
                        version=1).to_dict("records")
    with db.write() as conn:
        conn.execute(RECORD_TABLES["activities"].insert(), rows)
    added, rows = len(rows), len(frame)
seconds = time.perf_counter() - t1
status = open("/proc/self/status").read().split("VmHWM:")[1]
print(json.dumps({"seconds": seconds, "rows": rows, "added": added,
                  "rss_mb": int(status.split()[0]) / 1024}))
"""


def run_import(url: str, path: Path, mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _IMPORT, url, str(path), mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    import numpy as np
    import pandas as pd
    from sqlalchemy import func, select

    from geo import store
    from geo.core import cells
    from geo.export import records as er
    from geo.plan import evaluation as ev
    from geo.plan import progress, records, year_demo
    from geo.plan.auth import User
    from geo.store import records as srec
    from geo.store.models import PLAN_COMMUNITIES, RECORD_TABLES

    load = os.getloadavg()[0]
    print(f"# machine: {os.cpu_count()} CPUs, load {load:.1f}")
    work = Path(tempfile.mkdtemp(prefix="youthmap-bench-records-"))
    try:
        base = work / "base.db"
        db = store.open_store(f"sqlite:///{base}")
        t = time.perf_counter()
        plan_id, n = year_demo.seed_demo(db, User("centre", "central"))
        print(
            f"# setup: demo plan {plan_id} with {n:,} simulated activities in {time.perf_counter() - t:.1f} s"
        )
        db.dispose()

        # 1. import ---------------------------------------------------------------------
        chosen = store.open_store(f"sqlite:///{base}")
        ids = srec.plan_areas(chosen, plan_id)["community_id"]
        chosen.dispose()
        year = year_demo.simulate_year(
            pd.DataFrame({"id": ids}), seed=7, start=dt.date(2022, 5, 1), end=dt.date(2023, 4, 30)
        )
        acts = year["activities"].head(N_IMPORT)
        acts = acts.assign(
            area=[er.choice_label("area", a, "zh") for a in acts["area"]],
            partner_kind=[
                er.choice_label("partner_kind", k, "zh") if k else "" for k in acts["partner_kind"]
            ],
        )
        acts.columns = [er.header("activities", c, "zh") for c in acts.columns]
        sheet = work / "activities.csv"
        sheet.write_bytes(cells.csv_bytes(acts))
        print(f"# import file: {len(acts):,} rows, {sheet.stat().st_size / 1e6:.1f} MB")
        print("| step | rows | added | seconds | peak RSS (MB) |")
        print("|---|---:|---:|---:|---:|")
        for mode in ("youthmap", "peer"):
            copy = work / f"{mode}.db"
            shutil.copy(base, copy)
            r = run_import(f"sqlite:///{copy}", sheet, mode)
            label = (
                "youthmap import (checks, key match, audit)"
                if mode == "youthmap"
                else ("peer: pandas.read_csv + executemany INSERT")
            )
            print(
                f"| {label} | {r['rows']:,} | {r['added']:,} | {r['seconds']:.2f} | {r['rss_mb']:.0f} |"
            )
            if mode == "youthmap":
                again = run_import(f"sqlite:///{copy}", sheet, mode)
                print(
                    f"| youthmap re-import of the same file | {again['rows']:,} | {again['added']:,} "
                    f"| {again['seconds']:.2f} | {again['rss_mb']:.0f} |"
                )

        # 2. progress -------------------------------------------------------------------
        db = store.open_store(f"sqlite:///{base}")
        print()
        print("| progress | communities | activities read | seconds |")
        print("|---|---:|---:|---:|")
        for label, units in (
            ("province 44 (page's work)", ("44",)),
            ("national (page's work)", None),
        ):
            best = []
            for _ in range(3):
                t = time.perf_counter()
                recs = {k: srec.records(db, plan_id, k, units) for k in records.RECORD_KINDS}
                areas = srec.plan_areas(db, plan_id, units)
                prog = progress.community_progress(
                    areas,
                    recs["activities"],
                    recs["people"],
                    recs["agreements"],
                    recs["homes"],
                    ASOF,
                    start=srec.year_start(db, plan_id),
                )
                progress.rollup(prog, "city")
                progress.warnings(prog)
                best.append(time.perf_counter() - t)
            print(f"| {label} | {len(prog):,} | {len(recs['activities']):,} | {min(best):.2f} |")
        acts_t = RECORD_TABLES["activities"]
        since = ASOF - dt.timedelta(days=29)
        best = []
        for _ in range(3):
            t = time.perf_counter()
            with db.read() as conn:
                rows = conn.execute(
                    select(
                        PLAN_COMMUNITIES.c.quota_unit,
                        func.count(func.distinct(acts_t.c.community_id)),
                    )
                    .select_from(
                        acts_t.join(
                            PLAN_COMMUNITIES,
                            (PLAN_COMMUNITIES.c.plan_id == acts_t.c.plan_id)
                            & (PLAN_COMMUNITIES.c.community_id == acts_t.c.community_id),
                        )
                    )
                    .where(
                        acts_t.c.plan_id == plan_id, acts_t.c.date >= since, acts_t.c.date <= ASOF
                    )
                    .group_by(PLAN_COMMUNITIES.c.quota_unit)
                ).all()
            best.append(time.perf_counter() - t)
        print(
            f"| peer: one SQL GROUP BY (active in 30 days per province, national) | "
            f"{len(rows)} provinces | – | {min(best):.2f} |"
        )

        # 3. evaluation -----------------------------------------------------------------
        recs = {k: srec.records(db, plan_id, k) for k in records.RECORD_KINDS}
        areas = srec.plan_areas(db, plan_id)
        prog = progress.community_progress(
            areas, recs["activities"], recs["people"], recs["agreements"], recs["homes"], ASOF
        )
        best = []
        for _ in range(3):
            t = time.perf_counter()
            evidence = ev.measure(
                prog, recs["activities"], recs["people"], recs["agreements"], ASOF
            )
            result = ev.evaluate(ev.DEFAULT_RUBRIC, evidence, prog, store.evaluations(db, plan_id))
            best.append(time.perf_counter() - t)
        t = time.perf_counter()
        acts_by = {c: g for c, g in recs["activities"].groupby("community_id")}
        totals = {}
        for cid in prog["community_id"]:
            g = acts_by.get(cid)
            points = 0.0
            for ind in ev.DEFAULT_RUBRIC.indicators:
                if ind.measure.endswith("_months"):
                    area = ind.measure[: -len("_months")]
                    x = (
                        0
                        if g is None
                        else g.loc[g["area"] == area, "date"].dt.to_period("M").nunique()
                    )
                else:
                    x = float(evidence.loc[cid, ind.measure])
                points += ind.weight * min(x / ind.target, 1.0)
            totals[cid] = 100 * points / sum(i.weight for i in ev.DEFAULT_RUBRIC.indicators)
        peer = time.perf_counter() - t
        same = np.allclose(
            result.sheet.set_index("community_id")["rubric_total"],
            pd.Series(totals).round(2).reindex(result.sheet["community_id"]).to_numpy(),
        )
        print()
        print("| evaluation | communities | seconds | totals agree |")
        print("|---|---:|---:|---|")
        print(
            f"| youthmap measure + evaluate (vectorised) | {len(result.sheet):,} | {min(best):.2f} | – |"
        )
        print(
            f"| peer: Python loop per community | {len(totals):,} | {peer:.2f} | {'yes' if same else 'NO'} |"
        )
        db.dispose()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
