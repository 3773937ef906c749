"""Cached coverage, gaps and siting state of the coverage page.

The nearest Youth Home of every community is computed once per set of layers (national);
a radius only re-thresholds it, and a scope only filters it. Gaps are cached per
(layers, scope, radius, eps, min_samples, method). A siting run is started by a button and
its result kept in ``st.session_state["coverage_siting"]``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from geo import coverage, gaps, io, scope, siting
from geo.errors import InputError
from ui.scoring import layers_token

SITING_KEY = "coverage_siting"
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}


@st.cache_resource(max_entries=4, show_spinner=False)
def _national(_L, token: tuple) -> pd.DataFrame:
    return coverage.community_coverage(_L.communities, _L.youth_homes, coverage.DEFAULT_RADIUS_M)


def coverage_frame(L, sc, radius_m: float) -> pd.DataFrame:
    """Coverage of the scope's communities at ``radius_m`` (every Youth Home counts)."""
    national = _national(L, layers_token(L))
    return coverage.recover(scope.apply(national, sc), radius_m)


@st.cache_resource(max_entries=8, show_spinner=False)
def _gaps(_cov, token: tuple, sc, radius_m, eps_m, min_samples, method) -> gaps.GapResult:
    return gaps.find_gaps(_cov, eps_m=eps_m, min_samples=min_samples, method=method)


def gap_result(L, sc, radius_m, cov, eps_m, min_samples, method) -> gaps.GapResult:
    """Gaps of the scope's uncovered communities (cached)."""
    return _gaps(cov, layers_token(L), sc, radius_m, eps_m, min_samples, method)


def table_bytes(frame: pd.DataFrame, ext: str) -> bytes:
    """A table as XLSX or GeoJSON bytes, through :func:`geo.io.write_table`."""
    with tempfile.TemporaryDirectory() as tmp:
        return io.write_table(frame, Path(tmp) / f"table.{ext}").read_bytes()


def downloads(frame: pd.DataFrame, stem: str, t, key: str) -> None:
    """XLSX and GeoJSON download buttons for a table (built when clicked)."""
    c1, c2 = st.columns(2)
    for col, ext in ((c1, "xlsx"), (c2, "geojson")):
        col.download_button(
            t(f"common.download_{ext}"),
            lambda ext=ext: table_bytes(frame, ext),
            f"{stem}.{ext}",
            MIME[ext],
            key=f"{key}_{ext}",
            disabled=not len(frame),
        )


def candidates(L, sc, source: str, upload, crs: str, lang: str, t) -> pd.DataFrame:
    """Candidate sites of the scope: communities, resident units, or an uploaded file."""
    if source == "file":
        if upload is None:
            raise InputError.single(t("coverage.site.need_file"))
        return siting.read_candidates(upload.getvalue(), crs=crs, name=upload.name, lang=lang)
    layer = L.communities if source == "communities" else L.resident_units
    return siting.candidates_from(scope.apply(layer, sc))


def run_siting(L, sc, demand: pd.DataFrame, params: dict, cands: pd.DataFrame, t) -> None:
    """Solve the siting model with a progress indicator; keep the result in the session.

    ``demand`` is the scope's communities (or the pilot list for set covering); those
    already covered by a Youth Home are taken out by the model.
    """
    with st.status(t("coverage.site.running"), expanded=True) as status:
        bar = st.progress(0.0, text=t("coverage.site.stage.build"))

        def progress(fraction: float, stage: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=t(f"coverage.site.stage.{stage}"))

        kwargs = {"k": params["k"]} if params["model"] == "max_cover" else {}
        cls = siting.MaxCover if params["model"] == "max_cover" else siting.SetCover
        model = cls.from_layers(demand, cands, params["radius_m"], L.youth_homes, "youth", **kwargs)
        result = model.solve(params["method"], params["time_limit_s"], progress=progress)
        status.update(label=t("coverage.site.done", seconds=result.seconds), state="complete")
    table = model.sites_table(result)
    table["simulated"] = bool(L.simulated & {"communities", "resident_units"})
    st.session_state[SITING_KEY] = {
        "params": {**params, "scope": sc},
        "result": result,
        "table": table,
        "assignment": model.assignment(result),
    }


def siting_state(sc, radius_m: float) -> dict | None:
    """The last siting run, if it was for this scope and radius."""
    run = st.session_state.get(SITING_KEY)
    if run and run["params"]["scope"] == sc and run["params"]["radius_m"] == radius_m:
        return run
    return None


def homes_for_map(L, sc, cov: pd.DataFrame) -> pd.DataFrame:
    """Youth Homes to draw: those in the scope and the nearest of its communities."""
    homes = L.youth_homes
    if sc.level == "national":
        return homes
    keep = homes["id"].isin(cov["nearest_home_id"]) | scope.mask(homes, sc)
    return homes.loc[keep.to_numpy()]


def rates_section(cov: pd.DataFrame, sc, t) -> pd.DataFrame:
    """Level choice, bar chart and table of coverage rates, with downloads."""
    default_level = {"national": 1, "region": 1, "province": 2, "city": 3}[sc.level]
    level = st.radio(
        t("coverage.level"),
        list(coverage.LEVEL_COLUMNS),
        index=default_level,
        format_func=lambda k: t(f"coverage.level.{k}"),
        horizontal=True,
        key="cov_level",
    )
    rates = coverage.coverage_rates(cov, level)
    if level == "region":
        rates["name"] = [t(f"region.{c}") if c in REGION_KEYS else c for c in rates["code"]]
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
    chart = rates.set_index("name")[["coverage_rate", "youth_rate"]].rename(columns=headers)
    st.bar_chart(chart, stack=False, height=260)
    shown = rates[cols].rename(columns=headers)
    pct = {headers[c]: st.column_config.NumberColumn(format="percent") for c in cols if "rate" in c}
    st.dataframe(shown, hide_index=True, key="cov_rates", column_config=pct)
    downloads(rates[cols], "coverage_rates", t, "dl_rates")
    st.caption(t("coverage.download_all"))
    per_community = cov.drop(columns="geometry", errors="ignore")
    per_community["distance_m"] = per_community["distance_m"].replace(np.inf, np.nan).round(1)
    downloads(per_community, "coverage", t, "dl_cov")
    return rates


