#!/usr/bin/env bash
# Benchmark of the runtime-version step of `mcp-doctor check` (issue 4): a generated Linux home
# with 20 stdio servers (npx, node, python3, uvx) sharing 4 fake interpreters, and an npx cache of
# 300 other packages (scripts that print
# a version, like the tests' ones, and log each run). Runs `check --json` N times with the step
# and N times without it (MCP_DOCTOR_NO_RUNTIMES=1), in alternation, and reports both medians,
# their difference, and how many times each interpreter ran per check.
# Usage: bench/runtime.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-30}
cargo build --release --quiet
BIN=$PWD/target/release/mcp-doctor
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
python3 - "$BIN" "$DIR" "$N" <<'PY'
import json, os, statistics, subprocess, sys, time
binp, base, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
home = os.path.join(base, "home")
runlog = os.path.join(base, "runs.log")
def write(rel, text, mode=0o644):
    p = os.path.join(home, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)
    os.chmod(p, mode)
def interp(rel, version):
    write(rel, f'#!/bin/sh\n[ -n "$RUNLOG" ] && echo "$0" >> "$RUNLOG"\necho \'{version}\'\n', 0o755)
# The 4 interpreters: two Nodes, two Pythons.
interp(".nvm/versions/node/v18.20.4/bin/node", "v18.20.4")
interp(".nvm/versions/node/v22.12.0/bin/node", "v22.12.0")
interp(".pyenv/versions/3.9.18/bin/python3", "Python 3.9.18")
interp(".pyenv/versions/3.12.7/bin/python3", "Python 3.12.7")
write(".nvm/versions/node/v18.20.4/bin/npx", "#!/usr/bin/env node\n", 0o755)
write(".local/bin/uvx", "#!/bin/sh\n", 0o755)
servers = {}
for i in range(20):
    kind = i % 4
    name = f"srv{i:02d}"
    if kind == 0:
        pkg = f"@bench/server-{i}"
        npx = f".npm/_npx/{i:016x}"
        write(f"{npx}/package.json", json.dumps({"_npx": {"packages": [pkg]}}))
        write(f"{npx}/node_modules/{pkg}/package.json", json.dumps({"name": pkg, "engines": {"node": ">=20"}, "dependencies": {"dep": "*"}}))
        write(f"{npx}/node_modules/dep/package.json", json.dumps({"name": "dep", "engines": {"node": "^18 || >=20"}}))
        servers[name] = {"command": "npx", "args": ["-y", pkg]}
    elif kind == 1:
        write(f"proj/{name}/package.json", json.dumps({"name": name, "engines": {"node": ">=18"}}))
        write(f"proj/{name}/build/index.js", "")
        servers[name] = {"command": "node", "args": [f"{home}/proj/{name}/build/index.js"]}
    elif kind == 2:
        write(f"proj/{name}/pyproject.toml", f'[project]\nname = "{name}"\nrequires-python = ">=3.10"\n')
        write(f"proj/{name}/server.py", "")
        servers[name] = {"command": "python3", "args": [f"{home}/proj/{name}/server.py"]}
    else:
        servers[name] = {"command": "uvx", "args": [f"mcp-server-{i}"]}
# A well-used npx cache: 300 entries of other packages, which every npx server's lookup passes
# over (listed and read once per run).
for j in range(300):
    other = f"@other/tool-{j}"
    write(f".npm/_npx/{j + 1000:016x}/package.json", json.dumps({"_npx": {"packages": [other]}}))
    write(f".npm/_npx/{j + 1000:016x}/node_modules/{other}/package.json", json.dumps({"name": other}))
write(".claude.json", json.dumps({"mcpServers": servers}, indent=2))
path = f"{home}/.nvm/versions/node/v18.20.4/bin:{home}/.pyenv/versions/3.9.18/bin:{home}/.local/bin:/usr/bin:/bin"
root = os.path.join(base, "root")
os.makedirs(root)
env = {"PATH": path, "HOME": "/nonexistent", "RUNLOG": runlog}
args = [binp, "--home", home, "--root", root, "--os", "linux", "check", "--json"]
def once(extra):
    e = dict(env, **extra)
    t = time.perf_counter()
    p = subprocess.run(args, cwd=home, env=e, capture_output=True)
    ms = (time.perf_counter() - t) * 1000
    if p.returncode not in (0, 1):
        sys.exit(f"exit {p.returncode}: {p.stderr.decode()}")
    return ms, p.stdout
# One checked run: what it found and how often each interpreter ran.
if os.path.exists(runlog):
    os.remove(runlog)
_, out = once({})
r = json.loads(out)
runs = open(runlog).read().split()
used = [rt for rt in r["host"]["runtimes"] if rt.get("used_by")]
print(f"home: {len(r['servers'])} servers, {len(r['host']['runtimes'])} interpreters found, {len(used)} used by servers")
print(f"one check ran {len(runs)} interpreter(s), {len(set(runs))} distinct: " + ("each once" if len(runs) == len(set(runs)) else "SOME TWICE"))
with_s, without = [], []
for _ in range(n):
    with_s.append(once({})[0])
    without.append(once({"MCP_DOCTOR_NO_RUNTIMES": "1"})[0])
a, b = statistics.median(with_s), statistics.median(without)
print(f"check --json without the runtime step: median {b:.1f} ms (min {min(without):.1f})")
print(f"check --json with the runtime step:    median {a:.1f} ms (min {min(with_s):.1f})")
print(f"added by the runtime step: {a - b:.1f} ms (ratio {a / b:.2f}x); target under 100 ms:", "met" if a - b < 100 else "NOT met")
PY
