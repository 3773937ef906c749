"""Number boxes whose bounds speak the page's language.

Streamlit's ``st.number_input(min_value=…, max_value=…)`` refuses a number outside its
bounds in the browser, with a message of its own frontend that is English whatever the
page's language ("Number is below the allowed range. Please enter a value greater than or
equal to 0."; Streamlit 1.67 has no way to translate it). :func:`number_box` gives the box no
bounds and checks them here instead: a number outside them is answered under the box in the
user's language, and the nearest bound is the one used (the message says so), as the
browser's refusal kept a number inside the bounds too.
"""

from __future__ import annotations

from typing import Any, TypeVar

import streamlit as st

from ui import state

N = TypeVar("N", int, float)


def number_box(
    label: str,
    low: N,
    high: N,
    value: N | None | str = "min",
    step: N | None = None,
    *,
    key: str,
    where: Any = st,
    **kwargs: Any,
) -> N:
    """A ``number_input`` on ``where`` (``st``, a column, a container) bounded by
    ``low``..``high``, the bounds checked in Python.

    Parameters
    ----------
    label : str
        The box's label (catalogue text), also named in the message.
    low, high : int or float
        The bounds, both included. Their type, ``value``'s and ``step``'s give the box's type
        as Streamlit reads them (all ``int`` or all ``float``).
    value : int, float, None or "min"
        The starting value (``"min"``: ``low``; ``None``: an empty box). Once the session
        keeps a value under ``key`` (typed, or set by the page) the box shows that one, and
        ``value`` is not passed (Streamlit warns of a default beside a value set in the
        session).
    step : int or float, optional
        The step of the box's ``+``/``−`` buttons.
    key : str
        The widget's key.
    where : module or DeltaGenerator
        Where the box is drawn.
    **kwargs
        Passed to ``number_input`` (``disabled``, ``help``, ``format`` …).

    Returns
    -------
    int, float or None
        The number typed, or the bound nearest to it when it is outside them; ``None`` when
        the box is empty.
    """
    if key in st.session_state:
        value = "min"  # Streamlit's "no default": the kept value is shown
    elif value == "min":
        value = low
    if step is None and isinstance(low, int) and not isinstance(value, int):
        step = 1  # a box with no number yet is of floats unless its step says otherwise
    typed = where.number_input(label, value=value, step=step, key=key, **kwargs)
    if typed is None or low <= typed <= high:
        return typed
    used = low if typed < low else high
    where.error(
        state.t(
            "common.number_range",
            label=label,
            low=_shown(low),
            high=_shown(high),
            used=_shown(used),
        )
    )
    return used


def _shown(number: float) -> str:
    """A bound as the box shows it: ``200`` rather than ``200.0``, thousands grouped."""
    return f"{int(number):,}" if float(number).is_integer() else f"{number:,}"
