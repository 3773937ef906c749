"""``youthmap plan``: list plans, save a province's part, export and import the 备案表.

- ``plan list`` — every plan, with each province's part and its state for a national plan.
- ``plan save --from chosen.csv --plan NAME --province 51 --as USER`` — the chosen list's
  rows in that province become its part of the national plan NAME (made when missing);
  rows outside it are left out and counted on one line.
- ``plan export --plan NAME --province 51 --out 备案表.xlsx`` — the province's part as the
  signable form (:mod:`geo.export.filing_form`), unit and contact from ``--as USER``'s
  profile (or ``--unit``/``--contact``/``--phone``).
- ``plan import 备案表.xlsx --plan NAME --as USER`` — a form (``plan export``'s, the 备案表
  ``select --filing`` writes in either language, or one filled by
  hand) read back and saved as the account's part (``--province`` for the centre).

Bad input exits 2 with one line per problem (``geo.cli`` prints them).
"""

from __future__ import annotations

import argparse

from geo import i18n
from geo.cli._common import (
    add_lang_option,
    help_text,
    output_error,
    plan_of_name,
    saved_plan,
    say,
)
from geo.cli.user import add_db_command, add_db_option
from geo.core.errors import InputError, os_reason


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    actions = add_db_command(sub, "plan", "plan", lang, dest="plan_action")

    lst = actions.add_parser("list", help=help_text("plan.list", lang))
    lst.set_defaults(func=_list)

    save = actions.add_parser("save", help=help_text("plan.save", lang))
    save.add_argument("--from", dest="source", required=True, help=help_text("plan.from", lang))
    save.add_argument("--plan", required=True, help=help_text("plan_name", lang))
    save.add_argument("--province", help=help_text("province_own", lang))
    save.add_argument("--as", dest="user", required=True, help=help_text("as", lang))
    save.set_defaults(func=_save)

    export = actions.add_parser("export", help=help_text("plan.export", lang))
    export.add_argument("--plan", required=True, help=help_text("plan_name", lang))
    export.add_argument("--province", required=True, help=help_text("plan.province", lang))
    export.add_argument("--out", required=True, help=help_text("plan.out", lang))
    export.add_argument("--as", dest="user", help=help_text("plan.signer", lang))
    export.add_argument("--unit", help=help_text("plan.unit", lang))
    export.add_argument("--contact", help=help_text("contact", lang))
    export.add_argument("--phone", help=help_text("phone", lang))
    export.set_defaults(func=_export)

    imp = actions.add_parser("import", help=help_text("plan.import", lang))
    imp.add_argument("form", metavar="FORM", help=help_text("plan.form", lang))
    imp.add_argument("--plan", required=True, help=help_text("plan_name", lang))
    imp.add_argument("--province", help=help_text("province_own", lang))
    imp.add_argument("--as", dest="user", required=True, help=help_text("as", lang))
    imp.set_defaults(func=_import)

    delete = actions.add_parser("delete", help=help_text("plan.delete", lang))
    delete.add_argument("--plan", required=True, help=help_text("plan_name", lang))
    delete.add_argument("--as", dest="user", required=True, help=help_text("as", lang))
    delete.set_defaults(func=_delete)

    for parser in actions.choices.values():
        add_db_option(parser, lang, top=False)
        add_lang_option(parser, lang)


def _list(args: argparse.Namespace) -> int:
    from geo import store
    from geo.export.labels import plan_name, province_name
    from geo.store import parts

    db = store.open_store(args.db)
    plans = store.list_plans(db)
    if plans.empty:
        say(args, "cli.plan.none", db=db.url)
        return 0
    for r in plans.itertuples():
        national = not isinstance(r.province_code, str)
        kind = (  # a province's own plan by the province's name
            i18n.t("cli.plan.national", args.lang)
            if national
            else province_name(r.province_code, args.lang)
        )
        n = i18n.t("cli.plan.communities", args.lang, n=f"{r.communities:,}")
        print(f"{r.id}\t{plan_name(r.name, args.lang)}\t{kind}\t{n}")
        if national:
            for s in parts.part_states(db, int(r.id)).itertuples():
                if s.state != "not_started":
                    reason = f"\t{s.reason}" if s.reason else ""
                    state = i18n.t(f"parts.state.{s.state}", args.lang)
                    name = province_name(s.unit, args.lang)
                    print(f"\t{s.unit}\t{name}\t{state}\t{s.communities}{reason}")
    return 0


