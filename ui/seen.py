"""What a page first showed of shared data, kept across its reruns until a write lands.

Streamlit reruns the whole page on every event (a box typed in, a button clicked). A
write button whose label, enablement or meaning is computed from rows re-read on each
rerun changes under the user's click when another account changed those rows meanwhile:
a button the rerun no longer draws, or draws disabled, loses its click without a word,
and one drawn from the current rows while the write carries the version first seen is
refused although the screen showed what it now is. A panel that writes a shared row
therefore draws its buttons from the row *as first shown* (:func:`shown`), says when the
row has changed since (with its current state and a 刷新 button), and sends the version it
showed: the click always reaches the store, which writes it or refuses it naming who
changed what.

What was shown is kept in the session under :data:`SEEN_KEY` by ``(kind, key)`` (a
community, a filing, an evaluation, the year's outcomes); :func:`ui.management.done`
drops it all after a write landed, so the rerun shows the rows as they now are.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import streamlit as st

from ui import state

SEEN_KEY = "mgmt_seen"
"""Session key of what the page first showed, by ``(kind, key)``."""

T = TypeVar("T")


def remember(kind: str, key: object, current: T) -> T:
    """``current`` as the user first saw it in this session (a copy: the kept value is not
    changed by its caller), kept until :func:`forget` or a landed write."""
    seen = st.session_state.setdefault(SEEN_KEY, {})
    return copy.deepcopy(seen.setdefault((kind, key), copy.deepcopy(current)))


def forget(kind: str, key: object) -> None:
    """Drop what was remembered of one row: the next run shows it as it is now."""
    st.session_state.setdefault(SEEN_KEY, {}).pop((kind, key), None)


def shown(
    kind: str,
    key: object,
    current: T,
    changed: Callable[[T, T], str],
    refresh_key: str,
) -> T:
    """The row (or rows) as this page first showed them, to draw a write's buttons from
    and to send its version; when ``current`` differs, a warning ``changed(seen, current)``
    (which says what it is now) and a 刷新 button (``refresh_key``) that shows it as it is.

    Parameters
    ----------
    kind, key
        What is kept: a kind of row and the row's key (a plan and a community …).
    current
        The row as read on this run (comparable with ``==``).
    changed
        The warning's text from what was shown and what is current.
    refresh_key
        The 刷新 button's widget key.
    """
    return shown_each(kind, {key: current}, lambda s, c: changed(s[key], c[key]), refresh_key)[key]


def shown_each(
    kind: str,
    current: Mapping[Any, T],
    changed: Callable[[dict[Any, T], dict[Any, T]], str],
    refresh_key: str,
) -> dict[Any, T]:
    """:func:`shown` for several rows at once (the communities picked in a box), each kept
    from when it was first shown: ``current`` and the result map each row's key to it, and
    ``changed`` gets only the rows that changed (as shown and as now)."""
    seen = {key: remember(kind, key, now) for key, now in current.items()}
    moved = [key for key, now in current.items() if seen[key] != now]
    if moved:
        st.warning(changed({k: seen[k] for k in moved}, {k: current[k] for k in moved}))
        if st.button(state.t("mgmt.refresh"), key=refresh_key):
            for key in moved:
                forget(kind, key)
            st.rerun()  # this click is the run's only event: nothing else is lost
    return seen
