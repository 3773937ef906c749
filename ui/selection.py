"""Widgets of the quota and selection page (the page stays a short list of steps)."""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.analysis import quota, selection
from geo.core import cells, layers, regions
from geo.core.errors import InputError
from geo.core.scope import Scope
from geo.export import filing, labels
from geo.maps import selection as smap
from ui import session, state, tables
from ui.numbers import number_box

OVERRIDES_KEY = "q_overrides"
CITY_OVERRIDES_KEY = "q_city_overrides"
"""City code to a quota fixed by hand (the province's other cities re-balance)."""
CHANGES_KEY = session.SELECTION_CHANGES


def apply_changes(
    pool: pd.DataFrame,
    pool_key: tuple,
    quotas: dict[str, int],
    cons: selection.Constraints | None,
    changes: list[selection.ManualChange],
    unit_column: str = "quota_unit",
) -> tuple[selection.SelectionResult, selection.SelectionResult, pd.DataFrame]:
    """:func:`geo.analysis.selection.apply_changes`, cached: two picks cost about a second a run.

    ``pool_key`` identifies ``pool`` (e.g. :func:`ui.scoring.scored_key` and the province);
    the other inputs are keyed by value.
    """
    return _apply_changes(
        pool,
        pool_key,
        tuple(sorted((str(k), int(v)) for k, v in quotas.items())),
        tuple(dataclasses.asdict(cons).items()) if cons is not None else None,
        tuple((c.id, c.action, c.reason) for c in changes),
        unit_column,
    )


@st.cache_data(max_entries=state.AREA_ENTRIES, show_spinner=False)
def _apply_changes(
    _pool: pd.DataFrame,
    pool_key: tuple,
    quotas: tuple,
    cons: tuple | None,
    changes: tuple,
    unit_column: str,
) -> tuple[selection.SelectionResult, selection.SelectionResult, pd.DataFrame]:
    return selection.apply_changes(
        _pool,
        dict(quotas),
        selection.Constraints(**dict(cons)) if cons is not None else None,
        [selection.ManualChange(*c) for c in changes],
        unit_column=unit_column,
    )


@st.cache_resource(max_entries=state.AREA_ENTRIES, show_spinner=False)
def _selection_map(_chosen, _view, content: tuple, sc, basemap: str, lang: str):
    return smap.selection_map(_chosen, _view, sc, basemap, lang)


def selection_map(
    chosen: pd.DataFrame, view: pd.DataFrame, scored_key, sc, basemap: str, lang: str
):
    """The page's map of ``chosen`` over the ``view`` candidates, cached per chosen list (ids,
    locks, new-home flags), candidates shown, scores (``scored_key``), scope, basemap and
    language: building it took ~0.4 s of every run at a province. Not drawn yet: draw it
    with ``ui.maps.show_clickable`` (a copy)."""
    flags = tuple(
        tuple(chosen[c].astype(bool)) if c in chosen else None for c in ("locked", "needs_new_home")
    )
    content = (scored_key, tuple(chosen["id"]), tuple(view["id"]), flags)
    return _selection_map(chosen, view, content, sc, basemap, lang)


