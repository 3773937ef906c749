"""Every message code ``geo/`` raises is in the catalogue, in Chinese and in English, with
the same placeholders in both (generalises the ``data.kind`` catalogue test)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from geo import i18n
from geo.core import _validation
from geo.core.errors import InputError, Problem, Term
from tests._paths import ROOT

KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")
"""What a message code looks like (``pairing.problem.capacity``); anything else is text."""

RAISERS = {"Problem", "single", "_error", "_refuse"}
"""Calls whose first argument is a message code."""


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def codes_in(tree: ast.AST) -> set[str]:
    """Message codes a module raises, read from its calls.

    ``Problem("k", …)``, ``InputError.single("k", …)``, ``_error("k", …)``; coverage's
    ``problem("k")`` (``coverage.problem.k``); validation's collector ``.at(mask, "code", …,
    key="k")`` / ``.file_level("code")`` (``data.problem.<key or code>``); and every
    ``key=`` / ``type_key=`` a declared constraint names.
    """
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        first = _text(node.args[0]) if node.args else None
        keywords = {k.arg: _text(k.value) for k in node.keywords}
        if name in RAISERS and first:
            found.add(first)
        elif name in RAISERS and node.args and isinstance(node.args[0], ast.JoinedStr):
            text = ast.unparse(node.args[0])
            if not re.match(r"^f'[a-z_.]+\{\w+\}'$", text):  # f"data.problem.{code}": a code
                found.add(text)  # an f-string sentence: text, not a code
        elif name == "problem" and first:
            found.add(f"coverage.problem.{first}")
        elif name == "file_level" and first:
            found.add(f"data.problem.{first}")
        elif name == "at" and len(node.args) >= 2 and _text(node.args[1]):
            found.add(f"data.problem.{keywords.get('key') or _text(node.args[1])}")
        for kw in ("key", "type_key", "bad_key"):
            if keywords.get(kw) and name != "at":
                found.add(str(keywords[kw]))
    return found


NAMED_BY_FOLDER = ("cli", "export", "maps", "store")
"""Folders whose modules are named with the folder (``cli/pair``: ``pair`` alone is vague)."""


PACKAGES_AS_ONE = ("siting",)
"""Packages that replaced a module of the same name: their modules answer to that name."""


def module_name(path: Path) -> str:
    """A module's name as the lists here spell it: its file name (``pairing``), or
    ``cli/pair`` under :data:`NAMED_BY_FOLDER`, or the package's name under
    :data:`PACKAGES_AS_ONE`; a module moved into a sub-package keeps its name."""
    parent = path.parent.name
    if parent in PACKAGES_AS_ONE:
        return parent
    return f"{parent}/{path.stem}" if parent in NAMED_BY_FOLDER else path.stem


def raised_codes() -> dict[str, set[str]]:
    """Module name → message codes it raises, for every module of ``geo/`` but the catalogue."""
    out: dict[str, set[str]] = {}
    for path in sorted((ROOT / "geo").rglob("*.py")):
        if path.parent.name == "locales":
            continue
        codes = codes_in(ast.parse(path.read_text(encoding="utf-8")))
        out.setdefault(module_name(path), set()).update(codes)
    return out


LITERAL_DEBT: frozenset[str] = frozenset()
"""Modules still raising a sentence of English instead of a message code (shown as it is in
either language), by :func:`module_name`: none now, and the test keeps it so (a new module
raising text fails)."""


def test_only_the_listed_modules_still_raise_text_and_the_list_only_shrinks():
    literal = {m for m, codes in raised_codes().items() if any(not KEY.match(c) for c in codes)}
    assert not literal - LITERAL_DEBT, sorted(literal - LITERAL_DEBT)
    assert not LITERAL_DEBT - literal, f"raise codes now, remove: {sorted(LITERAL_DEBT - literal)}"


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_the_scan_finds_the_codes_of_every_raising_form():
    tree = ast.parse(
        'Problem("a.problem.x")\nInputError.single("b.problem.y", column="c")\n'
        'problem("radius_nan")\ncheck.at(m, "missing", col, key="unplaced")\n'
        'check.file_level("crs_shift")\nInterval(Real, 0, key="c.problem.z")\n'
    )
    assert codes_in(tree) == {
        "a.problem.x",
        "b.problem.y",
        "coverage.problem.radius_nan",
        "data.problem.unplaced",
        "data.problem.crs_shift",
        "c.problem.z",
    }


def test_the_library_raises_codes_from_every_analysis_and_intake_module():
    codes = raised_codes()
    for module in ("io", "validate", "coverage", "gaps", "siting", "pairing", "selection"):
        assert {c for c in codes[module] if KEY.match(c)}, module


def test_every_code_raised_is_in_the_catalogue_in_both_languages():
    catalogue = i18n.catalogue()
    problems = []
    for module, codes in raised_codes().items():
        for code in sorted(c for c in codes if KEY.match(c)):
            pair = catalogue.get(code)
            if pair is None:
                problems.append(f"{module}: {code} is not in the catalogue")
            elif not (pair[0] and pair[1]) or pair[0] == pair[1]:
                problems.append(f"{module}: {code} lacks a Chinese or an English text")
            elif _fields(pair[0]) != _fields(pair[1]):
                problems.append(f"{module}: {code} has other placeholders in zh and en")
    assert not problems, "\n".join(problems)


def test_the_generic_parameter_messages_take_the_parameters_constraints_give():
    given = {"name", "column", "value", "range", "min", "max", "choices"}
    for key, (zh, en) in i18n.catalogue().items():
        if key.startswith("params."):
            assert _fields(zh) == _fields(en) and _fields(en) <= given, key


@pytest.mark.parametrize(
    ("constraint", "value", "key"),
    [
        (_validation.Interval(_validation.Real, 0, 10), 11, "params.interval"),
        (_validation.Interval(_validation.Real, 0, 10), "x", "params.number"),
        (_validation.Interval(_validation.Integral, 1, None), 1.5, "params.whole"),
        (_validation.Options(("a", "b")), "c", "params.options"),
    ],
)
def test_a_declared_constraint_renders_in_both_languages(constraint, value, key):
    problem = _validation.check("n", value, constraint)
    assert problem is not None and problem.key == key and problem.column == "n"
    zh, en = (i18n.problem_text(problem, lang) for lang in ("zh", "en"))
    assert "⟦" not in zh + en and zh != en and re.search(r"[\u4e00-\u9fff]", zh)
    assert not re.search(r"[\u4e00-\u9fff]", en)


def test_a_term_parameter_is_rendered_in_the_readers_language():
    problem = Problem("data.problem.missing", params={"name": Term(zh="常住人口", en="Population")})
    assert "常住人口" in i18n.problem_text(problem, "zh")
    assert "Population" in i18n.problem_text(problem, "en")
    crs = Problem(
        "data.problem.crs_shift",
        params={"chosen": Term(key="data.crs.gcj02"), "suggested": Term(key="data.crs.bd09")},
    )
    assert i18n.t("data.crs.gcj02", "en") in i18n.problem_text(crs, "en")


def test_a_missing_column_named_by_its_message_is_not_named_twice_in_the_line():
    named = Problem(
        "data.problem.missing_column",
        file="c.csv",
        column="常住人口",
        code="missing_column",
        params={"name": "常住人口 / Population (population)"},
    )
    assert i18n.problem_line(named, "en") == (
        "c.csv: missing required column: 常住人口 / Population (population)"
    )
    assert i18n.problem_line(named, "zh") == "c.csv：缺少必填列：常住人口 / Population (population)"
    # a message that does not name the column keeps the column in the place
    unnamed = Problem(
        "mgmt.scores.problem.missing_column", file="s.xlsx", column="专家", code="missing_column"
    )
    assert i18n.problem_line(unnamed, "en") == "s.xlsx, column 专家: This column is missing"


def test_a_problem_missing_a_value_still_renders_never_raises():
    problem = Problem("coverage.problem.radius_range", params={"value": -5})
    assert i18n.problem_text(problem, "en") == "radius must be above 0 and at most {max} m, got -5"
    assert "{max}" in str(InputError([problem]))


def test_validate_params_checks_every_declared_parameter_at_once():
    @_validation.validate_params(
        k=_validation.Interval(_validation.Integral, 1, None),
        how=_validation.Options(("x", "y")),
        limit=[None, _validation.Interval(_validation.Real, 0, None, closed="neither")],
    )
    def f(k: int, how: str = "x", limit: float | None = None) -> int:
        return k

    assert f(2) == 2 and f(3, "y", limit=None) == 3
    with pytest.raises(InputError) as err:
        f(0, "z", limit=0.0)
    assert [p.column for p in err.value.problems] == ["k", "how", "limit"]
    with pytest.raises(TypeError):
        _validation.validate_params(nope=_validation.Options(("a",)))(f)


def test_every_public_analysis_function_declares_its_parameters():
    from geo.analysis import cobuild, coverage, gaps, pairing, scoring

    for func in (
        coverage.community_coverage,
        coverage.recover,
        coverage.coverage_rates,
        coverage.coverage_summary,
        gaps.find_gaps,
        pairing.pair,
        scoring.score,
        cobuild.units_within,
        cobuild.cobuild_table,
    ):
        assert _validation.constraints_of(func), func.__qualname__
