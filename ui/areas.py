"""A province's or city's own community list in the app: keep it on the server for its area.

On the data page, a province account (or the centre) with a province or city in scope can
save an accepted community list as that area's own list (:mod:`geo.store.areas`): it
replaces the communities of that area only, for every session, the centre's included.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.core.errors import InputError, PermissionDenied, StoreError
from geo.store import areas
from ui import auth as uauth
from ui import state


def area_name(code: str) -> str:
    """The province's or city's name."""
    level = "province" if len(code) == 2 else "city"
    names = state.boundaries(level).set_index("code")["name"]
    return str(names.get(code, code))


def save_button(layer: str, frame: pd.DataFrame | None, file_name: str, t) -> None:  # noqa: ANN001
    """The button that keeps ``frame`` as the scope's area list on the server."""
    user = uauth.current_user() if uauth.login_required() else None
    sc = state.scope()
    area = sc.city_code or sc.province_code
    if layer != "communities" or user is None or not area or frame is None or frame.empty:
        return
    if user.role not in ("central", "province"):
        return
    name = area_name(area)
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
        st.caption(t("areas.notice", areas="、".join(area_name(c) for c in codes)))
