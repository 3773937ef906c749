"""``youthmap serve``: start the Streamlit app.

The app listens on ``127.0.0.1`` unless ``--address`` says otherwise. On any other address
(a network) logins are always on, and ``serve`` refuses to start while
``YOUTHMAP_NO_LOGIN=1`` is set or no account exists (:func:`geo.auth.check_serving`): on a
network the no-login desktop would let anyone act as the central committee.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from geo import auth, store

APP = Path(__file__).resolve().parents[2] / "app.py"
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
    if not APP.exists():
        print(f"error: {APP} not found; serve runs from a source checkout", file=sys.stderr)
        return 2
    if not auth.is_loopback(args.address):
        db = store.open_store()
        try:
            auth.check_serving(args.address, store.count_users(db))
        finally:
            db.dispose()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
    ]
    return subprocess.call(cmd, cwd=APP.parent, env=os.environ.copy())
