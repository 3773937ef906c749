"""Cached scoring state shared by the scoring and selection pages.

The indicator frame is computed once per set of layers (national, every community); the
score once per (layers, weights, method, normalisation). The scoring page writes the
current settings to the session (:data:`ui.session.SCORING_SETTINGS`); the selection page reads
them, so it picks from the scoring page's result (default: weighted sum, default weights).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from geo import i18n
from geo.analysis import indicators as ind
from geo.analysis import scoring
from geo.core import cells
from geo.core.errors import InputError
from geo.export import labels
from ui import session, state

SETTINGS_KEY = session.SCORING_SETTINGS


def _census() -> pd.DataFrame | None:
    try:
        from geo import dataset

        return dataset.load_census()
    except (ImportError, FileNotFoundError, OSError, AttributeError):
        return None


@st.cache_resource(max_entries=4, show_spinner=False)
def _indicators(_L, token: tuple) -> pd.DataFrame:
    return ind.compute(_L.communities, _L.youth_homes, _L.campuses, _L.resident_units, _census())


def indicators(L) -> pd.DataFrame:
    """The national indicator frame of the session's layers (cached)."""
    return _indicators(L, state.layers_token())


@st.cache_resource(max_entries=8, show_spinner=False)
def _scored(_L, token: tuple, weights: tuple, method: str, normalise: str):
    frame = _indicators(_L, token)
    result = scoring.score(frame, dict(weights), method, normalise)
    return scoring.candidates(frame, result), result


def settings() -> dict:
    """Current weights, method and normalisation (the scoring page's, or the defaults)."""
    return st.session_state.get(
        SETTINGS_KEY,
        {"weights": dict(ind.DEFAULT_WEIGHTS), "method": "weighted", "normalise": "minmax"},
    )


def scored_key(L, current: dict | None = None) -> tuple:
    """The cache key of :func:`scored`: layers token, weights, method, normalisation."""
    s = current or settings()
    weights = tuple(sorted((k, float(v)) for k, v in s["weights"].items() if v > 0))
    return state.layers_token(), weights, s["method"], s["normalise"]


def scored(L, current: dict | None = None):
    """``(candidates, ScoreResult)`` for the current settings, scored nationally (cached)."""
    return _scored(L, *scored_key(L, current))


def weight_controls(items: list, method: str, normalise: str, t, lang: str) -> dict[str, float]:
    """Weight sliders (one per indicator), presets save/load and reset; returns the weights."""
    from geo.analysis import presets

    pdir = presets.default_dir()
    with st.expander(t("scoring.weights"), expanded=True):
        st.caption(t("scoring.entropy_note") if method == "entropy" else t("scoring.weights_help"))
        cols = st.columns(3)
        for n, i in enumerate(items):
            arrow = "↑" if i.direction == "benefit" else "↓"
            cols[n % 3].slider(
                f"{i18n.text(i.term, lang)} {arrow}",
                0.0,
                1.0,
                step=0.05,
                key=f"w_{i.key}",
                help=t(f"scoring.direction.{i.direction}"),
            )
        b1, b2, b3, b4 = st.columns([2, 1, 2, 1])
        if "preset_error" in st.session_state:
            st.error(st.session_state.pop("preset_error"))
        name = b1.text_input(t("scoring.preset_name"), key="preset_name")
        if b2.button(t("scoring.preset_save"), key="preset_save"):
            if not name.strip():  # the click did nothing and said nothing
                st.error(t("scoring.preset_need_name"))
            else:
                w = {
                    i.key: st.session_state[f"w_{i.key}"]
                    for i in items
                    if st.session_state[f"w_{i.key}"] > 0
                }
                replaced = name.strip() in presets.names(pdir)
                presets.save(pdir, presets.Preset(name.strip(), w, method, normalise))
                said = "scoring.preset_replaced" if replaced else "scoring.preset_saved"
                st.success(t(said, name=state.plain(name.strip())))
        saved = presets.names(pdir)
        if saved:
            b3.selectbox(
                t("scoring.preset_pick"),
                saved,
                key="preset_pick",
                placeholder=state.placeholder(saved),
            )
        else:
            b3.caption(t("scoring.preset_none"))
        b4.button(
            t("scoring.preset_load"),
            key="preset_load",
            disabled=not saved,
            on_click=_load_preset,
            args=(pdir, [i.key for i in items]),
        )
        st.button(
            t("scoring.reset"),
            key="weights_reset",
            on_click=_set_weights,
            args=(ind.DEFAULT_WEIGHTS, [i.key for i in items]),
        )
    return {i.key: float(st.session_state[f"w_{i.key}"]) for i in items}


