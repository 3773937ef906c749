"""``youthmap map``: the presentation story's maps and deck, without a browser.

Draws one step of the story (:mod:`geo.export.story`: national → region → province → chosen →
gaps) for a scope, as a static PNG or PDF map (CJK font, boundaries by kind, legend, scale
bar, north arrow, data sources, 审图号 from ``--approval-no``, South China Sea inset on
national maps), a standalone offline HTML map, or the whole PPTX deck of the scope (one
slide per step of the story). The layers are the embedded dataset's, or files given with
``--communities``/``--homes``/``--campuses``; ``--chosen`` (the list written by
``youthmap select``) or ``--plan`` (a saved plan, less its exited communities) and
``--pairs`` (written by ``youthmap pair``) feed the ``chosen`` step.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from geo.cli._common import (
    add_input_options,
    add_lang_option,
    help_text,
    plan_communities,
    plan_partners,
    read_layer_arg,
    say,
)
from geo.cli.user import add_db_option
from geo.core.errors import InputError, Problem, Term
from geo.core.params import REGIONS, STORY_STEP_KINDS

if TYPE_CHECKING:
    import pandas as pd

    from geo.core.scope import Scope

OUTPUTS: tuple[str, ...] = (".png", ".pdf", ".html", ".pptx")
"""Output types, by the ``--out`` file's extension."""


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser(
        "map",
        help=help_text("map_cmd", lang),
        description=help_text("map_cmd.description", lang),
    )
    p.add_argument("--region", choices=REGIONS, help=help_text("map_cmd.region", lang))
    p.add_argument("--province", help=help_text("map_cmd.province", lang))
    p.add_argument("--city", help=help_text("map_cmd.city", lang))
    p.add_argument(
        "--step",
        choices=STORY_STEP_KINDS,
        default=None,
        help=help_text("map_cmd.step", lang),
    )
    p.add_argument("--communities", help=help_text("map_cmd.communities", lang))
    p.add_argument("--homes", help=help_text("score.homes", lang))
    p.add_argument("--campuses", help=help_text("score.campuses", lang))
    listed = p.add_mutually_exclusive_group()
    listed.add_argument("--chosen", help=help_text("map_cmd.chosen", lang))
    listed.add_argument("--plan", default=None, help=help_text("map_cmd.plan", lang))
    p.add_argument("--pairs", help=help_text("map_cmd.pairs", lang))
    add_lang_option(p, lang)
    p.add_argument(
        "--approval-no",
        default="",
        help=help_text("map_cmd.approval_no", lang),
    )
    p.add_argument(
        "--sources",
        default=None,
        help=help_text("map_cmd.sources", lang),
    )
    p.add_argument("--out", required=True, help=help_text("map_cmd.out", lang))
    add_db_option(p, lang, top=True)
    add_input_options(p, lang)
    p.set_defaults(func=run)


def _scope(args: argparse.Namespace) -> Scope:
    """The scope of ``--region``, ``--province`` (a province's code or ``XPCC``: the XPCC's
    cities, :func:`geo.core.scope.unit_scope`, as its account opens on them) and ``--city``
    (one of the province's cities; ``--province 65 --city 6590`` is the XPCC's scope too)."""
    from geo.core import regions
    from geo.core.scope import Scope, unit_scope

    given = str(args.province).strip() if args.province else None
    unit = given.upper() if given and given.upper() == regions.XPCC_KEY else given
    if unit and unit not in {regions.XPCC_KEY, *(p.code for p in regions.action_provinces())}:
        raise InputError.single("cli.problem.province", column="--province", value=given)
    if args.city and not unit:
        raise InputError.single("cli.problem.city_needs_province", column="--city")
    scope = unit_scope(unit) if unit else Scope(region=args.region)
    city = str(args.city).strip() if args.city else None
    if city and not (
        city == scope.city_code or (not scope.city_code and city.startswith(str(unit)))
    ):
        raise InputError.single(
            "cli.problem.city_outside",
            column="--city",
            city=city,
            unit=regions.unit_term(str(unit)),
            unit_code=unit,
        )
    if unit and args.region and scope.region != args.region:
        raise InputError.single(
            "cli.problem.region_outside",
            column="--region",
            region=Term(f"region.{args.region}"),
            province=regions.unit_term(unit),
        )
    if city and not scope.city_code:
        scope = Scope(scope.region, scope.province_code, city)
    return scope


def _default_step(scope: Scope) -> str:
    if scope.province_code:
        return "province"
    return "region" if scope.region else "national"


