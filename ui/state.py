"""Session state and cached data shared by all pages."""

from __future__ import annotations

import dataclasses
import gc
import re
import sys
import time
from collections.abc import Callable, Sequence

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import dataset, i18n
from geo.core.errors import InputError, Problem
from geo.core.params import LAYER_NAMES
from geo.core.scope import Scope
from ui import session

AREA_ENTRIES = 40
"""Entries of the caches whose results differ by province (its pick, its pairing, their maps):
one per province and a few more, so the committees of 31 provinces working on one server
process at once each keep theirs (with 8 or 16 they pushed each other out and every run
paired and mapped again: the load test's most costly misses)."""


def lang() -> str:
    """The user's language: ``"zh"`` (default) or ``"en"``."""
    return st.session_state.get(session.LANG, i18n.DEFAULT_LANG)


def t(key: str, /, **values: object) -> str:
    """Translate a catalogue key into the session's language."""
    return i18n.t(key, lang(), **values)


_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
"""Every ASCII punctuation character: CommonMark shows each literally after a backslash."""


def problems_text(value: InputError | Problem) -> str:
    """An input error's problems (or one problem) in the session's language, one per line:
    the library raises message codes, this is where they become words."""
    if isinstance(value, Problem):
        return i18n.problem_line(value, lang())
    return i18n.problems_text(value.problems, lang())


def option_labels(prefix: str) -> Callable[[object], str]:
    """A widget's ``format_func`` naming each option by its catalogue key ``prefix.option``
    in the language of this run (Streamlit, and AppTest, may format the options again
    outside the run, where the session cannot be read: an English page's second run in
    AppTest met Chinese labels and failed)."""
    tr = translator()
    return lambda option: tr(f"{prefix}.{option}")


def translator() -> Callable[..., str]:
    """:func:`t` bound to the language of this run: for labels Streamlit may format again
    outside the run (a widget's ``format_func``), where the session cannot be read."""
    fixed = lang()

    def translate(key: str, /, **values: object) -> str:
        return i18n.t(key, fixed, **values)

    return translate


def city_label(code: str | None) -> str | None:
    """The name of the city ``code`` in the user's language (English: its English name),
    ``None`` when no city has that code."""
    from geo.core.scope import city_name
    from geo.export.labels import place_label

    name = city_name(code, boundaries("city")) if code else None
    return place_label(name, lang()) if name else None


def scope_label(sc: Scope, city: str | None = None) -> str:
    """The scope ``sc`` named in the user's language, its city too: ``city``'s name, else the
    boundaries' name of ``sc.city_code`` (the scoring and selection pages said 四川省 on
    成都市's scope)."""
    from geo.export.labels import scope_label as label

    return label(sc, lang(), city or city_label(sc.city_code))


def uploader_css() -> str:
    """CSS that writes Streamlit's file-uploader texts in the user's language.

    Streamlit's drop zone says "Upload" and "200MB per file • CSV, XLSX" in English and
    takes no text for them (streamlit/streamlit#13500, open); its button label and its
    instructions are hidden and the catalogue's words drawn in their place (the accepted
    types are in each uploader's label or help). Catalogue text only, never user text.
    """
    mb = int(st.get_option("server.maxUploadSize"))
    button, note = t("common.upload_button"), t("common.upload_limit", mb=mb)
    zone = '[data-testid="stFileUploaderDropzone"]'
    tips = '[data-testid="stFileUploaderDropzoneInstructions"]'
    return f"""<style>
{tips} {{visibility: hidden; position: relative; min-width: 14rem;}}
{tips}::after {{content: "{note}"; visibility: visible; position: absolute; left: 0;
  top: 50%; transform: translateY(-50%); font-size: 0.875rem; opacity: 0.75;}}
{zone} button {{font-size: 0 !important;}}
{zone} button * {{display: none;}}
{zone} button::after {{content: "{button}"; font-size: 0.875rem;}}
</style>"""


