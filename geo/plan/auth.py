"""Accounts, password hashing and role checks.

Passwords are hashed with Argon2id (``argon2-cffi``'s defaults); the database never holds
a password. Four roles:

- ``central`` — the central committee: every write.
- ``province`` — a provincial committee (``province_code`` set): writes its own province's
  communities, filings and provincial plans; reads the national picture.
- ``county`` — a county-level committee (``county_code`` set): updates the status and notes
  of its own county's communities.
- ``viewer`` — reads only.

Every write in :mod:`geo.store` calls one of the ``require_*`` checks here and raises
:class:`geo.core.errors.PermissionDenied` before touching the database, whatever the page did.
The XPCC files on its own line (quota unit ``"XPCC"``); its committee is a ``province``
account with ``province_code="XPCC"``.
"""

from __future__ import annotations

import base64
import functools
import ipaddress
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.low_level import ARGON2_VERSION

from geo.core import regions
from geo.core.errors import InputError, PermissionDenied, Problem, Term
from geo.plan.lifecycle import ROLES

MIN_PASSWORD_CHARS = 8
"""Shortest password accepted."""
MAX_PASSWORD_CHARS = 256
"""Longest password accepted (Argon2 takes any length; this bounds the work per login)."""
MIN_PASSWORD_GUESSES = 10_000
"""A password ``zxcvbn`` estimates is found in fewer guesses than this is refused."""
_ZXCVBN_MAX_CHARS = 72
"""``zxcvbn``'s own default cut: its matching grows fast with length."""

NO_LOGIN_ENV = "YOUTHMAP_NO_LOGIN"
DESKTOP_USER_NAME = "desktop"

_HASHER = PasswordHasher()
_NAME_RE = re.compile(r"^[\w.\-@\u4e00-\u9fff]{1,64}$")


@dataclass(frozen=True)
class User:
    """The acting user, as the library sees it.

    Attributes
    ----------
    name
        Login name.
    role
        ``"central"``, ``"province"``, ``"county"`` or ``"viewer"``.
    province_code
        Two-digit code (or ``"XPCC"``) for province and county accounts.
    county_code
        Six-digit code for county accounts.
    """

    name: str
    role: str
    province_code: str | None = None
    county_code: str | None = None

    @property
    def unit(self) -> str | None:
        """The quota unit the account speaks for (province code or ``"XPCC"``)."""
        if self.county_code:
            return regions.quota_unit(self.county_code)
        return self.province_code

    def label(self) -> str:
        """``name (role province/county)`` for audit views."""
        where = self.county_code or self.province_code or ""
        return f"{self.name} ({self.role}{' ' + where if where else ''})"


DESKTOP_USER = User(DESKTOP_USER_NAME, "central")
"""The single user of a no-login desktop install."""


# --------------------------------------------------------------------------- passwords


