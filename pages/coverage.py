"""Coverage and siting page: Youth Home coverage, gap clusters, new sites."""

from __future__ import annotations

import ui.preload  # noqa: F401  first: see ui/preload.py

import streamlit as st

from geo import i18n
from geo.analysis import coverage
from geo.core.scope import Scope
from geo.maps import coverage as cmap
from ui import coverage as ucov
from ui import exports, maps, session, state
from ui import parts as uparts
from ui import siting as usite

state.rerun_if_legacy()  # first: a run begun in Streamlit's legacy mode (ui/state.py)

t = state.translator()  # its widgets' labels are formatted again outside the run
lang = state.lang()
L = state.layers()
sc = state.scope()
st.title(t("coverage.title"))
st.caption(t("coverage.caption", scope=ucov.caption_scope(sc, lang)))

radius = st.slider(
    t("coverage.radius"), 200, 5_000, coverage.DEFAULT_RADIUS_M, 100, key="cov_radius"
)
cov = ucov.coverage_frame(L, sc, radius)
s = coverage.coverage_summary(cov, radius)
ucov.metrics(s, t)

pilot_ids, pilot_from = session.pilot_ids(), None
if not pilot_ids:  # none picked in this session: the saved plan's, said below
    pilot_ids, pilot_from = uparts.saved_pilot()
if pilot_ids and sc.level != "national":  # the scope's part of the list, as every figure
    pilot_ids = ucov.in_scope(L.communities, sc, pilot_ids)
if pilot_ids:
    if pilot_from is not None:
        st.caption(t("coverage.pilot_from", plan=state.plain(pilot_from)))
    national = ucov.coverage_frame(L, Scope(), radius)
    ps = coverage.coverage_summary(national, radius, pilot_ids)
    msg = t(
        "coverage.pilot",
        scope=ucov.caption_scope(sc, lang),
        n=ps.communities,
        covered=ps.covered,
        rate=i18n.percent(ps.coverage_rate),
    )
    (st.success if ps.full else st.warning)(msg)
    if not ps.full:
        st.caption(t("coverage.pilot_uncovered", n=len(ps.uncovered_ids)))
        ucov.pilot_uncovered(national, pilot_ids, t)
else:
    st.caption(t("coverage.pilot_none"))

tab_rates, tab_gaps, tab_site, tab_subset = st.tabs(
    [t(f"coverage.tab.{k}") for k in ("rates", "gaps", "site", "subset")]
)
with tab_rates:
    ucov.rates_section(cov, sc, t)
with tab_gaps:
    gr = ucov.gaps_section(L, sc, radius, cov, t)
with tab_site:
    run = usite.siting_section(L, sc, radius, cov, pilot_ids, lang, t)
with tab_subset:
    ucov.subset_section(L, radius, pilot_ids, lang, t)

st.subheader(t("coverage.map"))
st.caption(t("coverage.map_caption", n=cmap.MAX_UNCOVERED_DRAWN))
if sc.level in cmap.AREA_LEVEL:  # national or region: areas coloured, dense layers off
    st.caption(t(f"coverage.map_caption_areas.{cmap.AREA_LEVEL[sc.level]}"))
m = ucov.coverage_map(L, sc, radius, cov, gr, run, st.session_state.get("basemap", "offline"))
maps.show(m, height=560, title=t("coverage.map"))
exports.html_button(m, t("coverage.map"), "cov_map_html", drawn=("communities", "youth_homes"))
