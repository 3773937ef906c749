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
# # 一个省的完整分析 · A worked analysis of one province
#
# For analysts who prefer code to the app: one province of the embedded national dataset
# taken through every step of the Community Youth Action (社区青春行动), calling only the
# `geo` library — the same functions the app's pages and the `youthmap` command line call.
#
# 1. Youth Home coverage (青年之家覆盖率) at 1,000 m;
# 2. coverage gaps (覆盖缺口), DBSCAN clusters of uncovered communities, ranked;
# 3. siting new Youth Homes (新建选址): greedy heuristic and exact MIP with a time limit;
# 4. scoring communities (综合评分): weighted sum and entropy weights (熵权法);
# 5. quotas (名额分配): the province's national share, then its cities;
# 6. selection under constraints (约束选点);
# 7. pairing with university campuses (高校结对): optimal with capacity vs nearest;
# 8. co-building resident units (驻区单位共建);
# 9. the filing table (备案表) and a static map (静态地图).
#
# The communities, Youth Homes and resident units of the embedded dataset are
# **simulated** (模拟数据); campuses, boundaries and census figures are real. Everything is
# WGS-84 longitude/latitude and distances are great-circle metres.
#
# Text format: jupytext percent (`# %%` cells); open it in Jupyter with jupytext, or run
# it as a script: `python notebooks/worked_analysis.py`. The test suite executes it.

# %% [markdown]
# ## 参数 · Parameters
#
# Change the province (two-digit code, e.g. `"44"` 广东) or the output folder
# (environment variable `YOUTHMAP_NOTEBOOK_OUT`). For a mid-size province such as 四川
# (51) the analysis needs about 15 s of CPU; importing the libraries and loading the
# national dataset come on top (a few seconds on a quiet machine).

# %%
import json
import os
import time
from pathlib import Path

import pandas as pd

from geo import dataset, siting
from geo.analysis import cobuild, coverage, gaps, pairing, quota, scoring, selection
from geo.analysis import indicators as ind
from geo.core import scope
from geo.export import filing, labels, static, story, xlsx
from geo.i18n import render_terms, t
from geo.maps import LAYER_SYMBOLS

OUT = Path(os.environ.get("YOUTHMAP_NOTEBOOK_OUT", "notebook_out"))
PROVINCE = "51"  # 四川省
LANG = "zh"  # language of the filing table and the map
RADIUS_M = 1_000  # Youth Home coverage radius
NEW_SITES = 10  # new Youth Homes to site
TIME_LIMIT_S = 20.0  # exact siting time limit
NATIONAL_TOTAL = 1_000  # communities chosen nationally
CAPACITY = 2  # communities one campus serves at most
SCORE_NATIONALLY = False  # True: normalise over the whole country, as the app does

OUT.mkdir(parents=True, exist_ok=True)
started = time.perf_counter()
pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 12)

# %% [markdown]
# ## 数据 · Data
#
# `load_layers` returns the four point layers of the whole country. The province's
# communities are the demand; Youth Homes, campuses and resident units stay national, so
# a community near the provincial border still sees its nearest neighbours across it.

# %%
L = dataset.load_layers()
census = dataset.load_census()
sc = scope.Scope(province_code=PROVINCE)
NAME = labels.scope_label(sc, LANG)
communities = scope.apply(L.communities, sc)
homes_in_province = scope.apply(L.youth_homes, sc)
print(
    f"{NAME}: {len(communities):,} communities, {len(homes_in_province):,} Youth Homes, "
    f"{len(scope.apply(L.campuses, sc)):,} campuses, "
    f"{len(scope.apply(L.resident_units, sc)):,} resident units "
    f"(simulated layers: {', '.join(sorted(L.simulated))}; seed {L.seed})"
)

# %% [markdown]
# ## 1. 覆盖率 · Coverage at 1,000 m
#
# A community is covered when a Youth Home lies within `RADIUS_M` metres. The rates count
# communities and, weighted, their young residents (youth, 14–35).

