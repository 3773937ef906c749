"""The session contract: the keys pages share in ``st.session_state`` and their accessors.

A value one page leaves for another (the language and scope the sidebar sets, imported
layers and their tokens, the scoring page's settings, the selection page's pilot list, the
pairing page's result, a siting run, manual changes) lives under one key named here, and is
read and written through the functions below, never by spelling the key in a page. Widget
keys that belong to one page alone stay with that page.

Standard library and Streamlit only, so every other ``ui`` module can import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

if TYPE_CHECKING:
    from geo.analysis.selection import SelectionResult

LANG = "lang"
"""The user's language (``"zh"`` or ``"en"``), set by the sidebar."""
SCOPE = "scope"
"""The :class:`geo.core.scope.Scope` chosen in the sidebar."""
REPLACED_LAYERS = "replaced_layers"
"""Layers imported on the data page: ``{layer name: GeoDataFrame}``."""
REPLACED_TOKENS = "replaced_tokens"
"""Content tokens of the imported layers: ``{layer name: (id of the frame, token)}``."""
SCORING_SETTINGS = "scoring_settings"
"""The scoring page's weights, method and normalisation (the selection page picks with them)."""
SELECTION_FINAL = "selection_final"
"""The selection page's current list, a :class:`geo.analysis.selection.SelectionResult`."""
SELECTION_IMPORTED = "selection"
"""A chosen list brought in some other way (ids, a frame with ``id``, or a result)."""
SELECTION_CHANGES = "sel_changes"
"""Manual locks and exclusions with their reasons (dicts of :class:`ManualChange` fields)."""
PAIRING_RESULT = "pairing_result"
"""The pairing page's :class:`geo.analysis.pairing.PairingResult` (the filing table's partners)."""
PAIRING_COBUILD = "cobuild_table"
"""The pairing page's co-building table."""
SITING = "coverage_siting"
"""The coverage page's last siting run: its parameters, result, table and assignment."""
USER = "user"
"""The logged-in account (when logins are on)."""
EMPTIED = "_emptied_boxes"
"""Text boxes a landed write asked to start empty on the next run (:func:`empty_next_run`)."""

KEYS: tuple[str, ...] = (
    LANG,
    SCOPE,
    REPLACED_LAYERS,
    REPLACED_TOKENS,
    SCORING_SETTINGS,
    SELECTION_FINAL,
    SELECTION_IMPORTED,
    SELECTION_CHANGES,
    PAIRING_RESULT,
    PAIRING_COBUILD,
    SITING,
    USER,
    EMPTIED,
)
"""Every shared key (``tests/unit/test_session_contract.py`` finds any other spelled out)."""


def get(key: str, default: Any = None) -> Any:
    """The session's value under a shared ``key`` (one of :data:`KEYS`), or ``default``."""
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    """Keep ``value`` under a shared ``key`` (one of :data:`KEYS`) for the other pages."""
    st.session_state[key] = value


def empty_next_run(keys: tuple[str, ...], lists: tuple[str, ...] = ()) -> None:
    """Ask for the text boxes ``keys`` (and the multiselects ``lists``) to start empty on the
    next run (see :func:`empty_boxes`).

    A box's key cannot be written once the box is drawn in this run, and dropping the key
    is not enough: the browser keeps showing the old text and sends it back with the next
    click, so a reason typed for one change was given again to the next (a filing accepted
    "材料齐全，同意", then another returned with that reason, nothing typed). A picked list
    kept after its move landed offered the move back (53 recommended communities still
    picked, 候选 the first status offered).
    """
    for key in (*keys, *lists):
        st.session_state.pop(key, None)  # a page run on its own (AppTest) draws it empty
    emptied = (*((k, "") for k in keys), *((k, []) for k in lists))
    st.session_state[EMPTIED] = (*st.session_state.get(EMPTIED, ()), *emptied)


def empty_boxes() -> None:
    """Write ``""`` (``[]`` for a multiselect) into the widgets :func:`empty_next_run` named,
    before any page draws them: a value written before its widget is drawn is sent to the
    browser, which then shows it. Called by ``app.py`` at the start of every run."""
    for key, value in st.session_state.pop(EMPTIED, ()):
        st.session_state[key] = value


def selection_final() -> SelectionResult | None:
    """The selection page's current list, or ``None`` before the page has run."""
    return st.session_state.get(SELECTION_FINAL)


def set_selection_final(result: SelectionResult) -> None:
    """Keep the selection page's current list for the other pages."""
    st.session_state[SELECTION_FINAL] = result


def chosen() -> Any:
    """The chosen communities of :func:`selection_final` (a frame), or ``None``."""
    return getattr(selection_final(), "chosen", None)


def selection_sources() -> list[Any]:
    """The session's chosen lists, the selection page's first: what a pilot list is read from."""
    return [v for v in (selection_final(), get(SELECTION_IMPORTED)) if v is not None]


def pilot_ids() -> list[str]:
    """Ids of the session's pilot list: the selection page's (``selection_final``), else an
    imported chosen list; ``[]`` when there is none. The one accessor every page uses."""
    import pandas as pd

    for value in selection_sources():
        if hasattr(value, "ids"):
            return [str(i) for i in value.ids]
        if isinstance(value, pd.DataFrame) and "id" in value:
            return value["id"].astype(str).tolist()
        if isinstance(value, list | tuple | set):
            return [str(i) for i in value]
    return []
