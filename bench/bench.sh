#!/usr/bin/env bash
# `make bench`: throughput and latency of a real anshin server, measured with wrk.
#
#   bash bench/bench.sh [path/to/anshin]
#
# Starts the given binary in a fresh temporary directory (its own database, master key and
# free port; production settings, access log on), creates a staff account, logs in, and runs
# wrk against each endpoint. Prints a table, checks the targets, and writes the figures as
# JSON to bench/out/last.json. Exits 0 whether or not the targets are met: a benchmark
# reports, it does not test. Exits non-zero only when the server could not be started, a
# precondition failed, or a run did not produce valid figures (wrk failed, or some responses
# were not 2xx/3xx). See bench/README.md.
#
# The wrk settings can be changed through the environment (defaults in brackets):
#   BENCH_THREADS [2]  BENCH_CONNECTIONS [64]  BENCH_DURATION [10s]  BENCH_WARMUP [2s]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-$ROOT/build/anshin}
[[ $BIN == /* ]] || BIN=$PWD/$BIN

THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
OUT_DIR=$ROOT/bench/out
LOGIN=bench
# The password policy refuses a password that contains the login ID, so no "bench" in it.
PASSWORD='Kumo-Passw0rd-2026!'

# Targets (see bench/README.md).
TARGET_RATIO=0.50 # req/s of GET /api/v1/me divided by req/s of GET /healthz: at least
TARGET_P99_MS=5   # p99 latency of GET /api/v1/me, in ms: at most

die() {
  echo "bench: $*" >&2
  exit 1
}

command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v curl >/dev/null || die "curl is not installed"
command -v python3 >/dev/null || die "python3 is not installed (used to find a free port)"
[ -x "$BIN" ] || die "no executable at $BIN (run make build)"

# ---------------------------------------------------------------------------------------
# Server in a temporary directory, stopped and removed on exit.

TMP=$(mktemp -d "${TMPDIR:-/tmp}/anshin-bench.XXXXXX")
SERVER_PID=

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

server_log_tail() {
  echo "--- last lines of the server log ---" >&2
  tail -n 20 "$TMP/server.log" >&2 || true
}

# Only our settings: drop any ANSHIN_* inherited from the caller's environment.
while IFS= read -r name; do
  if [[ $name == ANSHIN_* ]]; then unset "$name"; fi
done < <(compgen -e)

PORT=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
export ANSHIN_SERVER_LISTEN=127.0.0.1:$PORT
export ANSHIN_STORE_PATH=$TMP/anshin.db
export ANSHIN_KEYS_MASTER_KEY_FILE=$TMP/master.key
cd "$TMP"

if ! printf '%s\n' "$PASSWORD" | "$BIN" admin create --login "$LOGIN" >"$TMP/admin.log" 2>&1; then
  cat "$TMP/admin.log" >&2
  die "could not create the staff account \"$LOGIN\""
fi

"$BIN" serve 2>"$TMP/server.log" >&2 &
SERVER_PID=$!

up=
for _ in $(seq 100); do
  kill -0 "$SERVER_PID" 2>/dev/null || { server_log_tail; die "the server exited at start-up"; }
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz" 2>/dev/null)" = 200 ]; then
    up=1
    break
  fi
  sleep 0.1
done
[ -n "$up" ] || { server_log_tail; die "GET /healthz did not answer 200 within 10 s"; }

# ---------------------------------------------------------------------------------------
# Session for the authenticated reads.

status=$(curl -s -o "$TMP/login.json" -D "$TMP/login.headers" -w '%{http_code}' \
  -H 'Content-Type: application/json' \
  --data "{\"login\":\"$LOGIN\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login") ||
  die "POST /api/v1/auth/login: curl failed"
[ "$status" = 200 ] || { cat "$TMP/login.json" >&2; echo >&2; die "POST /api/v1/auth/login answered $status, not 200"; }
SESSION=$(tr -d '\r' <"$TMP/login.headers" |
  sed -n 's/^[Ss][Ee][Tt]-[Cc][Oo][Oo][Kk][Ii][Ee]: *anshin_session=\([^;]*\).*/\1/p' | head -1)
[ -n "$SESSION" ] || { cat "$TMP/login.headers" >&2; die "the login response set no anshin_session cookie"; }
COOKIE="Cookie: anshin_session=$SESSION"

status=$(curl -s -o "$TMP/me.json" -w '%{http_code}' -H "$COOKIE" "$BASE/api/v1/me") ||
  die "GET /api/v1/me: curl failed"
[ "$status" = 200 ] || { cat "$TMP/me.json" >&2; echo >&2; die "GET /api/v1/me with the session cookie answered $status, not 200"; }

# ---------------------------------------------------------------------------------------
# run_wrk NAME PATH [extra wrk args...]
#
# Warms up for $WARMUP, then runs `wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency`
# against $BASE$PATH with any extra arguments (e.g. -H "$COOKIE", -s script.lua). The figures
# are returned in the associative arrays below, keyed by NAME, and NAME is appended to ROWS
# (the order of the table and the JSON):
#   RPS[NAME]     requests/s              P50[NAME], P99[NAME]  latency in ms
#   REQS[NAME]    requests completed      NON2XX[NAME]          responses >= 400
#   SOCKERR[NAME] socket errors (connect+read+write+timeout)
# wrk's full output is kept in $TMP/wrk-<n>.txt while the script runs. Returns non-zero
# (and the script stops) when wrk fails or its output cannot be parsed.
declare -a ROWS=()
declare -A RPS=() P50=() P99=() REQS=() NON2XX=() SOCKERR=()
INVALID=0

# to_ms VALUE-WITH-UNIT: wrk's latency (e.g. 812.00us, 1.20ms, 1.05s, 2.00m) in ms.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (match(v, /^[0-9.]+/) == 0) exit 1
    n = substr(v, 1, RLENGTH); u = substr(v, RLENGTH + 1)
    if (u == "us") f = 0.001; else if (u == "ms") f = 1; else if (u == "s") f = 1000
    else if (u == "m") f = 60000; else if (u == "h") f = 3600000; else exit 1
    printf "%.3f", n * f }'
}

