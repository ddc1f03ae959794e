#!/usr/bin/env bash
# Installs every Debian package that building, testing and running anshin needs.
# Idempotent: when everything is present it only runs dpkg-query and exits.
# `deps.sh --security` installs instead the scanners of `make security` (not needed by make test).
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config
  libmicrohttpd-dev libgnutls28-dev libjansson-dev libsodium-dev libsqlite3-dev sqlite3
  libpq-dev postgresql libinih-dev liboath-dev libqrencode-dev libcurl4-openssl-dev
  libcmocka-dev zlib1g-dev
  clang libclang-rt-14-dev clang-format
  python3 python3-pytest python3-requests python3-aiosmtpd python3-yaml python3-psycopg2
  nodejs npm chromium
  fonts-noto-cjk
  wrk openssl curl ca-certificates faketime
  # support desk (issue 13): MIME parsing, HTML to text, the IMAP server of the tests
  libgmime-3.0-dev libxml2-dev dovecot-imapd
  # backups (issue 14): the SFTP test site, pg_dump/pg_restore (postgresql-client-15 comes with
  # postgresql)
  openssh-server
  # deletion certificates (issue 14): PDF and a Japanese font
  libhpdf-dev fonts-ipaexfont-gothic
  # tenants' data export as ZIP (issue 14)
  libzip-dev
  libcsv-dev
  # cluster (issue 15): scripts/cluster.sh's DCS, PostgreSQL failover manager and proxy
  etcd-server patroni nginx-light
  # receivables (issue 17): the invoice PDF's tests read it with pdftotext / pdftoppm
  poppler-utils
)
if [ "${1:-}" = "--security" ]; then
  PKGS=(sqlmap wapiti testssl.sh slowhttptest openssl curl python3 python3-requests python3-yaml)
fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

# node/npm may come from outside Debian on some machines; accept a working binary.
filtered=()
for p in "${missing[@]}"; do
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  filtered+=("$p")
done

if [ "${#filtered[@]}" -gt 0 ]; then
  echo "deps: installing ${filtered[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # Another package run (an unattended upgrade, a second checkout's tests) may hold the dpkg lock:
  # wait for it instead of failing the build.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${filtered[@]}"
fi
