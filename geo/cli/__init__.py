"""The ``youthmap`` command: batch interface for analysts and the tests' black-box contract.

Each subcommand lives in its own module under :mod:`geo.cli` and exposes
``register(subparsers, lang)``, which adds its parser (its help in ``lang``) and sets
``func`` to a callable taking the parsed arguments and returning an exit code. Bad input raises
:class:`geo.core.errors.InputError`; :func:`main` prints one line per problem, rendered from its
message code in the command's language, and exits 2, never a traceback.

Every command speaks one language, chosen the same way for all: ``youthmap --lang en
COMMAND`` (or ``COMMAND --lang en``), else the ``YOUTHMAP_LANG`` environment variable, else
Chinese (:func:`geo.cli._common.chosen_lang`). ``main`` reads it from the command line
before building the parser, so that the help (description, summaries, options' help and
argparse's own words, :mod:`geo.locales.cli_help`) and argparse's errors are in it too;
it resolves it into ``args.lang`` before the command runs, and the command's errors,
summaries and progress lines come from the catalogue (:mod:`geo.locales.cli`).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from geo import i18n
from geo.cli._common import (
    HelpFormatter,
    add_lang_option,
    argparse_words,
    chosen_lang,
    help_text,
    lang_of_argv,
)
from geo.core.errors import (
    InputError,
    PermissionDenied,
    Problem,
    StaleWrite,
    StoreError,
    YouthMapError,
    os_reason,
)

COMMANDS: tuple[str, ...] = (
    "demo",
    "build_data",
    "validate",
    "import_",
    "coverage",
    "site",
    "score",
    "find",
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
    "next_cycle",
)
"""Subcommand modules, in the order ``youthmap --help`` lists them."""


def problem_lines(problems: Sequence[Problem], lang: str) -> list[str]:
    """The ``error: …`` (``错误：…``) lines of an InputError, each rendered from its message
    code in ``lang``."""
    return [i18n.t("cli.error", lang, text=i18n.problem_line(p, lang)) for p in problems]


def _option_strings(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string of ``parser`` and of its subcommands' parsers, at any depth."""
    found: set[str] = set()
    for action in parser._actions:
        found.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                found |= _option_strings(sub)
    return found


def as_options(
    problems: Sequence[Problem], args: argparse.Namespace, parser: argparse.ArgumentParser
) -> list[Problem]:
    """The problems with each refused parameter named as the option that gave it.

    A library function names the parameter it refuses (``k``, ``radius_m``: its column);
    on the command line the user typed an option (``--k``, ``--radius-m``), which
    :func:`geo.i18n.problem_where` then names as one ("option --k"). Only a problem in no
    file and no row is renamed; one whose column is none of the command's options (the
    ``password`` typed at a prompt) names none, since its reason says what it is about and
    the user never saw that name (it read 列“password”).
    """
    options = _option_strings(parser)
    out = []
    for p in problems:
        if p.column and p.column not in options and p.file is None and p.row is None:
            flag = f"--{p.column.replace('_', '-')}"
            given = p.column in vars(args) and flag in options
            p = dataclasses.replace(p, column=flag if given else None)
        out.append(p)
    return out


def refusal_text(exc: YouthMapError, lang: str) -> str:
    """Why a write was refused or the database failed, in ``lang``."""
    if isinstance(exc, PermissionDenied):
        if exc.who is None:
            return i18n.t("cli.not_logged_in", lang)
        return i18n.t("cli.inactive" if exc.inactive else "cli.denied", lang, who=exc.who)
    if isinstance(exc, StaleWrite):
        return i18n.t("mgmt.stale_clash", lang)
    if isinstance(exc, StoreError):
        return i18n.t(f"mgmt.store_error.{exc.code}", lang)
    return i18n.t("cli.refused", lang)


_URL_PASSWORD = re.compile(r"(?P<head>\w[\w+.-]*://[^/:@\s]*:)[^@\s]*@")


