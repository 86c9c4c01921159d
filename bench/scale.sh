#!/usr/bin/env bash
# How `mcp-doctor check` scales with the number of servers in one file (issue 15: "100 000
# servers in one file finish in under 5 s, linear in the count").
#
# Generates homes whose ~/.claude.json holds N stdio servers (bench/gen_many.py: npx, uvx, a
# script, node with a missing file; API keys in env), runs `check --home H --os linux --json` and
# the human output R times at each N, and prints the median wall time, the peak RSS, and the time
# ratio per doubling of N (2.0 is linear, 4.0 quadratic). The smallest N is the baseline of the
# same run.
#
# Usage: bench/scale.sh [RUNS] [BINARY]   (RUNS: 3 by default; BINARY: measure that binary instead
# of building this tree's release, e.g. an older build to compare). NS="1000 4000" overrides the
# counts.
#
# Figures before and after the fix (1611e18: 16 000 servers 4.1 s and 2.6x per doubling; now
# 100 000 servers 9.5 s, 1.98x per doubling, 1 GB): docs/scale.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
if [ -n "${2:-}" ]; then
    BIN=$(realpath "$2")
else
    cargo build --release --quiet
    BIN=$PWD/target/release/mcp-doctor
fi
NS=${NS:-"1000 2000 4000 8000 16000 32000 64000 100000"}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$BIN" "$WORK" "$RUNS" $NS <<'PY'
import math, os, statistics, subprocess, sys, time
binp, work, runs, ns = sys.argv[1], sys.argv[2], int(sys.argv[3]), [int(x) for x in sys.argv[4:]]
here = os.path.dirname(os.path.abspath("bench/gen_many.py"))
def run(home, fmt):
    """Wall seconds and peak RSS (MB) of one run; the exit code must be 0 or 1 (findings)."""
    args = [binp, "check", "--home", home, "--os", "linux"] + fmt
    env = {"PATH": f"{home}/bin:/usr/bin:/bin", "HOME": "/nonexistent"}
    t = time.perf_counter()
    p = subprocess.Popen(args, cwd=home, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(args)}: exit {code}: {err.decode(errors='replace')[:500]}")
    return wall, ru.ru_maxrss / 1024
rows = []
print(f"binary: {binp}; {runs} runs per point; medians")
print(f"{'servers':>8}  {'--json':>8} {'RSS':>7}  {'human':>8} {'RSS':>7}  {'per doubling (json, human)':>27}")
prev = None
for n in ns:
    home = os.path.join(work, f"h{n}")
    subprocess.run([sys.executable, os.path.join(here, "gen_many.py"), home, str(n)], check=True,
                   stdout=subprocess.DEVNULL)
    res = {}
    for name, fmt in (("json", ["--json"]), ("human", [])):
        ms = [run(home, fmt) for _ in range(runs)]
        res[name] = (statistics.median(m[0] for m in ms), max(m[1] for m in ms))
    ratio = ""
    if prev:
        doublings = math.log2(n / prev[0])
        per = [(res[k][0] / prev[1][k][0]) ** (1 / doublings) for k in ("json", "human")]
        ratio = f"{per[0]:.2f}x, {per[1]:.2f}x"
    print(f"{n:>8}  {res['json'][0]:>7.2f}s {res['json'][1]:>5.0f}MB  {res['human'][0]:>7.2f}s {res['human'][1]:>5.0f}MB  {ratio:>27}", flush=True)
    rows.append((n, res))
    prev = (n, res)
    os.system(f"rm -rf '{home}'")
(n0, r0), (n1, r1) = rows[0], rows[-1]
# One count (NS="100000"): no growth to report.
if n1 > n0:
    d = math.log2(n1 / n0)
    for k in ("json", "human"):
        per = (r1[k][0] / r0[k][0]) ** (1 / d)
        print(f"{k}: {n0} -> {n1} servers: {r1[k][0] / r0[k][0]:.1f}x the time for {n1 / n0:.0f}x the servers ({per:.2f}x per doubling; 2.00 is linear)")
big = [r for n, r in rows if n == 100000]
if big:
    ok = big[0]["json"][0] < 5 and big[0]["human"][0] < 5
    print("target: check on 100 000 servers in one file under 5 s —", "met" if ok else "NOT met")
PY
