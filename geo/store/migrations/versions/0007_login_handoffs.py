"""A login's token reaches the browser's cookie through the server, not a page script.

``login_handoffs``: the SHA-256 of a one-time nonce the login page posts back to the app's
cookie route, the session's signed token sealed under that nonce (the table alone does not
give it), and until when the nonce can be redeemed (a minute). A redeemed or expired row is
deleted (:func:`geo.store.sessions.hand_off`, :func:`geo.store.sessions.redeem`).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_handoffs",
        sa.Column("nonce_hash", sa.String(64), primary_key=True),
        sa.Column("sealed", sa.String(400), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("login_handoffs")
