"""A login attempt still being checked is told apart from a failed one.

``login_failures.failed``: false while the password is being checked, true once it was
wrong. Rows from before are failures (the server default). Only failures count against a
client; see :mod:`geo.store.logins`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("login_failures") as batch:
        batch.add_column(sa.Column("failed", sa.Boolean, nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("login_failures") as batch:
        batch.drop_column("failed")
