"""The user's saved selection work in the app: restore at start, save on change, versions, undo.

The draft (:mod:`geo.store.drafts`) is built from this session: the sidebar scope, the
scoring settings, the quota and constraint settings of the selection page (its ``q_`` and
``c_`` keys), the manual changes with their reasons, the pick and the identity of the layers
it was made on. :func:`restore` puts the account's draft back once per login (before the
sidebar is drawn); :func:`panel` on the selection page saves it whenever it differs from the
copy saved last, and offers the 保存 button, undo, named versions and their diff.
"""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from geo import i18n
from geo.core import localtime
from geo.core.errors import InputError, PermissionDenied, StoreError
from geo.export import labels
from geo.store import drafts
from ui import auth as uauth
from ui import scoring as sstate
from ui import session, state, tables
from ui.selection import CHANGES_KEY, CITY_OVERRIDES_KEY, OVERRIDES_KEY

DOC_KEY = "_draft_doc"
"""Session key of the draft as saved last (the undo stack rides on it)."""
LOADED_KEY = "_draft_loaded"
"""Session key: the name of the account whose draft this session has restored."""
SAVED_AT_KEY = "_draft_saved_at"
WIDGET_KEYS: tuple[str, ...] = (
    "q_total",
    "q_base",
    "q_min",
    "q_region_manual",
    "q_region_east",
    "q_region_central",
    "q_region_west",
    "q_focus",
    "q_by_city",
    "c_campus",
    "c_county",
    "c_space",
    "c_home",
    "c_home_m",
)
"""Selection-page inputs whose values the draft keeps (buttons and tables are not kept:
Streamlit refuses writes to them)."""
PLAIN_KEYS = (OVERRIDES_KEY, CITY_OVERRIDES_KEY, sstate.SETTINGS_KEY)
SCOPE_KEYS = ("scope_region", "scope_province", "scope_city")
LAYER_NAMES = ("communities", "youth_homes", "campuses", "resident_units")


