"""``make audit``: look every package of the lock file up in a vulnerability database.

Runs ``pip-audit`` on the lock file as it is (``--require-hashes --disable-pip``: the pinned
versions, nothing resolved again). Exit 0 when no known vulnerability is found, 1 when one
is (pip-audit lists them). When no vulnerability database can be reached (machines with no
internet, or only a package mirror), it says so plainly and exits 0: the audit could not
run here, which is not the same as finding nothing, and the note says that too.

Usage::

    python scripts/audit.py requirements.lock
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

UNREACHABLE = re.compile(
    r"ConnectionError|ConnectTimeout|ReadTimeout|Max retries exceeded|"
    r"Failed to establish a new connection|Name or service not known|"
    r"Temporary failure in name resolution|Network is unreachable|"
    r"Connection refused|ProxyError|SSLError|timed out|ServiceError",
    re.IGNORECASE,
)
"""What pip-audit says when it cannot reach its vulnerability service."""

TIMEOUT_S = 20
"""Seconds pip-audit waits for each answer from the vulnerability service."""


def main(argv: list[str]) -> int:
    lock = Path(argv[1] if len(argv) > 1 else "requirements.lock")
    if not lock.is_file():
        print(f"audit: {lock} not found (make lock writes it)", file=sys.stderr)
        return 2
    cmd = [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        str(lock),
        "--require-hashes",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--timeout",
        str(TIMEOUT_S),
        "--format",
        "json",
    ]
    print(f"audit: pip-audit on {lock} ({_count(lock)} pinned packages)")
    done = subprocess.run(cmd, capture_output=True, text=True)
    try:
        deps = json.loads(done.stdout)["dependencies"]
    except (ValueError, KeyError, TypeError):
        deps = None
    if deps is None:  # pip-audit failed before it could report
        output = (done.stdout + done.stderr).strip()
        if UNREACHABLE.search(output):
            reason = next((ln for ln in output.splitlines() if UNREACHABLE.search(ln)), "")
            return _not_audited(f"pip-audit said: {reason.strip()[:300]}")
        print(output, file=sys.stderr)
        return 2
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    audited = len(deps) - len(skipped)
    for d in vulnerable:
        for v in d["vulns"]:
            fixed = ", ".join(v.get("fix_versions") or []) or "no fixed version yet"
            print(f"audit: {d['name']} {d['version']}: {v['id']} (fixed in {fixed})")
    if vulnerable:
        print(f"audit: {len(vulnerable)} of {audited} audited packages have known vulnerabilities")
        return 1
    if audited == 0:
        return _not_audited(skipped[0]["skip_reason"] if skipped else "no package was checked")
    if skipped:
        names = ", ".join(d["name"] for d in skipped[:10])
        print(f"audit: {len(skipped)} package(s) could not be looked up: {names}")
    print(f"audit: no known vulnerabilities in {audited} audited packages")
    return 0


def _not_audited(reason: str) -> int:
    print(
        "audit: NOT AUDITED - no vulnerability database could be reached from this machine "
        "(only a package mirror, or no internet), so nothing was checked: this is not a clean "
        "result. Run make audit where the internet is reachable.\n"
        f"audit: for example: {reason}"
    )
    return 0


def _count(lock: Path) -> int:
    return sum(1 for ln in lock.read_text().splitlines() if re.match(r"^[A-Za-z0-9].*==", ln))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
