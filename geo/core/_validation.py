"""Parameters declared once and checked at the boundary, in the spirit of scikit-learn's
``_param_validation``.

A public function states what each parameter may be with :func:`validate_params`::

    @validate_params(
        radius_m=Interval(Real, 0, MAX_RADIUS_M, closed="right", key="coverage.problem.radius_range"),
        level=Options(LEVELS, key="coverage.problem.level"),
    )
    def coverage_rates(coverage, level="province", radius_m=1_000): ...

and every call is checked before the body runs: each broken constraint is one
:class:`geo.core.errors.Problem` (message code and parameters, ``column`` = the parameter's
name), all of them raised together as one :class:`geo.core.errors.InputError`. The command line
checks an option with the same constraints through :func:`check` (no second set of hand
checks). Standard library only, so :mod:`geo.cli` may import it at start
(``tests/cli/test_cli_start.py``).

Messages come from the catalogue: a constraint's ``key`` (a module's own message, so the
reason reads as it always has), else the generic ``params.*`` keys of
:mod:`geo.locales.params`. Their parameters are ``name``, ``value``, ``min``, ``max`` and
``choices``.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from numbers import Integral, Real
from typing import Any, Literal, Protocol, TypeVar

from geo.core.errors import InputError, Problem

__all__ = [
    "Constraint",
    "Spec",
    "EachValue",
    "Integral",
    "Interval",
    "Options",
    "Real",
    "check",
    "check_all",
    "constraints_of",
    "validate_params",
]

F = TypeVar("F", bound=Callable[..., Any])


class Constraint(Protocol):
    """What a parameter may be: :meth:`problem` says what is wrong, or ``None``."""

    def problem(self, name: str, value: object) -> Problem | None: ...


@dataclass(frozen=True)
class Interval:
    """A number of ``kind`` (:class:`numbers.Real` or :class:`numbers.Integral`) between
    ``left`` and ``right`` (``None``: unbounded on that side).

    Parameters
    ----------
    kind
        ``Real`` (any finite number) or ``Integral`` (a whole number; ``3.0`` counts).
    left, right
        Bounds; ``closed`` says which are included.
    closed
        ``"both"`` (default), ``"left"``, ``"right"`` or ``"neither"``.
    key
        Message code of a value out of range (default ``params.interval``).
    type_key
        Message code of a value that is not a number (default ``params.number`` /
        ``params.whole``).
    code
        The problem's kind (default ``"invalid_option"``).
    column
        The name problems give (default: the parameter's, e.g. an option's name instead).
    """

    kind: type
    left: float | None = None
    right: float | None = None
    closed: Literal["both", "left", "right", "neither"] = "both"
    key: str | None = None
    type_key: str | None = None
    code: str = "invalid_option"
    column: str | None = None

    def _range(self) -> str:
        lo = "-∞" if self.left is None else f"{self.left:g}"
        hi = "∞" if self.right is None else f"{self.right:g}"
        opening = "[" if self.closed in ("both", "left") and self.left is not None else "("
        closing = "]" if self.closed in ("both", "right") and self.right is not None else ")"
        return f"{opening}{lo}, {hi}{closing}"

    def contains(self, value: float) -> bool:
        """Whether the number ``value`` lies within the bounds."""
        lo, hi = self.left, self.right
        low_open = self.closed in ("right", "neither")
        high_open = self.closed in ("left", "neither")
        below = lo is not None and (value < lo or (value == lo and low_open))
        above = hi is not None and (value > hi or (value == hi and high_open))
        return not (below or above)

    def problem(self, name: str, value: object) -> Problem | None:
        column = self.column or name
        whole = self.kind is Integral
        params: dict[str, object] = {"name": name, "column": column, "value": value}
        params["range"] = self._range()
        params.update(min=self.left, max=self.right)
        number = float(value) if isinstance(value, Real) and not isinstance(value, bool) else None
        if number is None or not math.isfinite(number) or (whole and number != int(number)):
            key = self.type_key or ("params.whole" if whole else "params.number")
            params["value"] = repr(value)
            return Problem(key, column=column, code=self.code, params=params)
        if not self.contains(number):
            return Problem(
                self.key or "params.interval", column=column, code=self.code, params=params
            )
        return None


@dataclass(frozen=True)
class Options:
    """One of a fixed set of values (e.g. a method name).

    Parameters
    ----------
    values
        The values accepted, in the order messages list them.
    key
        Message code of a value outside the set (default ``params.options``).
    code
        The problem's kind (default ``"invalid_option"``).
    column
        The name problems give (default: the parameter's).
    """

    values: tuple[object, ...]
    key: str | None = None
    code: str = "invalid_option"
    column: str | None = None

    def problem(self, name: str, value: object) -> Problem | None:
        column = self.column or name
        try:
            if value in self.values:
                return None
        except TypeError:  # an unhashable value compared with the options
            pass
        params = {
            "name": name,
            "value": repr(value),
            "choices": ", ".join(str(v) for v in self.values),
        }
        return Problem(self.key or "params.options", column=column, code=self.code, params=params)


@dataclass(frozen=True)
class EachValue:
    """A mapping whose every value meets ``constraint`` (e.g. capacities by campus type);
    the problem's parameters gain ``item``, the key of the first value that does not."""

    constraint: Constraint

    def problem(self, name: str, value: object) -> Problem | None:
        if not isinstance(value, Mapping):
            params = {"name": name, "value": repr(value)}
            return Problem("params.mapping", column=name, code="invalid_option", params=params)
        for item, each in value.items():
            found = self.constraint.problem(name, each)
            if found is not None:
                return replace(found, params={**found.params, "item": item})
        return None


Spec = Constraint | None | list[Constraint | None]
"""A parameter's declaration: one constraint, or a list of which any may hold (``None`` in
the list lets ``None`` through)."""


def check(name: str, value: object, spec: Spec) -> Problem | None:
    """The problem with ``value`` for parameter ``name`` under ``spec``, or ``None``."""
    options = spec if isinstance(spec, list) else [spec]
    if value is None and None in options:
        return None
    first: Problem | None = None
    for constraint in options:
        if constraint is None:
            continue
        found = constraint.problem(name, value)
        if found is None:
            return None
        first = first or found
    return first


def check_all(values: Mapping[str, object], specs: Mapping[str, Spec]) -> None:
    """Check several parameters; every problem is raised together as one InputError."""
    problems = [p for name, spec in specs.items() if (p := check(name, values[name], spec))]
    if problems:
        raise InputError(problems)


def validate_params(**specs: Spec) -> Callable[[F], F]:
    """Declare the constraints of a function's parameters; each call is checked first.

    Parameters
    ----------
    **specs
        Parameter name → :data:`Spec`. A name the function does not have is an error when
        the decorator is applied (a typo would otherwise check nothing).

    Returns
    -------
    callable
        The decorator. The wrapped function keeps its name, docstring and signature and
        exposes the declaration as ``__param_constraints__``.
    """

    def decorate(func: F) -> F:
        signature = inspect.signature(func)
        unknown = set(specs) - set(signature.parameters)
        if unknown:
            raise TypeError(f"{func.__qualname__} has no parameter {sorted(unknown)}")

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            check_all(bound.arguments, specs)
            return func(*args, **kwargs)

        wrapper.__param_constraints__ = dict(specs)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def constraints_of(func: Callable[..., Any]) -> dict[str, Spec]:
    """The constraints ``func`` declares with :func:`validate_params` (``{}`` for none)."""
    return dict(getattr(func, "__param_constraints__", {}))


def names(values: Iterable[object]) -> str:
    """Values joined for a message (``"a, b, c"``)."""
    return ", ".join(str(v) for v in values)
