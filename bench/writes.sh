#!/usr/bin/env bash
# The write rows of `make bench`: PUT /api/v1/session-policy as tenant admins (one tenant-row
# update and one audit event per request, in one transaction), measured with wrk.
#
#   bash bench/writes.sh [path/to/anshin] [sqlite|postgres|both]
#
# For each backend: starts the binary in a fresh temporary directory (SQLite file there, or a
# fresh schema in the PostgreSQL test cluster of scripts/pg-test.sh), creates 64 tenants with a
# logged-in admin each (bench/write_setup.py), and runs wrk with 1, 8 and 64 connections, all
# on one tenant and spread over the 64 tenants (bench/writes.lua). Prints one row per run:
# writes/s, p50, p99 and failed requests (non-2xx answers and socket errors), checks
# `anshin audit verify` afterwards, and writes the figures to bench/out/writes.json.
# BENCH_DURATION [10s] and BENCH_WARMUP [2s] as in bench/bench.sh. PostgreSQL is skipped with a
# note when its test cluster cannot be started.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-$ROOT/build/anshin}
[[ $BIN == /* ]] || BIN=$PWD/$BIN
WHICH=${2:-both}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
TENANTS=64
PYTHON=/usr/bin/python3
OUT_DIR=$ROOT/bench/out
LOGIN=bench
PASSWORD='Kumo-Passw0rd-2026!'
# Targets (issue 19): p99 at 64 connections, and no failed request.
TARGET_P99_MS=100

die() {
  echo "bench/writes: $*" >&2
  exit 1
}
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
[ -x "$BIN" ] || die "no executable at $BIN (run make build)"
"$PYTHON" -c 'import requests' 2>/dev/null || die "$PYTHON lacks the requests module"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/anshin-writes.XXXXXX")
SERVER_PID=
cleanup() {
  stop_server
  rm -rf "$TMP"
}
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

while IFS= read -r name; do
  if [[ $name == ANSHIN_* ]]; then unset "$name"; fi
done < <(compgen -e)

to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
    if (f < 0) exit 1
    printf "%.3f", n * f }'
}

declare -a ROWS=()
declare -A RPS P50 P99 FAILED

# bench_backend DRIVER: one server, six rows.
bench_backend() {
  local driver=$1 dir=$TMP/$1
  mkdir -p "$dir"
  local port
  port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
  local base=http://127.0.0.1:$port
  export ANSHIN_SERVER_LISTEN=127.0.0.1:$port
  export ANSHIN_STORE_DRIVER=$driver
  export ANSHIN_STORE_PATH=$dir/anshin.db
  export ANSHIN_KEYS_MASTER_KEY_FILE=$dir/master.key
  # Setting up 64 tenants hashes a few hundred passwords; the rows measured hash none.
  export ANSHIN_PASSWORD_ARGON2_MEMORY_KIB=8192
  export ANSHIN_PASSWORD_ARGON2_ITERATIONS=1
  export ANSHIN_PASSWORD_LOGIN_RATE_PER_IP=0
  export ANSHIN_PASSWORD_LOGIN_RATE_PER_ACCOUNT=0
  export ANSHIN_SECURITY_STAFF_MFA_REQUIRED=false
  export ANSHIN_BACKUP_SCHEDULE=off # no backup at start (bench/backup.sh measures it)
  # wrk opens up to 64 connections from one address (the default per-address limit is 32).
  export ANSHIN_SERVER_PER_IP_CONNECTIONS=0
  export ANSHIN_LOG_ACCESS_LOG=false
  # SQLite's writes: "thread" (group commit, the default) or "queue" (each request's own
  # connection in turn), to compare the two ([store] sqlite_writer).
  export ANSHIN_STORE_SQLITE_WRITER=${BENCH_SQLITE_WRITER:-thread}
  if [ "$driver" = postgres ]; then
    local url schema
    url=$(bash "$ROOT/scripts/pg-test.sh" 2>"$dir/pg.log" | tail -1) || {
      echo "bench/writes: PostgreSQL test cluster unavailable; rows skipped ($(tail -1 "$dir/pg.log"))" >&2
      return 0
    }
    schema=bench_$(date +%s)_$$
    psql "$url" -qc "CREATE SCHEMA $schema" >/dev/null || die "cannot create schema $schema"
    export ANSHIN_STORE_URL="$url?options=-csearch_path%3D$schema"
  fi
  (cd "$dir" && "$BIN" migrate >"$dir/migrate.log" 2>&1) || { cat "$dir/migrate.log" >&2; die "migrate failed"; }
  printf '%s\n' "$PASSWORD" | (cd "$dir" && "$BIN" admin create --login "$LOGIN" >"$dir/admin.log" 2>&1) ||
    { cat "$dir/admin.log" >&2; die "admin create failed"; }
  (cd "$dir" && exec "$BIN" serve 2>"$dir/server.log" >&2) &
  SERVER_PID=$!
  local up=
  for _ in $(seq 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$dir/server.log" >&2; die "the server exited"; }
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz" 2>/dev/null)" = 200 ]; then
      up=1
      break
    fi
    sleep 0.1
  done
  [ -n "$up" ] || die "the $driver server did not start"
  "$PYTHON" "$ROOT/bench/write_setup.py" "$base" "$LOGIN" "$PASSWORD" "$TENANTS" "$dir/sessions" ||
    die "setting up the tenants failed"
  local c t
  for t in 1 $TENANTS; do
    for c in 1 8 64; do
      local thr=2 name out=$dir/wrk-$c-$t.txt
      [ "$c" -eq 1 ] && thr=1
      name=$(printf '%-8s c%-2d %2d tenant%s' "$driver" "$c" "$t" "$([ "$t" -eq 1 ] || echo s)")
      export BENCH_WRITE_SESSIONS=$dir/sessions BENCH_WRITE_TENANTS=$t
      wrk -t$thr -c$c -d"$WARMUP" -s "$ROOT/bench/writes.lua" "$base" >/dev/null ||
        die "$name: wrk failed during the warm-up"
      wrk -t$thr -c$c -d"$DURATION" --latency -s "$ROOT/bench/writes.lua" "$base" >"$out" 2>&1 ||
        { cat "$out" >&2; die "$name: wrk failed"; }
      local rps p50 p99 non2xx sockerr
      rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
      p50=$(to_ms "$(awk '/Latency Distribution/ {d = 1} d && $1 == "50%" {print $2; exit}' "$out")")
      p99=$(to_ms "$(awk '/Latency Distribution/ {d = 1} d && $1 == "99%" {print $2; exit}' "$out")")
      non2xx=$(awk -F': *' '/Non-2xx or 3xx responses:/ {print $2; exit}' "$out")
      sockerr=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10; exit}' "$out")
      [ -n "$rps" ] && [ -n "$p50" ] && [ -n "$p99" ] || { cat "$out" >&2; die "$name: cannot parse wrk's output"; }
      ROWS+=("$name")
      RPS[$name]=$rps
      P50[$name]=$p50
      P99[$name]=$p99
      FAILED[$name]=$((${non2xx:-0} + ${sockerr:-0}))
      printf '%s %10.1f %9.2f %9.2f %7s\n' "$name" "$rps" "$p50" "$p99" "${FAILED[$name]}" >&2
    done
  done
  stop_server
  local v
  v=$(cd "$dir" && "$BIN" audit verify 2>&1) || { echo "$v" >&2; die "$driver: audit verify failed after the rows"; }
  VERIFY[$driver]=$v
}

declare -A VERIFY
case $WHICH in
sqlite | postgres) bench_backend "$WHICH" ;;
both) bench_backend sqlite; bench_backend postgres ;;
*) die "usage: $0 [anshin] [sqlite|postgres|both]" ;;
esac

echo
echo "anshin write rows (PUT /api/v1/session-policy; wrk -d$DURATION after a $WARMUP warm-up; $(nproc) cores)"
printf '%-24s %10s %9s %9s %7s\n' "backend / load" writes/s "p50 ms" "p99 ms" failed
for name in "${ROWS[@]}"; do
  printf '%-24s %10.1f %9.2f %9.2f %7s\n' "$name" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}" "${FAILED[$name]}"
done
for d in "${!VERIFY[@]}"; do
  echo "$d: ${VERIFY[$d]}"
done
for name in "${ROWS[@]}"; do
  if [[ $name == *c64* ]]; then
    ok=$(awk -v p="${P99[$name]}" -v t="$TARGET_P99_MS" -v f="${FAILED[$name]}" \
      'BEGIN {print (p <= t && f == 0) ? "ok" : "MISSED"}')
    printf 'p99 %s: %.2f ms, %s failed (target <= %s ms, 0 failed)  %s\n' "$name" "${P99[$name]}" \
      "${FAILED[$name]}" "$TARGET_P99_MS" "$ok"
  fi
done
mkdir -p "$OUT_DIR"
{
  printf '{\n  "date": "%s",\n  "commit": "%s",\n  "rows": [\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  sep=
  for name in "${ROWS[@]}"; do
    printf '%s    {"name": "%s", "writes_per_sec": %s, "p50_ms": %s, "p99_ms": %s, "failed": %s}' \
      "$sep" "$(echo "$name" | tr -s ' ')" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}" "${FAILED[$name]}"
    sep=$',\n'
  done
  printf '\n  ]\n}\n'
} >"$OUT_DIR/writes.json"
