# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 一年的工作与下一周期 · The year of work and the next cycle
#
# For analysts who prefer code to the app: a national plan taken through its year of work
# and into the next cycle, calling only the `geo` library — the functions behind the
# progress page (年度进展), the filing and evaluation page (备案与评估) and the commands
# `youthmap progress`, `youthmap evaluate` and `youthmap next-cycle`.
#
# 1. a plan of 1,000 launched communities with a year of records, in a database of its own;
# 2. progress by region and the warnings (预警) at the year's end;
# 3. the evaluation (年度评估) with the default rubric;
# 4. the outcome recorded in the plan (继续实施 / 已退出) and the next plan started: the
#    carried-over communities with their Youth Homes and agreements;
# 5. the provinces' refill of the freed places, under the first pick's quotas and rules;
# 6. what the next year's experts read beside their evidence.
#
# The plan is the demo's (种子 2021) and its year of records is **simulated** (模拟数据),
# as the app labels it. Text format: jupytext percent (`# %%` cells); run it as a script
# (`python notebooks/year_of_work.py`) or open it in Jupyter with jupytext. The test suite
# executes it.

# %% [markdown]
# ## 数据库 · A database of its own
#
# A SQLite file in a temporary folder: nothing here touches the app's own database.

# %%
import datetime as dt
import shutil
import tempfile
from pathlib import Path

from geo import store
from geo.plan import evaluation as ev
from geo.plan import next_cycle, progress, year_demo
from geo.plan.auth import DESKTOP_USER
from geo.plan.lifecycle import AREA_MAX_POINTS, EVALUATION_AREAS
from geo.store import records as srec

HOME = Path(tempfile.mkdtemp(prefix="youthmap-year-"))
db = store.open_store(f"sqlite:///{HOME / 'youthmap.db'}")
centre = DESKTOP_USER  # the desktop's central committee (with logins: an account)
plan_id, n_activities = year_demo.seed_demo(db, centre)
plan = store.get_plan(db, plan_id)
print(f"plan {plan_id} “{plan['name']}”: {n_activities:,} simulated activities")

# %% [markdown]
# ## 进展与预警 · Progress and warnings at the year's end
#
# The day a plan is read as of: its newest activity, never after today, never after the
# year of work ends.

# %%
asof = srec.reading_day(db, plan_id, dt.date.today())
prog = progress.load(db, plan_id, asof)
by_region = progress.rollup(prog, "region")
by_region[["code", "communities", "active_30", "active_90", "volunteer_hours"]]

# %%
warnings = progress.warnings(prog)
warnings["kind"].value_counts().reindex(progress.WARNING_KINDS, fill_value=0)

# %% [markdown]
# ## 年度评估 · The year's evaluation
#
# The rubric pre-fills each community's total from its records; the experts' totals, once
# entered (`store.record_evaluation`), and the centre's decisions come first.

# %%
result = ev.load(db, plan_id, ev.DEFAULT_RUBRIC, asof)
recommendations = result.sheet["recommendation"].value_counts()
recommendations.reindex(ev.RECOMMENDATIONS, fill_value=0)

# %%
result.exits()[["community_id", "name", "quota_unit", "rubric_total"]].head(10)

# %% [markdown]
# The experts score the four task areas (0–25 each) on the evaluation form or by the score
# sheet. For this walk-through they take the rubric's points of each area (in a real year
# the scores are the experts' own), entered in one all-or-nothing batch; read again, the
# recommendation follows the experts' totals.

# %%
scale = AREA_MAX_POINTS / 100.0
rows = [
    {
        "row": i + 2,
        "community_id": r["community_id"],
        **{a: round(float(r[f"area_{a}"]) * scale, 1) for a in EVALUATION_AREAS},
        "total": None,
        "eval_date": asof,
        "expert": "示例专家",
        "comments": "",
    }
    for i, r in result.sheet.iterrows()
]
print(store.record_evaluations(db, centre, plan_id, rows))
result = ev.load(db, plan_id, ev.DEFAULT_RUBRIC, asof)
result.sheet.groupby(["basis", "recommendation"]).size()

# %% [markdown]
# ## 结果与下一周期 · The outcome and the next plan
#
# The outcome goes into the plan's statuses in one transaction: the kept 继续实施 (each
# with its reason: to continue, or to continue and improve), the others 已退出. The next plan carries the continued communities over with their
# Youth Homes and co-building agreements; their places stay, and the exits' places are
# refilled.

# %%
nxt = next_cycle.plan_next(srec.plan_areas(db, plan_id), result)
found = next_cycle.outcomes(nxt, store.communities(db, plan_id))
recorded = next_cycle.record_outcomes(db, centre, plan_id, found)
carried = nxt.carried.rename(columns={"community_id": "id"})
following = next_cycle.start_next_cycle(db, centre, plan_id, "2022 全国第一批", carried, nxt)
brought = {kind: len(srec.records(db, following, kind)) for kind in srec.STANDING_KINDS}
print(f"outcome: {found.kept} continued, {found.leaving} exited ({recorded} changes)")
print(f"next plan {following}: {len(carried)} carried over, {brought}")
print(f"places freed: {sum(nxt.freed.values())} {dict(sorted(nxt.freed.items()))}")

# %% [markdown]
# ## 补选 · The provinces refill the freed places
#
# The same candidates, picker and constraints as the first pick, with the carried-over
# communities locked and the exited ones excluded; each province adds its own (here the
# centre adds them all).

# %%
candidates = year_demo.default_candidates()
pick = next_cycle.refill(candidates, nxt)
setup = next_cycle.setup(db, following)
new = next_cycle.replacements(setup, pick.chosen)
added = next_cycle.add_replacements(db, centre, following, new)
second = srec.plan_areas(db, following)
print(f"refilled {added}; the next plan holds {len(second):,} communities")
new[["id", "name", "quota_unit", "score"]]

# %% [markdown]
# ## 下一年的评估 · What the next year's experts read
#
# For each carried-over community the previous cycle's experts' total and outcome
# (继续实施 / 整改提升) stand beside the new year's evidence, on the evaluation form, in the
# sheet and in its workbook.

# %%
before = next_cycle.previous_cycle(db, following)
print(before["previous_recommendation"].value_counts().to_dict())
before.head()

# %%
db.dispose()
shutil.rmtree(HOME)  # the demo's database was this notebook's alone
