"""Build the offline install bundle (``make bundle``): one ``.tar.gz`` holding the wheel of
YouthMap (which carries the app and the embedded dataset in ``data/``), the wheel of every
runtime dependency for this platform and Python, a hash-pinned ``requirements.txt``, the
``deploy/`` files, and ``install.sh``.

Nothing is fetched: the dependency wheels come from ``.venv/wheelhouse``, which
``make wheelhouse`` (a step of ``make bundle``) fills from ``requirements.lock``, every
wheel checked against the lock's hashes. The runtime set is resolved from
``pyproject.toml`` without the dev extras, constrained to the lock's versions (``uv pip
compile --offline --no-index``), so the bundle installs exactly the versions the tests ran.

Usage: ``python scripts/bundle.py [--out dist]``; prints the archive's path and size.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WHEELHOUSE = ROOT / ".venv" / "wheelhouse"
LEFT_OUT = (".git", ".venv", "tests", "benchmarks", "notebooks", "docs", "build", "dist", "var")
"""Folders of the checkout the wheel does not need (as tests/cli/test_wheel.py)."""
README = """YouthMap offline install bundle ({name})

  ./install.sh [FOLDER]          # a virtual environment in FOLDER (default ./youthmap), no network
  FOLDER/bin/youthmap serve      # the app on http://127.0.0.1:8501

Needs Python {python} on {platform}. For several app processes behind nginx on a shared
PostgreSQL see deploy/README.md.
"""


def run(*cmd: str | Path, cwd: Path | None = None) -> None:
    subprocess.run([str(c) for c in cmd], check=True, cwd=cwd)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "dist")
    args = ap.parse_args()
    if not any(WHEELHOUSE.glob("*.whl")):
        print(f"error: no wheels in {WHEELHOUSE}: run make wheelhouse", file=sys.stderr)
        return 2
    version = importlib.metadata.version("youthmap")
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    platform = sysconfig.get_platform()
    name = f"youthmap-{version}-py{python}-{platform}"
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="youthmap-bundle-") as tmp:
        work = Path(tmp)
        stage = work / name
        wheels = stage / "wheels"
        wheels.mkdir(parents=True)
        # the runtime dependencies at the lock's versions, with the hashes of these wheels
        uv = Path(sys.executable).parent / "uv"
        run(uv, "pip", "compile", ROOT / "pyproject.toml", "--generate-hashes",
            "--python-version", python, "--quiet", "--offline", "--no-index",
            "--find-links", WHEELHOUSE, "-c", ROOT / "requirements.lock",
            "--no-header", "--no-annotate", "-o", stage / "requirements.txt")  # fmt: skip
        run(sys.executable, "-m", "pip", "download", "--quiet", "--no-index",
            "--find-links", WHEELHOUSE, "--require-hashes", "--only-binary", ":all:",
            "-r", stage / "requirements.txt", "-d", wheels)  # fmt: skip
        # YouthMap itself, built offline from a clean copy of the checkout
        source = work / "source"
        shutil.copytree(
            ROOT,
            source,
            ignore=shutil.ignore_patterns(*LEFT_OUT, "__pycache__", "*.egg-info", ".*_cache"),
        )
        run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
            "--no-build-isolation", "--no-index", source, "-w", wheels)  # fmt: skip
        shutil.copy2(ROOT / "scripts" / "install.sh", stage / "install.sh")
        shutil.copytree(ROOT / "deploy", stage / "deploy")
        (stage / "README.txt").write_text(
            README.format(name=name, python=python, platform=platform), encoding="utf-8"
        )
        archive = args.out / f"{name}.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(stage, arcname=name)
    print(f"{archive} ({archive.stat().st_size / 2**20:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