def quota_editor(cands: pd.DataFrame, t) -> tuple[pd.DataFrame, int, str]:
    """Total, base, minimum, the editable quota table and the totals check.

    Returns
    -------
    table, total, base
    """
    c1, c2, c3 = st.columns(3)
    total = int(
        number_box(t("selection.total"), 1, 100_000, quota.DEFAULT_TOTAL, key="q_total", where=c1)
    )
    base = c2.selectbox(
        t("selection.base"),
        quota.BASES,
        format_func=state.option_labels("selection.base"),
        key="q_base",
        placeholder=state.placeholder(quota.BASES),
    )
    minimum = int(number_box(t("selection.min_per_province"), 0, 1_000, 0, key="q_min", where=c3))
    bases = state.quota_bases(cands)
    available = int(bases["urban_communities"].sum()) if "urban_communities" in bases else 0
    if 0 < available < total:  # e.g. an imported list shorter than the national target
        st.error(t("selection.total_over_candidates", total=total, n=available))
        total = available
    overrides = st.session_state.get(OVERRIDES_KEY, {})
    try:
        table = quota.national_quotas(bases, total, base, minimum, overrides)
    except InputError as exc:
        st.error(state.plain(exc))
        table = quota.national_quotas(bases, total, base, 0)
    table = _region_split(bases, table, total, base, minimum, overrides, t)
    cols = {
        c: t(f"selection.col.{c}") for c in ("unit", "name", "base", "share", "quota", "overridden")
    }
    cols["region"] = t("common.region")
    shown = table.drop(columns=["name_en"]).assign(
        region=[t(f"region.{r}") for r in table["region"]],
        name=table["name_en" if state.lang() == "en" else "name"],
    )
    over = _edit_quotas(table, shown, cols, "q_editor", "unit")
    if over is not None and over != overrides:
        st.session_state[OVERRIDES_KEY] = over
        st.rerun()
    _say_totals(table, total, t)
    q1, q2 = st.columns(2)
    if q1.button(t("selection.reset_quota"), key="q_reset"):
        st.session_state[OVERRIDES_KEY] = {}
        st.session_state.pop("q_editor", None)
        st.rerun()
    q2.download_button(
        t("selection.download_quota"),
        cells.csv_bytes(labels.localize(quota_file(table), state.lang(), places=("name",))),
        labels.sheet("quotas", state.lang()) + ".csv",
        "text/csv",
        key="dl_quota",
    )
    quota_sheet = {t("selection.quota"): shown.rename(columns=cols)}
    tables.xlsx_button(
        quota_sheet,
        labels.sheet("quotas", state.lang()),
        "dl_quota_xlsx",
        container=q2,
        hide_index=True,
    )
    return table, total, base


def quota_file(table: pd.DataFrame) -> pd.DataFrame:
    """The quota table as its CSV holds it: one name column (the English one is what
    :func:`geo.export.labels.localize` writes in English)."""
    return table.drop(columns=["name_en"], errors="ignore")


def _edit_quotas(
    table: pd.DataFrame, shown: pd.DataFrame, cols: dict, editor: str, key: str
) -> dict[str, int] | None:
    """An editable quota column; returns the overrides it holds (``None`` if invalid)."""
    view = shown.rename(columns=cols)
    shares = {}
    if "share" in cols:  # percentage points, two decimals in every row (2.13% above 1.80%;
        view[cols["share"]] = view[cols["share"]] * 100  # "percent" trims each: 1.8%)
        shares = {cols["share"]: st.column_config.NumberColumn(format="%.2f%%")}
    edited = st.data_editor(
        view,
        column_config=tables.number_columns(view, shares),
        hide_index=True,
        disabled=[v for k, v in cols.items() if k != "quota"],
        width="stretch",
        key=editor,
        placeholder=tables.MISSING,
    )
    try:
        return quota.overrides_from_edit(
            table, edited.rename(columns={v: k for k, v in cols.items()}), key=key
        )
    except InputError as exc:
        st.error(state.plain(exc))
        return None


def _say_totals(table: pd.DataFrame, total: int, t) -> None:
    """Whether the quotas add up to the target, in words."""
    ok, diff = quota.totals_check(table, total)
    key = "selection.totals_ok" if ok else "selection.totals_bad"
    (st.success if ok else st.error)(t(key, sum=int(table["quota"].sum()), total=total, diff=diff))


def _region_split(bases, table, total, base, minimum, overrides, t) -> pd.DataFrame:
    """Optional east/central/west split set by hand (the central committee's decision)."""
    from geo.core import regions

    auto = table.groupby("region")["quota"].sum()
    with st.expander(t("selection.region_split")):
        if not st.checkbox(t("selection.region_manual"), key="q_region_manual"):
            tables.table(
                auto.rename(index=lambda r: t(f"region.{r}"))
                .rename_axis(t("common.region"))
                .rename(t("selection.col.quota")),
                t("selection.region_split"),
                "q_region_auto",
            )
            return table
        cols = st.columns(len(regions.REGIONS))
        split = {
            r: int(
                number_box(
                    t(f"region.{r}"),
                    0,
                    100_000,
                    int(auto.get(r, 0)),
                    key=f"q_region_{r}",
                    where=cols[i],
                )
            )
            for i, r in enumerate(regions.REGIONS)
        }
        try:
            return quota.national_quotas(
                bases, total, base, minimum, overrides, region_totals=split
            )
        except InputError as exc:
            st.error(state.plain(exc))
            return table


