"""Presentation page helpers: full-screen mode, and the downloads of the current view
(PNG/PDF/HTML/XLSX) and of the scope's deck, with the map approval number and sources."""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st

from geo import i18n
from geo.core.scope import Scope
from geo.dataset import Layers
from geo.export import html as xhtml
from geo.export import labels, story
from geo.export import pptx as xpptx
from geo.export import static as xstatic
from ui.state import t
from ui.tables import XLSX_MIME

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

FULLSCREEN_KEY = "present_fullscreen"
"""Session key of the full-screen switch."""

WINDOW_CSS = """<style>
[data-testid="stIFrame"] {height: min(720px, max(420px, calc(100vh - 29rem))) !important;}
[data-testid="stElementContainer"]:has(> [data-testid="stIFrame"]) {height: auto !important;}
</style>"""
"""Outside full-screen mode: the map frame 720 px tall at most, and no taller than the window
less what stands above it (the app's header, the notice, the step bar, the title and the
caption: 29rem), so a 1920×1080 screen shows its legend without scrolling (static CSS only)."""

NOTE_ROOM_CSS = """<style>
[data-testid="stIFrame"] {height: min(720px, max(420px, calc(100vh - 33.5rem))) !important;}
</style>"""
"""Outside full-screen mode, with a step's note (an info box) above the map: :data:`WINDOW_CSS`
less the note's 4.5rem, so the legend still shows on a 1920×1080 screen."""

NOTE_ROOM_FULLSCREEN_CSS = """<style>
[data-testid="stIFrame"] {height: calc(100vh - 21.5rem) !important;}
</style>"""
"""Full-screen mode with a step's note: :data:`FULLSCREEN_CSS`'s frame less the note's 4.5rem."""

