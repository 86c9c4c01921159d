#!/usr/bin/env python3
"""Two builds of mcp-doctor on what bench/fixtures_ab.py does not run: `logs` (every fixture home
for each --os, and `logs --file` on each log of testdata/logs), `fix --dry-run` (every fixture
home for each --os, plain and with --absolute-paths) and `probe` / `check --probe` (a home whose
servers are the fixture server in its failure modes, a missing command, a disabled entry and a
refused URL), each in every format (--json, human, -v, markdown, sarif, --color always).
stdout, stderr and the exit code must be byte-identical, except the probes' timings (`*_ms`
values and `N ms` in text), which are masked.

Usage: bench/commands_ab.py BASE NEW   (exit 1 when any output differs)"""
import json, os, re, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture_home  # noqa: E402

base, new = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
repo = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
homes = os.path.join(repo, "testdata", "homes")
work = tempfile.mkdtemp(prefix="mcp-doctor-cmd-")
FORMATS = [["--json"], [], ["-v"], ["--format", "markdown"], ["--format", "sarif"],
           ["--color", "always"]]
NOW = ["--now", "2026-11-22T10:00:00Z"]
TIMING = [(re.compile(rb'"([a-z_]*_ms)": ?\d+'), rb'"\1": 0'),
          (re.compile(rb'\d+(\.\d+)? ?ms\b'), rb'N ms'),
          (re.compile(rb'\d+\.\d s\b'), rb'N s')]


def copy_home(src):
    return fixture_home.copy_home(src, os.path.join(work, "home"))


def probe_home(home):
    py = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else shutil.which("python3")
    fx = os.path.join(os.path.realpath(repo), "tests", "fixtures", "fixture_server.py")
    def srv(*args):
        return {"command": py, "args": ["-S", fx, *args], "env": {"API_KEY": "sk-live-abcdef0123456789"}}
    servers = {
        "good": srv(), "crash": srv("--crash"), "noise": srv("--garbage", "before"),
        "banner": srv("--secret-banner"), "killed": srv("--sigkill"), "oom": srv("--heap-oom"),
        "hang": srv("--hang"),
        "missing": {"command": "/nonexistent/bin/server"},
        "off": dict(srv(), disabled=True),
        "refused": {"url": "http://127.0.0.1:9/mcp", "headers": {"Authorization": "Bearer abcdefgh12345678"}},
    }
    os.makedirs(os.path.join(home, ".cursor"))
    json.dump({"mcpServers": servers}, open(os.path.join(home, ".cursor", "mcp.json"), "w"))


def logs_home(home):
    """Claude Desktop's per-server logs (macOS) made of corpus logs, one server each."""
    corpus = os.path.join(repo, "testdata", "corpus")
    d = os.path.join(home, "Library", "Logs", "Claude")
    os.makedirs(d)
    for n, c in enumerate(sorted(os.listdir(corpus))[:60]):
        p = os.path.join(corpus, c, "log.txt")
        if os.path.exists(p):
            shutil.copy(p, os.path.join(d, f"mcp-server-c{n:03}.log"))
            os.utime(os.path.join(d, f"mcp-server-c{n:03}.log"), (1795341600, 1795341600))


def run(binp, args, home, mask=False):
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    p = subprocess.run([binp] + args, cwd=home, env=env, capture_output=True, timeout=120)
    out, err = p.stdout, p.stderr
    if mask:
        for rx, to in TIMING:
            out, err = rx.sub(to, out), rx.sub(to, err)
    return p.returncode, out, err


def cases():
    for name in sorted(os.listdir(homes)):
        for os_ in ("linux", "macos", "windows"):
            for fmt in FORMATS:
                yield (name, f"logs {os_} {' '.join(fmt)}", os.path.join(homes, name),
                       ["logs", "--os", os_, "--since", "30d"] + NOW + fmt, False)
                for extra in ([], ["--absolute-paths"]):
                    yield (name, f"fix {os_} {' '.join(extra + fmt)}", os.path.join(homes, name),
                           ["fix", "--dry-run", "--os", os_] + extra + NOW + fmt, False)
    logs = []
    for sub in ("logs", "hostile", "emitters"):
        for d, _, files in os.walk(os.path.join(repo, "testdata", sub)):
            logs += [os.path.join(os.path.realpath(d), f) for f in sorted(files)
                     if f.endswith((".log", ".txt", ".jsonl")) or d.endswith("log")]
    corpus = os.path.join(os.path.realpath(repo), "testdata", "corpus")
    logs += [os.path.join(corpus, c, "log.txt") for c in sorted(os.listdir(corpus))[::4]
             if os.path.exists(os.path.join(corpus, c, "log.txt"))]
    for f in logs:
        for fmt in FORMATS:
            yield (os.path.basename(os.path.dirname(f)) + "/" + os.path.basename(f),
                   f"logs --file {' '.join(fmt)}", None, ["logs", "--file", f] + NOW + fmt, False)
    for fmt in FORMATS:
        for narrow in ([], ["--server", "c017"], ["--client", "claude-desktop"]):
            yield ("logs-home", f"logs {' '.join(narrow + fmt)}", "LOGS",
                   ["logs", "--os", "macos", "--since", "30d"] + narrow + NOW + fmt, False)
    for fmt in FORMATS:
        for cmd in (["probe"], ["check", "--probe"]):
            yield ("probe-home", f"{' '.join(cmd)} {' '.join(fmt)}", "PROBE",
                   cmd + ["--os", "linux", "--timeout", "3"] + NOW + fmt, True)


bad = total = 0
try:
    for name, what, src, args, mask in cases():
        outs = []
        for b in (base, new):
            if src == "PROBE":
                home = copy_home(None)
                probe_home(home)
            elif src == "LOGS":
                home = copy_home(None)
                logs_home(home)
            else:
                home = copy_home(src)
            args2 = [a if a != "HOME" else home for a in args]
            outs.append(run(b, args2 + ["--home", home], home, mask))
        total += 1
        if outs[0] != outs[1]:
            bad += 1
            print(f"DIFFERENT: {name} {what} (exit {outs[0][0]} vs {outs[1][0]}, "
                  f"{len(outs[0][1])} vs {len(outs[1][1])} bytes)")
            if os.environ.get("AB_SHOW"):
                import difflib
                for l in difflib.unified_diff(outs[0][1].decode(errors="replace").splitlines(),
                                              outs[1][1].decode(errors="replace").splitlines(), lineterm="", n=1):
                    print("   ", l[:300])
    print(f"{total} outputs compared, {bad} different")
finally:
    shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if bad else 0)
