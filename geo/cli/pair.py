"""``youthmap pair``: pair communities with university campuses.

Writes one row per pair (``community_id``, ``campus_id``, ``distance_m`` and the rest of
:data:`geo.analysis.pairing.PAIR_COLUMNS`; a ``.geojson``/``.gpkg`` output holds the pairs as
LineStrings), the unpaired communities with their reasons to ``<out>_unpaired<ext>``, and
optionally the load per campus; prints total and maximum distance, paired and unpaired
counts. CSV and XLSX take the pairing page's headers and reasons in ``--lang`` unless
``--raw-headers``.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from geo import i18n
from geo.cli._common import (
    add_input_options,
    add_lang_options,
    check_outputs,
    help_text,
    plan_communities,
    plan_partners,
    read_layer_arg,
    say,
    write_output,
)
from geo.cli.user import add_db_option
from geo.core._validation import Interval, Real, Spec, check_all
from geo.core.errors import InputError, Problem
from geo.core.params import (
    PAIRING_DEFAULT_CAPACITY,
    PAIRING_DEFAULT_K,
    PAIRING_DEFAULT_MAX_DISTANCE_M,
    PAIRING_DEFAULT_OTHER_CITY_PENALTY_M,
    PAIRING_DEFAULT_PER_COMMUNITY,
    PAIRING_METHODS,
    PAIRING_SOLVERS,
)

if TYPE_CHECKING:
    import pandas as pd


def _capacity_by_type(items: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items or []:
        kind, sep, value = item.partition("=")
        try:
            out[kind.strip()] = int(value)
        except ValueError:
            sep = ""
        if not sep or not kind.strip():
            raise InputError.single(
                "cli.problem.type_capacity", column="--type-capacity", item=item
            )
    return out


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser(
        "pair",
        help=help_text("pair", lang),
        description=help_text("pair.description", lang),
    )
    p.add_argument("--communities", default=None, help=help_text("pair.communities", lang))
    p.add_argument("--plan", default=None, help=help_text("pair.plan", lang))
    p.add_argument("--province", default=None, help=help_text("pair.province", lang))
    p.add_argument(
        "--ignore-agreements",
        action="store_true",
        help=help_text("pair.ignore_agreements", lang),
    )
    p.add_argument(
        "--campuses",
        default=None,
        help=help_text("pair.campuses", lang),
    )
    p.add_argument(
        "--capacity",
        type=int,
        default=PAIRING_DEFAULT_CAPACITY,
        help=help_text("pair.capacity", lang, default=PAIRING_DEFAULT_CAPACITY),
    )
    p.add_argument(
        "--type-capacity",
        action="append",
        default=[],
        metavar="TYPE=N",
        help=help_text("pair.type_capacity", lang),
    )
    p.add_argument(
        "--per-community",
        type=int,
        default=PAIRING_DEFAULT_PER_COMMUNITY,
        help=help_text("pair.per_community", lang, default=PAIRING_DEFAULT_PER_COMMUNITY),
    )
    p.add_argument(
        "--max-km",
        type=float,
        default=PAIRING_DEFAULT_MAX_DISTANCE_M / 1000,
        help=help_text("pair.max_km", lang, default=f"{PAIRING_DEFAULT_MAX_DISTANCE_M / 1000:g}"),
    )
    p.add_argument(
        "--other-city-penalty-km",
        type=float,
        default=PAIRING_DEFAULT_OTHER_CITY_PENALTY_M / 1000,
        help=help_text(
            "pair.other_city_penalty_km",
            lang,
            default=f"{PAIRING_DEFAULT_OTHER_CITY_PENALTY_M / 1000:g}",
        ),
    )
    p.add_argument(
        "--k",
        type=int,
        default=PAIRING_DEFAULT_K,
        help=help_text("pair.k", lang, default=PAIRING_DEFAULT_K),
    )
    p.add_argument(
        "--method",
        choices=PAIRING_METHODS,
        default="optimal",
        help=help_text("pair.method", lang),
    )
    p.add_argument("--solver", choices=PAIRING_SOLVERS, default="ortools", help=argparse.SUPPRESS)
    p.add_argument("--out", required=True, help=help_text("pair.out", lang))
    p.add_argument("--load-out", default=None, help=help_text("pair.load_out", lang))
    p.add_argument(
        "--agreements-out",
        default=None,
        metavar="FILE.xlsx",
        help=help_text("pair.agreements_out", lang),
    )
    add_input_options(p, lang)
    add_lang_options(p, lang)
    add_db_option(p, lang, top=True)
    p.set_defaults(func=run)


OPTION_NAMES: dict[str, str] = {
    "capacity": "--capacity",
    "per_community": "--per-community",
    "max_distance": "--max-km",
    "other_city_penalty": "--other-city-penalty-km",
    "k": "--k",
}


OPTIONS: dict[str, Spec] = {
    "max_km": Interval(Real, 0, None, closed="neither", key="params.positive", column="--max-km"),
    # in the kilometres typed (the library's check would echo the metres it is given)
    "other_city_penalty_km": Interval(
        Real, 0, None, key="params.non_negative", column="--other-city-penalty-km"
    ),
}
"""What the command's own options may be; :func:`geo.analysis.pairing.pair` checks the rest."""