def _set_weights(weights: dict, keys: list[str]) -> None:
    for k in keys:
        st.session_state[f"w_{k}"] = float(weights.get(k, 0.0))


def _load_preset(directory, keys: list[str]) -> None:
    """Button callback (runs before the widgets exist, so it may set their values)."""
    from geo.analysis import presets

    try:
        p = presets.load(directory, st.session_state.get("preset_pick", ""))
    except InputError as exc:
        st.session_state["preset_error"] = state.plain(exc)
        return
    _set_weights(p.weights, keys)
    st.session_state["scoring_method"] = p.method
    st.session_state["scoring_normalise"] = p.normalise


def contribution_bars(explained: pd.DataFrame, t) -> dict:
    """Column config drawing each indicator's contribution (from :func:`geo.analysis.scoring.explain`)
    as a bar in its cell: the explanation table is its own bar chart, with no chart library
    to load (a Vega chart beside it cost the page about a second of browser time)."""
    values = explained["contribution"].astype(float)
    top = float(values.max()) if len(values) and np.isfinite(values.max()) else 1.0
    header = t("scoring.col.contribution")
    share = t("scoring.col.share")  # percentage points, one decimal in every row
    return {
        header: st.column_config.ProgressColumn(
            header,
            format="%.4f",
            min_value=min(0.0, float(values.min())) if len(values) else 0.0,
            max_value=top if top > 0 else 1.0,
            width="medium",
        ),
        share: st.column_config.NumberColumn(share, format="%.1f"),
    }


def headers(frame: pd.DataFrame, t, prefix: str = "scoring.col.") -> pd.DataFrame:
    """``frame`` with catalogue headers and its coded values in words.

    ``direction``, ``unit``, ``method`` and ``normalise`` codes and the ``source`` of
    each indicator (by ``key``) go through the catalogue; so do the "max"/"mean" rows of
    the sensitivity table.
    """
    out = frame.copy()
    if "direction" in out:
        out["direction"] = [t(f"scoring.direction.{d}") for d in out["direction"]]
    if "unit" in out:
        out["unit"] = [t(f"scoring.unit.{u or 'imported'}") for u in out["unit"]]
    for col in ("method", "normalise"):
        if col in out:
            out[col] = [t(f"scoring.{col}.{v}") for v in out[col]]
    if "source" in out and "key" in out:
        out["source"] = [_source(k, t) for k in out["key"]]
    if "share" in out:  # of the score, in percentage points beside its "(%)" header: 9.0
        out["share"] = out["share"].astype(float) * 100  # reads better than 0.0896
    if "changed" in out:  # counts, and one mean of counts: 5 and 4.6, never "5.0"
        out["changed"] = [count_text(v) for v in out["changed"]]
    if "change" in out:
        out["change"] = [
            f"{v.rsplit(' ', 1)[0]} {t('scoring.sens.' + v.rsplit(' ', 1)[1])}"
            if str(v).endswith((" max", " mean"))
            else v
            for v in out["change"]
        ]
    return out.rename(columns={c: t(f"{prefix}{c}") for c in out.columns if c != "key"}).drop(
        columns=["key"], errors="ignore"
    )


def count_text(value: object) -> str:
    """A count as text: whole numbers without decimals (5), others with one (4.6)."""
    x = float(value)  # type: ignore[arg-type]
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.1f}"


def _source(key: str, t) -> str:
    """Where an indicator comes from, in the user's language."""
    from geo import i18n

    if key.startswith("units_") and key != "units_within":
        kind = next((z for z, k in ind.UNIT_TYPE_KEYS.items() if f"units_{k}" == key), key)
        return t("scoring.source.units_type", kind=t(f"cobuild.type.{kind}"))
    if key in ind.BY_KEY and i18n.has(f"scoring.source.{key}"):
        return t(f"scoring.source.{key}")
    return t("scoring.source.imported")


def in_rank_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by national rank (a positional take; faster than ``sort_values`` on 110,000 rows)."""
    import numpy as np

    return frame.iloc[np.argsort(frame["rank"].to_numpy(), kind="stable")]


def scores_csv(
    view: pd.DataFrame,
    columns: list[str],
    headers: dict[str, str] | None = None,
    lang: str = "zh",
) -> bytes:
    """The ranking as CSV bytes (built only when the download is clicked; text cells made
    safe for spreadsheets, :func:`geo.core.cells.csv_bytes`), with ``headers`` (the
    ranking's, as on screen) over the catalogue's and values in ``lang``."""
    cols = ["id", *[c for c in columns if c in view]]
    shown = labels.localize_values(view[cols], lang)
    names = headers or {}
    return cells.csv_bytes(
        shown.rename(columns={c: names.get(c) or labels.header(c, lang) for c in cols})
    )
