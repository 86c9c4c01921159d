#!/usr/bin/env bash
# Issue 16 "Done when": N servers probed at once on this machine, none falsely reported slow.
# Each server burns CPU_S seconds of CPU before it answers (tests/fixtures/busy.py). Probes the
# same home with every server started at once (--jobs N) and with the default (the cores), and
# prints, for each, the wall time and how many servers timed out or needed a retry alone.
#
# usage: bench/probe-jobs.sh [N=16] [CPU_S=1.0] [TIMEOUT_S=8] [BINARY=target/release/mcp-doctor]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-16}
cpu=${2:-1.0}
timeout=${3:-8}
bin=${4:-target/release/mcp-doctor}
[ -x "$bin" ] || bin=target/debug/mcp-doctor
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
py=/usr/bin/python3; [ -x "$py" ] || py=$(command -v python3)  # outside the home: --home maps paths under the real home
busy=$(pwd)/tests/fixtures/busy.py
{
  echo '{"mcpServers": {'
  for i in $(seq 1 "$n"); do
    sep=,; [ "$i" = "$n" ] && sep=
    echo "  \"s$i\": {\"command\": \"$py\", \"args\": [\"-S\", \"$busy\", \"$cpu\"]}$sep"
  done
  echo '}}'
} > "$home/.claude.json"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $n servers, each ${cpu}s of CPU to start; timeout ${timeout}s"
for jobs in "$n" default; do
  args=(--home "$home" probe --json --timeout "$timeout")
  [ "$jobs" = default ] || args+=(--jobs "$jobs")
  t0=$(date +%s.%N)
  out=$(MCP_DOCTOR_NO_STATE=1 "$bin" "${args[@]}" || true)
  t1=$(date +%s.%N)
  echo "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
p = [s["probe"] for s in r["servers"] if s["probe"]]
ok = sum(1 for x in p if x["status"] == "ok")
to = sum(1 for x in p if x["status"] == "timeout")
retried = sum(1 for x in p if any("probed again alone" in n or "when probed alone" in n for n in x.get("notes") or []))
slowest = max((x["initialize_ms"] or 0) for x in p) if p else 0
print(f"  jobs={sys.argv[1]:>7}: wall {float(sys.argv[2]):5.1f} s, {ok} ok, {to} reported slow (timeout), {retried} retried alone; slowest initialize {slowest} ms")
' "$jobs" "$(echo "$t1 - $t0" | bc)"
done