def _communities(args: argparse.Namespace, layers: dict) -> str | None:
    """The communities to pair in ``layers``: the file's (or, with ``--plan`` and no file,
    the embedded layer's) rows, in the saved plan ``--plan`` when given, of ``--province``
    (a province's code or XPCC) when given; says where they came from. Returns the plan's
    name as saved (``None`` without ``--plan``)."""
    from geo.core import regions

    if args.communities is None and args.plan is None:
        raise InputError.single("cli.problem.pair_what", column="--communities", code="missing")
    if "communities" not in layers:
        from geo import dataset

        layers["communities"] = dataset.load_layers().communities
    frame = layers["communities"]
    unit = None
    if args.province is not None:
        unit = regions.XPCC_KEY if str(args.province).upper() == "XPCC" else str(args.province)
        if unit not in {*(p.code for p in regions.action_provinces()), regions.XPCC_KEY}:
            raise InputError.single("cli.problem.province", column="--province", value=unit)
        counties = frame["county_code"].astype(str)
        frame = frame.loc[[regions.quota_unit(c) == unit for c in counties]]
    name = None
    if args.plan is not None:
        frame, name, missing = plan_communities(args.db, args.plan, frame, unit)
        say(
            args,
            "cli.pair.from_plan" if unit is None else "cli.pair.from_plan_unit",
            plan=name,
            n=f"{len(frame):,}",
            unit="" if unit is None else i18n.term(regions.unit_term(unit), args.lang),
        )
        if missing:
            say(args, "cli.plan.missing", n=f"{missing:,}")
    layers["communities"] = frame
    return name


def _agreements(args: argparse.Namespace, plan: str | None, layers: dict) -> pd.DataFrame | None:
    """The campus agreements on record of plan ``plan``'s communities being paired, kept as
    they are (:func:`geo.analysis.pairing.pair`'s ``kept``) unless ``--ignore-agreements``;
    says how many, and how many name a campus the campus layer lacks (those cannot be kept).
    ``None`` when there is none to keep."""
    if plan is None or args.ignore_agreements:
        return None
    from geo.analysis import pairing

    agreed = plan_partners(args.db, plan)
    if agreed is None:
        return None
    kept, unknown = pairing.agreed_pairs(agreed, layers["communities"], layers["campuses"])
    if kept is not None:
        n, communities = len(kept), kept["community_id"].nunique()
        say(args, "cli.pair.kept", n=f"{n:,}", communities=f"{communities:,}")
    if unknown:
        say(args, "cli.pair.kept_unknown", n=f"{unknown:,}")
    return kept


