"""The ``youthmap`` command: batch interface for analysts and the tests' black-box contract.

Each subcommand lives in its own module under :mod:`geo.cli` and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a callable taking the
parsed arguments and returning an exit code. Bad input raises
:class:`geo.core.errors.InputError`; :func:`main` prints one line per problem, rendered from its
message code in the command's language (:data:`OPTION_LANG`), and exits 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from geo import i18n
from geo.core.errors import InputError, Problem, YouthMapError

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

OPTION_LANG = "en"
"""Language of a problem with a command-line option (its column is the option, ``--total``):
the options are English words. Problems in the user's files are printed in the command's
language: its ``--lang`` (``validate``, ``import``, ``map``; default Chinese) or its own
default (``coverage``, ``site``, ``select`` and ``pair`` speak English, as their messages
always did), else Chinese (the language file problems were always read in)."""


def problem_lines(problems: Sequence[Problem], lang: str) -> list[str]:
    """The ``error: …`` lines of an InputError, each rendered from its message code."""
    return [
        "error: " + i18n.problem_line(p, OPTION_LANG if (p.column or "").startswith("--") else lang)
        for p in problems
    ]


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
    except InputError as exc:  # the library's message codes, in the command's language
        lang = getattr(args, "lang", None) or i18n.DEFAULT_LANG
        for line in problem_lines(exc.problems, lang):
            print(line, file=sys.stderr)
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
