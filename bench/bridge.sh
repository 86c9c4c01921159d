#!/usr/bin/env bash
# Benchmark (issue 17 "Done when"): what `mcp-doctor bridge` adds, measured in one run against a
# direct connection to the same server:
#  - relay latency: the median round trip of a request (`tools/call echo` on server-everything,
#    or the fixture's `tools/call` without it) through the bridge minus the median of the same
#    requests sent straight to the server's stdin, in interleaved rounds;
#  - the bridge's peak memory (VmHWM of the bridge process itself, from /proc), and that of a
#    remote bridge (`bridge URL`) relaying to the fixture's Streamable HTTP server on loopback.
# Targets: under 1 ms added median, under 5 MiB.
#
# usage: bench/bridge.sh [REQUESTS_PER_ROUND] [ROUNDS]
# (`MCP_DOCTOR_BIN=PATH python3 bench/bridge.py N R` measures another build, e.g. an older one.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-servers.sh >/dev/null || true
cargo build --release --quiet
exec python3 bench/bridge.py "${1:-500}" "${2:-6}"
