"""``python -m geo`` runs the ``youthmap`` command."""

from geo.cli import run

run()
