"""Exceptions raised by YouthMap.

Every problem with user input is reported as a :class:`Problem` that names the file,
the row as the user sees it (1-based, header included, as in Excel), the column and a
message *code* with its parameters: the library never chooses a language. The edges (the
pages through :mod:`ui`, the command line, the exports) render a problem with
:func:`geo.i18n.problem_text` / :func:`geo.i18n.problem_line` in their reader's language.
An :class:`InputError` carries one or more problems; the CLI turns it into exit code 2 with
one line per problem, and pages show it with ``st.error``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

# A message parameter that is words: the catalogue defines it, problems carry it.
from geo.i18n import Term as Term

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input.

    Parameters
    ----------
    key
        The message code: a catalogue key such as ``"data.problem.not_number"``, rendered
        at the edge with ``params`` (a text that is not a catalogue key is shown as it is).
    file
        File name the problem is in (``None`` for in-memory data or command options).
    row
        Row number as the user sees it in Excel (header is row 1), or ``None``.
    column
        Column name as it appears in the user's file, or ``None``.
    severity
        ``"error"`` blocks an import, ``"warning"`` does not.
    code
        Stable machine-readable kind, e.g. ``"missing"``, ``"not_number"`` (the problem
        tables group and filter by it).
    params
        Values substituted into the message's ``{name}`` placeholders; a :class:`Term` is
        rendered in the reader's language.
    """

    key: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    severity: Severity = "error"
    code: str = "invalid"
    params: Mapping[str, object] = field(default_factory=dict, hash=False)

    @property
    def reason(self) -> str:
        """The message in the default language (Chinese); edges render their own."""
        from geo import i18n

        return i18n.problem_text(self)

    def where(self) -> str:
        """``file, row N, column C`` (the parts known), as the command line prints it."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        from geo import i18n

        return i18n.problem_line(self)


class YouthMapError(Exception):
    """Base class of every error YouthMap raises on purpose."""


@dataclass
class InputError(YouthMapError, ValueError):
    """Bad input: a file, a table or an option that cannot be used as given.

    Parameters
    ----------
    problems
        The problems found; at least one.
    """

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls,
        key: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        code: str = "invalid",
        **params: object,
    ) -> InputError:
        """Build an error holding one problem (message ``key`` with ``params``)."""
        problem = Problem(key, file=file, row=row, column=column, code=code, params=params)
        return cls([problem])

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def respelled(self, headers: Mapping[str, str]) -> InputError:
        """The same problems with each column named as the user's file spells it:
        ``headers`` maps a machine name (``county_code``) to the file's header (区县代码), for
        a table whose columns were renamed when read (:attr:`Problem.column` is the file's)."""
        return InputError(
            [
                replace(p, column=headers.get(p.column, p.column)) if p.column else p
                for p in self.problems
            ]
        )


class PermissionDenied(YouthMapError, PermissionError):
    """The acting user may not make this write.

    Parameters
    ----------
    detail
        English detail (logs).
    who
        The acting account as :meth:`geo.plan.auth.User.label` shows it, or ``None`` when no
        one is logged in (the edges name it in their reader's language).
    inactive
        The account is deactivated or does not exist (rather than lacking the role).
    kind
        ``"role"`` (the account's role may not do this at all), ``"area"`` (the role may,
        but not outside the account's own province or county), ``"account"`` (not logged
        in, deactivated or unknown account) or ``""`` when not said.
    area
        The province / quota unit or county code the refused record belongs to
        (``kind="area"``).
    roles
        The roles that may do it (``kind="role"``).
    """

    def __init__(
        self,
        detail: str = "",
        who: str | None = None,
        inactive: bool = False,
        *,
        kind: str = "",
        area: str = "",
        roles: tuple[str, ...] = (),
    ) -> None:
        self.who = who
        self.inactive = inactive
        self.kind = "account" if inactive and not kind else kind
        self.area = area
        self.roles = tuple(roles)
        super().__init__(detail)


OS_REASONS: frozenset[str] = frozenset(
    {"EACCES", "EPERM", "ENOENT", "ENOSPC", "EROFS", "EISDIR", "ENOTDIR", "EEXIST", "EDQUOT"}
)
"""System errors whose reason the catalogue words (``os.enospc`` …)."""


def os_reason(exc: OSError) -> object:
    """Why the system refused a file operation, as a message parameter: a :class:`Term`
    of the catalogue for the common reasons (no permission, a full disk …), else the
    system's own words."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in OS_REASONS:
        return Term(key=f"os.{name.lower()}")
    return exc.strerror or type(exc).__name__


class StaleWrite(YouthMapError):
    """A write was based on an out-of-date version of a row; nothing was written."""


class StoreError(YouthMapError):
    """The database refused or failed a read or write for a reason of its own (a full disk,
    a read-only database, a server error); nothing was written.

    Attributes
    ----------
    code
        ``"disk_full"``, ``"read_only"`` or ``"db_error"``.
    """

    def __init__(self, code: str, detail: str) -> None:
        self.code = code
        super().__init__(detail)


class LoginRefused(YouthMapError):
    """A login refused without checking the password: too many recent failures.

    Attributes
    ----------
    kind
        ``"account"`` (the name tried) or ``"client"`` (the address the tries come from).
    reason
        ``"locked"`` (a lockout) or ``"throttled"`` (wait a little between tries).
    seconds
        How long until a try is accepted again (at least 1).
    """

    def __init__(self, kind: str, reason: str, seconds: int) -> None:
        self.kind = kind
        self.reason = reason
        self.seconds = max(1, int(seconds))
        what = "this account" if kind == "account" else "this client"
        super().__init__(
            f"too many failed logins for {what}: "
            f"{'locked' if reason == 'locked' else 'wait'}, try again in {self.seconds} s"
        )