def streamlit_words_css() -> str:
    """CSS that writes Streamlit's own English words in the user's language.

    Streamlit's frontend draws some words of its own, in English whatever the page's
    language, with no way to give it others: "Press Enter to apply" under a box being typed
    in ("… to submit form" in a form, "Press Ctrl+Enter …" under a text area), "No results"
    when a select box's or a multiselect's search matches nothing, and, when the server
    cannot be reached (a restart, a dropped network), a dialog "Connection error: Streamlit
    server is not responding. Are you connected to the internet?". In Chinese each is hidden
    and the catalogue's words drawn in its place; in English Streamlit's own stay (its hint
    says ⌘ on a Mac).

    Three things hold the rules to the words they replace (tests/app/test_i18n_pages.py
    checks all three): no box counts characters (``max_chars``), whose counter would be the
    hint's first child; no multiselect has ``max_selections``, whose "You can only select
    up to …" would stand where "No results" does; no page opens a dialog (``st.dialog``),
    which would be taken for the lost connection's. The toolbar's "Stop" is not shown
    (``toolbarMode = "minimal"``). Catalogue text only, never user text. The uploaders'
    words: :func:`uploader_css`.
    """
    if lang() == "en":
        return ""
    hint = '[data-testid="InputInstructions"] > span:first-child'
    form, area = '[data-testid="stForm"] ', '[data-testid="stTextArea"] '
    lists = '[data-testid="stSelectboxVirtualDropdown"], [data-testid="stMultiSelectDropdown"]'
    none = f':is({lists}) [role="listbox"][data-empty="true"] span'
    lost = '[data-testid="stDialog"] section[role="dialog"]'  # the only dialog: no st.dialog
    # (element, its words, their size as Streamlit draws them); of equal specificity a later
    # rule wins, so the text area in a form comes last
    words = [
        (hint, "common.hint_enter", "0.75rem"),
        (form + hint, "common.hint_enter_form", "0.75rem"),
        (area + hint, "common.hint_ctrl_enter", "0.75rem"),
        (form + area + hint, "common.hint_ctrl_enter_form", "0.75rem"),
        (none, "common.no_results", "0.875rem"),
        (f"{lost} > h2", "common.connection_lost", "1.5rem"),
        (f"{lost} > h2 + div", "common.connection_retry", "1rem"),
    ]
    rules = "\n".join(
        f"{where} {{font-size: 0 !important;}}\n"
        f'{where}::after {{content: "{t(key)}"; font-size: {size};}}'
        for where, key, size in words
    )
    return f"<style>\n{rules}\n{lost} > h2 + div > * {{display: none;}}\n</style>"


def page_language_script() -> str:
    """A script that declares the page's language on the document (``<html lang>``).

    Streamlit serves every page as ``<html lang="en">``, whatever its words. A page that
    says it is English may have its Chinese drawn from whichever CJK font comes first (a
    Japanese font's forms of the same characters, on some systems), read aloud by a screen
    reader as English, and offered a translation "from English". The tag is the
    catalogue's (:data:`geo.i18n.LANG_TAGS`), never user text.
    """
    return f'<script>document.documentElement.lang = "{i18n.LANG_TAGS[lang()]}";</script>'


def plain(value: object) -> str:
    """``value`` as text that Streamlit's Markdown (``st.error``, ``st.success``,
    ``st.markdown`` …) shows exactly as typed: every ASCII punctuation character is
    backslash-escaped, so a note such as ``![x](http://…)`` is shown, not loaded as an
    image, and ``**``, ``[link](…)``, ``<…>``, ``$…$`` or ``:red[…]`` do nothing.

    Use it on every value that came from a user (notes, reasons, names, file contents)
    before it goes into a message. An :class:`InputError` or a :class:`Problem` is
    rendered in the session's language first (:func:`problems_text`).
    """
    text = problems_text(value) if isinstance(value, InputError | Problem) else str(value)
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def placeholder(options: Sequence[object], many: bool = False, lang_: str | None = None) -> str:
    """The catalogue's placeholder of a select box (``many``: a multiselect) over ``options``.

    Streamlit's own placeholders ("Choose an option", "Choose options", "No options to
    select") are English whatever the page's language; every ``st.selectbox`` and
    ``st.multiselect`` passes this instead. With a placeholder given, Streamlit no longer
    disables a box that has no options: a box whose options can run out passes
    ``disabled=not options`` itself.

    Parameters
    ----------
    options
        The widget's options (none: the "no options" text).
    many
        Whether the widget is a multiselect.
    lang_
        Language (default: the session's).

    Returns
    -------
    str
    """
    key = "common.no_options" if len(options) == 0 else f"common.choose_{'many' if many else 'one'}"
    return i18n.t(key, lang_ or lang())