def _plain(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def _settings() -> dict[str, Any]:
    ss = st.session_state
    out: dict[str, Any] = {}
    for k in WIDGET_KEYS:
        if k in ss:
            out[k] = ss[k]
    for k in (*PLAIN_KEYS, *SCOPE_KEYS):
        if k in ss and _plain(ss[k]):
            out[k] = ss[k]
    return out


def document(pick: list[str]) -> dict[str, Any]:
    """The draft of this session: settings, manual changes, the pick, the layers' identity."""
    replaced = session.get(session.REPLACED_LAYERS, {})
    return {
        "settings": _settings(),
        "changes": list(st.session_state.get(CHANGES_KEY, [])),
        "pick": [str(i) for i in pick],
        "layers": {n: list(state.layer_token(n)) for n in LAYER_NAMES},
        "replaced": sorted(replaced),
    }


def _apply(doc: dict[str, Any], *, keep_scope: bool = False) -> None:
    """Put a draft's settings and manual changes into the session (before widgets draw);
    with ``keep_scope`` the sidebar scope is left as it is (a link named one)."""
    for key, value in doc.get("settings", {}).items():
        if keep_scope and key in SCOPE_KEYS:
            continue
        st.session_state[key] = value
        if key in SCOPE_KEYS:
            state.remember(key, value)
    st.session_state[CHANGES_KEY] = list(doc.get("changes", []))


def restore() -> None:
    """Once per login (and in the single-user desktop once per session): put the account's
    saved draft back. Called by ``app.py`` before the sidebar is drawn."""
    if uauth.login_required():
        user = st.session_state.get(uauth.USER_KEY)
    else:
        user = uauth.auth.DESKTOP_USER
    if user is None:
        st.session_state.pop(LOADED_KEY, None)
        st.session_state.pop(DOC_KEY, None)
        return
    if st.session_state.get(LOADED_KEY) == user.name:
        return
    st.session_state[LOADED_KEY] = user.name
    try:
        doc = drafts.load_draft(uauth.db(), user)
    except (InputError, StoreError):
        return
    if doc:
        # a link that names a view (?province=51&city=5101) opens that view, not the draft's
        link = any(p in st.query_params for p in ("region", "province", "city"))
        _apply(doc, keep_scope=link)
        st.session_state[DOC_KEY] = doc
        saved = drafts.draft_saved_at(uauth.db(), user)
        if saved is not None:
            st.session_state[SAVED_AT_KEY] = localtime.to_local(saved)


def keep_widgets() -> None:
    """Give the selection page's widgets the draft's values when Streamlit dropped them
    (a widget's key is forgotten on a page where it is not drawn)."""
    doc = st.session_state.get(DOC_KEY) or {}
    for key, value in doc.get("settings", {}).items():
        if key in WIDGET_KEYS and key not in st.session_state:
            st.session_state[key] = value


def _comparable(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "undo"}


def _save(doc: dict[str, Any]) -> bool:
    user = uauth.current_user() if uauth.login_required() else uauth.auth.DESKTOP_USER
    if user is None:
        return False
    try:
        drafts.save_draft(uauth.db(), user, doc)
    except (InputError, PermissionDenied, StoreError) as exc:
        st.error(state.t("selection.draft.save_failed", reason=state.plain(exc)))
        return False
    st.session_state[DOC_KEY] = doc
    st.session_state[SAVED_AT_KEY] = localtime.now()
    return True


def _undo() -> None:
    doc = st.session_state.get(DOC_KEY)
    if not doc or not doc.get("undo"):
        return
    back = drafts.undo(doc)
    st.session_state[CHANGES_KEY] = list(back["changes"])
    st.session_state[DOC_KEY] = back  # saved with the pick it gives on this run


def _load_version(name: str) -> None:
    user = uauth.current_user() if uauth.login_required() else uauth.auth.DESKTOP_USER
    if user is None or not name:
        return
    doc = drafts.load_version(uauth.db(), user, name)
    previous = st.session_state.get(DOC_KEY) or {}
    _apply(doc)
    st.session_state[DOC_KEY] = drafts.push_changes(previous, list(doc.get("changes", [])))


def autosave(pick: list[str]) -> dict[str, Any]:
    """Save the session's draft when it differs from the copy saved last; returns it."""
    current = document(pick)
    previous = st.session_state.get(DOC_KEY) or {}
    if _comparable(current) == _comparable(previous):
        return previous
    merged = {**previous, **current, "changes": previous.get("changes", [])}
    doc = drafts.push_changes(merged, current["changes"])
    _save(doc)
    return doc


def changed_layers(doc: dict[str, Any]) -> list[str]:
    """Layers whose content differs from the one the draft was made on."""
    saved = doc.get("layers") or {}
    return [n for n in LAYER_NAMES if n in saved and list(state.layer_token(n)) != saved[n]]


def panel(pick: list[str], t) -> None:  # noqa: ANN001 - the page's t
    """The draft's controls on the selection page: saved state, 保存, undo, versions, diff."""
    previous = st.session_state.get(DOC_KEY) or {}
    changed = changed_layers(previous)
    if changed:
        st.session_state["_draft_layers_changed"] = changed
    doc = autosave(pick)
    user = uauth.current_user() if uauth.login_required() else uauth.auth.DESKTOP_USER
    st.subheader(t("selection.draft.title"))
    changed = st.session_state.get("_draft_layers_changed")
    if changed:
        names = i18n.layer_names(changed, state.lang())
        st.warning(t("selection.draft.layers_changed", layers=names))
    saved = st.session_state.get(SAVED_AT_KEY)
    b1, b2, b3 = st.columns([1, 2, 3])
    clicked = b1.button(t("selection.draft.save"), key="draft_save", type="primary")
    if clicked and _save({**doc, **document(pick)}):
        st.success(t("selection.draft.saved_now"))
        saved = st.session_state.get(SAVED_AT_KEY)
    b2.button(
        t("selection.draft.undo", n=len(doc.get("undo", []))),
        key="draft_undo",
        on_click=_undo,
        disabled=not doc.get("undo"),
    )
    if saved is not None:
        b3.caption(
            t(
                "selection.draft.saved_at",
                time=f"{saved:%m-%d %H:%M:%S}",
                zone=labels.zone_label(state.lang()),
            )
        )
    else:
        b3.caption(t("selection.draft.not_saved"))
    if user is None:
        return
    with st.expander(t("selection.draft.versions")):
        _versions(user, doc, pick, t)
    from ui import parts as uparts  # ui.parts draws with this module's helpers

    uparts.save_part_controls(user, session.selection_final(), t)


def _versions(user, doc: dict[str, Any], pick: list[str], t) -> None:  # noqa: ANN001
    db = uauth.db()
    v1, v2 = st.columns([3, 1])
    name = v1.text_input(t("selection.draft.version_name"), key="draft_version_name")
    if v2.button(t("selection.draft.save_version"), key="draft_save_version"):
        try:
            drafts.save_version(db, user, name, {**doc, **document(pick)})
            st.success(t("selection.draft.version_saved", name=state.plain(name.strip())))
        except (InputError, PermissionDenied, StoreError) as exc:
            st.error(state.plain(exc))
    listed = drafts.list_versions(db, user)
    if listed.empty:
        st.caption(t("selection.draft.no_versions"))
        return
    names = list(listed["name"])
    headers = {c: t(f"selection.draft.col.{c}") for c in listed.columns}
    headers["created_at"] = labels.zone_header(headers["created_at"], state.lang())
    shown = listed.assign(created_at=[localtime.stamp(v) for v in listed["created_at"]])
    shown = shown.rename(columns=headers)  # the zone named once, in the header
    tables.dataframe(shown, hide_index=True, key="draft_versions_table")
    c1, c2, c3 = st.columns([2, 2, 1])
    current = t("selection.draft.current")
    a = c1.selectbox(
        t("selection.draft.compare_a"),
        names,
        key="draft_cmp_a",
        placeholder=state.placeholder(names),
    )
    b = c2.selectbox(
        t("selection.draft.compare_b"),
        [current, *names],
        key="draft_cmp_b",
        placeholder=state.placeholder(names),
    )
    c3.button(t("selection.draft.load"), key="draft_load", on_click=_load_version, args=(a,))
    if a:
        left = drafts.load_version(db, user, a)
        right = {**doc, **document(pick)} if b == current else drafts.load_version(db, user, b)
        d = drafts.diff_drafts(left, right)
        if d.empty:
            st.caption(t("selection.draft.same"))
        else:
            d = d.assign(kind=[t(f"selection.draft.kind.{k}") for k in d["kind"]])
            d = d.rename(columns={c: t(f"selection.draft.col.{c}") for c in d.columns})
            tables.dataframe(d, hide_index=True, key="draft_diff_table")
