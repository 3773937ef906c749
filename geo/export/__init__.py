"""Exports of maps and tables for meetings and reports.

- :mod:`geo.export.static`: PNG and PDF maps drawn with geopandas and matplotlib (CJK font
  from PyPI, legend, scale bar, north arrow, notes, South China Sea inset).
- :mod:`geo.export.html`: a folium map as one standalone HTML file that opens offline.
- :mod:`geo.export.pptx`: a PowerPoint deck of the chosen view.
- :mod:`geo.export.xlsx`: workbooks of several tables with Chinese headers.
"""
