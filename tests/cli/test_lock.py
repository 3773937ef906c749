"""Dependencies: every one bounded above in pyproject.toml, all pinned with hashes in
requirements.lock (which the Makefile installs from), and ``make audit`` runs and says
what it could check."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests import _paths

ROOT = _paths.ROOT
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = ROOT / "requirements.lock"


def requirements() -> list[Requirement]:
    project = PYPROJECT["project"]
    return [Requirement(r) for r in project["dependencies"]] + [
        Requirement(r) for r in project["optional-dependencies"]["dev"]
    ]


def pins() -> dict[str, list[tuple[str, str, int]]]:
    """Locked name -> [(version, marker, number of hashes)] (a universal lock may pin one
    package twice, for different Python versions)."""
    out: dict[str, list[tuple[str, str, int]]] = {}
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"))
    for block in blocks:
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)\s*(;[^\\\n]*)?", block)
        if m:
            hashes = len(re.findall(r"--hash=sha256:[0-9a-f]{64}", block))
            out.setdefault(canonicalize_name(m[1]), []).append(
                (m[2], (m[3] or "").strip("; ").strip(), hashes)
            )
    return out


@pytest.mark.parametrize("req", requirements(), ids=str)
def test_every_dependency_has_an_upper_bound(req):
    assert any(s.operator in ("<", "<=", "==", "~=") for s in req.specifier), str(req)


@pytest.mark.parametrize("req", requirements(), ids=str)
def test_every_dependency_is_locked_within_its_bounds(req):
    locked = pins().get(canonicalize_name(req.name))
    assert locked, f"{req.name} is not in requirements.lock: run make lock"
    for version, _marker, hashes in locked:
        assert req.specifier.contains(version, prereleases=True), (req, version)
        assert hashes >= 1


def test_every_locked_package_has_a_hash_and_one_pin_per_python():
    locked = pins()
    assert len(locked) > 100
    for name, entries in locked.items():
        assert all(h >= 1 for _, _, h in entries), name
        if len(entries) > 1:  # e.g. one version for Python 3.11, another from 3.12
            assert all(marker for _, marker, _ in entries), name


def test_the_build_needs_nothing_unlocked():
    build = [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]
    locked = pins()
    for req in build:
        assert any(req.specifier.contains(v) for v, _, _ in locked[canonicalize_name(req.name)])


def test_the_makefile_installs_only_from_the_lock_with_hashes():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    make = re.sub(r"\\\n\s*", "", make)  # continued lines as one
    recipe = make[make.index("$(STAMP):") :].split("\n\n")[0]
    installs = [ln.strip() for ln in recipe.splitlines() if "pip install" in ln]
    # from the wheelhouse when it is there: the lock's own wheels, fetched against its hashes
    # (and checked again by --require-hashes on install)
    wheelhouse = "$$(test -f $(WHEELHOUSE)/.stamp && echo --no-index --find-links $(WHEELHOUSE))"
    assert installs == [
        f"$(BIN)/python -m pip install --quiet --no-compile --require-hashes {wheelhouse} -r $(LOCK)",
        "$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .",
    ]
    assert "$(STAMP): pyproject.toml $(LOCK)" in make
    fill = make[make.index("$(WHEELHOUSE)/.stamp: $(LOCK)") :].split("\n\n")[0]
    fetches = [ln.strip() for ln in fill.splitlines() if "pip " in ln]
    assert fetches == [
        "$(BIN)/python -m pip download --quiet --require-hashes -r $(LOCK) -d $(WHEELHOUSE)"
    ]
    for target in ("run:", "audit:"):
        assert re.search(rf"^{target} \$\(STAMP\)", make, re.M), target
    assert re.search(r"^test: \$\(WHEELHOUSE\)/\.stamp \$\(STAMP\) ", make, re.M)


def test_make_audit_runs_and_says_what_it_checked():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "audit.py"), str(LOCK)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = done.stdout
    assert "pip-audit on" in out and "Traceback" not in done.stderr
    if "NOT AUDITED" in out:  # no vulnerability database reachable (these machines)
        assert done.returncode == 0 and "not a clean result" in out
    else:  # a machine on the internet: a real answer
        assert done.returncode in (0, 1) and "audited packages" in out
