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
installed=${YOUTHMAP_INSTALLED:-/opt/youthmap/venv/bin/youthmap}  # the README's place (a test
# points it where nothing is installed)
youthmap=${YOUTHMAP_BIN:-$(command -v youthmap || echo "$installed")}
failed=0
# the settings the example file ships with, or leaves to fill in
make_one="make one: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
secret=${STREAMLIT_SERVER_COOKIE_SECRET:-}
if [ "$secret" = CHANGE-ME ]; then
  echo "FAIL config STREAMLIT_SERVER_COOKIE_SECRET is still the example's CHANGE-ME: anyone can sign the app's cookies with it ($make_one)"; failed=1
elif [ -z "$secret" ] && [ "$(wc -w <<<"${YOUTHMAP_PORTS:-8501}")" -gt 1 ]; then
  echo "FAIL config STREAMLIT_SERVER_COOKIE_SECRET is not set: each process makes its own, and a browser moved to another process cannot upload files ($make_one)"; failed=1
fi
if grep -q ':CHANGE-ME@' <<<"${YOUTHMAP_DB_URL:-}"; then
  echo "FAIL config YOUTHMAP_DB_URL still holds the example's password CHANGE-ME"; failed=1
fi
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
