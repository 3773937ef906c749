"""Data page: upload a layer file, map its columns, check it, and replace the layer for the session.

Test hook: besides ``st.file_uploader`` the page reads ``st.session_state["data_upload"]``
(``{"name": file name, "data": bytes}``) when no file is uploaded, so AppTest (which cannot
drive the uploader) and scripted demos can hand it a file.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import diff, headers, i18n, io, templates, validate
from geo.crs import CRS_NAMES
from geo.errors import InputError
from geo.layers import LAYER_NAMES, column_labels
from geo.maps import LAYER_COLORS
from geo.maps.data import preview_map
from ui import state

t = state.t
L = state.layers()
lang = state.lang()


def tr(key: str) -> str:
    """Label in this run's language, for format_func (AppTest calls it outside the run)."""
    return i18n.t(key, lang)


@st.cache_data(max_entries=4, show_spinner=False)
def _headers(data: bytes, name: str, sheet: str | None) -> list[str]:
    return [str(c) for c in io.read_table(data, name=name, sheet=sheet, lang=lang).frame.columns]


@st.cache_data(max_entries=4, show_spinner=False)
def _import(
    data: bytes,
    name: str,
    layer: str,
    crs: str,
    mapping: tuple,
    sheet: str | None,
    lang: str,
    fix: bool,
) -> validate.ImportResult:
    return io.import_layer(
        data,
        layer,
        crs=crs,
        mapping=dict(mapping),
        sheet=sheet,
        name=name,
        lang=lang,
        fix_swapped=fix,
    )


def _show_input_error(exc: InputError) -> None:
    st.error(t("data.read_failed") + "\n\n" + "\n".join(f"- {p}" for p in exc.problems))


st.title(t("data.title"))
st.caption(t("data.intro"))
if "data_message" in st.session_state:
    st.success(st.session_state.pop("data_message"))

with st.expander(t("data.templates")):
    for col, name in zip(st.columns(len(LAYER_NAMES)), LAYER_NAMES, strict=True):
        col.download_button(
            t("data.template_button", layer=t(f"layer.{name}")),
            templates.template_xlsx(name, lang),
            file_name=f"youthmap_{name}_template.xlsx",
            key=f"template_{name}",
        )

c1, c2, c3 = st.columns([1, 1, 1])
layer = c1.selectbox(
    t("data.layer"), LAYER_NAMES, format_func=lambda k: tr(f"layer.{k}"), key="data_layer"
)
crs = c2.selectbox(
    t("data.crs"), CRS_NAMES, format_func=lambda k: tr(f"data.crs.{k}"), key="data_crs"
)
sheet = c3.text_input(t("data.sheet"), key="data_sheet").strip() or None
current = L.get(layer)
source = (
    t("data.source.imported")
    if layer in st.session_state.get("replaced_layers", {})
    else (t("data.source.simulated") if layer in L.simulated else t("data.source.embedded"))
)
st.caption(t("data.current", layer=t(f"layer.{layer}"), n=f"{len(current):,}", source=source))

uploaded = st.file_uploader(
    t("data.upload"), type=[e.lstrip(".") for e in io.READ_EXTENSIONS], key="data_file"
)
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
    file_headers = _headers(data, name, sheet)
except InputError as exc:
    _show_input_error(exc)
    st.stop()

st.subheader(t("data.mapping"))
st.caption(t("data.mapping_help"))
auto = headers.resolve_mapping(file_headers, layer, lang=lang).columns
src_col, dst_col = t("data.mapping.source"), t("data.mapping.target")
edited = st.data_editor(
    pd.DataFrame({src_col: file_headers, dst_col: [auto.get(h, "") for h in file_headers]}),
    column_config={
        src_col: st.column_config.TextColumn(disabled=True),
        dst_col: st.column_config.SelectboxColumn(options=["", *headers.layer_columns(layer)]),
    },
    hide_index=True,
    width="stretch",
    key=f"data_mapping_{layer}_{name}",
)
mapping = tuple((s, d or "-") for s, d in zip(edited[src_col], edited[dst_col], strict=True))
fix = st.session_state.get("data_fix_swapped", False)
try:
    result = _import(data, name, layer, crs, mapping, sheet, lang, fix)
except InputError as exc:
    _show_input_error(exc)
    st.stop()

if result.fixable_swaps or fix:
    st.checkbox(t("data.fix_swapped", n=result.fixable_swaps), key="data_fix_swapped")
st.write(
    t(
        "data.summary",
        rows=f"{len(result.frame):,}",
        valid=f"{result.n_valid:,}",
        errors=f"{int(result.error_rows.sum()):,}",
        warnings=f"{len(result.warnings):,}",
    )
)
if result.suggested_crs:
    st.warning(t("data.suggest_crs", crs=t(f"data.crs.{result.suggested_crs}")))

st.subheader(t("data.problems"))
if not result.problems:
    st.success(t("data.no_problems"))
else:
    f1, f2, f3 = st.columns(3)
    sev = f1.multiselect(
        t("data.filter.severity"),
        ["error", "warning"],
        format_func=lambda k: tr(f"data.severity.{k}"),
        key="data_f_sev",
    )
    kinds = f2.multiselect(
        t("data.filter.kind"),
        sorted(validate.problems_by_kind(result.problems)),
        format_func=lambda k: tr(f"data.kind.{k}"),
        key="data_f_kind",
    )
    cols = f3.multiselect(
        t("data.filter.column"), sorted({p.column or "" for p in result.problems}), key="data_f_col"
    )
    shown = validate.filter_problems(result.problems, sev, kinds, cols)
    st.caption(t("data.shown", shown=len(shown), total=len(result.problems)))
    st.dataframe(validate.problems_frame(shown, lang), hide_index=True, width="stretch")
    st.download_button(
        t("data.report"),
        templates.report_xlsx(result, lang),
        file_name=f"{name.rsplit('.', 1)[0]}_report.xlsx",
        key="data_report",
    )

st.subheader(t("data.preview"))
st.caption(t("data.preview_map"))
st_folium(
    preview_map(result, st.session_state.get("basemap", "offline"), lang, LAYER_COLORS[layer]),
    returned_objects=[],
    use_container_width=True,
    height=460,
    key="data_preview_map",
)
st.dataframe(
    result.frame.drop(columns="geometry").head(200).rename(columns=column_labels(layer, lang)),
    hide_index=True,
    width="stretch",
)

candidate = result.valid() if result.n_valid else None
if candidate is not None:
    changes = diff.compare(current, candidate).counts()
    st.subheader(t("data.changes"))
    for col, key in zip(st.columns(4), ("added", "removed", "moved", "unchanged"), strict=True):
        col.metric(t(f"data.changes.{key}"), f"{changes[key]:,}")

b1, b2 = st.columns(2)
accept_all = b1.button(
    t("data.accept_all"), disabled=not result.ok, type="primary", key="data_accept_all"
)
accept_valid = b2.button(
    t("data.accept_valid", n=f"{result.n_valid:,}"),
    key="data_accept_valid",
    disabled=result.ok or result.n_valid == 0,
)
if not result.ok:
    st.warning(t("data.blocked"))
if accept_all or accept_valid:
    try:
        new_layer = result.accept(valid_only=bool(accept_valid))
    except InputError as exc:
        _show_input_error(exc)
    else:
        state.replace_layer(layer, new_layer)
        st.session_state["data_message"] = t(
            "data.accepted", n=f"{len(new_layer):,}", layer=t(f"layer.{layer}")
        )
        st.rerun()
