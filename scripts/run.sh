#!/usr/bin/env bash
# `make run`: migrate the database under ./var/, create the first operator admin on a fresh
# database (printing its one-time password), then serve until Ctrl-C.
set -euo pipefail
BIN=${1:-build/anshin}

"$BIN" migrate >/dev/null
listen=${ANSHIN_SERVER_LISTEN:-127.0.0.1:8080}
if [ -f anshin.conf ]; then
  conf_listen=$(sed -n 's/^[[:space:]]*listen[[:space:]]*=[[:space:]]*//p' anshin.conf | head -1)
  [ -n "$conf_listen" ] && [ -z "${ANSHIN_SERVER_LISTEN:-}" ] && listen=$conf_listen
fi
created=$("$BIN" admin create --login admin --display-name "運用管理者" --if-missing </dev/null 2>/dev/null || true)
password=$(printf '%s\n' "$created" | sed -n 's/^password: //p')

echo
echo "  anshin is starting."
echo "  Open:      http://${listen}/"
echo "  Log in:    login ID  admin"
if [ -n "$password" ]; then
  echo "             password  ${password}   (one-time: you will be asked to change it)"
else
  echo "             password  the one printed when the database was first created"
  echo "             (to start over: stop, remove ./var/, and run make run again)"
fi
echo "  Stop with Ctrl-C."
echo
exec "$BIN" serve
