"""The siting tab of the coverage page: model choice, candidates, the run and its result.

Five models (:mod:`geo.siting.catalog`) share one form: ``k`` where the model takes it,
exactly ``k``, a capacity for the capacitated model, and what existing Youth Homes are —
already covering their communities (default), or sites that must stay, counted in ``k``.
A run is started by a button, shows its stages, and is kept in
the session under :data:`ui.session.SITING` for the tab and the map. The status shown is
the model's checked claim, with HiGHS's own words when it ran.

Test hook (AppTest cannot drive ``st.file_uploader``): when no file is uploaded, the
candidates uploader reads ``st.session_state["site_upload"]``,
``{"name": file name, "data": bytes}``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import i18n, siting
from geo.core import scope
from geo.core.crs import CRS_NAMES
from geo.core.errors import InputError
from geo.dataset import places
from geo.siting import catalog
from ui import data_import, session, state, tables
from ui.coverage import downloads, uploaded
from ui.numbers import number_box

SITING_KEY = session.SITING

MODEL_NAMES: tuple[str, ...] = tuple(cls.model_name for cls in catalog.MODELS.values())
"""The models as results name them (``max_cover`` …), in the CLI's order."""

TAKES_K = ("max_cover", "p_median", "capacitated_max_cover")
COVERS_ALL = ("set_cover", "backup_cover")
ASSIGNS = ("p_median", "capacitated_max_cover")


DEFAULT_CAPACITY = 20_000
"""Default youth one Youth Home serves in the capacitated model."""


@st.cache_data(max_entries=4, show_spinner=False)
def read_candidates(data: bytes, name: str, crs: str, mapping: tuple) -> pd.DataFrame:
    """:func:`geo.siting.read_candidates` on uploaded bytes, cached on every parameter."""
    return siting.read_candidates(data, crs=crs, mapping=dict(mapping), name=name)


def candidate_file(container, lang: str, t) -> pd.DataFrame | None:
    """Upload, CRS choice and column mapping of a candidate-sites file; its sites or ``None``.

    Problems (file, row as in Excel, column) are shown at once, before any solve.
    """
    file = uploaded(container, t("coverage.site.file"), "site_upload")
    crs = container.selectbox(
        t("data.crs"),
        CRS_NAMES,
        format_func=lambda k: i18n.t(f"data.crs.{k}", lang),
        key="site_crs",
        placeholder=state.placeholder(CRS_NAMES, lang_=lang),
    )
    if file is None:
        return None
    name, data = file
    try:
        columns = data_import.file_headers(data, name, None)
        with st.expander(t("coverage.site.mapping", name=name)):
            mapping = data_import.mapping_editor(
                columns, "resident_units", lang, key=f"site_mapping_{name}"
            )
        sites = read_candidates(data, name, crs, mapping)
    except InputError as exc:
        data_import.show_input_error(exc, lang)
        return None
    st.caption(t("coverage.site.file_read", n=len(sites), name=name, crs=t(f"data.crs.{crs}")))
    return sites


def candidates(L, sc, source: str, file_sites: pd.DataFrame | None, t) -> pd.DataFrame:
    """Candidate sites of the scope: communities, resident units, or the uploaded file."""
    if source == "file":
        if file_sites is None:
            raise InputError.single("coverage.site.need_file")
        return file_sites
    layer = L.communities if source == "communities" else L.resident_units
    return siting.candidates_from(scope.apply(layer, sc))


