"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
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

    from geo.store.db import Store

LANG_ENV = "YOUTHMAP_LANG"
"""Environment variable naming the language of every command (``zh`` or ``en``) when
``--lang`` is not given."""


def add_lang_option(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add ``--lang zh|en``: the language of the command's messages (errors, summaries,
    progress), of its help and of the files it writes. Given before the command
    (``youthmap --lang en site …``) or after it; when neither, :data:`LANG_ENV`, else
    Chinese (:func:`chosen_lang`). ``lang`` is the language of the help text."""
    parser.add_argument(
        "--lang",
        choices=i18n.LANGS,
        default=argparse.SUPPRESS,  # unset here: a command's default never hides the global one
        help=help_text("lang", lang, env=LANG_ENV),
    )


def help_text(key: str, lang: str, /, **values: object) -> str:
    """The help of an option or command, ``cli.help.<key>`` in ``lang``
    (:mod:`geo.locales.cli_help`)."""
    return i18n.t(f"cli.help.{key}", lang, **values)


def lang_of_argv(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language a command line asks for, read before its parser is built (the parser's
    help is written in it): the last ``--lang xx`` or ``--lang=xx`` naming a language,
    before or after the command (up to a ``--``), else :func:`chosen_lang`'s choice
    (:data:`LANG_ENV`, else Chinese). A ``--lang`` with an unknown value is left to the
    parser, which refuses it in this language."""
    given = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in i18n.LANGS:
            given = value
    return chosen_lang(given, environ)


_WIDE = "\u2018-\u201f\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_OPENING = "（「『《【“‘"
_CLOSING = "，。；：、）」』》】！？”’"
_PIECE = re.compile(rf"(\s*)([{_OPENING}]*(?:[^\s{_WIDE}]+|[{_WIDE}])[{_CLOSING}]*)")
"""A piece a line may break before (with the space before it): an English word, or one
Chinese character with the opening punctuation before it and the closing after it."""


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Chinese characters and full-width punctuation
    take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


NAME_COLUMNS = 24
"""Most terminal columns a table's place-name cell takes before it wraps
(:func:`table_lines`): the longest province name in English but one ("Inner Mongolia")
fits, and the XPCC's takes two lines."""


def table_lines(
    rows: Sequence[Sequence[object]],
    right: Sequence[bool],
    wrap: Mapping[int, int] | None = None,
) -> list[str]:
    """``rows`` (a header first) as lines of aligned columns for a terminal, measured in
    columns (:func:`display_width`): Chinese names and headers line up with English ones.

    Parameters
    ----------
    rows
        The cells of each line, already formatted (``str()`` is applied).
    right
        For each column, whether it is aligned right (numbers) or left (codes, names).
    wrap
        Column position → most columns its cells take: a longer cell (the Xinjiang
        Production and Construction Corps' English name) goes on over the next lines
        (:func:`wrap_text`), the row's other cells blank there, instead of widening the
        whole table for one row.
    """
    cells: list[list[str]] = []
    for row in rows:
        parts = [
            wrap_text(str(c), wrap[j]) or [""] if wrap and j in wrap else [str(c)]
            for j, c in enumerate(row)
        ]
        depth = max(len(p) for p in parts)
        cells += [[p[k] if k < len(p) else "" for p in parts] for k in range(depth)]
    widths = [max(display_width(row[j]) for row in cells) for j in range(len(right))]
    lines = []
    for row in cells:
        padded = [
            " " * (w - display_width(c)) + c if r else c + " " * (w - display_width(c))
            for c, w, r in zip(row, widths, right, strict=True)
        ]
        lines.append("  ".join(padded).rstrip())
    return lines


def wrap_text(text: str, width: int) -> list[str]:
    """``text`` (spaces run together) in lines of at most ``width`` columns, broken between
    English words or between Chinese characters, never before closing punctuation (，。）)
    or after opening punctuation; a word longer than a line has a line of its own."""
    lines: list[str] = []
    line, used = "", 0
    for space, piece in _PIECE.findall(" ".join(text.split())):
        joined = (" " if space and line else "") + piece
        if line and used + display_width(joined) > width:
            lines.append(line)
            line, used = piece, display_width(piece)
        else:
            line, used = line + joined, used + display_width(joined)
    return [*lines, line] if line else lines


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with help wrapped by terminal columns (:func:`wrap_text`), so
    that Chinese help, whose characters take two columns each, fits the terminal."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_text(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap_text(text, width - len(indent)))

    def _format_usage(self, usage, actions, groups, prefix):  # noqa: ANN001, ANN202
        prefix = argparse._("usage: ") if prefix is None else prefix
        extra = display_width(prefix) - len(prefix)  # "用法：" is 3 characters, 6 columns
        self._width -= extra  # argparse counts characters: the lines are laid out narrower …
        try:
            text = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width += extra
        return re.sub(r"\n(?=[ ]+\S)", "\n" + " " * extra, text)  # … and indented wider


