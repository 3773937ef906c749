"""Cached coverage and gaps of the coverage page, and the helpers its tabs share.

The nearest Youth Home of every community is computed once per set of layers (national);
a radius only re-thresholds it, and a scope only filters it. Gaps are cached per
(layers, scope, radius, eps, min_samples, method). The siting tab lives in
:mod:`ui.siting`.

Test hook (AppTest cannot drive ``st.file_uploader``): when no file is uploaded, an
uploader made by :func:`uploaded` reads ``st.session_state[key]`` (e.g.
``"cov_subset_upload"``), ``{"name": file name, "data": bytes}``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from geo import i18n
from geo.analysis import coverage, gaps
from geo.core import layers, scope
from geo.core.errors import InputError
from geo.dataset import places
from geo.export import labels
from geo.export.xlsx import percent_formats, tables_to_xlsx
from geo.intake import io
from geo.maps import coverage as cmap
from ui import data_import, state, tables
from ui.numbers import number_box

PLACES = labels.PLACE_COLUMNS
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}


@st.cache_resource(max_entries=4, show_spinner=False)
def _national(_L, token: tuple) -> pd.DataFrame:
    return coverage.community_coverage(_L.communities, _L.youth_homes, coverage.DEFAULT_RADIUS_M)


def coverage_frame(L, sc, radius_m: float) -> pd.DataFrame:
    """Coverage of the scope's communities at ``radius_m`` (every Youth Home counts)."""
    national = _national(L, state.layers_token())
    return coverage.recover(scope.apply(national, sc), radius_m)


@st.cache_resource(max_entries=8, show_spinner=False)
def _gaps(_cov, token: tuple, sc, radius_m, eps_m, min_samples, method) -> gaps.GapResult:
    return gaps.find_gaps(_cov, eps_m=eps_m, min_samples=min_samples, method=method)


def gap_result(L, sc, radius_m, cov, eps_m, min_samples, method) -> gaps.GapResult:
    """Gaps of the scope's uncovered communities (cached)."""
    return _gaps(cov, state.layers_token(), sc, radius_m, eps_m, min_samples, method)


def table_bytes(
    frame: pd.DataFrame,
    ext: str,
    stem: str,
    lang: str,
    places: tuple[str, ...] = PLACES,
    headers: dict[str, str] | None = None,
) -> bytes:
    """A table as XLSX (headers, values and sheet name in ``lang``, through
    :func:`geo.export.labels.localize`, ``headers`` overriding some) or GeoJSON (field
    names and codes as the CLI writes them, for GIS software) bytes."""
    if ext == "xlsx":  # shares shown as percentages (73.5%), as on the page
        shown = labels.localize(frame, lang, places=places, headers=headers)
        sheet = labels.sheet(stem, lang)
        formats = {sheet: percent_formats(frame.columns, shown.columns)}
        return bytes(tables_to_xlsx({sheet: shown}, lang=None, formats=formats))
    with tempfile.TemporaryDirectory() as tmp:
        return io.write_table(frame, Path(tmp) / f"table.{ext}").read_bytes()


def downloads(
    frame: pd.DataFrame,
    stem: str,
    t,
    key: str,
    *,
    places: tuple[str, ...] = PLACES,
    exts: tuple[str, ...] = ("xlsx", "geojson"),
    headers: dict[str, str] | None = None,
) -> None:
    """XLSX and GeoJSON download buttons for a table (built when clicked)."""
    lang = state.lang()
    for col, ext in zip(st.columns(len(exts)), exts, strict=True):
        col.download_button(
            t(f"common.download_{ext}"),
            lambda ext=ext: table_bytes(frame, ext, stem, lang, places, headers),
            f"{labels.sheet(stem, lang)}.{ext}",  # 新址建议.xlsx (it was new_sites.xlsx)
            MIME[ext],
            key=f"{key}_{ext}",
            disabled=not len(frame),
        )


