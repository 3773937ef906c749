#!/usr/bin/env bash
# Install YouthMap from this offline bundle: no network, no package index.
#   ./install.sh [FOLDER]        (default ./youthmap)
# makes a virtual environment in FOLDER with the bundle's wheels (each checked against the
# hashes in requirements.txt) and YouthMap itself; then: FOLDER/bin/youthmap serve
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${1:-$PWD/youthmap}
python=${PYTHON:-}
if [ -z "$python" ]; then
  for p in python3.11 python3; do command -v "$p" >/dev/null 2>&1 && { python=$p; break; }; done
fi
want=$(ls "$here"/wheels/youthmap-*.whl >/dev/null 2>&1 && basename "$here" | sed -n 's/.*-py\([0-9.]*\)-.*/\1/p')
have=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null || true)
if [ -z "$have" ] || { [ -n "$want" ] && [ "$have" != "$want" ]; }; then
  echo "error: this bundle needs Python ${want:-3.11} (found ${have:-none}); set PYTHON=/path/to/python${want}" >&2
  exit 2
fi
# the bundle alone decides what is installed: no pip configuration, index or constraints
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
echo "installing YouthMap into $target (Python $have, no network)"
"$python" -m venv "$target"
"$target/bin/python" -m pip install --quiet --no-index --find-links "$here/wheels" \
  --require-hashes -r "$here/requirements.txt"
"$target/bin/python" -m pip install --quiet --no-index --no-deps "$here"/wheels/youthmap-*.whl
echo "done. Start the app (this machine only): $target/bin/youthmap serve"
echo "Serving a network: create an account first ($target/bin/youthmap user add NAME --role central"
echo "--password-stdin), then see deploy/README.md"
