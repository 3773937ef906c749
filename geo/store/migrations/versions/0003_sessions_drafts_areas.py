"""Login sessions that outlast a reload, the key that signs them, account profiles, users'
drafts and their named versions, and provinces' and cities' own layers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime),
    )
    op.create_index("ix_login_sessions_user", "login_sessions", ["user_name"])
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.String(128), nullable=False),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_name", sa.String(64), nullable=False, unique=True),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "draft_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("user_name", "name", name="uq_draft_version"),
    )
    op.create_table(
        "area_layers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("layer", sa.String(32), nullable=False),
        sa.Column("area_code", sa.String(8), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("uploaded_by", sa.String(64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("layer", "area_code", name="uq_area_layer"),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("unit_name", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("contact", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("phone", sa.String(32), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("phone")
        batch.drop_column("contact")
        batch.drop_column("unit_name")
    op.drop_table("area_layers")
    op.drop_table("draft_versions")
    op.drop_table("drafts")
    op.drop_table("app_secrets")
    op.drop_table("login_sessions")