@cache
def _argparse_catalogue(lang: str) -> dict[str, str]:
    """argparse's message ids (the English of ``cli.argparse.*``) → their text in ``lang``."""
    return {
        pair[1]: pair[1] if lang == "en" else pair[0]
        for key, pair in i18n.catalogue().items()
        if key.startswith("cli.argparse.")
    }


@contextlib.contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """While inside, argparse's own words ("usage:", "options", the ``-h`` help, its error
    messages) are in ``lang``.

    argparse looks each of them up through gettext by calling its module's ``_`` and
    ``ngettext`` at the moment it builds a parser, formats help or reports an error. Both
    are replaced for the duration of the block by lookups in the catalogue
    (``cli.argparse.*``; a message id not there stays English) and restored on the way
    out, whatever happens (``--help`` and errors leave by ``SystemExit``); nesting restores
    the outer block's. Parsers of one process in different languages therefore never see
    each other's words (argparse is not used from several threads here).
    """
    words = _argparse_catalogue(lang)

    def gettext(message: str) -> str:
        return words.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


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
    """Print the catalogue message ``key`` in the command's language (``args.lang``); a
    :class:`geo.i18n.Term` value (a code's words, ``Term("coverage.level.county")``) is
    rendered in it."""
    lang = getattr(args, "lang", i18n.DEFAULT_LANG)
    print(i18n.t(key, lang, **{name: i18n.term(v, lang) for name, v in values.items()}))


def column_words(column: str, lang: str) -> str:
    """A column named in a summary (``--weight population``) as the files head it in
    ``lang`` (:func:`geo.export.labels.header`), else as it is."""
    from geo.export import labels

    return labels.header(column, lang)


