"""``youthmap serve``: start the Streamlit app.

The app is ``app.py`` beside ``geo/`` in a checkout, or the copy an installed wheel carries
in the package ``youthmap_app``, served by ``serve.py`` beside it (an ``st.App`` with the
routes that set the HttpOnly login cookie, :mod:`ui.cookie_routes`) (:func:`geo.core._resources.app_root`). Streamlit runs in the
app's folder, where it reads ``.streamlit/config.toml`` and serves ``static/``; the
database stays where the other commands put it (``YOUTHMAP_HOME``, default ``./var`` of the
folder ``serve`` was started from).

The app listens on ``127.0.0.1`` unless ``--address`` says otherwise. On any other address
(a network) logins are always on, and ``serve`` refuses to start while
``YOUTHMAP_NO_LOGIN=1`` is set or no account exists (:func:`geo.plan.auth.check_serving`): on a
network the no-login desktop would let anyone act as the central committee.

On the first run of a desktop install (loopback address, a database with no account, no
plan and an empty audit log) ``serve`` first makes the demo plan — the seed-2021 national
pick, launched — and its simulated year of records (:func:`geo.plan.year_demo.seed_demo`,
labelled simulated on every page and report), so the progress, evaluation and management
pages show a year of work at once. ``--no-demo`` or ``YOUTHMAP_DEMO_YEAR=0`` skips it;
``youthmap records demo`` makes it later.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
from pathlib import Path

from geo import i18n
from geo.cli._common import add_lang_option, help_text
from geo.core._resources import app_root
from geo.core.errors import InputError, os_reason

DEFAULT_ADDRESS = "127.0.0.1"


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("serve", help=help_text("serve", lang))
    p.add_argument("--port", type=int, default=8501, help=help_text("serve.port", lang))
    p.add_argument(
        "--address",
        default=DEFAULT_ADDRESS,
        help=help_text("serve.address", lang, default=DEFAULT_ADDRESS),
    )
    p.add_argument(
        "--no-demo",
        action="store_true",
        help=help_text("serve.no_demo", lang),
    )
    add_lang_option(p, lang)
    p.set_defaults(func=run)


def check_port(address: str, port: int) -> None:
    """Refuse a port the server could not listen on, before anything else is done.

    Streamlit finds out only once it binds, after the first run's demo year (half a minute)
    and the app's import, and then says "Port 8501 is not available" in English with exit
    status 1, or prints a traceback for an address this machine does not have or a port
    out of range. The socket is bound as Streamlit binds it (``SO_REUSEADDR``, IPv6 for an
    address with a colon) and closed at once.

    Raises
    ------
    InputError
        Code ``port_range`` (not 1-65535), ``port_in_use`` (another program listens
        there) or ``cannot_listen`` (the address is not this machine's, or the system
        refuses the port, e.g. one below 1024 for an ordinary user), naming the option.
    """
    if not 1 <= port <= 65535:
        raise InputError.single("serve.problem.port_range", column="--port", code="port_range")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        with socket.socket(family=family) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((address, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise InputError.single(
                "serve.problem.port_in_use", column="--port", code="port_in_use", port=port
            ) from exc
        if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
            raise InputError.single(
                "serve.problem.not_this_machine",
                column="--address",
                code="cannot_listen",
                address=address,
            ) from exc
        raise InputError.single(
            "serve.problem.cannot_listen",
            column="--port",
            code="cannot_listen",
            address=address or "0.0.0.0",
            port=port,
            reason=os_reason(exc),
        ) from exc


def first_run_demo(no_demo: bool = False, lang: str = "zh") -> int | None:
    """Make the demo plan and its simulated year when the database is fresh; returns the
    number of simulated activities made, or ``None`` when nothing was done."""
    from geo import store
    from geo.export import labels
    from geo.plan import year_demo
    from geo.plan.auth import DESKTOP_USER

    if no_demo or os.environ.get(year_demo.DEMO_ENV, "1").strip() == "0":
        return None
    db = store.open_store()
    try:
        if db.read_only or not year_demo.first_run(db):
            return None
        plan = labels.plan_name(year_demo.DEMO_PLAN_NAME, lang)
        print(i18n.t("cli.serve.demo_start", lang, plan=plan), flush=True)
        _, n = year_demo.seed_demo(db, DESKTOP_USER)
    finally:
        db.dispose()
    print(i18n.t("cli.serve.demo_ready", lang, n=f"{n:,}"), flush=True)
    return n


def run(args: argparse.Namespace) -> int:
    try:
        app = app_root() / "serve.py"
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
    check_port(args.address, args.port)
    if not auth.is_loopback(args.address):
        db = store.open_store()
        try:
            auth.check_serving(args.address, store.count_users(db))
        finally:
            db.dispose()
    else:
        first_run_demo(getattr(args, "no_demo", False), args.lang)
    env = os.environ.copy()
    cmd = [  # Streamlit's own ``streamlit run``, with the app imported first (ui/launch.py)
        sys.executable,
        "-m",
        "ui.launch",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
    ]
    # Streamlit takes this process's place (its pid, its signals): run as a child, it kept
    # running and holding the port when `serve` was stopped with SIGTERM (a service manager,
    # `timeout`), as subprocess.call passes no signal on
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(app.parent)
    os.execve(sys.executable, cmd, env)
