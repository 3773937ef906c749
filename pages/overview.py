"""Overview page: the scope's map with the four layers, and counts by layer and by area."""

from __future__ import annotations

import ui.preload  # noqa: F401  first: see ui/preload.py

import pandas as pd
import streamlit as st

from geo.core.layers import LAYER_NAMES
from geo.core.scope import Scope
from geo.export import overview
from ui import exports, maps, state, tables

state.rerun_if_legacy()  # first: a run begun in Streamlit's legacy mode (ui/state.py)

MAP_HEIGHT_PX = 600

t = state.t
L = state.layers()
sc = state.scope()
lang = state.lang()


def _tianditu_key() -> str | None:
    try:
        return st.secrets.get("tianditu_key")
    except Exception:  # no secrets.toml at all: Streamlit raises instead of returning None
        return None


@st.cache_resource(max_entries=32, show_spinner=False)
def _map(_layers: object, token: tuple, scope: Scope, basemap: str, lang: str, key: str | None):
    return overview.overview_map(_layers, scope, basemap, lang, tianditu_key=key)


@st.cache_data(max_entries=64, show_spinner=False)
def _tables(
    _layers: object, token: tuple, scope: Scope, lang: str
) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame | None]:
    by_area = overview.counts_by_area(_layers, scope, lang)
    counts = by_area[list(LAYER_NAMES)].sum()  # every row counts under some area (or code "")
    by_region = overview.region_counts(_layers) if scope.level == "national" else None
    return counts, by_area, by_region


def _headers(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    if "region" in out.columns:
        out["region"] = [t(f"region.{r}") if r else "" for r in out["region"]]
    names = {
        "code": t("overview.code"),
        "name": t("overview.area"),
        "region": t("common.region"),
        **{name: t(f"layer.{name}") for name in LAYER_NAMES},
    }
    return out.rename(columns=names)


city_name = None
if sc.city_code:
    city_name = state.city_label(sc.city_code) or sc.city_code
st.title(t("overview.title"))
st.caption(t("overview.caption", scope=state.scope_label(sc, city_name)))

token = tuple((name, id(L.get(name)), len(L.get(name))) for name in LAYER_NAMES)
counts, by_area, by_region = _tables(L, token, sc, lang)
for col, name in zip(st.columns(len(LAYER_NAMES)), LAYER_NAMES, strict=True):
    col.metric(t(f"layer.{name}"), f"{counts[name]:,}")

basemap = st.session_state.get("basemap", "offline")
key = _tianditu_key() if basemap == "tianditu" else None
if basemap == "tianditu" and not key:
    st.warning(t("overview.tianditu_no_key"))
    basemap = "offline"
if sc.level in ("national", "region"):
    st.caption(t("overview.aggregated_note"))
try:
    m = _map(L, token, sc, basemap, lang, key)
except ValueError as exc:
    st.error(t("overview.map_error", reason=str(exc)))
else:
    maps.show(m, height=MAP_HEIGHT_PX, title=t("overview.title"))
    exports.html_button(m, t("overview.title"), "overview_map_html", drawn=LAYER_NAMES)

if by_region is not None:
    st.subheader(t("overview.by_region"))
    tables.table(
        _headers(by_region), t("overview.by_region"), "overview_by_region", hide_index=True
    )
by_level = t(f"overview.by_{overview.table_level(sc)}")
st.subheader(by_level)
if by_area.empty:
    st.info(t("overview.no_data"))
else:
    tables.table(_headers(by_area), by_level, "overview_by_area", hide_index=True)
