"""A province's part of the national plan in the app: save it, and every unit's state.

The province saves its pick (the selection page's current list) as its part of a national
plan (:func:`geo.store.parts.save_part`); the message is one line: how many communities were
saved, and how many of the list were outside the province and left out. The centre (and
everyone) sees each unit's part with its state on the management page.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from geo import i18n, store
from geo.core import localtime
from geo.core.errors import InputError, PermissionDenied, StaleWrite, StoreError
from geo.export import labels
from geo.export.labels import province_name
from geo.plan.auth import User
from geo.store import parts
from ui import auth as uauth
from ui import state, tables

DEFAULT_PLAN = "{year} 全国第一批"
"""The national plan a province's part goes into while the centre has saved none, in the
readers' current year: "2021 全国第一批" proposed in 2026 started a plan on the 2021 cycle
(:func:`geo.plan.lifecycle.cycle_timeline`), every phase five years past. A plan's name is
shared data (every province's part must name the same plan), so it is not translated."""


def proposed_plan(db: store.Store, plans: pd.DataFrame | None = None) -> str:
    """The name a province's part is proposed to go into: the centre's newest national plan
    (a next cycle's plan is newer than the one before it), or :data:`DEFAULT_PLAN` in this
    year while there is none. The simulated demo plan is not proposed: a real pick would be filed
    among simulated records."""
    from geo.plan.year_demo import DEMO_PLAN_NAME

    plans = store.list_plans(db) if plans is None else plans  # or as the caller read them
    national = plans.loc[plans["province_code"].isna() & (plans["name"] != DEMO_PLAN_NAME)]
    if len(national):
        return str(national["name"].iloc[-1])
    return DEFAULT_PLAN.format(year=localtime.today().year)


def saved_pilot() -> tuple[list[str], str | None]:
    """The pilot list a page falls back on when this session has picked none: the ids of
    the centre's newest saved national plan (:func:`proposed_plan`; the provinces' parts
    are in it) less its exited communities, and the plan's name; ``([], None)`` when there
    is no such plan or no database to read it from. Read on every run: a filing moved in
    another session shows at once."""
    scores, name = saved_pilot_scores()  # no database, or it failed: the analysis pages go
    return list(scores.index), name  # on with the session's own list or none, and say which


def saved_pilot_scores() -> tuple[pd.Series, str | None]:
    """:func:`saved_pilot` with the score each community was chosen with
    (:func:`geo.store.pilot_scores`: by id, NaN when none); ``(empty, None)`` as there."""
    empty = pd.Series(dtype=float)
    try:
        db = uauth.db()
        found = _national(db)
        return (empty, None) if found is None else (store.pilot_scores(db, found[0]), found[1])
    except (InputError, StoreError):
        return empty, None


def _national(db: store.Store, name: str | None = None) -> tuple[int, str] | None:
    """The id and name of the saved national plan ``name`` (by default
    :func:`proposed_plan`), or ``None`` when there is no such plan."""
    plans = store.list_plans(db)
    name = proposed_plan(db, plans) if name is None else name
    found = plans.loc[plans["province_code"].isna() & (plans["name"] == name), "id"]
    return (int(found.iloc[-1]), name) if len(found) else None


def saved_partners(name: str | None = None) -> tuple[pd.DataFrame | None, str | None]:
    """The campuses saved plan ``name``'s communities (by default those of
    :func:`saved_pilot`'s plan) have agreed with on record
    (:func:`geo.store.records.campus_partners`: ``community_id``, ``campus_id``; ``None``
    when none is recorded, or without a database), and the plan's name: the meeting story
    draws them as partners, the pairing page and the filing table keep them."""
    from geo.store import records

    try:
        db = uauth.db()
        found = _national(db, name)
        if found is None:
            return None, name
        pairs = records.campus_partners(db, found[0])
    except (InputError, StoreError):
        return None, name
    return (pairs if len(pairs) else None), found[1]


def _new_plan_note(note: Any, name: str, t) -> None:  # noqa: ANN001 - the page's t
    """Point out a plan name no national plan has yet: saving would start a plan of its own
    (a typo, or a name other than the centre's)."""
    plans = store.list_plans(uauth.db())
    if name.strip() and name.strip() not in set(plans.loc[plans["province_code"].isna(), "name"]):
        note.caption(t("parts.new_plan", plan=state.plain(name.strip())))


def save_part_controls(user: User | None, final: Any, t) -> None:  # noqa: ANN001 - the page's t
    """On the selection page: save the current pick as the province's part of a plan.

    Shown to a province account, and to the centre while the scope is one province (it
    saves that province's part) or the XPCC's cities (the XPCC's)."""
    if user is None or final is None:
        return
    unit = user.province_code if user.role == "province" else state.scope().quota_unit
    if user.role not in ("province", "central") or not unit:
        return
    lang = state.lang()
    st.markdown(f"**{t('parts.title', unit=province_name(unit, lang))}**")
    c1, c2 = st.columns([3, 1])
    name = c1.text_input(
        t("parts.plan_name"), value=proposed_plan(uauth.db()), key="part_plan_name"
    )
    c2.write("")
    note = c1.empty()  # filled once this run's save, if any, is done
    if c2.button(t("parts.save", unit=province_name(unit, lang)), key="part_save"):
        # the unit's own rows: a pick made against the national quotas holds the other
        # units' too, which this page neither shows nor files (no "947 left out" line)
        own = final.chosen[final.chosen["quota_unit"].astype(str).eq(unit).to_numpy()]
        _save_part(user, unit, name, own, t)
    _new_plan_note(note, name, t)  # after the save: a plan it made is no longer new


def session_changes() -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The selection page's manual changes (locks and exclusions, each with its reason), and
    the locked communities' reasons by id: what a part saved from this session's pick keeps."""
    from ui import selection as usel

    changes = [c.__dict__ for c in usel.changes()]
    return changes, {c["id"]: c["reason"] for c in changes if c["action"] == "lock"}


def _save_part(user: User, unit: str, name: str, chosen: Any, t) -> None:  # noqa: ANN001
    """Save ``chosen`` as ``unit``'s part of the national plan ``name`` and say what was
    saved, or why nothing was."""
    lang = state.lang()
    changes, locks = session_changes()
    try:
        saved = parts.save_part(
            uauth.db(),
            user,
            name,
            chosen,
            province=unit,
            params={"scope": unit, "changes": changes},
            locks=locks,
        )
    except PermissionDenied:
        st.error(t("parts.denied", unit=province_name(unit, lang)))
        return
    except InputError as exc:
        problem = exc.problems[0]
        if problem.code in ("empty", "part_locked"):
            st.error(
                t(f"parts.problem.{problem.code}", unit=province_name(unit, lang), n=len(chosen))
            )
        else:
            for p in exc.problems:
                st.error(state.plain(p))
        return
    except (StaleWrite, StoreError) as exc:
        st.error(state.plain(exc))
        return
    st.success(
        t(
            "parts.saved",
            unit=province_name(unit, lang),
            plan=state.plain(name.strip()),
            n=saved.saved,
            added=saved.added,
            removed=saved.removed,
        )
    )
    if saved.recommended:
        st.info(t("parts.recommended", n=saved.recommended))
    if saved.outside:
        st.info(t("parts.outside", n=saved.outside, unit=province_name(unit, lang)))


def states_table(plan_id: int, t) -> None:  # noqa: ANN001
    """Every quota unit's part of a national plan with its state, reason and times."""
    frame = parts.part_states(uauth.db(), plan_id)
    lang = state.lang()
    shown = frame.assign(  # times bare in the cells, the zone named once in the header
        unit=[province_name(u, lang) for u in frame["unit"]],
        state=[t(f"parts.state.{s}") for s in frame["state"]],
        submitted_at=[localtime.stamp(v) for v in frame["submitted_at"]],
        decided_at=[localtime.stamp(v) for v in frame["decided_at"]],
        submitted_by=frame["submitted_by"].fillna(""),
        decided_by=frame["decided_by"].fillna(""),
    )
    headers = {c: t(f"parts.col.{c}") for c in frame.columns}
    for c in ("submitted_at", "decided_at"):
        headers[c] = labels.zone_header(headers[c], lang)
    shown = shown.rename(columns=headers)
    st.markdown(f"**{t('parts.states_title')}**")
    counts = frame["state"].value_counts()
    st.caption(
        i18n.join(
            (f"{t(f'parts.state.{s}')} {int(counts.get(s, 0))}" for s in parts.PART_STATES),
            lang,
            clauses=True,
        )
    )
    tables.table(shown, t("parts.states_title"), "parts_states", hide_index=True)


def form_download(plan_id: int, unit: str | None, user: User, t) -> None:  # noqa: ANN001
    """The unit's part of a national plan as the signable 备案表 (XLSX), signed with the
    account's profile (填报单位, 联系人, 电话); built when the button is clicked."""
    if not unit:
        return

    from geo import store
    from geo.core import localtime
    from geo.export import filing_form
    from geo.plan import next_cycle
    from geo.store import records as srec

    db = uauth.db()
    rows = store.communities(db, plan_id)
    rows = rows[rows["quota_unit"] == unit]
    if rows.empty:
        return
    layers = state.layers()
    profile = store.users.get_profile(db, user.name) if uauth.login_required() else {}
    name = province_name(unit, "zh")

    from ui import areas as uareas

    notes, simulated = uareas.list_notes(rows["community_id"], "zh")  # the form is Chinese

    def header() -> filing_form.FormHeader:
        return filing_form.FormHeader(
            unit=profile.get("unit_name") or filing_form.default_unit(unit),
            date=localtime.today(),
            contact=profile.get("contact", ""),
            phone=profile.get("phone", ""),
            simulated=simulated,
            list_notes=tuple(notes),
        )

    def build(kind: str) -> bytes:
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
        write = filing_form.form_pdf if kind == "pdf" else filing_form.form_xlsx
        return write(table, header())

    c1, c2 = st.columns(2)
    for col, kind in ((c1, "xlsx"), (c2, "pdf")):
        col.download_button(
            t(f"parts.download_form.{kind}", unit=province_name(unit, state.lang())),
            lambda kind=kind: build(kind),
            file_name=f"备案表-{name}.{kind}",
            key=f"part_form_{kind}",
            on_click="ignore",
        )
