#!/usr/bin/env python3
"""Two builds of mcp-doctor on every fixture home of testdata/homes: `check` for each --os
(linux, macos, windows) in each format (--json, human, -v, markdown, sarif, --color always),
twice in a row (the second run reads the first's last-status file). Each build runs on a fresh
copy of the home at the same path (`{{HOME}}` in its files replaced, as the tests do); stdout, stderr and the exit code must be byte-identical.

Usage: bench/fixtures_ab.py BASE NEW   (exit 1 when any output differs)"""
import os, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture_home  # noqa: E402

base, new = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "homes")
work = tempfile.mkdtemp(prefix="mcp-doctor-fx-")
FORMATS = [["--json"], [], ["-v"], ["--format", "markdown"], ["--format", "sarif"],
           ["--color", "always"]]


def runs(binp, src):
    home = fixture_home.copy_home(src, os.path.join(work, "home"))
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    out = []
    for os_ in ("linux", "macos", "windows"):
        for rnd in (1, 2):
            for fmt in FORMATS:
                args = [binp, "check", "--home", home, "--os", os_, "--now",
                        "2026-11-22T10:00:00Z"] + fmt
                p = subprocess.run(args, cwd=home, env=env, capture_output=True, timeout=60)
                out.append(((os_, rnd, " ".join(fmt) or "human"), p.returncode, p.stdout, p.stderr))
    return out


bad = total = 0
try:
    for name in sorted(os.listdir(root)):
        a, b = runs(base, os.path.join(root, name)), runs(new, os.path.join(root, name))
        for x, y in zip(a, b):
            total += 1
            if x != y:
                bad += 1
                print(f"DIFFERENT: {name} {x[0]} (exit {x[1]} vs {y[1]}, {len(x[2])} vs {len(y[2])} bytes)")
    print(f"{total} outputs compared, {bad} different")
finally:
    shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if bad else 0)