def hash_password(password: str, name: str | None = None) -> str:
    """Argon2id hash of ``password`` (checked with :func:`check_password_rules` first,
    against the account ``name`` when given)."""
    check_password_rules(password, name)
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; never raises on a bad hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def unmatchable_hash() -> str:
    """An Argon2 hash string at the hasher's parameters that no password matches.

    A sign-in for a name with no account is checked against it, so that it costs what a
    wrong password for a real account costs (the time of an answer does not tell whether a
    name exists): verifying takes the parameters the string states, whatever its digest.
    Written out from the parameters instead of hashed, which took 0.16 s of CPU at the start
    of every process that imported :mod:`geo.store` (each server, each command).
    """
    h = _HASHER
    salt, digest = (
        base64.b64encode(bytes(n)).decode().rstrip("=") for n in (h.salt_len, h.hash_len)
    )
    return (
        f"$argon2{h.type.name.lower()}$v={ARGON2_VERSION}$m={h.memory_cost},t={h.time_cost},p={h.parallelism}"
        f"${salt}${digest}"
    )


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with older parameters and should be replaced."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def check_password_rules(password: str, name: str | None = None) -> None:
    """Refuse a password that is too short, too long or one of the most common.

    A password needs :data:`MIN_PASSWORD_CHARS` to :data:`MAX_PASSWORD_CHARS` characters,
    not only whitespace, and must not be a common password: one of the 30,000 passwords
    most often found in leaked password sets (the list ``zxcvbn`` ships, compared without
    case), nor anything ``zxcvbn`` estimates an attacker guesses in fewer than
    :data:`MIN_PASSWORD_GUESSES` tries (a repeat such as ``88888888``, a sequence such as
    ``abcdefgh``, a date, a keyboard walk, a common password with a digit, the account's
    own name).

    Parameters
    ----------
    password
        The new password.
    name
        The account's name, which the password must not merely repeat.

    Raises
    ------
    InputError
        Code ``weak_password`` (length) or ``common_password``.
    """
    password = password or ""
    if len(password) < MIN_PASSWORD_CHARS or not password.strip():
        raise InputError.single(
            "auth.problem.password_short",
            column="password",
            min=MIN_PASSWORD_CHARS,
            code="weak_password",
        )
    if len(password) > MAX_PASSWORD_CHARS:
        raise InputError.single(
            "auth.problem.password_long",
            column="password",
            max=MAX_PASSWORD_CHARS,
            code="weak_password",
        )
    if is_common_password(password, name):
        raise InputError.single(
            "auth.problem.password_common",
            column="password",
            code="common_password",
        )


def is_common_password(password: str, name: str | None = None) -> bool:
    """Whether ``password`` is a common password (see :func:`check_password_rules`)."""
    from zxcvbn import zxcvbn  # ~0.2 s to import its lists: only when a password is set

    if password.casefold() in _common_passwords():
        return True
    inputs = [name, canonical_name(name)] if name else []
    guesses = zxcvbn(password[:_ZXCVBN_MAX_CHARS], user_inputs=inputs)["guesses"]
    return float(guesses) < MIN_PASSWORD_GUESSES


@functools.cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.casefold() for p in FREQUENCY_LISTS["passwords"])


