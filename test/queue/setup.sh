#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis are on this machine for the queue-mode suite (`npm run test:queue`).
# Idempotent: when both are installed it only prints where they are. Otherwise, as root (or with
# passwordless sudo) on Debian or Ubuntu, it installs the distribution's packages (`postgresql`,
# `redis-server`); anywhere else it says what to install and fails.
#
# Only the binaries are used: the suite starts its own PostgreSQL (its own data folder) and its own
# Redis, both on 127.0.0.1 on ports of their own, and stops them afterwards. The services the
# packages may set up are neither needed nor touched.
#
# Prints two lines: PG_BIN=<folder with initdb, pg_ctl, postgres> and REDIS_SERVER=<path>.
set -euo pipefail

find_pg_bin() {
  local dir
  # Debian keeps the server binaries per major version; prefer the newest.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  # Other layouts: initdb on PATH, postgres beside it.
  if command -v initdb >/dev/null 2>&1; then
    dir="$(dirname "$(readlink -f "$(command -v initdb)")")"
    if [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  fi
  return 1
}

find_redis() {
  command -v redis-server 2>/dev/null || { [ -x /usr/bin/redis-server ] && echo /usr/bin/redis-server; }
}

missing=()
find_pg_bin >/dev/null || missing+=(postgresql)
find_redis >/dev/null || missing+=(redis-server)

if [ "${#missing[@]}" -gt 0 ]; then
  as_root=()
  if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)   # CI runners: a non-root user with passwordless sudo
  fi
  if { [ "$(id -u)" = "0" ] || [ "${#as_root[@]}" -gt 0 ]; } && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} from the distribution's packages (once per machine)..." >&2
    started=$(date +%s)
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    echo "installed ${missing[*]} in $(( $(date +%s) - started )) s" >&2
  else
    cat >&2 <<EOF
The queue-mode suite needs PostgreSQL and Redis, and ${missing[*]} is missing.
Install them (Debian/Ubuntu, as root):  apt-get update && apt-get install -y postgresql redis-server
or run this script as root (or with passwordless sudo), which does it. Other systems: any PostgreSQL 13+ (initdb, pg_ctl and
postgres binaries) and Redis 6+ (redis-server) will do; the suite starts its own instances.
EOF
    exit 1
  fi
fi

pg_bin="$(find_pg_bin)" || { echo "PostgreSQL was installed but initdb/postgres were not found" >&2; exit 1; }
redis="$(find_redis)" || { echo "redis-server was installed but not found" >&2; exit 1; }
echo "PG_BIN=$pg_bin"
echo "REDIS_SERVER=$redis"
