"""Streamlit-side helpers shared by the pages (session state, caching, widgets).

Everything analytical lives in :mod:`geo`; this package only connects it to Streamlit.
"""
