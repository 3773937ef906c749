"""Layer tokens (``ui.state.layer_token``), the caches' one key: an embedded layer's is its
name, an imported layer's its content, hashed once."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from ui import state

    layers = state.layers()
    if not st.session_state.get("imported"):
        st.session_state["embedded"] = (
            state.layer_token("campuses"),
            state.frame_token(layers.campuses),
            state.content_token(layers.campuses),
        )
        state.replace_layer("campuses", layers.campuses.head(25).copy())
        st.session_state["imported"] = True
    layers = state.layers()
    st.session_state["replaced"] = (
        state.layer_token("campuses"),
        state.frame_token(layers.campuses),
        state.content_token(layers.campuses),
        st.session_state["replaced_tokens"]["campuses"][1],
    )
    subset = layers.campuses.head(5)
    st.session_state["subset"] = (state.frame_token(subset), state.content_token(subset))
    st.session_state["layers_token"] = state.layers_token()


def test_layer_tokens_match_the_content_and_follow_an_import() -> None:
    at = AppTest.from_function(_script, default_timeout=120).run()
    assert not at.exception
    embedded = at.session_state["embedded"]
    assert embedded[0] == embedded[1] == (embedded[2][0], "embedded:campuses")
    assert embedded[0][0] > 1000  # the embedded campuses, not hashed
    replaced = at.session_state["replaced"]
    assert replaced[0] == replaced[1] == replaced[2] == replaced[3]
    assert replaced[0][0] == 25 and replaced[0] != embedded[0]
    subset = at.session_state["subset"]
    assert subset[0] == subset[1] and subset[0][0] == 5
    at.run()  # a rerun keeps the stored token
    assert at.session_state["replaced"] == replaced
    assert at.session_state["layers_token"][2] == replaced[0]


def _edit_script() -> None:
    import streamlit as st

    from ui import state

    campuses = state.layers().campuses.head(25).copy()
    if st.session_state.get("edit"):
        campuses.loc[0, "school_type"] = (
            "专科" if campuses.loc[0, "school_type"] == "本科" else "本科"
        )
    state.replace_layer("campuses", campuses)
    st.session_state["token"] = state.layers_token()


def test_an_import_that_changes_only_an_attribute_changes_the_token() -> None:
    # scores and pairings read more than ids and coordinates: the one token hashes them all
    at = AppTest.from_function(_edit_script, default_timeout=120).run()
    before = at.session_state["token"]
    at.session_state["edit"] = True
    at.run()
    after = at.session_state["token"]
    assert before[:2] == after[:2] and before[3] == after[3]
    assert before[2] != after[2] and before[2][0] == after[2][0] == 25


def test_the_loaded_dataset_is_exempt_from_streamlits_collections_after_every_run() -> None:
    import gc

    from ui import state

    state.default_layers.clear()
    state.default_layers()
    # the ~600,000 shapely points of the embedded layers are no longer scanned by the full
    # collection Streamlit runs after every script run (runner.postScriptGC)
    assert gc.get_freeze_count() > 500_000
