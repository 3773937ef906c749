"""The year's records (activities, people, agreements, Youth Home state) and rubric versions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _common() -> list[sa.Column]:
    return [
        sa.Column("simulated", sa.Boolean, nullable=False),
        sa.Column("entered_by", sa.String(64), nullable=False),
        sa.Column("entered_at", sa.DateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    ]


def _keys() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("community_id", sa.String(64), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "record_activities",
        *_keys(),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("area", sa.String(24), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("participants", sa.Integer, nullable=False),
        sa.Column("volunteer_hours", sa.Float, nullable=False),
        sa.Column("children", sa.Integer, nullable=False),
        sa.Column("elderly", sa.Integer, nullable=False),
        sa.Column("vulnerable_youth", sa.Integer, nullable=False),
        sa.Column("partner_kind", sa.String(16), nullable=False),
        sa.Column("partner_id", sa.String(64), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_common(),
        sa.UniqueConstraint("plan_id", "community_id", "date", "area", "title", name="uq_activity"),
    )
    op.create_index("ix_record_activities_plan_date", "record_activities", ["plan_id", "date"])
    op.create_table(
        "record_people",
        *_keys(),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("cadres", sa.Integer, nullable=False),
        sa.Column("social_workers", sa.Integer, nullable=False),
        sa.Column("youth_orgs", sa.Integer, nullable=False),
        sa.Column("members_registered", sa.Integer, nullable=False),
        *_common(),
        sa.UniqueConstraint("plan_id", "community_id", "month", name="uq_people"),
    )
    op.create_table(
        "record_agreements",
        *_keys(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("partner_id", sa.String(64), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        *_common(),
        sa.UniqueConstraint("plan_id", "community_id", "kind", "partner_id", name="uq_agreement"),
    )
    op.create_table(
        "record_homes",
        *_keys(),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("area_m2", sa.Float, nullable=False),
        sa.Column("opening_hours", sa.String(200), nullable=False),
        sa.Column("since", sa.Date),
        *_common(),
        sa.UniqueConstraint("plan_id", "community_id", name="uq_home_state"),
    )
    op.create_table(
        "rubrics",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("name", "version", name="uq_rubric_version"),
    )


def downgrade() -> None:
    op.drop_table("rubrics")
    for name in ("record_homes", "record_agreements", "record_people", "record_activities"):
        op.drop_table(name)