def run_siting(L, sc, demand: pd.DataFrame, params: dict, cands: pd.DataFrame, t) -> None:
    """Solve the chosen model with a progress indicator; keep the result in the session.

    ``demand`` is the scope's communities (or the pilot list when covering all); existing
    Youth Homes either take out the communities they cover, or those in the scope are
    required sites counted in ``k``.
    """
    homes = L.youth_homes
    required = scope.apply(homes, sc) if params["homes"] == "required" else None
    with st.status(t("coverage.site.running"), expanded=True) as status:
        bar = st.progress(0.0, text=t("coverage.site.stage.build"))

        def progress(fraction: float, stage: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=t(f"coverage.site.stage.{stage}"))

        model = catalog.from_layers(
            catalog.CODES[params["model"]],
            demand,
            cands,
            radius_m=params["radius_m"],
            existing=None if required is not None else homes,
            required=required,
            k=params["k"] if params["model"] in TAKES_K else None,
            exactly_k=params["exactly_k"],
            capacity=params["capacity"] if params["model"] == "capacitated_max_cover" else None,
        )
        result = model.solve(params["method"], params["time_limit_s"], progress=progress)
        status.update(label=t("coverage.site.done", seconds=result.seconds), state="complete")
    table = model.sites_table(result)
    table["simulated"] = bool(L.simulated & {"communities", "resident_units"})
    session.put(
        SITING_KEY,
        {
            "params": {**params, "scope": sc},
            "result": result,
            "table": table,
            "assignment": model.assignment(result),
        },
    )


def siting_state(sc, radius_m: float) -> dict | None:
    """The last siting run, if it was for this scope and radius."""
    run = session.get(SITING_KEY)
    if run and run["params"]["scope"] == sc and run["params"]["radius_m"] == radius_m:
        return run
    return None


def _model_controls(col, t) -> dict:
    """Model, k, exactly k and capacity."""
    model = col.radio(
        t("coverage.site.model"),
        MODEL_NAMES,
        key="site_model",
        format_func=state.option_labels("coverage.site.model"),
    )
    k = number_box(
        t("coverage.site.k"),
        1,
        2_000,
        siting.DEFAULT_K,
        key="site_k",
        disabled=model not in TAKES_K,
        where=col,
    )
    exactly = col.checkbox(
        t("coverage.site.exactly_k"),
        key="site_exactly_k",
        disabled=model not in ("max_cover", "capacitated_max_cover"),
    )
    capacity = number_box(
        t("coverage.site.capacity"),
        1,
        10_000_000,
        DEFAULT_CAPACITY,
        100,
        key="site_capacity",
        disabled=model != "capacitated_max_cover",
        where=col,
    )
    return {"model": model, "k": int(k), "exactly_k": bool(exactly), "capacity": float(capacity)}


def _source_controls(col, params: dict, pilot_ids, lang: str, t) -> tuple[str, object, str]:
    """Candidate source (and file), the communities to cover, what existing homes are."""
    source = col.selectbox(
        t("coverage.site.source"),
        siting.CANDIDATE_SOURCES,
        key="site_source",
        placeholder=state.placeholder(siting.CANDIDATE_SOURCES),
        format_func=state.option_labels("coverage.site.source"),
    )
    file_sites = candidate_file(col, lang, t) if source == "file" else None
    target = "scope"
    if params["model"] in COVERS_ALL and pilot_ids:
        target = col.radio(
            t("coverage.site.target"),
            ("scope", "pilot"),
            key="site_target",
            format_func=state.option_labels("coverage.site.target"),
        )
    params["homes"] = col.radio(
        t("coverage.site.homes"),
        ("cover", "required"),
        key="site_homes",
        format_func=state.option_labels("coverage.site.homes"),
    )
    return source, file_sites, target


def siting_section(L, sc, radius_m: float, cov: pd.DataFrame, pilot_ids, lang, t) -> dict | None:
    """Siting controls, the run button with progress, and the result; returns the run."""
    f1, f2, f3 = st.columns(3)
    params = _model_controls(f1, t)
    source, file_sites, target = _source_controls(f2, params, pilot_ids, lang, t)
    method = f3.radio(
        t("coverage.site.method"),
        siting.METHODS,
        key="site_method",
        format_func=state.option_labels("coverage.site.method"),
    )
    limit = number_box(t("coverage.site.time_limit"), 1, 600, 30, key="site_limit", where=f3)
    params.update(method=method, time_limit_s=float(limit), radius_m=radius_m, source=source)
    if sc.level in ("national", "region"):
        st.info(t("coverage.site.need_province"))
    elif st.button(t("coverage.site.run"), type="primary", key="site_run"):
        try:
            cands = candidates(L, sc, source, file_sites, t)
            demand = cov[cov["id"].isin(pilot_ids)] if target == "pilot" else cov
            run_siting(L, sc, demand, params, cands, t)
        except InputError as exc:
            for p in exc.problems:
                st.error(state.plain(p))
    run = siting_state(sc, radius_m)
    if run:
        show_run(run, t)
    return run


