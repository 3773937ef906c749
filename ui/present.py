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
    """The downloads expander: files are made on request and kept for the same view."""
    simulated = tuple(sorted(L.simulated))
    with st.expander(t("present.downloads")):
        stem = f"youthmap_{i + 1}_{spec.kind}"
        if st.button(t("present.make_static"), key="present_make"):
            fig = story.step_figure(step, lang, simulated, L.seed)
            tables = {layer.label: layer.frame for layer in step.layers if len(layer.frame)}
            st.session_state["present_files"] = {
                "key": (spec, lang),
                "png": xstatic.figure_bytes(fig, "png"),
                "pdf": xstatic.figure_bytes(fig, "pdf"),
                "html": xhtml.map_html(m, step.title).encode("utf-8"),
                "xlsx": xxlsx.tables_to_xlsx(tables or {step.title: pd.DataFrame()}, lang=lang),
            }
        files = st.session_state.get("present_files")
        if files and files["key"] == (spec, lang):
            c1, c2, c3, c4 = st.columns(4)
            c1.download_button(t("present.download.png"), files["png"], f"{stem}.png", "image/png")
            c2.download_button(
                t("present.download.pdf"), files["pdf"], f"{stem}.pdf", "application/pdf"
            )
            c3.download_button(
                t("present.download.html"), files["html"], f"{stem}.html", "text/html"
            )
            c4.download_button(
                t("present.download.xlsx"),
                files["xlsx"],
                f"{stem}.xlsx",
                XLSX_MIME,
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
