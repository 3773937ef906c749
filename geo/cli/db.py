"""``youthmap db``: where the YouthMap database is, and its schema migrations.

::

    youthmap db status     # the database URL (password hidden) and its schema revision
    youthmap db upgrade    # run the Alembic migrations up to the newest revision

The app and every other command migrate the database themselves on first use (serialised
between processes), so ``upgrade`` is only needed to migrate a shared PostgreSQL database
before starting new app processes. The database is ``YOUTHMAP_DB_URL`` or the SQLite file
under ``YOUTHMAP_HOME`` (``--db`` overrides both).
"""

from __future__ import annotations

import argparse

from geo.cli.user import add_db_option


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``db`` subcommand and its ``status`` and ``upgrade`` actions."""
    p = sub.add_parser("db", help="database location and schema migrations (status, upgrade)")
    add_db_option(p, top=True)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    status = actions.add_parser("status", help="show the database and its schema revision")
    status.set_defaults(func=_status)
    upgrade = actions.add_parser("upgrade", help="migrate the schema to the newest revision")
    upgrade.set_defaults(func=_upgrade)
    for parser in (status, upgrade):
        add_db_option(parser, top=False)


def _revisions(args: argparse.Namespace, upgrade: bool) -> tuple[str, str | None, str | None]:
    """``(shown url, revision before, revision after)``, migrating when ``upgrade``."""
    from sqlalchemy.exc import OperationalError

    from geo import store
    from geo.store.db import unreachable

    db = store.open_store(args.db, upgrade=False)
    try:
        before = store.current_revision(db.engine)
        if upgrade:
            store.migrate(db.engine)
        return db.url, before, store.current_revision(db.engine)
    except OperationalError as exc:
        raise unreachable(exc, db.url) from exc
    finally:
        db.dispose()


def _status(args: argparse.Namespace) -> int:
    from geo import store

    url, current, _ = _revisions(args, upgrade=False)
    head = store.head_revision()
    state = "up to date" if current == head else "behind: run youthmap db upgrade"
    print(f"database {url}")
    print(f"schema {current or 'empty'} (newest {head}; {state})")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    url, before, after = _revisions(args, upgrade=True)
    print(f"database {url}")
    print(
        f"schema {before or 'empty'} → {after}"
        if before != after
        else f"schema {after} (no change)"
    )
    return 0
