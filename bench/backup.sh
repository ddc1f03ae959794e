#!/usr/bin/env bash
# `make bench`, backup row (issue 14, SLA-13, CHK-4): an online backup of the bench database
# (BENCH_TENANTS [10000] tenants of 10 users each, seeded by bench/seed.py) while wrk reads
# GET /api/v1/me, against the same reads without a backup.
#
#   bash bench/backup.sh [path/to/anshin]
#
# Prints the backup's duration and size and the p99 of the authenticated read with and without
# the backup running, their ratio (target: at most 2), and writes bench/out/backup.json. Like
# bench.sh it reports and does not test: exit 0 whether or not the target is met.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-$ROOT/build/anshin}
[[ $BIN == /* ]] || BIN=$PWD/$BIN
TENANTS=${BENCH_TENANTS:-10000}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
PYTHON=/usr/bin/python3
TARGET_RATIO=2
PASSWORD='Kumo-Passw0rd-2026!'
OUT_DIR=$ROOT/bench/out

die() {
  echo "bench backup: $*" >&2
  exit 1
}
command -v wrk >/dev/null || die "wrk is not installed"
[ -x "$BIN" ] || die "no executable at $BIN"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/anshin-bench-backup.XXXXXX")
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

while IFS= read -r name; do
  if [[ $name == ANSHIN_* ]]; then unset "$name"; fi
done < <(compgen -e)
PORT=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
export ANSHIN_SERVER_LISTEN=127.0.0.1:$PORT ANSHIN_STORE_PATH=$TMP/anshin.db
export ANSHIN_KEYS_MASTER_KEY_FILE=$TMP/master.key ANSHIN_SERVER_PER_IP_CONNECTIONS=0
export ANSHIN_PASSWORD_LOGIN_RATE_PER_IP=0 ANSHIN_PASSWORD_LOGIN_RATE_PER_ACCOUNT=0
export ANSHIN_SECURITY_STAFF_MFA_REQUIRED=false ANSHIN_LOG_ACCESS_LOG=false
# The schedule would take its own backup at start: the row takes them itself.
export ANSHIN_BACKUP_SCHEDULE=off ANSHIN_BACKUP_DIR=$TMP/backups
cd "$TMP"

"$BIN" migrate >/dev/null 2>&1 || die "migrate failed"
printf '%s\n' "$PASSWORD" | "$BIN" admin create --login bench >/dev/null 2>&1 || die "admin create"
printf '%s\n' "$PASSWORD" | "$BIN" admin create --login hashsrc >/dev/null 2>&1 || die "hashsrc"
"$PYTHON" "$ROOT/bench/seed.py" "$ANSHIN_STORE_PATH" hashsrc "$TENANTS" 10 >/dev/null ||
  die "seeding failed"
"$BIN" serve 2>"$TMP/server.log" >&2 &
SERVER_PID=$!
for _ in $(seq 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")" = 200 ] && break
  sleep 0.1
done
SESSION=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  --data "{\"login\":\"bench\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login" |
  tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: *anshin_session=\([^;]*\).*/\1/p' | head -1)
[ -n "$SESSION" ] || die "login failed"
COOKIE="Cookie: anshin_session=$SESSION"

# p99 in ms of one wrk run of GET /api/v1/me for $1 seconds.
p99_of() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1s" --latency -H "$COOKIE" "$BASE/api/v1/me" >"$TMP/wrk.txt"
  awk '/Latency Distribution/ {d = 1} d && $1 == "99%" {v = $2; u = v; sub(/[0-9.]+/, "", u);
       sub(/[a-z]+$/, "", v); print (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v); exit}' "$TMP/wrk.txt"
}

wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -H "$COOKIE" "$BASE/api/v1/me" >/dev/null
# A first backup outside the measurement (page cache and file warm, like a daily run).
"$BIN" backup run >/dev/null 2>&1 || die "backup run failed"
BASE_P99=$(p99_of 10)
# Backups one after another for the whole read run; the reads are measured meanwhile.
(
  end=$((SECONDS + 10))
  n=0
  while [ $SECONDS -lt $end ]; do
    s=$(date +%s.%N)
    "$BIN" backup run >"$TMP/run.json" 2>/dev/null || exit 1
    e=$(date +%s.%N)
    n=$((n + 1))
    echo "$s $e" >>"$TMP/durations"
  done
) &
LOOP=$!
sleep 0.2
DURING_P99=$(p99_of 10)
wait "$LOOP" || die "a backup during the reads failed"
DUR=$(awk '{t += $2 - $1; n++} END {printf "%.2f", t / n}' "$TMP/durations")
RUNS=$(wc -l <"$TMP/durations")
BYTES=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes"])' "$TMP/run.json")
RATIO=$(awk -v a="$DURING_P99" -v b="$BASE_P99" 'BEGIN {printf "%.2f", a / b}')
MET=$(awk -v r="$RATIO" -v t="$TARGET_RATIO" 'BEGIN {print (r <= t) ? "yes" : "NO"}')
printf '%-58s %12s\n' "online backup, $TENANTS tenants / $((TENANTS * 10)) users (SQLite)" "${DUR} s each"
printf '%-58s %12s\n' "  backup file (encrypted)" "$((BYTES / 1024)) KiB"
printf '%-58s %12s\n' "  backups taken during the 10 s read run" "$RUNS"
printf '%-58s %12s\n' "  GET /api/v1/me p99 without a backup" "${BASE_P99} ms"
printf '%-58s %12s\n' "  GET /api/v1/me p99 during backups" "${DURING_P99} ms"
printf '%-58s %12s  target <= %s: %s\n' "  ratio" "$RATIO" "$TARGET_RATIO" "$MET"
mkdir -p "$OUT_DIR"
cat >"$OUT_DIR/backup.json" <<JSON
{"tenants": $TENANTS, "users": $((TENANTS * 10)), "backup_seconds": $DUR, "backup_bytes": $BYTES,
 "backups_during_run": $RUNS, "me_p99_ms": $BASE_P99, "me_p99_during_backup_ms": $DURING_P99,
 "ratio": $RATIO, "target_ratio": $TARGET_RATIO, "met": "$MET"}
JSON
