#!/usr/bin/env bash
# `make security`: runs the scanners against fresh anshin servers on loopback and fails on
# findings. sqlmap (login, application form, tenant search, audit filter), wapiti (web UI and
# API, no module reaches beyond loopback), testssl.sh (a TLS instance with an ECDSA and one with
# an RSA certificate) and slowloris (slowhttptest plus a trickler from several source addresses)
# while /healthz is probed. Every step is bounded in time; the last lines are a summary table.
# Usage: scripts/security.sh [BIN]   (default build/anshin; `make security` builds it first)
# Reports and logs: build/security/ (SECURITY_OUT). docs/security.md describes each check.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
BIN=$(realpath "${1:-build/anshin}")
OUT=${SECURITY_OUT:-$ROOT/build/security}
PY=/usr/bin/python3
HELPER=$ROOT/scripts/security.py
# Extra KEY=VALUE settings for every scanned server (e.g. to turn off a rate limit that would
# make sqlmap's answers all 429). Space-separated.
SECURITY_SERVER_ENV=${SECURITY_SERVER_ENV:-}
# Bounds, in seconds, of each step.
T_SQLMAP=${SECURITY_T_SQLMAP:-240}
T_WAPITI=${SECURITY_T_WAPITI:-360}
T_TESTSSL=${SECURITY_T_TESTSSL:-120}
SLOW_DURATION=${SECURITY_SLOW_DURATION:-60}
SLOW_CONNS=${SECURITY_SLOW_CONNS:-250}
# Which steps run (all by default), e.g. SECURITY_STEPS="testssl slowloris".
STEPS=" ${SECURITY_STEPS:-sqlmap wapiti testssl slowloris} "
want() { [[ $STEPS == *" $1 "* ]]; }

[ -x "$BIN" ] || { echo "security: no binary at $BIN (run make build)"; exit 2; }
for tool in sqlmap wapiti testssl slowhttptest openssl curl; do
  command -v "$tool" >/dev/null || { echo "security: $tool missing (scripts/deps.sh --security)"; exit 2; }
done
rm -rf "$OUT" && mkdir -p "$OUT"
# The scanned servers get only the settings below, never the caller's ANSHIN_* variables.
for v in $(compgen -e | grep '^ANSHIN_'); do unset "$v"; done
# Enough descriptors for the slowloris step (and for the servers, so that their own connection
# limits, not the descriptor limit, decide what happens).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
export LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=en

PIDS=()
# shellcheck disable=SC2317  # called by the trap
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server NAME [KEY=VALUE...]: a fresh data directory $OUT/NAME, a free port; sets PORT.
start_server() {
  local name=$1; shift
  local dir=$OUT/$name
  mkdir -p "$dir"
  PORT=$(free_port)
  local envs=(
    "ANSHIN_SERVER_LISTEN=127.0.0.1:$PORT" ANSHIN_STORE_DRIVER=sqlite
    "ANSHIN_STORE_PATH=$dir/anshin.db" "ANSHIN_KEYS_MASTER_KEY_FILE=$dir/master.key"
    "ANSHIN_WEB_ROOT=$ROOT/web"
    # Fast password hashing: sqlmap logs in thousands of times. Injection does not depend on it.
    ANSHIN_PASSWORD_ARGON2_MEMORY_KIB=8192 ANSHIN_PASSWORD_ARGON2_ITERATIONS=1
    # The login limiter would answer 429 to the scanner instead of running the queries it scans.
    ANSHIN_PASSWORD_LOGIN_RATE_PER_IP=0 ANSHIN_PASSWORD_LOGIN_RATE_PER_ACCOUNT=0
    # Likewise the public-form limits (M6) and the staff lockout: sqlmap's guesses at the login
    # would otherwise lock the scanning operator out of the authenticated scans.
    ANSHIN_PUBLIC_WRITE_RATE_PER_IP=0 ANSHIN_PUBLIC_WRITE_RATE_GLOBAL=0
    ANSHIN_PUBLIC_MAIL_RATE_PER_RECIPIENT=0 ANSHIN_PASSWORD_STAFF_MAX_FAILURES=0
    ANSHIN_SECURITY_STAFF_MFA_REQUIRED=false
    "$@"
  )
  # shellcheck disable=SC2206
  envs+=($SECURITY_SERVER_ENV)
  (cd "$dir" && env "${envs[@]}" "$BIN" migrate >/dev/null 2>>"$dir/server.log") || {
    echo "security: migrate failed for $name:"; tail -5 "$dir/server.log"; exit 2; }
  SERVER_ENV=("${envs[@]}")
  (cd "$dir" && exec env "${envs[@]}" "$BIN" serve >>"$dir/server.log" 2>&1) &
  PIDS+=($!)
  local scheme=http
  for e in "$@"; do case $e in ANSHIN_SERVER_TLS_CERT=*) scheme=https ;; esac; done
  for _ in $(seq 300); do
    curl -sk -o /dev/null "$scheme://127.0.0.1:$PORT/healthz" && return 0
    sleep 0.1
  done
  echo "security: server $name did not start:"; tail -20 "$dir/server.log"; exit 2
}

