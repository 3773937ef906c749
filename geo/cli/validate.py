"""``youthmap validate``: check a layer file and list every problem.

Reads the file exactly as ``import`` and the analysis commands do (encoding, header
mapping, coordinate system, approximate placement) and prints one line per problem with
file, row (as in Excel), column and reason. Exits 0 when the file has no errors (warnings
are printed) and 2 when it has errors. ``--report`` also writes the problems, as XLSX or
CSV by the report's extension.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo import i18n
from geo.cli._common import (
    add_input_options,
    add_lang_option,
    help_text,
    output_error,
    parse_mapping,
    problem_out,
    say,
    write_output,
)
from geo.core.errors import InputError
from geo.core.params import LAYER_NAMES


def add_layer_options(p: argparse.ArgumentParser, lang: str) -> None:
    """Options shared by ``validate`` and ``import``."""
    p.add_argument("file", metavar="FILE", help=help_text("validate.file", lang))
    p.add_argument(
        "--layer",
        choices=LAYER_NAMES,
        default="communities",
        help=help_text("validate.layer", lang),
    )
    add_lang_option(p, lang)
    p.add_argument(
        "--fix-swapped",
        action="store_true",
        help=help_text("validate.fix_swapped", lang),
    )
    add_input_options(p, lang)


def import_file(args: argparse.Namespace):
    """Run :func:`geo.intake.io.import_layer` with the command's options."""
    from geo.intake import io

    return io.import_layer(
        args.file,
        args.layer,
        crs=args.crs,
        mapping=parse_mapping(args.map),
        sheet=args.sheet,
        layer_name=args.layer_name,
        fix_swapped=args.fix_swapped,
    )


def print_problems(problems, lang: str = i18n.DEFAULT_LANG, stream=None) -> None:
    """One line per problem in ``lang``: ``error: file, row 5, column 人口: reason``."""
    stream = stream or sys.stderr
    for p in problems:
        print(problem_out(p, lang), file=stream)


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("validate", help=help_text("validate", lang))
    add_layer_options(p, lang)
    p.add_argument(
        "--report",
        metavar="F.xlsx|F.csv",
        help=help_text("validate.report", lang),
    )
    p.set_defaults(func=run)


REPORT_EXTENSIONS: tuple[str, ...] = (".xlsx", ".csv")
"""Report types, by the ``--report`` file's extension."""


def write_report(path: str, problems, lang: str, result=None) -> None:
    """Write the problems to ``path``: XLSX (with the summary sheet when ``result`` is
    given) or CSV (the problem table, UTF-8 with BOM) by the extension."""
    from geo.export import templates

    if Path(path).suffix.lower() == ".csv":
        write_output(i18n.problems_frame(problems, lang), path)
        return
    data = (
        templates.report_xlsx(result, lang)
        if result is not None
        else templates.problems_xlsx(problems, lang)
    )
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(data)
    except OSError as exc:
        raise output_error(path, exc) from None


def run(args: argparse.Namespace) -> int:
    if args.report and Path(args.report).suffix.lower() not in REPORT_EXTENSIONS:
        raise InputError.single(
            "cli.problem.out_type", file=args.report, column="--report", types=".xlsx .csv"
        )
    try:
        result = import_file(args)
    except InputError as exc:
        if args.report:
            write_report(args.report, exc.problems, args.lang)
        raise
    if args.report:
        write_report(args.report, result.problems, args.lang, result)
    print_problems(result.problems, args.lang)
    say(
        args,
        "cli.validate.summary",
        file=result.file,
        rows=f"{len(result.frame):,}",
        valid=f"{result.n_valid:,}",
        errors=f"{len(result.errors):,}",
        warnings=f"{len(result.warnings):,}",
    )
    if result.suggested_crs:
        say(args, "cli.validate.crs", crs=result.suggested_crs)
    return 0 if result.ok else 2
