"""Measurements for bench/bridge.sh (stdlib only). See that script."""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PER_ROUND = int(sys.argv[1]) if len(sys.argv) > 1 else 500
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 6
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCTOR = os.environ.get("MCP_DOCTOR_BIN") or os.path.join(ROOT, "target/release/mcp-doctor")
EVERYTHING = os.path.join(ROOT, ".test-servers/node_modules/@modelcontextprotocol/server-everything/dist/index.js")
node = shutil.which("node")
if node and os.path.exists(EVERYTHING):
    SERVER = [node, EVERYTHING, "stdio"]
    CALL = {"name": "echo", "arguments": {"message": "hi"}}
    LABEL = "server-everything 2026.8.31 (stdio), tools/call echo"
else:
    SERVER = [sys.executable, "-S", os.path.join(ROOT, "tests/fixtures/fixture_server.py")]
    CALL = {"name": "tool0", "arguments": {}}
    LABEL = "the fixture server (stdio), tools/call"
LOGDIR = tempfile.mkdtemp(prefix="mcp-doctor-bridge-bench-")
ENV = dict(os.environ, MCP_DOCTOR_BRIDGE_LOG=os.path.join(LOGDIR, "heal.jsonl"))


class Session:
    def __init__(self, argv):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, env=ENV, cwd=ROOT)
        self.next = 1
        self.request("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                    "clientInfo": {"name": "bench", "version": "0"}})
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def send(self, msg):
        self.p.stdin.write((json.dumps(msg) + "\n").encode())
        self.p.stdin.flush()

    def request(self, method, params):
        i = self.next
        self.next += 1
        t0 = time.perf_counter()
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise SystemExit(f"the server closed stdout during {method}")
            try:
                v = json.loads(line)
            except ValueError:
                continue
            if v.get("id") == i and "method" not in v:
                if "error" in v:
                    raise SystemExit(f"{method} failed: {v['error']}")
                return time.perf_counter() - t0

    def close(self):
        self.p.stdin.close()
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()


def peak_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def anon_kib(pid):
    """The process's own (anonymous: heap, stacks) resident memory, from smaps_rollup."""
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Anonymous:"):
                return int(line.split()[1])
    return 0


def baseline_kib():
    """Peak RSS of `mcp-doctor --version`: the same executable and libraries, doing nothing.
    Measured by GNU time (a fork of Python would count Python's own pages)."""
    if not shutil.which("time") and not os.path.exists("/usr/bin/time"):
        return None
    out = subprocess.run(["/usr/bin/time", "-f", "%M", DOCTOR, "--version"],
                         capture_output=True, text=True).stderr.strip().splitlines()
    return int(out[-1]) if out and out[-1].isdigit() else None


direct = Session(SERVER)
bridged = Session([DOCTOR, "bridge", "--name", "bench", "--"] + SERVER)
# Warm up both (JIT, caches), then interleave rounds so drift hits both alike.
for s in (direct, bridged):
    for _ in range(100):
        s.request("tools/call", CALL)
d_times, b_times = [], []
for _ in range(ROUNDS):
    for s, out in ((direct, d_times), (bridged, b_times)):
        for _ in range(PER_ROUND):
            out.append(s.request("tools/call", CALL))
peak = peak_kib(bridged.p.pid)
anon = anon_kib(bridged.p.pid)
base = baseline_kib()
direct.close()
bridged.close()
md, mb = statistics.median(d_times), statistics.median(b_times)
print(f"server: {LABEL}; {ROUNDS} rounds x {PER_ROUND} requests each way, interleaved")
print(f"direct   median {md * 1000:.3f} ms  p90 {statistics.quantiles(d_times, n=10)[-1] * 1000:.3f} ms")
print(f"bridged  median {mb * 1000:.3f} ms  p90 {statistics.quantiles(b_times, n=10)[-1] * 1000:.3f} ms")
added = (mb - md) * 1000
print(f"added by the bridge: {added:.3f} ms median (target < 1 ms): {'ok' if added < 1 else 'OVER'}")
print(f"bridge peak RSS (VmHWM): {peak / 1024:.2f} MiB (target < 5 MiB: {'ok' if peak < 5 * 1024 else 'OVER'})")
if base:
    print(f"  `mcp-doctor --version` alone (same executable and libraries, same run): {base / 1024:.2f} MiB")
print(f"  the bridge's own heap and stacks (anonymous memory) at the end: {anon / 1024:.2f} MiB")

# The remote bridge (stdio to Streamable HTTP) on the fixture server, on loopback.
FIXTURE = os.path.join(ROOT, "tests/fixtures/fixture_server.py")
http = subprocess.Popen([sys.executable, "-S", FIXTURE, "--http", "0"], stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL)
port = int(http.stdout.readline().split()[1])
remote = Session([DOCTOR, "bridge", "--name", "bench-remote", f"http://127.0.0.1:{port}/mcp"])
for _ in range(PER_ROUND):
    remote.request("tools/call", {"name": "tool0", "arguments": {}})
rpeak = peak_kib(remote.p.pid)
remote.close()
http.kill()
http.wait()
print(f"remote bridge (Streamable HTTP, the fixture server on loopback, {PER_ROUND} calls) peak RSS:"
      f" {rpeak / 1024:.2f} MiB (target < 5 MiB: {'ok' if rpeak < 5 * 1024 else 'OVER'})")
shutil.rmtree(LOGDIR, ignore_errors=True)
