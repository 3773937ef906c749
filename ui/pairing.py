"""Streamlit-side helpers of the pairing page: which communities, cached runs, widgets."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.analysis import cobuild, pairing
from geo.core import scope as scope_mod
from geo.core.scope import Scope
from geo.maps import pairing as pmap
from ui import session, state, tables
from ui.numbers import number_box
from ui.parts import saved_partners, saved_pilot

RESULT_KEY = session.PAIRING_RESULT
"""Session key of the pairing page's current :class:`geo.analysis.pairing.PairingResult`."""
COBUILD_KEY = session.PAIRING_COBUILD
"""Session key of the pairing page's co-building table (keyed by ``community_id``)."""
MAX_PAGE_COMMUNITIES = 3_000
"""Communities paired on the page at most when no pilot list is chosen (most populous first)."""
SCHOOL_TYPES: tuple[str, ...] = ("本科", "专科")


def remember(result: pairing.PairingResult, cobuild_table: pd.DataFrame | None = None) -> None:
    """Keep the page's pairing (and co-building table) for the selection page's filing table."""
    st.session_state[RESULT_KEY] = result
    if cobuild_table is not None:
        st.session_state[COBUILD_KEY] = cobuild_table


def session_result() -> pairing.PairingResult | None:
    """The pairing the pairing page computed in this session, if any."""
    value = st.session_state.get(RESULT_KEY)
    return value if isinstance(value, pairing.PairingResult) else None


def session_cobuild() -> pd.DataFrame | None:
    """The co-building table the pairing page computed in this session, if any."""
    value = st.session_state.get(COBUILD_KEY)
    return value if isinstance(value, pd.DataFrame) and "community_id" in value else None


def covered_ids(result: pairing.PairingResult) -> set[str]:
    """Community ids a pairing dealt with (paired, or listed as unpaired with a reason)."""
    ids = set(result.pairs["community_id"].astype(str)) if len(result.pairs) else set()
    if len(result.unpaired) and "community_id" in result.unpaired:
        ids |= set(result.unpaired["community_id"].astype(str))
    return ids


def communities_to_pair(communities: pd.DataFrame, sc: Scope) -> tuple[pd.DataFrame, str, dict]:
    """The communities the page pairs, and which message (key, values) explains the choice."""
    ids = session.pilot_ids()
    if ids:
        chosen = scope_mod.apply(communities[communities["id"].astype(str).isin(ids)], sc)
        return chosen, "pairing.source.selection", {"n": len(chosen)}
    ids, plan = saved_pilot()  # none picked in this session: the saved plan's, if any
    if plan is not None:
        chosen = scope_mod.apply(communities[communities["id"].astype(str).isin(set(ids))], sc)
        if len(chosen):
            return chosen, "pairing.source.plan", {"n": len(chosen), "plan": state.plain(plan)}
    inside = scope_mod.apply(communities, sc)
    if len(inside) > MAX_PAGE_COMMUNITIES:
        top = inside.sort_values("population", ascending=False).head(MAX_PAGE_COMMUNITIES)
        return top, "pairing.source.capped", {"n": len(top), "total": len(inside)}
    return inside, "pairing.source.scope", {"n": len(inside)}


def plan_agreements(
    communities: pd.DataFrame, campuses: pd.DataFrame
) -> tuple[pd.DataFrame | None, int, str | None]:
    """The campus agreements on record of ``communities``: those of the newest saved national
    plan (:func:`ui.parts.saved_pilot`'s plan; a next cycle's carried communities have
    theirs from the cycle before) whose campus ``campuses`` holds (``community_id``,
    ``campus_id``; ``None`` when there is none), how many name a campus it lacks (those
    cannot be drawn nor counted), and the plan's name."""
    agreed, plan = saved_partners()  # the newest plan's: one read, not its pilot list too
    if agreed is None:
        return None, 0, plan
    return *pairing.agreed_pairs(agreed, communities, campuses), plan