def add_input_options(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add ``--crs``, ``--map`` (repeatable ``source=target`` header mapping), ``--sheet``
    (XLSX) and ``--layer-name`` (GeoPackage or zip with several layers)."""
    parser.add_argument(
        "--crs",
        choices=CRS_NAMES,
        default="wgs84",
        help=help_text("crs", lang),
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="SOURCE=TARGET",
        help=help_text("map", lang),
    )
    parser.add_argument("--sheet", default=None, help=help_text("sheet", lang))
    parser.add_argument(
        "--layer-name",
        default=None,
        metavar="NAME",
        help=help_text("layer_name", lang),
    )


def add_lang_options(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add ``--lang zh|en`` (:func:`add_lang_option`: the language of the messages and of
    the files written, after the command or before it, default zh) and ``--raw-headers``
    (CSV/XLSX keep the machine column names and codes)."""
    add_lang_option(parser, lang)
    add_raw_headers_option(parser, lang)


def add_raw_headers_option(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add ``--raw-headers`` (for a command whose ``--lang`` is already there)."""
    parser.add_argument(
        "--raw-headers",
        action="store_true",
        help=help_text("raw_headers", lang),
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
    """Read a layer file named on the command line, with the shared input options.

    A file whose rows say they are simulated data (``youthmap demo``'s) is named in a note,
    since every result built on it is simulated too (its rows keep the flag in the outputs).
    """
    from geo.intake import io

    gdf = io.read_layer(
        path,
        layer,
        crs=getattr(args, "crs", "wgs84"),
        mapping=parse_mapping(getattr(args, "map", [])),
        sheet=getattr(args, "sheet", None),
        layer_name=getattr(args, "layer_name", None),
    )
    if "simulated" in gdf and (sim := int(gdf["simulated"].sum())):
        key = "cli.simulated_input_all" if sim == len(gdf) else "cli.simulated_input"
        say(args, key, path=Path(path).name, n=f"{len(gdf):,}", sim=f"{sim:,}")
    return gdf


def plan_coordinates(db: Store) -> pd.DataFrame:
    """``community_id``, ``lon``, ``lat`` of the communities as every page places them: the
    embedded layer with the provinces' and cities' own lists stored in ``db``
    (:func:`geo.store.areas.shared_layer`, one place per id: :func:`geo.store.areas.places`);
    where a plan's communities are drawn on a report's or an evaluation's map."""
    from geo import dataset
    from geo.store import areas

    return areas.places(areas.shared_layer(db, dataset.load_layer("communities")))


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


def weight_column(args: argparse.Namespace, communities: pd.DataFrame) -> str:
    """The communities' column ``--weight`` names, as a file's header would be read
    (``常住人口`` → ``population``), or ``count``; an :class:`InputError` by ``--weight``
    when the communities have no such column (a summary would read "youth covered —")."""
    from geo.intake.headers import column_named

    given = str(args.weight).strip()
    if given == "count" or given in communities.columns:
        return given
    named = column_named("communities", given)
    if named is not None and named in communities.columns:
        return named
    raise InputError.single(
        "cli.problem.weight_column",
        column="--weight",
        file=Path(args.communities).name,
        value=given,
    )


def check_outputs(args: argparse.Namespace, **options: tuple[str, ...] | None) -> None:
    """Refuse, before anything is read or written, every output option given whose
    extension it cannot take: ``options`` maps an argument's name (``rates_out``) to its
    extensions, ``None`` for a point layer's (:data:`geo.intake.io.WRITE_EXTENSIONS`). A
    table without coordinates (rates, weights, quotas, links) takes CSV or XLSX only, so a
    run never stops after its first file with the second refused, or fails on a map format.
    """
    from geo.intake.io import WRITE_EXTENSIONS

    problems = []
    for name, types in options.items():
        path = getattr(args, name, None)
        allowed = WRITE_EXTENSIONS if types is None else types
        if path and Path(path).suffix.lower() not in allowed:
            problems.append(
                Problem(
                    "io.problem.output_type",
                    file=Path(path).name,
                    column="--" + name.replace("_", "-"),
                    code="file_type",
                    params={"ext": Path(path).suffix or "?", "types": " ".join(allowed)},
                )
            )
    if problems:
        raise InputError(problems)


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
    machine = list(frame.columns)
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
    formats = None
    if Path(path).suffix.lower() == ".xlsx":  # shares as percentages (73.5%), kept whole
        from geo.export.xlsx import percent_formats

        formats = percent_formats(machine, list(frame.columns))
    try:
        try:
            return io.write_table(frame, path, sheet=sheet_name, formats=formats)
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


def saved_plan(plans: pd.DataFrame, given: str) -> tuple[int, str] | None:
    """The id and saved name of the plan among ``plans`` (:func:`geo.store.list_plans`) that
    a user named ``given`` on the command line: its name as saved, or as a listing showed it
    in either language (:func:`geo.export.labels.plan_named`); ``None`` when none has it."""
    from geo.export.labels import plan_named

    at = plan_named(plans["name"], given)
    if at is None:
        return None
    return int(plans["id"].iloc[at]), str(plans["name"].iloc[at])


def plan_of_name(plans: pd.DataFrame, given: str) -> tuple[int, str]:
    """:func:`saved_plan`, or :class:`InputError` naming ``--plan`` when no plan has that
    name."""
    found = saved_plan(plans, given)
    if found is None:
        raise InputError.single(
            "cli.problem.no_plan_named", column="--plan", code="unknown", name=given
        )
    return found


def plan_partners(db_url: str | None, name: str) -> pd.DataFrame | None:
    """The campuses saved plan ``name``'s communities have agreed with on record
    (:func:`geo.store.records.campus_partners`), or ``None`` when none is recorded (a plan
    not yet in its year: the map then shows the nearest campuses and says so)."""
    from geo import store
    from geo.store import records

    db = store.open_store(db_url)
    try:
        plan_id, _ = plan_of_name(store.list_plans(db), name)
        pairs = records.campus_partners(db, plan_id)
    finally:
        db.dispose()
    return pairs if len(pairs) else None


def plan_communities(
    db_url: str | None, given: str, communities: pd.DataFrame, unit: str | None = None
) -> tuple[pd.DataFrame, str, int]:
    """The rows of ``communities`` (a layer with ``id``) in the saved plan named ``given``
    (less its exited ones: :func:`geo.store.pilot_ids`; only quota ``unit``'s part when
    given), the plan's name as saved, and how many of those communities the layer lacks (a
    list uploaded to the app, not given with ``--communities``). The one reader of a saved
    plan's list for the commands, with the score each was chosen with (when the layer has
    none)."""
    from geo import store

    db = store.open_store(db_url)
    try:
        plan_id, name = plan_of_name(store.list_plans(db), given)
        scores = store.pilot_scores(db, plan_id)
        ids = set(scores.index)
        if unit is not None:
            part = store.communities(db, plan_id)
            ids &= set(part.loc[part["quota_unit"] == unit, "community_id"].astype(str))
    finally:
        db.dispose()
    inside = communities.loc[communities["id"].astype(str).isin(ids)]
    if "score" not in inside:  # the plan's own (a deck's mean score by province)
        inside = inside.assign(score=inside["id"].astype(str).map(scores).to_numpy())
    return inside, name, len(ids - set(inside["id"].astype(str)))