def hide_passwords(text: str) -> str:
    """``text`` with the password of any URL in it (``scheme://user:PASSWORD@host``)
    replaced by ``***``."""
    return _URL_PASSWORD.sub(r"\g<head>***@", text)


class _Parser(argparse.ArgumentParser):
    """An argument parser speaking one language (:attr:`lang`): argparse's own words in its
    help and errors come from the catalogue (:func:`geo.cli._common.argparse_words`)
    while it builds, formats or parses; its error messages never show a database password
    (argparse quotes the offending arguments, and a ``--db`` URL may hold one).

    Use :func:`parser_class` for the class of a language: the subcommands' parsers are
    made with the class of their parent, and so speak its language."""

    lang: str = i18n.DEFAULT_LANG

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        with argparse_words(self.lang):  # the section titles and the -h help
            super().__init__(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:  # "unrecognized arguments"
        with argparse_words(self.lang):
            return super().parse_args(*args, **kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with argparse_words(self.lang):
            return super().parse_known_args(*args, **kwargs)

    def format_usage(self) -> str:
        with argparse_words(self.lang):
            return super().format_usage()

    def format_help(self) -> str:
        with argparse_words(self.lang):
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with argparse_words(self.lang):
            super().error(hide_passwords(message))


@functools.cache
def parser_class(lang: str) -> type[_Parser]:
    """The parser class speaking ``lang``."""
    return type(f"_Parser_{lang}", (_Parser,), {"lang": lang})


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every available subcommand registered, its help in
    ``lang`` (default: :func:`~geo.cli._common.chosen_lang`'s, ``YOUTHMAP_LANG`` else
    Chinese)."""
    lang = chosen_lang(lang)
    parser = parser_class(lang)(prog="youthmap", description=help_text("description", lang))
    add_lang_option(parser, lang)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", help=help_text("command", lang))
    sub.required = True
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"geo.cli.{name}")
        except ModuleNotFoundError as exc:  # a subcommand not built yet
            if exc.name == f"geo.cli.{name}":
                continue
            raise
        module.register(sub, lang)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 bad input, 70 a fault of
    YouthMap's own, said in one line; ``YOUTHMAP_DEBUG=1`` shows its traceback instead)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(lang_of_argv(argv))
    args = parser.parse_args(argv)
    args.lang = lang = chosen_lang(getattr(args, "lang", None))
    try:
        code = args.func(args)
        sys.stdout.flush()  # a reader gone (below) is met here, not at the interpreter's exit
    except InputError as exc:  # the library's message codes, in the command's language
        for line in problem_lines(as_options(exc.problems, args, parser), lang):
            print(line, file=sys.stderr)
        return 2
    except YouthMapError as exc:  # refused (permission, stale write, login) or a database failure
        print(i18n.t("cli.error", lang, text=refusal_text(exc, lang)), file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped reading (``youthmap plan list | head -1``)
        # nothing to say to a reader that has gone; the interpreter's last flush of stdout at
        # exit would fail again on the closed pipe, so it flushes into /dev/null instead
        with contextlib.suppress(OSError, ValueError):  # a stdout with no file (in a test)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # a file not found, an output path that cannot be written …
        reason = str(i18n.term(os_reason(exc), lang))
        if exc.filename:
            reason = i18n.t("cli.os_error", lang, file=exc.filename, reason=reason)
        print(i18n.t("cli.error", lang, text=reason), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a fault of YouthMap's own, not of the input: no traceback
        if os.environ.get("YOUTHMAP_DEBUG"):  # (nor the paths in it) unless asked for
            raise
        print(i18n.t("cli.internal", lang, kind=type(exc).__name__), file=sys.stderr)
        return INTERNAL_ERROR
    return int(code or 0)


INTERNAL_ERROR = 70
"""Exit code of a fault in YouthMap itself (``EX_SOFTWARE``); bad input exits 2."""


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
