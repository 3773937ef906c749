"""Named weight presets, stored as one JSON file each under a directory the caller passes.

The app keeps them under ``$YOUTHMAP_HOME/presets`` (default ``./var/presets``), so a
provincial committee's "youth first" or "elderly help" weights survive a restart.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from geo.errors import InputError

PRESET_DIR_NAME = "presets"
_SAFE = re.compile(r"[^\w\-\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Preset:
    """A named set of weights with the method and normalisation they go with."""

    name: str
    weights: dict[str, float] = field(default_factory=dict)
    method: str = "weighted"
    normalise: str = "minmax"


def default_dir() -> Path:
    """``$YOUTHMAP_HOME/presets`` (``./var/presets`` when the variable is unset)."""
    return Path(os.environ.get("YOUTHMAP_HOME", "var")) / PRESET_DIR_NAME


def _file(directory: Path, name: str) -> Path:
    slug = _SAFE.sub("_", name.strip()).strip("_")
    if not slug:
        raise InputError.single("presets.problem.name", column="name", code="missing")
    return Path(directory) / f"{slug}.json"


def save(directory: str | Path, preset: Preset) -> Path:
    """Save (or overwrite) a preset; returns the file written."""
    path = _file(Path(directory), preset.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(preset), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path


def load(directory: str | Path, name: str) -> Preset:
    """Load the preset called ``name``.

    Raises
    ------
    InputError
        When it does not exist or cannot be read.
    """
    path = _file(Path(directory), name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Preset(
            name=str(data["name"]),
            weights={str(k): float(v) for k, v in data["weights"].items()},
            method=str(data.get("method", "weighted")),
            normalise=str(data.get("normalise", "minmax")),
        )
    except FileNotFoundError:
        raise InputError.single("presets.problem.unknown", file=path.name, name=name) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError.single(
            "presets.problem.unreadable", file=path.name, detail=str(exc)
        ) from None


def names(directory: str | Path) -> list[str]:
    """Names of the saved presets, sorted."""
    d = Path(directory)
    if not d.is_dir():
        return []
    out = []
    for p in sorted(d.glob("*.json")):
        try:
            out.append(str(json.loads(p.read_text(encoding="utf-8"))["name"]))
        except (ValueError, KeyError, OSError):
            continue
    return sorted(out)


def delete(directory: str | Path, name: str) -> bool:
    """Delete a preset; returns whether it existed."""
    path = _file(Path(directory), name)
    if path.exists():
        path.unlink()
        return True
    return False
