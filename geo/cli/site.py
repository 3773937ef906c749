"""``youthmap site``: propose new Youth Home sites with one of five location models.

``--model mclp`` (default) chooses ``--k`` sites maximising the youth newly covered;
``lscp`` (or ``--cover-all``) the fewest sites covering every community; ``lscpb`` covers
everything with the fewest sites (or ``--k``) and then covers as many communities twice
as it can; ``pmedian`` chooses ``--k`` sites minimising the youth-weighted distance to
the nearest; ``cmclp`` is maximal covering where each site serves at most ``--capacity``
youth (or the candidates' ``--capacity-col``). Communities already covered by ``--homes``
count as covered; ``--required`` sites (homes that must stay) are open in every answer
and counted in ``--k``. Candidates are a file (``--candidates``) or, by default, the
community locations. Writes the chosen sites with their input ids (``lon``/``lat``
WGS-84; CSV and XLSX in ``--lang`` unless ``--raw-headers``) and prints model, sites,
objective, bound, gap and the checked status.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from geo.cli._common import (
    TABLE_EXTENSIONS,
    add_input_options,
    add_lang_options,
    check_outputs,
    column_words,
    help_text,
    parse_mapping,
    read_all,
    read_layer_arg,
    say,
    weight_column,
    write_output,
)
from geo.core.errors import InputError
from geo.core.params import (
    COVERAGE_DEFAULT_RADIUS_M,
    SITING_DEFAULT_TIME_LIMIT_S,
    SITING_METHODS,
    SITING_MODELS,
)

if TYPE_CHECKING:
    from geo import siting


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("site", help=help_text("site", lang))
    p.add_argument(
        "--communities", required=True, metavar="F", help=help_text("site.communities", lang)
    )
    p.add_argument("--homes", metavar="F", help=help_text("site.homes", lang))
    p.add_argument(
        "--candidates",
        metavar="F",
        help=help_text("site.candidates", lang),
    )
    p.add_argument(
        "--model",
        choices=SITING_MODELS,
        default=None,
        help=help_text("site.model", lang),
    )
    p.add_argument("--cover-all", action="store_true", help=help_text("site.cover_all", lang))
    p.add_argument("--k", type=int, help=help_text("site.k", lang))
    p.add_argument("--exactly-k", action="store_true", help=help_text("site.exactly_k", lang))
    p.add_argument("--required", metavar="F", help=help_text("site.required", lang))
    p.add_argument(
        "--radius-m",
        type=float,
        default=COVERAGE_DEFAULT_RADIUS_M,
        help=help_text("radius_m", lang, default=COVERAGE_DEFAULT_RADIUS_M),
    )
    p.add_argument("--radius-col", metavar="COL", help=help_text("site.radius_col", lang))
    cap = p.add_mutually_exclusive_group()
    cap.add_argument("--capacity", type=float, metavar="N", help=help_text("site.capacity", lang))
    cap.add_argument("--capacity-col", metavar="COL", help=help_text("site.capacity_col", lang))
    p.add_argument("--weight", default="youth", help=help_text("site.weight", lang))
    p.add_argument(
        "--method", choices=SITING_METHODS, default="greedy", help=help_text("site.method", lang)
    )
    p.add_argument(
        "--time-limit",
        type=float,
        default=SITING_DEFAULT_TIME_LIMIT_S,
        metavar="S",
        help=help_text("site.time_limit", lang, default=f"{SITING_DEFAULT_TIME_LIMIT_S:g}"),
    )
    p.add_argument("--threads", type=int, metavar="N", help=help_text("site.threads", lang))
    p.add_argument("--out", required=True, metavar="F", help=help_text("out_layer", lang))
    p.add_argument(
        "--assignments-out",
        metavar="F",
        help=help_text("site.assignments_out", lang),
    )
    add_input_options(p, lang)
    add_lang_options(p, lang)
    p.set_defaults(func=run)


def _model_code(args: argparse.Namespace) -> str:
    if args.cover_all:  # lscp by its old name; with another model it would be dropped
        if args.model not in (None, "lscp"):
            raise InputError.single(
                "cli.problem.cover_all_model", column="--cover-all", model=args.model
            )
        return "lscp"
    return args.model or "mclp"


def _read(args: argparse.Namespace):
    from geo import siting

    keep = (args.capacity_col,) if args.capacity_col else ()
    return read_all(
        lambda: read_layer_arg(args.communities, "communities", args),
        lambda: read_layer_arg(args.homes, "youth_homes", args) if args.homes else None,
        lambda: (
            siting.read_candidates(
                args.candidates,
                crs=args.crs,
                mapping=parse_mapping(args.map),
                sheet=args.sheet,
                layer_name=args.layer_name,
                keep=keep,
            )
            if args.candidates
            else None
        ),
        lambda: read_layer_arg(args.required, "youth_homes", args) if args.required else None,
    )


def run(args: argparse.Namespace) -> int:
    from geo import siting
    from geo.analysis import coverage
    from geo.siting import catalog

    check_outputs(args, out=None, assignments_out=TABLE_EXTENSIONS)
    code = _model_code(args)
    radius = None if args.radius_col else coverage.check_radius(args.radius_m)
    communities, homes, candidates, required = _read(args)
    # the column read (常住人口 → population), as the summary names it
    weight = args.weight if args.weight == "youth" else weight_column(args, communities)
    if candidates is None:
        keep = [args.capacity_col] if args.capacity_col in communities.columns else []
        candidates = siting.candidates_from(communities)
        for col in keep:
            candidates[col] = communities[col].to_numpy()
    model = catalog.from_layers(
        code,
        communities,
        candidates,
        radius_m=radius,
        existing=homes,
        weight=None if weight == "count" else weight,
        radius_col=args.radius_col,
        required=required,
        k=args.k,
        exactly_k=args.exactly_k,
        capacity=args.capacity_col or args.capacity,
    )
    result = model.solve(method=args.method, time_limit_s=args.time_limit, threads=args.threads)
    if result.status in ("infeasible", "no_solution"):  # nothing to write: say why, exit 2
        _model_line(args, code, result)
        k_short = code == "lscpb" and args.k is not None
        raise InputError.single(
            f"cli.site.{result.status}_k" if k_short else "cli.site.infeasible",
            column="--k" if k_short else None,
            status=status_text(result, args.lang),
            k=args.k,
        )
    written = write_output(model.sites_table(result), args.out, args, sheet="new_sites")
    _summary(args, code, result, written, weight)
    if result.uncoverable:
        say(
            args,
            "cli.site.uncoverable",
            n=f"{len(result.uncoverable):,}",
            first=", ".join(result.uncoverable[:5]),
        )
    if args.assignments_out:
        links = write_output(result.pairs, args.assignments_out, args, sheet="site_links")
        say(args, "cli.wrote", path=links)
    return 0


def status_text(result: siting.SitingResult, lang: str = "zh") -> str:
    """The checked status in ``lang``, with the solver's own words when it ran."""
    from geo import i18n

    status = i18n.t(f"coverage.site.status.{result.status}", lang)
    if result.solver_status is None or result.status == "heuristic":
        return status
    return i18n.t("coverage.site.status.solver", lang, status=status, words=result.solver_status)