ROWS=()
FAILED=0
# record TOOL TARGET RESULT SECONDS
record() {
  ROWS+=("$1|$2|$3|$4")
  [ "$3" = PASS ] || FAILED=1
  echo "   => $3 (${4}s)"
}

# bounded SECONDS LOG CMD...: runs CMD with a time bound, output to LOG; returns 124 on timeout.
bounded() {
  local t=$1 log=$2; shift 2
  timeout --kill-after=15 "$t" "$@" >"$log" 2>&1 </dev/null
}

# judge NAME TARGET START RC LOG CHECK...: PASS when the scanner finished and CHECK exits 0.
judge() {
  local tool=$1 target=$2 start=$3 rc=$4 log=$5; shift 5
  local dur=$(( $(date +%s) - start )) verdict
  echo "-- $tool $target"
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "   INCONCLUSIVE: stopped at its time bound; see $log"
    verdict=TIMEOUT
  elif "$@" | tee -a "$OUT/findings.txt" | sed 's/^/   /'; [ "${PIPESTATUS[0]}" -eq 0 ]; then
    verdict=PASS
  else
    verdict=FAIL
  fi
  record "$tool" "$target" "$verdict" "$dur"
}

T0=$(date +%s)
echo "== servers"
STAFF=scanner
start_server plain
PLAIN=http://127.0.0.1:$PORT
STAFF_PASSWORD='Scan-Operator-2026!'
(cd "$OUT/plain" && env "${SERVER_ENV[@]}" "$BIN" admin create --login "$STAFF" --roles admin \
   <<<"$STAFF_PASSWORD" >/dev/null 2>>"$OUT/plain/server.log") || {
  echo "security: admin create failed"; exit 2; }
"$PY" "$HELPER" seed --url "$PLAIN" --staff "$STAFF" --password "$STAFF_PASSWORD" \
  --state "$OUT/state.json" || exit 2
echo "   $PLAIN (SQLite, seeded: operator admin, tenant ACME with an admin and a user, a published service)"

jq_state() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); exec("print("+sys.argv[2]+")")' "$OUT/state.json" "$1"; }

SQLMAP=(sqlmap --batch --level 2 --risk 1 --flush-session --disable-coloring -v 1
        --output-dir "$OUT/sqlmap" --timeout 10 --retries 1 --threads 4 --ignore-code 401
        --dbms SQLite)
cookie_of() { jq_state "d['sessions']['$1']['cookie_name']+'='+d['sessions']['$1']['cookie']"; }
csrf_of() { jq_state "d['sessions']['$1']['csrf']"; }

if want sqlmap; then
echo "== sqlmap (--level 2 --risk 1)"
s=$(date +%s)
bounded "$T_SQLMAP" "$OUT/sqlmap-login.log" "${SQLMAP[@]}" -u "$PLAIN/api/v1/auth/login" \
  --data "$(jq_state 'json.dumps(d["user"])')"
judge sqlmap "POST /api/v1/auth/login" "$s" $? "$OUT/sqlmap-login.log" \
  "$PY" "$HELPER" sqlmap-check --log "$OUT/sqlmap-login.log"

s=$(date +%s)
bounded "$T_SQLMAP" "$OUT/sqlmap-application.log" "${SQLMAP[@]}" -u "$PLAIN/api/v1/applications" \
  --data "$(jq_state 'json.dumps(d["application"], ensure_ascii=False)')"