def solver_label(solver: str, t) -> str:
    """A siting run's solver in the page's language: the heuristics by the catalogue,
    HiGHS (``"highs <version>"``) by its own name."""
    words = catalog.solver_words(solver)
    return t(words.key) if isinstance(words, i18n.Term) else words


def status_label(result: siting.SitingResult, t) -> str:
    """The checked status in the page's language, with HiGHS's own words when it ran;
    a status this page does not know is shown as it came."""
    key = f"coverage.site.status.{result.status}"
    status = t(key) if i18n.has(key) else result.status
    if result.solver_status and result.status != "heuristic":
        return t("coverage.site.status.solver", status=status, words=result.solver_status)
    return status


SUMMARY_KEYS = {
    (False, False): "coverage.site.summary",
    (True, False): "coverage.site.summary_assign",
    (False, True): "coverage.site.summary_required",
    (True, True): "coverage.site.summary_assign_required",
}
"""The summary line by (model assigns communities, some sites were required homes)."""


def _summary(r: siting.SitingResult, t) -> None:
    """The run's line: its new sites and what they add, the homes that had to stay apart
    (they are not proposed, and what they cover is not new)."""
    st.markdown(
        t(
            SUMMARY_KEYS[(r.model in ASSIGNS, bool(r.required))],
            model=t(f"coverage.site.model.{r.model}"),
            solver=solver_label(r.solver, t),
            status=status_label(r, t),
            n=r.n_new,
            kept=len(r.required),
            youth=r.new_weight,
            communities=r.new_demand,
            seconds=r.seconds,
        )
    )
    st.caption(
        t(
            "coverage.site.bound_of",
            what=t(f"coverage.site.objective.{r.model}"),
            objective=r.objective,
            bound="—" if r.bound is None else f"{r.bound:,.1f}",
            gap="—" if r.gap is None else f"{r.gap:.2%}",
        )
    )
    if "backup_demand" in r.extra:
        st.caption(t("coverage.site.extra.backup", n=int(r.extra["backup_demand"]), p=r.n_sites))
    if "mean_distance" in r.extra:
        st.caption(t("coverage.site.extra.median", d=r.extra["mean_distance"]))
    if "highs_load_s" in r.extra:  # too little time left to hand HiGHS the model
        st.warning(t("coverage.site.extra.highs_skipped", load=r.extra["highs_load_s"]))
    if "listed_demand" in r.extra:  # the time limit cut the p-median's lists short
        st.warning(
            t("coverage.site.extra.listed", n=int(r.extra["listed_demand"]), total=r.n_demand)
        )


def show_run(run: dict, t) -> None:
    """Summary, bound and gap, uncoverable warning, sites table and downloads of a run."""
    r = run["result"]
    _summary(r, t)
    if r.uncoverable:
        ids = ", ".join(r.uncoverable[:20])
        st.warning(t("coverage.site.uncoverable", n=len(r.uncoverable), ids=ids))
    table = run.get("named_table")
    if table is None:  # district and street of each site, worked out once per run
        communities = state.layers().communities
        table = run["named_table"] = places.with_place_names(run["table"], communities)
    shown = (
        "order", "id", "name", "district", "subdistrict", "lon", "lat", "required", "youth_new",
        "communities_new", "youth_served", "communities_served",  # the models that assign
    )  # fmt: skip
    scols = [c for c in (*shown, "capacity", "mean_distance") if c in table]
    headers = {c: t(f"coverage.col.{c}") for c in scols}
    tables.dataframe(table[scols].rename(columns=headers), hide_index=True, key="site_table")
    downloads(table, "new_sites", t, "dl_sites")