def uploaded(container, label: str, key: str) -> tuple[str, bytes] | None:
    """An uploaded table file as ``(name, bytes)``, or the test hook ``session_state[key]``."""
    types = [e.lstrip(".") for e in io.READ_EXTENSIONS]
    upload = container.file_uploader(label, type=types, key=f"{key}_file")
    if upload is not None:
        return upload.name, upload.getvalue()
    hook = st.session_state.get(key)
    if hook:
        return hook["name"], bytes(hook["data"])
    return None


def homes_for_map(L, sc, cov: pd.DataFrame) -> pd.DataFrame:
    """Youth Homes to draw: those in the scope and the nearest of its communities."""
    homes = L.youth_homes
    if sc.level == "national":
        return homes
    keep = layers.id_mask(homes["id"], cov["nearest_home_id"]) | scope.mask(homes, sc).to_numpy()
    return homes.loc[keep]


def rates_section(cov: pd.DataFrame, sc, t) -> pd.DataFrame:
    """Level choice and the table of coverage rates (each rate a bar in its cell), with downloads."""
    levels = list(coverage.LEVEL_COLUMNS)
    level = st.radio(
        t("coverage.level"),
        levels,
        index=levels.index(scope.table_level(sc, cov["city_code"].nunique())),
        format_func=state.option_labels("coverage.level"),
        horizontal=True,
        key="cov_level",
    )
    rates = coverage.coverage_rates(cov, level)
    if level == "region":
        rates["name"] = [t(f"region.{c}") if c in REGION_KEYS else c for c in rates["code"]]
    else:  # provinces, cities or counties: English names in English
        rates["name"] = rates["name"].map(lambda v: labels.place_label(v, state.lang()))
    cols = [
        "name",
        "communities",
        "covered",
        "coverage_rate",
        "youth",
        "youth_covered",
        "youth_rate",
    ]
    headers = {c: t(f"coverage.col.{c}") for c in cols}
    pct = [c for c in cols if "rate" in c]
    # On screen the rates are percentage points with one decimal in every row ("62.0%" above
    # "34.1%"; Streamlit's "percent" format trims each value on its own: "62%" above
    # "34.13%"), drawn as bars: the table is the bar chart too (a Vega chart beside it cost
    # the page about a second of browser time to load its library). The download keeps shares.
    shown = rates[cols].assign(**{c: rates[c] * 100 for c in pct}).rename(columns=headers)
    bars = {
        headers[c]: st.column_config.ProgressColumn(
            headers[c], format="%.1f%%", min_value=0.0, max_value=100.0, width="medium"
        )
        for c in pct
    }  # the names in full: "Shijingshan District" was cut to "Shijingshan"
    bars[headers["name"]] = st.column_config.TextColumn(headers["name"], width="medium")
    st.caption(t("coverage.rates_bars"))
    tables.dataframe(  # a rate of 0/0 (no youth counted) is undefined: "—", not empty
        shown, hide_index=True, key="cov_rates", column_config=bars, placeholder=i18n.UNDEFINED
    )
    # a table of areas: its names are places, and it has no points for a GeoJSON file
    rated = labels.rates_headers(state.lang())  # 已覆盖社区数, not 是否覆盖
    downloads(
        rates[cols],
        "coverage_rates",
        t,
        "dl_rates",
        places=("name",),
        exts=("xlsx",),
        headers=rated,
    )
    st.caption(t("coverage.download_all"))
    per_community = cov.drop(columns="geometry", errors="ignore")
    per_community["distance_m"] = per_community["distance_m"].replace(np.inf, np.nan).round(1)
    downloads(per_community, "coverage", t, "dl_cov")
    return rates


@st.cache_resource(max_entries=8, show_spinner=False)
def _coverage_map(_L, _cov, _gaps, token: tuple, sc, radius_m, gap_params, basemap, lang):
    homes = homes_for_map(_L, sc, _cov)
    return cmap.coverage_map(_cov, homes, sc, basemap, lang, gaps=_gaps)