def scope_unit(cands: pd.DataFrame, sc: Scope) -> tuple[str | None, pd.DataFrame]:
    """The quota unit a province-level scope picks for, and that unit's candidates.

    A province's own communities (Xinjiang's without the XPCC's cities, which file on their
    own line: they once took a share of Xinjiang's quota in its city split), or the XPCC's
    when the scope is its cities (:attr:`geo.core.scope.Scope.quota_unit`); ``None`` above
    a province.
    """
    unit = sc.quota_unit
    if unit is None:
        return None, cands.iloc[:0]
    return unit, cands[quota.quota_unit_of(cands).eq(unit).to_numpy()]


def city_quota_table(
    pool: pd.DataFrame, quotas: dict, province_code: str | None, base: str, t
) -> dict[str, int] | None:
    """A province's quota over its cities (capital and sub-provincial share reserved).

    Shows the table and its download; returns ``{city_code: quota}`` when the user asks to
    pick within the cities' quotas, else ``None``. ``pool`` holds the unit's candidates
    (:func:`scope_unit`); the XPCC's quota is one line, not split.
    """
    if not province_code or not len(pool):
        return None
    if province_code == regions.XPCC_KEY:
        st.caption(t("selection.city_quota_xpcc", n=int(quotas.get(province_code, 0))))
        return None
    st.markdown(f"**{t('selection.city_quota')}**")
    st.caption(t("selection.city_quota_help"))
    c1, c2 = st.columns([2, 1])
    share = c1.slider(
        t("selection.focus_share"), 0.0, 1.0, quota.DEFAULT_FOCUS_SHARE, 0.05, key="q_focus"
    )
    by_city = c2.checkbox(t("selection.by_city"), key="q_by_city")
    target = int(quotas.get(province_code, 0))
    codes = set(pool["city_code"].astype(str).unique())
    saved = st.session_state.get(CITY_OVERRIDES_KEY, {})
    mine = {c: v for c, v in saved.items() if c in codes}
    try:
        ct = quota.city_quotas(pool, target, base, share, overrides=mine)
    except InputError as exc:
        st.error(state.plain(exc))
        try:
            ct = quota.city_quotas(pool, target, base, share)
        except InputError as exc2:
            st.error(state.plain(exc2))
            return None
    names = {
        "city_code": t("selection.col.unit"),
        "city": t("common.city"),
        "focus": t("selection.col.focus"),
        "quota": t("selection.col.quota"),
        "overridden": t("selection.col.overridden"),
    }
    others = {c: v for c, v in saved.items() if c not in codes}  # other provinces' moves
    editor = f"q_city_editor_{province_code}"
    shown = ct.drop(columns=["base"]).assign(  # English city names on English pages
        city=[labels.place_label(c, state.lang()) for c in ct["city"]]
    )
    over = _edit_quotas(ct, shown, names, editor, "city_code")
    if over is not None and over != mine:
        st.session_state[CITY_OVERRIDES_KEY] = {**others, **over}
        st.rerun()
    _say_totals(ct, target, t)
    if c1.button(t("selection.reset_city_quota"), key="q_city_reset"):
        st.session_state[CITY_OVERRIDES_KEY] = others
        st.session_state.pop(editor, None)
        st.rerun()
    c2.download_button(
        t("selection.download_city_quota"),
        cells.csv_bytes(labels.localize(ct, state.lang(), places=("city",))),
        labels.file_stem(t("selection.city_quota")) + ".csv",
        "text/csv",
        key="dl_city_quota",
    )
    city_sheet = {t("selection.city_quota"): shown.rename(columns=names)}
    tables.xlsx_button(
        city_sheet,
        labels.file_stem(t("selection.city_quota")),
        "dl_city_quota_xlsx",
        container=c2,
        hide_index=True,
    )
    return dict(zip(ct["city_code"], ct["quota"].astype(int), strict=True)) if by_city else None


