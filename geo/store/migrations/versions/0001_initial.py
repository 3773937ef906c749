"""Initial schema: users, plans, plan communities, filings, evaluations, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("province_code", sa.String(8)),
        sa.Column("county_code", sa.String(6)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("province_code", sa.String(8)),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("timeline", sa.JSON, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "plan_communities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("community_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("province_code", sa.String(2), nullable=False),
        sa.Column("county_code", sa.String(6), nullable=False),
        sa.Column("quota_unit", sa.String(8), nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("rank", sa.Integer),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("manual", sa.Boolean, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("plan_id", "community_id", name="uq_plan_community"),
    )
    op.create_index(
        "ix_plan_communities_unit_status", "plan_communities", ["plan_id", "quota_unit", "status"]
    )
    op.create_table(
        "filings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("unit", sa.String(8), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("submitted_by", sa.String(64)),
        sa.Column("submitted_at", sa.DateTime),
        sa.Column("decided_by", sa.String(64)),
        sa.Column("decided_at", sa.DateTime),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("plan_id", "unit", name="uq_filing_unit"),
    )
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("community_id", sa.String(64), nullable=False),
        sa.Column("after_school", sa.Float, nullable=False),
        sa.Column("elderly_digital", sa.Float, nullable=False),
        sa.Column("environment", sa.Float, nullable=False),
        sa.Column("youth_care", sa.Float, nullable=False),
        sa.Column("total", sa.Float, nullable=False),
        sa.Column("comments", sa.Text, nullable=False),
        sa.Column("eval_date", sa.Date, nullable=False),
        sa.Column("expert", sa.String(100), nullable=False),
        sa.Column("entered_by", sa.String(64), nullable=False),
        sa.Column("entered_at", sa.DateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("plan_id", "community_id", name="uq_evaluation"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("plan_id", sa.Integer),
        sa.Column("community_id", sa.String(64)),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
    )
    op.create_index("ix_audit_plan_community", "audit_log", ["plan_id", "community_id"])

    # The audit log is append-only: refuse UPDATE and DELETE in the database itself.
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for name in ("audit_log", "evaluations", "filings", "plan_communities", "plans", "users"):
        op.drop_table(name)