run_wrk() {
  local name=$1 path=$2
  shift 2
  local out=$TMP/wrk-${#ROWS[@]}.txt
  echo "bench: $name: warm-up $WARMUP, then $DURATION" >&2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" "$BASE$path" >/dev/null ||
    { server_log_tail; die "$name: wrk failed during the warm-up"; }
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$BASE$path" >"$out" 2>&1 ||
    { cat "$out" >&2; die "$name: wrk failed"; }

  local rps p50 p99 reqs non2xx sockerr
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(awk '/Latency Distribution/ {d = 1} d && $1 == "50%" {print $2; exit}' "$out")
  p99=$(awk '/Latency Distribution/ {d = 1} d && $1 == "99%" {print $2; exit}' "$out")
  reqs=$(awk '/ requests in / {print $1; exit}' "$out")
  non2xx=$(awk -F': *' '/Non-2xx or 3xx responses:/ {print $2; exit}' "$out")
  sockerr=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10; exit}' "$out")
  if [ -z "$rps" ] || [ -z "$p50" ] || [ -z "$p99" ] || [ -z "$reqs" ]; then
    cat "$out" >&2
    die "$name: could not parse wrk's output"
  fi
  p50=$(to_ms "$p50") || die "$name: unknown latency unit in wrk's output"
  p99=$(to_ms "$p99") || die "$name: unknown latency unit in wrk's output"

  ROWS+=("$name")
  RPS[$name]=$rps
  P50[$name]=$p50
  P99[$name]=$p99
  REQS[$name]=$reqs
  NON2XX[$name]=${non2xx:-0}
  SOCKERR[$name]=${sockerr:-0}
  if [ "${NON2XX[$name]}" != 0 ]; then
    echo "bench: $name: $non2xx of $reqs responses were not 2xx/3xx; its figures are not valid" >&2
    INVALID=1
  fi
  if [ "${SOCKERR[$name]}" != 0 ]; then
    echo "bench: $name: wrk reported socket errors: $(grep 'Socket errors:' "$out" | sed 's/^ *//')" >&2
  fi
}

