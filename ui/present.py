"""Downloads of the presentation page: the current view as PNG/PDF/HTML/XLSX, the scope's deck."""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st

from geo import story
from geo.dataset import Layers
from geo.export import html as xhtml
from geo.export import pptx as xpptx
from geo.export import static as xstatic
from geo.export import xlsx as xxlsx
from geo.scope import Scope
from ui.state import t
from ui.tables import XLSX_MIME

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


VIEW_FILES: dict[str, str] = {
    "png": "image/png",
    "pdf": "application/pdf",
    "html": "text/html",
    "xlsx": XLSX_MIME,
}
"""The files of the current view, by extension, with their MIME types."""


def view_file(
    kind: str,
    step: story.Step,
    m: folium.Map,
    lang: str,
    simulated: tuple[str, ...] = (),
    seed: int | None = None,
) -> bytes:
    """One file of the current view: the static map (``png``/``pdf``), the offline map
    (``html``) or the view's tables (``xlsx``). No Streamlit call: it runs when clicked.

    Raises
    ------
    ValueError
        If ``kind`` is not one of :data:`VIEW_FILES`.
    """
    if kind in ("png", "pdf"):
        return xstatic.figure_bytes(story.step_figure(step, lang, simulated, seed), kind)
    if kind == "html":
        return xhtml.map_html(m, step.title).encode("utf-8")
    if kind == "xlsx":
        tables, notes = story.step_tables(step, lang)
        return xxlsx.tables_to_xlsx(tables, lang=lang, notes=notes)
    raise ValueError(f"file kind must be one of {', '.join(VIEW_FILES)}, not {kind!r}")


def downloads(
    L: Layers,
    sc: Scope,
    spec: story.StepSpec,
    step: story.Step,
    m: folium.Map,
    i: int,
    lang: str,
    chosen: pd.DataFrame | None,
) -> None:
    """The downloads expander: each file is made when its button is clicked."""
    simulated = tuple(sorted(L.simulated))
    with st.expander(t("present.downloads")):
        stem = f"youthmap_{i + 1}_{spec.kind}"
        for col, (kind, mime) in zip(st.columns(len(VIEW_FILES)), VIEW_FILES.items(), strict=True):
            col.download_button(
                t(f"present.download.{kind}"),
                lambda kind=kind: view_file(kind, step, m, lang, simulated, L.seed),
                f"{stem}.{kind}",
                mime,
                key=f"present_dl_{kind}",
                on_click="ignore",
            )
        if st.button(t("present.make_deck"), key="present_make_deck"):
            bar = st.progress(0.0)
            data = xpptx.DeckInput(
                L.communities, L.youth_homes, L.campuses, chosen, simulated, L.seed
            )
            st.session_state["present_deck"] = (
                sc,
                lang,
                xpptx.build_deck(data, sc, lang=lang, progress=bar.progress),
            )
        deck = st.session_state.get("present_deck")
        if deck and deck[:2] == (sc, lang):
            st.download_button(
                t("present.download.pptx"),
                deck[2],
                "youthmap.pptx",
                PPTX_MIME,
            )
