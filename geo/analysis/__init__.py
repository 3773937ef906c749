"""The analyses of a scope's communities: coverage and gaps, indicators, scoring and its
presets, quotas, the selection, pairing with campuses and co-building units.

The location models (p-median, coverage, capacitated) are :mod:`geo.siting`, one layer up.
"""