def constraint_controls(t) -> selection.Constraints:
    """The constraint inputs as :class:`geo.analysis.selection.Constraints`."""
    # the Youth Home rule's box wider (its longest choice, "Allow, flag for a new one", was
    # cut) and the campus box too (its Chinese label took two lines); boxes level at the bottom
    k1, k2, k3, k4, k5 = st.columns([1, 1, 1.2, 1.4, 1], vertical_alignment="bottom")
    campus_km = number_box(
        t("selection.campus_within_km"), 0.0, 200.0, 0.0, key="c_campus", where=k3
    )
    return selection.Constraints(
        max_per_county=int(
            number_box(t("selection.max_per_county"), 1, 100, 3, key="c_county", where=k1)
        ),
        min_spacing_m=float(
            number_box(
                t("selection.min_spacing_m"), 0, 50_000, 800, step=100, key="c_space", where=k2
            )
        ),
        campus_within_m=campus_km * 1000 if campus_km > 0 else None,
        home_rule=k4.selectbox(
            t("selection.home_rule"),
            selection.HOME_RULES,
            index=2,
            key="c_home",
            format_func=state.option_labels("selection.home_rule"),
            placeholder=state.placeholder(selection.HOME_RULES),
        ),
        home_within_m=float(
            number_box(
                t("selection.home_within_m"), 0, 20_000, 1_500, step=100, key="c_home_m", where=k5
            )
        ),
    )


def changes() -> list[selection.ManualChange]:
    """The session's manual changes."""
    return [selection.ManualChange(**c) for c in st.session_state.get(CHANGES_KEY, [])]


FIND_LIMIT = 50
"""Most communities a search by name offers (the highest scores first)."""

FIND_MAX_CHARS = 100
"""The longest search read (more is cut off; no Streamlit counter, whose hint is English)."""


def found_ids(in_scope: pd.DataFrame, chosen: object, t) -> list[str]:  # noqa: ANN001 - t
    """A search by name over the scope's communities (:func:`geo.analysis.selection.
    find_communities`): the candidates table lists only the first few hundred by score, and
    a committee knows its communities by name, not id. Returns the ids picked among the
    matches (those ``chosen`` marked so)."""
    text = st.text_input(t("selection.find"), key="sel_find").strip()[:FIND_MAX_CHARS]
    st.caption(t("selection.find_help"))
    if not text:
        return []
    if state.lang() == "en":  # "Chengdu Longquanyi" finds 成都市龙泉驿区's communities
        in_scope = labels.with_english_places(in_scope)
    columns = (*selection.FIND_COLUMNS, "district_en", "city_en")
    found, total = selection.find_communities(in_scope, text, FIND_LIMIT, columns)
    if not total:
        st.info(t("selection.find_none"))
        return []
    if total > len(found):
        st.caption(t("selection.find_more", n=total, shown=len(found)))
    mark = f" · {t('selection.find_chosen')}"
    now = layers.id_mask(found["id"], chosen)
    county = found["district_en"] if "district_en" in found else found.get("district")
    counties = [""] * len(found) if county is None else county.fillna("").astype(str)
    options = {
        str(r.id): f"{r.name} · {c} · {r.id}" + (mark if hit else "")
        for r, c, hit in zip(found.itertuples(index=False), counties, now, strict=True)
    }
    return st.multiselect(
        t("selection.find_pick", n=total),
        list(options),
        format_func=options.get,
        key=f"sel_find_pick:{text}",  # a new search offers new matches, none picked yet
        select_all=False,  # Streamlit's "Select all" is English only
        placeholder=state.placeholder(options, many=True),
    )


def change_controls(ids: list[str], known: pd.Series, current: list, t) -> None:
    """Reason field and lock / exclude / clear buttons acting on ``ids``."""
    reason = st.text_input(t("selection.reason"), key="sel_reason")
    b1, b2, b3 = st.columns(3)
    for col, action in ((b1, "lock"), (b2, "exclude")):
        if col.button(t(f"selection.{action}"), key=f"sel_{action}"):
            if not ids:
                st.error(t("selection.need_ids"))
                continue
            if not reason.strip():
                st.error(t("selection.need_reason"))
                continue
            try:
                new = selection.add_changes(current, ids, action, reason, known=known)
            except InputError as exc:
                st.error(state.plain(exc))
            else:
                st.session_state[CHANGES_KEY] = [c.__dict__ for c in new]
                # the ids and the reason went with this change: the boxes start empty, so
                # neither is given again to the next one unseen
                session.empty_next_run(("sel_ids", "sel_reason", "sel_find"))
                st.rerun()
    if b3.button(t("selection.clear_changes"), key="sel_clear"):
        st.session_state[CHANGES_KEY] = []
        st.rerun()