# %%
cov = coverage.community_coverage(communities, L.youth_homes, RADIUS_M)
cs = coverage.coverage_summary(cov, RADIUS_M)
print(
    f"covered {cs.covered:,} of {cs.communities:,} communities ({cs.coverage_rate:.1%}); "
    f"youth covered {cs.youth_rate:.1%}"
)
rates = coverage.coverage_rates(cov, "city")
rates.sort_values("youth_rate")[
    ["name", "communities", "coverage_rate", "youth_rate", "uncovered"]
].head(8)

# %% [markdown]
# ## 2. 覆盖缺口 · Coverage gaps
#
# DBSCAN on the haversine metric groups the uncovered communities (ε = 1,500 m; a core
# point needs the youth of five average communities). Gaps are ranked by the youth they
# leave uncovered; uncovered communities in no cluster are noise.

# %%
gr = gaps.find_gaps(cov)
noise = int(gr.members["gap_id"].isna().sum())
print(f"{gr.n_gaps} gaps; {noise:,} uncovered communities lie in no gap")
gr.gaps[["gap_id", "rank", "communities", "youth_uncovered", "area_km2"]].head(5)

# %% [markdown]
# ## 3. 新建选址 · Siting new Youth Homes
#
# Maximal covering: choose `NEW_SITES` community locations for new Youth Homes so that
# the youth newly covered within `RADIUS_M` is largest (communities already covered by
# an existing Youth Home are taken out first). `greedy` is lazy greedy with swap local
# search and a proven bound; `exact` is the integer programme in HiGHS, warm-started
# from the greedy solution, under a time limit. Both report objective, bound and gap.

# %%
model = siting.MaxCover.from_layers(
    communities,
    siting.candidates_from(communities),
    RADIUS_M,
    L.youth_homes,
    "youth",
    k=NEW_SITES,
)
runs = {m: model.solve(m, time_limit_s=TIME_LIMIT_S) for m in ("greedy", "exact")}
pd.DataFrame(
    {
        m: {
            "status": r.status,
            "objective (youth)": round(r.objective),
            "bound": None if r.bound is None else round(r.bound),
            "gap": r.gap,
            "communities newly covered": r.covered_demand,
        }
        for m, r in runs.items()
    }
)

# %%
exact = runs["exact"]
sites = model.sites_table(exact)
print(
    f"{exact.n_sites} new sites cover {exact.covered_weight:,.0f} more young people in "
    f"{exact.covered_demand} communities ({exact.status}, gap "
    f"{'unknown' if exact.gap is None else f'{exact.gap:.2%}'})"
)
sites.head(5)

# %% [markdown]
# ## 4. 综合评分 · Scoring
#
# Indicators (youth, children, elderly, distance to the nearest Youth Home, campuses and
# resident units nearby, capital city …) are computed once; the census fills in what a
# community lacks. Then two scores:
#
# * **weighted sum** with the default weights, min–max normalised;
# * **entropy weights** (熵权法): the weights come from the data, and indicators that vary
#   most (sparse counts such as campuses nearby, the capital-city flag) weigh most, so the
#   two rankings can differ a lot.
#
# With `SCORE_NATIONALLY = False` the province's communities are normalised among
# themselves, which is what a provincial committee ranks on. The app scores the whole
# country at once; set it to `True` to reproduce the app's scores (slower).

# %%
scored_layer = L.communities if SCORE_NATIONALLY else communities
frame = ind.compute(scored_layer, L.youth_homes, L.campuses, L.resident_units, census)
weighted = scoring.score(frame, ind.DEFAULT_WEIGHTS, "weighted")
entropy = scoring.score(frame, ind.DEFAULT_WEIGHTS, "entropy")
pd.DataFrame({"weighted": weighted.weights, "entropy": entropy.weights}).round(3)

# %%
candidates = scope.apply(scoring.candidates(frame, weighted), sc)
by_entropy = scope.apply(scoring.candidates(frame, entropy), sc)
top = 50
overlap = len(
    set(candidates.nsmallest(top, "rank_in_province")["id"])
    & set(by_entropy.nsmallest(top, "rank_in_province")["id"])
)
print(f"the two methods share {overlap} of their top {top} in {NAME}")
candidates.nsmallest(5, "rank_in_province")[
    ["id", "name", "city", "district", "score", "rank_in_province"]
]

