"""Streamlit pieces of the data page (the page stays a thin script; the work is in geo/)."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from geo import i18n
from geo.core.errors import InputError
from geo.core.layers import LAYER_NAMES
from geo.export import labels, templates
from geo.export.labels import layer_headers
from geo.intake import diff, headers, io, validate
from ui import state, tables


@st.cache_data(max_entries=4, show_spinner=False)
def file_headers(
    data: bytes, name: str, sheet: str | None, layer_name: str | None = None
) -> list[str]:
    """The header names of an uploaded file (raises InputError for an unreadable file)."""
    table = io.read_table(data, name=name, sheet=sheet, layer_name=layer_name)
    return [str(c) for c in table.frame.columns]


@st.cache_data(max_entries=4, show_spinner=False)
def file_layers(data: bytes, name: str) -> list[str]:
    """The layers of an uploaded GeoPackage or zip (``[]`` for other files)."""
    return io.list_layers(data, name=name)


def layer_choice(data: bytes, name: str, lang: str, container) -> str | None:
    """A choice of layer when the upload holds several; ``None`` when it holds one or none,
    or while none is chosen (the reader then says which layers there are)."""
    layers = file_layers(data, name)
    if len(layers) < 2:
        return None
    return container.selectbox(
        i18n.t("data.layer_name", lang),
        layers,
        index=None,
        key=f"data_layer_name_{_options_key([name, *layers])}",
        placeholder=state.placeholder(layers, lang_=lang),
    )


@st.cache_data(max_entries=4, show_spinner=False)
def import_file(
    data: bytes,
    name: str,
    layer: str,
    crs: str,
    mapping: tuple,
    sheet: str | None,
    fix: bool,
    layer_name: str | None = None,
) -> validate.ImportResult:
    """:func:`geo.intake.io.import_layer` on uploaded bytes, cached on every parameter."""
    return io.import_layer(
        data,
        layer,
        crs=crs,
        mapping=dict(mapping),
        sheet=sheet,
        name=name,
        layer_name=layer_name,
        fix_swapped=fix,
    )


def show_input_error(exc: InputError, lang: str) -> None:
    """One ``st.error`` listing every problem of a file that cannot be used."""
    lines = "\n".join(f"- {i18n.problem_line(p, lang)}" for p in exc.problems)
    st.error(i18n.t("data.read_failed", lang) + "\n\n" + lines)


def template_downloads(lang: str) -> None:
    """One XLSX template download button per layer."""
    with st.expander(i18n.t("data.templates", lang)):
        for col, name in zip(st.columns(len(LAYER_NAMES)), LAYER_NAMES, strict=True):
            col.download_button(
                i18n.t("data.template_button", lang, layer=i18n.t(f"layer.{name}", lang)),
                lambda name=name: templates.template_xlsx(name, lang),  # built when clicked
                file_name=i18n.t("data.template_file", lang, layer=i18n.t(f"layer.{name}", lang))
                + ".xlsx",
                key=f"template_{name}",
            )


def mapping_editor(
    columns: list[str], layer: str, lang: str, key: str
) -> tuple[tuple[str, str], ...]:
    """An editable file-column → layer-field table, prefilled from the synonyms.

    Returns the mapping as ``((file column, field or "-"), …)``: hashable, for caching.
    """
    auto = headers.resolve_mapping(columns, layer).columns
    src, dst = i18n.t("data.mapping.source", lang), i18n.t("data.mapping.target", lang)
    fields = {
        "": "",
        **layer_headers(layer, lang),
        headers.ADDRESS: i18n.t("data.field.address", lang),
        headers.LONLAT: i18n.t("data.field.lonlat", lang),
    }
    edited = st.data_editor(
        pd.DataFrame({src: columns, dst: [auto.get(h, "") for h in columns]}),
        column_config={
            src: st.column_config.TextColumn(disabled=True),
            dst: st.column_config.SelectboxColumn(
                options=["", *headers.layer_columns(layer)],
                format_func=lambda f: fields.get(f, f),  # shown by name, kept as the field
            ),
        },
        hide_index=True,
        width="stretch",
        key=key,
        placeholder=tables.MISSING,
    )
    return tuple((s, d or "-") for s, d in zip(edited[src], edited[dst], strict=True))


def _options_key(options: list[str]) -> str:
    return hashlib.sha1("\x1f".join(options).encode()).hexdigest()[:10]


def problem_list(result: validate.ImportResult, lang: str, file_stem: str) -> None:
    """The problems with severity, kind and column filters, and the XLSX report download."""
    if not result.problems:
        st.success(i18n.t("data.no_problems", lang))
        return
    f1, f2, f3 = st.columns(3)
    sev_options = ["error", "warning"]
    sev = f1.multiselect(
        i18n.t("data.filter.severity", lang),
        sev_options,
        format_func=lambda k: i18n.t(f"data.severity.{k}", lang),
        key="data_f_sev",
        select_all=False,  # Streamlit's "Select all" is English only
        placeholder=state.placeholder(sev_options, many=True, lang_=lang),
    )
    kind_options = sorted(validate.problems_by_kind(result.problems))
    kinds = f2.multiselect(
        i18n.t("data.filter.kind", lang),
        kind_options,
        format_func=lambda k: i18n.t(f"data.kind.{k}", lang),
        key=f"data_f_kind_{_options_key(kind_options)}",  # new options, fresh widget
        select_all=False,  # Streamlit's "Select all" is English only
        placeholder=state.placeholder(kind_options, many=True, lang_=lang),
    )
    column_options = sorted({p.column or "" for p in result.problems})
    cols = f3.multiselect(
        i18n.t("data.filter.column", lang),
        column_options,
        format_func=lambda c: c or i18n.t("data.filter.no_column", lang),
        key=f"data_f_col_{_options_key(column_options)}",
        select_all=False,  # Streamlit's "Select all" is English only
        placeholder=state.placeholder(column_options, many=True, lang_=lang),
    )
    shown = validate.filter_problems(result.problems, sev, kinds, cols)
    st.caption(i18n.t("data.shown", lang, shown=len(shown), total=len(result.problems)))
    problems = i18n.problems_frame(shown, lang)
    tables.dataframe(problems, hide_index=True, width="stretch")
    st.download_button(
        i18n.t("data.report", lang),
        lambda: templates.report_xlsx(result, lang),
        file_name=i18n.t("data.report_file", lang, file=labels.file_stem(file_stem)) + ".xlsx",
        key="data_report",
    )


def change_metrics(
    current: pd.DataFrame,
    candidate: pd.DataFrame,
    lang: str,
    area: tuple[str, str] | None = None,
) -> None:
    """Rows added, removed, moved and unchanged against the layer being replaced; with
    ``area`` (its code and name: the list the account may keep on the server for the area
    in scope), first against that area's communities, which the list kept there replaces,
    and the rows it leaves out as outside the area."""
    from geo.store.areas import in_area

    st.subheader(i18n.t("data.changes", lang))
    if area is not None:
        code, name = area
        inside = in_area(candidate["county_code"], code)
        mine = current[in_area(current["county_code"], code)]
        st.caption(i18n.t("data.changes.area", lang, area=name, n=f"{len(mine):,}"))
        _metrics(diff.compare(mine, candidate[inside]).counts(), lang)
        if (~inside).any():
            st.caption(
                i18n.t("data.changes.outside", lang, area=name, n=f"{int((~inside).sum()):,}")
            )
        st.caption(i18n.t("data.changes.session", lang))
    _metrics(diff.compare(current, candidate).counts(), lang)


def _metrics(counts: dict[str, int], lang: str) -> None:
    for col, key in zip(st.columns(4), ("added", "removed", "moved", "unchanged"), strict=True):
        col.metric(i18n.t(f"data.changes.{key}", lang), f"{counts[key]:,}")


def _normalised_name(layer: str, lang: str) -> str:
    return i18n.t("data.normalised_file", lang, layer=i18n.t(f"layer.{layer}", lang))


def normalised_downloads(frame: pd.DataFrame, layer: str, lang: str) -> None:
    """Download buttons for the checked layer (valid rows, WGS-84); files are built on click."""
    st.caption(i18n.t("data.download_normalised", lang))
    c1, c2 = st.columns(2)
    c1.download_button(
        i18n.t("common.download_xlsx", lang),
        lambda: io.table_bytes(frame, ".xlsx"),
        file_name=_normalised_name(layer, lang) + ".xlsx",
        key="data_dl_xlsx",
    )
    c2.download_button(
        i18n.t("common.download_geojson", lang),
        lambda: io.table_bytes(frame, ".geojson"),
        file_name=_normalised_name(layer, lang) + ".geojson",
        key="data_dl_geojson",
    )
