"""Login page: name and password against the YouthMap database; log out when signed in
(the form itself is :func:`ui.login.show`, also drawn at any address while signed out)."""

from __future__ import annotations

import ui.preload  # noqa: F401  first: see ui/preload.py

from ui import login, state

state.rerun_if_legacy()  # first: a run begun in Streamlit's legacy mode (ui/state.py)

login.show()
