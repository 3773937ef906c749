"""The wheel's package list in ``pyproject.toml`` names every package of the checkout.

``[tool.setuptools] packages`` is a list (the app is mapped from the top folder, which
package discovery cannot do), so a new package under ``geo/`` or ``ui/`` must be added to it;
``tests/cli/test_wheel.py`` builds and starts the wheel itself.
"""

from __future__ import annotations

import tomllib

from setuptools import find_packages

from tests._paths import ROOT


def test_every_package_of_geo_and_ui_is_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = set(find_packages(ROOT, include=["geo", "geo.*"]))
    found |= {f"youthmap_app.{p}" for p in find_packages(ROOT, include=["ui", "ui.*"])}
    assert sorted(found - listed) == [], "add these to [tool.setuptools] packages"
    assert sorted(listed - found - {"youthmap_app"}) == []
    assert config["tool"]["setuptools"]["package-dir"] == {"youthmap_app": "."}
