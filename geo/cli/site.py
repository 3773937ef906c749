"""``youthmap site``: propose new Youth Home sites (maximal or set covering).

``--k N`` chooses N new sites maximising the youth newly covered (communities already
covered by ``--homes`` count as covered); ``--cover-all`` finds the fewest sites covering
every community in the file. Candidates are a file (``--candidates``: any table with id
and coordinates, e.g. resident units) or, by default, the community locations. Writes the
chosen sites (candidate ``id``, ``lon``/``lat`` WGS-84, youth and communities each newly
covers) and prints objective, bound, gap, solver and time.
"""

from __future__ import annotations

import argparse

from geo.cli._common import (
    add_input_options,
    parse_mapping,
    read_all,
    read_layer_arg,
    write_output,
)
from geo.params import COVERAGE_DEFAULT_RADIUS_M, SITING_DEFAULT_TIME_LIMIT_S, SITING_METHODS

LANG = "en"
"""Language of problems (the command's output is in English)."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("site", help="propose new Youth Home sites (maximal / set covering)")
    p.add_argument("--communities", required=True, metavar="F", help="communities file (demand)")
    p.add_argument("--homes", metavar="F", help="existing Youth Homes file")
    p.add_argument(
        "--candidates",
        metavar="F",
        help="candidate sites (any id/lon/lat table; default: the community locations)",
    )
    p.add_argument(
        "--radius-m",
        type=float,
        default=COVERAGE_DEFAULT_RADIUS_M,
        help=f"coverage radius in metres (default {COVERAGE_DEFAULT_RADIUS_M})",
    )
    goal = p.add_mutually_exclusive_group(required=True)
    goal.add_argument("--k", type=int, help="number of new sites (maximal covering)")
    goal.add_argument(
        "--cover-all", action="store_true", help="fewest sites covering every community"
    )
    p.add_argument("--weight", default="youth", help="demand weight column (default youth)")
    p.add_argument("--method", choices=SITING_METHODS, default="greedy")
    p.add_argument(
        "--time-limit",
        type=float,
        default=SITING_DEFAULT_TIME_LIMIT_S,
        metavar="S",
        help=f"time limit in seconds (default {SITING_DEFAULT_TIME_LIMIT_S:g})",
    )
    p.add_argument("--out", required=True, metavar="F", help="output (.csv .xlsx .geojson .gpkg)")
    p.add_argument(
        "--assignments-out",
        metavar="F",
        help="also write which newly covered community each site covers",
    )
    add_input_options(p)
    p.set_defaults(func=run, lang=LANG)


def run(args: argparse.Namespace) -> int:
    from geo import coverage, siting

    radius = coverage.check_radius(args.radius_m)
    communities, homes, candidates = read_all(
        lambda: read_layer_arg(args.communities, "communities", args),
        lambda: read_layer_arg(args.homes, "youth_homes", args) if args.homes else None,
        lambda: (
            siting.read_candidates(
                args.candidates,
                crs=args.crs,
                mapping=parse_mapping(args.map),
                sheet=args.sheet,
                layer_name=args.layer_name,
            )
            if args.candidates
            else None
        ),
    )
    if candidates is None:
        candidates = siting.candidates_from(communities)
    weight = None if args.weight == "count" else args.weight
    if args.cover_all:
        model = siting.SetCover.from_layers(communities, candidates, radius, homes, weight)
    else:
        model = siting.MaxCover.from_layers(
            communities, candidates, radius, homes, weight, k=args.k
        )
    result = model.solve(method=args.method, time_limit_s=args.time_limit)
    written = write_output(model.sites_table(result), args.out)
    bound = "unknown" if result.bound is None else f"{result.bound:,.1f}"
    gap = "unknown" if result.gap is None else f"{result.gap:.2%}"
    print(
        f"{result.model} {result.method} ({result.solver}): {result.status}; "
        f"{result.n_sites} sites; objective {result.objective:,.1f}, bound {bound}, gap {gap}; "
        f"{result.seconds:.2f} s"
    )
    print(
        f"{args.weight} newly covered {result.covered_weight:,.0f} in "
        f"{result.covered_demand:,} communities; already covered by existing Youth Homes "
        f"{result.baseline_weight:,.0f} in {result.baseline_demand:,}; wrote {written}"
    )
    if result.uncoverable:
        print(
            f"warning: {len(result.uncoverable):,} communities have no candidate within "
            f"{radius:,.0f} m and stay uncovered (first: {', '.join(result.uncoverable[:5])})"
        )
    if args.assignments_out:
        print(f"wrote {write_output(model.assignment(result), args.assignments_out)}")
    return 0
