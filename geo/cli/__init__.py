"""The ``youthmap`` command: batch interface for analysts and the tests' black-box contract.

Each subcommand lives in its own module under :mod:`geo.cli` and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a callable taking the
parsed arguments and returning an exit code. Bad input raises
:class:`geo.errors.InputError`; :func:`main` prints one line per problem and exits 2,
never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from geo.errors import InputError, YouthMapError

COMMANDS: tuple[str, ...] = (
    "demo",
    "build_data",
    "validate",
    "import_",
    "coverage",
    "site",
    "score",
    "select",
    "pair",
    "map",
    "user",
    "plan",
    "db",
    "serve",
    "records",
    "progress",
    "evaluate",
)
"""Subcommand modules, in the order ``youthmap --help`` lists them."""


_URL_PASSWORD = re.compile(r"(?P<head>\w[\w+.-]*://[^/:@\s]*:)[^@\s]*@")


def hide_passwords(text: str) -> str:
    """``text`` with the password of any URL in it (``scheme://user:PASSWORD@host``)
    replaced by ``***``."""
    return _URL_PASSWORD.sub(r"\g<head>***@", text)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose error messages never show a database password (argparse
    quotes the offending arguments, and a ``--db`` URL may hold one)."""

    def error(self, message: str) -> NoReturn:
        super().error(hide_passwords(message))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand registered."""
    parser = _Parser(
        prog="youthmap",
        description="社区青春行动选点平台 YouthMap — Community Youth Action planner",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"geo.cli.{name}")
        except ModuleNotFoundError as exc:  # a subcommand not built yet
            if exc.name == f"geo.cli.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: {exc.filename or exc}: file not found", file=sys.stderr)
        return 2
    except YouthMapError as exc:  # refused (permission, stale write, login) or a database failure
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an output path that cannot be written, a full disk …
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or type(exc).__name__}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return int(code or 0)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