def diff_display(d: pd.DataFrame, t) -> pd.DataFrame:
    """The diff against the automatic recommendation with catalogue headers and values."""
    out = d.assign(
        change=[t(f"selection.change.{c}") for c in d["change"]],
        action=[t(f"selection.action.{a}") for a in d["action"]],
    )
    names = {c: t(f"selection.col.{c}") for c in ("change", "action", "reason")}
    return out.rename(columns={"id": t("common.id"), **names})


def unit_label(unit: str, lang: str) -> str:
    """A quota unit by name: a province or the XPCC, or a city when a province splits its
    quota over its cities (its code when neither is known)."""
    name = labels.province_name(str(unit), lang)
    if name == str(unit):
        name = state.city_label(str(unit)) or name
    return name


def violations_display(
    v: pd.DataFrame, cands: pd.DataFrame, cons: selection.Constraints, t
) -> pd.DataFrame:
    """The locks that break a constraint, in the page's language: id, name, the constraint
    and what it asks (the library's ``detail`` is English text for the CLI and logs)."""
    names = dict(zip(cands["id"].astype(str), cands["name"], strict=True))
    limits = {
        "max_per_county": cons.max_per_county,
        "min_spacing_m": cons.min_spacing_m,
        "campus_within_m": cons.campus_within_m,
        "home_rule": cons.home_within_m,
        "quota": None,
    }
    return pd.DataFrame(
        {
            t("common.id"): v["id"].astype(str),
            t("common.name"): [names.get(str(i), "") for i in v["id"]],
            t("selection.col.violations"): [t(f"selection.violation.{c}") for c in v["constraint"]],
            t("selection.col.detail"): [
                t(f"selection.violation.{c}.detail", n=f"{limits.get(c) or 0:g}")
                for c in v["constraint"]
            ],
        }
    )


def diff_table(d: pd.DataFrame, t) -> None:
    """The difference from the automatic recommendation, with reasons."""
    if not len(d):
        st.caption(t("selection.diff_none"))
        return
    st.markdown(f"**{t('selection.diff')}**")
    tables.dataframe(diff_display(d, t), hide_index=True, key="diff_table")


def filing_partners(chosen: pd.DataFrame, campuses: pd.DataFrame, t) -> pd.DataFrame | None:
    """Partner campuses for the filing table.

    The pairing page's result of this session when it covers chosen communities (its
    capacity, distance and method settings); otherwise, when the box is ticked,
    :func:`geo.analysis.pairing.pair` with its defaults.
    """
    from ui import pairing as upair

    ids = set(chosen["id"].astype(str))
    res = upair.session_result()
    covered = ids & upair.covered_ids(res) if res is not None else set()
    if covered:
        st.caption(
            t(
                "selection.partners_from_pairing",
                n=len(covered),
                total=len(ids),
                method=t(f"pairing.method.{res.summary.method}"),
            )
        )
        return res.pairs
    if len(chosen) and st.checkbox(t("selection.pair_for_filing"), value=True, key="sel_pair"):
        kept, _, _ = upair.plan_agreements(chosen, campuses)
        if kept is not None:
            st.caption(t("selection.partners_kept", n=len(kept)))
        try:
            return _pairs(
                chosen[["id", "name", "lon", "lat", "city_code"]],
                campuses,
                state.frame_token(campuses),
                upair.kept_token(kept),
            )
        except InputError as exc:
            st.error(state.plain(exc))
    return None


def filing_cobuild(chosen: pd.DataFrame, units: pd.DataFrame) -> Callable[[], pd.DataFrame | None]:
    """The co-building table of the chosen communities, as a function that builds it.

    The pairing page's table (its radius) when it covers every chosen community, else
    one at :data:`geo.analysis.cobuild.DEFAULT_RADIUS_M`. The session is read now; the
    table is built when the filing is downloaded: finding the units within reach of a
    province's pick made each rerun that changed the pick (a lock, an exclusion, a quota)
    0.1-0.2 s slower here, and a province's first run 1.2 s, for a file most reruns never
    write.
    """
    from ui import pairing as upair

    if not len(chosen) or units is None or not len(units):
        return lambda: None
    ids = chosen["id"].astype(str)
    session = upair.session_cobuild()
    if session is not None and layers.id_mask(ids, session["community_id"].astype(str)).all():
        co: pd.DataFrame | None = session
        places = None
    else:
        co, places = None, chosen[["id", "name", "lon", "lat"]].copy()

    def build() -> pd.DataFrame | None:
        from geo.analysis import cobuild

        table = co
        if table is None:
            try:
                table = cobuild.cobuild_table(places, units)
            except InputError:
                return None
        table = table[table["community_id"].astype(str).isin(set(ids))]
        return table.drop_duplicates("community_id").reset_index(drop=True)

    return build


