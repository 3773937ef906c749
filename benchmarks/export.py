"""Export benchmark: static maps, standalone HTML, XLSX and PPTX, each beside a plain peer.

For the embedded dataset, measured in one run on the same machine:

- static PNG/PDF maps (``geo.export.static``: CJK font, legend, scale bar, north arrow,
  notes, South China Sea inset at national scope) beside a bare ``GeoDataFrame.plot`` of the
  same boundaries and points saved with ``savefig`` (no decorations: a lower bound);
- the standalone offline HTML (``geo.export.html.map_html``, every asset inlined) beside
  folium's own ``render()`` of the same map (CDN links, needs the internet);
- an XLSX workbook (``geo.export.xlsx.tables_to_xlsx``: headers, widths, frozen header)
  beside ``DataFrame.to_excel``;
- the PPTX deck (``geo.export.pptx.build_deck``) at province and national scope (peer: the
  same number of bare static maps).

Run: ``.venv/bin/python benchmarks/export.py`` (about two minutes).
"""

from __future__ import annotations

import copy
import io
import os
import time

import pandas as pd
from matplotlib.figure import Figure

from geo import dataset, maps
from geo.core import scope as _scope
from geo.core.scope import Scope
from geo.export import html as xhtml
from geo.export import pptx as xpptx
from geo.export import static as xstatic
from geo.export import story
from geo.export import xlsx as xxlsx

GUANGDONG = Scope(region="east", province_code="44")


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def _bare(scope: Scope, points: pd.DataFrame, fmt: str) -> bytes:
    parts = maps.scope_boundaries(scope)
    fig = Figure(figsize=xstatic.FIGSIZE_IN)
    ax = fig.add_subplot()
    parts["areas"].plot(ax=ax, facecolor="white", edgecolor="grey", linewidth=0.3)
    ax.scatter(points["lon"], points["lat"], s=1)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=xstatic.DEFAULT_DPI)
    return buf.getvalue()


def main() -> None:
    L = dataset.load_layers()
    xstatic.cjk_font()
    rows = []
    for name, sc in (("national", Scope()), ("province 44", GUANGDONG)):
        comm = _scope.apply(L.communities, sc)
        for fmt in ("png", "pdf"):

            def ours(sc=sc, comm=comm, fmt=fmt):
                fig = xstatic.static_map(
                    sc,
                    [xstatic.PointLayer(comm, "社区", "#1f77b4", 1)],
                    title="社区",
                    simulated=["communities"],
                    seed=L.seed,
                )
                return xstatic.figure_bytes(fig, fmt)

            s1, b1 = _timed(ours)
            s2, b2 = _timed(lambda sc=sc, comm=comm, fmt=fmt: _bare(sc, comm, fmt))
            rows.append(("static " + fmt, name, len(comm), "youthmap static_map", s1, len(b1)))
            rows.append(("static " + fmt, name, len(comm), "bare GeoDataFrame.plot", s2, len(b2)))
    step = story.build_step(
        story.StepSpec("province", GUANGDONG), L.communities, L.youth_homes, L.campuses
    )
    m = story.step_map(step)
    s1, page = _timed(lambda: xhtml.map_html(copy.deepcopy(m)))
    s2, plain = _timed(lambda: copy.deepcopy(m).get_root().render())
    n_pts = sum(len(layer.frame) for layer in step.layers)
    rows.append(
        ("html", "province 44", n_pts, "youthmap map_html (offline)", s1, len(page.encode()))
    )
    rows.append(
        ("html", "province 44", n_pts, "folium render (CDN links)", s2, len(plain.encode()))
    )
    comm = _scope.apply(L.communities, GUANGDONG)
    s1, x1 = _timed(lambda: xxlsx.tables_to_xlsx({"社区": comm}))

    def plain_xlsx():
        buf = io.BytesIO()
        pd.DataFrame(comm.drop(columns="geometry")).to_excel(buf, index=False)
        return buf.getvalue()

    # as a page's download writes it: each number column in its on-screen number format
    numeric = [c for c in comm.columns if pd.api.types.is_float_dtype(comm[c])]
    shown = {"社区": {xxlsx.display_headers().get(c, c): "#,##0.00" for c in numeric}}
    s3, x3 = _timed(lambda: xxlsx.tables_to_xlsx({"社区": comm}, formats=shown))
    s2, x2 = _timed(plain_xlsx)
    rows.append(("xlsx", "province 44", len(comm), "youthmap tables_to_xlsx", s1, len(x1)))
    label = f"youthmap tables_to_xlsx, {len(numeric)} number formats"
    rows.append(("xlsx", "province 44", len(comm), label, s3, len(x3)))
    rows.append(("xlsx", "province 44", len(comm), "DataFrame.to_excel", s2, len(x2)))
    # the presentation page's largest file: the region step's tables (西部 from 成都)
    chengdu = Scope(region="west", province_code="51", city_code="5101")
    region = next(s for s in story.story_steps(chengdu) if s.kind == "region")
    step = story.build_step(region, L.communities, L.youth_homes, L.campuses)
    tables, notes = story.step_tables(step)
    n_rows = sum(len(f) for f in tables.values())
    s1, x1 = _timed(lambda: xxlsx.tables_to_xlsx(tables, lang=None, notes=notes))

    def plain_tables():
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as xl:
            for name, frame in tables.items():
                frame.to_excel(xl, sheet_name=name[:31], index=False)
        return buf.getvalue()

    s2, x2 = _timed(plain_tables)
    rows.append(("xlsx", "region west", n_rows, "youthmap tables_to_xlsx", s1, len(x1)))
    rows.append(("xlsx", "region west", n_rows, "DataFrame.to_excel", s2, len(x2)))
    chosen = (
        L.communities.sort_values("youth", ascending=False).groupby("province_code").head(30).copy()
    )
    chosen["score"] = chosen["youth"] / chosen["youth"].max()
    data = xpptx.DeckInput(
        L.communities, L.youth_homes, L.campuses, chosen, tuple(sorted(L.simulated)), L.seed
    )
    for name, sc in (("province 44", GUANGDONG), ("national", Scope())):
        n_maps = len(story.story_steps(sc))
        s1, deck = _timed(lambda sc=sc: xpptx.build_deck(data, sc))
        rows.append(("pptx", name, n_maps, "youthmap build_deck (maps)", s1, len(deck)))
    table = pd.DataFrame(rows, columns=["export", "scope", "items", "how", "seconds", "bytes"])
    table["seconds"] = table["seconds"].round(2)
    table["MB"] = (table.pop("bytes") / 1e6).round(2)
    print(f"machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