def run(args: argparse.Namespace) -> int:
    from geo.analysis import pairing
    from geo.export import pairing_tables

    check_outputs(args, out=None, load_out=None)
    if args.agreements_out and Path(args.agreements_out).suffix.lower() != ".xlsx":
        raise InputError.single(
            "io.problem.output_type",
            file=Path(args.agreements_out).name,
            column="--agreements-out",
            code="file_type",
            ext=Path(args.agreements_out).suffix or "?",
            types=".xlsx",
        )
    check_all(vars(args), OPTIONS)
    problems: list[Problem] = []
    layers = {}
    if args.campuses is None:
        from geo import dataset

        layers["campuses"] = dataset.load_layers().campuses
    for name, path in (("communities", args.communities), ("campuses", args.campuses)):
        if path is None:
            continue
        try:
            layers[name] = read_layer_arg(path, name, args)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    kept = _agreements(args, _communities(args, layers), layers)
    try:
        result = pairing.pair(
            layers["communities"],
            layers["campuses"],
            method=args.method,
            capacity=args.capacity,
            capacity_by_type=_capacity_by_type(args.type_capacity),
            per_community=args.per_community,
            max_distance_m=args.max_km * 1000,
            other_city_penalty_m=args.other_city_penalty_km * 1000,
            k=args.k,
            solver=args.solver,
            kept=kept,
        )
    except InputError as exc:  # name the command-line option, not the library argument
        named = [
            replace(p, column=OPTION_NAMES.get(p.column or "", p.column)) for p in exc.problems
        ]
        raise InputError(named) from None
    out = Path(args.out)
    geo_out = out.suffix.lower() in (".geojson", ".gpkg")
    pairs = pairing_tables.unrank_kept(result.pairs)  # a kept pair's rank is empty, as on the page
    pairs = pairing.lines(pairs) if geo_out else pairs
    own = pairing_tables.column_labels(
        args.lang
    )  # the pairing page's headers (distance to a campus)
    write_output(pairs, str(out), args, sheet="pairs", headers=own)
    unpaired_path = out.with_name(f"{out.stem}_unpaired{out.suffix}")
    write_output(result.unpaired, str(unpaired_path), args, sheet="unpaired", headers=own)
    if args.load_out:
        write_output(result.load, args.load_out, args, sheet="campus_load", headers=own)
    s = result.summary
    say(
        args,
        "cli.pair.summary",
        method=i18n.t(f"pairing.method.{s.method}", args.lang),
        communities=f"{s.communities:,}",
        campuses=f"{len(layers['campuses']):,}",
        paired=f"{s.paired:,}",
        unpaired=f"{s.unpaired:,}",
        pairs=f"{s.pairs:,}",
    )
    say(
        args,
        "cli.pair.distances",
        total=f"{s.total_distance_m / 1000:,.1f}",
        max=f"{s.max_distance_m / 1000:,.2f}",
        mean=f"{s.mean_distance_m / 1000:,.2f}",
        same_city=f"{s.same_city_share:.1%}",
        over=f"{s.campuses_over_capacity:,}",
        seconds=f"{s.seconds:.1f}",
    )
    if s.kept and s.campuses_over_capacity and s.method == "optimal":  # only agreements go over
        say(args, "pairing.over_by_agreements", n=s.campuses_over_capacity)
    sep = "，" if args.lang == "zh" else ", "
    if s.unpaired:
        reasons = result.unpaired["reason"].value_counts()
        words = sep.join(
            i18n.t(
                "cli.pair.reason",
                args.lang,
                reason=i18n.t(f"pairing.reason.{r}", args.lang),
                n=f"{n:,}",
            )
            for r, n in reasons.items()
        )
        say(args, "cli.pair.unpaired", reasons=words)
    paths = [str(out), str(unpaired_path)] + ([args.load_out] if args.load_out else [])
    if args.agreements_out and _write_agreements(args, result.pairs):
        paths.append(args.agreements_out)
    say(args, "cli.wrote", path=sep.join(paths))
    return 0


def _write_agreements(args: argparse.Namespace, pairs: pd.DataFrame) -> bool:
    """Write the pairs made now (not the agreements kept) to ``--agreements-out`` as agreements
    to record (:func:`geo.export.records.pairs_as_agreements`), and say so; with none, write
    nothing and say why. Returns whether the file was written."""
    from geo.cli._common import output_error
    from geo.export import records as er

    rows = er.pairs_as_agreements(pairs, args.lang)
    if rows.empty:  # every pair is an agreement on record
        say(args, "cli.pair.agreements_none", path=args.agreements_out)
        return False
    try:
        Path(args.agreements_out).write_bytes(er.template_xlsx("agreements", args.lang, rows))
    except OSError as exc:
        raise output_error(args.agreements_out, exc) from None
    say(args, "cli.pair.agreements", n=f"{len(rows):,}")
    return True
