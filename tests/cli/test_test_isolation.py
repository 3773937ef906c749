"""The suite's own isolation: what one test leaves in a worker process does not break the next.

Under ``pytest -n auto`` a worker runs tests of every file one after another; these run two
tests in one fresh pytest process, the second after what the first leaves behind.
"""

from __future__ import annotations

import textwrap

import pytest

from tests._paths import ROOT

pytest_plugins = ["pytester"]

APPTEST_THEN_SPAWN = textwrap.dedent(
    """
    import multiprocessing as mp

    from streamlit.testing.v1 import AppTest


    def _page(text):
        import streamlit as st

        st.write(text)


    def test_a_page_runs():  # as tests/cli/test_cli_intake.py's upload tests do
        at = AppTest.from_function(_page, args=("page",)).run()
        assert not at.exception


    def test_then_spawned_processes_start():
        with mp.get_context("spawn").Pool(2) as pool:
            assert pool.map_async(abs, [-1, -2]).get(timeout=20) == [1, 2]
    """
)


def test_a_spawn_pool_starts_after_an_apptest_run_in_the_same_process(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the suite's conftest (checked by hand: an empty one) the second test fails:
    the pool's workers run the page as their main module without its arguments, die while
    starting and are replaced until the timeout."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeconftest("from tests.conftest import _keep_main_module  # noqa: F401\n")
    pytester.makepyfile(test_order=APPTEST_THEN_SPAWN)
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
