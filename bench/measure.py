"""Measurements for bench/probe.sh (stdlib only). See that script."""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, ".test-servers/node_modules/@modelcontextprotocol/server-everything/dist/index.js")
INSPECTOR = os.path.join(ROOT, ".test-servers/node_modules/@modelcontextprotocol/inspector/cli/build/cli.js")
# The doctor is the real binary, `mcp-doctor probe`, on a home whose Claude Code config holds
# the server (Claude Code passes its whole environment, as this script does).
HOME = tempfile.mkdtemp(prefix="mcp-doctor-bench-")
with open(os.path.join(HOME, ".claude.json"), "w") as f:
    json.dump({"mcpServers": {"everything": {"command": "node", "args": [SERVER, "stdio"]}}}, f)
DOCTOR = [os.path.join(ROOT, "target/release/mcp-doctor"), "--home", HOME, "--os", "linux",
          "probe", "everything", "--json"]
# The environment the doctor's probe passes (a TS-SDK client's default), used here too so that
# both measure the same server start.
ENV = {k: os.environ[k] for k in ("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER") if k in os.environ}
INIT = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "0"}}}) + "\n"


def server_startup():
    """Spawn to the initialize reply, measured here, independently of the doctor."""
    t0 = time.perf_counter()
    p = subprocess.Popen(["node", SERVER, "stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    p.stdin.write(INIT.encode())
    p.stdin.flush()
    for line in p.stdout:
        try:
            if json.loads(line).get("id") == 1:
                break
        except ValueError:
            pass
    t = time.perf_counter() - t0
    p.stdin.close()
    p.wait(timeout=5)
    return t * 1000


def doctor():
    t0 = time.perf_counter()
    out = subprocess.run(DOCTOR, capture_output=True, cwd=ROOT, timeout=60, env=dict(ENV, HOME=HOME)).stdout
    total = (time.perf_counter() - t0) * 1000
    probe = json.loads(out)["servers"][0]["probe"]
    assert probe["status"] == "ok", probe
    return total, probe["initialize_ms"], probe["tools"], probe.get("shutdown_ms") or 0


def inspector():
    t0 = time.perf_counter()
    out = subprocess.run(["node", INSPECTOR, "--cli", "node", SERVER, "stdio", "--method", "tools/list"],
                         capture_output=True, check=True, cwd=ROOT, timeout=60).stdout
    t = (time.perf_counter() - t0) * 1000
    assert b'"tools"' in out, out[:200]
    return t


def med(xs):
    return statistics.median(xs)


# One warm-up of each (file-system caches), not counted.
server_startup(); doctor(); inspector()
own, total, init, insp, shut = [], [], [], [], []
tools = None
for _ in range(RUNS):
    own.append(server_startup())
    t, i, tools, sd = doctor()
    total.append(t)
    shut.append(sd)
    init.append(i)
    insp.append(inspector())

print(f"server-everything over stdio, {RUNS} runs, medians (node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}, {os.cpu_count()} cores)")
print(f"  server's own start-up (spawn -> initialize reply): {med(own):7.0f} ms")
print(f"  doctor: spawn -> initialize reply               : {med(init):7.0f} ms   (adds {med(init) - med(own):+.0f} ms to the server's own start-up)")
print(f"  doctor: total (start to exit, {tools} tools listed)   : {med(total):7.0f} ms   ({med(total) / med(own):.2f}x the server's start-up)")
print(f"    of which the server's own exit after stdin close: {med(shut):5.0f} ms")
print(f"  inspector 1.0.3 --cli, same handshake + tools/list : {med(insp):7.0f} ms   ({med(insp) / med(total):.2f}x the doctor's total)")
ok = med(init) - med(own) <= 50
print(f"  doctor overhead on start-up <= 50 ms: {'yes' if ok else 'NO'}")
sys.exit(0 if ok else 1)
