"""A province's or city's own community list in the app: keep it on the server for its area.

On the data page, a province account (or the centre) with a province or city in scope can
save an accepted community list as that area's own list (:mod:`geo.store.areas`): it
replaces the communities of that area only, for every session, the centre's included.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import i18n
from geo.core import regions
from geo.core.errors import InputError, PermissionDenied, StoreError
from geo.store import areas
from ui import auth as uauth
from ui import state


def area_name(code: str, lang: str | None = None) -> str:
    """The province's or city's name in ``lang`` (default: the page's)."""
    from geo.export.labels import place_label

    level = "province" if len(code) == 2 else "city"
    names = state.boundaries(level).set_index("code")["name"]
    return place_label(str(names.get(code, code)), lang or state.lang())


def save_area(layer: str) -> str | None:
    """The area (the scope's city, else its province) whose own list of ``layer`` this
    session's account may keep on the server, or ``None`` (desktop mode, another layer, no
    area in scope, an account that keeps none)."""
    user = uauth.current_user() if uauth.login_required() else None
    sc = state.scope()
    area = sc.city_code or sc.province_code
    if layer != "communities" or user is None or not area:
        return None
    return area if user.role in ("central", "province") else None


def save_button(layer: str, frame: pd.DataFrame | None, file_name: str, t) -> None:  # noqa: ANN001
    """The button that keeps ``frame`` as the scope's area list on the server."""
    area = save_area(layer)
    user = uauth.current_user()
    if area is None or user is None or frame is None or frame.empty:
        return
    name = area_name(area)
    dropped = areas.planned_not_listed(uauth.db(), area, frame["id"])
    if dropped:
        shown = ("、" if state.lang() == "zh" else ", ").join(dropped[:5])
        more = "" if len(dropped) <= 5 else " …"
        st.warning(
            t("areas.plan_missing", area=name, n=len(dropped), ids=state.plain(shown) + more)
        )
    if not st.button(t("areas.save", area=name), key="area_save"):
        return
    try:
        kept, outside = areas.save_area_layer(uauth.db(), user, layer, area, frame, file_name)
    except PermissionDenied:
        st.error(t("areas.denied", area=name))
        return
    except InputError as exc:
        if exc.problems[0].code == "empty":
            st.error(t("areas.empty", area=name, n=len(frame)))
        else:
            st.error(state.plain(exc))
        return
    except StoreError as exc:
        st.error(state.plain(exc))
        return
    state.forget_area_token()
    st.success(t("areas.saved", area=name, n=kept))
    if outside:
        st.info(t("areas.outside", area=name, n=outside))


def notice(t) -> None:  # noqa: ANN001
    """Which areas show their own real list instead of simulated communities."""
    codes = state.area_codes()
    if codes:
        names = i18n.join((area_name(c) for c in codes), state.lang())
        st.caption(t("areas.notice", areas=names))


def covers_scope() -> bool:
    """Whether every community in the sidebar's scope comes from an area's own uploaded
    list (the scope is such a province or city, or a city of such a province)."""
    sc = state.scope()
    codes = set(state.area_codes())
    if not codes:
        return False
    xpcc = regions.XPCC_CITY_CODE  # the XPCC's cities are no part of Xinjiang's list
    if sc.city_code:
        return sc.city_code in codes or (sc.city_code[:2] in codes and sc.city_code != xpcc)
    if not sc.province_code or sc.province_code not in codes:
        return False
    return sc.province_code != xpcc[:2] or xpcc in codes  # Xinjiang's scope holds the XPCC's


def list_notes(ids: object, lang: str) -> tuple[list[str], bool]:
    """For the communities ``ids`` of an export: a line naming each area's own list they come
    from (area, file, uploader, time in the readers' zone), and whether any of them is from
    the embedded layer and that layer is simulated (the simulated-data note belongs only
    there)."""
    from geo.export import labels

    layers = state.layers()
    codes, base = areas.sources(layers.communities, ids)
    lists = areas.area_lists(uauth.db()) if codes else {}
    notes = []
    for code in codes:
        meta = lists.get(code)
        if meta is None:
            continue
        notes.append(
            i18n.t(
                "areas.list_note",
                lang,
                area=area_name(code, lang),
                file=meta.file_name,
                who=meta.uploaded_by,
                time=labels.local_time(meta.uploaded_at, lang),
            )
        )
    return notes, base and "communities" in layers.simulated
