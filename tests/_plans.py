"""Saved plans for tests: a national plan in a fresh ``YOUTHMAP_HOME``, one of its
communities exited (what the pages fall back on when a session has picked nothing,
``ui.parts.saved_pilot``), and a plan whose year of work runs today with its communities
launched long enough ago to be idle."""

from __future__ import annotations

import pandas as pd

from geo import dataset, store
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


def agree(community_id: str, campus_id: str, name: str = "2026 全国第一批 <b>") -> None:
    """Record in the saved plan ``name`` (of the home ``YOUTHMAP_HOME`` points at) a
    co-building agreement of ``community_id`` with campus ``campus_id``."""
    from geo.plan import records
    from geo.store import records as srec

    db = store.open_store()
    plans = store.list_plans(db)
    plan_id = int(plans.loc[plans["name"] == name, "id"].iloc[0])
    row = {"community_id": community_id, "kind": "campus", "partner_id": campus_id}
    row |= {"start_date": "2026-06-01", "content": "结对共建"}
    srec.save_records(
        db, User("centre", "central"), plan_id, "agreements", records.check_row("agreements", row)
    )
    db.dispose()


def running_plan(db, chosen: pd.DataFrame, name: str = "本年度第一批") -> int:
    """Save the centre's plan ``name`` of ``chosen`` (its Guangdong rows: GZ1, GZ2) with a
    year of work running today; Guangdong's part accepted 90 days ago and both communities
    launched. Returns the plan's id."""
    import datetime as dt

    from sqlalchemy import update

    from geo.core import localtime
    from geo.store.models import FILINGS

    centre, gd = User("centre", "central"), User("gd", "province", "44")
    today = localtime.today()
    plan_id = store.create_plan(db, centre, name, chosen)
    set_year(db, plan_id, today - dt.timedelta(days=200), today + dt.timedelta(days=160))
    for community in ("GZ1", "GZ2"):
        store.transition(db, gd, plan_id, community, "recommended", 1)
    store.submit_filing(db, gd, plan_id, "44", 1)
    store.accept_filing(db, centre, plan_id, "44", 2)
    with db.write() as conn:  # accepted 90 days ago
        conn.execute(
            update(FILINGS)
            .where(FILINGS.c.plan_id == plan_id)
            .values(decided_at=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=90))
        )
    for community in ("GZ1", "GZ2"):
        version = store.community(db, plan_id, community)["version"]
        store.transition(db, centre, plan_id, community, "launched", version)
    return plan_id


def set_year(db, plan_id: int, start, end) -> None:
    """Set the plan's year of work (its timeline's ``implement`` phase) to ``start``–``end``,
    as the centre does on the timeline tab."""
    phases = [{"key": "implement", "start": start, "end": end}]
    centre = User("centre", "central")
    store.set_timeline(db, centre, plan_id, phases, store.get_plan(db, plan_id)["version"])


def end_year(db, plan_id: int) -> None:
    """Let the plan's year of work have ended five days ago (it began 400 days ago)."""
    import datetime as dt

    from geo.core import localtime

    today = localtime.today()
    set_year(db, plan_id, today - dt.timedelta(days=400), today - dt.timedelta(days=5))


def launch_and_evaluate(
    db, province: User, plan_id: int, points: dict[str, float], day=None
) -> None:
    """The province recommends and files the plan's communities ``points`` names (its
    unit's whole part, each at version 1), the centre accepts, the province launches them,
    and the centre enters each one's experts' evaluation: ``points`` in each of the four
    task areas (a total of four times that), on ``day`` (default 20 April 2022)."""
    import datetime as dt

    from geo.plan.lifecycle import EVALUATION_AREAS

    centre = User("centre", "central")
    ids = list(points)
    store.transition_many(db, province, plan_id, [(c, 1) for c in ids], "recommended")
    store.submit_filing(db, province, plan_id, province.province_code, 1)
    store.accept_filing(db, centre, plan_id, province.province_code, 2)
    store.transition_many(db, province, plan_id, [(c, 3) for c in ids], "launched")
    for cid, each in points.items():
        store.record_evaluation(
            db,
            centre,
            plan_id,
            cid,
            dict.fromkeys(EVALUATION_AREAS, each),
            eval_date=day or dt.date(2022, 4, 20),
            expert="王",
        )


def scored_plan_home(home, monkeypatch) -> list[str]:
    """Point ``YOUTHMAP_HOME`` at ``home`` and save there the centre's plan "2026 第一批" of
    three Guangzhou communities chosen with scores 0.9, 0.6 and 0.3. Returns their ids."""
    monkeypatch.setenv("YOUTHMAP_HOME", str(home))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    comm = dataset.load_layers().communities
    ids = list(comm.loc[comm["city_code"] == "4401", "id"].head(3))
    rows = comm.set_index("id").loc[ids]
    chosen = pd.DataFrame(
        {"id": ids, "name": rows["name"], "county_code": rows["county_code"]}
    ).assign(score=[0.9, 0.6, 0.3], rank=[1, 2, 3])
    db = store.open_store()
    store.create_plan(db, User("centre", "central"), "2026 第一批", chosen)
    db.dispose()
    return ids
