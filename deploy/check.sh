#!/usr/bin/env bash
# Health of a YouthMap deployment: every app process answers /_stcore/health and the
# shared database is reachable at the newest schema. Exit 0 when all is well, 1 otherwise;
# one line per check. Usage: deploy/check.sh [ENV_FILE]  (default /etc/youthmap/youthmap.env)
set -u
env_file=${1:-/etc/youthmap/youthmap.env}
# without the file every check below would be of the defaults (port 8501, a SQLite file
# made in the current folder), not of the deployment: say so instead
if [ ! -r "$env_file" ]; then
  echo "FAIL config $env_file cannot be read (run as root or as the youthmap user, or name the file: deploy/check.sh FILE)"
  exit 1
fi
set -a; . "$env_file"; set +a
# the program: YOUTHMAP_BIN, else youthmap on PATH, else where deploy/README.md installs it
# (root's PATH does not hold /opt/youthmap/venv/bin: "youthmap: command not found" read as
# a database failure)
youthmap=${YOUTHMAP_BIN:-$(command -v youthmap || echo /opt/youthmap/venv/bin/youthmap)}
failed=0
for port in ${YOUTHMAP_PORTS:-8501}; do
  if body=$(curl -fsS --max-time 5 "http://127.0.0.1:$port/_stcore/health" 2>&1); then
    echo "ok   app 127.0.0.1:$port $body"
  else
    echo "FAIL app 127.0.0.1:$port ${body:-no answer}"; failed=1
  fi
done
if [ ! -x "$youthmap" ]; then
  echo "FAIL database not checked: no youthmap program at $youthmap (set YOUTHMAP_BIN in $env_file)"; failed=1
elif status=$("$youthmap" --lang en db status 2>&1); then
  if grep -q "up to date" <<<"$status"; then
    echo "ok   database $(head -1 <<<"$status" | cut -d' ' -f2-)"
  else
    # the schema line says how it differs: behind (run db upgrade) or newer than this program
    echo "FAIL database $(tail -1 <<<"$status")"; failed=1
  fi
else
  echo "FAIL database $(tail -1 <<<"$status")"; failed=1
fi
exit $failed
