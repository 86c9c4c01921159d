#!/usr/bin/env bash
# Benchmark (issue 7 "Done when"): probes server-everything over stdio and reports, in one run,
#  - the doctor's total time (process start to exit, spawn + handshake + tools/list + shutdown),
#  - the server's own start-up time (spawn to its initialize reply, measured independently),
#  - the official Inspector 1.0.3 `--cli` doing the same handshake and tools/list,
# as medians over RUNS runs (default 7), with ratios.
#
# The doctor is the real binary: `mcp-doctor probe everything --json` on a temporary home whose
# Claude Code config holds the server.
#
# usage: bench/probe.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-7}"
bash scripts/install-test-servers.sh >/dev/null
cargo build --release --quiet
exec python3 bench/measure.py "$RUNS"