def _read_pairs(path: str) -> pd.DataFrame:
    """The pairs file through the project's reader (one driver per extension, limits)."""
    from geo.intake import io

    if Path(path).suffix.lower() not in (".csv", ".xlsx", ".geojson", ".gpkg"):
        raise InputError.single(
            "cli.problem.out_type", file=path, column="--pairs", types=".csv .xlsx .geojson .gpkg"
        )
    from geo.export import labels, pairing_tables

    frame = io.read_table(path).frame
    found = {
        c: labels.find_column(
            frame.columns, c, [pairing_tables.column_labels(lang)[c] for lang in ("zh", "en")]
        )
        for c in ("community_id", "campus_id")
    }
    frame = frame.rename(columns={v: k for k, v in found.items() if v is not None})
    missing = [c for c, v in found.items() if v is None]
    if missing:
        raise InputError(
            [
                Problem("cli.problem.pairs_column", file=path, column=c, params={"column": c})
                for c in missing
            ]
        )
    return frame.astype({"community_id": str, "campus_id": str})


def _city_name(scope: Scope) -> str | None:
    from geo import dataset
    from geo.core.scope import city_name

    if not scope.city_code:
        return None
    name = city_name(scope.city_code, dataset.load_boundaries("city"))
    if name is None:
        raise InputError.single("cli.problem.no_city", column="--city", city=scope.city_code)
    return name


def run(args: argparse.Namespace) -> int:
    from geo import dataset
    from geo.export import story
    from geo.export.labels import place_label, scope_label

    out = Path(args.out)
    if out.suffix.lower() not in OUTPUTS:
        raise InputError.single(
            "cli.problem.out_type", file=args.out, column="--out", types=" ".join(OUTPUTS)
        )
    scope = _scope(args)
    city_name = _city_name(scope)
    layers = dataset.load_layers()
    for name, path in (
        ("communities", args.communities),
        ("youth_homes", args.homes),
        ("campuses", args.campuses),
    ):
        if path:
            layers = layers.replace(name, read_layer_arg(path, name, args))
    chosen = read_layer_arg(args.chosen, "communities", args) if args.chosen else None
    chosen_from = None
    if args.plan:
        chosen, chosen_from, missing = plan_communities(args.db, args.plan, layers.communities)
        if missing:
            say(args, "cli.plan.missing", n=f"{missing:,}")
    partners = _read_pairs(args.pairs) if args.pairs else None
    if partners is None and chosen_from is not None:  # the plan's campus agreements, if any
        partners = plan_partners(args.db, chosen_from)
    simulated = tuple(sorted(layers.simulated))
    out.parent.mkdir(parents=True, exist_ok=True)

    if out.suffix.lower() == ".pptx":
        from geo.export import pptx

        data = pptx.DeckInput(
            layers.communities,
            layers.youth_homes,
            layers.campuses,
            chosen,
            simulated,
            layers.seed,
            partners,
            city_name,
            chosen_from,
        )
        pptx.build_deck(
            data, scope, out, lang=args.lang, approval_no=args.approval_no, sources=args.sources
        )
        say(args, "cli.map.deck", path=out, scope=scope_label(scope, args.lang, city_name))
        return 0

    # a step draws what it draws in the deck and on the presentation page: the national
    # step the whole country, the region step the scope's region (story.story_steps)
    kind = args.step or _default_step(scope)
    spec = next(s for s in story.story_steps(scope) if s.kind == kind)
    if scope.city_code and spec.scope.city_code != scope.city_code:  # --city drew nothing
        drawn = (
            Term("cli.map.country") if kind == "national" else scope_label(spec.scope, args.lang)
        )
        city = place_label(str(city_name), args.lang)
        say(args, "cli.map.city_unused", city=city, step=kind, drawn=drawn)
    step = story.build_step(
        spec,
        layers.communities,
        layers.youth_homes,
        layers.campuses,
        chosen,
        partners,
        args.lang,
        city_name,
        chosen_from,
    )
    if out.suffix.lower() == ".html":
        from geo.export.html import export_html

        export_html(
            story.step_map(step, lang=args.lang),
            out,
            title=step.title,
            lang=args.lang,
            note=story.step_note(step, args.lang, simulated, layers.seed),
        )
    else:
        from geo.export.static import save_map

        fig = story.step_figure(
            step,
            args.lang,
            simulated,
            layers.seed,
            approval_no=args.approval_no,
            sources=args.sources,
        )
        save_map(fig, out)
    say(args, "cli.map.done", path=out, title=step.title)
    print(step.caption)
    if step.note:
        print(step.note)
    return 0
