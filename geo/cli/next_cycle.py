"""``youthmap next-cycle``: after the year's evaluation, record its outcome in the plan and
start the next cycle, as the progress page's 下一周期 tab does.

::

    youthmap next-cycle --plan NAME                          # what the evaluation gives
    youthmap next-cycle --plan NAME --record-outcome --as USER   # 继续实施 / 已退出
    youthmap next-cycle --plan NAME --start "NEW NAME" --as USER  # the next plan

Without ``--plan`` it reads the plan under way; the actions write to the plan named only.

The evaluation is the page's (:func:`geo.plan.evaluation.load`: the newest saved
rubric or the default, the experts' totals, the centre's decisions) as of ``--asof`` (default:
the newest activity's day, never after the year's end). Both actions wait, as the page's
buttons do, until the evaluation reads the year's last month
(:func:`geo.plan.evaluation.year_not_over`); the store checks the account (the centre). A
database with no account (the desktop) acts as the app's desktop does, as the centre, with
no ``--as``.
"""

from __future__ import annotations

import argparse

from geo import i18n
from geo.cli._common import add_lang_option, help_text, say
from geo.cli.user import add_db_option
from geo.core.errors import InputError


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    """Add the ``next-cycle`` subcommand."""
    p = sub.add_parser(
        "next-cycle",
        help=help_text("next_cycle", lang),
        description=help_text("next_cycle.description", lang),
    )
    p.add_argument("--plan", default=None, help=help_text("plan_newest", lang))
    p.add_argument(
        "--asof", default=None, metavar="YYYY-MM-DD", help=help_text("evaluate.asof", lang)
    )
    p.add_argument(
        "--record-outcome",
        action="store_true",
        help=help_text("next_cycle.record_outcome", lang),
    )
    p.add_argument(
        "--start", default=None, metavar="NAME", help=help_text("next_cycle.start", lang)
    )
    p.add_argument(
        "--as", dest="user", default=None, metavar="USER", help=help_text("next_cycle.as", lang)
    )
    add_lang_option(p, lang)
    add_db_option(p, lang, top=True)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the carried-over communities and freed places; record the outcome and start
    the next plan when asked."""
    import datetime as dt

    from geo import store
    from geo.cli.evaluate import asof_option
    from geo.cli.records import plan_id_of
    from geo.core import localtime
    from geo.export.labels import plan_name as plan_label
    from geo.export.labels import province_name
    from geo.plan import evaluation as ev
    from geo.plan import next_cycle
    from geo.plan.auth import DESKTOP_USER
    from geo.store import records as srec
    from geo.store import rubrics
    from geo.store.users import count_users, require_user

    acting = args.record_outcome or args.start is not None
    if acting and not args.plan:  # written to the plan named, never to a guessed one
        raise InputError.single("cli.problem.next_needs_plan", column="--plan")
    if args.start is not None and not args.start.strip():
        raise InputError.single("store.problem.plan_name", column="--start", code="missing")
    asof_given = asof_option(args.asof)
    db = store.open_store(args.db)
    try:
        user = None
        if args.user:
            user = require_user(db, args.user)
        elif acting and count_users(db):  # the desktop, with no account, acts as the centre
            raise InputError.single("cli.problem.next_needs_user", column="--as")
        elif acting:
            user = DESKTOP_USER
        plan_id = plan_id_of(db, args.plan)
        name = plan_label(store.get_plan(db, plan_id)["name"], args.lang)
        rubric = rubrics.load_rubric(db) or ev.DEFAULT_RUBRIC
        asof = asof_given or srec.reading_day(db, plan_id, localtime.today())
        year = srec.implementation_year(db, plan_id)

        def read() -> tuple[next_cycle.NextCycle, next_cycle.Outcomes]:
            nxt = next_cycle.plan_next(
                srec.plan_areas(db, plan_id),
                ev.load(db, plan_id, rubric, asof),
                next_cycle.plan_quotas(db, plan_id),
            )
            return nxt, next_cycle.outcomes(nxt, store.communities(db, plan_id))

        nxt, found = read()
        freed = i18n.join(
            [f"{province_name(u, args.lang)} {n}" for u, n in sorted(nxt.freed.items())],
            args.lang,
        )
        say(
            args,
            "cli.next.summary",
            plan=name,
            asof=asof,
            carried=f"{len(nxt.carried):,}",
            freed=f"{sum(nxt.freed.values()):,}",
            units=i18n.t("cli.next.units", args.lang, units=freed) if freed else "",
        )
        if found.unevaluated:
            say(args, "records.next.unevaluated", n=found.unevaluated)
        early = year is not None and ev.year_not_over(asof, year)
        if year is not None and early:
            wait = i18n.t("records.next.not_over", args.lang, end=year[1], asof=asof)
            if acting:
                raise InputError.single(
                    "cli.problem.next_not_over",
                    column="--asof",
                    end=year[1],
                    start=year[1] - dt.timedelta(days=30),
                )
            print(wait)
        following = next_cycle.next_plan_of(store.list_plans(db), plan_id)
        made = None if following is None else store.get_plan(db, following)["name"]
        if args.start is not None and made is not None:  # before anything is written
            raise InputError.single(
                "cli.problem.next_exists", column="--start", plan=plan_label(made, args.lang)
            )
        if args.record_outcome:
            if len(found):
                next_cycle.record_outcomes(db, user, plan_id, found)
                say(args, "records.next.recorded", continued=found.kept, exited=found.leaving)
                nxt, found = read()
            else:
                say(args, "cli.next.nothing_to_record")
        elif len(found) and not early:  # a progress check records nothing
            say(args, "cli.next.pending", continued=found.kept, exited=found.leaving)
        if args.start is not None:
            chosen = nxt.carried.rename(columns={"community_id": "id"})
            new_id = next_cycle.start_next_cycle(db, user, plan_id, args.start.strip(), chosen, nxt)
            brought = {k: f"{len(srec.records(db, new_id, k)):,}" for k in srec.STANDING_KINDS}
            say(
                args,
                "records.next.started_carried",
                plan=args.start.strip(),
                carried=f"{len(chosen):,}",
                **brought,
            )
            alone = srec.without_campus(db, new_id, chosen["id"])
            if alone:
                say(args, "records.next.started_unpaired", n=len(alone))
        elif made is not None:
            say(args, "records.next.exists", plan=plan_label(made, args.lang))
    finally:
        db.dispose()
    return 0
