#!/usr/bin/env bash
# Regenerates scripts/bridge-order.txt: the functions a running `mcp-doctor bridge` executes, which
# the release link (build.rs, x86_64 Linux with rustc's LLD) places first and side by side, so the
# bridge's resident memory is those pages and not 64 KiB windows of code all over the binary
# (issue 17: under 5 MiB). Run it after a change of toolchain or dependencies (their symbol names
# change) or of the bridge, then `bench/bridge.sh` to see the effect.
#
# How: a release build that also writes the linker map; the bridge relaying sessions (start-up,
# `initialize`, calls, the client leaving; a remote server on loopback; a server killed and
# restarted) under valgrind's callgrind, which records every instruction executed; each address
# is looked up in the map, and the sections hit give the function names (as the linker sees them).
#
# usage: scripts/bridge-order.sh        (needs valgrind and python3; takes a release build)
#        BRIDGE_ORDER_MAP=FILE scripts/bridge-order.sh   (no build: the map of target/release's)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "bridge-order: valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mcp-doctor-order.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
if [ -n "${BRIDGE_ORDER_MAP:-}" ]; then
  # The map of the build in target/release already (written with MCP_DOCTOR_LINK_MAP=FILE).
  cp "$BRIDGE_ORDER_MAP" "$TMP/map"
else
  MCP_DOCTOR_LINK_MAP="$TMP/map" cargo build --release --quiet
fi
[ -s "$TMP/map" ] || { echo "bridge-order: no linker map (not x86_64 Linux with rustc's LLD?)" >&2; exit 2; }
BIN=$(realpath target/release/mcp-doctor)
python3 - "$BIN" "$TMP" <<'PY'
import bisect, json, os, re, signal, subprocess, sys, time
bin_path, tmp = sys.argv[1], sys.argv[2]

# lld's map: "VMA LMA Size Align Out In Symbol"; input sections are "file:(.text.NAME)".
secs = []
for line in open(os.path.join(tmp, "map")):
    m = re.match(r"\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+\s+\S*:\((\.text\.\S+)\)$", line)
    if m and int(m.group(2), 16):
        secs.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3)[len(".text."):]))
secs.sort()
starts = [s[0] for s in secs]
size_of = {s[2]: s[1] for s in secs}


def session(kind):
    """The functions (section names) the bridge executes in one session under callgrind: `stdio`
    (a server command), `restart` (the same, and the server killed midway) or `remote` (a
    Streamable HTTP server on loopback)."""
    fixture = [sys.executable, "-S", os.path.abspath("tests/fixtures/fixture_server.py")]
    pids = os.path.join(tmp, "pids")
    if os.path.exists(pids):
        os.remove(pids)
    http = None
    if kind == "remote":
        http = subprocess.Popen(fixture + ["--http", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        port = int(http.stdout.readline().split()[1])
        target = [f"http://127.0.0.1:{port}/mcp"]
    else:
        target = ["--"] + fixture + ["--pidfile", pids]
    env = dict(os.environ, MCP_DOCTOR_BRIDGE_LOG=os.path.join(tmp, "heal.jsonl"))
    out = os.path.join(tmp, "callgrind.out")
    p = subprocess.Popen(["valgrind", "--tool=callgrind", "--dump-instr=yes", "--compress-pos=no",
                          "--compress-strings=no", f"--callgrind-out-file={out}", bin_path,
                          "bridge", "--name", "order"] + target,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    next_id = [1]

    def request(method, params):
        i = next_id[0]
        next_id[0] += 1
        p.stdin.write((json.dumps({"jsonrpc": "2.0", "id": i, "method": method, "params": params}) + "\n").encode())
        p.stdin.flush()
        while True:
            line = p.stdout.readline()
            if not line:
                sys.exit("bridge-order: the bridge closed stdout")
            v = json.loads(line)
            if v.get("id") == i and "method" not in v:
                return v

    request("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                           "clientInfo": {"name": "order", "version": "0"}})
    p.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
    p.stdin.flush()
    request("tools/list", {})
    for _ in range(50):
        request("tools/call", {"name": "tool0", "arguments": {}})
    if kind == "remote":
        # What runs beside the calls (the server's stream, its reconnects) has time to run too.
        time.sleep(3)
        for _ in range(20):
            request("tools/call", {"name": "tool0", "arguments": {}})
    if kind == "restart":
        # The server dies: the bridge restarts it and replays the handshake.
        os.kill(int(open(pids).read().split()[0]), signal.SIGKILL)
        time.sleep(2)
        for _ in range(20):
            if "result" in request("tools/call", {"name": "tool0", "arguments": {}}):
                break
            time.sleep(0.5)
        for _ in range(20):
            request("tools/call", {"name": "tool0", "arguments": {}})
    p.stdin.close()
    p.wait(timeout=60)
    if http:
        http.kill()
        http.wait()
    # Every instruction address executed in the binary (callgrind names its object "???" where it
    # found no symbol; the map's ranges keep only the binary's own code).
    names, in_bin = set(), False
    for line in open(out, errors="replace"):
        if line.startswith("ob="):
            ob = line[3:].strip()
            in_bin = ob == "???" or os.path.realpath(ob) == bin_path
        elif in_bin and line.startswith("0x"):
            a = int(line.split()[0], 16)
            i = bisect.bisect_right(starts, a) - 1
            if i >= 0 and a < secs[i][0] + secs[i][1]:
                names.add(secs[i][2])
    return names


# What a stdio session runs (start-up, relaying, exit) first, then what a remote one adds, then
# what only a restart adds: the linker keeps the file's order, so each part stays dense.
stdio = session("stdio")
remote = session("remote") - stdio
healing = session("restart") - stdio - remote
if len(stdio) < 100 or len(remote) < 50:
    sys.exit(f"bridge-order: only {len(stdio)} + {len(remote)} functions found; not writing the list")
with open("scripts/bridge-order.txt", "w") as f:
    f.write("# Written by scripts/bridge-order.sh: the functions a running `mcp-doctor bridge` executes.\n")
    f.write("".join(n + "\n" for n in sorted(stdio)))
    f.write("# remote\n")
    f.write("".join(n + "\n" for n in sorted(remote)))
    f.write("# after a restart\n")
    f.write("".join(n + "\n" for n in sorted(healing)))
kib = lambda ns: sum(size_of[n] for n in ns) / 1024
print(f"bridge-order: {len(stdio)} functions ({kib(stdio):.0f} KiB of code) in a stdio session, "
      f"{len(remote)} more ({kib(remote):.0f} KiB) in a remote one, {len(healing)} more "
      f"({kib(healing):.0f} KiB) for a restart; wrote scripts/bridge-order.txt")
PY
echo "bridge-order: now \`cargo build --release\` (links with the new list) and bench/bridge.sh"