judge sqlmap "POST /api/v1/applications" "$s" $? "$OUT/sqlmap-application.log" \
  "$PY" "$HELPER" sqlmap-check --log "$OUT/sqlmap-application.log"

s=$(date +%s)
bounded "$T_SQLMAP" "$OUT/sqlmap-tenants.log" "${SQLMAP[@]}" \
  -u "$PLAIN/api/v1/tenants?q=AC&limit=20&offset=0" \
  --cookie "$(cookie_of tenants)" -H "X-CSRF-Token: $(csrf_of tenants)"
judge sqlmap "GET /api/v1/tenants?q=" "$s" $? "$OUT/sqlmap-tenants.log" \
  "$PY" "$HELPER" sqlmap-check --log "$OUT/sqlmap-tenants.log"

s=$(date +%s)
bounded "$T_SQLMAP" "$OUT/sqlmap-audit.log" "${SQLMAP[@]}" \
  -u "$PLAIN/api/v1/audit/events?user=$STAFF&action=auth.login&from=2020-01-01&to=2099-12-31&tenant_id=0&limit=20&offset=0" \
  --cookie "$(cookie_of audit)" -H "X-CSRF-Token: $(csrf_of audit)"
judge sqlmap "GET /api/v1/audit/events?filters" "$s" $? "$OUT/sqlmap-audit.log" \
  "$PY" "$HELPER" sqlmap-check --log "$OUT/sqlmap-audit.log"
fi

if want wapiti; then
echo "== wapiti (loopback only)"
s=$(date +%s)
EP_PORT=$(free_port)
"$PY" "$HELPER" endpoint --port "$EP_PORT" --log "$OUT/wapiti-endpoint.jsonl" &
PIDS+=($!)
"$PY" "$HELPER" wapiti-urls --openapi docs/openapi.yaml --state "$OUT/state.json" --base "$PLAIN" \
  >"$OUT/wapiti-urls.txt"
echo "$PLAIN/" >>"$OUT/wapiti-urls.txt"
# The UI's pages, scripts and styles; their forms are sent by the scripts as JSON to the API
# (scanned above and by sqlmap), so the crawl does not follow them (-d 0): wapiti would send
# them as query strings to static files, which ignore queries.
(cd web && find . -type f -name '*.html' -o -type f -name '*.js' -o -type f -name '*.css') |
  sort | sed "s|^\./|$PLAIN/|" >>"$OUT/wapiti-urls.txt"
# wapp would download its database from the web if it had none: give it an empty one. Any other
# request beyond loopback meets a proxy that does not exist.
mkdir -p "$OUT/wapiti-config" && echo '{}' >"$OUT/wapiti-config/apps.json"
jq_state "json.dumps({'127.0.0.1': {'/': {d['sessions']['wapiti']['cookie_name']: {'value': d['sessions']['wapiti']['cookie'], 'version': 0, 'expires': None, 'secure': False, 'port': None}}}})" \
  >"$OUT/wapiti-cookie.json"
# Attack modules: the injection and traversal classes, plus the advisory header checks. Left
# out because they reach beyond loopback: nikto and wapp (download their databases), and
# buster and brute_login_form (wordlist brute force, not a finding class here). ssrf and xxe
# talk only to the endpoint above (--endpoint), which stands in for wapiti3.ovh.
WAPITI_MODULES=xss,permanentxss,sql,blindsql,exec,file,crlf,redirect,ssrf,xxe,backup,htaccess,methods,shellshock,http_headers,csp,cookieflags,csrf
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$EP_PORT/get_ssrf.php" && break; sleep 0.1; done
bounded "$T_WAPITI" "$OUT/wapiti.log" env http_proxy=http://127.0.0.1:9 \
  https_proxy=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 \
  no_proxy=127.0.0.1 NO_PROXY=127.0.0.1 wapiti -u "$PLAIN/" --scope folder -s "$OUT/wapiti-urls.txt" \
  -c "$OUT/wapiti-cookie.json" \
  -H "X-CSRF-Token: $(csrf_of wapiti)" -m "$WAPITI_MODULES" \
  --endpoint "http://127.0.0.1:$EP_PORT/" --no-bugreport -d 0 -t 5 \
  --max-scan-time 60 --max-attack-time 60 --flush-session \
  --store-session "$OUT/wapiti-session" --store-config "$OUT/wapiti-config" \
  -f json -o "$OUT/wapiti.json" -v 1
