"""Widgets of the progress page (进展): progress tables and map, warnings, record entry and
import, the monthly report, the evaluation and the next cycle. Logic is in
:mod:`geo.plan.progress`, :mod:`geo.plan.records`, :mod:`geo.store.records`, :mod:`geo.plan.evaluation`;
the role checks are in the store (these widgets only hide what cannot work)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
import streamlit as st

from geo import i18n, store
from geo.core import localtime, scope
from geo.core.errors import InputError, Problem
from geo.export import labels
from geo.export import records as er
from geo.maps.progress import progress_map
from geo.plan import evaluation as ev
from geo.plan import next_cycle, progress, records, year_demo
from geo.plan.auth import User
from geo.store import Store, rubrics
from geo.store import areas as sareas
from geo.store import records as srec
from ui import management, maps, seen, state, tables
from ui.numbers import number_box

t = state.t
plain = state.plain


def _reason(problem: Problem) -> str:
    """The reason of a record problem in the user's language: its message, else its code's
    (the library's text when the catalogue has neither)."""
    key = problem.key if i18n.has(problem.key) else f"records.problem.{problem.code}"
    values = {"column": problem.column or ""}
    values |= {k: i18n.term(v, state.lang()) for k, v in problem.params.items()}
    return t(key, **values) if i18n.has(key) else str(problem.reason)


def form_problem_line(problem: Problem) -> str:
    """A problem of the one-record form as plain text: the field as the form labels it and
    the reason (a file's row and the field's code name meant nothing there)."""
    key = f"records.field.{problem.column}"  # a field's name, or a header as the form labels it
    field = t(key) if i18n.has(key) else problem.column or ""
    reason = _reason(problem)
    return t("records.form.problem", field=field, reason=reason) if field else reason


def problem_line(problem: Problem) -> str:
    """A record problem as plain text (for tables; wrap in ``plain`` for messages) in the user's language: file, Excel row, column and the reason of
    its code (the library's text when the catalogue has no entry for the code)."""
    reason = _reason(problem)
    if problem.column and problem.row is not None:
        text = t(
            "records.problem.where",
            file=problem.file or "",
            row=problem.row,
            column=problem.column,
            reason=reason,
        )
    elif problem.row is not None:
        text = t(
            "records.problem.where_row", file=problem.file or "", row=problem.row, reason=reason
        )
    else:
        text = reason
    return text.strip()  # a form's line has no file name before its row


def demo_button(db: Store, user: User) -> None:
    """Offer the demo plan and its simulated year to a central account."""
    if user.role != "central":
        return
    if st.button(t("records.make_demo"), key="rec_demo"):
        with st.spinner(t("records.make_demo")):
            result = management.attempt(year_demo.seed_demo, db, user)
        if result is not None:
            plan = labels.plan_name(year_demo.DEMO_PLAN_NAME, state.lang())
            management.done(t("records.demo_done", plan=plan, n=result[1]))


@st.cache_data(max_entries=4, show_spinner=False)
def _records(
    url: str, plan_id: int, token: tuple, units: tuple[str, ...] | None
) -> dict[str, pd.DataFrame]:
    from ui.auth import db as open_db

    db = open_db()
    out = {k: srec.records(db, plan_id, k, units) for k in records.RECORD_KINDS}
    out["areas"] = srec.plan_areas(db, plan_id, units)
    out["start"] = pd.DataFrame({"start": [srec.year_start(db, plan_id)]})
    return out


def scope_units() -> tuple[str, ...] | None:
    """The quota units the sidebar scope reads (``None``: the whole plan): the XPCC's on its
    cities (it read Xinjiang's there, and the XPCC's page showed no community)."""
    unit = state.scope().quota_unit
    return (unit,) if unit else None


def plan_records(db: Store, plan_id: int) -> dict[str, pd.DataFrame]:
    """The plan's records by type and its communities (``areas``) in the sidebar's province
    (the whole plan at national or region scope), cached until a record of the plan
    changes."""
    return _records(db.url, int(plan_id), srec.record_token(db, plan_id), scope_units())


@st.cache_data(max_entries=8, show_spinner=False)
def _progress(recs: dict[str, pd.DataFrame], asof: dt.date, lists: tuple) -> pd.DataFrame:
    """``lists``: the stored area lists' identity (:func:`ui.state.area_token`), which the
    communities' places depend on."""
    prog = progress.community_progress(
        recs["areas"],
        recs["activities"],
        recs["people"],
        recs["agreements"],
        recs["homes"],
        asof,
        start=recs["start"]["start"].iloc[0],
    )
    prog["province_code"] = prog["quota_unit"]
    where = sareas.places(state.shared_communities())
    return prog.merge(where, on="community_id", how="left")


def load(db: Store, plan_id: int, asof: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The plan's progress as of ``asof`` (with ``lon``/``lat``) and its activities."""
    recs = plan_records(db, plan_id)
    return _progress(recs, asof, state.area_token()), recs["activities"]


def newest_day(acts_day: dt.date | None) -> dt.date:
    """The default "as of" day: the newest activity's, else today."""
    return acts_day or localtime.today()


def localized(frame: pd.DataFrame) -> pd.DataFrame:
    """A progress or warnings table with headers and codes in the user's language."""
    return er.localize_progress(frame, state.lang())


def _area_name(level: str, code: str) -> str:
    lang = state.lang()
    if level == "region":
        return t(f"region.{code}")
    if level == "province":
        return labels.province_name(code, lang)
    names = state.boundaries("city" if level == "city" else "county").set_index("code")["name"]
    return labels.place_label(names.get(code, code), lang)  # English names in English


def progress_panel(prog: pd.DataFrame, level: str) -> None:
    """Key figures, the roll-up table at ``level`` and the map."""
    cols = st.columns(5)
    figures = (
        ("records.kpi.communities", f"{len(prog):,}"),
        ("records.kpi.active30", f"{prog['active_30'].mean():.0%}" if len(prog) else "–"),
        ("records.kpi.hours", f"{prog['volunteer_hours'].sum():,.0f}"),
        ("records.kpi.beneficiaries", f"{prog['beneficiaries'].sum():,}"),
        ("records.kpi.members", f"{prog['members_registered'].sum():,}"),
    )
    for col, (key, value) in zip(cols, figures, strict=True):
        col.metric(t(key), value)
    table = progress.rollup(prog, level)
    table.insert(1, "unit", [_area_name(level, c) for c in table["code"]])
    if level == "region":  # east, central, west: keys, not codes a committee uses
        table = table.drop(columns="code")
    # shares in percentage points, one decimal in every row (83.0 beside 81.1, not 83)
    points = st.column_config.NumberColumn(format="%.1f")
    shares = {t(f"records.col.{c}"): points for c in progress.share_columns()}
    tables.table(
        localized(table),
        t("records.tab.progress"),
        "rec_rollup",
        hide_index=True,
        column_config=shares,
    )
    m = progress_map(
        prog.dropna(subset=["lon", "lat"]),
        state.scope(),
        state.lang(),
        st.session_state.get("basemap", "offline"),
        level,  # the table's areas shaded under the points
    )
    maps.show(m, height=480, title=t("records.map"))


def warnings_panel(prog: pd.DataFrame) -> None:
    """The warnings with the responsible county."""
    w = progress.warnings(prog)
    if w.empty:
        st.success(t("records.no_warnings"))
        return
    counts = w["kind"].value_counts()
    st.caption(
        " · ".join(
            f"{t(f'records.warn.{k}')} {int(counts.get(k, 0))}" for k in progress.WARNING_KINDS
        )
    )
    if prog["quota_unit"].nunique() > 1:  # the centre's hundreds of rows: first, by province
        lang = state.lang()
        counts = progress.warning_counts(w, prog["quota_unit"], total=True)
        by_unit = er.named(counts, "warning_counts", lang)
        title = t("records.report.warning_counts")
        st.markdown(f"**{title}**")  # a catalogue string: no user text
        tables.table(localized(by_unit), title, "rec_warning_counts", hide_index=True)
        st.markdown(f"**{t('records.warnings.list')}**")
    w.insert(4, "county", [_area_name("county", c) for c in w["county_code"]])
    w["partner"] = er.partner_text(w["partner"], state.layers().campuses)  # not U0649-1 alone
    tables.table(localized(w), t("records.tab.warnings"), "rec_warnings", hide_index=True)


def entry_panel(db: Store, user: User, plan_id: int) -> None:
    """Templates, a sheet upload with its row problems, and a form for single records."""
    if user.role == "viewer":
        st.info(t("records.read_only"))
        return
    kind = st.selectbox(
        t("records.kind"),
        records.RECORD_KINDS,
        format_func=state.option_labels("records.kind"),
        key="rec_kind",
        placeholder=state.placeholder(records.RECORD_KINDS),
    )
    label = t(f"records.kind.{kind}")
    lang = state.lang()  # the files are made when clicked, outside the script run
    c1, c2 = st.columns(2)
    c1.download_button(
        t("records.template", kind=label),
        lambda: er.template_xlsx(kind, lang),
        file_name=f"{label}.xlsx",
        key="rec_tpl_xlsx",
    )
    c2.download_button(
        t("records.template.csv"),
        lambda: er.template_csv(kind, lang),
        file_name=f"{label}.csv",
        key="rec_tpl_csv",
    )
    st.caption(er.template_note(kind, lang))
    upload = st.file_uploader(t("records.upload"), type=["xlsx", "csv"], key=f"rec_upload_{kind}")
    if upload is not None:
        _import(db, user, plan_id, kind, upload.name, upload.getvalue())
    with st.form(f"rec_form_{kind}", clear_on_submit=False):
        st.markdown(f"**{t('records.form')}**")
        areas = srec.plan_areas(db, plan_id, scope_units())  # the sidebar's province's
        # the action's communities the account writes: not an exited one, nor a candidate
        # once filings are accepted
        mine = areas.loc[srec.writable(user, areas) & progress.action_communities(areas)]
        values: dict[str, object] = {}
        cols = st.columns(3)
        year = srec.implementation_year(db, plan_id)
        for i, f in enumerate(records.RECORD_TYPES[kind].fields):
            with cols[i % 3]:
                values[f.name] = _field_widget(kind, f, mine, form_day(year))
        if st.form_submit_button(t("records.save")):
            if values.get("partner_id") is PARTNER_CONFLICT:
                st.error(t("records.partner.both"))
                return
            try:
                row = records.check_row(kind, values)
            except InputError as exc:
                for p in exc.problems:
                    st.error(plain(form_problem_line(p)))
                return
            dated = records.date_problems(row, kind, today=localtime.today(), year=year)
            if any(p.severity == "error" for p in dated):
                for p in dated:
                    st.error(plain(form_problem_line(p)))
                return
            dated += records.partner_problems(row, kind, known=known_partners())
            saved = management.attempt(srec.save_records, db, user, plan_id, kind, row)
            if saved is not None:
                st.cache_data.clear()
                # one row, stored once by its natural key: say which of the three it was
                what = "added" if saved.added else "updated" if saved.updated else "unchanged"
                said = [
                    t(f"records.saved.{what}"),
                    *(plain(form_problem_line(p)) for p in dated),
                ]
                management.done(" ".join(said))


def known_partners() -> dict[str, pd.Index]:
    """The partners the session's layers hold (imported ones included), by kind."""
    held = state.layers()
    return records.partner_ids(held.campuses, held.resident_units)


def form_day(year: tuple[dt.date, dt.date] | None) -> dt.date:
    """The day a new record's date starts at: today, or the nearest day of the plan's year of
    work when today is outside it (the demo plan's year is 2021-22)."""
    today = localtime.today()
    return today if year is None else min(max(today, year[0]), year[1])


PARTNER_CONFLICT = object()
"""The partner form's value when an id is both picked and typed, and the two differ."""


def _partner_widgets(label: str, key: str, mine: pd.DataFrame) -> object:
    """The partner: picked among the layers' partners of the communities (searchable by name
    or id), or, for one the layers lack, its id typed below (Streamlit's own "Add:" option
    for a typed value is English only). Returns the id (``None`` when neither is given), or
    :data:`PARTNER_CONFLICT` when both are and differ: the form then names the conflict."""
    held = state.layers()
    one_province = mine["county_code"].astype(str).str[:2].nunique() <= 1
    # across provinces (the centre at national scope: 7,469 partners of the demo plan's
    # 1,000 communities, sent on every run of the page) the list waits for a province
    wanted = mine if one_province else mine.iloc[:0]
    found = records.partner_choices(wanted, held.campuses, held.resident_units)
    partners = dict(zip(found["id"], found["name"] + " · " + found["id"], strict=True))
    picked = st.selectbox(
        label,
        list(partners),
        index=None,
        format_func=partners.get,
        key=key,
        placeholder=t("records.partner.placeholder" if one_province else "records.partner.scope"),
        disabled=not one_province,
    )
    typed = st.text_input(t("records.partner.typed"), key=f"{key}_typed").strip()
    if picked and typed and typed != picked:
        return PARTNER_CONFLICT
    return typed or picked


def _field_widget(kind: str, f: records.Field, mine: pd.DataFrame, day: dt.date) -> object:
    label = t(f"records.field.{f.name}")
    key = f"rec_f_{kind}_{f.name}"
    if f.name == "community_id":
        names = dict(
            zip(mine["community_id"], mine["name"] + " · " + mine["community_id"], strict=True)
        )
        return st.selectbox(
            label, list(names), format_func=names.get, key=key, placeholder=state.placeholder(names)
        )
    if f.name == "partner_id":
        return _partner_widgets(label, key, mine)
    if f.kind == "choice":
        options = ([] if f.required else [""]) + list(f.choices)
        lang = state.lang()  # bound: the options may be formatted again outside the run
        return st.selectbox(
            label,
            options,
            key=key,
            format_func=lambda c, n=f.name: er.choice_label(n, c, lang) if c else "—",
            placeholder=state.placeholder(options),
        )
    if f.kind == "date":
        return st.date_input(label, value=day if f.required else None, key=key)
    if f.kind == "month":
        return st.text_input(label, value=day.strftime("%Y-%m"), key=key)
    if f.kind in ("int", "float"):
        # no bounds given to Streamlit (its refusal is English only): the form's check
        # refuses a negative number, naming the field
        return st.number_input(label, value=None, step=1 if f.kind == "int" else None, key=key)
    return st.text_input(label, key=key)  # its length checked with the form, by field


def _import(db: Store, user: User, plan_id: int, kind: str, name: str, data: bytes) -> None:
    areas = srec.plan_areas(db, plan_id)
    try:
        parsed = records.read_records(
            data,
            kind,
            name=name,
            communities=dict(zip(areas["community_id"], areas["county_code"], strict=True)),
        )
    except InputError as exc:
        for p in exc.problems:
            st.error(plain(problem_line(p)))
        return
    srec.refused_rows(user, areas, parsed)
    srec.check_dates(db, plan_id, parsed, localtime.today())
    records.check_partners(parsed, known_partners())
    valid = parsed.valid()
    errors = len(parsed.errors)
    st.info(
        t(
            "records.parsed",
            file=plain(name),
            rows=len(parsed.frame),
            valid=len(valid),
            errors=errors,
            warnings=len(parsed.problems) - errors,
        )
    )
    if parsed.problems:
        frame = pd.DataFrame(
            {t("records.problems"): [problem_line(p) for p in parsed.problems[:500]]}
        )
        tables.dataframe(frame, hide_index=True)
    if len(valid) and st.button(t("records.import"), key=f"rec_import_{kind}", type="primary"):
        result = management.attempt(srec.save_records, db, user, plan_id, kind, valid, file=name)
        if result is not None:
            st.cache_data.clear()
            management.done(
                t(
                    "records.imported",
                    added=result.added,
                    updated=result.updated,
                    unchanged=result.unchanged,
                )
            )


def report_panel(
    db: Store, plan_id: int, prog: pd.DataFrame, acts: pd.DataFrame, asof: dt.date, simulated: bool
) -> None:
    """The monthly report (月报) of one province, or at national scope of the whole action
    (全国), as XLSX or PPTX: a month up to ``asof``'s, its figures as of the month's end
    (:func:`geo.export.records.report_day`; ``prog`` is the page's, as of ``asof``, in the
    sidebar's scope)."""
    units = sorted(prog["quota_unit"].unique())
    sc = state.scope()
    whole = sc.level == "national" and len(units) > 1  # a region's rows are not 全国's
    if whole:  # the central committee's report first
        units = [er.NATIONAL, *units]
    lang = state.lang()  # bound: the options may be formatted again outside the run
    default = units.index(sc.quota_unit) if sc.quota_unit in units else 0
    c1, c2 = st.columns(2)
    unit = c1.selectbox(
        t("records.report.unit" if whole else "records.report.province"),
        units,
        index=default,
        format_func=lambda u: er.unit_name(u, lang),
        key="rec_rep_unit",
        placeholder=state.placeholder(units),
    )
    # the months with activities up to the page's day (a later month's report would read
    # that day's records under its title)
    done = pd.to_datetime(acts["date"]).dt.strftime("%Y-%m")
    months = sorted(set(done[done <= asof.strftime("%Y-%m")])) or [asof.strftime("%Y-%m")]
    month = c2.selectbox(
        t("records.report.month"),
        months[::-1],
        key="rec_rep_month",
        placeholder=state.placeholder(months),
    )
    if unit is None or month is None:
        return
    day = er.report_day(month, asof)
    if day != asof:  # an earlier month: the records as of its end
        prog = scope.apply(load(db, plan_id, day)[0], state.scope())
    st.caption(t("records.report.asof", day=day))
    frames = er.report_frames(prog, acts, unit, month)
    campuses = state.layers().campuses  # the warnings' campuses by name
    areas = "by_province" if unit == er.NATIONAL else "by_city"
    tables.dataframe(localized(er.named(frames[areas], areas, lang)), hide_index=True)
    # named by the unit, as the committee reads it (月报-四川省-2021-09; it was 月报-51-…)
    stem = t("records.report.file", unit=er.unit_name(unit, lang), month=month)
    d1, d2 = st.columns(2)
    d1.download_button(
        t("records.report.xlsx"),
        lambda: er.report_xlsx(frames, unit, month, lang, simulated, campuses),
        file_name=f"{stem}.xlsx",
        key="rec_rep_xlsx",
    )
    if d2.button(t("records.report.pptx"), key="rec_rep_pptx_make"):
        d2.download_button(
            t("records.report.pptx"),
            er.report_pptx(frames, unit, month, lang, simulated, prog),  # with its map
            file_name=f"{stem}.pptx",
            key="rec_rep_pptx",
        )


# --------------------------------------------------------------------------- evaluation


RUBRIC_KEY = "rec_rubric"
"""Session key of the rubric being edited (a JSON mapping)."""


def current_rubric(db: Store) -> ev.Rubric:
    """The rubric in use: the one being edited, the newest saved version, or the default."""
    if RUBRIC_KEY in st.session_state:
        return ev.rubric_from_json(st.session_state[RUBRIC_KEY])
    return rubrics.load_rubric(db) or ev.DEFAULT_RUBRIC


def evaluate(
    db: Store, plan_id: int, prog: pd.DataFrame, asof: dt.date, rubric: ev.Rubric
) -> ev.Evaluation:
    """The plan's evaluation with ``rubric`` (experts' scores from the store beside it)."""
    recs = plan_records(db, plan_id)
    evidence = ev.measure(
        prog,
        recs["activities"],
        recs["people"],
        recs["agreements"],
        asof,
        start=recs["start"]["start"].iloc[0],
    )
    previous = next_cycle.previous_cycle(db, plan_id)
    return ev.evaluate(rubric, evidence, prog, store.evaluations(db, plan_id), previous)


def rubric_editor(db: Store, user: User, rubric: ev.Rubric) -> None:
    """The centre edits weights, targets, thresholds and the recommendation lines, and saves
    them as a new version."""
    lang = state.lang()
    with st.expander(t("records.eval.edit")):
        table = er.rubric_frame(rubric, lang)
        edited = st.data_editor(
            table, disabled=list(table.columns[:2]), hide_index=True, key="rec_rubric_table"
        )
        c1, c2 = st.columns(2)
        cont = number_box(
            t("records.eval.continue_at"),
            0.0,
            100.0,
            float(rubric.continue_at),
            key="rec_cont",
            where=c1,
        )
        exit_ = number_box(
            t("records.eval.exit_below"),
            0.0,
            100.0,
            float(rubric.exit_below),
            key="rec_exit",
            where=c2,
        )
        cols = list(table.columns)
        body = rubric.to_json() | {"continue_at": cont, "exit_below": exit_}
        body["indicators"] = [
            {**ind, "weight": row[cols[2]], "target": row[cols[3]], "threshold": row[cols[4]]}
            for ind, (_, row) in zip(body["indicators"], edited.iterrows(), strict=True)
        ]
        try:
            changed = ev.rubric_from_json(body)
        except InputError as exc:
            for p in exc.problems:
                st.error(plain(p))
            return
        if changed != rubric:
            st.session_state[RUBRIC_KEY] = changed.to_json()
        if st.button(t("records.eval.save"), key="rec_rubric_save"):
            saved = management.attempt(rubrics.save_rubric, db, user, changed)
            if saved is not None:
                st.session_state.pop(RUBRIC_KEY, None)
                management.done(t("records.eval.saved", version=saved.version))


def evaluation_panel(
    db: Store,
    user: User,
    result: ev.Evaluation,
    shown: pd.DataFrame,
    simulated: bool,
    asof: dt.date,
    plan_id: int,
    plan_name: str,
) -> None:
    """Summary by province, each community's sheet (evidence beside the experts' scores),
    the exit list, and the workbook; read before the year of work ends, said to be a
    progress check (and its files named so, by the plan and the day read)."""
    lang = state.lang()
    rubric = result.rubric
    year = srec.implementation_year(db, plan_id)
    early = year is not None and ev.year_not_over(asof, year)
    if year is not None and early:
        st.warning(t("records.eval.not_over", end=year[1], asof=asof))
    stem = t(
        "records.eval.file_check" if early else "records.eval.file",
        plan=labels.file_stem(plan_name),
        asof=asof,
    )
    st.caption(plain(er.rubric_label(rubric, lang)))
    if user.role == "central":
        rubric_editor(db, user, rubric)
    mine = ev.Evaluation(
        result.sheet.loc[result.sheet["community_id"].isin(shown["community_id"])], rubric
    )
    st.subheader(t("records.eval.summary"))
    tables.dataframe(er.evaluation_summary(mine, lang), hide_index=True)
    st.subheader(t("records.eval.sheet"))
    tables.dataframe(er.evaluation_sheet(mine, lang), hide_index=True, key="rec_eval_sheet")
    st.subheader(t("records.eval.exits"))
    exits = ev.Evaluation(mine.exits().assign(recommendation="exit"), rubric)
    tables.dataframe(er.evaluation_sheet(exits, lang), hide_index=True, key="rec_eval_exits")
    d1, d2 = st.columns(2)
    d1.download_button(
        t("records.eval.download"),
        lambda: er.evaluation_xlsx(mine, lang, simulated, asof=asof, year=year),
        file_name=f"{stem}.xlsx",
        key="rec_eval_xlsx",
    )
    if d2.button(t("records.eval.download_pptx"), key="rec_eval_pptx_make"):  # a map: made
        d2.download_button(  # when asked, as the monthly report's deck
            t("records.eval.download_pptx"),
            er.evaluation_pptx(mine, lang, simulated, shown, asof=asof, year=year),
            file_name=f"{stem}.pptx",
            key="rec_eval_pptx",
        )


def next_panel(
    db: Store, user: User, plan_id: int, plan_name: str, result: ev.Evaluation, asof: dt.date
) -> None:
    """Carried-over communities and freed places per province; the centre starts the next
    plan with the carried-over communities, and the provinces refill the freed places on the
    quota and selection page under the first pick's rules. Read a month or more before the
    year of work ends, the figures are a progress check and the next cycle cannot start:
    it would exit communities on part of a year's records."""
    year = srec.implementation_year(db, plan_id)
    early = year if year is not None and ev.year_not_over(asof, year) else None
    if early is not None:
        st.warning(t("records.next.not_over", end=early[1], asof=asof))
    areas = plan_records(db, plan_id)["areas"]
    nxt = next_cycle.plan_next(areas, result, next_cycle.plan_quotas(db, plan_id))
    c1, c2 = st.columns(2)
    c1.metric(t("records.next.carried"), f"{len(nxt.carried):,}")
    c2.metric(t("records.next.freed"), f"{sum(nxt.freed.values()):,}")
    if sum(nxt.freed.values()):  # none freed: the metric's 0 says it, not an empty table
        freed = pd.DataFrame(
            {
                t("records.report.province"): [_area_name("province", u) for u in nxt.freed],
                t("records.next.freed"): list(nxt.freed.values()),
            }
        )
        tables.dataframe(freed, hide_index=True)
    if user.role == "central":
        _outcomes_panel(db, user, plan_id, nxt, early, asof)
    plans = store.list_plans(db)
    following = next_cycle.next_plan_of(plans, plan_id)
    if following is not None:
        plan = store.get_plan(db, following)
        st.success(
            t("records.next.exists", plan=plain(labels.plan_name(plan["name"], state.lang())))
        )
        st.page_link("pages/selection.py", label=t("records.next.to_selection"), icon="➡️")
    elif user.role != "central":
        st.info(t("records.next.central_only"))
    elif scope_units() is not None:
        st.info(t("records.next.national_only"))
    else:
        _start_panel(db, user, plan_id, plan_name, nxt, early, plans["name"])


def _outcomes_panel(
    db: Store,
    user: User,
    plan_id: int,
    nxt,  # noqa: ANN001
    early: tuple[dt.date, dt.date] | None,
    asof: dt.date,
) -> None:
    """The centre records the outcome in the plan itself: the kept communities 继续实施,
    the leaving ones 已退出 with the reason of their recommendation (the status board, the
    exit list and the exports then say who stayed)."""
    now = next_cycle.outcomes(nxt, store.communities(db, plan_id))
    # the changes as the page first showed them for this as-of day (ui.seen): the button's
    # counts and the versions it sends follow them, so a click made after another centre
    # account recorded (or changed) them is refused naming who, not dropped with the button
    found = seen.shown(
        "outcomes", (plan_id, asof.isoformat()), now, _outcomes_changed, "rec_next_refresh"
    )
    if now.unevaluated:
        st.caption(t("records.next.unevaluated", n=now.unevaluated))
    if not len(found):
        return
    exits = found.leaving  # as the page first showed them for this as-of day
    wait = None
    if early is not None:
        start = early[1] - dt.timedelta(days=30)
        wait = t("records.next.wait_outcome", end=early[1], start=start)
    if st.button(
        t("records.next.record", continued=found.kept, exited=exits),
        key="rec_next_outcomes",
        disabled=wait is not None,
        help=wait,
    ):
        n = management.attempt(next_cycle.record_outcomes, db, user, plan_id, found)
        if n is not None:
            management.done(t("records.next.recorded", continued=found.kept, exited=exits))


def _outcomes_changed(_seen: next_cycle.Outcomes, now: next_cycle.Outcomes) -> str:
    """The warning of the evaluation's outcome changed since the page showed it: the
    changes left to record now."""
    return t("records.next.outcomes_changed", continued=now.kept, exited=now.leaving)


def _start_panel(
    db: Store,
    user: User,
    plan_id: int,
    plan_name: str,
    nxt,  # noqa: ANN001
    early: tuple[dt.date, dt.date] | None,
    taken: Iterable[str],
) -> None:
    # the same name a year on (unless a saved plan, ``taken``, has it), as the next plan's timeline is; else "… · 下一周期"
    following = next_cycle.following_name(plan_name, taken)
    name = st.text_input(
        t("records.next.name"),
        value=following or t("records.next.default_name", plan=plan_name),
        key="rec_next_name",
    )
    wait = None
    if early is not None:  # the as-of day that reads the whole year: its last month
        wait = t("records.next.wait", end=early[1], start=early[1] - dt.timedelta(days=30))
    if st.button(
        t("records.next.start_carried"),
        key="rec_next_carried",
        type="primary",
        disabled=wait is not None,
        help=wait,
    ):
        chosen = nxt.carried.rename(columns={"community_id": "id"})
        new_id = management.attempt(
            next_cycle.start_next_cycle, db, user, plan_id, name, chosen, nxt
        )
        if new_id is not None:
            brought = {k: f"{len(srec.records(db, new_id, k)):,}" for k in srec.STANDING_KINDS}
            said = t(
                "records.next.started_carried",
                plan=plain(name),
                carried=f"{len(chosen):,}",
                **brought,
            )
            alone = srec.without_campus(db, new_id, chosen["id"])
            if alone:  # to be paired: the pairing page keeps the others' agreements
                gap = "" if state.lang() == "zh" else " "  # no space after a full-width stop
                said += gap + t("records.next.started_unpaired", n=len(alone))
            management.done(said)
