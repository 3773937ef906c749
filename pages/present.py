"""Presentation page: one large map at a time, stepping through the story (geo.export.story)."""

from __future__ import annotations

import hashlib

import ui.preload  # noqa: F401  first: see ui/preload.py

import pandas as pd
import streamlit as st

from geo.export import story
from geo.maps import forward_keys
from ui import maps, session, state
from ui import present as ui_present

state.rerun_if_legacy()  # first: a run begun in Streamlit's legacy mode (ui/state.py)

MAP_HEIGHT_PX = 720
BIG_FONT_CSS = """<style>
.present-title {font-size: 2.4rem; font-weight: 700; line-height: 1.2; margin: 0.2rem 0;}
.present-caption {font-size: 1.45rem; line-height: 1.5; margin-bottom: 0.6rem;}
</style>"""  # static CSS only: never user text

t = state.t
L = state.layers()
sc = state.scope()
lang = state.lang()


def _ids_token(frame: pd.DataFrame | None, column: str = "id") -> str | None:
    if frame is None or column not in frame:
        return None
    return hashlib.sha1("\n".join(frame[column].astype(str)).encode()).hexdigest()


def _partners() -> pd.DataFrame | None:
    result = session.get(session.PAIRING_RESULT)
    return getattr(result, "pairs", None)


@st.cache_resource(max_entries=32, show_spinner=False)
def _step(
    _L,
    token: tuple,
    spec: story.StepSpec,
    lang: str,
    _chosen,
    chosen_token,
    _partners,
    partners_token,
    city_name,
    chosen_from,
):
    return story.build_step(
        spec,
        _L.communities,
        _L.youth_homes,
        _L.campuses,
        _chosen,
        _partners,
        lang,
        city_name,
        chosen_from,
    )


@st.cache_resource(max_entries=16, show_spinner=False)
def _map(_step_obj: story.Step, key: tuple, basemap: str, lang: str):
    m = story.step_map(_step_obj, basemap=basemap, lang=lang)
    forward_keys(m)  # ←/→ step the story even after a click on the map
    return m


city_name = None
if sc.city_code:
    city_name = state.city_label(sc.city_code) or sc.city_code

specs = story.story_steps(sc)
n = len(specs)
i = min(max(int(st.session_state.get("present_step", 0)), 0), n - 1)
st.session_state["present_step"] = i
st.markdown(BIG_FONT_CSS, unsafe_allow_html=True)


def _go(delta: int) -> None:
    st.session_state["present_step"] = min(max(i + delta, 0), n - 1)


left, mid, right, switch = st.columns([1, 3, 1, 1], vertical_alignment="center")
full = ui_present.fullscreen_switch(switch)
left.button(
    t("present.prev"),
    shortcut="Left",
    disabled=i == 0,
    width="stretch",
    key="present_prev",
    on_click=_go,
    args=(-1,),
)
right.button(
    t("present.next"),
    shortcut="Right",
    disabled=i == n - 1,
    width="stretch",
    key="present_next",
    on_click=_go,
    args=(1,),
)
ui_present.step_keys("present_prev", "present_next")

spec = specs[i]
token = state.layers_token()
chosen, chosen_from = session.chosen(), None
if chosen is None:  # nothing picked in this session: the saved plan's, said in the note
    chosen, chosen_from = ui_present.saved_chosen(L.communities)
partners = _partners()
if partners is None and chosen_from is not None:  # the plan's agreements on record, if any
    from ui.parts import saved_partners  # the database only when a saved plan is shown

    partners, _ = saved_partners(chosen_from)
ckey = (_ids_token(chosen), _ids_token(partners, "campus_id"))
with st.spinner(t("present.building")):
    step = _step(L, token, spec, lang, chosen, ckey[0], partners, ckey[1], city_name, chosen_from)
basemap = st.session_state.get("basemap", "offline")
if basemap == "tianditu":  # the story needs no key: fall back to the offline basemap
    basemap = "offline"

if not full:
    st.markdown(
        f'<div class="present-title">{t("present.title")} · {i + 1}/{n}</div>',
        unsafe_allow_html=True,
    )
progress = t("present.step_of", i=i + 1, n=n)
if full:  # the title joins the step bar: the map gets the room the heading took
    mid.progress((i + 1) / n, text=f"{progress} · {step.title}")
else:
    mid.progress((i + 1) / n, text=progress)
    st.subheader(step.title, anchor=False)
st.markdown(step.caption)  # numbers and catalogue text only
if step.note:
    st.info(state.plain(step.note))  # a saved plan's name is user text
    ui_present.note_room(full)  # the frame shorter by the note's height
m = _map(step, (token, spec, lang, *ckey, chosen_from), basemap, lang)
maps.show(m, height=MAP_HEIGHT_PX, title=step.title)
st.caption(t("present.help"))

ui_present.downloads(L, sc, spec, step, m, i, lang, chosen, partners, city_name, chosen_from)
