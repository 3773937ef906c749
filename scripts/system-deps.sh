#!/usr/bin/env bash
# Install the Debian packages some tests need (Chromium's headless shell for browser tests:
# the same Chromium without the desktop browser, about a tenth less CPU; Noto CJK fonts so
# their screenshots show Chinese text, PostgreSQL for the multi-user database tests and its
# client tools for db backup/restore, nginx for the deployment and load tests) when
# they are missing and we are root. Without root, say what to install; those tests then
# skip, except under CI=true, where they fail (without the fonts, screenshots show boxes).
set -u
need=()
faster=()  # wanted, not needed: without it the tests drive the full chromium
if [ ! -x /usr/bin/chromium-headless-shell ]; then
  if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
    faster+=(chromium-headless-shell)
  else
    need+=(chromium-headless-shell)
  fi
fi
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
ls /usr/lib/postgresql/*/bin/pg_dump >/dev/null 2>&1 || need+=(postgresql-client)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
{ command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; } \
  || dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && [ ${#faster[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages:" "${need[@]}" "${faster[@]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || { [ ${#need[@]} -eq 0 ] || { echo "apt-get update failed"; exit 1; }; }
  if [ ${#need[@]} -gt 0 ]; then
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || { echo "apt-get install ${need[*]} failed"; exit 1; }
  fi
  if [ ${#faster[@]} -gt 0 ]; then
    apt-get install -y -qq --no-install-recommends "${faster[@]}" >/dev/null \
      || echo "note: apt-get install ${faster[*]} failed; the browser tests use chromium"
  fi
elif [ ${#need[@]} -gt 0 ]; then
  echo "note: missing ${need[*]}; install with: sudo apt-get install ${need[*]} (the tests that need them will skip)"
fi
