"""Layer content tokens (``ui.state.layer_token``): the caches' keys, hashed once per layer."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from ui import pairing as upair
    from ui import state

    layers = state.layers()
    if not st.session_state.get("imported"):
        st.session_state["embedded"] = (
            state.layer_token("campuses"),
            upair.frame_token(layers.campuses),
            state.content_token(layers.campuses),
        )
        state.replace_layer("campuses", layers.campuses.head(25).copy())
        st.session_state["imported"] = True
    layers = state.layers()
    st.session_state["replaced"] = (
        state.layer_token("campuses"),
        upair.frame_token(layers.campuses),
        state.content_token(layers.campuses),
        st.session_state["replaced_tokens"]["campuses"][1],
    )
    subset = layers.campuses.head(5)
    st.session_state["subset"] = (upair.frame_token(subset), state.content_token(subset))


def test_layer_tokens_match_the_content_and_follow_an_import() -> None:
    at = AppTest.from_function(_script, default_timeout=120).run()
    assert not at.exception
    embedded = at.session_state["embedded"]
    assert embedded[0] == embedded[1] == embedded[2]
    assert embedded[0][0] > 1000  # the embedded campuses
    replaced = at.session_state["replaced"]
    assert replaced[0] == replaced[1] == replaced[2] == replaced[3]
    assert replaced[0][0] == 25 and replaced[0] != embedded[0]
    subset = at.session_state["subset"]
    assert subset[0] == subset[1] and subset[0][0] == 5
    at.run()  # a rerun keeps the stored token
    assert at.session_state["replaced"] == replaced


def test_the_loaded_dataset_is_exempt_from_streamlits_collections_after_every_run() -> None:
    import gc

    from ui import state

    state.default_layers.clear()
    state.default_layers()
    # the ~600,000 shapely points of the embedded layers are no longer scanned by the full
    # collection Streamlit runs after every script run (runner.postScriptGC)
    assert gc.get_freeze_count() > 500_000