def coverage_map(L, sc, radius_m: float, cov: pd.DataFrame, gr, run: dict | None, basemap: str):
    """The page's coverage map: cached per scope, radius, gap parameters, basemap and
    language until a siting run is drawn on it (building it took ~0.45 s a run at a
    province). Not drawn yet: draw it with ``ui.maps.show``, which renders a copy."""
    lang = state.lang()
    if run is None:
        gap_params = (gr.method, gr.eps_m, gr.min_samples)
        token = state.layers_token()
        return _coverage_map(L, cov, gr.gaps, token, sc, radius_m, gap_params, basemap, lang)
    homes = homes_for_map(L, sc, cov)
    return cmap.coverage_map(
        cov,
        homes,
        sc,
        basemap,
        lang,
        gaps=gr.gaps,
        sites=run["table"],
        assignment=run["assignment"],
    )


REGION_KEYS = ("east", "central", "west")


def metrics(s: coverage.CoverageSummary, t) -> None:
    """The four coverage figures; a rate the data leave undefined (no youth counted: 0/0)
    shows as "—" with a note saying why, never as 100% or 0%."""
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("coverage.metric.communities"), f"{s.communities:,}")
    m2.metric(t("coverage.metric.rate"), i18n.percent(s.coverage_rate))
    m3.metric(t("coverage.metric.youth_rate"), i18n.percent(s.youth_rate))
    m4.metric(t("coverage.metric.uncovered"), f"{s.communities - s.covered:,}")
    if s.youth_rate != s.youth_rate and s.communities:
        st.caption(t("coverage.youth_rate_undefined"))


def caption_scope(sc, lang: str) -> str:
    """The scope as the page's header names it: the city too when one is chosen
    (范围：四川省 · 成都市)."""
    return labels.scope_label(sc, lang, state.city_label(sc.city_code) or sc.city_code)


def gaps_section(L, sc, radius_m: float, cov: pd.DataFrame, t) -> gaps.GapResult:
    """Gap clustering controls, ranked table and downloads; returns the gaps."""
    g1, g2, g3 = st.columns(3)
    method = g1.selectbox(
        t("coverage.gap.method"),
        gaps.GAP_METHODS,
        key="gap_method",
        placeholder=state.placeholder(gaps.GAP_METHODS),
        format_func=state.option_labels("coverage.gap.method"),
    )
    eps = number_box(
        t("coverage.gap.eps"),
        200,
        20_000,
        gaps.DEFAULT_EPS_M,
        100,
        key="gap_eps",
        disabled=method != "dbscan",
        where=g2,
    )
    ms = number_box(
        t("coverage.gap.min_samples"), 1, 200, gaps.DEFAULT_MIN_SAMPLES, key="gap_ms", where=g3
    )
    with st.spinner(t("coverage.gap.running")):
        gr = gap_result(L, sc, radius_m, cov, float(eps), int(ms), method)
    noise = int(gr.members["gap_id"].isna().sum())
    st.caption(t("coverage.gap.caption", n=gr.n_gaps, noise=noise))
    gcols = list(gaps.GAP_COLUMNS[:1]) + [
        "district",
        "subdistrict",
        "youth_uncovered",
        "communities",
        "area_km2",
        "nearest_home_id",
        "nearest_home_distance_m",
    ]
    names = i18n.render_terms(places.gap_places(gr.members, cov), state.lang())
    named = gr.gaps.merge(names, on="gap_id", how="left")
    table = pd.DataFrame(named[gcols]).round(2)
    tables.dataframe(
        table.rename(columns={c: t(f"coverage.col.{c}") for c in gcols}),
        hide_index=True,
        key="gap_table",
    )
    downloads(named, "gaps", t, "dl_gaps")
    return gr


def in_scope(communities: pd.DataFrame, sc: scope.Scope, ids: list[str]) -> list[str]:
    """The ids among ``ids`` of communities inside the scope ``sc``, in their order."""
    inside = set(scope.apply(communities, sc)["id"].astype(str))
    return [i for i in ids if i in inside]


