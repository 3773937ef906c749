"""Start the app's Streamlit server with the app imported and the page menu set before the
first browser connects: ``python -m ui.launch run serve.py --server.port 8501 …`` (the
arguments are Streamlit's own; ``serve.py`` is ``app.py`` as an ``st.App`` with the login
cookie's routes), as ``youthmap serve`` does.

Started by ``streamlit run app.py``, a server imports the app inside the first session's
run (:mod:`ui.preload`: about 3 s of CPU on the 2-core machine of 2026-12-05), and
Streamlit picks its page mode when that run starts. Until the run has called
``st.navigation``, the browser is sent Streamlit's legacy menu, built from ``pages/`` (app,
coverage, data, login …), above an empty page. This module imports :mod:`ui.preload` and
tells Streamlit the app does not use that menu (``PagesManager.uses_pages_directory``,
which Streamlit otherwise sets from ``pages/`` on disk) before the server opens its port:
the first visitor after a restart gets the app's own menu, and only the page's run to wait
for. Started by ``streamlit run`` (the browser tests' servers), the app still works: the
first run leaves the legacy mode itself (:func:`ui.state.rerun_if_legacy`).
"""

from __future__ import annotations

import logging
import sys


def main() -> None:
    """Import the app, switch off Streamlit's legacy page menu, then run Streamlit's command
    line with this process's arguments."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    # ``st.cache_data`` checks its options against the runtime's cache store when a module
    # defines a cached function, and logs that there is none yet (one warning a function);
    # the caches themselves are made at their first call, in a session, from the runtime's
    cache_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = cache_log.level
    cache_log.setLevel(logging.ERROR)
    try:
        import ui.preload  # noqa: F401  every module the sessions' runs import
    finally:
        cache_log.setLevel(level)
    PagesManager.uses_pages_directory = False
    sys.argv[0] = "streamlit"
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