def _freeze_loaded() -> None:
    """Exempt everything alive now (the data just loaded) from future garbage collections.

    Streamlit runs a full collection after every script run (``runner.postScriptGC``); its
    cost grows with the objects Python tracks, and the embedded layers alone are ~600,000
    shapely geometries, which live as long as the server: that collection took 0.3-0.9 s of
    every run (and held the interpreter, so the browser waited for the page's last messages).
    Garbage is collected first, so nothing unreachable is kept.
    """
    gc.collect()
    gc.freeze()


@st.cache_resource(show_spinner=False)
def default_layers() -> dataset.Layers:
    """The embedded dataset's four layers, loaded once per server process."""
    layers = dataset.load_layers()
    _freeze_loaded()
    return layers


@st.cache_resource(show_spinner=False)
def boundaries(level: str) -> gpd.GeoDataFrame:
    """Embedded boundaries at ``level`` (``province``, ``city``, ``county``, ``lines``)."""
    frame = dataset.load_boundaries(level)
    _freeze_loaded()
    return frame


def content_token(frame: pd.DataFrame) -> tuple[int, int | str]:
    """A content key of a frame (row count and a hash of every column but the geometry,
    whose ``lon``/``lat`` stand for it) for caches.

    Every column counts because the caches keyed on it compute from any of them (scores
    read populations, pairing reads school types). Hashing costs about 0.3 s for the
    110,000 communities and 1.8 s for the 440,000 resident units: for a whole layer use
    :func:`layer_token`, which computes it once per imported layer and never for an
    embedded one.
    """
    if frame.empty:
        return (0, 0)
    columns = [c for c in frame.columns if c != "geometry"]
    hashed = pd.util.hash_pandas_object(pd.DataFrame(frame[columns]), index=False)
    return (len(frame), int(hashed.sum()))


AREA_TOKEN_SECONDS = 2.0
"""How long a read of the stored area lists' identity stands (every page run reads it)."""


@st.cache_resource(max_entries=8, show_spinner=False)
def _area_token(url: str, period: int) -> tuple:
    """The stored area lists' identity in the period numbered ``period`` of
    :data:`AREA_TOKEN_SECONDS`: a new period is a new key, read once."""
    from geo.core.errors import InputError, StoreError
    from geo.store import areas

    try:
        return areas.area_token(_store(url), "communities")
    except (InputError, StoreError):  # no database (unreachable): the embedded layer
        return ()


@st.cache_resource(show_spinner=False)
def _store(url: str):  # noqa: ANN202 - a geo.store.Store
    from geo import store

    return store.open_store(url)


