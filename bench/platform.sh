#!/usr/bin/env bash
# What the platform checks (issue #8) add to `mcp-doctor check`, with the platform tools answered
# from recordings (testdata/platform/): the median wall time of `check --json` with the checks
# (--platform-replay) and without them (--no-platform), on the macOS and Windows fixture homes and
# on the generated 210-server home with a proxy in the environment; and the TLS interception check
# of `check --probe` against 10 real TLS servers on loopback (the test PKI: the chain ends at a
# company root that only the --root bundle trusts). Target: under 100 ms added.
# Usage: bench/platform.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-40}
cargo build --release --quiet
BIN=$PWD/target/release/mcp-doctor
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r testdata/homes/macos-platform "$WORK/mac"
cp -r testdata/homes/windows-platform "$WORK/win"
mkdir -p "$WORK/gen"
python3 bench/gen_home.py "$WORK/gen" >/dev/null
python3 - "$BIN" "$WORK" "$N" "$PWD/testdata/platform" <<'PY'
import statistics, subprocess, sys, time
binp, work, n, rec = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def pair(a, b, env, cwd):
    """Runs a and b alternately, so that a busy machine slows both alike; their medians."""
    ta, tb = [], []
    for _ in range(n):
        for args, ts in ((a, ta), (b, tb)):
            t = time.perf_counter()
            p = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            ts.append((time.perf_counter() - t) * 1000)
            if p.returncode not in (0, 1):
                sys.exit(f"{args}: exit {p.returncode}: {p.stderr.decode()}")
    return statistics.median(ta), statistics.median(tb)
proxy = {"HTTPS_PROXY": "http://proxy.corp.example:8080", "NO_PROXY": ".corp.example"}
cases = [
    ("macOS fixture (6 servers, macos-blocked)", f"{work}/mac", "macos",
     {"PATH": "/Users/alice/.nvm/versions/node/v20.11.1/bin:/usr/bin:/bin", **proxy}, f"{rec}/macos-blocked"),
    ("Windows fixture (4 servers, windows-blocked)", f"{work}/win", "windows",
     {"PATH": r"C:\Users\Bob\Tools\nodejs;C:\Windows\System32", **proxy}, f"{rec}/windows-blocked"),
    ("generated home (210 servers, Linux, proxy)", f"{work}/gen", "linux",
     {"PATH": f"{work}/gen/bin:/usr/bin:/bin", **proxy}, None),
]
worst = 0.0
for title, home, os_, env, replay in cases:
    env = {"HOME": "/nonexistent", **env}
    base = [binp, "check", "--home", home, "--os", os_, "--json"]
    cwd = f"{home}/proj" if os_ == "linux" else home
    off, on = pair(base + ["--no-platform"], base + (["--platform-replay", replay] if replay else []), env, cwd)
    worst = max(worst, on - off)
    print(f"{title:46} without {off:6.1f} ms  with {on:6.1f} ms  added {on - off:+6.1f} ms (median of {n})")

# The TLS check: 10 Claude Code entries on 10 loopback TLS servers presenting the corp chain.
import json, os, socket, ssl, threading
tls = f"{os.getcwd()}/testdata/tls"
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
with open(f"{work}/chain.pem", "w") as out:
    out.write(open(f"{tls}/leaf.pem").read() + open(f"{tls}/corp-ca.pem").read())
ctx.load_cert_chain(f"{work}/chain.pem", f"{tls}/leaf.key")
def serve(sock):
    while True:
        c, _ = sock.accept()
        def one(c=c):
            try:
                t = ctx.wrap_socket(c, server_side=True)
                if t.recv(4096):
                    t.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                t.close()
            except (OSError, ssl.SSLError):
                c.close()
        threading.Thread(target=one, daemon=True).start()
ports = []
for _ in range(10):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
    ports.append(s.getsockname()[1])
    threading.Thread(target=serve, args=(s,), daemon=True).start()
home, root = f"{work}/tls/alice", f"{work}/tls/root"
os.makedirs(home); os.makedirs(f"{root}/etc/ssl/certs")
open(f"{root}/etc/ssl/certs/ca-certificates.crt", "w").write(open(f"{tls}/corp-ca.pem").read())
json.dump({"mcpServers": {f"corp{i}": {"type": "http", "url": f"https://127.0.0.1:{p}/mcp"} for i, p in enumerate(ports)}},
          open(f"{home}/.claude.json", "w"))
base = [binp, "check", "--home", home, "--root", root, "--os", "linux", "--json", "--probe", "--timeout", "5"]
env = {"HOME": "/nonexistent", "PATH": "/usr/bin:/bin", "MCP_DOCTOR_NO_RUNTIMES": "1"}
check = subprocess.run(base, env=env, capture_output=True, text=True)
found = sum(f["rule"] == "tls-intercepted" for f in json.loads(check.stdout)["findings"])
if found != 10:
    sys.exit(f"expected 10 tls-intercepted findings, got {found}")
off, on = pair(base + ["--no-platform"], base, env, home)
worst = max(worst, on - off)
print(f"{'TLS check, check --probe (10 TLS servers)':46} without {off:6.1f} ms  with {on:6.1f} ms  added {on - off:+6.1f} ms (median of {n})")
print("target: under 100 ms added —", "met" if worst < 100 else "NOT met")
PY
