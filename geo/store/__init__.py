"""The YouthMap database: plans, statuses, filings, evaluations, users and the audit log.

SQLAlchemy 2 on SQLite (default, a WAL-mode file under ``YOUTHMAP_HOME``) or PostgreSQL
(``YOUTHMAP_DB_URL``), with the schema made by Alembic migrations on first use. Every
editable row carries a version and every write is compare-and-set on it; every write checks
the acting user's role (:mod:`geo.plan.auth`) and the lifecycle (:mod:`geo.plan.lifecycle`), and
commits together with its audit entry.

Typical use::

    from geo import store
    db = store.open_store()
    plan_id = store.create_plan(db, user, "2021 全国第一批", chosen, params={...})
    row = store.community(db, plan_id, "C000123")
    store.transition(db, user, plan_id, "C000123", "recommended", row["version"])
"""

from geo.store.db import (
    StaleRow,
    Store,
    current_revision,
    database_url,
    head_revision,
    home_dir,
    known_revision,
    make_engine,
    migrate,
    open_store,
)
from geo.store.plans import (
    add_communities,
    add_community,
    communities,
    community,
    create_plan,
    delete_plan,
    filings,
    get_plan,
    list_plans,
    pilot_ids,
    pilot_scores,
    plan_timeline,
    set_timeline,
)
from geo.store.reports import (
    audit_log,
    evaluation_summary,
    evaluations,
    exit_list,
    filing_table,
    history,
    status_board,
)
from geo.store.status import (
    accept_filing,
    check_scores,
    record_evaluation,
    record_evaluations,
    return_filing,
    set_note,
    submit_filing,
    transition,
    transition_groups,
    transition_many,
)
from geo.store.users import (
    acting_user,
    authenticate,
    count_users,
    create_user,
    get_user,
    list_users,
    set_active,
    set_password,
)

__all__ = [
    "StaleRow",
    "Store",
    "accept_filing",
    "acting_user",
    "add_communities",
    "add_community",
    "delete_plan",
    "audit_log",
    "authenticate",
    "check_scores",
    "communities",
    "community",
    "count_users",
    "create_plan",
    "create_user",
    "current_revision",
    "database_url",
    "evaluation_summary",
    "evaluations",
    "exit_list",
    "filing_table",
    "filings",
    "get_plan",
    "get_user",
    "head_revision",
    "history",
    "home_dir",
    "known_revision",
    "list_plans",
    "list_users",
    "make_engine",
    "migrate",
    "open_store",
    "pilot_ids",
    "pilot_scores",
    "plan_timeline",
    "record_evaluation",
    "record_evaluations",
    "return_filing",
    "set_active",
    "set_note",
    "set_password",
    "set_timeline",
    "status_board",
    "submit_filing",
    "transition",
    "transition_groups",
    "transition_many",
]
