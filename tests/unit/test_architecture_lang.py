"""The library speaks codes, the edge speaks languages: no function of ``geo/`` outside the
edges takes ``lang``.

The edges render text in their reader's language: the command line (``geo/cli``), exports
(``geo/export``), maps (``geo/maps``), the catalogue (``geo/locales``, ``geo/i18n.py``).
Everything else returns data and raises problems as message codes with parameters
(:class:`geo.core.errors.Problem`), rendered at the edge.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests._paths import ROOT

GEO = ROOT / "geo"
EDGES = re.compile(r"^geo/(cli|export|maps|locales)/|^geo/i18n\.py$")

PRESENTATION_DEBT: frozenset[str] = frozenset(
    {
        # Functions whose whole job is a table, workbook, map or story in the reader's
        # language, not yet moved to an edge (issue 22). Named ``module:qualname`` by the
        # module's file name, so a module moved into a sub-package keeps its entries. The
        # list only shrinks: an entry that no longer takes ``lang`` fails the test below.
        "cobuild:column_labels",
        "filing:reasons",
        "filing:home_status",
        "filing:cobuild_summary",
        "filing:filing_table",
        "filing:filing_xlsx",
        "layers:column_labels",
        "pairing:column_labels",
        "pairing:for_display",
        "pairing:compare_for_display",
        "scope:Scope.label",
        "reports:unit_name",
        "reports:status_board",
        "reports:filing_table",
        "reports:evaluation_summary",
        "reports:_diff",
        "reports:history",
        "reports:localize",
        "reports:filing_xlsx",
        "reports:evaluation_xlsx",
        "templates:template_xlsx",
        "templates:report_xlsx",
        "templates:problems_xlsx",
        # Renderers of one label in the reader's language, merged from main (branches
        # ``lang`` and ``records``): they are what an edge calls, not yet moved to one.
        "places:place_label",  # a place name as shown in zh or en (english_place)
        "records:header",  # a record field's column header (templates, exports)
        "records:choice_label",  # a record field choice's label (templates, exports)
    }
)


def functions_taking(name: str, path: Path) -> list[str]:
    """``module:qualname`` of every function in ``path`` with a parameter ``name``."""
    found: list[str] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                a = child.args
                if name in [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs]:
                    found.append(f"{path.stem}:{prefix}{child.name}")
                visit(child, f"{prefix}{child.name}.")

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def library_functions_taking_lang() -> set[str]:
    return {
        qualname
        for path in sorted(GEO.rglob("*.py"))
        if not EDGES.match(path.relative_to(ROOT).as_posix())
        for qualname in functions_taking("lang", path)
    }


def test_no_library_function_outside_the_edges_takes_lang():
    new = sorted(library_functions_taking_lang() - PRESENTATION_DEBT)
    assert not new, f"raise a message code, render at the edge: {new}"


def test_the_presentation_debt_only_shrinks():
    paid = sorted(PRESENTATION_DEBT - library_functions_taking_lang())
    assert not paid, f"no longer take lang, remove from PRESENTATION_DEBT: {paid}"


def test_the_analysis_and_intake_modules_take_no_lang_at_all():
    for module in ("coverage", "gaps", "siting", "io", "validate", "headers", "selection"):
        assert not [q for q in PRESENTATION_DEBT if q.startswith(f"{module}:")], module
    assert not {q.split(":")[0] for q in library_functions_taking_lang()} & {
        "coverage",
        "gaps",
        "siting",
        "io",
        "validate",
        "headers",
        "_archive",
        "_vector",
        "_xlsx",
        "selection",
        "quota",
    }


def test_the_scan_sees_methods_and_keyword_only_parameters(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(
        "def f(a, *, lang='zh'): ...\nclass C:\n    def g(self, lang): ...\ndef h(x): ...\n"
    )
    assert functions_taking("lang", path) == ["m:f", "m:C.g"]