REGION_KEYS = ("east", "central", "west")


def gaps_section(L, sc, radius_m: float, cov: pd.DataFrame, t) -> gaps.GapResult:
    """Gap clustering controls, ranked table and downloads; returns the gaps."""
    g1, g2, g3 = st.columns(3)
    method = g1.selectbox(
        t("coverage.gap.method"),
        gaps.GAP_METHODS,
        key="gap_method",
        format_func=lambda k: t(f"coverage.gap.method.{k}"),
    )
    eps = g2.number_input(
        t("coverage.gap.eps"),
        200,
        20_000,
        gaps.DEFAULT_EPS_M,
        100,
        key="gap_eps",
        disabled=method != "dbscan",
    )
    ms = g3.number_input(
        t("coverage.gap.min_samples"), 1, 200, gaps.DEFAULT_MIN_SAMPLES, key="gap_ms"
    )
    with st.spinner(t("coverage.gap.running")):
        gr = gap_result(L, sc, radius_m, cov, float(eps), int(ms), method)
    noise = int(gr.members["gap_id"].isna().sum())
    st.caption(t("coverage.gap.caption", n=gr.n_gaps, noise=noise))
    gcols = list(gaps.GAP_COLUMNS[:1]) + [
        "youth_uncovered",
        "communities",
        "area_km2",
        "nearest_home_id",
        "nearest_home_distance_m",
    ]
    table = pd.DataFrame(gr.gaps[gcols]).round(2)
    st.dataframe(
        table.rename(columns={c: t(f"coverage.col.{c}") for c in gcols}),
        hide_index=True,
        key="gap_table",
    )
    downloads(gr.gaps, "gaps", t, "dl_gaps")
    return gr


def siting_section(L, sc, radius_m: float, cov: pd.DataFrame, pilot_ids, lang, t) -> dict | None:
    """Siting controls, the run button with progress, and the result; returns the run."""
    f1, f2, f3 = st.columns(3)
    model = f1.radio(
        t("coverage.site.model"),
        ("max_cover", "set_cover"),
        key="site_model",
        format_func=lambda k: t(f"coverage.site.model.{k}"),
    )
    k = f1.number_input(
        t("coverage.site.k"),
        1,
        2_000,
        siting.DEFAULT_K,
        key="site_k",
        disabled=model != "max_cover",
    )
    source = f2.selectbox(
        t("coverage.site.source"),
        siting.CANDIDATE_SOURCES,
        key="site_source",
        format_func=lambda k: t(f"coverage.site.source.{k}"),
    )
    upload = None
    if source == "file":
        upload = f2.file_uploader(
            t("coverage.site.file"), type=["csv", "xlsx", "geojson", "gpkg", "zip"], key="site_file"
        )
    target = "scope"
    if model == "set_cover" and pilot_ids:
        target = f2.radio(
            t("coverage.site.target"),
            ("scope", "pilot"),
            key="site_target",
            format_func=lambda k: t(f"coverage.site.target.{k}"),
        )
    method = f3.radio(
        t("coverage.site.method"),
        siting.METHODS,
        key="site_method",
        format_func=lambda k: t(f"coverage.site.method.{k}"),
    )
    limit = f3.number_input(t("coverage.site.time_limit"), 1, 600, 30, key="site_limit")
    if sc.level in ("national", "region"):
        st.info(t("coverage.site.need_province"))
    elif st.button(t("coverage.site.run"), type="primary", key="site_run"):
        try:
            cands = candidates(L, sc, source, upload, "wgs84", lang, t)
            demand = cov[cov["id"].isin(pilot_ids)] if target == "pilot" else cov
            params = {
                "model": model,
                "k": int(k),
                "method": method,
                "time_limit_s": float(limit),
                "radius_m": radius_m,
                "source": source,
            }
            run_siting(L, sc, demand, params, cands, t)
        except InputError as exc:
            for p in exc.problems:
                st.error(str(p))
    run = siting_state(sc, radius_m)
    if run:
        show_run(run, t)
    return run


def show_run(run: dict, t) -> None:
    """Summary, bound and gap, uncoverable warning, sites table and downloads of a run."""
    r = run["result"]
    st.markdown(
        t(
            "coverage.site.summary",
            model=t(f"coverage.site.model.{r.model}"),
            solver=r.solver,
            status=t(f"coverage.site.status.{r.status}"),
            n=r.n_sites,
            youth=r.covered_weight,
            communities=r.covered_demand,
            seconds=r.seconds,
        )
    )
    st.caption(
        t(
            "coverage.site.bound",
            objective=r.objective,
            bound="—" if r.bound is None else f"{r.bound:,.1f}",
            gap="—" if r.gap is None else f"{r.gap:.2%}",
        )
    )
    if r.uncoverable:
        ids = ", ".join(r.uncoverable[:20])
        st.warning(t("coverage.site.uncoverable", n=len(r.uncoverable), ids=ids))
    table = run["table"]
    scols = [
        c
        for c in ("order", "id", "name", "lon", "lat", "youth_new", "communities_new")
        if c in table
    ]
    st.dataframe(
        table[scols].rename(columns={c: t(f"coverage.col.{c}") for c in scols}),
        hide_index=True,
        key="site_table",
    )
    downloads(table, "new_sites", t, "dl_sites")
