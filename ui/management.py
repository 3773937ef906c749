"""Widgets of the management page: each draws one panel and calls one ``geo.store`` write.

Every write goes through :func:`attempt`, which shows a refusal (no permission, stale
version, illegal transition, bad input) as ``st.error`` and never a traceback. A write that
landed ends in :func:`done`, which reruns the page so that every table on it (status board,
community statuses, filings …) is read again from the store and shows the change at once;
its message is shown on that rerun by :func:`show_done`. The role checks themselves are in
:mod:`geo.store`; these widgets only hide what cannot work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from geo import i18n, store
from geo.core import localtime
from geo.core.errors import InputError, PermissionDenied, StaleWrite, StoreError
from geo.export import labels, reports
from geo.plan import auth, lifecycle, next_cycle
from geo.plan.auth import User
from ui import auth as uauth
from ui import evidence, seen, session, state, tables
from ui.numbers import number_box

t = state.t
plain = state.plain

DONE_KEY = "mgmt_done"
"""Session key of the message a landed write leaves for the rerun it starts."""

SELECTION_KEYS: tuple[str, ...] = ("scoring_settings", "sel_changes", "q_overrides")
"""Session keys of the scoring and selection pages kept with a plan saved from them:
weights and method, manual locks/excludes with reasons, quota overrides."""


def attempt(
    fn: Callable[..., Any],
    *args: Any,
    keep_rows: bool = False,
    headers: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> Any | None:
    """Call a store write; show why it was refused and return ``None`` when it was.

    With ``keep_rows`` bad input (:class:`InputError`) is raised to the caller, which lists
    its problems by row and column. ``headers`` (machine name → an uploaded file's header)
    names the problems' columns as the file spells them."""
    user = next((a for a in args if isinstance(a, User)), None)
    try:
        return fn(*args, **kwargs)
    except PermissionDenied as exc:
        st.error(denied_text(exc, user))
    except StaleWrite as exc:
        st.error(stale_message(exc, user))
    except InputError as exc:
        exc = exc.respelled(headers or {})
        if keep_rows:
            raise exc from None
        for problem in exc.problems:
            st.error(problem_text(problem))
    except StoreError as exc:
        st.error(t(f"mgmt.store_error.{exc.code}"))
    return None


def tab_key(lang: str, page: str = "mgmt") -> str:
    """Session key of a page's open tab (one per language: the value is the tab's label);
    ``page`` is the page's key prefix (``"mgmt"``, ``"rec"``)."""
    return f"{page}_tab_{lang}"


def tab_bar(labels: list[str], lang: str, page: str = "mgmt") -> Sequence[Any]:
    """The page's tabs, keyed and stateful: a rerun (any action on a tab, a write that
    landed) keeps the tab the user is on instead of jumping back to the first one. Every
    tab is still drawn on each run (tables and downloads stay addressable)."""
    return st.tabs(labels, key=tab_key(lang, page), on_change="rerun")


def open_tab(labels: Sequence[str], lang: str, page: str = "mgmt") -> int:
    """Position of the open tab among the tab bar's ``labels`` (the first when none was
    chosen yet)."""
    label = st.session_state.get(tab_key(lang, page))
    return list(labels).index(label) if label in labels else 0


PAGES: dict[str, tuple[str, str, str]] = {
    "mgmt": ("pages/management.py", "mgmt_plan", "mgmt.tab"),
    "rec": ("pages/progress.py", "rec_plan", "records.tab"),
}
"""The pages with a plan box and keyed tabs (:func:`tab_bar`), by their key prefix: the
page's file, its plan box's key and its tabs' catalogue prefix."""


def open_at(plan_id: int, tab: str, pick: str | None = None, page: str = "mgmt") -> None:
    """Open the filing page (``page="mgmt"``) or the progress page (``"rec"``) on plan
    ``plan_id`` and its tab ``tab`` (a key of the page's tabs), with ``pick`` chosen: on the
    filing page the status whose communities the status tab's box offers first, on the
    progress page the record type to enter. The account page's to-do leads a committee to
    where its task is done. Written before the page draws these widgets, so they open with
    the values; then the page is switched."""
    path, plan_key, tabs = PAGES[page]
    st.session_state[plan_key] = plan_id
    st.session_state[tab_key(state.lang(), page)] = t(f"{tabs}.{tab}")
    if pick is not None:
        st.session_state["rec_kind" if page == "rec" else "mgmt_pick_status"] = pick
    st.switch_page(path)


def done(message: str, clear: tuple[str, ...] = (), lists: tuple[str, ...] = ()) -> None:
    """After a write landed: keep ``message`` for the next run and rerun the page, so the
    tables drawn before and after the widget that wrote all show the store's new state.
    The text boxes named in ``clear`` (a reason, a plan name) and the multiselects in
    ``lists`` (the communities moved) start empty again, so they are not carried into the
    next change by accident."""
    session.empty_next_run(clear, lists)
    # The rerun draws every row as the store now holds it, and the user acts on what is
    # drawn: versions remembered before this write (a community whose evaluation just moved
    # it to 已评估, the communities an accepted filing filed) are read again, so the user's
    # next change is not refused as if someone else had made this one.
    st.session_state.pop(seen.SEEN_KEY, None)
    st.session_state[DONE_KEY] = message
    st.rerun()


def show_done() -> None:
    """Show (once) the message the last landed write left before it reran the page: at the
    top of the page, where it stays, and as a toast, since the button that wrote may be a
    screen or more below (the progress page's record form, the filing page's actions)."""
    if DONE_KEY in st.session_state:
        message = st.session_state.pop(DONE_KEY)  # built with plain() around user text
        st.success(message)
        st.toast(message, icon=":material/check_circle:")


def _column(name: str | None) -> str:
    key = f"mgmt.col.{name}"
    return t(key) if name and i18n.has(key) else str(name or "")


def _value(column: str, value: Any) -> str:
    key = {"status": f"mgmt.status.{value}", "state": f"mgmt.filing.{value}"}.get(column)
    if key and i18n.has(key):
        return t(key)
    if value in (None, ""):
        return "—"
    if column.endswith("_at"):  # a stored UTC time, in the readers' zone as the tables show it
        return plain(localtime.stamp(value))
    return plain(value)


def _names(keys: Sequence[str], kind: str) -> str:
    """Statuses or roles (``kind``) by their names in the catalogue, joined."""
    return i18n.join((t(f"mgmt.{kind}.{k}") for k in keys), state.lang())


def _area_name(code: str) -> str:
    return labels.area_name(code, state.lang()) or "—"  # a county with its province's name


def denied_text(exc: PermissionDenied, user: User | None) -> str:
    """A refusal for lack of permission, saying whether the role or the area is the reason
    (never worded as a conflict or as an illegal status change)."""
    if user is None or exc.kind == "account":
        return t("mgmt.denied.account")
    who = {"user": plain(user.name), "role": uauth.role_label(user)}
    if exc.kind == "role" and exc.roles:
        return t("mgmt.denied.role", **who, roles=_names(exc.roles, "role"))
    if exc.kind == "area":
        own = user.county_code if user.role == "county" else user.province_code
        return t("mgmt.denied.area", **who, own=_area_name(own or ""), area=_area_name(exc.area))
    return t("mgmt.denied", reason=t("mgmt.denied_role", **who))


def stale_message(exc: StaleWrite, user: User | None) -> str:
    """A refused write on a row changed since it was read: by someone else (a real
    conflict), or by this same account in another window."""
    if (
        user is not None
        and isinstance(exc, store.StaleRow)
        and exc.changed_by
        and set(exc.changed_by) == {user.name}
    ):
        return t("mgmt.stale_self", reason=stale_text(exc))
    return t("mgmt.stale", reason=stale_text(exc))


def no_targets_text(statuses: Sequence[str], role: str) -> str:
    """Why no status change is offered for the picked communities: a final status (nothing
    follows 已退出), changes only other roles make, changes made only by filing or by the
    evaluation, or picked statuses with no common next step."""
    lines = []
    for status in dict.fromkeys(statuses):
        steps = lifecycle.next_steps(status, role)
        name = t(f"mgmt.status.{status}")
        if steps.final:
            lines.append(t("mgmt.next.final", status=name))
            continue
        parts = []
        if steps.mine:
            parts.append(t("mgmt.next.mine", targets=_names(steps.mine, "status")))
        for target, roles in steps.others:
            parts.append(
                t(
                    "mgmt.next.others",
                    target=t(f"mgmt.status.{target}"),
                    roles=_names(roles, "role"),
                )
            )
        for target, via in steps.indirect:
            parts.append(t(f"mgmt.next.via_{via}", target=t(f"mgmt.status.{target}")))
        steps_text = i18n.join(parts, state.lang(), clauses=True)
        lines.append(t("mgmt.next.after", status=name, steps=steps_text))
    if len(lines) > 1:
        lines.insert(0, t("mgmt.next.mixed"))
    return "  \n".join(lines)


def stale_text(exc: StaleWrite) -> str:
    """A stale-write refusal in the user's language: which record, who changed it, the
    versions and each changed field (from :class:`geo.store.StaleRow`)."""
    if not isinstance(exc, store.StaleRow):
        return t("mgmt.stale_clash")
    if exc.current_version is None:
        return t("mgmt.stale_gone", key=plain(exc.key))
    what = i18n.join(  # as the history writes a change
        (
            t("mgmt.history.change", column=_column(c), before=_value(c, a), after=_value(c, b))
            for c, a, b in exc.changes
        ),
        state.lang(),
        clauses=True,
    )
    # a filing by its unit's name, as the page names it (its key is the unit's code)
    name = labels.province_name(exc.key, state.lang()) if exc.entity == "filings" else exc.key
    return t(
        "mgmt.stale_detail",
        key=plain(name),
        who=plain(", ".join(exc.changed_by)) or t("mgmt.someone"),
        v1=exc.expected_version,
        v2=exc.current_version,
        what=what or "—",
    )


def problem_text(problem) -> str:  # noqa: ANN001 - geo.core.errors.Problem
    """A store problem in the user's language by its code (the page's wording,
    ``mgmt.problem.<code>``, else the library's message in the user's language); one found
    in an uploaded file says where (file, row, column) as the command line does."""
    if problem.file or problem.row is not None:
        return plain(i18n.problem_line(problem, state.lang()))
    key = f"mgmt.problem.{problem.code}"
    if not i18n.has(key):
        return plain(i18n.problem_text(problem, state.lang()))
    params = {  # the library's words (a status, a province) in the user's language
        k: i18n.text(v, state.lang()) if isinstance(v, i18n.Term) else v
        for k, v in problem.params.items()
    }
    for name in ("source", "target"):
        value = problem.params.get(name)
        if value is not None and not isinstance(value, i18n.Term):
            params[name] = t(f"mgmt.status.{value}")
    if "allowed" in params:
        params["allowed"] = _names(params["allowed"], "status")
    if "roles" in params:
        params["roles"] = _names(params["roles"], "role")
    return t(key, **params, column=_column(problem.column))


def seen_version(kind: str, key: object, current: int | None) -> int | None:
    """The version of a row as the user first saw it in this session (kept until a write is
    tried; ``None``, no row yet, is kept too), so a change someone else made meanwhile is
    refused as stale rather than overwritten by a rerun that re-read the row."""
    return seen.remember(kind, key, None if current is None else int(current))


forget = seen.forget


def read_chosen(data: bytes, name: str) -> tuple[pd.DataFrame, dict[str, str]] | None:
    """An uploaded chosen list (:func:`geo.export.filing_form.read_list`: a 备案表, the list
    ``youthmap select`` writes in either language, or a committee's own sheet; GBK or UTF-8
    CSV, XLSX, with the reader's checks and limits): the frame and the file's headers, for
    the problems. Its problems are shown and ``None`` returned when it cannot be read."""
    from geo.export import filing_form

    try:
        return filing_form.read_list(data, name)
    except InputError as exc:
        for problem in exc.problems:
            st.error(state.plain(problem))
        return None


def new_plan_title(user: User) -> str:
    """The heading of :func:`new_plan`'s form: a new plan, or a province's part of one."""
    if user.role == "province" and user.unit:
        return t("parts.title", unit=labels.province_name(user.unit, state.lang()))
    return t("mgmt.new_plan")


def new_plan(db: store.Store, user: User) -> None:
    """Save this session's selection, or an uploaded chosen list, as a named plan; a
    province account saves its own rows as its part of the national plan so named, and its
    form says so (the name box holds the centre's newest national plan's name, the box to
    tick counts the province's own communities, the button names the province)."""
    from ui import parts as uparts

    final = session.selection_final()
    unit = user.unit if user.role == "province" else None
    if unit:
        unit_name = labels.province_name(unit, state.lang())
        label, default = t("parts.plan_name"), uparts.proposed_plan(db)
    else:
        label, default = t("mgmt.new_plan_name"), ""
    name = st.text_input(label, value=default, key="mgmt_new_name")
    use_session = False
    if final is not None:
        if unit:
            own = int((final.chosen["quota_unit"].astype(str) == unit).sum())
            text = t("mgmt.new_part_from_session", n=own, total=len(final.chosen), unit=unit_name)
        else:
            text = t("mgmt.new_plan_from_session", n=len(final.chosen))
        use_session = st.checkbox(text, value=True, key="mgmt_use_session")
    upload = (
        None if use_session else st.file_uploader(t("mgmt.new_plan_file"), type=["csv", "xlsx"])
    )
    button = t("parts.save", unit=unit_name) if unit else t("mgmt.create")
    if not st.button(button, key="mgmt_create"):
        return
    params: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if use_session:
        chosen = final.chosen
        params["quotas"] = final.quotas
        params |= {k: st.session_state.get(k) for k in SELECTION_KEYS if k in st.session_state}
        params["constraints"] = {
            k: v for k, v in st.session_state.items() if isinstance(k, str) and k.startswith("c_")
        }
    elif upload is not None:
        read = read_chosen(upload.getvalue(), upload.name)
        if read is None:
            return
        chosen, headers = read
    else:
        st.error(t("mgmt.new_plan_file"))
        return
    sc = state.scope()
    params["scope"] = {"region": sc.region, "province_code": sc.province_code}
    if user.role == "province":  # its part of the national plan: its own rows only
        from geo.export import filing_form
        from geo.store import parts

        # the session's locks, or an uploaded 备案表's (人工锁定 with their reasons)
        changes, locks = (
            uparts.session_changes() if use_session else ([], filing_form.form_locks(chosen))
        )
        saved = attempt(
            parts.save_part,
            db,
            user,
            name,
            chosen,
            params=params | ({"changes": changes} if changes else {}),
            file=None if use_session else upload.name,
            locks=locks,
            headers=headers,
        )
        if saved is not None:
            unit_name = labels.province_name(saved.unit, state.lang())
            message = t(
                "parts.saved",
                unit=unit_name,
                plan=plain(name.strip()),
                n=saved.saved,
                added=saved.added,
                removed=saved.removed,
            )
            if saved.recommended:
                message += " " + t("parts.recommended", n=saved.recommended)
            if saved.outside:
                message += " " + t("parts.outside", n=saved.outside, unit=unit_name)
            mine = store.communities(db, saved.plan_id)
            mine = mine.loc[mine["quota_unit"] == saved.unit]
            done(message + _not_in_layer(mine["community_id"]), clear=("mgmt_new_name",))
        return
    province = None
    file = None if use_session else upload.name
    if attempt(
        store.create_plan,
        db,
        user,
        name,
        chosen,
        params=params,
        province_code=province,
        file=file,
        headers=headers,
    ):
        ids = chosen["id"] if "id" in chosen else chosen.get("community_id", pd.Series())
        done(t("mgmt.created", name=plain(name)) + _not_in_layer(ids), clear=("mgmt_new_name",))


def _not_in_layer(ids: pd.Series) -> str:
    """A sentence naming the saved communities the session's communities layer does not
    hold (:func:`geo.export.filing_form.not_in_layer`), or ``""``."""
    from geo.export import filing_form

    unplaced = filing_form.not_in_layer(ids, state.layers().communities)
    if not unplaced:
        return ""
    shown = ("、" if state.lang() == "zh" else ", ").join(unplaced[:5])
    more = "" if len(unplaced) <= 5 else " …"
    return " " + t("parts.not_in_layer", n=len(unplaced), ids=plain(shown) + more)


def timeline(db: store.Store, user: User, plan: dict[str, Any]) -> None:
    """The plan's phases: shown, editable by whoever may write the plan."""
    phases = store.plan_timeline(db, plan["id"])
    today = localtime.today()
    now = [t(f"mgmt.phase.{k}") for k in lifecycle.phases_on(phases, today)]
    st.caption(
        t(
            "mgmt.today_phase",
            day=today.isoformat(),
            phases=i18n.join(now, state.lang()) or t("mgmt.no_phase"),
        )
    )
    frame = pd.DataFrame([{"key": p.key, "start": p.start, "end": p.end} for p in phases])
    editable = auth.may_write_plan(user, plan["province_code"])
    cfg = {
        "key": st.column_config.SelectboxColumn(
            t("mgmt.col.key"),
            options=[p.key for p in lifecycle.DEFAULT_TIMELINE],
            format_func=state.option_labels("mgmt.phase"),
        ),
        "start": st.column_config.DateColumn(t("mgmt.col.start")),
        "end": st.column_config.DateColumn(t("mgmt.col.end")),
    }
    version = seen_version("plan", plan["id"], plan["version"])
    edited = st.data_editor(
        frame,
        column_config=cfg,
        disabled=not editable,
        hide_index=True,
        key="mgmt_timeline",
        placeholder=tables.MISSING,
    )
    if editable and st.button(t("mgmt.save_timeline"), key="mgmt_save_timeline"):
        forget("plan", plan["id"])
        if attempt(store.set_timeline, db, user, plan["id"], edited.to_dict("records"), version):
            done(t("mgmt.timeline_saved"))


def delete_plan(db: store.Store, user: User, plan: dict[str, Any]) -> None:
    """The centre's deletion of a plan nobody has worked on (a part saved under a mistyped
    name makes a plan of its own): the plan's name typed again confirms it; the store
    refuses a plan filed, recorded or in a chain (:func:`geo.store.delete_plan`)."""
    stored = str(plan["name"]).strip()
    shown = labels.plan_name(stored, state.lang())  # as the plan box shows it
    with st.expander(t("mgmt.delete.title")):
        st.caption(t("mgmt.delete.help"))
        typed = st.text_input(t("mgmt.delete.confirm", plan=plain(shown)), key="mgmt_delete_name")
        if not st.button(t("mgmt.delete.button"), key="mgmt_delete"):
            return
        if typed.strip() not in (stored, shown):
            st.error(t("mgmt.delete.mismatch"))
            return
        name = attempt(store.delete_plan, db, user, int(plan["id"]), int(plan["version"]))
        if name is not None:
            st.session_state.pop("mgmt_plan", None)  # the plan box opens on another plan
            said = plain(labels.plan_name(name, state.lang()))
            done(t("mgmt.delete.done", plan=said), clear=("mgmt_delete_name",))


def filing(db: store.Store, user: User, plan_id: int, units: list[str]) -> None:
    """One unit's filing: its state and the submit / accept / return buttons."""
    fil = store.filings(db, plan_id).set_index("unit")
    mine = [u for u in fil.index if u in units]
    if not mine:
        return
    lang = state.lang()  # bound: the options may be formatted again outside the run
    # the centre opens on the first filing waiting for its review, not on 北京市
    waiting = [u for u in mine if fil.at[u, "state"] == "submitted"]
    unit = st.selectbox(
        t("mgmt.unit"),
        mine,
        index=mine.index(waiting[0]) if waiting else 0,
        format_func=lambda u: labels.province_name(u, lang),
        key="mgmt_unit",
        placeholder=state.placeholder(mine),
    )
    row = fil.loc[unit]
    shown = {
        "version": int(row["version"]),
        "state": str(row["state"]),
        "recommended": int(row["recommended"]),
        "filed": int(row["filed"]),
    }
    # the filing as this page first showed it (ui.seen): the buttons drawn from it are the
    # ones the next run's click is checked against
    first = seen.shown("filing", (plan_id, unit), shown, _filing_changed, "mgmt_filing_refresh")
    st.markdown(
        t(
            "mgmt.filing_state",
            state=t(f"mgmt.filing.{first['state']}"),
            recommended=first["recommended"],
            filed=first["filed"],
        )
    )
    if row["state"] == "returned" and row["reason"]:
        st.warning(t("mgmt.return_reason", reason=plain(row["reason"])))
    # the reason goes with the centre's accept or return; a province's submit takes none
    reason = (
        st.text_input(t("mgmt.reason"), key="mgmt_filing_reason") if user.role == "central" else ""
    )
    c1, c2, c3 = st.columns(3)
    version = int(first["version"])
    written = None
    # a move the filing's state does not allow is greyed out with its reason
    closed = lifecycle.closed_filing_moves(first["state"], int(first["recommended"]))

    def button(where, move: str) -> bool:  # noqa: ANN001 - a Streamlit column
        why = closed.get(move)
        return where.button(
            t(f"mgmt.{move}"),
            key=f"mgmt_{move}",
            disabled=why is not None,
            help=None if why is None else i18n.problem_text(why, state.lang()),
        )

    move = None
    if user.role in ("central", "province") and button(c1, "submit"):
        move, written = "submit", attempt(store.submit_filing, db, user, plan_id, unit, version)
    if user.role == "central" and button(c2, "accept"):
        move = "accept"
        written = attempt(store.accept_filing, db, user, plan_id, unit, version, reason)
    if user.role == "central" and button(c3, "return"):
        move = "return"
        written = attempt(store.return_filing, db, user, plan_id, unit, version, reason)
    if written:
        now = store.filings(db, plan_id).set_index("unit").loc[unit]  # counts as written
        said = t(
            f"mgmt.filing_done.{move}",
            unit=labels.province_name(unit, state.lang()),
            recommended=int(now["recommended"]),
            filed=int(now["filed"]),
        )
        done(said, clear=("mgmt_filing_reason",))


def _filing_changed(_seen: Mapping[str, Any], now: Mapping[str, Any]) -> str:
    """The warning of a filing changed since the page showed it: its state now."""
    return t(
        "mgmt.filing_changed",
        state=t(f"mgmt.filing.{now['state']}"),
        recommended=now["recommended"],
        filed=now["filed"],
    )


def _pick(comm: pd.DataFrame) -> None:
    """The callback of :func:`pick_by_status`'s button: runs before the next run draws the
    communities box, so the box opens with the status's communities in it."""
    which = st.session_state.get("mgmt_pick_status")
    st.session_state["mgmt_pick"] = list(comm.loc[comm["status"] == which, "community_id"])


def pick_by_status(comm: pd.DataFrame) -> None:
    """Put every community of one status into the communities box at once: a province
    recommends its whole part (dozens of communities), which one pick at a time would take
    as many clicks. Streamlit's own "Select all" is English only and takes every status."""
    counts = comm["status"].value_counts()
    present = [s for s in lifecycle.STATUSES if counts.get(s, 0)]
    if len(comm) < 2 or not present:
        return
    tr = state.translator()  # the options may be formatted again outside the run
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    c1.selectbox(
        t("mgmt.pick_by_status"),
        present,
        format_func=lambda s: tr(
            "mgmt.pick_status_option", status=tr(f"mgmt.status.{s}"), n=int(counts[s])
        ),
        key="mgmt_pick_status",
        placeholder=state.placeholder(present),
    )
    c2.button(t("mgmt.pick_all"), key="mgmt_pick_all", on_click=_pick, args=(comm,))


def status_updates(db: store.Store, user: User, plan_id: int, comm: pd.DataFrame) -> None:
    """Move chosen communities to a new status, or edit one community's note."""
    labels = dict(
        zip(comm["community_id"], comm["name"] + " · " + comm["community_id"], strict=True)
    )
    pick_by_status(comm)
    picked = st.multiselect(
        t("mgmt.communities"),
        list(labels),
        format_func=labels.get,
        key="mgmt_pick",
        select_all=False,  # Streamlit's "Select all" is English only
        placeholder=state.placeholder(labels, many=True),
        disabled=not labels,  # a given placeholder keeps Streamlit from disabling it
    )
    if not picked:
        return
    rows = comm.set_index("community_id").loc[picked]
    now = {
        (plan_id, c): {
            "status": str(row["status"]),
            "version": int(row["version"]),
            "by": "" if pd.isna(row["updated_by"]) else str(row["updated_by"]),
        }
        for c, row in rows.iterrows()
    }
    # the picked communities as the page first showed them (ui.seen): the changes offered
    # and the versions sent follow them, so a click made after someone else moved one is
    # refused naming who, not dropped with the button its new status no longer offers
    first = seen.shown_each("community", now, _picked_changed(labels), "mgmt_status_refresh")
    statuses = [first[(plan_id, c)]["status"] for c in picked]
    versions = {c: int(first[(plan_id, c)]["version"]) for c in picked}
    options = sorted(
        set.intersection(*(set(lifecycle.targets(s, user.role)) for s in statuses)),
        key=lifecycle.STATUSES.index,
    )
    if not options:
        st.info(no_targets_text(statuses, user.role))
    else:
        target = st.selectbox(
            t("mgmt.target"),
            options,
            format_func=state.option_labels("mgmt.status"),
            key="mgmt_target",
            placeholder=state.placeholder(options),
        )
        reason = st.text_input(t("mgmt.reason"), key="mgmt_reason")
        if st.button(t("mgmt.apply"), key="mgmt_apply"):
            n = attempt(
                store.transition_many, db, user, plan_id, list(versions.items()), target, reason
            )
            for c in picked:
                forget("community", (plan_id, c))
            if n:
                said = t("mgmt.changed", n=n, status=t(f"mgmt.status.{target}"))
                done(said, clear=("mgmt_reason",), lists=("mgmt_pick",))
    if len(picked) == 1:
        note = st.text_area(
            t("mgmt.note"), value=rows["note"].iloc[0], key=f"mgmt_note_{picked[0]}"
        )
        if st.button(t("mgmt.save_note"), key="mgmt_save_note"):
            forget("community", (plan_id, picked[0]))
            if attempt(store.set_note, db, user, plan_id, picked[0], note, versions[picked[0]]):
                name = plain(str(rows["name"].iloc[0]))
                done(t("mgmt.note_saved", name=name, id=picked[0]))


def _picked_changed(names: Mapping[str, str]) -> Callable[[dict, dict], str]:
    """The warning of picked communities changed since the page showed them: each one's
    status now and who changed it last."""

    def said(_seen: dict, now: dict) -> str:
        each = [
            t(
                "mgmt.picked_changed_one",
                name=plain(names.get(c, c)),
                status=t(f"mgmt.status.{row['status']}"),
                who=plain(row["by"]) or t("mgmt.someone"),
            )
            for (_plan, c), row in now.items()
        ]
        return t("mgmt.picked_changed", changes=i18n.join(each, state.lang(), clauses=True))

    return said


def _prior(prior: pd.Series | None, area: str) -> float:
    return float(prior[area]) if prior is not None else 0.0


def _typed_total(prior: pd.Series | None) -> str:
    """A saved evaluation's total as the experts typed it, or empty where it is the four
    areas' sum (left empty, the sum follows a corrected score)."""
    if prior is None:
        return ""
    total = float(prior["total"])
    summed = sum(float(prior[a]) for a in lifecycle.EVALUATION_AREAS)
    return "" if abs(total - summed) < 1e-9 else f"{total:g}"


def evaluation(db: store.Store, user: User, plan_id: int, comm: pd.DataFrame) -> None:
    """Enter the expert evaluation of a launched community (or correct an evaluated one),
    beside the community's evidence from the year's records and the rubric's points."""
    due = comm.loc[comm["status"].isin(["launched", "evaluated", "continued"])]
    if due.empty:
        st.info(t("mgmt.no_launched"))
        return
    # the box names the community only; its status (which the evaluation changes) is shown
    # below it, read on every run (a box's label is not redrawn while its value stays)
    labels = dict(zip(due["community_id"], due["name"] + " · " + due["community_id"], strict=True))
    # opened on the first community waiting for its evaluation, then on the one after the
    # last saved
    following = st.session_state.pop(NEXT_EVAL_KEY, None)
    if following is None and "mgmt_eval_pick" not in st.session_state:
        following = _next_to_evaluate(due, "")
    if following in labels:
        st.session_state["mgmt_eval_pick"] = following
    cid = st.selectbox(
        t("mgmt.community"),
        list(labels),
        format_func=labels.get,
        key="mgmt_eval_pick",
        placeholder=state.placeholder(labels),
    )
    status = due.set_index("community_id")["status"].get(cid)
    if status:
        st.caption(t("mgmt.current_status", status=t(f"mgmt.status.{status}")))
    before = next_cycle.previous_cycle(db, plan_id).set_index("community_id")
    if cid not in before.index and next_cycle.carried_over(db, plan_id) is not None:
        st.caption(t("mgmt.previous_cycle_new"))  # a refill: no cycle before this one
    if cid in before.index:  # carried over: what last year's experts and outcome said
        total = before.at[cid, "previous_total"]
        st.caption(
            t(
                "mgmt.previous_cycle",
                total="—" if pd.isna(total) else f"{float(total):g}",
                outcome=t(f"records.eval.rec.{before.at[cid, 'previous_recommendation']}"),
            )
        )
    existing = store.evaluations(db, plan_id).set_index("community_id")
    prior = existing.loc[cid] if cid in existing.index else None
    # the evaluation as the page first showed it (none yet, or its version), sent with the
    # save (ui.seen): one entered by someone else meanwhile is refused, not overwritten
    current = {
        "version": None if prior is None else int(prior["version"]),
        "total": None if prior is None else float(prior["total"]),
        "by": "" if prior is None else str(prior["entered_by"]),
    }
    first = seen.shown("evaluation", (plan_id, cid), current, _eval_changed, "mgmt_eval_refresh")
    version = first["version"]
    form, beside = st.columns(2)  # room for the evidence's values beside its longest names
    with beside:  # the year's evidence, drawn first: its button fills the scores below
        suggested = evidence.panel(db, plan_id, cid)
        if suggested and st.button(t("records.evidence.use"), key=f"mgmt_use_{cid}"):
            for area, points in suggested.items():
                st.session_state[f"mgmt_{area}_{cid}"] = float(points)
    with form:
        cols = st.columns(2)
        scores = {}
        for i, area in enumerate(lifecycle.EVALUATION_AREAS):
            scores[area] = number_box(
                t(f"mgmt.col.{area}"),
                0.0,
                lifecycle.AREA_MAX_POINTS,
                _prior(prior, area),
                step=0.5,
                key=f"mgmt_{area}_{cid}",
                where=cols[i % 2],
            )
            if area in suggested:
                cols[i % 2].caption(t("records.evidence.suggested", points=suggested[area]))
        # a saved evaluation opens as saved: a correction of one score keeps the rest
        total = st.text_input(
            t("mgmt.total_auto"), value=_typed_total(prior), key=f"mgmt_total_{cid}"
        )
        day = st.date_input(
            t("mgmt.eval_date"),
            value=localtime.today() if prior is None else pd.Timestamp(prior["eval_date"]).date(),
            key=f"mgmt_eval_date_{cid}",
        )
        expert = st.text_input(
            t("mgmt.expert"),
            value="" if prior is None else prior["expert"],
            key=f"mgmt_expert_{cid}",
        )
        comments = st.text_area(
            t("mgmt.comments"),
            value="" if prior is None or pd.isna(prior["comments"]) else str(prior["comments"]),
            key=f"mgmt_comments_{cid}",
        )
        if st.button(
            t("mgmt.save_evaluation"), key="mgmt_save_eval", disabled=user.role != "central"
        ):
            forget("evaluation", (plan_id, cid))
            if saved := attempt(
                store.record_evaluation,
                db,
                user,
                plan_id,
                cid,
                scores,
                eval_date=day,
                expert=expert,
                comments=comments,
                total=total or None,
                expected_version=version,
            ):
                now = store.community(db, plan_id, cid)  # the status as the store holds it
                said = t(
                    "mgmt.evaluation_saved",
                    name=plain(str(due.set_index("community_id").at[cid, "name"])),
                    id=cid,
                    total=f"{float(saved['total']):g}",
                    status=t(f"mgmt.status.{now['status']}"),
                )
                waiting = _next_to_evaluate(due, cid)
                if waiting is not None:  # the experts go on to the next community
                    st.session_state[NEXT_EVAL_KEY] = waiting
                    said += " " + t("mgmt.eval_next", name=plain(labels[waiting]))
                done(said)


def _eval_changed(_seen: Mapping[str, Any], now: Mapping[str, Any]) -> str:
    """The warning of an evaluation entered or corrected since the page showed it."""
    total = "—" if now["total"] is None else f"{float(now['total']):g}"
    return t("mgmt.evaluation_changed", who=plain(now["by"]) or t("mgmt.someone"), total=total)


NEXT_EVAL_KEY = "mgmt_eval_next"
"""Session key: the community the evaluation form opens on after a save."""


def _next_to_evaluate(due: pd.DataFrame, saved: str) -> str | None:
    """The launched community not yet evaluated that follows ``saved`` in the form's list
    (from the top again after its end), or ``None`` when none is left."""
    ids = list(due["community_id"])
    waiting = set(due.loc[due["status"] == "launched", "community_id"]) - {saved}
    start = ids.index(saved) + 1 if saved in ids else 0
    return next((c for c in ids[start:] + ids[:start] if c in waiting), None)


def download_stem(key: str, plan: dict[str, Any], lang: str) -> str:
    """A plan's download named by the plan, as the reader sees its name (全国备案表-2021
    全国第一批; it was filing-2, the plan's id)."""
    return t(key, plan=labels.file_stem(labels.plan_name(plan["name"], lang)))


def filings_table(db: store.Store, plan: dict[str, Any], lang: str) -> None:
    """Every unit's filing (times in the readers' zone) and the national filing workbook.

    A national plan's page shows its units' filings in the parts' table
    (:func:`ui.parts.states_table`, with the recommended and filed counts), and only the
    workbook here (:func:`filings_download`): the two tables stood one under the other,
    saying the same twice."""
    filings = store.filings(db, plan["id"]).drop(columns=["id", "plan_id"])
    filings.insert(1, "unit_name", [labels.province_name(u, lang) for u in filings["unit"]])
    st.markdown(f"**{t('mgmt.filings_title')}**")
    st.caption(t("mgmt.filings_caption"))
    tables.dataframe(reports.localize(filings, lang), hide_index=True)
    filings_download(db, plan, lang)


def filings_download(db: store.Store, plan: dict[str, Any], lang: str) -> None:
    """The national filing workbook (:func:`geo.export.reports.filing_xlsx`), made when
    clicked."""
    plan_id = plan["id"]
    st.download_button(
        t("mgmt.download_filing"),
        lambda: reports.filing_xlsx(db, plan_id, lang),  # made when clicked, not every run
        file_name=download_stem("mgmt.file.filing", plan, lang) + ".xlsx",
        key="mgmt_dl_filing",
        on_click="ignore",
    )


STATUS_COLUMNS: tuple[str, ...] = (
    "community_id",
    "name",
    "quota_unit",
    "county_code",
    "score",
    "rank",
    "status",
    "note",
    "reason",
    "updated_by",
    "updated_at",
)


def status_table(
    shown: pd.DataFrame,
    lang: str,
    user: User | None = None,
    mine: pd.DataFrame | None = None,
    plan: Mapping[str, Any] | None = None,
) -> None:
    """The plan's communities in scope with their unit (code and name), status, note, reason
    and last change; a next-cycle ``plan``'s say how each entered it (carried over, or a
    refill: :func:`geo.plan.next_cycle.origins`), which the last change's reason no longer
    says once filed. A county account sees its own county's (``mine``) first: a switch
    shows the whole scope (the city's other counties), which it may read but not change."""
    if user is not None and user.role == "county" and mine is not None and len(mine) < len(shown):
        everyone = st.toggle(
            t("mgmt.show_scope", n=len(shown), own=len(mine)), key="mgmt_show_scope"
        )
        shown = shown if everyone else mine
    status = shown[list(STATUS_COLUMNS)]
    names = [labels.province_name(u, lang) for u in status["quota_unit"]]
    status.insert(status.columns.get_loc("quota_unit") + 1, "unit_name", names)
    entered = next_cycle.origins(plan, status["community_id"]) if plan is not None else None
    if entered is not None:
        status.insert(status.columns.get_loc("rank") + 1, "origin", entered)
    status = reports.localize(status, lang)
    tables.table(status, t("mgmt.communities"), "mgmt_table", hide_index=True)


def evaluation_table(db: store.Store, plan: dict[str, Any], lang: str) -> None:
    """The evaluation summary by unit and its workbook."""
    plan_id = plan["id"]
    summary = reports.localize(reports.evaluation_summary(db, plan_id, lang), lang)
    tables.dataframe(summary, hide_index=True)
    st.download_button(
        t("mgmt.download_evaluation"),
        lambda: reports.evaluation_xlsx(db, plan_id, lang),
        file_name=download_stem("mgmt.file.evaluation", plan, lang) + ".xlsx",
        key="mgmt_dl_eval",
        on_click="ignore",
    )


def history(db: store.Store, plan_id: int, shown: pd.DataFrame, lang: str) -> None:
    """One community's history: each transition with the reason given for it, and, for one
    carried over, where each cycle of the plan's chain left it."""
    names = dict(
        zip(shown["community_id"], shown["name"] + " · " + shown["community_id"], strict=True)
    )
    cid = st.selectbox(
        t("mgmt.community"),
        list(names),
        format_func=names.get,
        key="mgmt_hist_pick",
        placeholder=state.placeholder(names),
        disabled=not names,  # a given placeholder keeps Streamlit from disabling it
    )
    if cid:
        cycles = next_cycle.community_cycles(db, plan_id, cid)
        if len(cycles) > 1:  # carried over: where each earlier cycle left it, and its score
            st.caption(t("mgmt.history.cycles", n=len(cycles)))
            shown_cycles = cycles.drop(columns="plan_id").rename(columns={"total": "expert_total"})
            tables.dataframe(reports.localize(shown_cycles, lang), hide_index=True)
        frame = reports.localize(reports.history(db, plan_id, cid, lang), lang)
        tables.table(frame, t("mgmt.tab.history"), "mgmt_history", hide_index=True)


def evaluation_import(db: store.Store, user: User, plan_id: int) -> None:
    """Bulk import of expert scores from the XLSX template (see :mod:`ui.scores_import`)."""
    from ui import scores_import

    scores_import.panel(db, user, plan_id)
