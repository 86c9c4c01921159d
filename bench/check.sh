#!/usr/bin/env bash
# Benchmark of `mcp-doctor check` on a generated home with 12 clients and 200+ servers.
# Reports the median wall time over N runs next to the median of `mcp-doctor --version`
# (process start-up, the floor) measured in the same run. Usage: bench/check.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-40}
cargo build --release --quiet
BIN=$PWD/target/release/mcp-doctor
HOME_DIR=$(mktemp -d)
trap 'rm -rf "$HOME_DIR"' EXIT
SERVERS=$(python3 bench/gen_home.py "$HOME_DIR")
python3 - "$BIN" "$HOME_DIR" "$N" "$SERVERS" <<'PY'
import json, os, statistics, subprocess, sys, time
binp, home, n, servers = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
env = {"PATH": f"{home}/bin:/usr/bin:/bin", "HOME": "/nonexistent"}
def timed(args, cwd, extra=None):
    ts = []
    e = dict(env, **(extra or {}))
    for _ in range(n):
        t = time.perf_counter()
        p = subprocess.run(args, cwd=cwd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        ts.append((time.perf_counter() - t) * 1000)
        if p.returncode not in (0, 1):
            sys.exit(f"{args}: exit {p.returncode}: {p.stderr.decode()}")
    return statistics.median(ts), min(ts), max(ts)
check = [binp, "check", "--home", home, "--os", "linux", "--json"]
out = json.loads(subprocess.run(check, cwd=f"{home}/proj", env=env, capture_output=True).stdout)
clients = sorted({c["client"] for c in out["configs"] if c["status"] == "ok"})
print(f"home: {len(clients)} clients, {len(out['servers'])} servers (generated {servers}), {len(out['findings'])} findings")
base = timed([binp, "--version"], home)
chk = timed(check, f"{home}/proj")
nort = timed(check, f"{home}/proj", {"MCP_DOCTOR_NO_RUNTIMES": "1"})
ran = [rt for rt in out["host"]["runtimes"] if rt.get("version_from") == "--version"]
print(f"mcp-doctor --version (start-up floor): median {base[0]:.1f} ms (min {base[1]:.1f}, max {base[2]:.1f})")
print(f"mcp-doctor check --json:              median {chk[0]:.1f} ms (min {chk[1]:.1f}, max {chk[2]:.1f})  = {chk[0]/base[0]:.1f}x start-up")
print(f"  of which the runtime step, which ran {len(ran)} real interpreter(s) here ({', '.join(r['path'] for r in ran)}):")
print(f"mcp-doctor check --json, no runtime step: median {nort[0]:.1f} ms (min {nort[1]:.1f}, max {nort[2]:.1f})")
print("target: under 50 ms without the interpreters' own start-up —", "met" if nort[0] < 50 else "NOT met")
PY
