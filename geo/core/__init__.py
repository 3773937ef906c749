"""The foundation every other part of :mod:`geo` stands on, importing nothing above it.

Problems and errors (:mod:`~geo.core.errors`), the parameters' values and their checks
(:mod:`~geo.core.params`, :mod:`~geo.core._validation`), administrative regions and scopes
(:mod:`~geo.core.regions`, :mod:`~geo.core.scope`), coordinate systems and distances
(:mod:`~geo.core.crs`, :mod:`~geo.core.distance`), the layer schemas
(:mod:`~geo.core.layers`), spreadsheet cells that stay data (:mod:`~geo.core.cells`) and
where the shipped files are (:mod:`~geo.core._resources`).
"""
