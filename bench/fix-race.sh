#!/usr/bin/env bash
# Issue 15: "1 000 rounds of two concurrent `fix` runs on one file never lose a change without one
# of them exiting 2". Runs tests/fix_race.rs with 1 000 rounds (ROUNDS overrides) on the test
# build, and prints how the rounds ended and how long they took.
#
# Usage: bench/fix-race.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-1000}
start=$(date +%s.%N)
MCP_DOCTOR_RACE_ROUNDS=$ROUNDS cargo test --quiet --test fix_race -- --nocapture 2>&1 \
    | grep -E "rounds:|test result|panicked|lost|exited"
end=$(date +%s.%N)
python3 -c "print(f'{$ROUNDS} rounds in {$end - $start:.1f} s (build included)')"
