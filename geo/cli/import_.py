"""``youthmap import``: read, convert and validate a layer file, then write it normalised.

The output has the layer's columns (see :data:`geo.core.layers.SCHEMAS`) with ``lon``/``lat``
in WGS-84, administrative codes filled from the county each point falls in, and
``approximate`` true for rows placed at a county centroid. A file with errors is refused
(exit 2, one line per problem) unless ``--valid-only`` asks explicitly for the valid rows.
A CSV or XLSX output has the layer's display headers in ``--lang`` (社区名称, 青年人口 …,
which every command reads back) unless ``--raw-headers``.
"""

from __future__ import annotations

import argparse

from geo.cli._common import add_raw_headers_option, check_outputs, help_text, say, write_output
from geo.cli.validate import add_layer_options, import_file, print_problems
from geo.i18n import Term


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("import", help=help_text("import", lang))
    add_layer_options(p, lang)
    p.add_argument("--out", required=True, metavar="F", help=help_text("out_layer", lang))
    p.add_argument(
        "--valid-only",
        action="store_true",
        help=help_text("import.valid_only", lang),
    )
    add_raw_headers_option(p, lang)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    check_outputs(args, out=None)
    result = import_file(args)
    layer = result.accept(valid_only=args.valid_only)  # raises InputError on errors
    print_problems(result.problems, args.lang)
    path = write_output(layer, args.out, args, sheet=args.layer)
    left_out = len(result.frame) - len(layer)
    say(
        args, "cli.import.done", path=path, n=f"{len(layer):,}", layer=Term(f"layer.{result.layer}")
    )
    if left_out:
        say(args, "cli.import.left_out", n=f"{left_out:,}")
    return 0