def pilot_uncovered(national: pd.DataFrame, ids: list[str], t, limit: int = 200) -> None:
    """The uncovered pilot communities by name, county and street, farthest first."""
    pilot = national["id"].astype(str).isin(ids).to_numpy()
    rows = national.loc[pilot & ~national["covered"].to_numpy(dtype=bool)]
    rows = rows.sort_values("distance_m", ascending=False).head(limit)
    cols = [c for c in ("name", "district", "subdistrict", "distance_m", "id") if c in rows]
    table = pd.DataFrame(rows[cols])
    table["distance_m"] = table["distance_m"].replace(np.inf, np.nan).round(0)
    headers = {c: t(f"coverage.pilot.col.{c}") for c in cols}
    tables.dataframe(table.rename(columns=headers), hide_index=True, key="pilot_uncovered")


@st.cache_data(max_entries=4, show_spinner=False)
def read_ids(data: bytes, name: str) -> list[str]:
    """:func:`geo.analysis.coverage.read_ids` on uploaded bytes (cached)."""
    return coverage.read_ids(data, name=name)


SUBSET_COLUMNS = (
    "id",
    "name",
    "province",
    "city",
    "district",
    "youth",
    "distance_m",
    "nearest_home_id",
    "covered",
)


def subset_section(L, radius_m: float, pilot: list[str], lang: str, t) -> None:
    """Coverage of a set of communities: the pilot list or an uploaded subset (ids).

    Shows the same figures as for the scope (communities and youth covered, rates by
    province, per-community distance and nearest Youth Home) and the full-coverage verdict.
    """
    source = st.radio(
        t("coverage.subset.source"),
        ("pilot", "file"),
        format_func=lambda k: i18n.t(f"coverage.subset.source.{k}", lang),
        horizontal=True,
        key="subset_source",
    )
    if source == "pilot":
        if not pilot:
            st.info(t("coverage.pilot_none"))
            return
        ids = pilot
    else:
        file = uploaded(st, t("coverage.subset.file"), "cov_subset_upload")
        if file is None:
            st.info(t("coverage.subset.upload_first"))
            return
        try:
            ids = read_ids(file[1], file[0])
        except InputError as exc:
            data_import.show_input_error(exc, lang)
            return
    national = coverage_frame(L, scope.Scope(), radius_m)
    s = coverage.coverage_summary(national, radius_m, ids)
    metrics(s, t)
    verdict = "full" if s.full else "not_full"
    (st.success if s.full else st.warning)(
        t(f"coverage.subset.{verdict}", n=s.communities, covered=s.covered, radius=radius_m)
    )
    if s.missing_ids:
        missing = ", ".join(s.missing_ids[:20])
        st.warning(t("coverage.subset.missing", n=len(s.missing_ids), ids=missing))
    rows = national.loc[national["id"].astype(str).isin(ids).to_numpy()]
    rows = rows.sort_values(["covered", "distance_m"], ascending=[True, False])
    rates = coverage.coverage_rates(rows, "province")
    rcols = ["name", "communities", "covered", "coverage_rate", "youth_covered", "youth_rate"]
    shares = [c for c in rcols if "rate" in c]  # in percentage points, as the rates table
    pct = st.column_config.NumberColumn(format="%.1f%%")  # above: one decimal in every row
    tables.table(
        rates[rcols]
        .assign(**{c: rates[c] * 100 for c in shares})
        .rename(columns={c: t(f"coverage.col.{c}") for c in rcols}),
        t("coverage.subset.source"),
        "subset_rates",
        hide_index=True,
        column_config={t(f"coverage.col.{c}"): pct for c in shares},
    )
    cols = [c for c in SUBSET_COLUMNS if c in rows.columns]
    table = pd.DataFrame(rows[cols])
    table["distance_m"] = table["distance_m"].replace(np.inf, np.nan).round(1)
    tables.dataframe(
        table.rename(columns={c: t(f"coverage.subset.col.{c}") for c in cols}),
        hide_index=True,
        key="subset_table",
    )
    downloads(rows.assign(distance_m=table["distance_m"]), "subset_coverage", t, "dl_subset")