def canonical_name(name: str | None) -> str:
    """An account name as it is stored and compared: NFKC-normalised and case-folded, so
    ``ａｄｍｉｎ`` (full-width) and ``Admin`` are both ``admin``; surrounding space removed."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    return unicodedata.normalize("NFKC", text).strip()


def confusable_characters(name: str) -> str:
    """The characters of ``name`` that look like a Latin letter, a digit or a Chinese
    character of another script (Cyrillic ``а`` for ``a``, Greek ``ο`` for ``o`` …), as
    ``"'а' (CYRILLIC)"``; empty when there are none (``confusable_homoglyphs``, from
    Unicode's confusables table)."""
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(name, greedy=True, preferred_aliases=_NAME_SCRIPTS) or []
    return ", ".join(f"{f['character']!r} ({f['alias']})" for f in found)


_NAME_SCRIPTS = ["latin", "common", "han"]
"""Scripts account names are expected in; look-alikes from any other are refused."""


@functools.cache
def known_counties() -> frozenset[str]:
    """Six-digit codes of every county of the embedded boundaries (current divisions)."""
    from geo.dataset import load_boundaries

    return frozenset(load_boundaries("county")["code"].astype(str))


def check_account(
    name: str, role: str, province_code: str | None = None, county_code: str | None = None
) -> User:
    """Validate an account's fields and return it as a :class:`User`.

    The name is stored as :func:`canonical_name` (NFKC, case-folded: ``ａｄｍｉｎ`` and
    ``Admin`` are ``admin``) and must not hold look-alikes of Latin letters from other
    scripts (:func:`confusable_characters`: a Cyrillic ``аdmin``). A county account's
    county must exist (:func:`known_counties`); its province is derived from the county
    when not given.

    Raises
    ------
    InputError
        Bad or look-alike name, unknown role, a province account without a known province, a
        county account without an existing six-digit county, or a province that does not
        match the county.
    """
    problems: list[Problem] = []
    name = canonical_name(name)
    if not _NAME_RE.match(name):
        problems.append(Problem("auth.problem.name_chars", column="name"))
    else:
        lookalike = confusable_characters(name)
        if lookalike:
            problems.append(
                Problem(
                    "auth.problem.name_confusable",
                    column="name",
                    code="confusable",
                    params={"chars": lookalike},
                )
            )
    if role not in ROLES:
        problems.append(
            Problem("auth.problem.role", column="role", params={"roles": ", ".join(ROLES)})
        )
    province = (province_code or "").strip() or None
    county = (county_code or "").strip() or None
    if county is not None and not re.fullmatch(r"\d{6}", county):
        problems.append(
            Problem("auth.problem.county_digits", column="county", params={"county": county})
        )
        county = None
    elif county is not None and county not in known_counties():
        problems.append(
            Problem(
                "auth.problem.county_unknown",
                column="county",
                code="unknown_county",
                params={"county": county},
            )
        )
        county = None
    if role == "county" and county is None and not problems:
        problems.append(Problem("auth.problem.county_needed", column="county"))
    if county and province is None:
        province = regions.quota_unit(county)
    if province is not None and province != regions.XPCC_KEY:
        try:
            province = regions.province(province).code
        except KeyError:
            problems.append(
                Problem(
                    "auth.problem.province_unknown",
                    column="province",
                    params={"province": province},
                )
            )
    if role == "province" and province is None and not problems:
        problems.append(Problem("auth.problem.province_needed", column="province"))
    if county and province and regions.quota_unit(county) != province:
        problems.append(
            Problem(
                "auth.problem.county_outside",
                column="county",
                params={"county": county, "province": province},
            )
        )
    if problems:
        raise InputError(problems)
    if role in ("central", "viewer"):
        province, county = (province if role == "viewer" else None), None
    return User(name, role, province, county if role == "county" else None)


# --------------------------------------------------------------------------- login mode


def login_required(
    environ: Mapping[str, str] | None = None, *, network: bool = False, accounts: int = 0
) -> bool:
    """Whether the app asks for a login.

    Login is on whenever an account exists (``accounts`` > 0): the single-user desktop
    (every session acts as :data:`DESKTOP_USER`, a central account) lasts only while the
    database has no account. With no account, ``YOUTHMAP_NO_LOGIN=0`` still asks (nobody
    can get in until an account is made), and setting ``YOUTHMAP_DB_URL`` (a shared
    deployment) asks too unless ``YOUTHMAP_NO_LOGIN=1``. Served on a network (``network``: a
    non-loopback address, or a client that is not on this machine), login is always on:
    :func:`check_serving` refuses ``YOUTHMAP_NO_LOGIN=1`` there.

    Parameters
    ----------
    environ
        Environment to read (default ``os.environ``).
    network
        Whether this session reaches the app from another machine.
    accounts
        How many active accounts the database holds.
    """
    if network or accounts > 0:
        return True
    env = os.environ if environ is None else environ
    no_login = _flag(env.get(NO_LOGIN_ENV))
    if no_login is not None:
        return not no_login
    return bool(env.get("YOUTHMAP_DB_URL", "").strip())


def _flag(value: str | None) -> bool | None:
    """An on/off environment setting: ``True``, ``False`` or ``None`` (unset or unclear)."""
    text = (value or "").strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    return None


def is_loopback(address: str | None) -> bool:
    """Whether a server bound to ``address`` is reachable only from this machine.

    ``127.0.0.0/8``, ``::1`` and ``localhost`` are; an empty address (every interface), any
    other address and any other host name are not.
    """
    text = (address or "").strip().strip("[]").lower()
    if text == "localhost":
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def check_serving(
    address: str | None,
    accounts: int,
    environ: Mapping[str, str] | None = None,
    *,
    network: bool | None = None,
) -> None:
    """Refuse to serve the app on a network without logins.

    On a loopback address anything goes (the desktop). On any other address login is
    always on, so ``YOUTHMAP_NO_LOGIN=1`` is refused, and at least one account must exist.

    Parameters
    ----------
    address
        The address the server binds (``--server.address``; empty means every interface).
    accounts
        How many active accounts the database holds.
    environ
        Environment to read (default ``os.environ``).
    network
        Whether the app is reachable from other machines; default: ``address`` is not a
        loopback address (a loopback server behind a proxy is on a network too).

    Raises
    ------
    InputError
        Code ``network_no_login`` or ``network_no_account``, saying what to do.
    """
    if not (network if network is not None else not is_loopback(address)):
        return
    env = os.environ if environ is None else environ
    where: object = address or Term(key="auth.where.any")
    if is_loopback(address):
        where = Term(key="auth.where.network")
    if _flag(env.get(NO_LOGIN_ENV)) is True:
        raise InputError.single(
            "auth.problem.network_no_login",
            where=where,
            env=NO_LOGIN_ENV,
            column="--address",
            code="network_no_login",
        )
    if accounts <= 0:
        raise InputError.single(
            "auth.problem.network_no_account",
            where=where,
            column="--address",
            code="network_no_account",
        )


# --------------------------------------------------------------------------- role checks


def _deny(
    user: User, what: str, *, kind: str = "", area: str = "", roles: tuple[str, ...] = ()
) -> PermissionDenied:
    return PermissionDenied(
        f"{user.label()} may not {what}", who=user.label(), kind=kind, area=area, roles=roles
    )


def require_role(user: User | None, *roles: str) -> User:
    """Raise :class:`PermissionDenied` unless ``user`` has one of ``roles``."""
    if user is None:
        raise PermissionDenied("not logged in", kind="account")
    if user.role not in roles:
        raise _deny(user, f"do this (needs {' or '.join(roles)})", kind="role", roles=roles)
    return user


def may_write_community(user: User, unit: str, county_code: str | None) -> bool:
    """Whether ``user`` may change a community in quota unit ``unit`` and county
    ``county_code`` (the lifecycle decides which status changes)."""
    if user.role == "central":
        return True
    if user.role == "province":
        return user.province_code is not None and user.province_code == unit
    if user.role == "county":
        return user.county_code is not None and user.county_code == (county_code or "")
    return False


def require_community_write(
    user: User | None, unit: str, county_code: str | None, what: str
) -> User:
    """Raise :class:`PermissionDenied` unless ``user`` may write this community."""
    if user is None:
        raise PermissionDenied("not logged in", kind="account")
    if not may_write_community(user, unit, county_code):
        if user.role == "viewer":
            raise _deny(user, what, kind="role", roles=("central", "province", "county"))
        area = (county_code or unit) if user.role == "county" else unit
        raise _deny(user, f"{what} (community in {county_code or unit})", kind="area", area=area)
    return user


def may_write_plan(user: User, plan_province: str | None) -> bool:
    """Whether ``user`` may create or change a plan whose scope is ``plan_province``
    (``None`` for a national plan): the centre any, a province its own only."""
    if user.role == "central":
        return True
    return (
        user.role == "province"
        and plan_province is not None
        and plan_province == user.province_code
    )


def require_plan_write(user: User | None, plan_province: str | None, what: str) -> User:
    """Raise :class:`PermissionDenied` unless ``user`` may write a plan of this scope."""
    if user is None:
        raise PermissionDenied("not logged in")
    if not may_write_plan(user, plan_province):
        scope = "national plan" if plan_province is None else plan_province
        if user.role == "province":
            raise _deny(user, f"{what} ({scope})", kind="area", area=plan_province or "")
        raise _deny(user, f"{what} ({scope})", kind="role", roles=("central", "province"))
    return user


def require_unit(user: User | None, unit: str, what: str) -> User:
    """Raise :class:`PermissionDenied` unless ``user`` speaks for quota unit ``unit``
    (central, or the province account of that unit)."""
    if user is None:
        raise PermissionDenied("not logged in")
    if user.role == "central" or (user.role == "province" and user.province_code == unit):
        return user
    if user.role != "province":
        raise _deny(user, f"{what} for {unit}", kind="role", roles=("central", "province"))
    raise _deny(user, f"{what} for {unit}", kind="area", area=unit)
