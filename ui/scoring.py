"""Cached scoring state shared by the scoring and selection pages.

The indicator frame is computed once per set of layers (national, every community); the
score once per (layers, weights, method, normalisation). The scoring page writes the
current settings to ``st.session_state["scoring_settings"]``; the selection page reads
them, so it picks from the scoring page's result (default: weighted sum, default weights).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import indicators as ind
from geo import scoring

SETTINGS_KEY = "scoring_settings"


def layers_token(L) -> tuple:
    """A cheap identity of the session's layers (changes when one is replaced)."""
    return tuple(
        (n, id(L.get(n)), len(L.get(n)))
        for n in ("communities", "youth_homes", "campuses", "resident_units")
    )


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
    return _indicators(L, layers_token(L))


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


def scored(L, current: dict | None = None):
    """``(candidates, ScoreResult)`` for the current settings, scored nationally (cached)."""
    s = current or settings()
    weights = tuple(sorted((k, float(v)) for k, v in s["weights"].items() if v > 0))
    return _scored(L, layers_token(L), weights, s["method"], s["normalise"])


def weight_controls(items: list, method: str, normalise: str, t, lang: str) -> dict[str, float]:
    """Weight sliders (one per indicator), presets save/load and reset; returns the weights."""
    from geo import presets

    pdir = presets.default_dir()
    with st.expander(t("scoring.weights"), expanded=True):
        st.caption(t("scoring.entropy_note") if method == "entropy" else t("scoring.weights_help"))
        cols = st.columns(3)
        for n, i in enumerate(items):
            arrow = "↑" if i.direction == "benefit" else "↓"
            cols[n % 3].slider(
                f"{i.label(lang)} {arrow}",
                0.0,
                1.0,
                step=0.05,
                key=f"w_{i.key}",
                help=t(f"scoring.direction.{i.direction}"),
            )
        b1, b2, b3, b4 = st.columns([2, 1, 2, 1])
        name = b1.text_input(t("scoring.preset_name"), key="preset_name")
        if b2.button(t("scoring.preset_save"), key="preset_save") and name.strip():
            w = {
                i.key: st.session_state[f"w_{i.key}"]
                for i in items
                if st.session_state[f"w_{i.key}"] > 0
            }
            presets.save(pdir, presets.Preset(name.strip(), w, method, normalise))
            st.success(t("scoring.preset_saved", name=name.strip()))
        saved = presets.names(pdir)
        pick = b3.selectbox(t("scoring.preset_pick"), saved or [""], key="preset_pick")
        if b4.button(t("scoring.preset_load"), key="preset_load", disabled=not saved):
            p = presets.load(pdir, pick)
            for i in items:
                st.session_state[f"w_{i.key}"] = float(p.weights.get(i.key, 0.0))
            st.session_state["scoring_method"] = p.method
            st.session_state["scoring_normalise"] = p.normalise
            st.rerun()
        if st.button(t("scoring.reset"), key="weights_reset"):
            for i in items:
                st.session_state[f"w_{i.key}"] = float(ind.DEFAULT_WEIGHTS.get(i.key, 0.0))
            st.rerun()
    return {i.key: float(st.session_state[f"w_{i.key}"]) for i in items}


def headers(frame: pd.DataFrame, t, prefix: str = "scoring.col.") -> pd.DataFrame:
    """``frame`` with catalogue headers and translated ``direction`` values."""
    out = frame.copy()
    if "direction" in out:
        out["direction"] = [t(f"scoring.direction.{d}") for d in out["direction"]]
    return out.rename(columns={c: t(f"{prefix}{c}") for c in out.columns if c != "key"}).drop(
        columns=["key"], errors="ignore"
    )