rc=$?
[ -s "$OUT/wapiti.json" ] || { [ "$rc" -eq 0 ] && rc=1; echo "   wapiti wrote no report" >>"$OUT/wapiti.log"; }
judge wapiti "$PLAIN/ (UI + $(grep -c /api/ "$OUT/wapiti-urls.txt") API GETs)" "$s" $rc "$OUT/wapiti.log" \
  "$PY" "$HELPER" wapiti-check --report "$OUT/wapiti.json" --hits "$OUT/wapiti-endpoint.jsonl"
fi

want testssl && echo "== testssl.sh (TLS instances)"
want testssl && for kind in ec rsa; do
  s=$(date +%s)
  dir=$OUT/tls-$kind
  mkdir -p "$dir"
  if [ $kind = ec ]; then
    keyopt=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1)
  else
    keyopt=(-newkey rsa:2048)
  fi
  openssl req -x509 "${keyopt[@]}" -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" \
    -days 2 -subj /CN=127.0.0.1 >/dev/null 2>&1 || { echo "security: openssl failed"; exit 2; }
  start_server tls-$kind ANSHIN_SERVER_TLS_CERT="$dir/cert.pem" ANSHIN_SERVER_TLS_KEY="$dir/key.pem"
  bounded "$T_TESTSSL" "$OUT/testssl-$kind.log" testssl --quiet --warnings off --color 0 \
    --nodns none --ip 127.0.0.1 --jsonfile "$OUT/testssl-$kind.json" -p -P -E "127.0.0.1:$PORT"
  rc=$?
  # testssl.sh exits with the number of its own findings; only a missing report is an error.
  [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] && rc=0
  [ -s "$OUT/testssl-$kind.json" ] || { echo "   testssl.sh wrote no report"; rc=1; }
  judge testssl.sh "https://127.0.0.1:$PORT ($kind cert)" "$s" $rc "$OUT/testssl-$kind.log" \
    "$PY" "$HELPER" testssl-check --json "$OUT/testssl-$kind.json"
done

if want slowloris; then
echo "== slowloris (slowhttptest -H from 127.0.0.1, trickler from 127.0.0.2-6, probe from 127.0.0.10)"
s=$(date +%s)
start_server slow
SLOW_PORT=$PORT
bounded $((SLOW_DURATION + 60)) "$OUT/slowloris.log" "$PY" "$HELPER" slowloris --port "$SLOW_PORT" \
  --sources 127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6 --conns "$SLOW_CONNS" \
  --duration "$SLOW_DURATION" --probe-source 127.0.0.10 --probe-timeout 2 \
  --slowhttptest "slowhttptest -H -c $SLOW_CONNS -r 50 -i 5 -s 8192 -t GET -x 24 -p 2 -l $SLOW_DURATION -u http://127.0.0.1:$SLOW_PORT/healthz" \
  --slowhttptest-log "$OUT/slowhttptest.log"
rc=$?
# The helper is both scanner and judge: its exit status is the verdict, its log the findings.
# shellcheck disable=SC2016  # $1 and $2 are the inner shell's arguments
judge slowloris "http://127.0.0.1:$SLOW_PORT/healthz ($((SLOW_CONNS * 6)) conns, 6 sources)" "$s" \
  "$([ $rc -eq 124 ] || [ $rc -eq 137 ] && echo $rc || echo 0)" "$OUT/slowloris.log" \
  sh -c 'cat "$1"; exit "$2"' - "$OUT/slowloris.log" "$rc"
fi

echo
echo "== summary (reports in $OUT)"
printf '%-12s %-58s %-8s %s\n' tool target result seconds
for r in "${ROWS[@]}"; do
  IFS='|' read -r tool target result dur <<<"$r"
  printf '%-12s %-58s %-8s %s\n' "$tool" "$target" "$result" "$dur"
done
echo "total $(( $(date +%s) - T0 ))s: $([ $FAILED -eq 0 ] && echo 'all checks passed' || echo 'FAILED')"
exit $FAILED
