"""Alembic environment for YouthMap: always run from code with a live connection.

:func:`geo.store.db.migrate` builds the Alembic ``Config`` in code and passes the open
connection as ``config.attributes["connection"]``; there is no ``alembic.ini``.
"""

from __future__ import annotations

from alembic import context

from geo.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when misused from the alembic CLI
    raise RuntimeError("run YouthMap migrations through geo.store.db.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
