"""Paths every tier uses: the repository and the app, wherever a test file sits."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The repository's top folder."""

APP = ROOT / "app.py"
"""The app's entry script."""

ARTIFACTS = ROOT / "tests" / "artifacts"
"""Screenshots, logs and other files tests leave for a person to look at (ignored by git)."""