def _save_part(args: argparse.Namespace, chosen, file: str, headers: dict[str, str]) -> int:  # noqa: ANN001
    from geo import store
    from geo.export import filing_form
    from geo.export.labels import plan_name, province_name
    from geo.store import parts

    db = store.open_store(args.db)
    user = store.users.require_user(db, args.user)
    # the national plan as saved when the user typed it as a listing showed it; a name no
    # plan has makes a new plan
    found = saved_plan(store.list_plans(db), args.plan)
    plan = found[1] if found else args.plan
    try:
        saved = parts.save_part(
            db,
            user,
            plan,
            chosen,
            province=args.province,
            file=file,
            locks=filing_form.form_locks(chosen),  # a 备案表's 人工锁定 and their reasons
        )
    except InputError as exc:  # its columns as the file spells them
        raise exc.respelled(headers) from None
    unit = province_name(saved.unit, args.lang)  # 广东省, not 44
    say(
        args,
        "cli.plan.saved",
        n=f"{saved.saved:,}",
        unit=unit,
        plan=plan_name(plan, args.lang),
        added=f"{saved.added:,}",
        removed=f"{saved.removed:,}",
    )
    if saved.created:  # the first part of a plan, or a mistyped name: name the others
        plans = store.list_plans(db)
        others = plans.loc[plans["province_code"].isna() & (plans["id"] != saved.plan_id)]
        names = "、" if args.lang == "zh" else ", "
        if len(others):
            named = names.join(plan_name(n, args.lang) for n in others["name"])
            say(args, "cli.plan.made", plan=plan, plans=named)
    if saved.recommended:
        say(args, "cli.plan.recommended", n=f"{saved.recommended:,}")
    if saved.outside:
        say(args, "cli.plan.outside", n=f"{saved.outside:,}", file=file, unit=unit)
    from geo import dataset
    from geo.store import areas

    mine = store.communities(db, saved.plan_id)
    mine = mine.loc[mine["quota_unit"] == saved.unit, "community_id"]
    shared = areas.shared_layer(db, dataset.load_layers().communities)  # as the pages read it
    unplaced = filing_form.not_in_layer(mine, shared)
    if unplaced:  # saved as the province gave them; said, since nothing can place them
        ids = ", ".join(unplaced[:5]) + (" …" if len(unplaced) > 5 else "")
        say(args, "cli.plan.not_in_layer", n=f"{len(unplaced):,}", ids=ids)
    return 0


def _delete(args: argparse.Namespace) -> int:
    """Delete a plan nobody has worked on (:func:`geo.store.delete_plan`; the centre)."""
    from geo import store
    from geo.export.labels import plan_name

    db = store.open_store(args.db)
    user = store.users.require_user(db, args.user)
    plan_id, _ = plan_of_name(store.list_plans(db), args.plan)
    name = store.delete_plan(db, user, plan_id, int(store.get_plan(db, plan_id)["version"]))
    say(args, "cli.plan.deleted", plan=plan_name(name, args.lang))
    return 0


def _save(args: argparse.Namespace) -> int:
    from geo.export import filing_form

    # the chosen list as select wrote it (编号, 名称, 区县代码 … or ID, Name …) or by hand
    chosen, headers = filing_form.read_list(args.source)
    return _save_part(args, chosen, args.source, headers)


def _import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from geo.export import filing_form

    path = Path(args.form)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError.single(
            "cli.problem.cannot_read", file=args.form, reason=os_reason(exc)
        ) from exc
    chosen, headers = filing_form.read_form_headed(data, args.form)
    return _save_part(args, chosen, args.form, headers)


def _export(args: argparse.Namespace) -> int:
    import dataclasses
    from pathlib import Path

    from geo import dataset, i18n, store
    from geo.core import localtime
    from geo.export import filing_form, labels
    from geo.export.labels import province_name

    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".pdf"):
        raise InputError.single(
            "cli.problem.out_type", file=args.out, column="--out", code="output", types=".xlsx .pdf"
        )
    db = store.open_store(args.db)
    plan_id, _ = plan_of_name(store.list_plans(db), args.plan)
    rows = store.communities(db, plan_id)
    rows = rows[rows["quota_unit"] == args.province]
    if rows.empty:
        raise InputError.single(
            "cli.problem.plan_no_unit", column="--province", name=args.plan, unit=args.province
        )
    profile = store.users.get_profile(db, args.user) if args.user else {}
    layers = dataset.load_layers()
    from geo.plan import next_cycle
    from geo.store import areas
    from geo.store import records as srec

    communities = areas.shared_layer(db, layers.communities)
    codes, base = areas.sources(communities, rows["community_id"])
    lists = areas.area_lists(db)
    notes = tuple(
        i18n.t(
            "areas.list_note",
            "zh",
            area=province_name(code) if len(code) == 2 else code,
            file=lists[code].file_name,
            who=lists[code].uploaded_by,
            time=labels.local_time(lists[code].uploaded_at, "zh"),
        )
        for code in codes
        if code in lists
    )
    layers = dataclasses.replace(layers, communities=communities)
    table = filing_form.plan_form_table(
        rows,
        layers.communities,
        youth_homes=layers.youth_homes,
        campuses=layers.campuses,
        resident_units=layers.resident_units,
        homes=srec.records(db, plan_id, "homes"),
        agreements=srec.records(db, plan_id, "agreements"),
        carried=next_cycle.carried_over(db, plan_id),
    )
    simulated = "communities" in layers.simulated and base
    header = filing_form.FormHeader(
        unit=args.unit or profile.get("unit_name") or filing_form.default_unit(args.province),
        date=localtime.today(),
        contact=args.contact or profile.get("contact", ""),
        phone=args.phone or profile.get("phone", ""),
        simulated=simulated,
        list_notes=notes,
    )
    try:
        write = filing_form.form_pdf if out.suffix.lower() == ".pdf" else filing_form.form_xlsx
        out.write_bytes(write(table, header))
    except OSError as exc:
        raise output_error(args.out, exc) from exc
    unit = province_name(args.province, args.lang)  # 新疆生产建设兵团, not XPCC
    say(args, "cli.plan.exported", n=f"{len(table):,}", unit=unit, path=out)
    return 0
