"""``youthmap records``: the year's records of a plan's communities.

::

    youthmap records import FILE --type activities|people|agreements|homes --as USER
                                 [--plan NAME] [--valid-only]
    youthmap records template --type activities --out 活动记录模板.xlsx
    youthmap records demo [--as USER]     # the demo plan and its simulated year (labelled)

``import`` reads an XLSX or CSV sheet made from the template (Chinese or English headers),
checks every row (Excel row and column named in each problem), checks that the account
``--as`` may write every community it names (a county its own county, a province its
province, the centre everything), and stores the records. Re-importing the same sheet adds
nothing (records are matched by their natural key). A file with errors is refused whole
unless ``--valid-only``. The plan is ``--plan`` or the newest plan.
"""

from __future__ import annotations

import argparse
import sys

from geo import i18n
from geo.cli._common import add_lang_option, help_text, plan_of_name, problem_out, say
from geo.cli.user import add_db_command, add_db_option
from geo.core.errors import InputError, Problem

RECORD_KINDS = ("activities", "people", "agreements", "homes")


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    """Add the ``records`` subcommand and its ``import``, ``template`` and ``demo`` actions."""
    actions = add_db_command(sub, "records", "records", lang)
    imp = actions.add_parser("import", help=help_text("records.import", lang))
    imp.add_argument("file", metavar="FILE", help=help_text("records.file", lang))
    imp.add_argument(
        "--type",
        required=True,
        choices=RECORD_KINDS,
        dest="kind",
        help=help_text("record_type", lang),
    )
    imp.add_argument("--as", required=True, dest="user", metavar="USER", help=help_text("as", lang))
    imp.add_argument(
        "--plan",
        default=None,
        help=help_text("records.plan", lang),
    )
    imp.add_argument(
        "--valid-only", action="store_true", help=help_text("records.valid_only", lang)
    )
    imp.set_defaults(func=_import)
    tpl = actions.add_parser("template", help=help_text("records.template", lang))
    tpl.add_argument(
        "--type",
        required=True,
        choices=RECORD_KINDS,
        dest="kind",
        help=help_text("record_type", lang),
    )
    tpl.add_argument("--out", required=True, help=help_text("records.out", lang))
    add_lang_option(tpl, lang)
    tpl.set_defaults(func=_template)
    demo = actions.add_parser("demo", help=help_text("records.demo", lang))
    demo.add_argument(
        "--as", dest="user", default=None, metavar="USER", help=help_text("records.demo_as", lang)
    )
    demo.set_defaults(func=_demo)
    for parser in (imp, tpl, demo):
        add_db_option(parser, lang, top=False)
    for parser in (imp, demo):
        add_lang_option(parser, lang)


def plan_id_of(db, name: str | None) -> int:  # noqa: ANN001
    """The id of plan ``name``, or of the plan under way (:func:`geo.store.records.plan_under_way`:
    a next plan filed and in its year, else the newest holding records), else the newest
    plan; :class:`InputError` when none."""
    from geo import store
    from geo.core import localtime
    from geo.store import records as srec

    plans = store.list_plans(db)
    if name:
        return plan_of_name(plans, name)[0]
    if plans.empty:
        raise InputError.single("cli.problem.no_plans", column="--plan", code="unknown")
    under_way = srec.plan_under_way(db, localtime.today())
    return under_way if under_way is not None else int(plans["id"].max())


