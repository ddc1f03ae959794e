#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the store tests.
#   scripts/pg-test.sh        start it if needed (idempotent); the last stdout line is the conninfo
#   scripts/pg-test.sh stop   stop it
# Data and unix socket live in $ANSHIN_PG_DIR (default /tmp/anshin-pg); it listens only on
# 127.0.0.1:$ANSHIN_PG_PORT (default 55432) with trust authentication: never use it for real data.
set -euo pipefail

BIN=/usr/lib/postgresql/15/bin
DIR=${ANSHIN_PG_DIR:-/tmp/anshin-pg}
PORT=${ANSHIN_PG_PORT:-55432}
DB=anshin_test
URL="postgresql://postgres@127.0.0.1:${PORT}/${DB}"

die() { echo "pg-test: $*" >&2; exit 1; }

[ -x "$BIN/initdb" ] && [ -x "$BIN/pg_ctl" ] ||
  die "PostgreSQL 15 is not installed (no $BIN/initdb); install the postgresql package (scripts/deps.sh)"

# The server refuses to run as root: as root, run it as the postgres OS user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

running() { as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }

if [ "${1:-start}" = stop ]; then
  if [ -f "$DIR/PG_VERSION" ] && running; then
    as_owner "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >&2
  fi
  exit 0
fi
[ "${1:-start}" = start ] || die "usage: $0 [start|stop]"

# Two test runs may start at once: one sets up, the other waits.
exec 9>"${DIR%/}.lock"
flock 9

init_cluster() {
  local log="${DIR%/}.initdb.log"
  mkdir -p "$DIR"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no postgres OS user"
    chown postgres:postgres "$DIR"
  fi
  chmod 700 "$DIR"
  local locale
  for locale in C.UTF-8 C; do
    if as_owner "$BIN/initdb" -D "$DIR" -A trust -U postgres --encoding=UTF8 \
      --locale="$locale" >"$log" 2>&1; then
      cat >>"$DIR/postgresql.conf" <<EOF
# pg-test.sh: local only, and fast because the data is disposable
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
      return 0
    fi
    as_owner find "$DIR" -mindepth 1 -delete 2>/dev/null || true
  done
  cat "$log" >&2
  die "initdb failed in $DIR"
}

if [ ! -f "$DIR/PG_VERSION" ]; then
  if [ -d "$DIR" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
    die "$DIR exists, is not empty and holds no cluster; remove it or set ANSHIN_PG_DIR"
  fi
  init_cluster
fi

if ! running; then # (the server must not inherit the lock: 9>&-)
  as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DIR" start >&2 9>&- || {
    tail -n 20 "$DIR/server.log" >&2 || true
    die "the server did not start (log: $DIR/server.log)"
  }
fi

psql=("$BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres)
if [ "$("${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  "${psql[@]}" -d postgres -c "CREATE DATABASE $DB" >&2
fi
echo "$URL"
