"""Quota and selection page: apportion, pick under constraints, adjust by hand, export."""

from __future__ import annotations

import ui.preload  # noqa: F401  first: see ui/preload.py

import streamlit as st

from geo import i18n
from geo.analysis import selection
from geo.core import layers, scope
from geo.core.errors import InputError
from geo.maps import selection as smap
from ui import drafts as udrafts
from ui import exports, maps, session, state, tables
from ui import next_cycle as unext
from ui import scoring as sstate
from ui import selection as ssel

state.rerun_if_legacy()  # first: a run begun in Streamlit's legacy mode (ui/state.py)

TABLE_ROWS = 300

t = state.t
lang = state.lang()
L = state.layers()
sc = state.scope()
st.title(t("selection.title"))
try:
    with st.spinner(t("common.working")):
        cands, result = sstate.scored(L)
except InputError as exc:
    st.error(state.plain(exc))
    st.stop()
st.caption(
    t("selection.caption", scope=state.scope_label(sc), method=t(f"scoring.method.{result.method}"))
)

udrafts.keep_widgets()
unext.load_panel(cands)  # the next cycle: previous quotas, carried locked, exits excluded
st.subheader(t("selection.quota"))
st.caption(t("selection.quota_help"))
table, total, base = ssel.quota_editor(cands, t)
quotas = dict(zip(table["unit"], table["quota"], strict=True))
unit, pool = ssel.scope_unit(cands, sc)  # the province's (or the XPCC's) own candidates
city_quotas = ssel.city_quota_table(pool, quotas, unit, base, t)

st.subheader(t("selection.constraints"))
cons = ssel.constraint_controls(t)
changes = ssel.changes()
key = sstate.scored_key(L)
if city_quotas:  # the province picks within its cities' quotas
    auto, final, d = ssel.apply_changes(
        pool, (key, unit), city_quotas, cons, changes, unit_column="city_code"
    )
else:
    auto, final, d = ssel.apply_changes(cands, (key, None), quotas, cons, changes)
session.set_selection_final(final)
udrafts.panel(list(final.ids), t)
unext.write_panel(final.chosen)

mine = scope.apply(final.chosen, sc)
in_scope = scope.apply(cands, sc)
view = in_scope.sort_values("score", ascending=False)
view = view[view["id"].isin(view["id"].head(TABLE_ROWS)) | layers.id_mask(view["id"], final.ids)]
# The map goes below the chosen list but is sent first: its frame loads and draws while the
# browser lays out the tables and controls above it (it was the last thing to finish).
upper = st.container()

st.subheader(t("selection.map"))
st.caption(t("selection.map_help"))
m = ssel.selection_map(mine, view, key, sc, st.session_state.get("basemap", "offline"), lang)
click = maps.show_clickable(m, height=520, title=t("selection.map"), key="sel_map")
exports.html_button(m, t("selection.map"), "sel_map_html", drawn=("communities",))

with upper:
    st.subheader(t("selection.chosen"))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("selection.metrics.chosen"), f"{len(mine):,}")
    m2.metric(t("selection.metrics.locked"), int(mine["locked"].sum()))
    m3.metric(t("selection.metrics.excluded"), sum(c.action == "exclude" for c in changes))
    m4.metric(t("selection.metrics.new_home"), int(mine["needs_new_home"].sum()))
    short = final.quotas[final.quotas["shortfall"] > 0]
    if len(short):
        units = i18n.join(
            (
                t("selection.shortfall_unit", unit=ssel.unit_label(u, lang), n=s)
                for u, s in zip(short["unit"], short["shortfall"], strict=True)
            ),
            lang,
        )
        st.warning(t("selection.shortfall", units=units))
    if len(final.violations):
        st.warning(t("selection.violations"))
        shown = ssel.violations_display(final.violations, cands, cons, t)
        tables.table(shown, t("selection.violations"), "violations", hide_index=True)

    locked_ids = [c.id for c in changes if c.action == "lock"]
    listed = view.assign(
        chosen=layers.id_mask(view["id"], final.ids), locked=view["id"].isin(locked_ids)
    )
    st.markdown(f"**{t('selection.candidates')}**")
    st.caption(t("selection.candidates_caption", n=TABLE_ROWS))
    tcols = {
        "chosen": t("selection.col.chosen"),
        "locked": t("selection.col.locked"),
        "id": t("common.id"),
        "name": t("common.name"),
        "district": t("common.county"),
        "score": t("scoring.col.score"),
        "rank_in_province": t("scoring.col.rank_in_province"),
    }
    picked = tables.table(
        listed[[c for c in tcols if c in listed]].rename(columns=tcols),
        t("selection.candidates"),
        "cand_table",
        hide_index=True,
        on_select="rerun",
        selection_mode="multi-row",
        width="stretch",
    )
    ids = [listed["id"].iloc[i] for i in picked.selection.rows]
    ids += ssel.found_ids(in_scope, final.ids, t)
    ids += selection.parse_ids(st.text_input(t("selection.ids"), key="sel_ids"))
    if click and not ids:
        crs = "gcj02" if st.session_state.get("basemap") == "amap" else "wgs84"
        hit = smap.nearest_community(view, click["lng"], click["lat"], click_crs=crs)
        if hit:
            st.caption(
                t(
                    "selection.map_pick",
                    name=view.set_index("id").at[hit[0], "name"],
                    id=hit[0],
                    d=hit[1],
                )
            )
            ids = [hit[0]]
    ssel.change_controls(ids, cands["id"], changes, t)
    ssel.diff_table(d, t)

st.subheader(t("selection.exports"))
reasons = {c.id: c.reason for c in changes if c.action == "lock"}
weights = i18n.render_terms(result.weights_table(), lang)
ssel.exports(mine, L, weights, reasons, d, t, home_near_m=cons.home_within_m)
