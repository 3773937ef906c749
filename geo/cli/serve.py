"""``youthmap serve``: start the Streamlit app."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the app (streamlit run app.py)")
    p.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    p.add_argument("--address", default="localhost", help="address to bind (default localhost)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not APP.exists():
        print(f"error: {APP} not found; serve runs from a source checkout", file=sys.stderr)
        return 2
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