def kept_pairs(communities: pd.DataFrame, campuses: pd.DataFrame, t) -> pd.DataFrame | None:  # noqa: ANN001 - the page's t
    """The agreements of :func:`plan_agreements` to keep, as the reader chooses: a switch,
    on by default, says how many and from which plan; those with a campus the layer lacks
    are said so. ``None`` when none is kept."""
    agreed, unknown, plan = plan_agreements(communities, campuses)
    if agreed is None:
        return None
    keep = st.toggle(
        t(
            "pairing.keep_agreed",
            n=len(agreed),
            communities=agreed["community_id"].nunique(),
            plan=state.plain(plan or ""),
        ),
        value=True,
        key="pair_keep_agreed",
        help=t("pairing.keep_agreed_help"),
    )
    if unknown:
        st.caption(t("pairing.agreed_unknown", n=unknown))
    return agreed if keep else None


def kept_token(kept: pd.DataFrame | None) -> tuple[tuple[str, str], ...]:
    """``kept`` (``community_id``, ``campus_id``) as a hashable cache key."""
    if kept is None:
        return ()
    return tuple(kept[["community_id", "campus_id"]].itertuples(index=False, name=None))


def kept_frame(token: tuple[tuple[str, str], ...]) -> pd.DataFrame | None:
    """The pairs of a :func:`kept_token`, as :func:`geo.analysis.pairing.pair` takes them."""
    return pd.DataFrame(list(token), columns=["community_id", "campus_id"]) if token else None


@st.cache_data(max_entries=state.AREA_ENTRIES, show_spinner=False)
def run_pairings(
    _communities: pd.DataFrame,
    _campuses: pd.DataFrame,
    token: tuple,
    capacity: int,
    by_type: tuple[tuple[str, int], ...],
    per_community: int,
    max_km: float,
    penalty_km: float,
    kept: tuple[tuple[str, str], ...] = (),
) -> dict[str, pairing.PairingResult]:
    """Optimal and nearest pairings of the same inputs (cached on ``token``, the options and
    the ``(community_id, campus_id)`` pairs ``kept``)."""
    kwargs = {
        "kept": kept_frame(kept),
        "capacity": capacity,
        "capacity_by_type": dict(by_type) or None,
        "per_community": per_community,
        "max_distance_m": max_km * 1000,
        "other_city_penalty_m": penalty_km * 1000,
        "k": max(pairing.DEFAULT_K, per_community),
    }
    return {m: pairing.pair(_communities, _campuses, method=m, **kwargs) for m in pairing.METHODS}


@st.cache_data(max_entries=state.AREA_ENTRIES, show_spinner=False)
def run_cobuild(
    _communities: pd.DataFrame, _units: pd.DataFrame, token: tuple, radius_m: float
) -> pd.DataFrame:
    """The co-building table (cached on ``token`` and the radius)."""
    return cobuild.cobuild_table(_communities, _units, radius_m)


@st.cache_resource(max_entries=state.AREA_ENTRIES, show_spinner=False)
def _pairing_map(_result, run: tuple, sc, basemap: str, lang: str, base_items: tuple):
    return pmap.pairing_map(_result, sc, basemap, lang, **dict(base_items))


def pairing_map(result, run: tuple, sc, basemap: str, lang: str, base_kwargs: dict):
    """The page's map of ``result``, cached per pairing run (``run``: the inputs' tokens,
    the settings and the method), scope, basemap and language: building it took ~0.37 s of
    every run at a province. Not drawn yet: draw it with ``ui.maps.show`` (a copy)."""
    return _pairing_map(result, run, sc, basemap, lang, tuple(sorted(base_kwargs.items())))


def basemap_and_key() -> tuple[str, dict]:
    """The sidebar basemap, with the Tianditu key when configured (offline otherwise)."""
    basemap = st.session_state.get("basemap", "offline")
    if basemap != "tianditu":
        return basemap, {}
    try:
        key = st.secrets.get("tianditu_key")
    except Exception:  # no secrets.toml at all: Streamlit raises instead of returning None
        key = None
    if not key:
        st.caption(state.t("basemap.tianditu_no_key"))
        return "offline", {}
    return basemap, {"tianditu_key": key}


