#!/usr/bin/env bash
# A whole anshin cluster on this machine, for trying it and for tests/cluster:
#   etcd (the DCS)  ->  Patroni x2 (PostgreSQL 15 primary + synchronous replica)
#   ->  N x `anshin serve` (multi-host conninfo, target_session_attrs=read-write)  ->  nginx
#
#   scripts/cluster.sh up       start what is not running yet (idempotent); prints the URL last
#   scripts/cluster.sh down     stop everything it started (nothing is left running)
#   scripts/cluster.sh status   one line per part
#   scripts/cluster.sh env      the environment an `anshin` command needs to reach the cluster
#   scripts/cluster.sh anshin ARGS...   runs `anshin ARGS...` against the cluster (admin create ...)
#
# Everything lives under $ANSHIN_CLUSTER_DIR (default var/cluster) and listens on loopback ports
# from $ANSHIN_CLUSTER_PORT_BASE (default 26400, below the ephemeral ports): etcd +0/+1, PostgreSQL +10/+11, Patroni REST
# +20/+21, anshin +30.., nginx +40. $ANSHIN_CLUSTER_INSTANCES anshin instances (default 2),
# binary $ANSHIN_BIN (default build/anshin). Trust authentication on loopback: a place to try
# things, never real data (docs/deploy.md describes production).
#
# Why nginx and not HAProxy: the production proxy must also terminate TLS, speak HTTP/2 to
# browsers and buffer slow clients' requests and responses, so that a slow or hostile client
# never holds one of anshin's worker threads (libmicrohttpd's pool is small); nginx does all of
# it in one well-known Debian package. Its open-source edition has only passive health checks,
# which is enough here: a connection refused by a dead instance, or a 502/503 from one that lost
# the primary, is retried on the next instance for requests nginx may safely repeat (never a
# POST that reached an instance), and the instance is left out for fail_timeout.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${ANSHIN_CLUSTER_DIR:-$ROOT/var/cluster}
case "$DIR" in /*) ;; *) DIR=$ROOT/$DIR ;; esac
BASE=${ANSHIN_CLUSTER_PORT_BASE:-26400}
N=${ANSHIN_CLUSTER_INSTANCES:-2}
BIN=${ANSHIN_BIN:-$ROOT/build/anshin}
PGBIN=/usr/lib/postgresql/15/bin
ETCD_PORT=$BASE
ETCD_PEER=$((BASE + 1))
PROXY_PORT=$((BASE + 40))
DB=anshin

die() { echo "cluster: $*" >&2; exit 1; }
say() { echo "cluster: $*" >&2; }

pg_port() { echo $((BASE + 10 + $1 - 1)); }
rest_port() { echo $((BASE + 20 + $1 - 1)); }
app_port() { echo $((BASE + 30 + $1 - 1)); }

# The conninfo every instance uses: both PostgreSQL nodes, and only the one that takes writes.
store_url() {
  echo "postgresql://postgres@127.0.0.1:$(pg_port 1),127.0.0.1:$(pg_port 2)/$DB?target_session_attrs=read-write&connect_timeout=2&keepalives_idle=5&keepalives_interval=2&keepalives_count=2"
}

# PostgreSQL refuses to run as root: Patroni (and so PostgreSQL) runs as the postgres OS user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Waits up to $2 seconds for command $3.. to succeed; $1 names what is awaited.
wait_for() {
  local what=$1 secs=$2
  shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $end ] || die "$what did not come up within ${secs}s (logs in $DIR)"
    sleep 0.2
  done
}

http_ok() { curl -fsS -m 2 -o /dev/null "$1"; }

app_env() {
  local i=$1
  cat <<EOF
ANSHIN_STORE_DRIVER=postgres
ANSHIN_STORE_URL=$(store_url)
ANSHIN_KEYS_MASTER_KEY_FILE=$DIR/master.key
ANSHIN_WEB_ROOT=$ROOT/web
ANSHIN_SERVER_TRUSTED_PROXIES=127.0.0.1/32
ANSHIN_SERVER_PER_IP_CONNECTIONS=0
ANSHIN_SERVER_LISTEN=127.0.0.1:$(app_port "$i")
ANSHIN_SERVER_PUBLIC_URL=http://127.0.0.1:$PROXY_PORT
EOF
  # Settings a test (or a person) adds for every instance: ANSHIN_CLUSTER_APP_ENV="K=V K=V".
  local kv
  for kv in ${ANSHIN_CLUSTER_APP_ENV:-}; do echo "$kv"; done
}

# Exports app_env's KEY=VALUE lines (values hold '&': never through the shell's parser).
load_env() {
  local line
  while IFS= read -r line; do
    [ -n "$line" ] && export "${line?}"
  done < <(app_env "$1")
}

start_etcd() {
  alive "$DIR/etcd.pid" && return 0
  mkdir -p "$DIR/etcd"
  nohup etcd --name anshin-etcd --data-dir "$DIR/etcd/data" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster "anshin-etcd=http://127.0.0.1:$ETCD_PEER" \
    --log-level warn >"$DIR/etcd/etcd.log" 2>&1 </dev/null &
  echo $! >"$DIR/etcd.pid"
  wait_for etcd 20 http_ok "http://127.0.0.1:$ETCD_PORT/health"
}

patroni_conf() {
  local i=$1 d="$DIR/pg$1"
  cat <<EOF
scope: anshin
namespace: /anshin/
name: pg$i
log:
  level: WARNING
restapi:
  listen: 127.0.0.1:$(rest_port "$i")
  connect_address: 127.0.0.1:$(rest_port "$i")
etcd3:
  hosts: 127.0.0.1:$ETCD_PORT
bootstrap:
  dcs:
    # A lost primary's leader key lapses after ttl seconds; then the synchronous replica is
    # promoted. loop_wait + 2 * retry_timeout must stay below ttl.
    ttl: 8
    loop_wait: 1
    retry_timeout: 3
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 8
        max_replication_slots: 8
        max_connections: 100
        synchronous_commit: "on"
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - auth: trust
  pg_hba:
    - local all all trust
    - host all all 127.0.0.1/32 trust
    - host replication replicator 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:$(pg_port "$i")
  connect_address: 127.0.0.1:$(pg_port "$i")
  data_dir: $d/data
  bin_dir: $PGBIN
  pgpass: $d/pgpass
  authentication:
    superuser:
      username: postgres
      password: postgres
    replication:
      username: replicator
      password: replicator
  parameters:
    unix_socket_directories: $d
    shared_buffers: 32MB
EOF
}

start_patroni() {
  local i=$1 d="$DIR/pg$1"
  alive "$d/patroni.pid" && return 0
  mkdir -p "$d"
  patroni_conf "$i" >"$d/patroni.yml"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$d"
  chmod 700 "$d"
  # runuser stays in between: the pid recorded is the shell's, and `down` ends its process group.
  # From its own directory: Patroni's worker processes chdir back to the directory it was
  # started in, which the postgres user may not enter (a checkout under a private temp dir).
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$d" && exec setsid runuser -u postgres -- patroni "$d/patroni.yml" >"$d/patroni.log" 2>&1 </dev/null) &
  else
    setsid patroni "$d/patroni.yml" >"$d/patroni.log" 2>&1 </dev/null &
  fi
  echo $! >"$d/patroni.pid"
}

psql_primary() {
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "postgresql://postgres@127.0.0.1:$(pg_port 1),127.0.0.1:$(pg_port 2)/postgres?target_session_attrs=read-write&connect_timeout=2" "$@"
}

create_db() {
  if [ "$(psql_primary -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
    psql_primary -c "CREATE DATABASE $DB"
  fi
}

# The cluster is usable when one node is the primary and the other its synchronous standby.
any_primary() { http_ok "http://127.0.0.1:$(rest_port 1)/primary" || http_ok "http://127.0.0.1:$(rest_port 2)/primary"; }
any_sync() { http_ok "http://127.0.0.1:$(rest_port 1)/sync" || http_ok "http://127.0.0.1:$(rest_port 2)/sync"; }

start_app() {
  local i=$1 d="$DIR/app$1"
  alive "$d/anshin.pid" && return 0
  mkdir -p "$d"
  (
    cd "$d"
    load_env "$i"
    nohup "$BIN" serve >>"$d/anshin.log" 2>&1 </dev/null &
    echo $! >"$d/anshin.pid"
  )
}

nginx_conf() {
  local i servers=""
  for i in $(seq 1 "$N"); do
    servers+="    server 127.0.0.1:$(app_port "$i") max_fails=1 fail_timeout=3s;"$'\n'
  done
  local user=""
  [ "$(id -u)" -eq 0 ] && user="user nobody nogroup;"
  cat <<EOF
$user
worker_processes 1;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx/tmp/body;
  proxy_temp_path $DIR/nginx/tmp/proxy;
  fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
  uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
  scgi_temp_path $DIR/nginx/tmp/scgi;
  upstream anshin {
$servers    keepalive 32;
  }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    client_max_body_size 25m;
    location / {
      proxy_pass http://anshin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      # anshin believes these only from [server] trusted_proxies (here 127.0.0.1/32).
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_connect_timeout 1s;
      proxy_read_timeout 60s;
      # A refused connection or a 502/503 goes to the next instance; nginx never repeats a
      # POST/PUT/PATCH/DELETE that reached an instance (no non_idempotent here).
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
    }
  }
}
EOF
}

nginx_alive() { alive "$DIR/nginx/nginx.pid"; }

start_nginx() {
  nginx_alive && return 0
  mkdir -p "$DIR/nginx/tmp"
  nginx_conf >"$DIR/nginx/nginx.conf"
  [ "$(id -u)" -eq 0 ] && chown -R nobody:nogroup "$DIR/nginx/tmp"
  nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/error.log"
  wait_for nginx 10 nginx_alive
}

up() {
  command -v etcd >/dev/null && command -v patroni >/dev/null && command -v nginx >/dev/null ||
    die "etcd, patroni or nginx missing: run scripts/deps.sh"
  [ -x "$BIN" ] || die "no anshin binary at $BIN (build it, or set ANSHIN_BIN)"
  mkdir -p "$DIR"
  [ "$(id -u)" -eq 0 ] && chmod 755 "$DIR"
  start_etcd
  start_patroni 1
  wait_for "the PostgreSQL primary" 60 any_primary
  start_patroni 2
  wait_for "the synchronous replica" 90 any_sync
  create_db
  # Migrations and the master key once, before the instances start side by side.
  (
    cd "$DIR"
    load_env 1
    "$BIN" migrate >"$DIR/migrate.log" 2>&1 || die "anshin migrate failed: $(tail -5 "$DIR/migrate.log")"
  )
  local i
  for i in $(seq 1 "$N"); do start_app "$i"; done
  for i in $(seq 1 "$N"); do
    wait_for "anshin instance $i" 30 http_ok "http://127.0.0.1:$(app_port "$i")/readyz"
  done
  start_nginx
  wait_for "nginx" 10 http_ok "http://127.0.0.1:$PROXY_PORT/readyz"
  say "up: $N instances behind http://127.0.0.1:$PROXY_PORT (store $(store_url))"
  echo "http://127.0.0.1:$PROXY_PORT"
}

# Ends the process group of pid file $1 (TERM, then KILL after $2 seconds).
stop_group() {
  local pidfile=$1 secs=${2:-10}
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local end=$((SECONDS + secs))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# PostgreSQL of node $1, should Patroni have died without stopping it (kill -9 in a test).
stop_postgres() {
  local d="$DIR/pg$1/data"
  if [ -f "$d/postmaster.pid" ]; then
    local pid
    pid=$(head -1 "$d/postmaster.pid")
    kill -0 "$pid" 2>/dev/null && kill -QUIT "$pid" 2>/dev/null || true
    local end=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

down() {
  [ -d "$DIR" ] || return 0
  if nginx_alive; then
    nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/error.log" -s quit || true
    local end=$((SECONDS + 10))
    while nginx_alive && [ $SECONDS -lt $end ]; do sleep 0.1; done
    nginx_alive && kill -KILL "$(cat "$DIR/nginx/nginx.pid")" 2>/dev/null || true
  fi
  local d
  for d in "$DIR"/app*/; do
    [ -d "$d" ] && stop_group "$d/anshin.pid" 15
  done
  for d in "$DIR"/pg*/; do
    [ -d "$d" ] || continue
    stop_group "$d/patroni.pid" 20
    stop_postgres "$(basename "$d" | tr -dc 0-9)"
  done
  stop_group "$DIR/etcd.pid" 10
  say "down"
}

