#!/usr/bin/env bash
# Run the siting tests against every highspy release the dependency range allows
# (pyproject.toml: >=1.8,!=1.15.*,<1.17; pass 1.15.0 or 1.15.1 to see why they are left out).
#
# Each release is installed beside the project's venv (pip --target, no dependencies) and
# put first on PYTHONPATH for one pytest run; the venv itself is not changed. Usage:
#   scripts/check_highspy_versions.sh [DIR] [VERSION ...]
# DIR (default /tmp/highspy-versions) keeps the installs; default versions: 1.8.0 to 1.16.0 but 1.15.x.
# PYTEST_ARGS (default: the five siting test files; words split on spaces, no quoting)
# narrows the run, e.g. PYTEST_ARGS="tests/unit/test_siting_claims.py -x"
set -u
root="${1:-/tmp/highspy-versions}"
shift || true
versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
    versions=(1.8.0 1.8.1 1.9.0 1.10.0 1.11.0 1.12.0 1.13.0 1.13.1 1.14.0 1.16.0)
fi
here="$(cd "$(dirname "$0")/.." && pwd)"
py="$here/.venv/bin/python"
default_tests="tests/unit/test_siting.py tests/unit/test_siting_claims.py
    tests/unit/test_siting_models.py tests/unit/test_siting_api.py tests/unit/test_siting_spopt.py"
read -r -a tests <<< "$(echo ${PYTEST_ARGS:-$default_tests})"
for v in "${versions[@]}"; do
    dir="$root/$v"
    [ -d "$dir/highspy" ] || "$py" -m pip install -q --no-deps --target "$dir" "highspy==$v"
    got="$(PYTHONPATH="$dir" "$py" -c 'import importlib.metadata as m; print(m.version("highspy"))')"
    summary="$(cd "$here" && PYTHONPATH="$dir" nice "$py" -m pytest -q -p no:cacheprovider \
        -p no:logging -rf "${tests[@]}" 2>&1 | grep -E '^FAILED|passed|failed' | tail -6)"
    echo "highspy $got: $summary"
done
