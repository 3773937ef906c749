"""Data page: upload a layer file, map its columns, check it, and replace the layer for the session.

Test hook: besides ``st.file_uploader`` the page reads ``st.session_state["data_upload"]``
(``{"name": file name, "data": bytes}``) when no file is uploaded, so AppTest (which cannot
drive the uploader) and scripted demos can hand it a file.
"""

from __future__ import annotations

import ui.preload  # noqa: F401  first: see ui/preload.py

import streamlit as st

from geo import i18n
from geo.core.crs import CRS_NAMES
from geo.core.errors import InputError
from geo.core.layers import LAYER_NAMES
from geo.export import labels
from geo.intake import io
from geo.maps import LAYER_SYMBOLS
from geo.maps.data import preview_map
from ui import areas as uareas
from ui import data_import as ui
from ui import maps, session, state, tables

state.rerun_if_legacy()  # first: a run begun in Streamlit's legacy mode (ui/state.py)

t = state.t
L = state.layers()
lang = state.lang()


def tr(key: str) -> str:
    """Label in this run's language, for format_func (AppTest calls it outside the run)."""
    return i18n.t(key, lang)


st.title(t("data.title"))
st.caption(t("data.intro"))
if "data_message" in st.session_state:
    st.success(st.session_state.pop("data_message"))
ui.template_downloads(lang)

c1, c2, c3 = st.columns(3)
layer = c1.selectbox(
    t("data.layer"),
    LAYER_NAMES,
    format_func=lambda k: tr(f"layer.{k}"),
    key="data_layer",
    placeholder=state.placeholder(LAYER_NAMES),
)
crs = c2.selectbox(
    t("data.crs"),
    CRS_NAMES,
    format_func=lambda k: tr(f"data.crs.{k}"),
    key="data_crs",
    placeholder=state.placeholder(CRS_NAMES),
)
sheet = c3.text_input(t("data.sheet"), key="data_sheet").strip() or None
current = L.get(layer)
if layer in session.get(session.REPLACED_LAYERS, {}):
    source = t("data.source.imported")
elif layer == "communities" and state.area_codes():  # the areas' own lists are real
    areas = i18n.join((uareas.area_name(c, lang) for c in state.area_codes()), lang)
    source = t("data.source.simulated_but", areas=areas)
else:
    source = t("data.source.simulated" if layer in L.simulated else "data.source.embedded")
st.caption(t("data.current", layer=t(f"layer.{layer}"), n=f"{len(current):,}", source=source))

types = [e.lstrip(".") for e in io.READ_EXTENSIONS]
uploaded = st.file_uploader(t("data.upload"), type=types, key="data_file")
if uploaded is not None:
    name, data = uploaded.name, uploaded.getvalue()
elif st.session_state.get("data_upload"):
    name, data = (
        st.session_state["data_upload"]["name"],
        bytes(st.session_state["data_upload"]["data"]),
    )
    st.caption(t("data.hook_note", name=name))
else:
    st.info(t("data.upload_first"))
    st.stop()

try:
    layer_name = ui.layer_choice(data, name, lang, st)
    columns = ui.file_headers(data, name, sheet, layer_name)
except InputError as exc:
    ui.show_input_error(exc, lang)
    st.stop()

st.subheader(t("data.mapping"))
st.caption(t("data.mapping_help"))
mapping = ui.mapping_editor(columns, layer, lang, key=f"data_mapping_{layer}_{name}")
fix = st.session_state.get("data_fix_swapped", False)
try:
    result = ui.import_file(data, name, layer, crs, mapping, sheet, fix, layer_name)
except InputError as exc:
    ui.show_input_error(exc, lang)
    st.stop()

if result.fixable_swaps or fix:
    st.checkbox(t("data.fix_swapped", n=result.fixable_swaps), key="data_fix_swapped")
n_error_rows = int(result.error_rows.sum())
st.write(
    t(
        "data.summary",
        rows=f"{len(result.frame):,}",
        valid=f"{result.n_valid:,}",
        errors=f"{n_error_rows:,}",
        warnings=f"{len(result.warnings):,}",
    )
)
if result.suggested_crs:
    st.warning(t("data.suggest_crs", crs=t(f"data.crs.{result.suggested_crs}")))

st.subheader(t("data.problems"))
ui.problem_list(result, lang, name.rsplit(".", 1)[0])

st.subheader(t("data.preview"))
st.caption(t("data.preview_map"))
m = preview_map(result, st.session_state.get("basemap", "offline"), lang, LAYER_SYMBOLS[layer])
maps.show(m, height=460, title=t("data.preview"))
table = labels.localize_values(result.frame.drop(columns="geometry").head(200), lang)
table = table.rename(
    columns=labels.layer_headers(layer, lang)
)  # codes in words: "中部", not "central"
st.dataframe(table, hide_index=True, width="stretch", placeholder=tables.MISSING)
if result.n_valid:
    area = uareas.save_area(layer)
    named = None if area is None else (area, uareas.area_name(area))
    ui.change_metrics(current, result.valid(), lang, named)
    ui.normalised_downloads(result.valid(), layer, lang)

b1, b2 = st.columns(2)
accept_all = b1.button(
    t("data.accept_all"), disabled=not result.ok, type="primary", key="data_accept_all"
)
accept_valid = b2.button(
    t("data.accept_valid", n=f"{result.n_valid:,}"),
    disabled=result.ok or result.n_valid == 0,
    key="data_accept_valid",
)
if not result.ok:
    st.warning(t("data.blocked"))
uareas.save_button(layer, result.valid() if result.n_valid else None, name, t)
if accept_all or accept_valid:
    try:
        new_layer = result.accept(valid_only=bool(accept_valid))
    except InputError as exc:
        ui.show_input_error(exc, lang)
    else:
        state.replace_layer(layer, new_layer)  # the swap happens only once the new layer is whole
        n = f"{len(new_layer):,}"
        st.session_state["data_message"] = t("data.accepted", n=n, layer=t(f"layer.{layer}"))
        st.rerun()
