"""``youthmap evaluate``: the evidence-based evaluation of a plan against a rubric.

::

    youthmap evaluate --plan NAME --rubric rubric.toml --out 评估.xlsx [--asof 2022-04-30]
    youthmap evaluate --plan NAME --out 评估.xlsx          # the newest saved rubric, or the default
    youthmap evaluate --plan NAME --out 评估.pptx          # the deck: summary, map, exit list
    youthmap evaluate --write-rubric rubric.toml           # the default rubric, to edit
    youthmap evaluate --rubric rubric.toml --save --as USER   # save it as a new version (centre)

Each community's evidence is measured from the year's records up to ``--asof`` (default:
the newest activity's day); the workbook holds a first sheet stating that day and the
year of work, the evaluation sheet (evidence, points, rubric total, the experts' scores
beside them, recommendation and reasons), the summary by province, the exit list with
reasons, and the rubric. Read before the year's last month
(:func:`geo.plan.evaluation.year_not_over`) the workbook and the deck are a progress check
(进度检查) and their exit list provisional, as the command says.
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import replace

from geo import i18n
from geo.cli._common import add_lang_option, help_text, say
from geo.cli.user import add_db_option
from geo.core.errors import InputError


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    """Add the ``evaluate`` subcommand."""
    p = sub.add_parser("evaluate", help=help_text("evaluate", lang))
    p.add_argument("--plan", default=None, help=help_text("plan_newest", lang))
    p.add_argument("--rubric", default=None, help=help_text("evaluate.rubric", lang))
    p.add_argument("--out", default=None, help=help_text("evaluate.out", lang))
    p.add_argument(
        "--asof", default=None, metavar="YYYY-MM-DD", help=help_text("evaluate.asof", lang)
    )
    add_lang_option(p, lang)
    p.add_argument(
        "--write-rubric",
        default=None,
        metavar="F.toml",
        help=help_text("evaluate.write_rubric", lang),
    )
    p.add_argument("--save", action="store_true", help=help_text("evaluate.save", lang))
    p.add_argument(
        "--as", dest="user", default=None, metavar="USER", help=help_text("evaluate.as", lang)
    )
    add_db_option(p, lang, top=True)
    p.set_defaults(func=run)


def asof_option(value: str | None) -> dt.date | None:
    """``--asof``: a date not after today (idle days not yet lived would count against the
    communities), or ``None`` when not given."""
    if not value:
        return None
    from geo.core import localtime

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InputError.single("cli.problem.date", column="--asof", value=value) from None
    today = localtime.today()
    if day > today:
        raise InputError.single(
            "cli.problem.asof_future", column="--asof", value=value, today=today
        )
    return day


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from geo import store
    from geo.cli.records import plan_id_of
    from geo.core import localtime
    from geo.export import records as er
    from geo.export.labels import plan_name as plan_label
    from geo.plan import evaluation as ev
    from geo.store import records as srec
    from geo.store import rubrics
    from geo.store.users import require_user

    rubric = None
    if args.rubric:
        path = Path(args.rubric)
        if not path.is_file():
            raise InputError.single("cli.problem.file_not_found", file=str(path), column="--rubric")
        rubric = ev.rubric_from_toml(path.read_bytes(), file=path.name)
    if args.write_rubric:  # the default rubric named in --lang (read back as the default)
        default_rubric = replace(
            ev.DEFAULT_RUBRIC, name=i18n.t(ev.DEFAULT_RUBRIC_NAME_KEY, args.lang)
        )
        Path(args.write_rubric).write_text(ev.rubric_to_toml(rubric or default_rubric), "utf-8")
        say(args, "cli.wrote", path=args.write_rubric)
        if not args.out and not args.save:
            return 0
    asof_given = asof_option(args.asof)
    if args.out and Path(args.out).suffix.lower() not in (".xlsx", ".pptx"):
        raise InputError.single(
            "cli.problem.out_type", file=args.out, column="--out", types=".xlsx .pptx"
        )
    db = store.open_store(args.db)
    try:
        if args.save:
            if rubric is None or not args.user:
                raise InputError.single("cli.problem.save_needs", column="--save")
            rubric = rubrics.save_rubric(db, require_user(db, args.user), rubric)
            say(args, "cli.evaluate.saved", name=rubric.name, version=rubric.version)
            if not args.out:
                return 0
        if not args.out:
            raise InputError.single("cli.problem.evaluate_out", column="--out")
        rubric = rubric or rubrics.load_rubric(db) or ev.DEFAULT_RUBRIC
        plan_id = plan_id_of(db, args.plan)
        plan_name = plan_label(store.get_plan(db, plan_id)["name"], args.lang)
        asof = asof_given or srec.reading_day(db, plan_id, localtime.today())
        result = ev.load(db, plan_id, rubric, asof)
        simulated = srec.has_simulated(db, plan_id)
        year = srec.implementation_year(db, plan_id)
        located = None
        if Path(args.out).suffix.lower() == ".pptx":  # the map: where every page places
            from geo.cli._common import plan_coordinates  # the communities

            located = plan_coordinates(db)
    finally:
        db.dispose()
    if located is not None:
        data = er.evaluation_pptx(result, args.lang, simulated, located, asof=asof, year=year)
    else:
        data = er.evaluation_xlsx(result, args.lang, simulated=simulated, asof=asof, year=year)
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        from geo.cli._common import output_error

        raise output_error(args.out, exc) from exc
    if year is not None and ev.year_not_over(asof, year):
        say(args, "cli.evaluate.not_over", end=year[1], asof=asof)
    counts = result.sheet["recommendation"].value_counts()
    sep = "，" if args.lang == "zh" else ", "
    say(
        args,
        "cli.evaluate.done",
        path=args.out,
        plan=plan_name,
        n=f"{len(result.sheet):,}",
        asof=asof,
        simulated=i18n.t("cli.simulated", args.lang) if simulated else "",
        counts=sep.join(
            f"{i18n.t(f'records.eval.rec.{r}', args.lang)} {int(counts.get(r, 0)):,}"
            for r in ev.RECOMMENDATIONS
        ),
    )
    return 0