# %% [markdown]
# ## 5. 名额分配 · Quotas
#
# The national total is apportioned to the east/central/west regions and then to the 31
# provinces and the XPCC by the urban population of their communities (Hamilton's
# largest-remainder method; the quotas add up to the total exactly). Within the province,
# the capital and sub-provincial cities get a reserved share, the other cities the rest.

# %%
national = quota.national_quotas(quota.unit_bases(L.communities), NATIONAL_TOTAL)
row = national.set_index("unit").loc[PROVINCE]
PROVINCE_QUOTA = int(row["quota"])
print(
    f"{NAME}: {PROVINCE_QUOTA} of {NATIONAL_TOTAL} (share {row['share']:.2%} of the urban "
    f"population); national total {int(national['quota'].sum())}"
)
cities = quota.city_quotas(communities, PROVINCE_QUOTA)
cities[cities["quota"] > 0][["city_code", "city", "focus", "quota"]]

# %% [markdown]
# ## 6. 约束选点 · Selection under constraints
#
# The top-scored communities of every city within its quota, with at most 3 per county,
# at least 800 m between two chosen communities and a campus within 15 km. Communities
# without a Youth Home within 1,500 m are kept but flagged as needing a new one. A city
# falls short of its quota when too few of its communities meet the constraints: in 广东
# (44), 东莞 has no county level, so "3 per county" caps it at 3 of its 8 seats.

# %%
constraints = selection.Constraints(
    max_per_county=3, min_spacing_m=800, campus_within_m=15_000, home_rule="flag"
)
city_quota = dict(zip(cities["city_code"], cities["quota"], strict=True))
chosen = selection.select(candidates, city_quota, constraints, unit_column="city_code")
short = chosen.quotas[chosen.quotas["shortfall"] > 0]
print(
    f"chose {len(chosen.chosen)} of {PROVINCE_QUOTA}; shortfall {int(short['shortfall'].sum())}"
    f" ({', '.join(short['unit']) or 'none'}); "
    f"{int(chosen.chosen['needs_new_home'].sum())} need a new Youth Home"
)
violations = selection.check(chosen.chosen, constraints)
print(f"independent check: {len(violations)} constraint breaches")

# %% [markdown]
# ## 7. 高校结对 · Pairing with campuses
#
# Each chosen community gets one campus within 15 km, a campus serving at most
# `CAPACITY` communities; a campus in another city costs 5 km extra. The optimal pairing
# is a min-cost flow (most pairs first, then least distance); the nearest pairing
# ignores capacity, so some campuses end up over it. A community the optimal pairing
# leaves without a campus gets a reason (no campus in range, or every campus in range full).

# %%
optimal = pairing.pair(chosen.chosen, L.campuses, method="optimal", capacity=CAPACITY)
nearest = pairing.pair(chosen.chosen, L.campuses, method="nearest", capacity=CAPACITY)
reasons = optimal.unpaired["reason"].value_counts().to_dict()
print(f"optimal: {optimal.summary.unpaired} unpaired {reasons or ''}")
pairing.compare(optimal, nearest).round(3)

# %% [markdown]
# ## 8. 驻区单位共建 · Co-building
#
# Resident units (government offices, state-owned enterprises, schools, hospitals,
# companies, social organisations) within 1,000 m of each chosen community.

# %%
cob = cobuild.cobuild_table(chosen.chosen, L.resident_units)
print(
    f"{int((cob['total'] > 0).sum())} of {len(cob)} chosen communities have a resident "
    f"unit within {cobuild.DEFAULT_RADIUS_M:,.0f} m; {int(cob['total'].sum()):,} units in all"
)
cob[list(cobuild.COUNT_COLUMNS) + ["total"]].sum().to_frame("units").transpose()

# %% [markdown]
# ## 9. 备案表与地图 · Filing table and static map
#
# The filing table has one row per chosen community with its partner campus (from the
# optimal pairing) and its co-building units by type; it is written as XLSX with the weights used, and every other table
# of this analysis goes into one more workbook (column names as in the code). The
# static map (PNG, Noto Sans CJK, scale bar, north arrow, simulated-data note) shows the
# chosen communities, their partner campuses and the proposed Youth Home sites.

