"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from geo import io
from geo.crs import CRS_NAMES
from geo.errors import InputError


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--crs`` and ``--map`` (repeatable ``source=target`` header mapping)."""
    parser.add_argument(
        "--crs",
        choices=CRS_NAMES,
        default="wgs84",
        help="coordinate system of the input files (default wgs84)",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="SOURCE=TARGET",
        help="map a column of the file to a YouthMap column, e.g. --map 社区名称=name",
    )
    parser.add_argument("--sheet", default=None, help="XLSX sheet name (default: the first)")


def parse_mapping(items: list[str]) -> dict[str, str]:
    """Turn ``["社区名称=name", …]`` into ``{"社区名称": "name"}``; bad items raise InputError."""
    mapping: dict[str, str] = {}
    for item in items or []:
        source, sep, target = item.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise InputError.single(f"--map {item!r}: expected SOURCE=TARGET", column="--map")
        mapping[source.strip()] = target.strip()
    return mapping


def read_layer_arg(path: str, layer: str, args: argparse.Namespace):
    """Read a layer file named on the command line, with the shared input options."""
    return io.read_layer(
        path,
        layer,
        crs=getattr(args, "crs", "wgs84"),
        mapping=parse_mapping(getattr(args, "map", [])),
        sheet=getattr(args, "sheet", None),
    )


def read_all(*readers: Callable[[], object]) -> list:
    """Call each reader (e.g. one per input file) and return their results in order.

    Every reader runs even when an earlier one fails, and the problems of all that fail are
    raised as one :class:`InputError`, so a single run names every bad input file.
    """
    results: list = []
    problems = []
    for read in readers:
        try:
            results.append(read())
        except InputError as exc:
            problems.extend(exc.problems)
            results.append(None)
    if problems:
        raise InputError(problems)
    return results


def write_output(frame: pd.DataFrame, path: str) -> Path:
    """Write a result by the output's extension and return the path written."""
    return io.write_table(frame, path)
