"""Where the files shipped beside the library are: ``data/``, ``static/`` and the app.

In a checkout they sit at the top of the repository, beside ``geo/`` (``app.py``,
``pages/``, ``ui/``, ``static/``, ``data/``, ``.streamlit/``). A built wheel carries the
same files in the package ``youthmap_app`` (``pyproject.toml`` maps the repository's top
folder to it, see ``docs/ENGINEERING.md``), found here through :mod:`importlib.resources`.
Standard library only: the command line imports this to start the app.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

APP_PACKAGE = "youthmap_app"
"""The package an installed wheel keeps the app, its static files and its data in."""

_CHECKOUT = Path(__file__).resolve().parents[2]  # geo/core/_resources.py


@cache
def app_root() -> Path:
    """The folder holding ``app.py``, ``pages/``, ``ui/``, ``static/`` and ``data/``.

    Returns
    -------
    Path
        The checkout's top folder when ``geo`` runs from a checkout (``app.py`` and
        ``pyproject.toml`` beside ``geo/``), else the installed ``youthmap_app`` package's
        folder.

    Raises
    ------
    FileNotFoundError
        When neither holds ``app.py`` (``geo`` installed without the app).
    """
    if (_CHECKOUT / "app.py").is_file() and (_CHECKOUT / "pyproject.toml").is_file():
        return _CHECKOUT
    try:
        app = resources.files(APP_PACKAGE) / "app.py"
    except ModuleNotFoundError:
        raise FileNotFoundError(
            f"app.py not found: neither beside {_CHECKOUT / 'geo'} nor in an installed "
            f"{APP_PACKAGE} package"
        ) from None
    return Path(str(app)).parent
