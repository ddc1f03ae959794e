#!/usr/bin/env bash
# The cluster rows of `make bench` (issue 15): the topology of scripts/cluster.sh (nginx in front
# of anshin instances on a Patroni pair of PostgreSQL 15 with synchronous replication), measured
# with wrk:
#   direct      straight to instance 1 (2 instances running, the other idle)
#   proxy x2    through nginx, 2 instances
#   proxy x1    through nginx, 1 instance (instance 2 stopped, nginx reloaded with one upstream)
# each with an authenticated read (GET /api/v1/me) and a write (PUT /api/v1/session-policy over
# 8 tenants, one tenant-row update and one audit event per request; bench/writes.lua).
#
#   bash bench/cluster.sh [path/to/anshin]
#
# For each row it also reads the CPU time the anshin instances and nginx used (/proc) and the
# machine's busy time, and prints CPU microseconds per request: bench/README.md turns these into
# an estimate for instances on separate machines. On a 2-core machine all of it (wrk, nginx, the
# instances, two PostgreSQL servers) shares two cores, so the rows show the proxy's overhead and
# that it works, not a speed-up. Writes the figures to bench/out/cluster.json. Skips (exit 0 with
# a note) when etcd, patroni or nginx is missing. BENCH_DURATION [10s], BENCH_WARMUP [2s],
# BENCH_CONNECTIONS [32].
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-$ROOT/build/anshin}
[[ $BIN == /* ]] || BIN=$PWD/$BIN
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
TENANTS=8
PYTHON=/usr/bin/python3
OUT_DIR=$ROOT/bench/out
LOGIN=bench
PASSWORD='Kumo-Passw0rd-2026!'

die() {
  echo "bench/cluster: $*" >&2
  exit 1
}
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
[ -x "$BIN" ] || die "no executable at $BIN (run make build)"
for b in etcd patroni nginx; do
  command -v $b >/dev/null || {
    echo "bench/cluster: $b is not installed (scripts/deps.sh); cluster rows skipped" >&2
    exit 0
  }
done

while IFS= read -r name; do
  if [[ $name == ANSHIN_* ]]; then unset "$name"; fi
done < <(compgen -e)

# A port range of its own below the ephemeral ports, and a directory the postgres user can enter.
free_base() {
  "$PYTHON" - <<'EOF'
import random, socket
def free(p):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", p)); return True
        except OSError:
            return False
for _ in range(50):
    b = random.randrange(20000, 32000, 50)
    if all(free(b + o) for o in (0, 1, 10, 11, 20, 21, 30, 31, 40)):
        print(b); break
EOF
}
export ANSHIN_CLUSTER_DIR
ANSHIN_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/anshin-bench-cluster.XXXXXX")
chmod 755 "$ANSHIN_CLUSTER_DIR"
BASE=$(free_base)
[ -n "$BASE" ] || die "no free port range"
export ANSHIN_CLUSTER_PORT_BASE=$BASE ANSHIN_CLUSTER_INSTANCES=2 ANSHIN_BIN=$BIN
# Production settings, except: the 64 setup logins hash fast, one client address sends all
# load (no login limits), no staff second factor, no backup at start, no access log on stderr.
export ANSHIN_CLUSTER_APP_ENV="ANSHIN_PASSWORD_ARGON2_MEMORY_KIB=8192 ANSHIN_PASSWORD_ARGON2_ITERATIONS=1 \
ANSHIN_PASSWORD_LOGIN_RATE_PER_IP=0 ANSHIN_PASSWORD_LOGIN_RATE_PER_ACCOUNT=0 \
ANSHIN_SECURITY_STAFF_MFA_REQUIRED=false ANSHIN_BACKUP_SCHEDULE=off ANSHIN_LOG_ACCESS_LOG=false"
CLUSTER="bash $ROOT/scripts/cluster.sh"
PROXY=http://127.0.0.1:$((BASE + 40))
DIRECT=http://127.0.0.1:$((BASE + 30))
NGINX_CONF=$ANSHIN_CLUSTER_DIR/nginx/nginx.conf

cleanup() {
  $CLUSTER down >/dev/null 2>&1 || true
  rm -rf "$ANSHIN_CLUSTER_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "bench/cluster: starting etcd, the Patroni pair, 2 instances and nginx (about a minute)" >&2
$CLUSTER up >"$ANSHIN_CLUSTER_DIR/up.log" 2>&1 || { tail -20 "$ANSHIN_CLUSTER_DIR/up.log" >&2; die "cluster up failed"; }
printf '%s\n' "$PASSWORD" | $CLUSTER anshin admin create --login "$LOGIN" >/dev/null 2>&1 ||
  die "admin create failed"
"$PYTHON" "$ROOT/bench/write_setup.py" "$PROXY" "$LOGIN" "$PASSWORD" "$TENANTS" \
  "$ANSHIN_CLUSTER_DIR/sessions" || die "setting up the tenants failed"
COOKIE=$(head -1 "$ANSHIN_CLUSTER_DIR/sessions" | cut -d' ' -f1)

to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
    if (f < 0) exit 1
    printf "%.3f", n * f }'
}

# CPU ticks (user + system) of the processes whose pid files are given, children excluded.
ticks_of() {
  local total=0 f pid t
  for f in "$@"; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}
# nginx: the master and its worker.
nginx_ticks() {
  local master total=0 pid
  master=$(cat "$ANSHIN_CLUSTER_DIR/nginx/nginx.pid" 2>/dev/null || echo)
  [ -n "$master" ] || { echo 0; return; }
  for pid in $master $(pgrep -P "$master" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
# The machine's busy ticks (all cores), from /proc/stat.
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
HZ=$(getconf CLK_TCK)

declare -a ROWS=()
declare -A RPS P50 P99 FAILED APP_US NGINX_US ALL_US

# row NAME URL KIND(read|write)
row() {
  local name=$1 url=$2 kind=$3 out=$ANSHIN_CLUSTER_DIR/wrk-$RANDOM.txt
  local args=(-t2 -c"$CONNECTIONS")
  if [ "$kind" = read ]; then
    args+=(-H "Cookie: anshin_session=$COOKIE")
  else
    export BENCH_WRITE_SESSIONS=$ANSHIN_CLUSTER_DIR/sessions BENCH_WRITE_TENANTS=$TENANTS
    args+=(-s "$ROOT/bench/writes.lua")
  fi
  local target=$url/api/v1/me
  [ "$kind" = write ] && target=$url
  wrk "${args[@]}" -d"$WARMUP" "$target" >/dev/null || die "$name: wrk failed during the warm-up"
  local a0 n0 b0 a1 n1 b1
  a0=$(ticks_of "$ANSHIN_CLUSTER_DIR"/app*/anshin.pid)
  n0=$(nginx_ticks)
  b0=$(busy_ticks)
  wrk "${args[@]}" -d"$DURATION" --latency "$target" >"$out" 2>&1 || { cat "$out" >&2; die "$name: wrk failed"; }
  a1=$(ticks_of "$ANSHIN_CLUSTER_DIR"/app*/anshin.pid)
  n1=$(nginx_ticks)
  b1=$(busy_ticks)
  local rps p50 p99 non2xx sockerr reqs
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  reqs=$(awk '/requests in/ {print $1; exit}' "$out")
  p50=$(to_ms "$(awk '/Latency Distribution/ {d = 1} d && $1 == "50%" {print $2; exit}' "$out")")
  p99=$(to_ms "$(awk '/Latency Distribution/ {d = 1} d && $1 == "99%" {print $2; exit}' "$out")")
  non2xx=$(awk -F': *' '/Non-2xx or 3xx responses:/ {print $2; exit}' "$out")
  sockerr=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10; exit}' "$out")
  [ -n "$rps" ] && [ -n "$p50" ] && [ -n "$p99" ] && [ -n "$reqs" ] ||
    { cat "$out" >&2; die "$name: cannot parse wrk's output"; }
  ROWS+=("$name")
  RPS[$name]=$rps
  P50[$name]=$p50
  P99[$name]=$p99
  FAILED[$name]=$((${non2xx:-0} + ${sockerr:-0}))
  # CPU microseconds per request: the anshin instances, nginx, and the whole machine (which
  # also holds wrk and both PostgreSQL servers).
  APP_US[$name]=$(awk -v t=$((a1 - a0)) -v n="$reqs" -v hz="$HZ" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')
  NGINX_US[$name]=$(awk -v t=$((n1 - n0)) -v n="$reqs" -v hz="$HZ" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')
  ALL_US[$name]=$(awk -v t=$((b1 - b0)) -v n="$reqs" -v hz="$HZ" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')
  printf '%-18s %9.1f %8.2f %8.2f %6s %8s %8s %8s\n' "$name" "$rps" "$p50" "$p99" "${FAILED[$name]}" \
    "${APP_US[$name]}" "${NGINX_US[$name]}" "${ALL_US[$name]}" >&2
}

echo "bench/cluster: rows (req/s, p50 ms, p99 ms, failed, CPU us/request: anshin, nginx, machine)" >&2
row "direct read" "$DIRECT" read
row "direct write" "$DIRECT" write
row "proxy x2 read" "$PROXY" read
row "proxy x2 write" "$PROXY" write
# One instance: instance 2 stops, nginx keeps only instance 1 (a reload, no dropped connection).
pid2=$(cat "$ANSHIN_CLUSTER_DIR/app2/anshin.pid")
kill -TERM "$pid2"
for _ in $(seq 150); do kill -0 "$pid2" 2>/dev/null || break; sleep 0.1; done
sed -i "/127.0.0.1:$((BASE + 31))/d" "$NGINX_CONF"
nginx -p "$ANSHIN_CLUSTER_DIR/nginx" -c "$NGINX_CONF" -e "$ANSHIN_CLUSTER_DIR/nginx/error.log" -s reload
sleep 1
row "proxy x1 read" "$PROXY" read
row "proxy x1 write" "$PROXY" write
# The audit chain on the primary after all the writes.
VERIFY=$($CLUSTER anshin audit verify 2>&1) || { echo "$VERIFY" >&2; die "audit verify failed after the rows"; }

echo
echo "anshin cluster rows (wrk -t2 -c$CONNECTIONS -d$DURATION after a $WARMUP warm-up; $(nproc) cores shared by wrk, nginx, the instances and both PostgreSQL servers)"
printf '%-18s %9s %8s %8s %6s %21s\n' "row" "req/s" "p50 ms" "p99 ms" failed "CPU us/req app/nginx/all"
for name in "${ROWS[@]}"; do
  printf '%-18s %9.1f %8.2f %8.2f %6s %7s %6s %6s\n' "$name" "${RPS[$name]}" "${P50[$name]}" \
    "${P99[$name]}" "${FAILED[$name]}" "${APP_US[$name]}" "${NGINX_US[$name]}" "${ALL_US[$name]}"
done
echo "audit verify on the primary: $VERIFY"
mkdir -p "$OUT_DIR"
{
  printf '{\n  "date": "%s",\n  "commit": "%s",\n  "cores": %s,\n  "rows": [\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$(nproc)"
  sep=
  for name in "${ROWS[@]}"; do
    printf '%s    {"name": "%s", "req_per_sec": %s, "p50_ms": %s, "p99_ms": %s, "failed": %s, "cpu_us_per_req": {"anshin": %s, "nginx": %s, "machine": %s}}' \
      "$sep" "$name" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}" "${FAILED[$name]}" \
      "${APP_US[$name]}" "${NGINX_US[$name]}" "${ALL_US[$name]}"
    sep=$',\n'
  done
  printf '\n  ]\n}\n'
} >"$OUT_DIR/cluster.json"
