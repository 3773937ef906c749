"""``youthmap user``: manage accounts in the YouthMap database.

::

    youthmap user add NAME --role central|province|county|viewer [--province 44] [--county 440106]
    youthmap user passwd NAME
    youthmap user list
    youthmap user disable NAME      # or enable NAME

The password is asked twice on the terminal, or read from the first line of standard input
with ``--password-stdin`` (for scripts). The database is ``YOUTHMAP_DB_URL`` or the SQLite
file under ``YOUTHMAP_HOME`` (``--db`` overrides both); it is created on first use.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from geo import i18n
from geo.cli._common import add_lang_option, help_text, say
from geo.core.errors import InputError
from geo.plan.lifecycle import ROLES

if TYPE_CHECKING:
    from geo.plan.auth import User


def add_db_option(parser: argparse.ArgumentParser, lang: str, *, top: bool) -> None:
    """``--db``, accepted before the action (``user --db URL list``) and after it
    (``user list --db URL``): an action's parser that did not know it would echo the whole
    URL, password included, in its "unrecognized arguments" error."""
    parser.add_argument(
        "--db",
        default=None if top else argparse.SUPPRESS,
        metavar="URL",
        help=help_text("db", lang),
    )


def add_db_command(
    sub: argparse._SubParsersAction, name: str, help_key: str, lang: str, dest: str = "action"
) -> argparse._SubParsersAction:
    """Add the database command ``name`` (``user``, ``plan``, ``db``, ``records``) with its
    ``--db`` and ``--lang`` and return its required ``ACTION`` sub-parsers."""
    p = sub.add_parser(name, help=help_text(help_key, lang))
    add_db_option(p, lang, top=True)
    add_lang_option(p, lang)
    return p.add_subparsers(
        dest=dest,
        required=True,
        metavar="ACTION",
        help=help_text("action", lang, command=name),
    )


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    """Add the ``user`` subcommand and its ``add``, ``passwd``, ``list``, ``disable`` and
    ``enable`` actions."""
    actions = add_db_command(sub, "user", "user", lang)

    add = actions.add_parser("add", help=help_text("user.add", lang))
    add.add_argument("name", metavar="NAME", help=help_text("name", lang))
    add.add_argument("--role", required=True, choices=ROLES, help=help_text("user.role", lang))
    add.add_argument("--province", default=None, help=help_text("province_xpcc", lang))
    add.add_argument("--county", default=None, help=help_text("user.county", lang))
    add.add_argument(
        "--password-stdin", action="store_true", help=help_text("password_stdin", lang)
    )
    add.set_defaults(func=_add)

    passwd = actions.add_parser("passwd", help=help_text("user.passwd", lang))
    passwd.add_argument("name", metavar="NAME", help=help_text("name", lang))
    passwd.add_argument(
        "--password-stdin", action="store_true", help=help_text("password_stdin", lang)
    )
    passwd.set_defaults(func=_passwd)

    lst = actions.add_parser("list", help=help_text("user.list", lang))
    lst.set_defaults(func=_list)

    for action, active in (("disable", False), ("enable", True)):
        parser = actions.add_parser(action, help=help_text(f"user.{action}", lang))
        parser.add_argument("name", metavar="NAME", help=help_text("name", lang))
        parser.set_defaults(func=_set_active, active=active)

    profile = actions.add_parser("profile", help=help_text("user.profile", lang))
    profile.add_argument("name", metavar="NAME", help=help_text("name", lang))
    profile.add_argument("--unit", help=help_text("unit", lang))
    profile.add_argument("--contact", help=help_text("contact", lang))
    profile.add_argument("--phone", help=help_text("phone", lang))
    profile.set_defaults(func=_profile)

    for parser in actions.choices.values():
        add_db_option(parser, lang, top=False)
        add_lang_option(parser, lang)


def _password(args: argparse.Namespace) -> str:
    """The new password: one line from a pipe with ``--password-stdin``, else asked twice
    on the terminal without echo.

    ``--password-stdin`` typed at a terminal (deploy/README.md's first account) read the
    line with the terminal's echo on and no prompt: the password stood on the screen and a
    mistyped one was taken as it was. Where stdin is a terminal it is asked for as without
    the option.
    """
    if args.password_stdin and not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputError.single("cli.problem.no_terminal", column="password")
    first = getpass.getpass(i18n.t("cli.user.password", args.lang))
    if first != getpass.getpass(i18n.t("cli.user.again", args.lang)):
        raise InputError.single("cli.problem.passwords_differ", column="password", code="mismatch")
    return first


def _add(args: argparse.Namespace) -> int:
    from geo import store

    password = _password(args)
    db = store.open_store(args.db)
    user = store.create_user(db, args.name, password, args.role, args.province, args.county)
    say(args, "cli.user.created", user=who(user, args.lang), db=db.url)
    return 0


def who(user: User, lang: str) -> str:
    """An account as a sentence names it: ``sc（省级团委 · 四川省）``, ``admin (Central
    committee)``, ``wh（县级团委 · 四川省武侯区）``; the role and area in ``lang``, not the
    codes the options take (it read ``sc (province 51)`` in Chinese too)."""
    from geo.core.regions import XPCC_KEY
    from geo.export.labels import area_name

    xpcc = user.role == "province" and user.province_code == XPCC_KEY
    parts = [i18n.t(f"mgmt.role.{'xpcc' if xpcc else user.role}", lang)]
    if user.county_code or (user.province_code and not xpcc):
        parts.append(area_name(user.county_code or user.province_code, lang))
    return i18n.t("cli.user.who", lang, name=user.name, role=" · ".join(parts))


def _passwd(args: argparse.Namespace) -> int:
    from geo import store

    password = _password(args)
    db = store.open_store(args.db)
    store.set_password(db, args.name, password)
    say(args, "cli.user.passwd", name=args.name)
    return 0


def _set_active(args: argparse.Namespace) -> int:
    from geo import store

    db = store.open_store(args.db)
    store.set_active(db, args.name, args.active)
    say(args, "cli.user.enabled" if args.active else "cli.user.disabled", name=args.name, db=db.url)
    return 0


def _profile(args: argparse.Namespace) -> int:
    from geo import store

    db = store.open_store(args.db)
    store.users.set_profile(
        db, args.name, unit_name=args.unit, contact=args.contact, phone=args.phone
    )
    shown = store.users.get_profile(db, args.name)
    print(f"{args.name}: {shown['unit_name']} / {shown['contact']} / {shown['phone']}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from geo import store
    from geo.export.labels import area_name

    db = store.open_store(args.db)
    users = store.list_users(db)
    if users.empty:
        say(args, "cli.user.none", db=db.url)
        return 0
    for r in users.itertuples():  # the role and area as the options take them, then named
        where = next((c for c in (r.county_code, r.province_code) if isinstance(c, str)), "")
        state = i18n.t("cli.user.active" if r.active else "cli.user.inactive", args.lang)
        print(f"{r.name}\t{r.role}\t{where}\t{area_name(where, args.lang)}\t{state}")
    say(args, "cli.user.count", n=f"{len(users):,}", db=db.url)
    return 0
