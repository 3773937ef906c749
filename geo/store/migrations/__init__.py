"""Alembic migrations of the YouthMap database (run from code by geo.store.db.migrate)."""
