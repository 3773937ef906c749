"""Exceptions raised by YouthMap.

Every problem with user input is reported as a :class:`Problem` that names the file,
the row as the user sees it (1-based, header included, as in Excel), the column and a
plain reason. An :class:`InputError` carries one or more problems; the CLI turns it into
exit code 2 with one line per problem, and pages show it with ``st.error``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input.

    Parameters
    ----------
    reason
        Plain-language reason, already in the user's language.
    file
        File name the problem is in (``None`` for in-memory data or command options).
    row
        Row number as the user sees it in Excel (header is row 1), or ``None``.
    column
        Column name as it appears in the user's file, or ``None``.
    severity
        ``"error"`` blocks an import, ``"warning"`` does not.
    code
        Stable machine-readable kind, e.g. ``"missing"``, ``"not_number"``.
    """

    reason: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    severity: Severity = "error"
    code: str = "invalid"

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.reason}" if prefix else self.reason


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
        reason: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        code: str = "invalid",
    ) -> InputError:
        """Build an error holding one problem."""
        return cls([Problem(reason, file=file, row=row, column=column, code=code)])

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class PermissionDenied(YouthMapError, PermissionError):
    """The acting user's role does not allow this write."""


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
