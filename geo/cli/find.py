"""``youthmap find``: find communities by the words of their names, to lock or exclude them.

::

    youthmap find 锦官驿 第1 [--communities scored.xlsx] [--province 51] [--limit 20]

``youthmap select --lock`` and ``--exclude`` take community ids; a committee knows its
communities by name. A community matches when every word is in its name, street, county,
city or id (case aside; in English also the county's and city's English names). Without
``--communities`` the embedded communities are searched; a scored list
(``youthmap score --out``) is read back with its score, and the matches come highest score
first.
"""

from __future__ import annotations

import argparse

from geo.cli._common import (
    NAME_COLUMNS,
    add_input_options,
    add_lang_option,
    help_text,
    say,
    table_lines,
)
from geo.core._validation import Integral, Interval, Spec, check_all
from geo.core.errors import InputError

FIND_DEFAULT_LIMIT: int = 20
"""Matches printed unless ``--limit`` says otherwise."""

OPTIONS: dict[str, Spec] = {
    "limit": Interval(Integral, 1, None, key="params.positive", column="--limit"),
}
"""What the command's numeric options may be (checked before any reading)."""


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    """Add the ``find`` subcommand."""
    p = sub.add_parser("find", help=help_text("find", lang))
    p.add_argument("words", nargs="+", metavar="WORD", help=help_text("find.words", lang))
    p.add_argument("--communities", metavar="F", help=help_text("find.communities", lang))
    p.add_argument("--province", default=None, help=help_text("province_xpcc", lang))
    p.add_argument(
        "--limit",
        type=int,
        default=FIND_DEFAULT_LIMIT,
        metavar="N",
        help=help_text("find.limit", lang, default=FIND_DEFAULT_LIMIT),
    )
    add_input_options(p, lang)
    add_lang_option(p, lang)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from geo import i18n
    from geo.analysis import selection
    from geo.cli._common import read_layer_arg
    from geo.cli.score import scored_columns
    from geo.core import regions
    from geo.export.labels import place_label, restore_columns, with_english_places

    check_all(vars(args), OPTIONS)
    unit = _unit(args.province) if args.province else None
    if args.communities:
        communities = restore_columns(
            read_layer_arg(args.communities, "communities", args), scored_columns()
        )
        if "score" in communities:  # read back as text from a CSV: ranked as numbers
            import pandas as pd

            communities = communities.assign(
                score=pd.to_numeric(communities["score"], errors="coerce")
            )
    else:
        from geo import dataset

        communities = dataset.load_layer("communities")
        simulated = "simulated" in communities and bool(communities["simulated"].any())
        sim = i18n.t("cli.simulated_clause", args.lang) if simulated else ""
        say(args, "cli.find.embedded", n=f"{len(communities):,}", simulated=sim)
    if unit is not None and "county_code" in communities:  # the XPCC's are its own unit's
        units = communities["county_code"].astype(str).map(regions.quota_unit)
        communities = communities.loc[units == unit]
    if args.lang == "en":  # "Chengdu Jinjiang" finds 成都市锦江区's communities
        communities = with_english_places(communities)
    columns = (*selection.FIND_COLUMNS, "district_en", "city_en")
    found, total = selection.find_communities(
        communities, " ".join(args.words), args.limit, columns
    )
    if not total:
        say(args, "cli.find.none", words=" ".join(args.words))
        return 1
    say(args, "cli.find.found", n=f"{total:,}", shown=f"{len(found):,}")
    head = i18n.t("cli.find.head", args.lang).split("|")
    scored = "score" in found
    rows = [
        [
            str(r.get("id", "")),
            str(r.get("name", "")),
            str(r.get("subdistrict", "") or ""),
            place_label(str(r.get("district", "") or ""), args.lang),
            place_label(str(r.get("city", "") or ""), args.lang),
            *([f"{r['score']:.4f}" if r["score"] == r["score"] else ""] if scored else []),
        ]
        for _, r in found.iterrows()
    ]
    head = head if scored else head[:-1]
    right = [False] * 5 + ([True] if scored else [])
    for line in table_lines([head, *rows], right, {4: NAME_COLUMNS}):
        print(line)
    return 0


def _unit(given: str) -> str:
    """The quota unit ``--province`` names: a province's code, or ``XPCC``."""
    from geo.core import regions

    unit = given.strip().upper()
    if unit == regions.XPCC_KEY:
        return unit
    try:
        return regions.province(unit).code
    except KeyError:
        raise InputError.single("cli.problem.province", column="--province", value=given) from None