FULLSCREEN_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"] {display: none !important;}
[data-testid="stMainBlockContainer"] {padding: 0.4rem 1rem 1rem 1rem !important; max-width: 100% !important;}
[data-testid="stMain"] {margin-left: 0 !important;}
[data-testid="stIFrame"] {height: calc(100vh - 17rem) !important; min-height: 420px;}
[data-testid="stElementContainer"]:has(> [data-testid="stIFrame"]) {height: auto !important;}
</style>"""
"""Full-screen mode: no sidebar, header or toolbar, the page's full width, and the map
frame as tall as the window less the notice, the step bar, the title and the caption (static CSS only: never user
text)."""


VIEW_FILES: dict[str, str] = {
    "png": "image/png",
    "pdf": "application/pdf",
    "html": "text/html",
    "xlsx": XLSX_MIME,
}
"""The files of the current view, by extension, with their MIME types."""


_STEP_KEYS_JS = """
export default function (component) {
  const { data } = component;
  const notText = new Set(["checkbox", "radio", "button", "submit", "range", "color", "file"]);
  const handler = (e) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") { return; }
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    const t = e.target;  // the document itself when the map's frame hands the key over
    if (t && t.nodeType === 1 && (t.isContentEditable || t.tagName === "TEXTAREA"
        || (t.tagName === "INPUT" && !notText.has(t.type)))) { return; }  // editing text
    e.preventDefault();
    e.stopImmediatePropagation();  // one step per key, not one more by the button shortcut
    const key = e.key === "ArrowLeft" ? data.prev : data.next;
    const button = document.querySelector(".st-key-" + key + " button");
    if (e.type === "keydown" && button && !button.disabled) { button.click(); }
  };
  window.addEventListener("keydown", handler, true);
  window.addEventListener("keyup", handler, true);
  return () => {
    window.removeEventListener("keydown", handler, true);
    window.removeEventListener("keyup", handler, true);
  };
}
"""


@st.cache_resource(show_spinner=False)
def _step_keys_component():
    return st.components.v2.component("youthmap.step_keys", js=_STEP_KEYS_JS, isolate_styles=False)


def saved_chosen(communities: pd.DataFrame) -> tuple[pd.DataFrame | None, str | None]:
    """The communities a meeting is shown when the session has picked none: the rows of
    ``communities`` in the saved plan of :func:`ui.parts.saved_pilot`, with the score each
    was chosen with (:func:`geo.store.pilot_scores`), and the plan's name; ``(None, None)``
    without one."""
    from ui.parts import saved_pilot_scores

    scores, name = saved_pilot_scores()
    if name is None:
        return None, None
    rows = communities.loc[communities["id"].astype(str).isin(set(scores.index))]
    if "score" not in rows:
        rows = rows.assign(score=rows["id"].astype(str).map(scores).to_numpy())
    return rows, name


def step_keys(prev_key: str, next_key: str) -> None:
    """←/→ press the step buttons wherever the focus is: on the page, on a switch or button
    (where Streamlit's own button shortcuts stay silent), or in the map's frame (which hands
    the keys over, :func:`geo.maps.forward_keys`); not while a text field is being edited."""
    _step_keys_component()(
        key="present_step_keys", data={"prev": prev_key, "next": next_key}, height=0
    )


def fullscreen_switch(container) -> bool:
    """The full-screen switch, in ``container`` (the step bar); in full-screen mode the
    sidebar, header and toolbar are hidden and the map fills the window. Returns whether
    it is on."""
    on = container.toggle(
        t("present.fullscreen"), key=FULLSCREEN_KEY, help=t("present.fullscreen_help")
    )
    st.sidebar.markdown(FULLSCREEN_CSS if on else WINDOW_CSS, unsafe_allow_html=True)
    return on


def note_room(full: bool) -> None:
    """Make room for a step's note above the map: the frame is 4.5rem shorter. Written after
    the mode's own CSS, which it overrides, at the foot of the sidebar like it: a style
    element in the page's flow or the step bar's column took a line of its own (a style
    applies from a hidden sidebar too)."""
    st.sidebar.markdown(NOTE_ROOM_FULLSCREEN_CSS if full else NOTE_ROOM_CSS, unsafe_allow_html=True)


def map_notes(lang: str) -> dict[str, str]:
    """Fields of the static exports: the map approval number (审图号, empty: "—" printed,
    no number claimed) and the data-source note (default: the embedded data's sources)."""
    left, right = st.columns([1, 3])
    approval = left.text_input(
        t("present.approval_no"),
        key="present_approval_no",
        placeholder="GS(2024)1234号",
        help=t("present.approval_help"),
    )
    sources = right.text_input(
        t("present.sources"),
        value=i18n.t("export.source_note", lang),
        key=f"present_sources_{lang}",
    )
    return {"approval_no": approval.strip(), "sources": sources.strip() or None}


def view_file(
    kind: str,
    step: story.Step,
    m: folium.Map,
    lang: str,
    simulated: tuple[str, ...] = (),
    seed: int | None = None,
    approval_no: str = "",
    sources: str | None = None,
) -> bytes:
    """One file of the current view: the static map (``png``/``pdf``, with the approval
    number and sources), the offline map (``html``) or the view's tables (``xlsx``). No
    Streamlit call: it runs when clicked.

    Raises
    ------
    ValueError
        If ``kind`` is not one of :data:`VIEW_FILES`.
    """
    if kind in ("png", "pdf"):
        fig = story.step_figure(
            step, lang, simulated, seed, approval_no=approval_no, sources=sources
        )
        return xstatic.figure_bytes(fig, kind)
    if kind == "html":
        note = story.step_note(step, lang, simulated, seed)  # as the PNG's and PDF's
        return xhtml.map_html(m, step.title, lang, note).encode("utf-8")
    if kind == "xlsx":  # the summary headed; the layers' rows with headers, codes in words
        return story.step_workbook(step, lang)
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
    partners: pd.DataFrame | None = None,
    city_name: str | None = None,
    chosen_from: str | None = None,
) -> None:
    """The downloads expander: each file is made when its button is clicked."""
    simulated = tuple(sorted(L.simulated))
    with st.expander(t("present.downloads")):
        notes = map_notes(lang)
        stem = f"{i + 1}-{labels.file_stem(step.title)}"  # 1-全国….png (was youthmap_1_national)
        for col, (kind, mime) in zip(st.columns(len(VIEW_FILES)), VIEW_FILES.items(), strict=True):
            col.download_button(
                t(f"present.download.{kind}"),
                lambda kind=kind: view_file(kind, step, m, lang, simulated, L.seed, **notes),
                f"{stem}.{kind}",
                mime,
                key=f"present_dl_{kind}",
                on_click="ignore",
            )
        if st.button(t("present.make_deck"), key="present_make_deck"):
            bar = st.progress(0.0)
            data = xpptx.DeckInput(
                L.communities,
                L.youth_homes,
                L.campuses,
                chosen,
                simulated,
                L.seed,
                partners,
                city_name,
                chosen_from,
            )
            st.session_state["present_deck"] = (
                (sc, lang, notes["approval_no"], notes["sources"]),
                xpptx.build_deck(data, sc, lang=lang, progress=bar.progress, **notes),
            )
        deck = st.session_state.get("present_deck")
        if deck and deck[0] == (sc, lang, notes["approval_no"], notes["sources"]):
            st.download_button(
                t("present.download.pptx"),
                deck[1],
                t(
                    "present.deck_file",
                    scope=labels.file_stem(labels.scope_label(sc, lang, city_name)),
                )
                + ".pptx",
                PPTX_MIME,
            )
