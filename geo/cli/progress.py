"""``youthmap progress``: the progress of the year and a monthly report (月报), a
province's or the whole action's.

::

    youthmap progress [--plan NAME] [--month 2021-09]                    # table by province
    youthmap progress --province 51 --out 月报.xlsx [--month 2021-09]      # or .pptx
    youthmap progress --out 全国月报.xlsx [--month 2021-09]                 # the whole action

The progress is computed as of the month's last day, or today in the current month
(default: the month of the newest activity): share of action communities active in the last
30 and 90 days, volunteer hours, beneficiaries, League members registered, campus visits per
month; and the warnings (no activity for 60 days, campus never came, Youth Home not in use)
with the county.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from geo import i18n
from geo.cli._common import NAME_COLUMNS, add_lang_option, help_text, say, table_lines
from geo.cli.user import add_db_option
from geo.core.errors import InputError

if TYPE_CHECKING:
    import pandas as pd


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    """Add the ``progress`` subcommand."""
    p = sub.add_parser("progress", help=help_text("progress", lang))
    p.add_argument("--plan", default=None, help=help_text("plan_newest", lang))
    p.add_argument("--province", default=None, help=help_text("province_xpcc", lang))
    p.add_argument(
        "--month", default=None, metavar="YYYY-MM", help=help_text("progress.month", lang)
    )
    p.add_argument("--out", default=None, help=help_text("progress.out", lang))
    add_lang_option(p, lang)
    add_db_option(p, lang, top=True)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from geo import store
    from geo.cli.records import plan_id_of
    from geo.core import localtime, regions
    from geo.export import records as er
    from geo.export.labels import plan_name as plan_label
    from geo.export.labels import province_name
    from geo.plan import progress
    from geo.store import records as srec

    unit = None
    if args.province:
        unit = args.province.strip().upper()
        if unit != regions.XPCC_KEY:
            try:
                unit = regions.province(unit).code
            except KeyError:
                raise InputError.single(
                    "cli.problem.province", column="--province", value=args.province
                ) from None
    if args.month and not _is_month(args.month):
        raise InputError.single("cli.problem.month", column="--month", value=args.month)
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".xlsx", ".pptx"):
        raise InputError.single("cli.problem.progress_out", file=out.name, column="--out")
    db = store.open_store(args.db)
    try:
        plan_id = plan_id_of(db, args.plan)
        plan_name = plan_label(store.get_plan(db, plan_id)["name"], args.lang)
        acts = srec.records(db, plan_id, "activities")
        # the day the page reads the plan as of: its newest activity, never after today nor
        # after a year of work that is over; a month asked for: its end, on the same terms
        today = localtime.today()
        asof = srec.reading_day(db, plan_id, today)
        month = args.month or asof.strftime("%Y-%m")
        if args.month:
            year = srec.implementation_year(db, plan_id)
            asof = er.report_day(month, today if year is None else min(today, year[1]))
        recs = {k: srec.records(db, plan_id, k) for k in ("people", "agreements", "homes")}
        prog = progress.community_progress(
            srec.plan_areas(db, plan_id),
            acts,
            recs["people"],
            recs["agreements"],
            recs["homes"],
            asof,
            start=srec.year_start(db, plan_id),
        )
        simulated = srec.has_simulated(db, plan_id)
        located = None
        if out is not None and out.suffix.lower() == ".pptx":  # the map: where every page
            from geo.cli._common import plan_coordinates  # places the communities

            located = prog.merge(plan_coordinates(db), on="community_id", how="left")
    finally:
        db.dispose()
    if unit is not None and not (prog["quota_unit"] == unit).any():
        raise InputError.single("cli.problem.plan_no_community", column="--province", unit=unit)
    if out is not None:  # a province's report, or without --province the whole action's
        report_unit = er.NATIONAL if unit is None else unit
        frames = er.report_frames(prog, acts, report_unit, month)
        if out.suffix.lower() == ".xlsx":  # the warnings' campuses by name (embedded layer)
            from geo import dataset

            campuses = dataset.load_layer("campuses")
            data = er.report_xlsx(frames, report_unit, month, args.lang, simulated, campuses)
        else:
            data = er.report_pptx(frames, report_unit, month, args.lang, simulated, located)
        try:
            out.write_bytes(data)
        except OSError as exc:
            from geo.cli._common import output_error

            raise output_error(out, exc) from exc
        warn = frames["warnings"]["kind"].value_counts()
        sim = i18n.t("cli.simulated_clause", args.lang) if simulated else ""
        name = er.unit_name(report_unit, args.lang)  # 新疆生产建设兵团, not XPCC
        say(args, "cli.progress.wrote", path=out, unit=name, month=month, simulated=sim)
        say(args, "cli.progress.warnings", warnings=_warnings(warn, args.lang))
        return 0
    shown = prog if unit is None else prog.loc[prog["quota_unit"] == unit]
    table = progress.rollup(shown, "province" if unit is None else er.city_level(unit))
    if unit is None:  # each row's place named beside its code, as on the page
        names = [province_name(str(c), args.lang) for c in table["code"]]
    else:
        names = er.named(table, "by_city", args.lang)["unit"].tolist()
    sim = i18n.t("cli.simulated", args.lang) if simulated else ""
    say(args, "cli.progress.asof", plan=plan_name, asof=asof, simulated=sim)
    head = i18n.t("cli.progress.head", args.lang).split("|")
    rows = [
        [r.code, name, r.communities, f"{r.active_30:.0%}", f"{r.active_90:.0%}"]
        + [f"{r.volunteer_hours:,.0f}", f"{r.beneficiaries:,}", f"{r.campus_visits_per_month:.2f}"]
        for r, name in zip(table.itertuples(index=False), names, strict=True)
    ]
    for line in table_lines([head, *rows], [False, False] + [True] * 6, {1: NAME_COLUMNS}):
        print(line)
    warn = progress.warnings(shown)["kind"].value_counts()
    say(args, "cli.progress.warnings", warnings=_warnings(warn, args.lang))
    return 0


def _warnings(counts: pd.Series, lang: str) -> str:
    """Warning counts by kind in ``lang`` ("60天无活动 3，…"), in the page's order of kinds
    (:data:`geo.plan.progress.WARNING_KINDS`), or the catalogue's none."""
    from geo.plan import progress

    counts = counts.reindex([k for k in progress.WARNING_KINDS if k in counts.index])
    words = i18n.join(
        (f"{i18n.t(f'records.warn.{k}', lang)} {int(n)}" for k, n in counts.items()), lang
    )
    return words or i18n.t("common.none", lang)


def _is_month(text: str) -> bool:
    """Whether ``text`` is a month as YYYY-MM (2021-09; not 2021-13, 2021-00 or 0001-01:
    the years dates are computed in, 1900 to 2200)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if match is None:
        return False
    return 1900 <= int(match[1]) <= 2200 and 1 <= int(match[2]) <= 12
