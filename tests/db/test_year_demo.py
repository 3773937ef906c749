"""The demo's simulated year on a first run (``youthmap serve`` on a fresh desktop
database), on SQLite and PostgreSQL: the seed-2021 national pick, launched, with a labelled
simulated year of records — made once, never on a database already in use."""

from __future__ import annotations

import pytest

from geo import store
from geo.cli import serve
from geo.export import reports
from geo.plan import year_demo
from geo.store import records as srec

pytest_plugins = ["tests.pg"]


@pytest.fixture
def fresh(db_url, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_DB_URL", db_url)
    monkeypatch.delenv(year_demo.DEMO_ENV, raising=False)
    db = store.open_store(db_url)
    yield db
    db.dispose()


def test_a_first_run_makes_the_launched_demo_plan_and_its_simulated_year_once(fresh):
    assert year_demo.first_run(fresh)
    n = serve.first_run_demo()
    plans = store.list_plans(fresh)
    assert list(plans["name"]) == [year_demo.DEMO_PLAN_NAME]
    plan_id = int(plans["id"].iloc[0])
    comm = store.communities(fresh, plan_id)
    assert len(comm) == year_demo.DEMO_TOTAL
    assert set(comm["status"]) == {"launched"}  # in its year of work: evaluable
    assert set(store.filings(fresh, plan_id)["state"]) == {"accepted"}
    acts = srec.records(fresh, plan_id, "activities")
    assert len(acts) == n > 100_000 and acts["simulated"].all()
    assert srec.has_simulated(fresh, plan_id)
    # a few activities a week, and some communities idle for 60 days at the year's end
    assert 1.5 < n / year_demo.DEMO_TOTAL / 52 < 4
    idle = acts.groupby("community_id")["date"].max() < "2022-03-01"
    assert 0.02 < idle.mean() < 0.15
    # the launches' reason is the app's own: named in each reader's language, not stored text
    assert set(comm["reason"]) == {year_demo.LAUNCH_REASON}
    first = comm["community_id"].iloc[0]
    for lang, said, header in (
        ("zh", "模拟：青年之家投入使用", "原因"),
        ("en", "Simulated: Youth Home in use", "Reason"),
    ):
        assert set(reports.localize(comm[["community_id", "reason"]], lang)[header]) == {said}
        history = reports.localize(reports.history(fresh, plan_id, first, lang), lang)
        launched = history[history[header] == said]
        assert len(launched) == 1, history
        assert launched.iloc[0, -1].endswith(said), history  # the change it made, in words
    _campus_agreements_are_the_default_pairings(fresh, plan_id, acts)
    assert not year_demo.first_run(fresh)
    assert serve.first_run_demo() is None  # never twice
    assert len(store.list_plans(fresh)) == 1


def _campus_agreements_are_the_default_pairings(db, plan_id: int, acts) -> None:
    """The demo's campus agreements are what the platform's default pairing gives: each
    campus within capacity and 15 km (the nearest campus, taken whatever its distance and
    load, put 21 campuses over capacity and a pair 76 km long on the pairing page, which
    keeps them); a community left unpaired has no campus agreement and no campus visit."""
    from geo import dataset
    from geo.analysis import pairing
    from geo.core.params import PAIRING_DEFAULT_CAPACITY, PAIRING_DEFAULT_MAX_DISTANCE_M

    layers = dataset.load_layers()
    agreed = srec.campus_partners(db, plan_id)
    assert agreed["campus_id"].value_counts().max() <= PAIRING_DEFAULT_CAPACITY
    ids = set(store.communities(db, plan_id)["community_id"])
    chosen = layers.communities.loc[layers.communities["id"].isin(ids)]
    kept = pairing.pair(chosen, layers.campuses, kept=agreed)
    assert kept.summary.kept == len(agreed) == kept.summary.pairs > 850
    assert kept.summary.campuses_over_capacity == 0
    assert kept.summary.max_distance_m <= PAIRING_DEFAULT_MAX_DISTANCE_M
    alone = set(kept.unpaired["community_id"])
    assert alone and not alone & set(agreed["community_id"])
    visited = acts.loc[acts["partner_kind"] == "campus", "community_id"]
    assert not alone & set(visited)


def test_no_demo_on_a_database_in_use_or_when_asked_not_to(fresh, monkeypatch):
    monkeypatch.setenv(year_demo.DEMO_ENV, "0")
    assert serve.first_run_demo() is None
    monkeypatch.delenv(year_demo.DEMO_ENV)
    assert serve.first_run_demo(no_demo=True) is None
    store.create_user(fresh, "centre", "centre-password", "central")  # a deployment's account
    assert not year_demo.first_run(fresh)
    assert serve.first_run_demo() is None
    assert store.list_plans(fresh).empty