def settings(t) -> dict:
    """The pairing widgets; returns the options as plain values."""
    st.subheader(t("pairing.settings"))
    c1, c2, c3, c4 = st.columns(4)
    capacity = number_box(
        t("pairing.capacity"), 0, 500, pairing.DEFAULT_CAPACITY, 1, key="pair_capacity", where=c1
    )
    per = number_box(
        t("pairing.per_community"), 1, 5, pairing.DEFAULT_PER_COMMUNITY, 1, key="pair_per", where=c2
    )
    max_km = number_box(
        t("pairing.max_km"),
        1.0,
        200.0,
        pairing.DEFAULT_MAX_DISTANCE_M / 1000,
        1.0,
        key="pair_max_km",
        where=c3,
    )
    penalty = number_box(
        t("pairing.penalty_km"),
        0.0,
        100.0,
        pairing.DEFAULT_OTHER_CITY_PENALTY_M / 1000,
        1.0,
        key="pair_penalty_km",
        help=t("pairing.penalty_help"),
        where=c4,
    )
    by_type: list[tuple[str, int]] = []
    with st.expander(t("pairing.capacity_by_type")):
        if st.checkbox(t("pairing.capacity_by_type"), key="pair_by_type"):
            cols = st.columns(len(SCHOOL_TYPES))
            for col, kind in zip(cols, SCHOOL_TYPES, strict=True):
                cap = number_box(
                    t("pairing.capacity_type", kind=kind),
                    0,
                    500,
                    int(capacity),
                    1,
                    key=f"pair_cap_{kind}",
                    where=col,
                )
                by_type.append((kind, int(cap)))
    method = st.radio(
        t("pairing.method"),
        pairing.METHODS,
        format_func=state.option_labels("pairing.method"),
        horizontal=True,
        key="pair_method",
    )
    return {
        "capacity": int(capacity),
        "by_type": tuple(by_type),
        "per_community": int(per),
        "max_km": float(max_km),
        "penalty_km": float(penalty),
        "method": method,
    }


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def downloads(result: pairing.PairingResult, sheets: dict, t, lang: str) -> None:  # noqa: ANN001 - the page's t
    """The pairing's downloads, each built when clicked (seconds of XLSX on every rerun
    otherwise): the workbook of ``sheets``, the lines as GeoJSON, and the pairs made now
    (not the agreements kept) as a prefilled agreements import file: the committee adds
    the signing days and imports it on the progress page."""
    from geo.export import records as er

    stem = t("pairing.file", method=t(f"pairing.method_short.{result.summary.method}"))
    d1, d2, d3 = st.columns(3)
    d1.download_button(
        t("pairing.download_pairs_xlsx"),
        lambda: tables.workbook(sheets, True, lang),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key="pair_dl_xlsx",
    )
    d2.download_button(
        t("pairing.download_lines"),
        lambda: pairing.lines(result.pairs).to_json(ensure_ascii=False).encode("utf-8"),
        file_name=f"{stem}.geojson",
        mime="application/geo+json",
        key="pair_dl_geojson",
    )
    new = result.summary.pairs - result.summary.kept
    d3.download_button(
        t("pairing.download_agreements", n=new),
        lambda: er.template_xlsx("agreements", lang, er.pairs_as_agreements(result.pairs, lang)),
        file_name=t("pairing.agreements_file") + ".xlsx",
        mime=XLSX_MIME,
        key="pair_agreements_template",
        disabled=new == 0,
        help=t("pairing.download_agreements_help"),
    )


def histogram(hist: pd.DataFrame, t) -> None:
    """The distance histogram (``band``, ``count`` from :func:`geo.analysis.pairing.distance_histogram`)
    as bars in a grid: no chart library to load for one histogram."""
    if not len(hist):  # no pair: said as every empty table says it
        st.caption(t("common.table_empty"))
        return
    band, count = t("pairing.col.band"), t("pairing.histogram.count")
    st.dataframe(
        hist[["band", "count"]].rename(columns={"band": band, "count": count}),
        hide_index=True,
        key="pair_hist",
        height=min(35 * (len(hist) + 1) + 3, 400),
        column_config={
            count: st.column_config.ProgressColumn(
                count, format="%d", min_value=0, max_value=int(hist["count"].max())
            )
        },
    )
