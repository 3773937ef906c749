"""Scoring page: method, normalisation, weights and presets, ranking, explanation, sensitivity."""

from __future__ import annotations

import ui.preload  # noqa: F401  first: see ui/preload.py

import streamlit as st

from geo import i18n
from geo.analysis import indicators as ind
from geo.analysis import quota, scoring
from geo.core import cells, scope
from geo.core.errors import InputError
from geo.export import labels
from ui import scoring as sstate
from ui import state, tables
from ui.numbers import number_box

state.rerun_if_legacy()  # first: a run begun in Streamlit's legacy mode (ui/state.py)

RANKING_ROWS = 200
t = state.t
lang = state.lang()
L = state.layers()
sc = state.scope()
st.title(t("scoring.title"))
st.caption(t("scoring.caption", scope=state.scope_label(sc)))

items = list(ind.INDICATORS) + ind.user_indicators(L.communities)
cur = sstate.settings()
for i in items:
    st.session_state.setdefault(f"w_{i.key}", float(cur["weights"].get(i.key, 0.0)))
st.session_state.setdefault("scoring_method", cur["method"])
st.session_state.setdefault("scoring_normalise", cur["normalise"])
c1, c2 = st.columns(2)
method = c1.selectbox(
    t("scoring.method"),
    scoring.METHODS,
    format_func=state.option_labels("scoring.method"),
    key="scoring_method",
    placeholder=state.placeholder(scoring.METHODS),
)
normalise = c2.selectbox(
    t("scoring.normalise"),
    scoring.NORMALISATIONS,
    format_func=state.option_labels("scoring.normalise"),
    key="scoring_normalise",
    placeholder=state.placeholder(scoring.NORMALISATIONS),
)
weights = sstate.weight_controls(items, method, normalise, t, lang)
settings = {
    "weights": {k: v for k, v in weights.items() if v > 0},
    "method": method,
    "normalise": normalise,
}
try:
    with st.spinner(t("common.working")):
        cands, result = sstate.scored(L, settings)
except InputError as exc:
    st.error(state.plain(exc))
    st.stop()
st.session_state[sstate.SETTINGS_KEY] = settings

estimated = cands[[c for c in cands.columns if c.startswith("estimated_")]].any(axis=1).sum()
if estimated:
    st.caption(t("scoring.estimated_note", n=int(estimated)))
view = sstate.in_rank_order(scope.apply(cands, sc))
if view.empty:
    st.info(t("scoring.no_communities"))
    st.stop()

st.subheader(t("scoring.ranking"))
st.caption(t("scoring.ranking_caption", n=len(view), shown=min(len(view), RANKING_ROWS)))
show = ["rank", "rank_in_province", "name", "province", "city", "district", "score", *result.keys]
names = {
    "id": t("table.col.id"),
    "rank": t("scoring.col.rank"),
    "rank_in_province": t("scoring.col.rank_in_province"),
    "name": t("common.name"),
    "province": t("common.province"),
    "city": t("common.city"),
    "district": t("common.county"),
    "score": t("scoring.col.score"),
    **{k: i18n.text(ind.lookup(k, L.communities).term, lang) for k in result.keys},
}
ranking = view[[c for c in show if c in view]].head(RANKING_ROWS).rename(columns=names)
tables.dataframe(ranking, hide_index=True, width="stretch", key="ranking_table")

wt = sstate.headers(i18n.render_terms(result.weights_table(L.communities), lang), t)
w1, w2 = st.columns([2, 1])
w1.markdown(f"**{t('scoring.used_weights')}**")
tables.dataframe(wt, container=w1, hide_index=True, width="stretch")
w2.download_button(
    t("scoring.download_weights"),
    cells.csv_bytes(wt),
    labels.sheet("weights", lang) + ".csv",
    "text/csv",
    key="dl_weights",
)
w2.download_button(
    t("scoring.download_ranking"),
    lambda: sstate.scores_csv(view, show, names, lang),
    labels.sheet("scores", lang) + ".csv",
    "text/csv",
    key="dl_scores",
)
full = view[["id", *[c for c in show if c in view]]].rename(columns=names)  # values: ui.tables
ranking_sheets = {t("scoring.ranking"): full, t("scoring.used_weights"): wt}
tables.xlsx_button(
    ranking_sheets, labels.sheet("scores", lang), "dl_scores_xlsx", container=w2, hide_index=True
)

st.subheader(t("scoring.explain"))
top = view.head(RANKING_ROWS).set_index("id")
cid = st.selectbox(
    t("scoring.explain_pick"),
    top.index.tolist(),
    key="explain_id",
    placeholder=state.placeholder(top.index),
    disabled=top.empty,  # a given placeholder keeps Streamlit from disabling it
    format_func=lambda i: f"{top.at[i, 'name']} ({i})" if i in top.index else str(i),
)
if cid in top.index:
    row = top.loc[cid]
    st.caption(
        t(
            "scoring.explain_caption",
            name=state.plain(row["name"]),  # a name from an uploaded list: shown as typed
            score=row["score"],
            rank=int(row["rank"]),
            prov_rank=int(row["rank_in_province"]),
        )
    )
    e = i18n.render_terms(scoring.explain(result, cid), lang)
    tables.table(
        sstate.headers(e, t),
        t("scoring.explain"),
        "explain_table",
        hide_index=True,
        column_config=sstate.contribution_bars(e, t),
        height=35 * (len(e) + 1) + 3,  # every indicator in view, as a chart would show
    )

st.subheader(t("scoring.sensitivity"))
st.caption(t("scoring.sensitivity_caption"))
n_list = number_box(
    t("scoring.sensitivity_n"), 10, 5000, quota.DEFAULT_TOTAL, step=10, key="sens_n"
)
if st.button(t("scoring.sensitivity_run"), key="sens_run"):
    table = quota.national_quotas(state.quota_bases(cands), int(n_list))
    quotas = dict(zip(table["unit"], table["quota"], strict=True))
    pick = scoring.quota_picker(cands["id"].to_numpy(), cands["quota_unit"].to_numpy(), quotas)
    s = i18n.render_terms(scoring.sensitivity(result, pick), lang)
    tables.table(sstate.headers(s, t), t("scoring.sensitivity"), "sens_table", hide_index=True)

with st.expander(t("scoring.indicators_doc")):
    doc = sstate.headers(i18n.render_terms(ind.indicator_table(L.communities), lang), t)
    tables.table(doc, t("scoring.indicators_doc"), "indicator_doc", hide_index=True)
