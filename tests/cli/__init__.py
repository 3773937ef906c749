"""cli tier: see tests/conftest.py and docs/ENGINEERING.md (Tests)."""
