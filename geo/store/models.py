"""Tables of the YouthMap database (SQLAlchemy 2 declarative models).

Every row a user edits carries ``version`` (1 on insert, +1 on each change); writes are
compare-and-set on it (see :mod:`geo.store.db`). ``audit_log`` is append-only: the
migration installs triggers that refuse UPDATE and DELETE on it, on SQLite and PostgreSQL.
Times are naive UTC. The schema itself is made by the Alembic migrations in
``geo/store/migrations``; these classes must match them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every YouthMap table."""


class UserRow(Base):
    """An account: login name, Argon2 hash, role and the geography it speaks for."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    province_code: Mapped[str | None] = mapped_column(String(8))
    county_code: Mapped[str | None] = mapped_column(String(6))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    unit_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    contact: Mapped[str] = mapped_column(String(64), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(32), default="", server_default="")


class PlanRow(Base):
    """A named version of a national or provincial selection and what produced it."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    province_code: Mapped[str | None] = mapped_column(String(8))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    timeline: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class PlanCommunityRow(Base):
    """One community in a plan: where it files, its score, status, note and last reason."""

    __tablename__ = "plan_communities"
    __table_args__ = (
        UniqueConstraint("plan_id", "community_id", name="uq_plan_community"),
        Index("ix_plan_communities_unit_status", "plan_id", "quota_unit", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    community_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    province_code: Mapped[str] = mapped_column(String(2))
    county_code: Mapped[str] = mapped_column(String(6))
    quota_unit: Mapped[str] = mapped_column(String(8))
    score: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    top_indicators: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """Keys of the indicators the score owed most to when the pick was saved, largest
    first, joined by commas (:func:`geo.analysis.scoring.top_contributions`); ``""`` when
    the pick gave no contributions (a list read from a file)."""


class FilingRow(Base):
    """One quota unit's filing in a plan: submitted by the province, decided by the centre."""

    __tablename__ = "filings"
    __table_args__ = (UniqueConstraint("plan_id", "unit", name="uq_filing_unit"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class EvaluationRow(Base):
    """The expert evaluation of one community in a plan (four task areas and a total)."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("plan_id", "community_id", name="uq_evaluation"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    community_id: Mapped[str] = mapped_column(String(64))
    after_school: Mapped[float] = mapped_column(Float)
    elderly_digital: Mapped[float] = mapped_column(Float)
    environment: Mapped[float] = mapped_column(Float)
    youth_care: Mapped[float] = mapped_column(Float)
    total: Mapped[float] = mapped_column(Float)
    comments: Mapped[str] = mapped_column(Text, default="")
    eval_date: Mapped[dt.date] = mapped_column(Date)
    expert: Mapped[str] = mapped_column(String(100))
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class AuditRow(Base):
    """One append-only audit entry: who, when, what entity, before and after (JSON)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_plan_community", "plan_id", "community_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    user_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    plan_id: Mapped[int | None] = mapped_column(Integer)
    community_id: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class LoginFailureRow(Base):
    """One failed (or still running) login: when, the account name tried, the client, and
    whether the password was found wrong (``False`` while it is being checked)."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_account_at", "account", "at"),
        Index("ix_login_failures_client_at", "client", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    account: Mapped[str] = mapped_column(String(64))
    client: Mapped[str] = mapped_column(String(64))
    failed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class LoginLockRow(Base):
    """A lockout: logins for an account name or from a client refused until ``until``."""

    __tablename__ = "login_locks"
    __table_args__ = (Index("ix_login_locks_kind_key", "kind", "key", "until"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    until: Mapped[dt.datetime] = mapped_column(DateTime)


class ActivityRow(Base):
    """One activity of the year in a plan's community (:mod:`geo.plan.records`, ``activities``)."""

    __tablename__ = "record_activities"
    __table_args__ = (
        UniqueConstraint("plan_id", "community_id", "date", "area", "title", name="uq_activity"),
        Index("ix_record_activities_plan_date", "plan_id", "date"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    community_id: Mapped[str] = mapped_column(String(64))
    date: Mapped[dt.date] = mapped_column(Date)
    area: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(200))
    participants: Mapped[int] = mapped_column(Integer, default=0)
    volunteer_hours: Mapped[float] = mapped_column(Float, default=0.0)
    children: Mapped[int] = mapped_column(Integer, default=0)
    elderly: Mapped[int] = mapped_column(Integer, default=0)
    vulnerable_youth: Mapped[int] = mapped_column(Integer, default=0)
    partner_kind: Mapped[str] = mapped_column(String(16), default="")
    partner_id: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    simulated: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class PeopleRow(Base):
    """People working in a plan's community in one month (``people``)."""

    __tablename__ = "record_people"
    __table_args__ = (UniqueConstraint("plan_id", "community_id", "month", name="uq_people"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    community_id: Mapped[str] = mapped_column(String(64))
    month: Mapped[str] = mapped_column(String(7))
    cadres: Mapped[int] = mapped_column(Integer, default=0)
    social_workers: Mapped[int] = mapped_column(Integer, default=0)
    youth_orgs: Mapped[int] = mapped_column(Integer, default=0)
    members_registered: Mapped[int] = mapped_column(Integer, default=0)
    simulated: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class AgreementRow(Base):
    """A co-building agreement of a plan's community with a resident unit or its campus."""

    __tablename__ = "record_agreements"
    __table_args__ = (
        UniqueConstraint("plan_id", "community_id", "kind", "partner_id", name="uq_agreement"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    community_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    partner_id: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text, default="")
    simulated: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class HomeStateRow(Base):
    """The state of a plan's community's Youth Home (planned, built, in use)."""

    __tablename__ = "record_homes"
    __table_args__ = (UniqueConstraint("plan_id", "community_id", name="uq_home_state"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    community_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    area_m2: Mapped[float] = mapped_column(Float, default=0.0)
    opening_hours: Mapped[str] = mapped_column(String(200), default="")
    since: Mapped[dt.date | None] = mapped_column(Date)
    simulated: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class RubricRow(Base):
    """A saved version of an evaluation rubric (:mod:`geo.plan.evaluation`)."""

    __tablename__ = "rubrics"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_rubric_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class LoginSessionRow(Base):
    """A login that outlasts a page reload: the hash of its token, whose it is, until when."""

    __tablename__ = "login_sessions"
    __table_args__ = (Index("ix_login_sessions_user", "user_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LoginHandoffRow(Base):
    """A login's token on its way to the browser's cookie: a one-time nonce's hash, the token
    sealed under that nonce, until when it can be redeemed (:mod:`geo.store.sessions`)."""

    __tablename__ = "login_handoffs"
    nonce_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    sealed: Mapped[str] = mapped_column(String(400))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class AppSecretRow(Base):
    """A server secret shared by every app process (the key that signs session tokens)."""

    __tablename__ = "app_secrets"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))


class DraftRow(Base):
    """An account's saved selection work (one JSON document, see :mod:`geo.store.drafts`)."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_name: Mapped[str] = mapped_column(String(64), unique=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class DraftVersionRow(Base):
    """A named copy of an account's draft."""

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("user_name", "name", name="uq_draft_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_name: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class AreaLayerRow(Base):
    """A province's or city's own layer (its community list), replacing only its area."""

    __tablename__ = "area_layers"
    __table_args__ = (UniqueConstraint("layer", "area_code", name="uq_area_layer"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer: Mapped[str] = mapped_column(String(32))
    area_code: Mapped[str] = mapped_column(String(8))
    file_name: Mapped[str] = mapped_column(String(200))
    rows: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime)


# Declarative classes type ``__table__`` as a FromClause; these are Tables.
USERS = cast(Table, UserRow.__table__)
LOGIN_FAILURES = cast(Table, LoginFailureRow.__table__)
LOGIN_LOCKS = cast(Table, LoginLockRow.__table__)
PLANS = cast(Table, PlanRow.__table__)
PLAN_COMMUNITIES = cast(Table, PlanCommunityRow.__table__)
FILINGS = cast(Table, FilingRow.__table__)
EVALUATIONS = cast(Table, EvaluationRow.__table__)
AUDIT = cast(Table, AuditRow.__table__)
RECORD_TABLES: dict[str, Table] = {
    "activities": cast(Table, ActivityRow.__table__),
    "people": cast(Table, PeopleRow.__table__),
    "agreements": cast(Table, AgreementRow.__table__),
    "homes": cast(Table, HomeStateRow.__table__),
}
"""The year's record tables by record type (:data:`geo.plan.records.RECORD_TYPES`)."""
RUBRICS = cast(Table, RubricRow.__table__)
LOGIN_SESSIONS = cast(Table, LoginSessionRow.__table__)
LOGIN_HANDOFFS = cast(Table, LoginHandoffRow.__table__)
APP_SECRETS = cast(Table, AppSecretRow.__table__)
DRAFTS = cast(Table, DraftRow.__table__)
DRAFT_VERSIONS = cast(Table, DraftVersionRow.__table__)
AREA_LAYERS = cast(Table, AreaLayerRow.__table__)
