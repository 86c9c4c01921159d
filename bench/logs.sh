#!/usr/bin/env bash
# Benchmark of the log engine (issue 5, "Done when"), one command:
#
#   bench/logs.sh [SIZE_MIB] [BINARY]   (default 1024: a 1 GiB log; BINARY: measure that binary
#                                        instead of this tree's build, e.g. an older one to compare)
#
# Generates a realistic Claude Desktop-style mcp.log of SIZE_MIB and one of 10 MiB, both ending
# now, in a temp dir, then reports in one run:
#   - full-scan throughput, next to `grep -c` over the same file as a baseline
#   - `--since 10m` on the big file vs the same window at the end of the 10 MiB file (within 2x)
#   - peak memory (max RSS) of every scan (under 32 MiB)
#
# It drives the real binary: `mcp-doctor logs --file FILE [--since 10m] --json` (whole process:
# start-up, scan, ranking, JSON output), with an empty --home.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${1:-1024}
cargo build --release --examples -q
GEN=target/release/examples/gen_log
if [ -n "${2:-}" ]; then
  BIN=$(realpath "$2")
else
  cargo build --release -q
  BIN=target/release/mcp-doctor
fi
TIME=/usr/bin/time
DIR=$(mktemp -d "${TMPDIR:-/tmp}/mcp-doctor-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
mkdir -p "$DIR/home"
summary() {
  python3 - "$DIR/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
top = (r["causes"] or [{}])[0].get("cause")
print(f"{len(r['events'])} events, {len(r['findings'])} findings, top cause {top}")
PY
}

echo "generating ${SIZE_MIB} MiB and 10 MiB logs in $DIR ..."
"$GEN" "$DIR/big.log" $((SIZE_MIB * 1048576)) "$NOW"
"$GEN" "$DIR/small.log" $((10 * 1048576)) "$NOW"
BIG_BYTES=$(stat -c %s "$DIR/big.log")
cat "$DIR/big.log" "$DIR/small.log" > /dev/null   # same page-cache state for every reader

now_ns() { date +%s%N; }
# run LOGS-ARGS...: `mcp-doctor logs --json LOGS-ARGS`; wall seconds and max RSS (KiB) of one run, into $WALL and $RSS
run() {
  local t0 t1
  t0=$(now_ns)
  "$TIME" -f "%M" -o "$DIR/rss" "$BIN" --home "$DIR/home" --now "$NOW" logs --json "$@" > "$DIR/out" || [ $? -eq 1 ]
  t1=$(now_ns)
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  RSS=$(tail -n 1 "$DIR/rss")
}
best() { # best of 3 wall times of a command, and the largest RSS
  local b=999999 r=0
  for _ in 1 2 3; do
    run "$@"
    b=$(awk -v x="$WALL" -v y="$b" 'BEGIN { print (x < y) ? x : y }')
    [ "$RSS" -gt "$r" ] && r=$RSS
  done
  WALL=$b RSS=$r
}

run --file "$DIR/big.log"
FULL_WALL=$WALL FULL_RSS=$RSS FULL_OUT=$(summary)
t0=$(now_ns); GREP_COUNT=$(grep -c ENOENT "$DIR/big.log"); t1=$(now_ns)
GREP_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
best --since 10m --file "$DIR/big.log"
BIG_WALL=$WALL BIG_RSS=$RSS BIG_OUT=$(summary)
best --since 10m --file "$DIR/small.log"
SMALL_WALL=$WALL SMALL_RSS=$RSS SMALL_OUT=$(summary)

MIB=$(awk -v b="$BIG_BYTES" 'BEGIN { printf "%.0f", b / 1048576 }')
PEAK=$(printf "%s\n" "$FULL_RSS" "$BIG_RSS" "$SMALL_RSS" | sort -n | tail -n 1)
RATIO=$(awk -v a="$BIG_WALL" -v b="$SMALL_WALL" 'BEGIN { printf "%.2f", a / b }')
echo
echo "== full scan of ${MIB} MiB"
printf "mcp-doctor logs:  %7.2f s  %8.1f MiB/s   %s\n" "$FULL_WALL" "$(awk -v b="$BIG_BYTES" -v s="$FULL_WALL" 'BEGIN { print b / 1048576 / s }')" "$FULL_OUT"
printf "grep -c ENOENT:   %7.2f s  %8.1f MiB/s   (%s lines)\n" "$GREP_WALL" "$(awk -v b="$BIG_BYTES" -v s="$GREP_WALL" 'BEGIN { print b / 1048576 / s }')" "$GREP_COUNT"
echo "== --since 10m (best of 3, whole process)"
printf "%s MiB file:  %6.3f s   %s\n" "$MIB" "$BIG_WALL" "$BIG_OUT"
printf "10 MiB file:  %6.3f s   %s\n" "$SMALL_WALL" "$SMALL_OUT"
printf "ratio %s (must be <= 2): %s\n" "$RATIO" "$(awk -v r="$RATIO" 'BEGIN { print (r <= 2) ? "PASS" : "FAIL" }')"
echo "== peak memory (max RSS)"
printf "full scan %.1f MiB, since/big %.1f MiB, since/small %.1f MiB; peak %.1f MiB (must be < 32): %s\n" \
  "$(awk -v k="$FULL_RSS" 'BEGIN { print k / 1024 }')" "$(awk -v k="$BIG_RSS" 'BEGIN { print k / 1024 }')" \
  "$(awk -v k="$SMALL_RSS" 'BEGIN { print k / 1024 }')" "$(awk -v k="$PEAK" 'BEGIN { print k / 1024 }')" \
  "$(awk -v k="$PEAK" 'BEGIN { print (k < 32768) ? "PASS" : "FAIL" }')"
