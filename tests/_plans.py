"""A saved national plan in a fresh ``YOUTHMAP_HOME``, one of its communities exited: what
the pages fall back on when a session has picked nothing (``ui.parts.saved_pilot``)."""

from __future__ import annotations

import pandas as pd

from geo import store
from geo.plan.auth import User


def saved_plan_home(layers, home, monkeypatch, name: str = "2026 全国第一批 <b>") -> list[str]:
    """Point ``YOUTHMAP_HOME`` at ``home`` and save there the centre's national plan ``name``
    with Guangzhou's first six communities and Shanghai's first two, the first of them filed,
    launched and exited. Returns the plan's ids, the exited one first."""
    monkeypatch.setenv("YOUTHMAP_HOME", str(home))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    db = store.open_store()
    centre, gd = User("centre", "central"), User("gd", "province", "44")
    comm = layers.communities
    ids = list(comm.loc[comm["city_code"] == "4401", "id"].head(6)) + list(
        comm.loc[comm["province_code"] == "31", "id"].head(2)
    )
    rows = comm.set_index("id").loc[ids]
    chosen = pd.DataFrame({"id": ids, "name": rows["name"], "county_code": rows["county_code"]})
    plan_id = store.create_plan(db, centre, name, chosen)
    gone = ids[0]
    store.transition(db, gd, plan_id, gone, "recommended", 1)
    store.submit_filing(db, gd, plan_id, "44", 1)
    store.accept_filing(db, centre, plan_id, "44", 2)
    store.transition(db, gd, plan_id, gone, "launched", 3)
    store.transition(db, centre, plan_id, gone, "exited", 4, reason="社区撤并")
    db.dispose()
    return ids
