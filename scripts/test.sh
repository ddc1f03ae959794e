#!/usr/bin/env bash
# `make test`: builds with AddressSanitizer + UBSan and runs every suite: unit (ctest, with the
# store suite on SQLite and on a real local PostgreSQL), API (pytest against a real server
# process: the whole suite on SQLite, then again on PostgreSQL), browser (playwright-core driving Debian's chromium)
# and a short run of every fuzz target (tests/fuzz, FUZZ_TEST_SECONDS each, one test per target).
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

echo "== unit tests (ctest)"
rm -rf "$TB/cmocka" && mkdir -p "$TB/cmocka"
(cd "$TB" && ctest --output-on-failure --output-junit "$OUT/unit.xml") || status=1

echo "== fuzz targets (libFuzzer, ${FUZZ_TEST_SECONDS:-15} s each)"
FUZZ_SECONDS=${FUZZ_TEST_SECONDS:-15} FUZZ_MERGE=0 bash scripts/fuzz.sh --junit "$OUT/fuzz.xml" || status=1

export ANSHIN_BIN=$ROOT/$TB/anshin
echo "== API tests on SQLite (pytest)"
ANSHIN_TEST_API_DRIVER=sqlite /usr/bin/python3 -m pytest -q -p no:cacheprovider \
  --junitxml="$OUT/api-sqlite.xml" tests/api || status=1
echo "== API tests on PostgreSQL (pytest)"
ANSHIN_TEST_API_DRIVER=postgres /usr/bin/python3 -m pytest -q -p no:cacheprovider \
  --junitxml="$OUT/api-postgres.xml" tests/api || status=1

echo "== browser tests (playwright-core + chromium)"
(
  cd tests/e2e &&
    { { [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ]; } || npm ci --no-audit --no-fund --silent; } &&
    node --test --test-reporter=tap --test-reporter-destination="$OUT/e2e.tap" \
      --test-reporter=spec --test-reporter-destination=stdout
) || status=1

/usr/bin/python3 scripts/count.py --unit "$OUT/unit.xml" "$TB/cmocka" "$OUT/api-sqlite.xml" "$OUT/api-postgres.xml" "$OUT/e2e.tap" "$OUT/fuzz.xml" "$OUT/layering.xml" "$OUT/format.xml" || status=1
exit $status
