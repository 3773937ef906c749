"""``youthmap demo``: simulate communities, Youth Homes and resident units from a seed."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from geo import i18n
from geo.cli._common import add_lang_options, help_text, say, write_output
from geo.core.errors import InputError


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    """Add the ``demo`` subcommand."""
    p = sub.add_parser(
        "demo",
        help=help_text("demo", lang),
        description=help_text("demo.description", lang),
    )
    p.add_argument("--seed", type=int, default=2021, help=help_text("demo.seed", lang))
    p.add_argument("--out", required=True, help=help_text("demo.out", lang))
    p.add_argument(
        "--provinces",
        default=None,
        help=help_text("demo.provinces", lang),
    )
    p.add_argument(
        "--total",
        type=int,
        default=None,
        help=help_text("demo.total", lang),
    )
    p.add_argument(
        "--format",
        choices=("csv", "xlsx", "geojson", "gpkg", "parquet"),
        default="csv",  # what every other command reads (none reads Parquet)
        help=help_text("demo.format", lang),
    )
    add_lang_options(p, lang)
    p.set_defaults(func=run)


def _provinces(value: str | None) -> list[str] | None:
    if not value:
        return None
    from geo.core import regions

    codes = []
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            codes.append(regions.province(item).code)
        except KeyError:
            raise InputError.single(
                "cli.problem.province", column="--provinces", value=item
            ) from None
    return codes


def run(args: argparse.Namespace) -> int:
    """Simulate and write the layers; print counts and the time taken."""
    from geo.dataset import simulate

    if args.total is not None and args.total <= 0:
        raise InputError.single("cli.problem.total_positive", column="--total")
    provinces = _provinces(args.provinces)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InputError.single("cli.problem.out_dir", file=str(out), column="--out")
    start = time.perf_counter()
    layers = simulate.simulate(
        seed=args.seed,
        total=args.total or simulate.TOTAL_COMMUNITIES,
        provinces=provinces,
    )
    if args.format == "parquet":
        paths = simulate.write_layers(layers, out)
    else:
        out.mkdir(parents=True, exist_ok=True)
        paths = [
            write_output(frame, str(out / f"{name}.{args.format}"), args, sheet=name)
            for name, frame in layers.items()
        ]
    seconds = time.perf_counter() - start
    sep = "，" if args.lang == "zh" else ", "
    counts = sep.join(
        f"{i18n.t(f'layer.{name}', args.lang)} {len(frame):,}" for name, frame in layers.items()
    )
    say(args, "cli.demo.done", seed=args.seed, counts=counts, seconds=f"{seconds:.1f}")
    for path in paths:
        say(args, "cli.wrote_item", path=path)
    return 0