# %%
table = filing.filing_table(chosen.chosen, partners=optimal.pairs, lang=LANG, cobuild=cob)
filing_path = filing.write_filing(
    table,
    OUT / f"filing_{PROVINCE}.xlsx",
    weights=render_terms(weighted.weights_table(frame), LANG),
    simulated=bool(L.simulated),
    lang=LANG,
    cobuild=cob,
)
PARTNER = {key: (zh, en) for key, zh, en in filing.FILING_COLUMNS}["partner"][LANG == "en"]
with_partner = int(table[PARTNER].ne("").sum())
print(f"filing table: {len(table)} rows, {with_partner} with a partner -> {filing_path}")
table.head(5)

# %%
workbook = xlsx.tables_to_xlsx(
    {
        "coverage_by_city": rates,
        "gaps": gr.gaps,
        "new_sites": sites,
        "weights": render_terms(weighted.weights_table(frame), LANG),
        "city_quotas": cities,
        "chosen": filing.chosen_export(chosen.chosen),
        "pairs": optimal.pairs,
        "pairing_compare": pairing.compare(optimal, nearest).reset_index(names="figure"),
        "cobuild": render_terms(cob, LANG),  # the units listed per type, in LANG
    },
    OUT / f"analysis_{PROVINCE}.xlsx",
    lang=None,  # keep the column names as in the frames above
    notes={"note": filing.SIMULATED_NOTE[LANG == "en"]} if L.simulated else None,
)
print(f"every table -> {workbook}")

# %%
partners = L.campuses[L.campuses["id"].isin(optimal.pairs["campus_id"])]
fig = static.static_map(
    sc,
    [
        static.PointLayer.of(
            homes_in_province, t("layer.youth_homes", LANG), LAYER_SYMBOLS["youth_homes"], 4
        ),
        static.PointLayer.of(sites, t("present.layer.sites", LANG), story.SITES, 60),
        static.PointLayer.of(
            partners, t("present.layer.partners", LANG), LAYER_SYMBOLS["campuses"], 20
        ),
        static.PointLayer.of(chosen.chosen, t("present.layer.chosen", LANG), story.CHOSEN, 30),
    ],
    title=t("present.step.chosen", LANG, scope=NAME),
    subtitle=t(
        "present.caption.chosen",
        LANG,
        scope=NAME,
        n=len(table),
        homes=int((~chosen.chosen["needs_new_home"]).sum()),
        near_m=constraints.home_within_m,
        campuses=len(partners),
    ),
    lang=LANG,
    simulated=sorted(L.simulated),
    seed=L.seed,
)
png = static.save_map(fig, OUT / f"map_{PROVINCE}.png")
print(f"map -> {png}")

# %% [markdown]
# ## 小结 · Summary
#
# The key figures, also written to `summary.json` beside the outputs.

# %%
summary = {
    "province": PROVINCE,
    "communities": cs.communities,
    "coverage_rate": round(cs.coverage_rate, 4),
    "youth_rate": round(cs.youth_rate, 4),
    "gaps": gr.n_gaps,
    "sites_greedy_objective": runs["greedy"].objective,
    "sites_exact_objective": exact.objective,
    "sites_exact_status": exact.status,
    "sites_exact_gap": exact.gap,
    "province_quota": PROVINCE_QUOTA,
    "city_quota_total": int(cities["quota"].sum()),
    "chosen": len(chosen.chosen),
    "shortfall": int(chosen.quotas["shortfall"].sum()),
    "constraint_breaches": len(violations),
    "paired_optimal": optimal.summary.paired,
    "paired_nearest": nearest.summary.paired,
    "over_capacity_optimal": optimal.summary.campuses_over_capacity,
    "over_capacity_nearest": nearest.summary.campuses_over_capacity,
    "filing_rows": len(table),
    "filing_with_partner": with_partner,
    "cobuild_communities": int((cob["total"] > 0).sum()),
    "seconds": round(time.perf_counter() - started, 1),
}
(OUT / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
pd.Series(summary).to_frame("value")
