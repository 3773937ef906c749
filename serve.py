"""YouthMap's server: the app (``app.py``) as an ``st.App`` with the routes that set and
clear its HttpOnly login cookie (:mod:`ui.cookie_routes`).

``youthmap serve`` runs ``python -m ui.launch run serve.py``; ``streamlit run serve.py``
works too (Streamlit finds the ``app`` below). ``streamlit run app.py`` still serves the
pages, but without these routes a login does not outlast a reload.
"""

from __future__ import annotations

import streamlit as st

from ui.cookie_routes import ROUTES

app = st.App("app.py", routes=ROUTES)
