"""``youthmap serve``: start the Streamlit app.

The app is ``app.py`` beside ``geo/`` in a checkout, or the copy an installed wheel carries
in the package ``youthmap_app`` (:func:`geo.core._resources.app_root`). Streamlit runs in the
app's folder, where it reads ``.streamlit/config.toml`` and serves ``static/``; the
database stays where the other commands put it (``YOUTHMAP_HOME``, default ``./var`` of the
folder ``serve`` was started from).

The app listens on ``127.0.0.1`` unless ``--address`` says otherwise. On any other address
(a network) logins are always on, and ``serve`` refuses to start while
``YOUTHMAP_NO_LOGIN=1`` is set or no account exists (:func:`geo.plan.auth.check_serving`): on a
network the no-login desktop would let anyone act as the central committee.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from geo import i18n
from geo.core._resources import app_root

DEFAULT_ADDRESS = "127.0.0.1"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the app (streamlit run app.py)")
    p.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    p.add_argument(
        "--address",
        default=DEFAULT_ADDRESS,
        help=f"address to bind (default {DEFAULT_ADDRESS}: this machine only; any other "
        "address needs logins and at least one account)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        app = app_root() / "app.py"
    except FileNotFoundError:
        print(
            i18n.t("cli.error", args.lang, text=i18n.t("cli.serve.no_app", args.lang)),
            file=sys.stderr,
        )
        return 2
    from geo import store
    from geo.plan import auth
    from geo.store.db import HOME_ENV

    # the app and the account check below use the same database: ./var unless set
    os.environ.setdefault(HOME_ENV, str(Path("var").resolve()))
    if not auth.is_loopback(args.address):
        db = store.open_store()
        try:
            auth.check_serving(args.address, store.count_users(db))
        finally:
            db.dispose()
    env = os.environ.copy()
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