def area_token() -> tuple:
    """Identity of the provinces' and cities' own community lists on the server."""
    from geo import store

    # The period is part of the key rather than a ``ttl=``: Streamlit's TTL cache tests an
    # entry's age once to find it and again to read it, and an entry that expired between the
    # two raised KeyError out of the page (seen once in a run of the suite on a loaded machine).
    return _area_token(store.database_url(), int(time.monotonic() // AREA_TOKEN_SECONDS))


@st.cache_resource(max_entries=4, show_spinner=False)
def _area_communities(token: tuple) -> tuple[gpd.GeoDataFrame, tuple[int, int]]:
    from geo import store
    from geo.store import areas

    merged = areas.merge_areas(
        default_layers().communities,
        areas.area_layers(_store(store.database_url()), "communities"),
    )
    return merged, content_token(merged)


def quota_bases(cands: pd.DataFrame) -> pd.DataFrame:
    """The quota units' bases (:func:`geo.analysis.quota.unit_bases`) the national
    apportionment reads.

    On the shared layers, the embedded communities' (their population adds up to each
    county's 2020 urban population): a province's or city's own list stored on the server
    replaces its candidates, not its share of the national total, nor any other unit's (a
    list of Sichuan's 400 candidate communities took its quota of 1,000 from 53 to 4 and
    gave the other units its places, on the centre's page too). A communities layer this
    session imported whole is the session's own country, as a file given to ``youthmap
    select --communities`` is: its bases are its candidates'.
    """
    from geo.analysis import quota

    if "communities" in st.session_state.get(session.REPLACED_LAYERS, {}) or not area_token():
        return quota.unit_bases(cands)
    return _embedded_bases()


@st.cache_data(show_spinner=False)
def _embedded_bases() -> pd.DataFrame:
    from geo.analysis import quota

    return quota.unit_bases(default_layers().communities)


def forget_area_token() -> None:
    """Read the area lists' identity afresh on the next call (after this session saved one)."""
    _area_token.clear()


def area_codes() -> list[str]:
    """Codes of the areas whose own community list replaces the embedded one."""
    return [code for code, _ in area_token()]


def layer_token(name: str) -> tuple[int, int | str]:
    """The cache key of the session's layer ``name``: the one token every cache of a layer
    is keyed on (:func:`layers_token` joins the four).

    An embedded layer is the same frozen frame for every session of the process, so its
    name is its key (nothing hashed); an imported layer's :func:`content_token` is computed
    once, when :func:`replace_layer` stores it.
    """
    replaced = st.session_state.get(session.REPLACED_LAYERS, {})
    if name not in replaced:
        areas = area_token() if name == "communities" else ()
        if areas:
            return _area_communities(areas)[1]
        return (len(default_layers().get(name)), f"embedded:{name}")
    tokens = st.session_state.get(session.REPLACED_TOKENS, {})
    frame_id, token = tokens.get(name, (None, None))
    if frame_id != id(replaced[name]):  # the session holds the frame: its id stays its own
        token = content_token(replaced[name])
        st.session_state[session.REPLACED_TOKENS] = {**tokens, name: (id(replaced[name]), token)}
    return token


def layers_token() -> tuple[tuple[int, int | str], ...]:
    """The cache key of the session's four layers (each one's :func:`layer_token`)."""
    return tuple(layer_token(name) for name in LAYER_NAMES)


def frame_token(frame: pd.DataFrame) -> tuple[int, int | str]:
    """The cache key of a frame: its layer's :func:`layer_token` when it is one of the
    session's layers, else its :func:`content_token`; the one key every cache uses.

    A whole layer of the session gets its token from :func:`layer_token`
    (computed once), not hashed again on every rerun.
    """
    current = layers()
    for name in LAYER_NAMES:
        if frame is current.get(name):
            return layer_token(name)
    return content_token(frame)


def layers() -> dataset.Layers:
    """The layers this session works on: the embedded ones with the provinces' and cities' own
    community lists stored on the server (:mod:`geo.store.areas`), then any layer this
    session imported."""
    current = default_layers()
    if area_token():  # the rest of the country keeps its layer (and its simulated notice)
        current = dataclasses.replace(current, communities=shared_communities())
    for name, gdf in st.session_state.get(session.REPLACED_LAYERS, {}).items():
        current = current.replace(name, gdf)
    return current


def shared_communities() -> gpd.GeoDataFrame:
    """The communities every session shares: the embedded layer with the provinces' and
    cities' own lists stored on the server; a session's own import is left out (where a
    plan's communities are placed: its records and reports are everyone's)."""
    token = area_token()
    return _area_communities(token)[0] if token else default_layers().communities


def replace_layer(name: str, gdf: gpd.GeoDataFrame) -> None:
    """Replace one layer for the rest of this session (the data page calls this)."""
    replaced = dict(st.session_state.get(session.REPLACED_LAYERS, {}))
    replaced[name] = gdf
    st.session_state[session.REPLACED_LAYERS] = replaced
    layer_token(name)  # hashed once here, not on every rerun of the pages that cache on it


def scope() -> Scope:
    """The scope chosen in the sidebar."""
    return st.session_state.get(session.SCOPE, Scope())


# --- the app shell: navigation mode, sidebar choices kept per session, shareable URL --------

SHELL_DEFAULTS: dict[str, str | None] = {
    "lang": i18n.DEFAULT_LANG,
    "scope_region": None,
    "scope_province": None,
    "scope_city": None,
    "basemap": "offline",
}
"""Sidebar widget keys (also the session keys pages and tests read) and their defaults."""

URL_PARAMS: dict[str, str] = {
    "region": "scope_region",
    "province": "scope_province",
    "city": "scope_city",
    "lang": "lang",
    "basemap": "basemap",
}
"""URL query parameter → sidebar key: ``/?province=44&city=4401&lang=en&basemap=osm``."""


def run_through_navigation() -> None:
    """Make sure this run goes through ``app.py``'s ``st.navigation``, rerunning if not.

    Streamlit (1.67) treats an entry point that sits next to a folder named ``pages/`` as a
    legacy multipage app until the first ``st.navigation`` call of the process: such a run
    executes ``app.py`` as a page of an automatic menu (so its sidebar widgets get other
    identities and the next choice made in the sidebar is dropped), or, for a page URL such
    as ``/coverage?province=44``, runs ``pages/coverage.py`` on its own, without the sidebar,
    the scope and the login gate. Switching the flag off and rerunning once puts the run on
    ``st.navigation`` (with the same page and query string). Called first thing by
    ``app.py`` (AppTest decides afresh on every run). A page URL as the first request of a
    fresh server: this module, first imported inside that run, switches the flag off
    (:func:`leave_legacy_mode`) and the page's first statement reruns it
    (:func:`rerun_if_legacy`). Outside a script run (a test importing this module) it does
    nothing.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    rerun_if_legacy()


def leave_legacy_mode() -> None:
    """Switch this process out of Streamlit's legacy multipage mode (see
    :func:`run_through_navigation`) when called inside a script run; no rerun."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if PagesManager.uses_pages_directory and get_script_run_ctx(suppress_warning=True) is not None:
        PagesManager.uses_pages_directory = False


def rerun_if_legacy() -> None:
    """Rerun a script run that Streamlit began as a legacy multipage run after this process
    left that mode (:func:`run_through_navigation`); the first statement of every page.

    Streamlit picks the mode when a run starts: this covers the first request of a fresh
    server (this module, imported by that run, has just left the mode) and the runs that
    started before another session left it. Nine pages opened at once on a fresh server:
    the latter ran their page alone, with Streamlit's file-name menu, no sidebar and no
    login gate (2026-12-05). Such a run executes inside Streamlit's ``_mpa_v1``
    (``script_runner.py``), found on this thread's stack. AppTest starts every run in that
    mode with the flag on and runs a page it switched to alone; that is left as it is.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory is not False:
        return
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "_mpa_v1" and "streamlit" in frame.f_code.co_filename:
            st.rerun()
        frame = frame.f_back


def seed_from_url(allowed: dict[str, set[str] | None]) -> None:
    """Seed the sidebar once per session from the link's query parameters.

    Parameters
    ----------
    allowed
        Sidebar key → accepted values (``None``: any value; the sidebar drops a province or
        city outside the chosen scope). Unknown values are ignored.
    """
    if st.session_state.get("_url_seeded"):
        return
    st.session_state["_url_seeded"] = True
    for param, key in URL_PARAMS.items():
        value = st.query_params.get(param)
        values = allowed.get(key)
        if value and (values is None or value in values):
            st.session_state[key] = value


def keep(key: str) -> None:
    """Give the sidebar widget ``key`` its value from the session before it is drawn.

    The value chosen is also stored under ``_kept_<key>``, a plain session key Streamlit
    never cleans up, so a widget key dropped on a page switch comes back with its choice.
    """
    kept = f"_kept_{key}"
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(kept, SHELL_DEFAULTS[key])


def remember(key: str, value: str | None) -> None:
    """Store the value the sidebar widget ``key`` shows now (see :func:`keep`)."""
    st.session_state[f"_kept_{key}"] = value


def sync_url() -> None:
    """Write the session's scope, language and basemap into the address bar.

    Only the values that differ from the defaults appear, so a bookmark or a shared link
    opens the same view (``/selection?province=44&lang=en``); other parameters are left
    alone, and nothing is written when the URL already says it.
    """
    for param, key in URL_PARAMS.items():
        value = st.session_state.get(key)
        if value is None or value == SHELL_DEFAULTS[key]:
            if param in st.query_params:
                del st.query_params[param]
        elif st.query_params.get(param) != value:
            st.query_params[param] = value


# A page URL requested first on a fresh server runs the page alone (see above); every page
# imports this module, so leave that mode here, once per process. The page's first statement
# (rerun_if_legacy) then reruns it: not here, since an exception raised inside an import
# leaves the sessions waiting on that import with a half-built module (ui/preload.py).
leave_legacy_mode()