def _plan_of_sheet(db, parsed, lang: str) -> int:  # noqa: ANN001
    """The plan a sheet's records belong to when ``--plan`` is not given: the only plan;
    else the newest plan whose implementation year holds the sheet's middle date (activities,
    people, agreements); else :class:`InputError` asking for ``--plan``."""
    import pandas as pd

    from geo import store
    from geo.export.labels import plan_name
    from geo.store import records as srec

    plans = store.list_plans(db)
    if len(plans) <= 1:
        return plan_id_of(db, None)
    column = {"activities": "date", "people": "month", "agreements": "start_date"}.get(parsed.kind)
    found = None
    if column:
        days = pd.to_datetime(parsed.valid()[column], errors="coerce").dropna().sort_values()
        if len(days):
            ids = parsed.valid()["community_id"].astype(str)
            found = srec.plan_for_day(db, days.iloc[len(days) // 2].date(), ids)
    if found is None:
        raise InputError.single(
            "cli.problem.name_the_plan",
            column="--plan",
            code="unknown",
            n=len(plans),
            plans=i18n.listing(plan_name(n, lang) for n in plans["name"]),
        )
    return found


def _import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from geo import dataset, store
    from geo.core import localtime
    from geo.export.labels import plan_name
    from geo.intake import io
    from geo.plan import records
    from geo.store import records as srec
    from geo.store.users import require_user

    db = store.open_store(args.db)
    try:
        user = require_user(db, args.user)
        table = io.read_table(Path(args.file))
        plan_id = (
            plan_id_of(db, args.plan)
            if args.plan
            else _plan_of_sheet(db, records.parse_records(table, args.kind), args.lang)
        )
        plans = store.list_plans(db)
        if not args.plan and len(plans) > 1:  # the reader sees which plan it took
            name = plans.set_index("id").at[plan_id, "name"]
            say(args, "cli.records.plan_taken", plan=plan_name(name, args.lang))
        areas = srec.plan_areas(db, plan_id)
        parsed = records.parse_records(
            table,
            args.kind,
            communities=dict(zip(areas["community_id"], areas["county_code"], strict=True)),
        )
        srec.refused_rows(user, areas, parsed)
        srec.check_dates(db, plan_id, parsed, localtime.today())
        records.check_partners(
            parsed,
            records.partner_ids(
                dataset.load_layer("campuses"), dataset.load_layer("resident_units")
            ),
        )
        problems = sorted(parsed.problems, key=lambda p: (p.row or 0, p.column or ""))
        if parsed.errors and not args.valid_only:
            for problem in problems:
                if problem.severity != "error":
                    print(problem_out(problem, args.lang), file=sys.stderr)
            raise InputError(
                [p for p in problems if p.severity == "error"]
                + [
                    Problem(
                        "cli.problem.records_refused"
                        if len(parsed.valid())
                        else "cli.problem.records_refused_all",
                        file=parsed.file,
                        code="refused",
                        params={
                            "bad": len({p.row for p in parsed.errors}),
                            "valid": len(parsed.valid()),
                        },
                    )
                ]
            )
        for problem in problems:
            print(problem_out(problem, args.lang), file=sys.stderr)
        result = srec.save_records(db, user, plan_id, args.kind, parsed.valid(), file=parsed.file)
    finally:
        db.dispose()
    say(
        args,
        "cli.records.imported",
        file=parsed.file,
        rows=len(parsed.frame),
        valid=len(parsed.valid()),
        added=result.added,
        updated=result.updated,
        unchanged=result.unchanged,
    )
    return 0


def _template(args: argparse.Namespace) -> int:
    from pathlib import Path

    from geo.export import records as er

    out = Path(args.out)
    ext = out.suffix.lower()
    if ext not in (".xlsx", ".csv"):
        raise InputError.single(
            "cli.problem.out_type", file=out.name, column="--out", code="output", types=".xlsx .csv"
        )
    data = (
        er.template_xlsx(args.kind, args.lang)
        if ext == ".xlsx"
        else er.template_csv(args.kind, args.lang)
    )
    out.write_bytes(data)
    say(args, "cli.wrote", path=out)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from geo import store
    from geo.export.labels import plan_name
    from geo.plan import year_demo
    from geo.plan.auth import DESKTOP_USER
    from geo.store.users import require_user

    db = store.open_store(args.db)
    try:
        user = require_user(db, args.user) if args.user else DESKTOP_USER
        plan_id, n = year_demo.seed_demo(db, user)
    finally:
        db.dispose()
    name = plan_name(year_demo.DEMO_PLAN_NAME, args.lang)
    say(args, "cli.records.demo", plan=plan_id, name=name, n=n)
    return 0
