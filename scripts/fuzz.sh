#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang, ASan + UBSan) into build-fuzz/ and runs each
# for a while, one at a time, starting from the corpus kept in the repo. New corpus entries go
# to a scratch directory, never into the repo, unless --merge (FUZZ_MERGE=1) is given.
#
#   scripts/fuzz.sh [--seconds N] [--runs N] [--junit FILE] [--merge] [target ...]
#
# --seconds: time per target (default $FUZZ_SECONDS or 60); --runs: stop a target after N
# executions too; --junit: write one test case per target (scripts/count.py reads it); targets
# are names like router or fuzz_router (default: all). Output per target goes to
# build-fuzz/fuzz-out/<name>/ (log, crash-* inputs, corpus). Exits 1 when any target crashed,
# leaked, timed out or could not run; the crashing input's path is printed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
FB=${FUZZ_BUILD:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
RUNS=${FUZZ_RUNS:-0}
MERGE=${FUZZ_MERGE:-0}
JUNIT=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --junit) JUNIT=$2; shift 2 ;;
    --merge) MERGE=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) targets+=("${1#fuzz_}"); shift ;;
  esac
done

CC_FUZZ=${FUZZ_CC:-clang}
if ! command -v "$CC_FUZZ" >/dev/null; then
  echo "fuzz: $CC_FUZZ not found (scripts/deps.sh installs clang and libclang-rt-14-dev)"
  exit 1
fi
mkdir -p "$FB"
echo "== fuzz build ($FB, clang, libFuzzer + ASan + UBSan)"
if ! { cmake -S . -B "$FB" -DCMAKE_C_COMPILER="$CC_FUZZ" -DCMAKE_BUILD_TYPE=Debug -DANSHIN_FUZZ=ON \
         >"$FB/configure.log" 2>&1 &&
       cmake --build "$FB" -j"$(nproc)" --target fuzz_targets >"$FB/build.log" 2>&1; }; then
  tail -n 40 "$FB/configure.log" "$FB/build.log"
  if [ -n "$JUNIT" ]; then
    mkdir -p "$(dirname "$JUNIT")"
    printf '<?xml version="1.0"?>\n<testsuite name="fuzz"><testcase classname="fuzz" name="build"><failure message="the fuzz targets did not build"/></testcase></testsuite>\n' >"$JUNIT"
  fi
  exit 1
fi

if [ ${#targets[@]} -eq 0 ]; then
  for src in tests/fuzz/fuzz_*.c; do
    n=$(basename "$src" .c)
    targets+=("${n#fuzz_}")
  done
fi

xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }

OUTDIR=$ROOT/$FB/fuzz-out
cases=""
failed=0
for name in "${targets[@]}"; do
  bin=$ROOT/$FB/fuzz_$name
  seeds=$ROOT/tests/fuzz/corpus/$name
  out=$OUTDIR/$name
  rm -rf "$out/tmp" && mkdir -p "$out/corpus" "$out/tmp" "$seeds"
  args=(-max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=8192
        -print_final_stats=1 -artifact_prefix="$out/")
  [ "$RUNS" -gt 0 ] && args+=(-runs="$RUNS")
  [ -f "tests/fuzz/$name.dict" ] && args+=(-dict="$ROOT/tests/fuzz/$name.dict")
  rm -f "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* "$out"/slow-unit-*
  start=$(date +%s)
  if [ ! -x "$bin" ]; then
    rc=127
    echo "no such target: $bin" >"$out/log"
  else
    # The scratch corpus comes first: libFuzzer writes new entries there, and only reads the
    # repo's seeds. TMPDIR keeps whatever a target writes inside its own output directory.
    (cd "$out" && TMPDIR="$out/tmp" "$bin" "${args[@]}" "$out/corpus" "$seeds" >"$out/log" 2>&1)
    rc=$?
  fi
  took=$(( $(date +%s) - start ))
  stat() { sed -n "s/^stat::$1: *//p" "$out/log" | tail -1; }
  execs=$(stat number_of_executed_units); rate=$(stat average_exec_per_sec)
  done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$out/log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line"); ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$done_line")
  summary="${execs:-0} executions, ${rate:-0} exec/s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, ${took} s"
  if [ "$rc" -eq 0 ]; then
    printf 'fuzz_%-12s ok      %s\n' "$name" "$summary"
    failure=""
  else
    failed=1
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$out/log" | tail -1)
    printf 'fuzz_%-12s FAILED  %s (exit %s)\n' "$name" "$summary" "$rc"
    grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|fuzz property failed' "$out/log" | sed 's/^/    /'
    echo "    crashing input: ${artifact:-none written}; log: $out/log"
    echo "    reproduce: $bin ${artifact:-}"
    failure="<failure message=\"$( (grep -m1 -E 'ERROR:|runtime error|fuzz property failed' "$out/log" || echo "exit $rc") | xml_escape)\">crashing input: ${artifact:-none} (log: $out/log)</failure>"
  fi
  if [ "$MERGE" = 1 ] && [ -x "$bin" ]; then
    (cd "$out" && "$bin" -merge=1 -max_len=8192 "$seeds" "$out/corpus" >"$out/merge.log" 2>&1) &&
      echo "    merged new inputs into tests/fuzz/corpus/$name"
  fi
  cases+="<testcase classname=\"fuzz\" name=\"fuzz_$name\" time=\"$took\">$failure<system-out>$(xml_escape <<<"$summary")</system-out></testcase>"
done

if [ -n "$JUNIT" ]; then
  mkdir -p "$(dirname "$JUNIT")"
  printf '<?xml version="1.0"?>\n<testsuite name="fuzz">%s</testsuite>\n' "$cases" >"$JUNIT"
fi
exit $failed