def _model_line(args: argparse.Namespace, code: str, result: siting.SitingResult) -> None:
    """The run's first line: model, method, solver and the checked status."""
    from geo import i18n
    from geo.siting import catalog

    say(
        args,
        "cli.site.model",
        name=i18n.Term(f"coverage.site.model.{catalog.MODELS[code].model_name}"),
        model=code,
        method=i18n.Term(f"coverage.site.method.{result.method}"),
        solver=catalog.solver_words(result.solver),
        status=status_text(result, args.lang),
    )


def _summary(
    args: argparse.Namespace,
    code: str,
    result: siting.SitingResult,
    written,  # noqa: ANN001 - the path write_output returned
    weight: str,
) -> None:
    from geo import i18n

    lang = args.lang
    unknown = i18n.t("cli.site.unknown", lang)
    bound = unknown if result.bound is None else f"{result.bound:,.1f}"
    gap = unknown if result.gap is None else f"{result.gap:.2%}"
    required = i18n.t("cli.site.required", lang, n=len(result.required)) if result.required else ""
    what = i18n.t("layer.communities", lang) if weight == "count" else column_words(weight, lang)
    objective = i18n.t(f"cli.site.objective.{code}", lang, weight=what)
    _model_line(args, code, result)
    say(
        args,
        "cli.site.sites",
        n=f"{result.n_sites:,}",
        required=required,
        objective=objective,
        value=f"{result.objective:,.1f}",
        bound=bound,
        gap=gap,
        seconds=f"{result.seconds:.2f}",
    )
    weighted = "" if weight == "count" else f"{what} {result.covered_weight:,.0f} / "
    # the p-median has no radius: the communities an existing home serves are those
    # nearer to one than to every new site, not a baseline covered before the run
    key = "cli.site.served_median" if code == "pmedian" else "cli.site.covered"
    say(
        args,
        key,
        weighted=weighted,
        n=f"{result.covered_demand:,}",
        percent=f"{result.percent_covered:.1f}",
        baseline=f"{result.baseline_demand:,}",
        homes=f"{result.n_demand - result.covered_demand:,}",
        path=written,
    )
    if "backup_demand" in result.extra:
        say(
            args,
            "cli.site.backup",
            n=f"{result.extra['backup_demand']:,.0f}",
            p=f"{result.extra['p']:,.0f}",
        )
    if "mean_distance" in result.extra:
        say(args, "cli.site.mean_distance", m=f"{result.extra['mean_distance']:,.0f}")
    if "highs_load_s" in result.extra:  # too little time left to hand HiGHS the model
        say(args, "cli.site.highs_skipped", load=f"{result.extra['highs_load_s']:,.1f}")
    if "listed_demand" in result.extra:  # the time limit cut the p-median's lists short
        say(
            args,
            "cli.site.listed",
            n=f"{result.extra['listed_demand']:,.0f}",
            total=f"{result.n_demand:,}",
        )
