"""``youthmap db``: where the YouthMap database is, and its schema migrations.

::

    youthmap db status     # the database URL (password hidden) and its schema revision
    youthmap db upgrade    # run the Alembic migrations up to the newest revision
    youthmap db backup --out FILE   # SQLite online backup, or pg_dump custom format
    youthmap db restore FILE        # replace the database by a backup of the same kind

The app and every other command migrate the database themselves on first use (serialised
between processes), so ``upgrade`` is only needed to migrate a shared PostgreSQL database
before starting new app processes. The database is ``YOUTHMAP_DB_URL`` or the SQLite file
under ``YOUTHMAP_HOME`` (``--db`` overrides both).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from geo import i18n
from geo.cli._common import add_lang_option, help_text, say
from geo.cli.user import add_db_command, add_db_option


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    """Add the ``db`` subcommand and its ``status`` and ``upgrade`` actions."""
    actions = add_db_command(sub, "db", "db_cmd", lang)
    status = actions.add_parser("status", help=help_text("db_cmd.status", lang))
    status.set_defaults(func=_status)
    upgrade = actions.add_parser("upgrade", help=help_text("db_cmd.upgrade", lang))
    upgrade.set_defaults(func=_upgrade)
    backup = actions.add_parser("backup", help=help_text("db_cmd.backup", lang))
    backup.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="FILE",
        help=help_text("db_cmd.backup_out", lang),
    )
    backup.set_defaults(func=_backup)
    restore = actions.add_parser("restore", help=help_text("db_cmd.restore", lang))
    restore.add_argument(
        "file", type=Path, metavar="FILE", help=help_text("db_cmd.restore_file", lang)
    )
    restore.set_defaults(func=_restore)
    for parser in (status, upgrade, backup, restore):
        add_db_option(parser, lang, top=False)
        add_lang_option(parser, lang)


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
    """Print the database and its schema; a SQLite file that does not exist is not made.

    ``db status`` made the SQLite file (and its folder) it was asked about and said only
    "schema empty; behind: run youthmap db upgrade": run where the environment file was not
    read (./var by default) or with a mistyped --db, it pointed at a new, empty database as
    the one to migrate. It now makes nothing and says the file does not exist (last line).
    """
    from geo import store
    from geo.store.db import HOME_ENV, URL_ENV, parse_url

    head = store.head_revision()
    empty = i18n.t("cli.db.empty", args.lang)
    parsed = parse_url(args.db)
    if (
        parsed.get_backend_name() == "sqlite"
        and parsed.database not in (None, "", ":memory:")
        and not parsed.query.get("uri")
        and not Path(parsed.database).exists()
    ):
        say(args, "cli.db.database", db=_shown(args.db))
        state = i18n.t("cli.db.behind", args.lang)
        say(args, "cli.db.status", schema=empty, head=head, state=state)
        say(args, "cli.db.missing", path=parsed.database, url_env=URL_ENV, home_env=HOME_ENV)
        return 0
    url, current, _ = _revisions(args, upgrade=False)
    if current == head:
        state = i18n.t("cli.db.current", args.lang)
    elif current is not None and not store.known_revision(current):
        state = i18n.t("cli.db.newer", args.lang)
    else:
        state = i18n.t("cli.db.behind", args.lang)
    say(args, "cli.db.database", db=url)
    say(args, "cli.db.status", schema=current or empty, head=head, state=state)
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    url, before, after = _revisions(args, upgrade=True)
    say(args, "cli.db.database", db=url)
    if before != after:
        empty = i18n.t("cli.db.empty", args.lang)
        say(args, "cli.db.upgraded", before=before or empty, after=after)
    else:
        say(args, "cli.db.unchanged", schema=after)
    return 0


def _backup(args: argparse.Namespace) -> int:
    from geo.store import backup

    done = backup.backup(args.out, args.db)
    say(args, "cli.db.backup", db=_shown(args.db), backend=done.backend, path=done.path)
    say(args, "cli.db.bytes", n=f"{done.size:,}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from geo import store
    from geo.store import backup

    done = backup.restore(args.file, args.db)
    url, _, after = _revisions(args, upgrade=True)  # an older backup is migrated at once
    say(
        args,
        "cli.db.restored",
        db=url,
        path=done.path,
        backend=done.backend,
        n=f"{done.size:,}",
    )
    say(args, "cli.db.schema", schema=after, head=store.head_revision())
    return 0


def _shown(url: str | None) -> str:
    from geo.store.db import parse_url

    return parse_url(url).render_as_string(hide_password=True)
