#!/usr/bin/env bash
# `make test`: builds with AddressSanitizer + UBSan and runs every suite: unit (ctest, with the
# store suite on SQLite and on a real local PostgreSQL), API (pytest against a real server
# process: the whole suite on SQLite and, at the same time, on PostgreSQL), browser
# (playwright-core driving Debian's chromium; two test files at a time) and a short run of every
# fuzz target (tests/fuzz, FUZZ_TEST_SECONDS each, one test per target; beside the unit tests).
# The last line is "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/tests/out
TB=${TEST_BUILD:-build-test}
rm -rf "$OUT" && mkdir -p "$OUT"
status=0

echo "== build ($TB, ASan+UBSan)"
cmake -S . -B "$TB" -DCMAKE_BUILD_TYPE=Debug -DANSHIN_SANITIZE=ON >/dev/null || exit 1
cmake --build "$TB" -j"$(nproc)" >"$OUT/build.log" 2>&1 || { tail -50 "$OUT/build.log"; echo "0 passed, 1 failed"; exit 1; }

echo "== layering gate (scripts/layering.py)"
/usr/bin/python3 scripts/layering.py --junit "$OUT/layering.xml" || status=1
echo "== format gate (clang-format over src/ and tests/unit/)"
/usr/bin/python3 scripts/format_check.py --junit "$OUT/format.xml" || status=1

echo "== PostgreSQL for the tests"
if PGURL=$(bash scripts/pg-test.sh | tail -1); then
  export ANSHIN_TEST_PG_URL="$PGURL"
  echo "   $PGURL"
else
  echo "   PostgreSQL unavailable: the PostgreSQL suites will be skipped"
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# The fuzz targets run one at a time on one core for a fixed time each, and ctest runs its suites
# one at a time: the two side by side, each with its own output, printed after both ended.
echo "== fuzz targets (libFuzzer, ${FUZZ_TEST_SECONDS:-15} s each) beside the unit tests (ctest)"
FUZZ_SECONDS=${FUZZ_TEST_SECONDS:-15} FUZZ_MERGE=0 bash scripts/fuzz.sh --junit "$OUT/fuzz.xml" \
  >"$OUT/fuzz.log" 2>&1 &
fuzz_pid=$!
rm -rf "$TB/cmocka" && mkdir -p "$TB/cmocka"
(cd "$TB" && ctest --output-on-failure --output-junit "$OUT/unit.xml") >"$OUT/unit.log" 2>&1 || status=1
wait "$fuzz_pid" || status=1
echo "-- unit tests (ctest)"
cat "$OUT/unit.log"
echo "-- fuzz targets"
cat "$OUT/fuzz.log"

export ANSHIN_BIN=$ROOT/$TB/anshin
# The two API runs side by side: each test's server has its own temp dir, free port and (on
# PostgreSQL) schema, and much of a run is spent waiting on its server, so two share the machine
# well. Each keeps its own output and report; both are printed, SQLite first, and both counted.
# Tests marked `timed` (a latency under load against the same latency without it) are left out
# here and run afterwards, one backend after the other: two suites side by side on two cores put
# bursts of other work into one side of such a comparison and not the other.
echo "== API tests on SQLite and on PostgreSQL, side by side (pytest)"
api_run() { # driver marker-expression report [pytest option ...]
  ANSHIN_TEST_API_DRIVER=$1 /usr/bin/python3 -m pytest -q -p no:cacheprovider -m "$2" "${@:4}" \
    --junitxml="$OUT/$3.xml" tests/api >"$OUT/$3.log" 2>&1
}
api_run sqlite "not timed" api-sqlite &
api_sqlite=$!
api_run postgres "not timed" api-postgres &
api_postgres=$!
wait "$api_sqlite" || status=1
wait "$api_postgres" || status=1
echo "-- API tests on SQLite"
cat "$OUT/api-sqlite.log"
echo "-- API tests on PostgreSQL"
cat "$OUT/api-postgres.log"
echo "== timed API tests, alone on the machine (SQLite, then PostgreSQL)"
api_run sqlite timed api-timed-sqlite -s || status=1 # -s: the measured figures in the log
api_run postgres timed api-timed-postgres -s || status=1
cat "$OUT/api-timed-sqlite.log" "$OUT/api-timed-postgres.log"

# The cluster (issue 15): two instances behind nginx on a Patroni pair with etcd, all started by
# scripts/cluster.sh on loopback ports of their own; kills an instance and the primary under load.
echo "== cluster test (nginx, 2 instances, Patroni primary + synchronous replica, etcd)"
/usr/bin/python3 -m pytest -q -s -p no:cacheprovider --junitxml="$OUT/cluster.xml" tests/cluster \
  >"$OUT/cluster.log" 2>&1 || status=1
tail -25 "$OUT/cluster.log"

echo "== browser tests (playwright-core + chromium)"
(
  cd tests/e2e &&
    { { [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ]; } || npm ci --no-audit --no-fund --silent; } &&
    node --test --test-concurrency=2 --test-reporter=tap --test-reporter-destination="$OUT/e2e.tap" \
      --test-reporter=spec --test-reporter-destination=stdout
) || status=1

/usr/bin/python3 scripts/count.py --unit "$OUT/unit.xml" "$TB/cmocka" "$OUT/api-sqlite.xml" "$OUT/api-postgres.xml" "$OUT/api-timed-sqlite.xml" "$OUT/api-timed-postgres.xml" "$OUT/cluster.xml" "$OUT/e2e.tap" "$OUT/fuzz.xml" "$OUT/layering.xml" "$OUT/format.xml" || status=1
exit $status