def exports(
    chosen: pd.DataFrame,
    L,
    weights: pd.DataFrame,
    reasons: dict,
    d: pd.DataFrame,
    t,
    home_near_m: float,
) -> None:
    """Download buttons for the filing table (XLSX) and the chosen list (GeoJSON, GPKG).

    The filing table takes partner campuses from :func:`filing_partners`, co-building
    counts from :func:`filing_cobuild`, and the manual changes ``d`` (the diff against
    the automatic recommendation, with reasons) on a sheet of their own; its Youth Home
    column reads "nearby" within ``home_near_m``, the pick's own rule. The files are built
    when a button is clicked, not on every rerun (the XLSX takes about 0.3 s).
    """
    from geo import i18n

    partners = filing_partners(chosen, L.campuses, t)
    cobuild = filing_cobuild(chosen, L.resident_units)
    from ui import areas as uareas

    lang = state.lang()  # the file is built when clicked, outside the script run
    # the simulated-data note only where simulated rows are listed; each area's own real
    # list the rows come from is named
    notes, simulated = uareas.list_notes(chosen["id"], lang)
    homes_simulated = "youth_homes" in L.simulated  # the Youth Home column was measured on it

    def xlsx() -> bytes:
        co = cobuild()
        table = filing.filing_table(
            chosen,
            partners=partners,
            lang=lang,
            changes=reasons,
            home_near_m=home_near_m,
            cobuild=co,
        )
        k = 2 if lang == "en" else 1  # the filing's own headers of its place columns
        where = [c[k] for c in filing.FILING_COLUMNS if c[0] in labels.PLACE_COLUMNS]
        table = labels.localize_values(table, lang, where)
        return filing.filing_xlsx(
            table,
            weights=labels.localize(weights.drop(columns="key", errors="ignore"), lang),
            simulated=simulated,
            lang=lang,
            cobuild=co,  # shown in lang by the writer
            adjustments=diff_display(d, lambda k, **v: i18n.t(k, lang, **v)),
            notes=notes,
            simulated_homes=homes_simulated,
        )

    e1, e2, e3 = st.columns(3)
    e1.download_button(
        t("selection.download_filing"),
        xlsx,
        t("selection.filing_file"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dl_filing",
    )
    for col, ext, mime in (
        (e2, "geojson", "application/geo+json"),
        (e3, "gpkg", "application/geopackage+sqlite3"),
    ):
        col.download_button(
            t(f"selection.download_{ext}"),
            lambda ext=ext: _chosen_bytes(chosen, ext),
            f"{labels.sheet('chosen', state.lang())}.{ext}",
            mime,
            key=f"dl_{ext}",
            disabled=not len(chosen),
        )


def _chosen_bytes(chosen: pd.DataFrame, ext: str) -> bytes:
    """The chosen list as GeoJSON or GeoPackage bytes (built when the download is clicked)."""
    with tempfile.TemporaryDirectory() as tmp:
        return filing.write_chosen(chosen, Path(tmp) / f"chosen.{ext}").read_bytes()


@st.cache_data(max_entries=state.AREA_ENTRIES, show_spinner=False)
def _pairs(
    chosen: pd.DataFrame, _campuses: pd.DataFrame, token: tuple, kept: tuple = ()
) -> pd.DataFrame:
    """Default pairing of ``chosen``, keeping the ``(community_id, campus_id)`` agreements
    ``kept``; ``token`` keys the campuses (an imported campus layer must not get the
    embedded layer's cached pairs)."""
    from geo.analysis import pairing
    from ui.pairing import kept_frame

    return pairing.pair(chosen, _campuses, kept=kept_frame(kept)).pairs
