"""A plan's community keeps the indicators its score owed most to.

``plan_communities.top_indicators``: the keys of the indicators whose contributions to the
community's score were largest when its pick was saved, largest first, joined by commas
(``youth,capital,home_distance_m``), so the 备案表 of a saved part names them in its 推荐理由
as the form of the live pick does (:func:`geo.analysis.scoring.top_contributions`). Codes,
never words: the form renders them in its language. Rows from before keep ``""``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_communities") as batch:
        batch.add_column(
            sa.Column("top_indicators", sa.String(200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_communities") as batch:
        batch.drop_column("top_indicators")