status() {
  local state
  alive "$DIR/etcd.pid" && http_ok "http://127.0.0.1:$ETCD_PORT/health" && state=up || state=down
  echo "etcd        127.0.0.1:$ETCD_PORT  $state"
  local i role
  for i in 1 2; do
    role=$(curl -fsS -m 2 "http://127.0.0.1:$(rest_port "$i")/patroni" 2>/dev/null |
      /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("role","?"), d.get("state","?"), "sync" if d.get("sync_standby") else "")' 2>/dev/null) || role="down"
    echo "postgres$i   127.0.0.1:$(pg_port "$i")  ${role:-down}"
  done
  for i in $(seq 1 "$N"); do
    if alive "$DIR/app$i/anshin.pid"; then
      http_ok "http://127.0.0.1:$(app_port "$i")/readyz" && state="ready" || state="running, not ready"
    else
      state=down
    fi
    echo "anshin$i     127.0.0.1:$(app_port "$i")  $state"
  done
  nginx_alive && state=up || state=down
  echo "nginx       127.0.0.1:$PROXY_PORT  $state"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) app_env 1 | grep -v '^ANSHIN_SERVER_LISTEN=' ;;
  anshin)
    shift
    load_env 1
    unset ANSHIN_SERVER_LISTEN
    cd "$DIR" && exec "$BIN" "$@"
    ;;
  *) die "usage: $0 up|down|status|env|anshin ARGS..." ;;
esac
