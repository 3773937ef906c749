"""Pairing page: communities with university campuses, and co-building with resident units."""

from __future__ import annotations

import ui.preload  # noqa: F401  first: see ui/preload.py

import streamlit as st

from geo.analysis import cobuild, pairing
from geo.core.errors import InputError
from geo.export import labels
from geo.export import pairing_tables as ptab
from geo.maps import pairing as pmap
from ui import exports, maps, state, tables
from ui import pairing as upair
from ui.numbers import number_box

state.rerun_if_legacy()  # first: a run begun in Streamlit's legacy mode (ui/state.py)

t = state.t
lang = state.lang()
L = state.layers()
sc = state.scope()
st.title(t("pairing.title"))
comm, source_key, source_values = upair.communities_to_pair(L.communities, sc)
city = str(comm["city"].iloc[0]) if sc.city_code and "city" in comm and len(comm) else None
st.caption(t("pairing.caption", scope=state.scope_label(sc, city)))
st.info(t(source_key, **source_values))
if comm.empty or L.campuses.empty:
    st.warning(t("pairing.no_communities" if comm.empty else "pairing.no_campuses"))
    st.stop()

opts = upair.settings(t)
kept = upair.kept_pairs(comm, L.campuses, t)
token = (state.frame_token(comm), state.frame_token(L.campuses))
try:
    with st.spinner(t("common.working")):
        runs = upair.run_pairings(
            comm,
            L.campuses,
            token,
            opts["capacity"],
            opts["by_type"],
            opts["per_community"],
            opts["max_km"],
            opts["penalty_km"],
            upair.kept_token(kept),
        )
except InputError as exc:
    st.error(t("pairing.error", reason=state.plain(exc)))
    st.stop()
result = runs[opts["method"]]
upair.remember(result)  # the selection page's filing table takes its partners
s = result.summary

m1, m2, m3, m4, m5 = st.columns(5)
m1.metric(t("pairing.metric.paired"), f"{s.paired:,}")
m2.metric(t("pairing.metric.unpaired"), f"{s.unpaired:,}")
m3.metric(t("pairing.metric.mean_km"), f"{s.mean_distance_m / 1000:.2f}")
m4.metric(t("pairing.metric.max_km"), f"{s.max_distance_m / 1000:.2f}")
m5.metric(t("pairing.metric.same_city"), f"{s.same_city_share:.1%}")

st.subheader(t("pairing.map"))
if len(result.pairs) > pmap.MAX_LINES_DRAWN:
    st.caption(t("pairing.map_capped", n=pmap.MAX_LINES_DRAWN))
basemap, base_kwargs = upair.basemap_and_key()
run_key = (token, tuple(sorted(opts.items())), s.kept)
m = upair.pairing_map(result, run_key, sc, basemap, lang, base_kwargs)
maps.show(m, height=540, title=t("pairing.map"))
exports.html_button(m, t("pairing.map"), "pair_map_html", drawn=("communities", "campuses"))

left, right = st.columns(2)
with left:
    st.subheader(t("pairing.histogram"))
    upair.histogram(pairing.distance_histogram(result.pairs, bin_km=1.0), t)
with right:
    st.subheader(t("pairing.compare"))
    table = pairing.compare(runs["optimal"], runs["nearest"])
    tables.dataframe(
        ptab.compare_for_display(table, lang, text=True), hide_index=True, key="pair_compare"
    )

st.subheader(t("pairing.load"))
st.caption(t("pairing.load_caption"))
if s.kept and s.campuses_over_capacity and s.method == "optimal":  # only agreements go over
    st.caption(t("pairing.over_by_agreements", n=s.campuses_over_capacity))
load = result.load[result.load["assigned"] > 0].sort_values(["over", "assigned"], ascending=False)
tables.dataframe(
    ptab.for_display(labels.localize_values(load.drop(columns=["lon", "lat"]), lang), lang),
    hide_index=True,
    key="pair_load",
)

st.subheader(t("pairing.unpaired"))
if result.unpaired.empty:
    st.success(t("pairing.all_paired"))
else:
    tables.dataframe(
        ptab.for_display(result.unpaired.drop(columns=["lon", "lat"]), lang),
        hide_index=True,
        key="pair_unpaired",
        lazy=True,  # rows fetched as scrolled (the XLSX download holds them all)
    )

st.subheader(t("pairing.pairs"))
if s.kept:
    st.caption(
        t(f"pairing.kept_caption{'_all' * (s.kept == s.pairs)}", kept=s.kept, new=s.pairs - s.kept)
    )
shown_pairs = result.pairs.drop(
    columns=["community_lon", "community_lat", "campus_lon", "campus_lat"]
)
tables.dataframe(
    ptab.for_display(shown_pairs, lang),
    hide_index=True,
    key="pair_pairs",
    lazy=True,  # rows fetched as scrolled (the XLSX download holds them all)
)
sheets = {
    t("pairing.sheet.pairs"): ptab.for_display(result.pairs, lang),
    t("pairing.sheet.unpaired"): ptab.for_display(result.unpaired, lang),
    t("pairing.sheet.load"): ptab.for_display(labels.localize_values(result.load, lang), lang),
    t("pairing.sheet.compare"): ptab.compare_for_display(table, lang),
}
upair.downloads(result, sheets, t, lang)

st.subheader(t("pairing.cobuild"))
radius = number_box(
    t("pairing.unit_radius_m"),
    100,
    5_000,
    int(cobuild.DEFAULT_RADIUS_M),
    100,
    key="pair_unit_radius",
)
st.caption(t("pairing.cobuild_caption", radius=radius))
units = L.resident_units
co = upair.run_cobuild(comm, units, (token[0], state.frame_token(units)), float(radius))
upair.remember(result, co)  # and its co-building counts
co_shown = labels.cobuild_view(co, lang)
co_sheet = t("pairing.sheet.cobuild")  # the file is built when clicked, outside the run
tables.dataframe(co_shown, hide_index=True, key="pair_cobuild", lazy=True)
st.download_button(
    t("pairing.download_cobuild_xlsx"),
    lambda: tables.workbook({co_sheet: co_shown}, True, lang),
    file_name=f"{co_sheet}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="pair_dl_cobuild",
)
