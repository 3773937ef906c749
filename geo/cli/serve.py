"""``youthmap serve``: start the Streamlit app.

The app is ``app.py`` beside ``geo/`` in a checkout, or the copy an installed wheel carries
in the package ``youthmap_app`` (:func:`geo._resources.app_root`). Streamlit runs in the
app's folder, where it reads ``.streamlit/config.toml`` and serves ``static/``; the
database stays where the other commands put it (``YOUTHMAP_HOME``, default ``./var`` of the
folder ``serve`` was started from).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from geo._resources import app_root


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the app (streamlit run app.py)")
    p.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    p.add_argument("--address", default="localhost", help="address to bind (default localhost)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        app = app_root() / "app.py"
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from geo.store.db import HOME_ENV

    env = os.environ.copy()
    env.setdefault(HOME_ENV, str(Path("var").resolve()))
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
    ]
    return subprocess.call(cmd, cwd=app.parent, env=env)