# ---------------------------------------------------------------------------------------
# The runs. Add rows here (e.g. login throughput with a -s script.lua).

run_wrk "GET /healthz" /healthz
run_wrk "GET /api/v1/me" /api/v1/me -H "$COOKIE"

# ---------------------------------------------------------------------------------------
# Report.

bare="GET /healthz"
auth="GET /api/v1/me"
ratio=$(awk -v a="${RPS[$auth]}" -v b="${RPS[$bare]}" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}')
ratio_ok=$(awk -v r="$ratio" -v t="$TARGET_RATIO" 'BEGIN {ok = (r + 0 >= t + 0); print ok ? "PASS" : "MISS"}')
p99_auth=${P99[$auth]}
p99_ok=$(awk -v p="$p99_auth" -v t="$TARGET_P99_MS" 'BEGIN {ok = (p + 0 <= t + 0); print ok ? "PASS" : "MISS"}')
# A target computed from a run with non-2xx responses means nothing.
[ "${NON2XX[$bare]}${NON2XX[$auth]}" = 00 ] || ratio_ok=INVALID
[ "${NON2XX[$auth]}" = 0 ] || p99_ok=INVALID
CORES=$(nproc 2>/dev/null || echo '?')

width=20
for name in "${ROWS[@]}"; do
  if [ "${#name}" -ge "$width" ]; then width=$((${#name} + 1)); fi
done
echo
echo "anshin bench ($CORES cores, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, keep-alive)"
printf '%-*s %10s %8s %8s %8s\n' "$width" endpoint req/s "p50 ms" "p99 ms" non-2xx
for name in "${ROWS[@]}"; do
  printf '%-*s %10.1f %8.2f %8.2f %8s\n' "$width" "$name" "${RPS[$name]}" "${P50[$name]}" \
    "${P99[$name]}" "${NON2XX[$name]}"
done
printf 'ratio authenticated/bare: %s  (target >= %s)  %s\n' "$ratio" "$TARGET_RATIO" "$ratio_ok"
printf 'p99 authenticated read: %.2f ms (target <= %s ms)  %s\n' "$p99_auth" "$TARGET_P99_MS" "$p99_ok"
echo "(the server and wrk share the $CORES cores; figures are for this machine only)"

# ---------------------------------------------------------------------------------------
# Machine-readable copy.

json_str() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

mkdir -p "$OUT_DIR"
commit=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
{
  printf '{\n'
  printf '  "date": %s,\n' "$(json_str "$(date -u +%Y-%m-%dT%H:%M:%SZ)")"
  printf '  "commit": %s,\n' "$(json_str "$commit")"
  printf '  "cores": %s,\n' "$(json_str "$CORES")"
  printf '  "wrk": {"threads": %s, "connections": %s, "duration": %s, "warmup": %s},\n' \
    "$THREADS" "$CONNECTIONS" "$(json_str "$DURATION")" "$(json_str "$WARMUP")"
  printf '  "rows": [\n'
  sep=
  for name in "${ROWS[@]}"; do
    printf '%s    {"name": %s, "requests_per_sec": %s, "p50_ms": %s, "p99_ms": %s, "requests": %s, "non_2xx": %s, "socket_errors": %s}' \
      "$sep" "$(json_str "$name")" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}" \
      "${REQS[$name]}" "${NON2XX[$name]}" "${SOCKERR[$name]}"
    sep=$',\n'
  done
  printf '\n  ],\n'
  printf '  "targets": {\n'
  printf '    "ratio_authenticated_bare": {"value": %s, "min": %s, "result": %s},\n' \
    "$ratio" "$TARGET_RATIO" "$(json_str "$ratio_ok")"
  printf '    "p99_authenticated_read_ms": {"value": %s, "max": %s, "result": %s}\n' \
    "$p99_auth" "$TARGET_P99_MS" "$(json_str "$p99_ok")"
  printf '  }\n'
  printf '}\n'
} >"$OUT_DIR/last.json"
echo "figures written to ${OUT_DIR#"$ROOT"/}/last.json"

[ "$INVALID" = 0 ] || die "a run had non-2xx responses (see above): its figures are not valid"
