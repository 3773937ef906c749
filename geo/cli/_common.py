"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from geo import i18n
from geo.core.errors import InputError, Problem, os_reason
from geo.core.params import CRS_NAMES

LANGS: tuple[str, ...] = ("zh", "en")
"""Languages of ``--lang`` (the catalogue's, :data:`geo.i18n.LANGS`; kept here so that
``youthmap --help`` imports nothing heavy)."""

TABLE_EXTENSIONS: tuple[str, ...] = (".csv", ".xlsx")
"""Outputs written for people (headers, values and sheet names in ``--lang``); GeoJSON and
GeoPackage are for GIS software and keep the machine field names and codes."""

if TYPE_CHECKING:
    import pandas as pd

LANG_ENV = "YOUTHMAP_LANG"
"""Environment variable naming the language of every command (``zh`` or ``en``) when
``--lang`` is not given."""


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--lang zh|en``: the language of the command's messages (errors, summaries,
    progress) and of the files it writes. Given before the command (``youthmap --lang en
    site …``) or after it; when neither, :data:`LANG_ENV`, else Chinese
    (:func:`chosen_lang`)."""
    parser.add_argument(
        "--lang",
        choices=i18n.LANGS,
        default=argparse.SUPPRESS,  # unset here: a command's default never hides the global one
        help=f"language of messages and files: zh (default) or en (also {LANG_ENV})",
    )


def chosen_lang(given: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language of a command: ``--lang`` if given, else :data:`LANG_ENV` when it names a
    language (``zh``, ``en``), else Chinese."""
    if given in i18n.LANGS:
        return str(given)
    env = (os.environ if environ is None else environ).get(LANG_ENV, "").strip().lower()
    return env if env in i18n.LANGS else i18n.DEFAULT_LANG


def problem_out(problem: Problem, lang: str) -> str:
    """One problem as the command line prints it: ``error: file, row 5, column C: reason``
    (``错误：…``, ``warning:``/``提示：`` for a warning), in ``lang``."""
    return i18n.t(f"cli.{problem.severity}", lang, text=i18n.problem_line(problem, lang))


def say(args: argparse.Namespace, key: str, /, **values: object) -> None:
    """Print the catalogue message ``key`` in the command's language (``args.lang``)."""
    print(i18n.t(key, getattr(args, "lang", i18n.DEFAULT_LANG), **values))


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--crs``, ``--map`` (repeatable ``source=target`` header mapping), ``--sheet``
    (XLSX) and ``--layer-name`` (GeoPackage or zip with several layers)."""
    parser.add_argument(
        "--crs",
        choices=CRS_NAMES,
        default="wgs84",
        help="coordinate system of the input files (default wgs84)",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="SOURCE=TARGET",
        help="map a column of the file to a YouthMap column, e.g. --map 社区名称=name",
    )
    parser.add_argument("--sheet", default=None, help="XLSX sheet name (default: the first)")
    parser.add_argument(
        "--layer-name",
        default=None,
        metavar="NAME",
        help="layer of a GeoPackage or zip holding several (a file with several is refused "
        "without it, and the layers are listed)",
    )


def add_lang_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--lang zh|en`` (:func:`add_lang_option`: the language of the messages and of
    the files written, after the command or before it, default zh) and ``--raw-headers``
    (CSV/XLSX keep the machine column names and codes)."""
    add_lang_option(parser)
    add_raw_headers_option(parser)


def add_raw_headers_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--raw-headers`` (for a command whose ``--lang`` is already there)."""
    parser.add_argument(
        "--raw-headers",
        action="store_true",
        help="write CSV/XLSX with the machine column names and codes (distance_m, west, True) "
        "for scripts; GeoJSON and GeoPackage always keep them",
    )


def parse_mapping(items: list[str]) -> dict[str, str]:
    """Turn ``["社区名称=name", …]`` into ``{"社区名称": "name"}``; bad items raise InputError."""
    mapping: dict[str, str] = {}
    for item in items or []:
        source, sep, target = item.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise InputError.single("cli.problem.map_item", column="--map", item=item)
        mapping[source.strip()] = target.strip()
    return mapping


def read_layer_arg(path: str, layer: str, args: argparse.Namespace):
    """Read a layer file named on the command line, with the shared input options."""
    from geo.intake import io

    return io.read_layer(
        path,
        layer,
        crs=getattr(args, "crs", "wgs84"),
        mapping=parse_mapping(getattr(args, "map", [])),
        sheet=getattr(args, "sheet", None),
        layer_name=getattr(args, "layer_name", None),
    )


def read_all(*readers: Callable[[], object]) -> list:
    """Call each reader (e.g. one per input file) and return their results in order.

    Every reader runs even when an earlier one fails, and the problems of all that fail are
    raised as one :class:`InputError`, so a single run names every bad input file.
    """
    results: list = []
    problems = []
    for read in readers:
        try:
            results.append(read())
        except InputError as exc:
            problems.extend(exc.problems)
            results.append(None)
    if problems:
        raise InputError(problems)
    return results


def write_output(
    frame: pd.DataFrame,
    path: str,
    args: argparse.Namespace | None = None,
    *,
    sheet: str | None = None,
    headers: dict[str, str] | None = None,
    places: tuple[str, ...] | None = None,
    values: dict[str, str] | None = None,
) -> Path:
    """Write a result by the output's extension and return the path written.

    With ``args`` (a command that took :func:`add_lang_options`), a CSV or XLSX output is
    written for people in ``args.lang`` (:func:`geo.export.labels.localize`: headers with
    units, coded values, place names; the sheet named ``table.sheet.<sheet>``) unless
    ``args.raw_headers``; GeoJSON and GeoPackage keep the machine names and codes.
    ``headers`` overrides the catalogue's header of some columns (a page's own, e.g. the
    pairing columns), ``places`` names the columns holding place names and ``values`` adds
    column → catalogue key patterns of coded values (:func:`geo.export.labels.localize`).

    A path that cannot be written (a file where a folder should be, no permission, a full
    disk) is an :class:`InputError` naming the file and the system's reason; a partly
    written file is removed.
    """
    from geo.intake import io

    hook = sys.unraisablehook
    sys.unraisablehook = _ignore  # a writer's file objects closing again on collection
    sheet_name = None
    if (
        args is not None
        and not getattr(args, "raw_headers", False)
        and Path(path).suffix.lower() in TABLE_EXTENSIONS
    ):
        from geo.export import labels

        lang = args.lang
        frame = labels.localize(
            frame,
            lang,
            headers=headers,
            values=values,
            **({} if places is None else {"places": places}),
        )
        sheet_name = labels.sheet(sheet, lang) if sheet else None
    try:
        try:
            return io.write_table(frame, path, sheet=sheet_name)
        except OSError as exc:
            error = output_error(path, exc)
        gc.collect()  # the failed writer's objects go now, while their complaints are ignored
    finally:
        sys.unraisablehook = hook
    with contextlib.suppress(OSError):
        if Path(path).is_file() or Path(path).is_symlink():
            Path(path).unlink()
    raise error


def _ignore(_: object) -> None:
    """An unraisable-exception hook that reports nothing."""


def output_error(path: str | Path, exc: OSError) -> InputError:
    """The problem of an output that could not be written: file and the system's reason."""
    return InputError.single(
        "cli.problem.cannot_write", file=str(path), code="output", reason=os_reason(exc)
    )
