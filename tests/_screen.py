"""What an AppTest table element shows the user, beyond the frame it holds."""

from __future__ import annotations

import copy
import json
import re

import pandas as pd

STREAMLIT_MISSING = "None"
"""What Streamlit draws for a missing cell when the page sets no ``placeholder``."""


def as_read(element) -> pd.DataFrame:  # noqa: ANN001 - an AppTest dataframe element
    """The table's cells as the user reads them: each missing value replaced by the
    table's ``placeholder`` (``st.dataframe(..., placeholder=...)``), or by Streamlit's
    "None" when the page set none."""
    value = element.value
    proto = element.proto
    mark = proto.placeholder if proto.HasField("placeholder") else STREAMLIT_MISSING
    return value.astype(object).where(value.notna(), mark)


def none_cells(element) -> list[str]:  # noqa: ANN001 - an AppTest dataframe element
    """Columns of the table where a missing value shows as Streamlit's English "None"."""
    shown, value = as_read(element), element.value
    return [str(c) for c in value.columns if (value[c].isna() & (shown[c] == "None")).any()]


def _nodes(node) -> list:  # noqa: ANN001 - an AppTest element tree node
    out = []
    for child in getattr(node, "children", {}).values():
        out.append(child)
        out += _nodes(child)
    return out


def chart_labels(at) -> list[str]:  # noqa: ANN001 - an AppTest run
    """Every name a Vega-Lite chart on the page can show: axis and legend titles and the
    tooltip's field names (a tooltip names each field by its title, else by the column)."""
    labels: list[str] = []
    for node in _nodes(at._tree):
        spec = getattr(getattr(node, "proto", None), "spec", None)
        if not isinstance(spec, str) or not spec.startswith("{"):
            continue
        encoding = json.loads(spec).get("encoding", {})
        for channel, enc in encoding.items():
            for item in enc if isinstance(enc, list) else [enc]:
                if not isinstance(item, dict) or "field" not in item:
                    continue
                title = item.get("title")
                if channel == "tooltip":
                    labels.append(str(title if title is not None else item["field"]))
                elif title and title.strip():
                    labels.append(str(title))
    return labels


def map_frames(at) -> list[tuple[str, str]]:  # noqa: ANN001 - an AppTest run
    """The page's map frames (``ui.maps.show``): each frame's title and the page it holds."""
    return [(node.proto.alt, node.proto.srcdoc) for node in at.get("iframe")]


_PAYLOAD = re.compile(r"var d = JSON\.parse\('(.*?)'\);\n")
_JS_ESCAPE = re.compile(r"\\([\\'])")


def map_payloads(html_text: str) -> list[dict]:
    """The data of every layer in a rendered map (``geo.maps.base._json_payload``); a point
    layer's ``xy`` in degrees, read back from its whole steps as ``points.js`` reads them
    (the steps stay in ``steps``)."""
    payloads = [json.loads(_JS_ESCAPE.sub(r"\1", p)) for p in _PAYLOAD.findall(html_text)]
    for p in payloads:
        if p.get("origin") is not None:
            p["steps"] = p["xy"]
            x0, y0 = p["origin"]
            p["xy"] = [(v + (y0 if i % 2 else x0)) / p["scale"] for i, v in enumerate(p["xy"])]
        data = p.get("data")
        if isinstance(data, dict) and data.get("scale"):
            p["steps"] = copy.deepcopy(data)
            scale = data.pop("scale")
            for feature in data["features"]:
                _read_steps(feature["geometry"], scale)
    return payloads


def _positions(steps: list[int], scale: int) -> list[list[float]]:
    x = y = 0
    out = []
    for i in range(0, len(steps), 2):
        x, y = x + steps[i], y + steps[i + 1]
        out.append([x / scale, y / scale])
    return out


def _read_steps(geometry: dict, scale: int) -> None:
    """A geometry's positions from their steps (``geo.maps.base.delta_geometry``), as the
    map's script reads them."""
    kind, c = geometry["type"], geometry.get("coordinates")
    if kind == "GeometryCollection":
        for g in geometry["geometries"]:
            _read_steps(g, scale)
    elif kind == "Point":
        geometry["coordinates"] = _positions(c, scale)[0]
    elif kind in ("MultiPoint", "LineString"):
        geometry["coordinates"] = _positions(c, scale)
    elif kind in ("Polygon", "MultiLineString"):
        geometry["coordinates"] = [_positions(r, scale) for r in c]
    else:  # MultiPolygon
        geometry["coordinates"] = [[_positions(r, scale) for r in p] for p in c]
