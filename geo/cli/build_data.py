"""``youthmap build-data``: rebuild the embedded dataset in ``data/`` from the raw public files."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from geo.cli._common import add_lang_option, help_text, say
from geo.core.errors import InputError


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    """Add the ``build-data`` subcommand."""
    p = sub.add_parser(
        "build-data",
        help=help_text("build_data", lang),
        description=help_text("build_data.description", lang),
    )
    p.add_argument("--raw", default="../shared/data/raw", help=help_text("build_data.raw", lang))
    p.add_argument("--out", default="data", help=help_text("build_data.out", lang))
    p.add_argument("--seed", type=int, default=2021, help=help_text("build_data.seed", lang))
    p.add_argument(
        "--no-simulate",
        action="store_true",
        help=help_text("build_data.no_simulate", lang),
    )
    add_lang_option(p, lang)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the build and print what was written."""
    from geo import dataset
    from geo.dataset import build

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
