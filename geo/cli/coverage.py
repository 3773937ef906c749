"""``youthmap coverage``: Youth Home coverage of every community.

Writes one row per community (its ``id`` and columns kept) with ``distance_m`` (metres to
the nearest Youth Home), ``nearest_home_id`` and ``covered`` (within ``--radius-m``), and
prints the coverage of communities and youth. ``--rates-out`` also writes the rates by
region, province, city or county (``--by``). CSV and XLSX are written in ``--lang``
(headers with units, 是/否, 东部/中部/西部, place names) unless ``--raw-headers``.
"""

from __future__ import annotations

import argparse

from geo.cli._common import (
    TABLE_EXTENSIONS,
    add_input_options,
    add_lang_options,
    check_outputs,
    column_words,
    help_text,
    read_all,
    read_layer_arg,
    say,
    weight_column,
    write_output,
)
from geo.core.params import COVERAGE_DEFAULT_RADIUS_M, COVERAGE_LEVEL_COLUMNS


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("coverage", help=help_text("coverage", lang))
    p.add_argument("--communities", required=True, metavar="F", help=help_text("communities", lang))
    p.add_argument("--homes", required=True, metavar="F", help=help_text("homes", lang))
    p.add_argument(
        "--radius-m",
        type=float,
        default=COVERAGE_DEFAULT_RADIUS_M,
        help=help_text("radius_m", lang, default=COVERAGE_DEFAULT_RADIUS_M),
    )
    p.add_argument("--out", required=True, metavar="F", help=help_text("out_layer", lang))
    p.add_argument(
        "--by",
        choices=tuple(COVERAGE_LEVEL_COLUMNS),
        default="province",
        help=help_text("coverage.by", lang),
    )
    p.add_argument("--rates-out", metavar="F", help=help_text("coverage.rates_out", lang))
    p.add_argument("--weight", default="youth", help=help_text("coverage.weight", lang))
    add_input_options(p, lang)
    add_lang_options(p, lang)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from geo.analysis import coverage
    from geo.export import labels
    from geo.i18n import percent, t

    check_outputs(args, out=None, rates_out=TABLE_EXTENSIONS)
    radius = coverage.check_radius(args.radius_m)
    communities, homes = read_all(
        lambda: read_layer_arg(args.communities, "communities", args),
        lambda: read_layer_arg(args.homes, "youth_homes", args),
    )
    # the default youth may be absent (its rate then reads —); a weight asked for may not
    weight = "youth" if args.weight == "youth" else weight_column(args, communities)
    cov = coverage.community_coverage(communities, homes, radius)
    out = cov.copy()
    out["distance_m"] = np.round(out["distance_m"].to_numpy(dtype=float), 1)
    written = write_output(out, args.out, args, sheet="coverage")
    s = coverage.coverage_summary(cov, radius, weight=weight)
    what = _weight_words(weight, args.lang)
    say(
        args,
        "cli.coverage.summary",
        communities=f"{s.communities:,}",
        homes=f"{len(homes):,}",
        radius=f"{radius:,.0f}",
        covered=f"{s.covered:,}",
        rate=percent(s.coverage_rate),
        youth=percent(s.youth_rate),
        what=what,
        path=written,
    )
    if args.rates_out:
        rates = coverage.coverage_rates(cov, args.by, weight=weight)
        headers = labels.rates_headers(args.lang)
        weighted = ["youth", *(f"youth_{part}" for part in ("covered", "rate", "uncovered"))]
        if weight == "count" or weight not in cov:
            # counted by community: the youth columns would repeat the communities'; a list
            # without youth figures: they would read 0 young people, known nowhere
            rates = rates.drop(columns=weighted)
        elif weight != "youth":  # the youth columns hold the weight asked for
            head = what[:1].upper() + what[1:] if args.lang == "en" else what
            headers |= {"youth": column_words(weight, args.lang)} | {
                col: t(f"cli.coverage.weight_{col[6:]}", args.lang, what=head)
                for col in weighted[1:]
            }
        path = write_output(
            rates,
            args.rates_out,
            args,
            sheet="coverage_rates",
            places=("name",),
            headers=headers,
            values={c: "region.{}" for c in ("code", "name")} if args.by == "region" else None,
        )
        level = t(
            f"coverage.level.{args.by}", args.lang
        )  # a label: "County" mid-sentence is "county"
        level = level.lower() if args.lang == "en" else level
        say(args, "cli.coverage.rates", level=level, n=f"{len(rates):,}", path=path)
    return 0


def _weight_words(weight: str, lang: str) -> str:
    """The weight as a summary names it mid-sentence: 青年/youth, 社区/communities, or the
    column's header (常住人口, population)."""
    from geo.i18n import t

    if weight in ("youth", "count"):
        return t(f"cli.coverage.weight_word.{weight}", lang)
    words = column_words(weight, lang)
    return words.lower() if lang == "en" else words
